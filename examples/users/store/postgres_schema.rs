//! The PostgreSQL schema and seed, made when missing. Three instances may start at once on an empty database:
//! an advisory lock makes one of them create and seed while the others wait, then find it done.

use deadpool_postgres::Object;
use etag_keys_postgres::PostgresKeys;

use super::{SEED, postgres::insert};
use crate::model::UserFields;

/// The key of the advisory lock held while the schema is checked; `pg_advisory_xact_lock(int, int)` keys do not
/// overlap the single-key locks writes take on user ids.
const SCHEMA_LOCK: (i32, i32) = (0x7573_6572, 1);

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS users (
        id         BIGINT PRIMARY KEY,
        name       TEXT   NOT NULL,
        email      TEXT   NOT NULL,
        version    BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
    );
    -- One counter for every write, so that versions (and so entity tags) are never reused for any id.
    CREATE SEQUENCE IF NOT EXISTS revision;
    -- The list's revision, which its tag is made of: every change to a user moves it on, whoever makes it (an
    -- older build of the example on the same database too). The trigger holds the row from the change until
    -- the write commits, so the value moves in the order writes commit (versions, from the sequence, need not),
    -- and one value names one list.
    CREATE TABLE IF NOT EXISTS list_revision (value BIGINT NOT NULL);
    CREATE OR REPLACE FUNCTION list_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN UPDATE list_revision SET value = value + 1; RETURN NULL; END
    $$;
    CREATE OR REPLACE TRIGGER user_changed AFTER INSERT OR UPDATE OR DELETE ON users
        FOR EACH ROW EXECUTE FUNCTION list_changed();
    -- The highest id ever given, so that POST never gives the id of a deleted user again.
    CREATE TABLE IF NOT EXISTS user_ids (high BIGINT NOT NULL);
";

/// Creates the schema and, the first time only, seeds users 1, 2 and 3.
pub async fn create_and_seed(client: &mut Object) -> Result<(), tokio_postgres::Error> {
    let transaction = client.transaction().await?;
    transaction
        .execute(
            "SELECT pg_advisory_xact_lock($1, $2)",
            &[&SCHEMA_LOCK.0, &SCHEMA_LOCK.1],
        )
        .await?;
    transaction.batch_execute(SCHEMA).await?;
    PostgresKeys::create_table(&*transaction).await?;
    // Also on a database made before the list had a revision.
    transaction
        .execute(
            "INSERT INTO list_revision (value) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM list_revision)",
            &[],
        )
        .await?;
    let created = transaction
        .execute(
            "INSERT INTO user_ids (high) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM user_ids)",
            &[],
        )
        .await?;
    if created == 1 {
        let mut last_id = 0_i64;
        for (name, email) in SEED {
            let fields = UserFields {
                name: name.to_owned(),
                email: email.to_owned(),
            };
            last_id += 1;
            insert(&transaction, last_id, &fields).await?;
        }
        transaction
            .execute("UPDATE user_ids SET high = $1", &[&last_id])
            .await?;
    }
    transaction.commit().await
}
