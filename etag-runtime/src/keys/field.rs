//! The Idempotency-Key field's value (IETF httpapi draft `draft-ietf-httpapi-idempotency-key-header`): a
//! Structured Field string (RFC 8941 §3.3.3, `"..."` with `\"` and `\\` escapes), or, as Stripe's and other
//! clients send it, a bare token. Both spell the same key: `"abc"` and `abc` are one key.

use std::fmt;

/// The longest key accepted, in characters.
pub const MAX_KEY_LENGTH: usize = 255;

/// Why an Idempotency-Key value is refused (400).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyError {
    /// The field is there with nothing in it (`""` included).
    Empty,
    /// More than [`MAX_KEY_LENGTH`] characters.
    TooLong,
    /// A `"` that never closes, or text after the closing one.
    Unterminated,
    /// A character outside visible ASCII (a control, a space in a bare key, a byte above 0x7E), or a bad
    /// escape inside quotes.
    BadCharacter,
    /// The field sent more than once.
    Repeated,
}

impl KeyError {
    fn explain(self) -> &'static str {
        match self {
            KeyError::Empty => "Idempotency-Key is empty; send one key per logical change, such as a UUID",
            KeyError::TooLong => "Idempotency-Key is longer than 255 characters",
            KeyError::Unterminated => "Idempotency-Key opens a quoted string that does not close where the field ends",
            KeyError::BadCharacter => "Idempotency-Key holds a character outside visible ASCII, or a bad escape",
            KeyError::Repeated => "Idempotency-Key is sent more than once; send one",
        }
    }
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.explain())
    }
}

impl std::error::Error for KeyError {}

/// The key a field value spells, quoted or bare.
pub fn parse_key(value: &[u8]) -> Result<String, KeyError> {
    let value = value.trim_ascii();
    let key = match value.strip_prefix(b"\"") {
        Some(quoted) => unquoted(quoted)?,
        None => bare(value)?,
    };
    match key.chars().count() {
        0 => Err(KeyError::Empty),
        length if length > MAX_KEY_LENGTH => Err(KeyError::TooLong),
        _ => Ok(key),
    }
}

/// A bare key: visible ASCII other than `"`, so that a stray quote is not read as part of a key.
fn bare(value: &[u8]) -> Result<String, KeyError> {
    if !value.iter().all(|byte| (b'!'..=b'~').contains(byte) && *byte != b'"') {
        return Err(KeyError::BadCharacter);
    }
    Ok(String::from_utf8_lossy(value).into_owned())
}

/// The text of an RFC 8941 string after its opening quote, which must close at the field's end.
fn unquoted(rest: &[u8]) -> Result<String, KeyError> {
    let mut key = String::with_capacity(rest.len());
    let mut bytes = rest.iter();
    while let Some(&byte) = bytes.next() {
        match byte {
            b'\\' => match bytes.next() {
                Some(&escaped @ (b'"' | b'\\')) => key.push(char::from(escaped)),
                Some(_) => return Err(KeyError::BadCharacter),
                None => return Err(KeyError::Unterminated),
            },
            b'"' if bytes.as_slice().is_empty() => return Ok(key),
            b'"' => return Err(KeyError::Unterminated),
            b' '..=b'~' => key.push(char::from(byte)),
            _ => return Err(KeyError::BadCharacter),
        }
    }
    Err(KeyError::Unterminated)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The draft's Structured Field string and the bare token clients send name one key.
    #[test]
    fn quoted_and_bare_keys_are_one_key() {
        assert_eq!(parse_key(b"\"8e03978e-40d5\""), Ok("8e03978e-40d5".to_owned()));
        assert_eq!(parse_key(b"8e03978e-40d5"), Ok("8e03978e-40d5".to_owned()));
        assert_eq!(parse_key(br#""a \"b\" \\c""#), Ok(r#"a "b" \c"#.to_owned()));
        assert_eq!(parse_key(b"  k1  "), Ok("k1".to_owned()));
    }

    // RFC 8941 §3.3.3: what is not a string or a token is refused, each with its reason.
    #[test]
    fn malformed_keys_are_refused() {
        let cases: [(&[u8], KeyError); 9] = [
            (b"", KeyError::Empty),
            (b"\"\"", KeyError::Empty),
            (b"\"open", KeyError::Unterminated),
            (b"\"a\"b", KeyError::Unterminated),
            (b"\"a\\", KeyError::Unterminated),
            (b"\"a\\n\"", KeyError::BadCharacter),
            (b"a b", KeyError::BadCharacter),
            ("é".as_bytes(), KeyError::BadCharacter),
            (b"a\"b", KeyError::BadCharacter),
        ];
        for (value, error) in cases {
            assert_eq!(parse_key(value), Err(error), "{:?}", String::from_utf8_lossy(value));
        }
        assert_eq!(parse_key("k".repeat(255).as_bytes()).map(|key| key.len()), Ok(255));
        assert_eq!(parse_key("k".repeat(256).as_bytes()), Err(KeyError::TooLong));
    }
}
