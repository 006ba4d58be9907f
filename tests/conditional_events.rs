//! What etag-runtime tells an operator, over real HTTP on 127.0.0.1: one `tracing` event (target
//! `etag_runtime`) per conditional decision, in every mode, the middleware and `Precondition` writes, with the
//! decision, the status, the tag and, for a 304, the body bytes it spared; and the same decision on the response.
//!
//! The server's workers run on threads of their own, so the events are captured by a global subscriber, and each
//! test reads only the events of its own routes.

#[path = "support/events.rs"]
mod events;
mod support;

use std::sync::atomic::{AtomicU32, Ordering};

use actix_web::http::header;
use actix_web::web::{self, Json, ServiceConfig};
use actix_web::{HttpResponse, Responder};
use etag_runtime::{Conditional, ETag, Outcome, Precondition, Rejected, conditional};
use events::{capturing, events_under, next_event};
use serde::Serialize;
use support::bodies::Endless;
use support::{send, serve};
use tracing::Level;

#[derive(Serialize)]
struct Note {
    text: &'static str,
}

#[conditional]
async fn hashed_note() -> Json<Note> {
    Json(Note {
        text: "a note whose JSON is hashed",
    })
}

#[derive(Serialize, ETag)]
struct Versioned {
    #[etag]
    version: u32,
}

#[conditional]
async fn model() -> Json<Versioned> {
    Json(Versioned { version: 7 })
}

#[conditional]
async fn failing() -> Result<Json<Note>, actix_web::Error> {
    Err(actix_web::error::ErrorServiceUnavailable("the store is away"))
}

async fn csv() -> HttpResponse {
    HttpResponse::Ok().content_type("text/csv").body("id,name\n1,Ada\n")
}

async fn stream() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/event-stream")
        .body(Endless::new())
}

async fn nothing() -> HttpResponse {
    HttpResponse::Ok().body(actix_web::body::None::new())
}

async fn large() -> impl Responder {
    "x".repeat(64)
}

/// A write guarded by the current version 3 of one document.
async fn guarded(precondition: Precondition) -> Result<HttpResponse, Rejected> {
    precondition.required().check(Some(&Versioned { version: 3 }))?;
    Ok(HttpResponse::NoContent().finish())
}

/// How many times the unguarded write below ran.
static UNGUARDED_WRITES: AtomicU32 = AtomicU32::new(0);

/// A write under the attribute that takes no `Precondition`, registered with `web::put()`, where the macro
/// cannot see its method.
#[conditional]
async fn unguarded_write() -> Json<u32> {
    Json(UNGUARDED_WRITES.fetch_add(1, Ordering::SeqCst) + 1)
}

/// The same write, guarded by the current version 3.
#[conditional]
async fn guarded_write(precondition: Precondition) -> Result<Json<u32>, Rejected> {
    precondition.check(Some(&Versioned { version: 3 }))?;
    Ok(Json(4))
}

/// A write that takes its `Precondition` and forgets to check it.
async fn forgetful(_precondition: Precondition) -> HttpResponse {
    HttpResponse::NoContent().finish()
}

/// A write that checks one clone of its `Precondition` and drops the other unchecked, as a handler that checks
/// once without a lock and again under it may.
async fn checks_a_clone(precondition: Precondition) -> Result<HttpResponse, Rejected> {
    let clone = precondition.clone();
    clone.check(Some(&Versioned { version: 3 }))?;
    drop(precondition);
    Ok(HttpResponse::NoContent().finish())
}

fn routes(config: &mut ServiceConfig) {
    config
        .route("/events/forgetful", web::put().to(forgetful))
        .route("/events/clone-checked", web::put().to(checks_a_clone))
        .route("/events/unguarded", web::put().to(unguarded_write))
        .route("/events/guarded", web::put().to(guarded_write))
        .route("/events/hashed", web::route().to(hashed_note))
        .route("/events/model", web::get().to(model))
        .route("/events/failing", web::get().to(failing))
        .route("/events/writes/{id}", web::put().to(guarded))
        .service(
            web::scope("/events/scope")
                .wrap(Conditional::default().hash_limit(32))
                .route("/csv", web::get().to(csv))
                .route("/form", web::post().to(csv))
                .route("/stream", web::get().to(stream))
                .route("/large", web::get().to(large))
                .route("/nothing", web::get().to(nothing))
                .route("/missing", web::get().to(HttpResponse::NotFound)),
        );
}

