//! Claim extraction: control statements read out of a geoparsed report.
//!
//! The report is cut into sentences ([`sentences`]); each sentence becomes a
//! token stream of words, faction phrases ([`actors`]) and place mentions
//! ([`tokens`]); pattern families then read claims off it, one file each:
//! [`held`] ("rebel-held Y", "Y, held by X"), [`capture`] ("X captured Y",
//! "Y fell to X", "X withdrew from Y"), [`siege`] ("the siege of Y", "broke
//! the siege"), [`split`] ("divided between A in the west and B in the
//! east", "encircled Y from the west"), [`route`] ("cut the supply route
//! linking Y to Z"). [`hedges`] decides how much each verb is asserted.
//! Before all that, [`provincial`] turns "its provincial capital" into a
//! mention of the governorate's seat. Finally, claims about the same place
//! and faction are merged, and vague references the report itself names
//! later ("the two towns of A and B") are tied to those places.

pub(crate) mod actors;
mod areas;
mod background;
mod capture;
mod constructions;
mod disputed;
mod encircle;
mod events;
pub(crate) mod explain;
mod frames;
mod hedges;
mod held;
pub(crate) mod lexicon;
mod lists;
mod patterns;
mod provincial;
mod route;
pub(crate) mod sentences;
mod sides;
mod siege;
mod split;
#[cfg(test)]
pub(crate) mod testkit;
mod tokens;
mod verbs;
pub(crate) mod voice;
mod words;

use super::{Claim, Factions, Relation, VagueRef};
use crate::gazetteer::{Gazetteer, PlaceKind};
use crate::geoparse::{Direction, Mention, PartKind};
use crate::report::Report;
use geo::Centroid;
use std::collections::HashMap;
use tokens::Tok;
use words::words;

/// How far after a held place a word ending the hold is looked for ("Y was
/// held by the rebels for four years until …", "Y was one of the last towns
/// beyond government control until …").
const HOLD_END_SPAN: usize = 12;

/// Whether a time phrase that ends a hold ("until 2014", "before the war")
/// follows the place at `t` in its clause, before a comma or a verb of
/// another event or another place: "Y was held by rebels until 2014", "rebels
/// controlled Y before the war", but not "rebels held Y and shelled Z before
/// the truce".
fn hold_ended_after(toks: &[Tok], t: usize, faction: usize) -> bool {
    let lex = lexicon::en();
    let (_, end) = lex.clause_bounds(toks, t);
    // "Tabqa, held by IS until May, is now controlled by the SDF": an
    // apposition a comma opens after the place ends the hold of the side it
    // names, not of the one the main clause names.
    let apposition = toks.get(t + 1).is_some_and(|n| n.is_punct(","));
    let from = if apposition { t + 2 } else { t + 1 };
    let span: Vec<usize> = (from..end.min(from + HOLD_END_SPAN))
        .take_while(|&k| {
            let other_verb = lex.verb_forms.contains_key(toks[k].w.as_ref())
                && !toks[k].is_any(&words().held.hold_verbs);
            let stop = toks[k].is_punct(",") || toks[k].place().is_some() || other_verb;
            !stop
        })
        .collect();
    let names_side = || {
        span.iter()
            .any(|&k| patterns::faction_at(toks, k) == Some(faction))
    };
    let until = span.iter().any(|&k| {
        toks[k].is_any(&words().hedges.before_until)
            && (hedges::time_phrase(toks, k + 1) || period_date_at(toks, k + 1).is_some())
    }) && (!apposition || names_side());
    until || period_ends_hold(toks, t, faction) || bound_before(toks, t).is_some()
}

/// The bound word opening the clause of the place at `t`, when a segment it
/// opens ends in a comma before the place and bounds the state the clause
/// tells in the past: one of `preposed_bounds` (after it any `bound_links`)
/// and then a time phrase, a date or a verb before the comma ("Until 2014, Y
/// was held by rebels", "Prior to 2018, …", "Until it fell to rebels in
/// 2013, Y was held by the government"). Not a bare time of day ("Before
/// dawn, …"), nor a segment with one of `period_open_ends` ("Until now,
/// rebels have held Y", which goes on). Returns the word after the bound and
/// its links.
fn bound_before(toks: &[Tok], t: usize) -> Option<usize> {
    let lex = lexicon::en();
    let hedges = &words().hedges;
    let (start, _) = lex.clause_bounds(toks, t);
    if !toks.get(start)?.is_any(&hedges.preposed_bounds) {
        return None;
    }
    let comma = (start + 1..t).find(|&k| toks[k].is_punct(","))?;
    let from = (start + 1..comma)
        .find(|&k| !toks[k].is_any(&hedges.bound_links))
        .unwrap_or(comma);
    let segment = &toks[from..comma];
    if segment.is_empty() || segment.iter().any(|w| w.is_any(&hedges.period_open_ends)) {
        return None;
    }
    let bounds = hedges::time_phrase(toks, from)
        || period_date_at(toks, from).is_some_and(|d| d < comma)
        || segment
            .iter()
            .any(|w| lex.verb_forms.contains_key(w.w.as_ref()));
    bounds.then_some(from)
}

/// Whether the hold of the place at `t` ends at a date its clause names
/// after it with a word of `[words.disputes] ended_until` ("occupied Y until
/// September 2022", "held Y from March until early October"): the date the
/// other side of a two-sided war holds it since. Not "before the summer",
/// which may lie ahead.
fn hold_ended_on_date(toks: &[Tok], t: usize) -> bool {
    let (_, end) = lexicon::en().clause_bounds(toks, t);
    let dated_end = |k: usize| {
        toks[k].is_any(&words().disputes.ended_until)
            && toks
                .get(k + 1)
                .is_some_and(|n| n.is_year() || period_date_at(toks, k + 1).is_some())
    };
    // "Until November 2022, Russian forces occupied Y": the bound opens the
    // clause.
    let preposed = bound_before(toks, t).is_some_and(|from| dated_end(from - 1));
    preposed || (t + 1..end.min(t + 1 + HOLD_END_SPAN)).any(dated_end)
}

/// Whether a closed period bounds the hold of `faction` on the place at `t`:
/// one in the place's comma segment, in a segment naming the side ("Y, which
/// rebels held from 2014 until 2019, …"), or in the segment opening the
/// clause before the place ("Between 2014 and 2017, Y was held by IS"). Not
/// one in an aside about another side: "Y, which rebels held from 2014 until
/// 2019, is now under government control" keeps the government's hold.
fn period_ends_hold(toks: &[Tok], t: usize, faction: usize) -> bool {
    let (start, end) = lexicon::en().clause_bounds(toks, t);
    let segment = |at: usize| {
        let lo = (start..at)
            .rev()
            .find(|&k| toks[k].is_punct(","))
            .map_or(start, |k| k + 1);
        let hi = (at..end).find(|&k| toks[k].is_punct(",")).unwrap_or(end);
        (lo, hi)
    };
    let place_segment = segment(t);
    let opening = (place_segment.0 > start).then(|| segment(start));
    let side_segments = (start..end)
        .filter(|&k| patterns::faction_at(toks, k) == Some(faction))
        .map(segment);
    std::iter::once(place_segment)
        .chain(opening)
        .chain(side_segments)
        .any(|bounds| closed_period_in(toks, bounds))
}

/// How many words a date of a period may take ("the end of March 2016").
const PERIOD_DATE_SPAN: usize = 5;
/// How many words may stand between a period's opening date and its close
/// ("from May 2015 until", "between 12 March 2016 and").
const PERIOD_SPAN: usize = 6;

