//! Inputs for the speed benchmarks (`frontline bench`, `cargo bench`): control
//! maps of a chosen size and report-like text, built from a region's own
//! gazetteer so that every stage does the work it would do on real input.
//!
//! Nothing here is used by the pipeline itself. The generators are seeded and
//! deterministic, so two runs (or two machines) measure the same input.

use crate::claims::{FactionId, Factions};
use crate::gazetteer::Gazetteer;
use crate::timeline::{ControlMap, Evidence, PlaceControl, Status};

/// A small, fast, seeded pseudo-random generator (SplitMix64): benchmark inputs
/// need to be repeatable, not cryptographic.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// The faction ids the synthetic maps colour places with: the region's own,
/// or six synthetic ids when a pack defines fewer than two (a map with one
/// faction has no frontlines, which would flatter the zone builder).
pub fn faction_ids(factions: &Factions) -> Vec<FactionId> {
    let ids: Vec<FactionId> = factions.all().iter().map(|f| f.id.clone()).collect();
    if ids.len() >= 2 {
        return ids;
    }
    (1..=6).map(|i| format!("side-{i}")).collect()
}

fn held(place_id: String, name: String, lon: f64, lat: f64, faction: FactionId) -> PlaceControl {
    PlaceControl {
        place_id,
        name,
        lon,
        lat,
        part: None,
        faction,
        status: Status::Held,
        contenders: Vec::new(),
        besieger: None,
        since: None,
        confidence: 0.9,
        extent_km: None,
        evidence: vec![Evidence {
            report_id: None,
            quote: String::new(),
            date: None,
            source: Some("bench".into()),
            review: None,
        }],
    }
}

/// A control map of exactly `n` places: the gazetteer's settlements, each
/// given the faction of the nearest of a few random "blob" centres (so
/// territories are spatially coherent, as on a real map, with frontlines
/// between them); beyond the number of settlements, jittered copies of them
/// (a few km away, same faction) fill up to `n`. With no settlements at all
/// (an empty pack) points are drawn uniformly in the region's bounding box.
pub fn synthetic_control(
    gazetteer: &Gazetteer,
    factions: &Factions,
    n: usize,
    seed: u64,
) -> ControlMap {
    let mut rng = Rng::new(seed);
    let ids = faction_ids(factions);
    let [x0, y0, x1, y1] = gazetteer.info().bbox;
    let mut base: Vec<(String, String, f64, f64)> = gazetteer
        .places()
        .iter()
        .filter(|p| p.kind.is_settlement() && in_box(p.point.x(), p.point.y(), [x0, y0, x1, y1]))
        .map(|p| (p.id.clone(), p.name.clone(), p.point.x(), p.point.y()))
        .collect();
    if base.is_empty() {
        base = (0..n.clamp(1, 5000))
            .map(|i| {
                let lon = x0 + rng.unit() * (x1 - x0);
                let lat = y0 + rng.unit() * (y1 - y0);
                (format!("synthetic:{i}"), format!("Synthetic {i}"), lon, lat)
            })
            .collect();
    }
    // Blob centres: about three per faction, anywhere in the box.
    let blobs: Vec<(f64, f64, usize)> = (0..ids.len() * 3)
        .map(|i| {
            (
                x0 + rng.unit() * (x1 - x0),
                y0 + rng.unit() * (y1 - y0),
                i % ids.len(),
            )
        })
        .collect();
    let faction_at = |lon: f64, lat: f64| -> FactionId {
        let best = blobs
            .iter()
            .min_by(|a, b| {
                let da = (a.0 - lon).powi(2) + (a.1 - lat).powi(2);
                let db = (b.0 - lon).powi(2) + (b.1 - lat).powi(2);
                da.total_cmp(&db)
            })
            .map(|b| b.2)
            .unwrap_or(0);
        ids[best].clone()
    };
    // A random subset when there are more settlements than asked for.
    shuffle(&mut base, &mut rng);
    let mut places = Vec::with_capacity(n);
    for (id, name, lon, lat) in base.iter().take(n) {
        places.push(held(
            id.clone(),
            name.clone(),
            *lon,
            *lat,
            faction_at(*lon, *lat),
        ));
    }
    let originals = places.len();
    let mut copy = 0usize;
    while places.len() < n {
        let src = &places[copy % originals];
        let round = copy / originals + 1;
        // 1–4 km away in a random direction (0.01° ≈ 1.1 km).
        let r = 0.01 + rng.unit() * 0.03;
        let a = rng.unit() * std::f64::consts::TAU;
        let (lon, lat) = (src.lon + r * a.cos(), src.lat + r * a.sin());
        let p = held(
            format!("{}#copy{round}", src.place_id),
            src.name.clone(),
            lon,
            lat,
            src.faction.clone(),
        );
        places.push(p);
        copy += 1;
    }
    ControlMap {
        as_of: None,
        places,
        routes: Vec::new(),
        encirclements: Vec::new(),
        advances: Vec::new(),
    }
}

