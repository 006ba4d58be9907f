//! The SQLite store's SQL: the schema, the seed, and reading and writing users. Writers are called inside the
//! store's IMMEDIATE transaction.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{SEED, now, unchanged};
use crate::model::{ListStamp, User, UserFields, from_unix_seconds};

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS users (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        name       TEXT    NOT NULL,
        email      TEXT    NOT NULL,
        version    INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
    -- One counter for every write, so that versions (and so entity tags) are never reused for any id.
    CREATE TABLE IF NOT EXISTS revision (value INTEGER NOT NULL);
    -- The list's revision, which its tag is made of: every change to a user moves it on, whoever makes it (an
    -- older build of the example on the same file too). Writers take the database's lock in turn, so it moves in
    -- the order they commit, and one value names one list.
    CREATE TABLE IF NOT EXISTS list_revision (value INTEGER NOT NULL);
    CREATE TRIGGER IF NOT EXISTS user_inserted AFTER INSERT ON users
        BEGIN UPDATE list_revision SET value = value + 1; END;
    CREATE TRIGGER IF NOT EXISTS user_updated AFTER UPDATE ON users
        BEGIN UPDATE list_revision SET value = value + 1; END;
    CREATE TRIGGER IF NOT EXISTS user_deleted AFTER DELETE ON users
        BEGIN UPDATE list_revision SET value = value + 1; END;
";

/// The columns `user_from_row` reads, in its order; a macro so that each statement is one literal, built at
/// compile time rather than per request.
macro_rules! columns {
    () => {
        "id, name, email, version, updated_at"
    };
}

/// Creates the tables and, the first time only, seeds users 1, 2 and 3. Several processes may start on one
/// file at once: the caller's IMMEDIATE transaction makes one of them do it.
pub fn create_and_seed(connection: &Connection) -> rusqlite::Result<()> {
    connection.execute_batch(SCHEMA)?;
    // Also on a file made before the list had a revision.
    connection.execute(
        "INSERT INTO list_revision (value) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM list_revision)",
        [],
    )?;
    let created = connection.execute(
        "INSERT INTO revision (value) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM revision)",
        [],
    )?;
    if created == 1 {
        for (name, email) in SEED {
            let fields = UserFields {
                name: name.to_owned(),
                email: email.to_owned(),
            };
            insert(connection, None, &fields)?;
        }
    }
    Ok(())
}

pub fn find(connection: &Connection, id: i64) -> rusqlite::Result<Option<User>> {
    let sql = concat!("SELECT ", columns!(), " FROM users WHERE id = ?1");
    connection
        .prepare_cached(sql)?
        .query_row([id], user_from_row)
        .optional()
}

/// The list's stamp: its revision, which the schema's triggers move on.
pub fn list_stamp(connection: &Connection) -> rusqlite::Result<ListStamp> {
    let revision = connection
        .prepare_cached("SELECT value FROM list_revision")?
        .query_row([], |row| row.get(0))?;
    Ok(ListStamp { revision })
}

pub fn list(connection: &Connection) -> rusqlite::Result<Vec<User>> {
    let sql = concat!("SELECT ", columns!(), " FROM users ORDER BY id");
    let mut statement = connection.prepare_cached(sql)?;
    let users = statement.query_map([], user_from_row)?;
    users.collect()
}

/// Inserts a user with `id`, or with the next free id when `None`.
pub fn insert(connection: &Connection, id: Option<i64>, fields: &UserFields) -> rusqlite::Result<User> {
    let version = next_revision(connection)?;
    let sql = concat!(
        "INSERT INTO users (id, name, email, version, updated_at) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING ",
        columns!()
    );
    let values = params![id, fields.name, fields.email, version, now()];
    connection.query_row(sql, values, user_from_row)
}

/// Replaces the fields of an existing user, with a new version; an unchanged user keeps its version, so that
/// caches holding it stay valid.
pub fn replace(connection: &Connection, current: &User, fields: &UserFields) -> rusqlite::Result<User> {
    if unchanged(current, fields) {
        return Ok(current.clone());
    }
    let version = next_revision(connection)?;
    let sql = concat!(
        "UPDATE users SET name = ?2, email = ?3, version = ?4, updated_at = ?5 WHERE id = ?1 RETURNING ",
        columns!()
    );
    let values = params![current.id, fields.name, fields.email, version, now()];
    connection.query_row(sql, values, user_from_row)
}

pub fn delete(connection: &Connection, id: i64) -> rusqlite::Result<()> {
    connection.execute("DELETE FROM users WHERE id = ?1", [id])?;
    Ok(())
}

fn next_revision(connection: &Connection) -> rusqlite::Result<i64> {
    connection.query_row("UPDATE revision SET value = value + 1 RETURNING value", [], |row| {
        row.get(0)
    })
}

fn user_from_row(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: row.get(0)?,
        name: row.get(1)?,
        email: row.get(2)?,
        version: row.get(3)?,
        updated_at: from_unix_seconds(row.get(4)?),
    })
}