/// Whether a date starts at `k`: a year or a capitalised month, after at most
/// a few `period_date_fillers` or a day's number ("early 2017", "the end of
/// March", "11 November 2022"). Not "now" or a place: "from Y to Z" is a
/// route, not a period.
fn period_date_at(toks: &[Tok], k: usize) -> Option<usize> {
    let lex = lexicon::en();
    let hedges = &words().hedges;
    (k..toks.len().min(k + PERIOD_DATE_SPAN))
        .take_while(|&j| {
            j == k
                || toks[j - 1].is_any(&hedges.period_date_fillers)
                || toks[j - 1].is_number()
                || toks[j - 1].is_punct("-")
        })
        .find(|&j| {
            let t = &toks[j];
            matches!(t.kind, tokens::Kind::Word)
                && (t.is_year() || (t.upper && lex.months.iter().any(|m| *m == *t.w)))
        })
}

/// Whether the clause `start..end` holds a closed period: one of
/// `period_opens`, a date, one of `period_closes` and a date that is no
/// `period_open_ends` ("from May 2015 until March 2016", "between 2012 and
/// 2016", "from April to September 2022"). A hold told in it has ended, and
/// the side that held is no holder now: "Rebels held Y from 2012 to 2016".
fn closed_period_in(toks: &[Tok], (start, end): (usize, usize)) -> bool {
    let hedges = &words().hedges;
    (start..end).any(|k| {
        if !toks[k].is_any(&hedges.period_opens) {
            return false;
        }
        let Some(first) = period_date_at(toks, k + 1).filter(|&d| d < end) else {
            return false;
        };
        (first + 1..end.min(first + PERIOD_SPAN)).any(|c| {
            toks[c].is_any(&hedges.period_closes)
                && !toks
                    .get(c + 1)
                    .is_some_and(|n| n.is_any(&hedges.period_open_ends))
                && period_date_at(toks, c + 1).is_some_and(|d| d < end)
        })
    })
}

/// Everything a pattern family needs to turn tokens into claims.
pub(crate) struct Cx<'a> {
    pub report: &'a Report,
    pub mentions: &'a [Mention],
    pub gazetteer: &'a Gazetteer,
    pub factions: &'a Factions,
    /// The current sentence's byte span (set by [`Cx::enter`]).
    pub span: (usize, usize),
    /// The current sentence as its claims quote it, made at its first claim
    /// and shared by the rest.
    quote: std::cell::OnceCell<std::sync::Arc<str>>,
    /// Every place mention of the report, for vague references' anchors.
    pub anchors: Vec<String>,
    /// The faction of an offensive stated in the last sentences, the agent
    /// of an agentless passive ("the town was retaken on Monday").
    pub offensive: Option<usize>,
    /// The side each place was last said to hold or take in the sentences
    /// before (place id → faction id): in a war of two sides an agentless
    /// change of hands ("Y was liberated in September") passes a place from
    /// that side to its opponent.
    pub holders: HashMap<String, String>,
    /// Who speaks in the report (`voice`): the side of an agentless clearing.
    pub voices: voice::Voices,
}

/// Where a claim may point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Settlements, bases, crossings and parts of cities.
    Holdable,
    /// Also governorates, districts and regions ("rebel-held areas of Idlib
    /// province").
    AllowAreas,
}

