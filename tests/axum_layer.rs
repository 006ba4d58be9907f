//! The axum layer over real HTTP on 127.0.0.1: axum's own server, tower-http's `CompressionLayer` inside the
//! `Conditional` layer, and the types a handler returns (a model's `Tagged`, a `Deferred`, a `Problem`), checked
//! against RFC 9110 as the actix tests check the actix layer.

#[path = "support/axum_server.rs"]
mod axum_server;
mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum_server::serve_axum;
use etag_runtime::axum::{CanonicalJson, Conditional, Deferred, Requester, Tagged, Variant};
use etag_runtime::{ETag, EntityTag, Precondition, Problem, Validators};
use serde::Serialize;
use support::{get as get_at, gunzip, hashed_tag, send};
use tower_http::compression::CompressionLayer;

#[derive(Clone, Serialize, ETag)]
#[etag(prefix = "v")]
struct Doc {
    #[etag]
    version: u64,
    text: String,
}

#[derive(Clone, Default)]
struct Shared {
    doc: Arc<Mutex<Option<Doc>>>,
    renders: Arc<AtomicUsize>,
}

fn csv_body() -> String {
    "id,total\n1,42\n2,17\n".repeat(20)
}

async fn csv() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/csv")], csv_body())
}

async fn tiny() -> &'static str {
    "ok"
}

async fn read_doc(State(shared): State<Shared>) -> Result<Tagged<Doc>, Problem> {
    let doc = shared.doc.lock().expect("no test panicked holding it").clone();
    doc.map(Tagged)
        .ok_or_else(|| Problem::new(StatusCode::NOT_FOUND, "no document"))
}

async fn write_doc(
    State(shared): State<Shared>,
    precondition: Precondition,
    text: String,
) -> Result<StatusCode, Problem> {
    let mut doc = shared.doc.lock().expect("no test panicked holding it");
    precondition.check(doc.as_ref())?;
    let version = doc.as_ref().map_or(1, |doc| doc.version + 1);
    let created = doc.is_none();
    *doc = Some(Doc { version, text });
    Ok(if created {
        StatusCode::CREATED
    } else {
        StatusCode::NO_CONTENT
    })
}

async fn report(State(shared): State<Shared>) -> Deferred {
    let tag = EntityTag::strong("report-7").expect("a valid tag");
    Deferred::json(tag, async move {
        shared.renders.fetch_add(1, Ordering::SeqCst);
        vec!["every", "row", "of", "the", "report", "rendered", "at", "last"]
    })
}

async fn own_date() -> impl IntoResponse {
    // Later than any Date the server will send: RFC 9110 §8.8.2.1 holds it to the Date.
    [(header::LAST_MODIFIED, "Fri, 01 Jan 2100 00:00:00 GMT")]
}

async fn events() -> Response {
    Response::builder()
        .header(header::CONTENT_TYPE, "text/event-stream")
        .body(Body::new(axum_server::Endless::default()))
        .expect("a response")
}

async fn big() -> String {
    "x".repeat(8 * 1024)
}

async fn missing() -> StatusCode {
    StatusCode::NOT_FOUND
}

async fn bad_tag() -> impl IntoResponse {
    [(header::ETAG, "not a tag")]
}

/// A 200 with each field a 304 repeats (Vary on two lines) and some it must not.
async fn many_fields() -> Response {
    Response::builder()
        .header(header::ETAG, "\"fields-1\"")
        .header(header::CACHE_CONTROL, "max-age=60")
        .header(header::CONTENT_LOCATION, "/many-fields/en")
        .header(header::EXPIRES, "Fri, 01 Jan 2100 00:00:00 GMT")
        .header(header::VARY, "Accept-Language")
        .header(header::VARY, "Cookie")
        .header(header::CONTENT_LANGUAGE, "en")
        .header(header::CONTENT_TYPE, "text/plain")
        .header("x-request-id", "7")
        .body(Body::from("the body"))
        .expect("a valid response")
}

