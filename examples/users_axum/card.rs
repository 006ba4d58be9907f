//! `/users/{id}/card`: one user as an HTML fragment, in English or French by Accept-Language.
//!
//! The handler sets its own strong ETag and Last-Modified, which the `Conditional` layer uses as they are, and
//! returns the `Variant` it negotiated beside them, so that the tag of each language is its own
//! (`"card-v3+s..+v.fr"`, RFC 9110 §8.8.3, RFC 9111 §4.3.1); the route's layer declares `vary("Accept-Language")`.

use axum::extract::State;
use axum::http::header::{CONTENT_LANGUAGE, CONTENT_TYPE, ETAG, LAST_MODIFIED};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::IntoResponse;
use etag_runtime::axum::Variant;
use etag_runtime::openapi::{ConditionalRead, ReadPreconditions};
use etag_runtime::{ETag, HttpDate};

use crate::docs;
use crate::errors::ApiError;
use crate::extract::Segment;
use crate::model::User;
use crate::paths::user_id;
use crate::store::Store;
use crate::views::{Language, card, card_tag};

/// One user as an HTML fragment, validated by the tag and date the handler sets from the user itself.
#[utoipa::path(get, path = "/users/{id}/card", tag = "pages",
    params(docs::UserId, docs::AcceptLanguage, ReadPreconditions),
    responses(
        ConditionalRead,
        (status = 200, description = "The user as an HTML fragment in English or French, by Accept-Language. Its \
            strong ETag is `\"card-\"` and the user's tag, then the language (`+v.en`, `+v.fr`).", body = String,
            content_type = "text/html",
            headers(("Vary" = String, description = "Accept-Language, Accept-Encoding: each language is its own representation, with its own tag."))),
        docs::BadRequest,
        docs::NoSuchUser,
    ),
)]
pub async fn user_card(
    State(store): State<Store>,
    Segment(id): Segment,
    request: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    let id = user_id(&id)?;
    let user = store.find(id).await?.ok_or(ApiError::not_found(id))?;
    let variant = Variant::negotiate(&request, "Accept-Language", &Language::OFFERED, Language::DEFAULT);
    let language = Language::of_code(variant.name());
    Ok((variant, fields(&user, language), card(&user, language)))
}

/// The card's fields: its type, its language, its own strong tag and the user's date.
fn fields(user: &User, language: Language) -> HeaderMap {
    let mut fields = HeaderMap::new();
    fields.insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    fields.insert(CONTENT_LANGUAGE, HeaderValue::from_static(language.code()));
    if let Ok(tag) = HeaderValue::try_from(card_tag(user)) {
        fields.insert(ETAG, tag);
    }
    let date = user
        .last_modified()
        .map(|modified| HttpDate::from(modified).to_string());
    if let Some(Ok(date)) = date.map(HeaderValue::try_from) {
        fields.insert(LAST_MODIFIED, date);
    }
    fields
}
