//! Writes that survive a lost response, with no web framework in them: the `Idempotency-Key` request field (IETF
//! httpapi draft `draft-ietf-httpapi-idempotency-key-header`), as Stripe, Adyen and PayPal run it.
//!
//! The first request with a key runs. If it commits a change, its outcome ([`Record`]) is kept under the key,
//! **in the same transaction as the change**, so that no crash keeps one without the other. A retry with the
//! same key and the same content gets that outcome replayed; the same key with other content gets 422. An
//! outcome that commits nothing (412, 428, 400, 422, a 5xx that rolled back) keeps nothing, so the key can be
//! sent again.
//!
//! The records live in the application's database, through a [`KeyStore`] that joins the write's transaction:
//! `etag-keys-postgres` and `etag-keys-sqlite`, crates of this workspace, or [`MemoryKeys`] for tests. The
//! store holds the [`KeyLimits`]: how long keys live, how many one requester and all of them may hold (429 past
//! either), and the largest answer kept whole. [`begin`] and [`Pending::keep`] apply the rules around the
//! store's four operations, once for every store; the actix layer's `Idempotency::begin` calls them with the
//! request's key.

mod field;
mod flow;
mod keyed;
mod limits;
mod memory;
mod record;
mod refusal;
mod store;
mod store_error;

pub use field::{KeyError, MAX_KEY_LENGTH, parse_key};
pub use flow::{Pending, Step, begin};
pub use keyed::Keyed;
pub use limits::KeyLimits;
pub use memory::{MemoryKeys, WriteScope};
pub use record::Record;
pub use refusal::{KeyFailure, Refusal};
pub use store::{Held, KeyStore};
pub use store_error::StoreError;

/// The request field.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// The response field that marks a replayed outcome.
pub const REPLAYED: &str = "idempotent-replayed";
