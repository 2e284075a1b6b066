//! Reading GIS layers in the formats GIS users hold — GeoJSON, GeoJSONSeq,
//! CSV (`,` `;` or tab, lon/lat or WKT columns), GeoPackage, Shapefile
//! (`.shp` with its `.dbf`/`.prj`, a folder, or a zip), FlatGeobuf, KML —
//! detected by content, not extension, into plain features (geometry plus
//! properties) in the CRS the file declares.

use super::crs::{self, Crs};
use serde_json::{Map, Value};
use std::path::Path;

/// One feature as read, before any interpretation.
pub struct InFeature {
    /// 1-based feature number, or the CSV line.
    pub number: usize,
    pub csv_line: bool,
    pub geometry: Option<Result<geo::Geometry<f64>, String>>,
    pub props: Map<String, Value>,
    /// The layer (GeoPackage table, KML folder) it came from.
    pub layer: Option<String>,
}

/// The features of a file and the CRS it declares.
pub struct Layer {
    pub format: &'static str,
    pub features: Vec<InFeature>,
    /// `None`: nothing declared (taken as WGS84 lon/lat).
    pub crs: Option<Crs>,
}

/// What a file's bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    Zip,
    GeoPackage,
    FlatGeobuf,
    Shapefile,
    Kml,
    GeoJson,
    GeoJsonSeq,
    Csv,
    Unknown,
}

pub fn detect(bytes: &[u8]) -> Detected {
    if bytes.starts_with(b"PK\x03\x04") {
        return Detected::Zip;
    }
    if bytes.starts_with(b"SQLite format 3\0") {
        return Detected::GeoPackage;
    }
    if bytes.starts_with(b"fgb\x03") {
        return Detected::FlatGeobuf;
    }
    if bytes.len() >= 100 && bytes[..4] == [0, 0, 0x27, 0x0a] {
        return Detected::Shapefile;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let t = head.trim_start_matches(['\u{feff}', '\u{1e}']).trim_start();
    if t.starts_with('<') {
        return if t.contains("<kml") {
            Detected::Kml
        } else {
            Detected::Unknown
        };
    }
    if t.starts_with('{') {
        // One object over several lines, or one object per line.
        let first = t.lines().next().unwrap_or("").trim();
        let seq = serde_json::from_str::<Value>(first.trim_start_matches('\u{1e}'))
            .is_ok_and(|v| v.get("type").and_then(Value::as_str) == Some("Feature"))
            && t.lines().filter(|l| !l.trim().is_empty()).count() > 1;
        return if seq || t.starts_with('\u{1e}') {
            Detected::GeoJsonSeq
        } else {
            Detected::GeoJson
        };
    }
    if std::str::from_utf8(bytes).is_ok()
        && t.lines()
            .next()
            .is_some_and(|l| l.contains([',', ';', '\t']))
    {
        return Detected::Csv;
    }
    Detected::Unknown
}

fn geometry_of(v: &Value) -> Option<Result<geo::Geometry<f64>, String>> {
    let g = v.get("geometry").filter(|g| !g.is_null())?;
    Some(
        serde_json::from_value::<geojson::Geometry>(g.clone())
            .map_err(|e| e.to_string())
            .and_then(|g| geo::Geometry::<f64>::try_from(g).map_err(|e| e.to_string())),
    )
}

fn json_feature(number: usize, f: &Value) -> InFeature {
    InFeature {
        number,
        csv_line: false,
        geometry: geometry_of(f),
        props: f
            .get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        layer: None,
    }
}

/// GeoJSON: a FeatureCollection or one Feature; `crs` (the 2008 spec's
/// member, which GDAL still writes for non-WGS84 layers) is honoured.
pub fn geojson(text: &str) -> Result<Layer, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "not valid JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        )
    })?;
    let features: Vec<Value> = match v.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => v
            .get("features")
            .and_then(Value::as_array)
            .ok_or("FeatureCollection without a `features` array")?
            .clone(),
        Some("Feature") => vec![v.clone()],
        _ => {
            return Err(
                "not a GeoJSON FeatureCollection (no \"type\": \"FeatureCollection\")".into(),
            )
        }
    };
    let crs = match v.pointer("/crs/properties/name").and_then(Value::as_str) {
        Some(name) => Some(crs::parse(name)?),
        None => None,
    };
    Ok(Layer {
        format: "GeoJSON",
        features: features
            .iter()
            .enumerate()
            .map(|(i, f)| json_feature(i + 1, f))
            .collect(),
        crs,
    })
}

