//! The inner side of the `Conditional` layer: a weak tag hashed from the identity bytes of a 2xx that has no
//! validators of its own, before any compression layer encodes them.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use ::axum::body::Body;
use ::axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::header::{ETAG, LAST_MODIFIED};
use http::{HeaderValue, Request, Version};
use http_body::Body as _;
use http_body_util::BodyExt;
use tower_service::Service;

use super::marks::{HashedTag, LazyBody, NotHashed, SteppedAside};
use super::settings::Settings;
use crate::preconditions::MethodKind;
use crate::responses::{Problem, Untouched};

/// The service that hashes bodies, inside any compression layer (see `Conditional::around`).
#[derive(Debug, Clone)]
pub struct HashBodies<S> {
    inner: S,
    settings: Settings,
}

impl<S> HashBodies<S> {
    pub(crate) fn new(inner: S, settings: Settings) -> Self {
        HashBodies { inner, settings }
    }
}

impl<S, B, R> Service<Request<B>> for HashBodies<S>
where
    S: Service<Request<B>, Response = Response<R>>,
    S::Future: Send + 'static,
    R: http_body::Body<Data = Bytes> + Send + 'static,
    R::Error: Into<::axum::BoxError>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        // The hashing side of a `Conditional` that stepped aside for one outside it hashes nothing.
        let read =
            MethodKind::from(request.method()).is_get_or_head() && request.extensions().get::<SteppedAside>().is_none();
        let http_1_0 = request.version() == Version::HTTP_10;
        let settings = self.settings;
        let response = self.inner.call(request);
        Box::pin(async move {
            let mut response = response.await?.map(Body::new);
            if http_1_0 && response.extensions().get::<LazyBody>().is_some() {
                response = built(response).await;
            }
            let wants_hash = read && response.status().is_success() && !has_validators(&response);
            Ok(match wants_hash {
                true => hashed(response, &settings).await,
                false => response,
            })
        })
    }
}

/// A lazy body built now, for a peer that cannot tell a body cut short from a whole one (HTTP/1.0 marks the end
/// of a body of unknown length by closing the connection): the body with its length, or a 500 if building it
/// failed, which the server's log names.
async fn built(response: Response) -> Response {
    let (parts, body) = response.into_parts();
    match body.collect().await {
        Ok(collected) => Response::from_parts(parts, Body::from(collected.to_bytes())),
        Err(error) => {
            tracing::error!(target: "etag_runtime", %error, "a Tagged or Deferred body could not be built");
            let detail = "the representation could not be built";
            Problem::new(http::StatusCode::INTERNAL_SERVER_ERROR, detail).into_response()
        }
    }
}

fn has_validators(response: &Response) -> bool {
    let headers = response.headers();
    headers.contains_key(ETAG) || headers.contains_key(LAST_MODIFIED)
}

/// The response with a weak ETag of its body's hash, when its length is known and within the limit; else as it
/// was, marked with the reason. A body of unknown length (a stream, server-sent events) is never read ahead.
async fn hashed(response: Response, settings: &Settings) -> Response {
    let (mut parts, body) = response.into_parts();
    let reason = match body.size_hint().exact() {
        None => Some(Untouched::Stream),
        // An empty body, or one axum emptied for a HEAD: there are no bytes to hash.
        Some(0) => Some(Untouched::NoBody),
        Some(size) if size > settings.hash_limit as u64 => Some(Untouched::OverHashLimit),
        Some(_) => None,
    };
    if let Some(reason) = reason {
        parts.extensions.insert(NotHashed(reason));
        return Response::from_parts(parts, body);
    }
    let bytes = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        // The body failed while it was read: the client gets the same failure, as it would have unhashed.
        Err(error) => return Response::from_parts(parts, failed_body(error)),
    };
    // The tag's text moved into the field, not copied: a tag holds only `etagc`, which a field value allows.
    if let Ok(value) = HeaderValue::try_from(settings.hash.tag(&bytes).into_field()) {
        parts.headers.insert(ETAG, value);
        parts.extensions.insert(HashedTag);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A body that fails at once with `error`.
fn failed_body(error: ::axum::Error) -> Body {
    Body::new(Failed(Some(error)))
}

struct Failed(Option<::axum::Error>);

impl http_body::Body for Failed {
    type Data = Bytes;
    type Error = ::axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, ::axum::Error>>> {
        Poll::Ready(self.0.take().map(Err))
    }
}
