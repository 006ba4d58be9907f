//! The root package only hosts examples and integration tests, and the README's snippets as doc tests.

/// Every Rust snippet of the README compiles and runs here, as it is shown (`cargo test --doc`).
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
