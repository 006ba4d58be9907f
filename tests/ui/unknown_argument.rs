use etag_runtime::conditional;

#[conditional(max_age = "60")]
async fn handler() -> actix_web::web::Json<u32> {
    actix_web::web::Json(1)
}

fn main() {}
