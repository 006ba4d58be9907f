//! The workspace's key stores on a real database: `etag-keys-sqlite` on a SQLite file and `etag-keys-postgres`
//! on PostgreSQL (a private cluster), each driven through the two steps every keyed write takes
//! (`etag_runtime::keys::begin`, `Pending::keep`) inside a transaction of its own
//! (`draft-ietf-httpapi-idempotency-key-header`).

mod support;

use std::time::{Duration, SystemTime};

use etag_keys_postgres::PostgresKeys;
use etag_keys_sqlite::SqliteKeys;
use etag_runtime::keys::{KeyFailure, KeyLimits, Keyed, Record, Refusal, Step, begin};
use support::postgres::Cluster;
use support::scratch::ScratchDir;

/// How a test write ends: committed, or rolled back after its record was kept (a change that failed).
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    Commit,
    RollBack,
}

/// What a keyed write came to.
#[derive(Debug, PartialEq, Eq)]
enum Came {
    Ran,
    Replayed(Record),
    Refused(Refusal),
}

/// A database with a key store: one keyed write at a time, and the rows its table holds.
trait Database {
    async fn write(&mut self, keyed: &Keyed, end: End) -> Came;
    async fn rows(&mut self) -> usize;
}

/// The record a write keeps: its fingerprint and a body saying which key made it.
fn record_of(keyed: &Keyed) -> Record {
    Record {
        fingerprint: keyed.fingerprint().to_owned(),
        status: 200,
        etag: Some("\"v1\"".to_owned()),
        last_modified: None,
        location: None,
        content_type: Some("application/json".to_owned()),
        body: format!("{{\"made_by\":\"{}\"}}", keyed.id()).into_bytes(),
        body_omitted: false,
        stored_at: Record::seconds(SystemTime::now()),
    }
}

fn came<E: std::fmt::Debug>(result: Result<Step, KeyFailure<E>>) -> Result<Option<Came>, String> {
    match result {
        Ok(Step::Run(_)) => Ok(None),
        Ok(Step::Replay(record)) => Ok(Some(Came::Replayed(record))),
        Err(KeyFailure::Refused(refusal)) => Ok(Some(Came::Refused(refusal))),
        Err(KeyFailure::Store(error)) => Err(format!("{error:?}")),
    }
}

struct Sqlite {
    connection: rusqlite::Connection,
    keys: SqliteKeys,
    _dir: ScratchDir,
}

impl Sqlite {
    fn open(limits: KeyLimits) -> Sqlite {
        let dir = ScratchDir::new("keys-sqlite");
        let connection = rusqlite::Connection::open(dir.path().join("keys.sqlite")).expect("open the file");
        SqliteKeys::create_table(&connection).expect("the table");
        Sqlite {
            connection,
            keys: SqliteKeys::new(limits),
            _dir: dir,
        }
    }
}

impl Database for Sqlite {
    async fn write(&mut self, keyed: &Keyed, end: End) -> Came {
        let behavior = rusqlite::TransactionBehavior::Immediate;
        let mut tx = self.connection.transaction_with_behavior(behavior).expect("BEGIN");
        // The blocking form, as code in a blocking closure calls it; the async one is the same rules.
        let pending = match self.keys.begin_blocking(&mut tx, Some(keyed.clone())) {
            Ok(Step::Run(pending)) => pending,
            other => return came(other).expect("the store").expect("a replay or a refusal"),
        };
        if let Err(KeyFailure::Refused(refusal)) = self.keys.keep_blocking(&mut tx, pending, record_of) {
            return Came::Refused(refusal);
        }
        match end {
            End::Commit => tx.commit().expect("COMMIT"),
            End::RollBack => tx.rollback().expect("ROLLBACK"),
        }
        Came::Ran
    }

    async fn rows(&mut self) -> usize {
        let sql = "SELECT count(*) FROM etag_idempotency_keys";
        let count: i64 = self.connection.query_row(sql, [], |row| row.get(0)).expect("count");
        usize::try_from(count).expect("a count")
    }
}

