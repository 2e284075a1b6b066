//! The construction engine: claims read by a language file that states its whole grammar as
//! data — its script, spelling folds, clitics, every verb form and, per construction, where the
//! side and the places stand (`geodata/lang/ar.toml`; schema in its header).
//!
//! A sentence goes here when most of its letters are in the script of such a file
//! ([`for_sentence`]); every other sentence goes to the English pattern families. The engine
//! assumes no word order: a frame says whether its places follow or precede the trigger, which
//! words must stand before them, and in which order the side is sought (after the trigger for
//! verb-subject-object, before it for subject-verb, after an agent marker, earlier in the
//! sentence or the report). Factions are matched by their `names_by_language` in
//! `factions.toml`. Claims are made by [`Cx::claim`], so scope, place kinds and confidence
//! follow the same rules as English ones, and the quote is the sentence as written.

use super::actors::HitKind;
use super::areas::Extent;
use super::disputed;
use super::tokens::{Kind, Tok};
use super::{Cx, Scope};
use crate::claims::{Claim, Factions, Relation};
use crate::fasthash::{HashMap, HashSet};
use crate::gazetteer::{haversine_km, PlaceKind};
use crate::geoparse::MentionRole;
use geo::Point;
use serde::Deserialize;
use std::borrow::Cow;
use std::sync::OnceLock;

const AR: &str = include_str!("../../../geodata/lang/ar.toml");

/// The bundled language files read by this engine; each names itself (`id`), the key of a
/// faction's `names_by_language`.
const BUNDLED: &[&str] = &[AR];

#[derive(Debug, thiserror::Error)]
pub(crate) enum GrammarError {
    #[error("language file: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("language file {lang}: frame {frame:?}: no confidence {name:?} in its table")]
    UnknownConfidence {
        lang: String,
        frame: String,
        name: String,
    },
    #[error("language file {lang}: doubt_confidence {name:?} is not in its table")]
    UnknownDoubt { lang: String, name: String },
    #[error("language file {lang}: frame {frame:?}: unknown actor position {position:?}")]
    UnknownPosition {
        lang: String,
        frame: String,
        position: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    id: String,
    script: ScriptSpec,
    #[serde(default)]
    fold: FoldSpec,
    #[serde(default)]
    clitics: CliticSpec,
    #[serde(default)]
    confidence: HashMap<String, f32>,
    #[serde(default)]
    clause: ClauseSpec,
    #[serde(default)]
    not_places: Vec<String>,
    #[serde(default)]
    not_sides: Vec<String>,
    #[serde(default)]
    unnamed_sides: Vec<String>,
    #[serde(default)]
    unnamed_adjectives: Vec<String>,
    #[serde(default)]
    clause_sides: Vec<String>,
    #[serde(default)]
    operation_nouns: Vec<String>,
    #[serde(default)]
    places: PlaceSpec,
    #[serde(default)]
    anaphor: Vec<AnaphorSpec>,
    #[serde(default)]
    hedges: HedgeSpec,
    #[serde(default)]
    tense: TenseSpec,
    #[serde(default)]
    frame: Vec<FrameSpec>,
    #[serde(default)]
    object_pronouns: ObjectPronounSpec,
    #[serde(default)]
    backing: BackingSpec,
    #[serde(default)]
    discourse: DiscourseSpec,
    #[serde(default)]
    disputes: DisputeSpec,
}

/// What disputes a change of hands told before it, in its sentence or the one before
/// (`disputed.rs`, as English `[words.disputes]`): a denial pointing back to it ("، فيما نفى
/// X ذلك") or naming its place, and a report of it that could not be confirmed ("ولم يتسن
/// التحقق من ذلك", "بحسب أنباء غير مؤكدة").
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct DisputeSpec {
    /// Words of denying (every form listed).
    #[serde(default)]
    denials: Vec<String>,
    /// Objects that point back to what was told ("ذلك", "هذه الأنباء", "صحة"): after a
    /// denial or a word of confirmation, the claim told before.
    #[serde(default)]
    objects: Vec<String>,
    /// Negations of being able ("لم يتسن", "تعذر"), before a word of `verification`.
    #[serde(default)]
    negations: Vec<String>,
    #[serde(default)]
    verification: Vec<String>,
    /// Words that may end the clause after a word of confirmation ("بشكل مستقل").
    #[serde(default)]
    independently: Vec<String>,
    /// Adjectives of a report not confirmed ("غير مؤكدة"), right after a `report_nouns` word.
    #[serde(default)]
    unverified: Vec<String>,
    #[serde(default)]
    report_nouns: Vec<String>,
}

/// A side's backer or operation told after its name ("الجيش الحر بدعم تركي", "فصائل المعارضة
/// المشاركة في عملية درع الفرات") or governing its clause ("ضمن عملية غصن الزيتون"): the side
/// becomes the backer's when the region says the backer takes it in (`factions.toml` `backs`).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct BackingSpec {
    /// Words right after a side's name (or an unnamed group) that introduce its backer or the
    /// operation it fights in ("بدعم من", "المدعومة من", "المشاركة في").
    #[serde(default)]
    links: Vec<String>,
    /// Words that may stand between a link and the backer: kinds of support and arms ("جوي",
    /// "المدفعية"); the file's `operation_nouns` may too.
    #[serde(default)]
    kinds: Vec<String>,
    /// Words before an operation noun that put the whole clause inside the operation ("ضمن
    /// عملية X", "في إطار عملية X"): every side of the clause the operation's side takes in
    /// is that side.
    #[serde(default)]
    governors: Vec<String>,
}

/// Who is only reported as speaking: a side named as the subject of a verb of saying right
/// after it, or as whose spokesman someone speaks, and which no claim of the sentence names, is
/// not remembered as the side the report named last ("قالت هيئة تحرير الشام إنها لن تتدخل.
/// وسيطرت الفصائل على Y": the factions are not HTS).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct DiscourseSpec {
    /// Verbs of saying, denying, announcing (every form listed), right before the speaker.
    #[serde(default)]
    speech_verbs: Vec<String>,
    /// Words right before a side that make it the one spoken for ("متحدث باسم X").
    #[serde(default)]
    spoken_for: Vec<String>,
}

/// Verbs whose object may be a pronoun suffix standing for a place named before
/// ("ودخلتها قوات X": entered it).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ObjectPronounSpec {
    /// The verb forms that take a place as their direct object, listed whole.
    #[serde(default)]
    verbs: Vec<String>,
    /// The object pronouns, as written (unfolded: a folded ending may be a noun's).
    #[serde(default)]
    suffixes: Vec<String>,
    /// Words right before the verb after which the pronoun is a relative clause's
    /// ("Y التي دخلتها X"): the holder frames read those.
    #[serde(default)]
    not_after: Vec<String>,
    /// A preposition carrying the pronoun ("عليها", "إليها", "منها"), keyed by the preposition
    /// as written alone, with the words it is the object slot of ("سيطرتها عليها", "دخول X
    /// إليها", "انسحبت منها"): right after one of those (across a side's name) the pronoun is
    /// a place too.
    #[serde(default)]
    prepositions: std::collections::BTreeMap<String, Vec<String>>,
    /// Words right before such a word after which the clause tells no news ("قبل سيطرة X
    /// عليها": before X took it, told as the time of something else).
    #[serde(default)]
    prepositions_not_after: Vec<String>,
    /// Verbs of falling or staying under a holder whose unsaid subject is a place named
    /// before ("ثم خضعت لسيطرة X", "ظلت تحت سيطرة X"): right before one of
    /// `subject_holders`, the latest place named before stands as their subject (inserted
    /// before the verb).
    #[serde(default)]
    subject_verbs: Vec<String>,
    /// The holder phrases that must follow such a verb ("لسيطرة", "تحت سيطرة", "بيد").
    #[serde(default)]
    subject_holders: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct TenseSpec {
    #[serde(default)]
    earlier: Vec<String>,
    /// Words of time before a year ("في", "عام", "منذ"): a clause naming a year before the
    /// report's within `year_span` words after one tells background.
    #[serde(default)]
    year_preps: Vec<String>,
    #[serde(default)]
    year_span: usize,
    /// Words of "until" before a year ("حتى شباط 2017"): a hold told as lasting until a year
    /// before the report's is over, no holder now.
    #[serde(default)]
    until: Vec<String>,
    /// Words right after a holder's name that make it a former one ("معقل التنظيم السابق":
    /// the group's former stronghold): the hold is over, no holder now.
    #[serde(default)]
    former: Vec<String>,
    /// A closed period in a hold's clause: one of `period_opens` ("بين", "من"), a year, one
    /// of `period_closes` ("حتى", "إلى") or a conjunction of `period_close_proclitics` written
    /// on the next word ("وآذار 2016"), and a second year not after the report's: the hold
    /// is over ("سيطر X على Y بين أيار 2015 وآذار 2016").
    #[serde(default)]
    period_opens: Vec<String>,
    #[serde(default)]
    period_closes: Vec<String>,
    #[serde(default)]
    period_close_proclitics: Vec<String>,
    /// Verbs of change of hands that also tell a state ("سيطر": took or held): bounded by a
    /// closed period, they tell a hold that is over, as the holder frames do.
    #[serde(default)]
    period_verbs: Vec<String>,
}

/// Definite kind nouns that stand for a place named before ("المدينة": the city).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnaphorSpec {
    words: Vec<String>,
    kinds: Vec<PlaceKind>,
    /// How many places the noun stands for: 2 for a dual ("القريتين": the two villages).
    #[serde(default = "one")]
    count: usize,
}

