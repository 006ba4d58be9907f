//! The one escaping of a derived tag's field values and of a tag's facet values: each byte that is not plainly
//! safe in a tag becomes `%XX`. Its own file, so that the derived tag and the tag grammar both use it and neither
//! imports the other.

use std::fmt::{self, Write};

/// Whether `byte` goes into a derived tag as it is.
fn is_plain(byte: u8) -> bool {
    (b'!'..=b'~').contains(&byte) && !matches!(byte, b'"' | b'%' | b'+' | b',' | b'.')
}

/// A `fmt::Write` that escapes what it is given, and can also write the unescaped separator.
pub(super) trait EscapedWrite: Write {
    fn separator(&mut self);
}

/// Counts the bytes the escaped text will take.
pub(super) struct Counter(pub(super) usize);

impl Write for Counter {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.0 += text
            .bytes()
            .map(|byte| if is_plain(byte) { 1 } else { 3 })
            .sum::<usize>();
        Ok(())
    }
}

impl EscapedWrite for Counter {
    fn separator(&mut self) {
        self.0 += 1;
    }
}

/// Where escaped text goes: a `String`, or a buffer on the stack.
pub(super) trait Sink {
    fn push_str(&mut self, text: &str);
}

impl<S: Sink> Sink for &mut S {
    fn push_str(&mut self, text: &str) {
        (**self).push_str(text);
    }
}

impl Sink for String {
    fn push_str(&mut self, text: &str) {
        String::push_str(self, text);
    }
}

/// 64 bytes on the stack; text that does not fit marks the buffer as overflowed, and is dropped.
pub(super) struct ShortBuffer {
    bytes: [u8; 64],
    length: usize,
    overflowed: bool,
}

impl Default for ShortBuffer {
    fn default() -> Self {
        ShortBuffer {
            bytes: [0; 64],
            length: 0,
            overflowed: false,
        }
    }
}

impl ShortBuffer {
    /// The text, unless some did not fit.
    pub(super) fn as_str(&self) -> Option<&str> {
        let text = std::str::from_utf8(&self.bytes[..self.length]).ok()?;
        (!self.overflowed).then_some(text)
    }
}

impl Sink for ShortBuffer {
    fn push_str(&mut self, text: &str) {
        match self.bytes.get_mut(self.length..self.length + text.len()) {
            Some(room) => {
                room.copy_from_slice(text.as_bytes());
                self.length += text.len();
            }
            None => self.overflowed = true,
        }
    }
}

/// Appends `text` to `out` escaped as a derived tag's fields are (`%XX` for each byte that is not plain): the one
/// escaping of field values and of a tag's facet values (`tag_grammar.rs`).
pub(super) fn escape_into(out: &mut String, text: &str) {
    // Writing into a String cannot fail.
    let _ = Escaper(out).write_str(text);
}

/// Writes the escaped text, copying each run of plain bytes in one piece.
pub(super) struct Escaper<'a, S: Sink>(pub(super) &'a mut S);

impl<S: Sink> Write for Escaper<'_, S> {
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
                let escape = [b'%', HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xf)]];
                // Three ASCII bytes are always UTF-8.
                self.0.push_str(std::str::from_utf8(&escape).unwrap_or_default());
                plain_from = at + 1;
            }
        }
        if plain_from < text.len() {
            self.0.push_str(&text[plain_from..]);
        }
        Ok(())
    }
}

impl<S: Sink> EscapedWrite for Escaper<'_, S> {
    fn separator(&mut self) {
        self.0.push_str(".");
    }
}
