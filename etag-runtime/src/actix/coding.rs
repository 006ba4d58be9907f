//! Which content coding a response goes out with, found the way actix's `Compress` finds it, so that a strong tag
//! names that coding (the rule is in `validators/coding.rs`, RFC 9110 §8.8.3.3).
//!
//! `Compress` encodes after the handler and leaves the ETag alone, so the handler side marks a strong tag with the
//! coding `Compress` will apply to this response: `"v3"` becomes `"v3+gzip"`. That coding is found by
//! [`AcceptEncoding::negotiate`] over the codings `Compress` produces in this build (`compress_probe.rs`) plus
//! identity; when it would send identity, there is no suffix.

use actix_web::body::{BodySize, MessageBody};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, AcceptEncoding, ContentEncoding, Encoding, HeaderValue};
use actix_web::mime::{self, Mime};
use actix_web::{HttpMessage, HttpRequest, HttpResponse};

use super::coding_memo::remembered;
use super::compress_probe::compress_codings;
use super::fields::{FieldLines, single_line};
use crate::validators::entity_tag::EntityTag;
use crate::validators::{Facet, representation_tag};

/// The tag of the representation sent: `base` with the variant's `facets`, and for a strong tag the `coding`
/// (`validators/tag_grammar.rs`); with nothing to add, `base` itself, with no copy.
pub(crate) fn representation_form(base: EntityTag, facets: &[Facet], coding: ResponseCoding) -> EntityTag {
    representation_tag(base, facets, coding.suffix().map(ContentEncoding::as_str))
}

/// Whether `Compress` can encode at all in this build: if not, no response varies with Accept-Encoding.
pub(crate) fn any_coding() -> bool {
    !compress_codings().is_empty()
}

/// The coding a JSON 200 for this request goes out with, as far as a strong tag and Vary are concerned.
pub(crate) fn negotiated_response_coding(request: &HttpRequest) -> ResponseCoding {
    negotiated_coding(request).map_or(ResponseCoding::Identity, ResponseCoding::ByCompress)
}

/// The coding `Compress` will apply to a JSON 200 for this request, or `None` for identity. No Accept-Encoding,
/// or one that does not parse, is identity there too. A single field line, what clients send, is negotiated
/// once per thread and value (`coding_memo.rs`).
fn negotiated_coding(request: &HttpRequest) -> Option<ContentEncoding> {
    if !any_coding() {
        return None;
    }
    match single_line(request.headers(), &header::ACCEPT_ENCODING) {
        FieldLines::Absent => None,
        FieldLines::One(line) => remembered(line.as_bytes(), || negotiate(request)),
        FieldLines::Several => negotiate(request),
    }
}

/// What `Compress` does: actix's own negotiation over the codings it produces in this build, plus identity.
fn negotiate(request: &HttpRequest) -> Option<ContentEncoding> {
    let accept = request.get_header::<AcceptEncoding>()?;
    let identity = Encoding::identity();
    match accept.negotiate(std::iter::once(&identity).chain(compress_codings()))? {
        Encoding::Known(coding) if coding != ContentEncoding::Identity => Some(coding),
        _ => None,
    }
}

/// The coding a rendered response will go out with, as far as a strong tag and Vary are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResponseCoding {
    /// Sent as is: `Compress` leaves it alone, or would send identity.
    Identity,
    /// `Compress` will encode it with this coding, and add Accept-Encoding to its Vary.
    ByCompress(ContentEncoding),
    /// Already encoded when it reached this crate (a handler's own Content-Encoding, or a `Conditional`
    /// middleware placed outside `Compress`), with this coding.
    Encoded(ContentEncoding),
}

impl ResponseCoding {
    /// The coding a strong tag must name.
    pub(crate) fn suffix(self) -> Option<ContentEncoding> {
        match self {
            ResponseCoding::Identity => None,
            ResponseCoding::ByCompress(coding) | ResponseCoding::Encoded(coding) => Some(coding),
        }
    }

    pub(crate) fn compress_adds_vary(self) -> bool {
        matches!(self, ResponseCoding::ByCompress(_))
    }
}

