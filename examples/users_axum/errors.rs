//! Every error the API answers with is problem+json (RFC 9457), as on actix: the error itself is
//! `api_error.rs`'s; here it becomes axum's response.

use axum::http::HeaderValue;
pub use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, TRANSFER_ENCODING};
use axum::response::{IntoResponse, Response};
use http_body::Body as _;

pub use crate::api_error::ApiError;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Problem(problem) => problem.into_response(),
            ApiError::Rejected(rejected) => rejected.into_response(),
        }
    }
}

/// Around the whole router: every error is problem+json, and none is stored.
///
/// - An error with no body of its own (axum's 405 on `/docs`, tower-http's 415 for a request body in a coding it
///   cannot decode) becomes a problem with the same status and fields.
/// - An error describes a state that may end a moment later (a 404 before a PUT creates the user, a 503 while the
///   database restarts), so no cache may keep it (RFC 9111 §4.2.2: a 404 or 405 is otherwise heuristically
///   cacheable). Every 4xx and 5xx without a Cache-Control gets `no-store`, those of the routes the
///   `Conditional` layer does not cover (a path it does not serve, the probes) included.
pub async fn errors_as_problems(response: Response) -> Response {
    let status = response.status();
    if !status.is_client_error() && !status.is_server_error() {
        return response;
    }
    let bodiless = response.body().size_hint().exact() == Some(0) && !response.headers().contains_key(CONTENT_TYPE);
    let mut response = match bodiless {
        true => as_problem(response),
        false => response,
    };
    let headers = response.headers_mut();
    if !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// A bodiless error as a problem, its fields (Allow, Accept-Encoding) and extensions kept, but those that
/// described the empty body.
fn as_problem(response: Response) -> Response {
    let (parts, _) = response.into_parts();
    let reason = parts.status.canonical_reason().unwrap_or("the request failed");
    let mut problem = ApiError::new(parts.status, reason).into_response();
    let framing = [CONTENT_LENGTH, TRANSFER_ENCODING, CONTENT_TYPE];
    let own: Vec<_> = problem.headers().keys().cloned().collect();
    for (name, value) in &parts.headers {
        if !framing.contains(name) && !own.contains(name) {
            problem.headers_mut().append(name, value.clone());
        }
    }
    problem.extensions_mut().extend(parts.extensions);
    problem
}
