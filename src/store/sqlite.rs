//! The embedded store: one SQLite file in WAL mode.
//!
//! Schema changes are an ordered list of migrations ([`MIGRATIONS`]); the
//! file's `PRAGMA user_version` says how many have been applied, so opening an
//! old file upgrades it in place and opening a file from a newer frontline is
//! refused rather than misread. Every write runs in one transaction that also
//! bumps the `generation` counter, so a failed write stores nothing and caches
//! keyed on the generation see every change.
//!
//! Reading the generation is the hot path of every cached map request, so it
//! is an in-memory atomic: initialised from the file on open (correct across
//! restarts) and set after each committed write. Several processes writing
//! one file are NOT supported by this store: a write by another process
//! (say `frontline ingest` while the server runs) is only noticed by a
//! best-effort re-read of the file's counter at most every
//! [`RESYNC_INTERVAL_MS`], skipped while the connection is busy.
//!
//! Claims are kept as JSON (the full [`Claim`]) next to indexed columns for
//! the fields queries filter on; new `Claim` fields then need no migration.

use super::{ClaimsSince, NewReport, Store, StoreError, StoredBaseline, StoredReport};
use crate::claims::Claim;
use crate::report::Report;
use crate::review::{Action, Correction};
use crate::zones::ImportedArea;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// How often [`Store::generation`] may re-read the counter from the file, to
/// notice writes by another process (best effort, see the module docs).
const RESYNC_INTERVAL_MS: u64 = 500;

/// Schema migrations, applied in order; index + 1 is the schema version.
/// Never edit a released entry: append a new one.
const MIGRATIONS: &[&str] = &[
    // 1: reports, baselines, claims, the write generation.
    "CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value INTEGER NOT NULL
     );
     INSERT INTO meta (key, value) VALUES ('generation', 0);
     CREATE TABLE reports (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        text       TEXT NOT NULL,
        body_start INTEGER NOT NULL,
        date       TEXT,
        source     TEXT,
        title      TEXT,
        created_at TEXT NOT NULL
     );
     CREATE TABLE baselines (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        name       TEXT NOT NULL,
        created_at TEXT NOT NULL
     );
     CREATE TABLE claims (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        report_id   INTEGER REFERENCES reports(id) ON DELETE CASCADE,
        baseline_id INTEGER REFERENCES baselines(id) ON DELETE CASCADE,
        place_id    TEXT,
        faction     TEXT NOT NULL,
        relation    TEXT NOT NULL,
        date        TEXT,
        confidence  REAL NOT NULL,
        quote       TEXT NOT NULL,
        json        TEXT NOT NULL,
        CHECK ((report_id IS NULL) <> (baseline_id IS NULL))
     );
     CREATE INDEX claims_place ON claims(place_id, date);
     CREATE INDEX claims_report ON claims(report_id);
     CREATE INDEX claims_baseline ON claims(baseline_id);",
    // 2: analyst review: the append-only audit log of corrections, and the
    // extractor version that read each report's claims.
    "ALTER TABLE reports ADD COLUMN extractor TEXT;
     CREATE TABLE corrections (
        id     INTEGER PRIMARY KEY AUTOINCREMENT,
        author TEXT NOT NULL,
        at     TEXT NOT NULL,
        reason TEXT NOT NULL,
        kind   TEXT NOT NULL,
        target TEXT NOT NULL,
        action TEXT NOT NULL
     );
     CREATE TRIGGER corrections_no_update BEFORE UPDATE ON corrections
     BEGIN SELECT RAISE(ABORT, 'corrections are append-only: add an undo instead'); END;
     CREATE TRIGGER corrections_no_delete BEFORE DELETE ON corrections
     BEGIN SELECT RAISE(ABORT, 'corrections are append-only: add an undo instead'); END;",
    // 3: what the data set says about itself (the region its places belong to).
    "CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
     );",
    // 4: maps that follow the writes, not the archive: the generation that
    // wrote each report (a map folds in the reports newer than the one it
    // was built at), the last generation that changed anything else
    // ('rebuilt': a full rebuild is needed past it; this migration is one),
    // and each report's mentions as read when it was stored.
    "ALTER TABLE reports ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
     CREATE INDEX reports_generation ON reports(generation);
     ALTER TABLE reports ADD COLUMN mentions TEXT;
     UPDATE meta SET value = value + 1 WHERE key = 'generation';
     INSERT OR REPLACE INTO meta (key, value)
        SELECT 'rebuilt', value FROM meta WHERE key = 'generation';",
    // 5: the polygons of imported areas (occupied-territory layers), kept
    // with their baseline so zones follow their edges.
    "CREATE TABLE baseline_areas (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        baseline_id INTEGER NOT NULL REFERENCES baselines(id) ON DELETE CASCADE,
        file        TEXT NOT NULL,
        feature     INTEGER NOT NULL,
        name        TEXT NOT NULL,
        faction     TEXT NOT NULL,
        date        TEXT,
        geometry    TEXT NOT NULL
     );
     CREATE INDEX baseline_areas_baseline ON baseline_areas(baseline_id);",
];

