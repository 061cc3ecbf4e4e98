//! Read paths: how the app gets a value.
//!
//! ```text
//! cache-aside                         read-through                      no-cache
//!
//! App ──GET──▶ Cache                  App ──GET──▶ Cache                App ──read──▶ DB
//!  ◀──hit/miss──                       │ miss: loader ──read──▶ DB       ◀───value────
//!  │ miss: App ──read──▶ DB            │       fill ◀──value───
//!  │       ◀──value───                  ◀──value── Cache
//!  └─ App ──SET (fill)──▶ Cache
//! ```
//!
//! Cache-aside keeps working when the cache is down (the app falls back to the
//! DB, slower, and fills nothing); read-through cannot, because the app has no
//! DB client of its own. Read-through with single-flight makes concurrent
//! misses on one key wait for one DB read instead of issuing one each (the
//! cure for a thundering herd).

use serde::{Deserialize, Serialize};

/// How a lane reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ReadPath {
    /// App checks the cache; on a miss it reads the DB itself, fills the cache
    /// (a SET the read waits for), and returns.
    CacheAside,
    /// App asks the cache only; on a miss the cache's loader reads the DB,
    /// fills, and answers.
    ReadThrough {
        /// Concurrent misses on one key share a single DB read.
        single_flight: bool,
    },
    /// Baseline: every read goes to the DB.
    NoCache,
}

/// What the cache said to a GET.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheAnswer {
    /// A live entry.
    Hit,
    /// No entry, or an expired one.
    Miss,
    /// The cache is down (crashed, not yet restarted).
    Down,
}

/// What the read path does next, given the cache's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadDecision {
    /// Return the cached value.
    Return,
    /// App reads the DB, then SETs the value into the cache, then returns.
    AppLoadAndFill,
    /// App reads the DB and returns without filling (cache is down).
    AppLoadNoFill,
    /// The cache's loader reads the DB (or joins an in-flight load when
    /// `single_flight`), fills, and answers.
    CacheLoads {
        /// Join an in-flight load of the same key.
        single_flight: bool,
    },
    /// The read fails: no fallback exists.
    Fail,
}

impl ReadPath {
    /// The same path, whatever its settings (single-flight or not).
    pub fn same_kind(self, other: ReadPath) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }

    /// Its settings where they differ from `default` (the same kind), in
    /// words for a menu; empty when equal.
    pub fn settings_beside(self, default: ReadPath) -> String {
        match (self, default) {
            (
                ReadPath::ReadThrough {
                    single_flight: false,
                },
                ReadPath::ReadThrough { .. },
            ) if self != default => "no single-flight".to_owned(),
            (
                ReadPath::ReadThrough {
                    single_flight: true,
                },
                ReadPath::ReadThrough { .. },
            ) if self != default => "single-flight".to_owned(),
            _ => String::new(),
        }
    }

    /// Id as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ReadPath::CacheAside => "cache-aside",
            ReadPath::ReadThrough { .. } => "read-through",
            ReadPath::NoCache => "no-cache",
        }
    }

    /// Whether a read starts with a cache GET (else it goes straight to the DB).
    pub fn asks_cache(self) -> bool {
        !matches!(self, ReadPath::NoCache)
    }

    /// The decision after the cache answered a GET.
    pub fn on_answer(self, answer: CacheAnswer) -> ReadDecision {
        match (self, answer) {
            (_, CacheAnswer::Hit) => ReadDecision::Return,
            (ReadPath::CacheAside, CacheAnswer::Miss) => ReadDecision::AppLoadAndFill,
            (ReadPath::CacheAside, CacheAnswer::Down) => ReadDecision::AppLoadNoFill,
            (ReadPath::ReadThrough { single_flight }, CacheAnswer::Miss) => {
                ReadDecision::CacheLoads { single_flight }
            }
            (ReadPath::ReadThrough { .. }, CacheAnswer::Down) => ReadDecision::Fail,
            // A no-cache read never asks; if it did, it would read the DB.
            (ReadPath::NoCache, _) => ReadDecision::AppLoadNoFill,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_aside_falls_back_read_through_fails() {
        assert_eq!(
            ReadPath::CacheAside.on_answer(CacheAnswer::Down),
            ReadDecision::AppLoadNoFill
        );
        assert_eq!(
            ReadPath::ReadThrough {
                single_flight: false
            }
            .on_answer(CacheAnswer::Down),
            ReadDecision::Fail
        );
        assert_eq!(
            ReadPath::ReadThrough {
                single_flight: true
            }
            .on_answer(CacheAnswer::Miss),
            ReadDecision::CacheLoads {
                single_flight: true
            }
        );
    }
}
