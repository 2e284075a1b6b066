//! The shared store: PostgreSQL with PostGIS, for several servers and large
//! archives on one data set.
//!
//! `--db postgres://user@host:port/db?schema=NAME` opens the data set kept in
//! schema `NAME` (default [`DEFAULT_SCHEMA`]); each schema is one data set
//! with its own migrations and generation. Schema changes are an ordered list
//! of migrations ([`MIGRATIONS`]); `meta.schema_version` says how many were
//! applied, so an older schema is upgraded in place and a newer one refused.
//! Migrations run under an advisory lock, so two servers starting at once do
//! not race.
//!
//! Claims keep the full [`Claim`] as `jsonb` beside indexed columns (place,
//! date) and a PostGIS point (SRID 4326, GiST index). The tables `control`
//! and `zones` hold the fused state and the zone polygons of the latest date,
//! refreshed by [`Store::publish_gis`], and the view `claim_points` shows
//! every claim with its evidence: GIS tools (`ogrinfo PG:…`, QGIS) read them
//! as layers.
//!
//! Every write bumps `meta.generation` in its transaction and sends a NOTIFY
//! with the new value; a listener thread per process keeps an in-memory copy
//! current (falling back to polling every [`POLL_INTERVAL`]), so a report
//! stored through one server invalidates every other server's caches within
//! a second, while reading the generation stays an atomic load.

use super::{ClaimsSince, NewReport, Store, StoreError, StoredBaseline, StoredReport};
use crate::claims::Claim;
use crate::report::Report;
use crate::review::{Action, Correction};
use crate::timeline::ControlMap;
use crate::zones::{ImportedArea, ZoneLayer};
use geozero::{CoordDimensions, ToWkb};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{Json, Type};
use postgres::{Client, NoTls, Transaction};
use r2d2_postgres::PostgresConnectionManager;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The schema a URL without `?schema=` uses.
pub const DEFAULT_SCHEMA: &str = "frontline";

/// How long the generation listener waits for a notification before it
/// re-reads the counter anyway (a missed NOTIFY costs at most this long).
const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// Connections kept by one process: the server's blocking pool runs a few
/// store calls at once; more would only queue inside PostgreSQL.
const POOL_SIZE: u32 = 8;

/// Schema migrations, applied in order; index + 1 is the schema version.
/// Never edit a released entry: append a new one. Unqualified names resolve
/// in the data set's schema (first on the search path), PostGIS types in
/// `public`.
const MIGRATIONS: &[&str] = &[
    // 1: reports, baselines, claims with points, the GIS layers.
    "CREATE TABLE reports (
        id         BIGSERIAL PRIMARY KEY,
        text       TEXT NOT NULL,
        body_start INTEGER NOT NULL,
        date       DATE,
        source     TEXT,
        title      TEXT,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
     );
     CREATE INDEX reports_date ON reports (date);
     CREATE TABLE baselines (
        id         BIGSERIAL PRIMARY KEY,
        name       TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
     );
     CREATE TABLE claims (
        id          BIGSERIAL PRIMARY KEY,
        report_id   BIGINT REFERENCES reports (id) ON DELETE CASCADE,
        baseline_id BIGINT REFERENCES baselines (id) ON DELETE CASCADE,
        place_id    TEXT,
        name        TEXT NOT NULL,
        faction     TEXT NOT NULL,
        relation    TEXT NOT NULL,
        date        DATE,
        confidence  REAL NOT NULL,
        quote       TEXT NOT NULL,
        geom        geometry(Point, 4326),
        claim       JSONB NOT NULL,
        CHECK ((report_id IS NULL) <> (baseline_id IS NULL))
     );
     CREATE INDEX claims_place ON claims (place_id, date);
     CREATE INDEX claims_date ON claims (date);
     CREATE INDEX claims_report ON claims (report_id);
     CREATE INDEX claims_baseline ON claims (baseline_id);
     CREATE INDEX claims_geom ON claims USING GIST (geom);
     CREATE VIEW claim_points AS
        SELECT c.id, c.place_id, c.name, c.faction, c.relation, c.date, c.confidence,
               c.quote, COALESCE(c.claim->>'source', r.source, b.name) AS source,
               COALESCE(c.report_id::text, 'baseline:' || c.baseline_id) AS report_id,
               r.title, c.geom
        FROM claims c
        LEFT JOIN reports r ON r.id = c.report_id
        LEFT JOIN baselines b ON b.id = c.baseline_id
        WHERE c.geom IS NOT NULL;
     CREATE TABLE control (
        id         SERIAL PRIMARY KEY,
        place_id   TEXT NOT NULL,
        name       TEXT NOT NULL,
        part       TEXT,
        faction    TEXT NOT NULL,
        status     TEXT NOT NULL,
        besieger   TEXT,
        since      DATE,
        confidence REAL NOT NULL,
        evidence   TEXT,
        as_of      DATE,
        geom       geometry(Point, 4326) NOT NULL
     );
     CREATE INDEX control_geom ON control USING GIST (geom);
     CREATE TABLE zones (
        id         SERIAL PRIMARY KEY,
        faction    TEXT NOT NULL,
        status     TEXT NOT NULL,
        contenders TEXT,
        places     INTEGER NOT NULL,
        as_of      DATE,
        geom       geometry(MultiPolygon, 4326) NOT NULL
     );
     CREATE INDEX zones_geom ON zones USING GIST (geom);",
    // 2: analyst review: the append-only audit log of corrections, and the
    // extractor version that read each report's claims.
    "ALTER TABLE reports ADD COLUMN extractor TEXT;
     CREATE TABLE corrections (
        id     BIGSERIAL PRIMARY KEY,
        author TEXT NOT NULL,
        at     TIMESTAMPTZ NOT NULL DEFAULT now(),
        reason TEXT NOT NULL,
        kind   TEXT NOT NULL,
        target TEXT NOT NULL,
        action JSONB NOT NULL
     );
     CREATE FUNCTION corrections_append_only() RETURNS trigger AS $$
     BEGIN
        RAISE EXCEPTION 'corrections are append-only: add an undo instead';
     END $$ LANGUAGE plpgsql;
     CREATE TRIGGER corrections_append_only BEFORE UPDATE OR DELETE ON corrections
        FOR EACH ROW EXECUTE FUNCTION corrections_append_only();",
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
    "ALTER TABLE reports ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;
     CREATE INDEX reports_generation ON reports (generation);
     ALTER TABLE reports ADD COLUMN mentions TEXT;
     UPDATE meta SET value = value + 1 WHERE key = 'generation';
     INSERT INTO meta (key, value) SELECT 'rebuilt', value FROM meta WHERE key = 'generation'
        ON CONFLICT (key) DO UPDATE SET value = excluded.value;",
    // 5: the polygons of imported areas (occupied-territory layers), kept
    // with their baseline so zones follow their edges: the GeoJSON text as
    // read (what the zones use) and a PostGIS geometry for GIS clients.
    "CREATE TABLE baseline_areas (
        id          BIGSERIAL PRIMARY KEY,
        baseline_id BIGINT NOT NULL REFERENCES baselines (id) ON DELETE CASCADE,
        file        TEXT NOT NULL,
        feature     BIGINT NOT NULL,
        name        TEXT NOT NULL,
        faction     TEXT NOT NULL,
        date        DATE,
        geojson     TEXT NOT NULL,
        geom        geometry(MultiPolygon, 4326)
     );
     CREATE INDEX baseline_areas_baseline ON baseline_areas (baseline_id);
     CREATE INDEX baseline_areas_geom ON baseline_areas USING GIST (geom);",
];

