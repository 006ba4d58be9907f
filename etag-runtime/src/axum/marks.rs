//! What the parts of the axum layer leave on a response for the layer's outer side to read, in its extensions:
//! its own file, so that the responses, the hashing side and the answer share them without importing each
//! other.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

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

/// Put in a write's request by the layer where the write carries a precondition, and set by the `Precondition`
/// extractor: whether the handler took one to evaluate it. A layer sees a write only once it is done, so one
/// whose handler took none is reported, not refused.
#[derive(Debug, Clone, Default)]
pub(crate) struct PreconditionTaken(Arc<AtomicBool>);

impl PreconditionTaken {
    pub(crate) fn mark(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub(crate) fn taken(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Put in a request by the outermost `Conditional` that covers it: a second one inside steps aside, so that one
/// layer, the one around any compression, decides each response.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Covered;

/// Put in a request by a `Conditional` that steps aside, for its own hashing side, which then hashes nothing.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SteppedAside;

/// Who the layer saw asking, put in the request for an `Idempotency` inside: where the two differ, an
/// authentication layer sits inside `Conditional`, so the tags named no one while the key names someone.
#[derive(Debug, Clone)]
pub(crate) struct SeenRequester(pub Option<Vec<u8>>);

/// A 304 a handler's own check decided (a `Rejected`, or a `Problem` of one): it carries its validators but knows
/// no route, so the layer adds the route's Cache-Control and Vary.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NotModifiedByHandler;

/// The response is a [`Problem`](crate::Problem): reported as the handler's error, as actix's attribute reports a
/// handler's `Err`, rather than as any other status. Every problem carries it; those the layer made itself carry
/// their [`Outcome`](crate::Outcome), which the layer reads first.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HandlerFailed;

/// The body is built only when read (a `Tagged` or a `Deferred`): the hashing side builds it at once for an
/// HTTP/1.0 request, whose peer could not tell a failed body from a whole one.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LazyBody;
