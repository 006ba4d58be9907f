//! Every error the API answers with is problem+json (RFC 9457), as on actix: the error itself is
//! `api_error.rs`'s; here it becomes axum's response.

use axum::http::HeaderValue;
pub use axum::http::StatusCode;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};

pub use crate::api_error::ApiError;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Problem(problem) => problem.into_response(),
            ApiError::Rejected(rejected) => rejected.into_response(),
        }
    }
}

/// Around the whole router: an error describes a state that may end a moment later (a 404 before a PUT creates
/// the user, a 503 while the database restarts), so no cache may keep it (RFC 9111 §4.2.2: a 404 or 405 is
/// otherwise heuristically cacheable). Every 4xx and 5xx without a Cache-Control gets `no-store`, those of the
/// routes the `Conditional` layer does not cover (a path it does not serve, the probes) included.
pub async fn errors_not_stored(mut response: Response) -> Response {
    let status = response.status();
    let headers = response.headers_mut();
    if (status.is_client_error() || status.is_server_error()) && !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
