//! The variant a handler chose, on axum: a response part the `Conditional` layer names in the tag.

use std::convert::Infallible;

use ::axum::response::{IntoResponseParts, ResponseParts};
use http::{HeaderMap, HeaderValue};

use crate::negotiation::choose;

/// The variant a handler chose for this response, by its own name (`"fr"`), returned beside the body:
/// `(variant, Tagged(card))`. The [`Conditional`](super::Conditional) layer names it in the tag, so that each
/// variant has its own (RFC 9110 §8.8.3): a cache holding the English copy cannot get a 304 for it from a French
/// request (RFC 9111 §4.3.1). Declare the field it comes from with [`Conditional::vary`](super::Conditional::vary).
///
/// Without one, a route that declares `vary` gets a digest of the declared fields' values in its tags: right,
/// but each way of asking for one variant (`fr`, `fr-FR`) gets a tag of its own.
///
/// ```
/// use axum::http::HeaderMap;
/// use etag_runtime::axum::Variant;
///
/// let mut headers = HeaderMap::new();
/// headers.insert("accept-language", "fr-CH, fr;q=0.9, en;q=0.8".parse().unwrap());
/// let variant = Variant::negotiate(&headers, "Accept-Language", &["en", "fr"], "en");
/// assert_eq!(variant.name(), "fr");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant(String);

impl Variant {
    /// The variant named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Variant(name.into())
    }

    /// The variant among `offered` that the request's `field` (a q-valued list such as Accept-Language) prefers
    /// (RFC 9110 §12.4.2), or `default` when it accepts none of them.
    pub fn negotiate(headers: &HeaderMap, field: &str, offered: &[&str], default: &str) -> Self {
        let lines = headers.get_all(field).iter().map(HeaderValue::as_bytes);
        Variant::new(choose(lines, offered, default))
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.0
    }
}

impl IntoResponseParts for Variant {
    type Error = Infallible;

    fn into_response_parts(self, mut parts: ResponseParts) -> Result<ResponseParts, Infallible> {
        parts.extensions_mut().insert(self);
        Ok(parts)
    }
}
