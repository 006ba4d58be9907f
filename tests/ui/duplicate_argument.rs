use etag_runtime::conditional;

#[conditional(vary = "Accept", vary = "Accept-Language")]
async fn handler() -> actix_web::web::Json<u32> {
    actix_web::web::Json(1)
}

fn main() {}
