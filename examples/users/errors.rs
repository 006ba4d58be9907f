//! Every error the API answers with is problem+json (RFC 9457): bad ids, bad bodies, failed preconditions and
//! database failures alike.

use std::fmt;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::JsonPayloadError;
use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, HeaderValue, RETRY_AFTER};
use actix_web::middleware::Next;
use actix_web::web::JsonConfig;
use actix_web::{HttpResponse, ResponseError};
use etag_runtime::{Problem, Rejected};

#[derive(Debug)]
pub enum ApiError {
    /// 400, 404, 413, 415, 422, 500 or 503 (with Retry-After), with a sentence on what went wrong.
    Problem(Problem),
    /// 412, 400 (a malformed tag list) or 428, from `Precondition::check`.
    Rejected(Rejected),
}

impl ApiError {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        ApiError::Problem(Problem::new(status, detail))
    }

    /// 503, sent with `Retry-After`: the database is busy or out of reach, and the same request may succeed
    /// in a moment. Nothing was written.
    pub fn unavailable(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, detail)
    }

    pub fn not_found(id: i64) -> Self {
        Self::new(StatusCode::NOT_FOUND, format!("there is no user {id}"))
    }

    /// 400: the request names nothing this API has (a malformed id).
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, detail)
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

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Problem(problem) => problem.status_code(),
            ApiError::Rejected(rejected) => rejected.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Problem(problem) => with_retry_after(problem),
            ApiError::Rejected(rejected) => rejected.error_response(),
        }
    }
}

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

/// A store's blocking work that panicked or was cancelled.
impl From<tokio::task::JoinError> for ApiError {
    fn from(_: tokio::task::JoinError) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "the database worker stopped")
    }
}

/// A problem's response; a 503 says when to try again (RFC 9110 §10.2.3): a second, the time a database
/// restart or a lock held by another writer usually takes.
fn with_retry_after(problem: &Problem) -> HttpResponse {
    let mut response = problem.error_response();
    if problem.status() == StatusCode::SERVICE_UNAVAILABLE {
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from_static("1"));
    }
    response
}

/// Middleware around the whole app: an error describes a state that may end a moment later (a 404 before a PUT
/// creates the user, a 503 while the database restarts), so no cache may keep it (RFC 9111 §4.2.2: a 404 or 405
/// is otherwise heuristically cacheable). Every 4xx and 5xx without a Cache-Control gets `no-store`: the rule
/// `#[conditional]` applies to the errors of its reads, here for every error, the example's own and those of the
/// extractors it uses (a bad Idempotency-Key, an unreadable X-User) alike.
pub async fn errors_not_stored(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut response = next.call(request).await?;
    let status = response.status();
    let headers = response.headers_mut();
    if (status.is_client_error() || status.is_server_error()) && !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}

/// Bodies: JSON (`application/json`, or any `+json` type such as `application/merge-patch+json`), refused as
/// problem+json: 400 when it is not JSON at all, 422 when it is JSON of the wrong shape, 413 and 415 as named.
pub fn json_config() -> JsonConfig {
    JsonConfig::default().error_handler(|error, _request| json_problem(&error).into())
}

fn json_problem(error: &JsonPayloadError) -> ApiError {
    let (status, detail) = match error {
        JsonPayloadError::Deserialize(error) if error.is_data() => {
            (StatusCode::UNPROCESSABLE_ENTITY, error.to_string())
        }
        JsonPayloadError::Deserialize(error) => (StatusCode::BAD_REQUEST, format!("the body is not JSON: {error}")),
        JsonPayloadError::ContentType => (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the body as application/json".to_owned(),
        ),
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            (StatusCode::PAYLOAD_TOO_LARGE, error.to_string())
        }
        other => (StatusCode::BAD_REQUEST, other.to_string()),
    };
    ApiError::new(status, detail)
}
