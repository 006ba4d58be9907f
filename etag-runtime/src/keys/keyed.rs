//! A write sent with a key, as a store sees it: digests only, so that no key, requester or body is stored.

use crate::hashing::digest_hex;

/// A write sent with an Idempotency-Key: the digests a store keys, counts and compares its record by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyed {
    id: String,
    requester: String,
    named: bool,
    fingerprint: String,
}

impl Keyed {
    /// The write `request` (its method and target) sends with `key`, from `requester` (its exact bytes, or
    /// `None` where the application names no one), with `content` (its parsed body, in a canonical form: the
    /// same change must give the same bytes).
    pub fn new(key: &str, requester: Option<&[u8]>, request: &str, content: &[u8]) -> Keyed {
        // Writers that name no one are one requester, the empty one; a field sent empty names no one either.
        let requester = requester.filter(|bytes| !bytes.is_empty());
        let named = requester.is_some();
        let requester = requester.unwrap_or_default();
        Keyed {
            id: digest_hex(&[requester, key.as_bytes()], 20),
            requester: digest_hex(&[requester], 16),
            named,
            fingerprint: digest_hex(&[request.as_bytes(), content], 20),
        }
    }

    /// What the store keys the record by: a digest of the requester and the key. The same key from another
    /// requester is another key.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// A digest of the requester, by which the store counts a requester's live keys.
    pub fn requester(&self) -> &str {
        &self.requester
    }

    /// Whether the request named its requester. Writers that name no one share one requester, and one quota; a
    /// store does not lock that shared requester (it would queue every anonymous keyed write behind the others),
    /// so their quota may be passed by as many writes as run at once.
    pub fn names_a_requester(&self) -> bool {
        self.named
    }

    /// A digest of the method, the target and the content, kept in the record: the same key sent for another
    /// request is refused.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }
}

#[cfg(test)]
mod tests {
    use super::Keyed;

    // A key belongs to its requester: the same key from another is another id, and a field sent empty names no
    // one, as no field does.
    #[test]
    fn a_key_is_per_requester_and_an_empty_requester_is_anonymous() {
        let keyed = |requester: Option<&[u8]>| Keyed::new("k", requester, "PATCH /a", b"{}");
        assert_ne!(keyed(Some(b"ann")).id(), keyed(Some(b"bob")).id());
        assert_ne!(keyed(Some(b"ann")).id(), keyed(None).id());
        assert_eq!(keyed(Some(b"")), keyed(None));
        assert!(keyed(Some(b"ann")).names_a_requester());
        assert!(!keyed(Some(b"")).names_a_requester());
        assert_ne!(
            keyed(None).fingerprint(),
            Keyed::new("k", None, "PATCH /b", b"{}").fingerprint()
        );
    }
}
