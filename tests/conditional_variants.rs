//! Tags per variant, per requester and per release in a small app (RFC 9110 §8.8.3): the release goes into model
//! and `Deferred` tags and no hashed one; variants named by the handler or hashed from the declared Vary fields;
//! the `Conditional` middleware's `per_user`; and a guarded write on a resource with language variants, which
//! compares the state whatever representation its client saw (§13.1.1).

mod support;

use std::sync::Mutex;

use actix_web::web::{self, Bytes, Json, ServiceConfig};
use actix_web::{HttpRequest, HttpResponse, get, put};
use etag_runtime::actix::{Requester, Variant, release, set_release};
use etag_runtime::hashing::BodyHash;
use etag_runtime::validators::ModelShape;
use etag_runtime::{Conditional, Deferred, ETag, Precondition, Problem, Validators, conditional};
use serde::Serialize;
use support::{Response, get, send, serve};

/// The release every test of this process runs with; whichever test starts first sets it.
const RELEASE: &str = "variants-test-1";

#[derive(Clone, Serialize, ETag)]
#[etag(prefix = "v")]
struct Greeting {
    #[etag]
    version: u64,
    text: String,
}

#[derive(ETag)]
#[etag(prefix = "v", stands_for = Greeting)]
struct GreetingStamp {
    #[etag]
    version: u64,
}

type Store = web::Data<Mutex<Greeting>>;

fn language(request: &HttpRequest) -> &'static str {
    let asked = request.headers().get("accept-language").map(|value| value.as_bytes());
    if asked.is_some_and(|value| value.starts_with(b"fr")) {
        "fr"
    } else {
        "en"
    }
}

/// The greeting in the language asked for; the handler names the variant it picked.
#[conditional(vary = "Accept-Language")]
#[get("/greeting")]
async fn greeting(request: HttpRequest, store: Store) -> Greeting {
    let picked = language(&request);
    Variant::choose(&request, picked);
    let mut stored = store.lock().unwrap().clone();
    if picked == "fr" {
        stored.text = format!("fr: {}", stored.text);
    }
    stored
}

/// The same, from a stamp before the body: a `Deferred`, whose variant is a digest of the declared field.
#[conditional(vary = "Accept-Language")]
#[get("/deferred")]
async fn deferred(request: HttpRequest, store: Store) -> Deferred {
    let version = store.lock().unwrap().version;
    let picked = language(&request);
    Deferred::new(Validators::of(&GreetingStamp { version }), async move { Json(picked) })
}

/// A hashed body that depends on nothing but the stored text.
#[conditional]
#[get("/hashed")]
async fn hashed(store: Store) -> Json<String> {
    Json(store.lock().unwrap().text.clone())
}

/// Replaces the greeting, guarded by its state.
#[put("/greeting")]
async fn replace(store: Store, precondition: Precondition, text: Bytes) -> Result<HttpResponse, Problem> {
    let mut stored = store.lock().unwrap();
    precondition.check(Some(&*stored))?;
    stored.version += 1;
    stored.text = String::from_utf8_lossy(&text).into_owned();
    Ok(HttpResponse::NoContent().finish())
}

static BY_USER_FIELD: Requester = Requester::field("X-User");

/// A page whose body names who asks, in a `Conditional` scope that is per user.
async fn whoami(request: HttpRequest) -> HttpResponse {
    let user = request
        .headers()
        .get("x-user")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("nobody");
    HttpResponse::Ok()
        .insert_header(("ETag", "\"page-1\""))
        .body(format!("you are {user}"))
}

/// The greeting for the requester, who must be `alice`: anyone else gets `None`, actix's 404.
#[conditional(per_user = BY_USER_FIELD)]
#[get("/mine")]
async fn mine(request: HttpRequest, store: Store) -> Option<Greeting> {
    let alice = request.headers().get("x-user").is_some_and(|user| user == "alice");
    alice.then(|| store.lock().unwrap().clone())
}

/// A route with language variants whose handler fails, once with a Cache-Control of its own.
#[conditional(vary = "Accept-Language")]
#[get("/failing/{kept}")]
async fn failing_variant(kept: web::Path<bool>) -> Result<Greeting, actix_web::Error> {
    let mut response = HttpResponse::NotFound();
    if kept.into_inner() {
        response.insert_header(("Cache-Control", "max-age=5"));
    }
    Err(actix_web::error::InternalError::from_response("no greeting", response.finish()).into())
}

