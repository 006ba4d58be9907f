//! `/livez` and `/readyz`, the probes an orchestrator calls: whether the process answers at all, and whether it
//! can serve requests now, its database included. Neither is conditional, and both are `no-store`.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;

use crate::errors::ApiError;
use crate::readiness;
use crate::store::Store;

/// Liveness: 200 while the process serves HTTP; it reads nothing, so a database outage never gets the process
/// restarted.
#[utoipa::path(get, path = "/livez", tag = "operations", responses(
    (status = 200, description = "The process is serving.", body = String, content_type = "text/plain"),
))]
pub async fn livez() -> impl IntoResponse {
    probe_answer("live\n")
}

/// Readiness: 200 when the database answers a query in time (`readiness.rs`); 503 problem+json with Retry-After
/// otherwise, so that a load balancer sends requests to other instances meanwhile.
#[utoipa::path(get, path = "/readyz", tag = "operations", responses(
    (status = 200, description = "The database answers: the instance can serve requests.", body = String,
        content_type = "text/plain"),
    (status = 503, description = "The database does not answer now.", content_type = "application/problem+json"),
))]
pub async fn readyz(State(store): State<Store>) -> Result<impl IntoResponse, ApiError> {
    readiness::database_answers(&store).await?;
    Ok(probe_answer("ready\n"))
}

fn probe_answer(text: &'static str) -> impl IntoResponse {
    (
        [(CACHE_CONTROL, "no-store"), (CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
}