#[test]
fn rfc9110_15_4_5_a_hashed_304_reports_the_body_bytes_it_spared_and_a_200_its_tag() {
    capturing();
    let server = serve(routes);
    let ok = send(server.addr, "GET", "/events/hashed", &[], b"");
    let tag = ok.header("etag").expect("a tag").to_owned();
    let event = next_event("/events/hashed", 0);
    assert_eq!(event.level, Level::DEBUG, "a served request is debug: {event:?}");
    assert_eq!(event.field("decision"), Some("validated"));
    assert_eq!(event.field("status"), Some("200"));
    assert_eq!(event.field("method"), Some("GET"));
    assert_eq!(event.field("tag"), Some(tag.as_str()));
    assert_eq!(event.field("bytes_not_sent"), None, "a 200 sent its body");

    let not_modified = send(server.addr, "GET", "/events/hashed", &[("If-None-Match", &tag)], b"");
    assert_eq!(not_modified.status, 304);
    let event = next_event("/events/hashed", 1);
    assert_eq!(event.field("decision"), Some("not_modified"));
    assert_eq!(event.field("status"), Some("304"));
    assert_eq!(event.field("bytes_not_sent"), Some(ok.body.len().to_string().as_str()));

    // RFC 9110 §9.3.2: a HEAD's 200 has no body either, so its 304 spares none.
    send(server.addr, "HEAD", "/events/hashed", &[("If-None-Match", &tag)], b"");
    let event = next_event("/events/hashed", 2);
    assert_eq!(event.field("decision"), Some("not_modified"));
    assert_eq!(event.field("method"), Some("HEAD"));
    assert_eq!(event.field("bytes_not_sent"), None);

    // RFC 9110 §9.3.4: a write's response is not the stored representation.
    send(server.addr, "POST", "/events/hashed", &[], b"");
    let event = next_event("/events/hashed", 3);
    assert_eq!(event.field("decision"), Some("untouched"));
    assert_eq!(event.field("reason"), Some("not_get_or_head"));
}

#[test]
fn a_models_304_renders_nothing_so_its_spared_bytes_are_unknown_rfc9110_13_1_2() {
    capturing();
    let server = serve(routes);
    let tag = send(server.addr, "GET", "/events/model", &[], b"")
        .header("etag")
        .expect("a tag")
        .to_owned();
    let not_modified = send(server.addr, "GET", "/events/model", &[("If-None-Match", &tag)], b"");
    assert_eq!(not_modified.status, 304);
    let event = next_event("/events/model", 1);
    assert_eq!(event.field("decision"), Some("not_modified"));
    assert_eq!(event.field("tag"), Some(tag.as_str()));
    assert_eq!(event.field("bytes_not_sent"), None);

    // RFC 9110 §13.1.1: If-Match on a read that does not match is a 412, reported at info.
    let failed = send(server.addr, "GET", "/events/model", &[("If-Match", "\"other\"")], b"");
    assert_eq!(failed.status, 412);
    let event = next_event("/events/model", 2);
    assert_eq!(event.level, Level::INFO, "a refused request is info: {event:?}");
    assert_eq!(event.field("decision"), Some("precondition_failed"));
    assert_eq!(event.field("status"), Some("412"));
}

#[test]
fn a_handler_error_is_reported_untouched_rfc9110_13_2_1() {
    capturing();
    let server = serve(routes);
    let response = send(server.addr, "GET", "/events/failing", &[("If-None-Match", "*")], b"");
    assert_eq!(response.status, 503, "the handler's error, as it made it");
    let event = next_event("/events/failing", 0);
    assert_eq!(event.field("decision"), Some("untouched"));
    assert_eq!(event.field("reason"), Some("handler_error"));
    assert_eq!(event.field("status"), Some("503"));
}

#[test]
fn the_middleware_says_why_a_response_could_not_be_a_304() {
    capturing();
    let server = serve(routes);
    let cases = [
        ("GET", "/events/scope/stream", "stream"),
        ("GET", "/events/scope/large", "over_hash_limit"),
        ("GET", "/events/scope/nothing", "no_body"),
        ("GET", "/events/scope/missing", "not_2xx"),
        ("POST", "/events/scope/form", "not_get_or_head"),
    ];
    for (method, path, reason) in cases {
        let before = events_under(path).len();
        if reason == "stream" {
            // It never ends: its first bytes are enough.
            support::first_bytes(server.addr, path);
        } else {
            send(server.addr, method, path, &[], b"");
        }
        let event = next_event(path, before);
        assert_eq!(event.field("decision"), Some("untouched"), "{path}");
        assert_eq!(event.field("reason"), Some(reason), "{path}");
        assert_eq!(event.field("tag"), None, "{path}");
    }
}

