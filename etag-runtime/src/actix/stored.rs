//! [`Stored`] on actix-web: the model as stored, with its validators in the form for the coding `Compress` gives
//! the answer.

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderValue, LOCATION};
use actix_web::{HttpRequest, HttpResponse, Responder};
use serde::Serialize;

use super::before_render::Negotiated;
use super::json_body::json_response;
use super::options::Options;
use super::variant::facets;
use crate::facets::TagSource;
use crate::hashing::canonical_json;
use crate::validators::ETag;
use crate::writes::Stored;

impl<T: ETag + Serialize> Responder for Stored<T> {
    type Body = actix_web::body::BoxBody;

    fn respond_to(self, request: &HttpRequest) -> HttpResponse {
        let options = Options::default();
        let facets = facets(request, &options, TagSource::Application);
        let validators = Negotiated::new(request, Some(self.model.etag()), &facets, self.model.last_modified());
        let mut response = json_response(canonical_json(&self.model));
        if !response.status().is_success() {
            // A model that could not be serialized: the 500 goes out as it is.
            return response;
        }
        *response.status_mut() = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        if let Some(location) = self.location.and_then(|location| HeaderValue::try_from(location).ok()) {
            response.headers_mut().insert(LOCATION, location);
        }
        validators.put_into(&mut response, &options);
        response
    }
}
