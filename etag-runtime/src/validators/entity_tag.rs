//! Entity tags: RFC 9110 §8.8.3.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// An entity tag: an opaque validator, strong or weak (RFC 9110 §8.8.3).
///
/// The opaque part is stored without its quotes. It can only hold `etagc` characters (`!`, `#` to `~`, and any
/// non-ASCII character): building a tag from anything else is an error, never a panic.
///
/// ```
/// use etag_runtime::EntityTag;
///
/// let tag = EntityTag::strong("v7").unwrap();
/// assert_eq!(tag.to_string(), r#""v7""#);
/// assert!(tag.strong_eq(&EntityTag::strong("v7").unwrap()));
/// assert!(!tag.strong_eq(&EntityTag::weak("v7").unwrap()));
/// assert!(tag.weak_eq(&EntityTag::weak("v7").unwrap()));
/// assert!(EntityTag::strong("has space").is_err());
/// ```
#[derive(Clone)]
pub struct EntityTag {
    weak: bool,
    text: String,
    form: Form,
}

/// What a tag's text holds. This crate's own tags hold their field value, written once at exactly its size,
/// so that sending one moves that text into the header value rather than copying it; a tag made from an
/// application's `String` keeps that `String` as its opaque part, as given, and is quoted when it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `opaque`.
    Opaque,
    /// `"opaque"` or `W/"opaque"`.
    Field,
}

/// Why a string cannot be the opaque part of an entity tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidEntityTag {
    /// The first character that is not `etagc`, and its byte offset.
    pub character: char,
    /// Where that character starts, in bytes from the start of the text.
    pub offset: usize,
}

impl fmt::Display for InvalidEntityTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} at byte {} cannot appear in an entity tag (RFC 9110 §8.8.3 allows '!', '#' to '~' and non-ASCII); \
             encode the value first, for example with EntityTag::from_bytes_strong",
            self.character, self.offset
        )
    }
}

impl std::error::Error for InvalidEntityTag {}

impl EntityTag {
    /// A strong tag: it changes whenever the representation's bytes change (RFC 9110 §8.8.1).
    pub fn strong(opaque: impl Into<String>) -> Result<Self, InvalidEntityTag> {
        Self::new(false, opaque.into())
    }

    /// A weak tag: it may stay the same across semantically equivalent representations (RFC 9110 §8.8.1).
    pub fn weak(opaque: impl Into<String>) -> Result<Self, InvalidEntityTag> {
        Self::new(true, opaque.into())
    }

    /// A strong tag whose opaque part is `bytes` in URL-safe base64, so any input is accepted.
    pub fn from_bytes_strong(bytes: &[u8]) -> Self {
        Self::from_bytes(false, bytes)
    }

    /// A weak tag whose opaque part is `bytes` in URL-safe base64, so any input is accepted.
    pub fn from_bytes_weak(bytes: &[u8]) -> Self {
        Self::from_bytes(true, bytes)
    }

    fn from_bytes(weak: bool, bytes: &[u8]) -> Self {
        // base64 is etagc; written straight between the quotes, in one allocation of exactly its size (without
        // padding, 4 characters for each 3 bytes, rounded up), which the header value then takes without a copy.
        let length = (bytes.len() * 4).div_ceil(3);
        // A digest's base64 fits a buffer on the stack, encoded in one call there and copied in; `encode_string`
        // goes through a chunked writer, which costs more for so few bytes.
        let mut encoded = [0; 64];
        let written = encoded
            .get_mut(..length)
            .and_then(|room| URL_SAFE_NO_PAD.encode_slice(bytes, room).ok());
        match written.and_then(|written| std::str::from_utf8(&encoded[..written]).ok()) {
            Some(text) => Self::written(weak, length, |field| field.push_str(text)),
            None => Self::written(weak, length, |field| URL_SAFE_NO_PAD.encode_string(bytes, field)),
        }
    }

    fn new(weak: bool, opaque: String) -> Result<Self, InvalidEntityTag> {
        match opaque.char_indices().find(|&(_, c)| !is_etag_char(c)) {
            Some((offset, character)) => Err(InvalidEntityTag { character, offset }),
            None => Ok(Self {
                weak,
                text: opaque,
                form: Form::Opaque,
            }),
        }
    }

    /// A tag whose opaque part is `opaque`, which holds only `etagc`.
    pub(crate) fn from_valid(weak: bool, opaque: &str) -> Self {
        Self::written(weak, opaque.len(), |field| field.push_str(opaque))
    }

