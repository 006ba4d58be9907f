//! A write that carries a precondition nothing evaluates (RFC 9110 §13.1.1: an origin server MUST evaluate
//! If-Match before performing the method): what the operator is told, whichever adapter found it.

/// The fields that guard a write, by their lowercase names; If-Modified-Since applies to GET and HEAD alone
/// (RFC 9110 §13.1.3).
pub(crate) const WRITE_GUARDS: [&str; 3] = ["if-match", "if-none-match", "if-unmodified-since"];

/// What the operator is told to do, in the event.
const FIX: &str = "take a `Precondition` argument and `check` it inside the write's transaction, or answer this \
     method from a handler without #[conditional] that does";

/// The error event for a write to `route` that carried `field`, which its handler never evaluated, saying
/// `what_happened` (refused, or written unguarded).
pub(crate) fn report_unevaluated(method: &str, route: Option<&str>, field: &str, what_happened: &str) {
    tracing::error!(
        target: "etag_runtime",
        method,
        route = %route.unwrap_or("-"),
        field,
        fix = FIX,
        "a write carried {field}, which its handler never evaluates; {what_happened}",
    );
}
