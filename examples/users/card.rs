//! `/users/{id}/card`: one user as an HTML fragment, in English or French by Accept-Language.
//!
//! The handler sets its own strong ETag and Last-Modified, which `#[conditional]` uses as they are (no hashing),
//! and picks the language with `Variant::negotiate`, which names it: the tag of each language is its own
//! (`"card-v3+s..+v.fr"`), so a cache holding the English card never gets a 304 for it from a French request
//! (RFC 9110 §8.8.3, RFC 9111 §4.3.1), and `Vary` names Accept-Language beside Accept-Encoding.

use actix_web::http::header;
use actix_web::web;
use actix_web::{HttpRequest, HttpResponse};
use etag_runtime::actix::Variant;
use etag_runtime::{ETag, HttpDate, conditional};

use crate::docs;
use crate::errors::ApiError;
use crate::model::User;
use crate::pages::escape_html;
use crate::paths::user_id;
use crate::store::Store;

/// The languages the card is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Language {
    English,
    French,
}

impl Language {
    /// The one of English and French the request ranks highest, and the variant named for it: English when it
    /// asks for neither, for anything (`*`), refuses French (`fr;q=0`), or sends no Accept-Language.
    fn negotiated(request: &HttpRequest) -> Language {
        match Variant::negotiate(request, "Accept-Language", &["en", "fr"], "en") {
            "fr" => Language::French,
            _ => Language::English,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::French => "fr",
        }
    }

    fn email_label(self) -> &'static str {
        match self {
            Language::English => "Email:",
            Language::French => "Courriel :",
        }
    }
}

/// One user as an HTML fragment, validated by the tag and date the handler sets from the user itself.
#[conditional(cache_control = "no-cache", vary = "Accept-Language")]
#[utoipa::path(get, path = "/users/{id}/card", tag = "pages", params(docs::UserId, docs::AcceptLanguage), responses(
    (status = 200, description = "The user as an HTML fragment, in English or French (`en` and `fr` by \
        Accept-Language; English when neither is asked for). Its ETag is strong, `\"card-\"` and the user's tag, \
        then the language (`+v.en`, `+v.fr`).", body = String, content_type = "text/html",
        headers(("Vary" = String, description = "Accept-Language, Accept-Encoding: each language is its own representation, with its own tag."))),
    docs::BadRequest,
    docs::NoSuchUser,
))]
pub async fn user_card(
    request: HttpRequest,
    store: web::Data<Store>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = user_id(&id)?;
    let user = store.find(id).await?;
    let user = user.ok_or(ApiError::not_found(id))?;
    let language = Language::negotiated(&request);
    // The same state as the user's JSON, in another representation: its own strong tag, from the user's.
    let mut response = HttpResponse::Ok();
    response
        .content_type("text/html; charset=utf-8")
        .insert_header((header::ETAG, format!("\"card-{}\"", user.etag().opaque())))
        .insert_header((header::CONTENT_LANGUAGE, language.code()));
    if let Some(modified) = user.last_modified() {
        response.insert_header((header::LAST_MODIFIED, HttpDate::from(modified).to_string()));
    }
    Ok(response.body(card(&user, language)))
}

fn card(user: &User, language: Language) -> String {
    format!(
        "<article class=\"user\" id=\"user-{}\" lang=\"{}\"><h2>{}</h2><p>{} <a href=\"mailto:{email}\">{email}</a></p></article>\n",
        user.id,
        language.code(),
        escape_html(&user.name),
        language.email_label(),
        email = escape_html(&user.email),
    )
}
