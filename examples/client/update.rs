//! A guarded write that survives a lost response, small enough to copy: If-Match with the tag read, one
//! Idempotency-Key per logical change, the same key (and the same If-Match) again when the answer was lost, and
//! on 412 the change redone on the state the 412 names, still with its key.
//!
//! Nothing here knows the transport: [`update`] drives any [`Resource`]. `main.rs` plugs in awc.

use std::time::Duration;

/// How often, and how long apart, a write is tried.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    pub attempts: u32,
    /// The longest pause after the first failed attempt; it doubles after each one, up to `cap`.
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

/// What came back from a write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    /// The ETag: the new state's after a 2xx, the state that won after a 412.
    pub etag: Option<String>,
    /// Whether the server replayed the answer of an earlier attempt with this key.
    pub replayed: bool,
}

/// A resource that can be read for its current ETag and written only if that ETag is still current.
// Its futures need no `Send` bound: actix's runtime runs each on one thread.
#[allow(async_fn_in_trait)]
pub trait Resource {
    type Error;
    /// The current ETag, asked for as the representation a write can name (see `main.rs`).
    async fn current_etag(&mut self) -> Result<String, Self::Error>;
    /// The write, sent with `If-Match: etag` and `Idempotency-Key: key`. An error means no answer arrived (the
    /// connection closed or reset before the status line, or a timeout): the write may or may not have landed.
    async fn write(&mut self, etag: &str, key: &str) -> Result<Answer, Self::Error>;
}

/// What happened to one attempt, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// The server answered.
    Answered(Answer),
    /// No answer came, or a gateway said it lost it (502, 503, 504): sent again with the same key.
    Lost(String),
}

/// A write that went through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    /// The number of the attempt that was answered with 2xx.
    pub attempt: u32,
    /// The resource's new tag, to chain the next write on without a GET.
    pub etag: Option<String>,
    pub replayed: bool,
}

/// Why a write did not go through.
#[derive(Debug, PartialEq, Eq)]
pub enum UpdateFailed {
    /// Every attempt met a 412 or lost its answer.
    RetriesRanOut(u32),
    /// A status other than 2xx, 412 and the gateway errors.
    Status(u16),
    /// The current ETag is weak (`W/"..."`, as a cache that decoded the body sends): If-Match compares strongly
    /// (RFC 9110 §13.1.1), so a write guarded by it would be refused however often it were tried.
    WeakTag(String),
}

/// Writes with If-Match `etag` (or the tag read first, without one) and Idempotency-Key `key`. A lost answer is
/// sent again with the same key and tag after a pause: if the first landed, the server replays its answer. A 412
/// (someone else wrote first, RFC 9110 §13.1.1) is redone on the tag the 412 names (read again if it names
/// none), with the same key, which the 412 did not use. `report` hears each attempt.
pub async fn update<R: Resource>(
    resource: &mut R,
    mut etag: Option<String>,
    key: &str,
    retry: Retry,
    mut random_unit: impl FnMut() -> f64,
    mut report: impl FnMut(u32, &str, &Attempt),
) -> Result<Done, UpdateFailed> {
    for attempt in 1..=retry.attempts {
        let tag = match etag.take() {
            Some(tag) => tag,
            None => match resource.current_etag().await {
                Ok(tag) => tag,
                Err(_) => {
                    pause(retry, attempt, &mut random_unit).await;
                    continue;
                }
            },
        };
        if tag.starts_with("W/") {
            return Err(UpdateFailed::WeakTag(tag));
        }
        let outcome = match resource.write(&tag, key).await {
            Ok(answer) if matches!(answer.status, 502..=504) => {
                Attempt::Lost(format!("{} from a gateway", answer.status))
            }
            Ok(answer) => Attempt::Answered(answer),
            Err(_) => Attempt::Lost("no answer".to_owned()),
        };
        report(attempt, &tag, &outcome);
        match outcome {
            Attempt::Answered(Answer {
                status: 200..=299,
                etag: new,
                replayed,
            }) => {
                return Ok(Done {
                    attempt,
                    etag: new,
                    replayed,
                });
            }
            // Rebased on the state that won, if the 412 names it.
            Attempt::Answered(Answer {
                status: 412,
                etag: winner,
                ..
            }) => etag = winner,
            Attempt::Answered(Answer { status, .. }) => return Err(UpdateFailed::Status(status)),
            // The same tag again: if the write landed, the key replays it; if not, the tag still guards it.
            Attempt::Lost(_) => etag = Some(tag),
        }
        if attempt < retry.attempts {
            pause(retry, attempt, &mut random_unit).await;
        }
    }
    Err(UpdateFailed::RetriesRanOut(retry.attempts))
}

