//! What a conditional answer is configured with: the attribute's arguments, or the `Conditional` middleware's
//! builder. Its own file, so that the modes and the headers they write share it without importing each other.

use actix_web::HttpRequest;

use crate::facets::UnreadableRequester;
use crate::responses::Settings;

pub use crate::hashing::DEFAULT_HASH_LIMIT;

/// The attribute's arguments, and the middleware's: the core's settings, with actix's requester.
pub type Options = Settings<fn(&HttpRequest) -> Option<String>>;

impl Options {
    /// Why the route's requester field names no one for certain in `request`, where it has a requester and that
    /// field cannot be read: refused with 400 before anything runs.
    pub(crate) fn unreadable_requester(&self, request: &HttpRequest) -> Option<UnreadableRequester> {
        self.requester?.identity(request).err()
    }
}
