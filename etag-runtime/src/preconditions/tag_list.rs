//! The field values of If-Match and If-None-Match: `"*" / #entity-tag` (RFC 9110 §13.1.1, §13.1.2).
//!
//! Lists are read straight from the header lines, once to validate and once to compare, so evaluation allocates
//! nothing and costs time linear in the field's length. A list of one tag, what browsers and caches send, is
//! kept from the first reading and not read again.

use std::fmt;

use super::lines::Lines;
use crate::validators::entity_tag::{TagRef, TagSyntaxError, leading_tag};

/// A validated If-Match or If-None-Match field, possibly spread over several header lines (RFC 9110 §5.3).
#[derive(Debug, Clone)]
pub(crate) enum TagList<'h> {
    /// `*`: any current representation.
    Any,
    /// Exactly one entity tag, as read when the list was validated.
    One(TagRef<'h>),
    /// Zero or several entity tags; the lines are kept and walked again for comparison.
    Tags(Lines<'h>),
}

/// Why a tag list is not valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListError {
    /// Something other than an entity tag, `*` or an empty element, such as `abc` or `w/"x"`.
    NotAnEntityTag,
    /// A quoted tag that never closes, or a character inside it that `etagc` does not allow.
    BadTagCharacter,
    /// `*` together with entity tags, or twice: `*` must be the whole field.
    StarNotAlone,
}

impl fmt::Display for ListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.explain())
    }
}

impl std::error::Error for ListError {}

impl ListError {
    pub(crate) fn explain(self) -> &'static str {
        match self {
            ListError::NotAnEntityTag => "an element is neither an entity tag in double quotes nor \"*\"",
            ListError::BadTagCharacter => "an entity tag is not closed, or holds a character outside etagc",
            ListError::StarNotAlone => "\"*\" must be the whole field value, not part of a list",
        }
    }
}

impl<'h> TagList<'h> {
    /// Parses and validates every line of the field, as one comma-separated list.
    pub(crate) fn parse(lines: Lines<'h>) -> Result<Self, ListError> {
        let (mut stars, mut tags, mut first) = (0usize, 0usize, None);
        for line in lines.iter() {
            for element in Elements::new(line) {
                match element? {
                    Element::Star => stars += 1,
                    Element::Tag(tag) => {
                        first = first.or(Some(tag));
                        tags += 1;
                    }
                }
            }
        }
        match (stars, tags, first) {
            (0, 1, Some(only)) => Ok(TagList::One(only)),
            (0, _, _) => Ok(TagList::Tags(lines)),
            (1, 0, _) => Ok(TagList::Any),
            _ => Err(ListError::StarNotAlone),
        }
    }

    /// Whether the list names nothing: no tag and no `*`, only empty elements (RFC 9110 §5.6.1.2).
    pub(crate) fn is_empty(&self) -> bool {
        matches!(self, TagList::Tags(_)) && !self.any_tag(|_| true)
    }

    /// Whether any listed tag matches `current` under `compare`.
    pub(crate) fn any_tag(&self, compare: impl Fn(TagRef<'_>) -> bool) -> bool {
        match self {
            TagList::Any => false,
            TagList::One(tag) => compare(*tag),
            TagList::Tags(lines) => lines
                .iter()
                .flat_map(Elements::new)
                .any(|element| matches!(element, Ok(Element::Tag(tag)) if compare(tag))),
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Element<'a> {
    Star,
    Tag(TagRef<'a>),
}

/// The non-empty elements of one line; empty elements and optional whitespace are skipped (RFC 9110 §5.6.1.2).
struct Elements<'a> {
    bytes: &'a [u8],
    pos: usize,
    failed: bool,
}

impl<'a> Elements<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            pos: 0,
            failed: false,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// An entity tag (RFC 9110 §8.8.3), read by the one reader of its grammar.
    fn entity_tag(&mut self) -> Result<Element<'a>, ListError> {
        match leading_tag(&self.bytes[self.pos..]) {
            Ok((tag, length)) => {
                self.pos += length;
                Ok(Element::Tag(tag))
            }
            Err(TagSyntaxError::NoOpeningQuote(_)) => Err(ListError::NotAnEntityTag),
            Err(TagSyntaxError::BadCharacter(_)) => Err(ListError::BadTagCharacter),
        }
    }

    fn element(&mut self) -> Result<Element<'a>, ListError> {
        let element = if self.peek() == Some(b'*') {
            self.pos += 1;
            Element::Star
        } else {
            self.entity_tag()?
        };
        // After an element only whitespace, then a comma or the end, may follow.
        self.skip_whitespace();
        match self.peek() {
            None | Some(b',') => Ok(element),
            Some(_) => Err(ListError::NotAnEntityTag),
        }
    }
}

impl<'a> Iterator for Elements<'a> {
    type Item = Result<Element<'a>, ListError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        loop {
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.pos += 1,
                _ => break,
            }
        }
        let element = self.element();
        self.failed = element.is_err();
        Some(element)
    }
}
