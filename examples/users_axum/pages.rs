//! The users as HTML and CSV, with no validators of their own: the `Conditional` layer hashes each body into a
//! weak ETag, which a 304 saves sending.

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{Html, IntoResponse};
use etag_runtime::openapi::{ConditionalRead, ReadPreconditions};

use crate::errors::ApiError;
use crate::store::Store;
use crate::views::{csv, home_page};

/// The home page: every user in a table.
#[utoipa::path(get, path = "/", tag = "pages", params(ReadPreconditions), responses(
    ConditionalRead,
    (status = 200, description = "Every user in an HTML table.", body = String, content_type = "text/html"),
))]
pub async fn home(State(store): State<Store>) -> Result<Html<String>, ApiError> {
    let users = store.list().await?;
    Ok(Html(home_page(&users)))
}

/// The users as CSV (RFC 4180).
#[utoipa::path(get, path = "/users.csv", tag = "pages", params(ReadPreconditions), responses(
    ConditionalRead,
    (status = 200, description = "Every user, one CSV row each, under a header row.", body = String, content_type = "text/csv"),
))]
pub async fn users_csv(State(store): State<Store>) -> Result<impl IntoResponse, ApiError> {
    let users = store.list().await?;
    Ok(([(CONTENT_TYPE, "text/csv; charset=utf-8")], csv(&users)))
}
