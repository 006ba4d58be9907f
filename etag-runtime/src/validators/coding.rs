//! Strong entity tags and content codings (RFC 9110 §8.8.3.3): the rule, with no HTTP machinery.
//!
//! A strong tag promises identical bytes, so the gzip and the identity form of one representation need different
//! strong tags. This crate marks the coding in the tag: the state `"v3"` sent gzip-encoded is `"v3+gzip"`, and
//! sent as is, `"v3"` itself. Which coding a response gets is decided in `actix/coding.rs`.
//!
//! Requests that send any coding form of a tag name the same resource state: an If-Match with `"v3+gzip"` guards a
//! write of state `"v3"`, which is what the client that saw it meant. The coding is the last of a tag's
//! representation parts (`tag_grammar.rs` writes and reads them all). Which codings count is the caller's to
//! say: the codings this build can send (`compress_probe.rs`), so that with gzip alone compiled `"v3+br"` names
//! nothing.

use super::entity_tag::EntityTag;
use super::tag_grammar::representation_tag;

/// `base` in the form sent with `coding`: for a weak tag or identity (`None`), `base` itself, with no copy.
///
/// An integration with a server that encodes bodies sends each strong tag in the form for the coding its bytes
/// go out with, and gives the evaluator the same codings ([`Resource::with_codings`]) so that a write guarded by
/// any form passes while the state is current.
///
/// ```
/// use etag_runtime::EntityTag;
/// use etag_runtime::validators::coding_form;
///
/// let state = EntityTag::strong("v3").unwrap();
/// assert_eq!(coding_form(state.clone(), Some("gzip")).to_string(), r#""v3+gzip""#);
/// assert_eq!(coding_form(state, None).to_string(), r#""v3""#);
/// ```
///
/// [`Resource::with_codings`]: crate::preconditions::Resource::with_codings
pub fn coding_form(base: EntityTag, coding: Option<&str>) -> EntityTag {
    representation_tag(base, &[], coding)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODINGS: [&str; 2] = ["gzip", "br"];

    fn state_of(tag: &EntityTag) -> String {
        String::from_utf8(tag.as_ref().state(&CODINGS).opaque.to_vec()).unwrap()
    }

    // RFC 9110 §8.8.3.3: each coding form of a strong tag is its own tag, and names the same state.
    #[test]
    fn rfc9110_8_8_3_3_coding_forms_name_one_state() {
        let base = EntityTag::strong("v3").unwrap();
        for coding in CODINGS {
            let form = coding_form(base.clone(), Some(coding));
            assert_eq!(form.opaque(), format!("v3+{coding}"));
            assert!(!form.strong_eq(&base));
            assert_eq!(state_of(&form), "v3");
        }
        assert_eq!(coding_form(base.clone(), None), base);
    }

    // RFC 9110 §8.8.1: a weak tag may already cover every coding, so it gets no suffix.
    #[test]
    fn rfc9110_8_8_1_weak_tag_has_one_form() {
        let weak = EntityTag::weak("h").unwrap();
        assert_eq!(coding_form(weak.clone(), Some("gzip")), weak);
    }

    #[test]
    fn only_named_codings_are_suffixes() {
        for opaque in ["v3+zstd", "v3+x-unknown", "v3gzip", "+", "gzip"] {
            assert_eq!(state_of(&EntityTag::strong(opaque).unwrap()), opaque);
        }
        assert_eq!(state_of(&EntityTag::strong("+gzip").unwrap()), "");
    }
}
