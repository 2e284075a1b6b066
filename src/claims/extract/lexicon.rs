//! The language file: words and frames of one language, read from
//! `geodata/lang/<lang>.toml` (schema in the file's header). The grammar in
//! [`super::frames`] and the shared noun-phrase helpers read their words
//! from here, so a construction is added as data, not code.
//!
//! English is compiled into the binary; the file is parsed once, on first
//! use, and a malformed file is a test failure (see the tests below), never a
//! panic in a user's run: a lexicon that does not parse is an empty one.

use super::words::WordList;
use crate::fasthash::{HashMap, HashSet};
use serde::Deserialize;
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
    /// The word between the noun and its places: "of" ("the capture of Y"),
    /// "from" ("the withdrawal from Y"), "into" ("the incursion into Y").
    /// Before a link other than "of", "of <side>" names the agent ("the
    /// withdrawal of Russian troops from Y").
    pub link: String,
    /// What the agent does to the places: `captured` (the default), `lost`
    /// (a withdrawal), `contested` (an incursion: each side holds some) or
    /// `holds` (a state: "the army's control of Y").
    #[serde(default = "default_nominal_relation")]
    pub relation: NominalRelation,
    /// Whether only a side in the possessive right before the noun may be the
    /// agent ("the regime's control over Y"): for nouns that other verbs take
    /// as their object ("lost control of Y", "fighting for control of Y").
    #[serde(default)]
    pub possessive_agent: bool,
    /// Verbs of declaring whose subject, with the noun as their object, is the agent when no
    /// agent follows ("the army declared the fall of Y", "SDF Declares Fall Of Y"): the
    /// side that declares a place fallen took it.
    #[serde(default)]
    pub declaring_verbs: Vec<String>,
}

fn default_nominal_relation() -> NominalRelation {
    NominalRelation::Captured
}

/// The relation a nominal frame states between its agent and its places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum NominalRelation {
    Captured,
    Lost,
    Contested,
    Holds,
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
    /// Words beside the stative auxiliaries and adverbs that may stand
    /// between the side and the frame word.
    #[serde(default)]
    pub between: Vec<String>,
    /// Nouns of a side's hold that stand for the side as the subject: "the
    /// influence of X is limited to Y", "X's presence is confined to Y".
    #[serde(default)]
    pub side_nouns: Vec<String>,
    /// The side stands after the word, which modifies it: "the remaining
    /// rebel fighters in Y", "the last pocket of IS fighters in Y",
    /// "remnants of IS in Y" (or in a possessive right before it: "IS's
    /// remaining fighters in Y").
    #[serde(default)]
    pub side_after: bool,
    /// When given, one of these must stand within two words before the word:
    /// "the last pockets of X in Y" (a bare "pockets of X" may be anywhere).
    #[serde(default)]
    pub after_words: Vec<String>,
    /// Compass words of a locating phrase between the word and its
    /// preposition: "IS remnants east of the Euphrates in A and B".
    #[serde(default)]
    pub locators: Vec<String>,
    /// Only the preposition form: "X are dug in in Y", never "Y, where X have
    /// dug in" (a side dug in somewhere in a city need not hold it).
    #[serde(default)]
    pub prep_only: bool,
    /// Words of the frame that take the shut-in side as their object: "the
    /// army besieged rebels in Y" (the object side holds Y, not the subject).
    #[serde(default)]
    pub object_words: Vec<String>,
    pub confidence: String,
}

/// Where an event frame finds the side that ends up holding its places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum EventSide {
    /// The side named just before the trigger ("the Turkish flag", a region's
    /// `flags` word: "the Syrian flag"), else the clause's subject.
    Modifier,
    /// The side named just before the trigger only ("a strong Hezbollah presence"): a
    /// frame whose clause subject may be another side ("rebels pressed close to Y, an area
    /// with a strong Hezbollah presence").
    ModifierOnly,
    /// The side after one of `side_preps` ("control of Y passed to X").
    After,
    /// The side named between the trigger and the frame's `with` word after it,
    /// the trigger's first object: "the fall of the base gave the militants full
    /// control of Y".
    Object,
    /// The region's `deal_taker` (`factions.toml`): "Y joined the
    /// reconciliation deal".
    Region,
    /// The side that leaves: the faction named in the clause, or one of
    /// `evacuees` ("the last fighters"); the place goes to its opponent in a
    /// two-sided war, else to the region's `deal_taker`. Sides after one of
    /// `side_preps` receive the places ("handing the town to the army") and
    /// are no leaving party.
    Evacuee,
    /// Every side named in the clause ("Y changed hands between rebels and
    /// the army"): with `relation = "contested"`.
    Named,
}

