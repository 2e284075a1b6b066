//! The timeline: per place, the ordered history of claims; for any date, the
//! [`ControlMap`] of who holds what, each state with the evidence behind it.
//!
//! Fusion rule ([`fuse`]): the best-supported claim at or before the date
//! wins — newer beats older, more independent sources beat one, confidence
//! counts; recent claims that disagree with comparable weight make the place
//! contested. Routes ([`RouteState`]) follow the latest route claim.

mod advance;
mod changes;
mod encircle;
mod fact;
mod fuse;

pub use advance::Advance;
pub use changes::{diff, Change, Holding};
pub use encircle::Encirclement;
pub use fact::Fact;

pub use fuse::{COMPARABLE, HALF_LIFE_DAYS};

use crate::claims::{Claim, FactionId, Relation};
use crate::gazetteer::PlaceId;
use crate::geoparse::Direction;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The claims of a timeline ([`Timeline::claims`]), in the order they came,
/// as the timeline keeps them ([`Fact::to_claim`] gives each claim back).
#[derive(Debug, Clone, Copy)]
pub struct Claims<'a>(&'a [Arc<Fact>]);

impl<'a> Claims<'a> {
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &'a Fact> + ExactSizeIterator + Clone {
        self.0.iter().map(|c| &**c)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Where one coloured place's state comes from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Evidence {
    pub report_id: Option<String>,
    pub quote: String,
    pub date: Option<NaiveDate>,
    pub source: Option<String>,
    /// Set when an analyst confirmed, corrected or added the claim.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub review: Option<EvidenceReview>,
}

/// The review of an evidence item: `reviewed` (always true), who made the
/// latest correction of its claim and why.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EvidenceReview {
    pub reviewed: bool,
    pub corrected_by: String,
    pub correction_reason: String,
}

impl Evidence {
    pub fn of(c: &Fact) -> Evidence {
        Evidence {
            report_id: c.report_id.as_deref().map(str::to_string),
            quote: c.quote.to_string(),
            date: c.date,
            source: c.source.as_deref().map(str::to_string),
            review: c.review().map(|r| EvidenceReview {
                reviewed: true,
                corrected_by: r.corrected_by.clone(),
                correction_reason: r.correction_reason.clone(),
            }),
        }
    }
}

/// How a place is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Held,
    Besieged,
    Contested,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Held => "held",
            Status::Besieged => "besieged",
            Status::Contested => "contested",
        }
    }
}

/// The state of one place (or one part of a split place) on a date.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceControl {
    pub place_id: PlaceId,
    pub name: String,
    pub lon: f64,
    pub lat: f64,
    /// Set for a part of a split place ("west" of Aleppo).
    pub part: Option<Direction>,
    /// Holder; for contested places, the faction with the strongest claim.
    pub faction: FactionId,
    pub status: Status,
    /// For contested places, every side.
    pub contenders: Vec<FactionId>,
    /// For besieged places, the besieger.
    pub besieger: Option<FactionId>,
    pub since: Option<NaiveDate>,
    pub confidence: f32,
    pub evidence: Vec<Evidence>,
    /// Radius (km) of the area the evidence covers, when a claim gave one
    /// (baseline polygons); else the zone builder uses the place kind's reach.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extent_km: Option<f64>,
}

/// A route between two places and whether it is cut.
#[derive(Debug, Clone, Serialize)]
pub struct RouteState {
    pub from: PlaceId,
    pub to: PlaceId,
    /// The faction whose route it is (the rebels' supply line).
    pub faction: FactionId,
    /// The faction that cut it, when it is cut.
    pub cut_by: Option<FactionId>,
    pub cut: bool,
    pub since: Option<NaiveDate>,
    pub evidence: Vec<Evidence>,
    /// Names and points of the ends, from the claim (for drawing without a gazetteer hit).
    pub from_name: String,
    pub from_point: Option<(f64, f64)>,
}

/// Who holds what on one date.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ControlMap {
    pub as_of: Option<NaiveDate>,
    pub places: Vec<PlaceControl>,
    pub routes: Vec<RouteState>,
    /// Partial sieges ("encircled Y from the west, south and east").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub encirclements: Vec<Encirclement>,
    /// Advances from a side ("advanced on Y from the north").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub advances: Vec<Advance>,
}

impl ControlMap {
    /// Orders the places most important first (a city before the airbase beside
    /// it, a town before its villages), ties by name: the order every export and
    /// the place list of the map use, so a reader meets the big picture first.
    pub fn order_by_importance(&mut self, g: &crate::gazetteer::Gazetteer) {
        let weight = |pid: &str| g.get(pid).map_or(0.0, |p| p.importance);
        self.places.sort_by(|a, b| {
            weight(&b.place_id)
                .total_cmp(&weight(&a.place_id))
                .then_with(|| a.name.cmp(&b.name))
        });
    }

