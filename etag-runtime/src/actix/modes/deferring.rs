//! A [`Deferred`] response: the handler's validators first, its body future run only when a body goes out.

use actix_web::{HttpRequest, HttpResponse};

use crate::actix::before_render::{Negotiated, Step, decide, respond_with, with_validators};
use crate::actix::deferred::Deferred;
use crate::actix::options::Options;
use crate::actix::rendered::untouched;
use crate::actix::variant::facets;
use crate::facets::TagSource;
use crate::responses::Untouched;
use crate::validators::Validators;

/// The `Deferred` mode.
pub struct Deferring;

impl Deferring {
    /// Compares the validators the handler gave first, and runs the body future only when a body goes out.
    pub async fn respond(self, request: &HttpRequest, value: Deferred, options: &Options) -> HttpResponse {
        let (Validators { etag, last_modified }, body) = value.into_parts();
        let facets = facets(request, options, TagSource::Application);
        let validators = Negotiated::new(request, etag, &facets, last_modified);
        match decide(request, options, validators) {
            Step::Render(promised) => {
                let built = body.build().await;
                match built.own {
                    // A model body is answered by its own validators, evaluated again: its tag may name a version
                    // other than the stamp's (RFC 9110 §8.8.1: a strong tag names one representation).
                    Some(Validators { etag, last_modified }) => {
                        let own = Negotiated::new(request, etag, &facets, last_modified);
                        respond_with(request, options, own, || (built.render)(request))
                    }
                    None => with_validators(request, (built.render)(request), options, promised),
                }
            }
            Step::RenderBare => untouched(request, body.render(request).await, Untouched::NotGetOrHead),
            Step::Answer(response) => response,
        }
    }
}