fn one() -> usize {
    1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScriptSpec {
    letters: Vec<[u32; 2]>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FoldSpec {
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    letters: HashMap<String, String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct CliticSpec {
    #[serde(default)]
    proclitics: Vec<String>,
    #[serde(default)]
    max_proclitics: usize,
    #[serde(default)]
    enclitics: Vec<String>,
    /// A proclitic that merges with the word's article ("ل" + "ال" is written "لل"): the
    /// word is also read with the article whole ("للنظام" is "ل" + "النظام").
    #[serde(default)]
    contractions: HashMap<String, String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ClauseSpec {
    #[serde(default)]
    punct: Vec<String>,
    #[serde(default)]
    words: Vec<String>,
    /// Bracket pairs whose content, right after a side's name, is the name's gloss.
    #[serde(default)]
    asides: Vec<(String, String)>,
    /// The most words such a gloss holds.
    #[serde(default)]
    aside_words: usize,
    /// Phrases right after a break word that keep its clause open ("بعد أن باتت تحت سيطرة X":
    /// a clause whose unsaid subject is the place before it).
    #[serde(default)]
    kept_open: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PlaceSpec {
    #[serde(default)]
    filler: Vec<String>,
    #[serde(default)]
    connectors: Vec<String>,
    #[serde(default)]
    around: Vec<String>,
    #[serde(default)]
    facility: Vec<String>,
    #[serde(default)]
    partial: Vec<String>,
    /// Adjectives naming a part ("الشرقية"): right after a kind noun of the object's noun
    /// phrase ("الأحياء الشرقية لمدينة Y") they are of that phrase.
    #[serde(default)]
    part_adjectives: Vec<String>,
    /// Phrases after a besieged place that tell a ring from some sides only ("من ثلاث جهات"):
    /// a partial encirclement names no besieged holder.
    #[serde(default)]
    partial_rings: Vec<String>,
    #[serde(default)]
    after_place: Vec<String>,
    /// Words that may stand after a list's conjunction before its next place, repeating the
    /// frame's preposition ("A، ثم على B", "A وعلى B").
    #[serde(default)]
    list_links: Vec<String>,
    #[serde(default)]
    whole: Vec<String>,
    #[serde(default)]
    bulk: Vec<String>,
    #[serde(default)]
    share_links: Vec<String>,
    #[serde(default)]
    openers: Vec<String>,
    /// Words that make the place after them a destination ("باتجاه Y"), not the object of
    /// a frame whose prepositions they are not.
    #[serde(default)]
    destinations: Vec<String>,
    /// Prepositions of a locative phrase after a frame's places ("من Y في ريف Z"), skipped
    /// on the way to the agent marker.
    #[serde(default)]
    locatives: Vec<String>,
    /// Compass words that, after a noun of unnamed places, make the place after them a
    /// landmark ("عشرات القرى غربي Y": villages west of Y, not Y).
    #[serde(default)]
    directions: Vec<String>,
    /// Containment: a holder modifier after an area that cannot itself be claimed (the
    /// countryside of Y, a governorate: "بلدة X في ريف Y الجنوبي الخاضع لسيطرة Z") holds the
    /// places the area contains: those before one of `inside_links` ("في", "ضمن") or an
    /// `inside_proclitics` letter on the area's first word ("بريف Y"), or before a comma and
    /// one of `relational_heads` ("X، إحدى ضواحي Y الخاضعة لسيطرة Z": the suburb X, not Y).
    #[serde(default)]
    inside_links: Vec<String>,
    #[serde(default)]
    inside_proclitics: Vec<String>,
    #[serde(default)]
    relational_heads: Vec<String>,
    /// The share of the area's confidence its contained places get.
    #[serde(default)]
    inside_share: f32,
    /// Kind nouns that, right after the place opening a sentence, define it ("Y مدينة في ريف
    /// Z"): the later places of that clause say where Y lies.
    #[serde(default)]
    definitions: Vec<String>,
    /// Nouns of an administrative unit named after its seat ("ناحية Y"): a unit so named
    /// as a change of hands' object is its seat taken (the town of that name in it).
    #[serde(default)]
    seats: Vec<String>,
    /// Words before such a noun that make the unit where other places lie ("قرى في ناحية
    /// Y", "ضمن ناحية Y"): no seat taken.
    #[serde(default)]
    seats_not_after: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct HedgeSpec {
    #[serde(default)]
    doubt_confidence: String,
    #[serde(default)]
    blocks: Vec<String>,
    /// Names of bodies holding a hedge word ("هيئة التفاوض", the negotiating commission): the
    /// word inside them hedges nothing.
    #[serde(default)]
    bodies: Vec<String>,
    #[serde(default)]
    doubts: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrameSpec {
    id: String,
    words: Vec<String>,
    relation: FrameRelation,
    #[serde(default)]
    requires: Vec<String>,
    #[serde(default)]
    places: PlacesSide,
    #[serde(default)]
    preps: Vec<String>,
    #[serde(default)]
    prep_optional: bool,
    #[serde(default)]
    actor: Vec<String>,
    #[serde(default)]
    agent_markers: Vec<String>,
    #[serde(default)]
    agent_proclitics: Vec<String>,
    #[serde(default)]
    assault_words: Vec<String>,
    #[serde(default)]
    max_gap: usize,
    #[serde(default)]
    leaver: bool,
    #[serde(default)]
    keeps_trigger: bool,
    #[serde(default)]
    side_or_nothing: bool,
    confidence: String,
}

/// What a frame says about its side and places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum FrameRelation {
    Captured,
    Holds,
    Lost,
    Contested,
    Besieges,
    SiegeBroken,
    /// Spends its words and says nothing ("out of X's control" is not "X's control").
    None,
}

/// Where a frame's places stand relative to its trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
enum PlacesSide {
    #[default]
    After,
    Before,
}

/// Where a frame seeks its side, in the order the file lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ActorAt {
    After,
    Before,
    By,
    Sentence,
    Discourse,
    /// The first of two sides named after the trigger, before its places: the verb's subject
    /// with its object side after it ("طردت X Y من Z", X drove Y out of Z); none when only one
    /// side follows the trigger (then it is the object: "X طردت Y من Z").
    FirstOfTwoAfter,
    /// The region's `deal_taker` (`factions.toml`): who takes a place under a deal.
    Region,
    /// The side of an assault word (the frame's `assault_words`) standing before the places
    /// in their clause: after the word (verb-subject-object) or before it. Who strikes a
    /// place told besieged besieges it ("قصفت X مدينة Y المحاصرة").
    Assailant,
}

/// A definite kind noun standing for places named before, of the listed kinds.
struct Anaphor {
    words: HashSet<String>,
    kinds: Vec<PlaceKind>,
    count: usize,
}

/// Folded words: a phrase is one or more of them.
type Phrase = Vec<String>;

struct Frame {
    id: String,
    triggers: Vec<Phrase>,
    relation: FrameRelation,
    requires: Vec<Phrase>,
    places: PlacesSide,
    preps: Vec<Phrase>,
    prep_optional: bool,
    actor: Vec<ActorAt>,
    agent_markers: Vec<Phrase>,
    /// Proclitics that mark the agent on the side's own name ("للنظام", to the regime), in
    /// place of an `agent_markers` word.
    agent_proclitics: Vec<String>,
    /// Verbs and nouns of assault whose side is the frame's (`ActorAt::Assailant`).
    assault_words: Vec<Phrase>,
    max_gap: usize,
    /// The side found leaves the places: the region's deal taker takes them when it is
    /// that side's opponent ("إجلاء مقاتلي المعارضة من Y"); otherwise the frame does not fit.
    leaver: bool,
    /// Once this frame has read its trigger, the next frame may read it too ("انسحبت X من A
    /// باتجاه B": the loss of A, then the ground held at B).
    keeps_trigger: bool,
    /// A reading that finds no side leaves the trigger's words to the frames after it, as
    /// one that does not fit ("في مدينة Y عن سيطرة وحداتها على Z": no loser named, so the
    /// words are a taking of Z).
    side_or_nothing: bool,
    confidence: f32,
}

/// One language file of this engine, parsed and folded.
pub(crate) struct Grammar {
    id: String,
    ranges: Vec<(u32, u32)>,
    ignore: HashSet<char>,
    letters: HashMap<char, String>,
    proclitics: Vec<String>,
    max_proclitics: usize,
    enclitics: Vec<String>,
    /// The enclitics as written (marks dropped, letters unfolded): a folded ending is an
    /// enclitic only when the word ends with one as written ("جبلة" folds to "جبل" + "ه",
    /// but a final ta marbuta is no pronoun).
    enclitics_written: Vec<String>,
    contractions: Vec<(String, String)>,
    break_punct: HashSet<String>,
    asides: Vec<(String, String)>,
    aside_words: usize,
    break_words: HashSet<String>,
    not_places: HashSet<String>,
    not_sides: HashSet<String>,
    unnamed_sides: HashSet<String>,
    /// Adjectives that may follow an unnamed group's word inside the subject
    /// ("المجموعات الإرهابية المسلحة"): the subject goes on across them.
    unnamed_adjectives: HashSet<String>,
    /// Generic nouns of an armed force ("القوات"): as a frame's subject, the side its clause
    /// names, never one sought in the sentence or the report.
    clause_sides: HashSet<String>,
    /// Nouns of a military operation ("عملية", "معركة"): a side named right after one names
    /// the operation, whose side an unnamed group of the sentence is.
    operation_nouns: HashSet<String>,
    anaphors: Vec<Anaphor>,
    kept_open: Vec<Phrase>,
    filler: HashSet<String>,
    part_adjectives: HashSet<String>,
    connectors: HashSet<String>,
    around: HashSet<String>,
    facility: HashSet<String>,
    partial: HashSet<String>,
    after_place: HashSet<String>,
    list_links: HashSet<String>,
    whole: HashSet<String>,
    bulk: HashSet<String>,
    share_links: HashSet<String>,
    openers: Vec<Phrase>,
    destinations: Vec<Phrase>,
    partial_rings: Vec<Phrase>,
    locatives: HashSet<String>,
    directions: HashSet<String>,
    inside_links: HashSet<String>,
    inside_proclitics: Vec<String>,
    relational_heads: HashSet<String>,
    inside_share: f32,
    definitions: HashSet<String>,
    seats: HashSet<String>,
    seats_not_after: HashSet<String>,
    pronoun_verbs: HashSet<String>,
    pronoun_suffixes: Vec<String>,
    pronoun_not_after: HashSet<String>,
    subject_verbs: HashSet<String>,
    subject_holders: Vec<Phrase>,
    /// (the folded preposition, the words whose object slot it is)
    pronoun_preps: Vec<(String, HashSet<String>)>,
    pronoun_prep_not_after: HashSet<String>,
    blocks: Vec<Phrase>,
    bodies: Vec<Phrase>,
    doubts: Vec<Phrase>,
    doubt_confidence: f32,
    earlier: Vec<Phrase>,
    until: Vec<Phrase>,
    former: Vec<Phrase>,
    period_opens: Vec<Phrase>,
    period_closes: Vec<Phrase>,
    period_close_proclitics: Vec<String>,
    period_verbs: Vec<Phrase>,
    year_preps: Vec<Phrase>,
    year_span: usize,
    frames: Vec<Frame>,
    backing_links: Vec<Phrase>,
    backing_kinds: HashSet<String>,
    backing_governors: Vec<Phrase>,
    speech_verbs: HashSet<String>,
    spoken_for: HashSet<String>,
    denials: Vec<Phrase>,
    deny_objects: Vec<Phrase>,
    dispute_negations: Vec<Phrase>,
    verification: Vec<Phrase>,
    independently: Vec<Phrase>,
    unverified: Vec<Phrase>,
    report_nouns: Vec<Phrase>,
}

impl Grammar {
    pub(crate) fn parse(text: &str) -> Result<Grammar, GrammarError> {
        let f: File = toml::from_str(text)?;
        let lang = f.id.as_str();
        let first_char = |s: &String| s.chars().next();
        let mut g = Grammar {
            id: lang.to_string(),
            ranges: f.script.letters.iter().map(|r| (r[0], r[1])).collect(),
            ignore: f.fold.ignore.iter().filter_map(first_char).collect(),
            letters: f
                .fold
                .letters
                .iter()
                .filter_map(|(k, v)| Some((k.chars().next()?, v.clone())))
                .collect(),
            proclitics: Vec::new(),
            max_proclitics: f.clitics.max_proclitics,
            enclitics: Vec::new(),
            enclitics_written: Vec::new(),
            contractions: Vec::new(),
            break_punct: f.clause.punct.iter().cloned().collect(),
            asides: f.clause.asides.clone(),
            aside_words: f.clause.aside_words,
            break_words: HashSet::default(),
            not_places: HashSet::default(),
            not_sides: HashSet::default(),
            unnamed_sides: HashSet::default(),
            unnamed_adjectives: HashSet::default(),
            clause_sides: HashSet::default(),
            operation_nouns: HashSet::default(),
            anaphors: Vec::new(),
            kept_open: Vec::new(),
            filler: HashSet::default(),
            part_adjectives: HashSet::default(),
            connectors: HashSet::default(),
            around: HashSet::default(),
            facility: HashSet::default(),
            partial: HashSet::default(),
            after_place: HashSet::default(),
            list_links: HashSet::default(),
            whole: HashSet::default(),
            bulk: HashSet::default(),
            share_links: HashSet::default(),
            openers: Vec::new(),
            destinations: Vec::new(),
            partial_rings: Vec::new(),
            locatives: HashSet::default(),
            directions: HashSet::default(),
            inside_links: HashSet::default(),
            inside_proclitics: f.places.inside_proclitics.clone(),
            relational_heads: HashSet::default(),
            inside_share: f.places.inside_share,
            definitions: HashSet::default(),
            seats: HashSet::default(),
            seats_not_after: HashSet::default(),
            pronoun_verbs: HashSet::default(),
            pronoun_suffixes: Vec::new(),
            pronoun_not_after: HashSet::default(),
            subject_verbs: HashSet::default(),
            subject_holders: Vec::new(),
            pronoun_preps: Vec::new(),
            pronoun_prep_not_after: HashSet::default(),
            blocks: Vec::new(),
            bodies: Vec::new(),
            doubts: Vec::new(),
            doubt_confidence: 0.0,
            earlier: Vec::new(),
            until: Vec::new(),
            former: Vec::new(),
            period_opens: Vec::new(),
            period_closes: Vec::new(),
            period_close_proclitics: f.tense.period_close_proclitics.clone(),
            period_verbs: Vec::new(),
            year_preps: Vec::new(),
            year_span: f.tense.year_span,
            frames: Vec::new(),
            backing_links: Vec::new(),
            backing_kinds: HashSet::default(),
            backing_governors: Vec::new(),
            speech_verbs: HashSet::default(),
            spoken_for: HashSet::default(),
            denials: Vec::new(),
            deny_objects: Vec::new(),
            dispute_negations: Vec::new(),
            verification: Vec::new(),
            independently: Vec::new(),
            unverified: Vec::new(),
            report_nouns: Vec::new(),
        };
        let set = |g: &Grammar, v: &[String]| -> HashSet<String> {
            v.iter().map(|w| g.fold(w)).collect()
        };
        g.proclitics = f.clitics.proclitics.iter().map(|w| g.fold(w)).collect();
        let mut enclitics: Vec<String> = f.clitics.enclitics.iter().map(|w| g.fold(w)).collect();
        enclitics.sort_by_key(|e| std::cmp::Reverse(e.chars().count()));
        g.enclitics = enclitics;
        g.enclitics_written = f.clitics.enclitics.iter().map(|w| g.unmarked(w)).collect();
        g.contractions = f
            .clitics
            .contractions
            .iter()
            .map(|(k, v)| (g.fold(k), g.fold(v)))
            .collect();
        g.break_words = set(&g, &f.clause.words);
        g.not_places = set(&g, &f.not_places);
        g.not_sides = set(&g, &f.not_sides);
        g.unnamed_sides = set(&g, &f.unnamed_sides);
        g.unnamed_adjectives = set(&g, &f.unnamed_adjectives);
        g.clause_sides = set(&g, &f.clause_sides);
        g.operation_nouns = set(&g, &f.operation_nouns);
        g.backing_links = g.phrases(&f.backing.links);
        g.backing_kinds = set(&g, &f.backing.kinds);
        g.backing_governors = g.phrases(&f.backing.governors);
        g.speech_verbs = set(&g, &f.discourse.speech_verbs);
        g.spoken_for = set(&g, &f.discourse.spoken_for);
        g.anaphors = f
            .anaphor
            .iter()
            .map(|a| Anaphor {
                words: set(&g, &a.words),
                kinds: a.kinds.clone(),
                count: a.count.max(1),
            })
            .collect();
        g.kept_open = g.phrases(&f.clause.kept_open);
        g.filler = set(&g, &f.places.filler);
        g.part_adjectives = set(&g, &f.places.part_adjectives);
        g.connectors = set(&g, &f.places.connectors);
        g.around = set(&g, &f.places.around);
        g.facility = set(&g, &f.places.facility);
        g.partial = set(&g, &f.places.partial);
        g.after_place = set(&g, &f.places.after_place);
        g.list_links = set(&g, &f.places.list_links);
        g.whole = set(&g, &f.places.whole);
        g.bulk = set(&g, &f.places.bulk);
        g.share_links = set(&g, &f.places.share_links);
        g.openers = g.phrases(&f.places.openers);
        g.destinations = g.phrases(&f.places.destinations);
        g.partial_rings = g.phrases(&f.places.partial_rings);
        g.locatives = set(&g, &f.places.locatives);
        g.directions = set(&g, &f.places.directions);
        g.inside_links = set(&g, &f.places.inside_links);
        g.relational_heads = set(&g, &f.places.relational_heads);
        g.definitions = set(&g, &f.places.definitions);
        g.seats = set(&g, &f.places.seats);
        g.seats_not_after = set(&g, &f.places.seats_not_after);
        g.pronoun_verbs = set(&g, &f.object_pronouns.verbs);
        g.pronoun_not_after = set(&g, &f.object_pronouns.not_after);
        g.subject_verbs = set(&g, &f.object_pronouns.subject_verbs);
        g.subject_holders = g.phrases(&f.object_pronouns.subject_holders);
        g.pronoun_preps = f
            .object_pronouns
            .prepositions
            .iter()
            .map(|(prep, hosts)| (g.fold(prep), set(&g, hosts)))
            .collect();
        g.pronoun_prep_not_after = set(&g, &f.object_pronouns.prepositions_not_after);
        // Compared with the word as written, marks dropped but letters unfolded, longest first.
        let mut suffixes: Vec<String> = f
            .object_pronouns
            .suffixes
            .iter()
            .map(|w| w.chars().filter(|c| !g.ignore.contains(c)).collect())
            .collect();
        suffixes.sort_by_key(|e: &String| std::cmp::Reverse(e.chars().count()));
        g.pronoun_suffixes = suffixes;
        g.blocks = g.phrases(&f.hedges.blocks);
        g.bodies = g.phrases(&f.hedges.bodies);
        g.doubts = g.phrases(&f.hedges.doubts);
        g.denials = g.phrases(&f.disputes.denials);
        g.deny_objects = g.phrases(&f.disputes.objects);
        g.dispute_negations = g.phrases(&f.disputes.negations);
        g.verification = g.phrases(&f.disputes.verification);
        g.independently = g.phrases(&f.disputes.independently);
        g.unverified = g.phrases(&f.disputes.unverified);
        g.report_nouns = g.phrases(&f.disputes.report_nouns);
        g.earlier = g.phrases(&f.tense.earlier);
        g.until = g.phrases(&f.tense.until);
        g.former = g.phrases(&f.tense.former);
        g.period_opens = g.phrases(&f.tense.period_opens);
        g.period_closes = g.phrases(&f.tense.period_closes);
        g.period_verbs = g.phrases(&f.tense.period_verbs);
        g.year_preps = g.phrases(&f.tense.year_preps);
        let confidence = |frame: &str, name: &str| {
            f.confidence
                .get(name)
                .copied()
                .ok_or_else(|| GrammarError::UnknownConfidence {
                    lang: lang.to_string(),
                    frame: frame.to_string(),
                    name: name.to_string(),
                })
        };
        g.doubt_confidence = f
            .confidence
            .get(&f.hedges.doubt_confidence)
            .copied()
            .ok_or_else(|| GrammarError::UnknownDoubt {
                lang: lang.to_string(),
                name: f.hedges.doubt_confidence.clone(),
            })?;
        for spec in &f.frame {
            let actor = spec
                .actor
                .iter()
                .map(|p| match p.as_str() {
                    "after" => Ok(ActorAt::After),
                    "before" => Ok(ActorAt::Before),
                    "by" => Ok(ActorAt::By),
                    "sentence" => Ok(ActorAt::Sentence),
                    "discourse" => Ok(ActorAt::Discourse),
                    "first_of_two_after" => Ok(ActorAt::FirstOfTwoAfter),
                    "region" => Ok(ActorAt::Region),
                    "assailant" => Ok(ActorAt::Assailant),
                    _ => Err(GrammarError::UnknownPosition {
                        lang: lang.to_string(),
                        frame: spec.id.clone(),
                        position: p.clone(),
                    }),
                })
                .collect::<Result<Vec<_>, _>>()?;
            g.frames.push(Frame {
                id: spec.id.clone(),
                triggers: g.phrases(&spec.words),
                relation: spec.relation,
                requires: g.phrases(&spec.requires),
                places: spec.places,
                preps: g.phrases(&spec.preps),
                prep_optional: spec.prep_optional,
                actor,
                agent_markers: g.phrases(&spec.agent_markers),
                agent_proclitics: spec.agent_proclitics.iter().map(|p| g.fold(p)).collect(),
                assault_words: g.phrases(&spec.assault_words),
                max_gap: spec.max_gap,
                leaver: spec.leaver,
                keeps_trigger: spec.keeps_trigger,
                side_or_nothing: spec.side_or_nothing,
                confidence: confidence(&spec.id, &spec.confidence)?,
            });
        }
        Ok(g)
    }

    fn phrases(&self, v: &[String]) -> Vec<Phrase> {
        v.iter()
            .map(|p| {
                p.split_whitespace()
                    .map(|w| self.fold(w))
                    .collect::<Phrase>()
            })
            .filter(|p| !p.is_empty())
            .collect()
    }

    /// The word as this language compares it: marks dropped, letters spelled alike.
    fn fold(&self, w: &str) -> String {
        let mut out = String::with_capacity(w.len());
        for c in w.chars() {
            if self.ignore.contains(&c) {
                continue;
            }
            match self.letters.get(&c) {
                Some(s) => out.push_str(s),
                None => out.extend(c.to_lowercase()),
            }
        }
        out
    }

    /// The word as written, only its marks dropped (letters unfolded).
    fn unmarked(&self, w: &str) -> String {
        w.chars().filter(|c| !self.ignore.contains(c)).collect()
    }

    /// The keys of a word of the text (see [`Grammar::keys`]), given as written: a folded
    /// ending is read as an enclitic only when the written word ends with one.
    fn written_keys(&self, written: &str, folded: &str) -> Vec<String> {
        let unmarked = self.unmarked(written);
        let enclitic = self
            .enclitics_written
            .iter()
            .any(|e| unmarked.ends_with(e.as_str()));
        self.keys_with(folded, enclitic)
    }

    /// Whether `c` is a letter of this language's script.
    fn in_script(&self, c: char) -> bool {
        let c = c as u32;
        self.ranges.iter().any(|&(a, b)| (a..=b).contains(&c))
    }

    /// The folded word and its forms without clitics: "وبسيطرتهم" gives itself, "بسيطرتهم",
    /// "سيطرتهم", "سيطرت" (a stem keeps two letters, a stem under an enclitic three).
    fn keys(&self, folded: &str) -> Vec<String> {
        self.keys_with(folded, true)
    }

    /// [`Grammar::keys`], stripping an enclitic only when `enclitic` allows it.
    fn keys_with(&self, folded: &str, enclitic: bool) -> Vec<String> {
        let mut stems = vec![folded.to_string()];
        let mut rest = folded;
        for _ in 0..self.max_proclitics {
            let Some(p) = self
                .proclitics
                .iter()
                .find(|p| rest.starts_with(p.as_str()) && rest[p.len()..].chars().count() >= 2)
            else {
                break;
            };
            rest = &rest[p.len()..];
            stems.push(rest.to_string());
        }
        let merged: Vec<String> = stems
            .iter()
            .filter_map(|s| {
                let (from, to) = self
                    .contractions
                    .iter()
                    .find(|(from, _)| s.starts_with(from.as_str()))?;
                let rest = &s[from.len()..];
                (rest.chars().count() >= 2).then(|| format!("{to}{rest}"))
            })
            .collect();
        stems.extend(merged);
        let mut out = stems.clone();
        if !enclitic {
            return out;
        }
        for s in &stems {
            if let Some(e) = self
                .enclitics
                .iter()
                .find(|e| s.ends_with(e.as_str()) && s[..s.len() - e.len()].chars().count() >= 3)
            {
                out.push(s[..s.len() - e.len()].to_string());
            }
        }
        out
    }
}

/// The bundled grammars of this engine.
fn grammars() -> &'static [Grammar] {
    static G: OnceLock<Vec<Grammar>> = OnceLock::new();
    G.get_or_init(|| {
        BUNDLED
            .iter()
            .filter_map(|text| match Grammar::parse(text) {
                Ok(g) => Some(g),
                Err(e) => {
                    tracing::error!("bundled language file: {e}");
                    None
                }
            })
            .collect()
    })
}

/// The grammar of this engine that reads `sentence`: the one whose script holds most of its
/// letters, when that is more than half of them; `None` sends it to the English families.
pub(crate) fn for_sentence(sentence: &str) -> Option<&'static Grammar> {
    if sentence.is_ascii() {
        return None;
    }
    // Counted in one pass without collecting the letters (most sentences that
    // get here are English with a curly quote or a dash): an ASCII letter is
    // counted by its byte unless some script takes in ASCII.
    let grammars = grammars();
    let ascii_scripts = grammars
        .iter()
        .any(|g| g.ranges.iter().any(|&(a, _)| a < 0x80));
    let b = sentence.as_bytes();
    if !ascii_scripts {
        // A script's letters are at most the sentence's non-ASCII characters
        // (their lead bytes), its letters at least the ASCII ones: when those
        // are twice as many, no script holds more than half (both counts are
        // byte loops the compiler vectorises).
        let non_ascii = b.iter().filter(|&&x| x >= 0xC0).count();
        let ascii_letters = b.iter().filter(|x| x.is_ascii_alphabetic()).count();
        if non_ascii * 2 <= ascii_letters {
            return None;
        }
    }
    let mut counts = vec![0usize; grammars.len()];
    let mut letters = 0usize;
    let mut i = 0;
    while i < b.len() {
        if b[i] < 0x80 && !ascii_scripts {
            letters += usize::from(b[i].is_ascii_alphabetic());
            i += 1;
            continue;
        }
        let Some(c) = sentence[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if c.is_alphabetic() {
            letters += 1;
            for (n, g) in counts.iter_mut().zip(grammars) {
                *n += usize::from(g.in_script(c));
            }
        }
    }
    grammars
        .iter()
        .zip(counts)
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n * 2 > letters)
        .map(|(g, _)| g)
}

/// A faction's names in one grammar, folded, longest first.
pub(crate) struct FactionNames {
    names: Vec<(Phrase, usize)>,
    /// The unnamed-group words (folded) a region lets stand for each side
    /// (`unnamed_by_language`): "الفصائل" may be the rebels, never the government.
    unnamed: HashMap<String, Vec<usize>>,
    /// The side an unnamed-group word stands for when the report has named none of the
    /// sides it may stand for (`unnamed_default_by_language`).
    unnamed_default: HashMap<String, usize>,
    /// Per side, the wider sides it takes in when it backs them (`backs`).
    backs: HashMap<usize, Vec<usize>>,
    /// Words (folded) naming a side only as a backer (`backer_by_language`): "تركي".
    backer_words: HashMap<String, usize>,
}

impl FactionNames {
    /// Whether `backer`, backing `side`, makes it its own.
    fn takes_in(&self, backer: usize, side: usize) -> bool {
        self.backs.get(&backer).is_some_and(|v| v.contains(&side))
    }

    pub(crate) fn new(g: &Grammar, factions: &Factions) -> FactionNames {
        let mut names: Vec<(Phrase, usize)> = factions
            .all()
            .iter()
            .enumerate()
            .flat_map(|(i, f)| {
                f.names_by_language
                    .get(&g.id)
                    .into_iter()
                    .flatten()
                    .map(move |n| (n, i))
            })
            .map(|(n, i)| (g.phrases(std::slice::from_ref(n)).concat(), i))
            .filter(|(p, _)| !p.is_empty())
            .collect();
        names.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        let mut unnamed: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, f) in factions.all().iter().enumerate() {
            for w in f.unnamed_by_language.get(&g.id).into_iter().flatten() {
                unnamed.entry(g.fold(w)).or_default().push(i);
            }
        }
        let mut unnamed_default: HashMap<String, usize> = HashMap::default();
        for (i, f) in factions.all().iter().enumerate() {
            for w in f
                .unnamed_default_by_language
                .get(&g.id)
                .into_iter()
                .flatten()
            {
                unnamed_default.entry(g.fold(w)).or_insert(i);
            }
        }
        let all = factions.all();
        let mut backs: HashMap<usize, Vec<usize>> = HashMap::default();
        let mut backer_words: HashMap<String, usize> = HashMap::default();
        for (i, f) in all.iter().enumerate() {
            let backed: Vec<usize> = f
                .backs
                .iter()
                .filter_map(|id| all.iter().position(|o| &o.id == id))
                .collect();
            if !backed.is_empty() {
                backs.insert(i, backed);
            }
            for w in f.backer_by_language.get(&g.id).into_iter().flatten() {
                backer_words.entry(g.fold(w)).or_insert(i);
            }
        }
        FactionNames {
            names,
            unnamed,
            unnamed_default,
            backs,
            backer_words,
        }
    }
}

/// A raw word or punctuation mark of the sentence, before actors and places are joined.
struct Raw {
    start: usize,
    end: usize,
    folded: String,
    keys: Vec<String>,
    word: bool,
}

/// What the engine knows of each token beside [`Tok`].
struct Info {
    keys: Vec<String>,
    /// A place that carries a conjunction proclitic ("والزهراء"): it continues a list.
    joined: bool,
}

/// The tokens of one sentence, their keys and clause numbers.
struct Sentence<'a> {
    toks: Vec<Tok<'a>>,
    info: Vec<Info>,
    clause: Vec<usize>,
}

/// What carries over between the sentences of a report.
#[derive(Default)]
pub(crate) struct Memory {
    /// Every faction named so far, the latest last (each once): the last one for frames
    /// that seek their side in the report, the others for an unnamed group that may
    /// stand for some sides only.
    pub named: Vec<usize>,
    /// The places named so far (mention indices, latest last), for anaphors.
    pub places: Vec<usize>,
    /// The places the previous sentence named itself (not the land around them), for an
    /// object pronoun whose sentence names none before it.
    pub previous_places: Vec<usize>,
}

impl Memory {
    /// The last faction named, for frames that seek their side in the report.
    fn last_faction(&self) -> Option<usize> {
        self.named.last().copied()
    }
}

/// How many earlier places an anaphor may reach back to.
const ANAPHOR_REACH: usize = 24;

/// How far from a subdistrict's point its seat town may lie.
const SEAT_REACH_KM: f64 = 30.0;

/// How far from the middle of a list of places one of them may lie (villages of one front).
const LIST_REACH_KM: f64 = 40.0;

impl Grammar {
    pub(crate) fn id(&self) -> &str {
        &self.id
    }

    fn tokenize<'a>(
        &self,
        cx: &Cx<'a>,
        names: &FactionNames,
        span: (usize, usize),
        memory: &Memory,
    ) -> Sentence<'a> {
        let text: &'a str = &cx.report.text;
        let mut raw: Vec<Raw> = Vec::new();
        let mut word_start: Option<usize> = None;
        let is_word_char = |c: char| c.is_alphanumeric() || self.ignore.contains(&c);
        let sentence = &text[span.0..span.1];
        let push_word = |raw: &mut Vec<Raw>, s: usize, e: usize| {
            let folded = self.fold(&text[s..e]);
            let keys = self.written_keys(&text[s..e], &folded);
            raw.push(Raw {
                start: s,
                end: e,
                folded,
                keys,
                word: true,
            });
        };
        for (off, c) in sentence.char_indices() {
            let at = span.0 + off;
            if is_word_char(c) {
                word_start.get_or_insert(at);
                continue;
            }
            if let Some(s) = word_start.take() {
                push_word(&mut raw, s, at);
            }
            if !c.is_whitespace() {
                raw.push(Raw {
                    start: at,
                    end: at + c.len_utf8(),
                    folded: c.to_string(),
                    keys: vec![c.to_string()],
                    word: false,
                });
            }
        }
        if let Some(s) = word_start.take() {
            push_word(&mut raw, s, span.1);
        }
        // Faction names first: a name holding a place name ("قوات سوريا الديمقراطية") is a side.
        let mut actor_at: Vec<Option<(usize, usize)>> = vec![None; raw.len()];
        let mut i = 0;
        while i < raw.len() {
            let hit = names.names.iter().find(|(p, _)| {
                p.iter().enumerate().all(|(k, w)| {
                    raw.get(i + k)
                        .is_some_and(|r| r.word && r.keys.iter().any(|x| x == w))
                })
            });
            match hit {
                Some((p, f)) => {
                    actor_at[i] = Some((p.len(), *f));
                    i += p.len();
                }
                None => i += 1,
            }
        }
        let in_actor = {
            let mut v = vec![false; raw.len()];
            for (i, a) in actor_at.iter().enumerate() {
                if let Some((n, _)) = a {
                    v[i..i + n].iter_mut().for_each(|x| *x = true);
                }
            }
            v
        };
        // Place mentions: the raw words they cover, unless a side's name or a word of the
        // language file ("على", "مدينة") is all they are.
        let mut place_at: Vec<Option<(usize, usize, bool)>> = vec![None; raw.len()];
        for (mi, m) in cx.mentions.iter().enumerate() {
            if m.start < span.0 || m.end > span.1 || m.role != MentionRole::Location {
                continue;
            }
            let covered: Vec<usize> = (0..raw.len())
                .filter(|&k| raw[k].start < m.end && m.start < raw[k].end)
                .collect();
            let (Some(&first), Some(&last)) = (covered.first(), covered.last()) else {
                continue;
            };
            if covered
                .iter()
                .any(|&k| in_actor[k] || place_at[k].is_some())
            {
                continue;
            }
            let folded = self.fold(&m.text);
            if self
                .written_keys(&m.text, &folded)
                .iter()
                .any(|k| self.not_places.contains(k))
            {
                continue;
            }
            // The letters before the mention in its first word are proclitics ("و" + "الزهراء").
            let prefix = self.fold(&text[raw[first].start..m.start.max(raw[first].start)]);
            // A mention that took its conjunction in ("والزهراء") is joined too.
            let joined = self.connectors.iter().any(|c| {
                prefix.starts_with(c.as_str())
                    || (prefix.is_empty()
                        && folded.starts_with(c.as_str())
                        && folded[c.len()..].chars().count() > 3)
            });
            place_at[first] = Some((last - first + 1, mi, joined));
        }
        let mut toks = Vec::new();
        let mut info = Vec::new();
        let mut k = 0;
        while k < raw.len() {
            if let Some((n, f)) = actor_at[k] {
                toks.push(Tok {
                    kind: Kind::Actor {
                        faction: Some(f),
                        kind: HitKind::Name,
                        anaphor: false,
                    },
                    start: raw[k].start,
                    end: raw[k + n - 1].end,
                    w: Cow::Owned(
                        raw[k..k + n]
                            .iter()
                            .map(|r| r.folded.as_str())
                            .collect::<Vec<_>>()
                            .join(" "),
                    ),
                    upper: false,
                    descriptor: false,
                });
                info.push(Info {
                    keys: Vec::new(),
                    joined: false,
                });
                k += n;
                k = self.past_aside(&raw, k);
                continue;
            }
            if let Some((n, mi, joined)) = place_at[k] {
                let m = &cx.mentions[mi];
                toks.push(Tok {
                    kind: Kind::Place {
                        mention: mi,
                        anaphor: false,
                        around: false,
                    },
                    start: m.start,
                    end: m.end,
                    w: Cow::Owned(self.fold(&m.text)),
                    upper: false,
                    descriptor: false,
                });
                info.push(Info {
                    keys: Vec::new(),
                    joined,
                });
                k += n;
                k = self.past_aside(&raw, k);
                continue;
            }
            let r = &raw[k];
            toks.push(Tok {
                kind: if r.word { Kind::Word } else { Kind::Punct },
                start: r.start,
                end: r.end,
                w: Cow::Owned(r.folded.clone()),
                upper: false,
                descriptor: false,
            });
            info.push(Info {
                keys: r.keys.clone(),
                joined: false,
            });
            k += 1;
        }
        self.resolve_anaphors(cx, memory, &mut toks, &mut info);
        self.resolve_object_pronouns(cx, memory, &mut toks, &mut info);
        let mut clause = Vec::with_capacity(toks.len());
        let mut n = 0;
        for (at, (t, inf)) in toks.iter().zip(&info).enumerate() {
            let is_break = match t.kind {
                // "وهي: A، B", "قرى: A، B": a list opener's colon opens the list, it ends no
                // clause (after any other word it does: "على المنطقة: وتقع ...").
                Kind::Punct => {
                    self.break_punct.contains(t.w.as_ref()) && !self.opener_ends_at(&info, at)
                }
                Kind::Word => {
                    inf.keys.iter().any(|x| self.break_words.contains(x))
                        && !self.kept_open.iter().any(|p| {
                            p.iter().enumerate().all(|(n, w)| {
                                toks.get(at + 1 + n)
                                    .is_some_and(|t| matches!(t.kind, Kind::Word))
                                    && info[at + 1 + n].keys.contains(w)
                            })
                        })
                }
                _ => false,
            };
            if is_break {
                n += 1;
            }
            clause.push(n);
        }
        let mut s = Sentence { toks, info, clause };
        self.resolve_backers(names, &mut s);
        s
    }

    /// The backer named right after `from` (a link's end), across kinds of support and
    /// operation nouns ("بدعم جوي تركي", "المشاركة في عملية درع الفرات"): a side's name, or a
    /// word naming a side only as a backer.
    fn backer_at(&self, names: &FactionNames, s: &Sentence, from: usize) -> Option<usize> {
        self.backer_span(names, s, from).map(|(side, _)| side)
    }

    /// The backer after a link ending at `from` and the end of its phrase.
    fn backer_span(
        &self,
        names: &FactionNames,
        s: &Sentence,
        from: usize,
    ) -> Option<(usize, usize)> {
        let k = (from..(from + 3).min(s.toks.len()))
            .find(|&k| !s.is_in(k, &self.backing_kinds) && !s.is_in(k, &self.operation_nouns))?;
        if s.clause[k] != s.clause[from.min(k)] {
            return None;
        }
        let side = s.faction(k).or_else(|| {
            let t = &s.toks[k];
            match t.kind {
                Kind::Word => s.info[k]
                    .keys
                    .iter()
                    .find_map(|w| names.backer_words.get(w)),
                // "المدعومون من أنقرة": the capital is a place to the geoparser.
                Kind::Place { .. } => self
                    .keys(&t.w)
                    .iter()
                    .find_map(|w| names.backer_words.get(w)),
                _ => None,
            }
            .copied()
        })?;
        Some((side, k + 1))
    }

    /// The end of a backing phrase starting at word `k` ("بدعم جوي تركي", "المشاركة في عملية
    /// درع الفرات"): part of its subject's noun phrase, so the object after it follows the
    /// subject closely.
    fn backing_end(&self, names: &FactionNames, s: &Sentence, k: usize) -> Option<usize> {
        let e = s
            .any_phrase_at(k, &self.backing_links)
            .max(s.any_phrase_at(k, &self.backing_governors))?;
        self.backer_span(names, s, e).map(|(_, end)| end)
    }

    /// Sides told with a backer that takes them in ("الجيش الحر بدعم تركي", "الفصائل المدعومة
    /// من أنقرة") or inside its operation ("… ضمن عملية درع الفرات" anywhere in the clause)
    /// become the backer's side; an unnamed group so told ("الفصائل بدعم تركي") becomes a name
    /// of that side when the region lets its word stand for it.
    fn resolve_backers(&self, names: &FactionNames, s: &mut Sentence) {
        if names.backs.is_empty()
            || self.backing_links.is_empty() && self.backing_governors.is_empty()
        {
            return;
        }
        let set_side = |s: &mut Sentence, k: usize, side: usize| {
            s.toks[k].kind = Kind::Actor {
                faction: Some(side),
                kind: HitKind::Name,
                anaphor: false,
            };
        };
        for k in 0..s.toks.len() {
            let own = s.faction(k);
            let unnamed = own.is_none() && s.is_in(k, &self.unnamed_sides);
            if own.is_none() && !unnamed {
                continue;
            }
            // The link right after the name; after an unnamed group, across one adjective
            // ("الفصائل السورية بدعم تركي").
            let reach = if unnamed { 2 } else { 1 };
            let Some(backer) = (k + 1..(k + 1 + reach).min(s.toks.len()))
                .take_while(|&j| s.clause[j] == s.clause[k])
                .find_map(|j| s.any_phrase_at(j, &self.backing_links))
                .and_then(|e| self.backer_at(names, s, e))
            else {
                continue;
            };
            match own {
                Some(side) if names.takes_in(backer, side) => set_side(s, k, backer),
                None if s.info[k]
                    .keys
                    .iter()
                    .any(|w| names.unnamed.get(w).is_some_and(|v| v.contains(&backer))) =>
                {
                    set_side(s, k, backer);
                }
                _ => {}
            }
        }
        // "سيطر الجيش الحر على Y ضمن عملية درع الفرات": the operation governs its clause.
        for g in 0..s.toks.len() {
            let Some(e) = s.any_phrase_at(g, &self.backing_governors) else {
                continue;
            };
            let Some(backer) = self.backer_at(names, s, e) else {
                continue;
            };
            let clause = s.clause[g];
            for k in 0..s.toks.len() {
                if s.clause[k] == clause && s.faction(k).is_some_and(|f| names.takes_in(backer, f))
                {
                    set_side(s, k, backer);
                }
            }
        }
    }
}

