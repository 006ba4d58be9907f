//! A model sent with its own validators: `Tagged(model)`.

use ::axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::HeaderValue;
use serde::Serialize;

use super::lazy_body::lazy_response;
use super::validated::put_validators;
use crate::validators::{ETag, Validators};

/// A model (`ETag + Serialize`) sent as JSON with its own validators: [`ETag::etag`] (with the release, as on
/// actix-web) and [`ETag::last_modified`].
///
/// The JSON is written only when the body is read, so behind the [`Conditional`](super::Conditional) layer a
/// 304 renders nothing, and a strong tag gets the coding the 200 is sent with (`"v3+gzip"`). Without the layer
/// the 200 still carries the tag, and nothing answers 304.
///
/// The body's length is not known before it is written, so the 200 goes out chunked. A model that serde
/// cannot write (a map with keys that are not strings) fails while the body is sent: the client sees the
/// transfer break, never a 200 with a wrong body. HTTP/1.0 has no chunks, and a peer that speaks it (nginx
/// upstream, by default) would read the end of a body at the connection's close, so for such a request the
/// layer builds the body before it answers: a failure is then a 500, and the body has its length.
#[derive(Debug, Clone)]
pub struct Tagged<T>(pub T);

impl<T> IntoResponse for Tagged<T>
where
    T: ETag + Serialize + Send + 'static,
{
    fn into_response(self) -> Response {
        let validators = Validators::of(&self.0);
        let model = self.0;
        let mut response = lazy_response(async move { serde_json::to_vec(&model).map(Bytes::from) });
        put_validators(&mut response, validators, HeaderValue::from_static("application/json"));
        response
    }
}
