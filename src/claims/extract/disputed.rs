//! Disputed control across a report's sentences. A capture the other side
//! denies ("rebels denied that the town had fallen", "…, but the army denied
//! it", "A military source denied the claim." after the sentence telling it),
//! or after which the report says fighting goes on inside the place ("the
//! monitor said fighting continues there"), leaves the place contested: the
//! report adds a `contested` claim as strong as the capture, so the timeline
//! does not let the capture outvote it. So does a report of it that the next
//! clause or sentence says could not be confirmed ("The claim could not be
//! independently verified."), and a definite attack it says was repelled
//! ("State media said the attack was repelled": the attack that took the
//! place, not "an attack on Z"). A capture the report tells again after
//! the denial stands, and a later statement of a side's full control of a
//! place ends the contests the report told of it before. Words of
//! `[words.disputes]`.

use super::areas;
use super::patterns::faction_at;
use super::tokens::{Kind, Tok};
use super::words::words;
use super::Cx;
use crate::claims::{Claim, Relation};

/// What one sentence says about disputed control, for [`apply`].
#[derive(Debug, Clone)]
pub(crate) struct Note {
    /// The sentence's index among the report's sentences.
    sentence: usize,
    kind: NoteKind,
    /// The places the note names itself (empty: it points back).
    places: Vec<String>,
    /// The denying side, when one stands right before the denial.
    denier: Option<String>,
    /// Places a clause after the denial tells again ("denied the fall of Y,
    /// but later confirmed the army had taken the town"): the capture stands.
    confirmed: Vec<String>,
    /// The note is about the places it names only, when it names any: a
    /// language file's construction engine reads a denial naming a place as
    /// about that place ("نفت روسيا استهداف المدنيين في Y" denies nothing of
    /// a capture of Z told before).
    named_only: bool,
}

impl Note {
    /// A denial read by a language file's construction engine: `places` are
    /// the ones it names (empty: it points back to the claim told before).
    pub(crate) fn denial(sentence: usize, places: Vec<String>, denier: Option<String>) -> Note {
        Note {
            sentence,
            kind: NoteKind::Denial,
            places,
            denier,
            confirmed: Vec::new(),
            named_only: true,
        }
    }

