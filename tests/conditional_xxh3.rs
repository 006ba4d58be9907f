//! xxh3-128 as the body hash, over real HTTP on 127.0.0.1: `#[conditional(hash = xxh3)]` on a serde value and on
//! a `Responder`, and `Conditional::default().hash(BodyHash::Xxh3)` on a scope, each tag the xxh3 of the bytes
//! sent as Python's `xxhash` package (PyPI, an implementation independent of the Rust crate) computes it; a
//! `HashMap`'s tag is the same in every process; the default stays SHA-1.

mod support;

use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Stdio};

use actix_web::web::{self, Json, ServiceConfig};
use actix_web::{HttpResponse, Responder};
use etag_runtime::{BodyHash, Conditional, conditional};
use support::example::start_bench_server;
use support::python::python_tools;
use support::{get, hashed_tag, serve};

/// A fresh map per call, so each response comes from a map with its own random iteration order.
fn domains() -> HashMap<String, u32> {
    (0..64).map(|i| (format!("domain{i}.example"), i)).collect()
}

#[conditional(hash = xxh3)]
async fn stats_xxh3() -> Json<HashMap<String, u32>> {
    Json(domains())
}

#[conditional]
async fn stats_sha1() -> Json<HashMap<String, u32>> {
    Json(domains())
}

#[conditional(hash = xxh3)]
async fn page() -> impl Responder {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body("<p>a page hashed with xxh3</p>".repeat(20))
}

async fn csv() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv")
        .body("id,name\n1,Ada\n2,Grace\n")
}

fn routes(config: &mut ServiceConfig) {
    config
        .route("/stats-xxh3", web::get().to(stats_xxh3))
        .route("/stats-sha1", web::get().to(stats_sha1))
        .route("/page", web::get().to(page))
        .service(
            web::scope("/scope")
                .wrap(Conditional::default().hash(BodyHash::Xxh3))
                .route("/csv", web::get().to(csv)),
        );
}

/// The weak tag of `body` as Python's xxhash computes it: `W/"`, the URL-safe base64 (unpadded) of the
/// canonical (big-endian) xxh3-128 digest, `"`.
fn python_xxh3_tag(body: &[u8]) -> String {
    let program = "import base64, sys, xxhash\n\
                   digest = xxhash.xxh3_128(sys.stdin.buffer.read()).digest()\n\
                   print('W/\"' + base64.urlsafe_b64encode(digest).decode().rstrip('=') + '\"')";
    let mut child = Command::new(format!("{}/python", python_tools()))
        .args(["-c", program])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run Python");
    child
        .stdin
        .take()
        .expect("a piped stdin")
        .write_all(body)
        .expect("send the body");
    let output = child.wait_with_output().expect("Python's answer");
    assert!(output.status.success(), "Python failed");
    String::from_utf8(output.stdout).expect("text").trim().to_owned()
}

// RFC 9110 §8.8.3: each hashing path tags the very bytes sent; with xxh3, the tag equals an independent
// implementation's, and If-None-Match with it gives 304 (§13.1.2).
#[test]
fn rfc9110_8_8_3_xxh3_tags_equal_an_independent_implementation() {
    let server = serve(routes);
    for path in ["/stats-xxh3", "/page", "/scope/csv"] {
        let ok = get(server.addr, path, &[]);
        let tag = ok.header("etag").expect("an ETag").to_owned();
        assert_eq!(tag, python_xxh3_tag(&ok.body), "{path}");
        assert_eq!(tag.len(), "W/\"\"".len() + 22, "{path}: 16 bytes in base64");
        assert_eq!(get(server.addr, path, &[("If-None-Match", &tag)]).status, 304, "{path}");
    }
}

// RFC 9110 §8.8.3: equal data, equal tag, whatever each HashMap's order: the body is key-sorted and xxh3 is not
// seeded, so the tag Python computes in its own process is the one every response carries.
#[test]
fn rfc9110_8_8_3_a_hashmap_has_one_xxh3_tag_in_every_process() {
    let server = serve(routes);
    let first = get(server.addr, "/stats-xxh3", &[]);
    let expected = python_xxh3_tag(&first.body);
    for _ in 0..8 {
        let again = get(server.addr, "/stats-xxh3", &[]);
        assert_eq!(again.body, first.body);
        assert_eq!(again.header("etag"), Some(expected.as_str()));
    }
}

/// Without `hash = ..`, SHA-1, as before: the tags clients hold do not change.
#[test]
fn the_default_hash_is_still_sha1() {
    let server = serve(routes);
    let ok = get(server.addr, "/stats-sha1", &[]);
    assert_eq!(ok.header("etag"), Some(hashed_tag(&ok.body).as_str()));
    assert_ne!(ok.header("etag"), Some(python_xxh3_tag(&ok.body).as_str()));
}

// RFC 9110 §8.8.3: the same handler in two processes gives the same tag for the same bytes (bench_server's
// `/hashed-xxh3` and `/middleware-xxh3`, each started twice): nothing in the hash depends on the process.
#[test]
fn rfc9110_8_8_3_two_processes_give_one_xxh3_tag() {
    let (one, two) = (start_bench_server(), start_bench_server());
    for path in ["/hashed-xxh3/100", "/middleware-xxh3/100"] {
        let (a, b) = (get(one.addr, path, &[]), get(two.addr, path, &[]));
        assert_eq!(a.body, b.body, "{path}");
        let tag = a.header("etag").expect("an ETag");
        assert_eq!(b.header("etag"), Some(tag), "{path}");
        assert_eq!(tag, python_xxh3_tag(&a.body), "{path}");
    }
}
