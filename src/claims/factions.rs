//! Factions of a region, read from the pack's `factions.toml`.
//!
//! Factions are region data, not code: ids, display names, colours and the
//! words reporting uses for them all live in the TOML file.

use serde::{Deserialize, Serialize};

/// A faction id from `factions.toml` (`government`, `opposition`, …).
pub type FactionId = String;

/// One faction: id, display name, map colours and the words that name it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Faction {
    pub id: FactionId,
    pub name: String,
    pub fill: String,
    pub stroke: String,
    /// Phrases that name the faction as an actor ("Syrian troops", "rebels").
    #[serde(default)]
    pub names: Vec<String>,
    /// Adjectives used in "X-held" / "X-controlled" ("government", "rebel").
    #[serde(default)]
    pub held_adjectives: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum FactionsError {
    #[error("factions.toml: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("factions.toml: faction {0:?} is defined twice")]
    Duplicate(String),
}

#[derive(Deserialize)]
struct File {
    faction: Vec<Faction>,
}

/// All factions of a region, in the file's order.
#[derive(Debug, Clone)]
pub struct Factions {
    list: Vec<Faction>,
}

impl Factions {
    pub fn parse(toml_text: &str) -> Result<Factions, FactionsError> {
        let f: File = toml::from_str(toml_text)?;
        let mut seen = std::collections::HashSet::new();
        for x in &f.faction {
            if !seen.insert(x.id.clone()) {
                return Err(FactionsError::Duplicate(x.id.clone()));
            }
        }
        Ok(Factions { list: f.faction })
    }

    pub fn all(&self) -> &[Faction] {
        &self.list
    }

    pub fn get(&self, id: &str) -> Option<&Faction> {
        self.list.iter().find(|f| f.id == id)
    }
}
