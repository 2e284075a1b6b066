//! `frontline eval DIR`: scores geoparsing and control claims on a folder of
//! gold-annotated reports (`NNN.txt` + `NNN.gold.json`, the eval-dev format),
//! in-process, with the same rules as the eval-dev `score.py`: a mention counts
//! when its span overlaps a gold span; it is resolved when it lies within a
//! per-kind distance of the gold point; a control fact counts when a place of
//! the one-shot map lies within 5 km (or has the same name) with the right
//! faction or contested status.
//!
//! Per rule: every claim of the one-shot assembly carries the rule that made
//! it (`Claim::rule`: a pattern family or `frame-id:trigger`). A claim is
//! right when it fits a gold fact of its report by the same test (its place
//! within 5 km or of the same name, its holder on the fact's side, or
//! contested for a contested fact). A rule that fires in one document only
//! is flagged: it may be written for that document.

use anyhow::{bail, Context, Result};
use frontline::claims::{Claim, Factions, Relation};
use frontline::geoparse::MentionRole;
use frontline::report::Report;
use frontline::timeline::{Status, Timeline};
use frontline::Region;
use geo::{Closest, ClosestPoint, Contains, Geometry, Point};
use serde::Deserialize;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Folder of NNN.txt reports with NNN.gold.json annotations.
    dirs: Vec<PathBuf>,
    /// A further folder (repeatable; scored together with the positional ones).
    #[arg(long = "dir")]
    more_dirs: Vec<PathBuf>,
    /// List every miss, wrong placement and extra mention.
    #[arg(short, long)]
    verbose: bool,
    /// Print the figures and the per-rule table as one JSON object.
    #[arg(long)]
    json: bool,
}

/// How one rule did over the scored reports.
#[derive(Default, serde::Serialize)]
struct RuleTally {
    rule: String,
    fired: usize,
    right: usize,
    /// The reports it fired in.
    documents: std::collections::BTreeSet<String>,
    single_document: bool,
}

#[derive(Deserialize)]
struct Gold {
    toponyms: Vec<GoldToponym>,
    #[serde(default)]
    control: Vec<GoldFact>,
}

#[derive(Deserialize)]
struct GoldToponym {
    mention: String,
    #[serde(default)]
    name: Option<String>,
    kind: String,
    lat: Option<f64>,
    lon: Option<f64>,
    /// Character offsets into the whole file.
    spans: Vec<(usize, usize)>,
}

#[derive(Deserialize)]
struct GoldFact {
    place: String,
    faction: String,
    /// "withdrawn" / "lost": `faction` left the place.
    #[serde(default)]
    event: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
}

#[derive(Default)]
struct Tally {
    tp: usize,
    fp: usize,
    fn_: usize,
    resolved_ok: usize,
    resolved_n: usize,
    settle_ok: usize,
    settle_n: usize,
    errors_km: Vec<f64>,
    control_tp: usize,
    control_pred: usize,
    control_pred_ok: usize,
    control_pred_agree: usize,
    control_gold: usize,
    /// Location mentions in all, and those that end unresolved: a
    /// provisional place (a name no pack place matches, placed near its
    /// anchor, issue 12 point 5).
    mentions: usize,
    unresolved: usize,
}

const SETTLEMENT: &[&str] = &[
    "city",
    "town",
    "village",
    "neighbourhood",
    "crossing",
    "airbase",
    "landmark",
    "mountain",
    "oilfield",
    "dam",
    "hill",
    "base",
];

fn threshold_km(kind: &str) -> f64 {
    match kind {
        k if SETTLEMENT.contains(&k) => 5.0,
        "governorate" | "district" | "region" | "subdistrict" => 25.0,
        "border" | "river" | "road" => 10.0,
        "country" => 400.0,
        _ => 10.0,
    }
}

/// Whether a gold faction (an id or an alias of the pack's `factions.toml`) is
/// satisfied by the predicted faction id.
fn faction_ok(factions: &Factions, gold: &str, predicted: &str) -> bool {
    factions.key_means(gold, predicted)
}

