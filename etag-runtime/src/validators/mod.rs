//! Validators (RFC 9110 §8.8): what a representation is compared by. Entity tags, HTTP dates, the `ETag`
//! trait through which a model gives its own, and the per-coding forms of a strong tag.

pub(crate) mod coding;
// Used by the framework layers alone.
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
pub(crate) mod dated;
pub(crate) mod derived_tag;
pub(crate) mod entity_tag;
mod escaping;
mod etag_trait;
mod given;
pub(crate) mod http_date;
pub(crate) mod tag_grammar;

pub use coding::coding_form;
pub use derived_tag::ModelShape;
pub use entity_tag::{EntityTag, InvalidEntityTag};
pub use etag_trait::ETag;
pub use given::Validators;
pub use http_date::{HttpDate, InvalidHttpDate};
pub use tag_grammar::{Facet, FacetKind, representation_tag};