impl Cx<'_> {
    /// Whether the sentence `toks` gives a side to claim for: a faction token,
    /// or the offensive of the last sentences (or, in a war of two sides, a
    /// place a side was said to hold). The verb families take every
    /// claim's side from one of the two (`patterns::faction_at`, `Tok::actor`,
    /// a side's `Cx::opponent`, `Cx::offensive`), so without either they claim
    /// nothing — and most sentences that pass the gate name a place and no side.
    pub(crate) fn names_a_side(&self, toks: &[Tok]) -> bool {
        self.offensive.is_some()
            || toks.iter().any(|t| matches!(t.actor(), Some((Some(_), _))))
            // A place a side was said to hold, in a war of two sides: an
            // agentless change of hands of it has a taker
            // (`Cx::taker_from_last_holder`).
            || (!self.holders.is_empty() && toks.iter().any(|t| t.place().is_some()))
    }

    /// A claim about the place of token `t`, or `None` when that place cannot
    /// be held (a country, a governorate, the area *around* a city, a demonym).
    pub fn claim(
        &self,
        toks: &[Tok],
        t: usize,
        faction: usize,
        relation: Relation,
        confidence: f32,
        scope: Scope,
    ) -> Option<Claim> {
        self.claim_as(toks, t, None, faction, relation, confidence, scope)
    }

    /// As [`Cx::claim`], of `place` when given rather than the mention's own: the seat
    /// town of a subdistrict named after it ("ناحية Y", `constructions::Grammar::seat_of`).
    #[allow(clippy::too_many_arguments)]
    pub fn claim_as(
        &self,
        toks: &[Tok],
        t: usize,
        place: Option<crate::gazetteer::PlaceIdx>,
        faction: usize,
        relation: Relation,
        confidence: f32,
        scope: Scope,
    ) -> Option<Claim> {
        let m = &self.mentions[toks.get(t)?.place()?];
        let place = self.gazetteer.place(place.unwrap_or(m.place));
        // "the city" after "eastern Aleppo" stands for Aleppo, not its east
        // ("… rebel-held eastern Aleppo … The city has been divided between …").
        let part = match m.part {
            _ if toks[t].is_anaphor() => None,
            Some((_, PartKind::Around)) => return None,
            Some((d, PartKind::Inside)) => Some(d),
            None => None,
        };
        let area = matches!(
            place.kind,
            PlaceKind::Governorate
                | PlaceKind::District
                | PlaceKind::Subdistrict
                | PlaceKind::Region
        );
        // "the whole of Raqqa province", "parts of Daraa province": an area
        // the family would leave alone is claimed when its share is stated.
        // Parts of an area pointed back to ("swathes of the province") are
        // the setting of the report's news, not a statement of its own.
        let stated = (area && scope == Scope::Holdable && part.is_none())
            .then(|| areas::extent_before(toks, t))
            .flatten()
            .filter(|&e| e != areas::Extent::Part || !toks[t].is_anaphor())
            .and_then(|e| e.relation(relation));
        // A named region (a plain, a mountain range, a canton, an enclave) has no
        // namesake town whose capture the verb could be about, unlike a governorate or
        // a district named after its seat: "captured the Jabal al-Akrad region",
        // "retook Eastern Ghouta" take the region itself.
        let region = place.kind == PlaceKind::Region && part.is_none() && region_as_object(toks, t);
        let ok = place.kind.is_holdable()
            || region
            || (part.is_some() && place.kind.is_settlement())
            || (scope == Scope::AllowAreas && area)
            || stated.is_some();
        // "took control of the southern countryside of Idlib", "captured northern
        // Daraa": a compass part of a province changed hands, which says nothing of
        // who holds the province (nor of its namesake city). A compass word that points
        // where the province lies in the region only locates it ("the last rebel-held
        // area, in the northwestern Idlib province").
        let bbox = self.gazetteer.info().bbox;
        if place.kind == PlaceKind::Governorate
            && part.is_some_and(|d| !points_to(d, place.point, bbox))
        {
            return None;
        }
        let relation = stated.unwrap_or(relation);
        // "captured the southern part of Y", "still hold the north of Y": a
        // share of the town changed hands or is held, so the town is split.
        let relation =
            if part.is_some() && place.kind.is_settlement() && areas::names_a_part(&m.text) {
                areas::Extent::Part.relation(relation).unwrap_or(relation)
            } else {
                relation
            };
        // Outside the region's box the map cannot show it, and it is most
        // likely a wrong resolution anyway.
        let [x0, y0, x1, y1] = bbox;
        let inside = (x0..=x1).contains(&place.point.x()) && (y0..=y1).contains(&place.point.y());
        let no_box = x0 >= x1 || y0 >= y1;
        if !ok || confidence <= 0.0 || !(inside || no_box) {
            return None;
        }
        // "the countryside of Y", "rural areas of Y": the land around Y.
        if around_noun_before(toks, t) {
            return None;
        }
        // "Y was held by rebels until 2014": a hold its clause ends is history.
        // In a war of two sides the end of one side's hold is the other's
        // hold since ("Russian forces occupied Y until September 2022"); with
        // many sides it names no holder.
        let (faction, relation, ended_from) =
            if relation == Relation::Holds && hold_ended_after(toks, t, faction) {
                let factions = self.factions.all();
                let opponent = factions[faction]
                    .opponent
                    .as_deref()
                    .filter(|_| self.factions.two_sided() && hold_ended_on_date(toks, t))
                    .and_then(|o| factions.iter().position(|f| f.id == o))?;
                (
                    opponent,
                    Relation::Holds,
                    Some(factions[faction].id.clone()),
                )
            } else {
                (faction, relation, None)
            };
        // "most of Idlib province", "most of the town": a place is coloured
        // by whoever holds the bulk of it.
        let relation = if relation == Relation::Contested && frames::majority_before(toks, t) {
            Relation::Holds
        } else {
            relation
        };
        let (lon, lat) = match (&part, m.geometry.as_ref().and_then(|g| g.centroid())) {
            (Some(_), Some(c)) => (c.x(), c.y()),
            _ => (place.point.x(), place.point.y()),
        };
        let anaphor_factor = if toks[t].is_anaphor() { 0.85 } else { 1.0 };
        let conf = confidence * anaphor_factor * (0.6 + 0.4 * m.confidence.clamp(0.0, 1.0));
        Some(Claim {
            place_id: Some(place.id.clone()),
            name: place.name.clone(),
            lon: Some(lon),
            lat: Some(lat),
            part,
            faction: self.factions.all()[faction].id.clone(),
            relation,
            counterpart: ended_from,
            confidence: round2(conf),
            ..self.base()
        })
    }

    /// Reads the sentence at `span` next.
    fn enter(&mut self, span: (usize, usize)) {
        self.span = span;
        self.quote = std::cell::OnceCell::new();
    }

    /// A claim with no place yet: the evidence fields only.
    pub fn base(&self) -> Claim {
        let (s, e) = self.span;
        Claim {
            date: self.report.date,
            quote: self
                .quote
                .get_or_init(|| self.report.text[s..e].into())
                .clone(),
            start: s,
            end: e,
            source: self.report.source.clone(),
            ..Claim::default()
        }
    }

    /// A claim about places the report does not name.
    #[allow(clippy::too_many_arguments)]
    pub fn vague_claim(
        &self,
        toks: &[Tok],
        from: usize,
        to: usize,
        faction: usize,
        relation: Relation,
        confidence: f32,
        v: VagueRef,
    ) -> Claim {
        let phrase = self.report.text[toks[from].start..toks[to].end].to_string();
        Claim {
            name: phrase,
            faction: self.factions.all()[faction].id.clone(),
            relation,
            confidence: round2(confidence),
            vague: Some(VagueRef {
                anchors: self.anchors.clone(),
                ..v
            }),
            ..self.base()
        }
    }

    /// A capture of a counted, unnamed group of places ("seized two villages",
    /// "the liberation of five settlements"): `noun` is the plural kind noun,
    /// the phrase runs from its count word. A list naming the members later
    /// ties it to them.
    pub fn counted_capture(
        &self,
        toks: &[Tok],
        count: u32,
        noun: usize,
        faction: usize,
        confidence: f32,
    ) -> Claim {
        let v = VagueRef {
            count: Some(count),
            kind: patterns::plural_kind(&toks[noun].w),
            holder: None,
            ..VagueRef::default()
        };
        let from = (noun.saturating_sub(4)..noun)
            .find(|&j| patterns::count_of(&toks[j].w).is_some())
            .unwrap_or(noun);
        self.vague_claim(toks, from, noun, faction, Relation::Captured, confidence, v)
    }

    /// Where a claim that only part of the place at `j` is meant may point:
    /// a governorate or region too when the part is a stated share ("70
    /// percent of Daraa", "half of the province") — parts of a province are
    /// held by someone or other almost always, so only a share says something.
    pub fn share_scope(&self, toks: &[Tok], j: usize) -> Scope {
        if patterns::share_before(toks, j) {
            Scope::AllowAreas
        } else {
            Scope::Holdable
        }
    }

    /// The other side of a share statement: a faction other than `f` named
    /// in the sentence ("IS holds 60 percent of the city, encircling two
    /// regime-held enclaves").
    pub fn other_side(&self, toks: &[Tok], f: usize) -> Option<String> {
        other_side_at(toks, f).map(|g| self.faction_id(g))
    }

    pub fn faction_id(&self, f: usize) -> String {
        self.factions.all()[f].id.clone()
    }

    /// The faction's usual opponent (from `factions.toml`).
    /// In a war of two sides, the side an agentless change of hands of the
    /// place at token `t` gives it to: the opponent of the side this sentence's
    /// claims so far (`told`), else the sentences before, last said held or
    /// took it ("Y was occupied by Russian forces in March and liberated in
    /// September": the occupier's opponent liberated it).
    pub fn taker_from_last_holder(&self, toks: &[Tok], t: usize, told: &[Claim]) -> Option<usize> {
        if !self.factions.two_sided() {
            return None;
        }
        let id = self
            .claim(toks, t, 0, Relation::Captured, 1.0, Scope::Holdable)?
            .place_id?;
        let holder = told
            .iter()
            .rev()
            .filter(|c| c.place_id.as_ref() == Some(&id))
            .find_map(|c| implied_holder(c).map(str::to_string))
            .or_else(|| self.holders.get(id.as_str()).cloned())?;
        let f = self.factions.all().iter().position(|x| x.id == holder)?;
        self.opponent(f)
    }

    pub fn opponent(&self, f: usize) -> Option<usize> {
        let o = self.factions.all()[f].opponent.as_ref()?;
        self.factions.all().iter().position(|x| &x.id == o)
    }

    /// The defender of an attack by side `f` at byte `at` whose target no one is said to
    /// hold: the one of `f`'s enemies (region data) the report names, chosen as the voice
    /// module chooses a pejorative's enemy; none when `f` has no enemies listed or the report
    /// names none of several.
    pub fn enemy_named(&self, f: usize, at: usize) -> Option<usize> {
        self.voices
            .enemy_named(self.factions.voice_matcher().enemies_of(f), at)
    }

    /// The one of side `f`'s enemies (region data) the report names outright, when it names
    /// exactly one: the holder of what a side with no usual opponent besieges.
    pub fn only_enemy_named(&self, f: usize) -> Option<usize> {
        self.voices
            .only_enemy_named(self.factions.voice_matcher().enemies_of(f))
    }

    /// Confidence of a faction phrase: weak names and pronouns count less.
    pub fn actor_weight(&self, toks: &[Tok], j: usize) -> f32 {
        match toks.get(j).and_then(|t| t.actor()) {
            Some((_, actors::HitKind::Weak)) => 0.7,
            Some((_, actors::HitKind::Adjective)) => 0.85,
            Some(_) if toks[j].is_anaphor() => 0.85,
            Some(_) => 1.0,
            None => 0.0,
        }
    }
}

