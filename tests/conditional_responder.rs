//! `#[conditional]` on handlers that return any actix `Responder`, over real HTTP on 127.0.0.1 behind `Compress`:
//! what is sent is what actix sends without the attribute, plus validators; the handler's own validators are
//! used as they are; bodies are hashed only when in memory and small enough; streams pass untouched.

mod support;

use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};

use actix_web::body::{BodySize, MessageBody};
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::web::{self, Bytes, Html, Json, ServiceConfig};
use actix_web::{Either, HttpRequest, HttpResponse, Responder, get, post};
use etag_runtime::validators::ModelShape;
use etag_runtime::{ETag, conditional};
use support::bodies::Endless;
use support::{Response, get, hashed_tag, send, serve};

/// Defines the same handler twice, plain and under `#[conditional]`, served at `/plain/NAME` and `/cond/NAME`.
macro_rules! twins {
    ($($name:ident: $output:ty = $body:expr;)*) => {
        mod plain {
            use super::*;
            $(pub async fn $name() -> $output { $body })*
        }
        mod cond {
            use super::*;
            $(#[conditional] pub async fn $name() -> $output { $body })*
        }
        fn twin_routes(config: &mut ServiceConfig) {
            $(
                config.route(concat!("/plain/", stringify!($name)), web::get().to(plain::$name));
                config.route(concat!("/cond/", stringify!($name)), web::get().to(cond::$name));
            )*
        }
        const TWINS: &[&str] = &[$(stringify!($name)),*];
    };
}

/// A type of the application's own that renders itself.
pub struct Card(&'static str);

impl Responder for Card {
    type Body = String;
    fn respond_to(self, _request: &HttpRequest) -> HttpResponse<String> {
        HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .message_body(format!("<div>{}</div>", self.0))
            .expect("a valid body")
    }
}

twins! {
    http_response: HttpResponse = HttpResponse::Ok().content_type("text/csv").body("id,name\n1,Ada\n");
    string: String = "plain text".to_owned();
    static_str: &'static str = "static text";
    bytes: Bytes = Bytes::from_static(b"\x00\x01 binary");
    html: Html = Html::new("<p>hello</p>");
    result: Result<HttpResponse, actix_web::Error> = Ok(HttpResponse::Ok().body("in a result"));
    option: Option<String> = Some("in an option".to_owned());
    either: Either<String, Html> = Either::Right(Html::new("<p>right</p>"));
    customized: actix_web::CustomizeResponder<String> =
        "customized".to_owned().customize().insert_header(("x-custom", "1")).with_status(StatusCode::CREATED);
    impl_responder: impl Responder = HttpResponse::Ok().content_type("text/plain").body("opaque");
    result_impl: Result<impl Responder, actix_web::Error> = Ok("opaque in a result");
    user_type: Card = Card("card");
    json_string: Json<String> = Json("json text".to_owned());
}

const MODIFIED: u64 = 1_700_000_000;

fn modified_date() -> String {
    etag_runtime::HttpDate::from_unix_seconds(MODIFIED as i64).to_string()
}

/// Validators the handler set itself, with the other fields a 304 must keep.
#[conditional]
#[get("/own")]
async fn own() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ETAG, "\"own-1\""))
        .insert_header((header::LAST_MODIFIED, modified_date()))
        .insert_header((header::CACHE_CONTROL, "max-age=5"))
        .insert_header((header::CONTENT_LOCATION, "/own"))
        .insert_header((header::EXPIRES, "Thu, 01 Jan 2099 00:00:00 GMT"))
        .insert_header(("x-other", "not kept on a 304"))
        .body("the handler's own representation")
}

#[conditional]
#[get("/dated")]
async fn dated() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::LAST_MODIFIED, modified_date()))
        .body("dated only")
}

#[conditional]
#[get("/malformed")]
async fn malformed() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ETAG, "unquoted"))
        .body("a malformed tag")
}

#[conditional]
#[get("/image")]
async fn image() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("image/png")
        .insert_header((header::ETAG, "\"img-1\""))
        .body(vec![7u8; 4096])
}

/// A body of known size that is a stream, not bytes in memory.
struct SizedChunks(usize);

