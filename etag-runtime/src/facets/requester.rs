//! Who asks (RFC 9110 §12.5.5), read as the exact bytes that name them: the rules every adapter's `Requester`
//! applies, whatever request type it reads the name from.

use std::fmt;

/// How an application names the requester of a response whose body depends on who asks (fields hidden by role,
/// "is this mine"): the request field the name comes from, and where the application names them itself, the
/// function `N` that reads the name off its framework's request. Each adapter names its own: on actix-web
/// [`actix::Requester`](crate::actix::Requester), on axum [`axum::Requester`](crate::axum::Requester).
///
/// On such a route the tag names the requester, hashed (`"v3+u.5e6f..."`, no name or id in it), the field that
/// names the requester is in `Vary`, and a response with no Cache-Control of its own gets `Cache-Control:
/// private`, so that no shared cache stores one user's answer for another (RFC 9111 §5.2.2.7). A request with no
/// requester (anonymous) gets no requester in its tag, and the same `Vary` and `private`.
///
/// The hash hides the requester from caches and logs that see the tag; it does not make a guessable name (a
/// small number) secret from someone who tries every value.
#[derive(Debug, Clone, Copy)]
pub struct Requester<N> {
    field: &'static str,
    name: Option<N>,
}

impl<N: Copy> Requester<N> {
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

    /// The requester is named by `name` (a session's user, read from the request), and the request field
    /// `field` is what that name comes from (for `Vary`: a `Cookie`, an `Authorization`).
    pub const fn named_by(field: &'static str, name: N) -> Self {
        Requester {
            field,
            name: Some(name),
        }
    }

    /// The request field the requester comes from, named in `Vary`.
    pub fn vary_field(&self) -> &'static str {
        self.field
    }

    /// Who asks, by the rules of [`identity`]: the application's function where it names them, else the field's
    /// lines, which `lines_of` gives.
    pub(crate) fn identity_with<'l, L>(
        &self,
        name: impl FnOnce(N) -> Option<String>,
        lines_of: impl FnOnce(&'static str) -> L,
    ) -> Result<Option<Vec<u8>>, UnreadableRequester>
    where
        L: Iterator<Item = &'l [u8]>,
    {
        identity(match self.name {
            Some(named) => NamedBy::Application(name(named)),
            None => NamedBy::Field(self.field, lines_of(self.field)),
        })
    }
}

/// Where an adapter found the requester's name.
pub(crate) enum NamedBy<'l, L: Iterator<Item = &'l [u8]>> {
    /// The application's function named them (or no one), from what the request carries.
    Application(Option<String>),
    /// The lines of the request field `.0`.
    Field(&'static str, L),
}

/// Who asks, as the exact bytes that name them (`None`: anonymous; an empty name names no one). A field sent in
/// more than one line, or whose value is not visible ASCII (spaces and tabs inside allowed), names no one for
/// certain, and is refused: two such values must never be taken for one requester, nor one for two.
pub(crate) fn identity<'l, L: Iterator<Item = &'l [u8]>>(
    named: NamedBy<'l, L>,
) -> Result<Option<Vec<u8>>, UnreadableRequester> {
    let identity = match named {
        NamedBy::Application(name) => name.map(String::into_bytes),
        NamedBy::Field(field, mut lines) => match (lines.next(), lines.next()) {
            (None, _) => None,
            (Some(_), Some(_)) => return Err(UnreadableRequester::Repeated(field)),
            (Some(value), None) if !is_visible_text(value) => {
                return Err(UnreadableRequester::NotVisibleAscii(field));
            }
            (Some(value), None) => Some(value.to_vec()),
        },
    };
    Ok(identity.filter(|name| !name.is_empty()))
}

/// RFC 9110 §5.1: a field name is a token, one or more `tchar`.
pub(crate) const fn is_field_name(name: &[u8]) -> bool {
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

#[cfg(test)]
mod tests {
    use super::{NamedBy, UnreadableRequester, identity};

    fn by_field(lines: &[&'static [u8]]) -> Result<Option<Vec<u8>>, UnreadableRequester> {
        identity(NamedBy::Field("X-User", lines.iter().copied()))
    }

    // RFC 9110 §5.3: a field that may appear once, sent in two lines, names no one for certain.
    #[test]
    fn rfc9110_5_3_a_requester_field_in_two_lines_is_refused() {
        assert_eq!(by_field(&[b"7", b"8"]), Err(UnreadableRequester::Repeated("X-User")));
    }

    // RFC 9110 §5.5: obs-text is not read as a name, so two byte strings are never taken for one requester.
    #[test]
    fn rfc9110_5_5_a_requester_outside_visible_ascii_is_refused() {
        assert_eq!(
            by_field(&[b"caf\xc3\xa9"]),
            Err(UnreadableRequester::NotVisibleAscii("X-User"))
        );
    }

    #[test]
    fn a_requester_is_its_exact_bytes_and_an_empty_one_is_no_one() {
        assert_eq!(by_field(&[b" Ann\t"]), Ok(Some(b" Ann\t".to_vec())));
        assert_eq!(by_field(&[]), Ok(None));
        assert_eq!(by_field(&[b""]), Ok(None));
        let named =
            |name: Option<&str>| identity(NamedBy::Application::<std::iter::Empty<&[u8]>>(name.map(String::from)));
        assert_eq!(named(Some("7")), Ok(Some(b"7".to_vec())));
        assert_eq!(named(Some("")), Ok(None));
    }
}
