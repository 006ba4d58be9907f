//! GET and HEAD: conditional through `#[conditional]`, which answers 304 when the client's copy is current.

use actix_web::web::{self, Json};
use etag_runtime::{Deferred, Validators, conditional};

use crate::docs;
use crate::errors::ApiError;
use crate::model::{Stats, User};
use crate::paths::user_id;
use crate::store::Store;

// `no-cache`: caches may keep a copy but must revalidate it before each use, which a 304 makes cheap.

/// The list: no model validator covers it, so its ETag is the hash of the JSON sent (weak).
// `#[conditional]` above `#[utoipa::path]` adds the conditional request fields and the 304, 412 and 400 to it.
#[conditional(cache_control = "no-cache")]
#[utoipa::path(get, path = "/users", tag = "users", responses(
    (status = 200, description = "Every user, by id.", body = [User]),
))]
pub async fn list_users(store: web::Data<Store>) -> Result<Vec<User>, ApiError> {
    store.list().await
}

/// One user. The validators come first, from a query that reads only the user's version and date; the row itself
/// is read (and serialized) only when a body goes out. A 304 costs that one small query.
#[conditional(cache_control = "no-cache")]
#[utoipa::path(get, path = "/users/{id}", tag = "users", params(docs::UserId), responses(
    (status = 200, description = "The user. Its ETag is strong, `\"v<version>\"`.", body = User),
    docs::BadRequest,
    docs::NoSuchUser,
))]
pub async fn get_user(store: web::Data<Store>, id: web::Path<String>) -> Result<Deferred, ApiError> {
    let id = user_id(&id)?;
    let stamp = store.stamp(id).await?.ok_or(ApiError::not_found(id))?;
    Ok(Deferred::new(Validators::of(&stamp), async move {
        // Deleted since the stamp was read: a 404, sent without validators.
        let user = store.find(id).await?.ok_or(ApiError::not_found(id))?;
        Ok::<_, ApiError>(Json(user))
    }))
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