/// Stands for a layer given to `around` that puts a strong tag of its own where the layer hashed one.
async fn strong_tag_of_its_own(mut response: Response) -> Response {
    let own = HeaderValue::from_static("\"own-1\"");
    response.headers_mut().insert(header::ETAG, own);
    response
}

fn app(shared: Shared) -> Router {
    Router::new()
        .route("/report.csv", get(csv))
        .route("/tiny", get(tiny))
        .route("/doc", get(read_doc).put(write_doc))
        .route("/report", get(report))
        .route("/dated", get(own_date))
        .route("/events", get(events))
        .route("/big", get(big))
        .route("/missing", get(missing))
        .route("/bad-tag", get(bad_tag))
        .route("/many-fields", get(many_fields))
        .with_state(shared)
        .layer(Conditional::default().hash_limit(4096).around(CompressionLayer::new()))
}

/// The ETag the report's 200 carries.
fn report_tag(addr: std::net::SocketAddr) -> String {
    let report = get_at(addr, "/report.csv", &[]);
    report.header("etag").expect("the report's tag").to_owned()
}

fn started() -> (axum_server::AxumServer, Shared) {
    let shared = Shared::default();
    (serve_axum(app(shared.clone())), shared)
}

fn put_doc(shared: &Shared, version: u64) {
    let doc = Doc {
        version,
        text: format!("text {version}"),
    };
    *shared.doc.lock().expect("no test panicked holding it") = Some(doc);
}

// RFC 9110 §8.8.3, §13.1.2: a body without validators gets a weak tag of its bytes, and a matching
// If-None-Match gets a 304 with no body.
#[test]
fn rfc9110_13_1_2_hashed_tag_and_304() {
    let (server, _) = started();
    let first = get_at(server.addr, "/report.csv", &[]);
    assert_eq!(first.status, 200);
    let etag = first.header("etag").expect("a hashed tag").to_owned();
    assert_eq!(etag, hashed_tag(csv_body().as_bytes()));
    let again = get_at(server.addr, "/report.csv", &[("If-None-Match", &etag)]);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
}

// RFC 9110 §15.4.5: a 304 carries the 200's ETag, Cache-Control, Vary and Date, and no field that describes
// a body it does not have.
#[test]
fn rfc9110_15_4_5_not_modified_fields() {
    let (server, _) = started();
    let etag = report_tag(server.addr);
    let again = get_at(server.addr, "/report.csv", &[("If-None-Match", &etag)]);
    assert_eq!(again.status, 304);
    assert_eq!(again.header("content-type"), None);
    assert_eq!(again.header("content-encoding"), None);
    assert!(again.header("date").is_some());
}

// RFC 9110 §15.4.5: a 304 keeps every line of each field its 200 would carry, and drops the rest.
#[test]
fn rfc9110_15_4_5_not_modified_keeps_exactly_its_fields() {
    let (server, _) = started();
    let again = get_at(server.addr, "/many-fields", &[("If-None-Match", "\"fields-1\"")]);
    assert_eq!(again.status, 304);
    // Connection is the server's framing of this exchange, not a field of the representation.
    let names = again.headers.iter().map(|(name, _)| name.to_ascii_lowercase());
    let mut names: Vec<_> = names.filter(|name| name != "connection").collect();
    names.sort();
    let expected = [
        "cache-control",
        "content-location",
        "date",
        "etag",
        "expires",
        "vary",
        "vary",
    ];
    assert_eq!(names, expected, "{:?}", again.headers);
    assert_eq!(
        again.tokens("vary"),
        ["accept-language", "cookie"].map(String::from).into()
    );
    assert_eq!(again.header("cache-control"), Some("max-age=60"));
}

// RFC 9110 §8.8.3.3: a strong tag names one byte sequence, so one that a layer given to `around` put where a
// hashed tag was still goes out in the form for the coding the body is sent with.
#[test]
fn rfc9110_8_8_3_3_strong_tag_set_inside_around_names_the_coding() {
    let around = (
        CompressionLayer::new(),
        axum::middleware::map_response(strong_tag_of_its_own),
    );
    let app = Router::new()
        .route("/report.csv", get(csv))
        .layer(Conditional::default().around(around));
    let server = serve_axum(app);
    let gzip = get_at(server.addr, "/report.csv", &[("Accept-Encoding", "gzip")]);
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));
    assert_eq!(gzip.header("etag"), Some("\"own-1+gzip\""));
}

