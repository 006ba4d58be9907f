//! The JSON 200 the model, hashed and `Deferred::json` bodies go out as.

use actix_web::body::BoxBody;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpResponse, ResponseError};

use crate::responses::Problem;

/// A 200 with the JSON, or a 500 problem if the value could not be serialized. The content type is a static
/// value, so it is not parsed or copied per response; the response is made directly, not through the builder,
/// whose error plumbing nothing here needs.
pub(crate) fn json_response(body: serde_json::Result<Vec<u8>>) -> HttpResponse {
    match body {
        Ok(body) => {
            let mut response = HttpResponse::with_body(StatusCode::OK, BoxBody::new(Bytes::from(body)));
            let json = HeaderValue::from_static("application/json");
            response.headers_mut().insert(header::CONTENT_TYPE, json);
            response
        }
        Err(error) => serialization_failed(&error),
    }
}

/// The 500 for a value serde could not write.
pub(crate) fn serialization_failed(error: &serde_json::Error) -> HttpResponse {
    let detail = format!("the response could not be serialized to JSON: {error}");
    Problem::new(StatusCode::INTERNAL_SERVER_ERROR, detail).error_response()
}
