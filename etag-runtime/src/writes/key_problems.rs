//! The problem+json answers of keyed writes, whichever adapter sends them.

use crate::keys::{KeyFailure, Refusal};
use crate::responses::Problem;

/// 422, 429 (with Retry-After) or 409, saying what the client should do.
impl From<Refusal> for Problem {
    fn from(refusal: Refusal) -> Self {
        let problem = Problem::of_status(refusal.status(), refusal.to_string());
        match refusal.retry_after() {
            Some(seconds) => problem.with_retry_after(seconds),
            None => problem,
        }
    }
}

/// A refusal as its problem; a store's failure as a 500 that names no detail of the database to the client, and
/// an error event that does, for the operator: the error and each of its sources (a database client keeps the
/// server's message in a source).
impl<E: std::error::Error> From<KeyFailure<E>> for Problem {
    fn from(failure: KeyFailure<E>) -> Self {
        match failure {
            KeyFailure::Refused(refusal) => Problem::from(refusal),
            KeyFailure::Store(error) => {
                let error = with_sources(&error);
                tracing::error!(target: "etag_runtime", %error, "the idempotency key store failed");
                Problem::of_status(500, "the idempotency key store failed")
            }
        }
    }
}

/// An error and its sources, each after a colon.
fn with_sources(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
