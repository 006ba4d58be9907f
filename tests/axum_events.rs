//! What the axum layer tells an operator, over real HTTP on 127.0.0.1: one `tracing` event per decision, as on
//! actix-web, and an error event for a write that carried a precondition its handler never evaluated.

#[path = "support/axum_server.rs"]
mod axum_server;
#[path = "support/events.rs"]
mod events;
mod support;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum_server::serve_axum;
use etag_runtime::Precondition;
use etag_runtime::axum::{Conditional, Variant};
use events::{capturing, events_under, next_event};
use support::{get as get_at, send};
use tracing::Level;

async fn page() -> String {
    "a page whose body is hashed, long enough to be worth it".repeat(4)
}

async fn unguarded(_body: String) -> StatusCode {
    StatusCode::NO_CONTENT
}

async fn guarded(precondition: Precondition) -> Result<StatusCode, etag_runtime::Problem> {
    precondition.optional().check_validators(false, None, None)?;
    Ok(StatusCode::NO_CONTENT)
}

async fn card(headers: axum::http::HeaderMap) -> (Variant, &'static str) {
    (
        Variant::negotiate(&headers, "Accept-Language", &["en", "fr"], "en"),
        "a card",
    )
}

async fn missing() -> Result<String, etag_runtime::Problem> {
    Err(etag_runtime::Problem::new(StatusCode::NOT_FOUND, "no such page"))
}

async fn empty_404() -> StatusCode {
    StatusCode::NOT_FOUND
}

fn server() -> axum_server::AxumServer {
    capturing();
    let router = Router::new()
        .route("/axum-events/page", get(page))
        .route("/axum-events/unguarded", put(unguarded))
        .route("/axum-events/guarded", put(guarded))
        .route("/axum-events/card", get(card))
        .route("/axum-events/missing", get(missing))
        .route("/axum-events/empty-404", get(empty_404))
        .layer(Conditional::default());
    serve_axum(router)
}

// RFC 9110 §13.1.2: the 304 is reported with its decision, status, tag and the body bytes it spared.
#[test]
fn rfc9110_13_1_2_a_304_is_reported() {
    let server = server();
    let first = get_at(server.addr, "/axum-events/page", &[]);
    let etag = first.header("etag").unwrap().to_owned();
    let before = events_under("/axum-events/page").len();
    assert_eq!(
        get_at(server.addr, "/axum-events/page", &[("If-None-Match", &etag)]).status,
        304
    );
    let event = next_event("/axum-events/page", before);
    assert_eq!(event.level, Level::DEBUG);
    assert_eq!(event.field("decision"), Some("not_modified"));
    assert_eq!(event.field("status"), Some("304"));
    assert_eq!(event.field("tag"), Some(etag.as_str()));
    assert_eq!(
        event.field("bytes_not_sent"),
        Some(first.body.len().to_string().as_str())
    );
}

// RFC 9110 §13.2.1: an error goes out untouched; a `Problem` the handler answered with is reported as the
// handler's error, as actix's attribute reports a handler's `Err`, and any other error status as not a 2xx.
#[test]
fn rfc9110_13_2_1_a_handlers_problem_is_reported_as_its_error() {
    let server = server();
    for (route, reason) in [
        ("/axum-events/missing", "handler_error"),
        ("/axum-events/empty-404", "not_2xx"),
    ] {
        let before = events_under(route).len();
        assert_eq!(get_at(server.addr, route, &[]).status, 404);
        let event = next_event(route, before);
        assert_eq!(event.field("decision"), Some("untouched"), "{route}");
        assert_eq!(event.field("reason"), Some(reason), "{route}");
    }
}

// RFC 9110 §13.1.1: a write that carried If-Match to a handler that took no `Precondition` ran unguarded; the
// layer sees it only afterwards, so it tells the operator, naming the route and the field.
#[test]
fn rfc9110_13_1_1_an_unevaluated_precondition_is_an_error_event() {
    let server = server();
    let errors_of = |route: &str| {
        let events = events_under(route);
        events
            .into_iter()
            .filter(|event| event.level == Level::ERROR)
            .collect::<Vec<_>>()
    };
    let before = errors_of("/axum-events/unguarded").len();
    assert_eq!(
        send(
            server.addr,
            "PUT",
            "/axum-events/unguarded",
            &[("If-Match", "\"v1\"")],
            b"x"
        )
        .status,
        204
    );
    let errors = errors_of("/axum-events/unguarded");
    assert_eq!(errors.len(), before + 1, "{errors:#?}");
    assert_eq!(errors[before].field("field"), Some("if-match"));
    assert_eq!(errors[before].field("method"), Some("PUT"));
    let guarded = send(
        server.addr,
        "PUT",
        "/axum-events/guarded",
        &[("If-None-Match", "*")],
        b"x",
    );
    assert_eq!(guarded.status, 204);
    assert!(errors_of("/axum-events/guarded").is_empty(), "the handler evaluated it");
}

// A write refused before it ran (no such route, a method the route lacks) wrote nothing: no unguarded report.
#[test]
fn rfc9110_13_1_1_a_write_that_did_not_run_is_not_reported() {
    let server = server();
    let route_errors = |route: &str| {
        events_under(route)
            .into_iter()
            .filter(|event| event.level == Level::ERROR)
            .count()
    };
    let before = route_errors("/axum-events/page");
    assert_eq!(
        send(server.addr, "PUT", "/axum-events/page", &[("If-Match", "\"v1\"")], b"x").status,
        405
    );
    assert_eq!(route_errors("/axum-events/page"), before);
}

// RFC 9110 §12.5.5: a handler that chooses a variant on a route that declares no Vary field is an error event:
// the tags differ by variant, but a shared cache is told nothing of it.
#[test]
fn rfc9110_12_5_5_a_variant_without_vary_is_an_error_event() {
    let server = server();
    let before = events_under("/axum-events/card")
        .iter()
        .filter(|event| event.level == Level::ERROR)
        .count();
    assert_eq!(
        get_at(server.addr, "/axum-events/card", &[("Accept-Language", "fr")]).status,
        200
    );
    let errors: Vec<_> = events_under("/axum-events/card")
        .into_iter()
        .filter(|event| event.level == Level::ERROR)
        .collect();
    assert_eq!(errors.len(), before + 1, "{errors:#?}");
}
