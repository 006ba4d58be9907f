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
//! ```
//! use actix_web::{HttpResponse, get, put};
//! use etag_runtime::openapi::{ConditionalWrite, ValidatorHeaders, WritePreconditions};
//! use etag_runtime::{Precondition, conditional};
//! use utoipa::OpenApi;
//!
//! #[conditional(cache_control = "no-cache")]
//! #[utoipa::path(get, path = "/note", responses((status = 200, body = String)))]
//! #[get("/note")]
//! async fn read_note() -> String {
//!     "hello".to_string()
//! }
//!
//! #[utoipa::path(
//!     put, path = "/note",
//!     params(WritePreconditions),
//!     responses((status = 204), ConditionalWrite),
//! )]
//! #[put("/note")]
//! async fn write_note(precondition: Precondition) -> Result<HttpResponse, etag_runtime::Rejected> {
//!     precondition.check_validators(true, None, None)?;
//!     Ok(HttpResponse::NoContent().finish())
//! }
//!
//! #[derive(OpenApi)]
//! #[openapi(paths(read_note, write_note), modifiers(&ValidatorHeaders))]
//! struct Docs;
//!
//! let spec = serde_json::to_value(Docs::openapi()).unwrap();
//! let read = &spec["paths"]["/note"]["get"];
//! assert!(read["responses"]["304"]["headers"]["ETag"].is_object());
//! assert!(read["responses"]["200"]["headers"]["ETag"].is_object());
//! assert_eq!(read["parameters"][0]["name"], "If-None-Match");
//! assert!(spec["paths"]["/note"]["put"]["responses"]["412"].is_object());
//! ```

mod fields;
mod problem;
mod responses;
mod validator_headers;

pub use fields::{IdempotencyKeyParam, ReadPreconditions, WritePreconditions};
pub use responses::{ConditionalRead, ConditionalWrite, KeyedWrite, PreconditionRequired};
pub use validator_headers::ValidatorHeaders;
