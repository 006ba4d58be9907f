//! `/livez` and `/readyz`, the probes an orchestrator (Kubernetes, a load balancer) calls: whether the process
//! answers at all, and whether it can serve requests now, its database included. Neither is conditional, and
//! both are `no-store`: each answer is true of one moment.

use actix_web::http::header::{CACHE_CONTROL, CacheControl, CacheDirective};
use actix_web::{HttpResponse, web};

use crate::errors::ApiError;
use crate::readiness;
use crate::store::Store;

/// Liveness: 200 while the process serves HTTP; it reads nothing, so a database outage never gets the process
/// restarted (a restart would not bring the database back).
#[utoipa::path(get, path = "/livez", tag = "operations", responses(
    (status = 200, description = "The process is serving.", body = String, content_type = "text/plain"),
))]
pub async fn livez() -> HttpResponse {
    probe_answer("live\n")
}

/// Readiness: 200 when the database answers a query in time (`readiness.rs`); 503 problem+json with Retry-After
/// otherwise, so that a load balancer sends requests to other instances until this one can serve them.
#[utoipa::path(get, path = "/readyz", tag = "operations", responses(
    (status = 200, description = "The database answers: the instance can serve requests.", body = String,
        content_type = "text/plain"),
    (status = 503, description = "The database does not answer now.", content_type = "application/problem+json"),
))]
pub async fn readyz(store: web::Data<Store>) -> Result<HttpResponse, ApiError> {
    readiness::database_answers(&store).await?;
    Ok(probe_answer("ready\n"))
}

fn probe_answer(text: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CACHE_CONTROL, CacheControl(vec![CacheDirective::NoStore])))
        .content_type("text/plain; charset=utf-8")
        .body(text)
}
