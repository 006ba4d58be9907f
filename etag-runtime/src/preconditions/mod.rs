//! Conditional requests (RFC 9110 §13): the four request fields, their tag lists, the §13.2.2 evaluator, and
//! the responses its decisions turn into (304, 412, 400, 428), with errors as problem+json (RFC 9457).
//!
//! Nothing here knows about handlers or middleware: it takes a request's headers and a resource's validators
//! and returns a decision.

pub(crate) mod evaluate;
pub(crate) mod fields;
mod problem;
mod responses;
pub(crate) mod tag_list;

pub use evaluate::{Condition, Decision, Policy, Resource};
pub use fields::ConditionalHeaders;
pub use problem::Problem;
pub use responses::{NOT_MODIFIED_FIELDS, not_modified};
pub use tag_list::ListError;
