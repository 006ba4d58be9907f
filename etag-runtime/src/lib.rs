#![warn(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]
// Built without both adapters' features, the crate docs still name the missing layer's items.
#![cfg_attr(
    not(all(feature = "actix", feature = "axum")),
    allow(rustdoc::broken_intra_doc_links)
)]
//! Conditional requests for actix-web and axum, as RFC 9110 means them: entity tags, 304 Not Modified and
//! 412 Precondition Failed, from one attribute on actix-web, and from a layer and a few types on axum (the
//! [`axum`](guide::axum) page of the guide).
//!
//! Put [`#[conditional]`](conditional) on a handler and it sends validators and answers 304 and 412 itself. It
//! gets the validators one of four ways:
//!
//! - from a hash of what the handler sends (a serde value as canonical JSON, or any actix `Responder`'s body);
//! - from a model's [`ETag`] (derived or written), so that a 304 renders nothing;
//! - from a [`Deferred`]: the handler gives its validators first and its body as a future, run only for a 200;
//! - from the ETag and Last-Modified the handler sets itself.
//!
//! The [`Conditional`] middleware does the same for every response of a scope, and the [`Precondition`]
//! extractor guards writes inside their transaction, so that no update is lost.
//!
#![cfg_attr(
    feature = "actix",
    doc = r##"
```
use actix_web::{App, get, test, web::Json};
use etag_runtime::{ETag, conditional};
use serde::Serialize;

#[derive(Serialize, ETag)]
#[etag(prefix = "v")]
struct Article { #[etag] version: u64, title: String }

#[conditional]
#[get("/articles/1")]
async fn article() -> Json<Article> {
    Json(Article { version: 7, title: "Caching".into() })
}

# actix_web::rt::System::new().block_on(async {
let app = test::init_service(App::new().service(article)).await;
let first = test::call_service(&app, test::TestRequest::get().uri("/articles/1").to_request()).await;
// The version, then a digest of `Article`'s definition: a build that changes the struct changes the tag.
let etag = first.headers().get("etag").unwrap().clone();
assert!(etag.to_str().unwrap().starts_with("\"v7+s."));
let again = test::TestRequest::get().uri("/articles/1").insert_header(("If-None-Match", etag));
assert_eq!(test::call_service(&app, again.to_request()).await.status(), 304);
# });
```
"##
)]
//!
//! # The guide
//!
//! The [`guide`] explains each part in depth, every example a test: [what `#[conditional]` does for each
//! output type](guide::modes), [`Deferred`](guide::deferred), [content codings](guide::codings),
//! [HEAD](guide::head), [guarded writes](guide::writes), [retried writes](guide::retries),
//! [the precondition evaluator](guide::preconditions), [clients](guide::clients),
//! [several instances](guide::instances) and [observing](guide::observing). On axum (feature `axum`), the
//! [`axum`](guide::axum) page shows the layer and the types that do the same.
//!
//! # Layers
//!
//! The crate root holds what an application writes. Below it, one module per layer:
//! [`validators`] (RFC 9110 §8.8: entity tags, dates, the `ETag` trait), [`preconditions`] (§13: the request
//! fields and the §13.2.2 evaluator, a pure function with no web framework in it), [`hashing`] (canonical JSON
//! and the body hashes), [`facets`] (what a tag says of the representation: release, variant, requester),
//! [`negotiation`] (§12: choosing among offered values by a q-valued field), [`keys`]
//! (Idempotency-Key: the records of keyed writes, their bounds and the store trait), [`responses`] (what an
//! adapter answers with and reports: the `Outcome`), [`writes`] (the `Precondition` and the keyed write a
//! handler uses, read by each adapter), [`actix`] (feature `actix`, on by default: the modes, middleware,
//! extractors and responses), [`axum`](mod@axum) (feature `axum`: the layer, extractors and responses) and
//! `openapi` (feature `utoipa`). Without the `actix` feature the crate builds with no actix-web at all.
//!
//! # What an operator sees
//!
//! Every conditional decision (`#[conditional]` in each mode, the [`Conditional`] middleware, each
//! [`Precondition::check`]) is a `tracing` event with target `etag_runtime`, at `info` for a 412, 400 or 428 and
//! at `debug` otherwise, with the method, the route's pattern, the decision, the status, the tag and, for a 304,
//! the body bytes it spared where they are known. `tracing` evaluates none of those fields unless a subscriber
//! wants the event. Each response also carries its [`Outcome`] in its extensions, for an application's own access
//! log. With the `metrics` feature, the decisions are counted through the `metrics` facade:
//! `etag_conditional_responses_total{route, status}`, `etag_untouched_responses_total{route, reason}` and
//! `etag_body_bytes_not_sent_total{route}`.

