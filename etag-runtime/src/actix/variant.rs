//! The variant a handler chose (`Variant`), and the facets of the representation an actix request gets, read
//! off the request for the core's `facets`.

use actix_web::http::header::HeaderValue;
use actix_web::{HttpMessage, HttpRequest};

use super::options::Options;
use crate::facets::{TagSource, chosen_variant, hashed_variant, representation_facets};
use crate::negotiation::choose;
use crate::validators::Facet;

/// The variant a handler chose, by a name of its own: the language it picked (`"fr"`), the format.
///
/// A handler that serves variants calls [`Variant::choose`] with the one it picked, and declares the request
/// fields it picks by in `vary` (on `#[conditional]` or [`Conditional`](super::Conditional)). The tag then names
/// the variant (`"v3+v.fr"`), so each variant has its own tag and revalidates to its own 304. Where a route
/// declares `vary` and the handler names no variant, the tag names a digest of the declared fields' values
/// instead: right, but each way of asking for one variant (`fr`, `fr-FR`, `fr;q=0.9`) gets a copy of its own.
///
/// A handler that picks by a q-valued field lets [`Variant::negotiate`] pick and record it:
///
/// ```
/// use actix_web::{HttpRequest, get, web::Path};
/// use etag_runtime::actix::Variant;
/// use etag_runtime::{ETag, conditional};
/// # #[derive(serde::Serialize, ETag)] #[etag(prefix = "v")] struct Greeting { #[etag] version: u64, text: String }
///
/// #[conditional(vary = "Accept-Language")]
/// #[get("/greeting")]
/// async fn greeting(request: HttpRequest) -> Greeting {
///     let text = match Variant::negotiate(&request, "Accept-Language", &["en", "fr"], "en") {
///         "fr" => "Bonjour",
///         _ => "Hello",
///     };
///     Greeting { version: 1, text: text.into() }
/// }
/// # actix_web::rt::System::new().block_on(async {
/// # use actix_web::{App, test};
/// # let app = test::init_service(App::new().service(greeting)).await;
/// # let get = |language: &'static str| test::TestRequest::get().uri("/greeting").insert_header(("Accept-Language", language)).to_request();
/// # let french = test::call_service(&app, get("fr")).await;
/// # let english = test::call_service(&app, get("fr;q=0, en")).await;
/// # let (french, english) = (french.headers().get("etag").unwrap(), english.headers().get("etag").unwrap());
/// # assert!(french.to_str().unwrap().contains("+v.fr"));
/// # assert_ne!(french, english);
/// # });
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant(String);

impl Variant {
    /// Records, for this request, the variant the handler chose. The last call wins.
    pub fn choose(request: &HttpRequest, name: impl Into<String>) {
        request.extensions_mut().insert(Variant(name.into()));
    }

    /// Chooses among `offered` by the request's q-valued `field` (`"Accept-Language"`), records the choice as
    /// [`Variant::choose`] does, and returns it: the value the field ranks highest, `default` when it ranks none
    /// acceptable. q=0 excludes what it names (RFC 9110 §12.4.2), the most specific range decides (§12.5.4), and
    /// ties go to the earlier offered value ([`negotiation::choose`] has the rules). Declare `field` in the
    /// route's `vary`.
    ///
    /// ```
    /// use actix_web::{HttpRequest, get};
    /// use etag_runtime::actix::Variant;
    /// use etag_runtime::conditional;
    ///
    /// #[conditional(vary = "Accept-Language")]
    /// #[get("/greeting")]
    /// async fn greeting(request: HttpRequest) -> String {
    ///     match Variant::negotiate(&request, "Accept-Language", &["en", "fr"], "en") {
    ///         "fr" => "Bonjour".to_owned(),
    ///         _ => "Hello".to_owned(),
    ///     }
    /// }
    /// # actix_web::rt::System::new().block_on(async {
    /// # use actix_web::{App, test};
    /// # let app = test::init_service(App::new().service(greeting)).await;
    /// # let ask = |language: &'static str| test::TestRequest::get().uri("/greeting").insert_header(("Accept-Language", language)).to_request();
    /// # let body = |response| async { String::from_utf8(test::read_body(response).await.to_vec()).unwrap() };
    /// # assert_eq!(body(test::call_service(&app, ask("fr-CH, fr;q=0.9")).await).await, "Bonjour");
    /// # assert_eq!(body(test::call_service(&app, ask("fr;q=0, en;q=0.1")).await).await, "Hello");
    /// # assert_eq!(body(test::call_service(&app, ask("fr;q=0")).await).await, "Hello");
    /// # });
    /// ```
    ///
    /// [`negotiation::choose`]: crate::negotiation::choose
    pub fn negotiate<'o>(request: &HttpRequest, field: &str, offered: &[&'o str], default: &'o str) -> &'o str {
        let lines = request.headers().get_all(field).map(|line| line.as_bytes());
        let chosen = choose(lines, offered, default);
        Variant::choose(request, chosen);
        chosen
    }
}

/// The facets of the representation `request` gets, in the grammar's order: release, variant, requester.
pub(crate) fn facets(request: &HttpRequest, options: &Options, source: TagSource) -> Vec<Facet> {
    // A requester that cannot be read was refused before the handler ran (`__private::refuse_before_running`, or
    // the middleware before its scope).
    let requester = match options.requester.map(|requester| requester.identity(request)) {
        Some(Ok(identity)) => identity,
        _ => None,
    };
    representation_facets(source, variant_facet(request, options), requester.as_deref())
}

/// The handler's chosen variant, or else a digest of the declared Vary fields' values.
fn variant_facet(request: &HttpRequest, options: &Options) -> Option<Facet> {
    if let Some(Variant(name)) = request.extensions().get::<Variant>() {
        return Some(chosen_variant(name));
    }
    let headers = request.headers();
    hashed_variant(options.vary?, |name| headers.get_all(name).map(HeaderValue::as_bytes))
}
