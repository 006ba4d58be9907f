//! The core's request fields and method kinds, read from the `http` crate's types, which axum uses.

use http::header::{self, HeaderName};
use http::{HeaderMap, HeaderValue, Method};

use crate::preconditions::{Condition, ConditionalHeaders, MethodKind};

/// The codings tower-http's `CompressionLayer` can apply, whichever of its features a build has: a strong tag's
/// `+coding` forms name the same state for a write (RFC 9110 §8.8.3.3), and a form no response ever carried
/// names only a state too, so a fixed list is safe.
pub(crate) const TOWER_CODINGS: &[&str] = &["gzip", "br", "deflate", "zstd"];

/// The four conditional fields by the `http` crate's names: each a standard name, which compares as a small
/// integer.
const CONDITIONAL_FIELDS: [(Condition, HeaderName); 4] = [
    (Condition::IfMatch, header::IF_MATCH),
    (Condition::IfNoneMatch, header::IF_NONE_MATCH),
    (Condition::IfModifiedSince, header::IF_MODIFIED_SINCE),
    (Condition::IfUnmodifiedSince, header::IF_UNMODIFIED_SINCE),
];

/// Each line of the four conditional fields of `headers`, each field's lines in their order. One pass over the
/// lines a request has: a request carries none of the four or one or two, and four lookups by name would hash
/// each name, where comparing a name with four standard ones costs a few instructions.
fn field_lines(headers: &HeaderMap) -> impl Iterator<Item = (Condition, &HeaderValue)> {
    headers.iter().filter_map(|(name, line)| {
        let (condition, _) = CONDITIONAL_FIELDS.iter().find(|(_, field)| field == name)?;
        Some((*condition, line))
    })
}

/// Each line of the four conditional fields of `headers`, as bytes.
pub(crate) fn condition_lines(headers: &HeaderMap) -> impl Iterator<Item = (Condition, &[u8])> {
    field_lines(headers).map(|(condition, line)| (condition, line.as_bytes()))
}

/// The conditional fields of a request, kept past the request itself: a layer evaluates them once the handler
/// has answered. Cheap to take: a field value shares its bytes.
#[derive(Debug, Default)]
pub(crate) struct KeptFields(Vec<(Condition, HeaderValue)>);

impl KeptFields {
    pub(crate) fn of(headers: &HeaderMap) -> Self {
        KeptFields(
            field_lines(headers)
                .map(|(condition, line)| (condition, line.clone()))
                .collect(),
        )
    }

    pub(crate) fn conditional_headers(&self) -> ConditionalHeaders<'_> {
        ConditionalHeaders::from_fields(self.0.iter().map(|(condition, line)| (*condition, line.as_bytes())))
    }
}

impl From<&Method> for MethodKind {
    fn from(method: &Method) -> Self {
        MethodKind::from_name(method.as_str())
    }
}

/// The one value of a field that may appear once: `Err` for two lines or more (RFC 9110 §5.3).
pub(crate) fn single_value<'h>(headers: &'h HeaderMap, name: &http::HeaderName) -> Result<Option<&'h HeaderValue>, ()> {
    let mut lines = headers.get_all(name).iter();
    match (lines.next(), lines.next()) {
        (None, _) => Ok(None),
        (Some(line), None) => Ok(Some(line)),
        (Some(_), Some(_)) => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 9110 §5.3: a field sent in several lines is their list in order; every line of each of the four is
    // read, and nothing else the request carries (`x-if-match` only contains one of their names).
    #[test]
    fn rfc9110_5_3_every_line_of_each_field_in_order() {
        let mut headers = HeaderMap::new();
        headers.append(header::HOST, HeaderValue::from_static("example.com"));
        headers.append(header::IF_NONE_MATCH, HeaderValue::from_static("\"a\""));
        headers.append("x-if-match", HeaderValue::from_static("\"not a condition\""));
        headers.append(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_static("Tue, 24 Nov 2026 09:02:33 GMT"),
        );
        headers.append("If-None-Match", HeaderValue::from_static("\"b\", \"c\""));
        let lines: Vec<_> = condition_lines(&headers).collect();
        let expected: [(Condition, &[u8]); 3] = [
            (Condition::IfNoneMatch, b"\"a\""),
            (Condition::IfNoneMatch, b"\"b\", \"c\""),
            (Condition::IfModifiedSince, b"Tue, 24 Nov 2026 09:02:33 GMT"),
        ];
        assert_eq!(lines, expected);
    }
}
