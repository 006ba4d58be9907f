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
use crate::model::User;
use crate::store::Store;

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

fn home_page(users: &[User]) -> String {
    let rows: String = users
        .iter()
        .map(|user| {
            format!(
                "<tr><td><a href=\"/users/{id}/card\">{id}</a></td><td>{}</td><td>{}</td></tr>\n",
                escape_html(&user.name),
                escape_html(&user.email),
                id = user.id,
            )
        })
        .collect();
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Users</title></head>\n<body>\n\
         <h1>Users</h1>\n<table>\n<tr><th>id</th><th>name</th><th>email</th></tr>\n{rows}</table>\n\
         <p><a href=\"/users.csv\">CSV</a> · <a href=\"/users\">JSON</a></p>\n</body>\n</html>\n"
    )
}

fn csv(users: &[User]) -> String {
    let mut text = String::from("id,name,email,version\r\n");
    for user in users {
        let fields = [
            user.id.to_string(),
            csv_field(&user.name),
            csv_field(&user.email),
            user.version.to_string(),
        ];
        text.push_str(&fields.join(","));
        text.push_str("\r\n");
    }
    text
}

/// RFC 4180 §2: a field with a comma, a quote or a line break is quoted, its quotes doubled. A field that a
/// spreadsheet would read as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a
/// `'` before it first, as OWASP's advice on CSV injection says, so that `=HYPERLINK(..)` is shown, not run.
fn csv_field(text: &str) -> String {
    let defused = match text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        true => format!("'{text}"),
        false => text.to_owned(),
    };
    if defused.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// Names and addresses come from clients: escaped, so that none can inject markup into the page.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}
