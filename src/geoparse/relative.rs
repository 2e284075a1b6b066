//! Relative and compound expressions around a name match:
//!
//! * direction adjectives: "eastern Aleppo", "east Aleppo", "northern Aleppo countryside";
//! * "west of Aleppo" (around the place, outside it), "the east of Aleppo" (inside it,
//!   unless "to the east of"), "the eastern districts of Palmyra" (inside);
//! * kind words after the name: "Aleppo province", "Hama and Idlib provinces",
//!   "Idlib countryside", "Aleppo city", "the Nasib border crossing", "Tell Abyad District";
//! * kind words before it: "the town of Suluk", "the village of Kfeen", and plural ones
//!   that cover the names listed after the first: "the provinces of Idlib and Hama".
//!
//! It widens the mention to the whole expression and tells resolution which kind of
//! place is meant; [`part_geometry`] draws the part of a place a direction names.

use super::tokens::{next, prev, Word};
use super::{Direction, PartKind};
use crate::gazetteer::{Place, PlaceKind};
use geo::{BooleanOps, BoundingRect, Coord, Geometry, LineString, MultiPolygon, Polygon};

/// What the words around a hit add to it.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub start: usize,
    pub end: usize,
    pub part: Option<(Direction, PartKind)>,
    /// The kind of place the expression names ("province" → governorate).
    pub kind: Option<KindHint>,
    /// A plural kind word ("provinces") that also applies to a coordinated name before.
    pub plural: bool,
    /// A plural kind noun before "of" ("the provinces of") that also applies to the names
    /// coordinated after this one.
    pub plural_of: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindHint {
    Governorate,
    /// "countryside": the governorate of that name, else the area around the settlement.
    Countryside,
    District,
    Settlement,
    Village,
    City,
    Crossing,
    Airbase,
    River,
    Region,
    Dam,
    Oilfield,
    Mountain,
    /// "castle", "citadel", "fortress": a fortified site, listed as a base or landmark.
    Fortress,
    /// "base", "barracks", "garrison" after a name: a military base or airbase.
    Base,
    /// A share before the name ("much of Idlib"): the governorate of that name, else
    /// whatever the name is, unmarked (resolve.rs `prior`).
    Share,
    /// A compass adjective's part of a name ("southern Idlib"): the governorate of that
    /// name as a share is, save a city of a scale fought over district by district
    /// (resolve.rs `PART_OF_CITY`).
    Part,
}

impl KindHint {
    /// The hint a language file names in lower case ("governorate", "city").
    pub fn from_name(name: &str) -> Option<KindHint> {
        Some(match name {
            "governorate" => KindHint::Governorate,
            "countryside" => KindHint::Countryside,
            "district" => KindHint::District,
            "settlement" => KindHint::Settlement,
            "village" => KindHint::Village,
            "city" => KindHint::City,
            "crossing" => KindHint::Crossing,
            "airbase" => KindHint::Airbase,
            "river" => KindHint::River,
            "region" => KindHint::Region,
            "dam" => KindHint::Dam,
            "oilfield" => KindHint::Oilfield,
            "mountain" => KindHint::Mountain,
            "fortress" => KindHint::Fortress,
            "share" => KindHint::Share,
            "part" => KindHint::Part,
            "base" => KindHint::Base,
            _ => return None,
        })
    }

    /// A hint that names a facility, which a pack may list under its town's name.
    pub fn is_facility(self) -> bool {
        matches!(
            self,
            KindHint::Airbase | KindHint::Fortress | KindHint::Dam | KindHint::Base
        )
    }

    pub fn accepts(self, k: PlaceKind) -> bool {
        use PlaceKind::*;
        match self {
            KindHint::Governorate | KindHint::Countryside | KindHint::Share | KindHint::Part => {
                k == Governorate
            }
            KindHint::District => matches!(k, District | Subdistrict | Neighbourhood),
            KindHint::Settlement => matches!(k, City | Town | Village | Neighbourhood),
            KindHint::Village => matches!(k, Village | Town),
            KindHint::City => matches!(k, City | Town),
            KindHint::Crossing => k == Crossing,
            KindHint::Airbase | KindHint::Base => matches!(k, Airbase | Base),
            KindHint::River => k == River,
            KindHint::Region => matches!(k, Region | District),
            KindHint::Dam => k == Dam,
            KindHint::Oilfield => k == Oilfield,
            KindHint::Mountain => matches!(k, Mountain | Hill),
            KindHint::Fortress => matches!(k, Base | Landmark),
        }
    }
}

