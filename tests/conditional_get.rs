//! `#[conditional]` on read handlers, over real HTTP on 127.0.0.1 behind actix's `Compress`: every output
//! shape, both attribute orders, both modes, HEAD, errors and non-2xx, HashMap stability, and 304 headers.

mod support;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::http::StatusCode;
use actix_web::web::{self, Json, ServiceConfig};
use actix_web::{get, route};
use etag_runtime::{ETag, EntityTag, Problem, conditional};
use serde::Serialize;
use support::{Response, get, gunzip, hashed_tag, send, serve};

#[derive(Serialize, Clone)]
struct Item {
    id: u32,
    name: &'static str,
}

fn item() -> Item {
    Item { id: 1, name: "ada" }
}

/// A model with its own validators, strong tag and modification date.
struct Versioned;
const MODIFIED: u64 = 1_700_000_000;

impl Serialize for Versioned {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str("the versioned document")
    }
}

impl ETag for Versioned {
    fn etag(&self) -> EntityTag {
        EntityTag::strong("v7").expect("valid")
    }
    fn last_modified(&self) -> Option<SystemTime> {
        Some(UNIX_EPOCH + Duration::from_secs(MODIFIED))
    }
}

/// The attribute below the route attribute.
#[get("/bare")]
#[conditional]
async fn bare() -> Item {
    item()
}

/// The attribute above the route attribute, with doc comments kept.
#[conditional]
#[get("/json")]
async fn json() -> Json<Item> {
    Json(item())
}

#[conditional]
async fn result_item() -> Result<Item, Problem> {
    Ok(item())
}

#[conditional(cache_control = "max-age=60")]
async fn result_json(id: web::Path<u32>) -> Result<Json<Item>, Problem> {
    match id.into_inner() {
        1 => Ok(Json(item())),
        other => Err(Problem::new(StatusCode::NOT_FOUND, format!("no item {other}"))),
    }
}

#[conditional]
async fn actix_result() -> actix_web::Result<Json<Item>> {
    Ok(Json(item()))
}

#[conditional(cache_control = "max-age=60", vary = "Accept-Language")]
#[route("/tagged", method = "GET", method = "HEAD", method = "POST")]
async fn tagged() -> Json<Versioned> {
    Json(Versioned)
}

/// Only the serialization test requests this model, so its counter sees no other test's traffic.
struct Counted;

static COUNTED_SERIALIZATIONS: AtomicUsize = AtomicUsize::new(0);

impl Serialize for Counted {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        COUNTED_SERIALIZATIONS.fetch_add(1, Ordering::SeqCst);
        serializer.serialize_str("counted")
    }
}

impl ETag for Counted {
    fn etag(&self) -> EntityTag {
        EntityTag::strong("c1").expect("valid")
    }
}

#[conditional]
async fn tagged_bare() -> Result<Versioned, Problem> {
    Ok(Versioned)
}

#[conditional]
async fn counted() -> Counted {
    Counted
}

/// A fresh HashMap per call: each has its own random iteration order.
#[conditional]
async fn stats() -> Json<HashMap<String, u32>> {
    Json((0..64).map(|i| (format!("domain{i}.example"), i)).collect())
}

fn routes(config: &mut ServiceConfig) {
    config
        .service(bare)
        .service(json)
        .service(tagged)
        .route("/result", web::get().to(result_item))
        .service(
            web::resource("/items/{id}")
                .route(web::get().to(result_json))
                .route(web::head().to(result_json)),
        )
        .route("/actix-result", web::get().to(actix_result))
        .route("/tagged-bare", web::get().to(tagged_bare))
        .route("/stats", web::get().to(stats))
        .route("/counted", web::get().to(counted));
}

fn expect_json_200(response: &Response) {
    assert_eq!(response.status, 200, "{response:?}");
    assert_eq!(response.header("content-type"), Some("application/json"));
}

// RFC 9110 §8.8.3: every supported output shape is sent as JSON with an ETag that is the hash of those bytes.
#[test]
fn rfc9110_8_8_3_every_output_shape_gets_a_hashed_etag() {
    let server = serve(routes);
    let expected_body = serde_json::to_vec(&item()).unwrap();
    for path in ["/bare", "/json", "/result", "/items/1", "/actix-result"] {
        let response = get(server.addr, path, &[]);
        expect_json_200(&response);
        assert_eq!(response.body, expected_body, "{path}");
        assert_eq!(
            response.header("etag"),
            Some(hashed_tag(&expected_body).as_str()),
            "{path}"
        );
    }
}

