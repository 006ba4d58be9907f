//! Two users example processes on one database (a SQLite file, or a PostgreSQL database), as two instances
//! behind a load balancer would run: each honours the other's validators, and the If-Match check holds across
//! them (no lost update between processes).

mod support;

use serde_json::json;
use support::backend::{Backend, TestDatabase};
use support::example::{Example, race_puts, start_users_with};
use support::{get, send_json};

fn two_processes(database: &TestDatabase) -> (Example, Example) {
    // One after the other: the second finds the schema and the seed made by the first.
    let first = start_users_with(database, &[]);
    let second = start_users_with(database, &[]);
    (first, second)
}

// RFC 9110 §8.8.3, §13.1.2: a tag from one process is current in the other, which answers 304 to it; users 1
// to 3 were seeded once, not twice.
fn rfc9110_13_1_2_a_validator_from_one_process_is_honoured_by_the_other(backend: Backend) {
    let database = backend.shared_database();
    let (first, second) = two_processes(&database);
    let from_first = get(first.addr, "/users/1", &[]);
    let tag = from_first.header("etag").unwrap();
    let from_second = get(second.addr, "/users/1", &[("If-None-Match", tag)]);
    assert_eq!(from_second.status, 304);
    assert_eq!(from_second.header("etag"), Some(tag));
    assert_eq!(get(second.addr, "/users", &[]).json().as_array().unwrap().len(), 3);
}

// RFC 9110 §13.1.1: a write through one process makes the tag the other process gave out stale: If-Match with
// it fails (412) there, and the other process serves the new state.
fn rfc9110_13_1_1_a_write_through_one_process_fails_the_others_old_tag(backend: Backend) {
    let database = backend.shared_database();
    let (first, second) = two_processes(&database);
    let old_tag = get(second.addr, "/users/2", &[]).header("etag").unwrap().to_owned();
    let body = json!({"name": "Rear Admiral Hopper", "email": "grace@example.org"});
    assert_eq!(
        send_json(first.addr, "PUT", "/users/2", &[("If-Match", &old_tag)], &body).status,
        200
    );

    let late = json!({"name": "Lost Update", "email": "lost@example.org"});
    assert_eq!(
        send_json(second.addr, "PUT", "/users/2", &[("If-Match", &old_tag)], &late).status,
        412
    );
    let seen = get(second.addr, "/users/2", &[("If-None-Match", &old_tag)]);
    assert_eq!(seen.status, 200);
    assert_eq!(seen.json()["name"], "Rear Admiral Hopper");
}

// RFC 9110 §13.1.1 (lost updates): 32 PUTs at once with one If-Match, half through each process: the store's
// transaction makes check and write atomic across processes, so exactly one wins.
fn rfc9110_13_1_1_concurrent_puts_through_both_processes_have_one_winner(backend: Backend) {
    let database = backend.shared_database();
    let (first, second) = two_processes(&database);
    let tag = get(first.addr, "/users/3", &[]).header("etag").unwrap().to_owned();
    let winner = race_puts(32, &[first.addr, second.addr], "/users/3", &tag);
    for process in [&first, &second] {
        assert_eq!(get(process.addr, "/users/3", &[]).json()["name"], winner);
    }
}

on_each_backend!(
    rfc9110_13_1_2_a_validator_from_one_process_is_honoured_by_the_other,
    rfc9110_13_1_1_a_write_through_one_process_fails_the_others_old_tag,
    rfc9110_13_1_1_concurrent_puts_through_both_processes_have_one_winner,
);