impl Grammar {
    /// Whether a list opener ("وهي", "أبرزها") ends right before token `at`.
    fn opener_ends_at(&self, info: &[Info], at: usize) -> bool {
        self.openers.iter().any(|phrase| {
            at.checked_sub(phrase.len()).is_some_and(|from| {
                phrase
                    .iter()
                    .enumerate()
                    .all(|(k, w)| info[from + k].keys.iter().any(|x| x == w))
            })
        })
    }

    /// Where the text goes on after a gloss in brackets opening at raw word `k`, right after
    /// a side's name ("قوات سوريا الديمقراطية (قسد)", "هيئة تحرير الشام (النصرة سابقا)") or
    /// a place ("مورك (شمال حماة) واللطامنة"): the gloss belongs to the name, it breaks
    /// neither the clause nor a list. `k` when none opens there.
    fn past_aside(&self, raw: &[Raw], k: usize) -> usize {
        let Some(open) = raw.get(k).filter(|r| !r.word) else {
            return k;
        };
        let Some((_, close)) = self.asides.iter().find(|(o, _)| *o == open.folded) else {
            return k;
        };
        raw.iter()
            .enumerate()
            .skip(k + 1)
            .take(self.aside_words + 1)
            .take_while(|(_, r)| r.word || r.folded == *close)
            .find(|(_, r)| !r.word)
            .map_or(k, |(end, _)| end + 1)
    }

