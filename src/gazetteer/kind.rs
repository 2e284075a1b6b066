//! What kind of place a [`super::Place`] is.

use serde::{Deserialize, Serialize};

/// The `feature` values of DESIGN.md's mention features.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    Country,
    Governorate,
    District,
    Subdistrict,
    Region,
    City,
    Town,
    Village,
    Neighbourhood,
    Crossing,
    Border,
    Road,
    River,
    Lake,
    Airbase,
    Base,
    Mountain,
    Hill,
    Dam,
    Oilfield,
    Landmark,
}

impl PlaceKind {
    /// Every kind, in declaration order (`kind as u8` indexes it).
    pub const ALL: [PlaceKind; 21] = [
        PlaceKind::Country,
        PlaceKind::Governorate,
        PlaceKind::District,
        PlaceKind::Subdistrict,
        PlaceKind::Region,
        PlaceKind::City,
        PlaceKind::Town,
        PlaceKind::Village,
        PlaceKind::Neighbourhood,
        PlaceKind::Crossing,
        PlaceKind::Border,
        PlaceKind::Road,
        PlaceKind::River,
        PlaceKind::Lake,
        PlaceKind::Airbase,
        PlaceKind::Base,
        PlaceKind::Mountain,
        PlaceKind::Hill,
        PlaceKind::Dam,
        PlaceKind::Oilfield,
        PlaceKind::Landmark,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::Governorate => "governorate",
            PlaceKind::District => "district",
            PlaceKind::Subdistrict => "subdistrict",
            PlaceKind::Region => "region",
            PlaceKind::City => "city",
            PlaceKind::Town => "town",
            PlaceKind::Village => "village",
            PlaceKind::Neighbourhood => "neighbourhood",
            PlaceKind::Crossing => "crossing",
            PlaceKind::Border => "border",
            PlaceKind::Road => "road",
            PlaceKind::River => "river",
            PlaceKind::Lake => "lake",
            PlaceKind::Airbase => "airbase",
            PlaceKind::Base => "base",
            PlaceKind::Mountain => "mountain",
            PlaceKind::Hill => "hill",
            PlaceKind::Dam => "dam",
            PlaceKind::Oilfield => "oilfield",
            PlaceKind::Landmark => "landmark",
        }
    }

    /// Populated places whose control a map colours: cities, towns, villages, neighbourhoods.
    pub fn is_settlement(self) -> bool {
        matches!(
            self,
            PlaceKind::City | PlaceKind::Town | PlaceKind::Village | PlaceKind::Neighbourhood
        )
    }

    /// Places that can be held: settlements and point features such as bases and crossings.
    pub fn is_holdable(self) -> bool {
        self.is_settlement()
            || matches!(
                self,
                PlaceKind::Crossing
                    | PlaceKind::Airbase
                    | PlaceKind::Base
                    | PlaceKind::Hill
                    | PlaceKind::Mountain
                    | PlaceKind::Dam
                    | PlaceKind::Oilfield
                    | PlaceKind::Landmark
            )
    }

    /// Areas drawn as polygons.
    pub fn is_area(self) -> bool {
        matches!(
            self,
            PlaceKind::Country
                | PlaceKind::Governorate
                | PlaceKind::District
                | PlaceKind::Subdistrict
                | PlaceKind::Region
                | PlaceKind::Lake
        )
    }

    /// Lines: borders, roads, rivers.
    pub fn is_linear(self) -> bool {
        matches!(self, PlaceKind::Border | PlaceKind::Road | PlaceKind::River)
    }
}

impl std::fmt::Display for PlaceKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
