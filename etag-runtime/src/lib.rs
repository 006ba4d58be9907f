//! Conditional requests for actix-web, as RFC 9110 means them: entity tags, 304 Not Modified and
//! 412 Precondition Failed.
//!
//! The precondition engine reads a request's If-Match, If-None-Match, If-Modified-Since and
//! If-Unmodified-Since fields and decides, for the resource's current validators, whether to proceed or to
//! answer 304, 412, 400 (a malformed tag list) or 428 (opt-in: an unsafe request with no precondition).
//!
//! ```
//! use actix_web::http::{Method, header::HeaderMap, header::{HeaderValue, IF_NONE_MATCH}};
//! use etag_runtime::{Decision, EntityTag, Preconditions, Resource};
//!
//! let mut headers = HeaderMap::new();
//! headers.insert(IF_NONE_MATCH, HeaderValue::from_static(r#""v1", "v2""#));
//! let current = EntityTag::strong("v2").unwrap();
//!
//! let decision = Preconditions::from_headers(&headers).evaluate(&Method::GET, &Resource::current(Some(&current), None));
//! assert_eq!(decision, Decision::NotModified);
//! let decision = Preconditions::from_headers(&headers).evaluate(&Method::PUT, &Resource::current(Some(&current), None));
//! assert_eq!(decision.response(&HeaderMap::new()).unwrap().status(), 412);
//! ```

mod base64;
mod canonical_json;
mod coding;
mod entity_tag;
mod etag_trait;
mod evaluate;
mod hashed;
mod http_date;
mod precondition;
mod preconditions;
mod problem;
#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
mod response;
mod tag_list;

pub use entity_tag::{EntityTag, InvalidEntityTag};
pub use coding::variant_for;
pub use etag_trait::ETag;
pub use evaluate::{Condition, Decision, Policy, Resource};
pub use hashed::HashedJson;
pub use http_date::{HttpDate, InvalidHttpDate};
pub use precondition::{Precondition, Rejected};
pub use preconditions::Preconditions;
pub use problem::Problem;
pub use response::{NOT_MODIFIED_FIELDS, not_modified};
pub use tag_list::ListError;

pub use etag_macros::conditional;
