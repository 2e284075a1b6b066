//! The report's voice: who speaks. Copy from a side's own outlet, or told in its words,
//! calls that side's enemy by a pejorative ("terrorists", "the occupiers") and tells a
//! clearing without its agent ("Y has been cleared of terrorists, SANA reported"). The
//! outlets and institutions that speak for each side (`factions.toml` `voices`), the words a
//! side calls its enemies by (`pejoratives`) and the sides those words may mean (`enemies`)
//! are region data; this module finds the voices of a report and reads each pejorative as the
//! enemy of the side that speaks it: the clause's agent when one stands before it in its
//! sentence, else the sentence's voice, else the report's.

use super::super::Factions;
use super::actors::{ActorHit, HitKind};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Every side's voices, compiled once per region.
#[derive(Debug, Clone)]
pub(crate) struct VoiceMatcher {
    ac: Option<AhoCorasick>,
    /// The side each pattern speaks for.
    sides: Vec<usize>,
    /// Per side, the sides its pejoratives may mean (`enemies`, resolved to indices).
    enemies: Vec<Vec<usize>>,
}

impl VoiceMatcher {
    pub(crate) fn new(factions: &Factions) -> VoiceMatcher {
        let mut patterns = Vec::new();
        let mut sides = Vec::new();
        for (g, f) in factions.all().iter().enumerate() {
            for v in f.voices.iter().filter(|v| !v.trim().is_empty()) {
                patterns.push(v.clone());
                sides.push(g);
            }
        }
        let ac = (!patterns.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&patterns)
                    .ok()
            })
            .flatten();
        let all = factions.all();
        let enemies = all
            .iter()
            .map(|f| {
                f.enemies
                    .iter()
                    .filter_map(|e| all.iter().position(|x| &x.id == e))
                    .collect()
            })
            .collect();
        VoiceMatcher { ac, sides, enemies }
    }

    /// The sides side `g`'s pejoratives may mean.
    pub(crate) fn enemies_of(&self, g: usize) -> &[usize] {
        self.enemies.get(g).map_or(&[], Vec::as_slice)
    }

    /// Each voice in `text` (word-bounded): its byte start and its side.
    fn find(&self, text: &str) -> Vec<(usize, usize)> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let b = text.as_bytes();
        let word_byte = |k: usize| b.get(k).is_some_and(|c| c.is_ascii_alphanumeric());
        // Word-bounded: no letter or digit just before the match or just after it.
        let bounded = |start: usize, end: usize| {
            let open = start == 0 || !word_byte(start - 1);
            open && !word_byte(end)
        };
        ac.find_iter(text)
            .filter(|m| bounded(m.start(), m.end()))
            .map(|m| (m.start(), self.sides[m.pattern().as_usize()]))
            .collect()
    }
}

/// The voices of one report, and the pejoratives whose enemy it leaves unnamed.
#[derive(Debug, Default)]
pub(crate) struct Voices {
    /// Each voice found: byte start and the side it speaks for. Scanned for at the first
    /// question: most reports have no pejorative and no agentless clearing, and the scan
    /// of a whole report cost analyse 3% of its time.
    found: std::cell::OnceCell<Vec<(usize, usize)>>,
    /// The region's voices; `None` when it has none.
    matcher: Option<std::sync::Arc<VoiceMatcher>>,
    /// Byte starts of pejoratives whose speaker is known but whose enemy the report does not
    /// tell among several: they name no side.
    unnamed: Vec<usize>,
    /// Each side the report names outright, with its byte start, in order: the sides an
    /// enemy is chosen among ([`Voices::enemy_named`]).
    named: Vec<(usize, usize)>,
}

/// The one side all the given sides are, if any.
fn one_side(mut sides: impl Iterator<Item = usize>) -> Option<usize> {
    let first = sides.next()?;
    sides.all(|s| s == first).then_some(first)
}

impl Voices {
    /// The side speaking in the sentence at `span`: its own voices when they agree, else the
    /// report's.
    /// `text` is the report's text the voices are found in.
    pub(crate) fn side_in(&self, text: &str, span: (usize, usize)) -> Option<usize> {
        let found = self.found.get_or_init(|| {
            self.matcher
                .as_ref()
                .map_or_else(Vec::new, |m| m.find(text))
        });
        let here = found
            .iter()
            .filter(|&&(at, _)| at >= span.0 && at < span.1)
            .map(|&(_, g)| g);
        if here.clone().next().is_some() {
            return one_side(here);
        }
        // The one side every voice of the report speaks for, when they agree.
        one_side(found.iter().map(|&(_, g)| g))
    }

