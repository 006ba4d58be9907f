//! `Deferred`: a `#[conditional]` handler gives its validators first and its body as a future, over real HTTP on
//! 127.0.0.1 behind `Compress`. Every handler here counts the runs of its body future, so each test can say that
//! a 304, 412 or 400 never ran it and a 200 ran it once.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, UNIX_EPOCH};

use actix_web::http::StatusCode;
use actix_web::web::{self, Json, ServiceConfig};
use actix_web::{HttpResponse, get};
use etag_runtime::validators::ModelShape;
use etag_runtime::{Conditional, Deferred, ETag, EntityTag, HttpDate, Problem, Validators, conditional};
use support::{Response, get as fetch, gunzip, send, serve};

/// How many times a body future ran.
#[derive(Default)]
struct Runs(AtomicUsize);

impl Runs {
    fn record(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

/// 2023-11-14 22:13:20 GMT, the date every handler here reports.
fn modified() -> std::time::SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

fn strong(opaque: &str) -> EntityTag {
    EntityTag::strong(opaque).expect("etagc")
}

/// A strong tag and a date, a serde body.
#[conditional(cache_control = "no-cache")]
#[get("/json")]
async fn json(runs: web::Data<Runs>) -> Deferred {
    let validators = Validators::etag(strong("v1")).with_last_modified(modified());
    Deferred::json(validators, async move {
        runs.record();
        serde_json::json!({"id": 1, "name": "Ada"})
    })
}

/// A weak tag, a `Responder` body.
#[conditional]
#[get("/weak")]
async fn weak(runs: web::Data<Runs>) -> Deferred {
    let tag = EntityTag::weak("w1").expect("etagc");
    Deferred::new(tag, async move {
        runs.record();
        HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body("a weakly validated text")
    })
}

/// A date alone, `Json<T>` as the body.
#[conditional]
#[get("/dated")]
async fn dated(runs: web::Data<Runs>) -> Deferred {
    Deferred::new(Validators::last_modified(modified()), async move {
        runs.record();
        Json(vec![1, 2, 3])
    })
}

/// The handler fails before it has validators: its error goes out as it is.
#[conditional]
#[get("/missing")]
async fn missing(runs: web::Data<Runs>) -> Result<Deferred, Problem> {
    runs.record();
    Err(Problem::new(StatusCode::NOT_FOUND, "there is no such report"))
}

/// The body fails after the validators were given (the row vanished in between): a 404 without validators.
#[conditional]
#[get("/vanished")]
async fn vanished(runs: web::Data<Runs>) -> Deferred {
    Deferred::new(strong("v9"), async move {
        runs.record();
        Err::<Json<u8>, Problem>(Problem::new(StatusCode::NOT_FOUND, "deleted a moment ago"))
    })
}

/// A JSON body that turns out to be `None`.
#[conditional]
#[get("/json-none")]
async fn json_none() -> Deferred {
    Deferred::json(strong("v1"), async { None::<u32> })
}

#[derive(serde::Serialize, ETag)]
#[etag(prefix = "v")]
struct Row {
    #[etag]
    version: u64,
}

#[derive(ETag)]
#[etag(prefix = "v", stands_for = Row)]
struct RowStamp {
    #[etag]
    version: u64,
}

/// A stamp read at version 1, then the row read after a write made it `row` (0: deleted), as two queries race.
#[conditional]
#[get("/model/{row}")]
async fn model(row: web::Path<u64>) -> Deferred {
    let row = row.into_inner();
    Deferred::model(Validators::of(&RowStamp { version: 1 }), async move {
        (row > 0).then_some(Row { version: row })
    })
}

fn routes(runs: web::Data<Runs>) -> impl Fn(&mut ServiceConfig) + Clone + Send + 'static {
    move |config: &mut ServiceConfig| {
        config
            .app_data(runs.clone())
            .service(json)
            .service(weak)
            .service(dated)
            .service(missing)
            .service(vanished)
            .service(json_none)
            .service(model)
            // The same handler inside a `Conditional` scope: answered once, by the attribute.
            .service(web::scope("/scoped").wrap(Conditional::default()).service(json));
    }
}

fn server() -> (support::TestServer, web::Data<Runs>) {
    let runs = web::Data::new(Runs::default());
    (serve(routes(runs.clone())), runs)
}

fn etag(response: &Response) -> &str {
    response.header("etag").expect("an ETag")
}

// RFC 9110 §13.1.2 and §15.4.5: a matching If-None-Match gets a 304 with the 200's validators and cache fields,
// and the body future never runs; the 200 ran it once.
#[test]
fn rfc9110_13_1_2_a_304_never_runs_the_body() {
    let (server, runs) = server();
    let ok = fetch(server.addr, "/json", &[]);
    assert_eq!(ok.status, 200);
    assert_eq!(ok.json(), serde_json::json!({"id": 1, "name": "Ada"}));
    assert_eq!(ok.header("content-type"), Some("application/json"));
    assert_eq!(etag(&ok), "\"v1\"");
    assert_eq!(ok.header("last-modified"), Some("Tue, 14 Nov 2023 22:13:20 GMT"));
    assert_eq!(ok.header("cache-control"), Some("no-cache"));
    assert_eq!(runs.count(), 1);

    let not_modified = fetch(server.addr, "/json", &[("If-None-Match", "\"v1\"")]);
    assert_eq!(not_modified.status, 304);
    assert!(not_modified.body.is_empty());
    for name in ["etag", "last-modified", "cache-control"] {
        assert_eq!(not_modified.header(name), ok.header(name), "{name}");
    }
    assert_eq!(not_modified.tokens("vary"), ok.tokens("vary"));
    assert_eq!(runs.count(), 1, "the 304 ran the body");
}

// RFC 9110 §13.1.1, §13.1.4 and §13.2.2: a failing If-Match or If-Unmodified-Since on GET is a 412, and a
// malformed If-Match a 400; neither runs the body.
#[test]
fn rfc9110_13_2_2_412_and_400_never_run_the_body() {
    let (server, runs) = server();
    let cases = [
        (("If-Match", "\"v0\""), 412),
        (("If-Unmodified-Since", "Tue, 14 Nov 2023 22:13:19 GMT"), 412),
        (("If-Match", "v1"), 400),
    ];
    for (header, status) in cases {
        let response = fetch(server.addr, "/json", &[header]);
        assert_eq!(response.status, status, "{header:?}");
        assert_eq!(response.header("content-type"), Some("application/problem+json"));
    }
    assert_eq!(runs.count(), 0);
    // And the conditions that hold let the body run: the current strong tag, a date at or after the change.
    let passing = fetch(server.addr, "/json", &[("If-Match", "\"v1\"")]);
    assert_eq!(passing.status, 200);
    assert_eq!(runs.count(), 1);
}

// RFC 9110 §9.3.2: HEAD is answered like GET, so it runs the body once (actix sends none) and revalidates.
#[test]
fn rfc9110_9_3_2_head_runs_the_body_once_and_revalidates() {
    let (server, runs) = server();
    let head = send(server.addr, "HEAD", "/json", &[], b"");
    assert_eq!(head.status, 200);
    assert_eq!(etag(&head), "\"v1\"");
    assert_eq!(runs.count(), 1);
    let not_modified = send(server.addr, "HEAD", "/json", &[("If-None-Match", "\"v1\"")], b"");
    assert_eq!(not_modified.status, 304);
    assert_eq!(runs.count(), 1);
}

// RFC 9110 §8.8.3.2 and §13.1.2: a weak tag revalidates by weak comparison (either form in If-None-Match), and
// can never pass If-Match's strong comparison (§13.1.1).
#[test]
fn rfc9110_8_8_3_2_a_weak_tag_revalidates_but_never_passes_if_match() {
    let (server, runs) = server();
    let ok = fetch(server.addr, "/weak", &[]);
    assert_eq!((ok.status, etag(&ok)), (200, "W/\"w1\""));
    assert_eq!(ok.header("content-type"), Some("text/plain; charset=utf-8"));
    for tag in ["W/\"w1\"", "\"w1\""] {
        assert_eq!(
            fetch(server.addr, "/weak", &[("If-None-Match", tag)]).status,
            304,
            "{tag}"
        );
    }
    assert_eq!(fetch(server.addr, "/weak", &[("If-Match", "W/\"w1\"")]).status, 412);
    assert_eq!(runs.count(), 1);
}

// RFC 9110 §13.1.3 and §13.1.4: with a date alone, If-Modified-Since at the date is a 304, before it a 200;
// If-Unmodified-Since before it is a 412.
#[test]
fn rfc9110_13_1_3_a_date_alone_validates() {
    let (server, runs) = server();
    let at = HttpDate::from(modified()).to_string();
    let ok = fetch(server.addr, "/dated", &[]);
    assert_eq!(ok.status, 200);
    assert_eq!(ok.header("etag"), None);
    assert_eq!(ok.header("last-modified"), Some(at.as_str()));
    assert_eq!(fetch(server.addr, "/dated", &[("If-Modified-Since", &at)]).status, 304);
    let before = "Tue, 14 Nov 2023 22:13:19 GMT";
    assert_eq!(
        fetch(server.addr, "/dated", &[("If-Modified-Since", before)]).status,
        200
    );
    assert_eq!(
        fetch(server.addr, "/dated", &[("If-Unmodified-Since", before)]).status,
        412
    );
    assert_eq!(runs.count(), 2);
}

// RFC 9110 §13.2.1: an error is not a representation. The handler's own error goes out untouched, and a body
// that turns out to be an error (a 404) goes out as the body future said, without validators.
#[test]
fn rfc9110_13_2_1_errors_pass_untouched() {
    let (server, runs) = server();
    let failed = fetch(server.addr, "/missing", &[("If-None-Match", "*")]);
    assert_eq!(failed.status, 404);
    assert_eq!(failed.header("content-type"), Some("application/problem+json"));
    assert_eq!(failed.header("etag"), None);
    let gone = fetch(server.addr, "/vanished", &[("If-None-Match", "\"v1\"")]);
    assert_eq!(gone.status, 404);
    assert_eq!(gone.header("etag"), None);
    assert_eq!(gone.json()["detail"], "deleted a moment ago");
    assert_eq!(runs.count(), 2);
}

// RFC 9110 §8.8.3.3: under `Compress`, the strong tag names the coding sent, and the gzip form revalidates the
// gzip representation (not the identity one) without running the body.
#[test]
fn rfc9110_8_8_3_3_a_strong_tag_names_the_coding_sent() {
    let (server, runs) = server();
    let gzip = fetch(server.addr, "/json", &[("Accept-Encoding", "gzip")]);
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));
    assert_eq!(etag(&gzip), "\"v1+gzip\"");
    assert_eq!(gunzip(&gzip.body), fetch(server.addr, "/json", &[]).body);
    assert_eq!(runs.count(), 2);
    let revalidated = fetch(
        server.addr,
        "/json",
        &[("Accept-Encoding", "gzip"), ("If-None-Match", "\"v1+gzip\"")],
    );
    assert_eq!((revalidated.status, etag(&revalidated)), (304, "\"v1+gzip\""));
    let identity = fetch(server.addr, "/json", &[("If-None-Match", "\"v1+gzip\"")]);
    assert_eq!((identity.status, etag(&identity)), (200, "\"v1\""));
    assert_eq!(runs.count(), 3);
}