/// A PostgreSQL-backed [`Store`]: a small connection pool, and a listener
/// thread that keeps the generation current.
pub struct PgStore {
    pool: r2d2::Pool<PostgresConnectionManager<NoTls>>,
    schema: String,
    /// `postgres://user@host:port/db?schema=…`, without the password.
    describe: String,
    generation: Arc<AtomicI64>,
    stop: Arc<AtomicBool>,
}

/// A `--db postgres://…` argument taken apart: the connection settings and
/// the data set's schema.
struct Target {
    config: postgres::Config,
    schema: String,
    describe: String,
}

fn parse_target(url: &str) -> Result<Target, StoreError> {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, q),
        None => (url, ""),
    };
    let mut schema = DEFAULT_SCHEMA.to_string();
    let mut rest = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.strip_prefix("schema=") {
            Some(s) => schema = s.to_string(),
            None => rest.push(pair),
        }
    }
    if !valid_schema_name(&schema) {
        return Err(StoreError::Invalid(format!(
            "--db: schema {schema:?} is not a plain lower-case name \
             (letters, digits, '_', not starting with a digit, at most 63 bytes)"
        )));
    }
    let conn_url = if rest.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", rest.join("&"))
    };
    let mut config: postgres::Config = conn_url.parse().map_err(|e| {
        StoreError::Invalid(format!(
            "--db: not a valid PostgreSQL URL ({e}); expected postgres://user[:password]@host[:port]/database[?schema=NAME]"
        ))
    })?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(5));
    }
    // synchronous_commit=off: a commit returns before its WAL reaches the
    // disk, the durability of the SQLite store (WAL, synchronous=NORMAL): a
    // crash of the database host may lose the last moments of writes but never
    // corrupts or half-applies one. Without it every report costs a disk
    // flush, and `frontline ingest` runs at the disk's flush rate (about 50
    // reports/s on the benchmark VM instead of hundreds).
    config.options(&format!(
        "-c search_path={schema},public -c synchronous_commit=off"
    ));
    config.application_name("frontline");
    let host = config
        .get_hosts()
        .first()
        .map(|h| match h {
            postgres::config::Host::Tcp(s) => s.clone(),
            #[cfg(unix)]
            postgres::config::Host::Unix(p) => p.display().to_string(),
        })
        .unwrap_or_else(|| "localhost".into());
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().unwrap_or("");
    let db = config.get_dbname().unwrap_or(user);
    let describe = format!("postgres://{user}@{host}:{port}/{db}?schema={schema}");
    Ok(Target {
        config,
        schema,
        describe,
    })
}

/// Schema names go into SQL text (search path, NOTIFY channel), so only plain
/// identifiers are accepted.
fn valid_schema_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The NOTIFY channel of a data set.
fn channel(schema: &str) -> String {
    format!("frontline_{schema}")
}

fn db_err(describe: &str) -> impl Fn(postgres::Error) -> StoreError + '_ {
    move |e| {
        // The server's own message (with its SQLSTATE detail) says what is wrong.
        let msg = match e.as_db_error() {
            Some(d) => format!("{}: {}", d.severity(), d.message()),
            None => e.to_string(),
        };
        StoreError::Db(format!("{describe}: {msg}"))
    }
}

fn connect(t: &Target) -> Result<Client, StoreError> {
    t.config.connect(NoTls).map_err(|e| {
        let why = match e.as_db_error() {
            Some(d) => d.message().to_string(),
            None => {
                let mut s = e.to_string();
                let mut src = std::error::Error::source(&e);
                while let Some(inner) = src {
                    s = format!("{s}: {inner}");
                    src = inner.source();
                }
                s
            }
        };
        StoreError::Db(format!(
            "cannot connect to PostgreSQL at {}: {why} (is the server running and the URL right?)",
            t.describe
        ))
    })
}

impl PgStore {
    /// One row of the append-only audit log, at `at` (RFC 3339) or now.
    fn insert_correction(
        &self,
        author: &str,
        at: Option<&str>,
        reason: &str,
        action: &Action,
    ) -> Result<Correction, StoreError> {
        let describe = self.describe.clone();
        let doc = serde_json::to_value(action)
            .map_err(|e| StoreError::Invalid(format!("correction: {e}")))?;
        self.write(|tx| {
            let row = tx
                .query_one(
                    "INSERT INTO corrections (author, at, reason, kind, target, action)
                     VALUES ($1, COALESCE($6::text::timestamptz, now()), $2, $3, $4, $5)
                     RETURNING id, author,
                        to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                        reason, action",
                    &[
                        &author,
                        &reason,
                        &action.kind(),
                        &action.target(),
                        &Json(&doc),
                        &at,
                    ],
                )
                .map_err(db_err(&describe))?;
            correction_row(&describe, &row)
        })
    }

