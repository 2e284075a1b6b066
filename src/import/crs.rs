//! Coordinate reference systems of imported layers: what a file declares
//! (GeoJSON `crs`, a Shapefile `.prj`, a GeoPackage or FlatGeobuf SRS, a
//! PROJ string given with `--crs`) turned into a reprojection to WGS84
//! lon/lat through the pure-Rust `proj4rs`.

use proj4rs::proj::Proj;

/// A declared CRS, resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum Crs {
    /// Lon/lat degrees on WGS84 (EPSG:4326, OGC CRS84): no reprojection.
    Wgs84,
    /// Anything else, as a PROJ string, with the name the file gave it.
    Proj { name: String, proj: String },
}

/// The PROJ string of an EPSG code this module knows: Web Mercator and the
/// WGS84 UTM zones (north 326zz, south 327zz); geographic WGS84 is `Wgs84`.
pub fn from_epsg(code: u32) -> Option<Crs> {
    let proj = match code {
        4326 | 4979 | 4030 => return Some(Crs::Wgs84),
        3857 | 900913 | 102100 | 102113 | 3785 => {
            "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs".to_string()
        }
        32601..=32660 => format!("+proj=utm +zone={} +datum=WGS84 +units=m +no_defs", code - 32600),
        32701..=32760 => format!(
            "+proj=utm +zone={} +south +datum=WGS84 +units=m +no_defs",
            code - 32700
        ),
        _ => return None,
    };
    Some(Crs::Proj {
        name: format!("EPSG:{code}"),
        proj,
    })
}

/// Why a declared CRS cannot be used.
pub fn unsupported(declared: &str) -> String {
    format!(
        "coordinate reference system {declared:?} is not supported: reproject the layer to \
         EPSG:4326 (e.g. `ogr2ogr -t_srs EPSG:4326 out.gpkg in.gpkg`), or give its PROJ string \
         with --crs \"+proj=…\" (known EPSG codes: 4326, 3857, 326zz/327zz UTM)"
    )
}

/// Reads a CRS as files and users write it: `EPSG:3857`, `urn:ogc:def:crs:EPSG::32637`,
/// `urn:ogc:def:crs:OGC:1.3:CRS84`, a PROJ string, or WKT (a `.prj` file).
pub fn parse(s: &str) -> Result<Crs, String> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("+proj") || lower.starts_with("proj=") {
        if lower.contains("longlat") && (lower.contains("wgs84") || !lower.contains("datum")) {
            return Ok(Crs::Wgs84);
        }
        Proj::from_proj_string(t).map_err(|e| format!("PROJ string {t:?}: {e}"))?;
        return Ok(Crs::Proj {
            name: t.to_string(),
            proj: t.to_string(),
        });
    }
    if lower.ends_with("crs84") || lower.ends_with("crs:84") {
        return Ok(Crs::Wgs84);
    }
    if lower.contains('[') {
        return from_wkt(t);
    }
    if let Some(code) = lower
        .rsplit([':', '/'])
        .next()
        .and_then(|c| c.parse::<u32>().ok())
        .filter(|_| lower.contains("epsg"))
    {
        return from_epsg(code).ok_or_else(|| unsupported(t));
    }
    Err(unsupported(t))
}

/// A CRS from OGC WKT (a `.prj` or a GeoPackage definition): its EPSG
/// authority code, else its name (UTM zone, Web Mercator, plain WGS84).
pub fn from_wkt(wkt: &str) -> Result<Crs, String> {
    let upper = wkt.to_ascii_uppercase();
    // The outermost authority is the last one written (WKT1) or the ID at the end (WKT2).
    let code = ["AUTHORITY[\"EPSG\",\"", "ID[\"EPSG\","]
        .iter()
        .filter_map(|k| {
            let i = upper.rfind(k)?;
            let rest = &upper[i + k.len()..];
            let digits: String = rest
                .chars()
                .skip_while(|c| *c == '"')
                .take_while(char::is_ascii_digit)
                .collect();
            Some((i, digits.parse::<u32>().ok()?))
        })
        .max_by_key(|(i, _)| *i)
        .map(|(_, c)| c);
    let projected = upper.starts_with("PROJCS") || upper.starts_with("PROJCRS");
    if let Some(c) = code.filter(|c| projected || *c == 4326) {
        if let Some(crs) = from_epsg(c) {
            return Ok(crs);
        }
    }
    let name: String = upper
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let wgs84 = name.contains("WGS84") || name.contains("WGS1984");
    if !projected && wgs84 {
        return Ok(Crs::Wgs84);
    }
    if name.contains("PSEUDOMERCATOR") || name.contains("MERCATORAUXILIARYSPHERE") {
        return Ok(from_epsg(3857).expect("known code"));
    }
    if let Some(i) = name.find("UTMZONE") {
        let rest = &name[i + 7..];
        let zone: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let south = rest[zone.len()..].starts_with('S');
        if let Ok(z @ 1..=60) = zone.parse::<u32>() {
            if wgs84 {
                return Ok(from_epsg(if south { 32700 } else { 32600 } + z).expect("known code"));
            }
        }
    }
    let short: String = wkt.chars().take(80).collect();
    Err(unsupported(&short))
}