/// The direction a compass word names, and whether it is the adjective ("eastern"): the
/// `[directions]` of the language file, compared lower case with hyphens removed.
pub fn direction(word: &str) -> Option<(Direction, bool)> {
    // On the stack for a short word (this runs for the word before every hit): ASCII
    // case and hyphens are single bytes, so the bytes are those of the String version.
    let mut buf = [0u8; 32];
    let owned;
    let w: &str = if word.len() <= buf.len() {
        let mut n = 0;
        for b in word.bytes().filter(|&b| b != b'-') {
            buf[n] = b.to_ascii_lowercase();
            n += 1;
        }
        match std::str::from_utf8(&buf[..n]) {
            Ok(w) => w,
            Err(_) => {
                owned = word.to_ascii_lowercase().replace('-', "");
                &owned
            }
        }
    } else {
        owned = word.to_ascii_lowercase().replace('-', "");
        &owned
    };
    let words = &super::words::lists().directions;
    let find = |list: &[(String, Direction)]| list.iter().find(|(n, _)| n == w).map(|p| p.1);
    find(&words.nouns)
        .map(|d| (d, false))
        .or_else(|| find(&words.adjectives).map(|d| (d, true)))
}

/// A direction word ending before `pos`, joining "north-east"/"north east" compounds.
fn direction_before<'a>(text: &'a str, pos: usize) -> Option<(Direction, bool, Word<'a>)> {
    let w = prev(text, pos)?;
    let (d, adj) = direction(w.text)?;
    // "north-eastern" / "north eastern"
    if matches!(d, Direction::East | Direction::West) {
        if let Some(w0) = prev(text, w.start) {
            if let Some((d0, false)) = direction(w0.text) {
                let combined = format!("{}{}", w0.text, w.text);
                if let Some((dc, adjc)) = direction(&combined) {
                    let _ = d0;
                    return Some((
                        dc,
                        adjc,
                        Word {
                            start: w0.start,
                            end: w.end,
                            text: &text[w0.start..w.end],
                            hyphen: w.hyphen,
                        },
                    ));
                }
            }
        }
    }
    Some((d, adj, w))
}

/// Reads the words before and after the hit `[start, end)`.
pub fn read(text: &str, start: usize, end: usize) -> Context {
    let mut c = Context {
        start,
        end,
        ..Context::default()
    };
    suffix(text, &mut c);
    prefix(text, &mut c);
    c
}

fn suffix(text: &str, c: &mut Context) {
    // "Douma, a village near Shahba", "Manbij, a key city on the route", and
    // "Aleppo, Syria's largest city" / "Idlib, the provincial capital"
    let kinds = kind_words();
    let after = &text[c.end..];
    let appositive = after.strip_prefix(", ").and_then(|r| {
        let indefinite = kinds
            .apposition_indefinite
            .iter()
            .find_map(|a| r.strip_prefix(a));
        indefinite.map(|r| (r, 2)).or_else(|| {
            let first = r.split_whitespace().next()?;
            let possessive = first.ends_with("'s") || first.ends_with("\u{2019}s");
            let definite = kinds.apposition_definite.iter().any(|d| d == first);
            (definite || possessive && first.starts_with(char::is_uppercase)).then_some((r, 4))
        })
    });
    if let Some((rest, n)) = appositive {
        let words: Vec<String> = rest
            .split_whitespace()
            .take(n)
            .map(|w| {
                w.trim_matches(|ch: char| !ch.is_alphabetic())
                    .to_ascii_lowercase()
            })
            .collect();
        let hint = words
            .iter()
            .find_map(|w| lookup(&kinds.apposition_nouns, w));
        if hint.is_some() {
            c.kind = hint;
            return;
        }
    }
    let Some(w) = next(text, c.end) else { return };
    if w.hyphen
        && !kinds
            .after_hyphen
            .iter()
            .any(|k| w.text.eq_ignore_ascii_case(k))
    {
        return;
    }
    let l = w.lower();
    let l = l.as_str();
    let (hint, plural) = if let Some(hint) = lookup(&kinds.after, l) {
        (hint, false)
    } else if let Some(hint) = lookup(&kinds.after_plural, l) {
        (hint, true)
    } else if kinds.after_pairs.iter().any(|(first, ..)| first == l) {
        // two-word kinds: "border crossing", "air base", "military airport", "oil field"
        let Some(w2) = next(text, w.end) else { return };
        let second = w2.lower();
        let Some(&(.., hint)) = kinds
            .after_pairs
            .iter()
            .find(|(first, sec, _)| first == l && sec == second.as_str())
        else {
            return;
        };
        c.end = w2.end;
        c.kind = Some(hint);
        return;
    } else {
        match facilities()
            .after
            .iter()
            .find(|(noun, _)| noun.as_str() == l)
        {
            Some(&(_, hint)) => (hint, false),
            None => return,
        }
    };
    c.end = w.end;
    c.kind = Some(hint);
    c.plural = plural;
}

