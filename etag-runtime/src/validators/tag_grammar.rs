//! The parts of an entity tag this crate writes: which resource state it names, and which representation of it.
//!
//! A strong tag names one representation (RFC 9110 §8.8.3): the same row sent gzip-encoded, in French, to another
//! user, by another build of the model, or by another release of the application is another representation, and
//! gets another tag. A write, though, is about the resource's state, whatever representation the client saw, so
//! the evaluator must find the state in any of those tags. The opaque part of a tag this crate writes is:
//!
//! ```text
//! opaque-tag = state *( "+" facet ) [ "+" coding ]
//! facet      = kind "." 1*value
//! kind       = "s" / "r" / "v" / "h" / "u"
//!                ; s: the model's shape     r: the application's release
//!                ; v: the variant the handler named     h: the variant, from a hash of the Vary fields
//!                ; u: the requester, hashed
//! value      = <etagc, other than "+", "." and ",">
//! coding     = <a content coding this server sends, such as gzip>
//! ```
//!
//! The state is recovered by structure, from the right: `"+part"` pieces are taken off the end while each is a
//! well-formed part (the last may be a coding the server sends, the others must be facets), and what remains is
//! the state. `"v3+s.1f2e3d4c+v.fr+gzip"` names the state `"v3"`. Parts cannot be mistaken for each other: a facet
//! has its kind and a `.`, a coding has no `.`, and no part holds a `+`. Derived states never hold a `+` (the
//! derive writes it `%2B`), hashed tags are base64url, so for them the reading is exact; an application's own
//! tag that ends in something shaped like a part (`"a+gzip"`, `"b+v.x"`) is read as that part.

use super::entity_tag::{EntityTag, TagRef};
use super::escaping::escape_into;

/// One representation part of a tag, `kind.value` ([the grammar](crate::guide::representations)), written by [`Facet::new`] or the
/// constructors of the actix layer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Facet(String);

/// What a facet says about the representation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetKind {
    /// A digest of the model's definition (`#[derive(ETag)]`).
    Shape,
    /// The application's release.
    Release,
    /// The variant the handler chose, by its name (`fr`).
    Variant,
    /// The variant, from a hash of the request fields the response varies on.
    HashedVariant,
    /// The requester, hashed.
    Requester,
}

impl FacetKind {
    const ALL: [FacetKind; 5] = [
        FacetKind::Shape,
        FacetKind::Release,
        FacetKind::Variant,
        FacetKind::HashedVariant,
        FacetKind::Requester,
    ];

    /// What opens a facet of this kind in a tag: `+`, the kind's letter, `.`. The one table of kinds.
    pub(crate) const fn mark(self) -> &'static str {
        match self {
            FacetKind::Shape => "+s.",
            FacetKind::Release => "+r.",
            FacetKind::Variant => "+v.",
            FacetKind::HashedVariant => "+h.",
            FacetKind::Requester => "+u.",
        }
    }

    /// The kind's letter.
    fn letter(self) -> u8 {
        self.mark().as_bytes()[1]
    }
}

impl Facet {
    /// The facet of `kind` with `value`, each byte that may not stand in a value written `%XX` (as a derived tag
    /// writes its fields), so that any value gives a valid facet and different values different facets.
    ///
    /// ```
    /// use etag_runtime::validators::{Facet, FacetKind};
    ///
    /// assert_eq!(Facet::new(FacetKind::Variant, "fr").as_str(), "v.fr");
    /// assert_eq!(Facet::new(FacetKind::Variant, "zh.Hant+x").as_str(), "v.zh%2EHant%2Bx");
    /// ```
    pub fn new(kind: FacetKind, value: &str) -> Self {
        let mut text = String::with_capacity(2 + value.len());
        // The mark without its `+`, which `representation_tag` writes before each facet.
        text.push_str(&kind.mark()[1..]);
        // Plain in a derived field is exactly a value byte other than `%`, so the field escaping serves.
        escape_into(&mut text, value);
        if value.is_empty() {
            // A value has at least one character; the empty one is written as an escape of nothing.
            text.push('%');
        }
        Facet(text)
    }