/// The scorer's name key: ASCII, lower case, no article prefixes, letters only.
fn norm(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let ascii: String = s
        .nfkd()
        .filter(char::is_ascii)
        .collect::<String>()
        .to_lowercase();
    let mut out = String::new();
    let mut word_start = true;
    let b = ascii.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if word_start {
            let rest = &ascii[i..];
            if let Some(skip) = ["al", "el", "ar", "as", "ash", "az", "ad", "an", "at"]
                .iter()
                .find_map(|a| {
                    let after = rest.strip_prefix(a)?;
                    after.starts_with(['-', ' ']).then_some(a.len() + 1)
                })
            {
                i += skip;
                continue;
            }
        }
        let c = b[i] as char;
        word_start = !c.is_ascii_alphanumeric();
        if c.is_ascii_lowercase() {
            out.push(c);
        }
        i += 1;
    }
    out
}

fn distance_km(lat: f64, lon: f64, g: &Geometry<f64>) -> f64 {
    let p = Point::new(lon, lat);
    if matches!(g, Geometry::Polygon(_) | Geometry::MultiPolygon(_)) && g.contains(&p) {
        return 0.0;
    }
    match g.closest_point(&p) {
        Closest::Intersection(q) | Closest::SinglePoint(q) => {
            frontline::gazetteer::haversine_km(p, q)
        }
        Closest::Indeterminate => f64::INFINITY,
    }
}

pub fn run(args: &Args, region: &Option<String>) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    let region = crate::load_region(region)?;
    let dirs: Vec<&PathBuf> = args.dirs.iter().chain(&args.more_dirs).collect();
    if dirs.is_empty() {
        bail!("no folder to score: give DIR or --dir DIR");
    }
    let mut rules = std::collections::BTreeMap::new();
    let mut figures = Vec::new();
    for dir in dirs {
        let line = score_dir(&region, dir, args, &mut rules)?;
        if !args.json {
            writeln!(
                stdout,
                "{}{line}",
                if args.more_dirs.is_empty() && args.dirs.len() == 1 {
                    String::new()
                } else {
                    format!("{}: ", dir.display())
                }
            )?;
        }
        figures.push(serde_json::json!({ "dir": dir.display().to_string(), "summary": line }));
    }
    let mut rules: Vec<RuleTally> = rules.into_values().collect();
    for r in &mut rules {
        r.single_document = r.documents.len() == 1;
    }
    rules.sort_by(|a, b| b.fired.cmp(&a.fired).then_with(|| a.rule.cmp(&b.rule)));
    if args.json {
        let out = serde_json::json!({ "dirs": figures, "rules": rules });
        writeln!(stdout, "{}", serde_json::to_string_pretty(&out)?)?;
        return Ok(());
    }
    writeln!(stdout)?;
    writeln!(
        stdout,
        "{:<40} {:>6} {:>6} {:>9} {:>5}",
        "rule", "fired", "right", "precision", "docs"
    )?;
    for r in &rules {
        let precision = r.right as f64 / r.fired.max(1) as f64;
        let note = if r.single_document {
            "  fires in one document only"
        } else {
            ""
        };
        writeln!(
            stdout,
            "{:<40} {:>6} {:>6} {:>9.3} {:>5}{note}",
            r.rule,
            r.fired,
            r.right,
            precision,
            r.documents.len()
        )?;
    }
    Ok(())
}

