//! A real shared cache in front of three users example instances on one PostgreSQL database: nginx from
//! `examples/users/deploy/nginx.conf`, with `proxy_cache`, `proxy_cache_revalidate` and a round-robin upstream.
//! When its copy goes stale, nginx asks the next instance with If-None-Match; that instance answers 304 to a
//! tag another instance minted, and nginx serves the bytes it kept (`$upstream_cache_status` REVALIDATED).
//! After a write it gets the new 200.

mod support;

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::json;
use support::backend::Backend;
use support::caches::Cache;
use support::example::{Example, start_users_with};
use support::{get, send_json};

/// The cache keeps a response fresh for 1 s (`proxy_cache_valid 200 1s`); nginx counts whole seconds.
const UNTIL_STALE: Duration = Duration::from_millis(2200);

// RFC 9111 §4.3 and RFC 9110 §13.1.2, §15.4.5: a stale entry is revalidated with If-None-Match, the instance
// asked answers 304, and the cache serves the very bytes it stored, for a model tag (/users/1, strong, with
// Last-Modified) and a hashed one (/users, weak, ETag only). After a write, revalidation gets the new 200.
#[test]
fn rfc9111_4_3_nginx_revalidates_stale_entries_with_a_304() {
    let database = Backend::Postgres.shared_database();
    let instances: Vec<Example> = (0..3).map(|_| start_users_with(&database, &[])).collect();
    let nginx = Cache::nginx([instances[0].addr, instances[1].addr, instances[2].addr]);
    let paths = ["/users/1", "/users"];

    let first: Vec<_> = paths.iter().map(|path| get(nginx.addr, path, &[])).collect();
    let cached: Vec<_> = paths.iter().map(|path| get(nginx.addr, path, &[])).collect();
    std::thread::sleep(UNTIL_STALE);
    let revalidated: Vec<_> = paths.iter().map(|path| get(nginx.addr, path, &[])).collect();
    for ((first, cached), revalidated) in first.iter().zip(&cached).zip(&revalidated) {
        assert_eq!((first.status, cached.status, revalidated.status), (200, 200, 200));
        assert_eq!(cached.body, first.body);
        assert_eq!(revalidated.body, first.body, "nginx served other bytes after the 304");
        assert_eq!(revalidated.header("etag"), first.header("etag"));
    }

    let tag = first[0].header("etag").unwrap();
    let body = json!({"name": "Augusta Ada King", "email": "ada@example.com"});
    let written = send_json(instances[2].addr, "PUT", "/users/1", &[("If-Match", tag)], &body);
    assert_eq!(written.status, 200);
    std::thread::sleep(UNTIL_STALE);
    let refetched: Vec<_> = paths.iter().map(|path| get(nginx.addr, path, &[])).collect();
    assert_eq!(refetched[0].json()["name"], "Augusta Ada King");
    assert_ne!(refetched[1].body, first[1].body);

    let log = nginx.access_log();
    let what_happened: Vec<String> = log.iter().map(|line| fields(line, 0..3)).collect();
    let expected = [
        "/users/1 MISS 200",
        "/users MISS 200",
        "/users/1 HIT -",
        "/users HIT -",
        "/users/1 REVALIDATED 304",
        "/users REVALIDATED 304",
        "/users/1 EXPIRED 200",
        "/users EXPIRED 200",
    ];
    assert_eq!(what_happened, expected);
    // Round robin: the entries were stored from one instance and revalidated at another.
    let asked: BTreeSet<String> = log
        .iter()
        .map(|line| fields(line, 3..4))
        .filter(|addr| addr != "-")
        .collect();
    assert_eq!(asked.len(), 3, "{log:?}");
}

/// The space-separated fields `range` of a log line, joined again.
fn fields(line: &str, range: std::ops::Range<usize>) -> String {
    let all: Vec<&str> = line.split(' ').collect();
    all[range].join(" ")
}