// RFC 9110 §9.3.2: HEAD gets the GET's fields, its tag among them, and its 304.
#[test]
fn rfc9110_9_3_2_head_carries_the_get_tag() {
    let (server, _) = started();
    let etag = report_tag(server.addr);
    let head = send(server.addr, "HEAD", "/report.csv", &[], b"");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("etag"), Some(etag.as_str()));
    let head = send(server.addr, "HEAD", "/report.csv", &[("If-None-Match", &etag)], b"");
    assert_eq!(head.status, 304);
}

// RFC 9110 §8.8.3.3: a strong tag names one byte sequence, so the gzip 200 carries the coding in its tag, the
// identity 200 does not, and each one's 304 names the same coding as its 200.
#[test]
fn rfc9110_8_8_3_3_strong_tag_per_coding() {
    let (server, shared) = started();
    put_doc(&shared, 3);
    let plain = get_at(server.addr, "/doc", &[]);
    assert_eq!(plain.status, 200);
    let plain_tag = plain.header("etag").unwrap().to_owned();
    assert!(plain_tag.starts_with("\"v3+s."), "{plain_tag}");
    assert_eq!(plain.header("content-encoding"), None);
    let gzip = get_at(server.addr, "/doc", &[("Accept-Encoding", "gzip")]);
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));
    let gzip_tag = gzip.header("etag").unwrap().to_owned();
    assert_eq!(gzip_tag, format!("{}+gzip\"", plain_tag.trim_end_matches('"')));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&gunzip(&gzip.body)).unwrap()["version"],
        3
    );
    let revalidated = get_at(
        server.addr,
        "/doc",
        &[("Accept-Encoding", "gzip"), ("If-None-Match", &gzip_tag)],
    );
    assert_eq!(revalidated.status, 304);
    assert_eq!(revalidated.header("etag"), Some(gzip_tag.as_str()));
    // The identity tag does not stand for the gzip bytes.
    let crossed = get_at(
        server.addr,
        "/doc",
        &[("Accept-Encoding", "gzip"), ("If-None-Match", &plain_tag)],
    );
    assert_eq!(crossed.status, 200);
}

// tower-http's predicate leaves a body under 32 bytes unencoded: its tag is the identity form, and so is its
// 304's, for a client that offers gzip too.
#[test]
fn rfc9110_8_8_3_3_uncompressed_small_body_keeps_the_identity_tag() {
    let (server, _) = started();
    let tiny = get_at(server.addr, "/tiny", &[("Accept-Encoding", "gzip")]);
    assert_eq!(tiny.header("content-encoding"), None);
    let etag = tiny.header("etag").unwrap().to_owned();
    assert_eq!(etag, hashed_tag(b"ok"));
    let again = get_at(
        server.addr,
        "/tiny",
        &[("Accept-Encoding", "gzip"), ("If-None-Match", &etag)],
    );
    assert_eq!(again.status, 304);
}

// RFC 9110 §13.1.1: If-Match compares strongly; a write with a stale tag gets 412 naming the current one, and
// changes nothing; RFC 6585 §3: one with no precondition gets 428.
#[test]
fn rfc9110_13_1_1_guarded_write() {
    let (server, shared) = started();
    put_doc(&shared, 3);
    let current = get_at(server.addr, "/doc", &[]).header("etag").unwrap().to_owned();
    let stale = current.replacen("v3", "v2", 1);
    let refused = send(server.addr, "PUT", "/doc", &[("If-Match", &stale)], b"new");
    assert_eq!(refused.status, 412);
    assert_eq!(refused.header("content-type"), Some("application/problem+json"));
    assert_eq!(refused.header("etag"), Some(current.as_str()));
    let unconditional = send(server.addr, "PUT", "/doc", &[], b"new");
    assert_eq!(unconditional.status, 428);
    let weak = format!("W/{current}");
    assert_eq!(
        send(server.addr, "PUT", "/doc", &[("If-Match", &weak)], b"new").status,
        412
    );
    assert_eq!(
        shared.doc.lock().unwrap().as_ref().unwrap().version,
        3,
        "no refused write landed"
    );
    let applied = send(server.addr, "PUT", "/doc", &[("If-Match", &current)], b"new");
    assert_eq!(applied.status, 204);
    assert_eq!(shared.doc.lock().unwrap().as_ref().unwrap().text, "new");
}

