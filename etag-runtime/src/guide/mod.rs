//! The guide: how each part of this crate works, what it sends, and why, with examples that run as tests. The
//! pages are written for actix-web (feature `actix`), but for `axum`, which says what differs there.
//!
//! Start with the [crate root](crate), which shows the attribute and the four ways to get a validator; then:
//!
//! | page | what it covers |
//! |---|---|
//! | [`modes`] | what `#[conditional]` does for each output type, the `Conditional` middleware, which hash, `#[derive(ETag)]` |
//! | [`deferred`] | validators before the work: a 304 that costs one small query |
//! | [`codings`] | strong tags per content coding, the order with `Compress`, `Vary` |
//! | [`representations`] | one tag per representation: the model's shape, the release, variants, requesters |
//! | [`head`] | HEAD beside GET, with the attribute and in a `Conditional` scope |
//! | [`writes`] | guarded writes with the `Precondition` extractor, and which writes must be conditional |
//! | [`retries`] | writes that survive a lost response: Idempotency-Key, changes already in place, the 412's tag, the write's new tag |
//! | [`preconditions`] | the RFC 9110 §13.2.2 evaluator, and the choices where the RFC leaves room |
//! | [`clients`] | what a client should do, and the real clients tested against the users example |
//! | [`instances`] | several instances behind nginx or Varnish on one PostgreSQL database |
//! | [`observing`] | the `tracing` events, the `Outcome` on each response, the counters |
//! | `openapi` | documenting conditional routes with utoipa (feature `utoipa`) |
//! | `axum` | the same guarantees on axum (feature `axum`): the layer, the coding a 304 names, types instead of the attribute |

#[cfg(feature = "actix")]
#[doc = include_str!("modes.md")]
pub mod modes {}

#[cfg(feature = "actix")]
#[doc = include_str!("deferred.md")]
pub mod deferred {}

#[cfg(feature = "actix")]
#[doc = include_str!("codings.md")]
pub mod codings {}

#[cfg(feature = "actix")]
#[doc = include_str!("representations.md")]
pub mod representations {}

#[cfg(feature = "actix")]
#[doc = include_str!("head.md")]
pub mod head {}

#[cfg(feature = "actix")]
#[doc = include_str!("writes.md")]
pub mod writes {}

#[cfg(feature = "actix")]
#[doc = include_str!("retries.md")]
pub mod retries {}

#[cfg(feature = "actix")]
#[doc = include_str!("preconditions.md")]
pub mod preconditions {}

#[cfg(feature = "actix")]
#[doc = include_str!("clients.md")]
pub mod clients {}

#[cfg(feature = "actix")]
#[doc = include_str!("instances.md")]
pub mod instances {}

#[cfg(feature = "actix")]
#[doc = include_str!("observing.md")]
pub mod observing {}

#[cfg(all(feature = "utoipa", feature = "actix"))]
#[cfg_attr(docsrs, doc(cfg(feature = "utoipa")))]
#[doc = include_str!("openapi.md")]
pub mod openapi {}

#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
#[doc = include_str!("axum.md")]
pub mod axum {}
