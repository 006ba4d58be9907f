//! The `ETag` trait: a model that knows its own validators.

use std::time::SystemTime;

use crate::EntityTag;

/// A model that knows its entity tag, and optionally its modification date, without being serialized.
///
/// A `#[conditional]` handler that returns such a model (bare, in `Json`, or in `Result`) compares validators
/// first and serializes only when it must send a body: a 304 costs no serialization.
///
/// ```
/// use etag_runtime::{ETag, EntityTag};
///
/// struct User { id: u64, version: u64 }
///
/// impl ETag for User {
///     fn etag(&self) -> EntityTag {
///         // Digits and '-' are etagc characters, so this cannot fail.
///         EntityTag::strong(format!("{}-{}", self.id, self.version)).expect("digits are etagc")
///     }
/// }
///
/// assert_eq!(User { id: 7, version: 3 }.etag().to_string(), r#""7-3""#);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not implement `etag_runtime::ETag`",
    note = "implement `etag()` to give the entity tag, from a version number or an update counter for example"
)]
pub trait ETag {
    /// The entity tag of the current representation. Make it strong (`EntityTag::strong`) when it changes with
    /// every change of the serialized bytes, as a version number does.
    fn etag(&self) -> EntityTag;

    /// When the representation last changed, sent as Last-Modified and compared with If-Modified-Since and
    /// If-Unmodified-Since.
    fn last_modified(&self) -> Option<SystemTime> {
        None
    }
}

impl<T: ETag + ?Sized> ETag for &T {
    fn etag(&self) -> EntityTag {
        (**self).etag()
    }
    fn last_modified(&self) -> Option<SystemTime> {
        (**self).last_modified()
    }
}

impl<T: ETag + ?Sized> ETag for Box<T> {
    fn etag(&self) -> EntityTag {
        (**self).etag()
    }
    fn last_modified(&self) -> Option<SystemTime> {
        (**self).last_modified()
    }
}

impl<T: ETag + ?Sized> ETag for std::sync::Arc<T> {
    fn etag(&self) -> EntityTag {
        (**self).etag()
    }
    fn last_modified(&self) -> Option<SystemTime> {
        (**self).last_modified()
    }
}
