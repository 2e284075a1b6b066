//! A throwaway PostgreSQL + PostGIS cluster for the tests: initdb in a
//! temporary folder, started on a free loopback port on first use, one per
//! test binary, and stopped (folder removed) by a watchdog as soon as the
//! test process exits, however it exits. Every test gets its own schema
//! (data set), so tests run in parallel on one cluster.
//!
//! The binaries are found in `FRONTLINE_PG_BIN`, else the newest
//! `/usr/lib/postgresql/*/bin` (Debian), else `pg_config --bindir`, else the
//! PATH; `scripts/install-deps.sh` installs them. initdb refuses to run as
//! root, so as root the cluster runs as the `postgres` user.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

pub struct Cluster {
    pub port: u16,
    pub dir: PathBuf,
    pub bin: PathBuf,
}

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();
static NEXT_SCHEMA: AtomicUsize = AtomicUsize::new(0);

/// The cluster of this test process, started on first use.
pub fn cluster() -> &'static Cluster {
    match CLUSTER.get_or_init(start) {
        Ok(c) => c,
        Err(e) => panic!("cannot start the test PostgreSQL cluster: {e}"),
    }
}

/// The connection URL of the cluster's `postgres` database (no schema).
pub fn base_url() -> String {
    format!("postgres://postgres@127.0.0.1:{}/postgres", cluster().port)
}

/// A URL naming a schema no other test uses.
pub fn fresh_url() -> String {
    let n = NEXT_SCHEMA.fetch_add(1, Ordering::Relaxed);
    format!("{}?schema=t{}_{n}", base_url(), std::process::id())
}

/// `(url without ?schema=, schema)`.
pub fn split_schema(url: &str) -> (String, String) {
    match url.split_once("?schema=") {
        Some((u, s)) => (u.to_string(), s.to_string()),
        None => (url.to_string(), "frontline".to_string()),
    }
}

/// libpq-style connection string of the cluster for GDAL (`PG:…`).
pub fn ogr_connection(schema: &str) -> String {
    format!(
        "PG:host=127.0.0.1 port={} user=postgres dbname=postgres schemas={schema}",
        cluster().port
    )
}

fn bin_dir() -> Result<PathBuf, String> {
    if let Ok(dir) = std::env::var("FRONTLINE_PG_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let mut debian: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((v, bin))
        })
        .collect();
    debian.sort();
    if let Some((_, bin)) = debian.pop() {
        return Ok(bin);
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if dir.join("initdb").is_file() {
            return Ok(dir);
        }
    }
    for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        if dir.join("initdb").is_file() {
            return Ok(dir);
        }
    }
    Err(
        "PostgreSQL's initdb was not found (install postgresql and postgis: \
         scripts/install-deps.sh, or set FRONTLINE_PG_BIN)"
            .into(),
    )
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// A command that runs as the cluster's owner.
fn as_owner(root: bool, program: &Path) -> Command {
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn free_port() -> Result<u16, String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

fn run(mut c: Command, what: &str, log: &Path) -> Result<(), String> {
    let status = c
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("{what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        let tail = std::fs::read_to_string(log).unwrap_or_default();
        Err(format!("{what} failed ({status}); log:\n{tail}"))
    }
}

fn start() -> Result<Cluster, String> {
    let bin = bin_dir()?;
    let root = is_root();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("frontline-pg-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    if root {
        let ok = Command::new("chown")
            .args(["postgres:postgres"])
            .arg(&dir)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok {
            return Err(format!("cannot chown {} to postgres", dir.display()));
        }
    }
    let data = dir.join("data");
    let log = dir.join("server.log");
    // initdb's own output goes to a file the owner can write.
    let init_log = dir.join("initdb.log");
    let mut init = as_owner(root, Path::new("/bin/sh"));
    init.current_dir(&dir).arg("-c").arg(format!(
        "'{}' -D '{}' -A trust -U postgres -E UTF8 --locale=C --no-sync > '{}' 2>&1",
        bin.join("initdb").display(),
        data.display(),
        init_log.display()
    ));
    run(init, "initdb", &init_log)?;

    // Watchdog first: whatever happens next, the cluster goes when we do.
    let pg_ctl = bin.join("pg_ctl");
    let stop = format!(
        "'{}' -D '{}' -m immediate stop",
        pg_ctl.display(),
        data.display()
    );
    let stop = if root {
        format!("runuser -u postgres -- {stop}")
    } else {
        stop
    };
    let watchdog = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf '{dir}'",
        pid = std::process::id(),
        dir = dir.display()
    );
    Command::new("sh")
        .args(["-c", &watchdog])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the cluster watchdog: {e}"))?;

    // A port taken between free_port and the start makes pg_ctl fail: retry.
    let mut last = String::new();
    for _ in 0..5 {
        let port = free_port()?;
        let mut ctl = as_owner(root, &pg_ctl);
        ctl.current_dir(&dir)
            .args(["-D"])
            .arg(&data)
            .arg("-l")
            .arg(&log)
            .args(["-w", "-t", "60", "-o"])
            .arg(format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off \
                 -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                dir.display()
            ))
            .arg("start");
        match run(ctl, "pg_ctl start", &log) {
            Ok(()) => return Ok(Cluster { port, dir, bin }),
            Err(e) => last = e,
        }
    }
    Err(last)
}
