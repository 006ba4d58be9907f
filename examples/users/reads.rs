//! GET and HEAD: conditional through `#[conditional]`, which answers 304 when the client's copy is current.

use actix_web::web::{self, Json};
use etag_runtime::{Deferred, Validators, conditional};

use crate::docs;
use crate::errors::ApiError;
use crate::model::{Stats, User};
use crate::paths::user_id;
use crate::store::Store;

// `no-cache`: caches may keep a copy but must revalidate it before each use, which a 304 makes cheap.

/// The list. Its validator comes first, from the list's revision alone, and the rows are read (and serialized)
/// only when a body goes out, in the same snapshot as the revision, so the tag names the rows sent. A 304 reads
/// one value (in a read transaction, which it then ends).
// `#[conditional]` above `#[utoipa::path]` adds the conditional request fields and the 304, 412 and 400 to it.
#[conditional(cache_control = "no-cache")]
#[utoipa::path(get, path = "/users", tag = "users", responses(
    (status = 200, description = "Every user, by id. The ETag is strong, `\"list-v<revision>+s.<shape>\"`, and \
        changes with every write that changes the list.", body = [User]),
))]
pub async fn list_users(store: web::Data<Store>) -> Result<Deferred, ApiError> {
    let (stamp, rows) = store.list_snapshot().await?;
    Ok(Deferred::new(Validators::of(&stamp), async move {
        rows.users().await.map(Json)
    }))
}

/// One user, read once: its tag and its body come from the same row, and a 304 costs that read and no
/// serialization (the model's `ETag`).
#[conditional(cache_control = "no-cache")]
#[utoipa::path(get, path = "/users/{id}", tag = "users", params(docs::UserId), responses(
    (status = 200, description = "The user. Its ETag is strong, `\"v<version>+s.<shape>\"`.", body = User),
    docs::BadRequest,
    docs::NoSuchUser,
))]
pub async fn get_user(store: web::Data<Store>, id: web::Path<String>) -> Result<Json<User>, ApiError> {
    let id = user_id(&id)?;
    let user = store.find(id).await?.ok_or(ApiError::not_found(id))?;
    Ok(Json(user))
}

/// Counts per email domain, built in a `HashMap`: hashed in key order, so the same counts give the same ETag.
#[conditional(cache_control = "no-cache")]
#[utoipa::path(get, path = "/users/stats", tag = "users", responses(
    (status = 200, description = "How many users have an address at each domain.", body = Stats),
))]
pub async fn user_stats(store: web::Data<Store>) -> Result<Stats, ApiError> {
    let users = store.list().await?;
    Ok(Stats::of(&users))
}
