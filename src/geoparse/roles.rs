//! Is a name match a place at all, and in what role?
//!
//! * People: a capitalised name run introduced by a title ("envoy", "President"),
//!   starting with a common given name ("Rami", "John"), containing a patronymic
//!   particle ("bin", "Abdel"), or followed by a verb of saying ("… Rahman said") is a
//!   person. Surnames of people found so far are remembered for the rest of the text
//!   ("Hijab told reporters").
//! * Organisations: a place inside a capitalised phrase that contains an organisation
//!   noun ("Syrian Observatory for Human Rights", "Manbij Military Council") is `in_name`.
//! * Demonyms ("Syrian troops") and "X-backed"/"X-based"/"X-led" compounds are `demonym`.
//! * In a headline (a line in Title Case or in capitals, [`super::casing`]) every content
//!   word is capitalised, so a capital is no evidence of a name there: a run of words
//!   continues only over words that are not ordinary words of the language ("Seize",
//!   "Captures", "From"), and an organisation still needs its head word ("Aleppo Media
//!   Center", "Free Idlib Army"); titles, given names and particles count as before.

use super::casing::{line_casing, Casing};
use super::lexicon::letters_key;
use super::tables::ascii_letters_key;
use super::tokens::{next, prev, Word};
use super::words::WordSet;
use super::MentionRole;
use crate::fasthash::HashSet;

pub struct RoleWords {
    titles: WordSet,
    weak_titles: WordSet,
    first_names: WordSet,
    particles: WordSet,
    patronymics: WordSet,
    speech: WordSet,
    org: WordSet,
    /// Words a Title Case line may write small (`[casing] minor_words`).
    minor: WordSet,
    /// Frequent words of the language (`common_words`, `en-frequent-words.txt`) and the
    /// endings inflected forms add to them: ordinary words, no names, in a headline.
    common: WordSet,
    frequent: &'static super::words::FrequentWords,
    inflections: Vec<String>,
    /// Kind and facility nouns after a name ("Afrin City", "Tabqa Dam", "Nasib Border
    /// Crossing"): in a headline they end the name's run of words.
    kind_heads: WordSet,
}

impl Default for RoleWords {
    fn default() -> Self {
        Self::new()
    }
}

impl RoleWords {
    pub fn new() -> RoleWords {
        RoleWords::with_region_org_words(&[])
    }

    /// The language's words plus a region pack's organisation words (armed-group
    /// acronyms and name parts from `region.toml` `[geoparse] org_words`).
    pub fn with_region_org_words(region_org_words: &[String]) -> RoleWords {
        let l = super::words::lists();
        RoleWords {
            titles: WordSet::new(&l.titles),
            weak_titles: WordSet::new(&l.weak_titles),
            first_names: WordSet::new(
                l.first_names
                    .iter()
                    .map(String::as_str)
                    .chain(super::words::given_names()),
            ),
            particles: WordSet::new(&l.name_particles),
            patronymics: WordSet::new(&l.patronymics),
            speech: WordSet::new(&l.speech_verbs),
            org: WordSet::new(l.org_words.iter().chain(region_org_words)),
            minor: WordSet::new(&l.casing.minor_words),
            common: WordSet::new(&l.common_words),
            frequent: super::words::frequent_words(),
            inflections: l.casing.inflections.clone(),
            kind_heads: WordSet::new(
                l.kinds
                    .after
                    .iter()
                    .chain(&l.kinds.after_plural)
                    .chain(&l.facilities.after)
                    .map(|(w, _)| w.as_str())
                    // the second word of a pair: "Border" may open "Border Crossing" or
                    // stand in "Manbij Military Council"
                    .chain(l.kinds.after_pairs.iter().map(|(_, w, _)| w.as_str())),
            ),
        }
    }

