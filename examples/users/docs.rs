//! The API's OpenAPI 3.1 document (utoipa): served at GET /openapi.json, and rendered for people at GET /docs.
//!
//! Each read documents itself with `#[utoipa::path]`, and needs nothing more: `#[conditional]` above
//! `#[utoipa::path]` adds the precondition fields and the 304, 412 and 400 to it. `/users.csv`, made conditional
//! by the middleware rather than the attribute, lists the read's. The writes, the same on both frameworks, are
//! documented once in `openapi_parts.rs`, with `params(WritePreconditions)` and `responses(ConditionalWrite)`.
//! `ValidatorHeaders` puts ETag and Last-Modified on the 200 of every operation that documents a 304.

use actix_web::HttpResponse;
use actix_web::web::{self, Bytes};
use etag_runtime::conditional;
use etag_runtime::openapi::ValidatorHeaders;
use utoipa::OpenApi;
use utoipa_scalar::{Scalar, Servable};

use crate::openapi_parts::About;
pub use crate::openapi_parts::{AcceptLanguage, BadRequest, NoSuchUser, UserId, XUser};
use crate::{card, health, me, openapi_parts, pages, reads};

#[derive(OpenApi)]
#[openapi(
    paths(
        pages::home, pages::users_csv, card::user_card,
        reads::list_users, reads::user_stats, reads::get_user, me::me,
        openapi_parts::create_user, openapi_parts::put_user, openapi_parts::patch_user, openapi_parts::delete_user,
        openapi_json, health::livez, health::readyz,
    ),
    modifiers(&ValidatorHeaders),
)]
struct ApiDocs;

/// The whole document: what it says of itself, and the paths.
fn api_docs() -> utoipa::openapi::OpenApi {
    About::openapi().merge_from(ApiDocs::openapi())
}

/// The document, serialized once at start-up.
pub struct Document(Bytes);

impl Document {
    pub fn new() -> serde_json::Result<Self> {
        Ok(Document(Bytes::from(api_docs().to_pretty_json()?)))
    }

    /// GET /docs: Scalar's page for the document.
    pub fn page() -> Scalar<utoipa::openapi::OpenApi> {
        Scalar::with_url("/docs", api_docs())
    }
}

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
