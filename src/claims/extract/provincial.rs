//! "its provincial capital", "the province's capital", "the capital of Raqqa
//! province": the seat of a governorate the text names, which the text itself
//! does not name. Each such phrase becomes a mention of the seat (from the
//! gazetteer, [`Gazetteer::capital_of`]) so the pattern families claim it
//! like any named place ("IS holds 60 percent of its provincial capital").
//!
//! The governorate is the one named in the phrase ("capital of Raqqa
//! province") or else the last one named shortly before it; a seat named
//! itself shortly before ("fighting in Raqqa … the provincial capital") is
//! the seat when it is the more recent.

use super::words::words;
use crate::gazetteer::{Gazetteer, PlaceIdx, PlaceKind};
use crate::geoparse::{Mention, MentionRole};

/// How far back (bytes) the governorate of "the provincial capital" may be
/// named: about three sentences.
const LOOKBACK: usize = 600;

/// Where the text says a capital noun of the language file (`[words.provincial]
/// capital`), in text order.
fn capital_nouns(body: &str) -> Vec<(usize, &str)> {
    let mut found: Vec<(usize, &str)> = words()
        .provincial
        .capital
        .iter()
        // memmem (SIMD) rather than `str::match_indices`: the same
        // non-overlapping finds, and this runs over every report's whole text.
        .filter(|c| !c.is_empty())
        .flat_map(|c| memchr::memmem::find_iter(body.as_bytes(), c.as_bytes()).map(move |i| (i, c)))
        .collect();
    found.sort_unstable();
    found
}

/// Mentions of governorate seats that the text refers to without naming
/// them; empty for most reports (only those saying "capital").
pub(crate) fn capitals(
    text: &str,
    from: usize,
    mentions: &[Mention],
    gazetteer: &Gazetteer,
) -> Vec<Mention> {
    let mut out = Vec::new();
    let Some(body) = text.get(from..) else {
        return out;
    };
    let governorate = |m: &Mention| {
        m.role == MentionRole::Location
            && m.part.is_none()
            && gazetteer.place(m.place).kind == PlaceKind::Governorate
    };
    // The seat a mention before "the provincial capital" points to: a
    // governorate's, or a seat named itself ("fighting in Raqqa … the
    // provincial capital fell").
    let seat_named = |m: &Mention| -> Option<PlaceIdx> {
        if m.role != MentionRole::Location || m.part.is_some() {
            return None;
        }
        let p = gazetteer.place(m.place);
        match p.kind {
            PlaceKind::Governorate => gazetteer.capital_of(m.place),
            PlaceKind::City | PlaceKind::Town => {
                p.admin1.as_ref()?;
                let division = gazetteer.places().iter().position(|d| {
                    d.kind == PlaceKind::Governorate
                        && d.country == p.country
                        && d.admin1 == p.admin1
                })?;
                let seat = gazetteer.capital_of(PlaceIdx::try_from(division).ok()?)?;
                (seat == m.place).then_some(seat)
            }
            _ => None,
        }
    };
    let w = &words().provincial;
    for (i, capital) in capital_nouns(body) {
        let at = from + i;
        let end = at + capital.len();
        if text[end..].starts_with(char::is_alphanumeric) {
            continue; // "capitalise"
        }
        // "the capital of Raqqa province": the governorate follows.
        let named_after = (w.of.iter())
            .find_map(|of| text[end..].strip_prefix(of))
            .and_then(|rest| mentions.iter().find(|m| m.start == text.len() - rest.len()))
            .filter(|m| governorate(m));
        let (span, seat) = if let Some(m) = named_after {
            let Some(seat) = gazetteer.capital_of(m.place) else {
                continue;
            };
            ((at, m.end), seat)
        } else {
            let before = w.before_capital.iter().map(|pre| (pre, ""));
            let after = w.after_capital.iter().map(|post| ("", post));
            let Some((s, e)) = before.chain(after).find_map(|(pre, post)| {
                let s = at.checked_sub(pre.len())?;
                let e = end + post.len();
                let ok = text.get(s..at).is_some_and(|p| p.eq_ignore_ascii_case(pre))
                    && text
                        .get(end..e)
                        .is_some_and(|p| p.eq_ignore_ascii_case(post));
                ok.then_some((s, e))
            }) else {
                continue;
            };
            let before = mentions
                .iter()
                .filter(|m| m.end <= s && m.end + LOOKBACK >= s)
                .filter_map(|m| Some((m.end, seat_named(m)?)))
                .max_by_key(|&(end, _)| end);
            let Some((_, seat)) = before else { continue };
            ((s, e), seat)
        };
        if mentions.iter().any(|m| m.start < span.1 && span.0 < m.end) && named_after.is_none() {
            continue; // the geoparser already read something here
        }
        out.push(Mention {
            start: span.0,
            end: span.1,
            text: text[span.0..span.1].to_string(),
            place: seat,
            role: MentionRole::Location,
            confidence: 0.8,
            alternatives: Vec::new(),
            part: None,
            geometry: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::capitals;
    use crate::claims::extract::testkit::{gazetteer, mentions};
    use crate::gazetteer::PlaceKind;

    #[test]
    fn the_provincial_capital_is_the_seat_of_the_last_governorate_named() {
        let g = gazetteer();
        let text =
            "Shelling hit Idlib province on Monday. Drones flew over the provincial capital.";
        let m = mentions(&g, text);
        let c = capitals(text, 0, &m, &g);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].text, "provincial capital");
        assert_eq!(g.place(c[0].place).name, "Idlib");
    }

    #[test]
    fn a_seat_named_before_is_the_provincial_capital() {
        let g = gazetteer();
        // (The test gazetteer knows the seat of Idlib only.)
        let text = "Heavy fighting was reported in the city of Idlib on Monday. By Tuesday the provincial capital had fallen.";
        let m = mentions(&g, text);
        assert!(m.iter().all(|m| g.place(m.place).kind == PlaceKind::City));
        let c = capitals(text, 0, &m, &g);
        assert_eq!(c.len(), 1);
        assert_eq!(g.place(c[0].place).name, "Idlib");
    }

    #[test]
    fn capital_of_a_named_province() {
        let g = gazetteer();
        let text = "Jets struck the capital of Idlib province.";
        let m = mentions(&g, text);
        let c = capitals(text, 0, &m, &g);
        assert_eq!(c.len(), 1);
        assert_eq!(g.place(c[0].place).name, "Idlib");
        assert_eq!(c[0].text, "capital of Idlib province");
    }

    #[test]
    fn no_governorate_no_capital() {
        let g = gazetteer();
        for text in [
            "Drones flew over the provincial capital.",
            // A town that is no seat.
            "Rebels took Saraqib on Monday. Drones flew over the provincial capital.",
            "Aleppo is the country's economic capital.",
            "The rebels capitalised on the chaos near Azaz; the provincial capitals were calm.",
        ] {
            let m = mentions(&g, text);
            assert!(capitals(text, 0, &m, &g).is_empty(), "{text}");
        }
    }
}
