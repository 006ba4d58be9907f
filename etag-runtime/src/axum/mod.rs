//! The axum integration (feature `axum`): the [`Conditional`] layer for whole routers, the
//! `Precondition` extractor for writes, and the responses they answer with. The rules are
//! the core's, as on actix-web; this module only reads axum's requests and writes its responses.
//!
//! On axum, types do the job that `#[conditional]` does on actix-web: see [the guide's page](crate::guide::axum)
//! for why.

mod answer;
mod asked;
mod canonical;
mod deferred;
mod fields;
mod fields_out;
mod hash_bodies;
mod idempotency;
mod layer;
mod lazy_body;
mod marks;
mod precondition;
mod problem;
mod requester;
mod service;
mod settings;
mod stored;
mod tagged;
mod validated;
mod variant;

pub use canonical::CanonicalJson;
pub use deferred::Deferred;
pub use hash_bodies::HashBodies;
pub use layer::Conditional;
pub use requester::Requester;
pub use service::ConditionalService;
pub use tagged::Tagged;
pub use variant::Variant;
// The writes' types are the core's (`writes`); this module reads them from requests and sends them.
pub use crate::writes::{Begun, Checked, Idempotency, KeyedWrite, Precondition, Replay, Stored};
