//! What the parts of the axum layer leave on a response for the layer's outer side to read, in its extensions:
//! its own file, so that the responses, the hashing side and the answer share them without importing each
//! other.

use crate::responses::Untouched;

/// The ETag was hashed from the body here: it follows the bytes, so it gets no facet or coding suffix.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HashedTag;

/// A 2xx to GET or HEAD with no validators was not hashed, for this reason.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NotHashed(pub Untouched);

/// The answer to a write is the stored representation itself (a `Stored`, a `Replay` of one): its tag gets the
/// coding it is sent with and the route's facets, as a GET's would, though nothing is compared.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WriteRepresentation;
