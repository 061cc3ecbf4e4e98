//! Eviction policies (LRU, LFU, FIFO, SIEVE, S3-FIFO, ARC) over integer keys.
//!
//! An [`Evictor`] only tracks *which* keys are resident and decides who
//! leaves when a new key must be admitted into a full cache; the caller (the
//! simulation's cache store, or [`crate::replay`]) keeps whatever data belongs
//! to an entry. Policies return decisions (the victim); callers apply them.
//!
//! ```
//! use std::num::NonZeroU32;
//! use cachescope_sim::eviction::{EvictionPolicy, Evictor};
//!
//! let mut cache = Evictor::new(EvictionPolicy::Lru, NonZeroU32::new(2).unwrap());
//! assert_eq!(cache.insert(1), None);
//! assert_eq!(cache.insert(2), None);
//! cache.touch(1); // 2 is now the least recently used
//! assert_eq!(cache.insert(3), Some(2));
//! assert!(cache.contains(1) && cache.contains(3));
//! ```
//!
//! Every policy is exact and deterministic: no randomness, no sampling, and
//! no decision depends on hash-map iteration order (maps are used for
//! lookups only). Each policy's precise semantics are in its own module doc:
//! [`Lru`], [`Lfu`], [`Fifo`], [`Sieve`], [`S3Fifo`], [`ArcCache`]. S3-FIFO and
//! ARC make libCacheSim's decisions, so their miss ratios match it.
//!
//! Dispatch is a plain `enum` rather than `Box<dyn Trait>`: the set of
//! policies is closed, a `match` inlines into the hot replay loop, and the
//! evictor stays `Clone` (the engine snapshots state by cloning).

mod arc;
mod fifo;
mod lfu;
mod lru;
mod queue;
mod s3fifo;
mod sieve;
pub(crate) mod slot_index;

use std::fmt;
use std::num::NonZeroU32;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use arc::ArcCache;
pub use fifo::Fifo;
pub use lfu::Lfu;
pub use lru::Lru;
pub use s3fifo::S3Fifo;
pub use sieve::Sieve;

/// Which eviction policy a cache uses. Serialised as `"lru"`, `"lfu"`,
/// `"fifo"`, `"sieve"`, `"s3fifo"`, `"arc"` (the same ids `as_str` and
/// `FromStr` use).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvictionPolicy {
    /// Least recently used (exact).
    Lru,
    /// Least frequently used, ties broken by least recent access.
    Lfu,
    /// First in, first out (admission order; hits do not reorder).
    Fifo,
    /// SIEVE (NSDI'24): FIFO queue, visited bits and a moving hand.
    Sieve,
    /// S3-FIFO (SOSP'23): a small FIFO for new keys, a main FIFO with a
    /// 2-bit CLOCK, and a ghost of small's evictions.
    #[serde(rename = "s3fifo")]
    S3Fifo,
    /// ARC (FAST'03): recency and frequency LRU lists whose split adapts to
    /// hits in their ghost lists.
    Arc,
}

impl EvictionPolicy {
    /// Every policy, in a fixed display order.
    pub const ALL: [EvictionPolicy; 6] = [
        EvictionPolicy::Lru,
        EvictionPolicy::Lfu,
        EvictionPolicy::Fifo,
        EvictionPolicy::Sieve,
        EvictionPolicy::S3Fifo,
        EvictionPolicy::Arc,
    ];

    /// The stable id used in JSON, URLs and CLI flags.
    pub const fn as_str(self) -> &'static str {
        match self {
            EvictionPolicy::Lru => "lru",
            EvictionPolicy::Lfu => "lfu",
            EvictionPolicy::Fifo => "fifo",
            EvictionPolicy::Sieve => "sieve",
            EvictionPolicy::S3Fifo => "s3fifo",
            EvictionPolicy::Arc => "arc",
        }
    }

    /// A short human name for tables and the UI.
    pub const fn label(self) -> &'static str {
        match self {
            EvictionPolicy::Lru => "LRU",
            EvictionPolicy::Lfu => "LFU",
            EvictionPolicy::Fifo => "FIFO",
            EvictionPolicy::Sieve => "SIEVE",
            EvictionPolicy::S3Fifo => "S3-FIFO",
            EvictionPolicy::Arc => "ARC",
        }
    }
}

impl fmt::Display for EvictionPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An eviction policy id that is not one of [`EvictionPolicy::ALL`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsePolicyError {
    /// The rejected input, verbatim.
    pub value: String,
}

impl fmt::Display for ParsePolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown eviction policy {:?}; expected one of: ",
            self.value
        )?;
        for (i, p) in EvictionPolicy::ALL.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(p.as_str())?;
        }
        Ok(())
    }
}

impl std::error::Error for ParsePolicyError {}

