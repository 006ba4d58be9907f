//! Writes that survive a lost response, in the users example on SQLite and PostgreSQL: Idempotency-Key
//! (`draft-ietf-httpapi-idempotency-key-header`), a change already in place answered 2xx (RFC 9110 §13.1.1), and
//! writes that return their new tag (RFC 5789 §2).

mod support;

use std::process::{Command, Output};

use serde_json::{Value, json};
use support::backend::Backend;
use support::dropping_proxy::DroppingProxy;
use support::example::{Example, client_binary, start_users_at, start_users_with};
use support::{Response, get, send_json};

fn etag(response: &Response) -> String {
    response.header("etag").expect("an ETag").to_owned()
}

/// The highest version of any user: versions come from one counter per database, so it moves by one per write.
fn high_version(example: &Example) -> i64 {
    let response = get(example.addr, "/users", &[]);
    let users = response.json();
    users
        .as_array()
        .unwrap_or_else(|| {
            panic!(
                "the list: {} {} {:?}",
                response.status,
                response.text(),
                example.errors()
            )
        })
        .iter()
        .filter_map(|user| user["version"].as_i64())
        .max()
        .expect("users")
}

fn patch(example: &Example, tag: &str, key: Option<&str>, body: &Value) -> Response {
    let mut headers = vec![("If-Match", tag)];
    headers.extend(key.map(|key| ("Idempotency-Key", key)));
    send_json(example.addr, "PATCH", "/users/2", &headers, body)
}

fn client(args: &[&str]) -> Output {
    Command::new(client_binary())
        .args(args)
        .output()
        .expect("run the client example")
}

