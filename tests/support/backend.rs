//! The users example's two stores, so that every users test runs on both: SQLite (in memory, or a file that
//! several processes share) and PostgreSQL (a database of its own in this test binary's private cluster).

use super::postgres::Cluster;
use super::scratch::ScratchDir;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database for one test, as the example's `--db` names it; a SQLite file lives as long as this value.
pub struct TestDatabase {
    /// `--db`'s value; `None` for SQLite in memory.
    pub arg: Option<String>,
    /// A PostgreSQL database's name.
    name: Option<String>,
    _dir: Option<ScratchDir>,
}

impl TestDatabase {
    /// A new database in `cluster`.
    pub fn postgres(cluster: &Cluster) -> TestDatabase {
        let name = cluster.create_database();
        TestDatabase {
            arg: Some(cluster.url(&name)),
            name: Some(name),
            _dir: None,
        }
    }

    /// The PostgreSQL database's name, for `Cluster::psql`.
    pub fn name(&self) -> &str {
        self.name.as_deref().expect("a PostgreSQL database")
    }
}

impl Backend {
    /// A new database for one process: SQLite in memory, or a new PostgreSQL database.
    pub fn database(self) -> TestDatabase {
        match self {
            Backend::Sqlite => TestDatabase {
                arg: None,
                name: None,
                _dir: None,
            },
            Backend::Postgres => self.shared_database(),
        }
    }

    /// A new database that several processes share: a SQLite file, or a new PostgreSQL database.
    pub fn shared_database(self) -> TestDatabase {
        match self {
            Backend::Sqlite => {
                let dir = ScratchDir::new("users-db");
                let path = dir.path().join("users.sqlite").display().to_string();
                TestDatabase {
                    arg: Some(path),
                    name: None,
                    _dir: Some(dir),
                }
            }
            Backend::Postgres => TestDatabase::postgres(Cluster::shared()),
        }
    }
}

/// Declares a `#[test]` for each named function (`fn name(backend: Backend)`) on each backend, in the modules
/// `sqlite` and `postgres`: `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_each_backend {
    ($($test:ident),+ $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $test() {
                super::$test($crate::support::backend::Backend::Sqlite)
            })+
        }
        mod postgres {
            $(#[test]
            fn $test() {
                super::$test($crate::support::backend::Backend::Postgres)
            })+
        }
    };
}
