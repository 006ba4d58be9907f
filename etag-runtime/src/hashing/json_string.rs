//! JSON strings, escaped exactly as serde_json escapes them: `"`, `\` and the control characters below
//! U+0020, with the short forms `\b \t \n \f \r` and lowercase `\u00XX` for the rest; everything else,
//! non-ASCII included, is copied as is.
//!
//! The hashing mode writes every string and every field name through here, so it is written for speed: most
//! strings need no escape at all, which one branch-free pass finds out, and those are copied in one piece.
//! serde_json instead looks up every byte in a table and branches on it.

/// Appends `text` to `out` as a quoted JSON string.
#[inline]
pub(crate) fn write_json_string(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.push(b'"');
    // No early exit: the compiler turns this fold into vector compares.
    if bytes.iter().fold(false, |found, &byte| found | needs_escape(byte)) {
        write_escaped(out, bytes);
    } else {
        out.extend_from_slice(bytes);
    }
    out.push(b'"');
}

/// The rare string with something to escape: the clean runs between escapes are copied whole.
#[cold]
fn write_escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut clean_from = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        if needs_escape(byte) {
            out.extend_from_slice(&bytes[clean_from..at]);
            push_escape(out, byte);
            clean_from = at + 1;
        }
    }
    out.extend_from_slice(&bytes[clean_from..]);
}

fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

fn push_escape(out: &mut Vec<u8>, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        b'\t' => b't',
        b'\n' => b'n',
        0x0c => b'f',
        b'\r' => b'r',
        _ => {
            let (high, low) = (HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xf)]);
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', high, low]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::write_json_string;

    fn ours(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        write_json_string(&mut out, text);
        out
    }

    // RFC 8259 §7: the characters that must be escaped, and serde_json's choice of form for each.
    #[test]
    fn rfc8259_7_every_ascii_byte_as_serde_json_writes_it() {
        for byte in 0u8..0x80 {
            let text = char::from(byte).to_string();
            assert_eq!(ours(&text), serde_json::to_vec(&text).unwrap(), "byte {byte:#04x}");
        }
    }

    // Escapes at every offset of a word, so that the eight-byte scan is tested at each position.
    #[test]
    fn rfc8259_7_escapes_at_every_offset() {
        for length in 0..24 {
            for at in 0..length {
                for special in ["\"", "\\", "\n", "\u{1f}", "\u{7f}", "é"] {
                    let text = format!("{}{special}{}", "a".repeat(at), "b".repeat(length - at));
                    assert_eq!(ours(&text), serde_json::to_vec(&text).unwrap(), "{text:?}");
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        // RFC 8259 §7, on any Unicode text: the hashing mode's bytes must stay serde_json's.
        #[test]
        fn rfc8259_7_same_bytes_as_serde_json(text in any::<String>()) {
            prop_assert_eq!(ours(&text), serde_json::to_vec(&text).unwrap());
        }
    }
}
