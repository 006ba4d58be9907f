//! The request parts the handlers take that axum's own extractors refuse as plain text: here refused as
//! problem+json, as every other error.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_LENGTH;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::errors::ApiError;

/// The `{id}` segment of a user path, as sent; `paths::user_id` reads the id out of it.
pub struct Segment(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Segment {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Path::<String>::from_request_parts(parts, state).await {
            Ok(Path(segment)) => Ok(Segment(segment)),
            // A segment that is not UTF-8 once decoded, such as `%FF`, is axum's 400: no user has it. Its status is
            // kept, so that a route whose path has no single parameter stays the 500 it is.
            Err(rejection) => Err(ApiError::new(rejection.status(), rejection.body_text())),
        }
    }
}

/// A JSON body (`application/json`, or any `+json` type such as `application/merge-patch+json`), refused as
/// problem+json: 400 when it is not JSON at all, 422 when it is JSON of the wrong shape, 413 past
/// [`LARGEST_BODY`] and 415 for another media type.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        refuse_declared_overflow(&request)?;
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(JsonBody(value)),
            Err(rejection) => Err(problem(&rejection)),
        }
    }
}

/// The largest body read, as actix-web's JSON extractor has it (2 MiB); the router's `DefaultBodyLimit` is set
/// from it.
pub const LARGEST_BODY: usize = 2 << 20;

/// A body whose declared length is over the limit is refused before any of it is read, rather than after up to
/// the limit was buffered, as actix-web refuses it.
fn refuse_declared_overflow(request: &Request) -> Result<(), ApiError> {
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok());
    match declared.and_then(|length| length.parse::<usize>().ok()) {
        Some(length) if length > LARGEST_BODY => Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the body is {length} bytes; at most {LARGEST_BODY} are read"),
        )),
        _ => Ok(()),
    }
}

fn problem(rejection: &JsonRejection) -> ApiError {
    let detail = match rejection {
        JsonRejection::JsonSyntaxError(error) => format!("the body is not JSON: {}", error.body_text()),
        JsonRejection::MissingJsonContentType(_) => "send the body as application/json".to_owned(),
        other => other.body_text(),
    };
    // axum's statuses are the ones the actix example answers: 422 for the wrong shape, 400 for a syntax error,
    // 415 for another media type, 413 past the limit.
    ApiError::new(rejection.status(), detail)
}
