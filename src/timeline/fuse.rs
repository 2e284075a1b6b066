//! Fusing one place's claims into its state on a date.
//!
//! * A change event (captured, lost, siege broken) supersedes every earlier
//!   claim: the place changed hands (or the siege ended) then.
//! * Every remaining claim votes for a holder with weight
//!   `confidence × ½^(age / HALF_LIFE_DAYS)`, age counted back from the newest
//!   claim: newer beats older.
//! * Votes for one holder combine as a noisy-or over independent sources
//!   (distinct `source`, else report), keeping each source's strongest vote:
//!   two agreeing outlets beat one, one outlet repeating itself does not.
//! * A loss to nobody named yields to a side other than the loser that the
//!   remaining claims name.
//! * A runner-up with at least [`COMPARABLE`] of the winner's support, from
//!   claims of the last week, makes the place contested; so do `contested`
//!   claims of comparable weight.

use super::Fact;
use super::{Evidence, PlaceControl, Status};
use crate::claims::{FactionId, Relation};
use crate::geoparse::Direction;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Days after which a claim's weight halves against the newest claim.
pub const HALF_LIFE_DAYS: f64 = 3.0;
/// A runner-up this close to the winner's support makes the place contested.
pub const COMPARABLE: f64 = 0.75;
/// Only claims this recent (against the newest) can contest the winner.
const CONTEST_WINDOW_DAYS: i64 = 7;
/// At most this many evidence items are kept per state.
const MAX_EVIDENCE: usize = 20;

/// What a claim says about the holder and the siege.
struct Assertion {
    /// `None`: the holder is unknown (lost, to nobody named).
    holder: Option<FactionId>,
    /// Counts for the holder tally (a `besieges` claim with no named
    /// defender says nothing about the holder).
    votes: bool,
    contested_with: Vec<FactionId>,
    /// `Some(besieger)` when the claim says the place is besieged.
    siege: Option<Option<FactionId>>,
}

fn assertion(c: &Fact) -> Assertion {
    let f = c.faction.to_string();
    let mut a = Assertion {
        holder: Some(f.clone()),
        votes: true,
        contested_with: Vec::new(),
        siege: None,
    };
    match c.relation {
        Relation::Holds | Relation::Captured => {}
        // The faction that broke the siege holds (or relieved) the place; the
        // counterpart, when named, is the holder it relieved only if the
        // claim says so by naming the same side, so the breaker is the holder.
        Relation::SiegeBroken => {}
        Relation::Lost => a.holder = c.counterpart.as_deref().map(str::to_string),
        Relation::Besieges => {
            a.holder = c.counterpart.as_deref().map(str::to_string);
            a.votes = c.counterpart.is_some();
            a.siege = Some(Some(f));
        }
        Relation::Besieged => a.siege = Some(c.counterpart.as_deref().map(str::to_string)),
        Relation::Contested => {
            a.contested_with.push(f);
            a.contested_with
                .extend(c.counterpart.as_deref().map(str::to_string));
        }
        Relation::RouteCut | Relation::RouteOpen => a.votes = false,
    }
    a
}

fn is_event(r: Relation) -> bool {
    matches!(
        r,
        Relation::Captured | Relation::Lost | Relation::SiegeBroken
    )
}

fn source_key(c: &Fact) -> &str {
    c.source.as_deref().or(c.report_id.as_deref()).unwrap_or("")
}

/// The fused state of one place history.
pub(super) struct Fused<'a> {
    holder: FactionId,
    status: Status,
    contenders: Vec<FactionId>,
    besieger: Option<FactionId>,
    since: Option<NaiveDate>,
    confidence: f32,
    evidence: Vec<&'a Fact>,
    extent_km: Option<f64>,
}

/// What `change_dates` compares between consecutive dates.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Summary {
    holder: FactionId,
    status: Status,
    besieger: Option<FactionId>,
    contenders: Vec<FactionId>,
}