    /// The facet as written in a tag, without its leading `+`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `base` with `facets` after its own text, then `coding` for a strong tag: the tag of one representation of
/// the state `base` names. With nothing to add, `base` itself, with no copy.
///
/// ```
/// use etag_runtime::EntityTag;
/// use etag_runtime::validators::{Facet, FacetKind, representation_tag};
///
/// let state = EntityTag::strong("v3").unwrap();
/// let french = [Facet::new(FacetKind::Variant, "fr")];
/// assert_eq!(representation_tag(state.clone(), &french, Some("gzip")).to_string(), r#""v3+v.fr+gzip""#);
/// assert_eq!(representation_tag(state, &[], None).to_string(), r#""v3""#);
/// ```
pub fn representation_tag(base: EntityTag, facets: &[Facet], coding: Option<&str>) -> EntityTag {
    let coding = coding.filter(|_| !base.is_weak());
    if facets.is_empty() && coding.is_none() {
        return base;
    }
    let facets_length: usize = facets.iter().map(|facet| 1 + facet.0.len()).sum();
    let coding_length = coding.map_or(0, |coding| 1 + coding.len());
    let length = base.opaque().len() + facets_length + coding_length;
    EntityTag::written(base.is_weak(), length, |field| {
        field.push_str(base.opaque());
        for facet in facets {
            field.push('+');
            field.push_str(&facet.0);
        }
        if let Some(coding) = coding {
            field.push('+');
            field.push_str(coding);
        }
    })
}

/// Whether `byte` may stand in a facet's value: `etagc` other than the part separators.
fn is_value_byte(byte: u8) -> bool {
    (b'!'..=b'~').contains(&byte) && !matches!(byte, b'"' | b'+' | b'.' | b',')
}

/// Whether `part` (the text after a `+`) is a facet.
fn is_facet(part: &[u8]) -> bool {
    match part {
        [letter, b'.', value @ ..] => {
            FacetKind::ALL.iter().any(|kind| kind.letter() == *letter)
                && !value.is_empty()
                && value.iter().all(|b| is_value_byte(*b))
        }
        _ => false,
    }
}

impl<'a> TagRef<'a> {
    /// The state the tag names ([the grammar](crate::guide::representations)): its representation parts taken off, where `codings` are the
    /// content codings the server sends.
    pub(crate) fn state(self, codings: &[&str]) -> TagRef<'a> {
        let mut state = self.opaque;
        let mut last = true;
        while let Some(plus) = state.iter().rposition(|byte| *byte == b'+') {
            let part = &state[plus + 1..];
            let is_coding = last && codings.iter().any(|coding| coding.as_bytes() == part);
            if !is_coding && !is_facet(part) {
                break;
            }
            state = &state[..plus];
            last = false;
        }
        TagRef {
            weak: self.weak,
            opaque: state,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODINGS: [&str; 2] = ["gzip", "br"];

    fn state_of(opaque: &str) -> String {
        let tag = EntityTag::strong(opaque).unwrap();
        String::from_utf8(tag.as_ref().state(&CODINGS).opaque.to_vec()).unwrap()
    }

    // RFC 9110 §8.8.3: every representation part comes off, and only those; the state is what is left.
    #[test]
    fn rfc9110_8_8_3_state_is_recovered_by_structure() {
        for opaque in [
            "v3",
            "v3+gzip",
            "v3+s.1f2e+gzip",
            "v3+s.1f2e+r.ab12+v.fr+u.9c0d+br",
            "v3+h.00ff",
        ] {
            assert_eq!(state_of(opaque), "v3", "{opaque}");
        }
        // A coding only as the last part; a facet needs a known kind and a value; a bare unknown token is state.
        for opaque in ["v3+x.ab", "v3+s.", "v3+zstd", "v3+S.ab", "a+b"] {
            assert_eq!(state_of(opaque), opaque, "{opaque}");
        }
        assert_eq!(state_of("a+b+gzip"), "a+b");
        assert_eq!(state_of("v3+gzip+s.1f2e"), "v3+gzip");
        assert_eq!(state_of("7.a%2Bb+s.00"), "7.a%2Bb");
    }

    // RFC 9110 §8.8.3: any value gives a valid tag, and different values different facets.
    #[test]
    fn rfc9110_8_8_3_facet_values_are_escaped() {
        let values = ["fr", "fr.", "fr%2E", "", "%", "a b", "é", "x+y", "\"q\""];
        let facets: Vec<Facet> = values
            .iter()
            .map(|value| Facet::new(FacetKind::Variant, value))
            .collect();
        for (facet, value) in facets.iter().zip(values) {
            assert!(is_facet(facet.as_str().as_bytes()), "{value:?} gave {}", facet.as_str());
            assert!(EntityTag::strong(format!("v1+{}", facet.as_str())).is_ok());
        }
        for (index, facet) in facets.iter().enumerate() {
            assert!(!facets[index + 1..].contains(facet), "{}", facet.as_str());
        }
    }

    // RFC 9110 §8.8.1: weak tags name variants too, but never a coding.
    #[test]
    fn rfc9110_8_8_1_weak_tags_take_facets_not_codings() {
        let weak = EntityTag::weak("h").unwrap();
        let tag = representation_tag(weak, &[Facet::new(FacetKind::Requester, "ab")], Some("gzip"));
        assert_eq!(tag.to_string(), r#"W/"h+u.ab""#);
    }
}
