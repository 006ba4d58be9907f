// An alias of `Result` is read by its type: the value inside is answered as it would be written out (here hashed JSON).
use actix_web::ResponseError;
use etag_runtime::conditional;
use serde::Serialize;

#[derive(Debug)]
struct ApiError;

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("api error")
    }
}

impl ResponseError for ApiError {}

#[derive(Serialize)]
struct User {
    id: u32,
}

type ApiResult<T> = Result<T, ApiError>;

#[conditional]
async fn handler() -> ApiResult<User> {
    Ok(User { id: 1 })
}

fn main() {}
