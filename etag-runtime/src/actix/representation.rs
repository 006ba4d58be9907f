//! The headers a 200 and its 304 both carry (RFC 9110 §15.4.5): ETag, Last-Modified with its Date,
//! Cache-Control and Vary.
//!
//! They are written straight into the response being sent, and the attribute's strings are used in place
//! (a static `Bytes` is never copied): on a small response, building these headers is a large share of what
//! `#[conditional]` adds to a plain handler.

use std::borrow::Cow;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::web::Bytes;

use super::coding::{ResponseCoding, any_coding};
use super::options::Options;
use crate::responses::{error_cache_control, vary, vary_names};
use crate::validators::entity_tag::EntityTag;
use crate::validators::http_date::HttpDate;

/// The validators of a 200 or 304 to write (`None`: keep what the response has), and whether its Vary must name
/// Accept-Encoding ([`vary_names_accept_encoding`]).
pub(crate) struct RepresentationHeaders {
    pub etag: Option<EntityTag>,
    pub last_modified: Option<HttpDate>,
    /// The Date to send, where the response must carry its own (see [`Dated`]).
    pub date: Option<HttpDate>,
    pub vary_accept_encoding: bool,
}

/// Whether this crate names Accept-Encoding in the Vary of a response going out with `coding` (RFC 9110 §12.5.5,
/// once per response; the one place this is decided). The coding decides the bytes and a strong tag's suffix, so
/// every response varies with it; `Compress` appends it to the Vary of each 200 it encodes and adds nothing to a
/// 304, so this crate names it on the others, and only in a build where `Compress` can encode at all.
pub(crate) fn vary_names_accept_encoding(coding: ResponseCoding, not_modified: bool) -> bool {
    any_coding() && (not_modified || !coding.compress_adds_vary())
}

impl RepresentationHeaders {
    /// Writes the validators into `headers`, replacing any, and adds the attribute's declared headers. A
    /// Cache-Control the response already has wins over the attribute's, and Accept-Encoding already named in
    /// its Vary is not named again. A route whose body depends on the requester names the requester's field in
    /// Vary, and is `private` where nothing set a Cache-Control (RFC 9111 §5.2.2.7). These are all fields a 304
    /// repeats (RFC 9110 §15.4.5).
    pub(crate) fn put(self, headers: &mut HeaderMap, options: &Options) {
        let held = Held::scan(headers);
        self.write(headers, options, held);
    }

    /// As [`RepresentationHeaders::put`], into the fields of a response this crate has just made (a model's or a
    /// `Deferred`'s 304), which hold none of these yet: nothing is looked up before it is written.
    pub(crate) fn put_into_new(self, headers: &mut HeaderMap, options: &Options) {
        debug_assert!(headers.is_empty(), "a new response's fields");
        self.write(headers, options, Held::default());
    }

    /// Writes the fields; `held` says which of the ones this crate adds to the response already has.
    fn write(self, headers: &mut HeaderMap, options: &Options, held: Held) {
        if let Some(value) = self.etag.and_then(etag_value) {
            headers.insert(header::ETAG, value);
        }
        if let Some(value) = self.last_modified.and_then(|date| header_value(date.to_string())) {
            headers.insert(header::LAST_MODIFIED, value);
        }
        if let Some(value) = self.date.and_then(|date| header_value(date.to_string())) {
            headers.insert(header::DATE, value);
        }
        if !held.cache_control {
            let private = options.requester.map(|_| "private");
            if let Some(cache_control) = options.cache_control.or(private) {
                append(headers, header::CACHE_CONTROL, cache_control);
            }
        }
        let accept_encoding = self.vary_accept_encoding && !(held.vary && names_accept_encoding(headers));
        match (options.vary, accept_encoding) {
            // Nearly every response: checked once, at compile time, and shared.
            (None, true) => headers.append(header::VARY, VARY_ACCEPT_ENCODING.clone()),
            (declared, _) => {
                if let Some(vary) = vary(declared, accept_encoding) {
                    append(headers, header::VARY, vary);
                }
            }
        }
        // After the declared names, which may include it already.
        if let Some(requester) = options.requester
            && !names_field(headers, requester.vary_field())
        {
            append(headers, header::VARY, requester.vary_field());
        }
    }
}

/// Which of the fields this crate adds to, rather than replaces, a response already has: a handler's response may
/// have set its own Cache-Control or Vary; one this crate has just made (a model's or a `Deferred`'s 304) has
/// neither, and is not looked at.
#[derive(Default)]
struct Held {
    cache_control: bool,
    vary: bool,
}