#[test]
fn the_middlewares_304_reports_the_handlers_body_length_rfc9110_15_4_5() {
    capturing();
    let server = serve(routes);
    let ok = send(server.addr, "GET", "/events/scope/csv", &[], b"");
    let tag = ok.header("etag").expect("a tag").to_owned();
    let before = events_under("/events/scope/csv").len();
    let not_modified = send(server.addr, "GET", "/events/scope/csv", &[("If-None-Match", &tag)], b"");
    assert_eq!(not_modified.status, 304);
    let event = next_event("/events/scope/csv", before);
    assert_eq!(event.field("decision"), Some("not_modified"));
    assert_eq!(event.field("bytes_not_sent"), Some(ok.body.len().to_string().as_str()));
}

type Headers<'a> = &'a [(&'a str, &'a str)];

#[test]
fn writes_report_each_check_412_and_428_at_info_rfc9110_13_1_1_rfc6585_3() {
    capturing();
    let server = serve(routes);
    let current = Versioned { version: 3 }.etag().to_string();
    let cases: [(Headers, u16, &str, Level); 3] = [
        (&[("If-Match", current.as_str())], 204, "write_allowed", Level::DEBUG),
        (&[("If-Match", "\"2\"")], 412, "precondition_failed", Level::INFO),
        (&[], 428, "precondition_required", Level::INFO),
    ];
    for (number, (headers, status, decision, level)) in cases.into_iter().enumerate() {
        let response = send(server.addr, "PUT", "/events/writes/1", headers, b"");
        assert_eq!(response.status, status);
        let event = next_event("/events/writes/", number);
        assert_eq!(
            event.field("route"),
            Some("/events/writes/{id}"),
            "the pattern, not the path"
        );
        assert_eq!(event.field("decision"), Some(decision));
        assert_eq!(event.level, level);
        assert_eq!(event.field("tag"), Some(current.as_str()), "the tag compared");
        let status_field = (status != 204).then(|| status.to_string());
        assert_eq!(
            event.field("status"),
            status_field.as_deref(),
            "a write allowed has no status of ours"
        );
    }
}

/// The decision rides on the response for an application's own log, with or without a subscriber.
#[actix_web::test]
async fn the_outcome_is_on_the_response() {
    use actix_web::test;
    // Under a prefix of its own, so that the other tests, running at the same time, see none of its events.
    let app = test::init_service(actix_web::App::new().service(web::scope("/quiet").configure(routes))).await;
    let ok = test::call_service(
        &app,
        test::TestRequest::get().uri("/quiet/events/scope/csv").to_request(),
    )
    .await;
    assert_eq!(ok.response().extensions().get::<Outcome>(), Some(&Outcome::Validated));
    let tag = ok.headers().get(header::ETAG).expect("a tag").clone();
    let again = test::TestRequest::get()
        .uri("/quiet/events/scope/csv")
        .insert_header((header::IF_NONE_MATCH, tag))
        .to_request();
    let not_modified = test::call_service(&app, again).await;
    assert_eq!(
        not_modified.response().extensions().get::<Outcome>(),
        Some(&Outcome::NotModified)
    );
    let refused = test::TestRequest::put()
        .uri("/quiet/events/writes/1")
        .insert_header((header::IF_MATCH, "\"2\""))
        .to_request();
    let refused = test::call_service(&app, refused).await;
    assert_eq!(
        refused.response().extensions().get::<Outcome>(),
        Some(&Outcome::PreconditionFailed)
    );
    assert_eq!(Outcome::NotModified.to_string(), "not_modified");
    let stream = test::TestRequest::get().uri("/quiet/events/scope/stream").to_request();
    let stream = test::call_service(&app, stream).await;
    let outcome = stream.response().extensions().get::<Outcome>().copied();
    assert_eq!(
        outcome.map(|outcome| outcome.to_string()).as_deref(),
        Some("untouched:stream")
    );
}

