//! Hash maps and sets with a fast, fixed-seed hasher (foldhash) for the hot
//! in-memory word sets of geoparse and claims.
//!
//! Those sets are built from the language file and the region pack, never from
//! a request, so SipHash's resistance to chosen-key collisions buys nothing
//! there while costing about a tenth of analyse time. A fixed seed also keeps
//! iteration order the same in every process. Build with `::default()` or
//! `collect()` (`new()` belongs to std's `RandomState` maps only).

/// `std::collections::HashMap` with foldhash's fixed-seed fast hasher.
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
/// `std::collections::HashSet` with foldhash's fixed-seed fast hasher.
pub type HashSet<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;
