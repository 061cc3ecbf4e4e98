//! Write paths: how a write reaches the cache and the DB.
//!
//! ```text
//! write-through                 write-back                          write-around            DB-then-invalidate
//!
//! App ──SET──▶ Cache            App ──SET (dirty)──▶ Cache          App ──write──▶ DB        App ──write──▶ DB
//!  ◀───ok────                    ◀──ack (at once)──                  ◀────ok──── ack           ◀────ok────
//! App ──write──▶ DB             flusher, every interval:             App ──DEL──▶ Cache       App ──DEL──▶ Cache
//!  ◀────ok──── ack               Cache ──batch (≤ B keys)──▶ DB      (not waited for)          ◀───ok──── ack
//! ```
//!
//! - **Write-through** acks after both the cache SET and the DB write: the
//!   cache never holds a value the DB lacks, but every write pays the DB.
//!   The SET comes first so a read arriving during the DB write already sees
//!   the new value. If the cache is down the write fails (the path has no
//!   fallback: it promised the cache would have the value).
//! - **Write-back** acks once the cache has the value, marked dirty. A flusher
//!   in the cache process sends up to `batch_max` dirty keys, oldest first, as
//!   one DB write every `flush_interval_us`; repeated writes of a key before a
//!   flush coalesce into one. Evicting (or expiring) a dirty entry writes it
//!   first. A crash loses every acknowledged write not yet committed in the DB
//!   — dirty entries and batches still in flight (the flusher dies with the
//!   cache).
//! - **Write-around** writes the DB only and acks when the DB commits. With
//!   `invalidate` (the default) it then sends a DEL for the cached copy
//!   without waiting for it, so an old copy cannot outlive the write by more
//!   than one cache hop; without it, the old copy stays until evicted or
//!   expired (stale reads, on purpose). It never puts a written value into the
//!   cache, so bulk writes do not pollute it.
//! - **DB then invalidate** is the classic cache-aside write: the same two
//!   steps as write-around with invalidate, but the ack waits for the DEL.
//!   That is the only difference between the two, and it is deliberate: the
//!   issue names both.
//!
//! Cache versions are monotonic: a SET or fill carrying an older version than
//! the entry holds is ignored (as with a version check or CAS token). Without
//! it, a cache-aside read that loaded version 1 from the DB would, when its
//! fill lands just after a write-through write had SET version 2 (and before
//! that write commits), put version 1 back — and every later read would be
//! stale although every write went through the cache. The race that remains
//! is real and the engine shows it: the newer copy was evicted, expired or
//! invalidated before the old fill lands, so there is nothing to compare
//! with.

use serde::{Deserialize, Serialize};

use crate::limits::{DEFAULT_BATCH_MAX, DEFAULT_FLUSH_INTERVAL_US};

/// How a lane writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum WritePath {
    /// Cache SET, then DB write; ack after both.
    WriteThrough,
    /// Cache SET marked dirty, ack at once; a flusher writes the DB later.
    WriteBack {
        /// Time between flusher runs.
        flush_interval_us: u64,
        /// Most keys one flush batch carries.
        batch_max: u32,
    },
    /// DB write only; then optionally drop the cached copy (not waited for).
    WriteAround {
        /// Send a DEL after the DB write (default true).
        invalidate: bool,
    },
    /// DB write, then cache DEL; ack after both.
    DbThenInvalidate,
    /// Baseline: DB only, no cache.
    NoCache,
}

/// The steps of one write, decided by the write path, applied by the engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WritePlan {
    /// SET the cache (clean), then write the DB; ack after the DB. Fails if
    /// the cache is down at the SET.
    SetThenDb,
    /// SET the cache dirty; ack after the SET. Fails if the cache is down.
    SetDirty,
    /// Write the DB; then DEL the cached copy if `del`; ack after the DB
    /// (`wait_del = false`) or after the DEL (`wait_del = true`). A DEL that
    /// finds the cache down is skipped: the cache restarts empty anyway.
    DbThenDel {
        /// Send a DEL after the DB write.
        del: bool,
        /// The ack waits for the DEL.
        wait_del: bool,
    },
    /// Write the DB; ack.
    DbOnly,
}

