//! The `Conditional` middleware over real HTTP on 127.0.0.1: plain actix handlers gain validators and 304s, in
//! both orders with `Compress` (the wrong one is less useful but never wrong), beside `#[conditional]` handlers
//! (one ETag, no second hash), with streams, large bodies, writes and errors passing untouched.

mod support;

use std::collections::BTreeMap;
use std::net::SocketAddr;

use actix_web::http::header;
use actix_web::middleware::Compress;
use actix_web::web::{self, ServiceConfig};
use actix_web::{App, HttpResponse};
use etag_runtime::{Conditional, conditional};
use support::bodies::Endless;
use support::codings::{OFFERS, vary_count};
use support::{get, hashed_tag, send};

async fn csv() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv")
        .body("id,name\n1,Ada\n2,Grace\n".repeat(20))
}

async fn text() -> String {
    "plain text from a plain handler".repeat(10)
}

/// A strong tag set by the handler, on a body Compress encodes.
async fn own() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ETAG, "\"own-7\""))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body("the handler's own representation ".repeat(20))
}

async fn seventeen_bytes() -> &'static str {
    "seventeen bytes!!"
}

async fn sixteen_bytes() -> &'static str {
    "sixteen bytes!!!"
}

async fn missing() -> HttpResponse {
    HttpResponse::NotFound().body("no such thing")
}

async fn created() -> HttpResponse {
    HttpResponse::Created().body("made")
}

async fn events() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/event-stream")
        .body(Endless::new())
}

/// Hashing mode inside a `Conditional` scope.
#[conditional]
async fn attributed() -> actix_web::web::Json<Vec<u32>> {
    actix_web::web::Json((0..50).collect())
}

/// Responder mode inside a `Conditional` scope, with its own tag.
#[conditional]
async fn attributed_own() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ETAG, "W/\"mine\""))
        .body("attributed")
}

fn routes(config: &mut ServiceConfig) {
    config
        .service(
            web::resource("/csv")
                .route(web::get().to(csv))
                .route(web::head().to(csv)),
        )
        .route("/text", web::get().to(text))
        .route("/own", web::get().to(own))
        .route("/seventeen", web::get().to(seventeen_bytes))
        .route("/sixteen", web::get().to(sixteen_bytes))
        .route("/missing", web::get().to(missing))
        .route("/created", web::post().to(created))
        .route("/events", web::get().to(events))
        .route("/attributed", web::get().to(attributed))
        .route("/attributed-own", web::get().to(attributed_own));
}

/// The documented order: `Compress` outside, `Conditional` inside.
fn compress_outside() -> support::TestServer {
    serve_app!(
        App::new()
            .wrap(Conditional::default().hash_limit(16_000))
            .wrap(Compress::default())
            .configure(routes)
    )
}

/// The other order: `Conditional` outside, seeing what `Compress` encoded.
fn compress_inside() -> support::TestServer {
    serve_app!(
        App::new()
            .wrap(Compress::default())
            .wrap(Conditional::default().hash_limit(16_000))
            .configure(routes)
    )
}

// RFC 9110 §8.8.3 and §13.1.2: plain handlers keep their content type and gain a weak tag hashed from their
// bytes, which a later GET gets a 304 for; a tag the handler set is used as it is.
#[test]
fn rfc9110_13_1_2_plain_handlers_gain_validators() {
    let server = compress_outside();
    for (path, content_type) in [("/csv", "text/csv"), ("/text", "text/plain; charset=utf-8")] {
        let ok = get(server.addr, path, &[]);
        assert_eq!(ok.header("content-type"), Some(content_type), "{path}");
        let tag = ok.header("etag").expect("an ETag").to_owned();
        assert_eq!(tag, hashed_tag(&ok.body), "{path}");
        let not_modified = get(server.addr, path, &[("If-None-Match", &tag)]);
        assert_eq!(not_modified.status, 304, "{path}");
        assert_eq!(not_modified.header("content-type"), None);
    }
    let own = get(server.addr, "/own", &[]);
    assert_eq!(own.header("etag"), Some("\"own-7\""));
    let not_modified = get(server.addr, "/own", &[("If-None-Match", "\"own-7\"")]);
    assert_eq!(
        not_modified.header("cache-control"),
        Some("no-cache"),
        "RFC 9110 §15.4.5"
    );
    assert_eq!(get(server.addr, "/own", &[("If-Match", "\"other\"")]).status, 412);
}

