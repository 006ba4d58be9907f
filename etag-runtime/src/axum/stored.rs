//! [`Stored`] and [`Replay`] on axum: the stored representation a write answers with, and a kept one sent again.

use ::axum::response::{IntoResponse, Response};
use http::header::{HeaderName, LOCATION};
use http::{HeaderValue, StatusCode};
use serde::Serialize;

use super::canonical::CanonicalJson;
use super::marks::WriteRepresentation;
use super::validated::put_validators;
use crate::validators::{ETag, Validators};
use crate::writes::{Replay, Stored};

/// The model as its GET sends it (canonical JSON, the same bytes), with its status, Location and validators;
/// behind the [`Conditional`](super::Conditional) layer its strong tag names the coding it is sent with.
impl<T: ETag + Serialize> IntoResponse for Stored<T> {
    fn into_response(self) -> Response {
        let mut response = CanonicalJson(&self.model).into_response();
        if !response.status().is_success() {
            // A model that could not be serialized: the 500 goes out as it is.
            return response;
        }
        *response.status_mut() = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        let json = HeaderValue::from_static("application/json");
        put_validators(&mut response, Validators::of(&self.model), json);
        if let Some(location) = self.location.and_then(|location| HeaderValue::try_from(location).ok()) {
            response.headers_mut().insert(LOCATION, location);
        }
        response.extensions_mut().insert(WriteRepresentation);
        response
    }
}

/// The kept outcome, marked `Idempotent-Replayed: true`; behind the layer its tag names the coding it is sent
/// with (RFC 9110 §8.8.3.3).
impl IntoResponse for Replay {
    fn into_response(self) -> Response {
        let replay = self.into_parts();
        let status = StatusCode::from_u16(replay.status).unwrap_or(StatusCode::OK);
        let mut response = (status, replay.body).into_response();
        let etag = replay.etag.map(|etag| ("etag", etag.into_field()));
        for (name, value) in replay.fields.into_iter().chain(etag) {
            if let Ok(value) = HeaderValue::try_from(value) {
                response.headers_mut().insert(HeaderName::from_static(name), value);
            }
        }
        response.extensions_mut().insert(WriteRepresentation);
        response
    }
}