    /// A definite kind noun ("المدينة", "البلدة") standing alone stands for the latest place of
    /// a fitting kind named before it in the report: it becomes that place, as an anaphor. A
    /// dual ("القريتين") stands for the two latest fitting places, read as a list of two.
    fn resolve_anaphors(
        &self,
        cx: &Cx,
        memory: &Memory,
        toks: &mut Vec<Tok>,
        info: &mut Vec<Info>,
    ) {
        if self.anaphors.is_empty() {
            return;
        }
        let mut seen: Vec<usize> = memory.places.clone();
        let mut k = 0;
        while k < toks.len() {
            // A dual that is also a town's name ("القريتين") is the town after a kind noun
            // or once the report has named it; otherwise it may point back to two places.
            let dual_name = toks[k].place().filter(|&m| {
                let kind_noun = k > 0
                    && matches!(toks[k - 1].kind, Kind::Word)
                    && info[k - 1].keys.iter().any(|x| self.filler.contains(x));
                !kind_noun
                    && !seen
                        .iter()
                        .any(|&o| cx.mentions[o].place == cx.mentions[m].place)
            });
            let keys = match (toks[k].place(), dual_name) {
                (Some(_), Some(_)) => self.keys(toks[k].w.as_ref()),
                (Some(_), None) => Vec::new(),
                (None, _) if matches!(toks[k].kind, Kind::Word) => info[k].keys.clone(),
                (None, _) => Vec::new(),
            };
            let found_anaphor = self.anaphors.iter().find_map(|a| {
                if dual_name.is_some() && a.count < 2 {
                    return None;
                }
                let key = keys.iter().find(|x| a.words.contains(*x))?;
                Some((key.clone(), a))
            });
            let Some((key, anaphor)) = found_anaphor else {
                // A place under an around noun is still the one a kind noun points back to
                // ("وصلت إلى مشارف مدينة Y ... دخول المدينة").
                seen.extend(toks[k].place());
                k += 1;
                continue;
            };
            // "المدينة القديمة" (the old city) and a kind noun before a name are no anaphors.
            let next_names = toks.get(k + 1).is_some_and(|t| {
                t.place().is_some()
                    || (matches!(t.kind, Kind::Word)
                        && info[k + 1]
                            .keys
                            .iter()
                            .any(|x| self.after_place.contains(x)))
            });
            if next_names {
                seen.extend(toks[k].place());
                k += 1;
                continue;
            }
            let recent = &seen[seen.len().saturating_sub(ANAPHOR_REACH)..];
            let place_of = |m: usize| cx.mentions[m].place;
            let fits = |m: usize| {
                anaphor
                    .kinds
                    .contains(&cx.gazetteer.place(place_of(m)).kind)
            };
            let found: Vec<usize> = if anaphor.count == 1 {
                // The most talked-about fitting place, then the latest: a report's own town is
                // named again and again, a town it passes through once.
                recent
                    .iter()
                    .enumerate()
                    .filter(|(_, &m)| fits(m))
                    .max_by_key(|(at, &m)| {
                        let told = recent
                            .iter()
                            .filter(|&&o| place_of(o) == place_of(m))
                            .count();
                        (told, *at)
                    })
                    .map(|(_, &m)| m)
                    .into_iter()
                    .collect()
            } else {
                // The latest distinct fitting places, in the order they were named.
                let mut latest: Vec<usize> = Vec::new();
                for &m in recent.iter().rev() {
                    if latest.len() < anaphor.count
                        && fits(m)
                        && !latest.iter().any(|&o| place_of(o) == place_of(m))
                    {
                        latest.push(m);
                    }
                }
                latest.reverse();
                if latest.len() == anaphor.count {
                    latest
                } else {
                    Vec::new()
                }
            };
            if found.is_empty() {
                seen.extend(toks[k].place());
                k += 1;
                continue;
            }
            // "والمدينة": the conjunction proclitic continues a list.
            let joined = info[k].joined
                || key != toks[k].w.as_ref()
                    && self
                        .connectors
                        .iter()
                        .any(|c| toks[k].w.starts_with(c.as_str()));
            let word = toks[k].clone();
            for (n, &mention) in found.iter().enumerate() {
                let tok = Tok {
                    kind: Kind::Place {
                        mention,
                        anaphor: true,
                        around: false,
                    },
                    ..word.clone()
                };
                // The second place of a dual continues the list the first opens.
                let inf = Info {
                    keys: Vec::new(),
                    joined: joined || n > 0,
                };
                if n == 0 {
                    toks[k] = tok;
                    info[k] = inf;
                } else {
                    toks.insert(k + n, tok);
                    info.insert(k + n, inf);
                }
            }
            k += found.len();
        }
    }

    /// An object pronoun on a verb that takes a place as its direct object ("ودخلتها قوات X",
    /// "استعادتها", "خسرته") stands for the latest place named before it in the sentence
    /// (not the land around a place), else the latest the previous sentence named: a place
    /// token is inserted after the verb's subject when one follows (the object follows the
    /// subject in the frames' reading), else right after the verb. Not after a relative
    /// pronoun ("Y التي دخلتها X": a holder clause), nor before a named place.
    fn resolve_object_pronouns(
        &self,
        cx: &Cx,
        memory: &Memory,
        toks: &mut Vec<Tok>,
        info: &mut Vec<Info>,
    ) {
        if self.pronoun_suffixes.is_empty() {
            return;
        }
        let text: &str = &cx.report.text;
        let mut k = 0;
        while k < toks.len() {
            if !matches!(toks[k].kind, Kind::Word) {
                k += 1;
                continue;
            }
            let written = &text[toks[k].start..toks[k].end];
            if let Some(prep) = self.pronoun_preposition(toks, info, k, written) {
                let antecedent = (0..k)
                    .rev()
                    .find(|&j| toks[j].place().is_some() && !self.governed(toks, info, j))
                    .and_then(|j| toks[j].place())
                    .or_else(|| memory.previous_places.last().copied());
                let Some(mention) = antecedent else {
                    k += 1;
                    continue;
                };
                // The preposition stays where it is, for the frame to find, its object after it.
                info[k].keys.push(prep);
                // A subject after the pronoun ("قبل أن تسيطر عليها الوحدات الكردية": the clitic
                // object comes first), across a kind noun or two ("سيطرت عليها فصائل درع
                // الفرات"), moves before the preposition, where the frames read a side after
                // their verb.
                let subject_end = (k + 1..(k + 4).min(toks.len()))
                    .take_while(|&j| match toks[j].kind {
                        Kind::Actor { .. } => true,
                        Kind::Word => !info[j].keys.iter().any(|x| self.break_words.contains(x)),
                        _ => false,
                    })
                    .find(|&j| matches!(toks[j].kind, Kind::Actor { .. }));
                if let Some(end) = subject_end {
                    toks[k..=end].rotate_left(1);
                    info[k..=end].rotate_left(1);
                    k = end;
                }
                insert_anaphor(toks, info, k, k + 1, mention);
                k += 2;
                continue;
            }
            if self.is_subject_host(toks, info, k) {
                let antecedent = (0..k)
                    .rev()
                    .find(|&j| toks[j].place().is_some() && !self.governed(toks, info, j))
                    .and_then(|j| toks[j].place())
                    .or_else(|| memory.previous_places.last().copied());
                if let Some(mention) = antecedent {
                    // Before the verb, where a subject stands for the holder frames that
                    // read their places before them ("Y خضعت لسيطرة X").
                    insert_anaphor(toks, info, k, k, mention);
                    k += 2;
                    continue;
                }
            }
            if !self.is_pronoun_host(written) {
                k += 1;
                continue;
            }
            let previous_word = (0..k).rev().find(|&j| !matches!(toks[j].kind, Kind::Punct));
            let relative = previous_word.is_some_and(|j| {
                matches!(toks[j].kind, Kind::Word)
                    && info[j]
                        .keys
                        .iter()
                        .any(|x| self.pronoun_not_after.contains(x))
            });
            // A place after it, across a kind noun or two: the word is a verbal noun whose
            // pronoun is its subject ("بعد استعادتها حي Y").
            let object_named = (k + 1..(k + 4).min(toks.len()))
                .find(|&j| {
                    !(matches!(toks[j].kind, Kind::Word)
                        && info[j].keys.iter().any(|x| self.filler.contains(x)))
                })
                .is_some_and(|j| toks[j].place().is_some());
            // With no place of its own before it in the sentence, a place only the land around
            // which was named is the pronoun's ("وصلت X إلى أطراف Y ثم دخلتها": Y itself).
            let around_only = |j: usize| {
                (0..j)
                    .rev()
                    .take(3)
                    .find(|&w| {
                        !(matches!(toks[w].kind, Kind::Word)
                            && info[w].keys.iter().any(|x| self.filler.contains(x)))
                    })
                    .is_some_and(|w| {
                        matches!(toks[w].kind, Kind::Word)
                            && info[w].keys.iter().any(|x| self.around.contains(x))
                    })
            };
            let antecedent = (0..k)
                .rev()
                .find(|&j| toks[j].place().is_some() && !self.governed(toks, info, j))
                .or_else(|| {
                    (0..k)
                        .rev()
                        .find(|&j| toks[j].place().is_some() && around_only(j))
                })
                .and_then(|j| toks[j].place())
                .or_else(|| memory.previous_places.last().copied());
            let Some(mention) = antecedent.filter(|_| !relative && !object_named) else {
                k += 1;
                continue;
            };
            // The subject after the verb, across a kind noun or two ("فصائل جيش الفتح").
            let at = (k + 1..(k + 4).min(toks.len()))
                .take_while(|&j| match toks[j].kind {
                    Kind::Actor { .. } => true,
                    // not across a clause break ("ودخلتها بعد فرار عناصر التنظيم")
                    Kind::Word => !info[j].keys.iter().any(|x| self.break_words.contains(x)),
                    _ => false,
                })
                .find(|&j| matches!(toks[j].kind, Kind::Actor { .. }))
                .map_or(k + 1, |j| j + 1);
            insert_anaphor(toks, info, k, at, mention);
            k = at + 1;
        }
    }

    /// The folded preposition of word `k` when, as written, it is one of `[object_pronouns]
    /// prepositions` carrying a pronoun suffix ("عليها") and stands right after a word whose
    /// object slot it is, across a side's name ("سيطرة قوات X عليها", "دخول الفصائل إليها"),
    /// that word not in a relative clause ("Y التي يسيطر عليها X": the holder frames read it).
    fn pronoun_preposition(
        &self,
        toks: &[Tok],
        info: &[Info],
        k: usize,
        written: &str,
    ) -> Option<String> {
        let written: String = written
            .chars()
            .filter(|c| !self.ignore.contains(c))
            .collect();
        let stem = self
            .pronoun_suffixes
            .iter()
            .find_map(|suffix| written.strip_suffix(suffix.as_str()))?;
        let stem = self.fold(stem);
        let (prep, hosts) = self.pronoun_preps.iter().find(|(p, _)| *p == stem)?;
        let word_in = |j: usize, set: &HashSet<String>| {
            matches!(toks[j].kind, Kind::Word) && info[j].keys.iter().any(|x| set.contains(x))
        };
        let host = (0..k).rev().find(|&j| {
            !matches!(toks[j].kind, Kind::Actor { .. }) && !word_in(j, &self.unnamed_sides)
        })?;
        if !word_in(host, hosts) {
            return None;
        }
        let relative = (0..host)
            .rev()
            .find(|&j| !matches!(toks[j].kind, Kind::Punct))
            .is_some_and(|j| {
                word_in(j, &self.pronoun_not_after) || word_in(j, &self.pronoun_prep_not_after)
            });
        (!relative).then(|| prep.clone())
    }

    /// Whether a word as written is one of `[object_pronouns] verbs` carrying one of its
    /// suffixes (proclitics allowed: "ودخلتها").
    /// Whether word `k` is a verb of falling or staying under a holder whose subject is
    /// unsaid ("ثم خضعت لسيطرة X", "وظلت تحت سيطرة X"): one of `subject_verbs` right before
    /// one of `subject_holders`, not in a relative clause and not right after a place (which
    /// is then its subject, read by the holder frames as it stands).
    fn is_subject_host(&self, toks: &[Tok], info: &[Info], k: usize) -> bool {
        let word_in = |j: usize, set: &HashSet<String>| {
            matches!(toks[j].kind, Kind::Word) && info[j].keys.iter().any(|x| set.contains(x))
        };
        let holder_follows = self.subject_holders.iter().any(|phrase| {
            phrase.iter().enumerate().all(|(n, w)| {
                toks.get(k + 1 + n)
                    .is_some_and(|t| matches!(t.kind, Kind::Word))
                    && info[k + 1 + n].keys.iter().any(|x| x == w)
            })
        });
        let previous = (0..k).rev().find(|&j| !matches!(toks[j].kind, Kind::Punct));
        word_in(k, &self.subject_verbs)
            && holder_follows
            && !previous
                .is_some_and(|j| toks[j].place().is_some() || word_in(j, &self.pronoun_not_after))
    }

    fn is_pronoun_host(&self, written: &str) -> bool {
        let written: String = written
            .chars()
            .filter(|c| !self.ignore.contains(c))
            .collect();
        self.pronoun_suffixes.iter().any(|suffix| {
            written.strip_suffix(suffix.as_str()).is_some_and(|stem| {
                let stem = self.fold(stem);
                self.keys(&stem)
                    .iter()
                    .any(|x| self.pronoun_verbs.contains(x))
            })
        })
    }
}

impl Sentence<'_> {
    /// The end of `phrase` when it starts at word `i`.
    fn phrase_at(&self, i: usize, phrase: &Phrase) -> Option<usize> {
        for (k, w) in phrase.iter().enumerate() {
            let t = self.toks.get(i + k)?;
            if !matches!(t.kind, Kind::Word) || !self.info[i + k].keys.iter().any(|x| x == w) {
                return None;
            }
        }
        Some(i + phrase.len())
    }

    fn any_phrase_at(&self, i: usize, phrases: &[Phrase]) -> Option<usize> {
        phrases.iter().filter_map(|p| self.phrase_at(i, p)).max()
    }

    fn is_in(&self, i: usize, set: &HashSet<String>) -> bool {
        matches!(self.toks[i].kind, Kind::Word) && self.info[i].keys.iter().any(|x| set.contains(x))
    }

    /// Whether word `i` is a subject that names no side: one of `not_sides`, unless a side's
    /// name follows it ("مسلحو داعش": the side is named after all).
    fn not_side(&self, i: usize, not_sides: &HashSet<String>) -> bool {
        self.is_in(i, not_sides) && self.faction(i + 1).is_none()
    }

    fn faction(&self, i: usize) -> Option<usize> {
        match self.toks.get(i)?.kind {
            Kind::Actor { faction, .. } => faction,
            _ => None,
        }
    }
}

/// The places of a list and whether a share word governs them.
struct Places {
    toks: Vec<usize>,
    partial: bool,
    /// The token after the list.
    end: usize,
}

impl Grammar {
    /// The list of places starting at the place token `i`: places joined by a conjunction (a
    /// word, a punctuation mark or a proclitic), with kind nouns and adjectives between.
    fn list_from(&self, s: &Sentence, i: usize) -> Places {
        let mut toks = vec![i];
        let mut k = i + 1;
        loop {
            let mut j = k;
            let mut skipped = 0;
            while j < s.toks.len() && skipped < 2 && s.is_in(j, &self.after_place) {
                j += 1;
                skipped += 1;
            }
            k = j;
            let Some(t) = s.toks.get(j) else { break };
            if t.place().is_some() && s.info[j].joined && s.clause[j] == s.clause[i] {
                toks.push(j);
                k = j + 1;
                continue;
            }
            let connector = match t.kind {
                Kind::Punct | Kind::Word => {
                    s.info[j].keys.iter().any(|x| self.connectors.contains(x))
                }
                _ => false,
            };
            // A kind noun carrying the conjunction ("وحيي X"): connector and filler at once.
            let joined_filler = !connector
                && (s.is_in(j, &self.filler) || s.is_in(j, &self.list_links))
                && self
                    .connectors
                    .iter()
                    .any(|c| t.w.starts_with(c.as_str()) && !self.filler.contains(t.w.as_ref()));
            if !connector && !joined_filler {
                break;
            }
            let mut n = j + 1;
            let mut filler = 0;
            while n < s.toks.len()
                && filler < 2
                && (s.is_in(n, &self.filler) || s.is_in(n, &self.list_links))
            {
                n += 1;
                filler += 1;
            }
            match s.toks.get(n) {
                Some(t) if t.place().is_some() && s.clause[n] == s.clause[i] => {
                    toks.push(n);
                    k = n + 1;
                }
                // A name the geoparser does not know, between two connectors: the list
                // goes on past it ("A، B، C" with B unknown).
                Some(t)
                    if matches!(t.kind, Kind::Word)
                        && s.clause[n] == s.clause[i]
                        && s.toks.get(n + 1).is_some_and(|next| {
                            (matches!(next.kind, Kind::Word | Kind::Punct)
                                && s.info[n + 1]
                                    .keys
                                    .iter()
                                    .any(|x| self.connectors.contains(x)))
                                || (next.place().is_some() && s.info[n + 1].joined)
                        }) =>
                {
                    k = n + 1;
                }
                _ => break,
            }
        }
        Places {
            toks,
            partial: false,
            end: k,
        }
    }

