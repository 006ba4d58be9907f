//! Problem details for HTTP APIs (RFC 9457), the body of every error this crate answers with: a value with no
//! framework in it, which each adapter sends.

use std::fmt;
use std::time::SystemTime;

use super::problem_body::{Current, ProblemBody};
use crate::facets::UnreadableRequester;
use crate::preconditions::Decision;
use crate::validators::entity_tag::EntityTag;

/// An RFC 9457 problem: a status and a sentence on what went wrong.
///
/// It is a `std::error::Error`, and each framework adapter sends it as problem+json. A
/// [`Rejected`](crate::Rejected) converts into it, so that reads and guarded writes can share it as their error
/// type with `?`.
///
/// ```
/// use etag_runtime::Problem;
/// use etag_runtime::responses::Rejected;
/// use etag_runtime::preconditions::{Condition, Decision};
///
/// let rejected = Rejected::try_from(Decision::PreconditionFailed(Condition::IfMatch)).unwrap();
/// let problem = Problem::from(rejected);
/// assert_eq!(problem.status(), 412);
/// assert_eq!(problem.to_json()["title"], "Precondition Failed");
/// ```
///
/// # One error type for reads and writes
///
/// A read returns `Result<_, Problem>`; a guarded write returns the same, and `?` turns the
/// [`Rejected`](crate::Rejected) of a failed check into its problem (412, 400 or 428). An application with an
/// error type of its own needs one `From<Problem>` (or `From<Rejected>`) for the same.
#[cfg_attr(feature = "actix", doc = include_str!("docs/problem_on_actix.md"))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    status: u16,
    /// The status's reason phrase (RFC 9457 §4.2.1: the title of an `about:blank` problem).
    title: &'static str,
    detail: String,
    /// Boxed: only a 412 or a 304 names them, and every `Result<_, Problem>` is as large as a `Problem`.
    current: Option<Box<Current>>,
    /// Seconds to wait before sending the request again (RFC 9110 §10.2.3), where waiting helps.
    retry_after: Option<u64>,
}

/// A status a [`Problem`] is made with: a web framework's own status code type, so that every problem has a
/// status its framework can send. Sealed; the `actix` feature implements it for actix-web's `StatusCode`, the
/// `axum` feature for the `http` crate's.
#[diagnostic::on_unimplemented(
    message = "a `Problem` is made with a web framework's status type, not `{Self}`",
    label = "not a framework's status",
    note = "give the status by its framework's type, such as `actix_web::http::StatusCode::NOT_FOUND` or \
            `axum::http::StatusCode::NOT_FOUND`, so that it is one the framework can send"
)]
pub trait ProblemStatus: sealed::Sealed {
    /// The status code.
    fn code(&self) -> u16;
    /// Its reason phrase, where the status has one.
    fn reason(&self) -> Option<&'static str>;
}

pub(crate) mod sealed {
    /// Only this crate's adapters give a status type to [`ProblemStatus`](super::ProblemStatus).
    pub trait Sealed {}
}

/// Gives a framework's status type (one with `as_u16` and `canonical_reason`, as actix-web's and the `http`
/// crate's have) to [`ProblemStatus`], documented with `$doc`: each adapter names its own.
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(unused_macros))]
macro_rules! framework_status {
    ($status:ty, $doc:literal) => {
        impl $crate::responses::sealed::Sealed for $status {}

        #[doc = $doc]
        impl $crate::responses::ProblemStatus for $status {
            fn code(&self) -> u16 {
                self.as_u16()
            }

            fn reason(&self) -> Option<&'static str> {
                self.canonical_reason()
            }
        }
    };
}
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(unused_imports))]
pub(crate) use framework_status;

impl Problem {
    /// A problem with this status, its reason phrase as the title, and `detail` saying what went wrong here.
    pub fn new(status: impl ProblemStatus, detail: impl Into<String>) -> Self {
        Problem::titled(status.code(), status.reason().unwrap_or("Error"), detail)
    }

    /// A problem with a status this crate answers with itself (304, 400, 412 or 428), titled by its phrase.
    pub(crate) fn of_status(status: u16, detail: impl Into<String>) -> Self {
        Problem::titled(status, title_of_own_status(status), detail)
    }

    fn titled(status: u16, title: &'static str, detail: impl Into<String>) -> Self {
        Problem {
            status,
            title,
            detail: detail.into(),
            current: None,
            retry_after: None,
        }
    }

