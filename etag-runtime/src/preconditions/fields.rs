//! Reading the four precondition fields of a request (RFC 9110 §13.1).

use actix_web::http::header::{self, HeaderMap, HeaderName};

use super::tag_list::{ListError, TagList};
use crate::validators::http_date::HttpDate;

/// A request's preconditions, read from its headers and borrowing them.
///
/// Tag lists are validated here; dates that are invalid or sent more than once are dropped here, because
/// RFC 9110 §13.1.3 and §13.1.4 say to ignore them.
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

/// The conditional request fields of RFC 9110 §13.1, all of which [`ConditionalHeaders::from_headers`] reads.
pub(crate) const CONDITIONAL_FIELDS: [HeaderName; 4] = [
    header::IF_MATCH,
    header::IF_NONE_MATCH,
    header::IF_MODIFIED_SINCE,
    header::IF_UNMODIFIED_SINCE,
];

impl<'h> ConditionalHeaders<'h> {
    /// Reads If-Match, If-None-Match, If-Modified-Since and If-Unmodified-Since, each from all of its lines.
    pub fn from_headers(headers: &'h HeaderMap) -> Self {
        let [if_match, if_none_match, if_modified_since, if_unmodified_since] = present_fields(headers);
        let list = |present: bool, name| {
            if present {
                tag_list(headers, name)
            } else {
                Field::Absent
            }
        };
        let date = |present: bool, name| if present { single_date(headers, name) } else { None };
        Self {
            if_match: list(if_match, &header::IF_MATCH),
            if_none_match: list(if_none_match, &header::IF_NONE_MATCH),
            if_modified_since: date(if_modified_since, &header::IF_MODIFIED_SINCE),
            if_unmodified_since: date(if_unmodified_since, &header::IF_UNMODIFIED_SINCE),
        }
    }

    /// Whether the request states any precondition that guards a write: If-Match, If-None-Match or a valid
    /// If-Unmodified-Since. A malformed tag list counts: it is answered with 400, not 428.
    pub fn guards_write(&self) -> bool {
        !matches!(self.if_match, Field::Absent)
            || !matches!(self.if_none_match, Field::Absent)
            || self.if_unmodified_since.is_some()
    }

    /// Whether If-Match lists only weak tags, which can never pass its strong comparison (RFC 9110 §13.1.1):
    /// what a client sends after a cache or proxy decoded the body and weakened the tag.
    pub(crate) fn if_match_only_weak(&self) -> bool {
        match &self.if_match {
            Field::Present(list) => list.any_tag(|tag| tag.weak) && !list.any_tag(|tag| !tag.weak),
            Field::Absent | Field::Malformed(_) => false,
        }
    }
}

/// Which of [`CONDITIONAL_FIELDS`] the request has. A request carries none of them or one or two, and each lookup
/// by name hashes the name, so one pass over the names a request has (a comparison of small integers for each
/// standard one) finds them, and only those are looked up.
fn present_fields(headers: &HeaderMap) -> [bool; 4] {
    let mut present = [false; 4];
    for name in headers.keys() {
        if let Some(index) = CONDITIONAL_FIELDS.iter().position(|field| field == name) {
            present[index] = true;
        }
    }
    present
}

/// RFC 9110 §5.3: several lines of one list-based field are one list, in order.
fn tag_list<'h>(headers: &'h HeaderMap, name: &HeaderName) -> Field<TagList<'h>> {
    let lines = headers.get_all(name).as_slice();
    if lines.is_empty() {
        return Field::Absent;
    }
    match TagList::parse(lines) {
        Ok(list) => Field::Present(list),
        Err(error) => Field::Malformed(error),
    }
}

/// RFC 9110 §13.1.3, §13.1.4: a date field that is invalid or has more than one member is ignored.
fn single_date(headers: &HeaderMap, name: &HeaderName) -> Option<HttpDate> {
    let mut lines = headers.get_all(name);
    let only = lines.next()?;
    if lines.next().is_some() {
        return None;
    }
    HttpDate::parse(trim_whitespace(only.as_bytes())).ok()
}

fn trim_whitespace(bytes: &[u8]) -> &[u8] {
    let is_space = |b: &u8| matches!(b, b' ' | b'\t');
    let start = bytes.iter().position(|b| !is_space(b)).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|b| !is_space(b)).map_or(start, |i| i + 1);
    &bytes[start..end]
}
