//! What every framework adapter answers with, and reports, with no framework in it: the [`Outcome`] of a
//! request, which an application's access log names, and its report as events and counters; [`Problem`] (RFC
//! 9457) and the [`Rejected`] of a failed check; the fields a 304 carries, and an error's Cache-Control; the Vary
//! a representation goes out with.

#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
mod error_fields;
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
mod not_modified;
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
mod outcome;
mod problem;
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
mod problem_body;
mod rejected;
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
mod rendered;
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
mod report;
mod settings;
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(dead_code))]
mod vary;

#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(unused_imports))]
pub(crate) use error_fields::error_cache_control;
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(unused_imports))]
pub(crate) use not_modified::NOT_MODIFIED_FIELDS;
pub use outcome::{Outcome, Untouched};
pub use problem::{Problem, ProblemStatus};
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(unused_imports))]
pub(crate) use problem::{framework_status, sealed};
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(unused_imports))]
pub(crate) use problem_body::PROBLEM_JSON;
pub use rejected::{NotRejected, Rejected};
#[cfg(feature = "axum")]
pub(crate) use rendered::Plan;
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(unused_imports))]
pub(crate) use rendered::{Found, Rendered};
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(unused_imports))]
pub(crate) use report::{Report, wanted};
#[doc(hidden)]
pub use settings::Settings;
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(unused_imports))]
pub(crate) use settings::settings_builder;
#[cfg(feature = "actix")]
pub(crate) use vary::vary;
#[cfg_attr(not(any(feature = "actix", feature = "axum")), allow(unused_imports))]
pub(crate) use vary::vary_names;
