//! The fields the layer writes into a response: the validators, Cache-Control and Vary a 200 and its 304 both
//! carry (RFC 9110 §15.4.5), an error's, and the one way it makes a 304 from a 200.

use ::axum::body::Body;
use ::axum::response::Response;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};

use super::settings::Settings;
use crate::responses::{self, NOT_MODIFIED_FIELDS, Plan};
use crate::validators::entity_tag::EntityTag;

/// The validators and the layer's Cache-Control and Vary, which a 200 and its 304 both carry (RFC 9110
/// §15.4.5). A Cache-Control the handler set wins; on a route whose responses depend on who asks, one that set
/// none is `private` (RFC 9111 §5.2.2.7). A Vary name already there is not named again.
pub(crate) fn put_fields(headers: &mut HeaderMap, plan: Plan, settings: &Settings) {
    let etag = plan.etag.filter(|_| plan.rewrite_etag).map(EntityTag::into_field);
    let dates = [(header::LAST_MODIFIED, plan.last_modified), (header::DATE, plan.date)];
    let dates = dates
        .into_iter()
        .filter_map(|(name, date)| Some((name, date?.to_string())));
    for (name, value) in etag.map(|etag| (header::ETAG, etag)).into_iter().chain(dates) {
        insert(headers, name, value);
    }
    put_cache_fields(headers, settings);
}

/// The layer's Cache-Control (`private` on a route whose responses depend on who asks) unless the handler set
/// one, and its Vary names.
pub(crate) fn put_cache_fields(headers: &mut HeaderMap, settings: &Settings) {
    let private = settings.requester.map(|_| "private");
    if let Some(cache_control) = settings.cache_control.or(private)
        && !headers.contains_key(header::CACHE_CONTROL)
    {
        insert(headers, header::CACHE_CONTROL, cache_control.to_owned());
    }
    put_vary(headers, settings);
}

/// An error answer of a route the layer covers (4xx, 5xx) gets the route's Vary names and the Cache-Control of
/// an error (`responses/error_fields.rs` says why).
pub(crate) fn put_error_fields(headers: &mut HeaderMap, settings: &Settings) {
    let has = |name| headers.contains_key(name);
    if let Some(value) = responses::error_cache_control(has(header::CACHE_CONTROL), has(header::EXPIRES)) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    put_vary(headers, settings);
}

/// Names the route's fields in Vary, each once. Accept-Encoding is left to the compression layer inside, which
/// names it on every response its predicate lets it encode, for a client of any coding: a response it leaves
/// alone is the same bytes for every Accept-Encoding.
fn put_vary(headers: &mut HeaderMap, settings: &Settings) {
    for name in settings.vary_fields() {
        let named = responses::vary_names(headers.get_all(header::VARY).iter().map(HeaderValue::as_bytes), name);
        if let Ok(value) = HeaderValue::from_str(name)
            && !named
        {
            headers.append(header::VARY, value);
        }
    }
}

/// Inserts a value this crate made; one that is not a valid field value cannot happen (tags and dates hold
/// only visible ASCII) and is no reason to panic.
fn insert(headers: &mut HeaderMap, name: HeaderName, value: String) {
    if let Ok(value) = HeaderValue::try_from(value) {
        headers.insert(name, value);
    }
}

/// The 304 for a 200: of its fields only those §15.4.5 names, and no body, which is dropped unread (a
/// compression layer's encoder never runs, a lazy body never renders).
pub(crate) fn into_not_modified(response: Response) -> Response {
    let (mut parts, _body) = response.into_parts();
    // In place: a response has a few fields, and a second map would cost an allocation and a lookup per name
    // in the set (each name parsed again), several times what comparing the few names it has does.
    while let Some(name) = parts
        .headers
        .keys()
        .find(|name| !NOT_MODIFIED_FIELDS.contains(&name.as_str()))
        .cloned()
    {
        parts.headers.remove(name);
    }
    Response::from_parts(parts, Body::new(NoContent))
}

/// The 304's body: none, of a length said nowhere. An empty body that told its length would make axum write
/// `Content-Length: 0` into a 304 to HEAD, which RFC 9110 §8.6 forbids unless the 200 was empty too.
struct NoContent;

impl http_body::Body for NoContent {
    type Data = bytes::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        std::task::Poll::Ready(None)
    }

    fn is_end_stream(&self) -> bool {
        true
    }
}