/// GeoJSONSeq / newline-delimited GeoJSON: one Feature per line (RFC 8142
/// record separators allowed).
pub fn geojson_seq(text: &str) -> Result<Layer, String> {
    let mut features = Vec::new();
    for (i, line) in text.split(['\n', '\u{1e}']).enumerate() {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(l)
            .map_err(|e| format!("GeoJSONSeq line {}: not valid JSON: {e}", i + 1))?;
        features.push(json_feature(features.len() + 1, &v));
    }
    Ok(Layer {
        format: "GeoJSONSeq",
        features,
        crs: None,
    })
}

/// Splits CSV text into records: RFC 4180 quoting (also newlines inside
/// quotes), the given delimiter; each record with its 1-based first line.
pub fn csv_records(text: &str, delim: char) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut rec = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == delim && !quoted => rec.push(std::mem::take(&mut cur)),
            '\r' if !quoted => {}
            '\n' => {
                line += 1;
                if quoted {
                    cur.push('\n');
                } else {
                    rec.push(std::mem::take(&mut cur));
                    if !(rec.len() == 1 && rec[0].trim().is_empty()) {
                        out.push((start, std::mem::take(&mut rec)));
                    }
                    rec.clear();
                    start = line;
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() || !rec.is_empty() {
        rec.push(cur);
        out.push((start, rec));
    }
    out
}

const LAT: &[&str] = &["lat", "latitude", "y"];
const LON: &[&str] = &["lon", "lng", "long", "longitude", "x"];
const WKT: &[&str] = &["wkt", "geometry", "geom", "the_geom", "wkt_geom", "shape"];

/// CSV: the delimiter is the one of `,` `;` tab the header has most of;
/// geometry from a WKT column (`WKT`, `geometry`, …) or lon/lat columns.
pub fn csv(text: &str) -> Result<Layer, String> {
    let first = text.lines().next().unwrap_or("");
    let delim = [',', ';', '\t']
        .into_iter()
        .max_by_key(|d| first.matches(*d).count())
        .unwrap_or(',');
    let mut records = csv_records(text, delim).into_iter();
    let header: Vec<String> = records
        .next()
        .map(|(_, h)| h.into_iter().map(|c| c.trim().to_string()).collect())
        .unwrap_or_default();
    let find = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.contains(&h.to_ascii_lowercase().as_str()))
    };
    let wkt = find(WKT);
    let lonlat = find(LON).zip(find(LAT));
    if wkt.is_none() && lonlat.is_none() {
        return Err("line 1: CSV header has no lat/lon or WKT column (expected e.g. `name,lat,lon,faction,date` or `WKT,name,faction,date`)".into());
    }
    let mut features = Vec::new();
    for (line, fields) in records {
        let mut props = Map::new();
        for (h, v) in header.iter().zip(&fields) {
            let v = v.trim();
            if !v.is_empty() {
                props.insert(h.clone(), Value::String(v.to_string()));
            }
        }
        let geometry = match (
            wkt.and_then(|i| fields.get(i))
                .filter(|s| !s.trim().is_empty()),
            lonlat,
        ) {
            (Some(w), _) => {
                use geozero::ToGeo;
                Some(
                    geozero::wkt::Wkt(w.trim().as_bytes())
                        .to_geo()
                        .map_err(|e| {
                            format!("bad WKT {:?}: {e}", w.chars().take(40).collect::<String>())
                        }),
                )
            }
            // Lon/lat stay text: the row check names a missing or bad number.
            (None, Some((lon, lat))) => {
                props.insert(
                    "__lon".into(),
                    fields.get(lon).cloned().unwrap_or_default().into(),
                );
                props.insert(
                    "__lat".into(),
                    fields.get(lat).cloned().unwrap_or_default().into(),
                );
                None
            }
            (None, None) => None,
        };
        features.push(InFeature {
            number: line,
            csv_line: true,
            geometry,
            props,
            layer: None,
        });
    }
    Ok(Layer {
        format: "CSV",
        features,
        crs: None,
    })
}

