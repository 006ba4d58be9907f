//! What operators expect of the users example as a service: a liveness and a readiness probe, and a SIGTERM that
//! drains (a write in flight is committed and answered, nothing new is accepted), on SQLite and PostgreSQL.

mod support;

use std::io::Write;
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
    ready_within_ten_seconds(example.addr);
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
    assert_probe(&ready_within_ten_seconds(example.addr), 200);
    cluster.stop();
    let unready = get(example.addr, "/readyz", &[]);
    assert_probe(&unready, 503);
    assert_eq!(unready.header("content-type"), Some("application/problem+json"));
    assert_eq!(unready.header("retry-after"), Some("1"));
    assert_probe(&get(example.addr, "/livez", &[]), 200);
    cluster.run();
    ready_within_ten_seconds(example.addr);
}

/// `/readyz`'s 200, once the database answers it within the probe's bound: a loaded machine may take longer
/// for the first connection, and a restarted database for the next.
fn ready_within_ten_seconds(addr: SocketAddr) -> Response {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let answer = get(addr, "/readyz", &[]);
        if answer.status == 200 {
            return answer;
        }
        assert!(Instant::now() < deadline, "/readyz stayed {}", answer.status);
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The lock user 2's writes wait for, held from outside the instance until released: the SQLite file's write
/// lock, or the advisory lock PostgreSQL writes of user 2 take (held by a psql session).
enum UserTwosLock {
    Sqlite(rusqlite::Connection),
    Postgres {
        session: std::process::Child,
        database: String,
    },
}

/// The PostgreSQL sessions that hold user 2's lock in the current database.
const HOLDERS_OF_USER_TWOS_LOCK: &str = "FROM pg_locks WHERE locktype = 'advisory' AND objid = 2 AND objsubid = 1 \
    AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

impl UserTwosLock {
    /// Returns once the lock is held.
    fn take(backend: Backend, database: &TestDatabase) -> UserTwosLock {
        if backend == Backend::Sqlite {
            let connection = rusqlite::Connection::open(database.arg.as_deref().expect("a file")).expect("the file");
            connection
                .execute_batch("BEGIN IMMEDIATE")
                .expect("take the write lock");
            return UserTwosLock::Sqlite(connection);
        }
        let cluster = Cluster::shared();
        let session = cluster.psql_child(
            database.name(),
            "SELECT pg_advisory_lock(2::bigint); SELECT pg_sleep(60)",
        );
        let held = format!("SELECT count(*) {HOLDERS_OF_USER_TWOS_LOCK}");
        let deadline = Instant::now() + Duration::from_secs(10);
        while cluster.psql(database.name(), &held) != "1" {
            assert!(Instant::now() < deadline, "psql never took the lock");
            std::thread::sleep(Duration::from_millis(20));
        }
        UserTwosLock::Postgres {
            session,
            database: database.name().to_owned(),
        }
    }

    fn release(self) {
        drop(self);
    }
}

impl Drop for UserTwosLock {
    fn drop(&mut self) {
        match self {
            UserTwosLock::Sqlite(connection) => drop(connection.execute_batch("ROLLBACK")),
            // The session's end releases its lock. The server would notice a killed psql only once its sleep
            // ends, so the session is ended on the server's side.
            UserTwosLock::Postgres { session, database } => {
                let end = format!("SELECT pg_terminate_backend(pid) {HOLDERS_OF_USER_TWOS_LOCK}");
                Cluster::shared().psql(database, &end);
                drop(session.kill());
                drop(session.wait());
            }
        }
    }
}

fn refuses_connections(addr: SocketAddr) -> bool {
    TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err()
}

// What an orchestrator's stop relies on (no RFC rule): SIGTERM while a PATCH waits for its lock. The instance
// stops accepting connections, finishes the PATCH (committed, 200), then exits 0; the change is there for the
// next instance on the database.
fn sigterm_drains_a_write_in_flight(backend: Backend) {
    let database = backend.shared_database();
    let mut example = start_users_with(&database, &[]);
    let tag = get(example.addr, "/users/2", &[])
        .header("etag")
        .expect("an ETag")
        .to_owned();
    let lock = UserTwosLock::take(backend, &database);
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
    let deadline = Instant::now() + Duration::from_secs(5);
    while !refuses_connections(addr) {
        assert!(Instant::now() < deadline, "still accepting connections after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !patch.is_finished(),
        "the PATCH was answered before the lock was released"
    );
    lock.release();
    let answered = patch.join().expect("the PATCH");
    assert_eq!(answered.status, 200, "{}", answered.text());
    let status = example
        .exit_within(Duration::from_secs(10))
        .expect("the instance exited");
    assert!(status.success(), "{status}");
    let next = start_users_with(&database, &[]);
    assert_eq!(get(next.addr, "/users/2", &[]).json()["name"], "Drained");
}

// RFC 9110 §9.2.2: a keyed PATCH whose client resets the connection while the write waits for the user's lock
// still runs to its end, committed once the lock is free; the retry with its key replays that answer and
// changes nothing more. Whether a write lands is never decided by when its client left.
fn a_write_whose_client_reset_runs_to_its_end(backend: Backend) {
    let database = backend.shared_database();
    let example = start_users_with(&database, &[]);
    let tag = get(example.addr, "/users/2", &[])
        .header("etag")
        .expect("an ETag")
        .to_owned();
    let lock = UserTwosLock::take(backend, &database);
    let body = json!({"name": "Reset"});
    let text = body.to_string();
    let request = format!(
        "PATCH /users/2 HTTP/1.1\r\nHost: example\r\nContent-Type: application/json\r\nIf-Match: {tag}\r\n\
         Idempotency-Key: reset-1\r\nContent-Length: {}\r\n\r\n{text}",
        text.len()
    );
    let mut stream = TcpStream::connect(example.addr).expect("connect");
    stream.write_all(request.as_bytes()).expect("send the PATCH");
    // The write is waiting for the lock by now; then the connection is reset (SO_LINGER 0), not closed.
    std::thread::sleep(Duration::from_millis(300));
    let socket = socket2::Socket::from(stream);
    socket.set_linger(Some(Duration::ZERO)).expect("SO_LINGER 0");
    drop(socket);
    lock.release();
    let headers = [("If-Match", tag.as_str()), ("Idempotency-Key", "reset-1")];
    let retried = send_json(example.addr, "PATCH", "/users/2", &headers, &body);
    assert_eq!(retried.status, 200, "{}", retried.text());
    assert_eq!(
        retried.header("idempotent-replayed"),
        Some("true"),
        "the first PATCH did not land"
    );
}

on_each_backend!(
    probes_answer_without_validators,
    sigterm_drains_a_write_in_flight,
    a_write_whose_client_reset_runs_to_its_end,
);