// RFC 9110 §9.1 and §9.3.2: with HEAD registered beside GET, as the README shows, HEAD gets the GET's ETag and
// its 304; a route registered for GET alone answers HEAD with 404, since the middleware does not route.
#[test]
fn rfc9110_9_3_2_head_beside_get_has_the_gets_tag() {
    let server = compress_outside();
    let ok = get(server.addr, "/csv", &[]);
    let tag = ok.header("etag").expect("an ETag").to_owned();
    let head = send(server.addr, "HEAD", "/csv", &[], b"");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD sends no body");
    assert_eq!(head.header("etag"), Some(tag.as_str()));
    assert_eq!(head.header("content-length"), Some(ok.body.len().to_string().as_str()));
    assert_eq!(
        send(server.addr, "HEAD", "/csv", &[("If-None-Match", &tag)], b"").status,
        304
    );
    assert_eq!(send(server.addr, "HEAD", "/text", &[], b"").status, 404, "GET alone");
}

/// Every offer's 200 for `path`: its Content-Encoding and ETag, checking Vary once on each.
fn fetch_all(addr: SocketAddr, path: &str) -> Vec<(Option<&'static str>, Option<String>, Option<String>)> {
    let headers = |offer: Option<&'static str>| {
        offer
            .map(|value| ("Accept-Encoding", value))
            .into_iter()
            .collect::<Vec<_>>()
    };
    OFFERS
        .iter()
        .filter_map(|&offer| {
            let ok = get(addr, path, &headers(offer));
            (ok.status == 200).then(|| {
                assert_eq!(
                    vary_count(&ok, "accept-encoding"),
                    1,
                    "{path} {offer:?}: {:?}",
                    ok.headers
                );
                let coding = ok.header("content-encoding").map(str::to_owned);
                (offer, coding, ok.header("etag").map(str::to_owned))
            })
        })
        .collect()
}

/// RFC 9110 §8.8.3.3 and §13.1.2: no strong tag goes out with two codings, and a strong tag sent back under any
/// offer gives a 304 only when that offer's 200 has the same coding (a cache never serves other bytes under a
/// strong tag). Weak tags may stand for every coding of the same content (§8.8.3.3), so their 304s may cross.
fn assert_never_wrong(addr: SocketAddr, path: &str) {
    let seen = fetch_all(addr, path);
    let mut codings_per_strong_tag: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    for (offer, coding, tag) in &seen {
        let Some(tag) = tag.as_deref().filter(|tag| !tag.starts_with("W/")) else {
            continue;
        };
        let first = codings_per_strong_tag.entry(tag).or_insert(coding.as_deref());
        assert_eq!(*first, coding.as_deref(), "{path}: {tag} under {offer:?}");
        for (other_offer, other_coding, _) in &seen {
            let mut headers: Vec<(&str, &str)> = other_offer
                .map(|value| ("Accept-Encoding", value))
                .into_iter()
                .collect();
            headers.push(("If-None-Match", tag));
            let answer = get(addr, path, &headers);
            if answer.status == 304 {
                assert_eq!(
                    other_coding, coding,
                    "{path}: {tag} from {offer:?} gave a 304 to {other_offer:?}"
                );
            }
        }
    }
}

