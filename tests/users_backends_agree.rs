//! The users example's HTTP contract does not depend on its database: the same requests against SQLite and
//! against PostgreSQL get the same statuses, headers and bodies, byte for byte apart from dates (the `Date` and
//! `Last-Modified` fields, the `updated_at` members, and the hashed tags of bodies that contain them).

mod support;

use serde_json::{Value, json};
use support::backend::Backend;
use support::example::{Example, USERS_GET_ROUTES, start_users};
use support::{Response, send, send_json};

/// One request of the script: method, path, extra headers, JSON body.
type Step = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    Option<Value>,
);

/// Reads of every route, guarded and unguarded writes, and the errors, in an order where each write changes what
/// the following reads see.
fn script() -> Vec<Step> {
    let reads = USERS_GET_ROUTES;
    let mut steps: Vec<Step> = reads.iter().map(|path| ("GET", *path, &[][..], None)).collect();
    steps.extend([
        ("HEAD", "/users/2", &[][..], None),
        ("GET", "/users/1", &[("If-None-Match", CURRENT_TAG)][..], None),
        (
            "GET",
            "/users/1",
            &[("Accept-Encoding", "gzip"), ("If-None-Match", CURRENT_TAG)][..],
            None,
        ),
        // A tag of the same state from another build of the model: a GET gets the body (RFC 9110 §13.1.2).
        ("GET", "/users/1", &[("If-None-Match", "\"v1\"")][..], None),
        (
            "POST",
            "/users",
            &[][..],
            Some(json!({"name": "Edsger Dijkstra", "email": "ewd@example.net"})),
        ),
        (
            "PUT",
            "/users/2",
            &[("If-Match", "\"v2\"")][..],
            Some(json!({"name": "Grace", "email": "g@example.org"})),
        ),
        (
            "PUT",
            "/users/2",
            &[("If-Match", "\"v2\"")][..],
            Some(json!({"name": "Lost", "email": "l@example.org"})),
        ),
        (
            "PUT",
            "/users/9",
            &[("If-None-Match", "*")][..],
            Some(json!({"name": "Hedy", "email": "h@example.com"})),
        ),
        (
            "PUT",
            "/users/9",
            &[("If-None-Match", "*")][..],
            Some(json!({"name": "Again", "email": "a@example.com"})),
        ),
        (
            "PATCH",
            "/users/3",
            &[("If-Match", "W/\"v3\"")][..],
            Some(json!({"name": "Weak"})),
        ),
        (
            "PATCH",
            "/users/3",
            &[("If-Match", "\"v3\"")][..],
            Some(json!({"name": "Alan M. Turing"})),
        ),
        ("PATCH", "/users/3", &[][..], Some(json!({"name": null}))),
        ("DELETE", "/users/1", &[("If-Match", "\"v0\"")][..], None),
        ("DELETE", "/users/1", &[("If-Match", "\"v1\"")][..], None),
        ("DELETE", "/users/1", &[][..], None),
        ("GET", "/users/01", &[][..], None),
        ("GET", "/users/404", &[][..], None),
        (
            "PUT",
            "/users/4",
            &[("If-Match", "\"v1\", *")][..],
            Some(json!({"name": "x", "email": "x@y.z"})),
        ),
    ]);
    steps.extend(reads.iter().map(|path| ("GET", *path, &[][..], None)));
    steps
}

/// Stands for the tag a GET with the step's other headers gets now: the model's tag carries the digest of its
/// definition, which the script does not spell out.
const CURRENT_TAG: &str = "current";

fn run(example: &Example) -> Vec<String> {
    script()
        .into_iter()
        .map(|(method, path, headers, body)| {
            let current = current_tags(example, path, headers);
            let headers: Vec<(&str, &str)> = headers
                .iter()
                .zip(&current)
                .map(|((name, value), tag)| (*name, tag.as_deref().unwrap_or(value)))
                .collect();
            let headers = &headers[..];
            let response = match &body {
                Some(json) => send_json(example.addr, method, path, headers, json),
                None => send(example.addr, method, path, headers, b""),
            };
            format!("{method} {path} {headers:?}\n{}", normalized(&response))
        })
        .collect()
}

/// For each header of a step, the tag it stands for where its value is [`CURRENT_TAG`].
fn current_tags(example: &Example, path: &str, headers: &[(&str, &str)]) -> Vec<Option<String>> {
    let others: Vec<(&str, &str)> = headers
        .iter()
        .copied()
        .filter(|(_, value)| *value != CURRENT_TAG)
        .collect();
    headers
        .iter()
        .map(|(_, value)| {
            let fresh = || {
                send(example.addr, "GET", path, &others, b"")
                    .header("etag")
                    .map(str::to_owned)
            };
            (*value == CURRENT_TAG).then(fresh).flatten()
        })
        .collect()
}

/// The response as text, dates removed: the status, the header lines sorted (actix writes fields in a hash map's
/// order, which differs from process to process; RFC 9110 §5.3 makes the order of different fields
/// insignificant), less Date and Last-Modified and the ETag of a body that carries dates, and the body with every
/// `updated_at` (and a 412's `current_last_modified`) set to 0.
fn normalized(response: &Response) -> String {
    let mut body = response.body.clone();
    let mut dated = false;
    if let Ok(mut json) = serde_json::from_slice::<Value>(&body) {
        dated = zero_dates(&mut json);
        body = serde_json::to_vec(&json).expect("JSON");
    }
    let mut headers: Vec<String> = response
        .headers
        .iter()
        .filter(|(name, _)| !["date", "last-modified"].contains(&name.to_ascii_lowercase().as_str()))
        .filter(|(name, value)| !(dated && name.eq_ignore_ascii_case("etag") && value.starts_with("W/")))
        .map(|(name, value)| format!("{}: {value}", name.to_ascii_lowercase()))
        .collect();
    headers.sort();
    format!(
        "{}\n{}\n{}",
        response.status,
        headers.join("\n"),
        String::from_utf8_lossy(&body)
    )
}

/// Sets every date member (`updated_at`, `current_last_modified`) to 0; whether there was one.
fn zero_dates(value: &mut Value) -> bool {
    match value {
        Value::Object(members) => {
            let mut found = false;
            for (name, member) in members.iter_mut() {
                // A 412 names the current date too, as the Last-Modified it sends (RFC 9110 §15.5.13).
                if name == "updated_at" || name == "current_last_modified" {
                    *member = json!(0);
                    found = true;
                } else {
                    found |= zero_dates(member);
                }
            }
            found
        }
        Value::Array(items) => items.iter_mut().fold(false, |found, item| zero_dates(item) | found),
        _ => false,
    }
}

// RFC 9110 §8.8 and §13: validators, 304s, 412s, 404s and 400s come from the stored state and the request, never
// from the database engine: both backends answer the whole script alike.
#[test]
fn rfc9110_13_both_backends_answer_the_same_requests_alike() {
    let sqlite = run(&start_users(Backend::Sqlite));
    let postgres = run(&start_users(Backend::Postgres));
    assert_eq!(sqlite.len(), postgres.len());
    for (on_sqlite, on_postgres) in sqlite.iter().zip(&postgres) {
        assert_eq!(on_sqlite, on_postgres);
    }
}