impl Held {
    /// One pass over the names a response has (a few, each compared as a small integer), where a lookup by name
    /// would hash it, twice.
    fn scan(headers: &HeaderMap) -> Self {
        let mut held = Held::default();
        for name in headers.keys() {
            held.cache_control |= name == header::CACHE_CONTROL;
            held.vary |= name == header::VARY;
        }
        held
    }
}

/// Gives an error answer of a conditional route (4xx, 5xx: the handler's own, a `None`'s 404, a 412, a 428)
/// the route's Vary names and the Cache-Control of an error (`responses/error_fields.rs` says why).
#[inline]
pub(crate) fn put_error_fields(response: &mut HttpResponse, options: &Options) {
    // 4xx and 5xx: a compare on the common path.
    if response.status().as_u16() >= 400 {
        put_fields_of_an_error(response, options);
    }
}

fn put_fields_of_an_error(response: &mut HttpResponse, options: &Options) {
    let headers = response.headers_mut();
    let has = |name| headers.contains_key(name);
    if let Some(value) = error_cache_control(has(header::CACHE_CONTROL), has(header::EXPIRES)) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    for name in options.vary_fields() {
        if !names_field(headers, name) {
            append(headers, header::VARY, name);
        }
    }
}

/// Marks a 304 that a handler's own check decided (a [`Rejected`](crate::Rejected) or a `Problem` of one),
/// which carries its validators but knows no route: [`put_not_modified_fields`] adds the route's.
pub(crate) struct NotModifiedByHandler;

/// The Cache-Control and Vary of its route that a 304 the handler's own check decided still needs (RFC 9110
/// §15.4.5: what its 200 would carry): asked where a handler's answer comes back, its `Err` under `#[conditional]`
/// and an answer already made inside a `Conditional` scope, so that no other response pays for the lookup.
#[inline]
pub(crate) fn put_not_modified_fields(response: &mut HttpResponse, options: &Options) {
    if response.status() == StatusCode::NOT_MODIFIED {
        put_handlers_not_modified_fields(response, options);
    }
}

fn put_handlers_not_modified_fields(response: &mut HttpResponse, options: &Options) {
    // Taken off once applied: a `Conditional` scope around the attribute must not name the Vary again.
    if response.extensions_mut().remove::<NotModifiedByHandler>().is_none() {
        return;
    }
    let fields = RepresentationHeaders {
        etag: None,
        last_modified: None,
        date: None,
        vary_accept_encoding: any_coding(),
    };
    fields.put(response.headers_mut(), options);
}

/// The Vary of a response whose handler declared none.
static VARY_ACCEPT_ENCODING: HeaderValue = HeaderValue::from_static("Accept-Encoding");

/// Whether the Vary lines already name Accept-Encoding (or `*`, which names everything).
fn names_accept_encoding(headers: &HeaderMap) -> bool {
    names_field(headers, "accept-encoding")
}

/// Whether the Vary lines already name `field` (or `*`, which names everything).
fn names_field(headers: &HeaderMap, field: &str) -> bool {
    vary_names(headers.get_all(header::VARY).map(HeaderValue::as_bytes), field)
}

/// Appends `value` unless it is not a valid field value (see [`header_value`]).
fn append(headers: &mut HeaderMap, name: HeaderName, value: impl Into<Cow<'static, str>>) {
    if let Some(value) = header_value(value) {
        headers.append(name, value);
    }
}

/// `None` for a value that is not a valid field value. The macro checks the attribute's strings and entity tags
/// hold only `etagc`, so this never happens; it is still no reason to panic while answering a request. A static
/// string is used in place, never copied.
fn header_value(value: impl Into<Cow<'static, str>>) -> Option<HeaderValue> {
    let bytes = match value.into() {
        Cow::Borrowed(text) => Bytes::from_static(text.as_bytes()),
        Cow::Owned(text) => Bytes::from(text),
    };
    HeaderValue::from_maybe_shared(bytes).ok()
}

/// `"opaque"` or `W/"opaque"`, the tag's own text moved into the value, not copied. `None` cannot happen (a tag
/// holds only `etagc`, every byte of which a field value allows) and is no reason to panic.
fn etag_value(etag: EntityTag) -> Option<HeaderValue> {
    HeaderValue::from_maybe_shared(Bytes::from(etag.into_field())).ok()
}
