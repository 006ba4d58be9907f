//! `/me`: the user who asks, named by the `X-User` request field (an authenticating proxy in front would set it;
//! the example trusts it as it is, with no authentication of its own).
//!
//! The body depends on who asks, so the route is `per_user`: each requester's tag is its own (the user's tag,
//! then `+u.` and a digest of the requester: no id in it), `Vary` names X-User, and the answer is `private`, so
//! that no shared cache gives one user's answer to another (RFC 9111 §5.2.2.7).

use actix_web::{HttpRequest, web};
use etag_runtime::actix::Requester;
use etag_runtime::conditional;

use crate::docs;
use crate::errors::ApiError;
use crate::model::User;
use crate::paths::user_id;
use crate::store::Store;

/// The request field that names the requester.
pub static REQUESTER: Requester = Requester::field("X-User");

/// The requester's own user.
#[conditional(per_user = REQUESTER)]
#[utoipa::path(get, path = "/me", tag = "users", params(docs::XUser), responses(
    (status = 200, description = "The user named by X-User. Its ETag is the user's, then the requester \
        (`+u.` and a digest); `Cache-Control: private` and `Vary: X-User`, so no shared cache stores it.",
        body = User, headers(("Vary" = String, description = "X-User, Accept-Encoding: each requester gets a representation of its own."))),
    (status = 401, description = "No X-User, or one that is not a user id.", content_type = "application/problem+json"),
    docs::BadRequest, docs::NoSuchUser,
))]
pub async fn me(request: HttpRequest, store: web::Data<Store>) -> Result<User, ApiError> {
    let named = request.headers().get(REQUESTER.vary_field());
    let id = named
        .and_then(|value| value.to_str().ok())
        .and_then(|text| user_id(text).ok())
        .ok_or_else(ApiError::no_requester)?;
    store.find(id).await?.ok_or(ApiError::not_found(id))
}
