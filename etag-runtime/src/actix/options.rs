//! What a conditional answer is configured with: the attribute's arguments, or the `Conditional` middleware's
//! builder. Its own file, so that the modes and the headers they write share it without importing each other.

use actix_web::HttpRequest;

use super::requester::Requester;
use crate::facets::UnreadableRequester;
use crate::hashing::BodyHash;

pub use crate::hashing::DEFAULT_HASH_LIMIT;

/// The attribute's arguments: static response headers, the largest body the Responder mode hashes, and the hash.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// A Cache-Control for the 200 and its 304, unless the handler set one.
    pub cache_control: Option<&'static str>,
    /// Names for the Vary of the 200 and its 304, beside Accept-Encoding.
    pub vary: Option<&'static str>,
    /// The largest body, in bytes, that is hashed.
    pub hash_limit: usize,
    /// The hash that tags a body.
    pub hash: BodyHash,
    /// Who asks, where the body depends on it: the tag names the requester, Vary its field, and the response is
    /// `private` unless it says otherwise.
    pub requester: Option<&'static Requester>,
}

impl Options {
    /// Why the route's requester field names no one for certain in `request`, where it has a requester and that
    /// field cannot be read: refused with 400 before anything runs.
    pub(crate) fn unreadable_requester(&self, request: &HttpRequest) -> Option<UnreadableRequester> {
        self.requester?.identity(request).err()
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            cache_control: None,
            vary: None,
            hash_limit: DEFAULT_HASH_LIMIT,
            hash: BodyHash::Sha1,
            requester: None,
        }
    }
}
