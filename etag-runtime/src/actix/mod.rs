//! actix-web integration: the `Precondition` extractor for writes, the headers a conditional 200 and its 304
//! carry, and `__private`, what `#[conditional]` expands to.

mod coding;
mod coding_memo;
mod deferred;
mod extractor;
mod json_modes;
mod middleware;
mod options;
mod outcome;
pub mod private;
mod rendered;
mod report;
mod representation;

pub use coding::variant_for;
pub use deferred::{Deferred, DeferredBody, Validators};
pub use extractor::{Precondition, Rejected};
pub use middleware::{Conditional, ConditionalMiddleware};
pub use outcome::{Outcome, Untouched};