// RFC 9110 §13.1.1: an origin server MUST evaluate If-Match before performing the method. A write under
// `#[conditional]` whose handler takes no `Precondition` would ignore it, so it is refused before the handler
// runs, with a status that says nothing was evaluated (not 412 or 428), and an error event names the route.
#[test]
fn rfc9110_13_1_1_a_conditional_write_that_evaluates_nothing_is_refused_before_it_runs() {
    capturing();
    let server = serve(routes);
    for field in [
        ("If-Match", "\"v0\""),
        ("If-None-Match", "*"),
        ("If-Unmodified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"),
    ] {
        let before = events_under("/events/unguarded").len();
        let refused = send(server.addr, "PUT", "/events/unguarded", &[field], b"");
        assert_eq!(refused.status, 500, "{field:?}");
        assert_eq!(refused.header("content-type"), Some("application/problem+json"));
        assert_eq!(refused.header("cache-control"), Some("no-store"));
        assert_eq!(
            UNGUARDED_WRITES.load(Ordering::SeqCst),
            0,
            "the handler never ran: {field:?}"
        );
        let event = next_event("/events/unguarded", before);
        assert_eq!(event.level, Level::ERROR, "{event:?}");
        assert_eq!(event.field("field"), Some(field.0.to_ascii_lowercase().as_str()));
        assert!(
            event.field("fix").is_some_and(|fix| fix.contains("`Precondition`")),
            "{event:?}"
        );
    }
    // RFC 9110 §9.3.4: without a precondition field, the write runs and its answer is untouched.
    let plain = send(server.addr, "PUT", "/events/unguarded", &[], b"");
    assert_eq!((plain.status, plain.text().as_str()), (200, "1"));
    // RFC 9110 §13.2.1: If-Modified-Since applies to GET and HEAD only, so a write ignores it; §13.1.4: so is an
    // If-Unmodified-Since that is no date; §13.1.2: an If-None-Match that names no tag can stop nothing.
    for ignored in [
        ("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"),
        ("If-Unmodified-Since", "yesterday"),
        ("If-None-Match", ""),
    ] {
        assert_eq!(
            send(server.addr, "PUT", "/events/unguarded", &[ignored], b"").status,
            200,
            "{ignored:?}"
        );
    }
}

// RFC 9110 §13.1.1: the same write with a `Precondition` is evaluated: a stale If-Match gets its 412.
#[test]
fn rfc9110_13_1_1_a_conditional_write_that_takes_a_precondition_is_evaluated() {
    capturing();
    let server = serve(routes);
    let stale = send(server.addr, "PUT", "/events/guarded", &[("If-Match", "\"v0\"")], b"");
    assert_eq!(stale.status, 412);
    let current = send(server.addr, "PUT", "/events/guarded", &[("If-Match", "*")], b"");
    assert_eq!((current.status, current.text().as_str()), (200, "4"));
    assert!(
        events_under("/events/guarded")
            .iter()
            .all(|event| event.level != Level::ERROR)
    );
}

// RFC 9110 §13.1.1: the middleware sees a write only once it ran, so a write that carried a precondition its
// handler never evaluated is an error event for the operator.
#[test]
fn rfc9110_13_1_1_the_middleware_reports_a_write_whose_precondition_nothing_evaluated() {
    capturing();
    let server = serve(routes);
    let before = events_under("/events/scope/form").len();
    let response = send(server.addr, "POST", "/events/scope/form", &[("If-Match", "\"x\"")], b"");
    assert_eq!(response.status, 200, "too late to refuse: the write ran");
    let events = events_under("/events/scope/form");
    let errors: Vec<_> = events[before..]
        .iter()
        .filter(|event| event.level == Level::ERROR)
        .collect();
    assert_eq!(errors.len(), 1, "{events:#?}");
    assert_eq!(errors[0].field("method"), Some("POST"));
    assert_eq!(errors[0].field("field"), Some("if-match"));
}

// RFC 9110 §13.1.1: a `Precondition` a write takes and never checks evaluates nothing, and the write goes on; when
// the request carried a precondition, an error event names the route once the last clone is gone. A clone that
// was checked counts for all.
#[test]
fn rfc9110_13_1_1_a_precondition_dropped_unchecked_is_an_error_event() {
    capturing();
    let server = serve(routes);
    let errors = |path: &str| {
        events_under(path)
            .into_iter()
            .filter(|event| event.level == Level::ERROR)
            .collect::<Vec<_>>()
    };
    assert_eq!(send(server.addr, "PUT", "/events/forgetful", &[], b"").status, 204);
    assert!(errors("/events/forgetful").is_empty(), "no precondition was sent");
    let stale = [("If-Match", "\"v0\"")];
    assert_eq!(
        send(server.addr, "PUT", "/events/forgetful", &stale, b"").status,
        204,
        "nothing checked it"
    );
    let reported = errors("/events/forgetful");
    assert_eq!(reported.len(), 1, "{reported:#?}");
    assert_eq!(reported[0].field("method"), Some("PUT"));
    assert!(
        reported[0].field("fix").is_some_and(|fix| fix.contains("check")),
        "{reported:#?}"
    );
    let current = [("If-Match", "*")];
    assert_eq!(
        send(server.addr, "PUT", "/events/clone-checked", &current, b"").status,
        204
    );
    assert!(errors("/events/clone-checked").is_empty());
}
