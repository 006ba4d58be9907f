//! What a 412 says (RFC 9110 §13.1), where the check that made it knew more than the bare decision: the state
//! that won, so that a client can rebase without a GET, and why a weak If-Match never matches.

use super::condition::Condition;
use super::decision::Decision;
use crate::validators::entity_tag::EntityTag;

/// The 412's detail when If-Match held only weak tags.
const WEAK_IF_MATCH: &str = "If-Match lists only weak entity tags (W/\"...\"), and a weak tag never matches: it \
     cannot guard a write (RFC 9110 §13.1.1). Either the server sent this tag weak (a tag hashed from a body \
     never guards a write: the resource needs a strong tag, such as a model's version, to be written \
     conditionally), or a cache or proxy that decoded the body weakened the strong tag the server sent; for \
     that, fetch the tag again with Accept-Encoding: gzip (a HEAD is enough), which such a cache passes through \
     unchanged, and send that strong tag";

/// What the check that failed knew of the resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Known<'a> {
    /// Nothing: a rejection made from a bare decision.
    Nothing,
    /// It does not exist.
    Missing,
    /// It exists, with this current tag, if any.
    Exists(Option<&'a EntityTag>),
}

/// The detail of a 412 for `condition`. `weak_if_match`: If-Match listed only weak tags, which never match, so
/// "the resource changed" would be untrue and no help.
pub(crate) fn failed_detail(condition: Condition, weak_if_match: bool, known: Known<'_>) -> String {
    if weak_if_match && condition == Condition::IfMatch {
        return WEAK_IF_MATCH.to_owned();
    }
    let failed = Decision::PreconditionFailed(condition).detail().unwrap_or_default();
    match known {
        Known::Exists(Some(etag)) => format!("{failed}; its current entity tag is {etag}"),
        Known::Missing => format!("{failed}; the resource does not exist"),
        Known::Exists(None) | Known::Nothing => failed,
    }
}

#[cfg(test)]
mod tests {
    use super::{Known, failed_detail};
    use crate::preconditions::Condition;
    use crate::validators::entity_tag::EntityTag;

    // RFC 9110 §13.1.1: a 412 for If-Match names the state that won, or says there is none.
    #[test]
    fn rfc9110_13_1_1_a_412_names_the_current_tag_or_the_missing_resource() {
        let current = EntityTag::strong("v2").unwrap();
        let named = failed_detail(Condition::IfMatch, false, Known::Exists(Some(&current)));
        assert!(named.ends_with("its current entity tag is \"v2\""), "{named}");
        let missing = failed_detail(Condition::IfMatch, false, Known::Missing);
        assert!(missing.ends_with("the resource does not exist"), "{missing}");
        let bare = failed_detail(Condition::IfMatch, false, Known::Nothing);
        assert_eq!(bare, "If-Match names no current representation of the resource");
    }

    // RFC 9110 §13.1.1: a weak tag never matches in If-Match, and the 412 says so rather than "changed".
    #[test]
    fn rfc9110_13_1_1_a_weak_if_match_is_explained() {
        let detail = failed_detail(Condition::IfMatch, true, Known::Exists(None));
        assert!(detail.contains("weak tag never matches"), "{detail}");
        let other = failed_detail(Condition::IfUnmodifiedSince, true, Known::Missing);
        assert!(other.starts_with("the resource was modified"), "{other}");
    }
}
