//! One line of `places.jsonl`, and the compact byte form of a whole file that
//! `build.rs` prepares for the packs compiled into the binary: reading it back is a few
//! times faster than parsing the JSON, which matters for a one-shot command's start.
//!
//! `build.rs` compiles this file too (`#[path]`): it may only use `super::PlaceKind`,
//! `serde`, `thiserror` and std.

use super::PlaceKind;
use serde::{Deserialize, Serialize};

/// One line of `places.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceRecord {
    pub id: String,
    pub name: String,
    pub kind: PlaceKind,
    pub lon: f64,
    pub lat: f64,
    #[serde(default)]
    pub country: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin2: Option<String>,
    #[serde(default)]
    pub population: u64,
    #[serde(default)]
    pub importance: f32,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Prepared place records that cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum RecordsError {
    #[error("prepared place records: {0} at byte {1}")]
    Malformed(&'static str, usize),
}

const MAGIC: &[u8; 8] = b"FLPLAC01";

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// The byte form read by [`records_from_bytes`] (little-endian, length-prefixed).
pub fn records_to_bytes(records: &[PlaceRecord]) -> Vec<u8> {
    let mut out = Vec::with_capacity(records.len() * 160);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(records.len() as u32).to_le_bytes());
    for r in records {
        put_str(&mut out, &r.id);
        put_str(&mut out, &r.name);
        out.push(r.kind as u8);
        out.extend_from_slice(&r.lon.to_le_bytes());
        out.extend_from_slice(&r.lat.to_le_bytes());
        put_str(&mut out, &r.country);
        // admin names: a presence byte each
        for a in [&r.admin1, &r.admin2] {
            match a {
                Some(a) => {
                    out.push(1);
                    put_str(&mut out, a);
                }
                None => out.push(0),
            }
        }
        out.extend_from_slice(&r.population.to_le_bytes());
        out.extend_from_slice(&r.importance.to_le_bytes());
        out.extend_from_slice(&(r.aliases.len() as u32).to_le_bytes());
        for a in &r.aliases {
            put_str(&mut out, a);
        }
    }
    out
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N], RecordsError> {
        let s = self
            .b
            .get(self.at..self.at + N)
            .ok_or(RecordsError::Malformed(what, self.at))?;
        self.at += N;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }
    fn u32(&mut self, what: &'static str) -> Result<u32, RecordsError> {
        Ok(u32::from_le_bytes(self.take::<4>(what)?))
    }
    fn string(&mut self, what: &'static str) -> Result<String, RecordsError> {
        let n = self.u32(what)? as usize;
        let at = self.at;
        let s = at
            .checked_add(n)
            .and_then(|e| self.b.get(at..e))
            .ok_or(RecordsError::Malformed(what, at))?;
        self.at += n;
        std::str::from_utf8(s)
            .map(str::to_string)
            .map_err(|_| RecordsError::Malformed(what, at))
    }
    fn opt_string(&mut self, what: &'static str) -> Result<Option<String>, RecordsError> {
        match self.take::<1>(what)?[0] {
            0 => Ok(None),
            1 => self.string(what).map(Some),
            _ => Err(RecordsError::Malformed(what, self.at - 1)),
        }
    }
}

/// Reads the byte form of [`records_to_bytes`]; damaged bytes give an error, never a panic.
pub fn records_from_bytes(b: &[u8]) -> Result<Vec<PlaceRecord>, RecordsError> {
    let mut r = Reader { b, at: 0 };
    if r.take::<8>("header")? != *MAGIC {
        return Err(RecordsError::Malformed("not this version's records", 0));
    }
    let n = r.u32("record count")? as usize;
    // Every record takes at least 50 bytes: a damaged count cannot reserve much.
    let mut out = Vec::with_capacity(n.min(b.len() / 50));
    for _ in 0..n {
        let id = r.string("id")?;
        let name = r.string("name")?;
        let at = r.at;
        let kind = *PlaceKind::ALL
            .get(r.take::<1>("kind")?[0] as usize)
            .ok_or(RecordsError::Malformed("kind", at))?;
        let lon = f64::from_le_bytes(r.take::<8>("lon")?);
        let lat = f64::from_le_bytes(r.take::<8>("lat")?);
        let country = r.string("country")?;
        let admin1 = r.opt_string("admin1")?;
        let admin2 = r.opt_string("admin2")?;
        let population = u64::from_le_bytes(r.take::<8>("population")?);
        let importance = f32::from_le_bytes(r.take::<4>("importance")?);
        let k = r.u32("aliases")? as usize;
        let mut aliases = Vec::with_capacity(k.min(b.len() - r.at));
        for _ in 0..k {
            aliases.push(r.string("alias")?);
        }
        out.push(PlaceRecord {
            id,
            name,
            kind,
            lon,
            lat,
            country,
            admin1,
            admin2,
            population,
            importance,
            aliases,
        });
    }
    if r.at != b.len() {
        return Err(RecordsError::Malformed("trailing bytes", r.at));
    }
    Ok(out)
}