    /// The list of places ending just before `end` (the trigger), within `max_gap` words.
    fn list_before(&self, s: &Sentence, end: usize, max_gap: usize) -> Option<Places> {
        let clause = s.clause[end];
        let mut k = end;
        let mut gap = 0;
        let last = loop {
            if k == 0 {
                return None;
            }
            k -= 1;
            if s.clause[k] != clause {
                return None;
            }
            match s.toks[k].kind {
                Kind::Place { .. } => break k,
                Kind::Actor { .. } => return None,
                Kind::Punct => {}
                Kind::Word => {
                    gap += 1;
                    if gap > max_gap {
                        return None;
                    }
                }
            }
        };
        // Walk back to the list's first place, then read it forwards.
        let mut first = last;
        let mut k = last;
        while k > 0 && s.clause[k - 1] == clause {
            let prev = k - 1;
            if s.toks[k].place().is_some() && s.info[k].joined {
                match (0..k).rev().find(|&p| !s.is_in(p, &self.after_place)) {
                    Some(p) if s.toks[p].place().is_some() => {
                        first = p;
                        k = p;
                        continue;
                    }
                    _ => break,
                }
            }
            let connector = s.info[prev]
                .keys
                .iter()
                .any(|x| self.connectors.contains(x));
            match prev.checked_sub(1) {
                Some(p) if connector && s.toks[p].place().is_some() => {
                    first = p;
                    k = p;
                }
                _ => break,
            }
        }
        let list = self.list_from(s, first);
        Some(Places {
            toks: list.toks.into_iter().filter(|&t| t <= last).collect(),
            partial: false,
            end: last + 1,
        })
    }

    /// The villages of a list of three or more lying far from the list's middle: a list names
    /// neighbouring villages, so a village resolved far away is a homonym elsewhere. Towns,
    /// cities and areas are not: a list of a region's towns ("عفرين وأعزاز وجرابلس") spans
    /// the region, and their names resolve to the well-known place.
    fn strays(&self, cx: &Cx, s: &Sentence, list: &[usize]) -> Vec<usize> {
        if list.len() < 3 {
            return Vec::new();
        }
        let point = |t: usize| {
            s.toks[t]
                .place()
                .map(|m| cx.gazetteer.place(cx.mentions[m].place).point)
        };
        let points: Vec<(usize, Point<f64>)> =
            list.iter().filter_map(|&t| Some((t, point(t)?))).collect();
        let median = |mut v: Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let middle = Point::new(
            median(points.iter().map(|(_, p)| p.x()).collect()),
            median(points.iter().map(|(_, p)| p.y()).collect()),
        );
        let village = |t: usize| {
            s.toks[t].place().is_some_and(|m| {
                matches!(
                    cx.gazetteer.place(cx.mentions[m].place).kind,
                    PlaceKind::Village | PlaceKind::Neighbourhood
                )
            })
        };
        points
            .into_iter()
            .filter(|&(t, p)| village(t) && haversine_km(p, middle) > LIST_REACH_KM)
            .map(|(t, _)| t)
            .collect()
    }

    /// Whether a `whole` word stands before the share word at `k`, directly or across a
    /// `share_links` word: "كامل أحياء Y", "ما تبقى من أحياء Y" (all of them, or all that is
    /// left: the whole of Y).
    fn whole_before(&self, s: &Sentence, k: usize) -> bool {
        (k > 0 && s.is_in(k - 1, &self.whole))
            || (k > 1 && s.is_in(k - 1, &self.share_links) && s.is_in(k - 2, &self.whole))
    }

    /// Whether the place at `t` is an area (governorate, district, region), not a settlement.
    fn is_area(&self, cx: &Cx, s: &Sentence, t: usize) -> bool {
        super::held::is_area_mention(cx, &s.toks, t)
    }

    /// The seat of a subdistrict named by a `seats` noun right before it ("سيطرت X على ناحية
    /// راجو"): the settlement of the same name (as this language folds it) within
    /// [`SEAT_REACH_KM`] of the unit's point. Not an area with its share stated ("كامل ناحية
    /// Y" is the unit).
    fn seat_of(&self, cx: &Cx, s: &Sentence, t: usize) -> Option<crate::gazetteer::PlaceIdx> {
        // The noun alone or after a conjunction ("وناحية Y"), not a preposition written on it
        // ("بناحية Y": in it), nor after a locative or a compass word ("قرى في ناحية Y").
        let noun = t.checked_sub(1)?;
        let written = s.toks[noun].w.as_ref();
        let bare = self.seats.contains(written)
            || self.connectors.iter().any(|c| {
                written
                    .strip_prefix(c.as_str())
                    .is_some_and(|w| self.seats.contains(w))
            });
        let located = noun > 0
            && (s.is_in(noun - 1, &self.seats_not_after) || s.is_in(noun - 1, &self.directions));
        if !bare || located || self.extent_before(s, t).is_some() {
            return None;
        }
        let m = &cx.mentions[s.toks[t].place()?];
        let unit = cx.gazetteer.place(m.place);
        if unit.kind != PlaceKind::Subdistrict {
            return None;
        }
        let name = self.fold(&m.text);
        cx.gazetteer
            .within_km(unit.point, SEAT_REACH_KM)
            .into_iter()
            .map(|(i, _)| i)
            .find(|&i| {
                let p = cx.gazetteer.place(i);
                p.kind.is_settlement() && p.all_names().any(|n| self.fold(n) == name)
            })
    }

    /// What links the area at `c`, the place a holder modifier reached, to the places before
    /// it: the token ending those places (the link word, the comma, or the area's first word
    /// when a link letter is written on it) and whether a `relational_heads` word stands
    /// between ("X، إحدى ضواحي Y": X is the suburb). `None` unless the area is one (a
    /// governorate), the land around a place ("ريف Y"), or a relational head governs it: a
    /// settlement after "في" keeps its own reading ("حي X في مدينة Y الخاضعة لسيطرة Z":
    /// the modifier agrees with the city).
    fn container_link(&self, cx: &Cx, s: &Sentence, c: usize) -> Option<(usize, bool)> {
        let clause = s.clause[c];
        let mut first = c;
        let (mut relational, mut countryside) = (false, false);
        while first > 0 && c - first < 4 {
            let j = first - 1;
            if s.clause[j] != clause || !matches!(s.toks[j].kind, Kind::Word) {
                break;
            }
            let head = s.is_in(j, &self.relational_heads);
            let around = s.is_in(j, &self.around);
            if !(head || around || s.is_in(j, &self.filler) || s.is_in(j, &self.directions)) {
                break;
            }
            relational |= head;
            countryside |= around;
            first = j;
        }
        if !(relational || countryside || self.is_area(cx, s, c)) {
            return None;
        }
        let link = first.checked_sub(1).filter(|&l| s.clause[l] == clause)?;
        let link_letter = first < c
            && self.inside_proclitics.iter().any(|p| {
                s.toks[first]
                    .w
                    .strip_prefix(p.as_str())
                    .is_some_and(|rest| {
                        let rest = self.fold(rest);
                        self.around.contains(&rest) || self.filler.contains(&rest)
                    })
            });
        let end = match s.toks[link].kind {
            Kind::Word if s.is_in(link, &self.inside_links) => link,
            _ if link_letter => first,
            Kind::Punct
                if relational
                    && s.info[link]
                        .keys
                        .iter()
                        .any(|x| self.connectors.contains(x)) =>
            {
                link
            }
            _ => return None,
        };
        Some((end, relational))
    }

    /// The places a holder modifier after an area holds by containment ("بلدة X في ريف Y
    /// الخاضع لسيطرة Z": X), and whether the area is only the relational head's complement
    /// (then it is no place of the claim). Not a place a claim of its sentence already
    /// names ("سيطرت قوات X على بلدة Y في ريف Z الخاضع لسيطرة W": the taking wins), nor the
    /// land around a place or an area itself.
    fn contained(
        &self,
        cx: &Cx,
        s: &Sentence,
        places: &Places,
        claims: &[Claim],
    ) -> (Vec<usize>, bool) {
        let none = (Vec::new(), false);
        let Some(&c) = places.toks.first() else {
            return none;
        };
        let Some((end, relational)) = self.container_link(cx, s, c) else {
            return none;
        };
        let Some(list) = self.list_before(s, end, 1) else {
            return none;
        };
        let told = |t: usize| {
            claims
                .iter()
                .any(|x| x.start <= s.toks[t].start && s.toks[t].end <= x.end)
        };
        let anchors: Vec<usize> = list
            .toks
            .into_iter()
            .filter(|&t| !self.not_the_place(s, t, false) && !self.is_area(cx, s, t) && !told(t))
            .collect();
        if anchors.is_empty() {
            return none;
        }
        (anchors, relational)
    }

    /// The share of a place its noun phrase states, looking back over kind nouns and "من" to
    /// the nearest quantifier: "كامل محافظة Y" (whole), "معظم Y" (bulk), "أجزاء من Y" (part).
    fn extent_before(&self, s: &Sentence, t: usize) -> Option<Extent> {
        for k in (t.saturating_sub(4)..t).rev() {
            if !matches!(s.toks[k].kind, Kind::Word) {
                return None;
            }
            if s.is_in(k, &self.whole) {
                return Some(Extent::Whole);
            }
            if s.is_in(k, &self.bulk) {
                return Some(Extent::Bulk);
            }
            if s.is_in(k, &self.partial) {
                return Some(Extent::Part);
            }
            if !(s.is_in(k, &self.filler) || s.is_in(k, &self.share_links)) {
                return None;
            }
        }
        None
    }

    /// Whether the place at `t` is governed by a noun of the land around it or of a facility.
    /// A modifier after the place (`modifier`: a frame whose places stand before it) that
    /// follows a kind noun under an `around` noun ("محيط مدينة Y الخاضعة لسيطرة X") agrees
    /// with the kind noun: it tells of the place itself, not of the land around it.
    fn not_the_place(&self, s: &Sentence, t: usize, modifier: bool) -> bool {
        let through_kind_noun = || {
            t >= 2
                && s.is_in(t - 1, &self.filler)
                && (0..t - 1)
                    .rev()
                    .take(2)
                    .find(|&k| !s.is_in(k, &self.filler))
                    .is_some_and(|k| s.is_in(k, &self.around))
        };
        self.governed(&s.toks, &s.info, t) && !(modifier && through_kind_noun())
    }

    /// Whether an `around` or `facility` noun governs the place at `t`, directly or across
    /// a kind noun or two ("محيط بلدة Y", "أطراف مدينة Y"), or compass words after a noun of
    /// unnamed places make it their landmark ("عشرات القرى غربي Y", "قرى جنوب غرب Y"), or a
    /// compass word or a locative after a named place ("بلدة X شمال Y", "حي X في Y": where X
    /// lies). A compass word after a preposition names a part of the place instead ("في شرق
    /// مدينة Y").
    fn governed(&self, toks: &[Tok], info: &[Info], t: usize) -> bool {
        let word_in = |k: usize, set: &HashSet<String>| {
            matches!(toks[k].kind, Kind::Word) && info[k].keys.iter().any(|x| set.contains(x))
        };
        let Some(k) = (0..t).rev().take(3).find(|&k| !word_in(k, &self.filler)) else {
            return false;
        };
        if word_in(k, &self.around) || word_in(k, &self.facility) || self.described(toks, info, t) {
            return true;
        }
        // After a named place, a compass word or a locative makes the next place the first
        // one's landmark or its container: "بلدة Y شمال Z", "حي Y في Z" tell where Y lies.
        let after_place = |w: usize| w > 0 && toks[w - 1].place().is_some();
        if word_in(k, &self.locatives) && after_place(k) {
            return true;
        }
        let mut before_compass = k;
        while before_compass > 0 && word_in(before_compass, &self.directions) {
            before_compass -= 1;
        }
        before_compass < k
            && (word_in(before_compass, &self.filler) || toks[before_compass].place().is_some())
    }
}

impl Grammar {
    /// Whether place `t` stands in a sentence that defines the place opening it ("Y مدينة
    /// سورية تقع في ريف Z، وتتبع إدارياً لمنطقة W", an encyclopedia's first sentence): after
    /// the place (and a gloss of it in brackets) comes one of `[places] definitions`, and
    /// every later place of that clause says where Y lies — no claim on it, no antecedent.
    fn described(&self, toks: &[Tok], info: &[Info], t: usize) -> bool {
        if t < 2 || toks[0].place().is_none() {
            return false;
        }
        let Some(noun) = (1..t).find(|&k| matches!(toks[k].kind, Kind::Word)) else {
            return false;
        };
        let in_gloss = |k: usize| matches!(toks[k].kind, Kind::Punct) || toks[k].place().is_some();
        (1..noun).all(in_gloss)
            && info[noun].keys.iter().any(|x| self.definitions.contains(x))
            && !(noun..t).any(|k| {
                matches!(toks[k].kind, Kind::Word)
                    && info[k].keys.iter().any(|x| self.break_words.contains(x))
            })
    }
}

/// What a frame found: its places, its side and how sure it is.
struct Reading {
    places: Places,
    /// The required word ("الحصار" of "كسر الجيش الحصار"), spent with the trigger.
    required_at: Option<(usize, usize)>,
    /// The agent marker before the side ("بيد"), spent too: it is not a holder modifier here.
    marker_at: Option<(usize, usize)>,
    /// Told as before the report's events ("وكانت روسيا أعلنت ..."): see `Claim::earlier`.
    earlier: bool,
    faction: usize,
    confidence: f32,
}

/// What came of one frame whose trigger stands in a sentence, for `--explain`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FrameTrace {
    /// The frame's id in the language file.
    pub frame: String,
    /// The trigger's byte span in the report.
    pub trigger: (usize, usize),
    pub outcome: FrameOutcome,
}

/// Why a frame whose trigger stands in a sentence made its claims or none.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FrameOutcome {
    /// It made claims (their rule ids are `frame:trigger`).
    Fired,
    /// Its places, prepositions, required words or side are not where it wants them.
    DoesNotFit,
    /// It fits and says nothing by design (a `none` frame: shelling, a raid).
    SaysNothing,
    /// A hold told as lasting until a year before the report's: over by now.
    Over,
    /// A hedge or denial before the trigger in its clause: the cue as written.
    Blocked(String),
    /// Its subject is no side (civilians, aircraft), or no side stands where it seeks one.
    NoSide,
    /// Its places are only the land around a place, a facility of it, a country or an area
    /// with no share stated.
    NoClaimablePlace,
}

/// Why [`Grammar::read_frame`] read a fitting frame as saying nothing.
enum Silence {
    NoneFrame,
    /// A hold told as lasting until a year before the report's.
    Over,
    Blocked(usize),
    NoSide,
}

impl Grammar {
    /// Whether the clause starting at `clause_start` names a year before the report's after
    /// one of `[tense] year_preps` ("في عام 2015", "منذ 2014", "في أيار ٢٠١٥"): background,
    /// told beside the news (see `Claim::earlier`).
    fn names_earlier_year(&self, cx: &Cx, s: &Sentence, clause_start: usize) -> bool {
        use chrono::Datelike;
        let Some(report_year) = cx.report.date.map(|d| d.year()) else {
            return false;
        };
        let clause = s.clause[clause_start];
        (clause_start..s.toks.len())
            .take_while(|&k| s.clause[k] == clause)
            .filter(|&k| {
                year_of(&s.toks[k].w).is_some_and(|y| y < report_year && y > report_year - 100)
            })
            .any(|k| {
                (clause_start.max(k.saturating_sub(self.year_span))..k)
                    .any(|j| s.any_phrase_at(j, &self.year_preps).is_some())
            })
    }

    /// Whether the clause of word `from` goes on, after it, to "until" and a year before the
    /// report's ("ظلت تحت سيطرة X حتى نيسان 2015"): a hold so told is over.
    fn until_earlier_year(&self, cx: &Cx, s: &Sentence, from: usize) -> bool {
        use chrono::Datelike;
        let Some(report_year) = cx.report.date.map(|d| d.year()) else {
            return false;
        };
        let clause = s.clause[from];
        let in_clause: Vec<usize> = (from..s.toks.len())
            .take_while(|&k| s.clause[k] == clause)
            .collect();
        in_clause.iter().any(|&k| {
            s.any_phrase_at(k, &self.until).is_some()
                && in_clause
                    .iter()
                    .filter(|&&j| j > k && j <= k + self.year_span + 1)
                    .any(|&j| {
                        year_of(&s.toks[j].w)
                            .is_some_and(|y| y < report_year && y > report_year - 100)
                    })
        })
    }

    /// The year a token spells, alone or with a conjunction of `period_close_proclitics`
    /// written on it ("و2016"); the second value tells whether it carried one.
    fn year_at(&self, s: &Sentence, k: usize) -> Option<(i32, bool)> {
        let w = s.toks.get(k)?.w.as_ref();
        year_of(w).map(|y| (y, false)).or_else(|| {
            self.period_close_proclitics.iter().find_map(|p| {
                w.strip_prefix(p.as_str())
                    .and_then(year_of)
                    .map(|y| (y, true))
            })
        })
    }

    /// Whether the comma segment of the clause around word `at` bounds what it tells by a
    /// closed period ending no later than the report's year ("بين أيار 2015 وآذار 2016",
    /// "من عام 2013 حتى 2017", "بين عامي 2014 و2016"): a hold so bounded is over. An open
    /// end ("منذ 2014 وحتى اليوم") names no second year and bounds nothing. The segment, as
    /// commas do not end a clause: "خضعت لسيطرة X من 2014 حتى 2016، عندما سيطرت عليها Z"
    /// bounds X's hold, not Z's taking.
    fn closed_period(&self, cx: &Cx, s: &Sentence, at: usize) -> bool {
        use chrono::Datelike;
        let Some(report_year) = cx.report.date.map(|d| d.year()) else {
            return false;
        };
        let clause = s.clause[at];
        let comma = |k: usize| {
            matches!(s.toks[k].kind, Kind::Punct)
                && s.info[k].keys.iter().any(|x| self.connectors.contains(x))
        };
        let in_segment = |k: usize| k < s.toks.len() && s.clause[k] == clause && !comma(k);
        let span = self.year_span;
        let first = (0..at)
            .rev()
            .take_while(|&k| in_segment(k))
            .last()
            .unwrap_or(at);
        let in_clause = in_segment;
        (first..s.toks.len())
            .take_while(|&k| in_segment(k))
            .filter(|&k| s.any_phrase_at(k, &self.period_opens).is_some())
            .any(|open| {
                // the first date: a year within a few words (a month's name, "عام", "عامي")
                let Some((first, y1)) = (open + 1..=open + span)
                    .filter(|&j| in_clause(j))
                    .find_map(|j| self.year_at(s, j).filter(|y| !y.1).map(|y| (j, y.0)))
                else {
                    return false;
                };
                // the close: a conjunction written on the next date ("وآذار 2016",
                // "و2016") or a word of "until", then a second year
                (first + 1..=first + 2).filter(|&c| in_clause(c)).any(|c| {
                    let w = s.toks[c].w.as_ref();
                    let after = if let Some(e) = s.any_phrase_at(c, &self.period_closes) {
                        e
                    } else if self
                        .period_close_proclitics
                        .iter()
                        .any(|p| w.starts_with(p.as_str()))
                    {
                        c
                    } else {
                        return false;
                    };
                    (after..=after + span)
                        .filter(|&j| in_clause(j))
                        .find_map(|j| self.year_at(s, j))
                        .is_some_and(|(y2, _)| y1 <= y2 && y2 <= report_year)
                })
            })
    }

