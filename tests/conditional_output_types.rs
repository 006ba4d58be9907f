//! `#[conditional]` reads the handler's output by its type, not by how the type is spelt: a model behind a
//! `Result` alias, in an `Option`, or in an `Option<Json<_>>` gets its own strong tag, as it does written out.
//! Over real HTTP on 127.0.0.1.

mod support;

use actix_web::http::StatusCode;
use actix_web::web::{self, Json, ServiceConfig};
use actix_web::{Either, HttpResponse, get};
use etag_runtime::validators::ModelShape;
use etag_runtime::{ETag, Problem, conditional};
use serde::Serialize;
use support::{get, hashed_tag, serve};

#[derive(Serialize, ETag)]
#[etag(prefix = "v")]
struct Article {
    #[etag]
    version: u64,
    title: &'static str,
}

fn article() -> Article {
    Article {
        version: 7,
        title: "Caching",
    }
}

/// An application's own alias, as the actix docs suggest writing one.
type ApiResult<T> = Result<T, Problem>;

/// The same alias under another name and around `Json`, with `actix_web::Error`.
type Answer<T> = Result<Json<T>, actix_web::Error>;

#[conditional]
#[get("/alias")]
async fn through_alias() -> ApiResult<Article> {
    Ok(article())
}

#[conditional]
#[get("/alias-json")]
async fn through_alias_json() -> Answer<Article> {
    Ok(Json(article()))
}

#[conditional]
#[get("/alias-err")]
async fn alias_err() -> ApiResult<Article> {
    Err(Problem::new(StatusCode::NOT_FOUND, "no article 8"))
}

#[conditional]
#[get("/option/{found}")]
async fn optional(found: web::Path<bool>) -> Option<Article> {
    found.then(article)
}

#[conditional]
#[get("/option-json/{found}")]
async fn optional_json(found: web::Path<bool>) -> Option<Json<Article>> {
    found.then(|| Json(article()))
}

#[conditional]
#[get("/alias-option")]
async fn alias_option() -> ApiResult<Option<Json<Article>>> {
    Ok(Some(Json(article())))
}

/// A model inside a response built by hand is not seen: its body is hashed, as the docs say.
#[conditional]
#[get("/by-hand")]
async fn by_hand() -> HttpResponse {
    HttpResponse::Ok().json(article())
}

/// A model with a status, as actix's tuple gives one.
#[conditional]
#[get("/with-status/{status}")]
async fn model_with_status(status: web::Path<u16>) -> (Json<Article>, StatusCode) {
    (Json(article()), StatusCode::from_u16(*status).expect("a status"))
}

/// A model on one side of an `Either`, a hand-built response on the other.
#[conditional]
#[get("/either/{left}")]
async fn either(left: web::Path<bool>) -> Either<Json<Article>, HttpResponse> {
    match left.into_inner() {
        true => Either::Left(Json(article())),
        false => Either::Right(HttpResponse::Ok().body("plain")),
    }
}

#[derive(Serialize)]
struct Plain {
    text: &'static str,
}

/// An `Option` of a value that is only `Serialize`.
#[conditional]
#[get("/option-plain/{found}")]
async fn optional_plain(found: web::Path<bool>) -> Option<Json<Plain>> {
    found.then(|| Json(Plain { text: "here" }))
}

/// The same, bare.
#[conditional]
#[get("/option-bare/{found}")]
async fn optional_bare(found: web::Path<bool>) -> Option<Plain> {
    found.then_some(Plain { text: "here" })
}

fn routes() -> impl Fn(&mut ServiceConfig) + Clone + Send + 'static {
    |config: &mut ServiceConfig| {
        config
            .service(through_alias)
            .service(through_alias_json)
            .service(alias_err)
            .service(optional)
            .service(optional_json)
            .service(alias_option)
            .service(model_with_status)
            .service(either)
            .service(optional_plain)
            .service(optional_bare)
            .service(by_hand);
    }
}

// RFC 9110 §8.8.3: a model's strong tag, whichever way its handler's output type is spelt; and the 304 for it
// (§13.1.2), so the tag is really compared.
#[test]
fn rfc9110_8_8_3_model_tag_through_alias_and_option() {
    let server = serve(routes());
    for path in [
        "/alias",
        "/alias-json",
        "/option/true",
        "/option-json/true",
        "/alias-option",
    ] {
        let ok = get(server.addr, path, &[]);
        assert_eq!(ok.status, 200, "{path}");
        // The model's tag: its version, then the digest of `Article`'s definition.
        let tag = format!("\"v7+s.{}\"", Article::SHAPE);
        assert_eq!(ok.header("etag"), Some(tag.as_str()), "{path}");
        assert_eq!(ok.json()["title"], "Caching", "{path}");
        let again = get(server.addr, path, &[("If-None-Match", &tag)]);
        assert_eq!(again.status, 304, "{path}");
    }
}

