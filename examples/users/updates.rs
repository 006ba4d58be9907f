//! What POST, PUT, PATCH and DELETE do, whatever framework serves them (each example's `writes.rs` reads the
//! request and sends the answer): each write checks the request's preconditions against the stored user inside
//! the transaction that writes, so that no other write can come between the check and the write (no lost
//! update, RFC 9110 §13.1.1).
//!
//! A write to `/users/{id}` first checks its preconditions against the user read without a lock, and stops there
//! when they fail: the 412 is true of the state at that read, a moment within the request, and nothing is
//! written, so no lock is needed to answer it. Only a write that may pass waits for the user's lock, under which
//! the check is made again. Under contention most attempts carry a tag another writer has just replaced; this
//! keeps them out of the queue for the lock.
//!
//! Each write runs on a task of its own, to its end, whatever its client does meanwhile (`to_the_end`).

use etag_runtime::Precondition;
use etag_runtime::writes::{Idempotency, Stored};

use crate::errors::ApiError;
use crate::model::{ListStamp, User, UserFields, UserPatch};
use crate::paths::{LARGEST_ID_A_PUT_CREATES, user_id, user_path};
use crate::store::{KeyUse, Store, Written};

/// POST /users: the new user, with the next free id, or the answer kept under the request's key.
pub async fn create(
    store: Store,
    precondition: Precondition,
    idempotency: Idempotency,
    fields: UserFields,
) -> Result<Written<User>, ApiError> {
    to_the_end(async move {
        let fields = fields.validated()?;
        let key = idempotency.keyed(&fields).map(|keyed| KeyUse {
            keyed,
            answer: |user, _| Stored::created(user.clone(), user_path(user.id)),
        });
        store
            .create(key, move |list: &ListStamp| {
                // The target is the collection, which exists; its validator is the tag GET /users sends, so
                // that `If-None-Match: *` or that tag refuses the POST (412), and `If-Match: *` or that tag lets
                // it through.
                precondition.check(Some(list))?;
                Ok(fields)
            })
            .await
    })
    .await
}

/// PUT /users/{id}: the user as stored now, and whether the PUT created it.
pub async fn replace(
    store: Store,
    segment: String,
    precondition: Precondition,
    fields: UserFields,
) -> Result<(User, bool), ApiError> {
    to_the_end(async move {
        let id = user_id(&segment)?;
        let fields = fields.validated()?;
        let early = fields.clone();
        refuse_early(&store, id, &precondition, Missing::MayCreate, |user| user.holds(&early)).await?;
        let written = store
            .put(id, None, move |current| {
                // Already in place (a retry whose first answer was lost): the same fields, so nothing is written and
                // the version stays (RFC 9110 §13.1.1).
                precondition.check_unless_in_place(current, |user| user.holds(&fields))?;
                if current.is_none() && id > LARGEST_ID_A_PUT_CREATES {
                    return Err(ApiError::unprocessable(format!(
                        "a PUT creates users with ids up to {LARGEST_ID_A_PUT_CREATES}; POST gives larger ones"
                    )));
                }
                Ok(fields)
            })
            .await?;
        match written {
            Written::Done(done) => Ok(done),
            Written::Replayed(_) => unreachable!("a write without a key is never replayed"),
        }
    })
    .await
}

/// PATCH /users/{id}: the user as stored now, or the answer kept under the request's key.
pub async fn patch(
    store: Store,
    segment: String,
    precondition: Precondition,
    idempotency: Idempotency,
    patch: UserPatch,
) -> Result<Written<User>, ApiError> {
    to_the_end(async move {
        let id = user_id(&segment)?;
        let patch = patch.validated()?;
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
            Written::Done((user, _)) => Written::Done(user),
            Written::Replayed(record) => Written::Replayed(record),
        })
    })
    .await
}

/// DELETE /users/{id}.
pub async fn delete(store: Store, segment: String, precondition: Precondition) -> Result<(), ApiError> {
    to_the_end(async move {
        let id = user_id(&segment)?;
        refuse_early(&store, id, &precondition, Missing::NotFound, |_| false).await?;
        store
            .delete(id, move |current| {
                let current = existing(current, id)?;
                Ok(precondition.check(Some(current))?)
            })
            .await
    })
    .await
}

/// Runs `write` on a task of its own, to its end. A server drops a handler's future when its client resets the
/// connection (actix-web and hyper alike), and a write cut there would land or not by the moment the client
/// left; on its own task it commits or rolls back whole. The client that left never reads the answer; its retry
/// with the same Idempotency-Key replays it.
async fn to_the_end<T: Send + 'static>(
    write: impl Future<Output = Result<T, ApiError>> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::spawn(write).await?
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