    /// Reads `frame` triggered at `trigger` (`i..end`): `Err(())` when the frame does not fit
    /// here, `Ok(Err(why))` when it fits but says nothing (hedged, no side, a `none` frame).
    #[allow(clippy::result_unit_err)]
    fn read_frame(
        &self,
        cx: &Cx,
        s: &Sentence,
        frame: &Frame,
        trigger: (usize, usize),
        names: &FactionNames,
        memory: &Memory,
    ) -> Result<Result<Reading, Silence>, ()> {
        let (i, end) = trigger;
        if frame.relation == FrameRelation::None {
            return Ok(Err(Silence::NoneFrame));
        }
        let clause = s.clause[i];
        let mut after_actor = None;
        // A second, other side after the trigger before its places: the object of a verb
        // whose subject follows it (`ActorAt::FirstOfTwoAfter`).
        let mut second_after_actor = None;
        // The side after the trigger is named as a former holder ("معقل التنظيم السابق").
        let mut former_holder = false;
        let mut no_side = false;
        // The token of an unnamed group standing as the subject ("الفصائل").
        let mut unnamed = None;
        // A generic noun of a force as the subject ("وسيطرت القوات على Y").
        let mut generic = false;
        let mut required_at = None;
        let places = match frame.places {
            PlacesSide::After => {
                let mut k = end;
                let mut gap = 0;
                let mut required = frame.requires.is_empty();
                let mut prep = frame.preps.is_empty();
                let mut partial = false;
                // Words since the trigger, the required word or the preposition that are not
                // of a place noun phrase: a place object follows its anchor closely.
                let mut since_anchor = 0;
                loop {
                    let Some(t) = s.toks.get(k) else {
                        return Err(());
                    };
                    if s.clause[k] != clause {
                        return Err(());
                    }
                    match t.kind {
                        Kind::Actor { faction, .. } => {
                            if after_actor.is_none() {
                                after_actor = faction;
                                former_holder = self.former_after(s, k);
                            } else if faction.is_some() && faction != after_actor {
                                second_after_actor = second_after_actor.or(faction);
                            }
                            // Words before the side are its noun phrase ("دخل مقاتلو X Y"):
                            // the object follows the subject.
                            since_anchor = 0;
                            k += 1;
                        }
                        Kind::Punct => k += 1,
                        Kind::Word => {
                            // A subject that is no side ("فر المدنيون نحو Y"); not the company
                            // of an armed group ("خرج المقاتلون وعائلاتهم من Y").
                            if after_actor.is_none()
                                && unnamed.is_none()
                                && s.not_side(k, &self.not_sides)
                            {
                                no_side = true;
                            }
                            if after_actor.is_none() && s.not_side(k, &self.unnamed_sides) {
                                unnamed = unnamed.or(Some(k));
                            }
                            let generic_here =
                                after_actor.is_none() && s.not_side(k, &self.clause_sides);
                            generic |= generic_here;
                            // "استعاد الجيش الحر بدعم من المدفعية التركية Y": the backer is
                            // the subject's noun phrase.
                            if after_actor.is_some() || unnamed.is_some() {
                                if let Some(e) = self.backing_end(names, s, k) {
                                    since_anchor = 0;
                                    k = e;
                                    continue;
                                }
                            }
                            // "دخلت المجموعات الإرهابية المسلحة Y": the group's adjectives
                            // are its noun phrase.
                            if unnamed.is_some_and(|u| {
                                u < k && (u + 1..=k).all(|j| s.is_in(j, &self.unnamed_adjectives))
                            }) {
                                k += 1;
                                continue;
                            }
                            // An unnamed group or a generic force as the subject stands where
                            // a side's name would ("استعادت الفصائل Y"): the object follows it.
                            if unnamed == Some(k) || generic_here {
                                since_anchor = 0;
                                k += 1;
                                continue;
                            }
                            // "خروج المسلحين من Y باتجاه Z": a place after a destination word
                            // that is none of the frame's prepositions is where someone goes,
                            // not the frame's object.
                            if s.any_phrase_at(k, &self.destinations).is_some()
                                && s.any_phrase_at(k, &frame.preps).is_none()
                            {
                                return Err(());
                            }
                            if !required {
                                if let Some(e) = s.any_phrase_at(k, &frame.requires) {
                                    required = true;
                                    required_at = Some((k, e));
                                    since_anchor = 0;
                                    k = e;
                                    continue;
                                }
                            }
                            if !prep && required {
                                if let Some(e) = s.any_phrase_at(k, &frame.preps) {
                                    prep = true;
                                    since_anchor = 0;
                                    k = e;
                                    continue;
                                }
                            }
                            // "على 12 قرية في ريف Y أبرزها A وB": the list opener starts the
                            // object's places afresh.
                            if prep && required {
                                if let Some(e) = s.any_phrase_at(k, &self.openers) {
                                    since_anchor = 0;
                                    gap = 0;
                                    k = e;
                                    continue;
                                }
                            }
                            // A count ("12 قرية") is part of the object's noun phrase.
                            if t.w.chars().all(char::is_numeric) {
                                k += 1;
                                continue;
                            }
                            // "كامل أحياء Y" (all the neighbourhoods of Y) is the whole of it.
                            let part = s.is_in(k, &self.partial) && !self.whole_before(s, k);
                            partial |= part;
                            // "تحرير الأحياء الشرقية لمدينة Y": a part's adjective after the
                            // object's kind noun is of its noun phrase.
                            let part_adjective = k > end
                                && s.is_in(k, &self.part_adjectives)
                                && (s.is_in(k - 1, &self.filler) || s.is_in(k - 1, &self.partial));
                            if !part && !part_adjective && !s.is_in(k, &self.filler) {
                                since_anchor += 1;
                            }
                            gap += 1;
                            if gap > frame.max_gap {
                                return Err(());
                            }
                            k += 1;
                        }
                        Kind::Place { .. } => {
                            let after_prep = prep && !frame.preps.is_empty() && since_anchor <= 2;
                            let direct = (frame.preps.is_empty() || frame.prep_optional)
                                && since_anchor == 0;
                            // "12 قرية في ريف Y أبرزها A وB": the land around Y only locates
                            // the object whose places the opener lists.
                            let located = self.governed(&s.toks, &s.info, k)
                                && (k + 1..s.toks.len())
                                    .take_while(|&j| s.clause[j] == clause)
                                    .any(|j| s.any_phrase_at(j, &self.openers).is_some());
                            if required && (after_prep || direct) && !located {
                                let mut list = self.list_from(s, k);
                                list.partial = partial;
                                break list;
                            }
                            gap += 1;
                            since_anchor += 1;
                            if gap > frame.max_gap {
                                return Err(());
                            }
                            k += 1;
                        }
                    }
                }
            }
            PlacesSide::Before => {
                let list = self.list_before(s, i, frame.max_gap).ok_or(())?;
                // A destination ("باتجاه إدلب بموجب اتفاق التسوية") changes no hands: people
                // go there. (A holder told of it still holds: "نزحوا نحو Y الخاضعة لـ X".)
                let first = list.toks.first().copied().unwrap_or(i);
                let destination = (0..first)
                    .rev()
                    .take(3)
                    .find(|&k| !s.is_in(k, &self.filler))
                    .is_some_and(|k| s.any_phrase_at(k, &self.destinations).is_some());
                if destination && frame.relation == FrameRelation::Captured {
                    return Err(());
                }
                // A share word before the list ("أحياء حلب الشرقية الخاضعة لسيطرة X"): a part of
                // the place, as after a trigger ("كامل أحياء Y" is the whole of it).
                let mut list = list;
                list.partial = (first.saturating_sub(2)..first)
                    .rev()
                    .any(|k| s.is_in(k, &self.partial) && !self.whole_before(s, k));
                let mut k = end;
                while k < s.toks.len() && s.clause[k] == clause && k < end + 3 {
                    if let Some(f) = s.faction(k) {
                        after_actor = Some(f);
                        former_holder = self.former_after(s, k);
                        break;
                    }
                    // "الخاضعة لسيطرة الفصائل": the holder is an unnamed group.
                    if s.not_side(k, &self.unnamed_sides) {
                        unnamed = Some(k);
                        break;
                    }
                    if s.not_side(k, &self.clause_sides) {
                        generic = true;
                        break;
                    }
                    k += 1;
                }
                list
            }
        };
        // Hedges: a denial or an attempt before the trigger in its clause voids it; a report
        // of a report lowers it.
        let clause_start = (0..i)
            .rev()
            .take_while(|&k| s.clause[k] == clause)
            .last()
            .unwrap_or(i);
        let mut confidence = frame.confidence;
        if frame.relation == FrameRelation::Holds && self.until_earlier_year(cx, s, i) {
            return Ok(Err(Silence::Over));
        }
        // "الرقة، معقل التنظيم السابق": the holder named is a former one.
        if frame.relation == FrameRelation::Holds && former_holder {
            return Ok(Err(Silence::Over));
        }
        // A hold, or a verb of control that also tells one, bounded by a closed period.
        let tells_state = frame.relation == FrameRelation::Holds
            || (frame.relation == FrameRelation::Captured
                && s.any_phrase_at(i, &self.period_verbs).is_some());
        if tells_state && self.closed_period(cx, s, i) {
            return Ok(Err(Silence::Over));
        }
        let mut earlier = self.names_earlier_year(cx, s, clause_start);
        // A body's name ("هيئة التفاوض") holding a hedge word is only a name.
        let mut in_body_until = clause_start;
        for k in clause_start..i {
            earlier |= s.any_phrase_at(k, &self.earlier).is_some();
            if let Some(e) = s.any_phrase_at(k, &self.bodies) {
                in_body_until = in_body_until.max(e);
            }
            if k >= in_body_until && s.any_phrase_at(k, &self.blocks).is_some() {
                return Ok(Err(Silence::Blocked(k)));
            }
            if s.any_phrase_at(k, &self.doubts).is_some() {
                confidence = confidence.min(self.doubt_confidence);
            }
        }
        // A subject just before the trigger that is no side ("المدنيون فروا نحو Y"), unless
        // the frame's side is named right after it ("قصفت الطائرات معقل التنظيم"), or one
        // between the trigger and its places: the frame has no side to give.
        // A frame that seeks its side before the trigger first keeps the subject before it
        // even when a side follows: "صدت الفصائل هجوما لتنظيم X على Y" (the side after the
        // verb is the attacker the object names).
        let at = |want: ActorAt| frame.actor.iter().position(|a| *a == want);
        let before_first = match (at(ActorAt::Before), at(ActorAt::After)) {
            (Some(b), Some(a)) => b < a,
            (Some(_), None) => true,
            _ => false,
        };
        let named_after = after_actor.is_some() && frame.actor.contains(&ActorAt::After);
        let subject_before = |set: &HashSet<String>, despite_after: bool| {
            if named_after && !despite_after {
                return None;
            }
            (clause_start..i)
                .rev()
                .filter(|&k| !matches!(s.toks[k].kind, Kind::Punct))
                // across a group's adjectives ("المجموعات الإرهابية المسلحة دخلت Y")
                .skip_while(|&k| s.is_in(k, &self.unnamed_adjectives))
                .take(2)
                .take_while(|&k| s.faction(k).is_none())
                .find(|&k| s.not_side(k, set))
        };
        no_side |= subject_before(&self.not_sides, false).is_some();
        if no_side {
            return Ok(Err(Silence::NoSide));
        }
        // An armed group left unnamed ("الفصائل") is the side the report last named of those
        // the region lets the word stand for (any side when it does not say), unless this
        // sentence names that side: then the group is the other one.
        // Forces that speak of themselves ("وقالت القوات إنها سيطرت على Y": the forces said
        // they took Y) are no other side's counter-attack: read as an unnamed group, the side
        // the report named last unless this sentence names it.
        let speaking_forces =
            subject_before(&self.clause_sides, before_first).filter(|&k| self.is_speaker(s, k));
        let unnamed = unnamed
            .or(speaking_forces)
            .or_else(|| subject_before(&self.unnamed_sides, before_first));
        // A verb joined to an earlier one by a conjunction ("اقتحمت قوات X القرية وسيطرت على
        // Y") shares its subject: the first side, or unnamed group, its clause names.
        let joined_verb = !named_after
            && self.connectors.iter().any(|c| {
                s.toks[i].w.starts_with(c.as_str())
                    && s.info[i].keys.iter().any(|x| x.as_str() == &s.toks[i].w[c.len()..])
            })
            && (clause_start..i).any(|k| matches!(s.toks[k].kind, Kind::Word) && k + 1 < i)
            // with no subject of its own after it: its object, preposition or required word
            // follows ("وسيطرت على Y", "وحررت بلدة Y"; not "ودخل مرتزقة X Y": a subject of its
            // own, even one no side names)
            && {
                let k = end;
                k >= s.toks.len()
                    || !matches!(s.toks[k].kind, Kind::Word)
                    || s.is_in(k, &self.filler)
                    || s.any_phrase_at(k, &frame.preps).is_some()
                    || s.any_phrase_at(k, &frame.requires).is_some()
                    || s.is_in(k, &self.partial)
                    || s.is_in(k, &self.whole)
            };
        let first_subject = (clause_start..i)
            .find(|&k| s.faction(k).is_some() || s.not_side(k, &self.unnamed_sides))
            .filter(|_| joined_verb);
        let unnamed = unnamed.or_else(|| first_subject.filter(|&k| s.faction(k).is_none()));
        // A side that leaves under a deal leaves the places to the region's deal taker when
        // that is its opponent; any other leaver is for the frames of withdrawal.
        let taker = |faction: Option<usize>| -> Result<Option<usize>, ()> {
            if !frame.leaver {
                return Ok(faction);
            }
            let leaving = faction.ok_or(())?;
            cx.factions
                .deal_taker()
                .filter(|&t| cx.opponent(leaving) == Some(t))
                .map(Some)
                .ok_or(())
        };
        // Only for a frame whose side is its subject: the giver of a handover ("سلم المسلحون Y
        // إلى Z") is no holder.
        let subject_frame = frame
            .actor
            .iter()
            .any(|a| matches!(a, ActorAt::After | ActorAt::Before));
        let unnamed_subject_first = before_first && unnamed.is_some_and(|w| w < i);
        let after_side = after_actor.filter(|_| !unnamed_subject_first);
        if let (Some(word), None, true) = (unnamed, after_side, subject_frame) {
            let named_here = |f: usize| (0..s.toks.len()).any(|k| s.faction(k) == Some(f));
            let may_be = s.info[word]
                .keys
                .iter()
                .find_map(|key| names.unnamed.get(key));
            // When the report has named none of the sides the word may be, the region's
            // default reading of the word, if any ("الفصائل" in the opposition's own copy).
            let by_default = || {
                s.info[word]
                    .keys
                    .iter()
                    .find_map(|key| names.unnamed_default.get(key))
                    .copied()
            };
            let faction = match may_be {
                Some(sides) => memory
                    .named
                    .iter()
                    .rev()
                    .copied()
                    .find(|f| sides.contains(f))
                    .or_else(by_default),
                None => memory.last_faction(),
            };
            // "ضمن عملية X، سيطرت الفصائل على Y": a side named as the sentence's operation is
            // the group's own side, not the other one.
            let operation_side = (1..s.toks.len())
                .filter(|&k| s.is_in(k - 1, &self.operation_nouns))
                .find_map(|k| s.faction(k))
                .filter(|f| may_be.is_none_or(|sides| sides.contains(f)));
            let faction = operation_side.or(faction.filter(|&f| !named_here(f)));
            // Fighters no remembered side accounts for, leaving under a deal ("خروج دفعة من
            // المسلحين من Y"): when the word can never name the region's deal taker, the deal
            // taker takes the places they leave.
            let deal_taker = cx.factions.deal_taker();
            let faction = match (faction, may_be, deal_taker) {
                (None, Some(sides), Some(t)) if frame.leaver && !sides.contains(&t) => {
                    return Ok(Ok(Reading {
                        places,
                        faction: t,
                        confidence,
                        required_at,
                        marker_at: None,
                        earlier,
                    }));
                }
                _ => taker(faction)?,
            };
            return Ok(faction
                .map(|faction| Reading {
                    places,
                    faction,
                    confidence,
                    required_at,
                    marker_at: None,
                    earlier,
                })
                .ok_or(Silence::NoSide));
        }
        let marker_at = std::cell::Cell::new(None);
        let by_actor = || {
            let from = match frame.places {
                PlacesSide::After => places.end,
                PlacesSide::Before => end,
            };
            let mut k = from;
            while k < s.toks.len() && k < from + 3 && s.is_in(k, &self.after_place) {
                k += 1;
            }
            // A locative phrase after the places ("من بلدة Y في ريف Z إثر تقدم X") says where
            // they lie: the marker may follow it.
            if k < s.toks.len() && s.is_in(k, &self.locatives) {
                if let Some(p) = (k + 1..(k + 4).min(s.toks.len()))
                    .take_while(|&j| {
                        s.toks[j].place().is_some()
                            || s.is_in(j, &self.filler)
                            || s.is_in(j, &self.around)
                    })
                    .find(|&j| s.toks[j].place().is_some())
                {
                    k = p + 1;
                    while k < s.toks.len() && s.is_in(k, &self.after_place) {
                        k += 1;
                    }
                }
            }
            // The marker, or a proclitic of it written on the side's name ("للشرطة").
            let proclitic_agent = || {
                s.faction(k).is_some()
                    && frame
                        .agent_proclitics
                        .iter()
                        .any(|p| s.toks[k].w.starts_with(p.as_str()))
            };
            let e = match s.any_phrase_at(k, &frame.agent_markers) {
                Some(e) => e,
                None if k < s.toks.len() && proclitic_agent() => k,
                None => return None,
            };
            marker_at.set(Some((k, e)));
            // A kind noun or two may stand before the side's name ("بيد فصائل الجيش الوطني").
            (e..(e + 3).min(s.toks.len()))
                .take_while(|&k| s.clause[k] == s.clause[e.min(s.toks.len() - 1)])
                .find_map(|k| s.faction(k))
        };
        // "القوات" alone is the side its clause names: the sentence's or the report's side
        // is no answer for it.
        generic |= subject_before(&self.clause_sides, false).is_some();
        let faction = frame.actor.iter().find_map(|at| match at {
            ActorAt::Sentence | ActorAt::Discourse if generic => None,
            ActorAt::After => after_actor,
            ActorAt::FirstOfTwoAfter => after_actor.filter(|_| second_after_actor.is_some()),
            // The subject before the trigger; of sides joined into one subject ("القوات
            // المسلحة التركية والجيش الوطني"), the first, which leads.
            ActorAt::Before => first_subject
                .or_else(|| (clause_start..i).rev().find(|&k| s.faction(k).is_some()))
                .map(|k| {
                    (clause_start..k)
                        .rev()
                        .take_while(|&j| s.faction(j).is_some())
                        .last()
                        .unwrap_or(k)
                })
                .and_then(|k| s.faction(k)),
            ActorAt::By => by_actor(),
            // The sentence's subject: the first side it names before the trigger.
            ActorAt::Sentence => (0..i).find_map(|k| s.faction(k)),
            ActorAt::Discourse => memory.last_faction(),
            ActorAt::Region => cx.factions.deal_taker(),
            ActorAt::Assailant => self.assailant(s, frame, clause_start, &places.toks),
        });
        // A frame whose side is only the agent after its places ("خسرت X Y لصالح Z") does
        // not fit without one: the trigger is left to the next frame ("خسرت X Y").
        if faction.is_none()
            && frame
                .actor
                .iter()
                .all(|a| matches!(a, ActorAt::By | ActorAt::Assailant))
        {
            return Err(());
        }
        let faction = taker(faction)?;
        Ok(faction
            .map(|faction| Reading {
                places,
                faction,
                confidence,
                required_at,
                marker_at: marker_at.get(),
                earlier,
            })
            .ok_or(Silence::NoSide))
    }