    /// Whether a pejorative whose enemy is left unnamed starts at byte `at`.
    pub(crate) fn unnamed_enemy_at(&self, at: usize) -> bool {
        self.unnamed.contains(&at)
    }

    /// The one of `foes` the report means at byte `at`, chosen as a pejorative's enemy is
    /// ([`enemy_among`]): also the defender of an attack whose target no one is said to hold.
    pub(crate) fn enemy_named(&self, foes: &[usize], at: usize) -> Option<usize> {
        enemy_among(&self.named, foes, at)
    }

    /// The one of `foes` the report names outright, when it names exactly one of them.
    pub(crate) fn only_enemy_named(&self, foes: &[usize]) -> Option<usize> {
        one_side(
            self.named
                .iter()
                .map(|&(_, g)| g)
                .filter(|g| foes.contains(g)),
        )
    }
}

/// The sides `hits` name outright, each with its byte start.
fn named_outright(hits: &[ActorHit]) -> Vec<(usize, usize)> {
    hits.iter()
        .filter(|h| names_outright(h))
        .filter_map(|h| h.faction.map(|g| (h.start, g)))
        .collect()
}

/// Which of a side's enemies `foes` the report means at byte `at`: the one it names outright
/// (`named`, in order) last before `at`, else first after it, else the only one; when it names
/// none of several, none (never a wrong one).
pub(crate) fn enemy_among(named: &[(usize, usize)], foes: &[usize], at: usize) -> Option<usize> {
    let is_foe = |&&(_, g): &&(usize, usize)| foes.contains(&g);
    named
        .iter()
        .rev()
        .filter(|&&(s, _)| s < at)
        .find(is_foe)
        .or_else(|| named.iter().filter(|&&(s, _)| s > at).find(is_foe))
        .map(|&(_, g)| g)
        .or_else(|| (foes.len() == 1).then(|| foes[0]))
}

/// A hit that names its side outright (a name, an adjective, a holder compound), not a
/// weak or referring word.
fn names_outright(h: &ActorHit) -> bool {
    matches!(
        h.kind,
        HitKind::Name | HitKind::Adjective | HitKind::Held(_)
    ) && h.faction.is_some()
}

