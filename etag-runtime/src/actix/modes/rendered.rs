//! Any other actix `Responder`: rendered as actix renders it, then validated by the handler's own validators or
//! a hash of the body (`actix/rendered.rs`, shared with the `Conditional` middleware).

use std::future::ready;

use actix_web::{HttpRequest, Responder};

use super::Answer;
use crate::actix::options::Options;
use crate::actix::rendered::answer;

/// The Responder mode.
pub struct Rendered;

impl Rendered {
    /// Renders the value as actix would, then makes the response conditional.
    pub fn respond<T: Responder>(self, request: &HttpRequest, value: T, options: &Options) -> Answer {
        let response = value.respond_to(request).map_into_boxed_body();
        ready(answer(request, response, options))
    }
}
