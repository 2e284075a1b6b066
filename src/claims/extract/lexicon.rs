//! The language file: words and frames of one language, read from
//! `geodata/lang/<lang>.toml` (schema in the file's header). The grammar in
//! [`super::frames`] and the shared noun-phrase helpers read their words
//! from here, so a construction is added as data, not code.
//!
//! English is compiled into the binary; the file is parsed once, on first
//! use, and a malformed file is a test failure (see the tests below), never a
//! panic in a user's run: a lexicon that does not parse is an empty one.

use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

const EN: &str = include_str!("../../../geodata/lang/en.toml");

/// A frame for a nominalised change of hands ("the capture of Y by X").
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct NominalFrame {
    pub id: String,
    pub nouns: Vec<String>,
    #[serde(default)]
    pub agent_preps: Vec<String>,
    #[serde(default)]
    pub max_gap: usize,
    pub confidence: String,
    #[serde(default)]
    pub borrow_agent: bool,
}

/// A frame for a place rid of a side ("Y was cleared of militants").
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ClearingFrame {
    pub id: String,
    pub words: Vec<String>,
    pub link: String,
    pub confidence: String,
}

/// A frame for a side entrenched in a place ("militants holed up in Y").
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct PresenceFrame {
    pub id: String,
    pub words: Vec<String>,
    #[serde(default)]
    pub particles: Vec<String>,
    pub preps: Vec<String>,
    pub confidence: String,
}