    /// Whether a word is an ordinary word of the language (a function word, a frequent
    /// word, or one inflected from a frequent word: "Captures", "Seized"): in a headline,
    /// written with a capital, it is still no part of a name.
    pub fn is_ordinary_word(&self, word: &str) -> bool {
        if self.minor.has(word) || self.common.has(word) || self.frequent.has(word) {
            return true;
        }
        self.inflections.iter().any(|ending| {
            let cut = word.len().saturating_sub(ending.len());
            cut >= 3
                && word.is_char_boundary(cut)
                && word[cut..].eq_ignore_ascii_case(ending)
                && self.frequent.has(&word[..cut])
        })
    }

    /// Whether a word may belong to a name: capitalised, and in a headline also no ordinary
    /// word.
    fn name_like(&self, w: &Word, casing: Casing) -> bool {
        w.is_capitalised() && (!casing.is_headline() || !self.is_ordinary_word(w.text))
    }

    /// Whether a word continues a person's name run: in prose a capitalised word or a
    /// particle; in a headline a word that may belong to a name, a title, a given name, a
    /// patronymic or a particle.
    fn in_person_run(&self, w: &Word, casing: Casing) -> bool {
        if !casing.is_headline() {
            return w.is_capitalised() || self.particles.has(w.text);
        }
        self.particles.has(w.text)
            || self.name_like(w, casing)
            || (w.is_capitalised()
                && (self.first_names.has(w.text)
                    || self.titles.has(w.text)
                    || self.patronymics.has(w.text)))
    }
}

/// Per-text memory: surnames of people found so far, and the casing of the line of the
/// last hit (hits come in text order, so each line is read once).
#[derive(Default)]
pub struct RoleState {
    surnames: HashSet<String>,
    line: Option<(std::ops::Range<usize>, Casing)>,
}

impl RoleState {
    /// The casing of the line holding `pos`.
    pub fn casing(&mut self, text: &str, pos: usize, rw: &RoleWords) -> Casing {
        if let Some((range, casing)) = &self.line {
            if range.contains(&pos) {
                return *casing;
            }
        }
        let line = super::casing::line_within(text, pos, 0..text.len());
        let casing = line_casing(&text[line.clone()], &rw.minor);
        // the range includes the line break, so a hit at the end of a line finds it too
        self.line = Some((line.start..line.end + 1, casing));
        casing
    }
}

/// The role of a hit, or `None` when it is part of a person's name.
pub fn classify(
    text: &str,
    start: usize,
    end: usize,
    demonym: bool,
    rw: &RoleWords,
    state: &mut RoleState,
) -> Option<MentionRole> {
    let surface = &text[start..end];
    // Most texts name no person before a hit: no key to build then.
    if !state.surnames.is_empty() {
        // the key of a short ASCII name without allocating (most hits)
        let bare = strip_article(surface);
        let mut buf = [0u8; 64];
        let known = match ascii_letters_key(bare, &mut buf) {
            Some(k) => state.surnames.contains(k),
            None => state.surnames.contains(&letters_key(bare)),
        };
        if known {
            return None;
        }
    }
    let casing = state.casing(text, start, rw);
    // The words either side of the hit, found once: the person and organisation tests
    // both read them.
    let (left, before) = left_run(text, start, rw, casing);
    let after = next(text, end);
    if is_person(text, start, end, rw, casing, (&left, before), after) {
        remember(text, start, end, rw, casing, state);
        return None;
    }
    // In a headline "Kurdish-Led Forces" is the compound, as "Kurdish-led forces" is in
    // prose, before the organisation test sees "Forces".
    if casing.is_headline() && compound_adjective(text, end) {
        return Some(MentionRole::Demonym);
    }
    // the word right before the hit: the run's nearest, else the word before the run
    if in_org_name(
        text,
        start,
        end,
        rw,
        casing,
        left.first().copied().or(before),
        after,
    ) {
        return Some(MentionRole::InName);
    }
    if compound_adjective(text, end) {
        return Some(MentionRole::Demonym);
    }
    Some(if demonym {
        MentionRole::Demonym
    } else {
        MentionRole::Location
    })
}

