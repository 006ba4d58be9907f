//! Who asks, on axum: the core's [`Requester`](crate::facets::Requester) with a name read off the request's
//! extensions, where an authentication layer leaves its user.

use http::{Extensions, HeaderMap, HeaderValue};

use crate::facets::UnreadableRequester;

/// How an axum application names the requester of a response whose body depends on who asks, for
/// [`Conditional::per_user`](super::Conditional::per_user); see the [core's type](crate::facets::Requester) for
/// what it does to a response.
///
/// ```
/// use etag_runtime::axum::Requester;
///
/// /// The requester named by the `X-User` field (an authenticating proxy would set it).
/// pub static BY_USER_FIELD: Requester = Requester::field("X-User");
///
/// /// The user an authentication layer put in the request's extensions, whose token is in `Authorization`.
/// #[derive(Clone)]
/// struct User(String);
/// pub static BY_SESSION: Requester =
///     Requester::named_by("Authorization", |extensions| extensions.get::<User>().map(|user| user.0.clone()));
/// ```
pub type Requester = crate::facets::Requester<fn(&Extensions) -> Option<String>>;

impl Requester {
    /// Who asks, as the exact bytes that name them (`None`: anonymous), by the core's rules.
    pub(crate) fn identity_in(
        &self,
        headers: &HeaderMap,
        extensions: &Extensions,
    ) -> Result<Option<Vec<u8>>, UnreadableRequester> {
        let lines_of = |field| headers.get_all(field).iter().map(HeaderValue::as_bytes);
        self.identity_with(|name| name(extensions), lines_of)
    }
}