struct Postgres {
    client: tokio_postgres::Client,
    keys: PostgresKeys,
}

impl Postgres {
    async fn connect(url: &str, limits: KeyLimits) -> Postgres {
        let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .expect("connect");
        actix_web::rt::spawn(connection);
        PostgresKeys::create_table(&client).await.expect("the table");
        Postgres {
            client,
            keys: PostgresKeys::new(limits),
        }
    }

    async fn open(limits: KeyLimits) -> Postgres {
        let cluster = Cluster::shared();
        Postgres::connect(&cluster.url(&cluster.create_database()), limits).await
    }
}

impl Database for Postgres {
    async fn write(&mut self, keyed: &Keyed, end: End) -> Came {
        let mut tx = self.client.transaction().await.expect("BEGIN");
        let pending = match begin(&self.keys, &mut tx, Some(keyed.clone())).await {
            Ok(Step::Run(pending)) => pending,
            other => return came(other).expect("the store").expect("a replay or a refusal"),
        };
        if let Err(KeyFailure::Refused(refusal)) = pending.keep(&self.keys, &mut tx, record_of).await {
            return Came::Refused(refusal);
        }
        match end {
            End::Commit => tx.commit().await.expect("COMMIT"),
            End::RollBack => tx.rollback().await.expect("ROLLBACK"),
        }
        Came::Ran
    }

    async fn rows(&mut self) -> usize {
        let row = self
            .client
            .query_one("SELECT count(*) FROM etag_idempotency_keys", &[])
            .await
            .expect("count");
        usize::try_from(row.get::<_, i64>(0)).expect("a count")
    }
}

fn keyed(requester: &str, key: &str, content: &str) -> Keyed {
    Keyed::new(key, Some(requester.as_bytes()), "PATCH /notes/1", content.as_bytes())
}

fn minute() -> KeyLimits {
    KeyLimits::default().with_lifetime(Duration::from_secs(60))
}

// draft-ietf-httpapi-idempotency-key-header §2.6: a committed write's record replays to the same request; the
// same key with other content is refused (422); a write rolled back keeps no record, so its key runs again.
async fn a_committed_record_replays_and_a_rolled_back_one_is_gone(mut db: impl Database) {
    let first = keyed("ann", "k1", "one");
    assert_eq!(db.write(&first, End::Commit).await, Came::Ran);
    assert_eq!(db.write(&first, End::Commit).await, Came::Replayed(record_of(&first)));
    let other_content = keyed("ann", "k1", "two");
    assert_eq!(
        db.write(&other_content, End::Commit).await,
        Came::Refused(Refusal::Reused)
    );
    let other_requester = keyed("bob", "k1", "two");
    assert_eq!(
        db.write(&other_requester, End::Commit).await,
        Came::Ran,
        "a key is per requester"
    );
    let rolled_back = keyed("ann", "k2", "one");
    assert_eq!(db.write(&rolled_back, End::RollBack).await, Came::Ran);
    assert_eq!(db.write(&rolled_back, End::Commit).await, Came::Ran, "nothing was kept");
    assert_eq!(db.rows().await, 3);
}

// RFC 6585 §4: a requester's key past its quota, and any key past the cap, is refused with the time until its
// oldest key expires; stored keys still replay.
async fn rfc6585_4_the_quota_and_the_cap_refuse_new_keys_only(mut db: impl Database) {
    for index in 0..3 {
        assert_eq!(
            db.write(&keyed("ann", &format!("a{index}"), "x"), End::Commit).await,
            Came::Ran
        );
    }
    let Came::Refused(Refusal::RequesterFull { retry_after }) = db.write(&keyed("ann", "a3", "x"), End::Commit).await
    else {
        panic!("ann's fourth key is past her quota of 3");
    };
    assert!((1..=61).contains(&retry_after), "{retry_after}");
    assert!(matches!(
        db.write(&keyed("ann", "a0", "x"), End::Commit).await,
        Came::Replayed(_)
    ));
    for index in 0..2 {
        assert_eq!(
            db.write(&keyed(&format!("u{index}"), "k", "x"), End::Commit).await,
            Came::Ran
        );
    }
    let past_the_cap = db.write(&keyed("carl", "k", "x"), End::Commit).await;
    assert!(
        matches!(past_the_cap, Came::Refused(Refusal::StoreFull { .. })),
        "{past_the_cap:?}"
    );
    assert_eq!(db.rows().await, 5);
}

