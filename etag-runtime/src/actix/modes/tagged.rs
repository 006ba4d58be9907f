//! A model (`ETag + Serialize`): validators first, serialized as JSON only when a body goes out.

use std::future::ready;

use actix_web::HttpRequest;
use serde::Serialize;

use super::Answer;
use crate::actix::before_render::{Negotiated, respond_with};
use crate::actix::json_body::json_response;
use crate::actix::options::Options;
use crate::actix::variant::facets;
use crate::facets::TagSource;
use crate::hashing::canonical_json;
use crate::validators::ETag;

/// The model mode: a 304 serializes nothing.
pub struct Tagged;

impl Tagged {
    /// Compares validators first and serializes only when a body goes out.
    pub fn respond<T: ETag + Serialize>(self, request: &HttpRequest, value: T, options: &Options) -> Answer {
        let facets = facets(request, options, TagSource::Application);
        let validators = Negotiated::new(request, Some(value.etag()), &facets, value.last_modified());
        ready(respond_with(request, options, validators, || {
            json_response(canonical_json(&value))
        }))
    }
}
