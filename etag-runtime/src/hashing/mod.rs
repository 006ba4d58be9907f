//! The hashing mode: an entity tag computed from what a handler sends. A serde value is written once as
//! canonical JSON (map entries in key order, so equal data gives equal bytes), and the tag is the hash of those
//! bytes: SHA-1, or xxh3-128 when the application chooses it (`body_hash.rs`).

mod body_hash;
mod canonical_json;
mod digest;
mod hashed_json;
mod json_string;
// Only the actix layer's `Deferred` asks whether a value serializes to a top-level `null`.
#[cfg(feature = "actix")]
mod top_level_none;

pub use body_hash::BodyHash;

/// The largest body a rendered response's hash covers by default (1 MiB): a larger one goes out untouched,
/// without an ETag, since hashing it would cost more than most clients save by revalidating it.
pub const DEFAULT_HASH_LIMIT: usize = 1024 * 1024;
pub(crate) use canonical_json::to_vec as canonical_json;
pub(crate) use digest::digest_hex;
pub use hashed_json::HashedJson;
#[cfg(feature = "actix")]
pub(crate) use top_level_none::is_top_level_none;