// RFC 9110 §13.1.2 and §15.4.5: a matching If-None-Match gives 304 with no body, for every shape.
#[test]
fn rfc9110_13_1_2_matching_if_none_match_gives_304_for_every_shape() {
    let server = serve(routes);
    for path in [
        "/bare",
        "/json",
        "/result",
        "/items/1",
        "/actix-result",
        "/tagged",
        "/tagged-bare",
    ] {
        let first = get(server.addr, path, &[]);
        let tag = first.header("etag").expect("an ETag").to_owned();
        let second = get(server.addr, path, &[("If-None-Match", &format!("\"other\", {tag}"))]);
        assert_eq!(second.status, 304, "{path}");
        assert!(second.body.is_empty(), "{path}");
        assert_eq!(second.header("etag"), Some(tag.as_str()), "{path}");
        assert_eq!(second.header("content-type"), None, "{path}");
    }
}

// RFC 9110 §13.1.2: a stale tag gets the full 200.
#[test]
fn rfc9110_13_1_2_stale_tag_gets_200() {
    let server = serve(routes);
    let response = get(server.addr, "/json", &[("If-None-Match", "W/\"stale\"")]);
    expect_json_200(&response);
}

// RFC 9110 §9.3.2: HEAD gets exactly the GET's status and headers, and no body.
#[test]
fn rfc9110_9_3_2_head_has_the_gets_headers_and_no_body() {
    let server = serve(routes);
    for path in ["/tagged", "/items/1"] {
        let get = get(server.addr, path, &[]);
        let head = send(server.addr, "HEAD", path, &[], b"");
        assert_eq!(head.status, get.status);
        assert!(head.body.is_empty(), "{path}");
        for name in [
            "etag",
            "last-modified",
            "cache-control",
            "vary",
            "content-type",
            "content-length",
        ] {
            assert_eq!(head.header(name), get.header(name), "{path} {name}");
        }
        let tag = get.header("etag").unwrap();
        assert_eq!(
            send(server.addr, "HEAD", path, &[("If-None-Match", tag)], b"").status,
            304
        );
    }
}

// RFC 9110 §13.2.1: a handler's error passes through untouched: no ETag, never 304 or 412.
#[test]
fn rfc9110_13_2_1_errors_pass_through() {
    let server = serve(routes);
    for conditions in [&[("If-None-Match", "*")][..], &[("If-Match", "\"nope\"")], &[]] {
        let response = get(server.addr, "/items/2", conditions);
        assert_eq!(response.status, 404);
        assert_eq!(response.header("etag"), None);
        assert_eq!(response.header("content-type"), Some("application/problem+json"));
        assert_eq!(response.json()["detail"], "no item 2");
    }
}

// RFC 9110 §13.1.1: If-Match on a GET compares strongly; a hashed (weak) tag never satisfies it.
#[test]
fn rfc9110_13_1_1_if_match_on_get() {
    let server = serve(routes);
    let response = get(server.addr, "/json", &[("If-Match", "\"other\"")]);
    assert_eq!(response.status, 412);
    assert_eq!(response.header("content-type"), Some("application/problem+json"));
    let tag = get(server.addr, "/json", &[]).header("etag").unwrap().to_owned();
    assert_eq!(
        get(server.addr, "/json", &[("If-Match", &tag)]).status,
        412,
        "weak tags fail strong comparison"
    );
    assert_eq!(get(server.addr, "/tagged", &[("If-Match", "\"v7\"")]).status, 200);
}

// RFC 9110 §13.1.2: a malformed If-None-Match on GET gives the normal 200, never a false 304.
#[test]
fn rfc9110_13_1_2_malformed_if_none_match_gives_200() {
    let server = serve(routes);
    let response = get(
        server.addr,
        "/tagged",
        &[
            ("If-None-Match", "v7"),
            ("If-Modified-Since", "Sun, 06 Nov 2044 08:49:37 GMT"),
        ],
    );
    assert_eq!(response.status, 200);
}

// RFC 9110 §13.1.2 with the ETag trait: a 304 is decided from etag() alone, without serializing the model.
#[test]
fn rfc9110_13_1_2_tagged_304_skips_serialization() {
    let server = serve(routes);
    let first = get(server.addr, "/counted", &[]);
    assert_eq!(first.header("etag"), Some("\"c1\""));
    assert_eq!(
        COUNTED_SERIALIZATIONS.load(Ordering::SeqCst),
        1,
        "the 200 serializes once"
    );
    for _ in 0..5 {
        assert_eq!(get(server.addr, "/counted", &[("If-None-Match", "\"c1\"")]).status, 304);
    }
    assert_eq!(
        COUNTED_SERIALIZATIONS.load(Ordering::SeqCst),
        1,
        "a 304 must not serialize"
    );
}

