//! An output that is none of `Responder`, `Serialize` and `ETag`: one compile error that names the ways out.

use actix_web::{HttpRequest, HttpResponse};

use super::Answer;
use crate::actix::options::Options;

/// The mode no output reaches without a compile error.
pub struct Unsupported;

/// Implemented by no type: only reached when the output is none of `Responder`, `Serialize` and `ETag`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the output of a #[conditional] handler: it is neither an actix `Responder`, `serde::Serialize` nor `etag_runtime::ETag`",
    label = "this handler's output",
    note = "return an actix `Responder` (`HttpResponse`, `String`, `impl Responder`, ...): its body is hashed, or its own ETag used",
    note = "or derive `serde::Serialize` to send it as JSON with an ETag hashed from those bytes",
    note = "or derive `etag_runtime::ETag` (with `Serialize` or `Responder`) to take the ETag from the model, so that a 304 renders nothing"
)]
pub trait Representable {
    /// Never called: no type implements the trait.
    fn unreachable(self) -> HttpResponse;
}

impl Unsupported {
    /// Compiles only for a [`Representable`] value, which none is: the compile error names the ways out.
    pub fn respond<T: Representable>(self, _request: &HttpRequest, value: T, _options: &Options) -> Answer {
        std::future::ready(value.unreachable())
    }
}
