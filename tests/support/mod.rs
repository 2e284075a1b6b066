//! Test support shared by the integration tests that need more than the
//! binary: a throwaway PostgreSQL cluster, and a data set on either backend.
#![allow(dead_code)] // each test binary uses its own part

pub mod browser;
pub mod pg;
pub mod server;

use frontline::store::{self, Store};
use std::sync::Arc;

/// One empty data set on one backend, kept until dropped.
pub struct DataSet {
    /// The `--db` argument that opens it.
    pub spec: String,
    pub backend: Backend,
    _dir: Option<tempfile::TempDir>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl DataSet {
    /// A fresh SQLite file in a temporary folder.
    pub fn sqlite() -> DataSet {
        let dir = tempfile::tempdir().expect("temp dir");
        let spec = dir.path().join("frontline.sqlite").display().to_string();
        DataSet {
            spec,
            backend: Backend::Sqlite,
            _dir: Some(dir),
        }
    }

    /// A fresh schema in the test cluster (started on first use).
    pub fn postgres() -> DataSet {
        DataSet {
            spec: pg::fresh_url(),
            backend: Backend::Postgres,
            _dir: None,
        }
    }

    pub fn new(backend: Backend) -> DataSet {
        match backend {
            Backend::Sqlite => DataSet::sqlite(),
            Backend::Postgres => DataSet::postgres(),
        }
    }

    /// Opens it as a user's `--db` does (each call is a new connection).
    pub fn open(&self) -> Arc<dyn Store> {
        store::open(&self.spec).unwrap_or_else(|e| panic!("open {}: {e}", self.spec))
    }

    /// Moves the id counters of reports, baselines and corrections on by
    /// `skip`, as failed or concurrent writes leave them on a busy server, so
    /// a copy of this data set gets other ids than it has.
    pub fn skip_ids(&self, skip: i64) {
        let tables = ["reports", "baselines", "corrections"];
        drop(self.open()); // frontline creates the schema
        match self.backend {
            Backend::Sqlite => {
                let c = rusqlite::Connection::open(&self.spec).unwrap();
                for t in tables {
                    c.execute(
                        "INSERT INTO sqlite_sequence (name, seq) VALUES (?1, ?2)",
                        rusqlite::params![t, skip],
                    )
                    .unwrap();
                }
            }
            Backend::Postgres => {
                let (url, schema) = pg::split_schema(&self.spec);
                let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
                for t in tables {
                    c.execute(
                        &format!("SELECT setval('{schema}.{t}_id_seq', $1)"),
                        &[&skip],
                    )
                    .unwrap();
                }
            }
        }
    }

    /// Writes a schema version into the data set behind frontline's back, as
    /// a newer frontline would have left it.
    pub fn set_schema_version(&self, v: i64) {
        match self.backend {
            Backend::Sqlite => {
                let c = rusqlite::Connection::open(&self.spec).unwrap();
                c.pragma_update(None, "user_version", v).unwrap();
            }
            Backend::Postgres => {
                let (url, schema) = pg::split_schema(&self.spec);
                let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
                c.execute(
                    &format!("UPDATE {schema}.meta SET value = $1 WHERE key = 'schema_version'"),
                    &[&v],
                )
                .unwrap();
            }
        }
    }
}
