//! Guarded and keyed writes, with no framework in them: the [`Precondition`] a write's handler checks against
//! the resource's current state inside its transaction (RFC 9110 §13.1.1, §13.2.2), so that no update is lost,
//! and the 428 for a write that carries none (RFC 6585 §3); the [`Idempotency`] of a write that a client may
//! retry, and the [`Stored`] answer it keeps. Each adapter extracts them from a request and sends the answers.

#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
mod idempotency;
mod key_problems;
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
mod precondition;
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
mod replay;
mod stored;
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
mod unguarded;

pub use idempotency::{Begun, Idempotency, KeyedWrite};
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(unused_imports))]
pub(crate) use precondition::WriteRequest;
pub use precondition::{Checked, Precondition};
pub use replay::Replay;
#[cfg(feature = "actix")]
pub(crate) use replay::ReplayParts;
pub use stored::Stored;
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(unused_imports))]
pub(crate) use unguarded::{WRITE_GUARDS, report_unevaluated};