impl MessageBody for SizedChunks {
    type Error = std::convert::Infallible;
    fn size(&self) -> BodySize {
        BodySize::Sized(64)
    }
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Bytes, Self::Error>>> {
        if self.0 == 4 {
            return Poll::Ready(None);
        }
        self.0 += 1;
        Poll::Ready(Some(Ok(Bytes::from_static(&[b'x'; 16]))))
    }
}

#[conditional]
#[get("/sized-stream")]
async fn sized_stream() -> HttpResponse {
    HttpResponse::Ok().body(SizedChunks(0))
}

#[conditional]
#[get("/events")]
async fn events() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/event-stream")
        .body(Endless::new())
}

#[conditional]
#[get("/large")]
async fn large() -> HttpResponse {
    HttpResponse::Ok().body(vec![b'a'; 1024 * 1024 + 1])
}

#[conditional(hash_limit = 8)]
#[get("/limited/{size}")]
async fn limited(size: web::Path<usize>) -> String {
    "x".repeat(*size)
}

#[conditional]
#[get("/missing")]
async fn missing() -> HttpResponse {
    HttpResponse::NotFound().body("no such thing")
}

#[conditional]
#[get("/failing")]
async fn failing() -> Result<String, actix_web::Error> {
    Err(actix_web::error::ErrorInternalServerError("broken"))
}

#[conditional]
#[post("/posted")]
async fn posted() -> String {
    "posted".to_owned()
}

static PAGE_RENDERS: AtomicUsize = AtomicUsize::new(0);

/// A model that renders itself as HTML: compared by its tag before it is rendered.
#[derive(ETag)]
#[etag(prefix = "page-")]
pub struct Page {
    #[etag]
    version: u32,
}

impl Responder for Page {
    type Body = String;
    fn respond_to(self, _request: &HttpRequest) -> HttpResponse<String> {
        PAGE_RENDERS.fetch_add(1, Ordering::SeqCst);
        HttpResponse::Ok()
            .content_type("text/html")
            .message_body(format!("<h1>version {}</h1>", self.version))
            .expect("a valid body")
    }
}

#[conditional]
#[get("/page")]
async fn page() -> Page {
    Page { version: 4 }
}

fn routes(config: &mut ServiceConfig) {
    twin_routes(config);
    config
        .service(own)
        .service(dated)
        .service(malformed)
        .service(image)
        .service(sized_stream)
        .service(events)
        .service(large)
        .service(limited)
        .service(missing)
        .service(failing)
        .service(posted)
        .service(page);
}

fn etag(response: &Response) -> &str {
    response.header("etag").expect("an ETag")
}

// RFC 9110 §13.1 with §8.8.3: every output shape keeps the status, headers, content type and body actix sends
// without the attribute, and gains a weak tag hashed from those bytes that validates a later GET.
#[test]
fn rfc9110_8_8_3_every_responder_keeps_its_response_and_gains_a_tag() {
    let server = serve(routes);
    for name in TWINS {
        let plain = get(server.addr, &format!("/plain/{name}"), &[]);
        let path = format!("/cond/{name}");
        let conditional = get(server.addr, &path, &[]);
        assert_eq!(conditional.status, plain.status, "{name}");
        assert_eq!(conditional.body, plain.body, "{name}");
        for (field, value) in &plain.headers {
            if !field.eq_ignore_ascii_case("date") {
                assert_eq!(conditional.header(field), Some(value.as_str()), "{name}: {field}");
            }
        }
        assert_eq!(etag(&conditional), hashed_tag(&conditional.body), "{name}");
        let again = get(server.addr, &path, &[("If-None-Match", etag(&conditional))]);
        assert_eq!(again.status, 304, "{name}");
        assert!(
            again.body.is_empty() && again.header("content-type").is_none(),
            "{name}"
        );
    }
}

// RFC 9110 §8.3: the attribute never changes a representation's Content-Type; these are actix's own.
#[test]
fn content_types_stay_as_actix_sends_them() {
    let server = serve(routes);
    let content_type = |name: &str| {
        get(server.addr, &format!("/cond/{name}"), &[])
            .header("content-type")
            .map(str::to_owned)
    };
    assert_eq!(content_type("string").as_deref(), Some("text/plain; charset=utf-8"));
    assert_eq!(content_type("html").as_deref(), Some("text/html; charset=utf-8"));
    assert_eq!(content_type("bytes").as_deref(), Some("application/octet-stream"));
    assert_eq!(content_type("json_string").as_deref(), Some("application/json"));
    assert_eq!(content_type("http_response").as_deref(), Some("text/csv"));
}