/// Finds the report's voices and reads each pejorative in `hits` as the enemy of its
/// speaker: the enemy named last before it in the report, else first after it, else the only
/// one its speaker has, else the side it was read as when that is one of them; otherwise it
/// names no side (never a wrong one) and is remembered as an unnamed enemy.
pub(crate) fn read(
    hits: &mut [ActorHit],
    text: &str,
    factions: &Factions,
    sentences: &[(usize, usize)],
) -> Voices {
    let all = factions.all();
    if all
        .iter()
        .all(|f| f.voices.is_empty() && f.pejoratives.is_empty())
    {
        return Voices {
            named: named_outright(hits),
            ..Voices::default()
        };
    }
    let matcher = factions.voice_matcher();
    let mut voices = Voices {
        found: std::cell::OnceCell::new(),
        matcher: Some(matcher.clone()),
        unnamed: Vec::new(),
        named: Vec::new(),
    };
    let lists = |g: usize, phrase: &str| {
        all[g]
            .pejoratives
            .iter()
            .any(|p| p.eq_ignore_ascii_case(phrase))
    };
    for k in 0..hits.len() {
        let Some(read_as) = hits[k].faction else {
            continue;
        };
        if !matches!(hits[k].kind, HitKind::Name | HitKind::Weak) {
            continue;
        }
        let phrase = &text[hits[k].start..hits[k].end];
        if !(0..all.len()).any(|g| lists(g, phrase)) {
            continue;
        }
        let at = hits[k].start;
        let sentence = sentences
            .iter()
            .find(|&&(s, e)| at >= s && at < e)
            .copied()
            .unwrap_or((at, at + 1));
        // The clause's agent: a side named outright before the word in its sentence that
        // calls its enemies so ("Turkish-backed forces cleared Y of terrorists").
        let agent = (0..k)
            .rev()
            .take_while(|&j| hits[j].start >= sentence.0)
            // A name, not a holder word: "occupied by the enemy" has no agent in "occupied".
            .filter(|&j| hits[j].kind == HitKind::Name)
            .find_map(|j| hits[j].faction.filter(|&g| lists(g, phrase)));
        let Some(speaker) = agent
            .or_else(|| voices.side_in(text, sentence))
            .filter(|&g| lists(g, phrase))
        else {
            continue;
        };
        let foes = matcher.enemies_of(speaker);
        if foes.is_empty() {
            continue;
        }
        let target = enemy_among(&named_outright(hits), foes, at)
            .or_else(|| foes.contains(&read_as).then_some(read_as));
        match target {
            Some(t) => hits[k].faction = Some(t),
            None => {
                hits[k].faction = None;
                hits[k].kind = HitKind::Other;
                voices.unnamed.push(at);
            }
        }
    }
    voices.named = named_outright(hits);
    voices
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region() -> Factions {
        Factions::parse(
            r##"
[[faction]]
id = "gov"
name = "G"
fill = "#000"
stroke = "#000"
names = ["the army"]
voices = ["State TV"]
pejoratives = ["terrorists"]
enemies = ["reb", "jih"]

[[faction]]
id = "reb"
name = "R"
fill = "#000"
stroke = "#000"
names = ["rebels"]
weak_names = ["terrorists"]

[[faction]]
id = "jih"
name = "J"
fill = "#000"
stroke = "#000"
names = ["jihadists"]

[[faction]]
id = "ally"
name = "T"
fill = "#000"
stroke = "#000"
names = ["allied troops"]
voices = ["Ally News"]
pejoratives = ["terrorists"]
enemies = ["jih", "gov"]
"##,
        )
        .unwrap()
    }

    fn read_text(text: &str) -> (Vec<ActorHit>, Voices) {
        let f = region();
        let mut hits = f.matcher().find(text, 0, text.len());
        let sentences = super::super::sentences::split(text, 0);
        let v = read(&mut hits, text, &f, &sentences);
        (hits, v)
    }

    fn side_of(hits: &[ActorHit], text: &str, phrase: &str) -> Option<usize> {
        let at = text.find(phrase).unwrap();
        hits.iter().find(|h| h.start == at).and_then(|h| h.faction)
    }

    #[test]
    fn an_enemy_is_the_one_named_last_before_else_first_after_else_the_only_one() {
        let named = [(0, 1), (10, 2), (30, 3)];
        assert_eq!(enemy_among(&named, &[1, 2], 20), Some(2));
        assert_eq!(enemy_among(&named, &[3], 20), Some(3));
        assert_eq!(enemy_among(&named, &[2, 3], 5), Some(2));
        assert_eq!(enemy_among(&[], &[4], 5), Some(4));
        assert_eq!(enemy_among(&[], &[4, 5], 5), None);
    }

    #[test]
    fn the_voice_of_an_outlet_speaks_for_its_side() {
        let text = "The town was cleared of terrorists, Ally News reported.";
        let (_, v) = read_text(text);
        assert_eq!(v.side_in(text, (0, text.len())), Some(3));
    }

    #[test]
    fn a_pejorative_whose_enemy_is_unnamed_names_no_side() {
        let text = "The town was cleared of terrorists, Ally News reported.";
        let (hits, v) = read_text(text);
        assert_eq!(side_of(&hits, text, "terrorists"), None);
        assert!(v.unnamed_enemy_at(text.find("terrorists").unwrap()));
    }

    #[test]
    fn a_pejorative_means_the_enemy_the_report_names() {
        let text = "The jihadists attacked the town. It was cleared of terrorists, Ally News said.";
        let (hits, _) = read_text(text);
        assert_eq!(side_of(&hits, text, "terrorists"), Some(2));
    }

    #[test]
    fn the_agent_speaks_before_the_voice() {
        let text = "Allied troops cleared the town of terrorists, State TV said.";
        let (hits, v) = read_text(text);
        assert_eq!(side_of(&hits, text, "terrorists"), None);
        assert!(v.unnamed_enemy_at(text.find("terrorists").unwrap()));
    }

    #[test]
    fn without_a_speaker_the_word_keeps_its_reading() {
        let text = "The town was cleared of terrorists.";
        let (hits, v) = read_text(text);
        assert_eq!(side_of(&hits, text, "terrorists"), Some(1));
        assert_eq!(v.side_in(text, (0, text.len())), None);
    }
}