/// The relation an event frame states between its side and its places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum EventRelation {
    Captured,
    Holds,
    Contested,
    /// The side gave the places up ("the rebels' losses include Y").
    Lost,
}

/// A frame for a change of hands told through an event that is no verb of
/// taking ("the Syrian flag was raised over Y", "Y joined the reconciliation
/// deal", "fighters were bused out of Y", "control of Y passed to X") or a
/// holder stated apart from the place ("Y, loyal to the government").
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct EventFrame {
    pub id: String,
    /// The words the frame starts from.
    pub words: Vec<String>,
    /// When given, one of them must follow the trigger within two words
    /// ("reconciliation deal", "surrender agreement").
    #[serde(default)]
    pub heads: Vec<String>,
    /// When given, one of them must stand at most four words before the
    /// trigger: the deal is an adjunct ("left Y under a deal"), not what a
    /// side leaves ("withdrew from the grain deal").
    #[serde(default)]
    pub openers: Vec<String>,
    /// When given, one of them must stand in the clause ("raised", "joined").
    #[serde(default)]
    pub with: Vec<String>,
    /// None of them may stand in the clause ("talks", "rejected").
    #[serde(default)]
    pub blocks: Vec<String>,
    /// Prepositions before the places, after the trigger (or anywhere in the
    /// clause with `before`).
    #[serde(default)]
    pub preps: Vec<String>,
    #[serde(default)]
    pub before: bool,
    /// When not 0, a preposition before the places stands at most this many
    /// words after the trigger ("carried the last fighters out of Y").
    #[serde(default)]
    pub reach: usize,
    /// The places before the trigger (or the first `with` word) are its
    /// subject ("Y joined the deal", "Y, loyal to …").
    #[serde(default)]
    pub subject: bool,
    /// The places right after the trigger are its object ("handed Y over to").
    #[serde(default)]
    pub object: bool,
    /// The places are also the list a colon opens where the trigger's clause
    /// ends ("a string of setbacks to X: A, B and C").
    #[serde(default)]
    pub colon: bool,
    pub side: EventSide,
    /// With `side = "after"`: the words before the side.
    #[serde(default)]
    pub side_preps: Vec<String>,
    /// With `side = "modifier"`: when given, the modifier must contain one
    /// ("Russian-installed authorities in Y"), and no other side is sought.
    #[serde(default)]
    pub marks: Vec<String>,
    /// With `side = "evacuee"`: words for the people who leave when no
    /// faction is named ("the last fighters").
    #[serde(default)]
    pub evacuees: Vec<String>,
    /// With `side = "evacuee"`: the side that leaves is the trigger's subject when it names
    /// one ("the Observatory said the rebels in Y had surrendered"), whatever other sides the
    /// clause names, and a side after one of `side_preps` takes the places from it ("rebels in
    /// Y surrendered to the army").
    #[serde(default)]
    pub subject_leaves: bool,
    /// Blocks that count only as the head of what they name: one after an
    /// `evacuees` word or a named side in the clause is no block ("fighters
    /// and their families were bused out of Y", not "families were").
    #[serde(default)]
    pub soft_blocks: Vec<String>,
    pub relation: EventRelation,
    pub confidence: String,
    /// The change of hands the frame tells follows every other one its sentence tells of the
    /// same place ("Nusra seized Y, and control of it was transferred to IS"): its claim
    /// stands beside the families' and marks another side's capture there as earlier.
    #[serde(default)]
    pub supersedes: bool,
    /// Nouns that, as the trigger's bare subject (no "of" after them), stand for what the
    /// sentence has just told taken ("… seized the city and the dam, and control was
    /// transferred to IS"): the frame's places are then the sentence's earlier captures.
    #[serde(default)]
    pub bare_subjects: Vec<String>,
}

