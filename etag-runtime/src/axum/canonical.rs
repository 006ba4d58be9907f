//! A serde value sent as canonical JSON, so that the layer's hash of its body is stable.

use ::axum::response::{IntoResponse, Response};
use http::header::CONTENT_TYPE;
use http::{HeaderValue, StatusCode};
use serde::Serialize;

use crate::hashing::canonical_json;
use crate::responses::Problem;

/// A serde value sent as JSON with its map entries in key order, the bytes `#[conditional]` hashes on actix-web:
/// equal data gives equal bytes, and so an equal tag from the [`Conditional`](super::Conditional) layer's hash,
/// whatever a `HashMap`'s iteration order. axum's `Json` writes a `HashMap` in its iteration order, which
/// changes from one map to the next, so its hashed tag would change on every request and never give a 304.
///
/// ```
/// use std::collections::HashMap;
/// use axum::response::IntoResponse;
/// use etag_runtime::axum::CanonicalJson;
///
/// let counts: HashMap<&str, u32> = [("z", 3), ("a", 1)].into();
/// let response = CanonicalJson(counts).into_response();
/// assert_eq!(response.headers()["content-type"], "application/json");
/// ```
#[derive(Debug, Clone)]
pub struct CanonicalJson<T>(pub T);

impl<T: Serialize> IntoResponse for CanonicalJson<T> {
    fn into_response(self) -> Response {
        match canonical_json(&self.0) {
            Ok(body) => ([(CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response(),
            Err(error) => {
                let detail = format!("the response could not be serialized to JSON: {error}");
                Problem::new(StatusCode::INTERNAL_SERVER_ERROR, detail).into_response()
            }
        }
    }
}
