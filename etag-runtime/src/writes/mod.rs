//! Guarded writes, with no framework in them: the [`Precondition`] a write's handler checks against the
//! resource's current state inside its transaction (RFC 9110 §13.1.1, §13.2.2), so that no update is lost, and
//! the 428 for a write that carries none (RFC 6585 §3). Each adapter extracts it from a request.

#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
mod precondition;

#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(unused_imports))]
pub(crate) use precondition::WriteRequest;
pub use precondition::{Checked, Precondition};
