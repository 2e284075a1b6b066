//! Why each claim was made, and why a likely one was not: `frontline extract
//! --explain`. Per sentence, the chunks the rules read (faction phrases,
//! places, predicate words of the language file) and, for each predicate
//! word, the rules that fired in the sentence or what kept its family from
//! firing (a hedge, a missing subject or agent, a missing place). Sentences
//! read by a language file's construction engine (Arabic) report each frame
//! whose trigger they hold, with the engine's own reason when it stayed silent.

use super::constructions::FrameOutcome;
use super::patterns::{faction_at, first_actor_in, places_after, places_before, subject_before};
use super::tokens::{Kind, Tok};
use super::words::{words, WordSet};
use super::{hedges, lexicon, Observed};
use crate::claims::{Claim, Factions};
use crate::gazetteer::Gazetteer;
use crate::geoparse::Mention;
use crate::report::Report;

/// One sentence as the rules saw it.
#[derive(Debug, Clone)]
pub struct SentenceExplanation {
    /// Byte span in the report text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Faction phrases: the words and the faction id they name (`None`: an
    /// actor of no faction, or a pronoun left unresolved).
    pub actors: Vec<(String, Option<String>)>,
    /// Place mentions as written.
    pub places: Vec<String>,
    /// Predicate words of some rule family, and what came of each.
    pub predicates: Vec<Predicate>,
    /// The claims the sentence's rules made (before the report-wide steps).
    pub claims: Vec<Claim>,
}

/// A word some rule family starts from.
#[derive(Debug, Clone)]
pub struct Predicate {
    pub word: String,
    /// The family whose words hold it.
    pub family: Family,
    /// The language file's frame it triggers, where the engine reports frames one by one.
    pub frame: Option<String>,
    pub outcome: Outcome,
}

/// A rule family, as named in claims' `rule` ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Capture,
    Held,
    Siege,
    Route,
    Split,
    /// A frame of the language file (`frame-id:trigger`).
    Frame,
}

impl Family {
    /// The family's name in rule ids.
    pub fn id(self) -> &'static str {
        match self {
            Family::Capture => "capture",
            Family::Held => "held",
            Family::Siege => "siege",
            Family::Route => "route",
            Family::Split => "split",
            Family::Frame => "frame",
        }
    }
}

/// What came of a predicate word.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Its family made these claims in the sentence (their rule ids).
    Fired(Vec<String>),
    /// A hedge or negation blocked it: the cue word.
    Blocked(String),
    /// No faction is its subject or agent.
    NoActor,
    /// No place is its object or subject.
    NoPlace,
    /// Actor and place are there, but no pattern of the family matched.
    NoPattern,
    /// A frame of a construction engine whose places, prepositions, required words or side
    /// are not where it wants them.
    DoesNotFit,
    /// A frame that fits and says nothing by design (shelling, a raid).
    SaysNothing,
    /// A hold told as lasting until a year before the report's.
    Over,
    /// A frame whose places are only surroundings or facilities of a place, a country, or an
    /// area with no share stated.
    NoClaimablePlace,
}

/// The sentences of a report with their chunks and rules.
pub fn explain(
    report: &Report,
    mentions: &[Mention],
    gazetteer: &Gazetteer,
    factions: &Factions,
) -> Vec<SentenceExplanation> {
    let mut out = Vec::new();
    super::run_observed(report, mentions, gazetteer, factions, &mut |o| {
        out.push(sentence(&report.text, &o));
    });
    out
}

/// The predicate word sets of each family.
fn families() -> Vec<(Family, Vec<&'static WordSet>)> {
    let w = words();
    let (capture, held, siege, route, split) = (&w.capture, &w.held, &w.siege, &w.route, &w.split);
    vec![
        (
            Family::Capture,
            vec![
                &capture.take_verbs,
                &capture.control_only,
                &capture.lose,
                &capture.leave,
                &capture.expel,
                &capture.nominals,
                &capture.into_verbs,
                &capture.fell_fallen_falls,
                &capture.returned_reverted_returns,
            ],
        ),
        (
            Family::Held,
            vec![&held.hold_verbs, &held.held_controlled_run],
        ),
        (
            Family::Siege,
            vec![
                &siege.siege_nouns,
                &siege.break_verbs,
                &siege.siege_only_verbs,
                &w.patterns.ring_verbs,
            ],
        ),
        (Family::Route, vec![&route.cut, &route.open]),
        (
            Family::Split,
            vec![&split.approach, &split.divided_split_partitioned],
        ),
    ]
}

