//! Validators before the work: a handler gives its ETag and/or Last-Modified first, from whatever is cheap to
//! read (a version column, a change counter), and its body as a future that `#[conditional]` runs only when a
//! body goes out. A 304, 412 or 400 never runs it.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use actix_web::{HttpRequest, HttpResponse, Responder};
use serde::Serialize;

use super::deferred_model::{DeferredModel, none_found};
use super::json_body::json_response;
use crate::hashing::{canonical_json, is_top_level_none};
use crate::validators::Validators;

/// A response whose validators are known now and whose body is built later, only if it is sent.
///
/// **Only a `#[conditional]` handler can return it.** Without the attribute, actix says "the trait bound
/// `Deferred: Responder` is not satisfied": add `#[conditional]` above the handler, which is what compares the
/// validators and awaits the body. (`Responder` is actix's trait, so this crate cannot word that error itself.)
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

/// The body future, not polled until [`Body::build`].
pub(crate) struct Body(Pin<Box<dyn Future<Output = Built>>>);

/// The body once built: its own validators where it is a model, and its rendering for the request, as actix
/// renders a handler's output.
pub(crate) struct Built {
    pub own: Option<Validators>,
    pub render: Render,
}

type Render = Box<dyn FnOnce(&HttpRequest) -> HttpResponse>;

impl Built {
    fn rendered(render: impl FnOnce(&HttpRequest) -> HttpResponse + 'static) -> Self {
        Built {
            own: None,
            render: Box::new(render),
        }
    }
}

impl Deferred {
    /// Validators now, and a body future whose output is any actix `Responder`.
    pub fn new<B>(validators: impl Into<Validators>, body: impl Future<Output = B> + 'static) -> Deferred
    where
        B: DeferredBody,
    {
        let body = async move {
            let value = body.await;
            Built::rendered(move |request: &HttpRequest| value.respond_to(request).map_into_boxed_body())
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
            // RFC 9110 §15.5.5, as actix answers an `Option`'s `None`: a 404, never a 200 of `null`.
            if is_top_level_none(&value) {
                return Built::rendered(none_found);
            }
            Built::rendered(move |_: &HttpRequest| json_response(canonical_json(&value)))
        };
        Deferred {
            validators: validators.into(),
            body: Body(Box::pin(body)),
        }
    }

    /// Validators now, read from a stamp, and a body future whose output is the model itself (`M`,
    /// `Option<M>`, or either in a `Result`), sent as JSON as a model's GET sends it.
    ///
    /// A stamp and a row read in two queries can name two versions when a write lands between them. A strong
    /// tag names one representation (RFC 9110 §8.8.1), so the body is never sent under a tag that is not its
    /// own: the request is evaluated again against the model's own validators, and the answer carries them (a
    /// 304 where the client holds the model's tag, a 200 with the model's tag otherwise). `None` is actix's 404,
    /// an error is sent as it is.
    ///
    /// ```
    /// use actix_web::{get, web::Path};
    /// use etag_runtime::{Deferred, ETag, Validators, conditional};
    /// # #[derive(serde::Serialize, ETag)] #[etag(prefix = "v")] struct User { id: u32, #[etag] version: u64 }
    /// # #[derive(ETag)] #[etag(prefix = "v", stands_for = User)] struct UserStamp { #[etag] version: u64 }
    ///
    /// #[conditional]
    /// #[get("/users/{id}")]
    /// async fn user(id: Path<u32>) -> Deferred {
    ///     let id = id.into_inner();
    ///     let stamp = UserStamp { version: 4 }; // SELECT version FROM users WHERE id = $1
    ///     Deferred::model(Validators::of(&stamp), async move {
    ///         // SELECT * FROM users WHERE id = $1, after a write made it version 5
    ///         (id == 1).then(|| User { id, version: 5 })
    ///     })
    /// }
    /// # actix_web::rt::System::new().block_on(async {
    /// # use actix_web::{App, test};
    /// # let app = test::init_service(App::new().service(user)).await;
    /// # let response = test::call_service(&app, test::TestRequest::get().uri("/users/1").to_request()).await;
    /// # let tag = response.headers().get("etag").unwrap().to_str().unwrap().to_owned();
    /// # assert!(tag.starts_with("\"v5+s."), "the body's own tag: {tag}");
    /// # let missing = test::call_service(&app, test::TestRequest::get().uri("/users/2").to_request()).await;
    /// # assert_eq!(missing.status(), 404);
    /// # });
    /// ```
    pub fn model<B: DeferredModel>(
        validators: impl Into<Validators>,
        body: impl Future<Output = B> + 'static,
    ) -> Deferred {
        let body = async move {
            match body.await.into_model() {
                Ok(Some(model)) => Built {
                    own: Some(Validators::of(&model)),
                    render: Box::new(move |_: &HttpRequest| json_response(canonical_json(&model))),
                },
                Ok(None) => Built::rendered(none_found),
                Err(error) => Built::rendered(move |_: &HttpRequest| HttpResponse::from_error(error)),
            }
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
    /// Runs the body future.
    pub(crate) async fn build(self) -> Built {
        self.0.await
    }

    /// Runs the body future and renders its output for `request`.
    pub(crate) async fn render(self, request: &HttpRequest) -> HttpResponse {
        let built = self.0.await;
        (built.render)(request)
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
