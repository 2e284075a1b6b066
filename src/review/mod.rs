//! Analyst review: corrections to what the machine read, kept as data.
//!
//! A [`Correction`] says who (the name behind the write token, or
//! `--author`), when, why (free text) and what: reject a claim, confirm it,
//! move it (or one mention) to another gazetteer place, change its side or
//! relation, add a manual claim, or undo an earlier correction. The store
//! keeps corrections append-only; nothing is ever deleted, only superseded
//! by a later correction or undone.
//!
//! This stage sits between claims and the timeline: [`apply`] takes the
//! stored claims and every correction and gives the claims the timeline
//! fuses (rejected ones set aside, the others marked with the correction
//! that touched them). It may read the gazetteer and factions; it never
//! writes to the store and knows nothing of dates beyond the claims' own.
//!
//! Corrections target claims by [`claim_id`], a hash of what the claim says
//! and where (report, place, side, relation, quote): stable across restarts
//! and stores, and, when a re-analysis changes the claim, matched again by
//! report + place + quote (see [`apply`]).

mod apply;

pub use apply::{apply, Reviewed};

use crate::claims::{Claim, Factions, Relation};
use crate::gazetteer::Gazetteer;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Confidence of a claim an analyst confirmed, corrected or added (at least).
pub const REVIEWED_CONFIDENCE: f32 = 0.95;

/// The source of a manual claim when the analyst names none.
pub const MANUAL_SOURCE: &str = "manual";

/// Longest reason, author name or manual quote accepted (bytes).
const MAX_TEXT: usize = 4000;

/// One correction as stored: who, when, why, what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    /// Its id in the audit log (given by the store).
    pub id: i64,
    pub author: String,
    /// When it was stored, RFC 3339 UTC.
    pub at: String,
    pub reason: String,
    pub action: Action,
}

/// What a correction changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// Not a control statement, wrong place or wrong side: not drawn.
    Reject { claim: ClaimRef },
    /// The claim is right: its confidence rises, it shows as reviewed.
    Confirm { claim: ClaimRef },
    /// The claim is about another gazetteer place.
    Move { claim: ClaimRef, place_id: String },
    /// One mention of a report is another place ("the other Nubl"): every
    /// claim of that report on the old place whose quote holds the mention.
    MoveMention {
        mention: MentionRef,
        place_id: String,
    },
    /// Another side or relation.
    Change {
        claim: ClaimRef,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        faction: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        relation: Option<Relation>,
    },
    /// A claim no report made (a phone call, a field visit).
    Add { claim: ManualClaim },
    /// Takes back an earlier correction (an undone undo stands again).
    Undo { correction: i64 },
}

impl Action {
    /// The action's name as the CLI and the API spell it.
    pub fn kind(&self) -> &'static str {
        match self {
            Action::Reject { .. } => "reject",
            Action::Confirm { .. } => "confirm",
            Action::Move { .. } => "move",
            Action::MoveMention { .. } => "move_mention",
            Action::Change { .. } => "change",
            Action::Add { .. } => "add",
            Action::Undo { .. } => "undo",
        }
    }

    /// What it points at, for the audit log: a claim id, a mention
    /// (`report:start-end`), a manual claim's place or a correction id.
    pub fn target(&self) -> String {
        match self {
            Action::Reject { claim }
            | Action::Confirm { claim }
            | Action::Move { claim, .. }
            | Action::Change { claim, .. } => claim.claim_id.clone(),
            Action::MoveMention { mention, .. } => {
                format!("{}:{}-{}", mention.report_id, mention.start, mention.end)
            }
            Action::Add { claim } => claim.place_id.clone(),
            Action::Undo { correction } => format!("correction:{correction}"),
        }
    }
}

/// A claim as a correction remembers it: its id, and what is needed to find
/// it again when a re-analysis changed the id (report, place, quote).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimRef {
    pub claim_id: String,
    #[serde(default)]
    pub report_id: Option<String>,
    #[serde(default)]
    pub place_id: Option<String>,
    pub name: String,
    pub faction: String,
    pub relation: Relation,
    pub quote: String,
}

impl ClaimRef {
    pub fn of(c: &Claim) -> ClaimRef {
        ClaimRef {
            claim_id: original_id(c),
            report_id: c.report_id.clone(),
            place_id: c.place_id.clone(),
            name: c.name.clone(),
            faction: c.faction.clone(),
            relation: c.relation,
            quote: c.quote.to_string(),
        }
    }
}

/// One place mention of a stored report, by byte span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRef {
    pub report_id: String,
    pub start: usize,
    pub end: usize,
    /// The mention's text.
    pub text: String,
    /// The place the geoparser read there.
    pub place_id: Option<String>,
}

/// A claim an analyst adds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManualClaim {
    pub place_id: String,
    pub faction: String,
    pub relation: Relation,
    pub date: NaiveDate,
    pub source: String,
    pub quote: String,
}