/// "Turkish-backed", "Britain-based", "U.S.-led": the name ending at `end` is the first
/// part of an adjective compound.
fn compound_adjective(text: &str, end: usize) -> bool {
    let tail = text[end..].trim_start_matches('.');
    let Some(rest) = tail.strip_prefix('-') else {
        return false;
    };
    let w: String = rest
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    super::words::lists().adjective_suffixes.contains(&w)
}

/// The name without a leading article as persons' names write it (the transliteration's
/// `person_articles`).
fn strip_article(s: &str) -> &str {
    for a in super::fold::rules().person_articles() {
        if let Some(r) = s.strip_prefix(a) {
            return r;
        }
    }
    s
}

/// Capitalised words (and name particles between them) right before `start`, nearest first,
/// and the word before that run.
fn left_run<'a>(
    text: &'a str,
    start: usize,
    rw: &RoleWords,
    casing: Casing,
) -> (Vec<Word<'a>>, Option<Word<'a>>) {
    let mut run = Vec::new();
    let mut p = start;
    while run.len() < 5 {
        let Some(w) = prev(text, p) else {
            return (run, None);
        };
        // A dash with a space ("AMMAN, Sammy Ketz - Syria's army") ends a name, as
        // punctuation does; a hyphen ("Bashar al-Assad", also "Jaysh al- Sunnah" after a
        // particle) joins one.
        if w.hyphen && text[w.end..p].contains(' ') && !rw.particles.has(w.text) {
            return (run, None);
        }
        if rw.in_person_run(&w, casing) {
            run.push(w);
            p = w.start;
        } else {
            return (run, Some(w));
        }
    }
    let before = prev(text, p);
    (run, before)
}

/// `left_run` is [`left_run`] of `start`, `after` the word after `end`.
fn is_person(
    text: &str,
    start: usize,
    end: usize,
    rw: &RoleWords,
    casing: Casing,
    (left, before): (&[Word], Option<Word>),
    after: Option<Word>,
) -> bool {
    // Only capitalised words count for names; a run of bare particles is no name.
    let left_caps: Vec<&Word> = left.iter().filter(|w| w.is_capitalised()).collect();
    // "envoy Staffan de Mistura", "spokesman Kirby", "Gen. Suheil al-Hassan"; a weak
    // title ("a major Aleppo offensive") only when capitalised or before a longer name
    // (in a headline every word is capitalised: only before a longer name).
    let title = |w: &Word| {
        rw.titles.has(w.text)
            && (!rw.weak_titles.has(w.text)
                || (w.is_capitalised() && !casing.is_headline())
                || !left_caps.is_empty())
    };
    if before.as_ref().is_some_and(title) || left.iter().any(title) {
        return true;
    }
    if left_caps.iter().any(|w| rw.first_names.has(w.text)) {
        return true;
    }
    if left.iter().any(|w| rw.patronymics.has(w.text)) {
        return true;
    }
    // The hit itself starts with a given name and a capitalised word follows.
    let surface = &text[start..end];
    let first = surface.split([' ', '-']).next().unwrap_or("");
    if rw.first_names.has(first)
        && after.is_some_and(|a| {
            a.is_capitalised()
                && (!casing.is_headline() || rw.in_person_run(&a, casing))
                && !rw.org.has(a.text)
        })
    {
        return true;
    }
    // "Khaled said": a given name alone before a verb of saying.
    if rw.first_names.has(surface)
        && after.is_some_and(|v| rw.speech.has(v.text) && !v.is_capitalised())
    {
        return true;
    }
    // "… Rahman said": a name of two or more capitalised words before a verb of saying.
    let mut right = Vec::new();
    // the word after the run so far (after the hit, then after each word taken)
    let mut following = after;
    while right.len() < 3 {
        match following {
            Some(w) if rw.in_person_run(&w, casing) => {
                right.push(w);
                following = next(text, w.end);
            }
            _ => break,
        }
    }
    if !left_caps.is_empty() || !right.is_empty() {
        if let Some(v) = following {
            if rw.speech.has(v.text) && !v.is_capitalised() {
                return !left_caps.iter().any(|w| rw.org.has(w.text))
                    && !right.iter().any(|w| rw.org.has(w.text));
            }
        }
    }
    false
}

