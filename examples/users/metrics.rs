//! `--metrics`: `GET /metrics`, etag-runtime's counters of conditional responses in the Prometheus text format.
//!
//! etag-runtime counts through the `metrics` facade (its `metrics` feature); this recorder keeps the counts and
//! renders them when the page is asked for. The page itself is not conditional: it changes with every request.

use actix_web::HttpResponse;
use actix_web::http::header::{CONTENT_TYPE, HeaderValue};
use actix_web::web::{self, ServiceConfig};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use crate::routes::only;

/// Installs the recorder that keeps etag-runtime's counts, once per process.
pub fn install() -> Result<PrometheusHandle, String> {
    PrometheusBuilder::new()
        .install_recorder()
        .map_err(|error| format!("cannot count for /metrics: {error}"))
}

/// Adds `GET` and `HEAD /metrics`, rendered from `handle`.
pub fn routes(config: &mut ServiceConfig, handle: &PrometheusHandle) {
    config.app_data(web::Data::new(handle.clone())).service(
        web::resource("/metrics")
            .route(web::get().to(page))
            .route(web::head().to(page))
            .default_service(only("GET, HEAD")),
    );
}

async fn page(handle: web::Data<PrometheusHandle>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        ))
        .body(handle.render())
}