    /// The same problem, sent with `Retry-After: seconds` (RFC 9110 §10.2.3): for a 429 or a 503, when the
    /// same request may succeed later.
    pub fn with_retry_after(self, seconds: u64) -> Self {
        Problem {
            retry_after: Some(seconds),
            ..self
        }
    }

    /// The seconds it says to wait, if any.
    pub fn retry_after(&self) -> Option<u64> {
        self.retry_after
    }

    /// The same problem, naming the resource's current validators: in its body, and as the response's ETag and
    /// Last-Modified.
    pub(crate) fn with_current(mut self, etag: Option<&EntityTag>, last_modified: Option<SystemTime>) -> Self {
        let current = Current::new(etag, last_modified);
        // None when it names nothing, so that it equals the problem made without validators.
        self.current = (current != Current::NONE).then(|| Box::new(current));
        self
    }

    /// The same problem, saying `detail` instead.
    pub(crate) fn with_detail(self, detail: String) -> Self {
        Problem { detail, ..self }
    }

    /// The HTTP status it is sent with. A `u16`, which compares equal to each framework's status type.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// What went wrong, for the client's developer.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The validators to send as the response's fields, by their lowercase names, each where it has a value.
    #[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
    pub(crate) fn current_fields(&self) -> [(&'static str, Option<&str>); 3] {
        self.current().fields()
    }

    /// The fields an adapter sends with this problem, by their lowercase names: the validators it names and its
    /// Retry-After.
    #[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
    pub(crate) fn sent_fields(&self) -> impl Iterator<Item = (&'static str, std::borrow::Cow<'_, str>)> {
        let current = self.current_fields().into_iter();
        let current = current.filter_map(|(name, value)| Some((name, std::borrow::Cow::Borrowed(value?))));
        let retry_after = self
            .retry_after
            .map(|seconds| ("retry-after", seconds.to_string().into()));
        current.chain(retry_after)
    }

    /// The problem+json body an adapter sends, or `None` for a 304, which has no content (RFC 9110 §15.4.5):
    /// it carries the validators it was decided on, and nothing else.
    #[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
    pub(crate) fn sent_body(&self) -> Option<Vec<u8>> {
        (self.status != 304).then(|| self.body().to_bytes())
    }

    pub(crate) fn body(&self) -> ProblemBody<'_> {
        ProblemBody::new(self.status, self.title, &self.detail, self.current())
    }

    fn current(&self) -> &Current {
        self.current.as_deref().unwrap_or(&Current::NONE)
    }

    /// The problem a 412, 400 or 428 decision answers with; `None` to proceed and for 304.
    pub(crate) fn of_decision(decision: Decision) -> Option<Problem> {
        let status = decision.status()?;
        let detail = decision.detail()?;
        Some(Problem::of_status(status, detail))
    }

    /// The body as a JSON value, for tests and logs.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self.body()).unwrap_or_default()
    }
}

/// The reason phrase of each status this crate answers with itself (RFC 9110 §15, RFC 6585 §3 and §4): the
/// preconditions' and the keyed writes' (409, 422, 429, and 500 for a key store that failed).
fn title_of_own_status(status: u16) -> &'static str {
    match status {
        304 => "Not Modified",
        400 => "Bad Request",
        409 => "Conflict",
        412 => "Precondition Failed",
        // As actix-web and the `http` crate name it (RFC 9110 §15.5.21 has since renamed it "Unprocessable Content").
        422 => "Unprocessable Entity",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "Error",
    }
}

/// The 400 a requester field that names no one for certain answers with.
impl From<UnreadableRequester> for Problem {
    fn from(unreadable: UnreadableRequester) -> Self {
        Problem::of_status(400, unreadable.to_string())
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.status, self.title, self.detail)
    }
}

impl std::error::Error for Problem {}

#[cfg(test)]
mod tests {
    use super::Problem;
    use crate::validators::entity_tag::EntityTag;

    // A problem names the current validators only where it has some (RFC 9110 §15.4.5 for a 304), and one given
    // none equals the problem made without them.
    #[test]
    fn rfc9110_15_4_5_a_problem_names_only_the_validators_it_has() {
        let bare = Problem::of_status(304, "not modified");
        assert_eq!(bare.clone().with_current(None, None), bare);
        assert!(bare.current_fields().iter().all(|(_, value)| value.is_none()));
        let tagged = bare.with_current(Some(&EntityTag::strong("v1").unwrap()), None);
        assert_eq!(tagged.current_fields()[0], ("etag", Some("\"v1\"")));
        assert_eq!(tagged.to_string(), "304 Not Modified: not modified");
    }
}
