//! Conditional writes with the `Precondition` extractor, over real HTTP on 127.0.0.1: the check runs inside
//! the same lock as the write, so concurrent writers with one If-Match cannot both win (no lost update).

mod support;

use std::collections::HashMap;
use std::sync::{Arc, Barrier, Mutex};

use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes, ServiceConfig};
use actix_web::{HttpResponse, delete, put};
use etag_runtime::{Conditional, ETag, EntityTag, Precondition, Problem, Rejected, conditional};
use support::{Response, get, send, serve};

#[derive(Clone)]
struct Doc {
    version: u64,
    text: String,
}

impl ETag for Doc {
    fn etag(&self) -> EntityTag {
        EntityTag::strong(format!("v{}", self.version)).expect("digits are etagc")
    }
}

type Store = web::Data<Mutex<HashMap<u32, Doc>>>;

/// Replaces (or creates) a document; precondition and write happen under one lock.
#[put("/docs/{id}")]
async fn replace(
    store: Store,
    id: web::Path<u32>,
    precondition: Precondition,
    body: Bytes,
) -> Result<HttpResponse, Rejected> {
    let mut docs = store.lock().expect("not poisoned");
    let current = docs.get(&id).cloned();
    precondition.check(current.as_ref())?;
    let version = current.as_ref().map_or(1, |doc| doc.version + 1);
    docs.insert(
        *id,
        Doc {
            version,
            text: String::from_utf8_lossy(&body).into_owned(),
        },
    );
    Ok(if current.is_some() {
        HttpResponse::NoContent().finish()
    } else {
        HttpResponse::Created().finish()
    })
}

/// As `replace`, but refuses writes that carry no precondition at all.
#[put("/strict/{id}")]
async fn replace_strict(
    store: Store,
    id: web::Path<u32>,
    precondition: Precondition,
) -> Result<HttpResponse, Rejected> {
    let mut docs = store.lock().expect("not poisoned");
    precondition.required().check(docs.get(&id))?;
    docs.insert(
        *id,
        Doc {
            version: 1,
            text: "strict".into(),
        },
    );
    Ok(HttpResponse::NoContent().finish())
}

/// As `replace`, for a route whose writes may go without a precondition.
#[put("/loose/{id}")]
async fn replace_loose(store: Store, id: web::Path<u32>, precondition: Precondition) -> Result<HttpResponse, Rejected> {
    let mut docs = store.lock().expect("not poisoned");
    precondition.optional().check(docs.get(&id))?;
    let version = docs.get(&id).map_or(1, |doc| doc.version + 1);
    let text = "loose".into();
    docs.insert(*id, Doc { version, text });
    Ok(HttpResponse::NoContent().finish())
}

/// Adds a document to the collection, whose validator is the number of documents: POST adds to its target, so
/// by default it needs no precondition.
#[actix_web::post("/docs")]
async fn append(store: Store, precondition: Precondition, body: Bytes) -> Result<HttpResponse, Rejected> {
    let mut docs = store.lock().expect("not poisoned");
    let count = EntityTag::strong(format!("n{}", docs.len())).expect("digits are etagc");
    precondition.check_validators(true, Some(&count), None)?;
    let id = docs.keys().max().map_or(1, |id| id + 1);
    let text = String::from_utf8_lossy(&body).into_owned();
    docs.insert(id, Doc { version: 1, text });
    Ok(HttpResponse::Created().finish())
}

#[delete("/docs/{id}")]
async fn remove(store: Store, id: web::Path<u32>, precondition: Precondition) -> Result<HttpResponse, Rejected> {
    let mut docs = store.lock().expect("not poisoned");
    precondition.check(docs.get(&id))?;
    docs.remove(&id);
    Ok(HttpResponse::NoContent().finish())
}

#[actix_web::get("/docs/{id}")]
async fn read(store: Store, id: web::Path<u32>) -> HttpResponse {
    match store.lock().expect("not poisoned").get(&id) {
        Some(doc) => HttpResponse::Ok()
            .insert_header(("etag", doc.etag().to_string()))
            .body(doc.text.clone()),
        None => HttpResponse::NotFound().finish(),
    }
}

/// A read that evaluates its preconditions itself with a `Precondition`, under the attribute: its 304 is a
/// `Rejected` returned as the handler's error.
#[conditional(cache_control = "no-cache", vary = "Accept-Language")]
#[actix_web::get("/checked/{id}")]
async fn read_checked(store: Store, id: web::Path<u32>, precondition: Precondition) -> Result<String, Problem> {
    let doc = store.lock().expect("not poisoned").get(&id).cloned();
    let doc = doc.ok_or_else(|| Problem::new(StatusCode::NOT_FOUND, "no such document"))?;
    precondition.check(Some(&doc))?;
    Ok(doc.text)
}

