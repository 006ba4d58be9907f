use etag_runtime::conditional;

struct Api;

impl Api {
    #[conditional]
    async fn handler(&self) -> actix_web::web::Json<u32> {
        actix_web::web::Json(1)
    }
}

fn main() {}