/// Whether compass direction `d` points from the middle of the region's box `bbox` (west,
/// south, east, north) to `point`, within half a sector of the eight.
fn points_to(d: Direction, point: geo::Point, bbox: [f64; 4]) -> bool {
    let [x0, y0, x1, y1] = bbox;
    let (mid_x, mid_y) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let east = (point.x() - mid_x) * mid_y.to_radians().cos();
    let north = point.y() - mid_y;
    let length = east.hypot(north);
    let (unit_east, unit_north) = d.vector();
    length > 0.0
        && (east * unit_east + north * unit_north) / length >= (std::f64::consts::PI / 8.0).cos()
}

/// Whether a noun of the land around a place governs the place at `t`
/// ("the rural areas of Y", "Y's countryside" is read by the geoparser).
fn around_noun_before(toks: &[Tok], t: usize) -> bool {
    let lex = lexicon::en();
    let mut k = t;
    let mut seen_of = false;
    while k > 0 && t - k < 4 {
        k -= 1;
        let w = &toks[k];
        if !matches!(w.kind, tokens::Kind::Word) {
            return false;
        }
        if w.is(&words().word.of) {
            seen_of = true;
        } else if seen_of && lex.around_nouns.contains(w.w.as_ref()) {
            return true;
        } else if !(w.is(&words().word.the)
            || (!seen_of && w.is_any(&words().patterns.seat_nouns))
            || w.is(&words().word.areas)
            || w.is(&words().word.area))
        {
            return false;
        }
    }
    false
}

/// Whether the region at token `t` stands as a place of its own, not as the setting
/// of another ("the last rebel pocket in Eastern Ghouta", "Salma, the main town of
/// Jabal al-Akrad"), an owner ("Jabal al-Akrad's villages") or a modifier ("the
/// Qalamoun border area"). "out of" is the one "of" that keeps it the object ("drove
/// IS out of the Kobani canton").
fn region_as_object(toks: &[Tok], t: usize) -> bool {
    let w = words();
    let mut k = t;
    while k > 0 && toks[k - 1].is(&w.word.the) {
        k -= 1;
    }
    let before = k.checked_sub(1).map(|k| &toks[k]);
    if before.is_some_and(|b| b.is_any(&w.patterns.locative_preps)) {
        return false;
    }
    if before.is_some_and(|b| b.is(&w.word.of))
        && !(k >= 2 && toks[k - 2].is_any(&w.capture.out_back_away))
    {
        return false;
    }
    let possessive = frames::possessive_mark_at(toks, t + 1);
    let modifies = toks
        .get(t + 1)
        .is_some_and(|x| x.is_any(&w.areas.region_modifies));
    !possessive && !modifies
}

fn round2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

/// Every control claim stated in `report`, given its mentions.
pub(crate) fn run(
    report: &Report,
    mentions: &[Mention],
    gazetteer: &Gazetteer,
    factions: &Factions,
) -> Vec<Claim> {
    run_observed(report, mentions, gazetteer, factions, &mut |_| {})
}

/// One tokenized sentence and the claims its rules made, before the
/// report-wide steps (ties, supersession, merging) — what `--explain` shows.
pub(crate) struct Observed<'s, 'a> {
    pub span: (usize, usize),
    pub toks: &'s [Tok<'a>],
    pub mentions: &'s [Mention],
    pub factions: &'s Factions,
    pub fired: &'s [Claim],
    /// What came of each frame of a language file's construction engine whose trigger the
    /// sentence holds (empty for sentences the English families read).
    pub frames: &'s [constructions::FrameTrace],
}

