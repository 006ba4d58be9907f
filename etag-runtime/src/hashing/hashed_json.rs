//! The hashing mode: the ETag of a value is the hash of its canonical JSON, which is also the body sent.

use serde::Serialize;

use super::body_hash::BodyHash;
use super::canonical_json;
use crate::validators::entity_tag::EntityTag;

/// A value serialized once, with the entity tag of those exact bytes.
///
/// The tag is weak: actix's `Compress` may send these bytes gzip-encoded under the same tag, and RFC 9110
/// §8.8.3.3 allows that only for a weak tag. Map entries are written in key order, so equal data gives equal
/// bytes and an equal tag, whatever a `HashMap`'s iteration order.
///
/// ```
/// use std::collections::HashMap;
/// use etag_runtime::hashing::HashedJson;
///
/// let a: HashMap<&str, u32> = [("x", 1), ("y", 2), ("z", 3)].into();
/// let b: HashMap<&str, u32> = [("z", 3), ("y", 2), ("x", 1)].into();
/// let (a, b) = (HashedJson::of(&a).unwrap(), HashedJson::of(&b).unwrap());
/// assert_eq!(a.body, br#"{"x":1,"y":2,"z":3}"#);
/// assert_eq!(a.etag, b.etag);
/// assert!(a.etag.is_weak());
/// ```
#[derive(Debug, Clone)]
pub struct HashedJson {
    /// The canonical JSON, as sent.
    pub body: Vec<u8>,
    /// The weak tag of those bytes: `W/"` and the URL-safe base64 of their hash, then `"`.
    pub etag: EntityTag,
}

impl HashedJson {
    /// Serializes `value` as canonical JSON and tags those bytes with SHA-1; an error where serde_json would
    /// give one.
    pub fn of<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Self> {
        Self::with_hash(value, BodyHash::Sha1)
    }

    /// As [`HashedJson::of`], tagging the bytes with `hash`.
    pub fn with_hash<T: Serialize + ?Sized>(value: &T, hash: BodyHash) -> serde_json::Result<Self> {
        let body = canonical_json::to_vec(value)?;
        let etag = hash.tag(&body);
        Ok(Self { body, etag })
    }
}