    /// Connects, creates the schema and PostGIS when missing, and brings the
    /// schema up to date.
    pub fn open(url: &str) -> Result<PgStore, StoreError> {
        let target = parse_target(url)?;
        let mut client = connect(&target)?;
        migrate(&mut client, &target)?;
        let generation: i64 = client
            .query_one("SELECT value FROM meta WHERE key = 'generation'", &[])
            .map_err(db_err(&target.describe))?
            .get(0);
        let manager = PostgresConnectionManager::new(target.config.clone(), NoTls);
        let pool = r2d2::Pool::builder()
            .max_size(POOL_SIZE)
            .min_idle(Some(1))
            // A broken connection shows as an error on use; checking each
            // one out with a query would add a round trip to every call.
            .test_on_check_out(false)
            .connection_timeout(Duration::from_secs(10))
            .build_unchecked(manager);
        let generation = Arc::new(AtomicI64::new(generation));
        let stop = Arc::new(AtomicBool::new(false));
        spawn_listener(
            client,
            target.config.clone(),
            channel(&target.schema),
            target.describe.clone(),
            generation.clone(),
            stop.clone(),
        );
        Ok(PgStore {
            pool,
            schema: target.schema,
            describe: target.describe,
            generation,
            stop,
        })
    }

    /// The schema (data set) this store works in.
    pub fn schema(&self) -> &str {
        &self.schema
    }

    /// The schema version of the data set.
    pub fn schema_version(&self) -> Result<usize, StoreError> {
        let mut c = self.conn()?;
        let v: i64 = c
            .query_one("SELECT value FROM meta WHERE key = 'schema_version'", &[])
            .map_err(db_err(&self.describe))?
            .get(0);
        Ok(v.max(0) as usize)
    }

    fn conn(&self) -> Result<r2d2::PooledConnection<PostgresConnectionManager<NoTls>>, StoreError> {
        self.pool.get().map_err(|e| {
            StoreError::Db(format!(
                "{}: no database connection: {e} (is the server running?)",
                self.describe
            ))
        })
    }

    /// Runs `f` in one transaction that also bumps the generation and
    /// notifies the other processes on this data set.
    fn write<T>(
        &self,
        f: impl FnOnce(&mut Transaction) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let err = db_err(&self.describe);
        let mut conn = self.conn()?;
        let mut tx = conn.transaction().map_err(&err)?;
        let out = f(&mut tx)?;
        let generation: i64 = tx
            .query_one(
                "UPDATE meta SET value = value + 1 WHERE key = 'generation' RETURNING value",
                &[],
            )
            .map_err(&err)?
            .get(0);
        // Anything but new reports: maps built before it are rebuilt.
        tx.execute(
            "UPDATE meta SET value = $1 WHERE key = 'rebuilt'",
            &[&generation],
        )
        .map_err(&err)?;
        tx.execute(
            "SELECT pg_notify($1, $2)",
            &[&channel(&self.schema), &generation.to_string()],
        )
        .map_err(&err)?;
        tx.commit().map_err(&err)?;
        self.generation.fetch_max(generation, Ordering::AcqRel);
        Ok(out)
    }

    fn claims_where(
        &self,
        filter: &str,
        args: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Vec<Claim>, StoreError> {
        let err = db_err(&self.describe);
        let mut conn = self.conn()?;
        let sql = format!(
            "SELECT c.claim, c.report_id, c.baseline_id, r.source, b.name
             FROM claims c
             LEFT JOIN reports r ON r.id = c.report_id
             LEFT JOIN baselines b ON b.id = c.baseline_id
             {filter}
             ORDER BY c.date NULLS FIRST, c.id"
        );
        let rows = conn.query(sql.as_str(), args).map_err(&err)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let Json(mut claim): Json<Claim> = row.try_get(0).map_err(|e| {
                StoreError::Db(format!(
                    "{}: stored claim is not readable: {e}",
                    self.describe
                ))
            })?;
            let report_id: Option<i64> = row.get(1);
            let baseline_id: Option<i64> = row.get(2);
            if let Some(id) = report_id {
                claim.report_id = Some(id.to_string());
                if claim.source.is_none() {
                    claim.source = row.get(3);
                }
            } else if let Some(id) = baseline_id {
                claim.report_id = Some(format!("baseline:{id}"));
                if claim.source.is_none() {
                    claim.source = row.get(4);
                }
            }
            out.push(claim);
        }
        Ok(out)
    }

    fn report_rows(
        &self,
        filter: &str,
        args: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Vec<StoredReport>, StoreError> {
        let err = db_err(&self.describe);
        let rows = {
            let mut conn = self.conn()?;
            let sql = format!(
                "SELECT id, text, body_start, date, source, title,
                        to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                        extractor
                 FROM reports {filter}"
            );
            conn.query(sql.as_str(), args).map_err(&err)?
        };
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let id: i64 = row.get(0);
            let body_start: i32 = row.get(2);
            let report = Report {
                text: row.get(1),
                body_start: body_start.max(0) as usize,
                date: row.get(3),
                source: row.get(4),
                title: row.get(5),
            };
            let claims = self.claims_where("WHERE c.report_id = $1", &[&id])?;
            out.push(StoredReport {
                id: id.to_string(),
                report,
                claims,
                created_at: row.get(6),
                extractor: row.get(7),
            });
        }
        Ok(out)
    }
}

impl Drop for PgStore {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
    }
}

/// Keeps `generation` current: LISTENs on the data set's channel and
/// re-reads the counter on every notification and every [`POLL_INTERVAL`];
/// reconnects when the connection drops. Ends when `stop` is set.
fn spawn_listener(
    client: Client,
    config: postgres::Config,
    channel: String,
    describe: String,
    generation: Arc<AtomicI64>,
    stop: Arc<AtomicBool>,
) {
    let run = move || {
        let mut client = Some(client);
        let mut listening = false;
        while !stop.load(Ordering::Acquire) {
            let Some(c) = client.as_mut() else {
                std::thread::sleep(POLL_INTERVAL);
                client = config.connect(NoTls).ok();
                listening = false;
                continue;
            };
            if !listening {
                // The channel name is built from a validated schema name.
                listening = c.batch_execute(&format!("LISTEN {channel}")).is_ok();
            }
            // Wait for a NOTIFY (or the poll interval), then read the
            // counter: one query settles any number of notifications.
            let waited = c.notifications().timeout_iter(POLL_INTERVAL).next();
            if let Err(e) = waited {
                tracing::warn!(store = %describe, error = %e, "generation listener lost its connection");
                client = None;
                continue;
            }
            match c.query_one("SELECT value FROM meta WHERE key = 'generation'", &[]) {
                Ok(row) => {
                    generation.fetch_max(row.get::<_, i64>(0), Ordering::AcqRel);
                }
                Err(e) => {
                    tracing::warn!(store = %describe, error = %e, "cannot read the generation");
                    client = None;
                }
            }
        }
    };
    if let Err(e) = std::thread::Builder::new()
        .name("frontline-pg-listen".into())
        .spawn(run)
    {
        tracing::warn!(error = %e, "cannot start the generation listener; other servers' writes go unnoticed");
    }
}

