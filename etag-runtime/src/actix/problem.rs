//! [`Problem`] on actix-web: made with actix's `StatusCode`, and sent as an actix error.

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use actix_web::{HttpResponse, ResponseError};

use super::representation::NotModifiedByHandler;
use crate::responses::{PROBLEM_JSON, Problem, ProblemStatus, sealed};

impl sealed::Sealed for StatusCode {}

/// actix-web's status, as a [`Problem`]'s.
impl ProblemStatus for StatusCode {
    fn code(&self) -> u16 {
        self.as_u16()
    }

    fn reason(&self) -> Option<&'static str> {
        self.canonical_reason()
    }
}

impl ResponseError for Problem {
    fn status_code(&self) -> StatusCode {
        // Every problem's status came from a `StatusCode` or is one this crate makes, so this never falls back.
        StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let mut response = HttpResponse::build(status);
        for (name, value) in self.current_fields() {
            if let Some(value) = value.and_then(|value| HeaderValue::from_str(value).ok()) {
                response.insert_header((name, value));
            }
        }
        if let Some(seconds) = self.retry_after() {
            response.insert_header((RETRY_AFTER, seconds));
        }
        if status == StatusCode::NOT_MODIFIED {
            // RFC 9110 §15.4.5: a 304 has no content, so no problem body; it carries the validators it was
            // decided on, and the route's cache fields where a `#[conditional]` route sends it.
            let mut response = response.finish();
            response.extensions_mut().insert(NotModifiedByHandler);
            return response;
        }
        let body = self.body().to_bytes();
        response.insert_header((CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        response.body(body)
    }
}