/// The kind words of the language file (`[kinds]`), with their hints parsed.
struct KindWords {
    after: Vec<(String, KindHint)>,
    after_plural: Vec<(String, KindHint)>,
    after_pairs: Vec<(String, String, KindHint)>,
    after_hyphen: Vec<String>,
    before_of: Vec<(String, KindHint)>,
    before_of_plural: Vec<(String, KindHint)>,
    apposition_indefinite: Vec<String>,
    apposition_definite: Vec<String>,
    apposition_nouns: Vec<(String, KindHint)>,
    before: Vec<(String, KindHint)>,
    after_compass_adjective: Option<KindHint>,
}

/// The hint of `word` in a (word, hint) list.
fn lookup(list: &[(String, KindHint)], word: &str) -> Option<KindHint> {
    list.iter().find(|(w, _)| w == word).map(|p| p.1)
}

fn kind_words() -> &'static KindWords {
    static WORDS: std::sync::OnceLock<KindWords> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let k = &super::words::lists().kinds;
        // As for the facility nouns: an unknown hint name (a unit test checks every one)
        // leaves the word out rather than reading it as some other kind.
        let hinted = |list: &[(String, String)]| -> Vec<(String, KindHint)> {
            list.iter()
                .filter_map(|(w, h)| Some((w.clone(), KindHint::from_name(h)?)))
                .collect()
        };
        KindWords {
            after: hinted(&k.after),
            after_plural: hinted(&k.after_plural),
            after_pairs: k
                .after_pairs
                .iter()
                .filter_map(|(a, b, h)| Some((a.clone(), b.clone(), KindHint::from_name(h)?)))
                .collect(),
            after_hyphen: k.after_hyphen.clone(),
            before_of: hinted(&k.before_of),
            before_of_plural: hinted(&k.before_of_plural),
            before: hinted(&k.before),
            after_compass_adjective: k
                .after_compass_adjective
                .as_deref()
                .and_then(KindHint::from_name),
            apposition_indefinite: k.apposition_indefinite.clone(),
            apposition_definite: k.apposition_definite.clone(),
            apposition_nouns: hinted(&k.apposition_nouns),
        }
    })
}

/// The facility nouns of the language file (`[facilities]`), with their hints parsed.
struct FacilityNouns {
    /// (words of the noun, hint) before "of".
    before_of: Vec<(Vec<String>, KindHint)>,
    after: Vec<(String, KindHint)>,
}

fn facilities() -> &'static FacilityNouns {
    static NOUNS: std::sync::OnceLock<FacilityNouns> = std::sync::OnceLock::new();
    NOUNS.get_or_init(|| {
        let f = &super::words::lists().facilities;
        // An unknown hint name is a defect of the compiled-in file (a unit test checks
        // every one); such a noun is left out rather than read as some other kind.
        FacilityNouns {
            before_of: f
                .before_of
                .iter()
                .filter_map(|(noun, hint)| {
                    let words = noun.split(' ').map(str::to_string).collect();
                    Some((words, KindHint::from_name(hint)?))
                })
                .collect(),
            after: f
                .after
                .iter()
                .filter_map(|(noun, hint)| Some((noun.clone(), KindHint::from_name(hint)?)))
                .collect(),
        }
    })
}

