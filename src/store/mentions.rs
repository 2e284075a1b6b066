//! The stored form of a report's mentions: what the geoparser found when the
//! report was ingested (or re-analysed), kept so `GET /api/reports/{id}`
//! answers from the store instead of geoparsing the text again on every read.
//!
//! Places are kept by their stable id (`Place::id`), never by the pack's
//! internal index, so rebuilding or updating the pack does not make stored
//! mentions point at other places; names and points are looked up in the
//! pack on reading, so they follow gazetteer updates. A mention whose place
//! the pack no longer has is dropped on reading (an alternative likewise).
//! The store keeps the encoded text as it is given; it never interprets it.

use crate::gazetteer::Gazetteer;
use crate::geoparse::{Alternative, Direction, Mention, MentionRole, PartKind};
use serde::{Deserialize, Serialize};

/// Version of the encoding, first field of every record: a record of another
/// version is not decoded (the mentions are computed again).
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Stored {
    v: u32,
    m: Vec<StoredMention>,
}

#[derive(Serialize, Deserialize)]
struct StoredMention {
    /// Byte offsets into the report's text.
    s: usize,
    e: usize,
    /// The place's stable id.
    p: String,
    /// Role: "l" location, "d" demonym, "n" inside a name.
    r: char,
    c: f32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    a: Vec<(String, f32)>,
    /// The part meant ("eastern X": direction and "i" inside / "a" around).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    part: Option<(Direction, char)>,
    /// The part's geometry, as drawn when the report was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    g: Option<geojson::Geometry>,
}

fn role_code(r: MentionRole) -> char {
    match r {
        MentionRole::Location => 'l',
        MentionRole::Demonym => 'd',
        MentionRole::InName => 'n',
    }
}

fn role_of(c: char) -> Option<MentionRole> {
    match c {
        'l' => Some(MentionRole::Location),
        'd' => Some(MentionRole::Demonym),
        'n' => Some(MentionRole::InName),
        _ => None,
    }
}

fn part_code(k: PartKind) -> char {
    match k {
        PartKind::Inside => 'i',
        PartKind::Around => 'a',
    }
}

fn part_of(c: char) -> Option<PartKind> {
    match c {
        'i' => Some(PartKind::Inside),
        'a' => Some(PartKind::Around),
        _ => None,
    }
}

/// The mentions as stored text (compact JSON).
pub fn encode(mentions: &[Mention], gazetteer: &Gazetteer) -> String {
    let id = |i| gazetteer.place(i).id.clone();
    let m = mentions
        .iter()
        .map(|m| StoredMention {
            s: m.start,
            e: m.end,
            p: id(m.place),
            r: role_code(m.role),
            c: m.confidence,
            a: m.alternatives
                .iter()
                .map(|a| (id(a.place), a.confidence))
                .collect(),
            part: m.part.map(|(d, k)| (d, part_code(k))),
            g: m.geometry.as_ref().map(geojson::Geometry::from),
        })
        .collect();
    // Plain data: serialising it cannot fail; an empty record is the safe
    // fallback (the report then shows no mentions rather than failing).
    serde_json::to_string(&Stored { v: VERSION, m }).unwrap_or_default()
}

/// The mentions of `text` from their stored form, resolved in `gazetteer`;
/// `None` when the record is unreadable or of another version (compute them
/// again). Mentions whose place the pack no longer has, or whose offsets no
/// longer fit the text, are left out.
pub fn decode(stored: &str, text: &str, gazetteer: &Gazetteer) -> Option<Vec<Mention>> {
    let s: Stored = serde_json::from_str(stored).ok()?;
    if s.v != VERSION {
        return None;
    }
    let mut out = Vec::with_capacity(s.m.len());
    for m in s.m {
        let Some(place) = gazetteer.idx_of(&m.p) else {
            continue;
        };
        let Some(surface) = text.get(m.s..m.e) else {
            continue;
        };
        let Some(role) = role_of(m.r) else { continue };
        let part = match m.part {
            None => None,
            Some((d, k)) => Some((d, part_of(k)?)),
        };
        let geometry = m.g.and_then(|g| geo::Geometry::<f64>::try_from(g).ok());
        out.push(Mention {
            start: m.s,
            end: m.e,
            text: surface.to_string(),
            place,
            role,
            confidence: m.c,
            alternatives: m
                .a
                .into_iter()
                .filter_map(|(id, confidence)| {
                    Some(Alternative {
                        place: gazetteer.idx_of(&id)?,
                        confidence,
                    })
                })
                .collect(),
            part,
            geometry,
        });
    }
    Some(out)
}
