//! Hold-out check of the zone builder on a real control map (the Wikipedia
//! "Syrian Civil War detailed map" snapshot, ../shared/control-snapshot).
//!
//! Every fifth row that has a faction is held out, as the issue defines the
//! split: the rows whose index among the rows with a non-empty `faction`
//! (the value "unknown" included: border-post icons, inset maps) is
//! `--offset` modulo 5; the default, 4, holds out the 5th, 10th, … row. The
//! rest is imported through the baseline importer (which skips the
//! "unknown" rows, saying so), zones are built, and we report the share of
//! held-out places that fall inside a zone of their own faction (a held-out
//! "unknown" row is inside none), next to the plain nearest-settlement
//! assignment on the same split, and the median time to build zones from the
//! full snapshot.
//!
//! `cargo run --release --example holdout -- FILE.csv [--min 0.95] [--runs 5] [--offset 0..4]`
//!
//! `HOLDOUT_DEBUG=1` lists the held-out places that miss.

use frontline::import::{read_layer, ImportOptions};
use frontline::timeline::{Status, Timeline};
use frontline::{zones, Region};
use geo::{BoundingRect, Contains, Point, Polygon};
use std::time::Instant;

struct Held {
    lon: f64,
    lat: f64,
    /// The faction, or the sides when contested.
    sides: Vec<String>,
}