impl<'a> Fused<'a> {
    pub(super) fn summary(&self) -> Summary {
        Summary {
            holder: self.holder.clone(),
            status: self.status,
            besieger: self.besieger.clone(),
            contenders: self.contenders.clone(),
        }
    }

    pub(super) fn into_control(
        self,
        place_id: &str,
        part: Option<Direction>,
        group: &[&Fact],
    ) -> PlaceControl {
        let located = group
            .iter()
            .rev()
            .find(|c| c.lon.is_some() && c.lat.is_some());
        let named = group.iter().rev().find(|c| !c.name.is_empty());
        PlaceControl {
            place_id: place_id.to_string(),
            name: named
                .map(|c| c.name.to_string())
                .unwrap_or_else(|| place_id.to_string()),
            lon: located.and_then(|c| c.lon).unwrap_or(f64::NAN),
            lat: located.and_then(|c| c.lat).unwrap_or(f64::NAN),
            part,
            faction: self.holder,
            status: self.status,
            contenders: self.contenders,
            besieger: self.besieger,
            since: self.since,
            confidence: self.confidence,
            evidence: self.evidence.into_iter().map(Evidence::of).collect(),
            extent_km: self.extent_km,
        }
    }
}

fn days(a: Option<NaiveDate>, b: Option<NaiveDate>) -> i64 {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).num_days(),
        _ => 0,
    }
}

