//! `--log`'s middleware: one line per request (`log_lines.rs`), once the response as the client receives it
//! is known.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{ETAG, IF_NONE_MATCH};
use axum::middleware::Next;
use axum::response::Response;
use etag_runtime::Outcome;

use crate::log_lines::{self, Line};

pub async fn access_log(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let if_none_match = request.headers().get(IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    log_lines::print(Line {
        method: method.as_str(),
        path: &path,
        if_none_match: if_none_match.as_ref().map(HeaderValue::as_bytes),
        status: response.status().as_u16(),
        etag: response.headers().get(ETAG).map(HeaderValue::as_bytes),
        decision: response.extensions().get::<Outcome>().copied(),
    });
    response
}