/// Creates the schema (and PostGIS) when missing and applies the migrations
/// the data set has not seen, all in one transaction under an advisory lock.
fn migrate(client: &mut Client, t: &Target) -> Result<(), StoreError> {
    let err = db_err(&t.describe);
    let mut tx = client.transaction().map_err(&err)?;
    // One lock for every data set of the database: CREATE EXTENSION is
    // database-wide, and migrations are rare.
    tx.execute("SELECT pg_advisory_xact_lock(7460215963)", &[])
        .map_err(&err)?;
    let has_postgis = tx
        .query_opt("SELECT 1 FROM pg_extension WHERE extname = 'postgis'", &[])
        .map_err(&err)?
        .is_some();
    if !has_postgis {
        tx.batch_execute("CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public")
            .map_err(|e| {
                StoreError::Db(format!(
                    "{}: PostGIS is not enabled in this database and cannot be created ({}); \
                     install PostGIS (Debian: postgresql-15-postgis-3) and run \
                     `CREATE EXTENSION postgis` as a superuser",
                    t.describe,
                    e.as_db_error()
                        .map_or(e.to_string(), |d| d.message().to_string())
                ))
            })?;
    }
    tx.batch_execute(&format!(
        "CREATE SCHEMA IF NOT EXISTS {schema};
         CREATE TABLE IF NOT EXISTS {schema}.meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL);
         INSERT INTO {schema}.meta (key, value) VALUES ('schema_version', 0), ('generation', 0), ('gis_generation', -1)
         ON CONFLICT (key) DO NOTHING;",
        schema = t.schema
    ))
    .map_err(&err)?;
    let current: i64 = tx
        .query_one(
            &format!(
                "SELECT value FROM {}.meta WHERE key = 'schema_version'",
                t.schema
            ),
            &[],
        )
        .map_err(&err)?
        .get(0);
    let current = current.max(0) as usize;
    if current > MIGRATIONS.len() {
        return Err(StoreError::Invalid(format!(
            "{}: database schema version {current} is newer than this frontline supports ({}); \
             upgrade frontline",
            t.describe,
            MIGRATIONS.len()
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        tx.batch_execute(sql).map_err(|e| {
            StoreError::Db(format!(
                "{}: migration {}: {}",
                t.describe,
                i + 1,
                e.as_db_error()
                    .map_or(e.to_string(), |d| d.message().to_string())
            ))
        })?;
        tx.execute(
            "UPDATE meta SET value = $1 WHERE key = 'schema_version'",
            &[&((i + 1) as i64)],
        )
        .map_err(&err)?;
        tracing::info!(store = %t.describe, version = i + 1, "applied schema migration");
    }
    tx.commit().map_err(&err)
}

/// Claims as column arrays, unnested server-side by one statement.
struct ClaimColumns {
    place_ids: Vec<Option<String>>,
    names: Vec<String>,
    factions: Vec<String>,
    relations: Vec<String>,
    dates: Vec<Option<chrono::NaiveDate>>,
    confidences: Vec<f32>,
    quotes: Vec<String>,
    lons: Vec<Option<f64>>,
    lats: Vec<Option<f64>>,
    docs: Vec<Json<serde_json::Value>>,
}

/// The `SELECT … FROM unnest(…)` producing claim rows from [`ClaimColumns`]
/// bound at parameters `$first`…`$first+9`, with `owner` as the owner column.
fn claim_rows_sql(owner: &str, from: &str, first: usize) -> String {
    let p = |i: usize| format!("${}", first + i);
    format!(
        "SELECT {owner}, u.place_id, u.name, u.faction, u.relation, u.date, u.confidence, u.quote,
                CASE WHEN u.lon IS NULL OR u.lat IS NULL THEN NULL
                     ELSE ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326) END,
                u.claim
         FROM {from} unnest({}::text[], {}::text[], {}::text[], {}::text[], {}::date[], {}::real[],
                     {}::text[], {}::float8[], {}::float8[], {}::jsonb[])
              WITH ORDINALITY AS u(place_id, name, faction, relation, date, confidence, quote,
                                   lon, lat, claim, ord)
         ORDER BY u.ord",
        p(0),
        p(1),
        p(2),
        p(3),
        p(4),
        p(5),
        p(6),
        p(7),
        p(8),
        p(9)
    )
}

/// Claim rows from [`ClaimColumns`] bound at `$first`…`$first+9`, with
/// their position (`ord`, from 1) for joining per-claim owners.
fn claim_rows_sql_with_ord(first: usize) -> String {
    let p = |i: usize| format!("${}", first + i);
    format!(
        "SELECT u.place_id, u.name, u.faction, u.relation, u.date, u.confidence, u.quote,
                CASE WHEN u.lon IS NULL OR u.lat IS NULL THEN NULL
                     ELSE ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326) END AS geom,
                u.claim, u.ord
         FROM unnest({}::text[], {}::text[], {}::text[], {}::text[], {}::date[], {}::real[],
                     {}::text[], {}::float8[], {}::float8[], {}::jsonb[])
              WITH ORDINALITY AS u(place_id, name, faction, relation, date, confidence, quote,
                                   lon, lat, claim, ord)",
        p(0),
        p(1),
        p(2),
        p(3),
        p(4),
        p(5),
        p(6),
        p(7),
        p(8),
        p(9)
    )
}

