//! The branch no value takes: the `Right` of an output that is not an `Either` (see `__private::Branch`).

use std::convert::Infallible;

use actix_web::HttpRequest;

use super::Answer;
use crate::actix::options::Options;

/// The mode of the branch that cannot be taken.
pub struct Never;

impl Never {
    /// Never called: no `Infallible` value exists.
    pub fn respond(self, _request: &HttpRequest, value: Infallible, _options: &Options) -> Answer {
        match value {}
    }
}
