//! What a tag says about the representation beyond the resource's state (RFC 9110 §8.8.3), as every framework
//! adapter makes it: the release of the code that rendered it, the variant chosen, and who asked. The facets'
//! grammar is the validators' (`validators/tag_grammar.rs`); their values, which need the short digests of
//! `hashing`, are made here, above both. An adapter reads the request's fields and hands them in.

#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
mod release;
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
mod requester;
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
mod variant;

#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(unused_imports))]
pub(crate) use release::with_release;
pub use release::{RELEASE_VARIABLE, ReleaseAlreadySet, release, set_release};
pub use requester::{Requester, UnreadableRequester};
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(unused_imports))]
pub(crate) use variant::{TagSource, chosen_variant, hashed_variant, representation_facets};