/// What a verb block's frame says about the places it governs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum VerbRole {
    /// "$ VERB +" (the subject takes the places), "+ be VERBed [by $]" (the
    /// agent takes them).
    Take,
    /// "$ VERB [particle] <prep> +": a side falls back to places it holds
    /// ("withdrew towards Y", "fled to Y").
    RetreatTo,
    /// "$ VERB [particles] [<prep>] +": a side keeps places it holds ("IS
    /// fortified Y", "rebels reinforced their positions in Y").
    Hold,
}

/// A PETRARCH-style verb synonym block: lemmas (regular -s/-ed/-ing forms are
/// derived in code) and irregular forms, with the role its places take.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct VerbBlock {
    pub id: String,
    pub lemmas: Vec<String>,
    /// Irregular past and participle forms ("took", "taken").
    #[serde(default)]
    pub irregular: Vec<String>,
    pub role: VerbRole,
    /// Words allowed right after the verb, before its preposition or object
    /// ("pulled back towards", "take it over").
    #[serde(default)]
    pub particles: Vec<String>,
    /// The verb says something only with one of its particles ("pulled
    /// back", not "pulled").
    #[serde(default)]
    pub needs_particle: bool,
    /// Prepositions before the places (retreat frames).
    #[serde(default)]
    pub preps: Vec<String>,
    /// The object must be "control (of|over) +" ("gained control of Y").
    #[serde(default)]
    pub control: bool,
    pub confidence: String,
}

/// How a word is inflected, as far as the verb frames care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VerbForm {
    Base,
    Third,
    /// -ed or an irregular past/participle: may head a passive.
    Past,
    Ing,
}

/// `[inflection]`: how the language writes a verb's regular forms.
#[derive(Debug, Default, Clone, Deserialize)]
pub(crate) struct Inflection {
    /// Letters after which a final "y" stays ("stay" → "stays", not "staies").
    #[serde(default)]
    pub vowels: String,
    /// Endings that take "-es" in the third person ("push" → "pushes").
    #[serde(default)]
    pub sibilant_endings: Vec<String>,
    /// Endings whose final "e" stays before "-ing" ("free" → "freeing").
    #[serde(default)]
    pub kept_e_endings: Vec<String>,
}

/// The regular forms of a lemma by the language's [`Inflection`]: "capture"
/// → captures, captured, capturing; "carry" → carries, carried.
pub(crate) fn regular_forms(lemma: &str, rules: &Inflection) -> Vec<(String, VerbForm)> {
    let l = lemma.to_lowercase();
    let mut out = vec![(l.clone(), VerbForm::Base)];
    let consonant_y =
        l.ends_with('y') && !l[..l.len() - 1].ends_with(|c: char| rules.vowels.contains(c));
    let stem_y = &l[..l.len().saturating_sub(1)];
    let third = if consonant_y {
        format!("{stem_y}ies")
    } else if rules
        .sibilant_endings
        .iter()
        .any(|e| l.ends_with(e.as_str()))
    {
        format!("{l}es")
    } else {
        format!("{l}s")
    };
    out.push((third, VerbForm::Third));
    let past = if consonant_y {
        format!("{stem_y}ied")
    } else if l.ends_with('e') {
        format!("{l}d")
    } else {
        format!("{l}ed")
    };
    out.push((past, VerbForm::Past));
    let ing = if l.ends_with('e') && !rules.kept_e_endings.iter().any(|e| l.ends_with(e.as_str())) {
        format!("{}ing", &l[..l.len() - 1])
    } else {
        format!("{l}ing")
    };
    out.push((ing, VerbForm::Ing));
    out
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
    state_openers: Vec<String>,
    #[serde(default)]
    months: Vec<String>,
    #[serde(default)]
    perfect_states: Vec<String>,
    #[serde(default)]
    around_nouns: Vec<String>,
    #[serde(default)]
    attribution_verbs: Vec<String>,
    #[serde(default)]
    instrumental_openings: Vec<String>,
    #[serde(default)]
    sequel_openings: Vec<String>,
    #[serde(default)]
    adverbs: Vec<String>,
    #[serde(default)]
    list_openers: Vec<String>,
    #[serde(default)]
    whole_area: Vec<String>,
    #[serde(default)]
    backer_marks: Vec<String>,
    #[serde(default)]
    backer_language: String,
    #[serde(default)]
    nominal: Vec<NominalFrame>,
    #[serde(default)]
    clearing: Vec<ClearingFrame>,
    #[serde(default)]
    presence: Vec<PresenceFrame>,
    #[serde(default)]
    event: Vec<EventFrame>,
    #[serde(default)]
    words: super::words::RawTables,
    #[serde(default)]
    verb: Vec<VerbBlock>,
    #[serde(default)]
    verb_words: VerbWords,
    #[serde(default)]
    inflection: Inflection,
}