// RFC 9110 §8.8.3.3, §12.5.5 and §13.1.2, in the documented order: every offer gets a tag, and Vary names
// Accept-Encoding once.
#[test]
fn rfc9110_8_8_3_3_compress_outside_is_right_for_every_offer() {
    let server = compress_outside();
    for path in ["/csv", "/own"] {
        assert_never_wrong(server.addr, path);
        let tagged = fetch_all(server.addr, path);
        assert!(tagged.iter().all(|(_, _, tag)| tag.is_some()), "{path}: {tagged:?}");
    }
}

// RFC 9110 §8.8.3.3 and §13.1.2 in the other order: never a wrong 304 nor a strong tag shared by two codings;
// a compressed body is a stream to `Conditional`, so it gets no hashed tag.
#[test]
fn rfc9110_8_8_3_3_compress_inside_is_never_wrong() {
    let server = compress_inside();
    for path in ["/csv", "/own"] {
        assert_never_wrong(server.addr, path);
    }
    let gzip = get(server.addr, "/csv", &[("Accept-Encoding", "gzip")]);
    assert_eq!(
        (gzip.header("content-encoding"), gzip.header("etag")),
        (Some("gzip"), None)
    );
    let own = get(server.addr, "/own", &[("Accept-Encoding", "gzip")]);
    assert_eq!(own.header("etag"), Some("\"own-7+gzip\""));
}

// RFC 9110 §8.8.3 (`ETag = entity-tag`, one tag per response): a `#[conditional]` handler inside a `Conditional`
// scope gets one ETag, the attribute's, and no second hash.
#[test]
fn attribute_inside_middleware_gives_one_etag() {
    let server = compress_outside();
    for path in ["/attributed", "/attributed-own"] {
        let ok = get(server.addr, path, &[]);
        let tags: Vec<_> = ok
            .headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("etag"))
            .collect();
        assert_eq!(tags.len(), 1, "{path}: {:?}", ok.headers);
        if path == "/attributed" {
            assert_eq!(tags[0].1, hashed_tag(&ok.body));
        } else {
            assert_eq!(tags[0].1, "W/\"mine\"");
        }
        let not_modified = get(server.addr, path, &[("If-None-Match", &tags[0].1)]);
        assert_eq!(not_modified.status, 304, "{path}");
    }
}

// RFC 9110 §13.2.1: a 404, a write's 201 and a body over the hash limit pass untouched; an endless stream
// starts at once.
#[test]
fn rfc9110_13_2_1_what_passes_untouched() {
    let server = serve_app!(App::new().wrap(Conditional::default().hash_limit(16)).configure(routes));
    let star = [("If-None-Match", "*")];
    assert_eq!(get(server.addr, "/missing", &star).header("etag"), None);
    let made = send(server.addr, "POST", "/created", &star, b"");
    assert_eq!((made.status, made.header("etag")), (201, None));
    assert_eq!(get(server.addr, "/seventeen", &[]).header("etag"), None);
    assert!(get(server.addr, "/sixteen", &[]).header("etag").is_some());
    assert!(support::first_bytes(server.addr, "/events").contains("data: first"));
}

// RFC 9110 §12.5.5: the builder's `vary` names its fields on the 200 and on its 304, beside Accept-Encoding,
// each once, as the attribute's `vary` does.
#[test]
fn rfc9110_12_5_5_the_builders_vary_is_sent_on_the_200_and_the_304() {
    let server = serve_app!(
        App::new()
            .wrap(Conditional::default().vary("Accept-Language"))
            .wrap(Compress::default())
            .route("/text", web::get().to(text))
    );
    let ok = get(server.addr, "/text", &[]);
    let tag = ok.header("etag").expect("a hashed tag").to_owned();
    let not_modified = get(server.addr, "/text", &[("If-None-Match", &tag)]);
    assert_eq!(not_modified.status, 304);
    for response in [&ok, &not_modified] {
        let named = response.tokens("vary");
        assert!(named.contains("accept-language"), "{named:?}");
        assert!(named.contains("accept-encoding"), "{named:?}");
        assert_eq!(vary_count(response, "accept-language"), 1);
    }
}
