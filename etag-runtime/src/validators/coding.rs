//! Strong entity tags and content codings (RFC 9110 §8.8.3.3).
//!
//! A strong tag promises identical bytes, so the gzip and the identity form of one representation need different
//! strong tags. actix's `Compress` middleware encodes after the handler and leaves the ETag alone, so the handler
//! side marks a strong tag with the coding the request negotiates: `"v3"` becomes `"v3+gzip"`. Requests that
//! send any coding form of a tag are then understood as naming the same resource state: an If-Match with
//! `"v3+gzip"` guards a write of state `"v3"`, which is what the client that saw it meant.

use actix_web::HttpMessage;
use actix_web::HttpRequest;
use actix_web::http::header::{AcceptEncoding, ContentEncoding, Encoding};

use super::entity_tag::TagRef;
use crate::EntityTag;

/// The codings actix-web can produce, as they appear after the `+` of a tag.
const CODINGS: [ContentEncoding; 4] = [
    ContentEncoding::Brotli,
    ContentEncoding::Zstd,
    ContentEncoding::Gzip,
    ContentEncoding::Deflate,
];

/// The tag to send for `base` in answer to `request`: a strong tag gets the negotiated coding appended.
pub fn variant_for(base: &EntityTag, request: &HttpRequest) -> EntityTag {
    into_variant(base.clone(), request)
}

/// As [`variant_for`], taking the tag: for a weak tag or an identity response, no copy is made.
pub(crate) fn into_variant(base: EntityTag, request: &HttpRequest) -> EntityTag {
    if base.is_weak() {
        return base;
    }
    match negotiated(request) {
        Some(coding) => EntityTag::from_valid(false, format!("{}+{}", base.opaque(), coding.as_str())),
        None => base,
    }
}

/// The coding `Compress` would pick for this request, or `None` for identity.
fn negotiated(request: &HttpRequest) -> Option<ContentEncoding> {
    let accept = request.get_header::<AcceptEncoding>()?;
    // An array on the stack: this runs on every model-mode request.
    let supported = CODINGS.map(Encoding::Known);
    match accept.negotiate(supported.iter())? {
        Encoding::Known(coding) if coding != ContentEncoding::Identity => Some(coding),
        _ => None,
    }
}

impl<'a> TagRef<'a> {
    /// The tag with any `+coding` suffix removed: the resource state it names.
    pub(crate) fn state(self) -> TagRef<'a> {
        let opaque = CODINGS
            .iter()
            .find_map(|coding| {
                let suffix = coding.as_str().as_bytes();
                let cut = self.opaque.len().checked_sub(suffix.len() + 1)?;
                (self.opaque[cut] == b'+' && self.opaque.ends_with(suffix)).then(|| &self.opaque[..cut])
            })
            .unwrap_or(self.opaque);
        TagRef {
            weak: self.weak,
            opaque,
        }
    }
}
