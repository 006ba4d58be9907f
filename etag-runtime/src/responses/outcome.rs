//! What this crate decided for a request, in the words its events, its metrics and an application's access log
//! use.

use std::fmt;

use crate::preconditions::Decision;

/// What this crate did with a request. Every response an adapter made or let through carries it in its
/// extensions, so that an application's own access log can print it (on actix-web,
/// `response.extensions().get::<Outcome>()`; the guide's page `observing` has the events and counters that
/// report it too):
///
/// ```
/// use etag_runtime::responses::{Outcome, Untouched};
///
/// assert_eq!(Outcome::NotModified.to_string(), "not_modified");
/// assert_eq!(Outcome::Untouched(Untouched::Stream).to_string(), "untouched:stream");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Outcome {
    /// A 2xx answer to GET or HEAD, sent with its validators.
    Validated,
    /// 304 Not Modified: the client's copy is current (RFC 9110 §15.4.5).
    NotModified,
    /// 412 Precondition Failed (RFC 9110 §15.5.13).
    PreconditionFailed,
    /// 400 Bad Request: a tag list that cannot be read.
    Malformed,
    /// 428 Precondition Required (RFC 6585 §3).
    PreconditionRequired,
    /// A write whose preconditions held; the handler's own response follows. Reported, never found on a
    /// response: the handler makes that one.
    WriteAllowed,
    /// A 500 for a write that carried a precondition its handler takes no
    /// [`Precondition`](crate::Precondition) to evaluate: refused before the handler ran (RFC 9110 §13.1.1).
    Unevaluated,
    /// The response went out as the handler made it, and why.
    Untouched(Untouched),
}

/// Why a response went out without validators and could not have been a 304.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Untouched {
    /// Not GET or HEAD: a write's response is not the stored representation (RFC 9110 §9.3.4).
    NotGetOrHead,
    /// The handler answered with a status other than 2xx (RFC 9110 §13.2.1).
    NotSuccess,
    /// The handler gave its value a 2xx status other than 200 (`(value, StatusCode::CREATED)`): only a 200 is
    /// the representation a 304 stands for (RFC 9110 §15.4.5).
    NotOk,
    /// The handler returned `Err`; its error's response is sent as it is.
    HandlerError,
    /// The body is a stream, which is never buffered to be hashed.
    Stream,
    /// The response has no body at all (not even an empty one), so there is nothing to hash.
    NoBody,
    /// The body is larger than the hash limit.
    OverHashLimit,
    /// The handler set an ETag or Last-Modified that cannot be read, so nothing is compared (RFC 9110 §13.1).
    UnreadableValidator,
}

impl Outcome {
    /// The outcome of a precondition evaluation: for a read, `Proceed` means a validated 2xx; for a write, that
    /// the write may go on.
    #[inline]
    pub(crate) fn of(decision: Decision, read: bool) -> Self {
        match decision {
            Decision::Proceed if read => Outcome::Validated,
            Decision::Proceed => Outcome::WriteAllowed,
            Decision::NotModified => Outcome::NotModified,
            Decision::PreconditionFailed(_) => Outcome::PreconditionFailed,
            Decision::Malformed(..) => Outcome::Malformed,
            Decision::PreconditionRequired => Outcome::PreconditionRequired,
        }
    }

    /// The outcome's name as events and metrics label it: `validated`, `not_modified`, `precondition_failed`,
    /// `malformed`, `precondition_required`, `write_allowed`, `unevaluated` or `untouched`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Validated => "validated",
            Outcome::NotModified => "not_modified",
            Outcome::PreconditionFailed => "precondition_failed",
            Outcome::Malformed => "malformed",
            Outcome::PreconditionRequired => "precondition_required",
            Outcome::WriteAllowed => "write_allowed",
            Outcome::Unevaluated => "unevaluated",
            Outcome::Untouched(_) => "untouched",
        }
    }

    /// Why the response was left as it was, for [`Outcome::Untouched`].
    pub fn untouched(self) -> Option<Untouched> {
        match self {
            Outcome::Untouched(reason) => Some(reason),
            _ => None,
        }
    }

    /// Whether an operator should hear of it by default: a refused request is worth a line at `info`, a served
    /// one only at `debug`.
    #[inline]
    pub(crate) fn refused(self) -> bool {
        matches!(
            self,
            Outcome::PreconditionFailed | Outcome::Malformed | Outcome::PreconditionRequired
        )
    }
}

impl Untouched {
    /// The reason's name as events and metrics label it: `not_get_or_head`, `not_2xx`, `not_200`, `handler_error`,
    /// `stream`, `no_body`, `over_hash_limit` or `unreadable_validator`.
    pub fn as_str(self) -> &'static str {
        match self {
            Untouched::NotGetOrHead => "not_get_or_head",
            Untouched::NotSuccess => "not_2xx",
            Untouched::NotOk => "not_200",
            Untouched::HandlerError => "handler_error",
            Untouched::Stream => "stream",
            Untouched::NoBody => "no_body",
            Untouched::OverHashLimit => "over_hash_limit",
            Untouched::UnreadableValidator => "unreadable_validator",
        }
    }
}

/// `not_modified`, or `untouched:stream` for an untouched response: one word, for a `key=value` log line.
impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Untouched(reason) => write!(f, "untouched:{}", reason.as_str()),
            outcome => f.write_str(outcome.as_str()),
        }
    }
}