/// Fuses a place's claims (sorted by date, none after the map date) into its
/// state; `None` when the holder is unknown.
pub(super) fn fuse<'a>(group: &[&'a Fact], _as_of: Option<NaiveDate>) -> Option<Fused<'a>> {
    // Undated claims count as the oldest.
    let oldest = group.iter().filter_map(|c| c.date).min();
    let date = |c: &Fact| c.date.or(oldest);
    let newest = group.iter().filter_map(|c| c.date).max();

    // The latest change event supersedes everything before its day.
    let event_day = group
        .iter()
        .filter(|c| is_event(c.relation))
        .filter_map(|c| date(c))
        .max();
    let live: Vec<(&'a Fact, Assertion)> = group
        .iter()
        .filter(|c| event_day.is_none() || date(c) >= event_day)
        .map(|c| (*c, assertion(c)))
        .collect();
    let weight = |c: &Fact| -> f64 {
        let age = days(newest, date(c)).max(0) as f64;
        c.confidence.clamp(0.0, 1.0) as f64 * 0.5f64.powf(age / HALF_LIFE_DAYS)
    };

    // Holder tally: per holder, per source, the strongest vote.
    let mut tally: BTreeMap<Option<&str>, BTreeMap<&str, f64>> = BTreeMap::new();
    let mut contested: BTreeMap<&str, f64> = BTreeMap::new();
    for (c, a) in &live {
        let w = weight(c);
        if a.votes {
            let s = tally
                .entry(a.holder.as_deref())
                .or_default()
                .entry(source_key(c))
                .or_insert(0.0);
            *s = s.max(w);
        }
        if !a.contested_with.is_empty() {
            let s = contested.entry(source_key(c)).or_insert(0.0);
            *s = s.max(w);
        }
    }
    let noisy_or = |m: &BTreeMap<&str, f64>| 1.0 - m.values().fold(1.0, |p, w| p * (1.0 - w));
    let latest_for = |h: Option<&str>| {
        live.iter()
            .filter(|(_, a)| a.votes && a.holder.as_deref() == h)
            .filter_map(|(c, _)| date(c))
            .max()
    };
    // "Rebels were evacuated from Y under a deal the army brokered": a loss
    // to nobody named says only that the loser no longer holds the place, so
    // it yields to a side other than the loser that the live claims name.
    let losers: Vec<&str> = live
        .iter()
        .filter(|(c, a)| matches!(c.relation, Relation::Lost) && a.holder.is_none())
        .map(|(c, _)| &*c.faction)
        .collect();
    let named_taker = tally
        .keys()
        .any(|h| h.is_some_and(|h| !losers.contains(&h)));
    let mut ranked: Vec<(Option<&str>, f64, Option<NaiveDate>)> = tally
        .iter()
        .filter(|(h, _)| h.is_some() || !named_taker)
        .map(|(h, m)| (*h, noisy_or(m), latest_for(*h)))
        .collect();
    // Strongest first; ties go to the newer claim, then to the name for determinism.
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    let &(best, support, _) = ranked.first()?;
    let holder: FactionId = best?.to_string();

    // Contenders: comparable recent runner-ups, and the sides of comparable
    // `contested` claims.
    let mut contenders: Vec<FactionId> = vec![holder.clone()];
    for &(h, s, latest) in ranked.iter().skip(1) {
        if let Some(h) = h {
            if s >= COMPARABLE * support && days(newest, latest) <= CONTEST_WINDOW_DAYS {
                contenders.push(h.to_string());
            }
        }
    }
    let contest_support = noisy_or(&contested);
    let contested_claims = !contested.is_empty() && contest_support >= COMPARABLE * support;
    if contested_claims {
        for (_, a) in &live {
            for f in &a.contested_with {
                if !contenders.contains(f) {
                    contenders.push(f.clone());
                }
            }
        }
    }
    let is_contested = contenders.len() > 1 || contested_claims;

    // Siege: claims after the event that say this holder is besieged.
    let siege_claims: Vec<&(&Fact, Assertion)> = live
        .iter()
        .filter(|(_, a)| a.siege.is_some() && (a.holder.as_deref() == Some(&holder) || !a.votes))
        .collect();
    let besieged = !is_contested && !siege_claims.is_empty();
    let besieger = if besieged {
        siege_claims
            .iter()
            .rev()
            .find_map(|(_, a)| a.siege.clone().flatten())
    } else {
        None
    };

    let status = if is_contested {
        Status::Contested
    } else if besieged {
        Status::Besieged
    } else {
        Status::Held
    };

    // Since: the start of the final run of claims agreeing with the state.
    let agrees = |c: &Fact, a: &Assertion| match status {
        Status::Contested => {
            !a.contested_with.is_empty()
                || (a.votes
                    && a.holder
                        .as_deref()
                        .is_some_and(|h| contenders.iter().any(|x| x == h)))
        }
        Status::Besieged => {
            a.siege.is_some()
                || (a.votes
                    && a.holder.as_deref() == Some(&holder)
                    && c.relation != Relation::SiegeBroken)
        }
        Status::Held => a.votes && a.holder.as_deref() == Some(&holder),
    };
    let mut since = None;
    for (c, a) in live.iter().rev() {
        if agrees(c, a) {
            since = date(c);
        } else if a.votes && a.holder.is_some() {
            break;
        }
    }
    if status == Status::Besieged {
        // A besieged place's `since` is when the siege began (its first siege
        // claim after the last change of hands), not when the holder took it:
        // "What changed" and the popups say how long the siege has lasted.
        if let Some(first) = siege_claims.first().and_then(|(c, _)| date(c)) {
            since = Some(first);
        }
    }

    let mut evidence: Vec<&Fact> = live
        .iter()
        .filter(|(c, a)| agrees(c, a) || (a.votes && a.holder.as_deref() == Some(&holder)))
        .map(|(c, _)| *c)
        .collect();
    evidence.reverse();
    evidence.truncate(MAX_EVIDENCE);
    let extent_km = live
        .iter()
        .filter(|(_, a)| a.holder.as_deref() == Some(&holder))
        .filter_map(|(c, _)| c.extent_km())
        .reduce(f64::max);

    Some(Fused {
        holder,
        status,
        contenders: if is_contested { contenders } else { Vec::new() },
        besieger,
        since,
        confidence: support as f32,
        evidence,
        extent_km,
    })
}
