//! The users example under concurrent writes: each read's tag names the body sent with it, reads on a SQLite file
//! never wait for a writer (even one in another process holding the lock), a write's wait is bounded, and 20
//! writers racing on one user lose no update and apply no change twice.

mod support;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use support::backend::Backend;
use support::example::{Example, start_users_with};
use support::{get, send, send_json};

fn tag_of(addr: SocketAddr, path: &str) -> String {
    get(addr, path, &[]).header("etag").expect("an ETag").to_owned()
}

/// Writes that change user 1 and the list until `stop`: a PATCH of user 1, then a user created and deleted.
fn keep_writing(addr: SocketAddr, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<u32> {
    std::thread::spawn(move || {
        let mut writes = 0;
        for n in 0_u32.. {
            if stop.load(Ordering::Relaxed) {
                return writes;
            }
            let tag = tag_of(addr, "/users/1");
            let name = json!({"name": format!("Ada {n}")});
            if send_json(addr, "PATCH", "/users/1", &[("If-Match", &tag)], &name).status == 200 {
                writes += 1;
            }
            let path = format!("/users/{}", 100 + n);
            let created = send_json(
                addr,
                "PUT",
                &path,
                &[],
                &json!({"name": "Temp", "email": "t@example.com"}),
            );
            if created.status == 201 {
                let tag = tag_of(addr, &path);
                writes += u32::from(send(addr, "DELETE", &path, &[("If-Match", &tag)], b"").status == 204);
            }
        }
        writes
    })
}

// RFC 9110 §8.8.3: a strong tag names one representation. Under concurrent writes, every GET of a user sends the
// tag of the version in its body (one read of the row gives both), and every GET of the list sends, for one tag,
// always the same body (the tag's revision and the rows come from one snapshot).
fn rfc9110_8_8_3_under_writes_each_tag_names_the_body_sent_with_it(backend: Backend) {
    let database = backend.shared_database();
    let example = start_users_with(&database, &[]);
    let stop = Arc::new(AtomicBool::new(false));
    let writer = keep_writing(example.addr, Arc::clone(&stop));
    let mut lists: BTreeMap<String, Value> = BTreeMap::new();
    for _ in 0..300 {
        let user = get(example.addr, "/users/1", &[]);
        let version = user.json()["version"].as_i64().expect("a version");
        let tag = user.header("etag").expect("an ETag");
        assert!(
            tag.starts_with(&format!("\"v{version}+")),
            "{tag} sent with version {version}"
        );

        let list = get(example.addr, "/users", &[]);
        let tag = list.header("etag").expect("an ETag").to_owned();
        let body = list.json();
        let first = lists.entry(tag.clone()).or_insert_with(|| body.clone());
        assert_eq!(*first, body, "{tag} was sent with two lists");
    }
    stop.store(true, Ordering::Relaxed);
    let writes = writer.join().expect("the writer");
    assert!(writes > 0 && lists.len() > 1, "the reads ran while nothing was written");
}

/// Holds the SQLite file's write lock from another connection, as another process would, until dropped.
struct OtherWriter(rusqlite::Connection);

impl OtherWriter {
    fn lock(path: &str) -> OtherWriter {
        let connection = rusqlite::Connection::open(path).expect("open the file");
        connection
            .execute_batch("BEGIN IMMEDIATE")
            .expect("take the write lock");
        OtherWriter(connection)
    }
}

impl Drop for OtherWriter {
    fn drop(&mut self) {
        drop(self.0.execute_batch("ROLLBACK"));
    }
}

// RFC 9110 §15.6.4: on a SQLite file, while another process holds the write lock, a PATCH waits for it, and reads
// of the same instance are answered meanwhile (they have connections of their own); the PATCH's wait is bounded:
// a 503 with Retry-After, nothing written; once the lock is gone the same PATCH succeeds.
#[test]
fn sqlite_reads_never_wait_for_a_writer_and_a_writes_wait_is_bounded() {
    let database = Backend::Sqlite.shared_database();
    let example = start_users_with(&database, &[]);
    let path = database.arg.clone().expect("a SQLite file");
    let tag = tag_of(example.addr, "/users/2");
    let change = json!({"name": "Amazing Grace"});
    let other = OtherWriter::lock(&path);
    let addr = example.addr;
    let (patch_tag, patch_body) = (tag.clone(), change.clone());
    let waiting =
        std::thread::spawn(move || send_json(addr, "PATCH", "/users/2", &[("If-Match", &patch_tag)], &patch_body));
    // Time for the PATCH to reach the lock; if it has not yet, the reads below prove less, never a false failure.
    std::thread::sleep(Duration::from_millis(300));
    for read in ["/users/2", "/users", "/users/2/card", "/users.csv"] {
        assert_eq!(get(example.addr, read, &[]).status, 200, "{read}");
        assert!(
            !waiting.is_finished(),
            "{read} was answered only once the write had given up"
        );
    }
    let refused = waiting.join().expect("the PATCH");
    assert_eq!(refused.status, 503, "{}", refused.text());
    assert_eq!(refused.header("retry-after"), Some("1"));
    assert_eq!(refused.header("cache-control"), Some("no-store"));
    drop(other);
    assert_eq!(get(example.addr, "/users/2", &[]).json()["name"], "Grace Hopper");
    let patched = send_json(example.addr, "PATCH", "/users/2", &[("If-Match", &tag)], &change);
    assert_eq!(patched.status, 200, "{}", patched.text());
}

// RFC 9110 §13.1.1 (lost updates): 20 writers on one user, each writing values no other writes, each retrying on
// 412 with the tag it names. Every change is answered 2xx exactly once and applied exactly once: the user's
// version (one counter, moved by each change) moves by the number of 2xx answers.
fn rfc9110_13_1_1_twenty_writers_on_one_user_lose_nothing(backend: Backend) {
    let database = backend.shared_database();
    let example = start_users_with(&database, &[]);
    let version = |example: &Example| get(example.addr, "/users/3", &[]).json()["version"].as_i64().unwrap();
    let before = version(&example);
    let addr = example.addr;
    let writers: Vec<_> = (0..20)
        .map(|writer| std::thread::spawn(move || write_changes(addr, writer, 3)))
        .collect();
    let acknowledged: i64 = writers.into_iter().map(|writer| writer.join().expect("a writer")).sum();
    assert_eq!(acknowledged, 20 * 3);
    assert_eq!(version(&example) - before, acknowledged, "changes applied");
}

/// `changes` changes of user 3's name, each unique to this writer, retried on 412 until one is answered 2xx.
/// Returns the 2xx answers.
fn write_changes(addr: SocketAddr, writer: u32, changes: u32) -> i64 {
    let mut acknowledged = 0;
    for change in 0..changes {
        let body = json!({"name": format!("Writer {writer} change {change}")});
        let mut tag = tag_of(addr, "/users/3");
        for _attempt in 0..200 {
            let answer = send_json(addr, "PATCH", "/users/3", &[("If-Match", &tag)], &body);
            match answer.status {
                200 => {
                    acknowledged += 1;
                    break;
                }
                412 => tag = answer.header("etag").expect("a 412 names the current tag").to_owned(),
                other => panic!("writer {writer}: {other} {}", answer.text()),
            }
        }
    }
    acknowledged
}

on_each_backend!(
    rfc9110_8_8_3_under_writes_each_tag_names_the_body_sent_with_it,
    rfc9110_13_1_1_twenty_writers_on_one_user_lose_nothing,
);
