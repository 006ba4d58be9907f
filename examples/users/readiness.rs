//! Whether the instance can serve requests now, `/readyz`'s question, whichever framework asks it: the database
//! answers a query within [`READY_WITHIN`].

use std::time::Duration;

use crate::errors::ApiError;
use crate::store::Store;

/// How long readiness waits for the database: less than the second orchestrators usually allow a probe, so
/// that a slow database is reported as not ready rather than as a probe that timed out.
const READY_WITHIN: Duration = Duration::from_millis(900);

/// `Ok` when the database answers in time; a 503 (with Retry-After) otherwise.
pub async fn database_answers(store: &Store) -> Result<(), ApiError> {
    let answered = tokio::time::timeout(READY_WITHIN, store.ping()).await;
    let late = || ApiError::unavailable(format!("the database did not answer within {READY_WITHIN:?}"));
    answered.map_err(|_| late())?
}
