//! The zone cache: the timeline of the store, and per date the control map,
//! the zones FeatureCollection and its serialised JSON, all keyed on the
//! store's generation. Panning the map or sliding back and forth in time asks
//! for dates already built, so those requests are a hash lookup and a copy of
//! shared bytes; any write to the store changes the generation and the next
//! request rebuilds. Cache hits take only a shared read lock (and the store's
//! generation is an atomic read), so concurrent hits never wait on each other.

use crate::pipeline;
use crate::region::Region;
use crate::store::{Store, StoreError};
use crate::timeline::{ControlMap, Timeline};
use axum::body::Bytes;
use chrono::NaiveDate;
use geojson::FeatureCollection;
use std::collections::HashMap;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Dates kept per generation; arbitrary dates from clients cannot grow the
/// cache without bound.
const MAX_DATES: usize = 512;

/// Everything drawn for one date.
pub struct ZonesAt {
    pub generation: i64,
    pub map: ControlMap,
    pub collection: FeatureCollection,
    /// `collection` as JSON, ready to send.
    pub json: Bytes,
}

#[derive(Default)]
struct Inner {
    generation: Option<i64>,
    timeline: Option<Arc<Timeline>>,
    dates: HashMap<Option<NaiveDate>, Arc<ZonesAt>>,
}

/// Shared between handlers; all methods are blocking (call them off the
/// async runtime's worker threads when they may build).
#[derive(Default)]
pub struct ZoneCache {
    inner: RwLock<Inner>,
}

impl ZoneCache {
    pub fn new() -> ZoneCache {
        ZoneCache::default()
    }

    /// For writers: a panic while holding it leaves a consistent map (every
    /// update is one assignment or insert), so poisoning is ignored.
    fn lock(&self) -> RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(|p| p.into_inner())
    }

    fn read(&self) -> RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(|p| p.into_inner())
    }

    /// The timeline of every stored claim, rebuilt when the store changed.
    pub fn timeline(&self, store: &dyn Store) -> Result<(i64, Arc<Timeline>), StoreError> {
        let generation = store.generation()?;
        {
            let inner = self.read();
            if inner.generation == Some(generation) {
                if let Some(t) = &inner.timeline {
                    return Ok((generation, t.clone()));
                }
            }
        }
        // Build outside the lock: zone requests for cached dates keep flowing.
        let tl = Arc::new(pipeline::timeline(store)?);
        let mut inner = self.lock();
        if inner.generation != Some(generation) {
            inner.dates.clear();
            inner.generation = Some(generation);
        }
        inner.timeline = Some(tl.clone());
        Ok((generation, tl))
    }

    /// The cached zones for `date` when the store has not changed since they
    /// were built: one generation read and a hash lookup, no building.
    pub fn cached(
        &self,
        store: &dyn Store,
        date: Option<NaiveDate>,
    ) -> Result<Option<Arc<ZonesAt>>, StoreError> {
        let generation = store.generation()?;
        let inner = self.read();
        Ok(inner
            .dates
            .get(&date)
            .filter(|z| z.generation == generation && inner.generation == Some(generation))
            .cloned())
    }

    /// Zones as of `date` (latest when `None`), built once per store generation.
    pub fn zones(
        &self,
        region: &Region,
        store: &dyn Store,
        date: Option<NaiveDate>,
    ) -> Result<Arc<ZonesAt>, StoreError> {
        let (generation, tl) = self.timeline(store)?;
        if let Some(hit) = self.read().dates.get(&date) {
            if hit.generation == generation {
                return Ok(hit.clone());
            }
        }
        let (map, collection) = pipeline::zones_at(region, &tl, date);
        let json = serde_json::to_vec(&collection)
            .map_err(|e| StoreError::Db(format!("cannot serialise zones: {e}")))?;
        let entry = Arc::new(ZonesAt {
            generation,
            map,
            collection,
            json: Bytes::from(json),
        });
        let mut inner = self.lock();
        if inner.generation == Some(generation) {
            if inner.dates.len() >= MAX_DATES {
                inner.dates.clear();
            }
            inner.dates.insert(date, entry.clone());
        }
        Ok(entry)
    }

    /// How many dates are cached (for tests and the health route).
    pub fn len(&self) -> usize {
        self.read().dates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
}