/// The same without the attribute: the `Rejected` is the whole answer.
#[actix_web::get("/plain-checked/{id}")]
async fn read_plain_checked(store: Store, id: web::Path<u32>, precondition: Precondition) -> Result<String, Rejected> {
    let doc = store.lock().expect("not poisoned").get(&id).cloned().expect("seeded");
    precondition.check(Some(&doc))?;
    Ok(doc.text)
}

/// The routes over one store shared by every worker, seeded with document 1 at version 1.
fn routes() -> impl Fn(&mut ServiceConfig) + Clone + Send + 'static {
    let seeded: HashMap<u32, Doc> = [(
        1,
        Doc {
            version: 1,
            text: "one".into(),
        },
    )]
    .into();
    let store = web::Data::new(Mutex::new(seeded));
    move |config: &mut ServiceConfig| {
        config
            .app_data(store.clone())
            .service(replace)
            .service(replace_strict)
            .service(replace_loose)
            .service(append)
            .service(remove)
            .service(read_checked)
            .service(read_plain_checked)
            .service(web::scope("/scoped").wrap(Conditional::default()).service(read_checked))
            .service(
                web::scope("/plain-scoped")
                    .wrap(Conditional::default().cache_control("no-cache"))
                    .service(read_plain_checked),
            )
            .service(read);
    }
}

fn put(addr: std::net::SocketAddr, path: &str, headers: &[(&str, &str)], body: &str) -> Response {
    send(addr, "PUT", path, headers, body.as_bytes())
}

// RFC 9110 §13.1.1 and §13.2.2 step 1: of 32 concurrent PUTs with the same If-Match exactly one succeeds,
// the 31 others get 412, and the stored document is the winner's.
#[test]
fn rfc9110_13_1_1_concurrent_if_match_has_one_winner() {
    const WRITERS: usize = 32;
    let server = serve(routes());
    let addr = server.addr;
    let barrier = Arc::new(Barrier::new(WRITERS));
    let writers: Vec<_> = (0..WRITERS)
        .map(|i| {
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
                (
                    i,
                    put(addr, "/docs/1", &[("If-Match", "\"v1\"")], &format!("writer {i}")).status,
                )
            })
        })
        .collect();
    let statuses: Vec<(usize, u16)> = writers.into_iter().map(|w| w.join().expect("writer thread")).collect();
    let winners: Vec<usize> = statuses.iter().filter(|(_, s)| *s == 204).map(|(i, _)| *i).collect();
    let refused = statuses.iter().filter(|(_, s)| *s == 412).count();
    assert_eq!(winners.len(), 1, "{statuses:?}");
    assert_eq!(refused, WRITERS - 1, "{statuses:?}");
    let stored = get(addr, "/docs/1", &[]);
    assert_eq!(stored.text(), format!("writer {}", winners[0]));
    assert_eq!(stored.header("etag"), Some("\"v2\""));
}

// RFC 9110 §13.1.2: If-None-Match: * makes a PUT create-only: the first creates, the second gets 412.
#[test]
fn rfc9110_13_1_2_if_none_match_star_creates_once() {
    let server = serve(routes());
    assert_eq!(
        put(server.addr, "/docs/9", &[("If-None-Match", "*")], "first").status,
        201
    );
    let second = put(server.addr, "/docs/9", &[("If-None-Match", "*")], "second");
    assert_eq!(second.status, 412);
    assert_eq!(second.header("content-type"), Some("application/problem+json"));
    assert_eq!(get(server.addr, "/docs/9", &[]).text(), "first");
}

// RFC 9110 §13.1.1: If-Match on a missing resource fails, so a stale client cannot recreate what was deleted.
#[test]
fn rfc9110_13_1_1_if_match_on_missing_resource_is_412() {
    let server = serve(routes());
    assert_eq!(put(server.addr, "/docs/5", &[("If-Match", "*")], "ghost").status, 412);
    assert_eq!(get(server.addr, "/docs/5", &[]).status, 404);
}

// RFC 9110 §13.1.1: a stale If-Match stops a DELETE, and the document stays.
#[test]
fn rfc9110_13_1_1_stale_if_match_stops_delete() {
    let server = serve(routes());
    assert_eq!(
        send(server.addr, "DELETE", "/docs/1", &[("If-Match", "\"v0\"")], b"").status,
        412
    );
    assert_eq!(get(server.addr, "/docs/1", &[]).status, 200);
    let tag = get(server.addr, "/docs/1", &[]).header("etag").unwrap().to_owned();
    assert_eq!(
        send(server.addr, "DELETE", "/docs/1", &[("If-Match", &tag)], b"").status,
        204
    );
    assert_eq!(get(server.addr, "/docs/1", &[]).status, 404);
}