    /// The state of a place (the whole place, not a part), if known.
    pub fn place(&self, place_id: &str) -> Option<&PlaceControl> {
        self.places
            .iter()
            .find(|p| p.place_id == place_id && p.part.is_none())
            .or_else(|| self.places.iter().find(|p| p.place_id == place_id))
    }
}

/// Key of one place history: the place and, for split places, the part.
type Key = (Arc<str>, Option<Direction>);

/// Versions of place histories, unique across every timeline of the process:
/// a version names one content of one history, so a state fused from it can
/// be reused by any timeline that still has that version.
static NEXT_VERSION: AtomicU64 = AtomicU64::new(1);

fn next_version() -> u64 {
    NEXT_VERSION.fetch_add(1, Ordering::Relaxed)
}

/// Fused place states of one map date, each with the version of the history
/// it was fused from ([`Timeline::state_at_cached`]). A new report changes
/// the versions of the places it touches only, so the next map of that date
/// fuses those places again and reuses every other one.
#[derive(Debug, Default)]
pub struct FusedStates {
    places: HashMap<Key, (u64, Option<PlaceControl>)>,
    /// Places fused again and places reused by the last map (for tests and logs).
    pub fused: usize,
    pub reused: usize,
}

/// All claims, grouped by place (and part) and ordered by date.
///
/// Each claim is kept as a compact [`Fact`] (strings interned), shared
/// (`Arc`), so copying a timeline to fold new claims into it while readers
/// still draw from the old one costs pointers, not claims.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    claims: Vec<Arc<Fact>>,
    /// The strings the facts share (names, factions, places, sources…).
    /// Shared between copies: a fold copies the timeline whenever a reader
    /// still holds it, and copying (then dropping) a set of every distinct
    /// source was a tenth of a busy server's CPU. A copy that interns more
    /// strings only adds to what both may share.
    interner: Arc<Mutex<fact::Interner>>,
    /// Indexes into `claims`, per place history, by date.
    places: BTreeMap<Key, Vec<usize>>,
    /// The version of each place history ([`FusedStates`]).
    versions: HashMap<Key, u64>,
    /// The newest claim date (the latest map's date).
    newest: Option<NaiveDate>,
    /// Indexes of route claims, by date.
    routes: Vec<usize>,
    /// Indexes of partial-encirclement claims.
    encirclements: Vec<usize>,
    advances: Vec<usize>,
}

/// The interner, also after a panic elsewhere while it was held (it only
/// ever gains complete entries).
fn lock(interner: &Mutex<fact::Interner>) -> std::sync::MutexGuard<'_, fact::Interner> {
    interner
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn is_route(r: Relation) -> bool {
    matches!(r, Relation::RouteCut | Relation::RouteOpen)
}

fn date_key(c: &Fact) -> NaiveDate {
    c.date.unwrap_or(NaiveDate::MIN)
}

impl Timeline {
    /// Groups claims by place; claims without a place id (unresolved vague
    /// references) are kept in [`Timeline::claims`] but coloured nowhere.
    pub fn new(claims: Vec<Claim>) -> Timeline {
        let mut tl = Timeline::default();
        let n = claims.len();
        tl.claims.reserve_exact(n);
        // Each claim becomes its compact record as it goes, so its strings
        // are let go one by one (not the extractor's records all at once at
        // the end, 530 bytes each).
        {
            let mut interner = lock(&tl.interner);
            for c in claims {
                tl.claims.push(Arc::new(interner.fact(c)));
            }
        }
        let claims = &tl.claims;
        for (i, c) in claims.iter().enumerate() {
            let Some(pid) = &c.place_id else { continue };
            // A partial encirclement is drawn around the place; it does not
            // vote on who holds it (the split city stays split).
            if encircle::is_partial(c) {
                tl.encirclements.push(i);
                continue;
            }
            // "encircled Aleppo from the west" is about the land around the
            // place, not about who holds it; "advanced on Y from the north" is
            // drawn as an arrow.
            if c.around {
                if advance::is_advance(c) {
                    tl.advances.push(i);
                }
                continue;
            }
            if is_route(c.relation) {
                if c.to.is_some() {
                    tl.routes.push(i);
                }
                continue;
            }
            tl.places.entry((pid.clone(), c.part)).or_default().push(i);
        }
        for v in tl.places.values_mut() {
            v.sort_by_key(|&i| date_key(&claims[i]));
        }
        tl.routes.sort_by_key(|&i| date_key(&claims[i]));
        tl.versions = tl
            .places
            .keys()
            .map(|k| (k.clone(), next_version()))
            .collect();
        tl.newest = claims.iter().filter_map(|c| c.date).max();
        tl
    }

