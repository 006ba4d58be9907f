//! A body built only when it is read: what lets a model or a `Deferred` give its validators before anything is
//! rendered on axum, where a response's body is produced by the server polling it. A 304 decided by the
//! `Conditional` layer drops the body unread, so nothing in it runs.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use ::axum::BoxError;
use ::axum::body::Body;
use ::axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http_body::Frame;

use super::marks::LazyBody;

type Render = Pin<Box<dyn Future<Output = Result<Bytes, BoxError>> + Send>>;

/// A 200 whose body `render` makes, read in one frame once it is ready, marked [`LazyBody`]. Its length is not
/// known before: it goes out chunked, and a compression layer's size predicate counts it as large enough to
/// encode.
pub(crate) fn lazy_response<F, E>(render: F) -> Response
where
    F: Future<Output = Result<Bytes, E>> + Send + 'static,
    E: Into<BoxError>,
{
    let render: Render = Box::pin(async move { render.await.map_err(Into::into) });
    let mut response = Body::new(Lazy(Some(render))).into_response();
    response.extensions_mut().insert(LazyBody);
    response
}

struct Lazy(Option<Render>);

impl http_body::Body for Lazy {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let Some(render) = self.0.as_mut() else {
            return Poll::Ready(None);
        };
        let rendered = ready!(render.as_mut().poll(cx));
        self.0 = None;
        Poll::Ready(Some(rendered.map(Frame::data)))
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_none()
    }
}
