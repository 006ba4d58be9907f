//! [`Problem`] on actix-web: made with actix's `StatusCode`, and sent as an actix error.

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, HeaderValue};
use actix_web::{HttpResponse, ResponseError};

use super::representation::NotModifiedByHandler;
use crate::responses::{PROBLEM_JSON, Problem, framework_status};

framework_status!(StatusCode, "actix-web's status, as a [`Problem`]'s.");

impl ResponseError for Problem {
    fn status_code(&self) -> StatusCode {
        // Every problem's status came from a `StatusCode` or is one this crate makes, so this never falls back.
        StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        for (name, value) in self.sent_fields() {
            if let Ok(value) = HeaderValue::from_str(&value) {
                response.insert_header((name, value));
            }
        }
        let Some(body) = self.sent_body() else {
            // A 304 a handler's own check decided: the route's cache fields where a `#[conditional]` route
            // sends it.
            let mut response = response.finish();
            response.extensions_mut().insert(NotModifiedByHandler);
            return response;
        };
        response.insert_header((CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        response.body(body)
    }
}