impl ClaimColumns {
    fn of(claims: &[Claim]) -> Result<ClaimColumns, StoreError> {
        let n = claims.len();
        let mut cols = ClaimColumns {
            place_ids: Vec::with_capacity(n),
            names: Vec::with_capacity(n),
            factions: Vec::with_capacity(n),
            relations: Vec::with_capacity(n),
            dates: Vec::with_capacity(n),
            confidences: Vec::with_capacity(n),
            quotes: Vec::with_capacity(n),
            lons: Vec::with_capacity(n),
            lats: Vec::with_capacity(n),
            docs: Vec::with_capacity(n),
        };
        for (i, c) in claims.iter().enumerate() {
            if !c.confidence.is_finite() {
                return Err(StoreError::Invalid(format!(
                    "claim {} ({}): confidence is not a number",
                    i + 1,
                    c.name
                )));
            }
            let located = match (c.lon, c.lat) {
                (Some(lon), Some(lat)) if lon.is_finite() && lat.is_finite() => Some((lon, lat)),
                _ => None,
            };
            // The owner is the row this claim hangs off; don't store a stale one.
            // Review marks are applied on reading, never stored with the claim.
            let mut stored = c.clone();
            stored.report_id = None;
            stored.review = None;
            let doc = serde_json::to_value(&stored)
                .map_err(|e| StoreError::Invalid(format!("claim {}: {e}", i + 1)))?;
            cols.place_ids.push(c.place_id.clone());
            cols.names.push(c.name.clone());
            cols.factions.push(c.faction.clone());
            cols.relations.push(c.relation.as_str().to_string());
            cols.dates.push(c.date);
            cols.confidences.push(c.confidence);
            cols.quotes.push(c.quote.to_string());
            cols.lons.push(located.map(|p| p.0));
            cols.lats.push(located.map(|p| p.1));
            cols.docs.push(Json(doc));
        }
        Ok(cols)
    }

    /// The arrays as typed parameters, in the order of [`claim_rows_sql`].
    fn params(&self) -> [(&(dyn postgres::types::ToSql + Sync), Type); 10] {
        [
            (&self.place_ids, Type::TEXT_ARRAY),
            (&self.names, Type::TEXT_ARRAY),
            (&self.factions, Type::TEXT_ARRAY),
            (&self.relations, Type::TEXT_ARRAY),
            (&self.dates, Type::DATE_ARRAY),
            (&self.confidences, Type::FLOAT4_ARRAY),
            (&self.quotes, Type::TEXT_ARRAY),
            (&self.lons, Type::FLOAT8_ARRAY),
            (&self.lats, Type::FLOAT8_ARRAY),
            (&self.docs, Type::JSONB_ARRAY),
        ]
    }
}

/// The column that says whose claims a row holds.
#[derive(Clone, Copy)]
enum ClaimOwner {
    Report,
    Baseline,
}

/// Inserts a report's or a baseline's claims in one statement, in their given order.
fn insert_claims(
    tx: &mut Transaction,
    describe: &str,
    owner: ClaimOwner,
    owner_id: i64,
    claims: &[Claim],
) -> Result<(), StoreError> {
    if claims.is_empty() {
        return Ok(());
    }
    let column = match owner {
        ClaimOwner::Report => "report_id",
        ClaimOwner::Baseline => "baseline_id",
    };
    let cols = ClaimColumns::of(claims)?;
    let sql = format!(
        "INSERT INTO claims ({column}, place_id, name, faction, relation, date, confidence,
                             quote, geom, claim) {}",
        claim_rows_sql("$1::bigint", "", 2)
    );
    let mut params: Vec<(&(dyn postgres::types::ToSql + Sync), Type)> =
        vec![(&owner_id, Type::INT8)];
    params.extend(cols.params());
    tx.query_typed(&sql, &params).map_err(db_err(describe))?;
    Ok(())
}

/// Reads a stored correction row (id, author, at as text, reason, action).
fn correction_row(describe: &str, row: &postgres::Row) -> Result<Correction, StoreError> {
    let id: i64 = row.get(0);
    let Json(action): Json<Action> = row
        .try_get(4)
        .map_err(|e| StoreError::Db(format!("{describe}: correction {id} is not readable: {e}")))?;
    Ok(Correction {
        id,
        author: row.get(1),
        at: row.get(2),
        reason: row.get(3),
        action,
    })
}

impl Store for PgStore {
    fn add_reports(&self, batch: &[NewReport<'_>]) -> Result<Vec<String>, StoreError> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        let mut texts = Vec::with_capacity(batch.len());
        let mut starts = Vec::with_capacity(batch.len());
        let mut dates = Vec::with_capacity(batch.len());
        let mut sources = Vec::with_capacity(batch.len());
        let mut titles = Vec::with_capacity(batch.len());
        let mut extractors = Vec::with_capacity(batch.len());
        let mut mentions = Vec::with_capacity(batch.len());
        let mut all_claims: Vec<Claim> = Vec::new();
        // Index into `batch` of each claim's report.
        let mut owners: Vec<usize> = Vec::new();
        for (i, n) in batch.iter().enumerate() {
            let r = n.report;
            if r.body_start > r.text.len() {
                return Err(StoreError::Invalid(format!(
                    "report {}: body starts at byte {} but the text has {} bytes",
                    i + 1,
                    r.body_start,
                    r.text.len()
                )));
            }
            let body_start = i32::try_from(r.body_start).map_err(|_| {
                StoreError::Invalid(format!(
                    "report {}: header is too long ({} bytes)",
                    i + 1,
                    r.body_start
                ))
            })?;
            texts.push(r.text.as_str());
            starts.push(body_start);
            dates.push(r.date);
            sources.push(r.source.as_deref());
            titles.push(r.title.as_deref());
            extractors.push(n.extractor);
            mentions.push(n.mentions);
            all_claims.extend_from_slice(n.claims);
            owners.extend(std::iter::repeat_n(i, n.claims.len()));
        }
        let cols = ClaimColumns::of(&all_claims)?;
        // The batch's report (1-based) of each claim; the statement maps it
        // to the report's id.
        let claim_owners: Vec<i64> = owners.iter().map(|&i| i as i64 + 1).collect();
        let n = batch.len() as i64;
        // One statement, so one round trip and no transaction held open
        // between round trips: the generation bump, the report ids, the
        // reports, their claims and the NOTIFY. Writers queue on the
        // generation row's lock, held until the commit, so reports become
        // visible in the order of their generations (what `claims_since`
        // relies on) whichever part of the statement takes it. Holding it
        // over the seven round trips of a transaction made concurrent
        // writers wait for each other's network and scheduling delays.
        let sql = format!(
            "WITH generation AS (
                UPDATE meta SET value = value + 1 WHERE key = 'generation' RETURNING value
             ),
             ids AS MATERIALIZED (
                SELECT nextval(pg_get_serial_sequence('reports', 'id')) AS id, ord
                FROM generate_series(1::int8, $12::int8) AS ord
             ),
             new_reports AS (
                INSERT INTO reports (id, text, body_start, date, source, title, extractor,
                                     mentions, generation)
                SELECT ids.id, u.text, u.body_start, u.date, u.source, u.title, u.extractor,
                       u.mentions, generation.value
                FROM unnest($13::text[], $14::int4[], $15::date[], $16::text[], $17::text[],
                            $18::text[], $19::text[])
                     WITH ORDINALITY AS u(text, body_start, date, source, title, extractor,
                                          mentions, ord)
                JOIN ids ON ids.ord = u.ord
                CROSS JOIN generation
                RETURNING id
             ),
             new_claims AS (
                INSERT INTO claims (report_id, place_id, name, faction, relation, date,
                                    confidence, quote, geom, claim)
                SELECT ids.id, c.place_id, c.name, c.faction, c.relation, c.date, c.confidence,
                       c.quote, c.geom, c.claim
                FROM ({}) c
                JOIN unnest($11::int8[]) WITH ORDINALITY AS o(owner, ord) ON o.ord = c.ord
                JOIN ids ON ids.ord = o.owner
                ORDER BY c.ord
             )
             SELECT generation.value,
                    ARRAY(SELECT id FROM ids ORDER BY ord),
                    (SELECT count(*) FROM new_reports),
                    pg_notify($20, generation.value::text)
             FROM generation",
            claim_rows_sql_with_ord(1)
        );
        let channel = channel(&self.schema);
        let mut params: Vec<(&(dyn postgres::types::ToSql + Sync), Type)> = Vec::new();
        params.extend(cols.params());
        params.extend([
            (
                &claim_owners as &(dyn postgres::types::ToSql + Sync),
                Type::INT8_ARRAY,
            ),
            (&n, Type::INT8),
            (&texts, Type::TEXT_ARRAY),
            (&starts, Type::INT4_ARRAY),
            (&dates, Type::DATE_ARRAY),
            (&sources, Type::TEXT_ARRAY),
            (&titles, Type::TEXT_ARRAY),
            (&extractors, Type::TEXT_ARRAY),
            (&mentions, Type::TEXT_ARRAY),
            (&channel, Type::TEXT),
        ]);
        let err = db_err(&self.describe);
        let row = self.conn()?.query_typed_one(&sql, &params).map_err(&err)?;
        let generation: i64 = row.get(0);
        let ids: Vec<i64> = row.get(1);
        let stored: i64 = row.get(2);
        if ids.len() != batch.len() || stored != n {
            return Err(StoreError::Db(format!(
                "{}: stored {stored} of {} reports ({} ids)",
                self.describe,
                batch.len(),
                ids.len()
            )));
        }
        self.generation.fetch_max(generation, Ordering::AcqRel);
        Ok(ids.iter().map(|id| id.to_string()).collect())
    }