// The answer to a guarded PATCH is lost after the server committed: the client example sends it again with its
// key, gets the first answer replayed, exits 0, and the change was applied once (the counter moved by one).
fn a_lost_answer_is_replayed_and_the_change_applied_once(backend: Backend) {
    let example = start_users_with(&backend.database(), &[]);
    let proxy = DroppingProxy::start(example.addr, 1);
    let before = high_version(&example);
    let url = format!("http://{}/users/2", proxy.addr);
    let output = client(&["patch", &url, r#"{"name":"Grace Once"}"#]);
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(proxy.dropped(), 1);
    assert!(
        said.contains("sending it again with the same key") && said.contains("replayed"),
        "{said}"
    );
    let user = get(example.addr, "/users/2", &[]).json();
    assert_eq!(user["name"], "Grace Once");
    assert_eq!(high_version(&example), before + 1, "applied once: {said}");
}

// Eight clients at once, each losing the first answer any of them gets: every one exits 0 and each change is
// applied exactly once (eight writes in all).
fn eight_clients_losing_answers_each_apply_once(backend: Backend) {
    // Kept for the test's length: a SQLite file's directory goes when this is dropped.
    let database = backend.shared_database();
    let example = start_users_with(&database, &[]);
    let proxy = DroppingProxy::start(example.addr, 8);
    let before = high_version(&example);
    let url = format!("http://{}/users/2", proxy.addr);
    let clients: Vec<_> = (0..8)
        .map(|n| {
            let url = url.clone();
            std::thread::spawn(move || {
                client(&[
                    "patch",
                    &url,
                    &format!(r#"{{"name":"writer {n}"}}"#),
                    "--attempts",
                    "40",
                ])
            })
        })
        .collect();
    for (n, handle) in clients.into_iter().enumerate() {
        let output = handle.join().expect("a client");
        let said = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "client {n}: {said}{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert!(proxy.dropped() >= 1);
    assert_eq!(high_version(&example), before + 8, "eight changes, each applied once");
}

// A keyed PATCH, then its instance killed (SIGKILL) and restarted on the same database: the retry with the same
// key is replayed (the record committed with the change), and nothing is written again.
fn a_retry_after_a_restart_is_replayed(backend: Backend) {
    let database = backend.shared_database();
    let mut example = start_users_with(&database, &[]);
    let tag = etag(&get(example.addr, "/users/2", &[]));
    let body = json!({"name": "Grace Restarted"});
    let first = patch(&example, &tag, Some("restart-1"), &body);
    assert_eq!(first.status, 200, "{}", first.text());
    let addr = example.addr.to_string();
    example.kill();
    let example = start_users_at(&addr, &database, &[]);
    let before = high_version(&example);
    let again = patch(&example, &tag, Some("restart-1"), &body);
    assert_eq!(again.status, 200, "{}", again.text());
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.json(), first.json());
    assert_eq!(again.header("etag"), first.header("etag"));
    assert_eq!(high_version(&example), before, "the replay wrote nothing");
}

// The draft's rules on the key itself: the same key with another body is 422; an empty, overlong or malformed key
// is 400 problem+json and writes nothing; a bare-token key and its quoted form are one key.
fn keys_are_checked_and_spelt_two_ways(backend: Backend) {
    let example = start_users_with(&backend.database(), &[]);
    let tag = etag(&get(example.addr, "/users/2", &[]));
    let first = patch(&example, &tag, Some("k-42"), &json!({"name": "Grace Keyed"}));
    assert_eq!(first.status, 200);
    let other = patch(&example, &tag, Some("k-42"), &json!({"name": "Someone Else"}));
    assert_eq!(other.status, 422, "{}", other.text());
    assert_eq!(other.header("content-type"), Some("application/problem+json"));
    let quoted = patch(&example, &tag, Some("\"k-42\""), &json!({"name": "Grace Keyed"}));
    assert_eq!(
        (quoted.status, quoted.header("idempotent-replayed")),
        (200, Some("true"))
    );
    let before = high_version(&example);
    let current = etag(&get(example.addr, "/users/2", &[]));
    let overlong = "k".repeat(256);
    for bad in ["\"\"", "\"open", "a b", overlong.as_str()] {
        let refused = patch(&example, &current, Some(bad), &json!({"name": "Never"}));
        assert_eq!(refused.status, 400, "{bad:?}: {}", refused.text());
        assert_eq!(refused.header("content-type"), Some("application/problem+json"));
        // RFC 9111 §4.2.2: the extractor's own error is kept by no cache, like the example's.
        assert_eq!(refused.header("cache-control"), Some("no-store"), "{bad:?}");
    }
    assert_eq!(high_version(&example), before, "no refused key wrote");
}

// RFC 9110 §13.1.1: a PUT retried without a key after its change landed gets 2xx (the change is in place), and
// nothing is written twice; a PUT of something else with the same stale tag still gets 412.
fn rfc9110_13_1_1_a_change_already_in_place_succeeds(backend: Backend) {
    let example = start_users_with(&backend.database(), &[]);
    let tag = etag(&get(example.addr, "/users/2", &[]));
    let body = json!({"name": "Grace Put", "email": "grace@example.org"});
    let put = |body: &Value| send_json(example.addr, "PUT", "/users/2", &[("If-Match", &tag)], body);
    assert_eq!(put(&body).status, 200);
    let version = high_version(&example);
    let retried = put(&body);
    assert_eq!(retried.status, 200, "{}", retried.text());
    assert_eq!(high_version(&example), version, "nothing written twice");
    let other = put(&json!({"name": "Lost Update", "email": "grace@example.org"}));
    assert_eq!(other.status, 412);
    // The same for a merge PATCH whose members already hold those values.
    let patched = patch(&example, &tag, None, &json!({"name": "Grace Put"}));
    assert_eq!(patched.status, 200, "{}", patched.text());
    assert_eq!(high_version(&example), version);
}

// One requester's key sent by another requester is another key: it runs as a new request and never returns the
// first requester's answer.
fn keys_belong_to_their_requester(backend: Backend) {
    let example = start_users_with(&backend.database(), &[]);
    let body = json!({"name": "Edsger Dijkstra", "email": "ewd@example.net"});
    let post = |user: &str| {
        let headers = [("Idempotency-Key", "shared-key"), ("X-User", user)];
        send_json(example.addr, "POST", "/users", &headers, &body)
    };
    let first = post("1");
    assert_eq!(first.status, 201);
    let again = post("1");
    assert_eq!((again.status, again.header("idempotent-replayed")), (201, Some("true")));
    assert_eq!(again.header("location"), first.header("location"));
    let other = post("2");
    assert_eq!(other.status, 201);
    assert_eq!(other.header("idempotent-replayed"), None);
    assert_ne!(
        other.header("location"),
        first.header("location"),
        "a new user, not the first requester's"
    );
    // A requester is its exact bytes: `u\xff` and `u\xfe` would be one name read lossily, so a requester that is
    // not visible ASCII is refused (400) before any key is looked up, and nothing is written.
    let tag = etag(&get(example.addr, "/users/2", &[]));
    let version = high_version(&example);
    for user in ["u\u{ff}", "u\u{fe}"] {
        let headers = [("If-Match", tag.as_str()), ("Idempotency-Key", "k"), ("X-User", user)];
        let refused = send_json(example.addr, "PATCH", "/users/2", &headers, &json!({"name": "Taken"}));
        assert_eq!(refused.status, 400, "{}", refused.text());
        assert_eq!(refused.header("idempotent-replayed"), None);
    }
    assert_eq!(high_version(&example), version, "nothing was written");
}

// RFC 5789 §2 and RFC 9110 §8.8.3.3: a PATCH's answer is the user as a GET sends it, with the tag the next GET
// sends (in gzip as in identity); a POST's 201 carries the new user's tag beside its Location.
fn writes_return_the_tag_the_next_get_sends(backend: Backend) {
    let example = start_users_with(&backend.database(), &[]);
    let tag = etag(&get(example.addr, "/users/2", &[]));
    let patched = patch(&example, &tag, None, &json!({"name": "Grace Chained"}));
    let next = get(example.addr, "/users/2", &[]);
    assert_eq!(patched.header("etag"), next.header("etag"));
    assert_eq!(patched.body, next.body, "the same bytes, so the same strong tag");
    assert_eq!(patched.header("last-modified"), next.header("last-modified"));
    // Chained on the PATCH's tag, without a GET.
    let chained = patch(&example, &etag(&patched), None, &json!({"email": "g@example.org"}));
    assert_eq!(chained.status, 200, "{}", chained.text());
    let gzip = send_json(
        example.addr,
        "PATCH",
        "/users/2",
        &[("If-Match", &etag(&chained)), ("Accept-Encoding", "gzip")],
        &json!({"name": "Grace Gzip"}),
    );
    let gzip_get = get(example.addr, "/users/2", &[("Accept-Encoding", "gzip")]);
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));
    assert_eq!(gzip.header("etag"), gzip_get.header("etag"));
    let created = send_json(
        example.addr,
        "POST",
        "/users",
        &[],
        &json!({"name": "Hedy", "email": "h@example.com"}),
    );
    assert_eq!(created.status, 201);
    let location = created.header("location").expect("a Location").to_owned();
    assert_eq!(created.header("etag"), get(example.addr, &location, &[]).header("etag"));
}

on_each_backend!(
    a_lost_answer_is_replayed_and_the_change_applied_once,
    eight_clients_losing_answers_each_apply_once,
    a_retry_after_a_restart_is_replayed,
    keys_are_checked_and_spelt_two_ways,
    rfc9110_13_1_1_a_change_already_in_place_succeeds,
    keys_belong_to_their_requester,
    writes_return_the_tag_the_next_get_sends,
);

// A key used on one instance replays on another behind the same load balancer (one PostgreSQL database).
#[test]
fn a_key_used_on_one_instance_replays_on_another() {
    let database = Backend::Postgres.shared_database();
    let (first, second) = (start_users_with(&database, &[]), start_users_with(&database, &[]));
    let tag = etag(&get(first.addr, "/users/3", &[]));
    let body = json!({"name": "Alan Keyed"});
    let headers = [("If-Match", tag.as_str()), ("Idempotency-Key", "cross-instance")];
    let answered = send_json(first.addr, "PATCH", "/users/3", &headers, &body);
    assert_eq!(answered.status, 200);
    let replayed = send_json(second.addr, "PATCH", "/users/3", &headers, &body);
    assert_eq!(
        (replayed.status, replayed.header("idempotent-replayed")),
        (200, Some("true"))
    );
    assert_eq!(replayed.json(), answered.json());
}
