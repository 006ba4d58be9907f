//! The precondition evaluator: RFC 9110 §13.2.2, step by step.

use std::time::SystemTime;

use super::condition::{Condition, MethodKind};
use super::decision::Decision;
use super::fields::{ConditionalHeaders, Field};
use super::tag_list::TagList;
use crate::validators::entity_tag::{EntityTag, TagRef};
use crate::validators::http_date::HttpDate;

/// What the server knows of the target resource when it evaluates preconditions.
#[derive(Debug, Clone, Copy)]
pub struct Resource<'a> {
    exists: bool,
    etag: Option<&'a EntityTag>,
    last_modified: Option<HttpDate>,
    codings: &'a [&'a str],
}

impl<'a> Resource<'a> {
    /// The resource has no current representation (a PUT would create it).
    pub fn missing() -> Self {
        Self {
            exists: false,
            etag: None,
            last_modified: None,
            codings: &[],
        }
    }

    /// The resource has a current representation with these validators; either may be unknown.
    pub fn current(etag: Option<&'a EntityTag>, last_modified: Option<SystemTime>) -> Self {
        Self {
            exists: true,
            etag,
            last_modified: last_modified.map(HttpDate::from),
            codings: &[],
        }
    }

    /// The content codings this server can send (`"gzip"`, `"br"`, ...). A strong tag is sent in a form per
    /// coding (`"v3+gzip"` for the gzip bytes of the state `"v3"`, RFC 9110 §8.8.3.3), and each form names the
    /// same state: a write guarded by either passes while the state is current. A suffix that names no coding
    /// given here is part of the tag, so that `"v3+br"` guards nothing where brotli is never sent.
    ///
    /// ```
    /// use etag_runtime::EntityTag;
    /// use etag_runtime::preconditions::{Condition, ConditionalHeaders, Decision, MethodKind, Resource};
    ///
    /// let current = EntityTag::strong("v3").unwrap();
    /// let gzip_form = ConditionalHeaders::from_fields([(Condition::IfMatch, &br#""v3+gzip""#[..])]);
    /// let with_gzip = Resource::current(Some(&current), None).with_codings(&["gzip"]);
    /// assert_eq!(gzip_form.evaluate(MethodKind::Other, &with_gzip), Decision::Proceed);
    /// let identity_only = Resource::current(Some(&current), None);
    /// assert_eq!(gzip_form.evaluate(MethodKind::Other, &identity_only).status(), Some(412));
    /// ```
    pub fn with_codings(mut self, codings: &'a [&'a str]) -> Self {
        self.codings = codings;
        self
    }

    /// Whether the resource has a current representation.
    pub fn exists(&self) -> bool {
        self.exists
    }
}

/// Extra rules a handler may opt into.
#[derive(Debug, Clone, Copy, Default)]
pub struct Policy {
    /// Answer 428 Precondition Required (RFC 6585 §3) to an unsafe request that carries no precondition,
    /// so that no client can overwrite a resource without having seen it.
    pub require_precondition: bool,
}