fn sentence(text: &str, o: &Observed) -> SentenceExplanation {
    let toks = o.toks;
    let faction_id = |f: Option<usize>| f.map(|f| o.factions.all()[f].id.clone());
    let mut actors = Vec::new();
    let mut places = Vec::new();
    for t in toks {
        match &t.kind {
            Kind::Actor { faction, .. } => {
                actors.push((text[t.start..t.end].to_string(), faction_id(*faction)))
            }
            Kind::Place { mention, .. } => places.push(o.mentions[*mention].text.clone()),
            _ => {}
        }
    }
    let families = families();
    let frame_words = &lexicon::en().triggers;
    let mut predicates = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if !matches!(t.kind, Kind::Word) {
            continue;
        }
        let family = families
            .iter()
            .find(|(_, sets)| sets.iter().any(|s| t.is(*s)))
            .map(|(f, _)| *f)
            .or_else(|| frame_words.contains(t.w.as_ref()).then_some(Family::Frame));
        let Some(family) = family else { continue };
        let rules: Vec<String> = o
            .fired
            .iter()
            .filter_map(|c| c.rule.clone())
            .filter(|r| fired_by(r, family, &t.w))
            .collect();
        let outcome = if !rules.is_empty() {
            Outcome::Fired(rules)
        } else {
            why_not(toks, i)
        };
        predicates.push(Predicate {
            word: text[t.start..t.end].to_string(),
            family,
            frame: None,
            outcome,
        });
    }
    for trace in o.frames {
        let word = &text[trace.trigger.0..trace.trigger.1];
        let outcome = match &trace.outcome {
            FrameOutcome::Fired => Outcome::Fired(vec![format!("{}:{word}", trace.frame)]),
            FrameOutcome::DoesNotFit => Outcome::DoesNotFit,
            FrameOutcome::SaysNothing => Outcome::SaysNothing,
            FrameOutcome::Over => Outcome::Over,
            FrameOutcome::Blocked(cue) => Outcome::Blocked(cue.clone()),
            FrameOutcome::NoSide => Outcome::NoActor,
            FrameOutcome::NoClaimablePlace => Outcome::NoClaimablePlace,
        };
        predicates.push(Predicate {
            word: word.to_string(),
            family: Family::Frame,
            frame: Some(trace.frame.clone()),
            outcome,
        });
    }
    SentenceExplanation {
        start: o.span.0,
        end: o.span.1,
        text: text[o.span.0..o.span.1].to_string(),
        actors,
        places,
        predicates,
        claims: o.fired.to_vec(),
    }
}

/// Whether a rule id belongs to the family (or, for a frame, to its trigger).
fn fired_by(rule: &str, family: Family, word: &str) -> bool {
    let base = rule.split('+').next().unwrap_or(rule);
    match base.split_once(':') {
        Some((_, trigger)) => trigger == word,
        None => base.split('.').next() == Some(family.id()),
    }
}

/// Why the predicate at `i` made no claim.
fn why_not(toks: &[Tok], i: usize) -> Outcome {
    let subject = subject_before(toks, i);
    let (factor, cue) = hedges::assess(toks, subject, i);
    if factor <= 0.0 {
        let cue = cue.map_or_else(String::new, |k| toks[k].w.to_string());
        return Outcome::Blocked(cue);
    }
    let agent = subject.and_then(|s| faction_at(toks, s)).or_else(|| {
        (i + 1..(i + 4).min(toks.len()))
            .find_map(|k| first_actor_in(toks, k, k + 1))
            .and_then(|a| faction_at(toks, a))
    });
    if agent.is_none() {
        return Outcome::NoActor;
    }
    if places_after(toks, i + 1).places.is_empty() && places_before(toks, i).is_empty() {
        return Outcome::NoPlace;
    }
    Outcome::NoPattern
}