async fn pause(retry: Retry, attempt: u32, random_unit: &mut impl FnMut() -> f64) {
    actix_web::rt::time::sleep(retry.pause(attempt, random_unit())).await;
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// A server with keys: others change the tag `conflicts` times, each between a read and the write that
    /// follows; the first `lost` answers are dropped after the write landed.
    struct Server {
        version: u32,
        conflicts: u32,
        lost: u32,
        applied: Vec<String>,
        keys: Vec<(String, Answer)>,
    }

    impl Server {
        fn new(conflicts: u32, lost: u32) -> Self {
            Server {
                version: 1,
                conflicts,
                lost,
                applied: Vec::new(),
                keys: Vec::new(),
            }
        }
        fn tag(&self) -> String {
            format!("\"v{}\"", self.version)
        }
    }

    impl Resource for Server {
        type Error = ();
        async fn current_etag(&mut self) -> Result<String, ()> {
            Ok(self.tag())
        }
        async fn write(&mut self, etag: &str, key: &str) -> Result<Answer, ()> {
            if let Some((_, answer)) = self.keys.iter().find(|(used, _)| used == key) {
                return Ok(Answer {
                    replayed: true,
                    ..answer.clone()
                });
            }
            if self.conflicts > 0 {
                self.conflicts -= 1;
                self.version += 1; // another client's write
            }
            if etag != self.tag() {
                return Ok(Answer {
                    status: 412,
                    etag: Some(self.tag()),
                    replayed: false,
                });
            }
            self.applied.push(etag.to_owned());
            self.version += 1;
            let answer = Answer {
                status: 200,
                etag: Some(self.tag()),
                replayed: false,
            };
            self.keys.push((key.to_owned(), answer.clone()));
            if self.lost > 0 {
                self.lost -= 1;
                return Err(());
            }
            Ok(answer)
        }
    }

    fn run(server: &mut Server, attempts: u32) -> (Result<Done, UpdateFailed>, Vec<Attempt>) {
        let retry = Retry {
            attempts,
            base: Duration::ZERO,
            cap: Duration::ZERO,
        };
        let mut seen = Vec::new();
        let outcome = actix_web::rt::System::new().block_on(update(
            server,
            None,
            "key-1",
            retry,
            || 0.5,
            |_, _, attempt| seen.push(attempt.clone()),
        ));
        (outcome, seen)
    }

    // RFC 9110 §13.1.1: a 412 names the state that won; the retry writes against it, without reading again.
    #[test]
    fn rfc9110_13_1_1_rebases_on_the_tag_each_412_names() {
        let mut server = Server::new(2, 0);
        let (outcome, seen) = run(&mut server, 5);
        assert_eq!(
            outcome,
            Ok(Done {
                attempt: 3,
                etag: Some("\"v4\"".to_owned()),
                replayed: false
            })
        );
        assert_eq!(seen.len(), 3);
        assert_eq!(server.applied, ["\"v3\""], "applied once, against the tag current then");
    }

    // A lost answer is retried with the same key: the server replays it, and the change is applied once.
    #[test]
    fn a_lost_answer_is_replayed_not_applied_twice() {
        let mut server = Server::new(0, 1);
        let (outcome, seen) = run(&mut server, 5);
        assert_eq!(
            outcome,
            Ok(Done {
                attempt: 2,
                etag: Some("\"v2\"".to_owned()),
                replayed: true
            })
        );
        assert!(matches!(seen[0], Attempt::Lost(_)), "{seen:?}");
        assert_eq!(server.applied, ["\"v1\""]);
    }

    // RFC 9110 §13.1.1: a weak tag never passes If-Match, so no write is sent with one.
    #[test]
    fn rfc9110_13_1_1_a_weak_tag_stops_the_update_before_any_write() {
        let mut server = Server::new(0, 0);
        let retry = Retry {
            attempts: 3,
            base: Duration::ZERO,
            cap: Duration::ZERO,
        };
        let outcome = actix_web::rt::System::new().block_on(update(
            &mut server,
            Some("W/\"v1+gzip\"".to_owned()),
            "k",
            retry,
            || 0.5,
            |_, _, _| {},
        ));
        assert_eq!(outcome, Err(UpdateFailed::WeakTag("W/\"v1+gzip\"".to_owned())));
        assert!(server.applied.is_empty());
    }

    #[test]
    fn rfc9110_13_1_1_gives_up_when_the_retries_run_out() {
        let mut server = Server::new(10, 0);
        let (outcome, seen) = run(&mut server, 3);
        assert_eq!(outcome, Err(UpdateFailed::RetriesRanOut(3)));
        assert_eq!(seen.len(), 3);
        assert!(server.applied.is_empty());
    }
}
