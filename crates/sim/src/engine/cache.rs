//! The cache's contents: entry data in a map, residency decided by an
//! [`Evictor`]. A pure data structure: it reports what it removed and the
//! engine decides what that means (eviction count, pollution, a dirty write).

use std::collections::VecDeque;
use std::num::NonZeroU32;

use crate::eviction::slot_index::SlotIndex;
use crate::eviction::{EvictionPolicy, Evictor};

use super::ttl::Ttl;

/// One cached entry.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    /// Version held. Only grows while resident (versioned SETs).
    pub(crate) version: u64,
    /// Acknowledged writes this entry holds for the DB (write-back).
    pub(crate) pending: u64,
    /// Non-zero while dirty: the generation of its place in the dirty queue.
    pub(crate) dirty_gen: u64,
    /// When the TTL runs out (`u64::MAX` without TTL).
    pub(crate) expires_at: u64,
    /// When the version held was stored (what a grace read's age is
    /// measured from).
    pub(crate) stored_at: u64,
    /// Has been hit since it entered the cache.
    pub(crate) hit: bool,
}

/// An entry that left the cache.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Removed {
    pub(crate) key: u64,
    pub(crate) version: u64,
    pub(crate) pending: u64,
    pub(crate) dirty: bool,
    pub(crate) hit: bool,
}

impl Removed {
    fn new(key: u64, e: Entry) -> Removed {
        Removed {
            key,
            version: e.version,
            pending: e.pending,
            dirty: e.dirty_gen != 0,
            hit: e.hit,
        }
    }
}

/// The answer to a GET.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Lookup {
    /// A live entry: its version and when its TTL runs out.
    Hit {
        version: u64,
        expires_at: u64,
    },
    /// Expired, but inside the stale-while-revalidate grace window: the
    /// entry stays and this read gets its old version, stored `age` µs ago.
    Grace {
        version: u64,
        age: u64,
    },
    Miss,
    /// The entry's TTL had run out: it is gone now, and this is a miss.
    Expired(Removed),
}

/// What a SET or fill did.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Put {
    /// A new entry entered the cache.
    pub(crate) inserted: bool,
    /// The entry that left to make room.
    pub(crate) victim: Option<Removed>,
}

#[derive(Clone, Debug)]
pub(crate) struct CacheStore {
    /// The resident entries, `(key, entry)`, in no particular order: a
    /// removal moves the last one into the hole.
    slab: Vec<(u64, Entry)>,
    /// Key → index in `slab` (a vector for small keys: a hit is two
    /// indexed loads, here and in the evictor, instead of two hash lookups).
    index: SlotIndex,
    evictor: Evictor,
    /// Dirty keys, oldest first, as (key, generation); an item whose entry no
    /// longer carries that generation is skipped (lazy deletion keeps
    /// re-dirtying O(1)).
    dirty: VecDeque<(u64, u64)>,
    next_gen: u64,
    ttl: Option<Ttl>,
    /// Stale-while-revalidate window after an expiry (0 = none).
    grace_us: u64,
}

impl CacheStore {
    pub(crate) fn new(
        policy: EvictionPolicy,
        capacity: u32,
        ttl: Option<Ttl>,
        grace_us: u64,
    ) -> Self {
        let cap = NonZeroU32::new(capacity).unwrap_or(NonZeroU32::MIN);
        CacheStore {
            slab: Vec::new(),
            index: SlotIndex::default(),
            evictor: Evictor::new(policy, cap),
            dirty: VecDeque::new(),
            next_gen: 0,
            ttl,
            grace_us,
        }
    }

    /// The stale-while-revalidate window (0 = none).
    pub(crate) fn grace_us(&self) -> u64 {
        self.grace_us
    }

    pub(crate) fn len(&self) -> u64 {
        self.slab.len() as u64
    }

    pub(crate) fn entry(&self, key: u64) -> Option<&Entry> {
        let i = self.index.get(key)?;
        self.slab.get(i as usize).map(|(_, e)| e)
    }