/// [`run`], calling `observe` once per sentence that was tokenized.
pub(crate) fn run_observed(
    report: &Report,
    mentions: &[Mention],
    gazetteer: &Gazetteer,
    factions: &Factions,
    observe: &mut dyn FnMut(Observed),
) -> Vec<Claim> {
    let matcher = factions.matcher();
    let text = &report.text;
    let start = report.body_start.min(text.len());
    // "its provincial capital" names a place the geoparser cannot see.
    let seats = provincial::capitals(text, start, mentions, gazetteer);
    let with_seats: Vec<Mention>;
    let mentions = if seats.is_empty() {
        mentions
    } else {
        with_seats = [mentions, &seats[..]].concat();
        &with_seats[..]
    };
    let mut hits = matcher.find(text, start, text.len());
    let sentence_spans = sentences::split(text, start);
    sides::narrow(&mut hits, text, factions, &sentence_spans);
    sides::join_owned(&mut hits, text, factions);
    sides::refer_back(&mut hits, text, factions);
    let voices = voice::read(&mut hits, text, factions, &sentence_spans);
    let mut anchors: Vec<String> = Vec::new();
    for m in mentions {
        let p = gazetteer.place(m.place);
        if m.role == crate::geoparse::MentionRole::Location
            && p.kind.is_settlement()
            && !anchors.contains(&p.id)
        {
            anchors.push(p.id.clone());
        }
    }
    let mut cx = Cx {
        report,
        mentions,
        gazetteer,
        factions,
        span: (0, 0),
        quote: std::cell::OnceCell::new(),
        anchors,
        offensive: None,
        holders: HashMap::new(),
        voices,
    };
    let mut d = tokens::Discourse::default();
    // The one side a bulletin's heading line names (`capture::bulletin_side`).
    let mut main_side = None;
    let mut out: Vec<Claim> = Vec::new();
    let mut notes: Vec<disputed::Note> = Vec::new();
    let mut lists: Vec<(Vec<usize>, bool)> = Vec::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let gate = tokens::Gate::new(&hits, mentions);
    // The text with ASCII letters lowercased, made once the gate first looks
    // for a pronoun or the first sentence is tokenized: its words borrow
    // their lowercase form from it.
    let lower = std::cell::OnceCell::<String>::new();
    // Sentences in another script are read by that language file's constructions.
    let mut script_names: Vec<(&str, constructions::FactionNames)> = Vec::new();
    let mut memory = constructions::Memory::default();
    // The headline's holder on a place noun it does not name, the noun, and the sentence.
    let mut headline: Option<(usize, String, usize)> = None;
    for (sno, &span) in sentence_spans.iter().enumerate() {
        if let Some(grammar) = constructions::for_sentence(&text[span.0..span.1]) {
            let names = match script_names.iter().position(|(id, _)| *id == grammar.id()) {
                Some(k) => &script_names[k].1,
                None => {
                    script_names.push((
                        grammar.id(),
                        constructions::FactionNames::new(grammar, factions),
                    ));
                    &script_names[script_names.len() - 1].1
                }
            };
            cx.enter(span);
            let (toks, claims, frames, disputes) = grammar.read(&cx, names, &mut memory, sno);
            notes.extend(disputes);
            observe(Observed {
                span,
                toks: &toks,
                mentions,
                factions,
                fired: &claims,
                frames: &frames,
            });
            out.extend(claims);
            d.skip_sentence();
            continue;
        }
        // Most sentences name neither a place nor a faction: no claim can
        // come from them, so they are not tokenized at all.
        // "A military source denied the claim.", "fighting continues there":
        // a sentence naming no place may still dispute a hold told before it
        // (and only then: the word scan is not free on every skipped sentence).
        if !gate.may_claim(text, &lower, span, &d, !cx.holders.is_empty()) {
            let disputes = out.iter().any(disputed::holding)
                && disputed::worth_reading(
                    lower
                        .get_or_init(|| text.to_ascii_lowercase())
                        .get(span.0..span.1)
                        .unwrap_or(""),
                );
            if !disputes {
                d.skip_sentence();
                continue;
            }
        }
        cx.offensive = d.recent_offensive().or(main_side);
        let lower = lower.get_or_init(|| text.to_ascii_lowercase());
        let toks = tokens::tokenize(
            text,
            lower,
            span,
            &hits,
            mentions,
            gazetteer,
            factions.descriptors(),
            &mut d,
        );
        cx.enter(span);
        if span == sentence_spans[0] {
            main_side = capture::bulletin_side(&toks, lower.get(span.0..span.1).unwrap_or(""));
        }
        let mut claims = Vec::new();
        let families: [(&str, Family); 6] = [
            ("held", held::run),
            ("capture", capture::run),
            ("siege", siege::run),
            ("split", split::run),
            ("encircle", encircle::run),
            ("route", route::run),
        ];
        // Families that take their side from region data run in `frames::run`.
        let sided = cx.names_a_side(&toks);
        for (name, family) in families.into_iter().filter(|_| sided) {
            let before = claims.len();
            family(&cx, &toks, &mut claims);
            for c in &mut claims[before..] {
                c.rule.get_or_insert_with(|| name.to_string());
            }
        }
        let mut framed = Vec::new();
        frames::run(&cx, &toks, &mut claims, &mut framed);
        claims.extend(framed);
        if sno == 0 {
            headline = unnamed_held(&toks).map(|(f, noun)| (f, toks[noun].w.to_string(), sno));
        } else if let Some((f, noun, at)) = headline.take().filter(|h| sno <= h.2 + HEADLINE_REACH)
        {
            match named_as(&cx, &toks, &noun) {
                Some((j, mention)) => {
                    let id = &cx.gazetteer.place(cx.mentions[mention].place).id;
                    let told = claims.iter().any(|c| c.place_id.as_ref() == Some(id));
                    let conf = lexicon::en().confidence("likely") * HEADLINE_FACTOR;
                    if let Some(mut c) = (!told)
                        .then(|| cx.claim(&toks, j, f, Relation::Holds, conf, Scope::Holdable))
                        .flatten()
                    {
                        // The rule id (a wire name of DESIGN.md's `rule`, not language).
                        let headline_holder = "headline_holder";
                        c.rule = Some(headline_holder.to_string());
                        claims.push(c);
                    }
                }
                None => headline = Some((f, noun, at)),
            }
        }
        // Both only mark the sentence's claims: nothing to do without any.
        if !claims.is_empty() {
            background::mark(&cx, &toks, &mut claims);
            returns_last(&mut claims);
            later_change_wins(&cx, &toks, &mut claims);
        }
        observe(Observed {
            span,
            toks: &toks,
            mentions,
            factions,
            fired: &claims,
            frames: &[],
        });
        if factions.two_sided() {
            remember_holders(&mut cx.holders, &claims);
        }
        out.extend(claims);
        notes.extend(disputed::scan(&cx, &toks, sno));
        // A named group or a member list is a list of place tokens: a
        // sentence without one has neither.
        if toks.iter().any(|t| t.place().is_some()) {
            lists.extend(named_groups(&toks));
            members.extend(lists::member_lists(&toks));
        }
        if let Some(f) = capture::offensive_before(&toks, toks.len()) {
            d.offensive = Some((f, d.sentence_no.saturating_sub(1)));
        }
    }
    let out = tie_vague_to_named(out, &lists, &members, mentions, gazetteer);
    let out = if factions.two_sided() {
        losses_to_opponents(out, factions)
    } else {
        out
    };
    let out = disputed::apply(out, &notes, &sentence_spans, text);
    merge(supersede(encircle::besieged_side(out)))
}

/// How many sentences after the headline its unnamed held place may be named in.
const HEADLINE_REACH: usize = 2;
/// How much a holder read off the headline is believed, beside one told on the place itself.
const HEADLINE_FACTOR: f32 = 0.85;

/// A holder compound on a place noun that names no place, in a headline ("Gas attack kills
/// dozens in rebel-held Syrian town"): the side and the noun's token, which the report's next
/// sentences may name ("… in the town of Khan Sheikhoun"). Only words may stand between the
/// compound and the noun ("rebel-held Syrian town"); a noun followed by a place or "of" names
/// its place itself.
fn unnamed_held(toks: &[Tok]) -> Option<(usize, usize)> {
    toks.iter().enumerate().find_map(|(i, t)| {
        let tokens::Kind::Actor {
            faction: Some(f),
            kind: actors::HitKind::Held(actors::HeldKind::Held),
            ..
        } = &t.kind
        else {
            return None;
        };
        let noun =
            (i + 1..(i + 4).min(toks.len())).find(|&k| tokens::noun_kinds(&toks[k].w).is_some())?;
        if (i + 1..noun).any(|k| !matches!(toks[k].kind, tokens::Kind::Word)) {
            return None;
        }
        let named = toks
            .get(noun + 1)
            .is_some_and(|n| n.place().is_some() || n.is(&words().word.of));
        (!named).then_some((*f, noun))
    })
}

/// The place a sentence introduces with the headline's noun ("the town of Y"): its token
/// and its mention.
fn named_as(cx: &Cx, toks: &[Tok], noun: &str) -> Option<(usize, usize)> {
    (2..toks.len()).find_map(|j| {
        let m = toks[j].place()?;
        (cx.gazetteer.place(cx.mentions[m].place).kind.is_settlement()
            && !toks[j].is_anaphor()
            && toks[j - 1].is(&words().word.of)
            && toks[j - 2].w.as_ref() == noun
            // "the town of Y", not "the Turkish town of Y" (a town elsewhere).
            && j >= 3
            && toks[j - 3].is(&words().word.the))
        .then_some((j, m))
    })
}

/// "X entered Y on 2 October; two days later the town was back under rebel
/// control": another side's change of hands of a place its sentence says
/// returned to a side came before the return.
fn returns_last(claims: &mut [Claim]) {
    let returns: Vec<(Option<crate::gazetteer::PlaceId>, String)> = claims
        .iter()
        .filter(|c| held::is_return(c) && !c.earlier)
        .map(|c| (c.place_id.clone(), c.faction.clone()))
        .collect();
    for c in claims.iter_mut() {
        if c.place_id.is_some()
            && !held::is_return(c)
            && returns
                .iter()
                .any(|(id, f)| *id == c.place_id && implied_holder(c) != Some(f.as_str()))
        {
            c.earlier = true;
        }
    }
}

