//! Who asks (RFC 9110 §12.5.5): the request field that names the requester of a response whose body depends on
//! who asks, read as its exact bytes. Its own file, so that the options that name a requester and the variant
//! that puts it into a tag both import it, and neither imports the other.

use std::fmt;

use actix_web::HttpRequest;

use super::fields::{FieldLines, single_line};

/// How an application names the requester of a response whose body depends on who asks (fields hidden by role,
/// "is this mine"), for `#[conditional(per_user = REQUESTER)]` and [`Conditional::per_user`].
///
/// On such a route the tag names the requester, hashed (`"v3+u.5e6f..."`, no name or id in it), the field that
/// names the requester is in `Vary`, and a response with no Cache-Control of its own gets `Cache-Control:
/// private`, so that no shared cache stores one user's answer for another (RFC 9111 §5.2.2.7). A request with no
/// requester (anonymous) gets no requester in its tag, and the same `Vary` and `private`.
///
/// The hash hides the requester from caches and logs that see the tag; it does not make a guessable name (a
/// small number) secret from someone who tries every value.
///
/// ```
/// use etag_runtime::actix::Requester;
///
/// /// The example's requester: the `X-User` field (an authenticating proxy would set it).
/// pub static BY_USER_FIELD: Requester = Requester::field("X-User");
/// ```
///
/// [`Conditional::per_user`]: super::Conditional::per_user
#[derive(Debug, Clone, Copy)]
pub struct Requester {
    field: &'static str,
    name: Option<fn(&HttpRequest) -> Option<String>>,
}

impl Requester {
    /// The requester is named by the value of the request field `field` (an `X-User` set by an authenticating
    /// proxy, an `Authorization`), sent in one line: a field sent in several (HTTP/2 splits `Cookie` so) is
    /// refused, so name a cookie's requester with [`Requester::named_by`].
    ///
    /// A `field` that is not a field name fails to compile where the `static` is declared.
    pub const fn field(field: &'static str) -> Self {
        assert!(
            is_field_name(field.as_bytes()),
            "Requester::field takes a field name, such as \"X-User\""
        );
        Requester { field, name: None }
    }

    /// The requester is named by `name` (a session's user, read from the request's extensions), and the request
    /// field `field` is what that name comes from (for `Vary`: a `Cookie`, an `Authorization`).
    pub const fn named_by(field: &'static str, name: fn(&HttpRequest) -> Option<String>) -> Self {
        Requester {
            field,
            name: Some(name),
        }
    }

    /// The request field the requester comes from, named in `Vary`.
    pub fn vary_field(&self) -> &'static str {
        self.field
    }

    /// Who asks, as the exact bytes that name them (`None`: anonymous). A field sent in more than one line, or
    /// whose value is not visible ASCII (spaces and tabs inside allowed), names no one for certain, and is
    /// refused: two such values must never be taken for one requester, nor one for two.
    pub(crate) fn identity(&self, request: &HttpRequest) -> Result<Option<Vec<u8>>, UnreadableRequester> {
        let identity = match self.name {
            Some(name) => name(request).map(String::into_bytes),
            None => match single_line(request.headers(), self.field) {
                FieldLines::Absent => None,
                FieldLines::Several => return Err(UnreadableRequester::Repeated(self.field)),
                FieldLines::One(value) if !is_visible_text(value.as_bytes()) => {
                    return Err(UnreadableRequester::NotVisibleAscii(self.field));
                }
                FieldLines::One(value) => Some(value.as_bytes().to_vec()),
            },
        };
        Ok(identity.filter(|name| !name.is_empty()))
    }
}

/// RFC 9110 §5.1: a field name is a token, one or more `tchar`.
const fn is_field_name(name: &[u8]) -> bool {
    let mut at = 0;
    while at < name.len() {
        let byte = name[at];
        let tchar = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~'
            );
        if !tchar {
            return false;
        }
        at += 1;
    }
    !name.is_empty()
}

/// Visible ASCII, with spaces and tabs between (RFC 9110 §5.5 `field-value`, without obs-text).
fn is_visible_text(value: &[u8]) -> bool {
    value.iter().all(|&byte| byte == b'\t' || (b' '..=b'~').contains(&byte))
}

/// Why a request's requester field names no one for certain: answered with 400.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnreadableRequester {
    /// The field is sent in more than one line.
    Repeated(&'static str),
    /// The field's value holds bytes other than visible ASCII, spaces and tabs.
    NotVisibleAscii(&'static str),
}

impl fmt::Display for UnreadableRequester {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnreadableRequester::Repeated(field) => {
                write!(f, "{field} is sent more than once: send it once, naming one requester")
            }
            UnreadableRequester::NotVisibleAscii(field) => {
                write!(
                    f,
                    "{field} holds bytes other than visible ASCII: send the requester's name as visible ASCII"
                )
            }
        }
    }
}

impl std::error::Error for UnreadableRequester {}
