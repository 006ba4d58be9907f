//! The entity tag `#[derive(ETag)]` builds from a model's `#[etag]` fields.
//!
//! Each field's `Display` text is written with every byte that is not plainly safe in a tag escaped as `%XX`
//! (its hex value), and the fields are joined with `.`, after the struct's prefix if it has one:
//! `#[etag] id: 7, #[etag] name: "a b"` gives `"7.a%20b"`. Escaped are `%` and `.` themselves (so that the
//! encoding can be undone, and different field values, or tuples of them, never give the same tag), `"`,
//! which cannot appear in a tag, `+`, which starts a content-coding suffix (`"v3+gzip"`), `,`, which naive list
//! parsers split on, and everything outside visible ASCII: spaces, controls and every byte of a non-ASCII
//! character. Any value thus gives a valid tag, and building one never panics.
//!
//! One allocation per tag of up to 64 bytes, nearly all of them: the text is escaped straight into a `String`
//! of that capacity, which grows only for a longer tag.

use std::fmt::{self, Display, Write};
use std::time::SystemTime;

use crate::EntityTag;

/// Room for nearly every derived tag, so that writing one does not reallocate.
const USUAL_TAG_LENGTH: usize = 64;

/// The tag of `parts` after `prefix`. The derive checks that `prefix` needs no escaping, so it is copied in one
/// piece; it still goes through the escaper, because this function is public (`__private`) and a tag must hold
/// only `etagc` whoever calls it (its header value is not checked again, see `actix/representation.rs`).
pub fn derived_tag(weak: bool, prefix: &'static str, parts: &[&dyn Display]) -> EntityTag {
    let mut opaque = String::with_capacity(USUAL_TAG_LENGTH.max(prefix.len()));
    let mut escaper = Escaper(&mut opaque);
    let _ = escaper.write_str(prefix);
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            escaper.0.push('.');
        }
        // Writing into a String cannot fail; a `Display` impl that fails only shortens its part.
        let _ = write!(escaper, "{part}");
    }
    EntityTag::from_valid(weak, opaque)
}

/// Whether `byte` goes into a derived tag as it is.
fn is_plain(byte: u8) -> bool {
    (b'!'..=b'~').contains(&byte) && !matches!(byte, b'"' | b'%' | b'+' | b',' | b'.')
}

/// Writes the escaped text into a `String`, copying each run of plain bytes in one piece.
struct Escaper<'a>(&'a mut String);

impl Write for Escaper<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        // Plain bytes are ASCII, so a run of them starts and ends on character boundaries; an empty run after
        // an escaped byte may not, and is skipped.
        let mut plain_from = 0;
        for (at, byte) in text.bytes().enumerate() {
            if !is_plain(byte) {
                if at > plain_from {
                    self.0.push_str(&text[plain_from..at]);
                }
                self.0.push('%');
                self.0.push(char::from(HEX[usize::from(byte >> 4)]));
                self.0.push(char::from(HEX[usize::from(byte & 0xf)]));
                plain_from = at + 1;
            }
        }
        if plain_from < text.len() {
            self.0.push_str(&text[plain_from..]);
        }
        Ok(())
    }
}

/// The types `#[last_modified]` accepts.
#[diagnostic::on_unimplemented(
    message = "#[last_modified] goes on a field of type `SystemTime` or `Option<SystemTime>`, not `{Self}`",
    label = "this field's type",
    note = "convert the field to `std::time::SystemTime`, or implement `ETag::last_modified` by hand"
)]
pub trait LastModifiedField {
    /// The field's value as a modification time.
    fn last_modified(&self) -> Option<SystemTime>;
}

impl LastModifiedField for SystemTime {
    fn last_modified(&self) -> Option<SystemTime> {
        Some(*self)
    }
}

impl LastModifiedField for Option<SystemTime> {
    fn last_modified(&self) -> Option<SystemTime> {
        *self
    }
}

#[cfg(test)]
mod tests {
    use super::derived_tag;

    // RFC 9110 §8.8.3: whatever the values, the opaque part holds only etagc, and escaping is exact.
    #[test]
    fn rfc9110_8_8_3_escapes_to_etagc() {
        let tag = derived_tag(false, "v", &[&7, &"a b\"c%d.e+f,g", &"é"]);
        assert_eq!(tag.opaque(), "v7.a%20b%22c%25d%2Ee%2Bf%2Cg.%C3%A9");
        assert!(!tag.is_weak());
        assert!(derived_tag(true, "", &[&-1]).is_weak());
        assert_eq!(derived_tag(true, "", &[&-1]).opaque(), "-1");
    }

    // RFC 9110 §8.8.3: a prefix the derive would refuse is escaped too, so no caller can put a CR, LF or quote in
    // a tag (its header value is not validated again).
    #[test]
    fn rfc9110_8_8_3_prefix_is_escaped_when_it_must_be() {
        let tag = derived_tag(false, "a\r\nb\"", &[&1]);
        assert_eq!(tag.opaque(), "a%0D%0Ab%221");
        assert_eq!(derived_tag(false, "items-v1-n", &[&7]).opaque(), "items-v1-n7");
    }

    // A tag longer than the usual capacity is written whole, escapes included.
    #[test]
    fn long_tags_are_written_whole() {
        let long = "é".repeat(40);
        let tag = derived_tag(false, "p", &[&long, &1]);
        assert_eq!(tag.opaque(), format!("p{}.1", "%C3%A9".repeat(40)));
        let exactly_64 = "x".repeat(63);
        assert_eq!(derived_tag(false, "p", &[&exactly_64]).opaque().len(), 64);
    }
}
