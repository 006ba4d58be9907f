//! Varnish in front of three users example instances on one PostgreSQL database, from
//! `examples/users/deploy/varnish.vcl`: a round-robin director, `no-cache` stored and revalidated, and Varnish's
//! own gzip handling left on, as a user's would be. What crossed between Varnish and the instances is read from
//! the instances' access logs (`--log`).

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::backend::Backend;
use support::caches::Cache;
use support::example::{Example, concurrent_client_patches, start_users_with};
use support::{Response, get, gunzip, send_json};

/// Varnish keeps a `no-cache` response fresh for a millisecond; past this it is stale and revalidated.
const UNTIL_STALE: Duration = Duration::from_millis(50);

struct Deployment {
    instances: Vec<Example>,
    varnish: Cache,
}

fn deployment() -> Deployment {
    let database = Backend::Postgres.shared_database();
    let instances: Vec<Example> = (0..3).map(|_| start_users_with(&database, &["--log"])).collect();
    let varnish = Cache::varnish([instances[0].addr, instances[1].addr, instances[2].addr]);
    Deployment { instances, varnish }
}

impl Deployment {
    /// Every instance's access-log lines that start with `prefix`, once `enough` holds of them: an instance logs a
    /// request after answering it, so its line may come a moment after Varnish has passed the answer on. Waits
    /// at most 5 s, then returns what there is.
    fn backend_log(&self, prefix: &str, enough: impl Fn(&[String]) -> bool) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let lines: Vec<String> = self
                .instances
                .iter()
                .flat_map(Example::log)
                .filter(|line| line.starts_with(prefix))
                .collect();
            if enough(&lines) || Instant::now() > deadline {
                return lines;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn revalidations(lines: &[String]) -> usize {
    let revalidation = |line: &&String| !line.contains("if-none-match=- ") && line.contains(" status=304 ");
    lines.iter().filter(revalidation).count()
}

/// The body as the client reads it: decoded when it came gzip-encoded.
fn decoded(response: &Response) -> Vec<u8> {
    match response.header("content-encoding") {
        Some("gzip") => gunzip(&response.body),
        None => response.body.clone(),
        Some(other) => panic!("unexpected Content-Encoding {other}"),
    }
}

// RFC 9111 §4.3.1, §5.2.2.4 and RFC 9110 §13.1.2: Varnish stores each `no-cache` read and, before every later
// use, revalidates it with If-None-Match at the next instance, which answers 304 to a tag another instance
// minted; Varnish then delivers the bytes it stored. After a write, the next GET is a 200 with the new body.
#[test]
fn rfc9111_4_3_varnish_revalidates_at_any_instance_and_serves_its_copy() {
    let deployment = deployment();
    let paths = ["/users/1", "/users", "/users.csv", "/"];
    for path in paths {
        let first = get(deployment.varnish.addr, path, &[]);
        assert_eq!(first.status, 200, "{path}");
        for _ in 0..3 {
            std::thread::sleep(UNTIL_STALE);
            let again = get(deployment.varnish.addr, path, &[]);
            assert_eq!(again.status, 200, "{path}");
            assert_eq!(
                again.body, first.body,
                "{path}: Varnish served other bytes after the 304"
            );
        }
        let asked = deployment.backend_log(&format!("GET {path} "), |lines| revalidations(lines) >= 3);
        let fetched = asked.iter().filter(|line| line.contains(" status=200 ")).count();
        assert_eq!(fetched, 1, "{path}: the body was fetched again: {asked:?}");
        assert_eq!(revalidations(&asked), 3, "{path}: {asked:?}");
    }
    let revalidating_instances = deployment
        .instances
        .iter()
        .filter(|instance| revalidations(&instance.log()) > 0)
        .count();
    assert_eq!(revalidating_instances, 3, "round robin spread the revalidations");

    let tag = get(deployment.instances[0].addr, "/users/1", &[])
        .header("etag")
        .unwrap()
        .to_owned();
    let body = json!({"name": "Augusta Ada King", "email": "ada@example.com"});
    assert_eq!(
        send_json(
            deployment.instances[1].addr,
            "PUT",
            "/users/1",
            &[("If-Match", &tag)],
            &body
        )
        .status,
        200
    );
    std::thread::sleep(UNTIL_STALE);
    let after = get(deployment.varnish.addr, "/users/1", &[]);
    assert_eq!(after.status, 200);
    assert_eq!(after.json()["name"], "Augusta Ada King");
}

// RFC 9110 §8.8.3.3 and RFC 9111 §4.1: across Accept-Encoding offers, Varnish never hands one coding's bytes to a
// client that asked for another, every body decodes to the same JSON, and no strong tag reaches a client on two
// codings (Varnish weakens the tag of a body it decodes).
#[test]
fn rfc9110_8_8_3_3_varnish_never_sends_a_strong_tag_on_two_codings() {
    let deployment = deployment();
    for path in ["/users/1", "/users"] {
        let expected: Value = get(deployment.instances[0].addr, path, &[]).json();
        let mut codings_by_strong_tag: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for round in 0..3 {
            for offer in ["gzip", "identity", "", "br", "gzip, deflate, br"] {
                let headers: Vec<(&str, &str)> = if offer.is_empty() {
                    vec![]
                } else {
                    vec![("Accept-Encoding", offer)]
                };
                let response = get(deployment.varnish.addr, path, &headers);
                assert_eq!(response.status, 200, "{path} {offer:?}");
                let coding = response.header("content-encoding").unwrap_or("identity").to_owned();
                assert!(
                    offer.contains("gzip") || coding == "identity",
                    "{path}: {coding} sent for {offer:?}"
                );
                let body: Value = serde_json::from_slice(&decoded(&response)).expect("JSON");
                assert_eq!(body, expected, "{path} {offer:?} round {round}");
                let tag = response.header("etag").expect("an ETag").to_owned();
                if !tag.starts_with("W/") {
                    codings_by_strong_tag.entry(tag).or_default().insert(coding);
                }
            }
            std::thread::sleep(UNTIL_STALE);
        }
        for (tag, codings) in &codings_by_strong_tag {
            assert_eq!(codings.len(), 1, "{path}: {tag} went out as {codings:?}");
        }
    }
}

// RFC 9110 §13.1.1 (lost updates), through Varnish: 8 concurrent `client patch` processes, each with its own
// change, all succeed (retrying their 412s), and the version moves by exactly 8 (user 3 holds the newest version
// of the database's one counter, so each committed write adds one). The client asks for the tag with
// Accept-Encoding: gzip, so Varnish passes the strong tag through instead of the weakened one.
#[test]
fn rfc9110_13_1_1_optimistic_updates_through_varnish_all_succeed() {
    let deployment = deployment();
    let url = format!("http://{}/users/3", deployment.varnish.addr);
    let version = |example: &Example| get(example.addr, "/users/3", &[]).json()["version"].as_i64().unwrap();
    let before = version(&deployment.instances[0]);
    concurrent_client_patches(&url, 8, 30);
    assert_eq!(version(&deployment.instances[2]), before + 8);
    let ok = |line: &&String| line.contains(" status=200 ");
    let patches = deployment.backend_log("PATCH /users/3 ", |lines| lines.iter().filter(ok).count() >= 8);
    assert_eq!(patches.iter().filter(ok).count(), 8, "{patches:?}");
}

// RFC 9110 §13.1.1: the tag a plain GET gets through Varnish is the weakened one; If-Match with it is refused
// (412) and writes nothing, and the problem detail says why and what to send instead.
#[test]
fn rfc9110_13_1_1_a_weakened_tag_from_varnish_is_refused_with_the_reason() {
    let deployment = deployment();
    let weakened = get(deployment.varnish.addr, "/users/3", &[])
        .header("etag")
        .unwrap()
        .to_owned();
    assert!(weakened.starts_with("W/"), "{weakened}");
    let body = json!({"name": "Alan Mathison Turing", "email": "alan@example.com"});
    let refused = send_json(
        deployment.varnish.addr,
        "PUT",
        "/users/3",
        &[("If-Match", &weakened)],
        &body,
    );
    assert_eq!(refused.status, 412);
    let detail = refused.json()["detail"].as_str().unwrap_or_default().to_owned();
    assert!(
        detail.contains("weak") && detail.contains("Accept-Encoding: gzip"),
        "{detail}"
    );
    assert_eq!(
        get(deployment.instances[0].addr, "/users/3", &[]).json()["name"],
        "Alan Turing"
    );

    let strong = get(deployment.varnish.addr, "/users/3", &[("Accept-Encoding", "gzip")]);
    let tag = strong.header("etag").unwrap().to_owned();
    assert!(!tag.starts_with("W/"), "{tag}");
    let accepted = send_json(deployment.varnish.addr, "PUT", "/users/3", &[("If-Match", &tag)], &body);
    assert_eq!(accepted.status, 200, "{}", accepted.text());
}

// RFC 9111 §4.4: a successful PUT through Varnish invalidates its target URI, so the next GET is fetched from an
// instance anew (no If-None-Match: there is no copy left to revalidate) and shows the change; RFC 9111 §4.2.2: a
// 404 is sent `no-store`, so the user a PUT then creates is served at once, not a stored 404.
#[test]
fn rfc9111_4_4_a_write_through_varnish_invalidates_its_target() {
    let deployment = deployment();
    let missing = get(deployment.varnish.addr, "/users/8888", &[]);
    assert_eq!(missing.status, 404);
    let body = json!({"name": "Hedy Lamarr", "email": "hedy@example.com"});
    let created = send_json(deployment.varnish.addr, "PUT", "/users/8888", &[], &body);
    assert_eq!(created.status, 201, "{}", created.text());
    let found = get(deployment.varnish.addr, "/users/8888", &[]);
    assert_eq!(
        found.status, 200,
        "a stored 404 was served after the PUT created the user"
    );
    assert_eq!(found.json()["name"], "Hedy Lamarr");

    let strong = get(deployment.varnish.addr, "/users/8888", &[("Accept-Encoding", "gzip")]);
    let tag = strong.header("etag").expect("an ETag").to_owned();
    let renamed = json!({"name": "Hedy Kiesler", "email": "hedy@example.com"});
    let replaced = send_json(
        deployment.varnish.addr,
        "PUT",
        "/users/8888",
        &[("If-Match", &tag)],
        &renamed,
    );
    assert_eq!(replaced.status, 200, "{}", replaced.text());
    let after = get(deployment.varnish.addr, "/users/8888", &[("Accept-Encoding", "gzip")]);
    assert_eq!(
        serde_json::from_slice::<Value>(&decoded(&after)).unwrap()["name"],
        "Hedy Kiesler"
    );
    // Fetched anew twice (the GET after the creation, the GET after the replacement), revalidated once between.
    let fetched_anew = |lines: &[String]| {
        let plain_200 = |line: &&String| line.contains("if-none-match=- ") && line.contains(" status=200 ");
        lines.iter().filter(plain_200).count()
    };
    let reads = deployment.backend_log("GET /users/8888 ", |lines| fetched_anew(lines) >= 2);
    assert_eq!(
        fetched_anew(&reads),
        2,
        "the write's target was revalidated, not invalidated: {reads:?}"
    );
}
