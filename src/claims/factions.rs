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
    /// Colours of the colour-blind-safe palette the web map offers, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safe_fill: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safe_stroke: Option<String>,
    /// Phrases that name the faction as an actor ("Syrian troops", "rebels").
    #[serde(default)]
    pub names: Vec<String>,
    /// Adjectives used in "X-held" / "X-controlled" ("government", "rebel").
    #[serde(default)]
    pub held_adjectives: Vec<String>,
    /// Phrases that usually, but not always, mean this faction ("militants"
    /// in pro-government copy); claims through them get lower confidence.
    #[serde(default)]
    pub weak_names: Vec<String>,
    /// The faction this one is usually fighting, when there is a main one:
    /// the holder of a place it besieges when the text does not say.
    #[serde(default)]
    pub opponent: Option<FactionId>,
    /// Other ids for the faction in data files: the `faction` column of GIS layers
    /// ("kurds", "ypg"), gold annotations ("turkey_backed"). Lower case, spaces and
    /// hyphens written as `_`. A key may belong to several factions ("rebels"); the
    /// first in file order is its one meaning for imports.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Words before "flag" that name this side's flag and are no name of it
    /// ("the Syrian flag" in Syria): "the Syrian flag was raised over Y".
    #[serde(default)]
    pub flags: Vec<String>,
    /// Names of a wider side that, once this side is named in a report, mean
    /// this one ("Turkish-backed rebels … the rebels"), unless the wider
    /// side is named on its own more recently.
    #[serde(default)]
    pub generic_names: Vec<String>,
    /// Names of a wider side that this side's backing, told with them, makes this side's
    /// ("the Free Syrian Army, backed by Turkish tanks", "As part of Operation Olive Branch,
    /// the FSA …"), as the generic names are; once so told in a report, they go on meaning
    /// this side there, but named on their own they stay the wider side.
    #[serde(default)]
    pub backed_names: Vec<String>,
    /// Weak names of another side that may stand for this one ("the jihadists", "the
    /// militants" in a report about the Islamic State): such a name is the latest side
    /// named in the report among its own side and those listing it here.
    #[serde(default)]
    pub referring_names: Vec<String>,
    /// Names in another script, by language file ("ar" for `geodata/lang/ar.toml`): read
    /// by that language's grammar only, so the English matcher never scans for them.
    #[serde(default, skip_serializing)]
    pub names_by_language: std::collections::BTreeMap<String, Vec<String>>,
    /// The words of a language for an armed group left unnamed ("الفصائل", the
    /// factions) that may stand for this side, by language file: such a subject is the
    /// latest side named in the report among those listing the word.
    #[serde(default, skip_serializing)]
    pub unnamed_by_language: std::collections::BTreeMap<String, Vec<String>>,
    /// Words of `unnamed_by_language` that stand for this side when the report has named
    /// none of the sides listing them: the opposition press's own "الفصائل" (the factions).
    #[serde(default, skip_serializing)]
    pub unnamed_default_by_language: std::collections::BTreeMap<String, Vec<String>>,
    /// Ids of wider sides that, told as backed by this side or as fighting in its operation
    /// (a language file's `[backing]`: "… بدعم تركي", "… ضمن عملية درع الفرات"), are this
    /// side: the Turkish-backed factions are Turkey's side, not the rebels at large.
    #[serde(default, skip_serializing)]
    pub backs: Vec<FactionId>,
    /// Words of a language that name this side only as a backer, after a backing link
    /// ("بدعم تركي", "المدعومون من أنقرة"), by language file: never a side's name alone.
    #[serde(default, skip_serializing)]
    pub backer_by_language: std::collections::BTreeMap<String, Vec<String>>,
    /// Outlets and institutions that speak for this side ("SANA", "Anadolu", "the Ukrainian
    /// General Staff"): a report quoting one is told in this side's words.
    #[serde(default, skip_serializing)]
    pub voices: Vec<String>,
    /// Words this side calls its enemies by ("terrorists", "the occupiers"): spoken by this
    /// side, such a word means one of its `enemies`, never this side.
    #[serde(default, skip_serializing)]
    pub pejoratives: Vec<String>,
    /// The sides this side's pejoratives may mean: the one the report names wins.
    #[serde(default, skip_serializing)]
    pub enemies: Vec<FactionId>,
}

#[derive(Debug, thiserror::Error)]
pub enum FactionsError {
    #[error("factions.toml: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("factions.toml: faction {0:?} is defined twice")]
    Duplicate(String),
    #[error("factions.toml: faction {faction:?}: opponent {opponent:?} is not a faction id")]
    UnknownOpponent { faction: String, opponent: String },
    #[error("factions.toml: faction {faction:?}: enemy {enemy:?} is not a faction id")]
    UnknownEnemy { faction: String, enemy: String },
    #[error("factions.toml: deal_taker {0:?} is not a faction id")]
    UnknownDealTaker(String),
    #[error("factions.toml: faction {0:?}: empty name or adjective")]
    EmptyName(String),
}

#[derive(Deserialize)]
struct File {
    faction: Vec<Faction>,
    #[serde(default)]
    actor_nouns: Vec<String>,
    #[serde(default)]
    other_actors: Vec<String>,
    #[serde(default)]
    descriptors: Vec<String>,
    #[serde(default)]
    two_sided: bool,
    #[serde(default)]
    deal_taker: Option<String>,
}