/// "the airbase of X", "the Military Airport of X": the longest facility noun ending
/// right before the word `of`, as (hint, where the noun starts).
fn facility_before_of(text: &str, of: &Word) -> Option<(KindHint, usize)> {
    let mut best: Option<(usize, KindHint, usize)> = None;
    for (words, hint) in &facilities().before_of {
        let mut at = of.start;
        let mut matched = true;
        for w in words.iter().rev() {
            match prev(text, at) {
                Some(p) if p.is(w) => at = p.start,
                _ => {
                    matched = false;
                    break;
                }
            }
        }
        if matched && best.is_none_or(|(n, _, _)| words.len() > n) {
            best = Some((words.len(), *hint, at));
        }
    }
    best.map(|(_, hint, start)| (hint, start))
}

/// "almost all" before "of": a share of the bulk, as "most" is (`Lists::approximated_shares`
/// after one of `Lists::approximators`).
fn approximated_share(text: &str, share: &Word) -> Option<KindHint> {
    let lists = super::words::lists();
    let word = share.lower();
    let approximated = lists
        .approximated_shares
        .iter()
        .any(|s| *s == word.as_str())
        && prev(text, share.start)
            .is_some_and(|a| lists.approximators.iter().any(|x| *x == a.lower().as_str()));
    approximated.then_some(KindHint::Share)
}

/// Whether the sentence around `start..end`, or the one after it, has a word of a city's
/// scale (`Lists::city_scale_words`: one word, or two as a phrase).
fn speaks_of_a_city(text: &str, start: usize, end: usize) -> bool {
    let scale = &super::words::lists().city_scale_words;
    if scale.is_empty() {
        return false;
    }
    let is_stop = |ch: char| matches!(ch, '.' | '!' | '?' | '\n');
    let from = text[..start].rfind(is_stop).map_or(0, |i| i + 1);
    let first = text[end..].find(is_stop).map_or(text.len(), |i| end + i);
    let to = text
        .get(first + 1..)
        .and_then(|rest| rest.find(is_stop))
        .map_or(text.len(), |i| first + 1 + i);
    let window = text[from..to.max(from)].to_lowercase();
    let words: Vec<&str> = window
        .split(|ch: char| !(ch.is_alphanumeric() || ch == '\'' || ch == '\u{2019}' || ch == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        scale.iter().any(|s| match s.split_once(' ') {
            Some((a, b)) => *w == a && words.get(i + 1).is_some_and(|n| *n == b),
            None => *w == s.as_str(),
        })
    })
}