    /// Every resident entry, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&u64, &Entry)> {
        self.slab.iter().map(|(k, e)| (k, e))
    }

    #[inline(always)]
    fn entry_mut(&mut self, key: u64) -> Option<&mut Entry> {
        let i = self.index.get(key)?;
        self.slab.get_mut(i as usize).map(|(_, e)| e)
    }

    /// Removes `key`'s entry from the slab and the index (not from the
    /// evictor), moving the last entry into its place.
    #[inline]
    fn take(&mut self, key: u64) -> Option<Entry> {
        let i = self.index.remove(key)? as usize;
        let (_, e) = self.slab.swap_remove(i);
        if let Some(&(moved, _)) = self.slab.get(i) {
            self.index.insert(moved, i as u32);
        }
        Some(e)
    }

    /// Stores a new entry (`key` must not be resident).
    #[inline]
    fn store(&mut self, key: u64, e: Entry) {
        // At most `capacity` (a `u32`) entries, so the index fits.
        self.index.insert(key, self.slab.len() as u32);
        self.slab.push((key, e));
    }

    /// A GET at `now`: a hit (or a grace read) updates the policy's
    /// recency/frequency.
    #[inline]
    pub(crate) fn get(&mut self, key: u64, now: u64) -> Lookup {
        let grace_us = self.grace_us;
        match self.entry_mut(key) {
            None => Lookup::Miss,
            Some(e) if e.expires_at <= now => {
                if now < e.expires_at.saturating_add(grace_us) {
                    e.hit = true;
                    let (version, age) = (e.version, now - e.stored_at);
                    self.evictor.touch(key);
                    return Lookup::Grace { version, age };
                }
                let e = *e;
                self.take(key);
                self.evictor.remove(key);
                Lookup::Expired(Removed::new(key, e))
            }
            Some(e) => {
                e.hit = true;
                let (version, expires_at) = (e.version, e.expires_at);
                self.evictor.touch(key);
                Lookup::Hit {
                    version,
                    expires_at,
                }
            }
        }
    }

    /// Ends `key`'s TTL now (a forced expiry under a grace window: the
    /// entry stays for the window, as after a natural expiry). False when
    /// it is not cached.
    pub(crate) fn expire(&mut self, key: u64, now: u64) -> bool {
        match self.entry_mut(key) {
            Some(e) => {
                e.expires_at = e.expires_at.min(now);
                true
            }
            None => false,
        }
    }

    /// A SET (write) or fill (read) of `version` at `now`. An existing entry
    /// keeps the newer of the two versions; `dirty` marks an acknowledged
    /// write-back write (counted in `pending` even when coalesced or older).
    #[inline]
    pub(crate) fn put(&mut self, key: u64, version: u64, now: u64, dirty: bool) -> Put {
        let expires_at = self.ttl.map_or(u64::MAX, |t| t.expires_at(key, now));
        let next_gen = self.next_gen + 1;
        if let Some(e) = self.entry_mut(key) {
            if version > e.version {
                e.version = version;
                e.expires_at = expires_at;
                e.stored_at = now;
            }
            let newly_dirty = dirty && e.dirty_gen == 0;
            if dirty {
                e.pending += 1;
                if newly_dirty {
                    e.dirty_gen = next_gen;
                }
            }
            if newly_dirty {
                self.next_gen = next_gen;
                self.dirty.push_back((key, next_gen));
            }
            self.evictor.touch(key);
            return Put::default();
        }
        let victim_key = self.evictor.insert(key);
        let victim = victim_key.and_then(|v| self.take(v).map(|e| Removed::new(v, e)));
        if victim_key == Some(key) {
            // A policy that refused admission: nothing entered.
            return Put {
                inserted: false,
                victim: None,
            };
        }
        let mut e = Entry {
            version,
            pending: 0,
            dirty_gen: 0,
            expires_at,
            stored_at: now,
            hit: false,
        };
        if dirty {
            e.pending = 1;
            self.next_gen += 1;
            e.dirty_gen = self.next_gen;
            self.dirty.push_back((key, self.next_gen));
        }
        self.store(key, e);
        Put {
            inserted: true,
            victim,
        }
    }

    /// A background reload's fill: like a fill, but it also renews an
    /// entry that already holds this version (a plain fill of the same
    /// version leaves the entry's TTL alone; renewing it is a reload's
    /// whole point).
    pub(crate) fn reload(&mut self, key: u64, version: u64, now: u64) -> Put {
        let expires_at = self.ttl.map_or(u64::MAX, |t| t.expires_at(key, now));
        match self.entry_mut(key) {
            Some(e) if version >= e.version => {
                e.version = version;
                e.expires_at = expires_at;
                e.stored_at = now;
                self.evictor.touch(key);
                Put::default()
            }
            _ => self.put(key, version, now, false),
        }
    }

    /// Removes an entry (DEL or forced expiry).
    pub(crate) fn remove(&mut self, key: u64) -> Option<Removed> {
        let e = self.take(key)?;
        self.evictor.remove(key);
        Some(Removed::new(key, e))
    }

    /// Takes up to `max` dirty entries, oldest-dirty first, marking them
    /// clean: returns `(key, version)` items and the acknowledged writes they
    /// carry.
    pub(crate) fn take_dirty(&mut self, max: u64, items: &mut Vec<(u64, u64)>) -> u64 {
        let mut pending = 0;
        while (items.len() as u64) < max {
            let Some((key, gen)) = self.dirty.pop_front() else {
                break;
            };
            if let Some(e) = self.entry_mut(key) {
                if e.dirty_gen == gen {
                    items.push((key, e.version));
                    pending += e.pending;
                    e.pending = 0;
                    e.dirty_gen = 0;
                }
            }
        }
        pending
    }

    pub(crate) fn has_dirty(&self) -> bool {
        !self.dirty.is_empty()
    }

    /// Empties the cache (crash or flush).
    pub(crate) fn clear(&mut self) {
        self.slab.clear();
        self.index.clear();
        self.evictor.clear();
        self.dirty.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_only_grow_and_dirty_writes_coalesce() {
        let mut c = CacheStore::new(EvictionPolicy::Lru, 2, None, 0);
        assert!(c.put(1, 3, 0, true).inserted);
        assert!(!c.put(1, 2, 1, true).inserted);
        assert_eq!(c.entry(1).map(|e| (e.version, e.pending)), Some((3, 2)));
        let mut items = Vec::new();
        assert_eq!(c.take_dirty(10, &mut items), 2);
        assert_eq!(items, vec![(1, 3)]);
        assert_eq!(c.take_dirty(10, &mut items), 0);
    }

    #[test]
    fn eviction_reports_the_victim_and_ttl_expires() {
        let mut c = CacheStore::new(EvictionPolicy::Fifo, 1, Some(Ttl::new(10, 0.0, 0)), 0);
        c.put(1, 0, 0, false);
        let p = c.put(2, 0, 5, false);
        assert_eq!(p.victim.map(|r| (r.key, r.hit)), Some((1, false)));
        assert!(matches!(c.get(2, 14), Lookup::Hit { version: 0, .. }));
        assert!(matches!(c.get(2, 15), Lookup::Expired(r) if r.hit));
        assert!(matches!(c.get(2, 16), Lookup::Miss));
    }

    #[test]
    fn a_grace_window_keeps_the_expired_entry_for_its_length() {
        let mut c = CacheStore::new(EvictionPolicy::Lru, 4, Some(Ttl::new(10, 0.0, 0)), 5);
        c.put(1, 7, 100, false);
        assert!(matches!(
            c.get(1, 109),
            Lookup::Hit {
                version: 7,
                expires_at: 110
            }
        ));
        assert!(matches!(
            c.get(1, 110),
            Lookup::Grace {
                version: 7,
                age: 10
            }
        ));
        assert!(matches!(
            c.get(1, 114),
            Lookup::Grace {
                version: 7,
                age: 14
            }
        ));
        assert!(matches!(c.get(1, 115), Lookup::Expired(_)));
        // A reload of the same version renews the entry; a plain fill does not.
        c.put(1, 8, 120, false);
        assert!(matches!(
            c.get(1, 121),
            Lookup::Hit {
                version: 8,
                expires_at: 130
            }
        ));
        c.put(1, 8, 125, false);
        assert!(matches!(
            c.get(1, 126),
            Lookup::Hit {
                expires_at: 130,
                ..
            }
        ));
        c.reload(1, 8, 125);
        assert!(matches!(
            c.get(1, 126),
            Lookup::Hit {
                expires_at: 135,
                ..
            }
        ));
        // A newer version restarts both clocks; a forced expiry starts the window.
        c.put(2, 1, 200, false);
        assert!(c.expire(2, 203));
        assert!(matches!(
            c.get(2, 204),
            Lookup::Grace { version: 1, age: 4 }
        ));
        assert!(!c.expire(3, 204));
    }
}
