//! Claims: who holds what, according to one report.
//!
//! [`factions`] loads the region's factions and the words that name them;
//! [`extract`] reads control statements out of a geoparsed report.
//! This module sees text and mentions; it knows nothing of dates beyond the
//! report's own, and nothing of geometry beyond place points.

pub(crate) mod extract;
pub mod factions;
mod reviewed;
pub mod vague;

pub use factions::{Faction, FactionId, Factions, FactionsError};
pub use reviewed::ClaimReview;
pub use vague::VagueRef;

use crate::gazetteer::PlaceId;
use crate::geoparse::Direction;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a claim says about a place and a faction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The faction holds the place.
    Holds,
    /// The faction took the place (so holds it from then on).
    Captured,
    /// The faction lost the place (to `counterpart`, when named).
    Lost,
    /// The faction besieges the place (held by `counterpart`).
    Besieges,
    /// The place, held by the faction, is besieged (by `counterpart`).
    Besieged,
    /// The faction broke the siege of the place; it is held by the faction (or `counterpart`) and no longer besieged.
    SiegeBroken,
    /// The place is fought over (the faction is one side).
    Contested,
    /// The faction's route from the place to `to` was cut (by `counterpart`):
    /// "troops cut the route linking rebels in Aleppo to the border" is the
    /// opposition's route, cut by the government.
    RouteCut,
    /// A route from the place to `to` is open for the faction.
    RouteOpen,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Holds => "holds",
            Relation::Captured => "captured",
            Relation::Lost => "lost",
            Relation::Besieges => "besieges",
            Relation::Besieged => "besieged",
            Relation::SiegeBroken => "siege_broken",
            Relation::Contested => "contested",
            Relation::RouteCut => "route_cut",
            Relation::RouteOpen => "route_open",
        }
    }
}

/// One control statement with its evidence.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Claim {
    /// Gazetteer id; `None` when the statement could not be tied to one place
    /// (kept so the analyst sees it).
    pub place_id: Option<PlaceId>,
    /// Place name, or the unresolved phrase ("two government-held villages").
    pub name: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    /// Part of the place the claim is about ("the east of Aleppo").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<Direction>,
    pub faction: FactionId,
    pub relation: Relation,
    /// The other side: the besieger for `Besieged`, the loser for `Captured`…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterpart: Option<FactionId>,
    /// Route claims: the other end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<PlaceId>,
    pub date: Option<NaiveDate>,
    /// 0–1; written with three decimals (an `f32` would print as 0.800000011920929).
    #[serde(serialize_with = "three_decimals")]
    pub confidence: f32,
    /// The sentence that states it, shared by every claim read from that
    /// sentence (a sentence listing thousands of places gives thousands of
    /// claims: copies would make memory grow with the square of its length).
    pub quote: std::sync::Arc<str>,
    /// Byte span of the quote in the report text.
    pub start: usize,
    pub end: usize,
    /// The stored report (or baseline) this came from; set by the store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Radius in km of the area the claim is known to cover, when the
    /// evidence says so (a baseline polygon's equivalent radius); `None` for
    /// text claims, whose reach follows the place's kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extent_km: Option<f64>,
    /// The claim is about the area on side `part` *around* the place, outside
    /// it ("encircled Aleppo from the west"), not about the place itself.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub around: bool,
    /// A partial encirclement's sides ("encircled Aleppo from the west, south
    /// and east": west, south, east), on a `besieges` claim with `around`
    /// set: the besieger holds the ground on those sides of the place, which
    /// says nothing about who holds the place itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sides: Vec<Direction>,
    /// For a statement about places the report does not name ("two
    /// government-held villages"): what is needed to find them; see [`vague`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vague: Option<VagueRef>,
    /// Told in the past perfect ("Morek, which had fallen to government forces
    /// two years earlier"): an event before the rest of the report, which a
    /// plain-past event on the same place in the same report supersedes
    /// wherever it stands in the text.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub earlier: bool,
    /// Why: the frame or pattern family that read the claim, with its
    /// trigger word for frames of the language file ("nominal.capture:
    /// recapture", "clearing.of:cleared", "capture", "held").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Set by analyst review (`review::apply`), never by extraction: the
    /// latest correction that touched the claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<ClaimReview>,
}

fn three_decimals<S: serde::Serializer>(x: &f32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((f64::from(*x) * 1000.0).round() / 1000.0)
}

/// An empty claim (no place, faction "", `Holds`), for struct-update syntax:
/// `Claim { faction: "sdf".into(), ..Claim::default() }`.
impl Default for Claim {
    fn default() -> Claim {
        Claim {
            place_id: None,
            name: String::new(),
            lon: None,
            lat: None,
            part: None,
            faction: String::new(),
            relation: Relation::Holds,
            counterpart: None,
            to: None,
            date: None,
            confidence: 0.0,
            quote: std::sync::Arc::from(""),
            start: 0,
            end: 0,
            report_id: None,
            source: None,
            extent_km: None,
            around: false,
            sides: Vec::new(),
            vague: None,
            earlier: false,
            rule: None,
            review: None,
        }
    }
}

use crate::gazetteer::Gazetteer;
use crate::geoparse::Mention;
use crate::report::Report;

/// Why each claim of `report` was made, sentence by sentence
/// (`frontline extract --explain`).
pub mod explain {
    pub use super::extract::explain::{explain, Family, Outcome, Predicate, SentenceExplanation};
}

/// Every control claim stated in `report`, given its mentions.
pub fn extract(
    report: &Report,
    mentions: &[Mention],
    gazetteer: &Gazetteer,
    factions: &Factions,
) -> Vec<Claim> {
    extract::run(report, mentions, gazetteer, factions)
}