// RFC 9110 §13.2.2 step 3: a matching If-None-Match on a PUT is 412, not 304 (actix-files answers 304).
#[test]
fn rfc9110_13_2_2_matching_if_none_match_on_put_is_412() {
    let server = serve(routes());
    assert_eq!(
        put(server.addr, "/docs/1", &[("If-None-Match", "\"v1\"")], "x").status,
        412
    );
    assert_eq!(get(server.addr, "/docs/1", &[]).text(), "one");
}

// RFC 9457 with RFC 9110 §13.1.1: a malformed If-Match is a 400 problem, and nothing is written.
#[test]
fn rfc9457_malformed_if_match_is_400_and_no_write() {
    let server = serve(routes());
    for bad in ["v1", "w/\"v1\"", "\"v1\" \"v2\"", "*, \"v1\""] {
        let response = put(server.addr, "/docs/1", &[("If-Match", bad)], "overwritten");
        assert_eq!(response.status, 400, "{bad}");
        assert!(
            response.json()["detail"].as_str().unwrap().contains("If-Match"),
            "{bad}"
        );
    }
    assert_eq!(get(server.addr, "/docs/1", &[]).text(), "one");
}

// RFC 9110 §5.3: If-Match over two header lines is one list; RFC 9110 §8.8.3: "a,b" is one tag.
#[test]
fn rfc9110_5_3_if_match_lines_combine() {
    let server = serve(routes());
    let headers = [("If-Match", "\"v0,v1\""), ("If-Match", "\"v1\"")];
    assert_eq!(put(server.addr, "/docs/1", &headers, "two").status, 204);
}

// RFC 6585 §3: an unconditional write to a handler that requires preconditions is 428.
#[test]
fn rfc6585_3_unconditional_write_is_428() {
    let server = serve(routes());
    let response = put(server.addr, "/strict/1", &[], "");
    assert_eq!(response.status, 428);
    assert_eq!(response.header("content-type"), Some("application/problem+json"));
    assert_eq!(put(server.addr, "/strict/1", &[("If-Match", "\"v1\"")], "").status, 204);
}

// RFC 6585 §3: by default a write to a resource that exists must be conditional, so that no client overwrites
// a state it has not seen; the 428 says what to send, and nothing is written.
#[test]
fn rfc6585_3_unconditional_write_to_an_existing_resource_is_428_by_default() {
    let server = serve(routes());
    for method in ["PUT", "DELETE"] {
        let response = send(server.addr, method, "/docs/1", &[], b"lost");
        assert_eq!(response.status, 428, "{method}");
        assert_eq!(response.header("content-type"), Some("application/problem+json"));
        assert!(response.json()["detail"].as_str().unwrap().contains("If-Match"));
    }
    assert_eq!(get(server.addr, "/docs/1", &[]).text(), "one", "nothing was written");
    assert_eq!(
        put(server.addr, "/docs/1", &[("If-Match", "\"v1\"")], "two").status,
        204
    );
}

// RFC 6585 §3: a write that creates, and a POST that adds to a collection, lose nothing without a precondition,
// so they pass by default; a route that opts out takes unconditional writes to what exists too.
#[test]
fn rfc6585_3_creating_posting_and_opted_out_writes_need_no_precondition() {
    let server = serve(routes());
    assert_eq!(put(server.addr, "/docs/9", &[], "nine").status, 201);
    assert_eq!(send(server.addr, "POST", "/docs", &[], b"ten").status, 201);
    assert_eq!(put(server.addr, "/loose/1", &[], "").status, 204);
    assert_eq!(get(server.addr, "/docs/1", &[]).text(), "loose");
    // RFC 9110 §13.1.2: a POST's precondition is still checked when it has one.
    let refused = send(server.addr, "POST", "/docs", &[("If-None-Match", "*")], b"eleven");
    assert_eq!(refused.status, 412);
}

// RFC 9110 §8.8.3.3 with §13.1.1: a tag seen in gzip form ("v1+gzip") names the same state for a write.
#[test]
fn rfc9110_8_8_3_3_coding_form_of_tag_guards_write() {
    let server = serve(routes());
    assert_eq!(
        put(
            server.addr,
            "/docs/1",
            &[("If-Match", "\"v1+gzip\"")],
            "from gzip client"
        )
        .status,
        204
    );
    assert_eq!(
        put(server.addr, "/docs/1", &[("If-Match", "\"v1+gzip\"")], "stale").status,
        412
    );
}

