//! The hashing mode: an entity tag computed from what a handler sends. A serde value is written once as
//! canonical JSON (map entries in key order, so equal data gives equal bytes), and the tag is the SHA-1 of
//! those bytes.

mod canonical_json;
mod hashed_json;
mod json_string;

pub(crate) use canonical_json::to_vec as canonical_json;
pub use hashed_json::HashedJson;