impl WritePath {
    /// Write-back with the default flush interval and batch size.
    pub const fn write_back_default() -> WritePath {
        WritePath::WriteBack {
            flush_interval_us: DEFAULT_FLUSH_INTERVAL_US,
            batch_max: DEFAULT_BATCH_MAX,
        }
    }

    /// Id as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            WritePath::WriteThrough => "write-through",
            WritePath::WriteBack { .. } => "write-back",
            WritePath::WriteAround { .. } => "write-around",
            WritePath::DbThenInvalidate => "db-then-invalidate",
            WritePath::NoCache => "no-cache",
        }
    }

    /// The steps of a write on this path.
    pub fn plan(self) -> WritePlan {
        match self {
            WritePath::WriteThrough => WritePlan::SetThenDb,
            WritePath::WriteBack { .. } => WritePlan::SetDirty,
            WritePath::WriteAround { invalidate } => WritePlan::DbThenDel {
                del: invalidate,
                wait_del: false,
            },
            WritePath::DbThenInvalidate => WritePlan::DbThenDel {
                del: true,
                wait_del: true,
            },
            WritePath::NoCache => WritePlan::DbOnly,
        }
    }

    /// The same path, whatever its settings (flush interval, batch size,
    /// whether write-around sends a DEL).
    pub fn same_kind(self, other: WritePath) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }

    /// Its settings where they differ from `default` (the same kind), in
    /// words for a menu: `"flush every 50 ms, batches of 20"`; empty when
    /// equal.
    pub fn settings_beside(self, default: WritePath) -> String {
        match (self, default) {
            (
                WritePath::WriteBack {
                    flush_interval_us,
                    batch_max,
                },
                WritePath::WriteBack { .. },
            ) if self != default => format!(
                "flush every {} ms, batches of {batch_max}",
                flush_interval_us as f64 / 1e3
            ),
            (WritePath::WriteAround { invalidate: false }, WritePath::WriteAround { .. })
                if self != default =>
            {
                "no DEL".to_owned()
            }
            (WritePath::WriteAround { invalidate: true }, WritePath::WriteAround { .. })
                if self != default =>
            {
                "with DEL".to_owned()
            }
            _ => String::new(),
        }
    }

    /// Whether a write on this path ever puts its value into the cache.
    pub fn fills_on_write(self) -> bool {
        matches!(self, WritePath::WriteThrough | WritePath::WriteBack { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_custom_write_back_is_still_write_back_and_says_how() {
        let custom = WritePath::WriteBack {
            flush_interval_us: 50_000,
            batch_max: 20,
        };
        let default = WritePath::write_back_default();
        assert!(custom.same_kind(default));
        assert!(!custom.same_kind(WritePath::WriteThrough));
        assert_eq!(
            custom.settings_beside(default),
            "flush every 50 ms, batches of 20"
        );
        assert_eq!(default.settings_beside(default), "");
        let around = WritePath::WriteAround { invalidate: false };
        assert_eq!(
            around.settings_beside(WritePath::WriteAround { invalidate: true }),
            "no DEL"
        );
    }

    #[test]
    fn only_through_and_back_fill_on_write() {
        assert!(WritePath::WriteThrough.fills_on_write());
        assert!(WritePath::write_back_default().fills_on_write());
        assert!(!WritePath::WriteAround { invalidate: true }.fills_on_write());
        assert!(!WritePath::DbThenInvalidate.fills_on_write());
        assert_eq!(
            WritePath::DbThenInvalidate.plan(),
            WritePlan::DbThenDel {
                del: true,
                wait_del: true
            }
        );
    }
}
