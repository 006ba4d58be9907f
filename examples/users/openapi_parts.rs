//! The OpenAPI document both examples serve: what it says of itself, its table of paths (each read documented by
//! its example's handler, under the same name in both), the writes' operations, and the parameters and error
//! answers the reads name in their `#[utoipa::path]`. Of the types below, only their documentation is used.
#![allow(dead_code, reason = "only the types' documentation is used")]

use bytes::Bytes;
use etag_runtime::Problem;
use etag_runtime::openapi::{
    ConditionalWrite, IdempotencyKeyParam, KeyedWrite, PreconditionRequired, ValidatorHeaders, WritePreconditions,
};
use utoipa::{IntoParams, IntoResponses, OpenApi};
use utoipa_scalar::{Scalar, Servable};

use crate::model::{User, UserFields, UserPatch};

/// The document, serialized once at start-up, for `GET /openapi.json`.
#[derive(Clone)]
pub struct Document(pub Bytes);

impl Document {
    pub fn new() -> serde_json::Result<Self> {
        Ok(Document(Bytes::from(api_docs().to_pretty_json()?)))
    }

    /// `GET /docs`: Scalar's page for the document.
    pub fn page() -> Scalar<utoipa::openapi::OpenApi> {
        Scalar::with_url("/docs", api_docs())
    }
}

/// The whole document: what it says of itself, and the paths.
fn api_docs() -> utoipa::openapi::OpenApi {
    About::openapi().merge_from(Paths::openapi())
}

/// What the document says of itself, and the problem schema.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "users",
        description = "A users API whose reads are conditional (ETag, 304 Not Modified) and whose writes check \
            their preconditions (If-Match, If-None-Match, If-Unmodified-Since) inside the transaction that writes. \
            Every error is problem+json (RFC 9457).",
        license(name = "MIT OR Apache-2.0"),
    ),
    components(schemas(Problem))
)]
struct About;

/// Every route, and ETag and Last-Modified on the 2xx of each that documents a 304.
#[derive(OpenApi)]
#[openapi(
    paths(
        crate::pages::home, crate::pages::users_csv, crate::card::user_card,
        crate::reads::list_users, crate::reads::user_stats, crate::reads::get_user, crate::me::me,
        create_user, put_user, patch_user, delete_user,
        crate::docs::openapi_json, crate::health::livez, crate::health::readyz,
    ),
    modifiers(&ValidatorHeaders),
)]
struct Paths;

/// 201 to POST /users.
#[derive(IntoResponses)]
#[response(
    status = 201,
    description = "Created: the new user, and its URL in Location.",
    headers(
        ("Location" = String, description = "The new user's path, /users/{id}."),
        ("ETag" = String, description = "The new user's entity tag, as a GET of its Location sends it."),
        ("Idempotent-Replayed" = String, description = "`true` when this is the stored answer of an earlier request with the same Idempotency-Key: nothing was created now."),
    )
)]
pub struct Created(User);

/// 200 or 201 to PUT /users/{id}.
#[derive(IntoResponses)]
pub enum Put {
    #[response(status = 200, description = "Replaced: the user as stored now.")]
    Replaced(User),
    #[response(
        status = 201,
        description = "Created at this id (none was there): the new user.",
        headers(("Location" = String, description = "The new user's path."))
    )]
    Created(User),
}

/// 200 to PATCH /users/{id}.
#[derive(IntoResponses)]
#[response(
    status = 200,
    description = "Patched: the user as stored now, the bytes a GET sends, with its new ETag and Last-Modified: \
        chain the next write on that ETag.",
    headers(
        ("ETag" = String, description = "The user's new entity tag."),
        ("Idempotent-Replayed" = String, description = "`true` when this is the stored answer of an earlier request with the same Idempotency-Key: nothing was written now."),
    )
)]
pub struct Patched(User);

// The writes' operations. Their answers are the same on both frameworks, and no attribute adds to them (the
// reads' `#[conditional]` adds their conditional fields on actix), so each is documented once, here, on a
// function that only carries the documentation: each example's `ApiDocs` names these beside its own reads.

/// POST /users: 201 with the new user and its Location.
#[utoipa::path(
    post, path = "/users", tag = "users",
    params(WritePreconditions, IdempotencyKeyParam), request_body = UserFields,
    responses(ConditionalWrite, KeyedWrite, Created, BadRequest, BadBody),
)]
pub fn create_user() {}

/// PUT /users/{id}: replaces the user (200), or creates it (201) when there is none.
#[utoipa::path(
    put, path = "/users/{id}", tag = "users",
    params(UserId, WritePreconditions), request_body = UserFields,
    responses(ConditionalWrite, PreconditionRequired, Put, BadRequest, BadBody),
)]
pub fn put_user() {}

/// PATCH /users/{id}: a JSON merge patch of name and email; 200 with the user.
#[utoipa::path(
    patch, path = "/users/{id}", tag = "users",
    params(UserId, WritePreconditions, IdempotencyKeyParam),
    request_body(content = UserPatch, content_type = "application/merge-patch+json"),
    responses(
        ConditionalWrite, KeyedWrite, PreconditionRequired,
        Patched, BadRequest, NoSuchUser, BadBody,
    ),
)]
pub fn patch_user() {}

/// DELETE /users/{id}: 204.
#[utoipa::path(
    delete, path = "/users/{id}", tag = "users",
    params(UserId, WritePreconditions),
    responses(
        ConditionalWrite, PreconditionRequired,
        (status = 204, description = "Deleted."), BadRequest, NoSuchUser,
    ),
)]
pub fn delete_user() {}

/// `{id}` in the user paths.
#[derive(IntoParams)]
#[into_params(names("id"), parameter_in = Path)]
pub struct UserId(
    /// The user's id: a positive integer with no sign or leading zero, such as 1.
    i64,
);

/// Accept-Language on the card.
#[derive(IntoParams)]
#[into_params(names("Accept-Language"), parameter_in = Header)]
pub struct AcceptLanguage(
    /// The card's language: `en` or `fr`, by preference (RFC 9110 §12.5.4); English when neither is asked for.
    Option<String>,
);

/// X-User on `/me`.
#[derive(IntoParams)]
#[into_params(names("X-User"), parameter_in = Header)]
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
pub struct BadRequest(Problem);

/// 404 on a user path.
#[derive(IntoResponses)]
#[response(
    status = 404,
    description = "No user has this id.",
    content_type = "application/problem+json"
)]
pub struct NoSuchUser(Problem);

/// 415 and 422 for a body.
#[derive(IntoResponses)]
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
