// RFC 9110 §13.1.1: a PUT, PATCH or DELETE under #[conditional] must take a `Precondition` to evaluate.
use actix_web::web::Json;
use actix_web::{delete, put};
use etag_runtime::conditional;

#[conditional]
#[put("/doc")]
async fn replace(text: String) -> Json<String> {
    Json(text)
}

#[conditional]
#[actix_web::route("/doc", method = "GET", method = "DELETE")]
async fn remove() -> Json<u32> {
    Json(0)
}

#[conditional]
#[delete("/doc/{id}")]
async fn remove_one() -> Json<u32> {
    Json(0)
}

fn main() {}
