//! The answer to a write that stored a model: the model as a GET of it sends it, with its validators, so that a
//! client can chain its next write on the new tag without a GET in between (RFC 5789 §2 shows a PATCH answered
//! with the new ETag). Each adapter sends it; what it is and what a keyed write keeps of it live here.

use serde::Serialize;

use crate::keys::{Keyed, Record};
use crate::validators::ETag;

/// A model as stored by a write, sent as the JSON a conditional GET of it sends (the same bytes), with the same
/// validators: its ETag in the form for the coding the answer is sent with (RFC 9110 §8.8.3.3), with the release,
/// and its Last-Modified. Each adapter sends it: on actix-web a `Responder`, on axum an `IntoResponse`.
///
/// Use it where the body sent is the stored representation: a PATCH that answers with the user as stored now, a
/// POST that creates one (with [`Stored::created`]). A PUT's answer may carry validators only when the stored
/// representation is the request's content as sent (RFC 9110 §9.3.4), which it rarely is (a new version, a new
/// date): answer a PUT without this.
///
#[cfg_attr(feature = "actix", doc = include_str!("docs/stored_on_actix.md"))]
#[derive(Debug, Clone)]
pub struct Stored<T> {
    pub(crate) model: T,
    pub(crate) status: u16,
    pub(crate) location: Option<String>,
}

impl<T: ETag + Serialize> Stored<T> {
    /// The model, sent with 200 OK.
    pub fn new(model: T) -> Self {
        Stored {
            model,
            status: 200,
            location: None,
        }
    }

    /// A model a write created at `location`, sent with 201 Created and that Location (RFC 9110 §15.3.2).
    pub fn created(model: T, location: impl Into<String>) -> Self {
        Stored {
            model,
            status: 201,
            location: Some(location.into()),
        }
    }

    /// What a keyed write keeps with its key (see [`Idempotency`](super::Idempotency)): this answer, in the
    /// identity form, for `keyed`'s request. Made inside the write's transaction, and saved there.
    pub fn record(&self, keyed: &Keyed) -> Record {
        Record::of_model(keyed, self.status, &self.model, self.location.as_deref())
    }
}