    /// Folds in claims stored after every claim already here (new reports),
    /// so the timeline equals `Timeline::new` of all claims in store order
    /// (date, then insertion) followed by `late` ones: each new claim goes
    /// into its place's history after the claims of earlier or equal dates,
    /// but before `late` claims of its own date (manual claims, which a full
    /// build puts after every stored claim). A back-dated claim simply lands
    /// in the middle of its history; nothing else is touched. The order of
    /// [`Timeline::claims`] is then insertion order, which no state depends on.
    pub fn extend(&mut self, new: Vec<Claim>, late: impl Fn(&Fact) -> bool) {
        for c in new {
            let i = self.claims.len();
            let d = c.date.unwrap_or(NaiveDate::MIN);
            self.newest = self.newest.max(c.date);
            let f = lock(&self.interner).fact(c);
            self.claims.push(Arc::new(f));
            let c: &Fact = &self.claims[i];
            let Some(pid) = &c.place_id else { continue };
            // Partial encirclements and advances are kept in claim order
            // (stored by date, then the late ones), not sorted by date.
            let (target, sorted) = if encircle::is_partial(c) {
                (&mut self.encirclements, false)
            } else if c.around {
                if !advance::is_advance(c) {
                    continue;
                }
                (&mut self.advances, false)
            } else if is_route(c.relation) {
                if c.to.is_none() {
                    continue;
                }
                (&mut self.routes, true)
            } else {
                let key = (pid.clone(), c.part);
                self.versions.insert(key.clone(), next_version());
                (self.places.entry(key).or_default(), true)
            };
            let claims = &self.claims;
            let at = target.partition_point(|&j| {
                let e: &Fact = &claims[j];
                if sorted {
                    date_key(e) < d || (date_key(e) == d && !late(e))
                } else {
                    !late(e) && date_key(e) <= d
                }
            });
            target.insert(at, i);
        }
    }

