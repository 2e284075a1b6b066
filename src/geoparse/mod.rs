//! Geoparsing: find every place mention in a text and pick the one place each
//! refers to.
//!
//! Input is the report text exactly as given; every [`Mention`] carries byte
//! offsets into it, so `&text[m.start..m.end] == m.text` always holds.
//!
//! The stages, one file each:
//! * [`fold`] — names and text folded to a transliteration skeleton, with an offset map;
//! * [`lexicon`] — gazetteer names, demonyms and country abbreviations as patterns of
//!   one Aho-Corasick automaton;
//! * [`recognise`] — one scan of the folded text, whole-word matches only;
//! * [`roles`] — people, organisations and demonyms;
//! * [`relative`] — "eastern Aleppo", "west of Aleppo", "Aleppo province" and parts' geometry;
//! * [`resolve`] — ranking candidates by prior and context, confidence and alternatives;
//! * [`unlisted`] — names the gazetteer lacks, in a construction that says they are places,
//!   as provisional places near an anchor (approximate positions).

pub mod arabic;
pub mod casing;
mod chars;
pub mod fold;
mod fuzzy;
pub mod lexicon;
pub mod recognise;
pub mod relative;
pub mod resolve;
pub mod roles;
pub mod tables;
mod tokens;
pub mod unlisted;
pub mod words;

use crate::gazetteer::{haversine_km, Gazetteer, PlaceIdx, PlaceKind};
use geo::Geometry;
use serde::Serialize;
use std::sync::Arc;

/// How a place name is used in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionRole {
    /// The text talks about the place itself ("fighting in Aleppo").
    Location,
    /// A nationality or adjective ("Syrian troops", "the Turkish border" is NOT
    /// a demonym: it resolves to the border line).
    Demonym,
    /// Inside an organisation's or person's name ("Syrian Observatory for Human Rights").
    InName,
}

/// A compass direction, for parts of a place ("eastern Aleppo", "west of Aleppo").
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, PartialOrd, Ord,
)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    North,
    South,
    East,
    West,
    Northeast,
    Northwest,
    Southeast,
    Southwest,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::North => "north",
            Direction::South => "south",
            Direction::East => "east",
            Direction::West => "west",
            Direction::Northeast => "northeast",
            Direction::Northwest => "northwest",
            Direction::Southeast => "southeast",
            Direction::Southwest => "southwest",
        }
    }

    /// Unit vector (east, north).
    pub fn vector(self) -> (f64, f64) {
        let d = std::f64::consts::FRAC_1_SQRT_2;
        match self {
            Direction::North => (0.0, 1.0),
            Direction::South => (0.0, -1.0),
            Direction::East => (1.0, 0.0),
            Direction::West => (-1.0, 0.0),
            Direction::Northeast => (d, d),
            Direction::Northwest => (-d, d),
            Direction::Southeast => (d, -d),
            Direction::Southwest => (-d, -d),
        }
    }
}

/// A part of a place named by a relative expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// "eastern Aleppo", "the east of the city": inside the place.
    Inside,
    /// "west of Aleppo", "northern Aleppo countryside": around the place, outside it.
    Around,
}

/// A runner-up candidate for a mention.
#[derive(Debug, Clone, Serialize)]
pub struct Alternative {
    pub place: PlaceIdx,
    pub confidence: f32,
}

/// One place mention in a text, resolved to a gazetteer place.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Byte offsets into the input text.
    pub start: usize,
    pub end: usize,
    /// The surface form, `&text[start..end]`.
    pub text: String,
    pub place: PlaceIdx,
    pub role: MentionRole,
    /// 0–1: how sure the resolver is that `place` is meant.
    pub confidence: f32,
    /// Close runners-up, best first.
    pub alternatives: Vec<Alternative>,
    /// For relative expressions: which part of the place is meant.
    pub part: Option<(Direction, PartKind)>,
    /// Geometry of the part when `part` is set (else the place's own geometry is meant).
    pub geometry: Option<Geometry<f64>>,
}

/// How important a place must be (the pack's 0–1 `importance`) for a frequent word of a
/// caseless script spelling its name to mean it without a kind noun: cities and towns of
/// note are above, villages (0.3) below.
const KNOWN_PLACE_IMPORTANCE: f32 = 0.5;

