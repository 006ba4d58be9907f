//! Short hex digests of values that must not show in a tag or a store: a release id, a variant's fields, a
//! requester, an Idempotency-Key and its request.

use sha1::{Digest, Sha1};

/// The first `bytes` bytes of the SHA-1 of `parts`, each separated from the next by a zero byte (so that no two
/// sequences of parts run together), in lowercase hex.
pub(crate) fn digest_hex(parts: &[&[u8]], bytes: usize) -> String {
    let mut hash = Sha1::new();
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            hash.update([0]);
        }
        hash.update(part);
    }
    let digest = hash.finalize();
    digest[..bytes.min(digest.len())]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::digest_hex;

    // Parts are framed: moving a byte from one part to the next gives another digest.
    #[test]
    fn parts_do_not_run_together() {
        assert_ne!(digest_hex(&[b"ab", b"c"], 20), digest_hex(&[b"a", b"bc"], 20));
        assert_eq!(digest_hex(&[b"abc"], 4).len(), 8);
        assert_eq!(digest_hex(&[b"abc"], 4), &digest_hex(&[b"abc"], 20)[..8]);
    }
}
