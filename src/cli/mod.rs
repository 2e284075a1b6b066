//! One file per subcommand that needs more than a few lines; each parses its
//! own arguments and calls into the library.

pub mod bench;
pub mod changes;
pub mod eval;
pub mod explain;
pub mod export;
pub mod import;
pub mod ingest;
pub mod migrate;
pub mod reanalyse;
pub mod review;
pub mod serve;
pub mod zones;

use anyhow::{bail, Context, Result};
use frontline::store::{self, Store};
use std::sync::Arc;

/// Opens the store of a read-only command (`zones`, `export`, `changes`): a
/// SQLite path that does not exist is an error, not a new empty store, so a
/// mistyped `--db` or a run in the wrong folder says so instead of printing
/// an empty map.
pub fn open_existing_store(db: &str) -> Result<Arc<dyn Store>> {
    let lower = db.to_ascii_lowercase();
    let is_url = lower.starts_with("postgres://") || lower.starts_with("postgresql://");
    if !is_url {
        let path = std::path::Path::new(db.strip_prefix("sqlite://").unwrap_or(db));
        if !path.is_file() {
            bail!(
                "--db {db}: no store there ({} does not exist); load reports first with \
                 `frontline ingest FILE… --db {db}` or `frontline serve --db {db}`, \
                 or give the path of an existing store",
                path.display()
            );
        }
    }
    store::open(db).with_context(|| format!("--db {db}"))
}

/// Refuses a data set of another region than `region` (recording the region
/// in a data set that has none yet): see [`store::bind_region`].
pub fn bind_region(store: &dyn Store, region: &frontline::Region) -> Result<()> {
    let name = &region.gazetteer.info().name;
    store::bind_region(store, name).with_context(|| format!("opening {}", store.describe()))
}

/// Writes bytes to the file `output` names, or to standard output when it is
/// `-` or absent.
pub fn write_bytes(output: Option<&std::path::Path>, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    match output.filter(|p| p.as_os_str() != "-") {
        Some(p) => {
            std::fs::write(p, bytes).with_context(|| format!("cannot write {}", p.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}
