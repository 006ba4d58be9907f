//! `/me`: the user who asks, named by the `X-User` request field (an authenticating proxy in front would set it;
//! the example trusts it as it is). The route's layer is `per_user`: each requester's tag is its own, `Vary`
//! names X-User, and the answer is `private` (RFC 9111 §5.2.2.7).

use axum::extract::State;
use axum::http::HeaderMap;
use etag_runtime::axum::{Requester, Tagged};
use etag_runtime::openapi::{ConditionalRead, ReadPreconditions};

use crate::docs;
use crate::errors::ApiError;
use crate::model::User;
use crate::paths::user_id;
use crate::store::Store;

/// The request field that names the requester.
pub static REQUESTER: Requester = Requester::field("X-User");

/// The requester's own user.
#[utoipa::path(get, path = "/me", tag = "users", params(docs::XUser, ReadPreconditions), responses(
    ConditionalRead,
    (status = 200, description = "The user named by X-User, tagged for that requester (`+u.` and a digest); \
        `Cache-Control: private` and `Vary: X-User`, so no shared cache stores it.", body = User,
        headers(("Vary" = String, description = "X-User, Accept-Encoding: each requester gets a representation of its own."))),
    (status = 401, description = "No X-User, or one that is not a user id.", content_type = "application/problem+json"),
    docs::BadRequest, docs::NoSuchUser,
))]
pub async fn me(headers: HeaderMap, State(store): State<Store>) -> Result<Tagged<User>, ApiError> {
    let id = headers
        .get(REQUESTER.vary_field())
        .and_then(|value| value.to_str().ok())
        .and_then(|text| user_id(text).ok())
        .ok_or_else(ApiError::no_requester)?;
    let user = store.find(id).await?.ok_or(ApiError::not_found(id))?;
    Ok(Tagged(user))
}