#[cfg(feature = "actix")]
#[cfg_attr(docsrs, doc(cfg(feature = "actix")))]
pub mod actix;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;
pub mod facets;
#[cfg(any(feature = "actix", feature = "axum"))]
pub mod guide;
pub mod hashing;
pub mod keys;
pub mod negotiation;
#[cfg(feature = "utoipa")]
#[cfg_attr(docsrs, doc(cfg(feature = "utoipa")))]
pub mod openapi;
pub mod preconditions;
pub mod responses;
pub mod validators;
pub mod writes;

/// What the macros expand to. Not a public API: reached as `__private`, a hidden re-export, so that compiler
/// errors name these items by their own short names rather than by this path.
mod macro_support {
    /// The items `#[conditional]` and `#[derive(ETag)]` name.
    pub mod private {
        #[cfg(feature = "actix")]
        pub use crate::actix::private::*;
        pub use crate::validators::ModelShape;
        pub use crate::validators::derived_tag::{LastModifiedField, TagField, derived_tag, tag_part};
    }
}

#[doc(hidden)]
pub use macro_support::private as __private;

pub use hashing::BodyHash;
pub use responses::{Outcome, Problem, Rejected};
pub use validators::{ETag, EntityTag, HttpDate, Validators};
pub use writes::Precondition;

#[cfg(feature = "actix")]
pub use actix::{Conditional, Deferred};

