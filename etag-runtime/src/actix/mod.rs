//! The actix-web integration (feature `actix`, on by default): the `#[conditional]` modes, the
//! [`Conditional`] middleware, the [`Precondition`] extractor for writes, and the responses they answer with.
//!
//! An application names what it writes from the crate root; this module also holds the types it meets only in
//! signatures ([`ConditionalMiddleware`], [`DeferredBody`], [`NotRejected`]) and what it reads off a response
//! ([`Outcome`], [`Untouched`]).

mod before_render;
mod coding;
mod coding_memo;
mod compress_probe;
mod conversions;
mod decision_response;
mod deferred;
mod deferred_model;
mod evaluation;
mod fields;
pub mod idempotency;
mod json_body;
mod middleware;
mod modes;
mod not_modified;
mod options;
mod precondition;
pub(crate) mod private;
mod problem;
mod rejected;
mod rendered;
mod report;
mod representation;
mod requester;
mod stored;
mod unguarded;
mod variant;

pub use crate::validators::Validators;
pub use deferred::{Deferred, DeferredBody};
pub use deferred_model::DeferredModel;
pub use middleware::{Conditional, ConditionalMiddleware};
// The release and the requester's refusal are the core's (`facets`); they are named here too, where they were
// first.
pub use crate::facets::{RELEASE_VARIABLE, ReleaseAlreadySet, UnreadableRequester, release, set_release};
pub use crate::responses::{NotRejected, Outcome, Problem, Rejected, Untouched};
// The write's precondition is the core's (`writes`); actix reads it from a request.
pub use crate::writes::{Checked, Precondition, Stored};
pub use requester::Requester;
pub use variant::Variant;
