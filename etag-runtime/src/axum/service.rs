//! The outer side of the `Conditional` layer: the request's conditional fields kept, and the response answered
//! once the handler (and any compression layer) has made it.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use ::axum::body::Body;
use ::axum::response::Response;
use bytes::Bytes;
use http::Request;
use tower_service::Service;

use super::answer::answer;
use super::asked::{Asked, refused_before_running};
use super::marks::{Covered, SeenRequester, SteppedAside};
use super::settings::Settings;

/// The service [`Conditional`](super::Conditional) wraps around each route.
#[derive(Debug, Clone)]
pub struct ConditionalService<S> {
    inner: S,
    settings: Settings,
}

impl<S> ConditionalService<S> {
    pub(crate) fn new(inner: S, settings: Settings) -> Self {
        ConditionalService { inner, settings }
    }
}

impl<S, B, R> Service<Request<B>> for ConditionalService<S>
where
    S: Service<Request<B>, Response = Response<R>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    R: http_body::Body<Data = Bytes> + Send + 'static,
    R::Error: Into<::axum::BoxError>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        if request.extensions().get::<Covered>().is_some() {
            // Another `Conditional` outside covers this request and decides its response; two that both decided
            // would fix a strong tag inside the outer one's compression, which could then encode the body under
            // it. This one steps aside, and its settings are not applied: said once per request.
            request.extensions_mut().insert(SteppedAside);
            tracing::warn!(
                target: "etag_runtime",
                path = %request.uri().path(),
                "two Conditional layers cover this route: the outer one decides, and the inner one's settings are not applied",
            );
            let response = self.inner.call(request);
            return Box::pin(async move { Ok(response.await?.map(Body::new)) });
        }
        request.extensions_mut().insert(Covered);
        let settings = self.settings;
        let asked = match Asked::of(&request, &settings) {
            Ok(asked) => asked,
            Err(unreadable) => return Box::pin(std::future::ready(Ok(refused_before_running(unreadable, &settings)))),
        };
        // The requester, for an `Idempotency` extracted inside: a key is its requester's own.
        if let Some(requester) = settings.requester {
            request.extensions_mut().insert(requester);
            request.extensions_mut().insert(SeenRequester(asked.requester.clone()));
        }
        // For the `Precondition` extractor to mark, where the write carries a precondition.
        if let Some((_, taken)) = &asked.guard {
            request.extensions_mut().insert(taken.clone());
        }
        let response = self.inner.call(request);
        Box::pin(async move {
            let response = response.await?.map(Body::new);
            Ok(answer(&asked, response, &settings))
        })
    }
}