/// A GeoPackage feature table: name, geometry column, SRS organisation,
/// code and definition.
type GeometryTable = (String, String, Option<String>, Option<i64>, Option<String>);

/// What a zip holds: a Shapefile layer, or one other file (name, bytes).
pub type ZipContent = (Option<Layer>, Option<(String, Vec<u8>)>);

/// GeoPackage: every feature table, its SRS from `gpkg_spatial_ref_sys`.
pub fn geopackage(path: &Path) -> Result<Layer, String> {
    use rusqlite::{types::ValueRef, Connection, OpenFlags};
    let db = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| format!("GeoPackage: {e}"))?;
    let e = |e: rusqlite::Error| format!("GeoPackage: {e}");
    let mut stmt = db
        .prepare(
            "SELECT g.table_name, g.column_name, s.organization, s.organization_coordsys_id, s.definition
             FROM gpkg_geometry_columns g LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id",
        )
        .map_err(|_| "SQLite file without GeoPackage tables (gpkg_geometry_columns): not a GeoPackage; export the layer as GeoPackage, GeoJSON or CSV".to_string())?;
    let tables: Vec<GeometryTable> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .map_err(e)?
        .collect::<Result<_, _>>()
        .map_err(e)?;
    let mut features = Vec::new();
    let mut layer_crs: Option<Crs> = None;
    for (table, geom_col, org, code, def) in tables {
        let crs = match (org.as_deref().map(str::to_ascii_uppercase).as_deref(), code) {
            (Some("EPSG"), Some(c)) => crs::from_epsg(c as u32).map(Ok).unwrap_or_else(|| {
                def.as_deref()
                    .map_or(Err(crs::unsupported(&format!("EPSG:{c}"))), crs::from_wkt)
            }),
            (_, Some(c)) if c <= 0 => Ok(Crs::Wgs84),
            _ => def.as_deref().map_or(Ok(Crs::Wgs84), crs::from_wkt),
        }
        .map_err(|m| format!("layer {table:?}: {m}"))?;
        if layer_crs.as_ref().is_some_and(|c| *c != crs) {
            return Err(format!(
                "layers in different CRSs (layer {table:?}): reproject to EPSG:4326 first"
            ));
        }
        layer_crs = Some(crs);
        let mut q = db
            .prepare(&format!("SELECT * FROM \"{}\"", table.replace('"', "\"\"")))
            .map_err(e)?;
        let names: Vec<String> = q.column_names().iter().map(|s| s.to_string()).collect();
        let mut rows = q.query([]).map_err(e)?;
        while let Some(r) = rows.next().map_err(e)? {
            let mut props = Map::new();
            let mut geometry = None;
            for (i, n) in names.iter().enumerate() {
                let v = r.get_ref(i).map_err(e)?;
                if n.eq_ignore_ascii_case(&geom_col) {
                    if let ValueRef::Blob(b) = v {
                        use geozero::ToGeo;
                        geometry = Some(
                            geozero::wkb::GpkgWkb(b.to_vec())
                                .to_geo()
                                .map_err(|e| format!("bad geometry blob: {e}")),
                        );
                    }
                    continue;
                }
                if n.eq_ignore_ascii_case("fid") {
                    continue;
                }
                let v = match v {
                    ValueRef::Null | ValueRef::Blob(_) => continue,
                    ValueRef::Integer(i) => Value::from(i),
                    ValueRef::Real(f) => Value::from(f),
                    ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
                };
                props.insert(n.clone(), v);
            }
            features.push(InFeature {
                number: features.len() + 1,
                csv_line: false,
                geometry,
                props,
                layer: Some(table.clone()),
            });
        }
    }
    Ok(Layer {
        format: "GeoPackage",
        features,
        crs: layer_crs,
    })
}

