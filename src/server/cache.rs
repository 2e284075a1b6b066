//! The zone cache: the timeline of the store, and per date the control map,
//! the zones FeatureCollection and its serialised JSON, each labelled with the
//! store generation it was built from. Panning the map or sliding back and
//! forth in time asks for dates already built, so those requests are a hash
//! lookup and a copy of shared bytes. Cache hits take only a shared read lock
//! (and the store's generation is an atomic read), so concurrent hits never
//! wait on each other.
//!
//! Under writes, every write changes the generation. Builds are single-flight:
//! one timeline build at a time, one zone build per date at a time, and
//! concurrent askers wait for that one build instead of each starting their
//! own (which made a write storm a rebuild storm). When builds are slow (a
//! large store), readers are answered from the previous generation's map
//! while one background build makes the new one (stale-while-revalidate); the
//! answer says which generation it is (`ZonesAt::generation`).

use crate::pipeline;
use crate::region::Region;
use crate::review::Reviewed;
use crate::store::{Store, StoreError};
use crate::timeline::{ControlMap, FusedStates, Timeline};
use crate::zones::ImportedArea;
use axum::body::Bytes;
use chrono::NaiveDate;
use geojson::FeatureCollection;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

/// Dates kept; arbitrary dates from clients cannot grow the cache without bound.
const MAX_DATES: usize = 512;

/// Dates whose fused place states are kept for the next build of that date
/// (the dates being watched under writes; a slider sweep does not need them).
const MAX_FUSED_DATES: usize = 16;

/// Builds faster than this are waited for (readers see their own writes at
/// once); past it, readers get the previous map while the new one builds.
/// (40 ms answered the 150k soak faster — BENCHMARKS.md — but then a map
/// built in 40–200 ms no longer shows a writer its own report at once.)
pub const STALE_AFTER: Duration = Duration::from_millis(200);

/// Everything drawn for one date.
pub struct ZonesAt {
    /// The store generation this was built from.
    pub generation: i64,
    pub map: ControlMap,
    pub collection: FeatureCollection,
    /// `collection` as JSON, ready to send.
    pub json: Bytes,
    /// SHA-256 of `map` as JSON and of the imported areas: a build with the
    /// same digest takes this build's zones instead of drawing them again.
    map_digest: [u8; 32],
}

impl ZonesAt {
    /// Whether both were drawn from the same control map (every field of
    /// every state), whatever their generations.
    pub fn same_map(&self, other: &ZonesAt) -> bool {
        self.map_digest == other.map_digest
    }
}

/// What the cache holds for a date.
pub enum Lookup {
    /// Built from the store's current generation.
    Fresh(Arc<ZonesAt>),
    /// Built from an older generation, and builds are slow: serve it while a
    /// new one builds ([`ZoneCache::start_refresh`]).
    Stale(Arc<ZonesAt>),
    /// Nothing usable: build (and wait).
    Miss,
}

#[derive(Default)]
struct Inner {
    generation: Option<i64>,
    timeline: Option<Arc<Timeline>>,
    /// What review set aside with that timeline (rejected claims, corrections
    /// no claim matches); its `claims` are in the timeline.
    review: Option<Arc<Reviewed>>,
    /// The latest built zones per date, of whatever generation.
    dates: HashMap<Option<NaiveDate>, Arc<ZonesAt>>,
}

/// Shared between handlers; the building methods block (call them off the
/// async runtime's worker threads).
#[derive(Default)]
pub struct ZoneCache {
    inner: RwLock<Inner>,
    /// Held while the timeline builds: one build at a time.
    timeline_build: Mutex<()>,
    /// One lock per date, held while that date's zones build.
    date_builds: Mutex<HashMap<Option<NaiveDate>, Arc<Mutex<()>>>>,
    /// Per date, the place states fused by its last build: the next build
    /// of the date fuses again only the places whose history changed.
    fused: Mutex<HashMap<Option<NaiveDate>, FusedStates>>,
    /// Dates with a background refresh running.
    refreshing: Mutex<HashSet<Option<NaiveDate>>>,
    /// How long the last zone build took (timeline included), in µs.
    last_build_us: AtomicU64,
    /// Timelines built from every claim, and timelines brought up to date
    /// by folding in new reports' claims.
    full_builds: AtomicU64,
    folds: AtomicU64,
}

/// A background refresh of one date; dropping it lets the next one start.
pub struct Refresh {
    cache: Arc<ZoneCache>,
    date: Option<NaiveDate>,
}

impl Drop for Refresh {
    fn drop(&mut self) {
        lock(&self.cache.refreshing).remove(&self.date);
    }
}