/// All factions of a region, in the file's order.
#[derive(Debug, Clone)]
pub struct Factions {
    list: Vec<Faction>,
    /// Generic nouns that make an adjective an actor ("Kurdish" + "forces").
    actor_nouns: Vec<String>,
    /// Actors outside every faction ("Iraqi army"): they keep a shorter
    /// faction name inside them ("army") from matching.
    other_actors: Vec<String>,
    /// Region adjectives a noun phrase may carry ("the Shiite towns of"),
    /// lowercased: words of the region, kept out of the language file.
    descriptors: crate::fasthash::HashSet<String>,
    /// A war of two sides (`two_sided = true`): a side that lost or left a
    /// place leaves it to its `opponent`.
    two_sided: bool,
    /// The side that takes a place under a reconciliation, surrender or
    /// evacuation deal when the report does not say (`deal_taker`).
    deal_taker: Option<usize>,
    /// The phrase matcher, built on first use.
    matcher: std::sync::OnceLock<std::sync::Arc<super::extract::actors::ActorMatcher>>,
    voices: std::sync::OnceLock<std::sync::Arc<super::extract::voice::VoiceMatcher>>,
}

impl Factions {
    pub fn parse(toml_text: &str) -> Result<Factions, FactionsError> {
        let f: File = toml::from_str(toml_text)?;
        let mut seen = crate::fasthash::HashSet::default();
        for x in &f.faction {
            if !seen.insert(x.id.clone()) {
                return Err(FactionsError::Duplicate(x.id.clone()));
            }
            let words = x
                .names
                .iter()
                .chain(&x.held_adjectives)
                .chain(&x.weak_names);
            if words.into_iter().any(|w| w.trim().is_empty()) {
                return Err(FactionsError::EmptyName(x.id.clone()));
            }
        }
        for x in &f.faction {
            if let Some(e) = x.enemies.iter().find(|e| !seen.contains(*e)) {
                return Err(FactionsError::UnknownEnemy {
                    faction: x.id.clone(),
                    enemy: e.clone(),
                });
            }
            if let Some(o) = &x.opponent {
                if !seen.contains(o) {
                    return Err(FactionsError::UnknownOpponent {
                        faction: x.id.clone(),
                        opponent: o.clone(),
                    });
                }
            }
        }
        let deal_taker = match &f.deal_taker {
            Some(id) => Some(
                f.faction
                    .iter()
                    .position(|x| &x.id == id)
                    .ok_or_else(|| FactionsError::UnknownDealTaker(id.clone()))?,
            ),
            None => None,
        };
        Ok(Factions {
            list: f.faction,
            deal_taker,
            actor_nouns: f.actor_nouns,
            other_actors: f.other_actors,
            descriptors: f.descriptors.iter().map(|d| d.to_lowercase()).collect(),
            two_sided: f.two_sided,
            matcher: std::sync::OnceLock::new(),
            voices: std::sync::OnceLock::new(),
        })
    }

    /// Generic nouns that turn a faction adjective into an actor ("forces").
    pub fn actor_nouns(&self) -> &[String] {
        &self.actor_nouns
    }

    /// Phrases naming actors that belong to no faction of the region.
    pub fn other_actors(&self) -> &[String] {
        &self.other_actors
    }

    /// Region adjectives of noun phrases (`descriptors`), lowercased.
    pub fn descriptors(&self) -> &crate::fasthash::HashSet<String> {
        &self.descriptors
    }

    /// Whether the region's war has two sides, so that a side's loss is its
    /// `opponent`'s gain.
    pub fn two_sided(&self) -> bool {
        self.two_sided
    }

    /// The index of the side that takes a place under a deal the report
    /// names without saying who takes it (`deal_taker`).
    pub fn deal_taker(&self) -> Option<usize> {
        self.deal_taker
    }

    /// The compiled phrase matcher over every faction's words.
    /// The region's voices, compiled once.
    pub(crate) fn voice_matcher(&self) -> std::sync::Arc<super::extract::voice::VoiceMatcher> {
        self.voices
            .get_or_init(|| std::sync::Arc::new(super::extract::voice::VoiceMatcher::new(self)))
            .clone()
    }

    pub(crate) fn matcher(&self) -> std::sync::Arc<super::extract::actors::ActorMatcher> {
        self.matcher
            .get_or_init(|| std::sync::Arc::new(super::extract::actors::ActorMatcher::new(self)))
            .clone()
    }

    pub fn all(&self) -> &[Faction] {
        &self.list
    }

    pub fn get(&self, id: &str) -> Option<&Faction> {
        self.list.iter().find(|f| f.id == id)
    }

    /// The faction a data file's faction key means: the faction with that id, else
    /// the first whose `aliases` hold it. `key` is compared as written.
    pub fn by_key(&self, key: &str) -> Option<&Faction> {
        self.get(key).or_else(|| {
            self.list
                .iter()
                .find(|f| f.aliases.iter().any(|a| a == key))
        })
    }

    /// Whether `key` (an id or an alias) may mean faction `id`.
    pub fn key_means(&self, key: &str, id: &str) -> bool {
        self.get(id)
            .is_some_and(|f| f.id == key || f.aliases.iter().any(|a| a == key))
    }
}
