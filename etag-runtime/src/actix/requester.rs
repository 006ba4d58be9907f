//! Who asks, on actix-web: the core's [`Requester`](crate::facets::Requester) with a name read off an actix
//! request.

use actix_web::HttpRequest;
use actix_web::http::header::HeaderValue;

use crate::facets::UnreadableRequester;

/// How an actix application names the requester of a response whose body depends on who asks, for
/// `#[conditional(per_user = REQUESTER)]` and [`Conditional::per_user`]; see the
/// [core's type](crate::facets::Requester) for what it does to a response.
///
/// ```
/// use etag_runtime::actix::Requester;
///
/// /// The example's requester: the `X-User` field (an authenticating proxy would set it).
/// pub static BY_USER_FIELD: Requester = Requester::field("X-User");
/// ```
///
/// [`Conditional::per_user`]: super::Conditional::per_user
pub type Requester = crate::facets::Requester<fn(&HttpRequest) -> Option<String>>;

impl Requester {
    /// Who asks, as the exact bytes that name them (`None`: anonymous), by the core's rules
    /// (`facets/requester.rs`).
    pub(crate) fn identity(&self, request: &HttpRequest) -> Result<Option<Vec<u8>>, UnreadableRequester> {
        let lines_of = |field| request.headers().get_all(field).map(HeaderValue::as_bytes);
        self.identity_with(|name| name(request), lines_of)
    }
}
