//! What an analyst's review did to a claim, carried on the claim from the
//! review stage (`review::apply`) to the evidence the map and the exports
//! show. Extraction never sets it and the store never keeps it: corrections
//! are stored on their own and applied again on every read.

use serde::{Deserialize, Serialize};

/// The latest correction that touched a claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimReview {
    /// The id corrections target: the claim's id as the extractor made it
    /// (before any correction changed its place, side or relation).
    pub claim_id: String,
    /// What the correction did: `rejected`, `confirmed`, `moved`, `changed`
    /// or `added` (a manual claim).
    pub action: String,
    /// Who made it (the name behind the token, or `--author`).
    pub corrected_by: String,
    /// Why, in the analyst's words.
    pub correction_reason: String,
    /// Its id in the audit log.
    pub correction: i64,
}
