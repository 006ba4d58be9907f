//! Who asks (RFC 9110 §12.5.5): how an actix application names the requester of a response whose body depends
//! on who asks. Its own file, so that the options that name a requester and the variant that puts it into a tag
//! both import it, and neither imports the other.

use actix_web::HttpRequest;
use actix_web::http::header::HeaderValue;

use crate::facets::{NamedBy, UnreadableRequester, identity, is_field_name};

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

    /// Who asks, as the exact bytes that name them (`None`: anonymous), by the core's rules
    /// (`facets/requester.rs`).
    pub(crate) fn identity(&self, request: &HttpRequest) -> Result<Option<Vec<u8>>, UnreadableRequester> {
        identity(match self.name {
            Some(name) => NamedBy::Application(name(request)),
            None => NamedBy::Field(
                self.field,
                request.headers().get_all(self.field).map(HeaderValue::as_bytes),
            ),
        })
    }
}
