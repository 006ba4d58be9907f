//! Strong tags and content codings in an application compiled with brotli, gzip and zstd, over real HTTP on
//! 127.0.0.1 behind `Compress`: the same table of offers as the users example (gzip only), where brotli and
//! zstd now appear in tags because `Compress` now produces them.

#[path = "../../support/mod.rs"]
mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::get;
use actix_web::web::{Json, ServiceConfig};
use etag_runtime::{ETag, EntityTag, conditional};
use serde::Serialize;
use support::codings::{assert_strong_tags_name_the_coding_sent, codings_sent, fetch_every_offer};
use support::{get, serve};

/// A model with a strong tag: its JSON is long enough that every coding shrinks it.
struct Document;

impl Serialize for Document {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&"all codings ".repeat(64))
    }
}

impl ETag for Document {
    fn etag(&self) -> EntityTag {
        EntityTag::strong("d3").expect("valid")
    }
    fn last_modified(&self) -> Option<SystemTime> {
        Some(UNIX_EPOCH + Duration::from_secs(1_700_000_000))
    }
}

#[conditional(vary = "Accept-Language")]
#[get("/document")]
async fn document() -> Json<Document> {
    Json(Document)
}

#[conditional]
#[get("/hashed")]
async fn hashed() -> Json<Vec<&'static str>> {
    Json(vec!["hashed"; 64])
}

fn routes(config: &mut ServiceConfig) {
    config.service(document).service(hashed);
}

// RFC 9110 §8.8.3.3: over every offer, a strong tag goes out with one Content-Encoding only, the one it names;
// all four codings of this build appear.
#[test]
fn rfc9110_8_8_3_3_strong_tag_names_the_coding_sent_all_codings() {
    let server = serve(routes);
    let observed = fetch_every_offer(server.addr, "/document");
    // The route declares `vary`, so its tag names the variant (a digest of Accept-Language, absent in every
    // request here, RFC 9110 §8.8.3) before the coding.
    let base = get(server.addr, "/document", &[])
        .header("etag")
        .expect("an ETag")
        .to_owned();
    assert!(base.starts_with("\"d3+h."), "{base}");
    assert_strong_tags_name_the_coding_sent(&observed, &base);
    let sent: Vec<String> = codings_sent(&observed).into_iter().collect();
    assert_eq!(sent, ["br", "deflate", "gzip", "zstd"]);
}

// RFC 9110 §12.5.5: Vary names Accept-Encoding once, beside the handler's own Vary, on a hashed route too.
#[test]
fn rfc9110_12_5_5_vary_once_all_codings() {
    let server = serve(routes);
    let observed = fetch_every_offer(server.addr, "/hashed");
    assert!(observed.iter().all(|seen| seen.etag.starts_with("W/")));
    let declared = get(server.addr, "/document", &[("Accept-Encoding", "br")]);
    assert_eq!(declared.header("content-encoding"), Some("br"));
    assert!(declared.tokens("vary").contains("accept-language"));
}

// RFC 9110 §13.1.1 with §8.8.3.3: every coding form this build produces satisfies If-Match (on a GET, which evaluates it as a write does, §13.2.2 step 1).
#[test]
fn rfc9110_13_1_1_if_match_accepts_every_produced_form() {
    let server = serve(routes);
    for coding in ["br", "zstd", "gzip", "deflate"] {
        let form = format!("\"d3+{coding}\"");
        let read = get(server.addr, "/document", &[("If-Match", &form)]);
        assert_eq!(read.status, 200, "+{coding}");
    }
    let unknown = get(server.addr, "/document", &[("If-Match", "\"d3+x-unknown\"")]);
    assert_eq!(unknown.status, 412);
}