/// `[verb_words]`: the words every verb frame tests.
#[derive(Debug, Default, Deserialize)]
struct VerbWords {
    #[serde(default)]
    verb_blocks: Vec<String>,
    #[serde(default)]
    be_forms: Vec<String>,
    #[serde(default)]
    object_pronouns: Vec<String>,
    #[serde(default)]
    object_stops: Vec<String>,
    #[serde(default)]
    relatives: Vec<String>,
    #[serde(default)]
    place_nouns: Vec<String>,
    #[serde(default)]
    subordinators: Vec<String>,
    #[serde(default)]
    perfect_openers: Vec<String>,
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
    pub state_openers: HashSet<String>,
    /// Month names in calendar order (`months`): the stated dates of
    /// [`Lexicon::stated_span`].
    pub months: Vec<String>,
    pub perfect_states: HashSet<String>,
    pub around_nouns: HashSet<String>,
    pub attribution_verbs: HashSet<String>,
    pub instrumental_openings: HashSet<String>,
    pub sequel_openings: HashSet<String>,
    pub adverbs: HashSet<String>,
    pub list_openers: HashSet<String>,
    /// Words before an area that make a change of hands about the whole of
    /// it ("took control of the Luhansk region", "the entire province").
    pub whole_area: HashSet<String>,
    /// Marks of a backer modifier in a side's name ("Turkish-backed"): such a
    /// name narrows the report's generic names of a wider side to it.
    pub backer_marks: Vec<String>,
    /// The key of this language in a region's `backer_by_language` ("the FSA, backed by
    /// Ankara": the words naming a side only as its backer).
    pub backer_language: String,
    pub nominal: Vec<NominalFrame>,
    pub clearing: Vec<ClearingFrame>,
    pub presence: Vec<PresenceFrame>,
    pub event: Vec<EventFrame>,
    /// Every word some frame starts from, for a one-lookup skip.
    pub triggers: HashSet<String>,
    /// The word sets of the older pattern families (`[words.*]`).
    pub words: super::words::Words,
    /// The verb synonym blocks ([`VerbBlock`]).
    pub verbs: Vec<VerbBlock>,
    /// Every form of every verb block: (block index, form), the first block
    /// that has the form.
    pub verb_forms: HashMap<String, (usize, VerbForm)>,
    /// Forms a later block shares with the block of `verb_forms` ("won" in
    /// "won control of" and in "won back"): each block's own frame decides.
    pub shared_verb_forms: HashMap<String, Vec<(usize, VerbForm)>>,
    /// Words between a verb's subject and the verb that make it an aim, an
    /// attempt, a denial or a failure ("aiming to", "failed to", "denied").
    pub verb_blocks: HashSet<String>,
    /// Forms of "be" that make a participle passive.
    pub be_forms: HashSet<String>,
    /// Pronouns that stand for a place named earlier in the sentence ("took it").
    pub object_pronouns: HashSet<String>,
    /// Words after which a verb's object list cannot go on.
    pub object_stops: HashSet<String>,
    /// Words opening a relative or complement clause ("which", "that").
    pub relatives: HashSet<String>,
    /// Nouns naming places ("the localities of A and B").
    pub place_nouns: HashSet<String>,
    /// Words opening an adverbial clause with its own subject ("before", "after").
    pub subordinators: HashSet<String>,
    /// Auxiliaries of a perfect participle clause opening a sentence, whose subject is the
    /// main clause's ("Having seized Y, X pushed on").
    pub perfect_openers: HashSet<String>,
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
            .chain(f.presence.iter().map(|c| (&c.id, &c.confidence)))
            .chain(f.event.iter().map(|c| (&c.id, &c.confidence)))
            .chain(f.verb.iter().map(|c| (&c.id, &c.confidence)));
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
            .chain(f.event.iter().flat_map(|c| c.words.iter()))
            .map(|w| w.to_lowercase())
            .collect();
        let mut verb_forms: HashMap<String, (usize, VerbForm)> = HashMap::default();
        let mut shared_verb_forms: HashMap<String, Vec<(usize, VerbForm)>> = HashMap::default();
        let mut add_form = |form: String, b: usize, kind: VerbForm| match verb_forms.get(&form) {
            None => {
                verb_forms.insert(form, (b, kind));
            }
            Some(&(first, _)) if first != b => {
                let shared = shared_verb_forms.entry(form).or_default();
                if !shared.iter().any(|&(o, _)| o == b) {
                    shared.push((b, kind));
                }
            }
            Some(_) => {}
        };
        for (b, block) in f.verb.iter().enumerate() {
            for lemma in &block.lemmas {
                for (form, kind) in regular_forms(lemma, &f.inflection) {
                    add_form(form, b, kind);
                }
            }
            for form in &block.irregular {
                add_form(form.to_lowercase(), b, VerbForm::Past);
            }
        }
        Ok(Lexicon {
            verb_forms,
            shared_verb_forms,
            verbs: f.verb,
            verb_blocks: set(f.verb_words.verb_blocks),
            be_forms: set(f.verb_words.be_forms),
            object_pronouns: set(f.verb_words.object_pronouns),
            object_stops: set(f.verb_words.object_stops),
            relatives: set(f.verb_words.relatives),
            place_nouns: set(f.verb_words.place_nouns),
            subordinators: set(f.verb_words.subordinators),
            perfect_openers: set(f.verb_words.perfect_openers),
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
            state_openers: set(f.state_openers),
            months: f.months.iter().map(|m| m.to_lowercase()).collect(),
            perfect_states: set(f.perfect_states),
            around_nouns: set(f.around_nouns),
            attribution_verbs: set(f.attribution_verbs),
            instrumental_openings: set(f.instrumental_openings),
            sequel_openings: set(f.sequel_openings),
            adverbs: set(f.adverbs),
            list_openers: set(f.list_openers),
            whole_area: set(f.whole_area),
            backer_marks: f.backer_marks.iter().map(|m| m.to_lowercase()).collect(),
            backer_language: f.backer_language,
            nominal: f.nominal,
            clearing: f.clearing,
            presence: f.presence,
            event: f.event,
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
            || self.tells_state_at(sentence)
            || self.present_perfect_state(sentence)
    }

    /// "Y has been held by X since 2017", "it has since remained under …": a
    /// present perfect auxiliary, adverbs, then a participle of
    /// `perfect_states` not followed by a gerund ("has been trying to
    /// capture Y" tells no state).
    fn present_perfect_state(&self, sentence: &str) -> bool {
        let words: Vec<String> = sentence
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let perfect_aux = &self.words.hedges.perfect_aux;
        // A gerund the lexicon's verbs may not list ("trying"): its ending.
        let is_ing = |w: &str| {
            self.verb_forms
                .get(w)
                .is_some_and(|(_, f)| *f == VerbForm::Ing)
                || self
                    .words
                    .patterns
                    .participle_endings
                    .iter()
                    .any(|e| w.len() > e.len() + 2 && w.ends_with(e))
        };
        (0..words.len()).any(|k| {
            if !perfect_aux.has(&words[k]) {
                return false;
            }
            let mut j = k + 1;
            while j < words.len()
                && (self.adverbs.contains(&words[j]) || self.words.word.since.has(&words[j]))
            {
                j += 1;
            }
            words
                .get(j)
                .is_some_and(|w| self.perfect_states.contains(w))
                && !words.get(j + 1).is_some_and(|w| is_ing(w))
        })
    }

    /// Whether a sentence opens with the time its state holds at: a
    /// `state_openers` word, then a short time phrase closed by a comma ("By
    /// the end of the month,", "By 30 September,"), not a gerund ("By
    /// capturing Y, …" tells how, not when).
    fn tells_state_at(&self, sentence: &str) -> bool {
        /// The longest time phrase read after the opener.
        const TIME_PHRASE_WORDS: usize = 6;
        let Some((head, _)) = sentence.split_once(',') else {
            return false;
        };
        let words: Vec<&str> = head.split_whitespace().collect();
        // An opener of one word ("By") or of two ("As of").
        let opener_len = (1..=2).find(|&n| {
            words.len() >= n
                && self
                    .state_openers
                    .contains(&words[..n].join(" ").to_lowercase())
        });
        let opens = opener_len.is_some();
        let rest: &[&str] = &words[opener_len.unwrap_or(0)..];
        opens
            && !rest.is_empty()
            && rest.len() <= TIME_PHRASE_WORDS
            && !self
                .verb_forms
                .get(rest[0].to_lowercase().as_str())
                .is_some_and(|(_, f)| *f == VerbForm::Ing)
    }

    /// The span of time a sentence dates itself to, in months counted from
    /// year 0 (first, last): every year it names ("in 2014", "on 16 October
    /// 2016", "As of 2019"), to its month when a month name stands right
    /// before it, else the whole year. `None` when it names no year. An
    /// encyclopedia passage tells each change of hands with its date, so two
    /// sentences' spans order their claims where the text order does not.
    pub fn stated_span(&self, sentence: &str) -> Option<(i32, i32)> {
        /// Years outside this range are no date of a report's events.
        const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;
        let words: Vec<String> = sentence
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let mut span: Option<(i32, i32)> = None;
        for (k, w) in words.iter().enumerate() {
            let Some(year) = (w.len() == 4)
                .then(|| w.parse::<i32>().ok())
                .flatten()
                .filter(|y| YEARS.contains(y))
            else {
                continue;
            };
            let month = k
                .checked_sub(1)
                .and_then(|j| self.months.iter().position(|m| *m == words[j]));
            let (lo, hi) = match month {
                Some(m) => (year * 12 + m as i32, year * 12 + m as i32),
                None => (year * 12, year * 12 + 11),
            };
            span = Some(span.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
        }
        span
    }

    /// Whether token `t` ends a clause (";", "but", a bracket …): no frame
    /// reaches across one.
    pub(crate) fn is_clause_break(&self, t: &super::tokens::Tok) -> bool {
        matches!(
            t.kind,
            super::tokens::Kind::Word | super::tokens::Kind::Punct
        ) && self.clause_breaks.contains(t.w.as_ref())
    }

    /// The clause holding token `at`: its first token and one past its
    /// last. Every frame family reads its clause bounds here.
    pub(crate) fn clause_bounds(&self, toks: &[super::tokens::Tok], at: usize) -> (usize, usize) {
        let start = (0..at.min(toks.len()))
            .rev()
            .find(|&k| self.is_clause_break(&toks[k]))
            .map_or(0, |k| k + 1);
        let end = (at + 1..toks.len())
            .find(|&k| self.is_clause_break(&toks[k]))
            .unwrap_or(toks.len());
        (start, end)
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
    fn regular_verb_forms_are_derived_and_irregular_ones_listed() {
        let rules: File = toml::from_str(EN).unwrap();
        let forms = |l: &str| -> Vec<String> {
            regular_forms(l, &rules.inflection)
                .into_iter()
                .map(|(f, _)| f)
                .collect()
        };
        assert_eq!(
            forms("capture"),
            ["capture", "captures", "captured", "capturing"]
        );
        assert_eq!(forms("seize"), ["seize", "seizes", "seized", "seizing"]);
        assert_eq!(forms("carry"), ["carry", "carries", "carried", "carrying"]);
        assert_eq!(forms("push"), ["push", "pushes", "pushed", "pushing"]);
        let l = Lexicon::parse(EN).unwrap();
        let took = l
            .verb_forms
            .get("took")
            .expect("an irregular form is listed");
        assert_eq!(took.1, VerbForm::Past);
        assert!(l.verb_forms.contains_key("recaptured"));
        // The verb words are a table of their own: keys after the frame
        // arrays would be read as fields of the last frame.
        assert!(l.be_forms.contains("was") && l.verb_blocks.contains("failed"));
        assert!(l.object_pronouns.contains("it"));
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
