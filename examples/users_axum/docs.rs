//! The API's OpenAPI 3.1 document (utoipa), assembled in `openapi_parts.rs` as on actix: served here at GET
//! /openapi.json, and rendered for people at GET /docs. Each read is documented by its handler with
//! `#[utoipa::path]`, listing the conditional fields and answers itself (there is no attribute to add them).

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use etag_runtime::openapi::{ConditionalRead, ReadPreconditions};

pub use crate::openapi_parts::{AcceptLanguage, BadRequest, Document, NoSuchUser, UserId, XUser};

/// This document. The `Conditional` layer hashes it into a weak ETag, so a client refetches it only after the
/// API changes.
#[utoipa::path(get, path = "/openapi.json", tag = "documentation", params(ReadPreconditions), responses(
    ConditionalRead,
    (status = 200, description = "The OpenAPI 3.1 document of this API.", content_type = "application/json"),
))]
pub async fn openapi_json(State(document): State<Document>) -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], document.0)
}
