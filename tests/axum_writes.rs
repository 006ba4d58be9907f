//! Keyed and guarded writes on axum over real HTTP on 127.0.0.1: `Idempotency`, `Stored` and `Replay` behind the
//! `Conditional` layer with tower-http's compression, as the actix tests check them on actix-web.

#[path = "support/axum_server.rs"]
mod axum_server;
mod support;

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch};
use axum_server::serve_axum;
use etag_runtime::axum::{Begun, Conditional, Idempotency, Requester, Stored, Tagged};
use etag_runtime::keys::{KeyLimits, MemoryKeys};
use etag_runtime::{ETag, Precondition, Problem};
use serde::Serialize;
use support::{get as get_at, gunzip, send};
use tokio::sync::Mutex;
use tower_http::compression::CompressionLayer;

#[derive(Clone, Serialize, ETag)]
#[etag(prefix = "v")]
struct Note {
    #[etag]
    version: u64,
    text: String,
}

#[derive(Clone)]
struct Shared {
    note: Arc<Mutex<Note>>,
    keys: Arc<MemoryKeys>,
}

async fn read(State(shared): State<Shared>) -> Tagged<Note> {
    Tagged(shared.note.lock().await.clone())
}

async fn edit(
    State(shared): State<Shared>,
    precondition: Precondition,
    idempotency: Idempotency,
    text: String,
) -> Result<Response, Problem> {
    let mut note = shared.note.lock().await;
    let write = match idempotency.begin(&*shared.keys, &mut *note, &text).await? {
        Begun::Replay(replay) => return Ok(replay.into_response()),
        Begun::Run(write) => write,
    };
    precondition.check(Some(&*note))?;
    note.version += 1;
    note.text = text;
    let answer = Stored::new(note.clone());
    Ok(write.keep(&*shared.keys, &mut *note, answer).await?.into_response())
}

static BY_USER: Requester = Requester::field("X-User");

fn started(per_user: bool) -> (axum_server::AxumServer, Shared) {
    let shared = Shared {
        note: Arc::new(Mutex::new(Note {
            version: 1,
            text: "one".into(),
        })),
        keys: Arc::new(MemoryKeys::new(KeyLimits::default())),
    };
    let conditional = Conditional::default();
    let conditional = if per_user {
        conditional.per_user(&BY_USER)
    } else {
        conditional
    };
    let router = Router::new()
        .route("/note", get(read))
        .route("/note", patch(edit))
        .with_state(shared.clone())
        .layer(conditional.around(CompressionLayer::new()));
    (serve_axum(router), shared)
}

// RFC 5789 §2 and RFC 9110 §9.3.4: a write that answers with the stored representation sends its new tag, the
// one its GET now sends, so a client chains its next write on it.
#[test]
fn rfc9110_9_3_4_stored_answer_carries_the_new_tag() {
    let (server, _) = started(false);
    let tag = get_at(server.addr, "/note", &[]).header("etag").unwrap().to_owned();
    let written = send(server.addr, "PATCH", "/note", &[("If-Match", &tag)], b"two");
    assert_eq!(written.status, 200);
    let new_tag = written.header("etag").unwrap().to_owned();
    assert!(new_tag.starts_with("\"v2+s."), "{new_tag}");
    assert_eq!(get_at(server.addr, "/note", &[]).header("etag"), Some(new_tag.as_str()));
    assert_eq!(written.json()["text"], "two");
}

// RFC 9110 §8.8.3.3: the stored answer sent gzip-encoded carries the gzip form of its tag, which guards the
// next write as the identity form does.
#[test]
fn rfc9110_8_8_3_3_stored_answer_names_its_coding() {
    let (server, _) = started(false);
    let tag = get_at(server.addr, "/note", &[]).header("etag").unwrap().to_owned();
    let long = "a note long enough for the compression layer to encode it".repeat(4);
    let headers = [("If-Match", tag.as_str()), ("Accept-Encoding", "gzip")];
    let written = send(server.addr, "PATCH", "/note", &headers, long.as_bytes());
    assert_eq!(written.header("content-encoding"), Some("gzip"));
    let gzip_tag = written.header("etag").unwrap().to_owned();
    assert!(gzip_tag.ends_with("+gzip\""), "{gzip_tag}");
    let body: serde_json::Value = serde_json::from_slice(&gunzip(&written.body)).unwrap();
    assert_eq!(body["version"], 2);
    assert_eq!(
        send(server.addr, "PATCH", "/note", &[("If-Match", &gzip_tag)], b"three").status,
        200
    );
}

