//! Conditional requests (RFC 9110 §13), with no web framework: the four request fields read from their lines,
//! their tag lists, and the §13.2.2 evaluator, a pure function of those fields, the method's kind and the
//! resource's validators.
//!
//! An application on actix-web needs nothing here: `#[conditional]`, [`Conditional`](crate::Conditional) and
//! [`Precondition`](crate::Precondition) call it. It is public for an integration with another server (hyper,
//! axum, ...) and for handlers that evaluate preconditions themselves; the statuses and texts of its decisions
//! ([`Decision::status`], [`Decision::detail`]) are the ones this crate's actix layer sends.

mod condition;
mod decision;
mod evaluate;
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
pub(crate) mod failed_detail;
mod fields;
pub(crate) mod lines;
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
pub(crate) mod requirement;
mod tag_list;

pub use condition::{Condition, MethodKind};
pub use decision::Decision;
pub use evaluate::{Policy, Resource};
pub use fields::ConditionalHeaders;
pub use tag_list::ListError;