/// A SQLite-backed [`Store`]. One connection behind a mutex: SQLite
/// serialises writers anyway, and every query here is short.
pub struct SqliteStore {
    conn: Mutex<Connection>,
    path: PathBuf,
    /// The file's write generation as last read or written by this process.
    generation: AtomicI64,
    /// When the store was opened: the clock for `synced_ms`.
    opened: Instant,
    /// Milliseconds after `opened` of the last read of the file's counter.
    synced_ms: AtomicU64,
}

fn read_generation(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT value FROM meta WHERE key = 'generation'", [], |r| {
        r.get(0)
    })
    .optional()
    .map(|v| v.unwrap_or(0))
}

/// The last generation that changed something other than adding reports
/// (a full rebuild of the map is needed past it).
fn read_rebuilt(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT COALESCE((SELECT value FROM meta WHERE key = 'rebuilt'),
                         (SELECT value FROM meta WHERE key = 'generation'), 0)",
        [],
        |r| r.get(0),
    )
}

fn db_err(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |e| StoreError::Db(format!("{}: {e}", path.display()))
}

impl SqliteStore {
    /// One row of the append-only audit log, at the given time.
    fn insert_correction(
        &self,
        author: &str,
        at: &str,
        reason: &str,
        action: &Action,
    ) -> Result<Correction, StoreError> {
        let json = serde_json::to_string(action)
            .map_err(|e| StoreError::Invalid(format!("correction: {e}")))?;
        let path = self.path.clone();
        let at = at.to_string();
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO corrections (author, at, reason, kind, target, action)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![author, at, reason, action.kind(), action.target(), json],
            )
            .map_err(db_err(&path))?;
            Ok(tx.last_insert_rowid())
        })?;
        Ok(Correction {
            id,
            author: author.to_string(),
            at,
            reason: reason.to_string(),
            action: action.clone(),
        })
    }

    /// Opens (creating when missing) the database file and brings its schema
    /// up to date.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if path.is_dir() {
            return Err(StoreError::Invalid(format!(
                "{}: is a directory, not a database file",
                path.display()
            )));
        }
        let err = db_err(path);
        let mut conn = Connection::open(path)
            .map_err(|e| StoreError::Db(format!("cannot open {}: {e}", path.display())))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(&err)?;
        // The first real read tells a non-database file apart.
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(&err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(path = %path.display(), mode, "SQLite did not switch to WAL mode");
        }
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            .map_err(&err)?;
        migrate(&mut conn, path)?;
        let generation = read_generation(&conn).map_err(&err)?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
            generation: AtomicI64::new(generation),
            opened: Instant::now(),
            synced_ms: AtomicU64::new(0),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<usize, StoreError> {
        let conn = self.lock();
        user_version(&conn).map_err(db_err(&self.path))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a half-done write behind
        // (the transaction rolls back on drop), so the connection stays usable.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` in one transaction that also bumps the generation, and
    /// records that the map needs a full rebuild past it.
    fn write<T>(
        &self,
        f: impl FnOnce(&Transaction) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.write_with(true, |tx, _| f(tx))
    }

    /// Runs `f` in one transaction that also bumps the generation; `f` gets
    /// the new generation. `rebuild`: the write changes more than it adds
    /// (anything but new reports), so maps built before it are rebuilt.
    fn write_with<T>(
        &self,
        rebuild: bool,
        f: impl FnOnce(&Transaction, i64) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let err = db_err(&self.path);
        let mut conn = self.lock();
        let tx = conn.transaction().map_err(&err)?;
        tx.execute(
            "UPDATE meta SET value = value + 1 WHERE key = 'generation'",
            [],
        )
        .map_err(&err)?;
        let generation = read_generation(&tx).map_err(&err)?;
        if rebuild {
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('rebuilt', ?1)",
                [generation],
            )
            .map_err(&err)?;
        }
        let out = f(&tx, generation)?;
        tx.commit().map_err(&err)?;
        // Still under the connection lock, so writes publish in order.
        self.generation.store(generation, Ordering::Release);
        Ok(out)
    }

    fn claims_where(
        &self,
        filter: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<Claim>, StoreError> {
        let err = db_err(&self.path);
        let conn = self.lock();
        let sql = format!(
            "SELECT c.json, c.report_id, c.baseline_id, r.source, b.name
             FROM claims c
             LEFT JOIN reports r ON r.id = c.report_id
             LEFT JOIN baselines b ON b.id = c.baseline_id
             {filter}
             ORDER BY c.date IS NOT NULL, c.date, c.id"
        );
        let mut stmt = conn.prepare_cached(&sql).map_err(&err)?;
        let rows = stmt
            .query_map(args, |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })
            .map_err(&err)?;
        let mut out = Vec::new();
        for row in rows {
            let (json, report_id, baseline_id, report_source, baseline_name) = row.map_err(&err)?;
            let mut claim = decode_claim(&json)?;
            if let Some(id) = report_id {
                claim.report_id = Some(id.to_string());
                if claim.source.is_none() {
                    claim.source = report_source;
                }
            } else if let Some(id) = baseline_id {
                claim.report_id = Some(format!("baseline:{id}"));
                if claim.source.is_none() {
                    claim.source = baseline_name;
                }
            }
            out.push(claim);
        }
        Ok(out)
    }

    fn report_rows(
        &self,
        sql: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<StoredReport>, StoreError> {
        let err = db_err(&self.path);
        let rows: Vec<(i64, Report, String, Option<String>)> = {
            let conn = self.lock();
            let mut stmt = conn.prepare_cached(sql).map_err(&err)?;
            let mapped = stmt
                .query_map(args, |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, Option<String>>(7)?,
                    ))
                })
                .map_err(&err)?;
            let mut rows = Vec::new();
            for m in mapped {
                let (id, text, body_start, date, source, title, created_at, extractor) =
                    m.map_err(&err)?;
                let date = match date {
                    None => None,
                    Some(d) => Some(parse_stored_date(&d)?),
                };
                let report = Report {
                    text,
                    body_start: body_start.max(0) as usize,
                    date,
                    source,
                    title,
                };
                rows.push((id, report, created_at, extractor));
            }
            rows
        };
        let mut out = Vec::with_capacity(rows.len());
        for (id, report, created_at, extractor) in rows {
            let claims = self.claims_where("WHERE c.report_id = ?1", &[&id])?;
            out.push(StoredReport {
                id: id.to_string(),
                report,
                claims,
                created_at,
                extractor,
            });
        }
        Ok(out)
    }
}

