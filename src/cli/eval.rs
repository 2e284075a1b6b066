//! `frontline eval`.

use anyhow::{bail, Result};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: &Args, _region: &Option<PathBuf>) -> Result<()> {
    bail!("`frontline eval` is not implemented yet")
}