fn in_box(lon: f64, lat: f64, b: [f64; 4]) -> bool {
    lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3]
}

fn shuffle<T>(v: &mut [T], rng: &mut Rng) {
    for i in (1..v.len()).rev() {
        let j = rng.below(i + 1);
        v.swap(i, j);
    }
}

/// What is wrong with a control snapshot CSV, and where.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("{file}: no header line")]
    NoHeader { file: String },
    #[error("{file}: header has no {column:?} column")]
    MissingColumn { file: String, column: &'static str },
    #[error("{file}:{line}: unterminated quoted field")]
    Unterminated { file: String, line: usize },
    #[error("{file}: no usable rows (need numeric lat/lon and a faction)")]
    Empty { file: String },
}

/// Splits CSV text into records (RFC 4180: quoted fields may hold commas,
/// doubled quotes and newlines). Returns each record with its 1-based line.
fn csv_records(file: &str, text: &str) -> Result<Vec<(usize, Vec<String>)>, SnapshotError> {
    let mut out = Vec::new();
    let mut rec: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1usize;
    let mut rec_line = 1usize;
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => rec.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                rec.push(std::mem::take(&mut field));
                out.push((rec_line, std::mem::take(&mut rec)));
                line += 1;
                rec_line = line;
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(SnapshotError::Unterminated {
            file: file.into(),
            line: rec_line,
        });
    }
    if !field.is_empty() || !rec.is_empty() {
        rec.push(field);
        out.push((rec_line, rec));
    }
    Ok(out)
}

/// Reads a control snapshot CSV (columns `label`, `lat`, `lon`, `faction`,
/// optionally `contested_between` as `a|b` and `besieged` as `true`) into a
/// control map. Rows without numeric coordinates or with faction `unknown`
/// (map decorations, insets) are skipped; `contested` rows become contested
/// places between the listed factions.
pub fn snapshot_control(file: &str, csv: &str) -> Result<ControlMap, SnapshotError> {
    let records = csv_records(file, csv)?;
    let mut it = records.into_iter();
    let (_, header) = it
        .next()
        .ok_or_else(|| SnapshotError::NoHeader { file: file.into() })?;
    let col = |name: &'static str| {
        header
            .iter()
            .position(|h| h.trim() == name)
            .ok_or(SnapshotError::MissingColumn {
                file: file.into(),
                column: name,
            })
    };
    let (c_label, c_lat, c_lon, c_faction) =
        (col("label")?, col("lat")?, col("lon")?, col("faction")?);
    let c_contest = col("contested_between").ok();
    let c_besieged = col("besieged").ok();
    let mut places = Vec::new();
    for (line, rec) in it {
        let get = |i: usize| rec.get(i).map(|s| s.trim()).unwrap_or("");
        let (Ok(lat), Ok(lon)) = (get(c_lat).parse::<f64>(), get(c_lon).parse::<f64>()) else {
            continue;
        };
        let faction = get(c_faction);
        if faction.is_empty() || faction == "unknown" || !lat.is_finite() || !lon.is_finite() {
            continue;
        }
        let label = get(c_label);
        let name = if label.is_empty() {
            format!("row {line}")
        } else {
            label.to_string()
        };
        let mut p = held(
            format!("snapshot:{line}"),
            name,
            lon,
            lat,
            faction.to_string(),
        );
        if faction == "contested" {
            let sides: Vec<FactionId> = c_contest
                .map(get)
                .unwrap_or("")
                .split('|')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let Some(first) = sides.first().cloned() else {
                continue;
            };
            p.faction = first;
            p.status = Status::Contested;
            p.contenders = sides;
        } else if c_besieged.map(get) == Some("true") {
            p.status = Status::Besieged;
        }
        places.push(p);
    }
    if places.is_empty() {
        return Err(SnapshotError::Empty { file: file.into() });
    }
    Ok(ControlMap {
        as_of: None,
        places,
        routes: Vec::new(),
        encirclements: Vec::new(),
        advances: Vec::new(),
    })
}

