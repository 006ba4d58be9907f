//! POST, PUT, PATCH and DELETE: each write checks the request's preconditions against the stored user inside
//! the transaction that writes, so that no other write can come between the check and the write (no lost
//! update, RFC 9110 §13.1.1).
//!
//! A write to `/users/{id}` first checks its preconditions against the user read without a lock, and stops there
//! when they fail: the 412 is true of the state at that read, a moment within the request, and nothing is
//! written, so no lock is needed to answer it. Only a write that may pass waits for the user's lock, under which
//! the check is made again. Under contention most attempts carry a tag another writer has just replaced; this
//! keeps them out of the queue for the lock.
//!
//! A write's response carries no ETag or Last-Modified: the stored representation (with its new version and
//! date) is not the request content (RFC 9110 §9.3.4). A client that wants the new validators asks with GET or
//! HEAD.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::web::{self, Json};
use etag_runtime::Precondition;
use etag_runtime::hashing::HashedJson;
use etag_runtime::openapi::{ConditionalWrite, PreconditionRequired, WritePreconditions};

use crate::docs;
use crate::errors::ApiError;
use crate::model::{User, UserFields, UserPatch};
use crate::paths::{user_id, user_path};
use crate::store::Store;

/// POST /users: 201 with the new user and its Location.
#[utoipa::path(
    post, path = "/users", tag = "users",
    params(WritePreconditions), request_body = UserFields,
    responses(
        ConditionalWrite,
        (status = 201, description = "Created: the new user, and its URL in Location.", body = User,
            headers(("Location" = String, description = "The new user's path, /users/{id}."))),
        docs::BadRequest, docs::BadBody,
    ),
)]
pub async fn create_user(
    store: web::Data<Store>,
    precondition: Precondition,
    body: Json<UserFields>,
) -> Result<HttpResponse, ApiError> {
    let fields = body.into_inner().validated()?;
    let user = store
        .create(move |users| {
            // The target is the collection, which exists; its validator is the tag GET /users sends, so that
            // `If-None-Match: *` or that tag refuses the POST (412) and `If-Match: *` lets it through.
            let listed = HashedJson::of(users)
                .map_err(|error| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("the list: {error}")))?;
            precondition.check_validators(true, Some(&listed.etag), None)?;
            Ok(fields)
        })
        .await?;
    Ok(created(&user))
}

/// PUT /users/{id}: replaces the user (200), or creates it (201) when there is none; `If-None-Match: *` makes
/// it create-only and `If-Match` replace-only.
#[utoipa::path(
    put, path = "/users/{id}", tag = "users",
    params(docs::UserId, WritePreconditions), request_body = UserFields,
    responses(
        ConditionalWrite, PreconditionRequired,
        (status = 200, description = "Replaced: the user as stored now.", body = User),
        (status = 201, description = "Created at this id (none was there): the new user.", body = User,
            headers(("Location" = String, description = "The new user's path."))),
        docs::BadRequest, docs::BadBody,
    ),
)]
pub async fn put_user(
    store: web::Data<Store>,
    id: web::Path<String>,
    precondition: Precondition,
    body: Json<UserFields>,
) -> Result<HttpResponse, ApiError> {
    let id = user_id(&id)?;
    let fields = body.into_inner().validated()?;
    refuse_early(&store, id, &precondition, Missing::MayCreate).await?;
    let (user, was_created) = store
        .put(id, move |current| {
            precondition.check(current)?;
            Ok(fields)
        })
        .await?;
    Ok(if was_created {
        created(&user)
    } else {
        HttpResponse::Ok().json(user)
    })
}

/// PATCH /users/{id}: a JSON merge patch of name and email; 200 with the user.
#[utoipa::path(
    patch, path = "/users/{id}", tag = "users",
    params(docs::UserId, WritePreconditions),
    request_body(content = UserPatch, content_type = "application/merge-patch+json"),
    responses(
        ConditionalWrite, PreconditionRequired,
        (status = 200, description = "Patched: the user as stored now.", body = User),
        docs::BadRequest, docs::NoSuchUser, docs::BadBody,
    ),
)]
pub async fn patch_user(
    store: web::Data<Store>,
    id: web::Path<String>,
    precondition: Precondition,
    body: Json<UserPatch>,
) -> Result<HttpResponse, ApiError> {
    let id = user_id(&id)?;
    let patch = body.into_inner().validated()?;
    refuse_early(&store, id, &precondition, Missing::NotFound).await?;
    let (user, _) = store
        .put(id, move |current| {
            let current = existing(current, id)?;
            precondition.check(Some(current))?;
            patch.applied_to(current)
        })
        .await?;
    Ok(HttpResponse::Ok().json(user))
}

/// DELETE /users/{id}: 204.
#[utoipa::path(
    delete, path = "/users/{id}", tag = "users",
    params(docs::UserId, WritePreconditions),
    responses(
        ConditionalWrite, PreconditionRequired,
        (status = 204, description = "Deleted."), docs::BadRequest, docs::NoSuchUser,
    ),
)]
pub async fn delete_user(
    store: web::Data<Store>,
    id: web::Path<String>,
    precondition: Precondition,
) -> Result<HttpResponse, ApiError> {
    let id = user_id(&id)?;
    refuse_early(&store, id, &precondition, Missing::NotFound).await?;
    store
        .delete(id, move |current| {
            let current = existing(current, id)?;
            Ok(precondition.check(Some(current))?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// What a write does to a user that does not exist: PUT creates it; PATCH and DELETE answer 404.
#[derive(PartialEq, Eq)]
enum Missing {
    MayCreate,
    NotFound,
}

/// Refuses the write if its preconditions fail against the user as it is now, read without a lock: its version
/// and date alone, which give the same validators as the whole row. A missing user is left to the locked check
/// when it means 404, which comes before the preconditions (RFC 9110 §13.2.1).
async fn refuse_early(store: &Store, id: i64, precondition: &Precondition, missing: Missing) -> Result<(), ApiError> {
    let current = store.stamp(id).await?;
    if current.is_none() && missing == Missing::NotFound {
        return Ok(());
    }
    Ok(precondition.check(current.as_ref())?)
}

/// The user, or a 404. RFC 9110 §13.2.1: a response that would be a 404 without the preconditions stays a 404,
/// so this comes before the check.
fn existing(current: Option<&User>, id: i64) -> Result<&User, ApiError> {
    current.ok_or(ApiError::not_found(id))
}

fn created(user: &User) -> HttpResponse {
    HttpResponse::Created()
        .insert_header((LOCATION, user_path(user.id)))
        .json(user)
}
