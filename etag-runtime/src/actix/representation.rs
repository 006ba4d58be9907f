//! The headers a 200 and its 304 both carry (RFC 9110 §15.4.5): ETag, Last-Modified, Cache-Control and Vary.
//!
//! They are written straight into the response being sent, and the attribute's strings are used in place
//! (a static `Bytes` is never copied): on a small response, building these headers is a large share of what
//! `#[conditional]` adds to a plain handler.

use std::borrow::Cow;

use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::web::Bytes;

use super::private::Options;
use crate::{EntityTag, HttpDate};

/// Adds the representation's validators and the handler's declared headers to `headers`.
pub(crate) fn put_representation_headers(
    headers: &mut HeaderMap,
    etag: &EntityTag,
    last_modified: Option<HttpDate>,
    options: &Options,
) {
    put(headers, header::ETAG, etag_value(etag));
    if let Some(date) = last_modified {
        put(headers, header::LAST_MODIFIED, date.to_string());
    }
    if let Some(cache_control) = options.cache_control {
        put(headers, header::CACHE_CONTROL, cache_control);
    }
    put(headers, header::VARY, vary(options.vary));
}

/// Skips a value that is not a valid field value. The macro checks the attribute's strings and entity tags
/// hold only `etagc`, so this never happens; it is still no reason to panic while answering a request.
fn put(headers: &mut HeaderMap, name: HeaderName, value: impl Into<Cow<'static, str>>) {
    let bytes = match value.into() {
        Cow::Borrowed(text) => Bytes::from_static(text.as_bytes()),
        Cow::Owned(text) => Bytes::from(text),
    };
    if let Ok(value) = HeaderValue::from_maybe_shared(bytes) {
        headers.append(name, value);
    }
}

/// `"opaque"` or `W/"opaque"`, built in one allocation.
fn etag_value(etag: &EntityTag) -> String {
    let mut text = String::with_capacity(etag.opaque().len() + 4);
    if etag.is_weak() {
        text.push_str("W/");
    }
    text.push('"');
    text.push_str(etag.opaque());
    text.push('"');
    text
}

/// The handler's Vary plus Accept-Encoding: the app may compress (actix's `Compress` adds Vary to the 200 it
/// encodes but never to a 304), and a strong tag depends on the coding.
fn vary(declared: Option<&'static str>) -> Cow<'static, str> {
    let Some(declared) = declared else {
        return Cow::Borrowed("Accept-Encoding");
    };
    let names_accept_encoding = declared
        .split(',')
        .any(|name| name.trim().eq_ignore_ascii_case("accept-encoding"));
    if declared.trim() == "*" {
        Cow::Borrowed("*")
    } else if names_accept_encoding {
        Cow::Borrowed(declared)
    } else {
        Cow::Owned(format!("{declared}, Accept-Encoding"))
    }
}

#[cfg(test)]
mod tests {
    use super::vary;

    // RFC 9110 §12.5.5: Vary lists the request fields the response depends on; Accept-Encoding is always one,
    // since the coding decides the bytes and a strong tag's suffix, and `*` already says everything.
    #[test]
    fn rfc9110_12_5_5_vary_always_covers_accept_encoding() {
        assert_eq!(vary(None), "Accept-Encoding");
        assert_eq!(vary(Some("Accept-Language")), "Accept-Language, Accept-Encoding");
        assert_eq!(vary(Some("accept-encoding, Accept")), "accept-encoding, Accept");
        assert_eq!(vary(Some(" * ")), "*");
    }
}