// The `Conditional` middleware leaves a response the attribute answered alone: one strong ETag (not a hash of the
// body), the body run once for a 200 and never for the 304.
#[test]
fn inside_a_conditional_scope_there_is_no_double_work() {
    let (server, runs) = server();
    let ok = fetch(server.addr, "/scoped/json", &[]);
    assert_eq!(ok.status, 200);
    assert_eq!(
        ok.headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("etag"))
            .count(),
        1
    );
    assert_eq!(etag(&ok), "\"v1\"");
    let not_modified = fetch(server.addr, "/scoped/json", &[("If-None-Match", "\"v1\"")]);
    assert_eq!(not_modified.status, 304);
    assert_eq!(runs.count(), 1);
}

// RFC 9110 §15.5.5: a JSON body that is `None` is actix's 404 for `None`, never a 200 of `null` with the tag.
#[test]
fn rfc9110_15_5_5_a_deferred_json_none_is_a_404() {
    let (server, _) = server();
    let response = fetch(server.addr, "/json-none", &[]);
    assert_eq!(response.status, 404, "{}", response.text());
    assert_eq!(response.header("etag"), None);
    assert!(response.body.is_empty());
}

// RFC 9110 §8.8.1: a strong tag names one representation. A model body read after its stamp, with a write in
// between, goes out under its own tag, never the stamp's, and the request is evaluated against that tag: a client
// holding the row's tag gets a 304 though the stamp was older, and `None` is a 404.
#[test]
fn rfc9110_8_8_1_a_model_body_goes_out_under_its_own_tag() {
    let (server, _) = server();
    let (stamp, row) = (format!("\"v1+s.{}\"", Row::SHAPE), format!("\"v2+s.{}\"", Row::SHAPE));
    let raced = fetch(server.addr, "/model/2", &[]);
    assert_eq!(raced.status, 200);
    assert_eq!(
        raced.header("etag"),
        Some(row.as_str()),
        "the body's tag, not the stamp's"
    );
    assert_eq!(raced.json()["version"], 2);
    assert_eq!(fetch(server.addr, "/model/2", &[("If-None-Match", &row)]).status, 304);
    let stale = fetch(server.addr, "/model/2", &[("If-None-Match", &stamp)]);
    assert_eq!(
        stale.status, 304,
        "true of the stamp's state, and no body was read for it"
    );
    // RFC 9110 §13.1.1: a GET's If-Match is evaluated against the body's own tag too.
    assert_eq!(fetch(server.addr, "/model/2", &[("If-Match", &stamp)]).status, 412);
    let unchanged = fetch(server.addr, "/model/1", &[]);
    assert_eq!(unchanged.header("etag"), Some(stamp.as_str()));
    assert_eq!(fetch(server.addr, "/model/0", &[]).status, 404);
}
