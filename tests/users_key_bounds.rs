//! The users example's Idempotency-Keys are bounded (`--key-quota`, `--key-cap`), on SQLite and PostgreSQL: a
//! requester past its quota, and anyone past the cap on all keys, gets 429 problem+json with Retry-After
//! (RFC 6585 §4) and nothing is written; keys already stored still replay; and under a flood of distinct keys the
//! table and the process's memory stop growing at the caps.

mod support;

use std::collections::BTreeMap;

use serde_json::json;
use support::backend::{Backend, TestDatabase};
use support::example::{Example, start_users_with};
use support::postgres::Cluster;
use support::{Response, get, send_json};

const QUOTA: usize = 20;
const CAP: usize = 50;

fn bounded(database: &TestDatabase) -> Example {
    let quota = QUOTA.to_string();
    let cap = CAP.to_string();
    start_users_with(database, &["--key-quota", &quota, "--key-cap", &cap])
}

/// A keyed PATCH of user 1 from `user` (no X-User when `None`), changing its name to one made of both.
fn keyed_patch(example: &Example, user: Option<&str>, key: &str) -> Response {
    let mut headers = vec![("If-Match", "*"), ("Idempotency-Key", key)];
    if let Some(user) = user {
        headers.push(("X-User", user));
    }
    send_json(
        example.addr,
        "PATCH",
        "/users/1",
        &headers,
        &json!({ "name": format!("{} {key}", user.unwrap_or("anonymous")) }),
    )
}

fn version(example: &Example) -> i64 {
    get(example.addr, "/users/1", &[]).json()["version"]
        .as_i64()
        .expect("a version")
}

/// How many records the key table holds, read from the database itself.
fn stored_keys(backend: Backend, database: &TestDatabase) -> usize {
    let sql = "SELECT count(*) FROM etag_idempotency_keys";
    match backend {
        Backend::Sqlite => {
            let path = database.arg.as_deref().expect("a file");
            let connection = rusqlite::Connection::open(path).expect("open the file");
            let count: i64 = connection.query_row(sql, [], |row| row.get(0)).expect("count the keys");
            usize::try_from(count).expect("a count")
        }
        Backend::Postgres => Cluster::shared().psql(database.name(), sql).parse().expect("a count"),
    }
}

fn statuses(responses: &[Response]) -> BTreeMap<u16, usize> {
    let mut counted = BTreeMap::new();
    for response in responses {
        *counted.entry(response.status).or_default() += 1;
    }
    counted
}

// RFC 6585 §4: a requester's key past its quota is 429 problem+json with Retry-After, and writes nothing; its
// stored keys still replay; another requester is not affected.
fn rfc6585_4_a_requester_past_its_quota_gets_429_and_writes_nothing(backend: Backend) {
    let database = backend.shared_database();
    let example = bounded(&database);
    let flood: Vec<Response> = (0..QUOTA * 3)
        .map(|index| keyed_patch(&example, Some("flooder"), &format!("flood-{index}")))
        .collect();
    assert_eq!(statuses(&flood), BTreeMap::from([(200, QUOTA), (429, QUOTA * 2)]));
    let refused = flood.last().expect("responses");
    assert_eq!(refused.header("content-type"), Some("application/problem+json"));
    let retry_after: u64 = refused
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!(
        (1..=86_401).contains(&retry_after),
        "until the oldest key expires: {retry_after}"
    );
    assert_eq!(stored_keys(backend, &database), QUOTA);
    let before = version(&example);
    let replayed = keyed_patch(&example, Some("flooder"), "flood-0");
    assert_eq!(replayed.status, 200);
    assert_eq!(replayed.header("idempotent-replayed"), Some("true"));
    let other = keyed_patch(&example, Some("someone else"), "flood-0");
    assert_eq!(other.status, 200, "another requester has a quota of its own");
    assert_eq!(other.header("idempotent-replayed"), None);
    assert_eq!(version(&example), before + 1, "only the other requester's write landed");
}

// RFC 6585 §4: X-User is whatever a request says, so a flood that names a new requester each time meets the cap
// on all keys: the table stops at the cap, and each write past it is 429 and changes nothing.
fn rfc6585_4_the_table_stops_growing_at_the_cap(backend: Backend) {
    let database = backend.shared_database();
    let example = bounded(&database);
    let start = version(&example);
    let flood: Vec<Response> = (0..CAP * 2)
        .map(|index| keyed_patch(&example, Some(&format!("user-{index}")), "the-key"))
        .collect();
    assert_eq!(statuses(&flood), BTreeMap::from([(200, CAP), (429, CAP)]));
    assert!(
        flood[CAP..]
            .iter()
            .all(|response| response.header("retry-after").is_some())
    );
    assert_eq!(stored_keys(backend, &database), CAP);
    // Versions come from one counter per database: the accepted writes took CAP of them, the refused ones none.
    let version_of = |response: &Response| response.json()["version"].as_i64().expect("a version");
    let last_accepted = version_of(&flood[CAP - 1]);
    assert!(version_of(&flood[0]) > start);
    assert_eq!(last_accepted, version_of(&flood[0]) + CAP as i64 - 1);
    assert_eq!(version(&example), last_accepted, "the refused writes changed nothing");
    // Writes without a key are not bounded by keys.
    let unkeyed = send_json(
        example.addr,
        "PATCH",
        "/users/1",
        &[("If-Match", "*")],
        &json!({"name": "Plain"}),
    );
    assert_eq!(unkeyed.status, 200);
}

// Every keyed route documents the 429 it answers (the OpenAPI document is the contract).
fn every_keyed_route_documents_its_429(backend: Backend) {
    let example = bounded(&backend.database());
    let document = get(example.addr, "/openapi.json", &[]).json();
    for (path, method) in [("/users", "post"), ("/users/{id}", "patch")] {
        let response = &document["paths"][path][method]["responses"]["429"];
        assert!(
            response["headers"]["Retry-After"].is_object(),
            "{method} {path}: {response}"
        );
    }
    let anonymous: Vec<Response> = (0..=QUOTA)
        .map(|index| keyed_patch(&example, None, &format!("anonymous-{index}")))
        .collect();
    assert_eq!(
        statuses(&anonymous),
        BTreeMap::from([(200, QUOTA), (429, 1)]),
        "writers without X-User share one quota"
    );
}

// Under a flood of distinct keys past the caps, the process's memory stops growing too: the refused writes keep
// nothing. SQLite in memory, where the table is the process's own memory. With the caps lifted (both at a
// million), the same second flood grew it by 4.2 MB; within them, by nothing.
#[test]
fn memory_stops_growing_at_the_caps() {
    let database = Backend::Sqlite.database();
    let example = bounded(&database);
    let flood = |from: usize, count: usize| {
        std::thread::scope(|scope| {
            for thread in 0..4 {
                let example = &example;
                scope.spawn(move || {
                    for index in (from + thread..from + count).step_by(4) {
                        let response = keyed_patch(example, Some(&format!("u{index}")), &format!("k{index}"));
                        assert!([200, 429].contains(&response.status), "{}", response.text());
                    }
                });
            }
        });
    };
    flood(0, 2_000);
    let settled = example.resident_kb();
    flood(2_000, 6_000);
    let grown = example.resident_kb().saturating_sub(settled);
    assert!(grown < 1_500, "memory grew by {grown} kB under refused keys");
}

on_each_backend!(
    rfc6585_4_a_requester_past_its_quota_gets_429_and_writes_nothing,
    rfc6585_4_the_table_stops_growing_at_the_cap,
    every_keyed_route_documents_its_429,
);