/// "IS seized Y in 2014, and the SDF drove it out in 2016", "Y fell to rebels
/// and was recaptured by the army": of two changes of hands of one place that
/// one sentence tells in clauses joined by a word of sequence
/// (`[words.disputes] sequence_links`), the one whose taker the sentence names
/// later stands, and the other is history. Not when the sentence's years run
/// backwards ("… in 2016, after IS had seized it in 2014"), nor across a
/// comma alone ("the SDF captured Y, seized by IS in 2014").
fn later_change_wins(cx: &Cx, toks: &[Tok], claims: &mut Vec<Claim>) {
    let change = |c: &Claim| {
        c.part.is_none()
            && c.place_id.is_some()
            && matches!(c.relation, Relation::Captured | Relation::Lost)
            && implied_holder(c).is_some()
    };
    if claims.iter().filter(|c| change(c)).count() < 2 {
        return;
    }
    let years: Vec<i32> = toks
        .iter()
        .filter(|t| t.is_year())
        .filter_map(|t| t.w.parse().ok())
        .collect();
    if years.windows(2).any(|w| w[1] < w[0]) {
        return;
    }
    let first_named = |id: &str| {
        (0..toks.len())
            .find(|&k| patterns::faction_at(toks, k).is_some_and(|f| cx.faction_id(f) == id))
    };
    let links = &words().disputes.sequence_links;
    let mut history = Vec::new();
    for (i, c) in claims.iter().enumerate().filter(|(_, c)| change(c)) {
        let Some(c_at) = implied_holder(c).and_then(first_named) else {
            continue;
        };
        let superseded = claims.iter().filter(|d| change(d)).any(|d| {
            d.place_id == c.place_id
                && d.earlier == c.earlier
                && implied_holder(d) != implied_holder(c)
                && implied_holder(d).and_then(first_named).is_some_and(|d_at| {
                    d_at > c_at && toks[c_at..d_at].iter().any(|t| t.is_any(links))
                })
        });
        if superseded {
            history.push(i);
        }
    }
    // Told as news, the first change is history; told as history both
    // ("in 2014 … in 2016"), the first is no longer what the sentence leaves.
    let mut keep = vec![true; claims.len()];
    for &i in &history {
        keep[i] = !claims[i].earlier;
        claims[i].earlier = true;
    }
    let mut kept = keep.into_iter();
    claims.retain(|_| kept.next().unwrap_or(true));
}

/// A pattern family: the claims of one sentence's tokens.
type Family = fn(&Cx, &[Tok], &mut Vec<Claim>);

/// In a war of two sides, "X withdrew from Y" / "X lost Y" leaves Y to X's
/// opponent: the loss becomes the opponent's capture.
fn losses_to_opponents(claims: Vec<Claim>, factions: &Factions) -> Vec<Claim> {
    claims
        .into_iter()
        .map(|c| {
            let opponent = factions
                .get(&c.faction)
                .and_then(|f| f.opponent.clone())
                .filter(|_| c.relation == Relation::Lost && c.counterpart.is_none());
            match opponent {
                Some(o) => Claim {
                    counterpart: Some(c.faction.clone()),
                    faction: o,
                    relation: Relation::Captured,
                    rule: c.rule.as_ref().map(|r| format!("{r}+two_sided")),
                    ..c
                },
                None => c,
            }
        })
        .collect()
}

/// Records the holder each of a sentence's claims implies for its place, in
/// the order told: the last one told is the one an agentless change of hands
/// in a later sentence takes the place from (`Cx::taker_from_last_holder`).
fn remember_holders(holders: &mut HashMap<String, String>, claims: &[Claim]) {
    for c in claims {
        if let (Some(id), Some(h)) = (&c.place_id, implied_holder(c)) {
            holders.insert(id.to_string(), h.to_string());
        }
    }
}

/// The holder a claim implies, when it implies one.
fn implied_holder(c: &Claim) -> Option<&str> {
    match c.relation {
        Relation::Holds | Relation::Captured | Relation::SiegeBroken | Relation::Besieged => {
            Some(&c.faction)
        }
        Relation::Lost | Relation::Besieges => c.counterpart.as_deref(),
        _ => None,
    }
}

/// The first and last month (counted from year 0) a sentence dates itself to.
type StatedSpan = (i32, i32);

/// A report tells events in order: a change of hands stated in a later
/// sentence supersedes what earlier sentences said about the same place
/// ("rebels seized most of the town … troops later took full control of it"),
/// and one told in the plain past supersedes one told in the past perfect
/// wherever it stands ("rebels retook Morek, which had fallen to government
/// forces two years earlier").
fn supersede(claims: Vec<Claim>) -> Vec<Claim> {
    let is_event = |r: Relation| {
        matches!(
            r,
            Relation::Captured | Relation::Lost | Relation::SiegeBroken
        )
    };
    // Once per sentence, not per claim or pair: a sentence that lists
    // thousands of places gives thousands of claims quoting it.
    let mut by_sentence: HashMap<(usize, usize), (bool, Option<StatedSpan>)> = HashMap::new();
    let (present, stated): (Vec<bool>, Vec<Option<StatedSpan>>) = claims
        .iter()
        .map(|c| {
            *by_sentence.entry((c.start, c.end)).or_insert_with(|| {
                let lex = lexicon::en();
                (lex.tells_present(&c.quote), lex.stated_span(&c.quote))
            })
        })
        .unzip();
    let mut of_place: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, c) in claims.iter().enumerate() {
        if let Some(id) = &c.place_id {
            of_place.entry(id.as_str()).or_default().push(k);
        }
    }
    let keep: Vec<bool> = claims
        .iter()
        .zip(&present)
        .zip(&stated)
        .map(|((c, &c_present), &c_stated)| {
            let Some(id) = c.place_id.as_deref() else {
                return true;
            };
            if c.around || matches!(c.relation, Relation::RouteCut | Relation::RouteOpen) {
                return true;
            }
            let same_place = of_place.get(id).map_or(&[][..], Vec::as_slice);
            !same_place.iter().any(|&k| {
                let (d, d_present) = (&claims[k], present[k]);
                // The cheap tests first: most pairs are about different places.
                if d.place_id != c.place_id || d.part != c.part || d.around {
                    return false;
                }
                // Two sentences that state their dates ("In 2014 IS took Y",
                // "Rebels captured the village in October 2016") are ordered by
                // them, not by the text or by which of them a year marks as
                // background: the later change of hands, or the later stated
                // hold, stands.
                if let (Some((c_lo, c_hi)), Some((d_lo, d_hi)), true) =
                    (c_stated, stated[k], (d.start, d.end) != (c.start, c.end))
                {
                    if d_hi < c_lo {
                        return false;
                    }
                    if c_hi < d_lo {
                        return (is_event(d.relation) || d.relation == Relation::Holds)
                            && implied_holder(d).is_some()
                            && (implied_holder(d) != implied_holder(c)
                                || c.relation == Relation::Contested);
                    }
                }
                // "Y, which the army recaptured in 2020, is now in rebel
                // hands": a hold told as the present outlasts an event the
                // report dates before it.
                // "X now controls Y, which had been in Z's hands": a hold
                // told as news outlasts one told as the state before. So does
                // one a later sentence tells as the present or as of a time it
                // opens with ("By the end of the month, rebels controlled Y").
                let present_hold = d.relation == Relation::Holds
                    && !d.earlier
                    && ((c.earlier && (is_event(c.relation) || c.relation == Relation::Holds))
                        || (d.start >= c.end && d_present && is_event(c.relation)));
                if !is_event(d.relation) && !present_hold {
                    return false;
                }
                // Later in the text, or later in time: a past-perfect event
                // ("which had fallen to …") came before every plain-past one.
                (((d.start >= c.end && (c.earlier || !d.earlier)) || (c.earlier && !d.earlier))
                    // "X captured Y, the last stronghold of Z": the state told
                    // beside an event, or after it without saying it is the
                    // state now ("… en route to Z-held Y"), is the state before it.
                    || (c.relation == Relation::Holds
                        && d.confidence >= SAME_SENTENCE_EVENT
                        && (c.earlier || !d.earlier)
                        && (d.start == c.start
                            || (d.start < c.start && !c_present))))
                    && implied_holder(d).is_some()
                    && (implied_holder(d) != implied_holder(c) || c.relation == Relation::Contested)
            })
        })
        .collect();
    claims
        .into_iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect()
}

