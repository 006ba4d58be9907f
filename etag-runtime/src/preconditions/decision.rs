//! What an evaluation decides, and the status and explanation each refusal answers with.

use super::condition::Condition;
use super::tag_list::ListError;

/// The outcome of evaluating a request's preconditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Perform the method as if there were no preconditions.
    Proceed,
    /// 304 Not Modified (GET and HEAD only).
    NotModified,
    /// 412 Precondition Failed, and which condition was false.
    PreconditionFailed(Condition),
    /// 400 Bad Request: a tag list that cannot be read where guessing could let a write through or fake a 304.
    Malformed(Condition, ListError),
    /// 428 Precondition Required (only with [`Policy::require_precondition`](super::Policy)).
    PreconditionRequired,
}

impl Decision {
    /// The status this decision answers with: `None` to proceed, else 304, 412, 400 or 428.
    pub fn status(self) -> Option<u16> {
        match self {
            Decision::Proceed => None,
            Decision::NotModified => Some(304),
            Decision::PreconditionFailed(_) => Some(412),
            Decision::Malformed(..) => Some(400),
            Decision::PreconditionRequired => Some(428),
        }
    }

    /// What went wrong, in a sentence for the client's developer: the `detail` of the problem+json a 412, 400
    /// or 428 carries (RFC 9457). `None` to proceed and for 304, which has no body.
    pub fn detail(self) -> Option<String> {
        let detail = match self {
            Decision::Proceed | Decision::NotModified => return None,
            Decision::PreconditionFailed(condition) => failed_detail(condition).to_owned(),
            Decision::Malformed(condition, error) => format!(
                "the {} header cannot be read: {}",
                condition.header_name(),
                error.explain()
            ),
            Decision::PreconditionRequired => "this request changes the resource, so it must be conditional: send \
                If-Match with the ETag you last saw, or If-None-Match: * to create"
                .to_owned(),
        };
        Some(detail)
    }
}

fn failed_detail(condition: Condition) -> &'static str {
    match condition {
        Condition::IfMatch => "If-Match names no current representation of the resource",
        Condition::IfUnmodifiedSince => "the resource was modified after the If-Unmodified-Since date",
        Condition::IfNoneMatch => "If-None-Match matched a current representation of the resource",
        Condition::IfModifiedSince => "the resource was not modified since the If-Modified-Since date",
    }
}
