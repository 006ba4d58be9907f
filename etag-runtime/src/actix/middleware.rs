//! `Conditional`: the `#[conditional]` Responder mode as an actix middleware, for every response of an app or a
//! scope.

use std::future::{Future, Ready, ready};
use std::pin::Pin;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::{Error, ResponseError};

use super::options::Options;
use super::rendered::answer;
use super::representation::put_error_fields;
use super::requester::Requester;
use super::unguarded::report_unevaluated_write;
use crate::responses::{Problem, settings_builder};

/// Makes every response of an app or a scope conditional, as `#[conditional]` does for a handler that returns
/// an actix `Responder`:
///
/// - a 2xx answer to GET or HEAD is validated by the ETag and Last-Modified its handler set, never re-hashed
///   (a strong tag gets the content coding `Compress` applies), or else by a weak tag hashed from its body
///   (SHA-1, or the [hash](Conditional::hash) chosen), when the body is in memory and no larger than the
///   [hash limit](Conditional::hash_limit);
/// - a matching If-None-Match or an unmodified If-Modified-Since gives 304, a failed If-Match or
///   If-Unmodified-Since 412, all in the order of RFC 9110 §13.2.2;
/// - everything else passes untouched: other methods and statuses (§13.2.1), streaming bodies (never buffered:
///   server-sent events keep streaming), bodies over the limit, and responses a `#[conditional]` handler already
///   answered (one ETag, no second hash).
///
/// Writes are not guarded here: by the time a middleware sees a write's response, the write has happened. Check
/// their preconditions with the [`Precondition`](crate::Precondition) extractor, inside the write's transaction.
///
/// # HEAD
///
/// The middleware does not route: register HEAD beside GET with the same handler
/// (`web::resource(path).route(web::get().to(h)).route(web::head().to(h))`), since `web::get()` matches GET
/// alone. actix then runs the handler and sends no body, and the HEAD carries the GET's ETag and gets its 304
/// (RFC 9110 §9.3.2). Routing HEAD to the GET route from here would mean rewriting the request's method, which
/// actix allows only while nothing else holds the request, and would bypass a HEAD route written on purpose.
///
/// # Order with `Compress`
///
/// actix runs the last `.wrap` first, so `.wrap(Conditional::default()).wrap(Compress::default())` puts
/// `Compress` outside: `Conditional` sees the identity body, hashes it, and names in a strong tag the coding
/// `Compress` will apply. That is the order to use. The other order is still never wrong, only less useful:
/// `Conditional` then sees encoded bodies, which are streams, so a compressed response gets no hashed tag (and
/// never a 304 from one); a tag the handler set gets the suffix of the coding already applied.
///
/// ```
/// use actix_web::middleware::Compress;
/// use actix_web::{App, HttpResponse, test, web};
/// use etag_runtime::Conditional;
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(
///     App::new()
///         .wrap(Conditional::default())
///         .wrap(Compress::default())
///         .route("/report.csv", web::get().to(|| async {
///             HttpResponse::Ok().content_type("text/csv").body("id,total\n1,42\n")
///         })),
/// )
/// .await;
/// let first = test::call_service(&app, test::TestRequest::get().uri("/report.csv").to_request()).await;
/// let etag = first.headers().get("etag").unwrap().clone();
/// assert_eq!(first.headers().get("content-type").unwrap(), "text/csv");
///
/// let again = test::TestRequest::get().uri("/report.csv").insert_header(("If-None-Match", etag)).to_request();
/// assert_eq!(test::call_service(&app, again).await.status(), 304);
/// # });
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Conditional {
    options: Options,
}

impl Conditional {
    settings_builder!(options, "middleware");

    /// The responses depend on who asks: each tag names the requester, Vary names the field it comes from, and a
    /// response with no Cache-Control of its own is `private` (see [`Requester`]).
    pub fn per_user(mut self, requester: &'static Requester) -> Self {
        self.options.requester = Some(requester);
        self
    }
}

impl<S, B> Transform<S, ServiceRequest> for Conditional
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = Error;
    type Transform = ConditionalMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(ConditionalMiddleware {
            service,
            options: self.options,
        }))
    }
}

/// The service [`Conditional`] wraps around an app or a scope.
pub struct ConditionalMiddleware<S> {
    service: S,
    options: Options,
}

impl<S, B> Service<ServiceRequest> for ConditionalMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Error>>>>;

    forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let options = self.options;
        if let Some(unreadable) = options.unreadable_requester(request.request()) {
            let mut refused = Problem::from(unreadable).error_response();
            put_error_fields(&mut refused, &options);
            return Box::pin(ready(Ok(request.into_response(refused))));
        }
        let response = self.service.call(request);
        Box::pin(async move {
            let (request, response) = response.await?.into_parts();
            report_unevaluated_write(&request, &response);
            let mut response = answer(&request, response.map_into_boxed_body(), &options);
            put_error_fields(&mut response, &options);
            Ok(ServiceResponse::new(request, response))
        })
    }
}