fn fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut q = false;
    let mut it = line.chars().peekable();
    while let Some(c) = it.next() {
        match (c, q) {
            ('"', true) if it.peek() == Some(&'"') => {
                cur.push('"');
                it.next();
            }
            ('"', _) => q = !q,
            (',', false) => out.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn main() {
    if let Err(e) = run() {
        eprintln!("holdout: error: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut path = None;
    let mut min: Option<f64> = None;
    let mut runs = 5usize;
    let mut offset = 4usize;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--min" => {
                i += 1;
                min = Some(
                    args.get(i)
                        .and_then(|s| s.parse().ok())
                        .ok_or("--min needs a number")?,
                );
            }
            "--runs" => {
                i += 1;
                runs = args
                    .get(i)
                    .and_then(|s| s.parse().ok())
                    .ok_or("--runs needs a number")?;
            }
            "--offset" => {
                i += 1;
                offset = args
                    .get(i)
                    .and_then(|s| s.parse().ok())
                    .filter(|o| *o < 5)
                    .ok_or("--offset needs a number from 0 to 4")?;
            }
            p => path = Some(p.to_string()),
        }
        i += 1;
    }
    let path = path.ok_or("usage: holdout FILE.csv [--min 0.95] [--runs 5] [--offset 0..4]")?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let region = Region::bundled().map_err(|e| e.to_string())?;

    let mut lines = text.lines();
    let header_line = lines.next().ok_or("empty file")?;
    let header: Vec<String> = fields(header_line)
        .into_iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let col = |n: &str| {
        header
            .iter()
            .position(|h| h == n)
            .ok_or(format!("no `{n}` column"))
    };
    let (fi, ci, lati, loni) = (
        col("faction")?,
        col("contested_between")?,
        col("lat")?,
        col("lon")?,
    );

    let mut train = format!("{header_line}\n");
    let mut full = format!("{header_line}\n");
    let mut held: Vec<Held> = Vec::new();
    let debug = std::env::var_os("HOLDOUT_DEBUG").is_some();
    let mut with_faction = 0usize;
    for line in lines {
        let f = fields(line);
        let faction = f.get(fi).map(|s| s.trim()).unwrap_or("");
        // "unknown" is a value of the column (border-post icons, inset
        // maps): such rows count in the split as the issue defines it, and
        // a held-out one can be inside no faction's zone.
        if faction.is_empty() {
            continue;
        }
        full.push_str(line);
        full.push('\n');
        let index = with_faction;
        with_faction += 1;
        if index % 5 == offset {
            let (Some(lon), Some(lat)) = (
                f.get(loni).and_then(|s| s.trim().parse::<f64>().ok()),
                f.get(lati).and_then(|s| s.trim().parse::<f64>().ok()),
            ) else {
                continue;
            };
            let contested = faction == "contested";
            let sides = if contested {
                f.get(ci)
                    .map(|s| s.split('|').map(str::to_string).collect())
                    .unwrap_or_default()
            } else {
                vec![faction.to_string()]
            };
            held.push(Held { lon, lat, sides });
        } else {
            train.push_str(line);
            train.push('\n');
        }
    }

    let opts = ImportOptions::default();
    let (claims, errors) = read_layer(
        "snapshot-train.csv",
        train.as_bytes(),
        &opts,
        &region.gazetteer,
        &region.factions,
    )
    .map_err(|e| e.to_string())?;
    for e in &errors {
        eprintln!("skipped: {e}");
    }
    let map = Timeline::new(claims.clone()).state_at(None);
    let layer = zones::build(&map, &region.gazetteer, &region.factions);

    // Zone polygons with their bounding boxes, for point-in-zone tests.
    // A contested zone belongs to each of its sides.
    let mut polys: Vec<(Vec<String>, Polygon<f64>, geo::Rect<f64>)> = Vec::new();
    for z in &layer.zones {
        let sides = if z.status == Status::Contested {
            z.contenders.clone()
        } else {
            vec![z.faction.clone()]
        };
        for p in &z.area.0 {
            if let Some(r) = p.bounding_rect() {
                polys.push((sides.clone(), p.clone(), r));
            }
        }
    }
    let zone_at = |lon: f64, lat: f64| -> Option<&Vec<String>> {
        let pt = Point::new(lon, lat);
        polys
            .iter()
            .find(|(_, p, r)| {
                lon >= r.min().x
                    && lon <= r.max().x
                    && lat >= r.min().y
                    && lat <= r.max().y
                    && p.contains(&pt)
            })
            .map(|(sides, _, _)| sides)
    };

    // Nearest training place, for the baseline.
    let train_pts: Vec<(f64, f64, Vec<String>)> = map
        .places
        .iter()
        .map(|p| {
            let sides = if p.status == Status::Contested {
                p.contenders.clone()
            } else {
                vec![p.faction.clone()]
            };
            (p.lon, p.lat, sides)
        })
        .collect();
    let tree = rstar::RTree::bulk_load(
        train_pts
            .iter()
            .enumerate()
            .map(|(i, (x, y, _))| rstar::primitives::GeomWithData::new([x * 0.82, *y], i))
            .collect::<Vec<_>>(),
    );

    let (mut inside, mut nearest_ok, mut blank) = (0usize, 0usize, 0usize);
    for h in &held {
        let ok = match zone_at(h.lon, h.lat) {
            None => {
                blank += 1;
                if debug {
                    eprintln!("blank: {} {} {:?}", h.lon, h.lat, h.sides);
                }
                false
            }
            // Right when the zone's sides and the place's sides share a faction
            // (a contested opposition/HTS zone is the opposition's and HTS's).
            Some(sides) => {
                let ok = h.sides.iter().any(|x| sides.contains(x));
                if debug && !ok {
                    eprintln!("miss: {} {} {:?} in {:?}", h.lon, h.lat, h.sides, sides);
                }
                ok
            }
        };
        inside += usize::from(ok);
        if let Some(n) = tree.nearest_neighbor(&[h.lon * 0.82, h.lat]) {
            let nb = &train_pts[n.data].2;
            let nn = h.sides.iter().any(|s| nb.contains(s));
            nearest_ok += usize::from(nn);
            if debug && ok != nn {
                eprintln!(
                    "{}: {} {} {:?} (nearest {:?})",
                    if ok { "gained" } else { "lost" },
                    h.lon,
                    h.lat,
                    h.sides,
                    nb
                );
            }
        }
    }
    let n = held.len().max(1) as f64;
    let share = inside as f64 / n;

    // Build time on the full snapshot.
    let (claims_full, _) = read_layer(
        "snapshot.csv",
        full.as_bytes(),
        &opts,
        &region.gazetteer,
        &region.factions,
    )
    .map_err(|e| e.to_string())?;
    let full_map = Timeline::new(claims_full).state_at(None);
    let mut times: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            let l = zones::build(&full_map, &region.gazetteer, &region.factions);
            std::hint::black_box(&l);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);

    use geo::Validation;
    let invalid = layer.zones.iter().filter(|z| !z.area.is_valid()).count();
    println!("rows with a faction:        {with_faction}");
    println!(
        "zones:                      {} ({invalid} invalid), {} frontlines, {} sieges",
        layer.zones.len(),
        layer.frontlines.len(),
        layer.sieges.len()
    );
    println!(
        "training claims:            {} ({} rows skipped)",
        claims.len(),
        errors.len()
    );
    println!("held out (offset {offset}):        {}", held.len());
    println!(
        "inside own faction's zone:  {:.1}% ({inside}/{}; {blank} in blank land)",
        share * 100.0,
        held.len()
    );
    println!(
        "nearest-settlement:         {:.1}%",
        nearest_ok as f64 / n * 100.0
    );
    println!(
        "zone build, full snapshot:  {:.1} ms median of {} ({} places)",
        times[times.len() / 2],
        times.len(),
        full_map.places.len()
    );
    if let Some(m) = min {
        if share < m {
            eprintln!("holdout: {:.3} is below --min {m}", share);
            std::process::exit(1);
        }
    }
    Ok(())
}