fn user_version(conn: &Connection) -> rusqlite::Result<usize> {
    conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
        .map(|v| v.max(0) as usize)
}

/// Applies the migrations the file has not seen yet, each in its own
/// transaction together with the version bump.
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let err = db_err(path);
    let current = user_version(conn).map_err(&err)?;
    if current > MIGRATIONS.len() {
        return Err(StoreError::Invalid(format!(
            "{}: database schema version {current} is newer than this frontline supports ({}); \
             upgrade frontline",
            path.display(),
            MIGRATIONS.len()
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction().map_err(&err)?;
        tx.execute_batch(sql)
            .map_err(|e| StoreError::Db(format!("{}: migration {}: {e}", path.display(), i + 1)))?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)
            .map_err(&err)?;
        tx.commit().map_err(&err)?;
        tracing::info!(path = %path.display(), version = i + 1, "applied schema migration");
    }
    Ok(())
}

fn decode_claim(json: &str) -> Result<Claim, StoreError> {
    serde_json::from_str(json)
        .map_err(|e| StoreError::Db(format!("stored claim is not readable: {e}")))
}

fn parse_stored_date(s: &str) -> Result<NaiveDate, StoreError> {
    crate::report::parse_date(s)
        .ok_or_else(|| StoreError::Db(format!("stored date {s:?} is not YYYY-MM-DD")))
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Inserts claims owned by a report (`report`) or a baseline (`baseline`).
fn insert_claims(
    tx: &Transaction,
    path: &Path,
    report: Option<i64>,
    baseline: Option<i64>,
    claims: &[Claim],
) -> Result<(), StoreError> {
    let err = db_err(path);
    let mut stmt = tx
        .prepare_cached(
            "INSERT INTO claims (report_id, baseline_id, place_id, faction, relation, date, confidence, quote, json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .map_err(&err)?;
    for (i, c) in claims.iter().enumerate() {
        if !c.confidence.is_finite() {
            return Err(StoreError::Invalid(format!(
                "claim {} ({}): confidence is not a number",
                i + 1,
                c.name
            )));
        }
        // The owner is the row this claim hangs off; don't store a stale one.
        // Review marks are applied on reading, never stored with the claim.
        let mut stored = c.clone();
        stored.report_id = None;
        stored.review = None;
        let json = serde_json::to_string(&stored)
            .map_err(|e| StoreError::Invalid(format!("claim {}: {e}", i + 1)))?;
        stmt.execute(params![
            report,
            baseline,
            c.place_id,
            c.faction,
            c.relation.as_str(),
            c.date.map(|d| d.to_string()),
            c.confidence as f64,
            c.quote,
            json
        ])
        .map_err(&err)?;
    }
    Ok(())
}

impl Store for SqliteStore {
    fn add_reports(&self, batch: &[NewReport<'_>]) -> Result<Vec<String>, StoreError> {
        for (i, n) in batch.iter().enumerate() {
            if n.report.body_start > n.report.text.len() {
                return Err(StoreError::Invalid(format!(
                    "report {}: body starts at byte {} but the text has {} bytes",
                    i + 1,
                    n.report.body_start,
                    n.report.text.len()
                )));
            }
        }
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        let path = self.path.clone();
        let created = now();
        self.write_with(false, |tx, generation| {
            let mut ids = Vec::with_capacity(batch.len());
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO reports (text, body_start, date, source, title, created_at,
                                          extractor, generation, mentions)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .map_err(db_err(&path))?;
            for n in batch {
                let r = n.report;
                stmt.execute(params![
                    r.text,
                    r.body_start as i64,
                    r.date.map(|d| d.to_string()),
                    r.source,
                    r.title,
                    created,
                    n.extractor,
                    generation,
                    n.mentions
                ])
                .map_err(db_err(&path))?;
                let id = tx.last_insert_rowid();
                insert_claims(tx, &path, Some(id), None, n.claims)?;
                ids.push(id.to_string());
            }
            Ok(ids)
        })
    }

    fn claims_since(&self, after: Option<i64>) -> Result<ClaimsSince, StoreError> {
        let err = db_err(&self.path);
        let (generation, rebuilt) = {
            let conn = self.lock();
            (
                read_generation(&conn).map_err(&err)?,
                read_rebuilt(&conn).map_err(&err)?,
            )
        };
        self.generation.fetch_max(generation, Ordering::AcqRel);
        // Bounded by `generation` on both sides, so a report written while
        // this reads is neither lost nor folded in twice: it has a later
        // generation and comes with the next call.
        match after {
            Some(w) if rebuilt <= w => Ok(ClaimsSince {
                generation,
                full: false,
                claims: self.claims_where(
                    "WHERE c.report_id IN (SELECT id FROM reports WHERE generation > ?1 AND generation <= ?2)",
                    &[&w, &generation],
                )?,
            }),
            _ => Ok(ClaimsSince {
                generation,
                full: true,
                claims: self.claims_where(
                    "WHERE c.report_id IS NULL OR r.generation <= ?1",
                    &[&generation],
                )?,
            }),
        }
    }

    fn mentions(&self, id: &str) -> Result<Option<String>, StoreError> {
        let Ok(n) = id.parse::<i64>() else {
            return Ok(None);
        };
        let conn = self.lock();
        conn.query_row("SELECT mentions FROM reports WHERE id = ?1", [n], |r| {
            r.get::<_, Option<String>>(0)
        })
        .optional()
        .map(Option::flatten)
        .map_err(db_err(&self.path))
    }

    fn set_mentions(&self, id: &str, mentions: &str) -> Result<(), StoreError> {
        let Ok(n) = id.parse::<i64>() else {
            return Ok(());
        };
        let conn = self.lock();
        conn.execute(
            "UPDATE reports SET mentions = ?1 WHERE id = ?2",
            params![mentions, n],
        )
        .map_err(db_err(&self.path))?;
        Ok(())
    }

    fn report(&self, id: &str) -> Result<Option<StoredReport>, StoreError> {
        let Ok(n) = id.parse::<i64>() else {
            return Ok(None);
        };
        Ok(self
            .report_rows(
                "SELECT id, text, body_start, date, source, title, created_at, extractor FROM reports WHERE id = ?1",
                &[&n],
            )?
            .pop())
    }

    fn reports(&self, limit: usize, offset: usize) -> Result<Vec<StoredReport>, StoreError> {
        let (limit, offset) = (
            limit.min(i64::MAX as usize) as i64,
            offset.min(i64::MAX as usize) as i64,
        );
        self.report_rows(
            "SELECT id, text, body_start, date, source, title, created_at, extractor FROM reports
             ORDER BY id DESC LIMIT ?1 OFFSET ?2",
            &[&limit, &offset],
        )
    }

    fn report_count(&self) -> Result<usize, StoreError> {
        let conn = self.lock();
        conn.query_row("SELECT COUNT(*) FROM reports", [], |r| r.get::<_, i64>(0))
            .map(|n| n as usize)
            .map_err(db_err(&self.path))
    }

    fn claims(&self) -> Result<Vec<Claim>, StoreError> {
        self.claims_where("", &[])
    }

    fn claims_for_place(&self, place_id: &str) -> Result<Vec<Claim>, StoreError> {
        self.claims_where("WHERE c.place_id = ?1", &[&place_id])
    }

    fn baseline_claims(&self, id: &str) -> Result<Vec<Claim>, StoreError> {
        match id
            .strip_prefix("baseline:")
            .and_then(|n| n.parse::<i64>().ok())
        {
            Some(n) => self.claims_where("WHERE c.baseline_id = ?1", &[&n]),
            None => Ok(Vec::new()),
        }
    }

    fn add_baseline_with_areas(
        &self,
        name: &str,
        claims: &[Claim],
        areas: &[ImportedArea],
    ) -> Result<String, StoreError> {
        if name.trim().is_empty() {
            return Err(StoreError::Invalid("baseline name is empty".into()));
        }
        let path = self.path.clone();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO baselines (name, created_at) VALUES (?1, ?2)",
                params![name, now()],
            )
            .map_err(db_err(&path))?;
            let id = tx.last_insert_rowid();
            insert_claims(tx, &path, None, Some(id), claims)?;
            for a in areas {
                tx.execute(
                    "INSERT INTO baseline_areas (baseline_id, file, feature, name, faction, date, geometry)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        id,
                        a.file,
                        a.feature as i64,
                        a.name,
                        a.faction,
                        a.date.map(|d| d.to_string()),
                        super::area_to_geojson(&a.area)
                    ],
                )
                .map_err(db_err(&path))?;
            }
            Ok(format!("baseline:{id}"))
        })
    }

    fn areas(&self) -> Result<Vec<ImportedArea>, StoreError> {
        let err = db_err(&self.path);
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached(
                "SELECT baseline_id, file, feature, name, faction, date, geometry
                 FROM baseline_areas ORDER BY baseline_id, id",
            )
            .map_err(&err)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })
            .map_err(&err)?;
        let mut out = Vec::new();
        for row in rows {
            let (baseline, file, feature, name, faction, date, geometry) = row.map_err(&err)?;
            out.push(ImportedArea {
                faction,
                date: date.as_deref().and_then(crate::report::parse_date),
                area: super::area_from_geojson(&geometry)?,
                file,
                feature: feature.max(0) as usize,
                name,
                baseline_id: Some(format!("baseline:{baseline}")),
            });
        }
        Ok(out)
    }

    fn baselines(&self) -> Result<Vec<StoredBaseline>, StoreError> {
        let err = db_err(&self.path);
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached(
                "SELECT b.id, b.name, b.created_at, (SELECT COUNT(*) FROM claims c WHERE c.baseline_id = b.id)
                 FROM baselines b ORDER BY b.id",
            )
            .map_err(&err)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(StoredBaseline {
                    id: format!("baseline:{}", r.get::<_, i64>(0)?),
                    name: r.get(1)?,
                    created_at: r.get(2)?,
                    claims: r.get::<_, i64>(3)? as usize,
                })
            })
            .map_err(&err)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(&err)
    }

    fn generation(&self) -> Result<i64, StoreError> {
        // No query and no lock on the hot path; now and then (and only when
        // the connection is free) re-read the file's counter for writes by
        // another process.
        let now = self.opened.elapsed().as_millis() as u64;
        let last = self.synced_ms.load(Ordering::Relaxed);
        if now.saturating_sub(last) >= RESYNC_INTERVAL_MS
            && self
                .synced_ms
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            if let Ok(conn) = self.conn.try_lock() {
                let g = read_generation(&conn).map_err(db_err(&self.path))?;
                self.generation.fetch_max(g, Ordering::AcqRel);
            }
        }
        Ok(self.generation.load(Ordering::Acquire))
    }

    fn describe(&self) -> String {
        format!("sqlite:{}", self.path.display())
    }

    fn add_correction(
        &self,
        author: &str,
        reason: &str,
        action: &Action,
    ) -> Result<Correction, StoreError> {
        self.insert_correction(author, &now(), reason, action)
    }

    fn import_correction(&self, correction: &Correction) -> Result<Correction, StoreError> {
        self.insert_correction(
            &correction.author,
            &correction.at,
            &correction.reason,
            &correction.action,
        )
    }

    fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let conn = self.lock();
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()
        .map_err(db_err(&self.path))
    }

    fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        // Not a write of the map: the generation stays.
        let conn = self.lock();
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )
        .map_err(db_err(&self.path))?;
        Ok(())
    }

    fn corrections(&self) -> Result<Vec<Correction>, StoreError> {
        let err = db_err(&self.path);
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached("SELECT id, author, at, reason, action FROM corrections ORDER BY id")
            .map_err(&err)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .map_err(&err)?;
        let mut out = Vec::new();
        for row in rows {
            let (id, author, at, reason, json) = row.map_err(&err)?;
            let action = serde_json::from_str(&json).map_err(|e| {
                StoreError::Db(format!(
                    "{}: correction {id} is not readable: {e}",
                    self.path.display()
                ))
            })?;
            out.push(Correction {
                id,
                author,
                at,
                reason,
                action,
            });
        }
        Ok(out)
    }

    fn reports_to_reanalyse(
        &self,
        extractor: &str,
        limit: usize,
    ) -> Result<Vec<StoredReport>, StoreError> {
        let limit = limit.min(i64::MAX as usize) as i64;
        self.report_rows(
            "SELECT id, text, body_start, date, source, title, created_at, extractor FROM reports
             WHERE extractor IS NULL OR extractor <> ?1 ORDER BY id LIMIT ?2",
            &[&extractor, &limit],
        )
    }

    fn reanalyse_count(&self, extractor: &str) -> Result<usize, StoreError> {
        let conn = self.lock();
        conn.query_row(
            "SELECT COUNT(*) FROM reports WHERE extractor IS NULL OR extractor <> ?1",
            [extractor],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n as usize)
        .map_err(db_err(&self.path))
    }

    fn replace_claims(
        &self,
        batch: &[(String, Vec<Claim>)],
        extractor: &str,
    ) -> Result<(), StoreError> {
        let path = self.path.clone();
        self.write(|tx| {
            for (id, claims) in batch {
                let n: i64 = id
                    .parse()
                    .map_err(|_| StoreError::Invalid(format!("bad report id {id:?}")))?;
                // The stored mentions were read by the old analysis: computed
                // again on the next read.
                let updated = tx
                    .execute(
                        "UPDATE reports SET extractor = ?1, mentions = NULL WHERE id = ?2",
                        params![extractor, n],
                    )
                    .map_err(db_err(&path))?;
                if updated == 0 {
                    return Err(StoreError::Invalid(format!("no report with id {id}")));
                }
                tx.execute("DELETE FROM claims WHERE report_id = ?1", [n])
                    .map_err(db_err(&path))?;
                insert_claims(tx, &path, Some(n), None, claims)?;
            }
            Ok(())
        })
    }

    fn forget_extractors(&self) -> Result<usize, StoreError> {
        let path = self.path.clone();
        self.write(|tx| {
            tx.execute("UPDATE reports SET extractor = NULL", [])
                .map_err(db_err(&path))
        })
    }
}

#[cfg(test)]
mod tests {
    // The behaviour every backend shares is tested once for all of them in
    // tests/store.rs; here only what is SQLite's own.
    use super::*;

    #[test]
    fn a_file_that_is_not_a_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(
            &path,
            "these are not the tables you are looking for\n".repeat(100),
        )
        .unwrap();
        let e = SqliteStore::open(&path).err().expect("must fail");
        assert!(e.to_string().contains("notes.txt"), "{e}");
        assert!(SqliteStore::open(dir.path()).is_err());
    }
}