/// FlatGeobuf: every feature; the CRS from the header (EPSG code or WKT).
pub fn flatgeobuf(bytes: &[u8]) -> Result<Layer, String> {
    use flatgeobuf::{FallibleStreamingIterator, FgbReader};
    use geozero::{FeatureProperties, ToGeo};
    let e = |e: flatgeobuf::Error| format!("FlatGeobuf: {e}");
    let mut cursor = std::io::Cursor::new(bytes);
    let reader = FgbReader::open(&mut cursor).map_err(e)?;
    let crs = match reader.header().crs() {
        Some(c) if c.code() > 0 => Some(
            crs::from_epsg(c.code() as u32)
                .ok_or_else(|| crs::unsupported(&format!("EPSG:{}", c.code())))?,
        ),
        Some(c) => match c.wkt() {
            Some(w) => Some(crs::from_wkt(w)?),
            None => None,
        },
        None => None,
    };
    let mut iter = reader.select_all().map_err(e)?;
    let mut features = Vec::new();
    while let Some(f) = iter.next().map_err(e)? {
        let props: Map<String, Value> = f
            .properties()
            .map_err(|err| format!("FlatGeobuf feature {}: {err}", features.len() + 1))?
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        let geometry = Some(f.to_geo().map_err(|e| e.to_string()));
        features.push(InFeature {
            number: features.len() + 1,
            csv_line: false,
            geometry,
            props,
            layer: None,
        });
    }
    Ok(Layer {
        format: "FlatGeobuf",
        features,
        crs,
    })
}

fn dbf_value(v: shapefile::dbase::FieldValue) -> Option<Value> {
    use shapefile::dbase::FieldValue as F;
    Some(match v {
        F::Character(Some(s)) | F::Memo(s) => Value::String(s.trim().to_string()),
        F::Numeric(Some(n)) | F::Double(n) | F::Currency(n) => {
            if n.fract() == 0.0 && n.abs() < 9e15 {
                Value::from(n as i64)
            } else {
                Value::from(n)
            }
        }
        F::Float(Some(f)) => Value::from(f64::from(f)),
        F::Integer(i) => Value::from(i),
        F::Logical(Some(b)) => Value::Bool(b),
        F::Date(Some(d)) => {
            Value::String(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
        }
        _ => return None,
    })
}

/// Shapefile from its parts' bytes: `.shp`, `.dbf` and the optional `.prj`.
pub fn shapefile(shp: &[u8], dbf: Option<&[u8]>, prj: Option<&str>) -> Result<Layer, String> {
    use std::io::Cursor;
    let dbf = dbf.ok_or("Shapefile without its .dbf (attributes): give the folder or a zip holding .shp, .dbf and .prj")?;
    let crs = prj.map(crs::from_wkt).transpose()?;
    let shapes = shapefile::ShapeReader::new(Cursor::new(shp))
        .map_err(|e| format!("Shapefile .shp: {e}"))?;
    let records = shapefile::dbase::Reader::new(Cursor::new(dbf))
        .map_err(|e| format!("Shapefile .dbf: {e}"))?;
    let mut reader = shapefile::Reader::new(shapes, records);
    let mut features = Vec::new();
    for (i, item) in reader.iter_shapes_and_records().enumerate() {
        let (shape, record) = item.map_err(|e| format!("Shapefile record {}: {e}", i + 1))?;
        let props: Map<String, Value> = record
            .into_iter()
            .filter_map(|(k, v)| Some((k, dbf_value(v)?)))
            .collect();
        let geometry = match shape {
            shapefile::Shape::NullShape => None,
            s => Some(geo::Geometry::<f64>::try_from(s).map_err(|e| format!("{e:?}"))),
        };
        features.push(InFeature {
            number: i + 1,
            csv_line: false,
            geometry,
            props,
            layer: None,
        });
    }
    Ok(Layer {
        format: "Shapefile",
        features,
        crs,
    })
}

/// A zip: a zipped Shapefile (the first `.shp` with its `.dbf`/`.prj`), or
/// one zipped layer of another format.
pub fn zip(bytes: &[u8]) -> Result<ZipContent, String> {
    use std::io::Read;
    let mut z =
        ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| format!("zip: {e}"))?;
    let names: Vec<String> = z
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let mut read = |name: &str| -> Result<Vec<u8>, String> {
        let mut f = z.by_name(name).map_err(|e| format!("zip {name}: {e}"))?;
        let mut out = Vec::new();
        f.read_to_end(&mut out)
            .map_err(|e| format!("zip {name}: {e}"))?;
        Ok(out)
    };
    let lower = |n: &String| n.to_ascii_lowercase();
    if let Some(shp) = names.iter().find(|n| lower(n).ends_with(".shp")) {
        let stem = &shp[..shp.len() - 4];
        let sibling = |ext: &str| -> Option<String> {
            names
                .iter()
                .find(|n| lower(n) == format!("{}.{ext}", stem.to_ascii_lowercase()))
                .cloned()
        };
        let shp = shp.clone();
        let shp_bytes = read(&shp)?;
        let dbf: Option<Vec<u8>> = match sibling("dbf") {
            Some(n) => Some(read(&n)?),
            None => None,
        };
        let prj: Option<String> = match sibling("prj") {
            Some(n) => Some(String::from_utf8_lossy(&read(&n)?).into_owned()),
            None => None,
        };
        return Ok((
            Some(shapefile(&shp_bytes, dbf.as_deref(), prj.as_deref())?),
            None,
        ));
    }
    let other = names
        .iter()
        .find(|n| !n.ends_with('/'))
        .ok_or("empty zip: expected a zipped Shapefile (.shp, .dbf, .prj) or one layer file")?
        .clone();
    let b = read(&other)?;
    Ok((None, Some((other, b))))
}

