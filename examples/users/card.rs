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
use crate::paths::user_id;
use crate::store::Store;
use crate::views::{Language, card, card_tag};

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
    let chosen = Variant::negotiate(&request, "Accept-Language", &Language::OFFERED, Language::DEFAULT);
    let language = Language::of_code(chosen);
    // The same state as the user's JSON, in another representation: its own strong tag, from the user's.
    let mut response = HttpResponse::Ok();
    response
        .content_type("text/html; charset=utf-8")
        .insert_header((header::ETAG, card_tag(&user)))
        .insert_header((header::CONTENT_LANGUAGE, language.code()));
    if let Some(modified) = user.last_modified() {
        response.insert_header((header::LAST_MODIFIED, HttpDate::from(modified).to_string()));
    }
    Ok(response.body(card(&user, language)))
}
