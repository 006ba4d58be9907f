//! A request its preconditions stopped: the error a guarded write returns, which each adapter answers as
//! problem+json.

use std::fmt;
use std::time::SystemTime;

use super::problem::Problem;
use crate::preconditions::Decision;
use crate::preconditions::failed_detail::{Known, failed_detail};
use crate::validators::entity_tag::EntityTag;

/// A request stopped by its preconditions: 412, 400 or 428 with a problem+json body (304 with the ETag and
/// Last-Modified it was decided on, if used on a GET).
///
/// [`Precondition::check`](crate::Precondition::check) makes it, with the resource's current validators; a
/// handler that evaluates [`ConditionalHeaders`](crate::preconditions::ConditionalHeaders) itself makes one from
/// its decision, which may fail: [`Decision::Proceed`] stops nothing.
///
/// ```
/// use etag_runtime::responses::Rejected;
/// use etag_runtime::preconditions::{Condition, Decision};
///
/// let rejected = Rejected::try_from(Decision::PreconditionFailed(Condition::IfMatch)).unwrap();
/// assert_eq!(rejected.status(), 412);
/// assert_eq!(rejected.decision(), Decision::PreconditionFailed(Condition::IfMatch));
/// assert!(Rejected::try_from(Decision::Proceed).is_err());
/// ```
///
/// It is a `std::error::Error`, and an error of each framework adapter (on actix-web, a `ResponseError`), and
/// converts into [`Problem`], so `?` carries it into a handler's `Result<_, Problem>`, a framework's own error
/// type or an application's own error type with a `From<Problem>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    decision: Decision,
    /// If-Match listed only weak tags, which never match: the problem says why, since the client can do
    /// nothing with "the resource changed" when it did not.
    weak_if_match: bool,
    /// The resource's current tag and date where it exists and they are known.
    current: Option<(Option<EntityTag>, Option<SystemTime>)>,
    /// Whether a check against the resource made this rejection, so that `current` says whether it exists; not
    /// for one made from a bare decision.
    checked: bool,
}

impl Rejected {
    /// The rejection `decision` stands for, `None` for [`Decision::Proceed`]; `current` holds the resource's
    /// validators where it exists.
    pub(crate) fn new(
        decision: Decision,
        weak_if_match: bool,
        current: Option<(Option<EntityTag>, Option<SystemTime>)>,
    ) -> Option<Self> {
        (decision != Decision::Proceed).then_some(Rejected {
            decision,
            weak_if_match,
            current,
            checked: true,
        })
    }

    /// What the evaluation decided: [`Decision::PreconditionFailed`], [`Decision::Malformed`],
    /// [`Decision::PreconditionRequired`], or [`Decision::NotModified`] for a GET; never
    /// [`Decision::Proceed`].
    pub fn decision(&self) -> Decision {
        self.decision
    }

    /// The resource's current entity tag, where it exists and has one: what a client would send in If-Match
    /// to write over the state that won.
    pub fn current_etag(&self) -> Option<&EntityTag> {
        self.current.as_ref()?.0.as_ref()
    }

    /// The resource's current modification date, where it exists and has one.
    pub fn current_last_modified(&self) -> Option<SystemTime> {
        self.current.as_ref()?.1
    }

    /// Whether the resource existed when the preconditions were checked.
    pub fn resource_exists(&self) -> bool {
        self.current.is_some()
    }

    /// The problem this rejection answers with (`None` only for a 304). A 412 from
    /// [`Precondition::check`](crate::Precondition::check) names the state that won: the resource's current
    /// entity tag and modification date, in its body and as the response's ETag and Last-Modified, so that a
    /// client can rebase without a GET; or says that the resource does not exist.
    pub fn problem(&self) -> Option<Problem> {
        let problem = Problem::of_decision(self.decision)?;
        let Decision::PreconditionFailed(condition) = self.decision else {
            return Some(problem);
        };
        let known = match &self.current {
            Some((etag, _)) => Known::Exists(etag.as_ref()),
            None if self.checked => Known::Missing,
            None => Known::Nothing,
        };
        let problem = problem.with_detail(failed_detail(condition, self.weak_if_match, known));
        Some(match &self.current {
            Some((etag, last_modified)) => problem.with_current(etag.as_ref(), *last_modified),
            None => problem,
        })
    }
}

/// The decision is [`Decision::Proceed`], which stops nothing and so makes no [`Rejected`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotRejected;

impl fmt::Display for NotRejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the preconditions hold (Decision::Proceed), so nothing was rejected")
    }
}

impl std::error::Error for NotRejected {}

/// A rejection for `decision`, as a handler that evaluates preconditions itself would make one; it knows no
/// current validators.
impl TryFrom<Decision> for Rejected {
    type Error = NotRejected;

    fn try_from(decision: Decision) -> Result<Self, NotRejected> {
        let mut rejected = Rejected::new(decision, false, None).ok_or(NotRejected)?;
        rejected.checked = false;
        Ok(rejected)
    }
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problem() {
            Some(problem) => problem.fmt(f),
            None => write!(f, "{:?}", self.decision),
        }
    }
}

impl std::error::Error for Rejected {}

/// The problem+json a rejection answers with, for handlers whose error type is [`Problem`]; for a 304, a
/// `Problem` that answers with the validators it was decided on and no body.
impl From<Rejected> for Problem {
    fn from(rejected: Rejected) -> Self {
        rejected.answer()
    }
}

impl Rejected {
    /// The status it is answered with: its decision's (412, 400, 428, or 304).
    pub fn status(&self) -> u16 {
        // A rejection is never `Proceed`, the one decision without a status.
        self.decision.status().unwrap_or(304)
    }

    /// What it answers with: its problem, or for a 304 the `Problem` of [`Rejected::not_modified`].
    pub(crate) fn answer(&self) -> Problem {
        self.problem().unwrap_or_else(|| self.not_modified())
    }

    /// The 304 of a GET or HEAD whose If-None-Match or If-Modified-Since held: RFC 9110 §15.4.5 wants the ETag
    /// and Last-Modified its 200 would carry, which are the ones it was decided on.
    fn not_modified(&self) -> Problem {
        let problem = Problem::of_status(304, "not modified");
        let (etag, last_modified) = self.current.clone().unwrap_or_default();
        problem.with_current(etag.as_ref(), last_modified)
    }
}