/// `map` with exactly `n` places: a seeded random subset when it has more,
/// jittered copies (1–4 km away, same state) when it has fewer.
pub fn resize_control(map: &ControlMap, n: usize, seed: u64) -> ControlMap {
    let mut rng = Rng::new(seed);
    let mut places = map.places.clone();
    shuffle(&mut places, &mut rng);
    places.truncate(n);
    let originals = places.len();
    let mut copy = 0usize;
    while places.len() < n && originals > 0 {
        let mut p = places[copy % originals].clone();
        let round = copy / originals + 1;
        let r = 0.01 + rng.unit() * 0.03;
        let a = rng.unit() * std::f64::consts::TAU;
        p.lon += r * a.cos();
        p.lat += r * a.sin();
        p.place_id = format!("{}#copy{round}", p.place_id);
        places.push(p);
        copy += 1;
    }
    ControlMap {
        as_of: map.as_of,
        places,
        routes: map.routes.clone(),
        encirclements: map.encirclements.clone(),
        advances: map.advances.clone(),
    }
}

/// Report-like English text of about `bytes` bytes, in paragraphs separated by
/// blank lines, naming the gazetteer's places and the factions' own words in
/// the phrasings conflict reporting uses (captures, sieges, "X-held",
/// directions). Written from templates here, not copied from any source.
pub fn synthetic_text(
    gazetteer: &Gazetteer,
    factions: &Factions,
    bytes: usize,
    seed: u64,
) -> String {
    let mut rng = Rng::new(seed);
    let mut names: Vec<&str> = gazetteer
        .places()
        .iter()
        .filter(|p| !p.kind.is_area() || p.importance > 0.3)
        .map(|p| p.name.as_str())
        .collect();
    if names.is_empty() {
        // an empty pack: synthetic names shaped like real ones (article, hyphen)
        names = vec![
            "Placeone",
            "Tal Placetwo",
            "al-Placethree",
            "Place-Four",
            "Placefive",
        ];
    }
    let actors: Vec<String> = {
        let mut a: Vec<String> = factions
            .all()
            .iter()
            .flat_map(|f| f.names.iter().cloned())
            .collect();
        if a.is_empty() {
            a = vec!["government forces".into(), "rebel fighters".into()];
        }
        a
    };
    let adjectives: Vec<String> = {
        let mut a: Vec<String> = factions
            .all()
            .iter()
            .flat_map(|f| f.held_adjectives.iter().cloned())
            .collect();
        if a.is_empty() {
            a = vec!["government".into(), "rebel".into()];
        }
        a
    };
    const TEMPLATES: &[&str] = &[
        "{A} took control of {P} on Tuesday after two days of heavy shelling, a monitor said.",
        "Residents of the {J}-held town of {P} reported airstrikes overnight.",
        "Fighting continued on the outskirts of {P}, some 12 km west of {Q}.",
        "{A} said they had broken the siege of {P} and reopened the road to {Q}.",
        "The village of {P} fell to {A} late on Sunday, according to local activists.",
        "Aid convoys have not reached {P} since the road from {Q} was cut in the spring.",
        "Clashes erupted between {A} and rival groups in eastern {P}.",
        "{A} shelled positions north of {Q}, killing at least four people.",
        "Officials in {Q} denied that the town had changed hands.",
        "The offensive towards {P} stalled near the {J}-controlled hill overlooking {Q}.",
        "Thousands of families fled {P} for camps near {Q} as the front moved closer.",
        "Markets in {Q} reopened on Friday for the first time in weeks.",
    ];
    let mut out = String::with_capacity(bytes + 512);
    while out.len() < bytes {
        let sentences = 3 + rng.below(5);
        for s in 0..sentences {
            let t = TEMPLATES[rng.below(TEMPLATES.len())];
            let p = names[rng.below(names.len())];
            let q = names[rng.below(names.len())];
            let a = &actors[rng.below(actors.len())];
            let j = &adjectives[rng.below(adjectives.len())];
            let mut sentence = t.replace("{P}", p).replace("{Q}", q).replace("{J}", j);
            if sentence.starts_with("{A}") {
                let mut cap = a.clone();
                if let Some(f) = cap.get_mut(0..1) {
                    f.make_ascii_uppercase();
                }
                sentence = sentence.replacen("{A}", &cap, 1);
            }
            sentence = sentence.replace("{A}", a);
            if s > 0 {
                out.push(' ');
            }
            out.push_str(&sentence);
        }
        out.push_str("\n\n");
    }
    out
}

