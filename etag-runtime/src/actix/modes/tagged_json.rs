//! `Json<T>` of a model: the model mode, whatever else `T` implements, since `Json` says the body is its JSON.

use actix_web::HttpRequest;
use actix_web::web::Json;
use serde::Serialize;

use super::{Answer, Tagged};
use crate::actix::options::Options;
use crate::validators::ETag;

/// The model mode for a model inside `Json`.
pub struct TaggedJson;

impl TaggedJson {
    /// As [`Tagged`], for the value inside `Json`.
    pub fn respond<T: ETag + Serialize>(self, request: &HttpRequest, value: Json<T>, options: &Options) -> Answer {
        Tagged.respond(request, value.into_inner(), options)
    }
}