// RFC 9110 §8.8.3.3: the gzip form of a strong tag names the same state, so a write guarded by it passes.
#[test]
fn rfc9110_8_8_3_3_write_guarded_by_the_coding_form() {
    let (server, shared) = started();
    put_doc(&shared, 5);
    let gzip_tag = get_at(server.addr, "/doc", &[("Accept-Encoding", "gzip")])
        .header("etag")
        .unwrap()
        .to_owned();
    assert!(gzip_tag.ends_with("+gzip\""), "{gzip_tag}");
    assert_eq!(
        send(server.addr, "PUT", "/doc", &[("If-Match", &gzip_tag)], b"six").status,
        204
    );
}

// RFC 9110 §13.1.2: If-None-Match: * on a write fails where the resource exists, and lets a creation through.
#[test]
fn rfc9110_13_1_2_if_none_match_star_creates_once() {
    let (server, shared) = started();
    assert_eq!(
        send(server.addr, "PUT", "/doc", &[("If-None-Match", "*")], b"first").status,
        201
    );
    assert_eq!(
        send(server.addr, "PUT", "/doc", &[("If-None-Match", "*")], b"second").status,
        412
    );
    assert_eq!(shared.doc.lock().unwrap().as_ref().unwrap().text, "first");
}

// RFC 9110 §13.2.2: the validators are compared before the body is built; a 304 never runs the body future.
#[test]
fn rfc9110_13_2_2_deferred_body_not_run_for_304() {
    let (server, shared) = started();
    let first = get_at(server.addr, "/report", &[]);
    assert_eq!(first.status, 200);
    assert_eq!(first.header("etag"), Some("\"report-7\""));
    assert_eq!(first.json()[0], "every");
    assert_eq!(shared.renders.load(Ordering::SeqCst), 1);
    let again = get_at(server.addr, "/report", &[("If-None-Match", "\"report-7\"")]);
    assert_eq!(again.status, 304);
    assert_eq!(shared.renders.load(Ordering::SeqCst), 1, "the 304 never ran the body");
}

// RFC 9110 §13.1.1: an If-Match that cannot be parsed is refused with 400, as problem+json; §13.1.2: a
// malformed If-None-Match on GET is ignored, giving the 200 and never a false 304.
#[test]
fn rfc9110_13_1_malformed_lists() {
    let (server, _) = started();
    let refused = get_at(server.addr, "/report.csv", &[("If-Match", "\"unterminated")]);
    assert_eq!(refused.status, 400);
    assert_eq!(refused.header("content-type"), Some("application/problem+json"));
    assert_eq!(refused.json()["status"], 400);
    let ignored = get_at(server.addr, "/report.csv", &[("If-None-Match", "\"unterminated")]);
    assert_eq!(ignored.status, 200);
}

// RFC 9110 §8.8.2.1: a Last-Modified later than the Date goes out as the Date; §13.1.3: If-Modified-Since
// at that date gets 304.
#[test]
fn rfc9110_8_8_2_1_last_modified_held_to_date() {
    let (server, _) = started();
    let first = get_at(server.addr, "/dated", &[]);
    let date = first.header("date").unwrap().to_owned();
    assert_eq!(first.header("last-modified"), Some(date.as_str()));
    let again = get_at(server.addr, "/dated", &[("If-Modified-Since", &date)]);
    assert_eq!(again.status, 304);
}

