//! The users example's OpenAPI document (GET /openapi.json), checked two ways: by a validator no one here wrote
//! (openapi-spec-validator, from PyPI), and against the running example, so that every route is documented and
//! documents the preconditions and statuses it actually answers with.

mod support;

use std::collections::BTreeSet;
use std::process::Command;

use serde_json::{Value, json};
use support::backend::Backend;
use support::example::{Example, start_users};
use support::python::python_tools;
use support::scratch::ScratchDir;
use support::{Response, get, send, send_json};

/// Every path the example serves, as the README's contract lists them (`/docs`, which renders this document, and
/// `/metrics`, served with `--metrics` for operators, are not part of the API).
const SERVED_PATHS: [&str; 10] = [
    "/",
    "/livez",
    "/me",
    "/openapi.json",
    "/readyz",
    "/users",
    "/users.csv",
    "/users/stats",
    "/users/{id}",
    "/users/{id}/card",
];

/// The routes an orchestrator calls (`/livez`, `/readyz`): not conditional.
const PROBES: [&str; 2] = ["/livez", "/readyz"];

fn document(example: &Example) -> Value {
    let response = get(example.addr, "/openapi.json", &[]);
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("application/json"));
    response.json()
}

/// The operations of the document: (path, method, operation).
fn operations(document: &Value) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            found.push((path.clone(), method.clone(), operation.clone()));
        }
    }
    found
}

fn documents_status(operation: &Value, status: u16) -> bool {
    operation["responses"].get(status.to_string()).is_some()
}

fn parameter_names(operation: &Value) -> BTreeSet<String> {
    let parameters = operation["parameters"].as_array().cloned().unwrap_or_default();
    parameters
        .iter()
        .filter_map(|p| p["name"].as_str().map(str::to_owned))
        .collect()
}

/// The document's path with user 1 in it.
fn concrete(path: &str) -> String {
    path.replace("{id}", "1")
}

/// `headers` with the requester `/me` needs (`X-User`, documented as its parameter), user 1 or `id`.
fn as_user<'a>(id: &'a str, headers: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut headers = headers.to_vec();
    headers.push(("X-User", id));
    headers
}

fn etag(response: &Response) -> String {
    response.header("etag").expect("an ETag").to_owned()
}

// The whole document against the OpenAPI 3.1 schema and its rules (unique operation ids, parameters that match the
// path's template, ...), by the reference validator in a virtual environment of the project's own.
fn the_document_is_valid_openapi_3_1(backend: Backend) {
    let example = start_users(backend);
    let document = document(&example);
    assert!(
        document["openapi"].as_str().is_some_and(|v| v.starts_with("3.1.")),
        "{}",
        document["openapi"]
    );

    let scratch = ScratchDir::new("openapi");
    let file = scratch.path().join("openapi.json");
    std::fs::write(&file, document.to_string()).expect("write the document");
    let bin = python_tools();
    let output = Command::new(format!("{bin}/openapi-spec-validator"))
        .arg(&file)
        .output()
        .expect("run openapi-spec-validator");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(said.trim_end().ends_with("OK"), "{said}");
}

// The page for people: Scalar's HTML, with this document in it.
fn docs_serves_a_page_that_renders_the_document(backend: Backend) {
    let example = start_users(backend);
    let page = get(example.addr, "/docs", &[]);
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-type")
            .is_some_and(|value| value.starts_with("text/html"))
    );
    let text = page.text();
    assert!(
        text.contains("api-reference") && text.contains(r#""openapi":"3.1.0""#),
        "{text}"
    );
}