// A retry with the same key gets the first answer replayed and changes nothing, though its If-Match is stale
// by then; the same key with another body is refused with 422.
#[test]
fn keyed_retry_is_replayed_once() {
    let (server, shared) = started(false);
    let tag = get_at(server.addr, "/note", &[]).header("etag").unwrap().to_owned();
    let headers = [("If-Match", tag.as_str()), ("Idempotency-Key", "k1")];
    let first = send(server.addr, "PATCH", "/note", &headers, b"two");
    assert_eq!(first.status, 200);
    let again = send(server.addr, "PATCH", "/note", &headers, b"two");
    assert_eq!(again.status, 200);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.header("etag"), first.header("etag"));
    assert_eq!(again.body, first.body);
    assert_eq!(shared.note.try_lock().unwrap().version, 2, "the retry changed nothing");
    let other = send(server.addr, "PATCH", "/note", &headers, b"other");
    assert_eq!(other.status, 422);
    assert_eq!(other.header("content-type"), Some("application/problem+json"));
}

// A malformed key is refused with 400 before anything is written.
#[test]
fn malformed_key_is_400() {
    let (server, shared) = started(false);
    let tag = get_at(server.addr, "/note", &[]).header("etag").unwrap().to_owned();
    let refused = send(
        server.addr,
        "PATCH",
        "/note",
        &[("If-Match", &tag), ("Idempotency-Key", "\"open")],
        b"x",
    );
    assert_eq!(refused.status, 400);
    let twice = [
        ("If-Match", tag.as_str()),
        ("Idempotency-Key", "a"),
        ("Idempotency-Key", "b"),
    ];
    assert_eq!(send(server.addr, "PATCH", "/note", &twice, b"x").status, 400);
    assert_eq!(shared.note.try_lock().unwrap().version, 1);
}

// On a per-user route a key is its requester's own: another requester's retry with the same key and body is
// another write, and is refused by its stale If-Match rather than given the first requester's answer.
#[test]
fn keys_are_per_requester() {
    let (server, _) = started(true);
    let tag = get_at(server.addr, "/note", &[("X-User", "ada")])
        .header("etag")
        .unwrap()
        .to_owned();
    let ada = [("X-User", "ada"), ("If-Match", tag.as_str()), ("Idempotency-Key", "k1")];
    assert_eq!(send(server.addr, "PATCH", "/note", &ada, b"two").status, 200);
    let grace = [
        ("X-User", "grace"),
        ("If-Match", tag.as_str()),
        ("Idempotency-Key", "k1"),
    ];
    let other = send(server.addr, "PATCH", "/note", &grace, b"two");
    assert_eq!(other.status, 412);
    assert_eq!(other.header("idempotent-replayed"), None);
}

// Under `Router::nest` a key's fingerprint holds the whole target: the same key and body sent to another nested
// route is another request, refused with 422, never given the first route's answer.
#[test]
fn nested_routes_do_not_share_a_fingerprint() {
    let (first, _) = started(false);
    drop(first);
    let shared = Shared {
        note: Arc::new(Mutex::new(Note {
            version: 1,
            text: "one".into(),
        })),
        keys: Arc::new(MemoryKeys::new(KeyLimits::default())),
    };
    let notes = Router::new().route("/1", patch(edit)).with_state(shared.clone());
    let drafts = Router::new().route("/1", patch(edit)).with_state(shared);
    let router = Router::new()
        .nest("/notes", notes)
        .nest("/drafts", drafts)
        .layer(Conditional::default());
    let server = serve_axum(router);
    let headers = [("If-Match", "*"), ("Idempotency-Key", "k9")];
    assert_eq!(send(server.addr, "PATCH", "/notes/1", &headers, b"two").status, 200);
    let other = send(server.addr, "PATCH", "/drafts/1", &headers, b"two");
    assert_eq!(other.status, 422, "{}", other.text());
}
