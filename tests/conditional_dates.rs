//! RFC 9110 §8.8.2.1 over real HTTP on 127.0.0.1: a Last-Modified is never later than the Date sent with it, and a
//! later one is replaced by the Date, in every mode that sends one (a model's, a `Deferred`'s, a handler's own
//! header, the middleware's); If-Modified-Since with the value sent still gives 304 (§13.1.3).

mod support;

use std::time::{Duration, SystemTime};

use actix_web::http::header;
use actix_web::web::{self, Json, ServiceConfig};
use actix_web::{HttpResponse, Responder};
use etag_runtime::{Conditional, Deferred, ETag, EntityTag, HttpDate, Validators, conditional};
use serde::Serialize;
use support::{Response, get, serve};

/// An hour ahead: a clock that runs fast, or a timestamp from another machine.
fn an_hour_ahead() -> SystemTime {
    SystemTime::now() + Duration::from_secs(3600)
}

#[derive(Serialize)]
struct Ahead;

impl ETag for Ahead {
    fn etag(&self) -> EntityTag {
        EntityTag::strong("ahead").expect("a valid tag")
    }
    fn last_modified(&self) -> Option<SystemTime> {
        Some(an_hour_ahead())
    }
}

#[conditional]
async fn model() -> Json<Ahead> {
    Json(Ahead)
}

#[conditional]
async fn deferred() -> Deferred {
    Deferred::new(Validators::last_modified(an_hour_ahead()), async { "built" })
}

#[conditional]
async fn responder() -> impl Responder {
    HttpResponse::Ok()
        .insert_header((header::LAST_MODIFIED, HttpDate::from(an_hour_ahead()).to_string()))
        .body("a page")
}

/// A handler that sets its own Date: its Last-Modified is held to that one, and its Date kept.
#[conditional]
async fn own_date() -> impl Responder {
    HttpResponse::Ok()
        .insert_header((header::DATE, "Sun, 06 Nov 1994 08:49:37 GMT"))
        .insert_header((header::LAST_MODIFIED, "Mon, 07 Nov 1994 08:49:37 GMT"))
        .body("a page from 1994")
}

/// A Last-Modified in the past, in the obsolete rfc850 form, is not touched.
#[conditional]
async fn past() -> impl Responder {
    HttpResponse::Ok()
        .insert_header((header::LAST_MODIFIED, "Sunday, 06-Nov-94 08:49:37 GMT"))
        .body("an old page")
}

async fn plain() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::LAST_MODIFIED, HttpDate::from(an_hour_ahead()).to_string()))
        .body("under the middleware")
}

fn routes(config: &mut ServiceConfig) {
    config
        .route("/model", web::get().to(model))
        .route("/deferred", web::get().to(deferred))
        .route("/responder", web::get().to(responder))
        .route("/own-date", web::get().to(own_date))
        .route("/past", web::get().to(past))
        .service(
            web::scope("/scope")
                .wrap(Conditional::default())
                .route("/plain", web::get().to(plain)),
        );
}

fn date(response: &Response, name: &str) -> HttpDate {
    let value = response.header(name).unwrap_or_else(|| panic!("a {name}"));
    HttpDate::parse(value.as_bytes()).unwrap_or_else(|_| panic!("{name}: {value}"))
}

// RFC 9110 §8.8.2.1: "MUST NOT send a Last-Modified date that is later than the server's time of message
// origination (Date)", and a later one is replaced with it; §13.1.3: the value sent still validates.
#[test]
fn rfc9110_8_8_2_1_a_future_last_modified_is_sent_as_the_date() {
    let server = serve(routes);
    for path in ["/model", "/deferred", "/responder", "/scope/plain"] {
        let not_modified = revalidated_within_one_second(server.addr, path);
        assert_eq!(not_modified.status, 304, "{path}");
        assert!(
            date(&not_modified, "last-modified") <= date(&not_modified, "date"),
            "{path}"
        );
    }
}

/// A 200, then a revalidation with the Last-Modified it sent. The resource's date is always an hour ahead, so
/// each answer holds it to its own Date: a revalidation sent in a later second than the 200 rightly finds it
/// modified (§13.1.3), and the pair is tried again until both fall within one second.
fn revalidated_within_one_second(addr: std::net::SocketAddr, path: &str) -> Response {
    for _ in 0..5 {
        let ok = get(addr, path, &[]);
        assert_eq!(ok.status, 200, "{path}");
        assert_eq!(date(&ok, "last-modified"), date(&ok, "date"), "{path}");
        let since = ok.header("last-modified").expect("a Last-Modified");
        let again = get(addr, path, &[("If-Modified-Since", since)]);
        if date(&again, "date") == date(&ok, "date") {
            return again;
        }
        assert_eq!(again.status, 200, "{path}: a later second, so a later Last-Modified");
    }
    panic!("{path}: five pairs of requests each crossed a second")
}

// RFC 9110 §8.8.2.1, against the handler's own Date: its Last-Modified is held to that Date, which is kept.
#[test]
fn rfc9110_8_8_2_1_held_to_the_handlers_own_date() {
    let server = serve(routes);
    let ok = get(server.addr, "/own-date", &[]);
    assert_eq!(ok.header("date"), Some("Sun, 06 Nov 1994 08:49:37 GMT"));
    assert_eq!(ok.header("last-modified"), Some("Sun, 06 Nov 1994 08:49:37 GMT"));
}

// A Last-Modified in the past is the handler's, sent as it wrote it (the attribute adds validators, never
// rewrites a valid one); §13.1.3: If-Modified-Since with it gives 304.
#[test]
fn rfc9110_13_1_3_a_past_last_modified_is_left_as_sent() {
    let server = serve(routes);
    let ok = get(server.addr, "/past", &[]);
    assert_eq!(ok.header("last-modified"), Some("Sunday, 06-Nov-94 08:49:37 GMT"));
    assert!(date(&ok, "last-modified") <= date(&ok, "date"));
    let since = [("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT")];
    assert_eq!(get(server.addr, "/past", &since).status, 304);
}