// RFC 9110 §13.1.4: a GET whose If-Unmodified-Since is before the Last-Modified fails with 412.
#[test]
fn rfc9110_13_1_4_if_unmodified_since_on_get() {
    let (server, _) = started();
    let refused = get_at(
        server.addr,
        "/dated",
        &[("If-Unmodified-Since", "Sat, 01 Jan 2000 00:00:00 GMT")],
    );
    assert_eq!(refused.status, 412);
}

// A stream is never buffered: server-sent events go out as they come, without a tag.
#[test]
fn stream_goes_out_untouched() {
    let (server, _) = started();
    let received = support::first_bytes(server.addr, "/events");
    assert!(received.starts_with("http/1.1 200"), "{received}");
    assert!(!received.contains("etag:"), "{received}");
}

// A body over the hash limit goes out without a tag; a handler's tag that cannot be read is left as sent and
// nothing is compared (RFC 9110 §13.1).
#[test]
fn over_the_limit_and_unreadable_tags_are_untouched() {
    let (server, _) = started();
    let big = get_at(server.addr, "/big", &[]);
    assert_eq!(big.status, 200);
    assert_eq!(big.header("etag"), None);
    let bad = get_at(server.addr, "/bad-tag", &[("If-None-Match", "*")]);
    assert_eq!(bad.status, 200);
    assert_eq!(bad.header("etag"), Some("not a tag"));
}

// RFC 9111 §4.2.2: an error is not kept by heuristic: the layer marks it no-store unless the handler said
// otherwise; RFC 9110 §13.2.1: it is never evaluated.
#[test]
fn rfc9111_4_2_2_errors_are_no_store() {
    let (server, shared) = started();
    let missing = get_at(server.addr, "/missing", &[("If-None-Match", "*")]);
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("cache-control"), Some("no-store"));
    assert_eq!(missing.header("etag"), None);
    let problem = get_at(server.addr, "/doc", &[]);
    assert_eq!(problem.status, 404);
    assert_eq!(problem.header("content-type"), Some("application/problem+json"));
    drop(shared);
}

/// The requester of the per-user router.
static BY_USER: Requester = Requester::field("X-User");

async fn mine(headers: HeaderMap) -> String {
    let user = headers
        .get("x-user")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("anonymous");
    format!("the page of {user}, with what only they may see")
}

// RFC 9110 §8.8.3 and RFC 9111 §5.2.2.7: a body that depends on who asks gets a tag per requester, Vary names
// the field, and it is private; a requester field sent twice names no one for certain and is refused.
#[test]
fn rfc9111_5_2_2_7_per_user_tags() {
    let router = Router::new()
        .route("/me", get(mine))
        .layer(Conditional::default().per_user(&BY_USER));
    let server = serve_axum(router);
    let ada = get_at(server.addr, "/me", &[("X-User", "ada")]);
    let grace = get_at(server.addr, "/me", &[("X-User", "grace")]);
    assert_ne!(ada.header("etag"), grace.header("etag"));
    assert!(ada.tokens("vary").contains("x-user"));
    assert_eq!(ada.header("cache-control"), Some("private"));
    let ada_tag = ada.header("etag").unwrap().to_owned();
    assert_eq!(
        get_at(server.addr, "/me", &[("X-User", "ada"), ("If-None-Match", &ada_tag)]).status,
        304
    );
    let twice = get_at(server.addr, "/me", &[("X-User", "ada"), ("X-User", "grace")]);
    assert_eq!(twice.status, 400);
    assert_eq!(twice.header("content-type"), Some("application/problem+json"));
}

#[derive(Clone, Serialize, ETag)]
#[etag(prefix = "c")]
struct Card {
    #[etag]
    version: u64,
    greeting: &'static str,
}

async fn card(headers: HeaderMap) -> (Variant, Tagged<Card>) {
    let variant = Variant::negotiate(&headers, "Accept-Language", &["en", "fr"], "en");
    let greeting = if variant.name() == "fr" { "Bonjour" } else { "Hello" };
    (variant, Tagged(Card { version: 1, greeting }))
}

