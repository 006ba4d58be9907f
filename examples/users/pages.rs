//! The users as HTML and CSV: two ways the library makes a handler that is not JSON conditional (the card, in
//! `card.rs`, is the third).
//!
//! - `/`: `#[conditional]` on a handler that returns `impl Responder` (an `Html` page): the ETag is hashed from
//!   the page's bytes, which a 304 saves sending.
//! - `/users.csv`: no attribute; the scope is wrapped in the `Conditional` middleware, which hashes the
//!   `HttpResponse` the handler built.

use actix_web::web::{self, Html};
use actix_web::{HttpResponse, Responder};
use etag_runtime::conditional;
use etag_runtime::openapi::{ConditionalRead, ReadPreconditions};

use crate::errors::ApiError;
use crate::store::Store;
use crate::views::{csv, home_page};

/// The home page: every user in a table.
#[conditional(cache_control = "no-cache")]
#[utoipa::path(get, path = "/", tag = "pages", responses(
    (status = 200, description = "Every user in an HTML table.", body = String, content_type = "text/html"),
))]
pub async fn home(store: web::Data<Store>) -> impl Responder {
    let users = store.list().await;
    users.map(|users| Html::new(home_page(&users)))
}

/// The users as CSV (RFC 4180), made conditional by the `Conditional` middleware around its scope.
// No `#[conditional]` here to document the preconditions, so the read's parameters and responses are listed.
#[utoipa::path(
    get, path = "/users.csv", tag = "pages",
    params(ReadPreconditions),
    responses(ConditionalRead, (status = 200, description = "Every user, one CSV row each, under a header row.", body = String, content_type = "text/csv")),
)]
pub async fn users_csv(store: web::Data<Store>) -> Result<HttpResponse, ApiError> {
    let users = store.list().await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .body(csv(&users)))
}
