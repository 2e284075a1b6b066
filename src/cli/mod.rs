//! One file per subcommand that needs more than a few lines; each parses its
//! own arguments and calls into the library.

pub mod serve;
pub mod ingest;
pub mod zones;
pub mod export;
pub mod import;
pub mod eval;
pub mod bench;