    /// A report that could not be confirmed, read by a language file's
    /// construction engine; `places` as for [`Note::denial`].
    pub(crate) fn unconfirmed(sentence: usize, places: Vec<String>) -> Note {
        Note {
            sentence,
            kind: NoteKind::Unconfirmed,
            places,
            denier: None,
            confirmed: Vec::new(),
            named_only: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NoteKind {
    Denial,
    Fighting,
    FullControl,
    /// The report of the claim could not be confirmed.
    Unconfirmed,
    /// The attack that took the place was beaten off.
    Repelled,
}

/// How many words before a denial its subject may stand ("rebel commanders denied").
const DENIER_REACH: usize = 3;
/// How many words before a place a word of full control may stand ("took full control of the town").
const FULL_REACH: usize = 4;

pub(crate) fn place_id(cx: &Cx, t: &Tok) -> Option<String> {
    let m = &cx.mentions[t.place()?];
    // "the outskirts of Y", "east of Y": the ground around the place.
    if matches!(m.part, Some((_, crate::geoparse::PartKind::Around))) {
        return None;
    }
    Some(cx.gazetteer.place(m.place).id.clone())
}

/// A denial word whose object is a claim told before it: it ends its clause,
/// or only a determiner and a `deny_objects` word follow ("denied it", "denied
/// the claim", "a claim the army denied").
fn points_back(toks: &[Tok], k: usize) -> bool {
    let h = &words().hedges;
    let mut next = k + 1;
    if toks.get(next).is_some_and(|t| t.is_any(&h.the_a_an)) {
        next += 1;
    }
    if toks.get(next).is_some_and(|t| t.is_any(&h.deny_objects)) {
        next += 1;
    }
    toks.get(next).is_none_or(|t| matches!(t.kind, Kind::Punct))
}

/// Whether a sentence the gate would skip (no place, no side) may still
/// dispute a capture told before it: it has a denial, or says fighting goes
/// on "there". `lower` is the sentence lowercased.
pub(crate) fn worth_reading(lower: &str) -> bool {
    let d = &words().disputes;
    let repel = &words().held.repel;
    let mut there = false;
    let mut persists = false;
    for x in lower.split(|c: char| !c.is_alphanumeric()) {
        // A denial, an unconfirmed report or a repelled attack is enough alone.
        if d.denials.contains(x)
            || d.unverified.contains(x)
            || d.verification.contains(x)
            || repel.contains(x)
        {
            return true;
        }
        there |= d.there.contains(x);
        persists |= d.persist.contains(x);
    }
    there && persists
}

/// The side right before the word at `k` (the subject of its clause), else
/// one earlier in its segment, else, when a mark stands right before it, the
/// sentence's first side ("HTS, which controls Y, denied the report" denies for
/// itself); not the first side when the word has a subject of its own that
/// names none ("…, which Kyiv denied").
fn subject_side(cx: &Cx, toks: &[Tok], k: usize) -> Option<String> {
    let segment_start = (0..k)
        .rev()
        .find(|&j| matches!(toks[j].kind, Kind::Punct))
        .map_or(0, |j| j + 1);
    (k.saturating_sub(DENIER_REACH)..k)
        .rev()
        // "…, but the army said it had repelled the assault": the side of
        // the word's own segment.
        .chain((segment_start..k.saturating_sub(DENIER_REACH)).rev())
        .find_map(|j| faction_at(toks, j))
        .or_else(|| {
            let own_subject = k > 0 && !matches!(toks[k - 1].kind, Kind::Punct);
            (!own_subject)
                .then(|| (0..k).find_map(|j| faction_at(toks, j)))
                .flatten()
        })
        .map(|f| cx.faction_id(f))
}

/// How many words a report noun may stand before a negation or after a word of
/// confirmation ("the claim could not", "verify this claim", "confirmation of
/// the report").
const REPORT_REACH: usize = 3;

/// The word that says the report of a claim could not be confirmed: "The claim
/// could not be independently confirmed", "Reuters could not verify the
/// report", "There was no confirmation of the report", "according to
/// unconfirmed reports", "The reports remain unconfirmed". A report noun
/// (`report_nouns`) must be what is unconfirmed: "The death toll could not be
/// confirmed" says nothing of the claim.
fn unconfirmed_at(toks: &[Tok]) -> Option<usize> {
    let d = &words().disputes;
    // The object after `k`, over determiners and "of".
    let report_after = |k: usize| {
        let mut j = k + 1;
        while j < toks.len() && j <= k + REPORT_REACH && toks[j].is_any(&d.report_determiners) {
            j += 1;
        }
        toks.get(j).is_some_and(|t| t.is_any(&d.report_nouns))
    };
    // The subject opening the clause of `k` ("The claim could not …", "This
    // could not …", "… but the report was not …").
    let report_before = |k: usize| {
        let start = (0..k)
            .rev()
            .take_while(|&j| {
                !matches!(toks[j].kind, Kind::Punct) && !toks[j].is_any(&d.clause_openers)
            })
            .last()
            .unwrap_or(k);
        if k - start > REPORT_REACH + 2 {
            return false;
        }
        if toks[start].is_any(&d.report_nouns) {
            return true;
        }
        let mut j = start;
        while j < k && toks[j].is_any(&d.report_determiners) {
            j += 1;
        }
        toks[j].is_any(&d.report_nouns)
    };
    (0..toks.len()).find(|&k| {
        if toks[k].is_any(&d.unverified) {
            return report_after(k) || report_before(k);
        }
        if !toks[k].is_any(&d.verification) {
            return false;
        }
        let Some(neg) = (k.saturating_sub(REPORT_REACH + 1)..k)
            .rev()
            .take_while(|&j| !matches!(toks[j].kind, Kind::Punct))
            .find(|&j| toks[j].is_any(&d.negations))
        else {
            return false;
        };
        report_after(k) || report_before(neg)
    })
}

/// The word that says a definite attack was repelled: "the army repelled the
/// assault", "the attack was repelled". The attack noun stands after the verb
/// over a definite determiner (`attack_determiners`) or opens the clause before
/// it ("the attack was repulsed"); "repelled an attack on Z" is another attack.
fn repelled_at(toks: &[Tok]) -> Option<(usize, usize)> {
    let h = &words().held;
    let d = &words().disputes;
    (0..toks.len()).find_map(|k| {
        if !toks[k].is_any(&h.repel) {
            return None;
        }
        let after = (k + 2 < toks.len()
            && toks[k + 1].is_any(&d.attack_determiners)
            && toks[k + 2].is_any(&h.attack_nouns))
        .then_some(k + 2);
        let before = (k.saturating_sub(4)..k)
            .rev()
            .take_while(|&j| !matches!(toks[j].kind, Kind::Punct))
            .find(|&j| {
                toks[j].is_any(&h.attack_nouns)
                    && j > 0
                    && toks[j - 1].is_any(&d.attack_determiners)
            });
        after.or(before).map(|noun| (k, noun))
    })
}

/// The notes of one sentence.
pub(crate) fn scan(cx: &Cx, toks: &[Tok], sentence: usize) -> Vec<Note> {
    let w = words();
    let d = &w.disputes;
    let mut notes = Vec::new();
    if let Some(k) = toks.iter().position(|t| t.is_any(&d.denials)) {
        // The side right before the denial, else the sentence's first one
        // ("HTS, which controls Y, denied the report" denies for itself).
        let denier = subject_side(cx, toks, k);
        let after: Vec<(usize, String)> = (k + 1..toks.len())
            .filter_map(|j| place_id(cx, &toks[j]).map(|p| (j, p)))
            .collect();
        let back = points_back(toks, k);
        if back || !after.is_empty() {
            // A clause opened by "but" after the denied place that names it
            // again tells the capture after all.
            let confirmed = after
                .first()
                .map(|&(first, _)| {
                    let but = (first + 1..toks.len()).find(|&j| toks[j].is_any(&w.held.but_while));
                    after
                        .iter()
                        .filter(|(j, _)| but.is_some_and(|b| *j > b))
                        .map(|(_, p)| p.clone())
                        .collect()
                })
                .unwrap_or_default();
            // The denied clause ends at the first mark: "those who rejected
            // the deal left, and the army took over Y" denies nothing of Y.
            let clause_end = (k + 1..toks.len())
                .find(|&j| matches!(toks[j].kind, Kind::Punct))
                .unwrap_or(toks.len());
            let places: Vec<String> = if back {
                Vec::new()
            } else {
                after
                    .into_iter()
                    .filter(|(j, _)| *j < clause_end)
                    .map(|(_, p)| p)
                    .collect()
            };
            if back || !places.is_empty() {
                notes.push(Note {
                    sentence,
                    kind: NoteKind::Denial,
                    places,
                    denier,
                    confirmed,
                    named_only: false,
                });
            }
        }
    }
    if let Some(k) = unconfirmed_at(toks) {
        notes.push(Note {
            sentence,
            kind: NoteKind::Unconfirmed,
            places: clause_places(cx, toks, k),
            denier: None,
            confirmed: Vec::new(),
            named_only: false,
        });
    }
    if let Some((k, _)) = repelled_at(toks) {
        // "the attack on Y was repelled", "…; however, the militants repelled
        // the assault" after a try at Y: the attack on a place the sentence
        // names, not the capture told before.
        notes.push(Note {
            sentence,
            kind: NoteKind::Repelled,
            places: places_in(cx, toks, 0, toks.len()),
            denier: subject_side(cx, toks, k),
            confirmed: Vec::new(),
            named_only: false,
        });
    }
    let fighting = toks.iter().any(|t| t.is_any(&w.held.fight_words));
    let persists = toks.iter().any(|t| t.is_any(&d.persist));
    if fighting && persists {
        // "in Y", "inside the town", "in parts of the town".
        let inside = |j: usize| {
            let mut p = j;
            while p > 0
                && j - p < 4
                && (toks[p - 1].is_any(&w.hedges.the_a_an)
                    || toks[p - 1].is(&w.word.of)
                    || toks[p - 1].is_any(&w.patterns.partial))
            {
                p -= 1;
            }
            p > 0 && toks[p - 1].is_any(&d.inside_preps)
        };
        let places: Vec<String> = (0..toks.len())
            .filter(|&j| inside(j))
            .filter_map(|j| place_id(cx, &toks[j]))
            .collect();
        // "fighting continues there." ends its clause; "there were clashes
        // west of Y" is no place.
        let there = (0..toks.len()).any(|j| {
            toks[j].is_any(&d.there)
                && toks
                    .get(j + 1)
                    .is_none_or(|t| matches!(t.kind, Kind::Punct))
        });
        if there || !places.is_empty() {
            notes.push(Note {
                sentence,
                kind: NoteKind::Fighting,
                places,
                denier: None,
                confirmed: Vec::new(),
                named_only: false,
            });
        }
    }
    let full: Vec<String> = (0..toks.len())
        .filter(|&j| {
            toks[j].place().is_some()
                && (areas::extent_before(toks, j) == Some(areas::Extent::Whole)
                    || (j.saturating_sub(FULL_REACH)..j)
                        .any(|k| toks[k].is_any(&w.held.full_complete_total)))
        })
        .filter_map(|j| place_id(cx, &toks[j]))
        .collect();
    if !full.is_empty() {
        notes.push(Note {
            sentence,
            kind: NoteKind::FullControl,
            places: full,
            denier: None,
            confirmed: Vec::new(),
            named_only: false,
        });
    }
    notes
}

/// The places named between `start` and `end` (an anaphor too: "the attack on
/// the town was repelled" is about the town).
/// An anaphor resolved to the ground around a place ("the city" after "south
/// of Y") still names Y.
fn places_in(cx: &Cx, toks: &[Tok], start: usize, end: usize) -> Vec<String> {
    (start..end)
        .filter_map(|j| toks[j].place())
        .map(|m| cx.gazetteer.place(cx.mentions[m].place).id.to_string())
        .collect()
}

/// The places named in the clause of the word at `k` (between marks).
fn clause_places(cx: &Cx, toks: &[Tok], k: usize) -> Vec<String> {
    let start = (0..k)
        .rev()
        .find(|&j| matches!(toks[j].kind, Kind::Punct))
        .map_or(0, |j| j + 1);
    let end = (k..toks.len())
        .find(|&j| matches!(toks[j].kind, Kind::Punct))
        .unwrap_or(toks.len());
    places_in(cx, toks, start, end)
}

/// Whether a claim says who holds the whole place now (a capture or a hold
/// told as news, not as background).
pub(crate) fn holding(c: &Claim) -> bool {
    matches!(c.relation, Relation::Captured | Relation::Holds)
        && !c.earlier
        && !c.around
        && c.part.is_none()
        && c.place_id.is_some()
}

/// Adds the contests the notes make and drops those a later full control
/// ends. `spans` are the report's sentence spans, in order; `text` the report.
pub(crate) fn apply(
    mut claims: Vec<Claim>,
    notes: &[Note],
    spans: &[(usize, usize)],
    text: &str,
) -> Vec<Claim> {
    let sentence_of = |c: &Claim| spans.partition_point(|s| s.0 <= c.start).saturating_sub(1);
    for note in notes {
        let Some(&(s, e)) = spans.get(note.sentence) else {
            continue;
        };
        if note.kind == NoteKind::FullControl {
            // "By Saturday they controlled the whole city": a side's full
            // control told with a claim of its own ends the contests before.
            let told: Vec<String> = claims
                .iter()
                .filter(|c| holding(c) && sentence_of(c) == note.sentence)
                .filter_map(|c| c.place_id.clone())
                .filter(|p| note.places.contains(p))
                .collect();
            claims.retain(|c| {
                !(c.relation == Relation::Contested
                    && c.part.is_none()
                    && sentence_of(c) < note.sentence
                    && c.place_id.as_ref().is_some_and(|p| told.contains(p)))
            });
            continue;
        }
        // The places the note is about: its own, when the report told a
        // capture of them; else the captures of its own sentence or the one
        // before (a denial or "there" pointing back).
        let captured_before = |p: &String, upto: usize| {
            claims
                .iter()
                .any(|c| holding(c) && c.place_id.as_ref() == Some(p) && sentence_of(c) <= upto)
        };
        let mut targets: Vec<String> = note
            .places
            .iter()
            .filter(|p| captured_before(p, note.sentence))
            .cloned()
            .collect();
        // A note of the newer kinds naming places of its own is about them
        // only: "The army said it had repelled an attack on Z" leaves the
        // capture of Y told before.
        let own_places_only = (note.named_only
            || matches!(note.kind, NoteKind::Unconfirmed | NoteKind::Repelled))
            && !note.places.is_empty();
        if targets.is_empty() && !own_places_only {
            for back in [note.sentence, note.sentence.saturating_sub(1)] {
                if note.kind == NoteKind::Fighting && back == note.sentence {
                    continue;
                }
                targets = claims
                    .iter()
                    .filter(|c| holding(c) && sentence_of(c) == back)
                    .filter_map(|c| c.place_id.clone())
                    .collect();
                if !targets.is_empty() {
                    break;
                }
            }
        }
        targets.sort();
        targets.dedup();
        let mut added = Vec::new();
        for p in targets.iter().filter(|p| !note.confirmed.contains(p)) {
            // A capture the report tells again in a later sentence stands.
            let told_again = claims.iter().any(|c| {
                holding(c) && c.place_id.as_ref() == Some(p) && sentence_of(c) > note.sentence
            });
            if told_again {
                continue;
            }
            let strongest = claims
                .iter()
                .filter(|c| {
                    holding(c)
                        && c.place_id.as_ref() == Some(p)
                        && sentence_of(c) <= note.sentence
                        && note.denier.as_deref() != Some(&*c.faction)
                })
                .max_by(|a, b| a.confidence.total_cmp(&b.confidence));
            let Some(claimant) = strongest else {
                continue;
            };
            // The rule ids (wire names of DESIGN.md's `rule`, not language).
            let disputed_denial = "disputed_denial";
            let disputed_unconfirmed = "disputed_unconfirmed";
            let disputed_repelled = "disputed_repelled";
            let disputed_fighting = "disputed_fighting";
            let rule = match note.kind {
                NoteKind::Denial => disputed_denial,
                NoteKind::Unconfirmed => disputed_unconfirmed,
                NoteKind::Repelled => disputed_repelled,
                _ => disputed_fighting,
            };
            added.push(Claim {
                relation: Relation::Contested,
                counterpart: note.denier.clone(),
                quote: text.get(s..e).unwrap_or("").into(),
                start: s,
                end: e,
                rule: Some(rule.to_string()),
                earlier: false,
                ..claimant.clone()
            });
        }
        claims.extend(added);
    }
    claims
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{t, triples};

    #[test]
    fn a_denied_capture_is_contested() {
        let got = triples("State media said the army had captured Azaz, but rebels denied it.");
        assert!(
            got.contains(&t("Azaz", "government", "contested")),
            "{got:?}"
        );
        let got = triples(
            "The army said it took Azaz on Monday. Rebel commanders denied that the town had fallen.",
        );
        assert!(
            got.contains(&t("Azaz", "government", "contested")),
            "{got:?}"
        );
    }

    #[test]
    fn a_capture_told_again_after_the_denial_stands() {
        let got = triples(
            "Rebels first denied losing Azaz. On Wednesday they admitted the army had captured it.",
        );
        assert!(!got.iter().any(|c| c.2 == "contested"), "{got:?}");
    }

    #[test]
    fn fighting_that_goes_on_inside_after_a_capture_contests_it() {
        let got =
            triples("The army said it captured Azaz. The monitor said fighting continues there.");
        assert!(
            got.contains(&t("Azaz", "government", "contested")),
            "{got:?}"
        );
        let got = triples("The army captured Azaz. Fighting continues near Marea.");
        assert!(!got.iter().any(|c| c.2 == "contested"), "{got:?}");
    }

    #[test]
    fn an_unconfirmed_report_of_a_capture_contests_it() {
        for text in [
            "Rebels captured Azaz on Monday. The claim could not be independently confirmed.",
            "Rebels took Azaz, a monitor said. Reuters could not verify the report.",
            "Rebels took Azaz, but there was no confirmation of the report.",
            "Rebels captured Azaz, according to unconfirmed reports.",
        ] {
            let got = triples(text);
            assert!(
                got.contains(&t("Azaz", "opposition", "contested")),
                "{text}: {got:?}"
            );
        }
        // What is unconfirmed is no report of the claim.
        let got = triples(
            "Rebels captured Azaz on Monday. The death toll could not be independently confirmed.",
        );
        assert!(!got.iter().any(|c| c.2 == "contested"), "{got:?}");
    }

    #[test]
    fn a_repelled_attack_contests_the_capture_it_told_unless_it_names_another_place() {
        let got =
            triples("Rebels captured Azaz on Monday. State media said the attack was repelled.");
        assert!(
            got.contains(&t("Azaz", "opposition", "contested")),
            "{got:?}"
        );
        let got =
            triples("Rebels captured Azaz. The army said it had repelled the attack on Marea.");
        assert!(!got.iter().any(|c| c.2 == "contested"), "{got:?}");
        let got = triples("Rebels captured Azaz. The army said it had repelled an attack.");
        assert!(!got.iter().any(|c| c.2 == "contested"), "{got:?}");
    }

    #[test]
    fn a_denial_whose_subject_names_no_side_denies_for_no_side() {
        // "Ankara" is no side here: the capture is disputed all the same.
        let got = triples("The SDF said it had captured Azaz, which Ankara denied.");
        assert!(got.contains(&t("Azaz", "sdf", "contested")), "{got:?}");
    }
}