// RFC 9110 §8.8.3 and RFC 9111 §4.3.1: each language is its own representation with its own tag, so the
// English copy's tag gets no 304 from a French request.
#[test]
fn rfc9111_4_3_1_variant_tags() {
    let router = Router::new()
        .route("/card", get(card))
        .layer(Conditional::default().vary("Accept-Language"));
    let server = serve_axum(router);
    let english = get_at(server.addr, "/card", &[("Accept-Language", "en")]);
    let french = get_at(server.addr, "/card", &[("Accept-Language", "fr-CH, fr;q=0.9")]);
    assert_eq!(french.json()["greeting"], "Bonjour");
    let english_tag = english.header("etag").unwrap().to_owned();
    assert_ne!(Some(english_tag.as_str()), french.header("etag"));
    assert!(english.tokens("vary").contains("accept-language"));
    let crossed = get_at(
        server.addr,
        "/card",
        &[("Accept-Language", "fr"), ("If-None-Match", &english_tag)],
    );
    assert_eq!(crossed.status, 200);
    // Any way of asking for French names the same variant.
    let french_tag = french.header("etag").unwrap().to_owned();
    let same = get_at(
        server.addr,
        "/card",
        &[("Accept-Language", "fr"), ("If-None-Match", &french_tag)],
    );
    assert_eq!(same.status, 304);
}

// A model's validators through `Validators::of`, for a `Deferred` whose tag comes from a small query.
#[test]
fn deferred_takes_a_models_validators() {
    async fn handler() -> Deferred {
        let head = Doc {
            version: 9,
            text: String::new(),
        };
        let text = axum::http::HeaderValue::from_static("text/plain");
        Deferred::new(Validators::of(&head), text, async { Ok::<_, std::io::Error>("nine") })
    }
    let server = serve_axum(Router::new().route("/nine", get(handler)).layer(Conditional::default()));
    let first = get_at(server.addr, "/nine", &[]);
    assert_eq!(first.text(), "nine");
    let etag = first.header("etag").unwrap().to_owned();
    assert!(etag.starts_with("\"v9+s."), "{etag}");
    assert_eq!(get_at(server.addr, "/nine", &[("If-None-Match", &etag)]).status, 304);
}

// RFC 9110 §8.6: a 304 to HEAD carries no Content-Length but the 200's, and here none.
#[test]
fn rfc9110_8_6_head_304_says_no_length() {
    let (server, _) = started();
    let etag = report_tag(server.addr);
    let head = send(server.addr, "HEAD", "/report.csv", &[("If-None-Match", &etag)], b"");
    assert_eq!(head.status, 304);
    assert_eq!(head.header("content-length"), None);
}

// RFC 9111 §4.2.2: a write's error is not kept by a cache either.
#[test]
fn rfc9111_4_2_2_a_writes_error_is_no_store() {
    let (server, _) = started();
    let refused = send(server.addr, "POST", "/report.csv", &[], b"x");
    assert_eq!(refused.status, 405);
    assert_eq!(refused.header("cache-control"), Some("no-store"));
}

async fn checked_read(precondition: Precondition) -> Result<&'static str, Problem> {
    let current = EntityTag::strong("page-1").expect("a valid tag");
    precondition.check_validators(true, Some(&current), None)?;
    Ok("the page")
}

// RFC 9110 §15.4.5: a 304 the handler's own check decided carries the Cache-Control its 200 would.
#[test]
fn rfc9110_15_4_5_a_handlers_304_gets_the_routes_fields() {
    let router = Router::new()
        .route("/checked", get(checked_read))
        .layer(Conditional::default().cache_control("max-age=60"));
    let server = serve_axum(router);
    let answer = get_at(server.addr, "/checked", &[("If-None-Match", "\"page-1\"")]);
    assert_eq!(answer.status, 304);
    assert_eq!(answer.header("etag"), Some("\"page-1\""));
    assert_eq!(answer.header("cache-control"), Some("max-age=60"));
}

