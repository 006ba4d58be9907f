//! [`Problem`] and [`Rejected`] on axum: made with the `http` crate's `StatusCode`, and sent as responses.

use ::axum::response::{IntoResponse, Response};
use http::header::CONTENT_TYPE;
use http::{HeaderValue, StatusCode};

use super::marks::{HandlerFailed, NotModifiedByHandler};
use crate::responses::{Outcome, PROBLEM_JSON, Problem, Rejected, framework_status};

framework_status!(StatusCode, "The `http` crate's status (axum's), as a [`Problem`]'s.");

/// problem+json (RFC 9457) with the problem's status, the validators it names and its Retry-After; a 304 has
/// only the fields (RFC 9110 §15.4.5).
impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        // Every problem's status came from a `StatusCode` or is one this crate makes, so this never falls back.
        let status = StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = match self.sent_body() {
            Some(body) => {
                let content_type = [(CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON))];
                (status, content_type, ::axum::Extension(HandlerFailed), body).into_response()
            }
            None => (status, ::axum::Extension(NotModifiedByHandler)).into_response(),
        };
        let headers = response.headers_mut();
        for (name, value) in self.sent_fields() {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(name, value);
            }
        }
        response
    }
}

/// The rejection's problem (or its 304), with its [`Outcome`] for an access log; the check that made it has
/// reported it already.
impl IntoResponse for Rejected {
    fn into_response(self) -> Response {
        let mut response = self.answer().into_response();
        response.extensions_mut().insert(Outcome::of(self.decision(), false));
        response
    }
}