    /// Whether a word of `[tense] former` follows the side's name at `k` in its clause.
    fn former_after(&self, s: &Sentence, k: usize) -> bool {
        k + 1 < s.toks.len()
            && s.clause[k + 1] == s.clause[k]
            && s.any_phrase_at(k + 1, &self.former).is_some()
    }

    /// Whether the word at `k` is the subject of a verb of speech right before it ("قالت
    /// القوات"), or speaks for one ("باسم").
    fn is_speaker(&self, s: &Sentence, k: usize) -> bool {
        (0..k)
            .rev()
            .find(|&j| !matches!(s.toks[j].kind, Kind::Punct))
            .is_some_and(|j| s.is_in(j, &self.speech_verbs) || s.is_in(j, &self.spoken_for))
    }

    /// Whether a ring from some sides only is told within a few words after the place at `t`
    /// ("تحاصر X مدينة Y من ثلاث جهات").
    fn partial_ring_after(&self, s: &Sentence, t: usize) -> bool {
        (t + 1..(t + 4).min(s.toks.len()))
            .take_while(|&k| s.clause[k] == s.clause[t])
            .any(|k| s.any_phrase_at(k, &self.partial_rings).is_some())
    }

    /// The side of the last assault word before the places in their clause: named after the
    /// word and before the places (verb-subject-object: "قصفت قوات X مدينة Y المحاصرة"), else
    /// just before the word (subject-verb, "شن X هجوما على Y").
    fn assailant(
        &self,
        s: &Sentence,
        frame: &Frame,
        clause_start: usize,
        places: &[usize],
    ) -> Option<usize> {
        let first = *places.iter().min()?;
        let v = (clause_start..first)
            .rev()
            .find(|&k| s.any_phrase_at(k, &frame.assault_words).is_some())?;
        (v + 1..first)
            .find_map(|k| s.faction(k))
            .or_else(|| (clause_start..v).rev().find_map(|k| s.faction(k)))
    }

    /// The claims of one sentence, its tokens and what came of each frame whose trigger it
    /// holds (both for `--explain`).
    /// The sentence's tokens, its claims, what came of each frame, and what it says against a
    /// change of hands told before (`sentence`: its index among the report's sentences).
    pub(crate) fn read<'a>(
        &self,
        cx: &Cx<'a>,
        names: &FactionNames,
        memory: &mut Memory,
        sentence: usize,
    ) -> (
        Vec<Tok<'a>>,
        Vec<Claim>,
        Vec<FrameTrace>,
        Vec<disputed::Note>,
    ) {
        let s = self.tokenize(cx, names, cx.span, memory);
        let mut claims = Vec::new();
        let mut traces = Vec::new();
        let mut spent = vec![false; s.toks.len()];
        for i in 0..s.toks.len() {
            if spent[i] || !matches!(s.toks[i].kind, Kind::Word) {
                continue;
            }
            let mut found: Vec<(usize, usize)> = self
                .frames
                .iter()
                .enumerate()
                .filter_map(|(f, frame)| Some((f, s.any_phrase_at(i, &frame.triggers)?)))
                .collect();
            found.sort_by_key(|&(f, e)| (std::cmp::Reverse(e), f));
            for (f, end) in found {
                let frame = &self.frames[f];
                let mut trace = |outcome| {
                    traces.push(FrameTrace {
                        frame: frame.id.clone(),
                        trigger: (s.toks[i].start, s.toks[end - 1].end),
                        outcome,
                    })
                };
                let Ok(reading) = self.read_frame(cx, &s, frame, (i, end), names, memory) else {
                    trace(FrameOutcome::DoesNotFit);
                    continue;
                };
                // A reading whose every place is only the land around a place or a facility
                // of it says nothing of them: the trigger is left to the next frame
                // ("أبرز معاقل X في ريف Y": the stronghold told after its place).
                let modifier = frame.places == PlacesSide::Before;
                let (contained, relational) = match &reading {
                    // A siege told on an area's noun after a place ("بلدة X في ريف Y الغربي التي
                    // تحاصرها Z") besieges the place, as a holder modifier holds it.
                    Ok(r)
                        if modifier
                            && matches!(
                                frame.relation,
                                FrameRelation::Holds | FrameRelation::Besieges
                            ) =>
                    {
                        self.contained(cx, &s, &r.places, &claims)
                    }
                    _ => (Vec::new(), false),
                };
                if contained.is_empty()
                    && reading.as_ref().is_ok_and(|r| {
                        !r.places.toks.is_empty()
                            && r.places
                                .toks
                                .iter()
                                .all(|&t| self.not_the_place(&s, t, modifier))
                    })
                {
                    trace(FrameOutcome::NoClaimablePlace);
                    continue;
                }
                let r = match reading {
                    Ok(r) => r,
                    Err(Silence::NoSide) if frame.side_or_nothing => {
                        trace(FrameOutcome::DoesNotFit);
                        continue;
                    }
                    Err(why) => {
                        trace(match why {
                            Silence::NoneFrame => FrameOutcome::SaysNothing,
                            Silence::Over => FrameOutcome::Over,
                            Silence::Blocked(k) => FrameOutcome::Blocked(
                                cx.report.text[s.toks[k].start..s.toks[k].end].to_string(),
                            ),
                            Silence::NoSide => FrameOutcome::NoSide,
                        });
                        spent[i..end].iter_mut().for_each(|x| *x = true);
                        break;
                    }
                };
                let told = claims.len();
                let trigger = &cx.report.text[s.toks[i].start..s.toks[end - 1].end];
                let relation = match frame.relation {
                    FrameRelation::Captured | FrameRelation::Holds if r.places.partial => {
                        Relation::Contested
                    }
                    FrameRelation::Captured => Relation::Captured,
                    FrameRelation::Holds => Relation::Holds,
                    FrameRelation::Lost => Relation::Lost,
                    FrameRelation::Contested => Relation::Contested,
                    FrameRelation::Besieges => Relation::Besieges,
                    FrameRelation::SiegeBroken => Relation::SiegeBroken,
                    FrameRelation::None => break,
                };
                let strays = self.strays(cx, &s, &r.places.toks);
                // The area a relational head governs is no place of the claim.
                let own = if relational {
                    &[][..]
                } else {
                    &r.places.toks[..]
                };
                let inside = contained
                    .iter()
                    .map(|&t| (t, r.confidence * self.inside_share));
                let places = own.iter().map(|&t| (t, r.confidence)).chain(inside);
                for (t, confidence) in places {
                    let inside = contained.contains(&t);
                    if (self.not_the_place(&s, t, modifier) && !inside) || strays.contains(&t) {
                        continue;
                    }
                    // A contained place is held (or besieged) whole, whatever share of the area
                    // is told.
                    let relation = match relation {
                        Relation::Besieges => relation,
                        _ if inside => Relation::Holds,
                        _ => relation,
                    };
                    // An area (a governorate, a district) is claimed only with its share
                    // stated: the whole or the bulk of it held, parts of it contested.
                    let seat = self.seat_of(cx, &s, t);
                    let (relation, scope) = if seat.is_none() && self.is_area(cx, &s, t) {
                        match self.extent_before(&s, t).and_then(|e| e.relation(relation)) {
                            Some(r) => (r, Scope::AllowAreas),
                            None => continue,
                        }
                    } else {
                        (relation, Scope::Holdable)
                    };
                    // A siege names its besieger: the holder is the besieger's usual opponent,
                    // as the English grammar reads it (`siege::holder_of`); not of a part
                    // ("أحياء Y الشرقية") nor of a ring from some sides only ("من ثلاث جهات").
                    let whole_ring = !r.places.partial && !self.partial_ring_after(&s, t);
                    let (holder, relation, confidence, besieger) = match relation {
                        Relation::Besieges if whole_ring => {
                            match super::siege::holder_of(cx, r.faction, None) {
                                (Some(h), factor) => {
                                    (h, Relation::Besieged, confidence * factor, Some(r.faction))
                                }
                                (None, _) => (r.faction, relation, confidence, None),
                            }
                        }
                        _ => (r.faction, relation, confidence, None),
                    };
                    if let Some(mut c) =
                        cx.claim_as(&s.toks, t, seat, holder, relation, confidence, scope)
                    {
                        c.counterpart = besieger.map(|b| cx.faction_id(b)).or(c.counterpart);
                        c.rule = Some(format!("{}:{trigger}", frame.id));
                        c.earlier = r.earlier;
                        // The claim's span is its trigger and its place, not the sentence: a
                        // change of hands told later in the sentence supersedes it ("سيطرت X
                        // على Y، قبل أن تستعيدها Z": `supersede` keeps the later event).
                        c.start = s.toks[i].start.min(s.toks[t].start);
                        c.end = s.toks[end - 1].end.max(s.toks[t].end);
                        claims.push(c);
                    }
                }
                // A reading none of whose places could be claimed (a country, an area with
                // no share stated: "معقل X في شمال سوريا") leaves the trigger to the next
                // frame ("مدينة Y، معقل X": the stronghold told after its place).
                if claims.len() == told {
                    trace(FrameOutcome::NoClaimablePlace);
                    if !r.places.toks.is_empty() {
                        continue;
                    }
                } else {
                    trace(FrameOutcome::Fired);
                }
                spent[i..end].iter_mut().for_each(|x| *x = true);
                for (a, b) in r.required_at.into_iter().chain(r.marker_at) {
                    spent[a..b].iter_mut().for_each(|x| *x = true);
                }
                if !frame.keeps_trigger {
                    break;
                }
            }
        }
        // A side only reported as speaking, which none of the sentence's claims names, is not
        // the side the report named last ("وقالت هيئة تحرير الشام إنها لن تتدخل").
        let quoted = |k: usize| {
            (0..k)
                .rev()
                .find(|&j| !matches!(s.toks[j].kind, Kind::Punct))
                .is_some_and(|j| s.is_in(j, &self.speech_verbs) || s.is_in(j, &self.spoken_for))
        };
        let claimed = |f: usize| {
            let id = &cx.factions.all()[f].id;
            claims.iter().any(|c| &c.faction == id)
        };
        let spoken_only: Vec<usize> = (0..s.toks.len())
            .filter_map(|k| s.faction(k).map(|f| (k, f)))
            .filter(|&(_, f)| !claimed(f))
            .filter(|&(k, f)| {
                quoted(k) && (0..s.toks.len()).all(|j| s.faction(j) != Some(f) || quoted(j))
            })
            .map(|(_, f)| f)
            .collect();
        for f in (0..s.toks.len()).filter_map(|k| s.faction(k)) {
            if spoken_only.contains(&f) {
                continue;
            }
            memory.named.retain(|&n| n != f);
            memory.named.push(f);
        }
        for k in 0..s.toks.len() {
            if !s.toks[k].is_anaphor() && !self.described(&s.toks, &s.info, k) {
                memory.places.extend(s.toks[k].place());
            }
        }
        // With the places its pronouns stood for: "سيطرت عليها X. وفي 2019 سيطرت عليها Z".
        memory.previous_places = (0..s.toks.len())
            .filter(|&k| !self.governed(&s.toks, &s.info, k))
            .filter_map(|k| s.toks[k].place())
            .collect();
        let excess = memory.places.len().saturating_sub(ANAPHOR_REACH);
        memory.places.drain(..excess);
        let notes = self.disputes(cx, &s, sentence);
        (s.toks, claims, traces, notes)
    }
}

/// How many words after a denial or a word of confirmation its object may stand ("نفت وسائل
/// إعلام النظام صحة هذه الأنباء", "لم يتسن لعنب بلدي التحقق").
const DISPUTE_REACH: usize = 4;
/// How many words before a denial its subject may stand ("مصادر موالية للنظام نفت").
const DENIER_REACH: usize = 3;

impl Grammar {
    /// What the sentence says against a change of hands told before it (`[disputes]`): a
    /// denial pointing back ("فيما نفى النظام ذلك") or naming its places, and a report that
    /// could not be confirmed ("ولم يتسن التحقق من ذلك", "بحسب أنباء غير مؤكدة").
    /// `disputed::apply` turns them into contests of the captures they are about.
    fn disputes(&self, cx: &Cx, s: &Sentence, sentence: usize) -> Vec<disputed::Note> {
        let n = s.toks.len();
        if n == 0 {
            return Vec::new();
        }
        // The tokens from `k` to the end of its clause (a mark ends it too).
        let rest = |k: usize| {
            (k..n).take_while(move |&j| {
                s.clause[j] == s.clause[k.min(n - 1)] && !matches!(s.toks[j].kind, Kind::Punct)
            })
        };
        let places = |from: usize| -> Vec<String> {
            rest(from)
                .filter_map(|j| disputed::place_id(cx, &s.toks[j]))
                .collect()
        };
        let object_within = |from: usize| {
            rest(from)
                .take(DISPUTE_REACH)
                .any(|j| s.any_phrase_at(j, &self.deny_objects).is_some())
        };
        let mut notes = Vec::new();
        let denial = (0..n).find_map(|k| Some((k, s.any_phrase_at(k, &self.denials)?)));
        if let Some((k, e)) = denial {
            // A denial that ends its clause, or whose only words after it are the denier's name
            // ("فيما نفى النظام.", "وهو ما نفاه النظام"), points back.
            let bare = rest(e).all(|j| s.faction(j).is_some());
            let back = bare || object_within(e);
            let named = places(e);
            if back || !named.is_empty() {
                let clause_start = (0..k)
                    .rev()
                    .take_while(|&j| s.clause[j] == s.clause[k])
                    .last();
                let before = (k.saturating_sub(DENIER_REACH)..k)
                    .rev()
                    .take_while(|&j| Some(j) >= clause_start && s.toks[j].place().is_none());
                let denier = rest(e)
                    .take(DISPUTE_REACH)
                    .chain(before)
                    .find_map(|j| s.faction(j))
                    .map(|f| cx.faction_id(f));
                let named = if back { Vec::new() } else { named };
                notes.push(disputed::Note::denial(sentence, named, denier));
            }
        }
        let negated = (0..n).find_map(|k| {
            let e = s.any_phrase_at(k, &self.dispute_negations)?;
            let (_, v_end) = rest(e)
                .take(DISPUTE_REACH)
                .find_map(|j| Some((j, s.any_phrase_at(j, &self.verification)?)))?;
            let after: Vec<usize> = rest(v_end).collect();
            let ends = after.is_empty()
                || s.any_phrase_at(after[0], &self.independently)
                    .is_some_and(|x| x > *after.last().unwrap_or(&0));
            (ends || object_within(v_end)).then_some(k)
        });
        if let Some(k) = negated {
            notes.push(disputed::Note::unconfirmed(sentence, places(k)));
        } else if (1..n).any(|j| {
            s.any_phrase_at(j, &self.unverified).is_some()
                && s.any_phrase_at(j - 1, &self.report_nouns).is_some()
        }) {
            let all = (0..n).filter_map(|j| disputed::place_id(cx, &s.toks[j]));
            notes.push(disputed::Note::unconfirmed(sentence, all.collect()));
        }
        notes
    }
}

