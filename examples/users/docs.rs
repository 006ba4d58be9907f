//! The API's OpenAPI 3.1 document (utoipa), assembled in `openapi_parts.rs`: served here at GET /openapi.json,
//! and rendered for people at GET /docs.
//!
//! Each read documents itself with `#[utoipa::path]`, and needs nothing more: `#[conditional]` above
//! `#[utoipa::path]` adds the precondition fields and the 304, 412 and 400 to it. `/users.csv`, made conditional
//! by the middleware rather than the attribute, lists the read's. The writes, the same on both frameworks, are
//! documented once in `openapi_parts.rs`, with `params(WritePreconditions)` and `responses(ConditionalWrite)`.
//! `ValidatorHeaders` puts ETag and Last-Modified on the 200 of every operation that documents a 304.

use actix_web::HttpResponse;
use actix_web::web;
use etag_runtime::conditional;

pub use crate::openapi_parts::{AcceptLanguage, BadRequest, Document, NoSuchUser, UserId, XUser};

/// This document. Its ETag is the hash of its bytes, so a client refetches it only after the API changes.
#[conditional(cache_control = "no-cache")]
#[utoipa::path(get, path = "/openapi.json", tag = "documentation", responses(
    (status = 200, description = "The OpenAPI 3.1 document of this API.", content_type = "application/json"),
))]
pub async fn openapi_json(document: web::Data<Document>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(document.0.clone())
}