    fn claims_since(&self, after: Option<i64>) -> Result<ClaimsSince, StoreError> {
        let err = db_err(&self.describe);
        let row = self
            .conn()?
            .query_typed_one(
                "SELECT (SELECT value FROM meta WHERE key = 'generation'),
                        COALESCE((SELECT value FROM meta WHERE key = 'rebuilt'),
                                 (SELECT value FROM meta WHERE key = 'generation'))",
                &[],
            )
            .map_err(&err)?;
        let (generation, rebuilt): (i64, i64) = (row.get(0), row.get(1));
        self.generation.fetch_max(generation, Ordering::AcqRel);
        // Reports become visible in generation order (the generation row
        // lock), and both bounds hold: a report written while this reads is
        // neither lost nor folded in twice.
        match after {
            Some(w) if rebuilt <= w => Ok(ClaimsSince {
                generation,
                full: false,
                claims: self.claims_where(
                    "WHERE c.report_id IN (SELECT id FROM reports WHERE generation > $1 AND generation <= $2)",
                    &[&w, &generation],
                )?,
            }),
            _ => Ok(ClaimsSince {
                generation,
                full: true,
                claims: self.claims_where(
                    "WHERE c.report_id IS NULL OR r.generation <= $1",
                    &[&generation],
                )?,
            }),
        }
    }

    fn mentions(&self, id: &str) -> Result<Option<String>, StoreError> {
        let Ok(n) = id.parse::<i64>() else {
            return Ok(None);
        };
        Ok(self
            .conn()?
            .query_typed_opt(
                "SELECT mentions FROM reports WHERE id = $1",
                &[(&n, Type::INT8)],
            )
            .map_err(db_err(&self.describe))?
            .and_then(|r| r.get::<_, Option<String>>(0)))
    }

    fn set_mentions(&self, id: &str, mentions: &str) -> Result<(), StoreError> {
        let Ok(n) = id.parse::<i64>() else {
            return Ok(());
        };
        self.conn()?
            .execute_typed(
                "UPDATE reports SET mentions = $1 WHERE id = $2",
                &[(&mentions, Type::TEXT), (&n, Type::INT8)],
            )
            .map_err(db_err(&self.describe))?;
        Ok(())
    }

    fn report(&self, id: &str) -> Result<Option<StoredReport>, StoreError> {
        let Ok(n) = id.parse::<i64>() else {
            return Ok(None);
        };
        Ok(self.report_rows("WHERE id = $1", &[&n])?.pop())
    }

    fn reports(&self, limit: usize, offset: usize) -> Result<Vec<StoredReport>, StoreError> {
        let (limit, offset) = (
            limit.min(i64::MAX as usize) as i64,
            offset.min(i64::MAX as usize) as i64,
        );
        self.report_rows("ORDER BY id DESC LIMIT $1 OFFSET $2", &[&limit, &offset])
    }

    fn report_count(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn()?
            .query_one("SELECT COUNT(*) FROM reports", &[])
            .map_err(db_err(&self.describe))?
            .get(0);
        Ok(n.max(0) as usize)
    }

    fn claims(&self) -> Result<Vec<Claim>, StoreError> {
        self.claims_where("", &[])
    }

    fn claims_for_place(&self, place_id: &str) -> Result<Vec<Claim>, StoreError> {
        self.claims_where("WHERE c.place_id = $1", &[&place_id])
    }