// RFC 9110 §13.1.2 (weak comparison) and §15.4.5: the handler's own strong tag validates; the 304 keeps
// Cache-Control, Content-Location, Date, ETag, Expires, Vary and Last-Modified, and nothing else.
#[test]
fn rfc9110_15_4_5_handler_tag_and_the_fields_a_304_keeps() {
    let server = serve(routes);
    let ok = get(server.addr, "/own", &[]);
    assert_eq!(etag(&ok), "\"own-1\"");
    for validator in ["\"own-1\"", "W/\"own-1\"", "\"x\", \"own-1\""] {
        let not_modified = get(server.addr, "/own", &[("If-None-Match", validator)]);
        assert_eq!(not_modified.status, 304, "{validator}");
        for field in ["cache-control", "content-location", "etag", "expires", "last-modified"] {
            assert_eq!(not_modified.header(field), ok.header(field), "{field}");
        }
        assert!(not_modified.header("date").is_some());
        assert_eq!(not_modified.tokens("vary"), ok.tokens("vary"));
        assert_eq!(not_modified.header("x-other"), None);
        assert_eq!(not_modified.header("content-type"), None);
        assert!(not_modified.body.is_empty());
    }
    assert_eq!(get(server.addr, "/own", &[("If-None-Match", "\"own-2\"")]).status, 200);
}

// RFC 9110 §13.1.1: If-Match on a GET uses strong comparison against the handler's tag (§13.2.2 step 1).
#[test]
fn rfc9110_13_1_1_if_match_on_get_against_the_handler_tag() {
    let server = serve(routes);
    assert_eq!(get(server.addr, "/own", &[("If-Match", "\"own-1\"")]).status, 200);
    let weak = get(server.addr, "/own", &[("If-Match", "W/\"own-1\"")]);
    assert_eq!(weak.status, 412);
    assert_eq!(weak.header("content-type"), Some("application/problem+json"));
    assert_eq!(get(server.addr, "/own", &[("If-Match", "\"other\"")]).status, 412);
}

// RFC 9110 §13.1.3 and §13.1.4: the handler's Last-Modified answers date preconditions, and If-None-Match
// takes precedence over If-Modified-Since (§13.2.2 step 3).
#[test]
fn rfc9110_13_1_3_handler_last_modified() {
    let server = serve(routes);
    let since = [("If-Modified-Since", modified_date())];
    let since: Vec<(&str, &str)> = since.iter().map(|(n, v)| (*n, v.as_str())).collect();
    assert_eq!(get(server.addr, "/dated", &since).status, 304);
    assert_eq!(get(server.addr, "/own", &since).status, 304);
    let mut with_tag = since.clone();
    with_tag.push(("If-None-Match", "\"not-it\""));
    assert_eq!(get(server.addr, "/own", &with_tag).status, 200);
    let earlier = etag_runtime::HttpDate::from_unix_seconds(MODIFIED as i64 - 1).to_string();
    assert_eq!(
        get(server.addr, "/dated", &[("If-Modified-Since", &earlier)]).status,
        200
    );
    // §13.1.4: modified after the If-Unmodified-Since date, so a GET fails too (§13.2.2 step 2).
    assert_eq!(
        get(server.addr, "/dated", &[("If-Unmodified-Since", &earlier)]).status,
        412
    );
    // A handler that set only a date gets no hashed tag: its validators are its own.
    assert_eq!(get(server.addr, "/dated", &[]).header("etag"), None);
}

// RFC 9110 §13.1: a validator the handler set but that cannot be read is left as sent and compared with nothing.
#[test]
fn rfc9110_13_1_malformed_handler_tag_is_left_alone() {
    let server = serve(routes);
    let response = get(server.addr, "/malformed", &[("If-None-Match", "*")]);
    assert_eq!(response.status, 200);
    assert_eq!(response.header("etag"), Some("unquoted"));
}

