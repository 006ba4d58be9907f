//! The `ETag` trait: a model that knows its own validators.

use std::time::SystemTime;

use super::entity_tag::EntityTag;

/// A model that knows its entity tag, and optionally its modification date, without being serialized.
///
/// A `#[conditional]` handler that returns such a model (bare, in `Json`, or in `Result`) compares validators
/// first and serializes only when it must send a body: a 304 costs no serialization.
///
/// # Deriving it
///
/// `#[derive(ETag)]` (the derive has the trait's name, as serde's `Serialize` does: `use etag_runtime::ETag`
/// brings both) takes the tag from the fields marked `#[etag]` and the Last-Modified from the field marked
/// `#[last_modified]`, of type `SystemTime` or `Option<SystemTime>`:
///
/// ```
/// use std::time::{Duration, SystemTime, UNIX_EPOCH};
/// use etag_runtime::ETag;
///
/// #[derive(ETag)]
/// #[etag(prefix = "user-")]
/// struct User {
///     #[etag]
///     id: u64,
///     #[etag]
///     version: u64,
///     #[last_modified]
///     updated_at: SystemTime,
///     name: String,
/// }
///
/// let at = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
/// let user = User { id: 7, version: 3, updated_at: at, name: "Ada".into() };
/// // The fields, then `+s.` and a digest of the struct's definition (see below).
/// assert!(user.etag().to_string().starts_with(r#""user-7.3+s."#));
/// assert_eq!(user.last_modified(), Some(at));
/// ```
///
/// - The tag is strong, and changes when any `#[etag]` field changes, and only then. `#[etag(weak)]` on a field
///   makes it weak. The fields' `Display` texts are joined with `.`; any byte that could not stand in a tag, or
///   that would make two values look alike (`%`, `.`, `"`, `+`, `,`, anything outside visible ASCII), is
///   written `%XX`: every value gives a valid tag, and different values, or tuples of values, never the same.
/// - `#[etag(prefix = "...")]` on the struct starts every tag with a fixed text (visible ASCII without `"`, `+`,
///   `%`, `.` or `,`), for readable tags or to tell entity types apart.
/// - Generic structs work: the impl requires each `#[etag]` field's type to be `Display`.
/// - The tag ends with a digest of the struct's definition (`"user-7.3+s.1d5778e2"`): its name, its fields'
///   names and types, and its `serde` attributes, so that a build that changes what the model is sent as
///   changes its tags, and clients fetch the new body rather than revalidate the old one. Writes compare the
///   tag's state (`user-7.3`), so a client that read before the change can still write while the row is the
///   same. `#[etag(shape = false)]` on the struct leaves the digest out, for tags that must be the fields alone;
///   `#[etag(stands_for = User)]` gives a stamp (a small type read in place of the model) the digest of the
///   model it stands for, so both give one tag. What the digest cannot see is in
///   [the guide](crate::guide::representations).
/// - `etag()` allocates once per call.
///
/// # Writing it by hand
///
/// For tags the derive cannot express, implement the trait:
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
    note = "derive it with `#[derive(ETag)]` and mark the fields that make the tag `#[etag]`, or implement `etag()` by hand"
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
