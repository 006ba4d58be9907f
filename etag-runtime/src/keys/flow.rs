//! A keyed write's two steps around its change, the same with every store: look the key up (and refuse, replay
//! or run), then keep the answer.

use std::time::SystemTime;

use super::{Held, KeyFailure, KeyLimits, KeyStore, Keyed, Record, Refusal};

/// What a keyed write does, once the store was asked for its key ([`begin`]).
#[derive(Debug)]
pub enum Step {
    /// Run the write, then keep its answer with [`Pending::keep`], in the same transaction.
    Run(Pending),
    /// The same request ran already: send its outcome again, and write nothing.
    Replay(Record),
}

/// A write that runs, and whose answer is kept under its key (if it was sent with one).
#[derive(Debug)]
#[must_use = "keep the answer in the write's transaction, or a retry applies the change again"]
pub struct Pending {
    keyed: Option<Keyed>,
}

/// The first step of a write, inside its transaction and after it locked what it writes: drops some expired
/// records, looks `keyed`'s key up, and says whether to run the write or replay an earlier answer. Refuses a key
/// used for another request (422) and a new key past the store's bounds (429); a key already stored replays
/// whatever the bounds. Without a key (`None`), the write just runs.
pub async fn begin<S: KeyStore<Tx> + ?Sized, Tx: ?Sized>(
    store: &S,
    tx: &mut Tx,
    keyed: Option<Keyed>,
) -> Result<Step, KeyFailure<S::Error>> {
    let Some(keyed) = keyed else {
        return Ok(Step::Run(Pending { keyed: None }));
    };
    let now = SystemTime::now();
    let limits = store.limits();
    let live_since = limits.live_since(now);
    store.purge(tx, live_since).await.map_err(KeyFailure::Store)?;
    let found = store.find(tx, keyed.id()).await.map_err(KeyFailure::Store)?;
    if let Some(record) = found.filter(|record| record.stored_at >= live_since) {
        return if record.fingerprint == keyed.fingerprint() {
            Ok(Step::Replay(record))
        } else {
            Err(Refusal::Reused.into())
        };
    }
    let held = store.held(tx, &keyed, live_since).await.map_err(KeyFailure::Store)?;
    within_bounds(&held, limits, now)?;
    Ok(Step::Run(Pending { keyed: Some(keyed) }))
}

/// Whether one more key fits: the requester's quota first, then the store's.
fn within_bounds(held: &Held, limits: &KeyLimits, now: SystemTime) -> Result<(), Refusal> {
    let wait = |oldest: Option<i64>| oldest.map_or(1, |oldest| limits.seconds_until_free(oldest, now));
    if held.by_requester >= limits.per_requester() {
        return Err(Refusal::RequesterFull {
            retry_after: wait(held.requester_oldest),
        });
    }
    if held.in_all >= limits.total() {
        return Err(Refusal::StoreFull {
            retry_after: wait(held.oldest),
        });
    }
    Ok(())
}

impl Pending {
    /// The write's key, if it was sent with one: what its record is made for.
    pub fn keyed(&self) -> Option<&Keyed> {
        self.keyed.as_ref()
    }

    /// The second step, after the change and before the commit: keeps `record` (made by the framework layer
    /// from the answer) under the key, in the same transaction; nothing without a key. A record whose body is
    /// larger than the store keeps is kept without it ([`Record::within`]). Refuses with 409 if another
    /// request with this key committed first: the caller rolls back.
    pub async fn keep<S: KeyStore<Tx> + ?Sized, Tx: ?Sized>(
        self,
        store: &S,
        tx: &mut Tx,
        record: impl FnOnce(&Keyed) -> Record,
    ) -> Result<(), KeyFailure<S::Error>> {
        let Some(keyed) = self.keyed else {
            return Ok(());
        };
        let limits = store.limits();
        let record = record(&keyed).within(limits.largest_answer());
        let live_since = limits.live_since(SystemTime::now());
        match store.insert(tx, &keyed, &record, live_since).await {
            Ok(true) => Ok(()),
            Ok(false) => Err(Refusal::Taken.into()),
            Err(error) => Err(KeyFailure::Store(error)),
        }
    }
}