// Every route is documented, with exactly the methods it has: a 405 lists the resource's methods in Allow
// (RFC 9110 §15.5.6), which must be the documented ones plus HEAD beside GET (§9.3.2: HEAD is GET without a
// body, and the document lists GET alone, since utoipa would give both operations one operationId).
fn rfc9110_15_5_6_every_route_is_documented_with_the_methods_it_allows(backend: Backend) {
    let example = start_users(backend);
    let document = document(&example);
    let documented: BTreeSet<&str> = document["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(documented, SERVED_PATHS.into_iter().collect());

    for path in SERVED_PATHS {
        let refused = send(example.addr, "TRACE", &concrete(path), &[], b"");
        assert_eq!(refused.status, 405, "{path}");
        let allowed = refused.tokens("allow");
        let mut expected: BTreeSet<String> = document["paths"][path]
            .as_object()
            .expect("a path item")
            .keys()
            .cloned()
            .collect();
        // Allow's tokens come lowercased, as the document's methods are.
        if expected.contains("get") {
            expected.insert("head".to_owned());
        }
        assert_eq!(allowed, expected, "{path}");
    }
}

// RFC 9110 §13.1.2: a route documents 304 exactly when it answers one to its own ETag, and then documents the
// fields that ask for it and the ETag on its 200.
fn rfc9110_13_1_2_a_route_documents_304_exactly_when_it_answers_304(backend: Backend) {
    let example = start_users(backend);
    let document = document(&example);
    let mut revalidating = 0;
    for (path, method, operation) in operations(&document) {
        if method != "get" {
            assert!(
                !documents_status(&operation, 304),
                "{method} {path}: a write never answers 304"
            );
            continue;
        }
        let ok = get(example.addr, &concrete(&path), &as_user("1", &[]));
        assert_eq!(ok.status, 200, "{path}");
        if PROBES.contains(&path.as_str()) {
            // An answer true of one moment: no validator, so no 304 to document.
            assert_eq!(ok.header("etag"), None, "{path}");
            assert!(!documents_status(&operation, 304), "{path}");
            continue;
        }
        let tag = etag(&ok);
        let again = get(
            example.addr,
            &concrete(&path),
            &as_user("1", &[("If-None-Match", &tag)]),
        );
        assert_eq!(
            documents_status(&operation, 304),
            again.status == 304,
            "{path}: answered {}",
            again.status
        );
        if again.status == 304 {
            revalidating += 1;
            let names = parameter_names(&operation);
            for field in ["If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since"] {
                assert!(names.contains(field), "{path} does not document {field}");
            }
            assert!(
                operation["responses"]["200"]["headers"]["ETag"].is_object(),
                "{path}: no ETag on the 200"
            );
            assert!(
                operation["responses"]["304"]["headers"]["ETag"].is_object(),
                "{path}: no ETag on the 304"
            );
        }
    }
    assert_eq!(
        revalidating,
        SERVED_PATHS.len() - PROBES.len(),
        "every GET of the example but the probes is conditional"
    );
}

// RFC 9110 §13.1.1 and §13.1.4: every documented 412 is reachable, with a stale If-Match on the route, and a
// write stopped by it changes nothing (the user's tag is the same afterwards).
fn rfc9110_13_1_1_every_documented_412_is_reachable(backend: Backend) {
    let example = start_users(backend);
    let document = document(&example);
    let before = etag(&get(example.addr, "/users/1", &[]));
    let mut checked = BTreeSet::new();
    for (path, method, operation) in operations(&document) {
        if !documents_status(&operation, 412) {
            continue;
        }
        let stale = [("If-Match", "\"v0\"")];
        let response = match method.as_str() {
            "get" => get(example.addr, &concrete(&path), &as_user("1", &stale)),
            // The collection exists, so `If-None-Match: *` stops a POST to it (§13.1.2).
            "post" => send_json(example.addr, "POST", &path, &[("If-None-Match", "*")], &new_user()),
            "put" | "patch" => send_json(
                example.addr,
                &method.to_ascii_uppercase(),
                &concrete(&path),
                &stale,
                &new_user(),
            ),
            other => send(example.addr, &other.to_ascii_uppercase(), &concrete(&path), &stale, b""),
        };
        assert_eq!(response.status, 412, "{method} {path}: {}", response.text());
        assert_eq!(
            response.header("content-type"),
            Some("application/problem+json"),
            "{method} {path}"
        );
        checked.insert(format!("{method} {path}"));
    }
    for write in [
        "post /users",
        "put /users/{id}",
        "patch /users/{id}",
        "delete /users/{id}",
    ] {
        assert!(checked.contains(write), "{write} does not document 412");
    }
    assert_eq!(
        etag(&get(example.addr, "/users/1", &[])),
        before,
        "a stopped write changed the user"
    );
}

// RFC 9110 §15.5.5: each documented 404 is answered for a user that does not exist.
fn rfc9110_15_5_5_documented_404s_are_answered_for_an_unknown_user(backend: Backend) {
    let example = start_users(backend);
    let document = document(&example);
    for (path, method, operation) in operations(&document) {
        if !documents_status(&operation, 404) {
            continue;
        }
        let missing = path.replace("{id}", "999999");
        let response = match method.as_str() {
            "patch" => send_json(example.addr, "PATCH", &missing, &[], &json!({"name": "Nobody"})),
            other => send(
                example.addr,
                &other.to_ascii_uppercase(),
                &missing,
                &as_user("999999", &[]),
                b"",
            ),
        };
        assert_eq!(response.status, 404, "{method} {path}");
    }
}

// RFC 9110 §12.5.5: the routes whose representations vary beyond the coding document it: the card's 200 names
// Accept-Language in its Vary and takes the field as a parameter, and /me's names X-User, the requester.
fn rfc9110_12_5_5_varying_routes_document_their_vary(backend: Backend) {
    let example = start_users(backend);
    let document = document(&example);
    for (path, field) in [("/users/{id}/card", "Accept-Language"), ("/me", "X-User")] {
        let operation = &document["paths"][path]["get"];
        let vary = operation["responses"]["200"]["headers"]["Vary"]["description"]
            .as_str()
            .unwrap_or_else(|| panic!("{path}: no Vary on the 200"));
        assert!(
            vary.contains(field) && vary.contains("Accept-Encoding"),
            "{path}: {vary}"
        );
        assert!(
            parameter_names(operation).contains(field),
            "{path}: {field} is not a parameter"
        );
        // What is documented is what is sent.
        let sent = get(example.addr, &concrete(path), &as_user("1", &[]));
        assert!(sent.tokens("vary").contains(&field.to_ascii_lowercase()), "{path}");
    }
}

fn new_user() -> Value {
    json!({"name": "Grace Hopper", "email": "grace@example.com"})
}

on_each_backend!(
    rfc9110_12_5_5_varying_routes_document_their_vary,
    the_document_is_valid_openapi_3_1,
    docs_serves_a_page_that_renders_the_document,
    rfc9110_15_5_6_every_route_is_documented_with_the_methods_it_allows,
    rfc9110_13_1_2_a_route_documents_304_exactly_when_it_answers_304,
    rfc9110_13_1_1_every_documented_412_is_reachable,
    rfc9110_15_5_5_documented_404s_are_answered_for_an_unknown_user,
);
