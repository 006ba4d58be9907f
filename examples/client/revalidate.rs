//! Client-side conditional requests, small enough to copy: a cached copy revalidated with If-None-Match, and an
//! optimistic update that sends If-Match and, on 412, reads again and retries after a short jittered pause.
//!
//! Nothing here knows the transport: [`check`] judges a response already received, and [`update_optimistically`]
//! drives any [`Resource`]. `main.rs` plugs in awc.

use std::time::Duration;

/// A representation kept by the client, with the ETag it came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cached {
    pub etag: String,
    pub body: Vec<u8>,
}

/// What a response to a GET means for the copy held.
#[derive(Debug, PartialEq, Eq)]
pub enum Revalidation {
    /// 200, and no copy was held: keep this one.
    First(Cached),
    /// 304: the copy held is current; use its body (RFC 9110 §15.4.5).
    NotModified,
    /// 200 although a copy was offered: the resource changed; keep the new one.
    Changed(Cached),
}

/// A response that a correct server does not send, or that this client cannot use.
#[derive(Debug, PartialEq, Eq)]
pub enum Unexpected {
    /// A 5xx.
    ServerError(u16),
    /// A status other than 200, 304 and 5xx.
    Status(u16),
    /// A 304 to a request that offered no copy: there is nothing to use.
    NotModifiedWithoutValidator,
    /// A 304 whose ETag is not the one offered: it describes another representation than the copy held.
    NotModifiedForAnotherTag { held: String, received: String },
    /// A 200 without an ETag: nothing to revalidate with later.
    NoETag,
}

/// Judges the response to a GET that offered `held` (in If-None-Match) or nothing.
pub fn check(
    held: Option<&Cached>,
    status: u16,
    etag: Option<&str>,
    body: Vec<u8>,
) -> Result<Revalidation, Unexpected> {
    match status {
        200 => {
            let etag = etag.ok_or(Unexpected::NoETag)?.to_owned();
            let fresh = Cached { etag, body };
            Ok(if held.is_some() {
                Revalidation::Changed(fresh)
            } else {
                Revalidation::First(fresh)
            })
        }
        304 => {
            let held = held.ok_or(Unexpected::NotModifiedWithoutValidator)?;
            match etag {
                // RFC 9110 §15.4.5: the 304 carries the ETag the 200 would have, that is the held copy's.
                Some(received) if received != held.etag => Err(Unexpected::NotModifiedForAnotherTag {
                    held: held.etag.clone(),
                    received: received.to_owned(),
                }),
                _ => Ok(Revalidation::NotModified),
            }
        }
        500..=599 => Err(Unexpected::ServerError(status)),
        other => Err(Unexpected::Status(other)),
    }
}

/// How often, and how long apart, an optimistic update is tried.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    pub attempts: u32,
    /// The longest pause after the first 412; it doubles after each one, up to `cap`.
    pub base: Duration,
    pub cap: Duration,
}

impl Retry {
    /// The pause after failed attempt `attempt` (1 for the first): a random share (`unit`, in 0..1) of the
    /// doubling ceiling ("full jitter"), so that writers who collided do not collide again in step.
    pub fn pause(&self, attempt: u32, unit: f64) -> Duration {
        let ceiling = self
            .base
            .saturating_mul(1 << attempt.saturating_sub(1).min(16))
            .min(self.cap);
        ceiling.mul_f64(unit.clamp(0.0, 1.0))
    }
}

/// A resource that can be read for its current ETag and written only if that ETag is still current.
// Its futures need no `Send` bound: actix's runtime runs each on one thread.
#[allow(async_fn_in_trait)]
pub trait Resource {
    type Error;
    /// GET: the current ETag, asked for as the representation a write can name (see `main.rs`).
    async fn current_etag(&mut self) -> Result<String, Self::Error>;
    /// The write, sent with `If-Match: etag`; its status.
    async fn write_if_match(&mut self, etag: &str) -> Result<u16, Self::Error>;
}

