//! A serde value that is not a model: serialized once as canonical JSON, tagged by the hash of those bytes.

use std::future::ready;

use actix_web::HttpRequest;
use actix_web::web::Json;
use serde::Serialize;

use super::Answer;
use crate::actix::before_render::{Negotiated, respond_with};
use crate::actix::json_body::{json_response, serialization_failed};
use crate::actix::options::Options;
use crate::actix::rendered::untouched;
use crate::hashing::HashedJson;
use crate::responses::Untouched;

/// The hashing mode, for a bare serde value.
pub struct Hashed;

/// The hashing mode, for the value inside `Json`.
pub struct HashedJsonValue;

impl Hashed {
    /// Serializes the value once, tags those bytes and compares before sending them.
    pub fn respond<T: Serialize>(self, request: &HttpRequest, value: T, options: &Options) -> Answer {
        ready(match HashedJson::with_hash(&value, options.hash) {
            Ok(HashedJson { body, etag }) => {
                // The hashed tag is weak, so it is sent as it is whatever the coding; and it follows the bytes, so
                // it needs no facet to tell variants, releases or requesters apart.
                let validators = Negotiated::new(request, Some(etag), &[], None).with_body_size(body.len() as u64);
                respond_with(request, options, validators, || json_response(Ok(body)))
            }
            Err(error) => untouched(request, serialization_failed(&error), Untouched::NotSuccess),
        })
    }
}

impl HashedJsonValue {
    /// As [`Hashed`], for the value inside `Json`.
    pub fn respond<T: Serialize>(self, request: &HttpRequest, value: Json<T>, options: &Options) -> Answer {
        Hashed.respond(request, value.into_inner(), options)
    }
}
