//! Guarded writes: the `Precondition` a handler checks inside its transaction. The rules live here once; each
//! framework adapter only reads a request into it (on actix-web a `FromRequest`, on axum a `FromRequestParts`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

use crate::facets::with_release;
use crate::preconditions::requirement::Requirement;
use crate::preconditions::{Condition, ConditionalHeaders, Decision, MethodKind, Resource};
use crate::responses::{Outcome, Rejected, Report};
use crate::validators::{ETag, EntityTag};

/// The request's preconditions, to be checked against the resource's current state inside the same
/// transaction or lock as the write, so that no other write can slip in between (no lost update).
///
/// It guards nothing until a `check` runs. When the last clone of a write's `Precondition` is dropped with none
/// of them checked and the request carried a precondition, an error event names the route ([a check that never
/// runs](crate::guide::writes#a-check-that-never-runs)).
///
/// # Which writes must be conditional
///
/// By default a write to a resource that exists must carry a precondition (If-Match, If-None-Match or
/// If-Unmodified-Since): one that carries none is refused with 428 Precondition Required (RFC 6585 §3), since
/// it would overwrite a state its client may never have seen. Two kinds of write need none and pass without:
///
/// - a write to a resource that does not exist yet (`check(None)`): nothing can be lost;
/// - POST, which adds to what its target holds (a new member of a collection, a comment, an action) rather
///   than replacing it.
///
/// [`Precondition::required`] refuses every unconditional write, POST and creation included;
/// [`Precondition::optional`] lets every one through, for a route whose writes cannot lose anything (a counter
/// incremented in the database, say).
///
#[cfg_attr(feature = "actix", doc = include_str!("docs/precondition_on_actix.md"))]
#[derive(Debug, Clone)]
pub struct Precondition {
    /// The request's method, as sent.
    method: Box<str>,
    kind: MethodKind,
    /// The conditional fields' lines, as sent, in order.
    fields: Vec<(Condition, Box<[u8]>)>,
    requirement: Requirement,
    /// The matched route's pattern, such as `/users/{id}`, for what is reported of each check.
    route: Option<String>,
    /// The codings whose `+coding` forms of a strong tag name the same state (RFC 9110 §8.8.3.3): those the
    /// adapter's compression can apply.
    codings: &'static [&'static str],
    /// Whether any clone has been checked, shared by the clones: see [`Unchecked`].
    checked: Arc<Unchecked>,
}

/// A request as an adapter reads it for a [`Precondition`].
pub(crate) struct WriteRequest<'r, L> {
    /// The method, as sent.
    pub method: &'r str,
    pub kind: MethodKind,
    /// Each line of the four conditional fields, in the order sent.
    pub lines: L,
    /// The matched route's pattern; called only where a report will use it.
    pub route: &'r dyn Fn() -> Option<String>,
    /// The codings the adapter's compression can apply.
    pub codings: &'static [&'static str],
}

/// Tells the operator, when the last clone of a write's `Precondition` goes, that none was checked although the
/// request carried a precondition: nothing evaluated it, so if the handler wrote, the write was not guarded
/// (RFC 9110 §13.1.1). The check cannot come sooner: the users example checks one clone without a lock and
/// another under it, and a drop comes after the handler has answered. A handler that answers before it checks
/// (a 404, a 422) reports it too; the event says the write was unguarded only if one was made.
#[derive(Debug)]
struct Unchecked {
    done: AtomicBool,
    /// The write's method and route, where it carried a precondition field; `None` for a read or a write that
    /// carried none, which report nothing.
    guarded_write: Option<(Box<str>, Option<String>)>,
}

impl Drop for Unchecked {
    fn drop(&mut self) {
        let Some((method, route)) = &self.guarded_write else {
            return;
        };
        if !self.done.load(Ordering::Relaxed) {
            tracing::error!(
                target: "etag_runtime",
                method = %method,
                route = %route.as_deref().unwrap_or("-"),
                fix = "call `check` (or `check_unless_in_place`, `check_validators`) inside the write's transaction",
                "a write's Precondition was dropped without a check: its precondition was never evaluated, so if \
                 the handler wrote, nothing guarded the write",
            );
        }
    }
}

/// What [`Precondition::check_unless_in_place`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// The preconditions hold: make the change.
    Apply,
    /// They failed, but the change is already in place: write nothing, and answer 2xx (RFC 9110 §13.1.1).
    InPlace,
}

