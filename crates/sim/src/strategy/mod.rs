//! The five named caching strategies as (read path, write path) pairs.
//!
//! A strategy is not one thing: how a lane *reads* and how it *writes* are
//! independent choices, and the named strategies are just well-known pairs.
//! Every lane can run any pair ([`Scenario::read_path`](crate::Scenario) /
//! `write_path` override the defaults).
//!
//! | id              | read path                      | write path            | why this default |
//! |-----------------|--------------------------------|-----------------------|------------------|
//! | `cache-aside`   | cache-aside                    | DB, then invalidate   | the classic lazy-loading pair: the app owns both calls, writes drop the cached copy so the next read reloads it |
//! | `read-through`  | read-through, single-flight on | write-through         | a platform-owned cache that loads *and* writes, so the app only ever talks to the cache; single-flight is what such libraries do on a miss storm |
//! | `write-through` | cache-aside                    | write-through         | the write path is the point; reads stay the common lazy path |
//! | `write-back`    | cache-aside                    | write-back (100 ms, batches of 100) | fast acks, coalesced batched DB writes |
//! | `write-around`  | cache-aside                    | write-around, invalidate | writes skip the cache; the copy is dropped so reads never see an old value for long |
//!
//! Policies return decisions ([`ReadDecision`], [`WritePlan`]); the engine
//! applies them and counts every metric in one place. The flows, with ASCII
//! diagrams, are in [`read_path`] and [`write_path`].

pub mod read_path;
pub mod write_path;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use read_path::{CacheAnswer, ReadDecision, ReadPath};
pub use write_path::{WritePath, WritePlan};

/// The five named strategies, in the order every view lists them.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum StrategyId {
    /// App checks the cache, reads the DB on a miss and fills; writes go to the
    /// DB and drop the cached copy.
    #[default]
    CacheAside,
    /// App asks only the cache; a loader behind it reads the DB on a miss.
    ReadThrough,
    /// Writes update cache and DB synchronously.
    WriteThrough,
    /// Writes update the cache only; a flusher writes the DB later.
    WriteBack,
    /// Writes go to the DB only.
    WriteAround,
}

impl StrategyId {
    /// All five, in display order.
    pub const ALL: [StrategyId; 5] = [
        StrategyId::CacheAside,
        StrategyId::ReadThrough,
        StrategyId::WriteThrough,
        StrategyId::WriteBack,
        StrategyId::WriteAround,
    ];

    /// Stable id (URLs, JSON, CLI).
    pub fn as_str(self) -> &'static str {
        match self {
            StrategyId::CacheAside => "cache-aside",
            StrategyId::ReadThrough => "read-through",
            StrategyId::WriteThrough => "write-through",
            StrategyId::WriteBack => "write-back",
            StrategyId::WriteAround => "write-around",
        }
    }

    /// Human name.
    pub fn label(self) -> &'static str {
        match self {
            StrategyId::CacheAside => "Cache-aside",
            StrategyId::ReadThrough => "Read-through",
            StrategyId::WriteThrough => "Write-through",
            StrategyId::WriteBack => "Write-back",
            StrategyId::WriteAround => "Write-around",
        }
    }

    /// The (read, write) pair this name stands for; see the module table for
    /// why each default was chosen.
    pub fn default_paths(self) -> (ReadPath, WritePath) {
        match self {
            StrategyId::CacheAside => (ReadPath::CacheAside, WritePath::DbThenInvalidate),
            StrategyId::ReadThrough => (
                ReadPath::ReadThrough {
                    single_flight: true,
                },
                WritePath::WriteThrough,
            ),
            StrategyId::WriteThrough => (ReadPath::CacheAside, WritePath::WriteThrough),
            StrategyId::WriteBack => (ReadPath::CacheAside, WritePath::write_back_default()),
            StrategyId::WriteAround => (
                ReadPath::CacheAside,
                WritePath::WriteAround { invalidate: true },
            ),
        }
    }

    /// The named strategy whose defaults are exactly this pair, if any.
    pub fn for_paths(read: ReadPath, write: WritePath) -> Option<StrategyId> {
        StrategyId::ALL
            .into_iter()
            .find(|s| s.default_paths() == (read, write))
    }

    /// The named strategy whose paths are of these kinds, whatever their
    /// settings: write-back with its own flush interval is still write-back
    /// (what a menu should show for it), where [`StrategyId::for_paths`]
    /// asks for the exact defaults.
    pub fn for_path_kinds(read: ReadPath, write: WritePath) -> Option<StrategyId> {
        StrategyId::ALL.into_iter().find(|s| {
            let (r, w) = s.default_paths();
            r.same_kind(read) && w.same_kind(write)
        })
    }
}

impl fmt::Display for StrategyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text was not one of [`StrategyId::ALL`]'s ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownStrategy(pub String);

impl fmt::Display for UnknownStrategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown strategy {:?}: expected one of cache-aside, read-through, write-through, write-back, write-around",
            self.0
        )
    }
}

impl std::error::Error for UnknownStrategy {}

impl FromStr for StrategyId {
    type Err = UnknownStrategy;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        StrategyId::ALL
            .into_iter()
            .find(|id| id.as_str() == s)
            .ok_or_else(|| UnknownStrategy(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_defaults_are_distinct() {
        for id in StrategyId::ALL {
            assert_eq!(id.as_str().parse::<StrategyId>(), Ok(id));
            assert_eq!(
                serde_json::to_string(&id).unwrap(),
                format!("\"{}\"", id.as_str())
            );
            let (r, w) = id.default_paths();
            assert_eq!(StrategyId::for_paths(r, w), Some(id));
            assert_eq!(StrategyId::for_path_kinds(r, w), Some(id));
        }
        assert!("lru".parse::<StrategyId>().is_err());
    }
}
