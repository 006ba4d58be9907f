//! `--metrics`: `GET /metrics`, etag-runtime's counters of conditional responses in the Prometheus text format.
//! Not conditional: it changes with every request.

use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, get};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

/// Installs the recorder that keeps etag-runtime's counts, once per process.
pub fn install() -> Result<PrometheusHandle, String> {
    let recorder = PrometheusBuilder::new().install_recorder();
    recorder.map_err(|error| format!("cannot count for /metrics: {error}"))
}

/// `GET` and `HEAD /metrics`, rendered from `handle`.
pub fn route<S: Clone + Send + Sync + 'static>(handle: PrometheusHandle) -> MethodRouter<S> {
    let page = move || async move {
        let text = "text/plain; version=0.0.4; charset=utf-8";
        ([(CONTENT_TYPE, text)], handle.render()).into_response()
    };
    get(page)
}
