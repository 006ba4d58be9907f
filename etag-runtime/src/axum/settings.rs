//! What the layer is configured with: its own file, so that the layer's two sides and the layer that builds them
//! share it without importing each other.

use crate::responses;

/// The core's settings, with axum's requester.
pub(crate) type Settings = responses::Settings<fn(&http::Extensions) -> Option<String>>;