impl Precondition {
    /// The preconditions of `request`, by default required of writes to existing resources.
    pub(crate) fn read<'l, L>(request: WriteRequest<'_, L>) -> Self
    where
        L: Iterator<Item = (Condition, &'l [u8])>,
    {
        let fields: Vec<(Condition, Box<[u8]>)> = request
            .lines
            .map(|(condition, line)| (condition, line.into()))
            .collect();
        let guarded_write = request.kind == MethodKind::Other && conditional_headers(&fields).guards_write();
        // Looked up only when a report will use it: writes pay nothing for it when nobody listens.
        let route = (guarded_write || crate::responses::wanted())
            .then(request.route)
            .flatten();
        let checked = Arc::new(Unchecked {
            done: AtomicBool::new(false),
            guarded_write: guarded_write.then(|| (request.method.into(), route.clone())),
        });
        Precondition {
            method: request.method.into(),
            kind: request.kind,
            fields,
            requirement: Requirement::ToExisting,
            route,
            codings: request.codings,
            checked,
        }
    }

    /// Refuse, with 428 Precondition Required (RFC 6585 §3), every write that carries no precondition: POST and
    /// writes that create included.
    pub fn required(mut self) -> Self {
        self.requirement = Requirement::Always;
        self
    }

    /// Let writes without a precondition through, for a route whose writes lose nothing without one. By default
    /// a write other than POST to an existing resource must carry one (see [which writes must be
    /// conditional](Precondition#which-writes-must-be-conditional)).
    pub fn optional(mut self) -> Self {
        self.requirement = Requirement::Never;
        self
    }

    /// Evaluates the preconditions against `current` (`None`: the resource does not exist).
    pub fn check<T: ETag + ?Sized>(&self, current: Option<&T>) -> Result<(), Rejected> {
        // No change is ever in place here, so every failure is answered.
        self.check_unless_in_place(current, |_| false).map(drop)
    }

    /// As [`Precondition::check`], but a write whose change is already in place succeeds: where If-Match or
    /// If-Unmodified-Since fails against an existing `current` and `in_place(current)` says the request's change
    /// has already been applied (a PUT whose body is the current state, a merge PATCH whose members already hold
    /// those values), this answers [`Checked::InPlace`] instead of a 412, as RFC 9110 §13.1.1 and §13.1.4 allow.
    /// The handler then writes nothing and answers 2xx, so that a client that retries a write whose answer it
    /// lost, with the tag it sent the first time, succeeds without applying the change twice.
    ///
    /// `in_place` is asked only for such a failure: a 428, a 400, an If-None-Match failure or a missing
    /// resource are answered as [`Precondition::check`] answers them.
    ///
    #[cfg_attr(feature = "actix", doc = include_str!("docs/in_place_on_actix.md"))]
    pub fn check_unless_in_place<T: ETag + ?Sized>(
        &self,
        current: Option<&T>,
        in_place: impl FnOnce(&T) -> bool,
    ) -> Result<Checked, Rejected> {
        // A model's tag as a GET sends it (identity coding), with the release, which the state comparison
        // ignores and a 412 names.
        let etag = current.map(|model| with_release(model.etag()));
        let last_modified = current.and_then(ETag::last_modified);
        let (_, outcome) = self.decide(current.is_some(), etag.as_ref(), last_modified);
        let Err(rejected) = outcome else {
            self.report(Decision::Proceed, etag.as_ref());
            return Ok(Checked::Apply);
        };
        let guard_failed = matches!(
            rejected.decision(),
            Decision::PreconditionFailed(Condition::IfMatch | Condition::IfUnmodifiedSince)
        );
        // What is reported is what is answered: a change in place goes on as a write that passed.
        match current {
            Some(current) if guard_failed && in_place(current) => {
                self.report(Decision::Proceed, etag.as_ref());
                Ok(Checked::InPlace)
            }
            _ => {
                self.report(rejected.decision(), etag.as_ref());
                Err(rejected)
            }
        }
    }

    /// As [`Precondition::check`], for a resource described by its validators rather than by a model. A 412
    /// names `etag` as it is given: a model's tag gets the release where [`Precondition::check`] is used, a
    /// hashed one (which carries none) stays as the GET sends it.
    pub fn check_validators(
        &self,
        exists: bool,
        etag: Option<&EntityTag>,
        last_modified: Option<SystemTime>,
    ) -> Result<(), Rejected> {
        let (decision, outcome) = self.decide(exists, etag, last_modified);
        self.report(decision, etag);
        outcome
    }

    /// The decision for a resource with these validators, and the rejection it makes, if any.
    fn decide(
        &self,
        exists: bool,
        etag: Option<&EntityTag>,
        last_modified: Option<SystemTime>,
    ) -> (Decision, Result<(), Rejected>) {
        self.checked.done.store(true, Ordering::Relaxed);
        let fields = conditional_headers(&self.fields);
        let policy = self.requirement.policy(&*self.method == "POST", exists);
        let resource = match exists {
            true => Resource::current(etag, last_modified),
            false => Resource::missing(),
        };
        let resource = resource.with_codings(self.codings);
        let decision = fields.evaluate_with(self.kind, &resource, policy);
        if decision == Decision::Proceed {
            return (decision, Ok(()));
        }
        // Only a rejection carries the current validators: a write that may go on copies nothing.
        let current = exists.then(|| (etag.cloned(), last_modified));
        let outcome = Rejected::new(decision, fields.if_match_only_weak(), current).map_or(Ok(()), Err);
        (decision, outcome)
    }
}

impl Precondition {
    fn report(&self, decision: Decision, etag: Option<&EntityTag>) {
        let outcome = Outcome::of(decision, self.kind.is_get_or_head());
        let report = Report {
            method: &self.method,
            outcome,
            status: decision.status(),
            tag: etag,
            bytes_not_sent: None,
        };
        report.emit(|| self.route.clone());
    }
}

/// The request's conditional fields, read from the lines a `Precondition` keeps.
fn conditional_headers(fields: &[(Condition, Box<[u8]>)]) -> ConditionalHeaders<'_> {
    ConditionalHeaders::from_fields(fields.iter().map(|(condition, line)| (*condition, &**line)))
}
