// A handler that is not `async fn` gets the attribute's error alone, even where actix registers it.
use actix_web::{App, web};
use etag_runtime::conditional;

#[conditional]
fn handler() -> web::Json<u32> {
    web::Json(1)
}

fn main() {
    let _ = App::new().route("/", web::get().to(handler));
}