/// A Shapefile given as a folder or as its `.shp` path: the parts beside it.
pub fn shapefile_path(path: &Path) -> Result<Layer, String> {
    let shp = if path.is_dir() {
        let mut shps: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| e.to_string())?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("shp")))
            .collect();
        shps.sort();
        shps.into_iter()
            .next()
            .ok_or("folder without a .shp file: give a layer file, a Shapefile folder or a zip")?
    } else {
        path.to_path_buf()
    };
    let sibling = |ext: &str| -> Option<Vec<u8>> {
        [ext.to_string(), ext.to_ascii_uppercase()]
            .iter()
            .find_map(|x| std::fs::read(shp.with_extension(x)).ok())
    };
    let shp_bytes = std::fs::read(&shp).map_err(|e| format!("{}: {e}", shp.display()))?;
    let prj = sibling("prj").map(|b| String::from_utf8_lossy(&b).into_owned());
    shapefile(&shp_bytes, sibling("dbf").as_deref(), prj.as_deref())
}

/// KML: every Placemark with its name, ExtendedData (`Data` or
/// `SchemaData`), TimeSpan/TimeStamp as `since`/`date`, and geometry; the
/// enclosing Folder is its layer.
pub fn kml(text: &str) -> Result<Layer, String> {
    use quick_xml::events::Event;
    use quick_xml::Reader;
    let mut r = Reader::from_str(text);
    r.config_mut().trim_text(true);
    let mut features = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut props = Map::new();
    let mut data_name: Option<String> = None;
    // Geometry parts being built: points, lines, polygons (rings).
    let mut points: Vec<geo::Point<f64>> = Vec::new();
    let mut lines: Vec<geo::LineString<f64>> = Vec::new();
    let mut polys: Vec<geo::Polygon<f64>> = Vec::new();
    let mut rings: Vec<geo::LineString<f64>> = Vec::new();
    let mut in_placemark = false;
    let parse_coords = |s: &str| -> Result<Vec<geo::Coord<f64>>, String> {
        s.split_whitespace()
            .map(|t| {
                let mut it = t.split(',').map(str::parse::<f64>);
                match (it.next(), it.next()) {
                    (Some(Ok(x)), Some(Ok(y))) => Ok(geo::coord! { x: x, y: y }),
                    _ => Err(format!("bad KML coordinate {t:?}")),
                }
            })
            .collect()
    };
    loop {
        let ev = r.read_event().map_err(|e| {
            format!(
                "KML: not well-formed XML at byte {}: {e}",
                r.buffer_position()
            )
        })?;
        match ev {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                match name.as_str() {
                    "Placemark" => {
                        in_placemark = true;
                        props = Map::new();
                        points.clear();
                        lines.clear();
                        polys.clear();
                    }
                    "Folder" => folders.push(None),
                    "Data" | "SimpleData" => {
                        data_name = e
                            .attributes()
                            .flatten()
                            .find(|a| a.key.as_ref() == b"name")
                            .map(|a| String::from_utf8_lossy(&a.value).into_owned());
                    }
                    "Polygon" => rings.clear(),
                    _ => {}
                }
                path.push(name);
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                match name.as_str() {
                    "Folder" => {
                        folders.pop();
                    }
                    "Polygon" if in_placemark && !rings.is_empty() => {
                        let ext = rings.remove(0);
                        polys.push(geo::Polygon::new(ext, std::mem::take(&mut rings)));
                    }
                    "Placemark" => {
                        in_placemark = false;
                        let geometry = if !polys.is_empty() {
                            Some(if polys.len() == 1 {
                                geo::Geometry::Polygon(polys.remove(0))
                            } else {
                                geo::Geometry::MultiPolygon(geo::MultiPolygon::new(std::mem::take(
                                    &mut polys,
                                )))
                            })
                        } else if !lines.is_empty() {
                            Some(if lines.len() == 1 {
                                geo::Geometry::LineString(lines.remove(0))
                            } else {
                                geo::Geometry::MultiLineString(geo::MultiLineString::new(
                                    std::mem::take(&mut lines),
                                ))
                            })
                        } else if points.len() == 1 {
                            Some(geo::Geometry::Point(points[0]))
                        } else if !points.is_empty() {
                            Some(geo::Geometry::MultiPoint(geo::MultiPoint::new(
                                std::mem::take(&mut points),
                            )))
                        } else {
                            None
                        };
                        features.push(InFeature {
                            number: features.len() + 1,
                            csv_line: false,
                            geometry: geometry.map(Ok),
                            props: std::mem::take(&mut props),
                            layer: folders.iter().rev().flatten().next().cloned(),
                        });
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                let text = t.unescape().map_err(|e| format!("KML: {e}"))?.into_owned();
                let here = path.last().map(String::as_str).unwrap_or("");
                let parent = path
                    .len()
                    .checked_sub(2)
                    .map(|i| path[i].as_str())
                    .unwrap_or("");
                if !in_placemark {
                    if here == "name" && parent == "Folder" {
                        if let Some(f) = folders.last_mut() {
                            *f = Some(text);
                        }
                    }
                    continue;
                }
                match (here, parent) {
                    ("name", "Placemark") => {
                        props.entry("name").or_insert(Value::String(text));
                    }
                    ("value", "Data") | ("SimpleData", _) => {
                        if let Some(n) = data_name.take() {
                            props.insert(n, Value::String(text));
                        }
                    }
                    ("begin", "TimeSpan") => {
                        props.entry("since").or_insert(Value::String(text));
                    }
                    ("when", "TimeStamp") => {
                        props.entry("date").or_insert(Value::String(text));
                    }
                    ("coordinates", g) => {
                        let cs = parse_coords(&text)?;
                        match (g, path.iter().rev().nth(2).map(String::as_str)) {
                            ("Point", _) => points.extend(cs.into_iter().map(geo::Point::from)),
                            ("LineString", _) => lines.push(geo::LineString::new(cs)),
                            ("LinearRing", _) => rings.push(geo::LineString::new(cs)),
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(Layer {
        format: "KML",
        features,
        crs: None,
    })
}