fn routes(store: Store) -> impl Fn(&mut ServiceConfig) + Clone + Send + 'static {
    move |config: &mut ServiceConfig| {
        config
            .app_data(store.clone())
            .service(greeting)
            .service(deferred)
            .service(hashed)
            .service(replace)
            .service(mine)
            .service(failing_variant)
            .service(
                web::scope("/whoami")
                    .wrap(Conditional::default().per_user(&BY_USER_FIELD))
                    .route("", web::get().to(whoami))
                    .route("/gone", web::get().to(HttpResponse::NotFound)),
            );
    }
}

fn start() -> support::TestServer {
    // The first test to start fixes the release for the process; every test sees the same one.
    let _ = set_release(RELEASE);
    assert_eq!(release(), Some(RELEASE));
    let store = Store::new(Mutex::new(Greeting {
        version: 3,
        text: "hello".into(),
    }));
    serve(routes(store))
}

fn etag(response: &Response) -> String {
    response.header("etag").expect("an ETag").to_owned()
}

fn in_language(language: &'static str) -> [(&'static str, &'static str); 1] {
    [("Accept-Language", language)]
}

/// The part of a tag after `+r.`, if it has one.
fn release_part(tag: &str) -> Option<&str> {
    let start = tag.find("+r.")? + 3;
    Some(tag[start..].split(['+', '"']).next().unwrap_or_default())
}

// RFC 9110 §8.8.3: the release goes into model and `Deferred` tags, after the shape, and into no hashed tag,
// which stays the hash of the bytes sent, byte for byte.
#[test]
fn rfc9110_8_8_3_the_release_is_in_model_and_deferred_tags_only() {
    let server = start();
    let model = etag(&get(server.addr, "/greeting", &[]));
    let stamped = etag(&get(server.addr, "/deferred", &[]));
    let shape = format!("+s.{}+r.", Greeting::SHAPE);
    assert!(model.starts_with(&format!("\"v3{shape}")), "{model}");
    assert!(stamped.starts_with(&format!("\"v3{shape}")), "{stamped}");
    assert_eq!(release_part(&model), release_part(&stamped));
    assert_eq!(release_part(&model).map(str::len), Some(8));
    let body_hashed = get(server.addr, "/hashed", &[]);
    assert_eq!(etag(&body_hashed), BodyHash::Sha1.tag(&body_hashed.body).to_string());
}

// RFC 9110 §8.8.3 and §8.8.1: each variant has its own tag, named by the handler (`+v.fr`) or else hashed from
// the declared field; each revalidates to its own 304, and the other's tag gets the body.
#[test]
fn rfc9110_8_8_3_variants_have_their_own_tags() {
    let server = start();
    for path in ["/greeting", "/deferred"] {
        let english = get(server.addr, path, &in_language("en"));
        let french = get(server.addr, path, &in_language("fr"));
        assert_ne!(english.body, french.body, "{path}");
        let (english_tag, french_tag) = (etag(&english), etag(&french));
        assert_ne!(english_tag, french_tag, "{path}");
        let not_modified = get(
            server.addr,
            path,
            &[in_language("fr")[0], ("If-None-Match", &french_tag)],
        );
        assert_eq!(not_modified.status, 304, "{path}");
        let other = get(
            server.addr,
            path,
            &[in_language("fr")[0], ("If-None-Match", &english_tag)],
        );
        assert_eq!(other.status, 200, "{path}");
    }
    assert!(etag(&get(server.addr, "/greeting", &in_language("fr"))).contains("+v.fr"));
    assert!(etag(&get(server.addr, "/deferred", &in_language("fr"))).contains("+h."));
}

// RFC 9110 §13.1.1: on a resource with language variants, If-Match with either variant's current tag passes, a
// tag of the same state from another release or another build of the model passes, and a stale one gets 412.
#[test]
fn rfc9110_13_1_1_writes_compare_the_state_of_any_representation() {
    let server = start();
    let other_release = "\"v3+s.0badc0de+r.12345678+v.en\"";
    let other_shape = "\"v3+s.0badc0de\"";
    let write = |tag: &str| send(server.addr, "PUT", "/greeting", &[("If-Match", tag)], b"hi").status;
    let variants: [&[(&str, &str)]; 3] = [&in_language("en"), &in_language("fr"), &[("Accept-Encoding", "gzip")]];
    for (variant, next) in variants.into_iter().zip(4..) {
        let current = etag(&get(server.addr, "/greeting", variant));
        assert_eq!(write(&current), 204, "{current}");
        let after = etag(&get(server.addr, "/greeting", &[]));
        assert!(after.starts_with(&format!("\"v{next}+")), "{after}");
        assert_eq!(write(&current), 412, "{current} is stale now");
    }
    let state_now = etag(&get(server.addr, "/greeting", &[]));
    assert!(state_now.starts_with("\"v6+"));
    assert_eq!(write(&other_release.replace("v3", "v6")), 204);
    assert_eq!(write(&other_shape.replace("v3", "v7")), 204);
    assert_eq!(write(other_shape), 412);
}