/// The id corrections target: 12 hex digits of SHA-256 over the report, the
/// place and its part, the side, the relation, the route's other end and
/// the quote. For a corrected claim, the id it had as extracted.
pub fn claim_id(c: &Claim) -> String {
    let mut h = Sha256::new();
    let mut field = |s: &str| {
        h.update((s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    field(c.report_id.as_deref().unwrap_or(""));
    field(c.place_id.as_deref().unwrap_or(&c.name));
    field(c.part.map_or("", |d| d.as_str()));
    field(&c.faction);
    field(c.relation.as_str());
    field(c.to.as_deref().unwrap_or(""));
    field(if c.around { "around" } else { "" });
    field(&c.quote);
    let digest = h.finalize();
    digest[..6].iter().map(|b| format!("{b:02x}")).collect()
}

/// The id of the claim an `add` correction with id `correction` makes (its
/// report is `correction:<id>`), without building the claim: what
/// `frontline migrate` needs to carry references to it over to new ids.
pub fn manual_claim_id(correction: i64, m: &ManualClaim) -> String {
    claim_id(&Claim {
        report_id: Some(format!("correction:{correction}")),
        place_id: Some(m.place_id.clone()),
        faction: m.faction.clone(),
        relation: m.relation,
        quote: m.quote.as_str().into(),
        ..Claim::default()
    })
}

/// The id a correction targets on this claim: the one it had as extracted.
pub fn original_id(c: &Claim) -> String {
    match &c.review {
        Some(r) => r.claim_id.clone(),
        None => claim_id(c),
    }
}

/// Why a correction cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
    /// The store could not be read to check the request.
    #[error("{0}")]
    Store(String),
}

/// What an analyst asks for (the body of `POST /api/corrections`, and what
/// `frontline review` builds from its arguments), before it is checked
/// against the store and the gazetteer by [`resolve`].
#[derive(Debug, Clone, Deserialize)]
pub struct Request {
    /// Why, in the analyst's words (required).
    #[serde(default)]
    pub reason: String,
    /// Who, on a server without tokens and for the CLI; a server with named
    /// tokens takes the token's name instead.
    #[serde(default)]
    pub author: Option<String>,
    #[serde(flatten)]
    pub asked: Asked,
}

/// The action asked for, with the ids it names.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Asked {
    Reject {
        claim: String,
    },
    Confirm {
        claim: String,
    },
    /// A claim (`claim`) or a mention (`report_id`, `start`, `end`) to `place_id`.
    Move {
        #[serde(default)]
        claim: Option<String>,
        #[serde(default)]
        report_id: Option<String>,
        #[serde(default)]
        start: Option<usize>,
        #[serde(default)]
        end: Option<usize>,
        place_id: String,
    },
    Change {
        claim: String,
        #[serde(default)]
        faction: Option<String>,
        #[serde(default)]
        relation: Option<String>,
    },
    Add {
        place_id: String,
        faction: String,
        #[serde(default)]
        relation: Option<String>,
        date: String,
        #[serde(default)]
        source: Option<String>,
        #[serde(default)]
        quote: Option<String>,
    },
    Undo {
        correction: i64,
    },
}

/// What [`resolve`] may look at: every claim a correction can target (the
/// stored claims and the manual ones, as extracted), the corrections so
/// far, and a way to find a report's mention at a byte span.
pub struct Context<'a> {
    pub claims: &'a [Claim],
    pub corrections: &'a [Correction],
    pub gazetteer: &'a Gazetteer,
    pub factions: &'a Factions,
    /// `(report_id, start, end)` → the place mention of that report spanning
    /// those bytes, or why there is none.
    pub mention: &'a dyn Fn(&str, usize, usize) -> Result<MentionRef, ReviewError>,
}

fn relation_named(s: &str) -> Result<Relation, ReviewError> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_ascii_lowercase())).map_err(|_| {
        ReviewError::Invalid(format!(
            "relation {s:?}: expected holds, captured, lost, besieges, besieged, siege_broken or contested"
        ))
    })
}

fn check_text(what: &str, s: &str) -> Result<(), ReviewError> {
    if s.len() > MAX_TEXT {
        return Err(ReviewError::Invalid(format!(
            "{what} is too long ({} bytes, at most {MAX_TEXT})",
            s.len()
        )));
    }
    Ok(())
}