// A record older than the lifetime frees its key: the same key runs again, its record replaces the old one, and
// each keyed write drops some expired records.
async fn an_expired_key_runs_again_and_expired_records_are_dropped(mut db: impl Database) {
    for index in 0..3 {
        assert_eq!(
            db.write(&keyed("ann", &format!("k{index}"), "x"), End::Commit).await,
            Came::Ran
        );
    }
    std::thread::sleep(Duration::from_millis(2_100));
    assert_eq!(db.write(&keyed("ann", "k0", "other"), End::Commit).await, Came::Ran);
    assert_eq!(db.rows().await, 1, "the other two were expired, and dropped");
}

/// The steps are `Send` futures on a store whose transaction is `Send` (PostgreSQL's; memory's lock guards), so
/// that an axum handler or `tokio::spawn` can await them: this file fails to compile where they are not.
#[allow(dead_code, reason = "checked when compiled; nothing to run")]
fn keyed_steps_are_send(
    postgres: &PostgresKeys,
    tx: &mut tokio_postgres::Transaction<'_>,
    memory: &etag_runtime::keys::MemoryKeys,
    pending: etag_runtime::keys::Pending,
) {
    fn send<F: Send>(_: F) {}
    send(begin(postgres, tx, None));
    send(begin(memory, &mut (), None));
    send(pending.keep(postgres, tx, record_of));
}

fn run<F: Future<Output = ()>>(test: impl FnOnce() -> F) {
    actix_web::rt::System::new().block_on(test());
}

mod sqlite {
    use super::*;

    #[test]
    fn a_committed_record_replays_and_a_rolled_back_one_is_gone() {
        run(|| super::a_committed_record_replays_and_a_rolled_back_one_is_gone(Sqlite::open(minute())));
    }

    #[test]
    fn rfc6585_4_the_quota_and_the_cap_refuse_new_keys_only() {
        let limits = minute().with_per_requester(3).with_total(5);
        run(|| super::rfc6585_4_the_quota_and_the_cap_refuse_new_keys_only(Sqlite::open(limits)));
    }

    #[test]
    fn an_expired_key_runs_again_and_expired_records_are_dropped() {
        let limits = KeyLimits::default().with_lifetime(Duration::from_secs(1));
        run(|| super::an_expired_key_runs_again_and_expired_records_are_dropped(Sqlite::open(limits)));
    }
}

mod postgres {
    use super::*;

    #[test]
    fn a_committed_record_replays_and_a_rolled_back_one_is_gone() {
        run(|| async {
            super::a_committed_record_replays_and_a_rolled_back_one_is_gone(Postgres::open(minute()).await).await
        });
    }

    #[test]
    fn rfc6585_4_the_quota_and_the_cap_refuse_new_keys_only() {
        let limits = minute().with_per_requester(3).with_total(5);
        run(|| async {
            super::rfc6585_4_the_quota_and_the_cap_refuse_new_keys_only(Postgres::open(limits).await).await
        });
    }

    #[test]
    fn an_expired_key_runs_again_and_expired_records_are_dropped() {
        let limits = KeyLimits::default().with_lifetime(Duration::from_secs(1));
        run(|| async {
            super::an_expired_key_runs_again_and_expired_records_are_dropped(Postgres::open(limits).await).await
        });
    }