fn prefix(text: &str, c: &mut Context) {
    let Some(w) = prev(text, c.start) else { return };
    let l = w.lower();
    let lists = super::words::lists();
    // "the town of Suluk", "the village of Kfeen", "the city of Palmyra"
    if l.as_str() == lists.of_word {
        if let Some((hint, start)) = facility_before_of(text, &w) {
            if c.kind.is_none() {
                c.kind = Some(hint);
                c.start = start;
            }
            return;
        }
        if let Some(k) = prev(text, w.start) {
            let k_lower = k.lower();
            let plural = lookup(&kind_words().before_of_plural, k_lower.as_str());
            let hint = lookup(&kind_words().before_of, k_lower.as_str())
                .or(plural)
                .or_else(|| approximated_share(text, &k));
            // "most of Aleppo's districts": the share is of what the possessive owns
            let possessive = ["'s", "\u{2019}s"]
                .iter()
                .any(|s| text[c.end..].starts_with(s));
            // "captured most of Raqqa, fighting near the main square": a city's scale
            let hint = hint.filter(|h| {
                *h != KindHint::Share || !(possessive || speaks_of_a_city(text, c.start, c.end))
            });
            if let Some(h) = hint {
                c.plural_of = plural.is_some() && c.kind.is_none();
                if c.kind.is_none() {
                    c.kind = Some(h);
                }
                // "the western countryside of X": the noun also takes its direction below
                if !lists.outside_nouns.iter().any(|n| *n == k_lower.as_str()) {
                    return;
                }
            }
            // "<dir> of X", "the <dir> of X", "the eastern districts of X"
            if let Some((d, adj)) = direction(k.text) {
                let the = prev(text, k.start);
                if adj {
                    return; // "eastern of" is not English
                }
                let has_the = the.is_some_and(|t| t.is(&lists.definite_article));
                let to = has_the
                    && the
                        .and_then(|t| prev(text, t.start))
                        .is_some_and(|t| t.is(&lists.direction_to));
                let kind = if has_the && !to {
                    PartKind::Inside
                } else {
                    PartKind::Around
                };
                // compound "north-east of"
                let (d, k0) = match direction_before(text, k.end) {
                    Some((dc, false, wc)) => (dc, wc),
                    _ => (d, k),
                };
                c.part = Some((d, kind));
                c.start = if has_the && !to {
                    the.map_or(k0.start, |t| t.start)
                } else {
                    k0.start
                };
                return;
            }
            let lower = k.lower();
            let lower = lower.as_str();
            let outside = lists.outside_nouns.iter().any(|n| *n == lower);
            if outside || lists.part_nouns.iter().any(|n| *n == lower) {
                if let Some((d, true, dw)) = direction_before(text, k.start) {
                    c.part = Some((
                        d,
                        if outside {
                            PartKind::Around
                        } else {
                            PartKind::Inside
                        },
                    ));
                    c.start = dw.start;
                }
            }
        }
        return;
    }
    // "rural Idlib": a word before the name that says what it is
    if c.kind.is_none() {
        if let Some(h) = lookup(&kind_words().before, l.as_str()) {
            c.kind = Some(h);
            c.start = w.start;
            return;
        }
    }
    // "eastern Aleppo", "east Aleppo", "northern Aleppo countryside"
    if let Some((d, adj, dw)) = direction_before(text, c.start) {
        if !adj && dw.is_capitalised() {
            // "East Ghouta", "West Bank": part of a name, not a direction
            return;
        }
        // "southern Idlib" is a part of the province, "eastern Aleppo" of the
        // metropolis (resolve.rs weighs the share hint by the city's size), and
        // "western Raqqa, where troops reached the stadium" of the city.
        if adj && c.kind.is_none() && !speaks_of_a_city(text, c.start, c.end) {
            c.kind = kind_words().after_compass_adjective;
        }
        let around = matches!(c.kind, Some(KindHint::Countryside));
        c.part = Some((
            d,
            if around {
                PartKind::Around
            } else {
                PartKind::Inside
            },
        ));
        c.start = dw.start;
    }
}

/// Radius in km of a settlement's built-up area, from its kind and population.
pub fn radius_km(p: &Place) -> f64 {
    match p.kind {
        PlaceKind::City if p.population >= 500_000 => 10.0,
        PlaceKind::City => 5.0,
        PlaceKind::Town => 3.0,
        PlaceKind::Village | PlaceKind::Neighbourhood => 1.0,
        _ if p.population >= 500_000 => 10.0,
        _ if p.population >= 50_000 => 5.0,
        _ => 2.0,
    }
}

fn km_to_deg(lat: f64) -> (f64, f64) {
    (
        1.0 / (111.320 * lat.to_radians().cos().max(0.05)),
        1.0 / 110.574,
    )
}

/// A sector of the annulus `r0..r1` km around `(lon, lat)`, facing `d`, `half` degrees
/// to each side.
fn sector(lon: f64, lat: f64, r0: f64, r1: f64, d: Direction, half: f64) -> Polygon<f64> {
    let (kx, ky) = km_to_deg(lat);
    let (vx, vy) = d.vector();
    let mid = vy.atan2(vx);
    let half = half.to_radians();
    let n = 16;
    let mut pts: Vec<Coord<f64>> = Vec::new();
    for i in 0..=n {
        let a = mid - half + 2.0 * half * i as f64 / n as f64;
        pts.push(Coord {
            x: lon + r1 * a.cos() * kx,
            y: lat + r1 * a.sin() * ky,
        });
    }
    if r0 <= 0.0 {
        pts.push(Coord { x: lon, y: lat });
    } else {
        for i in (0..=n).rev() {
            let a = mid - half + 2.0 * half * i as f64 / n as f64;
            pts.push(Coord {
                x: lon + r0 * a.cos() * kx,
                y: lat + r0 * a.sin() * ky,
            });
        }
    }
    pts.push(pts[0]);
    Polygon::new(LineString::new(pts), vec![])
}