/// Scores one folder: its summary line, and each claim's rule into `rules`.
fn score_dir(
    region: &Region,
    dir: &Path,
    args: &Args,
    rules: &mut std::collections::BTreeMap<String, RuleTally>,
) -> Result<String> {
    let mut golds: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .collect();
    golds.sort();
    if golds.is_empty() {
        bail!("{}: no *.gold.json files", dir.display());
    }
    let mut t = Tally::default();
    for g in &golds {
        score_doc(region, g, args.verbose && !args.json, &mut t, rules)?;
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let p = ratio(t.tp, t.tp + t.fp);
    let r = ratio(t.tp, t.tp + t.fn_);
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    t.errors_km.sort_by(f64::total_cmp);
    let median = t
        .errors_km
        .get(t.errors_km.len() / 2)
        .copied()
        .unwrap_or(f64::NAN);
    Ok(format!(
        "docs={} | toponym P={p:.3} R={r:.3} F1={f1:.3} resolved={:.3} settlements@5km={:.3} median_km={median:.2} | control P={:.3} R={:.3} (pred={} gold={}) | control predictions fitting some gold fact={:.3} | unresolved mentions={} of {}",
        golds.len(),
        ratio(t.resolved_ok, t.resolved_n),
        ratio(t.settle_ok, t.settle_n),
        ratio(t.control_pred_ok, t.control_pred),
        ratio(t.control_tp, t.control_gold),
        t.control_pred,
        t.control_gold,
        ratio(t.control_pred_agree, t.control_pred),
        t.unresolved,
        t.mentions,
    ))
}

/// A maximum matching of groups to predictions (Kuhn's augmenting paths):
/// for each prediction, the group it is paired with.
fn maximum_matching(candidates: &[Vec<usize>], predictions: usize) -> Vec<Option<usize>> {
    fn augment(
        group: usize,
        candidates: &[Vec<usize>],
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        for &p in &candidates[group] {
            if seen[p] {
                continue;
            }
            seen[p] = true;
            if owner[p].is_none_or(|other| augment(other, candidates, seen, owner)) {
                owner[p] = Some(group);
                return true;
            }
        }
        false
    }
    let mut owner = vec![None; predictions];
    for group in 0..candidates.len() {
        let mut seen = vec![false; predictions];
        augment(group, candidates, &mut seen, &mut owner);
    }
    owner
}

/// The side a claim puts in the place, in the gold vocabulary's terms:
/// `None` for a claim that says nothing of who holds it (a route).
fn claim_side(c: &Claim) -> Option<&str> {
    match c.relation {
        Relation::Contested => Some("contested"),
        Relation::Holds | Relation::Captured | Relation::SiegeBroken | Relation::Besieged => {
            Some(&c.faction)
        }
        Relation::Lost | Relation::Besieges => c.counterpart.as_deref(),
        Relation::RouteCut | Relation::RouteOpen => None,
    }
}

fn score_doc(
    region: &Region,
    gold_path: &Path,
    verbose: bool,
    t: &mut Tally,
    rules: &mut std::collections::BTreeMap<String, RuleTally>,
) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    let gold: Gold = serde_json::from_str(
        &std::fs::read_to_string(gold_path)
            .with_context(|| format!("cannot read {}", gold_path.display()))?,
    )
    .with_context(|| format!("{}: not a gold file", gold_path.display()))?;
    let txt = PathBuf::from(gold_path.to_string_lossy().replace(".gold.json", ".txt"));
    let file = txt.display().to_string();
    let mut reports = Report::read_file(&file)?;
    let report = reports.remove(0);
    let text = &report.text;
    let name = txt
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Gold offsets are characters; ours are bytes.
    let byte_at = |ci: usize| text.char_indices().nth(ci).map_or(text.len(), |(b, _)| b);

    let mentions: Vec<_> = region
        .geoparser
        .parse(text)
        .into_iter()
        .filter(|m| m.role == MentionRole::Location)
        .collect();
    t.mentions += mentions.len();
    t.unresolved += mentions
        .iter()
        .filter(|m| {
            frontline::gazetteer::Gazetteer::is_provisional(region.gazetteer.place(m.place))
        })
        .count();
    let mut used = vec![false; mentions.len()];
    for top in &gold.toponyms {
        for &(cs, ce) in &top.spans {
            let (gs, ge) = (byte_at(cs), byte_at(ce));
            let hit = (0..mentions.len())
                .find(|&i| !used[i] && mentions[i].start < ge && gs < mentions[i].end);
            let Some(i) = hit else {
                t.fn_ += 1;
                if verbose {
                    writeln!(stdout, "  miss {name} {:?} ({})", top.mention, top.kind)?;
                }
                continue;
            };
            used[i] = true;
            t.tp += 1;
            let (Some(lat), Some(lon)) = (top.lat, top.lon) else {
                continue;
            };
            let m = &mentions[i];
            let place = region.gazetteer.place(m.place);
            let geom = m.geometry.clone().unwrap_or_else(|| place.geometry());
            let d = distance_km(lat, lon, &geom);
            t.resolved_n += 1;
            let ok = d <= threshold_km(&top.kind);
            t.resolved_ok += ok as usize;
            if SETTLEMENT.contains(&top.kind.as_str()) {
                t.settle_n += 1;
                t.settle_ok += (d <= 5.0) as usize;
                t.errors_km.push(d);
            }
            if verbose && !ok {
                writeln!(
                    stdout,
                    "  wrong {name} {:?} → {:?} {d:.1} km",
                    top.mention, place.name
                )?;
            }
        }
    }
    for (i, m) in mentions.iter().enumerate() {
        if !used[i] {
            t.fp += 1;
            if verbose {
                writeln!(stdout, "  extra {name} {:?}", m.text)?;
            }
        }
    }

    // Control: the places of a one-shot map of this report alone.
    let claims =
        frontline::pipeline::one_shot_claims(region, Vec::new(), vec![(name.clone(), report)]);
    let rule_claims = claims.clone();
    let mut map = Timeline::new(claims).state_at(None);
    map.order_by_importance(&region.gazetteer);
    let mut by_name = std::collections::HashMap::new();
    for top in &gold.toponyms {
        if let (Some(lat), Some(lon)) = (top.lat, top.lon) {
            for key in [top.name.as_deref(), Some(top.mention.as_str())]
                .into_iter()
                .flatten()
            {
                by_name.insert(norm(key), (lat, lon));
            }
        }
    }
    t.control_pred += map.places.len();
    // "X withdrew from / lost Y": in a two-sided war the other side holds Y;
    // elsewhere the new holder is unnamed and the fact is not scored.
    let facts: Vec<GoldFact> = gold
        .control
        .iter()
        .filter_map(|f| {
            let left = matches!(f.event.as_deref(), Some("withdrawn" | "lost"));
            let faction = if left {
                if !region.factions.two_sided() {
                    return None;
                }
                let holder = region.factions.by_key(&f.faction)?;
                region.factions.get(holder.opponent.as_deref()?)?.id.clone()
            } else {
                f.faction.clone()
            };
            (faction == "contested" || region.factions.by_key(&faction).is_some()).then(|| {
                GoldFact {
                    place: f.place.clone(),
                    faction,
                    event: None,
                    lat: f.lat,
                    lon: f.lon,
                }
            })
        })
        .collect();
    // Whether a predicted place agrees with a gold fact: near it (5 km, or
    // the same name when gold has no point) and on its side.
    let fits = |fact: &GoldFact, pc: &frontline::timeline::PlaceControl| {
        let ll = match (fact.lat, fact.lon) {
            (Some(la), Some(lo)) => Some((la, lo)),
            _ => by_name.get(&norm(&fact.place)).copied(),
        };
        let near = ll.is_some_and(|(la, lo)| {
            frontline::gazetteer::haversine_km(Point::new(lo, la), Point::new(pc.lon, pc.lat))
                <= 5.0
        }) || norm(&pc.name) == norm(&fact.place);
        near && if fact.faction == "contested" {
            pc.status == Status::Contested
        } else {
            faction_ok(&region.factions, &fact.faction, &pc.faction)
                && pc.status != Status::Contested
        }
    };
    t.control_pred_agree += map
        .places
        .iter()
        .filter(|pc| facts.iter().any(|f| fits(f, pc)))
        .count();
    // As score.py: the facts about one place are alternatives (a claim and
    // "fighting goes on"), so each place counts once; places and predictions
    // are then paired one to one by a maximum matching, so two right places
    // 2 km apart (Nubl and al-Zahraa) both count.
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (k, fact) in facts.iter().enumerate() {
        let key = norm(&fact.place);
        match groups.iter_mut().find(|(g, _)| *g == key) {
            Some((_, members)) => members.push(k),
            None => groups.push((key, vec![k])),
        }
    }
    let candidates: Vec<Vec<usize>> = groups
        .iter()
        .map(|(_, members)| {
            (0..map.places.len())
                .filter(|&i| members.iter().any(|&k| fits(&facts[k], &map.places[i])))
                .collect()
        })
        .collect();
    let owner = maximum_matching(&candidates, map.places.len());
    t.control_gold += groups.len();
    for (g, (_, members)) in groups.iter().enumerate() {
        if owner.contains(&Some(g)) {
            t.control_tp += 1;
        } else if verbose {
            let fact = &facts[members[0]];
            let sides: Vec<&str> = members.iter().map(|&k| facts[k].faction.as_str()).collect();
            writeln!(
                stdout,
                "  control miss {name} {} = {}",
                fact.place,
                sides.join("/")
            )?;
        }
    }
    t.control_pred_ok += owner.iter().filter(|o| o.is_some()).count();
    // Per rule: does the claim fit a fact of this report?
    let doc = txt.display().to_string();
    for c in &rule_claims {
        let Some(side) = claim_side(c) else { continue };
        let rule = c.rule.clone().unwrap_or_else(|| "(none)".into());
        let (place, ll) = (Some(c.name.as_str()), c.lat.zip(c.lon));
        let right = gold.control.iter().any(|fact| {
            let gold_ll = match (fact.lat, fact.lon) {
                (Some(la), Some(lo)) => Some((la, lo)),
                _ => by_name.get(&norm(&fact.place)).copied(),
            };
            let near = matches!((gold_ll, ll), (Some((gla, glo)), Some((la, lo)))
                if frontline::gazetteer::haversine_km(Point::new(glo, gla), Point::new(lo, la)) <= 5.0)
                || place.is_some_and(|p| norm(p) == norm(&fact.place));
            near && if fact.faction == "contested" {
                side == "contested"
            } else {
                side != "contested" && faction_ok(&region.factions, &fact.faction, side)
            }
        });
        let r = rules.entry(rule.clone()).or_insert_with(|| RuleTally {
            rule,
            ..RuleTally::default()
        });
        r.fired += 1;
        r.right += right as usize;
        r.documents.insert(doc.clone());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_drops_articles_and_marks() {
        assert_eq!(norm("Al-Ḥasakah"), "hasakah");
        assert_eq!(norm("Tell Abyad"), "tellabyad");
        assert_eq!(norm("Mu'arrasat al-Khan"), "muarrasatkhan");
        assert_eq!(norm("as-Safira"), "safira");
    }

    #[test]
    fn faction_mapping_follows_the_gold_vocabulary() {
        // the vocabulary is the bundled pack's factions.toml `aliases`
        let f = &Region::bundled().unwrap().factions;
        assert!(faction_ok(f, "rebels", "hts"));
        assert!(faction_ok(f, "kurds", "sdf"));
        assert!(!faction_ok(f, "rebels", "government"));
        let ua = &Region::bundled_named("ukraine").unwrap().factions;
        assert!(faction_ok(ua, "ukraine", "ukraine"));
        assert!(!faction_ok(ua, "russia", "ukraine"));
    }

    #[test]
    fn facts_and_predictions_pair_one_to_one_by_a_maximum_matching() {
        // (candidate predictions per fact group, predictions, groups matched)
        let table: &[(&[&[usize]], usize, usize)] = &[
            // first-fit would give prediction 0 to group 0 and leave group 1 out
            (&[&[0, 1], &[0]], 2, 2),
            (&[&[0], &[0]], 1, 1),
            (&[&[], &[1]], 2, 1),
            (&[&[1, 2], &[2], &[0, 1]], 3, 3),
            (&[], 3, 0),
        ];
        for &(candidates, predictions, matched) in table {
            let candidates: Vec<Vec<usize>> = candidates.iter().map(|c| c.to_vec()).collect();
            let owner = maximum_matching(&candidates, predictions);
            let mut groups: Vec<usize> = owner.iter().flatten().copied().collect();
            groups.sort();
            groups.dedup();
            assert_eq!(groups.len(), matched, "{candidates:?}");
            for (p, g) in owner.iter().enumerate() {
                if let Some(g) = g {
                    assert!(candidates[*g].contains(&p), "{candidates:?}: {p} -> {g}");
                }
            }
        }
    }

    #[test]
    fn polygon_contains_is_zero_distance() {
        let ring = geo::LineString::from(vec![
            (0.0, 0.0),
            (1.0, 0.0),
            (1.0, 1.0),
            (0.0, 1.0),
            (0.0, 0.0),
        ]);
        let sq: Geometry<f64> = geo::Polygon::new(ring, vec![]).into();
        assert_eq!(distance_km(0.5, 0.5, &sq), 0.0);
        assert!(distance_km(0.5, 2.0, &sq) > 100.0);
    }
}