#[cfg(feature = "actix")]
#[cfg_attr(docsrs, doc(cfg(feature = "actix")))]
/// Makes an actix-web handler conditional: ETag, 304 Not Modified and 412 Precondition Failed per RFC 9110.
///
/// Put it on an `async fn` handler, above or below actix's `#[get]`/`#[route]`, or on a handler registered with
/// `web::resource(..).route(..)`. The handler returns whatever it would return without the attribute; the
/// attribute never changes what is sent, except to add validators or to answer 304, 412 or 400 (RFC 9110
/// §13.2.2). Placed **above** `#[get(..)]`, it also routes HEAD (RFC 9110 §9.1 asks general-purpose servers to
/// support it), turning `#[get]` into `#[route(.., method = "GET", method = "HEAD")]`; below `#[get]`, write that
/// `#[route]` yourself.
///
/// # Modes, picked from the output type
///
/// The output is read by its type, not by how the signature spells it, so an alias (`type ApiResult<T> =
/// Result<T, ApiError>`) is read as what it stands for. `Result<T, E>` is looked into (an `Err` is not
/// evaluated), then `Option<T>` (`None` is actix's 404, whatever `T` is), then `(T, StatusCode)` (the value for a
/// 200; any other status is sent as actix sends the tuple, unevaluated), then `Either<L, R>` (each side in the
/// mode of its own type), then `Json<T>`; then, for the value:
///
/// - **Validators before the work** ([`Deferred`]): the handler gives its ETag and/or Last-Modified, read from
///   whatever is cheap (a version column, a change counter), and its body as a future. The validators are
///   compared first; on 304, 412 or 400 the future is dropped unpolled, so nothing in it runs.
/// - **Model** (`T: ETag`, derived or written): validators come from [`ETag::etag`] and [`ETag::last_modified`]
///   before anything is rendered, so a 304 renders nothing. The body is the model's own `Responder` rendering
///   when it has one (an HTML page type, say), else its JSON (always its JSON inside `Json`). A strong tag gets
///   the content coding that actix's `Compress` will apply appended (`"v3"` for identity, `"v3+gzip"` for gzip),
///   so that each coding has its own strong tag (§8.8.3.3); a write guarded by either form checks the same state.
///   Only a model the type shows is seen: one serialized into a response built by hand
///   (`HttpResponse::Ok().json(model)`), behind `impl Responder` or inside `customize()` takes the next mode,
///   and its body is hashed into a weak tag, which can guard no write. Return the model (or `Json` of it, or
///   `(Json(model), StatusCode::OK)`) to send its own tag.
/// - **Any other actix `Responder`**, named or `impl Responder`: `HttpResponse`, `String`, `&'static str`,
///   `Bytes`, `Html`, `CustomizeResponder<R>`, the application's own types. The
///   response is rendered as actix renders it; a 2xx answer to GET or HEAD is then validated by the ETag and
///   Last-Modified the handler set (never re-hashed; a strong tag gets the coding suffix; one that cannot be
///   parsed is left as sent and nothing is evaluated), or else by a weak tag, the SHA-1 (or xxh3) of the body's
///   bytes, when the body is in memory and at most 1 MiB (hashed in place, not copied). A streaming body, or a
///   larger one, goes out untouched and is never buffered. Every other status or method passes untouched.
/// - **Hashing** (`Json<T>`, or a bare `T: Serialize` that is not a `Responder`): the value is serialized once,
///   map entries in key order (so a `HashMap` gives stable bytes), the ETag is the SHA-1 (or xxh3) of those
///   bytes, and the same bytes are the body, as `application/json`. The tag is **weak**, because `Compress` may encode the body
///   under it (§8.8.3.3). It validates GETs (If-None-Match) but can never satisfy If-Match, which demands a
///   strong tag.
///
/// Anything else is one compile error, spanned on the output type, that names the ways out. For whole scopes
/// without an attribute per handler, see the [`Conditional`] middleware.
///
/// # What is sent
///
/// - 200: the body, `ETag`, `Last-Modified` (when known, with its own `Date`, and never later than that Date:
///   RFC 9110 §8.8.2.1), `Cache-Control` and `Vary` from the arguments (a Cache-Control the handler set wins). `Vary` names `Accept-Encoding` once: the attribute adds it, except on the 200s `Compress`
///   encodes, to which `Compress` adds it itself. In a build where `Compress` can encode nothing, it is left out.
/// - 304: no body and no Content-Type; the 200's Cache-Control, Content-Location, Date, ETag, Expires, Vary and
///   Last-Modified (§15.4.5), and nothing else of what the handler set: the fields a cache updates its stored
///   response with, and none that describe a body the 304 does not have.
/// - 412 or 400 (malformed tag list): problem+json (RFC 9457).
/// - A handler's `Err` is not evaluated: no validators, never 304 or 412 (§13.2.1). Like every error the
///   attribute answers, it gets the `vary` names and the requester's field in `Vary`, and `Cache-Control:
///   no-store` unless the handler set a Cache-Control (RFC 9111 §4.2.2: no cache keeps a 404 by heuristic).
/// - Methods other than GET and HEAD get the body without validators (§9.3.4): a write's preconditions are
///   checked before its side effects with the [`Precondition`] extractor, inside the write's transaction. A PUT,
///   PATCH or DELETE handler that takes no `Precondition` is a compile error where the attribute sees the route;
///   elsewhere a write that carries If-Match, If-None-Match or If-Unmodified-Since to a handler without one is
///   refused with 500 before the handler runs, and an error event names the route (RFC 9110 §13.1.1).
/// - A `per_user` route refuses with 400 a requester field sent twice or holding more than visible ASCII.
///
/// # Content codings
///
/// Which coding `Compress` applies depends on the actix-web features the application compiles
/// (`compress-brotli`, `compress-gzip`, `compress-zstd`). The first conditional response runs `Compress` once
/// per coding to learn which ones it produces in this build, and every request then negotiates among those
/// with the same function `Compress` calls, so a tag's suffix is the coding actually sent; no configuration.
///
/// Without `Compress` in the application, nothing is encoded, yet a strong tag still carries the suffix of the
/// coding `Compress` would have chosen (the handler cannot see which middleware wraps it). That is still
/// correct: every response has the identity bytes, so each tag, `"v3"` or `"v3+gzip"`, names exactly one
/// byte sequence (§8.8.3.3 forbids the opposite, one tag for two). The cost is that clients offering
/// different codings get different tags for the same bytes, and that the 200s whose tag names a coding carry no
/// `Vary: Accept-Encoding` (it is left to `Compress`): a cache may hand such a response to any client, whose
/// bytes are right, and whose revalidation then answers 200 instead of 304 when the coding differs.
///
/// # Arguments
///
/// - `cache_control = "max-age=60"`, `vary = "Accept-Language"`: headers for the 200 and its 304.
/// - `hash = xxh3` (or `sha1`, the default): the hash of the modes that hash a body; see [`BodyHash`] for which
///   to pick.
/// - `hash_limit = 65536`: the largest body, in bytes, the `Responder` mode hashes (default 1 MiB).
///
/// # Example
///
/// ```
/// use actix_web::{App, get, test, web::Json};
/// use etag_runtime::conditional;
/// use serde::Serialize;
///
/// #[derive(Serialize)]
/// struct User { id: u32, name: &'static str }
///
/// #[conditional(cache_control = "max-age=60")]
/// #[get("/users/1")]
/// async fn user() -> Json<User> {
///     Json(User { id: 1, name: "Ada" })
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(App::new().service(user)).await;
/// let first = test::call_service(&app, test::TestRequest::get().uri("/users/1").to_request()).await;
/// assert_eq!(first.status(), 200);
/// let etag = first.headers().get("etag").unwrap().clone();
///
/// let again = test::TestRequest::get().uri("/users/1").insert_header(("If-None-Match", etag)).to_request();
/// let second = test::call_service(&app, again).await;
/// assert_eq!(second.status(), 304);
/// assert_eq!(second.headers().get("cache-control").unwrap(), "max-age=60");
/// # });
/// ```
pub use etag_macros::conditional;

/// `#[derive(ETag)]`: see the [`ETag`](trait@ETag) trait.
pub use etag_macros::ETag;

/// The crate's README, whose example runs as a doc test.
#[doc = include_str!("../README.md")]
#[cfg(all(doctest, feature = "actix"))]
pub struct ReadmeDoctests;
