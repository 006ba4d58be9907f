//! Validators before the work: a handler gives its ETag and/or Last-Modified first, from whatever is cheap to
//! read (a version column, a change counter), and its body as a future that `#[conditional]` runs only when a
//! body goes out. A 304, 412 or 400 never runs it.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::SystemTime;

use actix_web::{HttpRequest, HttpResponse, Responder};
use serde::Serialize;

use super::json_body::json_response;
use crate::hashing::canonical_json;
use crate::validators::{ETag, EntityTag};

/// The validators a [`Deferred`] response is compared by: an entity tag (strong or weak), a modification date,
/// or both.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use etag_runtime::{EntityTag, Validators};
///
/// let at = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
/// let validators = Validators::etag(EntityTag::strong("v7").unwrap()).with_last_modified(at);
/// assert_eq!(validators.entity_tag().map(ToString::to_string), Some(r#""v7""#.to_owned()));
/// assert_eq!(validators.modified(), Some(at));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validators {
    pub(crate) etag: Option<EntityTag>,
    pub(crate) last_modified: Option<SystemTime>,
}

impl Validators {
    /// An entity tag alone.
    pub fn etag(etag: EntityTag) -> Self {
        Validators {
            etag: Some(etag),
            last_modified: None,
        }
    }

    /// A modification date alone (a one-second validator, RFC 9110 §8.8.2.2: prefer a tag when there is one).
    pub fn last_modified(at: SystemTime) -> Self {
        Validators {
            etag: None,
            last_modified: Some(at),
        }
    }

    /// Adds a modification date.
    pub fn with_last_modified(mut self, at: SystemTime) -> Self {
        self.last_modified = Some(at);
        self
    }

    /// A model's validators: its [`ETag::etag`] and [`ETag::last_modified`]. A small type that holds only the
    /// columns the tag is made of (a version and a date, say) and derives `ETag` like the full model gives the
    /// full model's validators from a small query.
    pub fn of(model: &(impl ETag + ?Sized)) -> Self {
        Validators {
            etag: Some(model.etag()),
            last_modified: model.last_modified(),
        }
    }

    /// The entity tag, if there is one.
    pub fn entity_tag(&self) -> Option<&EntityTag> {
        self.etag.as_ref()
    }

    /// The modification date, if there is one.
    pub fn modified(&self) -> Option<SystemTime> {
        self.last_modified
    }
}

impl From<EntityTag> for Validators {
    fn from(etag: EntityTag) -> Self {
        Validators::etag(etag)
    }
}

/// A response whose validators are known now and whose body is built later, only if it is sent.
///
/// Return it from a `#[conditional]` handler (bare or in `Result`). The attribute compares the validators with
/// the request's preconditions first: on 304, 412 or 400 the body future is dropped without being polled, so
/// nothing in it runs; otherwise it runs once and its output is sent with the validators. A strong tag gets the
/// content coding `Compress` will apply (`"v7+gzip"`), as a model's does. Outside `#[conditional]` a `Deferred`
/// is not a `Responder`: the attribute is what awaits the body.
///
/// The body is any actix [`Responder`] ([`Deferred::new`]: `Json<T>`, `HttpResponse`, `String`,
/// `Result<R, E>`, ...) or a serde value sent as JSON ([`Deferred::json`]). A body that turns out to be an
/// error (say the row vanished between the two queries: a 404) goes out as it is, without validators.
///
/// ```
/// use actix_web::{get, web, App, test};
/// use etag_runtime::{conditional, Deferred, EntityTag};
/// use std::cell::Cell;
///
/// #[conditional]
/// #[get("/report")]
/// async fn report(renders: web::Data<Cell<u32>>) -> Deferred {
///     let version = 7; // in a real handler: one small query, such as a change counter
///     let tag = EntityTag::strong(format!("report-{version}")).unwrap();
///     Deferred::json(tag, async move {
///         renders.set(renders.get() + 1); // the expensive part: joins, rendering
///         vec!["every", "row"]
///     })
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// let renders = web::Data::new(Cell::new(0_u32));
/// let app = test::init_service(App::new().app_data(renders.clone()).service(report)).await;
///
/// let first = test::call_service(&app, test::TestRequest::get().uri("/report").to_request()).await;
/// assert_eq!(first.status(), 200);
/// assert_eq!(first.headers().get("etag").unwrap(), r#""report-7""#);
///
/// let again = test::TestRequest::get().uri("/report").insert_header(("If-None-Match", r#""report-7""#));
/// let again = test::call_service(&app, again.to_request()).await;
/// assert_eq!(again.status(), 304);
/// assert_eq!(renders.get(), 1, "the 304 never ran the body");
/// # });
/// ```
pub struct Deferred {
    validators: Validators,
    body: Body,
}

/// The body future, not polled until [`Body::render`].
pub(crate) struct Body(Pin<Box<dyn Future<Output = Render>>>);

/// The body once built, rendered for the request as actix renders a handler's output.
type Render = Box<dyn FnOnce(&HttpRequest) -> HttpResponse>;

impl Deferred {
    /// Validators now, and a body future whose output is any actix `Responder`.
    pub fn new<B>(validators: impl Into<Validators>, body: impl Future<Output = B> + 'static) -> Deferred
    where
        B: DeferredBody,
    {
        let body = async move {
            let value = body.await;
            Box::new(move |request: &HttpRequest| value.respond_to(request).map_into_boxed_body()) as Render
        };
        Deferred {
            validators: validators.into(),
            body: Body(Box::pin(body)),
        }
    }

    /// Validators now, and a body future whose output is a serde value, sent as JSON (`application/json`, map
    /// entries in key order, as the other JSON modes send them).
    pub fn json<T>(validators: impl Into<Validators>, body: impl Future<Output = T> + 'static) -> Deferred
    where
        T: Serialize + 'static,
    {
        let body = async move {
            let value = body.await;
            Box::new(move |_: &HttpRequest| json_response(canonical_json(&value))) as Render
        };
        Deferred {
            validators: validators.into(),
            body: Body(Box::pin(body)),
        }
    }

    /// The validators, and the body still unpolled.
    pub(crate) fn into_parts(self) -> (Validators, Body) {
        (self.validators, self.body)
    }
}

impl Body {
    /// Runs the body future and renders its output for `request`.
    pub(crate) async fn render(self, request: &HttpRequest) -> HttpResponse {
        let render = self.0.await;
        render(request)
    }
}

impl fmt::Debug for Deferred {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Deferred")
            .field("validators", &self.validators)
            .finish_non_exhaustive()
    }
}

/// What the body future of [`Deferred::new`] may give: any actix `Responder`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the body of a `Deferred`: it is not an actix `Responder`",
    label = "the body future gives this",
    note = "give a `Responder` (`Json<T>`, `HttpResponse`, `String`, `Result<R, E>` with `E: ResponseError`, ...)",
    note = "or, for a serde value sent as JSON, build it with `Deferred::json`"
)]
pub trait DeferredBody: Responder + 'static {}

impl<R: Responder + 'static> DeferredBody for R {}
