//! The responses a decision turns into: 304 Not Modified, 412, 400 and 428.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap, HeaderName};
use actix_web::{HttpResponse, ResponseError};

use super::evaluate::{Condition, Decision};
use super::problem::Problem;

/// The fields a 304 repeats from the 200 it stands for (RFC 9110 §15.4.5), with Last-Modified, which it may.
/// Content-Type and Content-Length are left out: the 304 has no content (§8.6).
pub const NOT_MODIFIED_FIELDS: [HeaderName; 7] = [
    header::CACHE_CONTROL,
    header::CONTENT_LOCATION,
    header::DATE,
    header::ETAG,
    header::EXPIRES,
    header::VARY,
    header::LAST_MODIFIED,
];

/// A 304 carrying every line of [`NOT_MODIFIED_FIELDS`] that `representation` (the 200's headers) has.
pub fn not_modified(representation: &HeaderMap) -> HttpResponse {
    let mut response = HttpResponse::NotModified().finish();
    let headers = response.headers_mut();
    for name in &NOT_MODIFIED_FIELDS {
        for value in representation.get_all(name) {
            headers.append(name.clone(), value.clone());
        }
    }
    response
}

impl Decision {
    /// The response this decision stands for, or `None` for [`Decision::Proceed`].
    ///
    /// `representation` holds the headers the 200 would have had; only a 304 uses them.
    pub fn response(self, representation: &HeaderMap) -> Option<HttpResponse> {
        match self {
            Decision::Proceed => None,
            Decision::NotModified => Some(not_modified(representation)),
            other => other.problem().map(|problem| problem.error_response()),
        }
    }

    /// The problem this decision answers with: 412, 400 or 428; `None` for 304 and proceed.
    pub fn problem(self) -> Option<Problem> {
        let problem = match self {
            Decision::Proceed | Decision::NotModified => return None,
            Decision::PreconditionFailed(condition) => {
                Problem::new(StatusCode::PRECONDITION_FAILED, failed_detail(condition))
            }
            Decision::Malformed(condition, error) => Problem::new(
                StatusCode::BAD_REQUEST,
                format!(
                    "the {} header cannot be read: {}",
                    condition.header_name(),
                    error.explain()
                ),
            ),
            Decision::PreconditionRequired => Problem::new(
                StatusCode::PRECONDITION_REQUIRED,
                "this request changes the resource, so it must be conditional: send If-Match with the ETag \
                 you last saw, or If-None-Match: * to create",
            ),
        };
        Some(problem)
    }
}

fn failed_detail(condition: Condition) -> &'static str {
    match condition {
        Condition::IfMatch => "If-Match names no current representation: the resource changed or does not exist",
        Condition::IfUnmodifiedSince => "the resource was modified after the If-Unmodified-Since date",
        Condition::IfNoneMatch => "If-None-Match matched a current representation of the resource",
        Condition::IfModifiedSince => "the resource was not modified since the If-Modified-Since date",
    }
}