// RFC 9110 §8.8.3.3 with two layers: the outer one, around the compression, decides, so the gzip body's strong
// tag names gzip, and the outer one's per-user fields are sent; the inner one steps aside.
#[test]
fn rfc9110_8_8_3_3_two_layers_one_decides() {
    let shared = Shared::default();
    put_doc(&shared, 4);
    let inner = Router::new()
        .route("/doc", get(read_doc))
        .with_state(shared)
        .layer(Conditional::default());
    let router = Router::new().nest("/api", inner).layer(
        Conditional::default()
            .per_user(&BY_USER)
            .around(CompressionLayer::new()),
    );
    let server = serve_axum(router);
    let gzip = get_at(
        server.addr,
        "/api/doc",
        &[("Accept-Encoding", "gzip"), ("X-User", "ada")],
    );
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));
    let tag = gzip.header("etag").unwrap().to_owned();
    assert!(tag.ends_with("+gzip\""), "{tag}");
    assert_eq!(gzip.header("cache-control"), Some("private"));
    assert!(gzip.tokens("vary").contains("x-user"));
    let again = get_at(
        server.addr,
        "/api/doc",
        &[("Accept-Encoding", "gzip"), ("X-User", "ada"), ("If-None-Match", &tag)],
    );
    assert_eq!(again.status, 304);
}

async fn domains() -> CanonicalJson<std::collections::HashMap<String, u32>> {
    let counts = (0..20).map(|at| (format!("domain-{at}.example"), at)).collect();
    CanonicalJson(counts)
}

// RFC 9110 §8.8.3: equal data gives an equal tag. A `HashMap` iterates in a new order in each map, so its JSON is
// written in key order: every request gets the same tag, and the second one its 304.
#[test]
fn rfc9110_8_8_3_equal_data_equal_tag() {
    let server = serve_axum(
        Router::new()
            .route("/domains", get(domains))
            .layer(Conditional::default()),
    );
    let first = get_at(server.addr, "/domains", &[]);
    let tag = first.header("etag").unwrap().to_owned();
    for _ in 0..5 {
        assert_eq!(get_at(server.addr, "/domains", &[]).header("etag"), Some(tag.as_str()));
    }
    assert_eq!(get_at(server.addr, "/domains", &[("If-None-Match", &tag)]).status, 304);
    assert!(
        first
            .text()
            .starts_with("{\"domain-0.example\":0,\"domain-1.example\":1,\"domain-10.example\""),
        "{}",
        first.text()
    );
}

/// Sends `GET path HTTP/1.0` and reads the whole answer: HTTP/1.0 has no chunks, so the end of a body of unknown
/// length is the connection's close.
fn get_http_1_0(addr: std::net::SocketAddr, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connect to the test server");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").expect("send the request");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read the answer");
    answer.to_ascii_lowercase()
}

async fn failing() -> Deferred {
    let tag = EntityTag::strong("gone").expect("a valid tag");
    let text = axum::http::HeaderValue::from_static("text/plain");
    Deferred::new(tag, text, async {
        Err::<&str, _>(std::io::Error::other("the row is gone"))
    })
}

// RFC 9112 §6.3: an HTTP/1.0 peer reads a body of unknown length to the connection's close, and could take one
// cut short for a whole one. For it, a lazy body is built before the answer: it goes out with its length, and a
// body that fails to build is a 500.
#[test]
fn rfc9112_6_3_http_1_0_gets_built_bodies() {
    let (server, shared) = started();
    put_doc(&shared, 2);
    let whole = get_http_1_0(server.addr, "/doc");
    assert!(
        whole.starts_with("http/1.0 200") || whole.starts_with("http/1.1 200"),
        "{whole}"
    );
    assert!(whole.contains("content-length:"), "{whole}");
    assert!(whole.contains("\"text\":\"text 2\""), "{whole}");
    let failing = serve_axum(
        Router::new()
            .route("/failing", get(failing))
            .layer(Conditional::default()),
    );
    let refused = get_http_1_0(failing.addr, "/failing");
    assert!(
        refused.starts_with("http/1.0 500") || refused.starts_with("http/1.1 500"),
        "{refused}"
    );
    assert!(!refused.contains("etag:"), "{refused}");
}
