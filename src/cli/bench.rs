//! `frontline bench`.

use anyhow::{bail, Result};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: &Args, _region: &Option<PathBuf>) -> Result<()> {
    bail!("`frontline bench` is not implemented yet")
}