/// A town of the region this populous is known enough too, whatever its importance.
const KNOWN_PLACE_POPULATION: u64 = 10_000;

/// How far beyond a city's drawn radius its named parts may lie ("Raqqa's Old City": suburbs
/// and points of parts are approximate).
const OWNED_PART_SLACK_KM: f64 = 5.0;

/// The geoparser: built once per gazetteer (it compiles the name automaton),
/// then shared across threads.
pub struct Geoparser {
    gazetteer: Arc<Gazetteer>,
    lexicon: lexicon::Lexicon,
    role_words: roles::RoleWords,
    common: words::WordSet,
    /// The region's `not_places`, as letter keys (lower-case letters and digits).
    not_places: crate::fasthash::HashSet<String>,
    /// Frequent English words: as a single word, a place only by its exact spelling.
    frequent: &'static words::FrequentWords,
    arabic: arabic::Arabic,
    unlisted: unlisted::Rules,
    /// Part geometries already drawn: the same "eastern Aleppo" recurs, and clipping a
    /// governorate polygon is costly.
    parts: std::sync::RwLock<
        std::collections::HashMap<(PlaceIdx, Direction, PartKindKey), Geometry<f64>>,
    >,
}

/// `PartKind` as a hash key.
type PartKindKey = u8;

/// A recognised name before resolution.
struct Candidate {
    start: usize,
    end: usize,
    role: MentionRole,
    part: Option<(Direction, PartKind)>,
    plural: bool,
    plural_of: bool,
    pending: resolve::Pending,
    /// A demonym's country, resolved without ranking.
    demonym: Option<PlaceIdx>,
    /// "the east of the city": refers back to the last city or town.
    anaphor: bool,
}

