//! Which handler answers which method at which path, and the layers around them; every other method or path
//! gets a problem+json 405 or 404, as on actix.

use std::future::{Ready, ready};

use axum::extract::Request;
use axum::extract::{DefaultBodyLimit, FromRef};
use axum::http::Version;
use axum::http::header::{ALLOW, HOST};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use axum::{Extension, Router, middleware};
use etag_runtime::axum::Conditional;
use metrics_exporter_prometheus::PrometheusHandle;
use tower_http::compression::CompressionLayer;
use tower_http::decompression::RequestDecompressionLayer;

use crate::docs::Document;
use crate::errors::{ApiError, errors_as_problems};
use crate::extract::LARGEST_BODY;
use crate::store::Store;
use crate::{access_log, card, docs, health, me, metrics, pages, reads, writes};

/// What the handlers read: the store, and the document served at `/openapi.json`.
#[derive(Clone)]
struct App {
    store: Store,
    document: Document,
}

impl FromRef<App> for Store {
    fn from_ref(app: &App) -> Store {
        app.store.clone()
    }
}

impl FromRef<App> for Document {
    fn from_ref(app: &App) -> Document {
        app.document.clone()
    }
}

/// The whole service: the routes, each conditional one in its own `Conditional` layer with the compression
/// inside it, then the requester for keyed writes, the request bodies' decoding, the Host check, every error a
/// problem sent `no-store`, and the access log outermost, so that it logs what the client receives.
pub fn app(store: Store, metrics: Option<PrometheusHandle>, log: bool) -> Result<Router, String> {
    let document = Document::new().map_err(|error| format!("cannot write the OpenAPI document: {error}"))?;
    let mut routes = Router::new()
        .route("/", conditional(reads_only(get(pages::home)), no_cache()))
        .route("/users.csv", conditional(reads_only(get(pages::users_csv)), no_cache()))
        .route(
            "/users/{id}/card",
            conditional(reads_only(get(card::user_card)), no_cache().vary("Accept-Language")),
        )
        .route(
            "/me",
            conditional(reads_only(get(me::me)), Conditional::default().per_user(&me::REQUESTER)),
        )
        .route("/users", conditional(list_methods(), no_cache()))
        .route(
            "/users/stats",
            conditional(reads_only(get(reads::user_stats)), no_cache()),
        )
        .route("/users/{id}", conditional(user_methods(), no_cache()))
        .route(
            "/openapi.json",
            conditional(reads_only(get(docs::openapi_json)), no_cache()),
        )
        .route("/livez", plain(reads_only(get(health::livez))))
        .route("/readyz", plain(reads_only(get(health::readyz))))
        .merge(Document::page())
        .fallback(|| async { ApiError::no_route() });
    if let Some(handle) = metrics {
        routes = routes.route("/metrics", plain(reads_only(metrics::route(handle))));
    }
    let routes = routes
        .with_state(App { store, document })
        // Keys belong to the requester where one is named (X-User): the same key from another is another key.
        .layer(Extension(&me::REQUESTER))
        .layer(DefaultBodyLimit::max(LARGEST_BODY))
        // A gzip body is read as actix-web reads it; another coding is refused with 415. Outside the limit, which
        // then counts the decoded bytes.
        .layer(RequestDecompressionLayer::new())
        .layer(middleware::from_fn(one_host))
        .layer(middleware::map_response(errors_as_problems));
    Ok(match log {
        true => routes.layer(middleware::from_fn(access_log::access_log)),
        false => routes,
    })
}

/// Every route here: `no-cache` on its reads, so caches may keep a copy but revalidate it before each use, which
/// a 304 makes cheap (without it, some client caches reuse the copy without asking).
fn no_cache() -> Conditional {
    Conditional::default().cache_control("no-cache")
}

/// A resource's methods and the Allow its 405 names, written side by side so that they stay one list: axum
/// writes its own Allow only where none is set, without the spaces the contract has.
struct Methods(MethodRouter<App>, &'static str);

/// A resource that is only read: axum answers HEAD with the GET handler.
fn reads_only(get: MethodRouter<App>) -> Methods {
    Methods(get, "GET, HEAD")
}

fn list_methods() -> Methods {
    let methods = get(reads::list_users).post(writes::create_user);
    Methods(methods, "GET, HEAD, POST")
}

fn user_methods() -> Methods {
    let methods = get(reads::get_user)
        .put(writes::put_user)
        .patch(writes::patch_user)
        .delete(writes::delete_user);
    Methods(methods, "GET, HEAD, PUT, PATCH, DELETE")
}

/// `methods`, with their 405, in `layer`, with tower-http's compression given to it so that each strong tag names
/// the coding its body is sent with.
fn conditional(Methods(methods, allow): Methods, layer: Conditional) -> MethodRouter<App> {
    methods
        .fallback(only(allow))
        .layer(layer.around(CompressionLayer::new()))
}

/// A route that is not conditional: compressed, with its 405.
fn plain(Methods(methods, allow): Methods) -> MethodRouter<App> {
    methods.fallback(only(allow)).layer(CompressionLayer::new())
}

/// A 405 that names the methods the resource has (RFC 9110 §15.5.6).
fn only(allow: &'static str) -> impl Fn() -> Ready<Response> + Clone + Send + Sync + 'static {
    move || ready(([(ALLOW, allow)], ApiError::method_not_allowed(allow)).into_response())
}

/// RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request with no Host field or more than one; hyper
/// leaves that to the application.
async fn one_host(request: Request, next: Next) -> Response {
    let hosts = request.headers().get_all(HOST).iter().count();
    if request.version() == Version::HTTP_11 && hosts != 1 {
        return ApiError::bad_request("send exactly one Host field (RFC 9112 §3.2)").into_response();
    }
    next.run(request).await
}