/// Reprojects coordinates from a CRS to WGS84 lon/lat degrees.
pub struct ToWgs84 {
    src: Proj,
    dst: Proj,
    geographic: bool,
}

impl ToWgs84 {
    /// `None` for WGS84 itself (nothing to do).
    pub fn new(crs: &Crs) -> Result<Option<ToWgs84>, String> {
        let Crs::Proj { proj, name } = crs else {
            return Ok(None);
        };
        let src = Proj::from_proj_string(proj).map_err(|e| format!("CRS {name}: {e}"))?;
        let dst = Proj::from_proj_string("+proj=longlat +datum=WGS84 +no_defs")
            .map_err(|e| format!("WGS84: {e}"))?;
        let geographic = proj.contains("longlat") || proj.contains("latlong");
        Ok(Some(ToWgs84 {
            src,
            dst,
            geographic,
        }))
    }

    /// One coordinate; `None` when it lies outside the projection.
    pub fn point(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        let mut p = if self.geographic {
            (x.to_radians(), y.to_radians(), 0.0)
        } else {
            (x, y, 0.0)
        };
        proj4rs::transform::transform(&self.src, &self.dst, &mut p).ok()?;
        let (lon, lat) = (p.0.to_degrees(), p.1.to_degrees());
        (lon.is_finite() && lat.is_finite()).then_some((lon, lat))
    }

    /// A whole geometry; `None` when some coordinate cannot be reprojected.
    pub fn geometry(&self, g: &geo::Geometry<f64>) -> Option<geo::Geometry<f64>> {
        use geo::MapCoords;
        g.try_map_coords(|c| {
            self.point(c.x, c.y)
                .map(|(x, y)| geo::coord! { x: x, y: y })
                .ok_or(())
        })
        .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to_wgs84(crs: &str, x: f64, y: f64) -> (f64, f64) {
        let t = ToWgs84::new(&parse(crs).unwrap()).unwrap().unwrap();
        t.point(x, y).unwrap()
    }

    #[test]
    fn web_mercator_and_utm_reproject_to_lon_lat() {
        // Aleppo, about 37.16 E 36.20 N.
        let (lon, lat) = to_wgs84("urn:ogc:def:crs:EPSG::3857", 4_136_793.0, 4_328_580.0);
        assert!(
            (lon - 37.1614).abs() < 1e-3 && (lat - 36.2029).abs() < 1e-3,
            "{lon} {lat}"
        );
        let (lon, lat) = to_wgs84("EPSG:32637", 334_255.0, 4_008_036.0);
        assert!(
            (lon - 37.16).abs() < 0.01 && (lat - 36.20).abs() < 0.01,
            "{lon} {lat}"
        );
        let (lon, lat) = to_wgs84(
            "+proj=utm +zone=37 +datum=WGS84 +units=m",
            334_255.0,
            4_008_036.0,
        );
        assert!(
            (lon - 37.16).abs() < 0.01 && (lat - 36.20).abs() < 0.01,
            "{lon} {lat}"
        );
    }

    #[test]
    fn prj_wkt_is_understood_and_unknown_codes_say_what_to_do() {
        let prj = r#"PROJCS["WGS 84 / UTM zone 37N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",39],UNIT["metre",1]]"#;
        assert_eq!(from_wkt(prj).unwrap(), from_epsg(32637).unwrap());
        let geog = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        assert_eq!(from_wkt(geog).unwrap(), Crs::Wgs84);
        let e = parse("EPSG:22770").unwrap_err();
        assert!(
            e.contains("EPSG:22770") && e.contains("ogr2ogr -t_srs EPSG:4326"),
            "{e}"
        );
    }
}
