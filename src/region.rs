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
    /// The bundled Syria pack.
    pub fn bundled() -> Result<Region, RegionError> {
        Region::from_gazetteer(Gazetteer::bundled()?)
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