/// Why an optimistic update did not go through.
#[derive(Debug, PartialEq, Eq)]
pub enum UpdateFailed<E> {
    /// Every attempt met a 412: others kept writing first.
    RetriesRanOut(u32),
    /// A status other than 2xx or 412.
    Status(u16),
    /// The current ETag is weak (`W/"..."`, as a cache that decoded the body sends): If-Match compares strongly
    /// (RFC 9110 §13.1.1), so a write guarded by it would be refused however often it were tried.
    WeakTag(String),
    /// The transport failed.
    Transport(E),
}

/// Reads the ETag, writes with If-Match, and on 412 (someone wrote in between, RFC 9110 §13.1.1) starts again
/// after a pause, at most `retry.attempts` times. `report` hears each attempt: its number, the tag, the status.
/// Returns the number of the attempt that went through.
pub async fn update_optimistically<R: Resource>(
    resource: &mut R,
    retry: Retry,
    mut random_unit: impl FnMut() -> f64,
    mut report: impl FnMut(u32, &str, u16),
) -> Result<u32, UpdateFailed<R::Error>> {
    for attempt in 1..=retry.attempts {
        let etag = resource.current_etag().await.map_err(UpdateFailed::Transport)?;
        if etag.starts_with("W/") {
            return Err(UpdateFailed::WeakTag(etag));
        }
        let status = resource.write_if_match(&etag).await.map_err(UpdateFailed::Transport)?;
        report(attempt, &etag, status);
        match status {
            200..=299 => return Ok(attempt),
            412 if attempt < retry.attempts => {
                actix_web::rt::time::sleep(retry.pause(attempt, random_unit())).await;
            }
            412 => {}
            other => return Err(UpdateFailed::Status(other)),
        }
    }
    Err(UpdateFailed::RetriesRanOut(retry.attempts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(etag: &str) -> Cached {
        Cached {
            etag: etag.to_owned(),
            body: b"{}".to_vec(),
        }
    }

    // RFC 9110 §15.4.5: a 304 names the copy held; its body is the one to use.
    #[test]
    fn rfc9110_15_4_5_a_304_for_the_copy_held_means_use_it() {
        assert_eq!(
            check(Some(&copy("\"v1\"")), 304, Some("\"v1\""), Vec::new()),
            Ok(Revalidation::NotModified)
        );
    }

    #[test]
    fn rfc9110_15_4_5_a_304_for_another_tag_is_unexpected() {
        let outcome = check(Some(&copy("\"v1\"")), 304, Some("\"v2\""), Vec::new());
        assert!(
            matches!(outcome, Err(Unexpected::NotModifiedForAnotherTag { .. })),
            "{outcome:?}"
        );
    }

    // RFC 9110 §13.1.2: without If-None-Match, a server has nothing to compare, so a 304 is a server bug.
    #[test]
    fn rfc9110_13_1_2_a_304_without_a_validator_is_unexpected() {
        assert_eq!(
            check(None, 304, Some("\"v1\""), Vec::new()),
            Err(Unexpected::NotModifiedWithoutValidator)
        );
    }

    #[test]
    fn a_200_is_kept_first_and_reported_as_a_change_later() {
        assert_eq!(
            check(None, 200, Some("\"v1\""), b"{}".to_vec()),
            Ok(Revalidation::First(copy("\"v1\"")))
        );
        let changed = check(Some(&copy("\"v1\"")), 200, Some("\"v2\""), b"{}".to_vec());
        assert_eq!(changed, Ok(Revalidation::Changed(copy("\"v2\""))));
        assert_eq!(check(None, 200, None, Vec::new()), Err(Unexpected::NoETag));
    }

    #[test]
    fn server_errors_and_other_statuses_are_unexpected() {
        assert_eq!(check(None, 503, None, Vec::new()), Err(Unexpected::ServerError(503)));
        assert_eq!(check(None, 404, None, Vec::new()), Err(Unexpected::Status(404)));
    }

    #[test]
    fn pauses_double_up_to_the_cap_and_scale_with_the_jitter() {
        let retry = Retry {
            attempts: 9,
            base: Duration::from_millis(10),
            cap: Duration::from_millis(50),
        };
        assert_eq!(retry.pause(1, 1.0), Duration::from_millis(10));
        assert_eq!(retry.pause(2, 1.0), Duration::from_millis(20));
        assert_eq!(retry.pause(3, 0.5), Duration::from_millis(20));
        assert_eq!(retry.pause(4, 1.0), Duration::from_millis(50));
        assert_eq!(retry.pause(40, 1.0), Duration::from_millis(50));
        assert_eq!(retry.pause(2, 0.0), Duration::ZERO);
    }

    /// A resource whose tag others change `conflicts` times, each between a read and the write that follows it.
    struct Contended {
        version: u32,
        conflicts: u32,
        written: Vec<String>,
    }

    impl Resource for Contended {
        type Error = ();
        async fn current_etag(&mut self) -> Result<String, ()> {
            Ok(format!("\"v{}\"", self.version))
        }
        async fn write_if_match(&mut self, etag: &str) -> Result<u16, ()> {
            if self.conflicts > 0 {
                self.conflicts -= 1;
                self.version += 1; // another client's write
            }
            if etag != format!("\"v{}\"", self.version) {
                return Ok(412);
            }
            self.written.push(etag.to_owned());
            self.version += 1;
            Ok(200)
        }
    }

    fn run<R: Resource>(resource: &mut R, attempts: u32) -> (Result<u32, UpdateFailed<R::Error>>, Vec<u16>) {
        let retry = Retry {
            attempts,
            base: Duration::ZERO,
            cap: Duration::ZERO,
        };
        let mut statuses = Vec::new();
        let outcome = actix_web::rt::System::new().block_on(update_optimistically(
            resource,
            retry,
            || 0.5,
            |_, _, status| statuses.push(status),
        ));
        (outcome, statuses)
    }

    // RFC 9110 §13.1.1: a 412 means the tag read is stale; the retry reads the new one and writes against it.
    #[test]
    fn rfc9110_13_1_1_retries_after_each_412_with_the_new_tag() {
        let mut resource = Contended {
            version: 1,
            conflicts: 2,
            written: Vec::new(),
        };
        let (outcome, statuses) = run(&mut resource, 5);
        assert_eq!(outcome, Ok(3));
        assert_eq!(statuses, [412, 412, 200]);
        assert_eq!(
            resource.written,
            ["\"v3\""],
            "the write went in against the tag current at the time"
        );
    }

    /// A resource behind a cache that decodes gzip for this client and weakens the tag.
    struct Weakened;

    impl Resource for Weakened {
        type Error = ();
        async fn current_etag(&mut self) -> Result<String, ()> {
            Ok("W/\"v1+gzip\"".to_owned())
        }
        async fn write_if_match(&mut self, _: &str) -> Result<u16, ()> {
            Ok(412)
        }
    }

    // RFC 9110 §13.1.1: a weak tag never passes If-Match, so no write is sent with one and nothing is retried.
    #[test]
    fn rfc9110_13_1_1_a_weak_tag_stops_the_update_before_any_write() {
        let (outcome, statuses) = run(&mut Weakened, 5);
        assert_eq!(outcome, Err(UpdateFailed::WeakTag("W/\"v1+gzip\"".to_owned())));
        assert!(statuses.is_empty(), "{statuses:?}");
    }

    #[test]
    fn rfc9110_13_1_1_gives_up_when_the_retries_run_out() {
        let mut resource = Contended {
            version: 1,
            conflicts: 10,
            written: Vec::new(),
        };
        let (outcome, statuses) = run(&mut resource, 3);
        assert_eq!(outcome, Err(UpdateFailed::RetriesRanOut(3)));
        assert_eq!(statuses, [412, 412, 412]);
        assert!(resource.written.is_empty());
    }
}
