//! OpenAPI documentation of conditional requests, for utoipa (feature `utoipa`, off by default).
//!
//! - [`ReadPreconditions`] and [`WritePreconditions`]: the request header fields, as `params(..)`, each described
//!   by what this crate does with it;
//! - [`ConditionalRead`], [`ConditionalWrite`] and [`PreconditionRequired`]: the responses, as `responses(..)`;
//! - [`ValidatorHeaders`]: a `Modify` that documents ETag and Last-Modified on the 2xx responses of every
//!   operation that documents a 304;
//! - `Problem` implements `ToSchema`, for the application's own problem+json errors.
//!
//! `#[conditional]` placed above `#[utoipa::path(..)]` adds `params(ReadPreconditions)` and
//! `responses(ConditionalRead)` to it, so a conditional read needs nothing written for its preconditions. A write
//! guarded by the [`Precondition`](crate::Precondition) extractor lists `params(WritePreconditions)` and
//! `responses(ConditionalWrite)` itself: an extractor cannot reach its handler's documentation.
//!
#![cfg_attr(feature = "actix", doc = include_str!("on_actix.md"))]

mod fields;
mod problem;
mod responses;
mod validator_headers;

pub use fields::{IdempotencyKeyParam, ReadPreconditions, WritePreconditions};
pub use responses::{ConditionalRead, ConditionalWrite, KeyedWrite, PreconditionRequired};
pub use validator_headers::ValidatorHeaders;
