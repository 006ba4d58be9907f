//! The error every route answers with, whatever framework sends it: a problem (RFC 9457) or a rejected
//! precondition. Each example's `errors.rs` names its framework's `StatusCode` and turns an `ApiError` into its
//! framework's response.

use std::fmt;

use etag_runtime::{Problem, Rejected};

use crate::errors::StatusCode;

#[derive(Debug)]
pub enum ApiError {
    /// 400, 401, 404, 405, 413, 415, 422, 500 or 503 (with Retry-After), with a sentence on what went wrong.
    Problem(Problem),
    /// 412, 400 (a malformed tag list) or 428, from `Precondition::check`.
    Rejected(Rejected),
}

impl ApiError {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        ApiError::Problem(Problem::new(status, detail))
    }

    /// 503, sent with `Retry-After: 1`: the database is busy or out of reach, and the same request may succeed
    /// in a moment (RFC 9110 §10.2.3): a second is the time a database restart or a lock held by another writer
    /// usually takes. Nothing was written.
    pub fn unavailable(detail: impl Into<String>) -> Self {
        ApiError::Problem(Problem::new(StatusCode::SERVICE_UNAVAILABLE, detail).with_retry_after(1))
    }

    pub fn not_found(id: i64) -> Self {
        Self::new(StatusCode::NOT_FOUND, format!("there is no user {id}"))
    }

    /// 400: the request names nothing this API has (a malformed id).
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, detail)
    }

    /// 401: `/me` without a requester it can read.
    pub fn no_requester() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "send X-User with your user id, such as X-User: 1",
        )
    }

    /// 404 for a path the API does not serve.
    pub fn no_route() -> Self {
        Self::new(StatusCode::NOT_FOUND, "no resource at this path; try /users")
    }

    /// 405, naming the methods the resource has, which the response's Allow lists too (RFC 9110 §15.5.6).
    pub fn method_not_allowed(allow: &str) -> Self {
        Self::new(StatusCode::METHOD_NOT_ALLOWED, format!("this resource allows {allow}"))
    }

    /// 422: the body is JSON of the right shape whose values cannot be taken.
    pub fn unprocessable(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, detail)
    }

    /// 500: the database failed in a way a retry does not mend; nothing was written.
    pub fn internal(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, detail)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Problem(problem) => problem.fmt(f),
            ApiError::Rejected(rejected) => rejected.fmt(f),
        }
    }
}

impl std::error::Error for ApiError {}

impl From<Rejected> for ApiError {
    fn from(rejected: Rejected) -> Self {
        ApiError::Rejected(rejected)
    }
}

impl From<Problem> for ApiError {
    fn from(problem: Problem) -> Self {
        ApiError::Problem(problem)
    }
}

/// Work of the request's on a task of its own (the store's blocking work, users_axum's writes) that panicked or
/// was cancelled: a write's transaction ended with its task, so it committed nothing.
impl From<tokio::task::JoinError> for ApiError {
    fn from(_: tokio::task::JoinError) -> Self {
        Self::internal("the server's work on this request stopped before it ended; it changed nothing")
    }
}
