//! Every error the API answers with is problem+json (RFC 9457): bad ids, bad bodies, failed preconditions and
//! database failures alike. The error itself is `api_error.rs`'s; here it becomes actix's response.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::JsonPayloadError;
pub use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::JsonConfig;
use actix_web::{HttpResponse, ResponseError};

pub use crate::api_error::ApiError;

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Problem(problem) => problem.status_code(),
            ApiError::Rejected(rejected) => rejected.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Problem(problem) => problem.error_response(),
            ApiError::Rejected(rejected) => rejected.error_response(),
        }
    }
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
