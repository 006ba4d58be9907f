//! The [`Precondition`] of a write, read from an actix-web request.

use std::convert::Infallible;
use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};

use super::compress_probe::coding_names;
use super::unguarded::PreconditionTaken;
use crate::preconditions::{Condition, MethodKind};
use crate::writes::{Precondition, WriteRequest};

impl FromRequest for Precondition {
    type Error = Infallible;
    type Future = Ready<Result<Self, Infallible>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let lines = request
            .headers()
            .iter()
            .filter_map(|(name, value)| Some((Condition::from_name(name.as_str())?, value.as_bytes())));
        let precondition = Precondition::read(WriteRequest {
            method: request.method().as_str(),
            kind: MethodKind::from(request.method()),
            lines,
            route: &|| request.match_pattern(),
            codings: coding_names(),
        });
        // The handler evaluates the request's preconditions: `#[conditional]` lets its write run.
        request.extensions_mut().insert(PreconditionTaken);
        ready(Ok(precondition))
    }
}
