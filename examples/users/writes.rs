//! POST, PUT, PATCH and DELETE on actix-web: each handler reads its request, runs the write in `updates.rs`
//! (the check and the write in one transaction, no lost update: RFC 9110 §13.1.1), and sends the answer.
//!
//! A PATCH answers with the user as stored now, the bytes a GET sends, and so with its new ETag and
//! Last-Modified (`Stored`), so that a client chains its next write without a GET (RFC 5789 §2); so does a POST
//! that creates, beside its Location. A PUT's answer carries none: the stored representation (with its new
//! version and date) is not the request content as sent, which RFC 9110 §9.3.4 requires for validators in a
//! PUT's answer; a client that wants them asks with GET or HEAD.

use actix_web::http::header::LOCATION;
use actix_web::web::{self, Json};
use actix_web::{Either, HttpResponse};
use etag_runtime::Precondition;
use etag_runtime::actix::Stored;
use etag_runtime::actix::idempotency::{Idempotency, KeyedAnswer, Replay};

use crate::errors::ApiError;
use crate::model::{User, UserFields, UserPatch};
use crate::paths::user_path;
use crate::store::{Store, Written};
use crate::updates;

/// POST /users: 201 with the new user and its Location.
pub async fn create_user(
    store: web::Data<Store>,
    precondition: Precondition,
    idempotency: Idempotency,
    body: Json<UserFields>,
) -> Result<KeyedAnswer<User>, ApiError> {
    let written = updates::create(store.get_ref().clone(), precondition, idempotency, body.into_inner()).await?;
    Ok(keyed_answer(written, |user| {
        let location = user_path(user.id);
        Stored::created(user, location)
    }))
}

/// PUT /users/{id}: replaces the user (200), or creates it (201) when there is none; `If-None-Match: *` makes
/// it create-only and `If-Match` replace-only.
pub async fn put_user(
    store: web::Data<Store>,
    id: web::Path<String>,
    precondition: Precondition,
    body: Json<UserFields>,
) -> Result<HttpResponse, ApiError> {
    let (user, was_created) = updates::replace(
        store.get_ref().clone(),
        id.into_inner(),
        precondition,
        body.into_inner(),
    )
    .await?;
    Ok(if was_created {
        created(&user)
    } else {
        HttpResponse::Ok().json(user)
    })
}

/// PATCH /users/{id}: a JSON merge patch of name and email; 200 with the user.
pub async fn patch_user(
    store: web::Data<Store>,
    id: web::Path<String>,
    precondition: Precondition,
    idempotency: Idempotency,
    body: Json<UserPatch>,
) -> Result<KeyedAnswer<User>, ApiError> {
    let written = updates::patch(
        store.get_ref().clone(),
        id.into_inner(),
        precondition,
        idempotency,
        body.into_inner(),
    )
    .await?;
    Ok(keyed_answer(written, Stored::new))
}

/// DELETE /users/{id}: 204.
pub async fn delete_user(
    store: web::Data<Store>,
    id: web::Path<String>,
    precondition: Precondition,
) -> Result<HttpResponse, ApiError> {
    updates::delete(store.get_ref().clone(), id.into_inner(), precondition).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The stored user as `answer` sends it, or the answer kept under the request's key, sent again.
fn keyed_answer(written: Written<User>, answer: impl FnOnce(User) -> Stored<User>) -> KeyedAnswer<User> {
    match written {
        Written::Done(user) => Either::Left(answer(user)),
        Written::Replayed(record) => Either::Right(Replay::from(record)),
    }
}

fn created(user: &User) -> HttpResponse {
    HttpResponse::Created()
        .insert_header((LOCATION, user_path(user.id)))
        .json(user)
}
