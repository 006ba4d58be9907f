//! Which variant of a resource a response is (RFC 9110 §8.8.3, §12.5.5), as facets in the grammar's order:
//! release, variant, requester. Each variant gets its own tag, so two requests that get different bodies never
//! share one, and a cache holding the English copy cannot get a 304 for it from a French request (RFC 9111
//! §4.3.1).

use super::release::current_release;
use crate::hashing::digest_hex;
use crate::validators::{Facet, FacetKind};

/// Whose validators a tag is made from: the application's (a model, a `Deferred`: the release goes in), or the
/// handler's own ETag header (it does not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TagSource {
    Application,
    HandlerHeader,
}

/// The facets of a representation: the release where the application's validators make the tag, then the
/// variant, then the requester, hashed (no name or id shows in the tag). Empty, and with no allocation, for a
/// route with none of them.
#[inline]
pub(crate) fn representation_facets(source: TagSource, variant: Option<Facet>, requester: Option<&[u8]>) -> Vec<Facet> {
    let mut facets = Vec::new();
    if source == TagSource::Application
        && let Some(release) = current_release()
    {
        facets.push(release.clone());
    }
    facets.extend(variant);
    if let Some(requester) = requester {
        facets.push(Facet::new(FacetKind::Requester, &digest_hex(&[requester], 6)));
    }
    facets
}

/// The variant a handler chose, by its own name (`"fr"`).
pub(crate) fn chosen_variant(name: &str) -> Facet {
    Facet::new(FacetKind::Variant, name)
}

/// A digest of the values of the fields a route declares it varies on (`declared`, a Vary list), for a handler
/// that names no variant: right, but each way of asking for one variant (`fr`, `fr-FR`) gets a tag of its own.
/// `lines_of` gives a field's lines by name. None where nothing but the coding is declared, and for `*`.
pub(crate) fn hashed_variant<'l, L>(declared: &str, mut lines_of: impl FnMut(&str) -> L) -> Option<Facet>
where
    L: Iterator<Item = &'l [u8]>,
{
    let names = declared
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty() && !name.eq_ignore_ascii_case("accept-encoding"));
    let mut fields = Vec::new();
    for name in names {
        // `*` varies on everything: no digest of some fields can name that variant.
        if name == "*" {
            return None;
        }
        fields.extend_from_slice(name.to_ascii_lowercase().as_bytes());
        fields.push(b':');
        for value in lines_of(name) {
            fields.extend_from_slice(value);
            fields.push(b'\n');
        }
        fields.push(0);
    }
    (!fields.is_empty()).then(|| Facet::new(FacetKind::HashedVariant, &digest_hex(&[&fields], 4)))
}

#[cfg(test)]
mod tests {
    use super::hashed_variant;
    use crate::validators::Facet;

    fn digest(declared: &str, language: &'static [u8]) -> Option<Facet> {
        hashed_variant(declared, |name| {
            let asked = name.eq_ignore_ascii_case("accept-language");
            std::iter::once(language).filter(move |_| asked)
        })
    }

    // RFC 9110 §12.5.5: two requests that differ in a field the route varies on get different tags.
    #[test]
    fn rfc9110_12_5_5_a_declared_fields_value_changes_the_variant() {
        assert_ne!(digest("Accept-Language", b"fr"), digest("Accept-Language", b"en"));
        assert_eq!(digest("accept-language", b"fr"), digest("Accept-Language", b"fr"));
    }

    // The coding has its own facet, and `*` cannot be named by a digest of some fields.
    #[test]
    fn rfc9110_12_5_5_the_coding_alone_and_a_star_name_no_variant() {
        assert_eq!(digest("Accept-Encoding", b"fr"), None);
        assert_eq!(digest("Accept-Language, *", b"fr"), None);
    }
}
