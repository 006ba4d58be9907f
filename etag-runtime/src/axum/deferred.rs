//! Validators before the work, on axum: `Deferred`.

use std::future::Future;

use ::axum::BoxError;
use ::axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::HeaderValue;
use serde::Serialize;

use super::lazy_body::lazy_response;
use super::validated::put_validators;
use crate::validators::Validators;

/// A 200 whose validators are known now and whose body is built later, only if it is sent.
///
/// The handler gives its ETag and/or Last-Modified, read from whatever is cheap (a version column, a change
/// counter), and its body as a future. Behind the [`Conditional`](super::Conditional) layer the validators are
/// compared first: on 304, 412 or 400 the future is dropped without being polled, so nothing in it runs.
/// Otherwise it runs once, when the server reads the body.
///
/// The future makes the body alone: the status is 200 and the fields are set before it runs. A handler that
/// may find nothing to send (the row gone between the two queries) decides that before it returns a
/// `Deferred`. A future that fails breaks the transfer (the client never takes a partial body for the
/// representation); its error is the server's to log. For an HTTP/1.0 request, which has no chunks, the layer
/// runs the future before it answers, so that a failure is a 500 rather than a body cut short at the
/// connection's close that the peer could take for a whole one.
pub struct Deferred {
    response: Response,
}

impl Deferred {
    /// A body of `content_type` made by `render` (`HeaderValue::from_static("text/csv")`, say, which checks the
    /// value where it is written).
    pub fn new<F, B, E>(validators: impl Into<Validators>, content_type: HeaderValue, render: F) -> Self
    where
        F: Future<Output = Result<B, E>> + Send + 'static,
        B: Into<Bytes>,
        E: Into<BoxError>,
    {
        let mut response = lazy_response(async move { render.await.map(Into::into) });
        put_validators(&mut response, validators.into(), content_type);
        Deferred { response }
    }

    /// A serde value made by `render`, sent as JSON.
    pub fn json<F, T>(validators: impl Into<Validators>, render: F) -> Self
    where
        F: Future<Output = T> + Send + 'static,
        T: Serialize,
    {
        let json = async move { serde_json::to_vec(&render.await) };
        Deferred::new(validators, HeaderValue::from_static("application/json"), json)
    }
}

impl IntoResponse for Deferred {
    fn into_response(self) -> Response {
        self.response
    }
}
