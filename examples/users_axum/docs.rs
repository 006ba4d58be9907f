//! The API's OpenAPI 3.1 document (utoipa), served at GET /openapi.json and rendered for people at GET /docs:
//! the same routes as the actix example's, each read documented by its handler with `#[utoipa::path]`, listing
//! the conditional fields and answers itself (there is no attribute to add them), and the writes by
//! `openapi_parts.rs`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use etag_runtime::openapi::{ConditionalRead, ReadPreconditions, ValidatorHeaders};
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
#[derive(Clone)]
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

/// This document. The `Conditional` layer hashes it into a weak ETag, so a client refetches it only after the
/// API changes.
#[utoipa::path(get, path = "/openapi.json", tag = "documentation", params(ReadPreconditions), responses(
    ConditionalRead,
    (status = 200, description = "The OpenAPI 3.1 document of this API.", content_type = "application/json"),
))]
pub async fn openapi_json(State(document): State<Document>) -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], document.0)
}