impl ConditionalHeaders<'_> {
    /// Evaluates the preconditions for `method` against `resource`, in the order of RFC 9110 §13.2.2.
    ///
    /// Call it only when the response without preconditions would be 2xx or 412: a 404 or an error
    /// passes by untouched (RFC 9110 §13.2.1).
    /// `method` is a [`MethodKind`], or with the `actix` feature an actix-web `&Method`.
    pub fn evaluate(&self, method: impl Into<MethodKind>, resource: &Resource<'_>) -> Decision {
        self.evaluate_with(method, resource, Policy::default())
    }

    /// As [`ConditionalHeaders::evaluate`], with the extra rules of `policy`.
    pub fn evaluate_with(&self, method: impl Into<MethodKind>, resource: &Resource<'_>, policy: Policy) -> Decision {
        let read = match method.into() {
            // RFC 9110 §13.2.1: methods that neither select nor modify a representation ignore preconditions.
            MethodKind::Exempt => return Decision::Proceed,
            MethodKind::GetOrHead => true,
            MethodKind::Other => false,
        };
        if policy.require_precondition && !read && !self.guards_write() {
            return Decision::PreconditionRequired;
        }
        self.step_one_or_two(resource)
            .or_else(|| self.step_three_or_four(read, resource))
            .unwrap_or(Decision::Proceed)
    }

    /// Steps 1 and 2: If-Match, or when it is absent, If-Unmodified-Since.
    fn step_one_or_two(&self, resource: &Resource<'_>) -> Option<Decision> {
        match &self.if_match {
            Field::Malformed(error) => Some(Decision::Malformed(Condition::IfMatch, *error)),
            Field::Present(list) if if_match_holds(list, resource) => None,
            Field::Present(_) => Some(Decision::PreconditionFailed(Condition::IfMatch)),
            Field::Absent => {
                let since = self.if_unmodified_since?;
                let modified_after = resource.last_modified? > since;
                modified_after.then_some(Decision::PreconditionFailed(Condition::IfUnmodifiedSince))
            }
        }
    }

    /// Steps 3 and 4: If-None-Match, or when it is absent and the method is GET or HEAD, If-Modified-Since.
    fn step_three_or_four(&self, read: bool, resource: &Resource<'_>) -> Option<Decision> {
        match &self.if_none_match {
            // A malformed list on GET/HEAD is ignored, and still disables If-Modified-Since (§13.1.3): the client
            // asked for tag validation, so no date may stand in for it.
            Field::Malformed(_) if read => None,
            Field::Malformed(error) => Some(Decision::Malformed(Condition::IfNoneMatch, *error)),
            Field::Present(list) if if_none_match_holds(list, resource, read) => None,
            Field::Present(_) if read => Some(Decision::NotModified),
            Field::Present(_) => Some(Decision::PreconditionFailed(Condition::IfNoneMatch)),
            Field::Absent if !read => None,
            Field::Absent => {
                let since = self.if_modified_since?;
                let unmodified = resource.last_modified? <= since;
                unmodified.then_some(Decision::NotModified)
            }
        }
    }
}

/// RFC 9110 §13.1.1: `*` holds for any current representation; a list needs a strong match. A write is guarded by
/// the resource's state, so any content-coding form of the current tag matches (see `validators/coding.rs`).
fn if_match_holds(list: &TagList<'_>, resource: &Resource<'_>) -> bool {
    match (list, resource.etag) {
        (TagList::Any, _) => resource.exists,
        (TagList::One(_) | TagList::Tags(_), Some(current)) if resource.exists => {
            let current = current.as_ref().state(resource.codings);
            list.any_tag(|tag| tag.state(resource.codings).strong_eq(current))
        }
        (TagList::One(_) | TagList::Tags(_), _) => false,
    }
}

/// RFC 9110 §13.1.2: `*` fails for any current representation; a list fails on a weak match.
fn if_none_match_holds(list: &TagList<'_>, resource: &Resource<'_>, read: bool) -> bool {
    match (list, resource.etag) {
        (TagList::Any, _) => !resource.exists,
        (TagList::One(_) | TagList::Tags(_), Some(current)) if resource.exists => {
            !list.any_tag(|tag| same_representation(tag, current.as_ref(), read, resource.codings))
        }
        (TagList::One(_) | TagList::Tags(_), _) => true,
    }
}

/// RFC 9110 §13.1.2 uses weak comparison. A GET or HEAD asks about the representation it would receive, so the
/// tag must name that very coding form; other methods ask about the resource's state, whatever the coding.
fn same_representation(tag: TagRef<'_>, current: TagRef<'_>, read: bool, codings: &[&str]) -> bool {
    if read {
        tag.weak_eq(current)
    } else {
        tag.state(codings).weak_eq(current.state(codings))
    }
}