// RFC 9110 §13.2.1: an `Err` through an alias, and a `None`, are not the representation: no validators, and
// never a 304, whatever the request holds.
#[test]
fn rfc9110_13_2_1_err_and_none_pass_untouched() {
    let server = serve(routes());
    for (path, status) in [("/alias-err", 404), ("/option/false", 404), ("/option-json/false", 404)] {
        let response = get(server.addr, path, &[("If-None-Match", "*")]);
        assert_eq!(response.status, status, "{path}");
        assert_eq!(response.header("etag"), None, "{path}");
    }
    let problem = get(server.addr, "/alias-err", &[]);
    assert_eq!(problem.header("content-type"), Some("application/problem+json"));
}

// RFC 9110 §8.8.1: a response the handler built itself is hashed from its bytes (a weak tag), since the model
// inside it cannot be seen; the docs of the modes say so.
#[test]
fn rfc9110_8_8_1_a_response_built_by_hand_is_hashed() {
    let server = serve(routes());
    let response = get(server.addr, "/by-hand", &[]);
    assert_eq!(response.status, 200);
    assert_eq!(response.header("etag"), Some(hashed_tag(&response.body).as_str()));
    assert!(response.header("etag").is_some_and(|tag| tag.starts_with("W/")));
}

// RFC 9110 §8.8.3 and §13.1.1: a model behind actix's ordinary wrappers, `(Json<M>, StatusCode::OK)` and
// `Either<Json<M>, R>`, keeps its own strong tag, which guards writes, and revalidates to a 304; the other side of
// the `Either` is hashed from its bytes.
#[test]
fn rfc9110_8_8_3_a_model_keeps_its_strong_tag_through_a_status_tuple_and_either() {
    let server = serve(routes());
    let tag = format!("\"v7+s.{}\"", Article::SHAPE);
    for path in ["/with-status/200", "/either/true"] {
        let response = get(server.addr, path, &[]);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("etag"), Some(tag.as_str()), "{path}");
        assert_eq!(response.json()["title"], "Caching", "{path}");
        assert_eq!(get(server.addr, path, &[("If-None-Match", &tag)]).status, 304, "{path}");
    }
    let right = get(server.addr, "/either/false", &[]);
    assert_eq!(right.header("etag"), Some(hashed_tag(b"plain").as_str()));
}

// RFC 9110 §13.2.1 and §15.4.5: a tuple's other status is sent as actix sends it, unevaluated: a 304 stands only
// for a 200, and preconditions are ignored where the answer would not be 2xx; an error is not stored.
#[test]
fn rfc9110_13_2_1_a_tuples_other_status_is_sent_unevaluated() {
    let server = serve(routes());
    let tag = format!("\"v7+s.{}\"", Article::SHAPE);
    for (status, held) in [(202, tag.as_str()), (404, "*")] {
        let response = get(
            server.addr,
            &format!("/with-status/{status}"),
            &[("If-None-Match", held)],
        );
        assert_eq!(response.status, status);
        assert_eq!(response.header("etag"), None, "{status}");
        assert_eq!(
            response.json()["title"],
            "Caching",
            "{status}: the body as actix sends it"
        );
    }
    let missing = get(server.addr, "/with-status/404", &[]);
    assert_eq!(missing.header("cache-control"), Some("no-store"));
}

// RFC 9110 §15.5.5: `None` is actix's 404 whatever is inside the `Option`, never a 200 of `null`; `Some` is
// sent as without the `Option`.
#[test]
fn rfc9110_15_5_5_none_is_a_404_whatever_the_option_holds() {
    let server = serve(routes());
    for path in ["/option-plain/false", "/option-bare/false"] {
        let response = get(server.addr, path, &[]);
        assert_eq!(response.status, 404, "{path}: {}", response.text());
        assert!(response.body.is_empty(), "{path}");
        assert_eq!(response.header("etag"), None, "{path}");
    }
    for path in ["/option-plain/true", "/option-bare/true"] {
        let response = get(server.addr, path, &[]);
        assert_eq!(
            (response.status, response.json()["text"].as_str()),
            (200, Some("here")),
            "{path}"
        );
        assert!(
            response.header("etag").is_some_and(|tag| tag.starts_with("W/")),
            "{path}"
        );
    }
}
