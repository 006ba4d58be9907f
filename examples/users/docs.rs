//! The API's OpenAPI 3.1 document (utoipa): served at GET /openapi.json, and rendered for people at GET /docs.
//!
//! Each handler documents itself with `#[utoipa::path]`. The conditional reads need nothing more: `#[conditional]`
//! above `#[utoipa::path]` adds the precondition fields and the 304, 412 and 400 to it. The writes list
//! `params(WritePreconditions)` and `responses(ConditionalWrite)`; `/users.csv`, made conditional by the
//! middleware rather than the attribute, lists the read's. `ValidatorHeaders` puts ETag and Last-Modified on the
//! 200 of every operation that documents a 304.

use actix_web::HttpResponse;
use actix_web::web::{self, Bytes};
use etag_runtime::openapi::ValidatorHeaders;
use etag_runtime::{Problem, conditional};
use utoipa::{IntoParams, IntoResponses, OpenApi};
use utoipa_scalar::{Scalar, Servable};

use crate::{card, health, me, pages, reads, writes};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "users",
        description = "A users API whose reads are conditional (ETag, 304 Not Modified) and whose writes check \
            their preconditions (If-Match, If-None-Match, If-Unmodified-Since) inside the transaction that writes. \
            Every error is problem+json (RFC 9457).",
        license(name = "MIT OR Apache-2.0"),
    ),
    paths(
        pages::home, pages::users_csv, card::user_card,
        reads::list_users, reads::user_stats, reads::get_user, me::me,
        writes::create_user, writes::put_user, writes::patch_user, writes::delete_user,
        openapi_json, health::livez, health::readyz,
    ),
    components(schemas(Problem)),
    modifiers(&ValidatorHeaders),
)]
struct ApiDocs;

/// The document, serialized once at start-up.
pub struct Document(Bytes);

impl Document {
    pub fn new() -> serde_json::Result<Self> {
        Ok(Document(Bytes::from(ApiDocs::openapi().to_pretty_json()?)))
    }

    /// GET /docs: Scalar's page for the document.
    pub fn page() -> Scalar<utoipa::openapi::OpenApi> {
        Scalar::with_url("/docs", ApiDocs::openapi())
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

/// `{id}` in the user paths.
#[derive(IntoParams)]
#[into_params(names("id"), parameter_in = Path)]
#[allow(dead_code)] // only its documentation is used
pub struct UserId(
    /// The user's id: a positive integer with no sign or leading zero, such as 1.
    i64,
);

/// Accept-Language on the card.
#[derive(IntoParams)]
#[into_params(names("Accept-Language"), parameter_in = Header)]
#[allow(dead_code)] // only its documentation is used
pub struct AcceptLanguage(
    /// The card's language: `en` or `fr`, by preference (RFC 9110 §12.5.4); English when neither is asked for.
    Option<String>,
);

/// X-User on `/me`.
#[derive(IntoParams)]
#[into_params(names("X-User"), parameter_in = Header)]
#[allow(dead_code)] // only its documentation is used
pub struct XUser(
    /// Who asks, by user id. The example trusts it as it would trust an authenticating proxy in front.
    i64,
);

/// 400 on a user path.
#[derive(IntoResponses)]
#[response(
    status = 400,
    description = "The id is not a positive integer such as 1, or a tag list in If-Match or If-None-Match \
        cannot be parsed, or the body is not JSON, or X-User is sent twice or holds more than visible ASCII.",
    content_type = "application/problem+json"
)]
#[allow(dead_code)]
pub struct BadRequest(Problem);

/// 404 on a user path.
#[derive(IntoResponses)]
#[response(
    status = 404,
    description = "No user has this id.",
    content_type = "application/problem+json"
)]
#[allow(dead_code)]
pub struct NoSuchUser(Problem);

/// 415 and 422 for a body.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum BadBody {
    #[response(
        status = 415,
        description = "The body is not sent as JSON (application/json or a +json type).",
        content_type = "application/problem+json"
    )]
    NotJson(Problem),
    #[response(
        status = 422,
        description = "The JSON has the wrong shape, a blank or long name, or an email without one @ between a \
            local part and a domain once trimmed; or a PUT would create an id above 9007199254740991.",
        content_type = "application/problem+json"
    )]
    Invalid(Problem),
}