impl FromStr for EvictionPolicy {
    type Err = ParsePolicyError;

    /// Accepts the ids (`lru`, `lfu`, `fifo`, `sieve`, `s3fifo`, `arc`) and
    /// the labels (`S3-FIFO`), ignoring ASCII case and surrounding
    /// whitespace (people type `LRU`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        EvictionPolicy::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(t) || p.label().eq_ignore_ascii_case(t))
            .ok_or_else(|| ParsePolicyError {
                value: s.to_string(),
            })
    }
}

#[derive(Clone, Debug)]
enum Inner {
    Lru(Lru),
    Lfu(Lfu),
    Fifo(Fifo),
    Sieve(Sieve),
    S3Fifo(S3Fifo),
    Arc(ArcCache),
}

/// A set of resident keys under one [`EvictionPolicy`], with a fixed capacity
/// in entries.
#[derive(Clone, Debug)]
pub struct Evictor {
    inner: Inner,
    capacity: NonZeroU32,
}

macro_rules! dispatch {
    ($self:expr, $p:ident => $e:expr) => {
        match $self {
            Inner::Lru($p) => $e,
            Inner::Lfu($p) => $e,
            Inner::Fifo($p) => $e,
            Inner::Sieve($p) => $e,
            Inner::S3Fifo($p) => $e,
            Inner::Arc($p) => $e,
        }
    };
}

impl Evictor {
    /// An empty cache of `capacity` entries under `policy`.
    pub fn new(policy: EvictionPolicy, capacity: NonZeroU32) -> Self {
        let inner = match policy {
            EvictionPolicy::Lru => Inner::Lru(Lru::new(capacity)),
            EvictionPolicy::Lfu => Inner::Lfu(Lfu::new(capacity)),
            EvictionPolicy::Fifo => Inner::Fifo(Fifo::new(capacity)),
            EvictionPolicy::Sieve => Inner::Sieve(Sieve::new(capacity)),
            EvictionPolicy::S3Fifo => Inner::S3Fifo(S3Fifo::new(capacity)),
            EvictionPolicy::Arc => Inner::Arc(ArcCache::new(capacity)),
        };
        Evictor { inner, capacity }
    }

    /// The policy this evictor runs.
    pub fn policy(&self) -> EvictionPolicy {
        match self.inner {
            Inner::Lru(_) => EvictionPolicy::Lru,
            Inner::Lfu(_) => EvictionPolicy::Lfu,
            Inner::Fifo(_) => EvictionPolicy::Fifo,
            Inner::Sieve(_) => EvictionPolicy::Sieve,
            Inner::S3Fifo(_) => EvictionPolicy::S3Fifo,
            Inner::Arc(_) => EvictionPolicy::Arc,
        }
    }

    /// Whether `key` is resident.
    #[inline]
    pub fn contains(&self, key: u64) -> bool {
        dispatch!(&self.inner, p => p.contains(key))
    }

    /// Number of resident keys (never above [`Evictor::capacity`]).
    #[inline]
    pub fn len(&self) -> u64 {
        dispatch!(&self.inner, p => p.len())
    }

    /// Whether no key is resident.
    #[inline]
    pub fn is_empty(&self) -> bool {
        dispatch!(&self.inner, p => p.is_empty())
    }

    /// Maximum number of resident keys.
    #[inline]
    pub fn capacity(&self) -> u64 {
        u64::from(self.capacity.get())
    }

    /// A hit on a resident key (updates recency/frequency; FIFO ignores it).
    /// No-op for absent keys.
    #[inline]
    pub fn touch(&mut self, key: u64) {
        dispatch!(&mut self.inner, p => p.touch(key))
    }

    /// Admit a key that is not resident. Returns the victim evicted to make
    /// room, if any. Inserting a resident key behaves like
    /// [`touch`](Evictor::touch) and returns `None`.
    #[inline]
    pub fn insert(&mut self, key: u64) -> Option<u64> {
        dispatch!(&mut self.inner, p => p.insert(key))
    }

    /// One cache request: touch on a hit, insert on a miss. Returns whether
    /// it was a hit. Equivalent to `contains` then `touch`/`insert`, with one
    /// lookup fewer (this is the trace-replay hot path).
    #[inline]
    pub fn access(&mut self, key: u64) -> bool {
        dispatch!(&mut self.inner, p => p.access(key))
    }

    /// Remove a resident key (invalidation, expiry); returns whether it was
    /// resident.
    #[inline]
    pub fn remove(&mut self, key: u64) -> bool {
        dispatch!(&mut self.inner, p => p.remove(key))
    }

    /// Drop every key (a cache crash or flush). Capacity and policy stay.
    pub fn clear(&mut self) {
        dispatch!(&mut self.inner, p => p.clear())
    }
}

#[cfg(test)]
mod tests;
