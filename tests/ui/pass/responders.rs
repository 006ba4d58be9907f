//! Responder outputs: `impl Responder` with argument patterns and extractors, in a `Result`, and `#[get]` below
//! the attribute imported by name (its import must not be reported unused once the attribute routes HEAD too).
#![deny(unused_imports)]

use actix_web::web::{self, Html};
use actix_web::{App, HttpResponse, Responder, get};
use etag_runtime::conditional;

#[conditional]
#[get("/pair/{a}/{b}")]
async fn pair(path: web::Path<(u32, u32)>, mut text: String) -> impl Responder {
    let (a, b) = path.into_inner();
    text.push('!');
    Html::new(format!("{a} {b} {text}"))
}

#[conditional(cache_control = "no-cache")]
#[actix_web::get("/result")]
async fn result() -> Result<impl Responder, actix_web::Error> {
    Ok(HttpResponse::Ok().body("ok"))
}

#[conditional]
async fn generic<T: Responder + Default + 'static>(_request: actix_web::HttpRequest) -> impl Responder {
    T::default()
}

fn main() {
    let _ = App::new()
        .service(pair)
        .service(result)
        .route("/generic", web::get().to(generic::<String>));
}
