//! The [`Precondition`] of a write, read from an axum request's parts.

use std::convert::Infallible;

use ::axum::extract::{FromRequestParts, MatchedPath};
use http::request::Parts;

use super::fields::{TOWER_CODINGS, condition_lines};
use super::marks::PreconditionTaken;
use crate::preconditions::MethodKind;
use crate::writes::{Precondition, WriteRequest};

/// Reads the request's preconditions; checked by the handler, inside the write's transaction.
impl<S: Send + Sync> FromRequestParts<S> for Precondition {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        // The handler evaluates the request's preconditions: the layer reports no unguarded write.
        if let Some(taken) = parts.extensions.get::<PreconditionTaken>() {
            taken.mark();
        }
        let route = || {
            parts
                .extensions
                .get::<MatchedPath>()
                .map(|path| path.as_str().to_owned())
        };
        Ok(Precondition::read(WriteRequest {
            method: parts.method.as_str(),
            kind: MethodKind::from(&parts.method),
            lines: condition_lines(&parts.headers),
            route: &route,
            codings: TOWER_CODINGS,
        }))
    }
}