impl Geoparser {
    pub fn new(gazetteer: Arc<Gazetteer>) -> Geoparser {
        let lexicon = match gazetteer.prepared_names() {
            Some(bytes) => match tables::Tables::from_bytes(bytes) {
                Ok(t) if t.place_count as usize == gazetteer.len() => {
                    lexicon::Lexicon::from_tables(t)
                }
                Ok(_) => {
                    tracing::warn!(
                        "prepared name tables do not match the pack's places; building them"
                    );
                    lexicon::Lexicon::build(&gazetteer)
                }
                Err(e) => {
                    tracing::warn!("{e}; building the name tables");
                    lexicon::Lexicon::build(&gazetteer)
                }
            },
            None => lexicon::Lexicon::build(&gazetteer),
        };
        // The transliteration rules are parsed here, at load, not in the first parse.
        fold::rules();
        let role_words =
            roles::RoleWords::with_region_org_words(&gazetteer.region_words().org_words);
        let unlisted = unlisted::Rules::new(
            &words::lists().unlisted,
            &gazetteer.region_words().org_words,
        );
        let not_places = gazetteer
            .region_words()
            .not_places
            .iter()
            .map(|n| lexicon::letters_key(n))
            .collect();
        Geoparser {
            gazetteer,
            lexicon,
            role_words,
            common: words::WordSet::new(&words::lists().common_words),
            not_places,
            frequent: words::frequent_words(),
            arabic: arabic::Arabic::new(words::arabic_lists()),
            unlisted,
            parts: Default::default(),
        }
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Number of name patterns in the automaton (for diagnostics and benchmarks).
    pub fn pattern_count(&self) -> usize {
        self.lexicon.pattern_count()
    }

    /// Recognition alone (fold + automaton, no filtering or resolution): the number of
    /// raw name matches. For benchmarks that want to see the cost of each stage.
    #[doc(hidden)]
    pub fn scan_only(&self, text: &str) -> usize {
        let mut buf = take_fold_buf();
        let mut hits = Vec::new();
        recognise::scan(&self.lexicon, text, &mut buf, &mut hits);
        put_fold_buf(buf);
        hits.len()
    }

    /// Every place mention in `text`, in text order.
    pub fn parse(&self, text: &str) -> Vec<Mention> {
        self.parse_counted(text).0
    }

    /// [`Geoparser::parse`], with the number of names read as places the gazetteer lacks
    /// that found no anchor and so stayed unresolved (left out of the mentions).
    pub fn parse_counted(&self, text: &str) -> (Vec<Mention>, usize) {
        let mut buf = take_fold_buf();
        let out = self.parse_with(text, &mut buf);
        put_fold_buf(buf);
        out
    }

    fn parse_with(&self, text: &str, buf: &mut fold::Folded) -> (Vec<Mention>, usize) {
        let mut hits = Vec::new();
        // The text's words, as the scan's folding delimits them: `unlisted` looks for its
        // trigger nouns among them instead of searching the text again. Of the plain
        // words the fold lists only those of a trigger's first letter and length.
        let mut words = Vec::new();
        let whole_words = recognise::scan_words(
            &self.lexicon,
            text,
            buf,
            &mut hits,
            Some(&mut words),
            self.unlisted.word_filter(),
        );
        if hits.is_empty() {
            return (Vec::new(), 0);
        }
        let skip = header_skip(text);
        let mut state = roles::RoleState::default();
        let mut cands: Vec<Candidate> = Vec::new();
        let mut queue: std::collections::VecDeque<recognise::Hit> = hits.into();
        while let Some(h) = queue.pop_front() {
            if skip.iter().any(|r| r.contains(&h.start)) || in_url(text, h.start) {
                continue;
            }
            match self.candidate(text, h, &mut state) {
                Some(c) => {
                    if cands.last().is_some_and(|p| c.start < p.end) {
                        continue;
                    }
                    cands.push(c);
                }
                None if self.lexicon.words(h.pattern) > 1 => {
                    // A rejected multi-word match ("in Tell" as the village "Ain Tal") may
                    // hide a name starting at its next word ("Tell Abyad"): scan again from
                    // there, up to the end of the next queued hit.
                    let Some(w) =
                        tokens::next(text, h.start).and_then(|w| tokens::next(text, w.end))
                    else {
                        continue;
                    };
                    if w.start >= h.end {
                        continue;
                    }
                    let (limit, stop) = match queue.front() {
                        Some(n) => (n.end, n.start),
                        None => {
                            let mut l = (h.end + 200).min(text.len());
                            while !text.is_char_boundary(l) {
                                l -= 1;
                            }
                            (l, l)
                        }
                    };
                    let mut inner = Vec::new();
                    recognise::scan(&self.lexicon, &text[w.start..limit], buf, &mut inner);
                    for ih in inner.into_iter().rev() {
                        if ih.start + w.start <= stop {
                            queue.push_front(recognise::Hit {
                                start: ih.start + w.start,
                                end: ih.end + w.start,
                                pattern: ih.pattern,
                            });
                        }
                    }
                }
                None => {}
            }
        }
        // "Hama and Idlib provinces": the plural kind word covers the name before too.
        for i in (1..cands.len()).rev() {
            if cands[i].plural {
                let between = &text[cands[i - 1].end..cands[i].start];
                let b = between.trim();
                let conjunctions = &words::lists().conjunctions;
                if b == "," || conjunctions.iter().any(|c| c == b) {
                    cands[i - 1].pending.hint = cands[i].pending.hint;
                    cands[i - 1].plural = true;
                }
            }
        }
        // "Nubl and Zahraa", "A, B and C": names in one list are usually neighbours.
        for i in 1..cands.len() {
            let between = &text[cands[i - 1].end..cands[i].start];
            cands[i].pending.coordinated = resolve::is_coordination(between);
        }
        // "the provinces of Idlib and Hama": the plural noun before "of" covers the
        // names listed after the first too.
        for i in 1..cands.len() {
            if cands[i - 1].plural_of
                && cands[i].pending.coordinated
                && cands[i].pending.hint.is_none()
            {
                cands[i].pending.hint = cands[i - 1].pending.hint;
                cands[i].plural_of = true;
            }
        }
        let pending: Vec<resolve::Pending> = cands
            .iter_mut()
            .map(|c| std::mem::take(&mut c.pending))
            .collect();
        let ranked = resolve::resolve(&self.gazetteer, &pending);
        let mut out: Vec<Mention> = Vec::with_capacity(cands.len());
        for (c, r) in cands.into_iter().zip(ranked) {
            let (place, confidence, alternatives) = if let Some(country) = c.demonym {
                (country, 0.9, Vec::new())
            } else if c.anaphor {
                let Some(prev) = out.iter().rev().find(|m| {
                    matches!(
                        self.gazetteer.place(m.place).kind,
                        PlaceKind::City | PlaceKind::Town
                    )
                }) else {
                    continue;
                };
                (prev.place, prev.confidence * 0.8, Vec::new())
            } else {
                let owned = out
                    .last()
                    .and_then(|o| self.owned_part(text, o, c.start, &r.ranked));
                let ranked = owned.as_deref().unwrap_or(&r.ranked);
                let Some(&(best, p)) = ranked.first() else {
                    continue;
                };
                let alts = ranked
                    .iter()
                    .skip(1)
                    .filter(|a| a.1 >= 0.5 * p)
                    .take(3)
                    .map(|&(place, confidence)| Alternative { place, confidence })
                    .collect();
                (best, p, alts)
            };
            let pl = self.gazetteer.place(place);
            let part = c.part.map(|(d, k)| {
                // "northern Aleppo countryside" resolved to the governorate: its northern part.
                if pl.kind.is_area() {
                    (d, PartKind::Inside)
                } else {
                    (d, k)
                }
            });
            let geometry = part.map(|(d, k)| self.part_geometry(place, d, k));
            out.push(Mention {
                start: c.start,
                end: c.end,
                text: text[c.start..c.end].to_string(),
                place,
                role: c.role,
                confidence,
                alternatives,
                part,
                geometry,
            });
        }
        fuzzy::complete(
            &self.gazetteer,
            &self.lexicon,
            &self.common,
            self.frequent,
            text,
            &mut out,
        );
        // A gazetteer name already found is no inflected common noun of a list.
        let found = |s: usize, e: usize| out.iter().any(|m| m.start < e && s < m.end);
        let arabic_names = self.arabic.unlisted_sparing(text, &found);
        let unresolved = unlisted::complete(
            &self.unlisted,
            &self.gazetteer,
            text,
            whole_words.then_some(&words[..]),
            &mut out,
            arabic_names,
        );
        (out, unresolved)
    }

    /// A city's part named after the city's possessive ("Raqqa's Old City"): the candidates
    /// lying in that city, or none when the pack has no such part there (the name then says
    /// nothing the city's own mention does not). `None` when the name is not so owned or its
    /// best reading is no part of a city ("Idlib's Maarat al-Numan": a town of the province).
    fn owned_part(
        &self,
        text: &str,
        owner: &Mention,
        start: usize,
        ranked: &[(PlaceIdx, f32)],
    ) -> Option<Vec<(PlaceIdx, f32)>> {
        let between = text.get(owner.end..start)?.trim_end();
        if !matches!(between, "'s" | "\u{2019}s") {
            return None;
        }
        let city = self.gazetteer.place(owner.place);
        if !matches!(city.kind, PlaceKind::City | PlaceKind::Town) {
            return None;
        }
        let &(best, _) = ranked.first()?;
        if self.gazetteer.place(best).kind != PlaceKind::Neighbourhood {
            return None;
        }
        let reach = relative::radius_km(city) + OWNED_PART_SLACK_KM;
        let inside = |&&(i, _): &&(PlaceIdx, f32)| {
            haversine_km(self.gazetteer.place(i).point, city.point) <= reach
        };
        Some(ranked.iter().filter(inside).copied().collect())
    }

    fn part_geometry(&self, place: PlaceIdx, d: Direction, k: PartKind) -> Geometry<f64> {
        let key = (place, d, k as u8);
        if let Some(g) = self.parts.read().ok().and_then(|m| m.get(&key).cloned()) {
            return g;
        }
        let g = relative::part_geometry(self.gazetteer.place(place), d, k);
        if let Ok(mut m) = self.parts.write() {
            if m.len() < 10_000 {
                m.insert(key, g.clone());
            }
        }
        g
    }

    /// Whether a place is known well enough that a frequent word spelling its name is
    /// likely to mean it: a place of note, or a town of the region.
    fn known_place(&self, idx: PlaceIdx) -> bool {
        let place = self.gazetteer.place(idx);
        place.importance >= KNOWN_PLACE_IMPORTANCE
            || (place.country == self.gazetteer.info().country
                && place.population >= KNOWN_PLACE_POPULATION)
    }

    /// Turns one hit into a candidate, or `None` when it is not a place mention.
    fn candidate(
        &self,
        text: &str,
        h: recognise::Hit,
        state: &mut roles::RoleState,
    ) -> Option<Candidate> {
        let entries = self.lexicon.entries(h.pattern);
        let surface = &text[h.start..h.end];
        if entries.iter().any(|e| e.target == lexicon::Target::Anaphor) {
            let ctx = relative::read(text, h.start, h.end);
            ctx.part?;
            return Some(Candidate {
                start: ctx.start,
                end: ctx.end,
                role: MentionRole::Location,
                part: ctx.part,
                plural: false,
                plural_of: false,
                pending: resolve::Pending {
                    cands: Vec::new(),
                    hint: None,
                    coordinated: false,
                },
                demonym: None,
                anaphor: true,
            });
        }
        // Names are capitalised (scripts without case, such as Arabic, pass), unless
        // the name itself starts in lower case ("border with Turkey").
        let first = surface.chars().next()?;
        if !first.is_alphanumeric() {
            return None;
        }
        let lower = first.is_lowercase();
        if lower && !entries.iter().any(|e| e.lower_ok) {
            return None;
        }
        // Arabic script has no capitals: its own reading of prefixes and the words around.
        let arabic = arabic::is_arabic(first).then(|| {
            self.arabic
                .read(text, h.start, h.end, self.lexicon.words(h.pattern) == 1)
        });
        let (start, has_article) = match &arabic {
            Some(r) if r.verdict == arabic::Verdict::NotPlace => return None,
            Some(r) => (r.start, r.article),
            None => article_start(text, h.start),
        };
        if !self.not_places.is_empty() {
            let mut buf = [0u8; 64];
            if tables::ascii_letters_key(&text[start..h.end], &mut buf)
                .is_some_and(|k| self.not_places.contains(k))
            {
                return None;
            }
        }
        let mut key_buf = [0u8; 64];
        let key_owned;
        let key: &str = match tables::ascii_letters_key(surface, &mut key_buf) {
            Some(k) => k,
            None => {
                key_owned = lexicon::letters_key(surface);
                &key_owned
            }
        };
        // An Arabic name is spelt with its article ("العراق", "الولايات المتحدة"), which the
        // hit starts after: its exact spelling is the mention's.
        let article_key = arabic
            .as_ref()
            .filter(|r| r.article && r.start < h.start)
            .map(|r| lexicon::letters_key(&text[r.start..h.end]));
        let is_exact = |e: &lexicon::Entry| {
            self.lexicon.is_exact(e, key)
                || article_key
                    .as_ref()
                    .is_some_and(|k| self.lexicon.is_exact(e, k))
        };
        // "In Deraa" at a sentence start folds like "'Ayn Dara": an English word opening
        // a multi-word match takes the exact spelling (the rescan then finds "Deraa").
        let first_word = surface.split([' ', '-']).next().unwrap_or("");
        if self.lexicon.words(h.pattern) > 1
            && words::lists()
                .sentence_openers
                .iter()
                .any(|w| first_word.eq_ignore_ascii_case(w))
            && !entries.iter().any(is_exact)
        {
            return None;
        }
        // Nationality words are English words with one spelling: "Soran" shares the
        // skeleton of "Syrian" but is a town.
        let is_demonym = entries
            .iter()
            .any(|e| matches!(e.target, lexicon::Target::Demonym(_)) && is_exact(e));
        // All-capitals words are acronyms (SDF, SANA) unless a dateline opens the line
        // ("BEIRUT:") or they name a country ("US", "UK").
        let caps = surface.chars().filter(|c| c.is_uppercase()).count() >= 2
            && surface.chars().all(|c| !c.is_lowercase());
        let acronym = caps && surface.len() <= 5;
        if caps && !line_start(text, h.start) {
            let country = entries.iter().any(|e| match e.target {
                lexicon::Target::Place(i) => self.gazetteer.place(i).kind == PlaceKind::Country,
                lexicon::Target::Demonym(_) => true,
                lexicon::Target::Anaphor => false,
            });
            let all_caps_line = text[line_bounds(text, h.start)]
                .chars()
                .all(|c| !c.is_lowercase());
            if !country && !all_caps_line {
                return None;
            }
        }
        let single = self.lexicon.words(h.pattern) == 1;
        if single && !has_article && !acronym && !is_demonym && self.common.has(key) {
            return None;
        }
        // Short skeletons match too much, and so do English words ("Jones" folds like
        // "Junas", "Hamas" like "Homs"): they need the exact spelling.
        let english_word = single && !has_article && !is_demonym && self.frequent.has(key);
        // In a headline (Title Case or capitals) every word is capitalised, so a match made
        // of ordinary words only ("TELL US", "Houses", "KHAN") may be the words: several
        // words need their exact spelling, one word a place of note (below).
        let headline_words = !has_article
            && !is_demonym
            && state.casing(text, h.start, &self.role_words).is_headline()
            && surface
                .split([' ', '-'])
                .all(|w| self.role_words.is_ordinary_word(w));
        let short = self.lexicon.folded_len(h.pattern) <= 3
            || acronym
            || english_word
            || (headline_words && !single);
        // "al-Homsi", "Halabi": a listed name plus a nisba ending is a person's or a
        // family's origin, not the place (the skeleton drops the final vowel).
        let nisba_of = |e: &lexicon::Entry| {
            let lexicon::Target::Place(i) = e.target else {
                return false;
            };
            single
                && words::lists().nisba_endings.iter().any(|ending| {
                    key.strip_suffix(ending.as_str()).is_some_and(|stem| {
                        let place = self.gazetteer.place(i);
                        !stem.is_empty()
                            && std::iter::once(&place.name)
                                .chain(&place.aliases)
                                .any(|n| lexicon::letters_key(tables::strip_article(n)) == stem)
                    })
                })
        };
        let mut places = Vec::new();
        let mut demonym = None;
        for e in entries {
            let exact = is_exact(e);
            if (short && !exact) || (lower && !e.lower_ok) || (!exact && nisba_of(e)) {
                continue;
            }
            // Skeleton matching is for the region's transliterated names; a place
            // elsewhere ("Lausanne" for "Louisiana", "Bissau" for "Boise") needs its spelling.
            if let lexicon::Target::Place(i) = e.target {
                if !exact && self.gazetteer.place(i).country != self.gazetteer.info().country {
                    continue;
                }
            }
            match e.target {
                lexicon::Target::Place(i) => places.push((i, exact, e.stripped)),
                lexicon::Target::Demonym(c) if exact => demonym = Some(c),
                lexicon::Target::Demonym(_) | lexicon::Target::Anaphor => {}
            }
        }
        // Arabic has no capitals: a frequent word that is also a small place's name
        // ("الحربية", military, is the village Harbiya) is the word, unless a kind noun
        // before it names a place ("قرية الحربية"). Known places pass ("حلب", "الرقة").
        if single
            && arabic.as_ref().is_some_and(|r| r.hint.is_none())
            && words::arabic_frequent_words().contains(&fold::fold_name(surface))
        {
            places.retain(|p| self.known_place(p.0));
        }
        if single && headline_words {
            places.retain(|p| self.known_place(p.0));
        }
        if places.is_empty() && demonym.is_none() {
            return None;
        }
        let role = match arabic.as_ref().map(|r| &r.verdict) {
            Some(arabic::Verdict::InName) => MentionRole::InName,
            Some(arabic::Verdict::Nisba(iso)) => {
                demonym = self.lexicon.country_by_iso.get(iso).copied().or(demonym);
                MentionRole::Demonym
            }
            _ => roles::classify(
                text,
                start,
                h.end,
                demonym.is_some(),
                &self.role_words,
                state,
            )?,
        };
        if role != MentionRole::Location {
            let country = demonym.or_else(|| {
                places
                    .iter()
                    .find(|p| self.gazetteer.place(p.0).kind == PlaceKind::Country)
                    .map(|p| p.0)
            });
            return Some(Candidate {
                start,
                end: h.end,
                role,
                part: None,
                plural: false,
                plural_of: false,
                pending: resolve::Pending {
                    cands: places,
                    hint: None,
                    coordinated: false,
                },
                demonym: country,
                anaphor: false,
            });
        }
        let ctx = relative::read(text, start, h.end);
        Some(Candidate {
            start: ctx.start,
            end: ctx.end,
            role,
            part: ctx.part,
            plural: ctx.plural,
            plural_of: ctx.plural_of,
            pending: resolve::Pending {
                cands: places,
                hint: ctx.kind.or(arabic.and_then(|r| r.hint)),
                coordinated: false,
            },
            demonym: None,
            anaphor: false,
        })
    }
}

thread_local! {
    /// The folded-text buffer, kept per thread: folding a report fills it anew, and
    /// reusing it saves allocating (and page-faulting) three text-sized arrays per parse.
    static FOLD_BUF: std::cell::RefCell<fold::Folded> = std::cell::RefCell::new(fold::Folded::default());
}

fn take_fold_buf() -> fold::Folded {
    FOLD_BUF.with(|b| std::mem::take(&mut *b.borrow_mut()))
}

fn put_fold_buf(buf: fold::Folded) {
    FOLD_BUF.with(|b| *b.borrow_mut() = buf);
}

/// Widens a match that starts right after an article: "al-Bab", "Al Bab", "ash-Shaddadi",
/// "Ar Raqqah" (assimilated), and the Arabic prefixes ال / وال written on the word.
fn article_start(text: &str, start: usize) -> (usize, bool) {
    let rules = fold::rules();
    // Arabic: the folded word lost its prefix; the mention keeps the whole word.
    let word_start = text[..start]
        .char_indices()
        .rev()
        .take_while(|(_, c)| chars::is_alphabetic(*c) && !c.is_ascii())
        .last()
        .map(|(i, _)| i);
    if let Some(ws) = word_start {
        return (ws, true);
    }
    if let Some(w) = tokens::prev(text, start) {
        if start - w.end == 1 {
            let l = w.text.to_ascii_lowercase();
            // with a space, only a capitalised article ("As Safira"): "as Syrian" is English
            let assimilated = rules.is_sun_article(&l)
                && w.is_capitalised()
                && text[start..].len() >= l.len() - 1
                && text.is_char_boundary(start + l.len() - 1)
                && text[start..start + l.len() - 1].eq_ignore_ascii_case(&l[1..]);
            if rules.is_article(&l) || (rules.is_sun_article(&l) && (w.hyphen || assimilated)) {
                return (w.start, true);
            }
        }
    }
    (start, false)
}

/// Byte ranges of header lines whose values are not prose (`date:`, `source:`), when the
/// text starts with a header as DESIGN.md describes (key: value lines, then a blank line).
fn header_skip(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            return out;
        }
        match content.split_once(':') {
            Some((k, _))
                if matches!(
                    k.trim().to_ascii_lowercase().as_str(),
                    "date" | "source" | "title"
                ) =>
            {
                if !k.trim().eq_ignore_ascii_case("title") {
                    out.push(offset..offset + line.len());
                }
            }
            _ => return Vec::new(),
        }
        offset += line.len();
    }
    Vec::new()
}

