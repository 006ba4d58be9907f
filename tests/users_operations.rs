//! What operators expect of the users example as a service: a liveness and a readiness probe, and a SIGTERM that
//! drains (a write in flight is committed and answered, nothing new is accepted), on SQLite and PostgreSQL.

mod support;

use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use serde_json::json;
use support::backend::{Backend, TestDatabase};
use support::example::{start_users, start_users_with};
use support::postgres::Cluster;
use support::{Response, get, send, send_json};

fn assert_probe(response: &Response, status: u16) {
    assert_eq!(response.status, status, "{}", response.text());
    // RFC 9111 §5.2.2.5: an answer true of one moment is kept by no cache; RFC 9110 §8.8: and it has no validators.
    assert_eq!(response.header("cache-control"), Some("no-store"));
    assert_eq!(response.header("etag"), None);
    assert_eq!(response.header("last-modified"), None);
}

// RFC 9110 §9.3.1, §9.3.2: the probes answer GET and HEAD, 200 while the database answers, never conditional:
// If-None-Match gets the same 200 (no validator to compare); RFC 9110 §15.5.6: any other method is 405.
fn probes_answer_without_validators(backend: Backend) {
    let example = start_users(backend);
    for path in ["/livez", "/readyz"] {
        let answer = get(example.addr, path, &[]);
        assert_probe(&answer, 200);
        assert_eq!(answer.header("content-type"), Some("text/plain; charset=utf-8"));
        assert_probe(&get(example.addr, path, &[("If-None-Match", "*")]), 200);
        assert_probe(&send(example.addr, "HEAD", path, &[], b""), 200);
        let refused = send(example.addr, "POST", path, &[], b"");
        assert_eq!(refused.status, 405);
        assert_eq!(refused.header("allow"), Some("GET, HEAD"));
    }
}

// RFC 9110 §15.6.4: while PostgreSQL is down, /readyz is a 503 problem with Retry-After and /livez stays 200 (a
// restart would not bring the database back); once it is back, /readyz is 200 again by itself.
#[test]
fn readiness_follows_the_database_and_liveness_does_not() {
    let cluster = Cluster::start();
    let database = TestDatabase::postgres(&cluster);
    let example = start_users_with(&database, &[]);
    assert_probe(&get(example.addr, "/readyz", &[]), 200);
    cluster.stop();
    let unready = get(example.addr, "/readyz", &[]);
    assert_probe(&unready, 503);
    assert_eq!(unready.header("content-type"), Some("application/problem+json"));
    assert_eq!(unready.header("retry-after"), Some("1"));
    assert_probe(&get(example.addr, "/livez", &[]), 200);
    cluster.run();
    let deadline = Instant::now() + Duration::from_secs(10);
    while get(example.addr, "/readyz", &[]).status != 200 {
        assert!(
            Instant::now() < deadline,
            "/readyz stayed 503 after the database came back"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Holds the write lock user 2's writes wait for, from outside the instance, for `held`: the SQLite file's
/// write lock, or the advisory lock PostgreSQL writes of user 2 take.
fn hold_user_2s_lock(backend: Backend, database: &TestDatabase, held: Duration) -> std::thread::JoinHandle<()> {
    let (arg, name) = (
        database.arg.clone().expect("a shared database"),
        database_name(backend, database),
    );
    let taken = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || match name {
        None => {
            let connection = rusqlite::Connection::open(&arg).expect("open the file");
            connection
                .execute_batch("BEGIN IMMEDIATE")
                .expect("take the write lock");
            taken.0.send(()).expect("the test");
            std::thread::sleep(held);
            connection.execute_batch("ROLLBACK").expect("release the lock");
        }
        Some(name) => {
            let sql = format!(
                "SELECT pg_advisory_lock(2::bigint); SELECT pg_sleep({})",
                held.as_secs_f64()
            );
            let mut psql = Cluster::shared().psql_child(&name, &sql);
            // psql takes the lock first thing; give it the time to connect.
            std::thread::sleep(Duration::from_millis(500));
            taken.0.send(()).expect("the test");
            assert!(psql.wait().expect("psql").success(), "psql");
        }
    });
    taken.1.recv().expect("the lock taken");
    thread
}

fn database_name(backend: Backend, database: &TestDatabase) -> Option<String> {
    (backend == Backend::Postgres).then(|| database.name().to_owned())
}

fn refuses_connections(addr: SocketAddr) -> bool {
    TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err()
}

// RFC 9110 §9.3.4 (a write answered is a write done): SIGTERM while a PATCH waits for its lock. The instance stops
// accepting connections, finishes the PATCH (committed, 200), then exits 0; the change is there for the next
// instance on the database.
fn sigterm_drains_a_write_in_flight(backend: Backend) {
    let database = backend.shared_database();
    let mut example = start_users_with(&database, &[]);
    let tag = get(example.addr, "/users/2", &[])
        .header("etag")
        .expect("an ETag")
        .to_owned();
    let lock = hold_user_2s_lock(backend, &database, Duration::from_secs(2));
    let addr = example.addr;
    let patch = std::thread::spawn(move || {
        send_json(
            addr,
            "PATCH",
            "/users/2",
            &[("If-Match", &tag)],
            &json!({"name": "Drained"}),
        )
    });
    std::thread::sleep(Duration::from_millis(300));
    example.terminate();
    let deadline = Instant::now() + Duration::from_secs(1);
    while !refuses_connections(addr) {
        assert!(Instant::now() < deadline, "still accepting connections after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !patch.is_finished(),
        "the PATCH was answered before the lock was released"
    );
    lock.join().expect("the lock holder");
    let answered = patch.join().expect("the PATCH");
    assert_eq!(answered.status, 200, "{}", answered.text());
    let status = example
        .exit_within(Duration::from_secs(10))
        .expect("the instance exited");
    assert!(status.success(), "{status}");
    let next = start_users_with(&database, &[]);
    assert_eq!(get(next.addr, "/users/2", &[]).json()["name"], "Drained");
}

on_each_backend!(probes_answer_without_validators, sigterm_drains_a_write_in_flight);