// RFC 9110 §8.8.2 and §13.1.3: the model's Last-Modified is sent and If-Modified-Since is honoured.
#[test]
fn rfc9110_13_1_3_tagged_last_modified_and_if_modified_since() {
    let server = serve(routes);
    let first = get(server.addr, "/tagged", &[]);
    let last_modified = first.header("last-modified").expect("Last-Modified").to_owned();
    assert_eq!(
        last_modified,
        etag_runtime::HttpDate::from_unix_seconds(MODIFIED as i64).to_string()
    );
    assert_eq!(
        get(server.addr, "/tagged", &[("If-Modified-Since", &last_modified)]).status,
        304
    );
    let earlier = etag_runtime::HttpDate::from_unix_seconds(MODIFIED as i64 - 1).to_string();
    assert_eq!(
        get(server.addr, "/tagged", &[("If-Modified-Since", &earlier)]).status,
        200
    );
}

// RFC 9110 §8.8.3: equal data gives an equal ETag though HashMap order is random per map, and the tag is the
// hash of the key-sorted JSON, so another process (another random seed) computes the same one.
#[test]
fn rfc9110_8_8_3_hashmap_output_is_stable() {
    let server = serve(routes);
    let responses: Vec<Response> = (0..8).map(|_| get(server.addr, "/stats", &[])).collect();
    let sorted: BTreeMap<String, u32> = (0..64).map(|i| (format!("domain{i}.example"), i)).collect();
    let expected_body = serde_json::to_vec(&sorted).unwrap();
    for response in &responses {
        assert_eq!(response.body, expected_body);
        assert_eq!(response.header("etag"), Some(hashed_tag(&expected_body).as_str()));
    }
}

// RFC 9110 §15.4.5: with Compress on, the 304 carries the 200's Cache-Control and Vary (Accept-Encoding
// included, which Compress adds to the 200 only), and the 200's ETag.
#[test]
fn rfc9110_15_4_5_304_keeps_cache_headers_behind_compress() {
    let server = serve(routes);
    let gzip = [("Accept-Encoding", "gzip")];
    let full = get(server.addr, "/tagged", &gzip);
    assert_eq!(full.header("content-encoding"), Some("gzip"));
    assert_eq!(
        gunzip(&full.body),
        serde_json::to_vec("the versioned document").unwrap()
    );
    let tag = full.header("etag").unwrap().to_owned();
    let not_modified = get(
        server.addr,
        "/tagged",
        &[("Accept-Encoding", "gzip"), ("If-None-Match", &tag)],
    );
    assert_eq!(not_modified.status, 304);
    assert_eq!(not_modified.tokens("vary"), full.tokens("vary"));
    assert!(full.tokens("vary").contains("accept-encoding") && full.tokens("vary").contains("accept-language"));
    for name in ["cache-control", "etag", "last-modified"] {
        assert_eq!(not_modified.header(name), full.header(name), "{name}");
    }
    assert_eq!(not_modified.header("content-encoding"), None);
}

// RFC 9110 §8.8.3.3: a strong tag differs between content codings; a hashed (weak) tag may be shared.
#[test]
fn rfc9110_8_8_3_3_strong_tags_differ_per_coding() {
    let server = serve(routes);
    let identity = get(server.addr, "/tagged", &[]);
    let gzip = get(server.addr, "/tagged", &[("Accept-Encoding", "gzip")]);
    // The route varies on Accept-Language and its handler names no variant, so the tag names a digest of the
    // field's values (`+h.`, RFC 9110 §8.8.3), then the coding, last.
    let identity_tag = identity.header("etag").unwrap();
    assert!(
        identity_tag.starts_with("\"v7+h.") && identity_tag.len() == "\"v7+h.12345678\"".len(),
        "{identity_tag}"
    );
    let gzip_form = format!("{}+gzip\"", identity_tag.trim_end_matches('"'));
    assert_eq!(gzip.header("etag"), Some(gzip_form.as_str()));
    // The identity tag does not validate the gzip form, so a cache never mixes the two up.
    assert_eq!(
        get(
            server.addr,
            "/tagged",
            &[("Accept-Encoding", "gzip"), ("If-None-Match", identity_tag)]
        )
        .status,
        200
    );
    let hashed_plain = get(server.addr, "/json", &[]);
    let hashed_gzip = get(server.addr, "/json", &[("Accept-Encoding", "gzip")]);
    assert_eq!(hashed_plain.header("etag"), hashed_gzip.header("etag"));
    assert!(hashed_plain.header("etag").unwrap().starts_with("W/"));
}

// RFC 9110 §9.3.4: on a method other than GET/HEAD the handler ran its side effects already, so the body goes
// out without validators and no precondition is evaluated after the fact.
#[test]
fn rfc9110_9_3_4_non_read_methods_get_no_validators() {
    let server = serve(routes);
    let response = send(server.addr, "POST", "/tagged", &[], b"");
    assert_eq!(response.status, 200);
    assert_eq!(response.header("etag"), None);
    assert_eq!(response.header("last-modified"), None);
}