/// How sure a change of hands must be to replace the holder stated beside
/// it in the same sentence (a doubtful "claimed to have captured" does not).
const SAME_SENTENCE_EVENT: f32 = 0.6;

/// "the two towns of A and B", "the two towns, A and B": place mentions
/// that a count and a kind noun introduce, for tying vague references, and
/// whether the group is definite ("the two towns" points back).
fn named_groups(toks: &[Tok]) -> Vec<(Vec<usize>, bool)> {
    let mut out = Vec::new();
    for i in 0..toks.len() {
        // The kind first: it is cheaper than the count lookup.
        if !matches!(toks[i].kind, tokens::Kind::Word) {
            continue;
        }
        let Some(n) = patterns::count_of(&toks[i].w) else {
            continue;
        };
        let definite = i > 0 && toks[i - 1].is(&words().word.the);
        // "the two predominantly Shiite towns", "the two mostly Shiite
        // towns": noun-phrase words and adverbs between.
        let lex = lexicon::en();
        let modifier = |t: &Tok| {
            patterns::is_filler(t)
                || (matches!(t.kind, tokens::Kind::Word) && lex.adverbs.contains(t.w.as_ref()))
        };
        let Some(noun) = (i + 1..(i + 1 + GROUP_MODIFIERS).min(toks.len()))
            .take_while(|&k| k == i + 1 || modifier(&toks[k - 1]))
            .find(|&k| patterns::plural_kind(&toks[k].w).is_some())
        else {
            continue;
        };
        let l = patterns::places_after(toks, noun + 1);
        let first_ok = toks
            .get(noun + 1)
            .is_some_and(|t| t.is(&words().word.of) || t.is_punct(",") || t.place().is_some());
        if first_ok && l.places.len() == n as usize {
            out.push((l.mentions(toks), definite));
        } else if let Some(l) = dashed_members(toks, noun + 1) {
            if l.places.len() == n as usize {
                out.push((l.mentions(toks), definite));
            }
        }
    }
    out
}

/// How many noun-phrase words may stand between a count and its kind noun
/// ("the two predominantly Shiite towns").
const GROUP_MODIFIERS: usize = 3;

/// "the two towns in the north - A and B -": after a kind noun, a locating
/// phrase that names no place (or a compass word the geoparser took into
/// the first member), then a dash or comma and the members.
fn dashed_members(toks: &[Tok], from: usize) -> Option<patterns::PlaceList> {
    let p = &words().patterns;
    let mut k = from;
    while k < toks.len() && k < from + GROUP_LOCATIVE {
        let t = &toks[k];
        if t.place().is_some() {
            break;
        }
        let locative = t.is_any(&p.qualifier_preps) || patterns::is_filler(t);
        let opener = t.is_punct(",")
            || (matches!(t.kind, tokens::Kind::Punct)
                && p.paren_open.iter().any(|o| o == t.w.as_ref()));
        if !(locative || opener) {
            return None;
        }
        k += 1;
    }
    if k == from
        || !toks
            .get(k)
            .is_some_and(|t| t.place().is_some() && !t.is_around())
    {
        return None;
    }
    Some(patterns::places_after(toks, k))
}

/// The longest locating phrase between a group's kind noun and its members.
const GROUP_LOCATIVE: usize = 5;

/// Replaces a vague claim by claims on the places the report names for it
/// ("two Shiite towns" … "the two towns of Nubl and Zahraa").
/// `members` are lists that name a plural noun's members without a count
/// ("the villages are A and B"): they fit a vague claim whose count they do
/// not exceed, when no counted group fits.
fn tie_vague_to_named(
    claims: Vec<Claim>,
    groups: &[(Vec<usize>, bool)],
    members: &[Vec<usize>],
    mentions: &[Mention],
    gazetteer: &Gazetteer,
) -> Vec<Claim> {
    let mut out = Vec::new();
    for c in claims {
        let Some(v) = c.vague.as_ref().filter(|_| c.place_id.is_none()) else {
            out.push(c);
            continue;
        };
        // A bare plural ("besieged pro-government villages") takes a definite
        // counted group ("the two towns, A and B"), which points back to it.
        let counted = groups
            .iter()
            .filter(|(g, definite)| match v.count {
                Some(n) => g.len() as u32 == n,
                None => *definite,
            })
            .map(|(g, _)| g);
        let listed = members
            .iter()
            .filter(|g| v.count.is_none_or(|n| g.len() as u32 <= n));
        let fit = counted.chain(listed).find(|g| {
            g.iter().all(|m| {
                let k = gazetteer.place(mentions[*m].place).kind;
                k.is_settlement()
                    && v.kind.is_none_or(|want| {
                        want == k || (want != PlaceKind::City && k != PlaceKind::City)
                    })
            })
        });
        match fit {
            Some(g) => {
                for m in g {
                    let p = gazetteer.place(mentions[*m].place);
                    out.push(Claim {
                        place_id: Some(p.id.clone()),
                        name: p.name.clone(),
                        lon: Some(p.point.x()),
                        lat: Some(p.point.y()),
                        confidence: round2(c.confidence * 0.9),
                        ..c.clone()
                    });
                }
            }
            None => out.push(c),
        }
    }
    out
}

/// One claim per (place, part, side, faction, relation): the most confident
/// (the first stated among equals).
fn merge(claims: Vec<Claim>) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    for c in claims {
        if c.place_id.is_none() {
            if !out.iter().any(|o| {
                o.place_id.is_none()
                    && o.name == c.name
                    && o.relation == c.relation
                    && o.faction == c.faction
            }) {
                out.push(c);
            }
            continue;
        }
        let same = out.iter_mut().find(|o| {
            o.place_id == c.place_id
                && o.part == c.part
                && o.around == c.around
                && o.faction == c.faction
                && o.relation == c.relation
                && o.to == c.to
        });
        match same {
            Some(o) => {
                // A claim the report also tells as news is news.
                let earlier = o.earlier && c.earlier;
                if c.confidence > o.confidence {
                    *o = c;
                }
                o.earlier = earlier;
            }
            None => out.push(c),
        }
    }
    out
}