    // The store bounds its count of all keys by their sequence's range, and counts only when that range reaches
    // the cap: a value a rolled-back write took leaves a gap there, which must not count as a key.
    #[test]
    fn rfc6585_4_a_write_rolled_back_takes_no_place_under_the_cap() {
        run(|| async {
            let mut db = Postgres::open(minute().with_total(3)).await;
            assert_eq!(db.write(&keyed("a", "k", "x"), End::Commit).await, Came::Ran);
            assert_eq!(db.write(&keyed("b", "k", "x"), End::RollBack).await, Came::Ran);
            assert_eq!(db.write(&keyed("c", "k", "x"), End::Commit).await, Came::Ran);
            assert_eq!(
                db.write(&keyed("d", "k", "x"), End::Commit).await,
                Came::Ran,
                "two keys, below 3"
            );
            let past = db.write(&keyed("e", "k", "x"), End::Commit).await;
            assert!(matches!(past, Came::Refused(Refusal::StoreFull { .. })), "{past:?}");
            assert_eq!(db.rows().await, 3);
        });
    }

    // One requester's concurrent writes count one after another (the store locks the requester), so its quota
    // holds exactly: of 12 writes with new keys at once, as many as the quota commit.
    #[test]
    fn rfc6585_4_concurrent_writes_of_one_requester_keep_to_its_quota() {
        run(|| async {
            let cluster = Cluster::shared();
            let url = cluster.url(&cluster.create_database());
            let limits = minute().with_per_requester(4);
            let mut writers = Vec::new();
            for _ in 0..12 {
                writers.push(Postgres::connect(&url, limits).await);
            }
            let writes: Vec<_> = writers
                .into_iter()
                .enumerate()
                .map(|(index, mut db)| {
                    actix_web::rt::spawn(async move {
                        db.write(&keyed("ann", &format!("k{index}"), "x"), End::Commit).await
                    })
                })
                .collect();
            let mut came = Vec::new();
            for write in writes {
                came.push(write.await.expect("the write's task"));
            }
            assert_eq!(came.iter().filter(|came| **came == Came::Ran).count(), 4, "{came:?}");
            assert_eq!(Postgres::connect(&url, limits).await.rows().await, 4);
        });
    }

    // Two requests with one key for different targets share no row lock: both find no record; the second waits
    // on the requester's lock while the first runs, and once the first commits, finds the key taken when it
    // keeps its record (409), and must roll back.
    #[test]
    fn a_key_taken_by_a_concurrent_write_is_refused_at_keep() {
        run(|| async {
            let cluster = Cluster::shared();
            let url = cluster.url(&cluster.create_database());
            let mut first = Postgres::connect(&url, minute()).await;
            let mut second = Postgres::connect(&url, minute()).await;
            let one = Keyed::new("k", Some(b"ann"), "PATCH /notes/1", b"x");
            let other = Keyed::new("k", Some(b"ann"), "PATCH /notes/2", b"x");
            let mut tx_one = first.client.transaction().await.expect("BEGIN");
            let Ok(Step::Run(pending_one)) = begin(&first.keys, &mut tx_one, Some(one)).await else {
                panic!("the first runs");
            };
            let later = actix_web::rt::spawn(async move {
                let mut tx = second.client.transaction().await.expect("BEGIN");
                let Ok(Step::Run(pending)) = begin(&second.keys, &mut tx, Some(other)).await else {
                    panic!("the second found no record before the first committed");
                };
                pending.keep(&second.keys, &mut tx, record_of).await
            });
            actix_web::rt::time::sleep(Duration::from_millis(300)).await;
            pending_one
                .keep(&first.keys, &mut tx_one, record_of)
                .await
                .expect("kept");
            tx_one.commit().await.expect("COMMIT");
            let refused = later.await.expect("the second's task");
            assert!(
                matches!(refused, Err(KeyFailure::Refused(Refusal::Taken))),
                "{refused:?}"
            );
        });
    }
}
