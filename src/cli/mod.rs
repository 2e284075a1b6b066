//! One file per subcommand that needs more than a few lines; each parses its
//! own arguments and calls into the library.

pub mod bench;
pub mod changes;
pub mod eval;
pub mod export;
pub mod import;
pub mod ingest;
pub mod migrate;
pub mod serve;
pub mod zones;
