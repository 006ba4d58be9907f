//! actix-web integration: the `Precondition` extractor for writes, the headers a conditional 200 and its 304
//! carry, and `__private`, what `#[conditional]` expands to.

mod extractor;
pub mod private;
mod representation;

pub use extractor::{Precondition, Rejected};