// RFC 9111 §5.2.2.7: a per-user scope names the requester in the tag (hashed: no user in it), in Vary, and makes
// the answer private; one user's tag never validates another's copy.
#[test]
fn rfc9111_5_2_2_7_per_user_scopes_are_private_and_tagged_per_requester() {
    let server = start();
    let as_user = |user: &'static str, tag: Option<&str>| {
        let mut headers = vec![("X-User", user)];
        headers.extend(tag.map(|tag| ("If-None-Match", tag)));
        get(server.addr, "/whoami", &headers)
    };
    let (alice, bob) = (as_user("alice", None), as_user("bob", None));
    let (alice_tag, bob_tag) = (etag(&alice), etag(&bob));
    assert_ne!(alice_tag, bob_tag);
    assert!(
        alice_tag.starts_with("\"page-1+u.") && !alice_tag.contains("alice"),
        "{alice_tag}"
    );
    for response in [&alice, &bob] {
        assert_eq!(response.header("cache-control"), Some("private"));
        assert!(response.tokens("vary").contains("x-user"), "{:?}", response.headers);
    }
    assert_eq!(as_user("alice", Some(&alice_tag)).status, 304);
    assert_eq!(as_user("bob", Some(&alice_tag)).status, 200);
}

// RFC 9110 §8.8.3, RFC 9111 §4.1: a requester is its exact bytes. A requester field that is not visible ASCII, or
// that is sent twice, names no one for certain, so it is refused (400), on the attribute's routes and in the
// middleware's scopes, before anything runs: two such values are never taken for one requester.
#[test]
fn rfc9110_8_8_3_a_requester_field_that_names_no_one_for_certain_is_refused() {
    let server = start();
    for path in ["/mine", "/whoami"] {
        for headers in [
            vec![("X-User", "u\u{ff}")],
            vec![("X-User", "u\u{fe}")],
            vec![("X-User", "alice"), ("X-User", "bob")],
        ] {
            let refused = get(server.addr, path, &headers);
            assert_eq!(refused.status, 400, "{path} {headers:?}");
            assert_eq!(refused.header("content-type"), Some("application/problem+json"));
            assert!(
                refused.json()["detail"].as_str().unwrap().contains("X-User"),
                "{}",
                refused.text()
            );
            // RFC 9111 §4.1: an error of a per-user route varies with the requester too, and is not stored.
            assert!(refused.tokens("vary").contains("x-user"), "{:?}", refused.headers);
            assert_eq!(refused.header("cache-control"), Some("no-store"));
        }
        // A name with spaces inside is visible text, and names someone.
        assert_eq!(
            get(server.addr, path, &[("X-User", "Ada Lovelace")]).status,
            if path == "/mine" { 404 } else { 200 }
        );
    }
}

// RFC 9111 §4.1 and §4.2.2: every answer of a per-user or variant route carries the route's Vary, its errors
// included (a 404 for an unknown requester, a handler's own error, a 412), so that a shared cache never gives one
// requester's error to another; and an error is `no-store` unless the handler says otherwise, so that no cache
// keeps a 404 by heuristic after the resource is created.
#[test]
fn rfc9111_4_1_errors_of_per_user_and_variant_routes_carry_their_vary_and_are_not_stored() {
    let server = start();
    let alice = get(server.addr, "/mine", &[("X-User", "alice")]);
    assert_eq!(alice.status, 200);
    let unknown = get(server.addr, "/mine", &[("X-User", "mallory")]);
    let scoped = get(server.addr, "/whoami/gone", &[("X-User", "mallory")]);
    for response in [&unknown, &scoped] {
        assert_eq!(response.status, 404);
        assert!(response.tokens("vary").contains("x-user"), "{:?}", response.headers);
        assert_eq!(response.header("cache-control"), Some("no-store"));
    }
    let failed = get(server.addr, "/failing/false", &in_language("fr"));
    let failed_match = get(
        server.addr,
        "/greeting",
        &[("Accept-Language", "fr"), ("If-Match", "\"nope\"")],
    );
    assert_eq!((failed.status, failed_match.status), (404, 412));
    for response in [&failed, &failed_match] {
        assert!(
            response.tokens("vary").contains("accept-language"),
            "{:?}",
            response.headers
        );
        assert_eq!(response.header("cache-control"), Some("no-store"));
    }
    // A handler's own Cache-Control on its error is its choice, and stays.
    let kept = get(server.addr, "/failing/true", &in_language("fr"));
    assert_eq!((kept.status, kept.header("cache-control")), (404, Some("max-age=5")));
}
