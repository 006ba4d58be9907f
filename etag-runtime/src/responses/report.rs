//! Tells an operator what each conditional decision was, whichever framework answered: a `tracing` event with
//! target `etag_runtime`, and with the `metrics` feature, counters through the `metrics` facade.
//!
//! Nothing here costs anything visible when nobody listens: `tracing` checks the level before it evaluates a
//! field, so the route is looked up and the tag formatted only for a subscriber that wants the event, and the
//! counters exist only in a build with the `metrics` feature.

use super::outcome::Outcome;
use crate::validators::entity_tag::EntityTag;

/// The event's target, whatever module reports: one name for an operator to filter on.
const TARGET: &str = "etag_runtime";

/// One conditional decision, as reported.
pub(crate) struct Report<'a> {
    /// The request's method, as sent.
    pub method: &'a str,
    pub outcome: Outcome,
    /// The status sent; none for a write allowed, whose handler answers.
    pub status: Option<u16>,
    /// The representation's current tag, as sent or compared.
    pub tag: Option<&'a EntityTag>,
    /// For a 304 to GET, the body bytes it spared, where they are known (before any content coding).
    pub bytes_not_sent: Option<u64>,
}

/// Whether anything will use a report: the counters, or a subscriber that takes `etag_runtime` events at `info`,
/// the level of the most severe of them, which any subscriber that takes the `debug` ones takes too.
#[inline]
pub(crate) fn wanted() -> bool {
    cfg!(feature = "metrics") || tracing::enabled!(target: TARGET, tracing::Level::INFO)
}

impl Report<'_> {
    /// Emits the event, and counts it with the `metrics` feature. `route` gives the matched route's pattern,
    /// such as `/users/{id}`; it is called only when something will use it.
    pub(crate) fn emit(&self, route: impl Fn() -> Option<String>) {
        // `tracing` needs the level at compile time, so the one event is written for each level it can have.
        macro_rules! event {
            ($level:expr) => {
                tracing::event!(
                    target: TARGET,
                    $level,
                    method = %self.method,
                    route = %route().as_deref().unwrap_or("-"),
                    decision = %self.outcome.as_str(),
                    reason = self.outcome.untouched().map(|reason| tracing::field::display(reason.as_str())),
                    status = self.status,
                    tag = self.tag.map(tracing::field::display),
                    bytes_not_sent = self.bytes_not_sent,
                )
            };
        }
        if self.outcome.refused() {
            event!(tracing::Level::INFO);
        } else {
            event!(tracing::Level::DEBUG);
        }
        #[cfg(feature = "metrics")]
        self.count(route());
    }

    /// The counters, labelled by route (`-` when no route matched) and status or reason.
    #[cfg(feature = "metrics")]
    fn count(&self, route: Option<String>) {
        let route = route.unwrap_or_else(|| "-".to_owned());
        if let Some(reason) = self.outcome.untouched() {
            metrics::counter!("etag_untouched_responses_total", "route" => route, "reason" => reason.as_str())
                .increment(1);
            return;
        }
        // A write allowed is not a response of this crate's: the handler's own follows.
        let Some(status) = self.status else { return };
        if let Some(bytes) = self.bytes_not_sent {
            metrics::counter!("etag_body_bytes_not_sent_total", "route" => route.clone()).increment(bytes);
        }
        metrics::counter!(
            "etag_conditional_responses_total",
            "route" => route,
            "status" => status.to_string()
        )
        .increment(1);
    }
}