impl Context<'_> {
    fn claim(&self, id: &str) -> Result<ClaimRef, ReviewError> {
        let id = id.trim();
        self.claims
            .iter()
            .find(|c| original_id(c) == id)
            .map(ClaimRef::of)
            .ok_or_else(|| {
                ReviewError::NotFound(format!(
                    "no claim with id {id:?} (ids are listed by `frontline review list` and GET /api/review)"
                ))
            })
    }

    fn place(&self, id: &str) -> Result<String, ReviewError> {
        let id = id.trim();
        self.gazetteer
            .get(id)
            .map(|p| p.id.clone())
            .ok_or_else(|| ReviewError::NotFound(format!("no gazetteer place with id {id:?}")))
    }

    /// A faction in any spelling the region's factions data knows: id,
    /// alias, display name or one of its names ("SDF", "Islamic State").
    fn faction(&self, key: &str) -> Result<String, ReviewError> {
        let fold = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        };
        let wanted = fold(key);
        let alias = key.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        let all = self.factions.all();
        all.iter()
            .find(|f| fold(&f.id) == wanted || fold(&f.name) == wanted)
            .or_else(|| self.factions.by_key(&alias))
            .or_else(|| {
                all.iter()
                    .find(|f| f.names.iter().any(|n| fold(n) == wanted))
            })
            .map(|f| f.id.clone())
            .ok_or_else(|| {
                let known: Vec<&str> = all.iter().map(|f| f.id.as_str()).collect();
                ReviewError::Invalid(format!(
                    "faction {key:?} is not one of this region's ({})",
                    known.join(", ")
                ))
            })
    }
}

/// Checks a request against what is stored and turns it into the action to
/// store, with its reason and author (`author` overrides the request's own:
/// the name behind the token).
pub fn resolve(
    req: Request,
    author: Option<&str>,
    cx: &Context,
) -> Result<(String, String, Action), ReviewError> {
    let reason = req.reason.trim().to_string();
    if reason.is_empty() {
        return Err(ReviewError::Invalid(
            "reason is empty: say why (it goes into the audit log)".into(),
        ));
    }
    check_text("reason", &reason)?;
    let author = author
        .map(str::to_string)
        .or(req.author.map(|a| a.trim().to_string()))
        .filter(|a| !a.is_empty())
        .unwrap_or_else(|| "anonymous".to_string());
    check_text("author", &author)?;
    let action = match req.asked {
        Asked::Reject { claim } => Action::Reject {
            claim: cx.claim(&claim)?,
        },
        Asked::Confirm { claim } => Action::Confirm {
            claim: cx.claim(&claim)?,
        },
        Asked::Move {
            claim,
            report_id,
            start,
            end,
            place_id,
        } => {
            let place_id = cx.place(&place_id)?;
            match (claim, report_id, start, end) {
                (Some(claim), None, None, None) => Action::Move {
                    claim: cx.claim(&claim)?,
                    place_id,
                },
                (None, Some(report_id), Some(start), Some(end)) => Action::MoveMention {
                    mention: (cx.mention)(report_id.trim(), start, end)?,
                    place_id,
                },
                _ => {
                    return Err(ReviewError::Invalid(
                        "move: give either claim, or report_id with start and end (a mention)"
                            .into(),
                    ))
                }
            }
        }
        Asked::Change {
            claim,
            faction,
            relation,
        } => {
            if faction.is_none() && relation.is_none() {
                return Err(ReviewError::Invalid(
                    "change: give faction or relation (or both)".into(),
                ));
            }
            Action::Change {
                claim: cx.claim(&claim)?,
                faction: faction.map(|f| cx.faction(&f)).transpose()?,
                relation: relation.map(|r| relation_named(&r)).transpose()?,
            }
        }
        Asked::Add {
            place_id,
            faction,
            relation,
            date,
            source,
            quote,
        } => {
            let date = crate::report::parse_date(&date)
                .filter(|_| date.trim().len() == 10)
                .ok_or_else(|| {
                    ReviewError::Invalid(format!("date {date:?}: expected YYYY-MM-DD"))
                })?;
            let date = crate::report::check_date(date).map_err(|range| {
                ReviewError::Invalid(format!("date {date} is out of range ({range})"))
            })?;
            let relation = match relation {
                Some(r) => relation_named(&r)?,
                None => Relation::Holds,
            };
            if matches!(relation, Relation::RouteCut | Relation::RouteOpen) {
                return Err(ReviewError::Invalid(
                    "add: route claims need two places; add a holds/captured/… claim".into(),
                ));
            }
            let source = source
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| MANUAL_SOURCE.to_string());
            let quote = quote
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| reason.clone());
            check_text("source", &source)?;
            check_text("quote", &quote)?;
            Action::Add {
                claim: ManualClaim {
                    place_id: cx.place(&place_id)?,
                    faction: cx.faction(&faction)?,
                    relation,
                    date,
                    source,
                    quote,
                },
            }
        }
        Asked::Undo { correction } => {
            if !cx.corrections.iter().any(|c| c.id == correction) {
                return Err(ReviewError::NotFound(format!(
                    "no correction with id {correction} in the audit log"
                )));
            }
            Action::Undo { correction }
        }
    };
    Ok((author, reason, action))
}

/// The manual claims of the corrections, as extracted (no review marks): with
/// the stored claims, what corrections can target.
pub fn manual_claims(corrections: &[Correction], gazetteer: &Gazetteer) -> Vec<Claim> {
    corrections
        .iter()
        .filter_map(|c| match &c.action {
            Action::Add { claim } => Some(apply::manual_claim(c.id, claim, gazetteer)),
            _ => None,
        })
        .collect()
}
