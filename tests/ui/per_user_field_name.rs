use actix_web::web::Json;
use etag_runtime::conditional;

#[conditional(per_user = "X-User")]
async fn mine() -> Json<u32> {
    Json(1)
}

fn main() {}
