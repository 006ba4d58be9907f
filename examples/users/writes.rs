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
//! A PATCH answers with the user as stored now, the bytes a GET sends, and so with its new ETag and
//! Last-Modified (`Stored`), so that a client chains its next write without a GET (RFC 5789 §2); so does a POST
//! that creates, beside its Location. A PUT's answer carries none: the stored representation (with its new
//! version and date) is not the request content as sent, which RFC 9110 §9.3.4 requires for validators in a
//! PUT's answer; a client that wants them asks with GET or HEAD.

use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::web::{self, Json};
use actix_web::{Either, HttpResponse};
use etag_runtime::Precondition;
use etag_runtime::actix::Stored;
use etag_runtime::actix::idempotency::{Idempotency, KeyedAnswer, Replay};
use etag_runtime::openapi::{
    ConditionalWrite, IdempotencyKeyParam, KeyedWrite, PreconditionRequired, WritePreconditions,
};

use crate::docs;
use crate::errors::ApiError;
use crate::model::{ListStamp, User, UserFields, UserPatch};
use crate::paths::{LARGEST_ID_A_PUT_CREATES, user_id, user_path};
use crate::store::{KeyUse, Store, Written};

/// POST /users: 201 with the new user and its Location.
#[utoipa::path(
    post, path = "/users", tag = "users",
    params(WritePreconditions, IdempotencyKeyParam), request_body = UserFields,
    responses(
        ConditionalWrite, KeyedWrite,
        (status = 201, description = "Created: the new user, and its URL in Location.", body = User,
            headers(("Location" = String, description = "The new user's path, /users/{id}."),
                ("ETag" = String, description = "The new user's entity tag, as a GET of its Location sends it."),
                ("Idempotent-Replayed" = String, description = "`true` when this is the stored answer of an earlier request with the same Idempotency-Key: nothing was created now."))),
        docs::BadRequest, docs::BadBody,
    ),
)]
pub async fn create_user(
    store: web::Data<Store>,
    precondition: Precondition,
    idempotency: Idempotency,
    body: Json<UserFields>,
) -> Result<KeyedAnswer<User>, ApiError> {
    let fields = body.into_inner().validated()?;
    let key = idempotency.keyed(&fields).map(|keyed| KeyUse {
        keyed,
        answer: |user, _| Stored::created(user.clone(), user_path(user.id)),
    });
    let written = store
        .create(key, move |list: &ListStamp| {
            // The target is the collection, which exists; its validator is the tag GET /users sends, so that
            // `If-None-Match: *` or that tag refuses the POST (412), and `If-Match: *` or that tag lets it through.
            precondition.check(Some(list))?;
            Ok(fields)
        })
        .await?;
    Ok(match written {
        Written::Done(user) => {
            let location = user_path(user.id);
            Either::Left(Stored::created(user, location))
        }
        Written::Replayed(record) => Either::Right(Replay::from(record)),
    })
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
    let early = fields.clone();
    refuse_early(&store, id, &precondition, Missing::MayCreate, |user| user.holds(&early)).await?;
    let written = store
        .put(id, None, move |current| {
            // Already in place (a retry whose first answer was lost): the same fields, so nothing is written and
            // the version stays (RFC 9110 §13.1.1).
            precondition.check_unless_in_place(current, |user| user.holds(&fields))?;
            if current.is_none() && id > LARGEST_ID_A_PUT_CREATES {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!("a PUT creates users with ids up to {LARGEST_ID_A_PUT_CREATES}; POST gives larger ones"),
                ));
            }
            Ok(fields)
        })
        .await?;
    let Written::Done((user, was_created)) = written else {
        unreachable!("a write without a key is never replayed")
    };
    Ok(if was_created {
        created(&user)
    } else {
        HttpResponse::Ok().json(user)
    })
}

/// PATCH /users/{id}: a JSON merge patch of name and email; 200 with the user.
#[utoipa::path(
    patch, path = "/users/{id}", tag = "users",
    params(docs::UserId, WritePreconditions, IdempotencyKeyParam),
    request_body(content = UserPatch, content_type = "application/merge-patch+json"),
    responses(
        ConditionalWrite, KeyedWrite, PreconditionRequired,
        (status = 200, description = "Patched: the user as stored now, the bytes a GET sends, with its new ETag and \
            Last-Modified: chain the next write on that ETag.", body = User,
            headers(("ETag" = String, description = "The user's new entity tag."),
                ("Idempotent-Replayed" = String, description = "`true` when this is the stored answer of an earlier request with the same Idempotency-Key: nothing was written now."))),
        docs::BadRequest, docs::NoSuchUser, docs::BadBody,
    ),
)]
pub async fn patch_user(
    store: web::Data<Store>,
    id: web::Path<String>,
    precondition: Precondition,
    idempotency: Idempotency,
    body: Json<UserPatch>,
) -> Result<KeyedAnswer<User>, ApiError> {
    let id = user_id(&id)?;
    let patch = body.into_inner().validated()?;
    let key = idempotency.keyed(&patch).map(|keyed| KeyUse {
        keyed,
        answer: |user, _| Stored::new(user.clone()),
    });
    // A keyed retry whose first attempt landed fails its If-Match now: only the locked write, which looks up the
    // key first, may answer it.
    if key.is_none() {
        let early = patch.clone();
        refuse_early(&store, id, &precondition, Missing::NotFound, |user| {
            early.in_place(user)
        })
        .await?;
    }
    let written = store
        .put(id, key, move |current| {
            let current = existing(current, id)?;
            precondition.check_unless_in_place(Some(current), |user| patch.in_place(user))?;
            patch.applied_to(current)
        })
        .await?;
    Ok(match written {
        Written::Done((user, _)) => Either::Left(Stored::new(user)),
        Written::Replayed(record) => Either::Right(Replay::from(record)),
    })
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
    refuse_early(&store, id, &precondition, Missing::NotFound, |_| false).await?;
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

/// Refuses the write if its preconditions fail against the user as it is now, read without a lock, unless its
/// change is already in place (`in_place`), which the locked check then answers. A missing user is left to the
/// locked check when it means 404, which comes before the preconditions (RFC 9110 §13.2.1).
async fn refuse_early(
    store: &Store,
    id: i64,
    precondition: &Precondition,
    missing: Missing,
    in_place: impl FnOnce(&User) -> bool,
) -> Result<(), ApiError> {
    let current = store.find(id).await?;
    if current.is_none() && missing == Missing::NotFound {
        return Ok(());
    }
    precondition.check_unless_in_place(current.as_ref(), in_place)?;
    Ok(())
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