/// The coding of a rendered response. `Compress` (actix-web 4's `middleware/compress.rs`, and actix-http's
/// `Encoder::response`) leaves a response as it is when it already has a Content-Encoding, when its status is
/// 101, 204 or 206, when its body is empty, and when its content type is an image other than SVG or a video;
/// otherwise it applies the negotiated coding. `tests/conditional_responder.rs` checks these cases over HTTP.
pub(crate) fn coding_for_response(request: &HttpRequest, response: &HttpResponse) -> ResponseCoding {
    if let Some(sent) = response.headers().get(header::CONTENT_ENCODING) {
        return match sent.to_str().ok().and_then(|text| text.parse::<ContentEncoding>().ok()) {
            Some(ContentEncoding::Identity) | None => ResponseCoding::Identity,
            Some(coding) => ResponseCoding::Encoded(coding),
        };
    }
    // Negotiated first: without Accept-Encoding it is identity at once, and the content type is not parsed.
    let Some(coding) = negotiated_coding(request) else {
        return ResponseCoding::Identity;
    };
    let untouched_status = matches!(
        response.status(),
        StatusCode::SWITCHING_PROTOCOLS | StatusCode::NO_CONTENT | StatusCode::PARTIAL_CONTENT
    );
    let empty = matches!(response.body().size(), BodySize::None | BodySize::Sized(0));
    if untouched_status || empty || !compressible(response.headers().get(header::CONTENT_TYPE)) {
        return ResponseCoding::Identity;
    }
    ResponseCoding::ByCompress(coding)
}

/// `Compress`'s rule for content types: images other than SVG, and videos, are sent as they are.
fn compressible(content_type: Option<&HeaderValue>) -> bool {
    let Some(value) = content_type else {
        return true;
    };
    if cannot_name_image_or_video(value.as_bytes()) {
        return true;
    }
    let Some(mime) = value.to_str().ok().and_then(|text| text.parse::<Mime>().ok()) else {
        return true;
    };
    match mime.type_() {
        mime::IMAGE => mime.subtype() == mime::SVG,
        mime::VIDEO => false,
        _ => true,
    }
}

/// Whether a content type is surely neither an image nor a video, without parsing it: it starts with a letter,
/// and not with `image` or `video` in any case. Such a value either fails to parse as a media type or parses to
/// another type, and `Compress` encodes it either way; the rest (`image/png`, ` video/mp4`) is parsed as
/// `Compress` parses it. Parsing costs a few hundred instructions a response, and nearly every type is text.
fn cannot_name_image_or_video(value: &[u8]) -> bool {
    let starts_with = |prefix: &[u8]| {
        value
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    value.first().is_some_and(u8::is_ascii_alphabetic) && !starts_with(b"image") && !starts_with(b"video")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Compress`'s rule, by parsing every value: what [`compressible`] must agree with.
    fn by_parsing(value: &str) -> bool {
        match value.parse::<Mime>() {
            Ok(mime) if mime.type_() == mime::IMAGE => mime.subtype() == mime::SVG,
            Ok(mime) => mime.type_() != mime::VIDEO,
            Err(_) => true,
        }
    }

    // The shortcut for types that cannot be images or videos gives what parsing gives, at its edges too.
    #[test]
    fn compressible_agrees_with_parsing() {
        let types = [
            "application/json",
            "text/html; charset=utf-8",
            "image/png",
            "IMAGE/PNG",
            "image/svg+xml",
            "Image/SVG+XML; charset=utf-8",
            "video/mp4",
            "Video/webm",
            " video/mp4",
            "\timage/gif",
            "imagex/png",
            "images",
            "video",
            "videos/x",
            "audio/mpeg",
            "garbage",
            "",
            "/json",
            "1image/png",
        ];
        for text in types {
            let value = HeaderValue::from_str(text).unwrap();
            assert_eq!(compressible(Some(&value)), by_parsing(text), "{text:?}");
        }
        assert!(compressible(None));
    }
}
