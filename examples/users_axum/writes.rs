//! POST, PUT, PATCH and DELETE on axum: each handler reads its request, runs the write in `updates.rs` (the
//! check and the write in one transaction, no lost update: RFC 9110 §13.1.1), and sends the answer: a PATCH's
//! and a POST's with the user's new validators (`Stored`), a PUT's with none (RFC 9110 §9.3.4).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use etag_runtime::axum::{Idempotency, Precondition, Replay, Stored};

use crate::errors::ApiError;
use crate::extract::{JsonBody, Segment};
use crate::model::{User, UserFields, UserPatch};
use crate::paths::user_path;
use crate::store::{Store, Written};
use crate::updates;

/// POST /users: 201 with the new user and its Location.
pub async fn create_user(
    State(store): State<Store>,
    precondition: Precondition,
    idempotency: Idempotency,
    JsonBody(fields): JsonBody<UserFields>,
) -> Result<Response, ApiError> {
    let written = updates::create(store, precondition, idempotency, fields).await?;
    Ok(keyed_answer(written, |user| {
        let location = user_path(user.id);
        Stored::created(user, location)
    }))
}

/// PUT /users/{id}: replaces the user (200), or creates it (201) when there is none.
pub async fn put_user(
    State(store): State<Store>,
    Segment(id): Segment,
    precondition: Precondition,
    JsonBody(fields): JsonBody<UserFields>,
) -> Result<Response, ApiError> {
    let (user, was_created) = updates::replace(store, id, precondition, fields).await?;
    Ok(match was_created {
        true => (StatusCode::CREATED, [(LOCATION, user_path(user.id))], Json(user)).into_response(),
        false => Json(user).into_response(),
    })
}

/// PATCH /users/{id}: a JSON merge patch of name and email; 200 with the user and its new validators.
pub async fn patch_user(
    State(store): State<Store>,
    Segment(id): Segment,
    precondition: Precondition,
    idempotency: Idempotency,
    JsonBody(patch): JsonBody<UserPatch>,
) -> Result<Response, ApiError> {
    let written = updates::patch(store, id, precondition, idempotency, patch).await?;
    Ok(keyed_answer(written, Stored::new))
}

/// DELETE /users/{id}: 204.
pub async fn delete_user(
    State(store): State<Store>,
    Segment(id): Segment,
    precondition: Precondition,
) -> Result<StatusCode, ApiError> {
    updates::delete(store, id, precondition).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The stored user as `answer` sends it, or the answer kept under the request's key, sent again.
fn keyed_answer(written: Written<User>, answer: impl FnOnce(User) -> Stored<User>) -> Response {
    match written {
        Written::Done(user) => answer(user).into_response(),
        Written::Replayed(record) => Replay::from(record).into_response(),
    }
}