#[derive(Debug, Default, Deserialize)]
struct Clause {
    #[serde(default)]
    breaks: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
struct File {
    #[serde(default)]
    confidence: HashMap<String, f32>,
    #[serde(default)]
    clause: Clause,
    #[serde(default)]
    filler: Vec<String>,
    #[serde(default)]
    majority_shares: Vec<String>,
    #[serde(default)]
    area_heads: Vec<String>,
    #[serde(default)]
    nominal_blocks: Vec<String>,
    #[serde(default)]
    stative_aux: Vec<String>,
    #[serde(default)]
    determiners: Vec<String>,
    #[serde(default)]
    subject_starts: Vec<String>,
    #[serde(default)]
    present_cues: Vec<String>,
    #[serde(default)]
    around_nouns: Vec<String>,
    #[serde(default)]
    attribution_verbs: Vec<String>,
    #[serde(default)]
    instrumental_openings: Vec<String>,
    #[serde(default)]
    adverbs: Vec<String>,
    #[serde(default)]
    list_openers: Vec<String>,
    #[serde(default)]
    nominal: Vec<NominalFrame>,
    #[serde(default)]
    clearing: Vec<ClearingFrame>,
    #[serde(default)]
    presence: Vec<PresenceFrame>,
    #[serde(default)]
    words: super::words::RawTables,
}

/// One language's words and frames, as sets for fast lookup.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    confidence: HashMap<String, f32>,
    pub clause_breaks: HashSet<String>,
    pub filler: HashSet<String>,
    pub majority_shares: HashSet<String>,
    pub area_heads: HashSet<String>,
    pub nominal_blocks: HashSet<String>,
    pub stative_aux: HashSet<String>,
    pub determiners: HashSet<String>,
    pub subject_starts: HashSet<String>,
    pub present_cues: HashSet<String>,
    pub around_nouns: HashSet<String>,
    pub attribution_verbs: HashSet<String>,
    pub instrumental_openings: HashSet<String>,
    pub adverbs: HashSet<String>,
    pub list_openers: HashSet<String>,
    pub nominal: Vec<NominalFrame>,
    pub clearing: Vec<ClearingFrame>,
    pub presence: Vec<PresenceFrame>,
    /// Every word some frame starts from, for a one-lookup skip.
    pub triggers: HashSet<String>,
    /// The word sets of the older pattern families (`[words.*]`).
    pub words: super::words::Words,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum LexiconError {
    #[error("language file: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("language file: frame {frame:?} names confidence {name:?}, which [confidence] lacks")]
    UnknownConfidence { frame: String, name: String },
    #[error(transparent)]
    Words(#[from] super::words::WordsError),
}

impl Lexicon {
    pub fn parse(text: &str) -> Result<Lexicon, LexiconError> {
        let f: File = toml::from_str(text)?;
        let set = |v: Vec<String>| v.into_iter().map(|w| w.to_lowercase()).collect();
        let names = f
            .nominal
            .iter()
            .map(|n| (&n.id, &n.confidence))
            .chain(f.clearing.iter().map(|c| (&c.id, &c.confidence)))
            .chain(f.presence.iter().map(|c| (&c.id, &c.confidence)));
        for (id, name) in names {
            if !f.confidence.contains_key(name) {
                return Err(LexiconError::UnknownConfidence {
                    frame: id.clone(),
                    name: name.clone(),
                });
            }
        }
        let triggers = f
            .nominal
            .iter()
            .flat_map(|n| n.nouns.iter())
            .chain(f.clearing.iter().flat_map(|c| c.words.iter()))
            .chain(f.presence.iter().flat_map(|c| c.words.iter()))
            .map(|w| w.to_lowercase())
            .collect();
        Ok(Lexicon {
            confidence: f.confidence,
            clause_breaks: set(f.clause.breaks),
            filler: set(f.filler),
            majority_shares: set(f.majority_shares),
            area_heads: set(f.area_heads),
            nominal_blocks: set(f.nominal_blocks),
            stative_aux: set(f.stative_aux),
            determiners: set(f.determiners),
            subject_starts: set(f.subject_starts),
            present_cues: set(f.present_cues),
            around_nouns: set(f.around_nouns),
            attribution_verbs: set(f.attribution_verbs),
            instrumental_openings: set(f.instrumental_openings),
            adverbs: set(f.adverbs),
            list_openers: set(f.list_openers),
            nominal: f.nominal,
            clearing: f.clearing,
            presence: f.presence,
            triggers,
            words: super::words::Words::from_tables(f.words)?,
        })
    }

    /// Whether a sentence says it tells the state now ("still", "now",
    /// "remains"): such a state stands beside an earlier event in the report.
    pub fn tells_present(&self, sentence: &str) -> bool {
        sentence
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| !w.is_empty() && self.present_cues.contains(&w.to_lowercase()))
    }

    /// A named confidence value; 0 (no claim) for a name the file lacks,
    /// which [`Lexicon::parse`] has already refused for every frame.
    pub fn confidence(&self, name: &str) -> f32 {
        self.confidence.get(name).copied().unwrap_or(0.0)
    }
}

/// The bundled English lexicon.
pub(crate) fn en() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| match Lexicon::parse(EN) {
        Ok(l) => l,
        Err(e) => {
            tracing::error!("bundled language file: {e}");
            Lexicon::default()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_language_file_parses_and_names_known_confidences() {
        let l = Lexicon::parse(EN).expect("geodata/lang/en.toml parses");
        assert!(l.filler.contains("the"));
        assert!(!l.nominal.is_empty() && !l.clearing.is_empty());
        assert!(l.confidence("likely") > 0.5);
    }

    #[test]
    fn a_frame_with_an_unknown_confidence_is_refused_by_name() {
        let e = Lexicon::parse(
            "[confidence]\nsure = 0.9\n[[clearing]]\nid = \"c\"\nwords = [\"cleared\"]\nlink = \"of\"\nconfidence = \"certain\"\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("\"certain\""), "{e}");
    }

    #[test]
    fn no_region_word_in_the_language_file() {
        // Sect and ethnic adjectives are region data (factions.toml `descriptors`).
        let l = Lexicon::parse(EN).unwrap();
        for w in ["shiite", "sunni", "alawite", "druze", "kurdish-majority"] {
            assert!(!l.filler.contains(w), "{w} belongs to a region pack");
        }
    }
}