fn remember(
    text: &str,
    start: usize,
    end: usize,
    rw: &RoleWords,
    casing: Casing,
    state: &mut RoleState,
) {
    let surface = &text[start..end];
    state.surnames.insert(letters_key(strip_article(surface)));
    // the last word of the whole name run is the surname
    let mut q = end;
    let mut last = None;
    while let Some(w) = next(text, q) {
        if !rw.in_person_run(&w, casing) {
            break;
        }
        q = w.end;
        last = Some(w);
    }
    if let Some(w) = last {
        if w.is_capitalised() {
            state.surnames.insert(letters_key(w.text));
        }
    }
}

/// Registers a person's name found without a place hit (for later surname lookups).
pub fn remember_name(state: &mut RoleState, surname: &str) {
    state.surnames.insert(letters_key(strip_article(surname)));
}

/// `before` is the word before `start`, `after` the word after `end`.
fn in_org_name(
    text: &str,
    start: usize,
    end: usize,
    rw: &RoleWords,
    casing: Casing,
    before: Option<Word>,
    after: Option<Word>,
) -> bool {
    // "cleared Y of Islamic State fighters": the verb's object and what it is rid of.
    let lists = super::words::lists();
    let any = |w: Option<Word>, set: &[String]| w.is_some_and(|w| set.iter().any(|s| w.is(s)));
    if any(before, &lists.clearing_verbs) && any(after, &lists.clearing_links) {
        return false;
    }
    if casing.is_headline() {
        return in_headline_org_name(text, start, end, rw, casing, before, after);
    }
    // "Fars news agency": a media noun written small names the outlet the name heads
    if after.is_some_and(|w| !w.is_capitalised() && lists.outlet_nouns.iter().any(|o| w.is(o))) {
        return true;
    }
    let connectors = &lists.org_connectors;
    let is_conn = |w: &Word| connectors.iter().any(|c| w.is(c));
    // right side: capitalised words, connectors only when a capitalised word follows
    let mut q = end;
    let mut n = 0;
    while n < 6 {
        let found = if q == end { after } else { next(text, q) };
        let Some(w) = found else { break };
        if w.is_capitalised() {
            if rw.org.has(w.text) {
                return true;
            }
        } else if !is_conn(&w) {
            break;
        }
        q = w.end;
        n += 1;
    }
    let mut p = start;
    let mut n = 0;
    while n < 4 {
        let found = if p == start { before } else { prev(text, p) };
        let Some(w) = found else { break };
        if w.is_capitalised() {
            if rw.org.has(w.text) {
                return true;
            }
        } else if !is_conn(&w) {
            break;
        }
        p = w.start;
        n += 1;
    }
    false
}

/// Words a headline's organisation name may hold on each side of the place: "Deir Ezzor
/// Military Council", "Free Idlib Army".
const HEADLINE_ORG_RIGHT: usize = 3;
const HEADLINE_ORG_LEFT: usize = 2;