// RFC 9110 §13.1.1: a weak tag never passes If-Match's strong comparison, even naming the current state. The 412
// says so, and how to get a strong tag, rather than that the resource changed; a stale strong tag still gets
// the plain "changed" detail. Nothing is written either way.
#[test]
fn rfc9110_13_1_1_a_weak_if_match_is_refused_and_the_problem_says_why() {
    let server = serve(routes());
    for weak in ["W/\"v1\"", "W/\"v1+gzip\", W/\"v1\""] {
        let refused = put(server.addr, "/docs/1", &[("If-Match", weak)], "weak");
        assert_eq!(refused.status, 412, "{weak}");
        let detail = refused.json()["detail"].as_str().unwrap_or_default().to_owned();
        assert!(
            detail.contains("weak entity tags") && detail.contains("Accept-Encoding: gzip"),
            "{detail}"
        );
    }
    let stale = put(server.addr, "/docs/1", &[("If-Match", "\"v0\", W/\"v1\"")], "stale");
    assert_eq!(stale.status, 412);
    assert!(
        !stale.json()["detail"].as_str().unwrap_or_default().contains("weak"),
        "{}",
        stale.text()
    );
    assert_eq!(get(server.addr, "/docs/1", &[]).text(), "one");
}

// RFC 9110 §13.1.1 and §15.5.13: a 412 for a resource that exists names the state that won, as its ETag and in
// its problem+json, so that the client can rebase without a GET; one for a resource that does not exist says so.
#[test]
fn rfc9110_15_5_13_a_412_names_the_current_tag() {
    let server = serve(routes());
    assert_eq!(
        put(server.addr, "/docs/1", &[("If-Match", "\"v1\"")], "two").status,
        204
    );
    let stale = put(server.addr, "/docs/1", &[("If-Match", "\"v1\"")], "lost");
    assert_eq!(stale.status, 412);
    let current = get(server.addr, "/docs/1", &[]);
    assert_eq!(stale.header("etag"), current.header("etag"));
    assert_eq!(stale.header("etag"), Some("\"v2\""));
    let problem = stale.json();
    assert_eq!(problem["current_etag"], "\"v2\"");
    assert!(problem["detail"].as_str().unwrap().contains("\"v2\""), "{problem}");
    // The rebased write, with the tag the 412 named, goes through.
    let rebased = put(
        server.addr,
        "/docs/1",
        &[("If-Match", stale.header("etag").unwrap())],
        "three",
    );
    assert_eq!(rebased.status, 204);

    let missing = put(server.addr, "/docs/9", &[("If-Match", "\"v1\"")], "nine");
    assert_eq!(missing.status, 412);
    assert_eq!(missing.header("etag"), None);
    assert_eq!(missing.json()["current_etag"], serde_json::Value::Null);
    assert!(missing.json()["detail"].as_str().unwrap().contains("does not exist"));
}

// RFC 9110 §15.4.5: a 304 that a handler's `Precondition` decided on a GET carries the ETag (and Last-Modified)
// it was decided on, whether the `Rejected` is the handler's error or became a `Problem`; under the attribute it
// also carries the route's Cache-Control and Vary, the other fields its 200 would carry.
#[test]
fn rfc9110_15_4_5_a_304_from_a_precondition_carries_its_validators() {
    let server = serve(routes());
    let current = "\"v1\"";
    let plain = get(server.addr, "/plain-checked/1", &[("If-None-Match", current)]);
    assert_eq!(plain.status, 304);
    assert_eq!(plain.header("etag"), Some(current));
    assert!(plain.body.is_empty());
    let checked = get(server.addr, "/checked/1", &[("If-None-Match", current)]);
    assert_eq!(checked.status, 304);
    assert_eq!(checked.header("etag"), Some(current));
    assert_eq!(checked.header("cache-control"), Some("no-cache"));
    assert!(
        checked.tokens("vary").contains("accept-language"),
        "{:?}",
        checked.headers
    );
    assert_eq!(checked.header("content-type"), None, "a 304 describes no body");
    // Another tag is the 200.
    assert_eq!(
        get(server.addr, "/checked/1", &[("If-None-Match", "\"v0\"")]).status,
        200
    );
    // RFC 9110 §12.5.5: inside a `Conditional` scope too, the route's Vary is named once.
    let scoped = get(server.addr, "/scoped/checked/1", &[("If-None-Match", current)]);
    assert_eq!(scoped.status, 304);
    let named = scoped
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("vary"));
    let languages = named
        .flat_map(|(_, value)| value.split(','))
        .filter(|name| name.trim() == "Accept-Language");
    assert_eq!(languages.count(), 1, "{:?}", scoped.headers);
    // A handler without the attribute, inside a `Conditional` scope: the scope's fields.
    let plain_scoped = get(
        server.addr,
        "/plain-scoped/plain-checked/1",
        &[("If-None-Match", current)],
    );
    assert_eq!(plain_scoped.status, 304);
    assert_eq!(plain_scoped.header("etag"), Some(current));
    assert_eq!(plain_scoped.header("cache-control"), Some("no-cache"));
}
