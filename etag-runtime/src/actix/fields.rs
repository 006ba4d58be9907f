//! The core's request fields and method kinds, read from actix-web's types.

use actix_web::http::Method;
use actix_web::http::header::{self, AsHeaderName, HeaderMap, HeaderName, HeaderValue};

use crate::preconditions::lines::Lines;
use crate::preconditions::{ConditionalHeaders, MethodKind};

/// The four conditional fields by their actix names, in the order of `Condition::ALL`.
const CONDITIONAL_FIELDS: [HeaderName; 4] = [
    header::IF_MATCH,
    header::IF_NONE_MATCH,
    header::IF_MODIFIED_SINCE,
    header::IF_UNMODIFIED_SINCE,
];

impl<'h> ConditionalHeaders<'h> {
    /// Reads If-Match, If-None-Match, If-Modified-Since and If-Unmodified-Since from an actix-web request's
    /// headers, each from all of its lines.
    pub fn from_headers(headers: &'h HeaderMap) -> Self {
        let present = present_fields(headers);
        let mut fields: [Lines<'h>; 4] = Default::default();
        for ((lines, name), present) in fields.iter_mut().zip(&CONDITIONAL_FIELDS).zip(present) {
            if present {
                for line in headers.get_all(name) {
                    lines.push(line.as_bytes());
                }
            }
        }
        Self::from_lines(fields)
    }
}

/// Which of the four fields the request has. A request carries none of them or one or two, and each lookup by
/// name hashes the name, so one pass over the names a request has (a comparison of small integers for each
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

/// How many lines of a field a header map holds, and the line where there is one.
pub(crate) enum FieldLines<'h> {
    Absent,
    One(&'h HeaderValue),
    Several,
}

/// The lines of a field that may appear once: a second line makes it unreadable (RFC 9110 §5.3). The one check
/// of it in the actix layer, for the validators a handler set, its Date, and Accept-Encoding.
pub(crate) fn single_line<'h>(headers: &'h HeaderMap, name: impl AsHeaderName) -> FieldLines<'h> {
    let mut lines = headers.get_all(name);
    match (lines.next(), lines.next()) {
        (None, _) => FieldLines::Absent,
        (Some(line), None) => FieldLines::One(line),
        (Some(_), Some(_)) => FieldLines::Several,
    }
}

impl From<&Method> for MethodKind {
    fn from(method: &Method) -> Self {
        match *method {
            Method::GET | Method::HEAD => MethodKind::GetOrHead,
            Method::CONNECT | Method::OPTIONS | Method::TRACE => MethodKind::Exempt,
            _ => MethodKind::Other,
        }
    }
}

impl From<Method> for MethodKind {
    fn from(method: Method) -> Self {
        MethodKind::from(&method)
    }
}
