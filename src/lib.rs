//! The root package only hosts examples and integration tests.
