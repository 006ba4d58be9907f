//! The generated code names everything by absolute path, so user items with common names cannot break it.
#![allow(dead_code)]

use ::etag_runtime::conditional;

struct HttpResponse;
struct HttpRequest;
struct Options;
struct Probe;
type Result<T> = ::core::result::Result<T, ()>;
mod core {}
mod actix_web {}
mod etag_runtime {}

#[conditional]
async fn handler(__etag_output: ::actix_web::web::Query<u32>) -> ::actix_web::web::Json<u32> {
    let value = *__etag_output;
    ::actix_web::web::Json(value)
}

fn main() {}
