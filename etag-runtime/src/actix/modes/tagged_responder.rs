//! A model that renders itself (`ETag + Responder`, an HTML page type, say): validators first, rendered only when
//! a body goes out.

use std::future::ready;

use actix_web::{HttpRequest, Responder};

use super::Answer;
use crate::actix::before_render::{Negotiated, respond_with};
use crate::actix::options::Options;
use crate::actix::variant::facets;
use crate::facets::TagSource;
use crate::validators::ETag;

/// The model mode for a model with its own `Responder`: a 304 renders nothing.
pub struct TaggedResponder;

impl TaggedResponder {
    /// As [`Tagged`](super::Tagged), rendered by the model's own `Responder`. The coding is negotiated as for
    /// JSON, which assumes the model renders a body `Compress` encodes (not an image).
    pub fn respond<T: ETag + Responder>(self, request: &HttpRequest, value: T, options: &Options) -> Answer {
        let facets = facets(request, options, TagSource::Application);
        let validators = Negotiated::new(request, Some(value.etag()), &facets, value.last_modified());
        ready(respond_with(request, options, validators, || {
            value.respond_to(request).map_into_boxed_body()
        }))
    }
}
