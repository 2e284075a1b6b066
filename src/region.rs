//! A loaded region pack: gazetteer, factions and the geoparser built over them,
//! and the one call that runs a report through geoparse and claims.

use crate::claims::{self, Claim, Factions, FactionsError};
use crate::gazetteer::{Gazetteer, PackError};
use crate::geoparse::{Geoparser, Mention};
use crate::report::Report;
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum RegionError {
    #[error(transparent)]
    Pack(#[from] PackError),
    #[error(transparent)]
    Factions(#[from] FactionsError),
    #[error("region {name:?}: no such bundled region pack ({known}) and no folder of that name")]
    Unknown { name: String, known: String },
}

/// What the pipeline reads out of one report.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub mentions: Vec<Mention>,
    pub claims: Vec<Claim>,
}

/// Gazetteer + factions + geoparser of one region; cheap to share behind an `Arc`.
pub struct Region {
    pub gazetteer: Arc<Gazetteer>,
    pub factions: Factions,
    pub geoparser: Geoparser,
}

impl Region {
    /// The default bundled pack (the first of [`crate::gazetteer::bundled_names`]).
    pub fn bundled() -> Result<Region, RegionError> {
        Region::from_gazetteer(Gazetteer::bundled()?)
    }

    /// The bundled pack `name` (e.g. the folder name under `geodata/`).
    pub fn bundled_named(name: &str) -> Result<Region, RegionError> {
        match Gazetteer::bundled_named(name) {
            Some(g) => Region::from_gazetteer(g?),
            None => Err(RegionError::Unknown {
                name: name.to_string(),
                known: crate::gazetteer::bundled_names().join(", "),
            }),
        }
    }

    /// What `--region` / `FRONTLINE_REGION` name: a pack folder when `arg` is an
    /// existing directory, else a bundled pack of that name.
    pub fn select(arg: &str) -> Result<Region, RegionError> {
        let path = Path::new(arg);
        if path.is_dir() {
            Region::load_dir(path)
        } else {
            Region::bundled_named(arg)
        }
    }

    /// A pack from a folder (`geodata/<region>`).
    pub fn load_dir(dir: &Path) -> Result<Region, RegionError> {
        Region::from_gazetteer(Gazetteer::load_dir(dir)?)
    }

    fn from_gazetteer(g: Gazetteer) -> Result<Region, RegionError> {
        let factions = Factions::parse(g.factions_toml())?;
        let gazetteer = Arc::new(g);
        let geoparser = Geoparser::new(gazetteer.clone());
        Ok(Region {
            gazetteer,
            factions,
            geoparser,
        })
    }

    /// Geoparses a report and extracts its claims.
    pub fn analyse(&self, report: &Report) -> Analysis {
        let mentions = self.geoparser.parse(&report.text);
        let claims = claims::extract(report, &mentions, &self.gazetteer, &self.factions);
        Analysis { mentions, claims }
    }
}