/// Splits a corpus into report-sized documents: paragraphs (blank-line
/// separated) are grouped greedily until a document reaches `target` bytes.
/// `scripts/bench-peers.sh` chunks the same way, so both sides see the same
/// documents. Every byte of `text` is in exactly one document.
pub fn split_documents(text: &str, target: usize) -> Vec<&str> {
    let mut docs = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' && i + 1 < bytes.len() && bytes[i + 1] == b'\n' {
            let end = i + 2;
            if end - start >= target {
                docs.push(&text[start..end]);
                start = end;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    if start < text.len() {
        docs.push(&text[start..]);
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_handles_quotes_commas_and_newlines() {
        let recs = csv_records(
            "t.csv",
            "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",2\n",
        )
        .unwrap();
        assert_eq!(recs.len(), 3);
        assert_eq!(
            recs[1].1,
            vec!["x, y".to_string(), "say \"hi\"".to_string()]
        );
        assert_eq!(recs[2].0, 3);
        assert_eq!(recs[2].1[0], "multi\nline");
    }

    #[test]
    fn csv_unterminated_quote_names_the_line() {
        let err = csv_records("t.csv", "a,b\n1,2\n\"open,3\n").unwrap_err();
        assert_eq!(err.to_string(), "t.csv:3: unterminated quoted field");
    }

    #[test]
    fn snapshot_rows_become_places() {
        let csv = "label,lat,lon,faction,contested_between,besieged\n\
                   Town A,35.1,37.2,government,,false\n\
                   inset,36.0,37.0,unknown,,false\n\
                   Town B,35.3,37.4,contested,government|sdf,false\n\
                   Town C,34.0,36.5,opposition,,true\n\
                   bad,x,37.0,government,,false\n";
        let map = snapshot_control("s.csv", csv).unwrap();
        assert_eq!(map.places.len(), 3);
        assert_eq!(map.places[0].name, "Town A");
        assert_eq!(map.places[1].status, Status::Contested);
        assert_eq!(map.places[1].contenders, vec!["government", "sdf"]);
        assert_eq!(map.places[2].status, Status::Besieged);
    }

    #[test]
    fn snapshot_without_columns_is_an_error() {
        let err = snapshot_control("s.csv", "label,lat\nA,1\n").unwrap_err();
        assert!(err.to_string().contains("\"lon\""), "{err}");
    }

    #[test]
    fn resize_reaches_exact_counts_with_distinct_ids() {
        let csv =
            "label,lat,lon,faction\nA,35.0,37.0,government\nB,35.5,37.5,sdf\nC,36.0,38.0,isis\n";
        let map = snapshot_control("s.csv", csv).unwrap();
        for n in [1, 3, 10] {
            let m = resize_control(&map, n, 7);
            assert_eq!(m.places.len(), n);
            let ids: std::collections::HashSet<_> = m.places.iter().map(|p| &p.place_id).collect();
            assert_eq!(ids.len(), n);
        }
    }

    #[test]
    fn split_documents_covers_every_byte() {
        let text = "aaa\n\nbbb bbb\n\nc\n\nddddddd\n\ne";
        let docs = split_documents(text, 6);
        assert_eq!(docs.concat(), text);
        assert!(docs.len() >= 2);
        assert!(docs[..docs.len() - 1]
            .iter()
            .all(|d| d.len() >= 6 && d.ends_with("\n\n")));
    }

    #[test]
    fn synthetic_control_is_sized_coherent_and_repeatable() {
        let region = crate::Region::bundled().unwrap();
        let a = synthetic_control(&region.gazetteer, &region.factions, 300, 1);
        let b = synthetic_control(&region.gazetteer, &region.factions, 300, 1);
        assert_eq!(a.places.len(), 300);
        let key = |m: &ControlMap| {
            m.places
                .iter()
                .map(|p| (p.place_id.clone(), p.faction.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(key(&a), key(&b));
        let factions: std::collections::HashSet<_> = a.places.iter().map(|p| &p.faction).collect();
        assert!(factions.len() >= 2, "one faction only: {factions:?}");
    }

    #[test]
    fn synthetic_text_has_requested_size_and_paragraphs() {
        let region = crate::Region::bundled().unwrap();
        let t = synthetic_text(&region.gazetteer, &region.factions, 10_000, 3);
        assert!(t.len() >= 10_000 && t.len() < 12_000);
        assert!(t.contains("\n\n"));
        assert_eq!(
            t,
            synthetic_text(&region.gazetteer, &region.factions, 10_000, 3)
        );
    }
}