/// A start offset at most `n` bytes before `pos`, on a character boundary: context
/// lookups stay local, so a text without line breaks does not make them quadratic.
fn window_start(text: &str, pos: usize, n: usize) -> usize {
    let mut s = pos.saturating_sub(n);
    while !text.is_char_boundary(s) {
        s += 1;
    }
    s
}

/// Whether only spaces come before `pos` on its line.
fn line_start(text: &str, pos: usize) -> bool {
    let w = window_start(text, pos, 200);
    match text[w..pos].rfind('\n') {
        Some(i) => text[w + i..pos].trim().is_empty(),
        None => w == 0 && text[..pos].trim().is_empty(),
    }
}

/// The byte range of the line containing `pos` (at most 200 bytes either side).
fn line_bounds(text: &str, pos: usize) -> std::ops::Range<usize> {
    let w = window_start(text, pos, 200);
    let s = text[w..pos].rfind('\n').map_or(w, |i| w + i + 1);
    let mut lim = (pos + 200).min(text.len());
    while !text.is_char_boundary(lim) {
        lim -= 1;
    }
    let e = text[pos..lim].find('\n').map_or(lim, |i| pos + i);
    s..e
}

/// Whether `pos` is inside a URL or e-mail address.
fn in_url(text: &str, pos: usize) -> bool {
    let w = window_start(text, pos, 200);
    // The token starts after the last whitespace character, which may be
    // several bytes long (a no-break space is two, U+3000 three).
    let from = text[w..pos]
        .char_indices()
        .rfind(|(_, c)| c.is_whitespace())
        .map_or(w, |(i, c)| w + i + c.len_utf8());
    let token = &text[from..pos];
    token.contains("://") || token.starts_with("www.") || token.contains('@')
}