    fn baseline_claims(&self, id: &str) -> Result<Vec<Claim>, StoreError> {
        match id
            .strip_prefix("baseline:")
            .and_then(|n| n.parse::<i64>().ok())
        {
            Some(n) => self.claims_where("WHERE c.baseline_id = $1", &[&n]),
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
        let describe = self.describe.clone();
        self.write(|tx| {
            let id: i64 = tx
                .query_one(
                    "INSERT INTO baselines (name) VALUES ($1) RETURNING id",
                    &[&name],
                )
                .map_err(db_err(&describe))?
                .get(0);
            insert_claims(tx, &describe, ClaimOwner::Baseline, id, claims)?;
            for a in areas {
                let geojson = super::area_to_geojson(&a.area);
                tx.execute(
                    "INSERT INTO baseline_areas (baseline_id, file, feature, name, faction, date, geojson, geom)
                     VALUES ($1, $2, $3, $4, $5, $6, $7,
                             ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($7::text), 4326)))",
                    &[
                        &id,
                        &a.file,
                        &(a.feature as i64),
                        &a.name,
                        &a.faction,
                        &a.date,
                        &geojson,
                    ],
                )
                .map_err(db_err(&describe))?;
            }
            Ok(format!("baseline:{id}"))
        })
    }

    fn areas(&self) -> Result<Vec<ImportedArea>, StoreError> {
        let rows = self
            .conn()?
            .query(
                "SELECT baseline_id, file, feature, name, faction, date, geojson
                 FROM baseline_areas ORDER BY baseline_id, id",
                &[],
            )
            .map_err(db_err(&self.describe))?;
        rows.iter()
            .map(|r| {
                Ok(ImportedArea {
                    faction: r.get(4),
                    date: r.get(5),
                    area: super::area_from_geojson(r.get(6))?,
                    file: r.get(1),
                    feature: r.get::<_, i64>(2).max(0) as usize,
                    name: r.get(3),
                    baseline_id: Some(format!("baseline:{}", r.get::<_, i64>(0))),
                })
            })
            .collect()
    }

    fn baselines(&self) -> Result<Vec<StoredBaseline>, StoreError> {
        let rows = self
            .conn()?
            .query(
                "SELECT b.id, b.name,
                        to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                        (SELECT COUNT(*) FROM claims c WHERE c.baseline_id = b.id)
                 FROM baselines b ORDER BY b.id",
                &[],
            )
            .map_err(db_err(&self.describe))?;
        Ok(rows
            .iter()
            .map(|r| StoredBaseline {
                id: format!("baseline:{}", r.get::<_, i64>(0)),
                name: r.get(1),
                created_at: r.get(2),
                claims: r.get::<_, i64>(3).max(0) as usize,
            })
            .collect())
    }

    fn generation(&self) -> Result<i64, StoreError> {
        Ok(self.generation.load(Ordering::Acquire))
    }

    fn refresh_statistics(&self) -> Result<(), StoreError> {
        self.conn()?
            .batch_execute("ANALYZE reports, claims, baselines")
            .map_err(db_err(&self.describe))
    }

    fn publishes_gis(&self) -> bool {
        true
    }

    fn publish_gis(
        &self,
        generation: i64,
        map: &ControlMap,
        layer: &ZoneLayer,
    ) -> Result<bool, StoreError> {
        let err = db_err(&self.describe);
        let mut conn = self.conn()?;
        let mut tx = conn.transaction().map_err(&err)?;
        // Servers sharing the data set publish one at a time; a newer
        // publication is never overwritten by an older one.
        let published: i64 = tx
            .query_one(
                "SELECT value FROM meta WHERE key = 'gis_generation' FOR UPDATE",
                &[],
            )
            .map_err(&err)?
            .get(0);
        if published >= generation {
            return Ok(false);
        }
        tx.batch_execute("DELETE FROM zones;").map_err(&err)?;
        // One statement for every place: a map of a few thousand places
        // written row by row cost a round trip each, and the refresh runs
        // after every write, beside the map the writer waits for. Only the
        // rows that changed are written: a row equal to one of the new map
        // stays (a new report changes a few places, and rewriting every row
        // and its GiST entry made each refresh cost the whole map); every
        // other row goes and the new map's rows that are not there yet come.
        // (Both parts of the statement see the table as it was before it.)
        let placed: Vec<_> = map
            .places
            .iter()
            .filter(|p| p.lon.is_finite() && p.lat.is_finite())
            .collect();
        let place_ids: Vec<&str> = placed.iter().map(|p| p.place_id.as_str()).collect();
        let names: Vec<&str> = placed.iter().map(|p| p.name.as_str()).collect();
        let parts: Vec<Option<&str>> = placed.iter().map(|p| p.part.map(|d| d.as_str())).collect();
        let factions: Vec<&str> = placed.iter().map(|p| p.faction.as_str()).collect();
        let statuses: Vec<&str> = placed.iter().map(|p| p.status.as_str()).collect();
        let besiegers: Vec<Option<&str>> = placed.iter().map(|p| p.besieger.as_deref()).collect();
        let sinces: Vec<Option<chrono::NaiveDate>> = placed.iter().map(|p| p.since).collect();
        let confidences: Vec<f32> = placed.iter().map(|p| p.confidence).collect();
        let evidence: Vec<Option<&str>> = placed
            .iter()
            .map(|p| p.evidence.first().map(|e| e.quote.as_str()))
            .collect();
        let lons: Vec<f64> = placed.iter().map(|p| p.lon).collect();
        let lats: Vec<f64> = placed.iter().map(|p| p.lat).collect();
        tx.execute(
            "WITH new AS (
                SELECT place_id, name, part, faction, status, besieger, since, confidence,
                       evidence, $10::date AS as_of, lon, lat, row_number
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                            $6::text[], $7::date[], $8::real[], $9::text[], $11::float8[],
                            $12::float8[]) WITH ORDINALITY
                     AS u(place_id, name, part, faction, status, besieger, since,
                          confidence, evidence, lon, lat, row_number)
             ),
             unchanged AS (
                SELECT c.id, n.row_number FROM control c JOIN new n
                    ON n.place_id = c.place_id
                   AND n.part IS NOT DISTINCT FROM c.part AND n.name = c.name
                   AND n.faction = c.faction AND n.status = c.status
                   AND n.besieger IS NOT DISTINCT FROM c.besieger
                   AND n.since IS NOT DISTINCT FROM c.since
                   AND n.confidence = c.confidence
                   AND n.evidence IS NOT DISTINCT FROM c.evidence
                   AND n.as_of IS NOT DISTINCT FROM c.as_of
                   AND n.lon = ST_X(c.geom) AND n.lat = ST_Y(c.geom)
             ),
             gone AS (
                DELETE FROM control c
                WHERE NOT EXISTS (SELECT 1 FROM unchanged k WHERE k.id = c.id)
             )
             INSERT INTO control (place_id, name, part, faction, status, besieger, since,
                                  confidence, evidence, as_of, geom)
             SELECT place_id, name, part, faction, status, besieger, since, confidence,
                    evidence, as_of, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
             FROM new n
             WHERE NOT EXISTS (SELECT 1 FROM unchanged k WHERE k.row_number = n.row_number)",
            &[
                &place_ids,
                &names,
                &parts,
                &factions,
                &statuses,
                &besiegers,
                &sinces,
                &confidences,
                &evidence,
                &map.as_of,
                &lons,
                &lats,
            ],
        )
        .map_err(&err)?;
        let insert_zone = tx
            .prepare(
                "INSERT INTO zones (faction, status, contenders, places, as_of, geom)
                 VALUES ($1, $2, $3, $4, $5, ST_Multi(ST_GeomFromWKB($6, 4326)))",
            )
            .map_err(&err)?;
        for z in &layer.zones {
            let wkb = geo::Geometry::MultiPolygon(z.area.clone())
                .to_wkb(CoordDimensions::xy())
                .map_err(|e| StoreError::Invalid(format!("zone of {}: {e}", z.faction)))?;
            let contenders = (!z.contenders.is_empty()).then(|| z.contenders.join(","));
            tx.execute(
                &insert_zone,
                &[
                    &z.faction,
                    &z.status.as_str(),
                    &contenders,
                    &(z.places.min(i32::MAX as usize) as i32),
                    &layer.as_of,
                    &wkb,
                ],
            )
            .map_err(&err)?;
        }
        tx.execute(
            "UPDATE meta SET value = $1 WHERE key = 'gis_generation'",
            &[&generation],
        )
        .map_err(&err)?;
        tx.commit().map_err(&err)?;
        Ok(true)
    }

    fn describe(&self) -> String {
        self.describe.clone()
    }

    fn add_correction(
        &self,
        author: &str,
        reason: &str,
        action: &Action,
    ) -> Result<Correction, StoreError> {
        self.insert_correction(author, None, reason, action)
    }

    fn import_correction(&self, correction: &Correction) -> Result<Correction, StoreError> {
        self.insert_correction(
            &correction.author,
            Some(&correction.at),
            &correction.reason,
            &correction.action,
        )
    }

    fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let row = self
            .conn()?
            .query_opt("SELECT value FROM settings WHERE key = $1", &[&key])
            .map_err(db_err(&self.describe))?;
        Ok(row.map(|r| r.get(0)))
    }

    fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        // Not a write of the map: the generation stays.
        self.conn()?
            .execute(
                "INSERT INTO settings (key, value) VALUES ($1, $2)
                 ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                &[&key, &value],
            )
            .map_err(db_err(&self.describe))?;
        Ok(())
    }

    fn corrections(&self) -> Result<Vec<Correction>, StoreError> {
        let rows = self
            .conn()?
            .query(
                "SELECT id, author,
                        to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                        reason, action
                 FROM corrections ORDER BY id",
                &[],
            )
            .map_err(db_err(&self.describe))?;
        rows.iter()
            .map(|r| correction_row(&self.describe, r))
            .collect()
    }

    fn reports_to_reanalyse(
        &self,
        extractor: &str,
        limit: usize,
    ) -> Result<Vec<StoredReport>, StoreError> {
        let limit = limit.min(i64::MAX as usize) as i64;
        self.report_rows(
            "WHERE extractor IS DISTINCT FROM $1 ORDER BY id LIMIT $2",
            &[&extractor, &limit],
        )
    }

    fn reanalyse_count(&self, extractor: &str) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn()?
            .query_one(
                "SELECT COUNT(*) FROM reports WHERE extractor IS DISTINCT FROM $1",
                &[&extractor],
            )
            .map_err(db_err(&self.describe))?
            .get(0);
        Ok(n.max(0) as usize)
    }

    fn replace_claims(
        &self,
        batch: &[(String, Vec<Claim>)],
        extractor: &str,
    ) -> Result<(), StoreError> {
        let describe = self.describe.clone();
        self.write(|tx| {
            for (id, claims) in batch {
                let n: i64 = id
                    .parse()
                    .map_err(|_| StoreError::Invalid(format!("bad report id {id:?}")))?;
                // The stored mentions were read by the old analysis: computed
                // again on the next read.
                let updated = tx
                    .execute(
                        "UPDATE reports SET extractor = $1, mentions = NULL WHERE id = $2",
                        &[&extractor, &n],
                    )
                    .map_err(db_err(&describe))?;
                if updated == 0 {
                    return Err(StoreError::Invalid(format!("no report with id {id}")));
                }
                tx.execute("DELETE FROM claims WHERE report_id = $1", &[&n])
                    .map_err(db_err(&describe))?;
                insert_claims(tx, &describe, ClaimOwner::Report, n, claims)?;
            }
            Ok(())
        })
    }

    fn forget_extractors(&self) -> Result<usize, StoreError> {
        let describe = self.describe.clone();
        self.write(|tx| {
            let n = tx
                .execute("UPDATE reports SET extractor = NULL", &[])
                .map_err(db_err(&describe))?;
            Ok(n as usize)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_taken_apart_without_the_password() {
        let t =
            parse_target("postgres://ana:secret@db.example:5433/news?schema=syria_2016").unwrap();
        assert_eq!(t.schema, "syria_2016");
        assert_eq!(
            t.describe,
            "postgres://ana@db.example:5433/news?schema=syria_2016"
        );
        assert!(!t.describe.contains("secret"));
        let t = parse_target("postgresql://ana@localhost/news").unwrap();
        assert_eq!(t.schema, DEFAULT_SCHEMA);
    }

    #[test]
    fn bad_urls_and_schema_names_are_named() {
        let e = parse_target("postgres://ana@localhost:notaport/db")
            .err()
            .unwrap();
        assert!(e.to_string().contains("not a valid PostgreSQL URL"), "{e}");
        for bad in ["Robert'); DROP", "1st", "", "a-b"] {
            let e = parse_target(&format!("postgres://ana@localhost/db?schema={bad}"))
                .err()
                .unwrap();
            assert!(e.to_string().contains("schema"), "{e}");
        }
    }

    #[test]
    fn a_server_that_is_down_is_named() {
        // Port 9 (discard) on loopback: nothing listens there.
        let e = PgStore::open("postgres://ana@127.0.0.1:9/db")
            .err()
            .unwrap();
        let msg = e.to_string();
        assert!(
            msg.contains("cannot connect to PostgreSQL at postgres://ana@127.0.0.1:9/db"),
            "{msg}"
        );
    }
}
