//! The Idempotency-Key mechanism in a small app with the in-memory store (`draft-ietf-httpapi-idempotency-key-
//! header`): a retry replays, another body is 422, a bad key is 400, a route that requires a key says so, an
//! expired key runs again, and the store's bounds refuse the key past them with 429.
#![cfg(feature = "actix")]

use std::time::Duration;

use actix_web::web::{Bytes, Data};
use actix_web::{App, Either, patch, test};
use etag_runtime::actix::idempotency::{Begun, Idempotency, KeyedAnswer};
use etag_runtime::actix::{Requester, Stored};
use etag_runtime::keys::{KeyLimits, MemoryKeys};
use etag_runtime::{ETag, Precondition, Problem};
use serde::Serialize;
use tokio::sync::Mutex;

#[derive(Clone, Serialize, ETag)]
#[etag(prefix = "v")]
struct Note {
    #[etag]
    version: u64,
    text: String,
}

static REQUESTER: Requester = Requester::field("X-User");

/// A keyed PATCH: under the note's lock, the key first, then the precondition, the write and its record.
#[patch("/note")]
async fn edit(
    note: Data<Mutex<Note>>,
    keys: Data<MemoryKeys>,
    precondition: Precondition,
    idempotency: Idempotency,
    text: Bytes,
) -> Result<KeyedAnswer<Note>, Problem> {
    let text = String::from_utf8_lossy(&text).into_owned();
    idempotency.required()?;
    let mut note = note.lock().await;
    let write = match idempotency.begin(&**keys, &mut note, &text).await? {
        Begun::Replay(replay) => return Ok(Either::Right(replay)),
        Begun::Run(write) => write,
    };
    precondition.check(Some(&*note))?;
    note.version += 1;
    note.text = text;
    let answer = Stored::new(note.clone());
    let answer = write.keep(&**keys, &mut note, answer).await?;
    Ok(Either::Left(answer))
}

/// The app, with a note at version 1, keys kept within `$limits`, and requesters named by X-User.
macro_rules! app {
    ($limits:expr) => {{
        let note = Data::new(Mutex::new(Note {
            version: 1,
            text: "one".into(),
        }));
        let keys = Data::new(MemoryKeys::new($limits));
        let app = App::new()
            .app_data(&REQUESTER)
            .app_data(note)
            .app_data(keys.clone())
            .service(edit);
        (test::init_service(app).await, keys)
    }};
}

fn minute() -> KeyLimits {
    KeyLimits::default().with_lifetime(Duration::from_secs(60))
}

fn edit_request(key: Option<&str>, if_match: &str, text: &'static str) -> test::TestRequest {
    let mut request = test::TestRequest::patch()
        .uri("/note")
        .insert_header(("If-Match", if_match))
        .set_payload(text);
    if let Some(key) = key {
        request = request.insert_header(("Idempotency-Key", key));
    }
    request
}

// A retry with the key gets the first answer, marked replayed, though its If-Match is stale now; another body
// with that key is 422; a bare key and its quoted form are one key.
#[actix_web::test]
async fn a_retry_is_replayed_and_another_body_refused() {
    let (app, _) = app!(minute());
    let first = test::call_service(&app, edit_request(Some("k1"), "\"v1\"", "two").to_request()).await;
    assert_eq!(first.status(), 200);
    let first_tag = first.headers().get("etag").unwrap().clone();
    let first_body = test::read_body(first).await;
    let again = test::call_service(&app, edit_request(Some("\"k1\""), "\"v1\"", "two").to_request()).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.headers().get("idempotent-replayed").unwrap(), "true");
    assert_eq!(again.headers().get("etag").unwrap(), first_tag);
    assert_eq!(test::read_body(again).await, first_body);
    let other = test::call_service(&app, edit_request(Some("k1"), "\"v1\"", "three").to_request()).await;
    assert_eq!(other.status(), 422);
    // Without a key, this route answers 400: it requires one.
    let unkeyed = test::call_service(&app, edit_request(None, "\"v1\"", "two").to_request()).await;
    assert_eq!(unkeyed.status(), 400, "this route requires a key");
}

// A malformed key is 400 problem+json and runs nothing.
#[actix_web::test]
async fn malformed_keys_are_400() {
    let (app, _) = app!(minute());
    for key in ["\"open", "", "a b"] {
        let refused = test::call_service(&app, edit_request(Some(key), "\"v1\"", "two").to_request()).await;
        assert_eq!(refused.status(), 400, "{key:?}");
        assert_eq!(
            refused.headers().get("content-type").unwrap(),
            "application/problem+json"
        );
    }
    let fresh = test::call_service(&app, edit_request(Some("ok"), "\"v1\"", "two").to_request()).await;
    assert_eq!(fresh.status(), 200, "nothing ran before");
}

