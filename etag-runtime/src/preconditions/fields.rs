//! Reading the four precondition fields of a request (RFC 9110 §13.1), from their lines as bytes.

use super::condition::Condition;
use super::lines::Lines;
use super::tag_list::{ListError, TagList};
use crate::validators::http_date::HttpDate;

/// A request's preconditions, read from the lines of its four conditional fields and borrowing them.
///
/// Tag lists are validated here; dates that are invalid or sent more than once are dropped here, because
/// RFC 9110 §13.1.3 and §13.1.4 say to ignore them. Any server can feed it: [`ConditionalHeaders::from_fields`]
/// takes each field line as a name and its bytes; with the `actix` feature, `ConditionalHeaders::from_headers`
/// reads an actix-web `HeaderMap`.
///
/// ```
/// use etag_runtime::EntityTag;
/// use etag_runtime::preconditions::{Condition, ConditionalHeaders, Decision, MethodKind, Resource};
///
/// let fields = ConditionalHeaders::from_fields([(Condition::IfNoneMatch, &br#""v1", "v2""#[..])]);
/// let current = EntityTag::strong("v2").unwrap();
/// let resource = Resource::current(Some(&current), None);
/// assert_eq!(fields.evaluate(MethodKind::GetOrHead, &resource), Decision::NotModified);
/// assert_eq!(fields.evaluate(MethodKind::Other, &resource).status(), Some(412));
/// ```
#[derive(Debug, Clone)]
pub struct ConditionalHeaders<'h> {
    pub(crate) if_match: Field<TagList<'h>>,
    pub(crate) if_none_match: Field<TagList<'h>>,
    pub(crate) if_modified_since: Option<HttpDate>,
    pub(crate) if_unmodified_since: Option<HttpDate>,
}

#[derive(Debug, Clone)]
pub(crate) enum Field<T> {
    Absent,
    Malformed(ListError),
    Present(T),
}

impl<'h> ConditionalHeaders<'h> {
    /// Reads the four fields from their lines, each a field and its value's bytes, in the order the request
    /// sent them; a field sent in several lines is one list (RFC 9110 §5.3). Lines of other fields are not
    /// given: [`Condition::from_name`] tells which names are these four.
    pub fn from_fields(lines: impl IntoIterator<Item = (Condition, &'h [u8])>) -> Self {
        let mut fields: [Lines<'h>; 4] = Default::default();
        for (condition, line) in lines {
            fields[condition as usize].push(line);
        }
        Self::from_lines(fields)
    }

    /// Reads the four fields from their lines, in the order of [`Condition::ALL`].
    pub(crate) fn from_lines(fields: [Lines<'h>; 4]) -> Self {
        let [if_match, if_none_match, if_modified_since, if_unmodified_since] = fields;
        Self {
            if_match: tag_list(if_match),
            if_none_match: tag_list(if_none_match),
            if_modified_since: single_date(&if_modified_since),
            if_unmodified_since: single_date(&if_unmodified_since),
        }
    }

    /// Whether the request states any precondition that guards a write: If-Match, an If-None-Match that names
    /// a tag or `*`, or a valid If-Unmodified-Since. A malformed tag list counts: it is answered with 400, not
    /// 428. An If-None-Match that names nothing (`If-None-Match:` or `If-None-Match: ,`) can stop no write, so
    /// it does not count; an empty If-Match does, since it matches nothing and so fails (RFC 9110 §13.1.1).
    pub fn guards_write(&self) -> bool {
        let names_a_tag = match &self.if_none_match {
            Field::Absent => false,
            Field::Malformed(_) => true,
            Field::Present(list) => !list.is_empty(),
        };
        !matches!(self.if_match, Field::Absent) || names_a_tag || self.if_unmodified_since.is_some()
    }

    /// Whether If-Match lists only weak tags, which can never pass its strong comparison (RFC 9110 §13.1.1).
    pub fn if_match_only_weak(&self) -> bool {
        match &self.if_match {
            Field::Present(list) => list.any_tag(|tag| tag.weak) && !list.any_tag(|tag| !tag.weak),
            Field::Absent | Field::Malformed(_) => false,
        }
    }
}

/// RFC 9110 §5.3: several lines of one list-based field are one list, in order.
fn tag_list(lines: Lines<'_>) -> Field<TagList<'_>> {
    if matches!(lines, Lines::Absent) {
        return Field::Absent;
    }
    match TagList::parse(lines) {
        Ok(list) => Field::Present(list),
        Err(error) => Field::Malformed(error),
    }
}

/// RFC 9110 §13.1.3, §13.1.4: a date field that is invalid or has more than one member is ignored.
fn single_date(lines: &Lines<'_>) -> Option<HttpDate> {
    match lines {
        Lines::One(line) => HttpDate::parse(trim_whitespace(line)).ok(),
        Lines::Absent | Lines::Several(_) => None,
    }
}

fn trim_whitespace(bytes: &[u8]) -> &[u8] {
    let is_space = |b: &u8| matches!(b, b' ' | b'\t');
    let start = bytes.iter().position(|b| !is_space(b)).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|b| !is_space(b)).map_or(start, |i| i + 1);
    &bytes[start..end]
}
