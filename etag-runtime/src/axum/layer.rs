//! `Conditional`: the tower `Layer` that makes every response of an axum router conditional.

use tower_layer::{Identity, Layer};

use super::hash_bodies::HashBodies;
use super::requester::Requester;
use super::service::ConditionalService;
use super::settings::Settings;
use crate::responses::settings_builder;

/// Makes every response of an axum router conditional (`Router::layer`):
///
/// - a 2xx answer to GET or HEAD is validated by the ETag and Last-Modified its handler set (a model's
///   [`Tagged`](super::Tagged) response, a [`Deferred`](super::Deferred), or the handler's own headers), never
///   re-hashed, or else by a weak tag hashed from its body (SHA-1, or the [hash](Conditional::hash) chosen)
///   when the body's length is known and no larger than the [hash limit](Conditional::hash_limit);
/// - a matching If-None-Match or an unmodified If-Modified-Since gives 304, a failed If-Match or
///   If-Unmodified-Since 412, a malformed tag list 400, all in the order of RFC 9110 §13.2.2;
/// - everything else passes as the handler sent it: other methods and statuses (§13.2.1), bodies whose length
///   is not known (server-sent events keep streaming, never buffered), bodies over the limit; but an error of
///   any method gets `Cache-Control: no-store` unless the handler said how to keep it (RFC 9111 §4.2.2), and the
///   route's Vary names.
///
/// Writes are guarded by the [`Precondition`](crate::Precondition) extractor, checked inside the write's
/// transaction: by the time a layer sees a write's response, the write has happened.
///
/// # Content codings
///
/// Give tower-http's `CompressionLayer` to [`Conditional::around`], not a layer of its own:
/// `Conditional::default().around(CompressionLayer::new())`. This layer then runs on both sides of it. Inside, it
/// hashes the identity bytes; outside, it reads the Content-Encoding the compression layer actually applied to
/// this response (its predicate, which skips small bodies, images and event streams, has run by then) and names
/// that coding in a strong tag: `"v3"` sent gzip-encoded goes out as `"v3+gzip"` (RFC 9110 §8.8.3.3). A 304 is
/// decided on the response the 200 would be, so it names the same coding, and its body, still unencoded and
/// never polled, is dropped. A `CompressionLayer` outside this layer instead would encode bodies after their
/// strong tag was decided, sending one tag for two byte sequences.
///
/// A precondition compares the state a strong tag names, whichever coding form it carries: `"v3+gzip"` in
/// If-Match guards a write to `"v3"`. This layer cannot see which of tower-http's codings the application
/// compiled, so the form of any coding tower-http has (gzip, deflate, br, zstd) is taken for its state; on
/// actix-web, where the adapter probes `Compress`, only the codings the build applies are.
///
/// # HEAD
///
/// axum answers HEAD with a GET route's handler and drops the body after every layer of the route has run
/// (`Router::layer`), so a HEAD carries the GET's ETag and gets its 304 (RFC 9110 §9.3.2). Around a whole
/// `Router` as one service (a `ServiceBuilder` around it, `nest_service`, `fallback_service`), the body is gone
/// before this layer sees it: a HEAD then carries only the validators a handler set, and no hashed tag.
///
/// # Order
///
/// `Router::layer` wraps the routes added before it, and each later layer runs outside the earlier ones:
///
/// - add `Conditional` after the routes it covers;
/// - give the compression layer to [`around`](Conditional::around): one added after `Conditional` would encode a
///   body under a strong tag fixed for its identity bytes, and one added before it would leave compressed
///   bodies untagged;
/// - add the layer that names the requester (authentication) after `Conditional`, so that it runs first: the
///   layer reads the requester when the request comes in, and an `Idempotency` inside that finds another one
///   says so in an error event;
/// - a second `Conditional` inside the first (on a nested router) steps aside, with a warning: the outer one,
///   around the compression, decides each response, with its own settings.
#[derive(Debug, Clone, Copy)]
pub struct Conditional<C = Identity> {
    settings: Settings,
    compression: C,
}

impl Default for Conditional {
    fn default() -> Self {
        Conditional {
            settings: Settings::default(),
            compression: Identity::new(),
        }
    }
}

impl<C> Conditional<C> {
    settings_builder!(settings, "layer");

    /// The responses depend on who asks: each tag names the requester, Vary names the field it comes from, and a
    /// response with no Cache-Control of its own is `private` (see [`Requester`]). A request whose requester
    /// field names no one for certain (sent twice, or not visible ASCII) is refused with 400 before the handler
    /// runs.
    pub fn per_user(mut self, requester: &'static Requester) -> Self {
        self.settings.requester = Some(requester);
        self
    }

    /// Runs `compression` (tower-http's `CompressionLayer`) between this layer's two sides, so that a strong
    /// tag names the coding each response is sent with (see [content codings](Conditional#content-codings)).
    pub fn around<L>(self, compression: L) -> Conditional<L> {
        Conditional {
            settings: self.settings,
            compression,
        }
    }
}

impl<S, C> Layer<S> for Conditional<C>
where
    C: Layer<HashBodies<S>>,
{
    type Service = ConditionalService<C::Service>;

    fn layer(&self, inner: S) -> Self::Service {
        let hashing = HashBodies::new(inner, self.settings);
        ConditionalService::new(self.compression.layer(hashing), self.settings)
    }
}
