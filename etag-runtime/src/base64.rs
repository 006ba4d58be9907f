//! URL-safe base64 without padding (RFC 4648 §5): every output character is a valid `etagc`.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub(crate) fn encode_url_safe(bytes: &[u8]) -> String {
    // Runs on every hashed response (a SHA-1 is 20 bytes), so whole 3-byte groups take the short path.
    let mut out = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    let mut groups = bytes.chunks_exact(3);
    for group in &mut groups {
        let bits = u32::from(group[0]) << 16 | u32::from(group[1]) << 8 | u32::from(group[2]);
        out.extend_from_slice(&[18, 12, 6, 0].map(|shift| sextet(bits, shift)));
    }
    // A last group of n bytes (1 or 2) carries n * 8 bits, written as n + 1 characters, without padding.
    let rest = groups.remainder();
    if !rest.is_empty() {
        let bits = rest
            .iter()
            .enumerate()
            .fold(0u32, |bits, (i, &b)| bits | u32::from(b) << (16 - 8 * i));
        out.extend((0..=rest.len() as u32).map(|i| sextet(bits, 18 - 6 * i)));
    }
    // Every byte comes from ALPHABET, which is ASCII.
    String::from_utf8(out).unwrap_or_default()
}

fn sextet(bits: u32, shift: u32) -> u8 {
    ALPHABET[(bits >> shift & 0x3f) as usize]
}

#[cfg(test)]
mod tests {
    use super::encode_url_safe;

    // RFC 4648 §10 test vectors, unpadded, and the two URL-safe characters of §5.
    #[test]
    fn rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
        ];
        for (input, expected) in cases {
            assert_eq!(encode_url_safe(input.as_bytes()), expected);
        }
        assert_eq!(encode_url_safe(&[0xfb, 0xff]), "-_8");
    }
}
