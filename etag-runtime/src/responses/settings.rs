//! What a conditional answer is configured with, on either adapter: the `#[conditional]` attribute's arguments,
//! or the builder of a `Conditional` middleware or layer, whose methods are written once here.

use crate::facets::Requester;
use crate::hashing::{BodyHash, DEFAULT_HASH_LIMIT};

/// Static response headers, the largest body hashed, the hash, and who asks. `N` is the adapter's function that
/// names a requester from its request. Not a public API: the attribute's expansion builds it.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Settings<N: 'static> {
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
    pub requester: Option<&'static Requester<N>>,
}

impl<N> Default for Settings<N> {
    fn default() -> Self {
        Settings {
            cache_control: None,
            vary: None,
            hash_limit: DEFAULT_HASH_LIMIT,
            hash: BodyHash::Sha1,
            requester: None,
        }
    }
}

impl<N: Copy> Settings<N> {
    /// The fields a route's responses vary with beside Accept-Encoding: the declared names, then the requester's
    /// field, trimmed, with no empty name. Its errors name them too, since an error may differ by them as well:
    /// a cache must not give one requester's 404 to another.
    #[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
    pub(crate) fn vary_fields(&self) -> impl Iterator<Item = &'static str> {
        let declared = self.vary.into_iter().flat_map(|names| names.split(',')).map(str::trim);
        let requester = self.requester.map(|requester| requester.vary_field());
        declared.chain(requester).filter(|name| !name.is_empty())
    }
}

/// The builder methods of a `Conditional` whose [`Settings`] are in its field `$field`; `$what` names it in their
/// docs ("middleware", "layer").
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(unused_macros))]
macro_rules! settings_builder {
    ($field:ident, $what:literal) => {
        /// The largest body, in bytes, that is hashed (default 1 MiB). A larger one goes out untouched, without an
        /// ETag: hashing it would cost more than most clients save by revalidating it.
        pub fn hash_limit(mut self, bytes: usize) -> Self {
            self.$field.hash_limit = bytes;
            self
        }

        /// The hash that tags a body (default [`BodyHash::Sha1`](crate::BodyHash)); see
        /// [`BodyHash`](crate::BodyHash) for which to pick.
        pub fn hash(mut self, hash: $crate::BodyHash) -> Self {
            self.$field.hash = hash;
            self
        }

        #[doc = concat!("A Cache-Control for the 200s and 304s this ", $what, " validates, unless the handler set its own.")]
        pub fn cache_control(mut self, value: &'static str) -> Self {
            self.$field.cache_control = Some(value);
            self
        }

        #[doc = concat!("Request fields the 200s and 304s this ", $what, " validates vary with, beside Accept-Encoding")]
        /// (which this crate names itself), as `#[conditional(vary = "...")]` declares them: `"Accept-Language"`,
        /// say.
        pub fn vary(mut self, names: &'static str) -> Self {
            self.$field.vary = Some(names);
            self
        }
    };
}
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(unused_imports))]
pub(crate) use settings_builder;
