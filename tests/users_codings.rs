//! Strong tags and content codings against the users example, which compiles actix-web with gzip (and deflate)
//! only, and users_axum with tower-http's gzip only: each strong tag names the coding the compression actually
//! applies, Vary names Accept-Encoding once, and a shared cache holding several variants revalidates them all at
//! once.

mod support;

use support::backend::Backend;
use support::codings::{assert_strong_tags_name_the_coding_sent, codings_sent, fetch_every_offer};
use support::example::{start_users, users_example};
use support::{get, send_json};

/// The codings the example's build compresses with: actix-web's `compress-gzip` gives gzip and deflate,
/// tower-http's `compression-gzip` gzip alone.
fn codings_produced() -> Vec<String> {
    let codings: &[&str] = match users_example() {
        "users_axum" => &["gzip"],
        _ => &["deflate", "gzip"],
    };
    codings.iter().map(|&coding| coding.to_owned()).collect()
}

/// Codings whose `+coding` form names no representation the example sends, so that it guards no write. The actix
/// adapter probes which codings `Compress` applies in the build, so brotli and zstd are foreign there; the axum
/// adapter cannot see which of tower-http's features the application compiled, and takes the form of any coding
/// tower-http has for the state it names (`Conditional`'s docs say so), so only a coding none produces is.
fn foreign_codings() -> &'static [&'static str] {
    match users_example() {
        "users_axum" => &["compress"],
        _ => &["br", "zstd", "compress"],
    }
}

/// Codings this build does not produce whose `+coding` form still guards a write on the state it names: on axum,
/// the rest of tower-http's codings (the choice `foreign_codings` explains); none on actix.
fn state_only_codings() -> Vec<String> {
    let codings: &[&str] = match users_example() {
        "users_axum" => &["br", "deflate", "zstd"],
        _ => &[],
    };
    codings.iter().map(|&coding| coding.to_owned()).collect()
}

// RFC 9110 §8.8.3.3: over every offer, a strong tag goes out with one Content-Encoding only, the one it names;
// codings this build cannot produce never appear in a tag.
fn rfc9110_8_8_3_3_strong_tag_names_the_coding_sent_gzip_build(backend: Backend) {
    let example = start_users(backend);
    for path in ["/users/1", "/users"] {
        let base = get(example.addr, path, &[]).header("etag").unwrap().to_owned();
        let observed = fetch_every_offer(example.addr, path);
        assert_strong_tags_name_the_coding_sent(&observed, &base);
        assert_eq!(
            codings_sent(&observed).into_iter().collect::<Vec<_>>(),
            codings_produced(),
            "{path}"
        );
    }
}

// RFC 9110 §12.5.5 and §8.8.3.3: a hashed (weak) tag may be shared between codings; Vary is still once.
fn rfc9110_12_5_5_vary_once_on_a_hashed_route(backend: Backend) {
    let example = start_users(backend);
    let observed = fetch_every_offer(example.addr, "/users/stats");
    let tags: std::collections::BTreeSet<&str> = observed.iter().map(|seen| seen.etag.as_str()).collect();
    assert_eq!(tags.len(), 1, "{tags:?}");
    assert!(tags.iter().all(|tag| tag.starts_with("W/")));
}

// RFC 9111 §4.3.1: a cache holding the identity and the gzip variant revalidates with both tags; the 304 names
// the variant this request negotiates, so that the cache serves the right stored body (both directions, both
// list orders).
fn rfc9111_4_3_1_revalidating_several_variants(backend: Backend) {
    let example = start_users(backend);
    let identity = get(example.addr, "/users/1", &[]).header("etag").unwrap().to_owned();
    let gzip = get(example.addr, "/users/1", &[("Accept-Encoding", "gzip")])
        .header("etag")
        .unwrap()
        .to_owned();
    assert_ne!(identity, gzip);
    for list in [format!("{identity}, {gzip}"), format!("{gzip}, {identity}")] {
        let as_gzip = get(
            example.addr,
            "/users/1",
            &[("Accept-Encoding", "gzip"), ("If-None-Match", &list)],
        );
        assert_eq!(as_gzip.status, 304, "{list}");
        assert_eq!(as_gzip.header("etag"), Some(gzip.as_str()), "{list}");
        let as_identity = get(example.addr, "/users/1", &[("If-None-Match", &list)]);
        assert_eq!(as_identity.status, 304, "{list}");
        assert_eq!(as_identity.header("etag"), Some(identity.as_str()), "{list}");
    }
}

// RFC 9110 §13.1.1 with §8.8.3.3: If-Match with a coding form the build produces guards the write; a suffix
// naming a coding this build cannot produce names no representation, so the write is refused (on axum, only
// one tower-http has no coding of: see `foreign_codings`).
fn rfc9110_13_1_1_if_match_coding_forms(backend: Backend) {
    let example = start_users(backend);
    let identity = get(example.addr, "/users/2", &[]).header("etag").unwrap().to_owned();
    let form = |coding: &str| format!("{}+{coding}\"", identity.trim_end_matches('"'));
    let body = serde_json::json!({"name": "Grace", "email": "grace@example.com"});
    for coding in foreign_codings() {
        let refused = send_json(example.addr, "PUT", "/users/2", &[("If-Match", &form(coding))], &body);
        assert_eq!(refused.status, 412, "+{coding}");
    }
    for coding in codings_produced().iter().chain(state_only_codings().iter()) {
        let accepted = send_json(example.addr, "PUT", "/users/2", &[("If-Match", &form(coding))], &body);
        assert_eq!(accepted.status, 200, "+{coding}: {}", accepted.text());
    }
}

on_each_backend!(
    rfc9110_8_8_3_3_strong_tag_names_the_coding_sent_gzip_build,
    rfc9110_12_5_5_vary_once_on_a_hashed_route,
    rfc9111_4_3_1_revalidating_several_variants,
    rfc9110_13_1_1_if_match_coding_forms,
);