// RFC 9110 §8.8.3.3: a strong tag the handler set gets the coding Compress applies; an image, which Compress
// leaves as it is, keeps the tag it has.
#[test]
fn rfc9110_8_8_3_3_handler_strong_tag_per_coding() {
    let server = serve(routes);
    let gzip = [("Accept-Encoding", "gzip")];
    let encoded = get(server.addr, "/own", &gzip);
    assert_eq!(encoded.header("content-encoding"), Some("gzip"));
    assert_eq!(etag(&encoded), "\"own-1+gzip\"");
    assert_eq!(support::codings::vary_count(&encoded, "accept-encoding"), 1);
    let revalidated = get(server.addr, "/own", &[gzip[0], ("If-None-Match", "\"own-1+gzip\"")]);
    assert_eq!(revalidated.status, 304);
    assert_eq!(etag(&revalidated), "\"own-1+gzip\"");
    assert_eq!(
        get(server.addr, "/own", &[gzip[0], ("If-None-Match", "\"own-1\"")]).status,
        200
    );
    let picture = get(server.addr, "/image", &gzip);
    assert_eq!(picture.header("content-encoding"), None);
    assert_eq!(etag(&picture), "\"img-1\"");
}

// RFC 9110 §13.2.1 and a mistake the peers' users report: a stream of known size is not read ahead, an
// endless stream starts at once, and a body over the limit is sent without a tag; none is buffered.
#[test]
fn streams_and_large_bodies_pass_untouched() {
    let server = serve(routes);
    let sized = get(server.addr, "/sized-stream", &[]);
    assert_eq!((sized.status, sized.body.len(), sized.header("etag")), (200, 64, None));
    let over_limit = get(server.addr, "/large", &[]);
    let summary = (over_limit.status, over_limit.body.len(), over_limit.header("etag"));
    assert_eq!(summary, (200, 1024 * 1024 + 1, None));

    // `hash_limit = 8`: eight bytes are hashed, nine are not.
    assert!(get(server.addr, "/limited/8", &[]).header("etag").is_some());
    assert_eq!(get(server.addr, "/limited/9", &[]).header("etag"), None);
    let first = support::first_bytes(server.addr, "/events");
    assert!(first.contains("data: first") && !first.contains("etag:"), "{first}");
}

// RFC 9110 §13.2.1: only 2xx answers to GET and HEAD are evaluated: a 404, a 500 and a POST pass untouched.
// (A POST that carries a precondition its handler cannot evaluate is refused: tests/conditional_events.rs.)
#[test]
fn rfc9110_13_2_1_other_responses_pass_untouched() {
    let server = serve(routes);
    let star = [("If-None-Match", "*")];
    let not_found = get(server.addr, "/missing", &star);
    assert_eq!((not_found.status, not_found.header("etag")), (404, None));
    let server_error = get(server.addr, "/failing", &star);
    assert_eq!((server_error.status, server_error.header("etag")), (500, None));
    let post_response = send(server.addr, "POST", "/posted", &[], b"");
    assert_eq!((post_response.status, post_response.header("etag")), (200, None));
    assert_eq!(post_response.text(), "posted");
}

// RFC 9110 §9.3.2 and §9.1: above `#[get]`, the attribute routes HEAD too, answered like GET without a body.
#[test]
fn rfc9110_9_3_2_head_is_routed_and_conditional() {
    let server = serve(routes);
    let full = get(server.addr, "/own", &[]);
    let head = send(server.addr, "HEAD", "/own", &[], b"");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("etag"), full.header("etag"));
    assert!(head.body.is_empty());
    assert_eq!(
        send(server.addr, "HEAD", "/own", &[("If-None-Match", "\"own-1\"")], b"").status,
        304
    );
}

// RFC 9110 §13.2.2: a model that renders itself is compared before rendering, so a 304 renders nothing.
#[test]
fn rfc9110_13_2_2_model_with_its_own_responder_renders_only_for_a_body() {
    let server = serve(routes);
    let ok = get(server.addr, "/page", &[]);
    let tag = format!("\"page-4+s.{}\"", Page::SHAPE);
    assert_eq!(etag(&ok), tag);
    assert_eq!(ok.header("content-type"), Some("text/html"));
    let renders = PAGE_RENDERS.load(Ordering::SeqCst);
    let not_modified = get(server.addr, "/page", &[("If-None-Match", &tag)]);
    assert_eq!(not_modified.status, 304);
    assert_eq!(PAGE_RENDERS.load(Ordering::SeqCst), renders);
}