/// The year a token of four digits spells (ASCII or Arabic-Indic digits).
fn year_of(word: &str) -> Option<i32> {
    let digits: Option<Vec<u32>> = word
        .chars()
        .map(|c| match c {
            '0'..='9' => Some(c as u32 - '0' as u32),
            '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
            '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
            _ => None,
        })
        .collect();
    let digits = digits.filter(|d| d.len() == 4)?;
    i32::try_from(digits.iter().fold(0, |n, d| n * 10 + d)).ok()
}

/// Puts the place a pronoun suffix stands for at `at`, as an anaphor token
/// spanning the word `host` that carries the suffix.
fn insert_anaphor<'a>(
    toks: &mut Vec<Tok<'a>>,
    info: &mut Vec<Info>,
    host: usize,
    at: usize,
    mention: usize,
) {
    let tok = Tok {
        kind: Kind::Place {
            mention,
            anaphor: true,
            around: false,
        },
        ..toks[host].clone()
    };
    toks.insert(at, tok);
    info.insert(
        at,
        Info {
            keys: Vec::new(),
            joined: false,
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_files_parse() {
        for text in BUNDLED {
            let g = Grammar::parse(text).unwrap_or_else(|e| panic!("{e}"));
            assert!(!g.frames.is_empty(), "{} has no frames", g.id);
        }
    }

    #[test]
    fn a_frame_naming_an_unknown_confidence_is_an_error() {
        let text = "id = \"xx\"\n[script]\nletters = [[1536, 1791]]\n[confidence]\nreported = 0.5\n[hedges]\ndoubt_confidence = \"reported\"\n\
                    [[frame]]\nid = \"x\"\nwords = [\"\u{633}\u{64a}\u{637}\u{631}\"]\n\
                    relation = \"captured\"\nconfidence = \"nope\"\n";
        let err = Grammar::parse(text).err().expect("an error");
        assert!(err.to_string().contains("nope"), "{err}");
    }

    #[test]
    fn script_decides_the_grammar() {
        assert!(for_sentence("Syrian troops captured Azaz.").is_none());
        let ar = "\u{633}\u{64a}\u{637}\u{631}\u{62a} \u{642}\u{648}\u{627}\u{62a} Azaz";
        assert!(for_sentence(ar).is_some());
    }

    #[test]
    fn a_year_is_four_digits_in_either_script() {
        assert_eq!(year_of("2015"), Some(2015));
        assert_eq!(year_of("\u{0662}\u{0660}\u{0661}\u{0664}"), Some(2014));
        assert_eq!(year_of("12"), None);
        assert_eq!(year_of("20155"), None);
        assert_eq!(year_of("عام"), None);
    }

    use super::super::testkit::claims_in;

    /// Arabic-named places of the tests below: a subdistrict before its seat town of the same
    /// name (the naive finder takes the first), towns and a city.
    const AR_PLACES: &[(&str, &str, PlaceKind, f64, f64)] = &[
        ("t:raju-sub", "راجو", PlaceKind::Subdistrict, 36.60, 36.65),
        ("t:rajo", "راجو", PlaceKind::Town, 36.66, 36.68),
        ("t:rai", "الراعي", PlaceKind::Town, 37.45, 36.61),
        ("t:dabiq", "دابق", PlaceKind::Village, 37.27, 36.54),
        ("t:jableh", "جبلة", PlaceKind::Town, 35.93, 35.36),
        ("t:aleppo", "حلب", PlaceKind::City, 37.16, 36.20),
        ("t:idlib-gov", "إدلب", PlaceKind::Governorate, 36.60, 35.80),
        ("t:kafranbel", "كفرنبل", PlaceKind::Town, 36.56, 35.61),
        ("t:palmyra", "تدمر", PlaceKind::City, 38.28, 34.56),
        ("t:afrin", "عفرين", PlaceKind::City, 36.87, 36.51),
        ("t:azaz", "أعزاز", PlaceKind::Town, 37.05, 36.59),
        ("t:jarabulus", "جرابلس", PlaceKind::Town, 38.01, 36.82),
        ("t:ihtaimlat", "احتيملات", PlaceKind::Village, 37.22, 36.55),
        // a village named as one near Dabiq, resolved 300 km away
        ("t:far-village", "شغيب", PlaceKind::Village, 40.10, 35.20),
    ];

    #[test]
    fn a_far_village_of_a_list_is_a_homonym_but_a_far_town_is_not() {
        // a region's towns lie far apart: every one is held
        let got = ar("تخضع مدن عفرين وأعزاز وجرابلس لسيطرة المعارضة.");
        assert_eq!(
            got,
            vec![
                c("t:afrin", "opposition", "holds"),
                c("t:azaz", "opposition", "holds"),
                c("t:jarabulus", "opposition", "holds"),
            ]
        );
        // a village far from the list's neighbouring villages is another village of that name
        let got = ar("تخضع قرى دابق واحتيملات وشغيب لسيطرة المعارضة.");
        assert_eq!(
            got,
            vec![
                c("t:dabiq", "opposition", "holds"),
                c("t:ihtaimlat", "opposition", "holds"),
            ]
        );
    }

    #[test]
    fn a_place_inside_a_held_area_is_held() {
        // "Kafranbel in the southern Idlib countryside held by the opposition"
        let got = ar("قصفت الطائرات بلدة كفرنبل في ريف إدلب الجنوبي الخاضع لسيطرة المعارضة.");
        assert_eq!(got, vec![c("t:kafranbel", "opposition", "holds")]);
        // the link letter on the area's noun ("بريف")
        let got = ar("قصفت الطائرات بلدة كفرنبل بريف إدلب الخاضع لسيطرة المعارضة.");
        assert_eq!(got, vec![c("t:kafranbel", "opposition", "holds")]);
        // a governorate as the container
        let got = ar("قصفت الطائرات بلدة كفرنبل في محافظة إدلب الخاضعة لسيطرة المعارضة.");
        assert_eq!(got, vec![c("t:kafranbel", "opposition", "holds")]);
        // "near" is no link; the countryside alone names no place
        assert!(ar("قصفت الطائرات بلدة كفرنبل قرب ريف إدلب الخاضع لسيطرة المعارضة.").is_empty());
        assert!(ar("قصفت الطائرات ريف إدلب الخاضع لسيطرة المعارضة.").is_empty());
        // a taking of the place itself wins
        let got = ar("سيطرت قوات النظام على بلدة كفرنبل في ريف إدلب الخاضع لسيطرة المعارضة.");
        assert_eq!(got, vec![c("t:kafranbel", "government", "captured")]);
    }

    #[test]
    fn a_relational_head_describes_the_place_before_it() {
        // "Kafranbel, one of the towns of the Idlib countryside held by the opposition"
        let got = ar("قصفت الطائرات كفرنبل، إحدى بلدات ريف إدلب الخاضع لسيطرة المعارضة.");
        assert_eq!(got, vec![c("t:kafranbel", "opposition", "holds")]);
    }

    #[test]
    fn a_closed_period_ends_the_hold() {
        assert!(ar("سيطر تنظيم الدولة على مدينة تدمر بين أيار 2015 وآذار 2016.").is_empty());
        assert!(ar("سيطر تنظيم الدولة على مدينة تدمر من عام 2013 حتى 2017.").is_empty());
        assert!(ar("خضعت مدينة تدمر لسيطرة تنظيم الدولة بين عامي 2015 و2016.").is_empty());
        // an open end bounds nothing; a period in another comma segment bounds nothing
        let got = ar("سيطر تنظيم الدولة على مدينة تدمر منذ عام 2015 وحتى اليوم.");
        assert_eq!(got, vec![c("t:palmyra", "isis", "captured")]);
        let got =
            ar("خضعت مدينة جبلة لسيطرة التنظيم من 2013 حتى 2015، عندما سيطرت عليها قوات النظام.");
        assert!(
            got.contains(&c("t:jableh", "government", "captured")),
            "{got:?}"
        );
    }

    #[test]
    fn a_sides_areas_hold_every_member_of_their_list() {
        let got = ar("سقطت قذائف على مناطق سيطرة النظام، ومنها جبلة، حلب.");
        assert_eq!(
            got,
            vec![
                c("t:jableh", "government", "holds"),
                c("t:aleppo", "government", "holds")
            ]
        );
        // without a list opener the areas name no place
        assert!(ar("سقطت قذائف على مناطق سيطرة النظام قرب جبلة.").is_empty());
    }

    #[test]
    fn a_siege_names_the_besiegers_opponent_as_the_holder() {
        // "regime forces besiege Kafranbel": the opposition's, besieged
        let got = ar("تحاصر قوات النظام بلدة كفرنبل منذ أشهر.");
        assert_eq!(got, vec![c("t:kafranbel", "opposition", "besieged")]);
        // an assault on a place told besieged: the assailant besieges it
        let got = ar("قصفت قوات النظام بلدة كفرنبل المحاصرة بالمدفعية.");
        assert_eq!(got, vec![c("t:kafranbel", "opposition", "besieged")]);
        // no assault, no besieger: "an aid convoy entered besieged Kafranbel"
        assert!(ar("دخلت قافلة مساعدات إلى بلدة كفرنبل المحاصرة.").is_empty());
        // a ring from three sides only is no siege of the holder
        let got = ar("تحاصر قوات النظام بلدة كفرنبل من ثلاث جهات.");
        assert!(got.iter().all(|x| x.2 != "besieged"), "{got:?}");
    }

    #[test]
    fn a_denied_or_unconfirmed_capture_is_contested() {
        for text in [
            "سيطرت فصائل المعارضة على بلدة كفرنبل، فيما نفى النظام ذلك.",
            "سيطرت فصائل المعارضة على بلدة كفرنبل. ونفت وسائل إعلام النظام صحة هذه الأنباء.",
            "سيطرت فصائل المعارضة على بلدة كفرنبل، ولم يتسن التحقق من ذلك بشكل مستقل.",
            "سيطرت فصائل المعارضة على بلدة كفرنبل، بحسب أنباء غير مؤكدة.",
        ] {
            let got = ar(text);
            assert!(
                got.contains(&c("t:kafranbel", "opposition", "contested")),
                "{text}: {got:?}"
            );
        }
        // what is unconfirmed or denied is something else
        for text in [
            "سيطرت فصائل المعارضة على بلدة كفرنبل، ولم يتسن التحقق من عدد القتلى.",
            "سيطرت فصائل المعارضة على بلدة كفرنبل، ونفت الفصائل وقوع خسائر في صفوفها.",
        ] {
            let got = ar(text);
            assert!(got.iter().all(|x| x.2 != "contested"), "{text}: {got:?}");
        }
    }

    #[test]
    fn a_siege_in_a_relative_clause_names_the_besiegers_opponent() {
        let got = ar("وصلت قافلة مساعدات إلى بلدة كفرنبل التي تحاصرها قوات النظام منذ أشهر.");
        assert_eq!(got, vec![c("t:kafranbel", "opposition", "besieged")]);
    }

    #[test]
    fn out_of_a_sides_control_is_its_loss_and_no_taking() {
        let got = ar("خرجت بلدة كفرنبل عن سيطرة النظام يوم السبت.");
        assert_eq!(got, vec![c("t:kafranbel", "government", "lost")]);
    }

    fn ar(text: &str) -> Vec<(String, String, &'static str)> {
        claims_in(AR_PLACES, "2018-03-05", text)
    }

    fn c(id: &str, faction: &str, rel: &'static str) -> (String, String, &'static str) {
        (id.to_string(), faction.to_string(), rel)
    }

    #[test]
    fn a_backer_takes_in_only_the_sides_it_backs() {
        let g = &grammars()[0];
        let f = super::super::testkit::factions();
        let names = FactionNames::new(g, &f);
        let id = |s: &str| f.all().iter().position(|x| x.id == s).unwrap();
        assert!(names.takes_in(id("turkey"), id("opposition")));
        assert!(!names.takes_in(id("turkey"), id("government")));
        assert!(!names.takes_in(id("government"), id("opposition")));
    }

    #[test]
    fn a_backer_or_an_operation_makes_the_rebels_turkeys_side() {
        // "the Free Army took al-Rai within Operation Euphrates Shield"
        assert_eq!(
            ar("سيطر الجيش الحر على بلدة الراعي ضمن عملية درع الفرات."),
            vec![c("t:rai", "turkey", "captured")]
        );
        // "the Free Army with Turkish air support took al-Rai"
        assert_eq!(
            ar("سيطر الجيش الحر بدعم جوي تركي على بلدة الراعي."),
            vec![c("t:rai", "turkey", "captured")]
        );
        // another backer changes nothing: "the Free Army with American support"
        assert_eq!(
            ar("سيطر الجيش الحر بدعم أمريكي على بلدة الراعي."),
            vec![c("t:rai", "opposition", "captured")]
        );
    }

    #[test]
    fn a_subdistrict_named_by_its_seat_is_the_seat_taken() {
        // "the Olive Branch factions took the subdistrict of Rajo"
        assert_eq!(
            ar("سيطرت فصائل غصن الزيتون على ناحية راجو."),
            vec![c("t:rajo", "turkey", "captured")]
        );
        // "villages in the subdistrict of Rajo": the unit only locates them
        assert_eq!(ar("سيطرت فصائل غصن الزيتون على قرى في ناحية راجو."), vec![]);
    }

    #[test]
    fn a_side_only_quoted_is_not_the_latest_named() {
        // "Turkish forces took Dabiq. HTS said it would not intervene. The factions took al-Rai."
        let got = ar("سيطرت القوات التركية على دابق. وقالت هيئة تحرير الشام إنها لن تتدخل. وسيطرت الفصائل على الراعي.");
        assert_eq!(
            got,
            vec![
                c("t:dabiq", "turkey", "captured"),
                c("t:rai", "turkey", "captured")
            ]
        );
    }

    #[test]
    fn a_pronoun_after_the_outskirts_is_the_place() {
        // "Turkish forces reached the outskirts of al-Rai, then entered it"
        let got = ar("وصلت القوات التركية إلى أطراف الراعي ثم دخلتها.");
        assert!(
            got.iter().any(|x| x.0 == "t:rai" && x.1 == "turkey"),
            "{got:?}"
        );
    }

    #[test]
    fn an_unnamed_group_goes_on_across_its_adjectives() {
        // "the armed terrorist groups entered al-Rai" (the official press, no side named)
        let got = ar("دخلت المجموعات الإرهابية المسلحة بلدة الراعي.");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "opposition");
    }

    #[test]
    fn forces_that_speak_of_themselves_are_the_side_named_last() {
        // "The regime forces attacked Aleppo. The forces said they took al-Rai."
        let got = ar("هاجمت قوات النظام مدينة حلب. وقالت القوات إنها سيطرت على بلدة الراعي.");
        assert!(
            got.iter().any(|g| g.0 == "t:rai" && g.1 == "government"),
            "{got:?}"
        );
        // the forces as the verb's own subject stay the side their clause names: none here
        let got = ar("هاجمت قوات النظام مدينة حلب. وسيطرت القوات على بلدة الراعي.");
        assert!(!got.iter().any(|g| g.0 == "t:rai"), "{got:?}");
    }

    #[test]
    fn a_former_holder_holds_nothing() {
        // "Palmyra, the group's former stronghold" / "the former stronghold of IS in Palmyra"
        assert!(ar("عاد الأهالي إلى مدينة تدمر، معقل التنظيم السابق.").is_empty());
        assert!(ar("قصفت الطائرات معقل داعش السابق في تدمر.").is_empty());
        // the stronghold now
        let got = ar("قصفت الطائرات مدينة تدمر، معقل داعش في البادية.");
        assert_eq!(got, vec![c("t:palmyra", "isis", "holds")]);
    }

    #[test]
    fn keys_strip_clitics_but_keep_a_stem() {
        let g = &grammars()[0];
        // "وبسيطرتهم": and-with-their-control.
        let keys =
            g.keys(&g.fold("\u{648}\u{628}\u{633}\u{64a}\u{637}\u{631}\u{62a}\u{647}\u{645}"));
        assert!(
            keys.contains(&g.fold("\u{633}\u{64a}\u{637}\u{631}\u{62a}")),
            "{keys:?}"
        );
        // "بل" keeps its two letters: no one-letter stem.
        assert_eq!(g.keys("\u{628}\u{644}"), vec!["\u{628}\u{644}".to_string()]);
    }

    #[test]
    fn a_final_ta_marbuta_is_no_enclitic() {
        let g = &grammars()[0];
        // "سيطرة" folds to the letters of "سيطر" + "ه", but as written ends in ta marbuta:
        // no pronoun to strip ("جبلة" is no "جبل" + "ه").
        let noun = "\u{633}\u{64a}\u{637}\u{631}\u{629}";
        let keys = g.written_keys(noun, &g.fold(noun));
        assert!(
            !keys.contains(&g.fold("\u{633}\u{64a}\u{637}\u{631}")),
            "{keys:?}"
        );
        // "سيطرته" (its control) ends in the pronoun as written.
        let with_pronoun = "\u{633}\u{64a}\u{637}\u{631}\u{62a}\u{647}";
        let keys = g.written_keys(with_pronoun, &g.fold(with_pronoun));
        assert!(
            keys.contains(&g.fold("\u{633}\u{64a}\u{637}\u{631}\u{62a}")),
            "{keys:?}"
        );
        // a town whose name folds like a bare noun with a pronoun keeps its holder
        let got = ar("سقطت قذائف على مدينة جبلة الخاضعة لسيطرة النظام.");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "government");
    }

    #[test]
    fn a_parts_adjective_is_of_the_objects_noun_phrase() {
        // "announced the liberation of the eastern districts of the city of Aleppo"
        let got = ar("أعلن الجيش السوري تحرير الأحياء الشرقية لمدينة حلب.");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "government");
    }
}
