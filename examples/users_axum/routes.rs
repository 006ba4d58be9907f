//! Which handler answers which method at which path, and the layers around them; every other method or path
//! gets a problem+json 405 or 404, as on actix.

use std::future::{Ready, ready};

use axum::extract::FromRef;
use axum::http::StatusCode;
use axum::http::header::ALLOW;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use axum::{Extension, Router, middleware};
use etag_runtime::axum::Conditional;
use metrics_exporter_prometheus::PrometheusHandle;
use tower_http::compression::CompressionLayer;
use tower_http::decompression::RequestDecompressionLayer;

use crate::docs::Document;
use crate::errors::{ApiError, errors_as_problems};
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
/// inside it, then the requester for keyed writes, the request bodies' decoding, every error a problem sent
/// `no-store`, and the access log outermost, so that it logs what the client receives.
pub fn app(store: Store, metrics: Option<PrometheusHandle>, log: bool) -> Result<Router, String> {
    let document = Document::new().map_err(|error| format!("cannot write the OpenAPI document: {error}"))?;
    let mut routes = Router::new()
        .route("/", conditional(get(pages::home), READS, read()))
        .route("/users.csv", conditional(get(pages::users_csv), READS, read()))
        .route(
            "/users/{id}/card",
            conditional(get(card::user_card), READS, read().vary("Accept-Language")),
        )
        .route(
            "/me",
            conditional(get(me::me), READS, Conditional::default().per_user(&me::REQUESTER)),
        )
        .route("/users", conditional(list_methods(), "GET, HEAD, POST", read()))
        .route("/users/stats", conditional(get(reads::user_stats), READS, read()))
        .route(
            "/users/{id}",
            conditional(user_methods(), "GET, HEAD, PUT, PATCH, DELETE", read()),
        )
        .route("/openapi.json", conditional(get(docs::openapi_json), READS, read()))
        .route("/livez", plain(get(health::livez)))
        .route("/readyz", plain(get(health::readyz)))
        .merge(Document::page())
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "no resource at this path; try /users") });
    if let Some(handle) = metrics {
        routes = routes.route("/metrics", plain(metrics::route(handle)));
    }
    let routes = routes
        .with_state(App { store, document })
        // Keys belong to the requester where one is named (X-User): the same key from another is another key.
        .layer(Extension(&me::REQUESTER))
        // A gzip body is read as actix-web reads it; another coding is refused with 415.
        .layer(RequestDecompressionLayer::new())
        .layer(middleware::map_response(errors_as_problems));
    Ok(match log {
        true => routes.layer(middleware::from_fn(access_log::access_log)),
        false => routes,
    })
}

/// Every read here: `no-cache`, so caches may keep a copy but revalidate it before each use, which a 304 makes
/// cheap (without it, some client caches reuse the copy without asking).
fn read() -> Conditional {
    Conditional::default().cache_control("no-cache")
}

/// The methods of a resource that is only read (axum answers HEAD with the GET handler).
const READS: &str = "GET, HEAD";

fn list_methods() -> MethodRouter<App> {
    get(reads::list_users).post(writes::create_user)
}

fn user_methods() -> MethodRouter<App> {
    get(reads::get_user)
        .put(writes::put_user)
        .patch(writes::patch_user)
        .delete(writes::delete_user)
}

/// `methods`, with a 405 naming the methods in `allow`, in `layer`, with tower-http's compression given to it
/// so that each strong tag names the coding its body is sent with.
fn conditional(methods: MethodRouter<App>, allow: &'static str, layer: Conditional) -> MethodRouter<App> {
    methods
        .fallback(only(allow))
        .layer(layer.around(CompressionLayer::new()))
}

/// A read that is not conditional: compressed, with its 405.
fn plain(methods: MethodRouter<App>) -> MethodRouter<App> {
    methods.fallback(only(READS)).layer(CompressionLayer::new())
}

/// A 405 that names the methods the resource has (RFC 9110 §15.5.6).
fn only(allow: &'static str) -> impl Fn() -> Ready<Response> + Clone + Send + Sync + 'static {
    move || {
        let problem = ApiError::new(StatusCode::METHOD_NOT_ALLOWED, format!("this resource allows {allow}"));
        ready(([(ALLOW, allow)], problem).into_response())
    }
}
