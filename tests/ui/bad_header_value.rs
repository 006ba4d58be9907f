use etag_runtime::conditional;

#[conditional(cache_control = "max-age=60\n")]
async fn handler() -> actix_web::web::Json<u32> {
    actix_web::web::Json(1)
}

fn main() {}
