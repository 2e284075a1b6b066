//! `frontline extract --explain`: the claims grammar's account of a report
//! (`claims::explain`) as plain text, one block per sentence.

use frontline::claims::explain::{Outcome, SentenceExplanation};

/// The explanation as plain text, one block per sentence.
pub fn render(sentences: &[SentenceExplanation]) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    for e in sentences {
        let _ = writeln!(s, "[{}..{}] {}", e.start, e.end, e.text.replace('\n', " "));
        let actors: Vec<String> = (e.actors.iter())
            .map(|(w, f)| format!("{w:?}={}", f.as_deref().unwrap_or("?")))
            .collect();
        let _ = writeln!(s, "  actors: {}", join(&actors));
        let places: Vec<String> = e.places.iter().map(|p| format!("{p:?}")).collect();
        let _ = writeln!(s, "  places: {}", join(&places));
        for p in &e.predicates {
            let what = match &p.outcome {
                Outcome::Fired(rules) => format!("fired {}", rules.join(", ")),
                Outcome::Blocked(cue) => format!("nearly fired: blocked by the hedge {cue:?}"),
                Outcome::NoActor => "nearly fired: no faction as subject or agent".to_string(),
                Outcome::NoPlace => "nearly fired: no place as object or subject".to_string(),
                Outcome::NoPattern => {
                    "nearly fired: actor and place present, no pattern matched".to_string()
                }
                Outcome::DoesNotFit => {
                    "nearly fired: the frame's places, prepositions or side are not where it wants them"
                        .to_string()
                }
                Outcome::SaysNothing => "fits a frame that gives no claim".to_string(),
                Outcome::Over => "nearly fired: a hold told as over before the report".to_string(),
                Outcome::NoClaimablePlace => {
                    "nearly fired: no place it may claim (only surroundings, a facility, a country, or an area with no share)"
                        .to_string()
                }
            };
            let family = match &p.frame {
                Some(frame) => format!("{} {frame}", p.family.id()),
                None => p.family.id().to_string(),
            };
            let _ = writeln!(s, "  predicate {:?} ({family}): {what}", p.word);
        }
        for c in &e.claims {
            let _ = writeln!(
                s,
                "  claim {} {} {} (confidence {:.2}, rule {})",
                c.name,
                c.relation.as_str(),
                c.faction,
                c.confidence,
                c.rule.as_deref().unwrap_or("-")
            );
        }
    }
    s
}

fn join(items: &[String]) -> String {
    if items.is_empty() {
        "-".to_string()
    } else {
        items.join(", ")
    }
}
