//! `--log`'s middleware: one line per request (`log_lines.rs`), once the response as the client receives it
//! is known.

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use etag_runtime::Outcome;

use crate::log_lines::{self, Line};

pub async fn access_log(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let method = request.method().clone();
    let path = request.path().to_owned();
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.call(request).await?;
    log_lines::print(Line {
        method: method.as_str(),
        path: &path,
        if_none_match: if_none_match.as_ref().map(HeaderValue::as_bytes),
        status: response.status().as_u16(),
        etag: response.headers().get(header::ETAG).map(HeaderValue::as_bytes),
        decision: response.response().extensions().get::<Outcome>().copied(),
    });
    Ok(response)
}