/// The first side named in `toks` other than `f` (its index).
pub(crate) fn other_side_at(toks: &[Tok], f: usize) -> Option<usize> {
    toks.iter().find_map(|t| match t.actor() {
        Some((Some(g), k)) if g != f && k != actors::HitKind::Other => Some(g),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::testkit::{claims, triples};

    #[test]
    fn of_a_sequence_of_changes_in_one_sentence_the_later_stands() {
        for text in [
            "IS seized Manbij in 2014, and the SDF drove it out in 2016.",
            "IS seized Manbij, and the SDF drove IS out of Manbij later.",
        ] {
            let got = claims(text);
            let news: Vec<&str> = got
                .iter()
                .filter(|c| !c.earlier)
                .map(|c| c.faction.as_str())
                .collect();
            assert!(!news.contains(&"isis"), "{text}: {got:?}");
            assert!(got.iter().any(|c| c.faction == "sdf"), "{text}: {got:?}");
        }
        // Years told backwards: no sequence read.
        let got = claims("The SDF took Manbij in 2016, and IS had seized it in 2014.");
        assert!(
            got.iter().any(|c| c.faction == "sdf" && !c.earlier),
            "{got:?}"
        );
    }

    #[test]
    fn an_ended_hold_in_a_war_of_two_sides_is_the_other_sides() {
        use crate::gazetteer::PlaceKind;
        let places = [("t:kup", "Kupiansk", PlaceKind::Town, 37.6, 36.1)];
        let run = |text| super::testkit::two_sided_claims_in(&places, "2023-03-01", text);
        let ukraine = vec![("t:kup".to_string(), "ukraine".to_string(), "holds")];
        assert_eq!(
            run("Russian forces occupied Kupiansk until September 2022."),
            ukraine
        );
        assert_eq!(
            run("Russian forces held Kupiansk until early October 2022."),
            ukraine
        );
        // A word that may look ahead ends nothing.
        assert!(
            run("Russian forces could try to capture Kupiansk before the summer.")
                .iter()
                .all(|c| c.1 != "russia")
        );
        // With many sides an ended hold names no holder.
        assert!(triples("IS held Manbij until August 2016.").is_empty());
    }

    #[test]
    fn odd_text_never_panics() {
        for t in [
            "",
            "\u{feff}",
            "rebel-h\u{e9}ld Aleppo",
            "ééé-held Aleppo. pro-\u{e9}Aleppo fell to",
            "Aleppo fell to",
            "captured",
            "the siege of",
            "divided between",
            "cut the route linking",
            "They took it. The town. The city of.",
            "\"\"\"((( --- ))) ;;; Aleppo — rebels — captured",
            "IS-held\u{2013}controlled \u{2019}s Azaz",
        ] {
            let _ = claims(t);
        }
    }

    #[test]
    fn the_claims_of_one_sentence_share_its_quote() {
        let got = claims("Syrian troops captured Nubl and Zahraa on Monday.");
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got.iter()
                .all(|c| std::sync::Arc::ptr_eq(&c.quote, &got[0].quote)),
            "one allocation per sentence, whatever the number of places it lists"
        );
    }

    #[test]
    fn later_event_supersedes_earlier_state_in_the_same_report() {
        let got = triples(
            "Rebels seized most of Kafr Laha on Monday. Government forces later retook Kafr Laha.",
        );
        assert_eq!(
            got,
            vec![super::testkit::t("Kafr Laha", "government", "captured")]
        );
    }

    #[test]
    fn the_city_is_the_one_the_report_is_about() {
        let got = triples(
            "Kurdish fighters pressed into Manbij. Manbij, near Raqqa, was a hub. \"The city is now under our control,\" a commander of the SDF said.",
        );
        assert!(
            got.contains(&super::testkit::t("Manbij", "sdf", "holds")),
            "{got:?}"
        );
        assert!(!got.iter().any(|c| c.0 == "Raqqa"), "{got:?}");
    }

    #[test]
    fn a_hold_bounded_by_a_closed_period_is_over() {
        for text in [
            "Rebels held Yabroud from 2012 to March 2014.",
            "Between 2014 and 2017, Tabqa was held by the Islamic State.",
            "Islamic State militants occupied Palmyra from May 2015 until the end of March 2016.",
        ] {
            assert!(triples(text).is_empty(), "{text}: {:?}", triples(text));
        }
    }

    #[test]
    fn a_period_of_another_side_or_with_an_open_end_bounds_nothing() {
        assert_eq!(
            triples("Azaz, which rebels held from 2014 until August 2019, is now under government control."),
            vec![super::testkit::t("Azaz", "government", "holds")]
        );
        // A route is no period, and "since 2014" has no end.
        assert_eq!(
            triples("Rebels control the road from Aleppo to Idlib.").len(),
            0
        );
        assert_eq!(
            triples("The Islamic State has controlled Raqqa since 2014."),
            vec![super::testkit::t("Raqqa", "isis", "holds")]
        );
    }
}

#[cfg(test)]
mod region_tests {
    use super::testkit::triples;

    #[test]
    fn a_compass_part_of_a_province_says_nothing_of_the_province() {
        // (the test gazetteer's mention finder reads "the southern Idlib countryside" as
        // the city; tests/claims/en.tsv has that shape with the real geoparser)
        let text = "The army took control of the southern countryside of Idlib.";
        assert!(triples(text).is_empty(), "{text}: {:?}", triples(text));
        // the province itself, named whole, is taken
        assert!(!triples("IS now controls the whole of Idlib province.").is_empty());
    }

    #[test]
    fn a_compass_word_pointing_where_a_province_lies_locates_it() {
        use super::points_to;
        use crate::geoparse::Direction;
        // A box like Syria's (west, south, east, north) and points like two of its provinces.
        let bbox = [35.7, 32.3, 42.4, 37.3];
        let northwest_province = geo::Point::new(36.6, 35.9);
        let western_province = geo::Point::new(36.75, 35.13);
        for (d, point, expected) in [
            (Direction::Northwest, northwest_province, true),
            (Direction::South, northwest_province, false),
            (Direction::North, northwest_province, false),
            (Direction::West, western_province, true),
            (Direction::North, western_province, false),
        ] {
            assert_eq!(points_to(d, point, bbox), expected, "{d:?} {point:?}");
        }
        // The middle of the box lies in no direction.
        assert!(!points_to(
            Direction::North,
            geo::Point::new(39.05, 34.8),
            bbox
        ));
    }

    #[test]
    fn places_outside_the_region_box_get_no_claims() {
        assert!(triples("Syrian troops captured Farawayville.").is_empty());
        // The same sentence about a place inside the box is a claim.
        assert_eq!(triples("Syrian troops captured Azaz.").len(), 1);
    }
}

#[cfg(test)]
mod bound_tests {
    use super::testkit::{t, triples};

    #[test]
    fn a_bound_opening_the_sentence_ends_the_hold_its_clause_tells() {
        let ended = [
            "Until 2014, Manbij was held by rebels.",
            "Before 2013, Raqqa had been under government control.",
            "Prior to 2018, rebels controlled Azaz.",
            "Until last year, Jarabulus was under Islamic State control.",
            "Until it fell to rebels in 2013, Raqqa was held by the government.",
        ];
        for text in ended {
            assert!(triples(text).is_empty(), "{text}: {:?}", triples(text));
        }
        let kept = [
            (
                "Since 2013, Raqqa has been under IS control.",
                t("Raqqa", "isis", "holds"),
            ),
            (
                "Until now, rebels have held Azaz.",
                t("Azaz", "opposition", "holds"),
            ),
            (
                "Before dawn, the army captured Azaz.",
                t("Azaz", "government", "captured"),
            ),
        ];
        for (text, want) in kept {
            assert_eq!(triples(text), vec![want], "{text}");
        }
    }

    #[test]
    fn a_part_noun_heading_a_held_apposition_names_the_place_before_it() {
        let cases = [
            (
                "Jets struck Shaar, the rebel-held part of the city.",
                vec![t("Shaar", "opposition", "holds")],
            ),
            (
                "Jets struck Shaar, the IS-held half of the town.",
                vec![t("Shaar", "isis", "holds")],
            ),
            (
                "Jets struck Shaar, the rebel-held part of which was shelled.",
                vec![],
            ),
            (
                "Jets struck Shaar, near the rebel-held part of the city.",
                vec![],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(triples(text), want, "{text}");
        }
    }
}