// A key older than its lifetime is free again: the request runs, and meets its precondition.
#[actix_web::test]
async fn an_expired_key_runs_again() {
    let (app, _) = app!(KeyLimits::default().with_lifetime(Duration::ZERO));
    let first = test::call_service(&app, edit_request(Some("k"), "\"v1\"", "two").to_request()).await;
    assert_eq!(first.status(), 200);
    std::thread::sleep(Duration::from_millis(1100));
    let again = test::call_service(&app, edit_request(Some("k"), "\"v1\"", "two").to_request()).await;
    assert_eq!(again.status(), 412, "run again, against a state that moved on");
}

fn from(user: &str, key: &str, text: &'static str) -> test::TestRequest {
    edit_request(Some(key), "*", text).insert_header(("X-User", user))
}

// draft-ietf-httpapi-idempotency-key-header §2.7 leaves limits to the server; RFC 6585 §4: a requester past its
// quota gets 429 with Retry-After, and nothing is written; its stored keys still replay, and another requester
// is not affected.
#[actix_web::test]
async fn rfc6585_4_a_requester_past_its_quota_is_429_and_writes_nothing() {
    let (app, keys) = app!(minute().with_per_requester(2));
    let mut bodies = Vec::new();
    for key in ["a", "b"] {
        let stored = test::call_service(&app, from("ann", key, "ann's").to_request()).await;
        assert_eq!(stored.status(), 200, "{key}");
        bodies.push(test::read_body(stored).await);
    }
    let version = |body: &[u8]| serde_json::from_slice::<serde_json::Value>(body).unwrap()["version"].clone();
    let refused = test::call_service(&app, from("ann", "c", "ann's").to_request()).await;
    assert_eq!(refused.status(), 429);
    let retry_after: u64 = refused
        .headers()
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=61).contains(&retry_after),
        "until ann's oldest key expires: {retry_after}"
    );
    assert_eq!(
        refused.headers().get("content-type").unwrap(),
        "application/problem+json"
    );
    assert_eq!(keys.len(), 2, "nothing was kept for the refused key");
    let replayed = test::call_service(&app, from("ann", "b", "ann's").to_request()).await;
    assert_eq!(replayed.status(), 200);
    assert_eq!(replayed.headers().get("idempotent-replayed").unwrap(), "true");
    assert_eq!(test::read_body(replayed).await, bodies[1]);
    let other = test::call_service(&app, from("bob", "c", "bob's").to_request()).await;
    assert_eq!(other.status(), 200, "another requester keeps its own quota");
    assert!(other.headers().get("idempotent-replayed").is_none());
    // Versions 2 and 3 were ann's; the refused write and the replay made none.
    assert_eq!(version(&test::read_body(other).await), 4);
}

// RFC 6585 §4: past the store's cap on all live keys, whoever sends them, a new key is 429 too; the table stops
// growing at the cap however many requesters the requests claim to be.
#[actix_web::test]
async fn rfc6585_4_the_store_holds_no_more_keys_than_its_cap() {
    let (app, keys) = app!(minute().with_per_requester(2).with_total(5));
    let mut statuses = Vec::new();
    for user in 0..20 {
        let request = from(&format!("user-{user}"), &format!("key-{user}"), "a flood");
        statuses.push(test::call_service(&app, request.to_request()).await.status().as_u16());
    }
    assert_eq!(keys.len(), 5);
    assert_eq!(
        statuses.iter().filter(|&&status| status == 200).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|&&status| status == 429).count(),
        15,
        "{statuses:?}"
    );
}

// A record keeps the change's outcome even when its body is larger than the store keeps: the key is kept
// without the body, so a retry replays the status and the validators and applies nothing twice.
#[actix_web::test]
async fn an_answer_larger_than_the_store_keeps_replays_without_its_body() {
    let (app, _keys) = app!(minute().with_largest_answer(8));
    let first = test::call_service(&app, edit_request(Some("big"), "*", "a long enough text").to_request()).await;
    assert_eq!(first.status(), 200);
    let tag = first.headers().get("etag").unwrap().clone();
    assert!(!test::read_body(first).await.is_empty());
    let again = test::call_service(&app, edit_request(Some("big"), "*", "a long enough text").to_request()).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.headers().get("idempotent-replayed").unwrap(), "true");
    assert_eq!(again.headers().get("etag").unwrap(), tag, "the same state, named again");
    assert!(again.headers().get("content-type").is_none());
    assert!(test::read_body(again).await.is_empty());
}