    /// A tag whose opaque part `write` appends, about `length` bytes of `etagc`: one allocation when the length
    /// is right.
    pub(crate) fn written(weak: bool, length: usize, write: impl FnOnce(&mut String)) -> Self {
        let prefix = field_prefix(weak);
        let mut field = String::with_capacity(prefix.len() + length + 1);
        field.push_str(prefix);
        write(&mut field);
        field.push('"');
        Self {
            weak,
            text: field,
            form: Form::Field,
        }
    }

    /// Parses one `entity-tag` as sent in an `ETag` field, e.g. `W/"abc"`.
    pub fn parse(field: &str) -> Result<Self, InvalidEntityTag> {
        let field = field.trim_matches([' ', '\t']);
        let invalid_at = |offset: usize| InvalidEntityTag {
            character: field.get(offset..).and_then(|rest| rest.chars().next()).unwrap_or('"'),
            offset,
        };
        match leading_tag(field.as_bytes()) {
            Ok((tag, length)) if length == field.len() => {
                // The opaque part lies between two ASCII quotes, so it starts and ends on character boundaries.
                let start = length - 1 - tag.opaque.len();
                let opaque = field.get(start..length - 1).ok_or_else(|| invalid_at(start))?;
                Ok(Self::from_valid(tag.weak, opaque))
            }
            Ok((_, length)) => Err(invalid_at(length)),
            Err(TagSyntaxError::NoOpeningQuote(offset) | TagSyntaxError::BadCharacter(offset)) => {
                Err(invalid_at(offset))
            }
        }
    }

    /// Whether the tag is weak (`W/"..."`): it can validate a cached copy but never a write (RFC 9110 §8.8.3.2).
    pub fn is_weak(&self) -> bool {
        self.weak
    }

    /// The opaque part, without quotes or `W/`.
    pub fn opaque(&self) -> &str {
        match self.form {
            Form::Opaque => &self.text,
            Form::Field => &self.text[field_prefix(self.weak).len()..self.text.len() - 1],
        }
    }

    /// The tag as a field value, `"opaque"` or `W/"opaque"` (RFC 9110 §8.8.3), moved out: what the actix layer
    /// sends as the ETag header value.
    #[cfg_attr(
        not(any(feature = "actix", feature = "axum")),
        allow(dead_code, reason = "sent by the actix layer")
    )]
    pub(crate) fn into_field(self) -> String {
        match self.form {
            Form::Field => self.text,
            Form::Opaque => Self::from_valid(self.weak, &self.text).text,
        }
    }

    /// Strong comparison (RFC 9110 §8.8.3.2): both tags strong and their opaque parts equal.
    pub fn strong_eq(&self, other: &EntityTag) -> bool {
        self.as_ref().strong_eq(other.as_ref())
    }

    /// Weak comparison (RFC 9110 §8.8.3.2): opaque parts equal, whatever the weakness.
    pub fn weak_eq(&self, other: &EntityTag) -> bool {
        self.as_ref().weak_eq(other.as_ref())
    }

    pub(crate) fn as_ref(&self) -> TagRef<'_> {
        TagRef {
            weak: self.weak,
            opaque: self.opaque().as_bytes(),
        }
    }
}

impl fmt::Display for EntityTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.form {
            Form::Field => f.write_str(&self.text),
            Form::Opaque => write!(f, "{}{}\"", field_prefix(self.weak), self.text),
        }
    }
}

/// Two tags are equal when they are the same tag, whichever form holds them.
impl PartialEq for EntityTag {
    fn eq(&self, other: &Self) -> bool {
        self.weak == other.weak && self.opaque() == other.opaque()
    }
}

impl Eq for EntityTag {}

impl std::hash::Hash for EntityTag {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.weak.hash(state);
        self.opaque().hash(state);
    }
}

impl fmt::Debug for EntityTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EntityTag({self})")
    }
}

impl std::str::FromStr for EntityTag {
    type Err = InvalidEntityTag;

    fn from_str(field: &str) -> Result<Self, Self::Err> {
        Self::parse(field)
    }
}

/// An entity tag borrowed from a request header, compared without allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TagRef<'a> {
    pub weak: bool,
    pub opaque: &'a [u8],
}

impl TagRef<'_> {
    /// RFC 9110 §8.8.3.2: strong comparison needs both tags strong.
    pub fn strong_eq(self, other: TagRef<'_>) -> bool {
        !self.weak && !other.weak && self.opaque == other.opaque
    }

    /// RFC 9110 §8.8.3.2: weak comparison ignores the weakness indicator.
    pub fn weak_eq(self, other: TagRef<'_>) -> bool {
        self.opaque == other.opaque
    }
}