/// The geometry of one part of a place: for a settlement a sector of a disk sized to
/// it (inside) or of the ring around it (around); for an area the half of its polygon
/// on that side (inside) or a ring sector outside it (around).
pub fn part_geometry(p: &Place, d: Direction, kind: PartKind) -> Geometry<f64> {
    let (lon, lat) = (p.point.x(), p.point.y());
    let area: Option<MultiPolygon<f64>> = match &p.shape {
        Some(Geometry::Polygon(pg)) => Some(MultiPolygon::new(vec![pg.clone()])),
        Some(Geometry::MultiPolygon(mp)) => Some(mp.clone()),
        _ => None,
    };
    if let Some(mp) = area {
        let Some(rect) = mp.bounding_rect() else {
            return Geometry::Point(p.point);
        };
        let (kx, ky) = km_to_deg(lat);
        let w_km = (rect.width() / kx).max(rect.height() / ky);
        match kind {
            PartKind::Inside => {
                // the polygon's half on that side, cut a little beyond its centre so
                // that "northern X" keeps the middle of X
                let (vx, vy) = d.vector();
                let shift = 0.15 * w_km;
                let (clon, clat) = (lon - vx * shift * kx, lat - vy * shift * ky);
                let s = sector(clon, clat, 0.0, w_km * 3.0, d, 90.0);
                let clipped = mp.intersection(&MultiPolygon::new(vec![s]));
                if clipped.0.is_empty() {
                    return Geometry::MultiPolygon(mp);
                }
                if clipped.0.len() == 1 {
                    return Geometry::Polygon(clipped.0.into_iter().next().expect("one polygon"));
                }
                Geometry::MultiPolygon(clipped)
            }
            PartKind::Around => {
                let r = w_km / 2.0;
                let ring = MultiPolygon::new(vec![sector(lon, lat, r * 0.5, r * 1.5, d, 67.5)]);
                let outside = ring.difference(&mp);
                if outside.0.is_empty() {
                    Geometry::Polygon(sector(lon, lat, r * 0.5, r * 1.5, d, 67.5))
                } else if outside.0.len() == 1 {
                    Geometry::Polygon(outside.0.into_iter().next().expect("one polygon"))
                } else {
                    Geometry::MultiPolygon(outside)
                }
            }
        }
    } else {
        // "eastern Aleppo": the half-disk of the built-up area on that side; "west of
        // Aleppo": the ring sector beyond it, starting at the outer half of the city,
        // where places described as "west of" a city begin.
        let r = radius_km(p);
        match kind {
            PartKind::Inside => Geometry::Polygon(sector(lon, lat, 0.0, r, d, 90.0)),
            PartKind::Around => Geometry::Polygon(sector(lon, lat, r * 0.45, r * 3.0, d, 67.5)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(text: &str, name: &str) -> (String, Context) {
        let s = text.find(name).unwrap();
        let c = read(text, s, s + name.len());
        (text[c.start..c.end].to_string(), c)
    }

    #[test]
    fn facility_nouns_widen_the_mention_and_name_the_kind() {
        use KindHint::*;
        let rows: &[(&str, &str, &str, Option<KindHint>)] = &[
            (
                "to the Military Airport of Deir Ezzor.",
                "Deir Ezzor",
                "Military Airport of Deir Ezzor",
                Some(Airbase),
            ),
            (
                "the airbase of Abu Duhur fell",
                "Abu Duhur",
                "airbase of Abu Duhur",
                Some(Airbase),
            ),
            (
                "the air base of Tabqa",
                "Tabqa",
                "air base of Tabqa",
                Some(Airbase),
            ),
            (
                "inside the citadel of Aleppo",
                "Aleppo",
                "citadel of Aleppo",
                Some(Fortress),
            ),
            (
                "troops held the Shillif fortress",
                "Shillif",
                "Shillif fortress",
                Some(Fortress),
            ),
            (
                "near Palmyra castle walls",
                "Palmyra",
                "Palmyra castle",
                Some(Fortress),
            ),
            ("the Tabqa airport", "Tabqa", "Tabqa airport", Some(Airbase)),
            (
                "rebels stormed the Hanano barracks",
                "Hanano",
                "Hanano barracks",
                Some(Base),
            ),
            (
                "the al-Tanf garrison",
                "al-Tanf",
                "al-Tanf garrison",
                Some(Base),
            ),
            // a district kind word after the name; a share before it (resolve.rs reads
            // the province of that name, else the name as it is)
            (
                "the Salaheddine neighbourhood of Aleppo",
                "Salaheddine",
                "Salaheddine neighbourhood",
                Some(District),
            ),
            ("much of Idlib has fallen", "Idlib", "Idlib", Some(Share)),
            ("the bulk of Raqqa", "Raqqa", "Raqqa", Some(Share)),
            ("most of Aleppo's districts", "Aleppo", "Aleppo", None),
            ("most of Idlib city", "Idlib", "Idlib city", Some(City)),
            ("parts of Aleppo", "Aleppo", "Aleppo", None),
            // not a facility noun: unchanged
            ("the town of Suluk", "Suluk", "Suluk", Some(Settlement)),
            ("the head of Idlib council", "Idlib", "Idlib", None),
            ("the base of operations in Idlib", "Idlib", "Idlib", None),
        ];
        for &(text, name, span, hint) in rows {
            let (t, c) = ctx(text, name);
            assert_eq!((t.as_str(), c.kind), (span, hint), "{text}");
        }
    }

    #[test]
    fn a_compass_adjective_or_rural_before_a_name_is_a_share_of_its_province() {
        // resolve.rs reads a part of a provincial capital as its province, and keeps a
        // large city's own ("eastern Aleppo" stays Aleppo's east).
        let (t, c) = ctx("clashes in southern Idlib went on", "Idlib");
        assert_eq!(
            (t.as_str(), c.kind),
            ("southern Idlib", Some(KindHint::Part))
        );
        assert_eq!(c.part, Some((Direction::South, PartKind::Inside)));
        // a sentence at a city's scale keeps the city
        let (_, c) = ctx("troops in western Raqqa reached the stadium", "Raqqa");
        assert_eq!(c.kind, None);
        // "East Ghouta": part of a name
        let (_, c) = ctx("shelling in East Ghouta", "Ghouta");
        assert_eq!(c.kind, None);
        let (t, c) = ctx("rebels in rural Hama fired rockets", "Hama");
        assert_eq!(
            (t.as_str(), c.kind),
            ("rural Hama", Some(KindHint::Countryside))
        );
    }

    #[test]
    fn directions() {
        let (t, c) = ctx("rebels in eastern Aleppo held out", "Aleppo");
        assert_eq!(t, "eastern Aleppo");
        assert_eq!(c.part, Some((Direction::East, PartKind::Inside)));
        let (t, c) = ctx("a village west of Aleppo fell", "Aleppo");
        assert_eq!(t, "west of Aleppo");
        assert_eq!(c.part, Some((Direction::West, PartKind::Around)));
        let (t, c) = ctx("rebels held the east of Aleppo", "Aleppo");
        assert_eq!(t, "the east of Aleppo");
        assert_eq!(c.part, Some((Direction::East, PartKind::Inside)));
        let (_, c) = ctx("they fled to the east of Aleppo", "Aleppo");
        assert_eq!(c.part, Some((Direction::East, PartKind::Around)));
        let (t, c) = ctx("15 km north-east of Raqqa", "Raqqa");
        assert_eq!(t, "north-east of Raqqa");
        assert_eq!(c.part, Some((Direction::Northeast, PartKind::Around)));
        let (t, c) = ctx("in the eastern districts of Palmyra", "Palmyra");
        assert_eq!(t, "eastern districts of Palmyra");
        assert_eq!(c.part, Some((Direction::East, PartKind::Inside)));
        let (_, c) = ctx("in East Ghouta", "Ghouta");
        assert_eq!(c.part, None);
    }

    #[test]
    fn kinds() {
        let (t, c) = ctx("fighting in northern Aleppo countryside", "Aleppo");
        assert_eq!(t, "northern Aleppo countryside");
        assert_eq!(c.kind, Some(KindHint::Countryside));
        assert_eq!(c.part, Some((Direction::North, PartKind::Around)));
        let (t, c) = ctx("in Aleppo province.", "Aleppo");
        assert_eq!(t, "Aleppo province");
        assert_eq!(c.kind, Some(KindHint::Governorate));
        let (t, c) = ctx("the Nasib border crossing", "Nasib");
        assert_eq!(t, "Nasib border crossing");
        assert_eq!(c.kind, Some(KindHint::Crossing));
        let (_, c) = ctx("in Hama and Idlib provinces", "Idlib");
        assert!(c.plural);
        let (t, c) = ctx("the town of Suluk", "Suluk");
        assert_eq!(t, "Suluk");
        assert_eq!(c.kind, Some(KindHint::Settlement));
    }
}