/// Locks ignoring poison: every update under these locks is one assignment
/// or insert, so a panic elsewhere leaves them consistent.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl ZoneCache {
    pub fn new() -> ZoneCache {
        ZoneCache::default()
    }

    fn write(&self) -> RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(|p| p.into_inner())
    }

    fn read(&self) -> RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(|p| p.into_inner())
    }

    /// The timeline of every stored claim (corrections applied), rebuilt
    /// (once, whoever asks) when the store changed.
    pub fn timeline(
        &self,
        region: &Region,
        store: &dyn Store,
    ) -> Result<(i64, Arc<Timeline>), StoreError> {
        let (generation, tl, _) = self.reviewed(region, store)?;
        Ok((generation, tl))
    }

    /// The timeline and what review set aside (rejected claims, unmatched
    /// corrections), of the store's current generation.
    pub fn reviewed(
        &self,
        region: &Region,
        store: &dyn Store,
    ) -> Result<(i64, Arc<Timeline>, Arc<Reviewed>), StoreError> {
        let wanted = store.generation()?;
        if let Some(hit) = self.timeline_since(wanted) {
            return Ok(hit);
        }
        let _building = lock(&self.timeline_build);
        // Whoever held the lock before may have built it: a build at or
        // after the generation seen on arrival has every write this caller
        // can know of. (Waiting for the store's generation *now* would make
        // each waiter build again under a steady stream of writes.)
        if let Some(hit) = self.timeline_since(wanted) {
            return Ok(hit);
        }
        // The state held, and the generation it was built at (the watermark).
        let (watermark, held) = {
            let inner = self.read();
            (
                inner.generation,
                inner.timeline.clone().zip(inner.review.clone()),
            )
        };
        let since = store.claims_since(held.as_ref().and(watermark))?;
        let (generation, tl, rv) = match held {
            // Only new reports since the watermark: fold their claims in.
            // Corrections cannot touch them (a claim's id names its report,
            // and the report did not exist when they were made), so the
            // result equals a full rebuild.
            Some((mut tl, rv)) if !since.full => {
                {
                    // Let go of the cache's reference so the fold does not
                    // copy the timeline (unless a reader still holds it).
                    let mut inner = self.write();
                    if inner.generation == watermark {
                        inner.timeline = None;
                    }
                }
                let mut new = since.claims;
                one_display_name(region, &mut new);
                tracing::debug!(
                    from = ?watermark,
                    to = since.generation,
                    claims = new.len(),
                    "timeline: folding in new reports"
                );
                Arc::make_mut(&mut tl).extend(new, is_manual);
                self.folds.fetch_add(1, Ordering::Relaxed);
                (since.generation, tl, rv)
            }
            _ => {
                let corrections = store.corrections()?;
                let mut reviewed =
                    crate::review::apply(since.claims, &corrections, &region.gazetteer);
                one_display_name(region, &mut reviewed.claims);
                let tl = Arc::new(Timeline::new(std::mem::take(&mut reviewed.claims)));
                self.full_builds.fetch_add(1, Ordering::Relaxed);
                (since.generation, tl, Arc::new(reviewed))
            }
        };
        let mut inner = self.write();
        if inner.timeline.is_none() || inner.generation.is_none_or(|g| g < generation) {
            inner.generation = Some(generation);
            inner.timeline = Some(tl.clone());
            inner.review = Some(rv.clone());
        }
        Ok((generation, tl, rv))
    }

    /// The held timeline when it was built at `generation` or later.
    fn timeline_since(&self, generation: i64) -> Option<(i64, Arc<Timeline>, Arc<Reviewed>)> {
        let inner = self.read();
        let held = inner.generation.filter(|g| *g >= generation)?;
        Some((held, inner.timeline.clone()?, inner.review.clone()?))
    }

    /// The cached zones for `date` when the store has not changed since they
    /// were built: one generation read and a hash lookup, no building.
    pub fn cached(
        &self,
        store: &dyn Store,
        date: Option<NaiveDate>,
    ) -> Result<Option<Arc<ZonesAt>>, StoreError> {
        Ok(match self.lookup(store, date)? {
            Lookup::Fresh(z) => Some(z),
            _ => None,
        })
    }

    /// The zones for `date` built at `generation` or later.
    fn zones_since(&self, generation: i64, date: Option<NaiveDate>) -> Option<Arc<ZonesAt>> {
        self.read()
            .dates
            .get(&date)
            .filter(|z| z.generation >= generation)
            .cloned()
    }

    /// Fresh, stale-and-worth-serving, or a miss; never builds.
    pub fn lookup(&self, store: &dyn Store, date: Option<NaiveDate>) -> Result<Lookup, StoreError> {
        let generation = store.generation()?;
        let inner = self.read();
        Ok(match inner.dates.get(&date) {
            Some(z) if z.generation == generation => Lookup::Fresh(z.clone()),
            Some(z) if self.builds_are_slow() => Lookup::Stale(z.clone()),
            _ => Lookup::Miss,
        })
    }

    fn builds_are_slow(&self) -> bool {
        self.last_build_us.load(Ordering::Relaxed) > STALE_AFTER.as_micros() as u64
    }

    /// Claims the background refresh of `date`, unless one is running.
    pub fn start_refresh(self: &Arc<Self>, date: Option<NaiveDate>) -> Option<Refresh> {
        lock(&self.refreshing).insert(date).then(|| Refresh {
            cache: self.clone(),
            date,
        })
    }

    /// Zones as of `date` (latest when `None`) for the store's current
    /// generation; built once, whoever else asks meanwhile waits for it.
    pub fn zones(
        &self,
        region: &Region,
        store: &dyn Store,
        date: Option<NaiveDate>,
    ) -> Result<Arc<ZonesAt>, StoreError> {
        let wanted = store.generation()?;
        if let Some(hit) = self.zones_since(wanted, date) {
            return Ok(hit);
        }
        let date_lock = lock(&self.date_builds)
            .entry(date)
            .or_insert_with(|| Arc::new(Mutex::new(())))
            .clone();
        let _building = lock(&date_lock);
        // A build that finished while this one waited covers every write
        // made before it asked: one build per wait, however fast writes come.
        if let Some(hit) = self.zones_since(wanted, date) {
            return Ok(hit);
        }
        let started = Instant::now();
        let (generation, tl) = self.timeline(region, store)?;
        // This date's build lock is held: no one else uses its fused states.
        let mut fused = lock(&self.fused).remove(&date).unwrap_or_default();
        let map = tl.state_at_cached(date, &mut fused);
        tracing::debug!(
            ?date,
            fused = fused.fused,
            reused = fused.reused,
            "zones: place states"
        );
        {
            let mut kept = lock(&self.fused);
            if kept.len() >= MAX_FUSED_DATES {
                kept.clear();
            }
            kept.insert(date, fused);
        }
        let mut map = map;
        map.order_by_importance(&region.gazetteer);
        let areas = store.areas()?;
        let map_digest = digest(&map, &areas)?;
        // A write that changed nothing on this date (a report dated later,
        // or one that repeats what the map says) leaves the map as it was:
        // its zones are the ones already drawn (the geometry is a function
        // of the map), so they are taken instead of built again.
        let previous = self
            .read()
            .dates
            .get(&date)
            .filter(|z| z.map_digest == map_digest)
            .cloned();
        let (collection, json) = match previous {
            Some(old) => (old.collection.clone(), old.json.clone()),
            None => {
                let (drawn, collection) =
                    pipeline::zones_of_with(region, std::mem::take(&mut map), &areas);
                map = drawn;
                let json = serde_json::to_vec(&collection)
                    .map_err(|e| StoreError::Db(format!("cannot serialise zones: {e}")))?;
                (collection, Bytes::from(json))
            }
        };
        self.last_build_us
            .store(started.elapsed().as_micros() as u64, Ordering::Relaxed);
        let entry = Arc::new(ZonesAt {
            generation,
            map,
            collection,
            json,
            map_digest,
        });
        let mut inner = self.write();
        if inner.dates.len() >= MAX_DATES && !inner.dates.contains_key(&date) {
            inner.dates.clear();
            lock(&self.date_builds).retain(|d, _| *d == date);
        }
        let newer = inner
            .dates
            .get(&date)
            .is_some_and(|old| old.generation > generation);
        if !newer {
            inner.dates.insert(date, entry.clone());
        }
        Ok(entry)
    }

    /// How many timelines were built from every claim, and how many were
    /// brought up to date by folding in new reports (for tests and logs).
    pub fn build_counts(&self) -> (u64, u64) {
        (
            self.full_builds.load(Ordering::Relaxed),
            self.folds.load(Ordering::Relaxed),
        )
    }

    /// How many place states the last build of `date` fused again and how
    /// many it reused (for tests).
    pub fn fused_counts(&self, date: Option<NaiveDate>) -> Option<(usize, usize)> {
        lock(&self.fused).get(&date).map(|f| (f.fused, f.reused))
    }

    /// How many dates are cached (for tests and the health route).
    pub fn len(&self) -> usize {
        self.read().dates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// SHA-256 of a control map as JSON (every field of every state).
/// What a date's zones are a function of: its control map and the imported
/// areas (an area import whose claims the map does not show, such as one
/// over places newer reports already gave its side, still moves the edge).
fn digest(map: &ControlMap, areas: &[ImportedArea]) -> Result<[u8; 32], StoreError> {
    use sha2::{Digest, Sha256};
    let json = serde_json::to_vec(map)
        .map_err(|e| StoreError::Db(format!("cannot serialise the control map: {e}")))?;
    let mut hasher = Sha256::new();
    hasher.update(&json);
    for a in areas {
        hasher.update(format!(
            "\n{}\t{:?}\t{}\t{}\t{}\t{:?}\t",
            a.faction, a.date, a.file, a.feature, a.name, a.baseline_id
        ));
        hasher.update(crate::store::area_to_geojson(&a.area));
    }
    Ok(hasher.finalize().into())
}

/// A manual claim (an analyst's "add" correction, cited as
/// `correction:<id>`): a full build puts these after every stored claim.
fn is_manual(c: &crate::timeline::Fact) -> bool {
    c.report_id
        .as_deref()
        .is_some_and(|r| r.starts_with("correction:"))
}

/// One name per place on the map: a claim names its place as the report or
/// baseline spelled it ("Kuweires Airbase"), the gazetteer as search and the
/// evidence panel show it ("Kuweires Military Airbase"). Zones, popups and
/// "What changed" take the gazetteer's name wherever the place is known.
fn one_display_name(region: &Region, claims: &mut [crate::claims::Claim]) {
    for c in claims {
        if let Some(place) = c
            .place_id
            .as_deref()
            .and_then(|id| region.gazetteer.get(id))
        {
            if c.name != place.name {
                c.name.clone_from(&place.name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Report;
    use crate::store::sqlite::SqliteStore;

    #[test]
    fn same_date_same_generation_is_served_from_cache_and_writes_invalidate() {
        let region = Region::bundled().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("c.sqlite")).unwrap();
        let cache = ZoneCache::new();
        let d = crate::report::parse_date("2016-02-03");
        let a = cache.zones(&region, &store, d).unwrap();
        let b = cache.zones(&region, &store, d).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(cache.len(), 1);
        store
            .add_report(&Report::from_body("Nothing happened.", d), &[])
            .unwrap();
        let c = cache.zones(&region, &store, d).unwrap();
        assert!(!Arc::ptr_eq(&a, &c));
        assert!(c.generation > a.generation);
    }

    #[test]
    fn places_are_named_as_the_gazetteer_names_them() {
        let region = Region::bundled().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("c.sqlite")).unwrap();
        let d = crate::report::parse_date("2016-02-03");
        // A baseline's spelling, not the gazetteer's.
        let claim = crate::claims::Claim {
            place_id: Some("airbase:kuweires".into()),
            name: "Kuweires Airbase".into(),
            faction: "government".into(),
            relation: crate::claims::Relation::Holds,
            date: d,
            confidence: 0.8,
            quote: "Kuweires Airbase".into(),
            ..crate::claims::Claim::default()
        };
        let report = Report::from_body("Kuweires Airbase", d);
        store.add_report(&report, &[claim]).unwrap();
        let cache = ZoneCache::new();
        let z = cache.zones(&region, &store, d).unwrap();
        for p in &z.map.places {
            let g = region
                .gazetteer
                .get(&p.place_id)
                .expect("a gazetteer place");
            assert_eq!(p.name, g.name, "{}", p.place_id);
        }
    }

    #[test]
    fn concurrent_askers_share_one_build_and_slow_builds_serve_the_old_map() {
        let region = Region::bundled().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("c.sqlite")).unwrap();
        let d = crate::report::parse_date("2016-02-03");
        store
            .add_report(&Report::from_body("Rebels hold Azaz.", d), &[])
            .unwrap();
        let cache = Arc::new(ZoneCache::new());
        let built: Vec<Arc<ZonesAt>> = std::thread::scope(|s| {
            let hs: Vec<_> = (0..8)
                .map(|_| s.spawn(|| cache.zones(&region, &store, d).unwrap()))
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(built.iter().all(|z| Arc::ptr_eq(z, &built[0])), "one build");
        // A write: fast builds are waited for (a miss), slow ones are served stale.
        store
            .add_report(&Report::from_body("Nothing happened.", d), &[])
            .unwrap();
        assert!(matches!(cache.lookup(&store, d).unwrap(), Lookup::Miss));
        cache
            .last_build_us
            .store(STALE_AFTER.as_micros() as u64 + 1, Ordering::Relaxed);
        match cache.lookup(&store, d).unwrap() {
            Lookup::Stale(z) => assert_eq!(z.generation, built[0].generation),
            _ => panic!("expected the previous map"),
        }
        let r = cache.start_refresh(d).expect("first refresh starts");
        assert!(cache.start_refresh(d).is_none(), "one refresh per date");
        drop(r);
        assert!(cache.start_refresh(d).is_some());
    }
}
