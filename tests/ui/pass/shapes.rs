//! Every output shape, both attribute orders, `web::resource` registration, extractor patterns, generics and
//! doc comments.
use actix_web::web::{self, Json};
use actix_web::{App, get, post};
use etag_runtime::{ETag, EntityTag, Problem, conditional};
use serde::Serialize;

#[derive(Serialize)]
struct Model {
    id: u32,
}

impl ETag for Model {
    fn etag(&self) -> EntityTag {
        EntityTag::strong(self.id.to_string()).expect("digits")
    }
}

#[derive(Serialize)]
struct Plain {
    id: u32,
}

/// Documented handler: the docs stay on the generated function.
#[conditional]
#[get("/above")]
pub async fn above() -> Json<Plain> {
    Json(Plain { id: 1 })
}

#[get("/below")]
#[conditional(cache_control = "no-cache", vary = "Accept")]
async fn below() -> Plain {
    Plain { id: 1 }
}

#[conditional]
async fn bare_model(path: web::Path<(u32, u32)>) -> Model {
    let (a, b) = path.into_inner();
    Model { id: a + b }
}

#[conditional]
async fn json_model(web::Query(query): web::Query<std::collections::HashMap<String, String>>) -> Json<Model> {
    Json(Model { id: query.len() as u32 })
}

#[conditional]
async fn result_plain(id: web::Path<u32>) -> Result<Plain, Problem> {
    let id = id.into_inner();
    if id == 0 {
        return Err(Problem::new(actix_web::http::StatusCode::NOT_FOUND, "none"));
    }
    Ok(Plain { id })
}

#[conditional]
async fn result_json_model() -> Result<Json<Model>, actix_web::Error> {
    let id: u32 = "7".parse().map_err(actix_web::error::ErrorBadRequest)?;
    Ok(Json(Model { id }))
}

#[conditional]
async fn actix_result() -> actix_web::Result<Json<Vec<Plain>>> {
    Ok(Json(vec![Plain { id: 1 }]))
}

#[conditional]
async fn generic<T: Default + Serialize>(_marker: web::Data<u8>) -> Json<Vec<T>> {
    Json(vec![T::default()])
}

#[post("/create")]
#[conditional]
async fn mutable_pattern(mut body: Json<Vec<u32>>) -> Json<Vec<u32>> {
    body.push(1);
    body
}

/// A PUT under the attribute takes a `Precondition` (RFC 9110 §13.1.1); a POST needs none.
#[conditional]
#[actix_web::put("/guarded")]
async fn guarded_put(precondition: etag_runtime::Precondition) -> Result<Json<Plain>, Problem> {
    precondition.check(None::<&Model>)?;
    Ok(Json(Plain { id: 2 }))
}

#[conditional]
#[post("/appended")]
async fn appended() -> Json<Plain> {
    Json(Plain { id: 3 })
}

fn main() {
    let _app = App::new()
        .service(guarded_put)
        .service(appended)
        .service(above)
        .service(below)
        .service(mutable_pattern)
        .service(web::resource("/m/{a}/{b}").route(web::get().to(bare_model)))
        .route("/json", web::get().to(json_model))
        .route("/r/{id}", web::get().to(result_plain))
        .route("/rj", web::get().to(result_json_model))
        .route("/ar", web::get().to(actix_result))
        .route("/g", web::get().to(generic::<u32>));
}
