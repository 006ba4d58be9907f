//! Writes that survive a lost response, on actix: the [`Idempotency`] extractor and the [`Replay`] of a kept
//! answer, read from and sent as actix's types. What they are and the two steps of a keyed write live in
//! [`writes`](crate::writes), the rules and the stores in [`keys`](crate::keys); the guide's
//! [`retries`](crate::guide::retries) page shows a whole keyed PATCH and POST.

mod replay;

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{Either, FromRequest, HttpRequest};

use super::requester::Requester;
use crate::keys::IDEMPOTENCY_KEY;
use crate::responses::Problem;
use crate::writes::Stored;
pub use crate::writes::{Begun, Idempotency, KeyedWrite, Replay};

/// What a keyed write answers: the answer it stored now, or the one an earlier request with its key stored.
pub type KeyedAnswer<T> = Either<Stored<T>, Replay>;

impl FromRequest for Idempotency {
    type Error = Problem;
    type Future = Ready<Result<Self, Problem>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(read(request))
    }
}

fn read(request: &HttpRequest) -> Result<Idempotency, Problem> {
    let lines = request.headers().get_all(HeaderName::from_static(IDEMPOTENCY_KEY));
    // A requester is its exact bytes; one that names no one for certain is refused, never shared.
    let requester = match request.app_data::<&'static Requester>() {
        Some(requester) => requester.identity(request).map_err(Problem::from)?,
        None => None,
    };
    let target = format!("{} {}", request.method(), request.uri());
    Idempotency::read(lines.map(HeaderValue::as_bytes), target, requester)
}