    pub fn claims(&self) -> Claims<'_> {
        Claims(&self.claims)
    }

    fn at(&self, i: usize) -> &Fact {
        &self.claims[i]
    }

    /// Dates on which some place's (or route's) state changed, ascending.
    pub fn change_dates(&self) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        for idx in self.places.values() {
            let group: Vec<&Fact> = idx.iter().map(|&i| self.at(i)).collect();
            let mut dates: Vec<NaiveDate> = group.iter().filter_map(|c| c.date).collect();
            dates.dedup();
            let mut prev: Option<fuse::Summary> = None;
            for d in dates {
                let upto: Vec<&Fact> = group.iter().copied().filter(|c| date_key(c) <= d).collect();
                let now = fuse::fuse(&upto, Some(d)).map(|s| s.summary());
                if now != prev {
                    out.push(d);
                }
                prev = now;
            }
        }
        let mut prev_route: BTreeMap<(String, String), bool> = BTreeMap::new();
        for &i in &self.routes {
            let c = self.at(i);
            let key = (
                c.place_id.as_deref().unwrap_or_default().to_string(),
                c.to.as_deref().unwrap_or_default().to_string(),
            );
            let cut = c.relation == Relation::RouteCut;
            if prev_route.insert(key, cut) != Some(cut) {
                if let Some(d) = c.date {
                    out.push(d);
                }
            }
        }
        out.extend(
            self.encirclements
                .iter()
                .chain(&self.advances)
                .filter_map(|&i| self.claims[i].date),
        );
        out.sort();
        out.dedup();
        out
    }

    /// The state as of `date` (latest when `None`).
    pub fn state_at(&self, date: Option<NaiveDate>) -> ControlMap {
        self.state_at_cached(date, &mut FusedStates::default())
    }

    /// The state as of `date`, reusing from `cache` (the states of an
    /// earlier call for the same date) every place whose history has not
    /// changed since, and leaving in it the states of this one. Equal to
    /// [`Timeline::state_at`]: a place's state depends on its own history
    /// and the date only; what combines places (split cities, sieges,
    /// advances, routes) is computed afresh.
    pub fn state_at_cached(&self, date: Option<NaiveDate>, cache: &mut FusedStates) -> ControlMap {
        let visible = |c: &Fact| match (date, c.date) {
            (Some(d), Some(cd)) => cd <= d,
            _ => true,
        };
        let (mut fused, mut reused) = (0, 0);
        let mut states: HashMap<Key, (u64, Option<PlaceControl>)> =
            HashMap::with_capacity(self.places.len());
        let mut places = Vec::new();
        for (key, idx) in &self.places {
            let version = self.versions.get(key).copied().unwrap_or(0);
            let state = match cache.places.remove(key) {
                Some((v, state)) if v == version && version != 0 => {
                    reused += 1;
                    state
                }
                _ => {
                    fused += 1;
                    let (pid, part) = key;
                    let group: Vec<&Fact> = idx
                        .iter()
                        .map(|&i| self.at(i))
                        .filter(|c| visible(c))
                        .collect();
                    if group.is_empty() {
                        None
                    } else {
                        fuse::fuse(&group, date).map(|s| s.into_control(pid, *part, &group))
                    }
                }
            };
            if let Some(s) = &state {
                places.push(s.clone());
            }
            states.insert(key.clone(), (version, state));
        }
        *cache = FusedStates {
            places: states,
            fused,
            reused,
        };
        drop_superseded_wholes(&mut places);
        let routes = self.routes_at(date);
        let encirclements = self.encirclements_at(date, &places);
        let advances = self.advances_at(date, &encirclements);
        ControlMap {
            as_of: date.or(self.newest),
            places,
            routes,
            encirclements,
            advances,
        }
    }

    /// The claims at `idx` stated on or before `date` (all when `None`).
    fn visible<'a>(
        &'a self,
        idx: impl IntoIterator<Item = &'a usize>,
        date: Option<NaiveDate>,
    ) -> Vec<&'a Fact> {
        idx.into_iter()
            .map(|&i| self.at(i))
            .filter(|c| match (date, c.date) {
                (Some(d), Some(cd)) => cd <= d,
                _ => true,
            })
            .collect()
    }

    fn encirclements_at(
        &self,
        date: Option<NaiveDate>,
        places: &[PlaceControl],
    ) -> Vec<Encirclement> {
        if self.encirclements.is_empty() {
            return Vec::new();
        }
        let partial = self.visible(&self.encirclements, date);
        let others = self.visible(self.places.values().flatten(), date);
        encircle::standing(&partial, &others, places)
    }

    fn advances_at(&self, date: Option<NaiveDate>, rings: &[Encirclement]) -> Vec<Advance> {
        if self.advances.is_empty() {
            return Vec::new();
        }
        let advances = self.visible(&self.advances, date);
        let others = self.visible(self.places.values().flatten(), date);
        advance::standing(&advances, &others, rings)
    }

    fn routes_at(&self, date: Option<NaiveDate>) -> Vec<RouteState> {
        let mut groups: BTreeMap<(String, String), Vec<&Fact>> = BTreeMap::new();
        for &i in &self.routes {
            let c = self.at(i);
            if let (Some(d), Some(cd)) = (date, c.date) {
                if cd > d {
                    continue;
                }
            }
            let key = (
                c.place_id.as_deref().unwrap_or_default().to_string(),
                c.to.as_deref().unwrap_or_default().to_string(),
            );
            groups.entry(key).or_default().push(c);
        }
        groups
            .into_iter()
            .filter_map(|(key, group)| {
                // Latest claim wins; on the same date the more confident one.
                let c = *group.iter().max_by(|a, b| {
                    date_key(a)
                        .cmp(&date_key(b))
                        .then(a.confidence.total_cmp(&b.confidence))
                })?;
                let cut = c.relation == Relation::RouteCut;
                // The final run of claims saying the same thing: its start is `since`.
                let run: Vec<&Fact> = group
                    .iter()
                    .rev()
                    .take_while(|x| x.relation == c.relation)
                    .copied()
                    .collect();
                // A route claim is the owner's (`faction`); for a cut, the
                // counterpart is the side that cut it (claims::extract::route).
                Some(RouteState {
                    from: key.0,
                    to: key.1,
                    faction: c.faction.to_string(),
                    cut_by: if cut {
                        c.counterpart.as_deref().map(str::to_string)
                    } else {
                        None
                    },
                    cut,
                    since: run.last().and_then(|x| x.date),
                    evidence: run.iter().map(|x| Evidence::of(x)).collect(),
                    from_name: c.name.to_string(),
                    from_point: c.lon.zip(c.lat),
                })
            })
            .collect()
    }
}

/// A whole-place state is superseded by part states (a split city) that are
/// at least as recent: the parts are drawn instead.
fn drop_superseded_wholes(places: &mut Vec<PlaceControl>) {
    let mut newest_part: BTreeMap<String, Option<NaiveDate>> = BTreeMap::new();
    for p in places.iter().filter(|p| p.part.is_some()) {
        let e = newest_part.entry(p.place_id.clone()).or_insert(None);
        let d = p.evidence.iter().filter_map(|e| e.date).max();
        if d > *e {
            *e = d;
        }
    }
    places.retain(|p| {
        if p.part.is_some() {
            return true;
        }
        match newest_part.get(&p.place_id) {
            None => true,
            Some(part_date) => {
                let whole = p.evidence.iter().filter_map(|e| e.date).max();
                whole > *part_date
            }
        }
    });
}

#[cfg(test)]
mod tests;
