// Both hashes, by the attribute's argument and by the middleware's builder.
use actix_web::{App, HttpResponse, web};
use etag_runtime::{BodyHash, Conditional, conditional};

#[conditional(hash = sha1)]
async fn with_sha1() -> web::Json<Vec<u32>> {
    web::Json(vec![1, 2, 3])
}

#[conditional(hash = xxh3, hash_limit = 4096, cache_control = "no-cache")]
async fn with_xxh3() -> HttpResponse {
    HttpResponse::Ok().body("hashed with xxh3")
}

fn main() {
    let _ = App::new()
        .route("/sha1", web::get().to(with_sha1))
        .route("/xxh3", web::get().to(with_xxh3))
        .service(
            web::scope("/scope")
                .wrap(Conditional::default().hash(BodyHash::Xxh3))
                .route("/", web::get().to(with_sha1)),
        );
}
