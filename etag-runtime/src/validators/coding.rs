//! Strong entity tags and content codings (RFC 9110 §8.8.3.3).
//!
//! A strong tag promises identical bytes, so the gzip and the identity form of one representation need different
//! strong tags. actix's `Compress` middleware encodes after the handler and leaves the ETag alone, so the handler
//! side marks a strong tag with the coding `Compress` will apply to this response: `"v3"` becomes `"v3+gzip"`.
//! That coding is found the way `Compress` finds it, by [`AcceptEncoding::negotiate`] over the codings it can
//! produce in this build (`compress_probe.rs`) plus identity; when it would send identity, there is no suffix.
//!
//! Requests that send any coding form of a tag are understood as naming the same resource state: an If-Match
//! with `"v3+gzip"` guards a write of state `"v3"`, which is what the client that saw it meant. Only codings
//! `Compress` can produce count as forms: with gzip alone compiled, `"v3+br"` names nothing.

use actix_web::HttpMessage;
use actix_web::HttpRequest;
use actix_web::http::header::{AcceptEncoding, ContentEncoding, Encoding};

use super::compress_probe::compress_codings;
use super::entity_tag::TagRef;
use crate::EntityTag;

/// The tag to send for `base` in answer to `request`: a strong tag gets the coding `Compress` will apply to a
/// JSON 200, or nothing for identity. See `#[conditional]`'s documentation for an application without `Compress`.
pub fn variant_for(base: &EntityTag, request: &HttpRequest) -> EntityTag {
    into_variant(base.clone(), negotiated_coding(request))
}

/// `base` in the form sent with `coding`: for a weak tag or identity, `base` itself, with no copy.
pub(crate) fn into_variant(base: EntityTag, coding: Option<ContentEncoding>) -> EntityTag {
    match coding {
        Some(coding) if !base.is_weak() => {
            EntityTag::from_valid(false, format!("{}+{}", base.opaque(), coding.as_str()))
        }
        _ => base,
    }
}

/// Whether `Compress` can encode at all in this build: if not, no response varies with Accept-Encoding.
pub(crate) fn any_coding() -> bool {
    !compress_codings().is_empty()
}

/// The coding `Compress` will apply to a JSON 200 for this request, or `None` for identity. No Accept-Encoding,
/// or one that does not parse, is identity there too.
pub(crate) fn negotiated_coding(request: &HttpRequest) -> Option<ContentEncoding> {
    let codings = compress_codings();
    if codings.is_empty() {
        return None;
    }
    let accept = request.get_header::<AcceptEncoding>()?;
    let identity = Encoding::identity();
    match accept.negotiate(std::iter::once(&identity).chain(codings))? {
        Encoding::Known(coding) if coding != ContentEncoding::Identity => Some(coding),
        _ => None,
    }
}

impl<'a> TagRef<'a> {
    /// The tag with any `+coding` suffix of a coding `Compress` produces removed: the resource state it names.
    pub(crate) fn state(self) -> TagRef<'a> {
        let opaque = compress_codings()
            .iter()
            .find_map(|coding| {
                let Encoding::Known(coding) = coding else { return None };
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
