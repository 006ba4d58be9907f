//! GET and HEAD of the users: each answer carries its validators, and the `Conditional` layer around these
//! routes answers 304 (or 412) from them.

use axum::extract::State;
use axum::http::HeaderValue;
use etag_runtime::Validators;
use etag_runtime::axum::{CanonicalJson, Deferred, Tagged};
use etag_runtime::openapi::{ConditionalRead, ReadPreconditions};

use crate::docs;
use crate::errors::ApiError;
use crate::extract::Segment;
use crate::model::{Stats, User};
use crate::paths::user_id;
use crate::store::Store;

/// The list. Its validator comes first, from the list's revision alone, and the rows are read (and serialized)
/// only when a body goes out, in the same snapshot as the revision, so the tag names the rows sent. A 304 reads
/// one value.
// Without an attribute to add them, each read lists the conditional fields and answers it documents.
#[utoipa::path(get, path = "/users", tag = "users", params(ReadPreconditions), responses(
    ConditionalRead,
    (status = 200, description = "Every user, by id. The ETag is strong, `\"list-v<revision>+s.<shape>\"`, and \
        changes with every write that changes the list.", body = [User]),
))]
pub async fn list_users(State(store): State<Store>) -> Result<Deferred, ApiError> {
    let (stamp, rows) = store.list_snapshot().await?;
    let json = HeaderValue::from_static("application/json");
    Ok(Deferred::new(Validators::of(&stamp), json, async move {
        let users = rows.users().await?;
        serde_json::to_vec(&users).map_err(|error| ApiError::internal(error.to_string()))
    }))
}

/// One user, read once: its tag and its body come from the same row, and a 304 costs that read and no
/// serialization (`Tagged`, the model's `ETag`).
#[utoipa::path(get, path = "/users/{id}", tag = "users", params(docs::UserId, ReadPreconditions), responses(
    ConditionalRead,
    (status = 200, description = "The user. Its ETag is strong, `\"v<version>+s.<shape>\"`.", body = User),
    docs::BadRequest,
    docs::NoSuchUser,
))]
pub async fn get_user(State(store): State<Store>, Segment(id): Segment) -> Result<Tagged<User>, ApiError> {
    let id = user_id(&id)?;
    let user = store.find(id).await?.ok_or(ApiError::not_found(id))?;
    Ok(Tagged(user))
}

/// Counts per email domain, built in a `HashMap`: sent as canonical JSON, its keys in order, so the same counts
/// hash to the same ETag.
#[utoipa::path(get, path = "/users/stats", tag = "users", params(ReadPreconditions), responses(
    ConditionalRead,
    (status = 200, description = "How many users have an address at each domain.", body = Stats),
))]
pub async fn user_stats(State(store): State<Store>) -> Result<CanonicalJson<Stats>, ApiError> {
    let users = store.list().await?;
    Ok(CanonicalJson(Stats::of(&users)))
}