/// What comes before the opaque part in a field value: `W/"` for a weak tag, `"` for a strong one.
fn field_prefix(weak: bool) -> &'static str {
    if weak { "W/\"" } else { "\"" }
}

/// Why bytes do not start with an entity tag; each holds the offset of the first byte that does not fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TagSyntaxError {
    /// No `"` (after an optional `W/`) where the tag must open.
    NoOpeningQuote(usize),
    /// A byte inside the quotes that `etagc` does not allow, or the end before the closing quote.
    BadCharacter(usize),
}

/// `entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE` (RFC 9110 §8.8.3) at the start of `bytes`: the tag, and how many
/// bytes it took. `W` is case-sensitive. The one reader of the grammar, for [`EntityTag::parse`] and for the lists
/// of If-Match and If-None-Match.
pub(crate) fn leading_tag(bytes: &[u8]) -> Result<(TagRef<'_>, usize), TagSyntaxError> {
    let (weak, rest) = match bytes.strip_prefix(b"W/") {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let opening = bytes.len() - rest.len();
    let Some(quoted) = rest.strip_prefix(b"\"") else {
        return Err(TagSyntaxError::NoOpeningQuote(opening));
    };
    // `etagc` excludes the quote, so the opaque part runs to the first byte that is not `etagc`, and that byte
    // must be the closing quote: one pass over the tag.
    let length = quoted.iter().position(|&b| !is_etag_byte(b)).unwrap_or(quoted.len());
    if quoted.get(length) != Some(&b'"') {
        return Err(TagSyntaxError::BadCharacter(opening + 1 + length));
    }
    let tag = TagRef {
        weak,
        opaque: &quoted[..length],
    };
    Ok((tag, opening + 1 + length + 1))
}

/// `etagc = %x21 / %x23-7E / obs-text` (RFC 9110 §8.8.3); every non-ASCII char encodes as obs-text bytes.
fn is_etag_char(c: char) -> bool {
    // An ASCII char is its own byte; the table below is the one definition of `etagc`.
    !c.is_ascii() || is_etag_byte(c as u8)
}

/// The byte form of `etagc`, for parsing request headers: one table lookup, since every tag a request sends is
/// read byte by byte.
fn is_etag_byte(byte: u8) -> bool {
    ETAGC_BYTES[usize::from(byte)]
}

const ETAGC_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = byte == 0x21 || (byte >= 0x23 && byte <= 0x7e) || byte >= 0x80;
        byte += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::{EntityTag, is_etag_byte};

    // A tag's field text is allocated at exactly its size, so that the header value takes the buffer as it is
    // (a `Bytes` made from a full `Vec` is not copied or given a second allocation).
    #[test]
    fn rfc9110_8_8_3_fields_are_allocated_at_their_exact_size() {
        let exact = |tag: &EntityTag| tag.form == super::Form::Field && tag.text.capacity() == tag.text.len();
        for length in 0..64 {
            let bytes = vec![0xa5; length];
            assert!(exact(&EntityTag::from_bytes_weak(&bytes)), "{length}");
            assert!(exact(&EntityTag::from_bytes_strong(&bytes)), "{length}");
        }
        // A tag made from an application's `String` keeps it, unquoted, as given.
        let given = EntityTag::strong(String::from("v7")).unwrap();
        assert_eq!(
            (given.form, given.to_string()),
            (super::Form::Opaque, "\"v7\"".to_owned())
        );
        assert_eq!(given.clone().into_field(), "\"v7\"");
        assert_eq!(given, EntityTag::parse("\"v7\"").unwrap());
        assert!(exact(&EntityTag::parse("W/\"x\"").unwrap()));
        let gzip = crate::validators::coding_form(EntityTag::strong("v7").unwrap(), Some("gzip"));
        assert!(exact(&gzip));
        assert!(exact(&crate::validators::derived_tag::derived_tag(
            false,
            "p",
            &[&"a".repeat(100)],
            "1f2e3d4c"
        )));
    }

    // RFC 9110 §8.8.3: etagc = %x21 / %x23-7E / obs-text; each boundary of the table, from both sides.
    #[test]
    fn rfc9110_8_8_3_etagc_bytes_at_every_boundary() {
        let inside = [0x21, 0x23, 0x24, 0x7d, 0x7e, 0x80, 0xff];
        let outside = [0x00, 0x09, 0x20, 0x22, 0x7f];
        assert!(inside.into_iter().all(is_etag_byte));
        assert!(!outside.into_iter().any(is_etag_byte));
        assert_eq!((0..=255).filter(|&byte| is_etag_byte(byte)).count(), 1 + 92 + 128);
    }
}
