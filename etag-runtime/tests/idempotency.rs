//! The Idempotency-Key mechanism in a small app with the in-memory store (`draft-ietf-httpapi-idempotency-key-
//! header`): a retry replays, another body is 422, a bad key is 400, a route that requires a key says so, and an
//! expired key runs again.
#![cfg(feature = "actix")]

use std::sync::Mutex;
use std::time::Duration;

use actix_web::web::{Bytes, Data};
use actix_web::{App, Either, patch, test};
use etag_runtime::actix::Stored;
use etag_runtime::actix::idempotency::{Idempotency, KeyStore, KeyedStep, MemoryKeys, Replay};
use etag_runtime::{ETag, Precondition, Problem};
use serde::Serialize;

#[derive(Clone, Serialize, ETag)]
#[etag(prefix = "v")]
struct Note {
    #[etag]
    version: u64,
    text: String,
}

struct Keys(MemoryKeys, Duration);

/// A keyed PATCH: under the note's lock, the key first, then the precondition, the write and its record.
#[patch("/note")]
async fn edit(
    note: Data<Mutex<Note>>,
    keys: Data<Keys>,
    precondition: Precondition,
    idempotency: Idempotency,
    text: Bytes,
) -> Result<Either<Stored<Note>, Replay>, Problem> {
    let text = String::from_utf8_lossy(&text).into_owned();
    idempotency.required()?;
    let keyed = idempotency.keyed(&text).expect("a key, required above");
    let mut note = note.lock().unwrap();
    let found = keys.0.find(keyed.id()).unwrap();
    if let KeyedStep::Replay(record) = keyed.decide(found, std::time::SystemTime::now(), keys.1)? {
        return Ok(Either::Right(record.replay()));
    }
    precondition.check(Some(&*note))?;
    note.version += 1;
    note.text = text;
    let answer = Stored::new(note.clone());
    keys.0.save(keyed.id(), &answer.record(&keyed)).unwrap();
    Ok(Either::Left(answer))
}

/// The app, with a note at version 1 and keys kept for `$lifetime`.
macro_rules! app {
    ($lifetime:expr) => {{
        let note = Data::new(Mutex::new(Note {
            version: 1,
            text: "one".into(),
        }));
        let keys = Data::new(Keys(MemoryKeys::with_lifetime($lifetime), $lifetime));
        test::init_service(App::new().app_data(note).app_data(keys).service(edit)).await
    }};
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
    let app = app!(Duration::from_secs(60));
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
    let app = app!(Duration::from_secs(60));
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
    let app = app!(Duration::ZERO);
    let first = test::call_service(&app, edit_request(Some("k"), "\"v1\"", "two").to_request()).await;
    assert_eq!(first.status(), 200);
    std::thread::sleep(Duration::from_millis(1100));
    let again = test::call_service(&app, edit_request(Some("k"), "\"v1\"", "two").to_request()).await;
    assert_eq!(again.status(), 412, "run again, against a state that moved on");
}
