//! What the body future of [`Deferred::model`](super::Deferred::model) may give: a model, read with its own
//! validators, so that the body never goes out under a tag that is not its own.

use actix_web::{HttpRequest, HttpResponse, Responder};
use serde::Serialize;

use crate::validators::ETag;

/// A model body: `M`, `Option<M>` (`None` is actix's 404) or either in a `Result` whose error is an actix
/// error (sent as it is), where `M` derives or implements [`ETag`] and is sent as JSON.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the body of `Deferred::model`: it is not a model, an `Option` of one, or either in a `Result`",
    label = "the body future gives this",
    note = "a model implements `etag_runtime::ETag` and `serde::Serialize` (`#[derive(Serialize, ETag)]`)",
    note = "for any other body, use `Deferred::new` (a `Responder`) or `Deferred::json` (a serde value)"
)]
pub trait DeferredModel: 'static {
    /// The model inside.
    type Model: ETag + Serialize + 'static;

    /// The model, `None` for none, or the error to send.
    fn into_model(self) -> Result<Option<Self::Model>, actix_web::Error>;
}

impl<M: ETag + Serialize + 'static> DeferredModel for M {
    type Model = M;
    fn into_model(self) -> Result<Option<M>, actix_web::Error> {
        Ok(Some(self))
    }
}

impl<M: ETag + Serialize + 'static> DeferredModel for Option<M> {
    type Model = M;
    fn into_model(self) -> Result<Option<M>, actix_web::Error> {
        Ok(self)
    }
}

impl<M: ETag + Serialize + 'static, E: Into<actix_web::Error> + 'static> DeferredModel for Result<M, E> {
    type Model = M;
    fn into_model(self) -> Result<Option<M>, actix_web::Error> {
        self.map(Some).map_err(Into::into)
    }
}

impl<M: ETag + Serialize + 'static, E: Into<actix_web::Error> + 'static> DeferredModel for Result<Option<M>, E> {
    type Model = M;
    fn into_model(self) -> Result<Option<M>, actix_web::Error> {
        self.map_err(Into::into)
    }
}

/// actix's answer to `None` (a 404 with no body), as an `Option` handler output gets it.
pub(crate) fn none_found(request: &HttpRequest) -> HttpResponse {
    None::<HttpResponse>.respond_to(request).map_into_boxed_body()
}