/// [`in_org_name`] in a headline, where every word is capitalised: the organisation's head
/// word must stand right after the place or past capitalised words that are no function
/// word, kind noun ("Afrin City Center") or, on the left, ordinary word ("Forces Seize
/// Tabqa" is no name; "Liwa Suqour al-Sham" is).
fn in_headline_org_name(
    text: &str,
    start: usize,
    end: usize,
    rw: &RoleWords,
    casing: Casing,
    before: Option<Word>,
    after: Option<Word>,
) -> bool {
    let mut following = after;
    let mut from = end;
    for _ in 0..HEADLINE_ORG_RIGHT {
        let Some(w) = following else { break };
        // a dash between spaces ends a headline's clause ("KHAN SHEIKHOUN - STATE MEDIA")
        if (w.hyphen && text[from..w.start].contains(' '))
            || !w.is_capitalised()
            || rw.minor.has(w.text)
            || rw.kind_heads.has(w.text)
        {
            break;
        }
        if rw.org.has(w.text) {
            return true;
        }
        from = w.end;
        following = next(text, w.end);
    }
    let mut preceding = before;
    let mut to = start;
    for _ in 0..HEADLINE_ORG_LEFT {
        let Some(w) = preceding else { break };
        if w.hyphen && text[w.end..to].contains(' ') {
            break;
        }
        if w.is_capitalised() && rw.org.has(w.text) {
            return true;
        }
        if !(rw.name_like(&w, casing) || rw.particles.has(w.text)) {
            break;
        }
        to = w.start;
        preceding = prev(text, w.start);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(text: &str, name: &str) -> Option<MentionRole> {
        let s = text.find(name).unwrap();
        let rw = RoleWords::new();
        let mut st = RoleState::default();
        classify(text, s, s + name.len(), false, &rw, &mut st)
    }

    #[test]
    fn people_are_not_places() {
        assert_eq!(role("said envoy Staffan de Mistura.", "Mistura"), None);
        assert_eq!(role("President Bashar al-Assad's forces", "Assad"), None);
        assert_eq!(role("said Rami Abdel Rahman of the group", "Rahman"), None);
        assert_eq!(
            role("Meanwhile, Riad Hijab, chief coordinator", "Hijab"),
            None
        );
        assert_eq!(
            role("the minister Hamid Karimov Tashli said", "Tashli"),
            None
        );
        assert_eq!(
            role("Fighting in Aleppo continued.", "Aleppo"),
            Some(MentionRole::Location)
        );
        // a byline's dash ends the reporter's name
        assert_eq!(
            role("DAMASCUS, Sammy Ketz - Syria's army advanced", "Syria"),
            Some(MentionRole::Location)
        );
        assert_eq!(
            role("DAMASCUS, Sammy Ketz- Syria's army advanced", "Syria"),
            Some(MentionRole::Location)
        );
    }

    #[test]
    fn a_clearing_verb_makes_the_place_its_object() {
        // "Y of Islamic State" after a clearing verb: the place rid of a side, no name.
        assert_eq!(
            role(
                "The SDF cleared Shaddadi of Islamic State fighters.",
                "Shaddadi"
            ),
            Some(MentionRole::Location)
        );
        assert_eq!(
            role(
                "the Shaddadi of Islamic State Media Office said",
                "Shaddadi"
            ),
            Some(MentionRole::InName)
        );
    }

    #[test]
    fn organisations_and_compounds() {
        assert_eq!(
            role("said the Syrian Observatory for Human Rights.", "Syrian"),
            Some(MentionRole::InName)
        );
        assert_eq!(
            role("the Manbij Military Council said", "Manbij"),
            Some(MentionRole::InName)
        );
        assert_eq!(
            role("Fars news agency said", "Fars"),
            Some(MentionRole::InName)
        );
        assert_eq!(
            role("al-Mayadeen television reported", "al-Mayadeen"),
            Some(MentionRole::InName)
        );
        // the media noun heads the outlet only right after the name
        assert_eq!(
            role("Manbij residents told the news agency", "Manbij"),
            Some(MentionRole::Location)
        );
        assert_eq!(
            role("a Britain-based group", "Britain"),
            Some(MentionRole::Demonym)
        );
        assert_eq!(
            role("Syrian troops advanced", "Syrian"),
            Some(MentionRole::Location)
        );
    }

    #[test]
    fn surnames_are_remembered() {
        let text = "Riad Hijab spoke. Later Hijab told reporters.";
        let rw = RoleWords::new();
        let mut st = RoleState::default();
        let s = text.find("Hijab").unwrap();
        assert_eq!(classify(text, s, s + 5, false, &rw, &mut st), None);
        let s2 = text.rfind("Hijab").unwrap();
        assert_eq!(classify(text, s2, s2 + 5, false, &rw, &mut st), None);
    }
}
