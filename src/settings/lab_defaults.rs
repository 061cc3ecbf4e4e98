//! The Lab's scenario and the parameters of its "break things" buttons.
//!
//! The Lab is for watching, so its system is small and its traffic slow
//! enough to follow request by request (the Compare view uses big workloads
//! instead):
//!
//! | what | Lab default | why |
//! |---|---|---|
//! | requests | 500 | a run of about 1.3 s of simulated time: long enough for the cache to warm up, a flush or two, and a break-it experiment |
//! | key space | 16 keys, Zipf α = 1 | key 0 is clearly hot; every key fits in a table |
//! | cache | 6 entries, LRU, TTL 0.5 s | smaller than the key space, so evictions happen; the TTL lets an admin write's staleness end visibly |
//! | read share | 80 % | enough writes to see every write path work |
//! | arrivals | open, 400 req/s | with the engine's default latencies (cache 0.5 ms, DB 5 ms read / 10 ms write) about three requests are in flight at once |
//! | latencies, DB connections, write-back flush | the engine's defaults | the same physics as the Compare view |
//! | traced requests | all of them ([`LAB_LOG_LIMIT`]) | every token on the diagram is a traced request |
//!
//! Playback speed 1× shows [`VIRTUAL_US_PER_REAL_SECOND`] of simulated time
//! per real second (a 0.25 ms cache hop takes 50 ms on screen; a DB read
//! about a second), and the speed slider scales that from 0.1× to 100×.
//! The Lab opens at [`DEFAULT_SPEED`]: at 1× only two requests started per
//! second and a first-time reader took the Lab for frozen; at 4× about
//! eight do, a DB read takes a quarter of a second, and slow motion
//! ([`SLOW_MOTION`], the `s` key) is one key away.

use cachescope_sim::{limits, Arrivals, EventKind, Popularity, Scenario, StrategyId};

/// Client requests of a Lab run.
pub const LAB_REQUESTS: u64 = 500;
/// Keys the clients use.
pub const LAB_KEY_SPACE: u64 = 16;
/// Cache capacity, entries.
pub const LAB_CAPACITY: u32 = 6;
/// Entry time-to-live, µs.
pub const LAB_TTL_US: u64 = 500_000;
/// Share of reads.
pub const LAB_READ_RATIO: f64 = 0.8;
/// Open-loop arrival rate, requests per second.
pub const LAB_RATE_PER_SEC: f64 = 400.0;
/// Zipf exponent of key popularity.
pub const LAB_ZIPF_ALPHA: f64 = 1.0;
/// Every operation is traced: bulk imports add up to 1 000 each, and the
/// engine's ceiling is [`limits::MAX_LOG_LIMIT`].
pub const LAB_LOG_LIMIT: u64 = limits::MAX_LOG_LIMIT;

/// Simulated µs shown per real second at 1× (a time dilation of 200).
pub const VIRTUAL_US_PER_REAL_SECOND: f64 = 5_000.0;
/// Slowest playback speed.
pub const MIN_SPEED: f64 = 0.1;
/// Fastest playback speed.
pub const MAX_SPEED: f64 = 100.0;
/// The speed a Lab opens at (and a link without `speed=` plays at).
pub const DEFAULT_SPEED: f64 = 4.0;
/// The speed the `s` key switches to (and back from).
pub const SLOW_MOTION: f64 = 0.25;

/// `log10` of a speed: the speed slider's scale.
pub fn speed_log(speed: f64) -> f64 {
    speed.clamp(MIN_SPEED, MAX_SPEED).log10()
}

/// How long "crash the cache" keeps it down, µs (about 80 requests).
pub const CRASH_DOWN_US: u64 = 200_000;
/// "Slow the DB" factor.
pub const SLOW_DB_FACTOR: f64 = 10.0;
/// "Slow the DB" window, µs.
pub const SLOW_DB_FOR_US: u64 = 200_000;
/// "Bulk import" size.
pub const IMPORT_KEYS: u64 = 1_000;

/// The Lab's scenario for a named strategy (see the module table).
pub fn lab_scenario(strategy: StrategyId) -> Scenario {
    let mut s = Scenario {
        seed: 42,
        requests: LAB_REQUESTS,
        strategy,
        log_limit: LAB_LOG_LIMIT,
        arrivals: Arrivals::Open {
            rate_per_sec: LAB_RATE_PER_SEC,
        },
        ..Scenario::default()
    };
    s.workload.key_space = LAB_KEY_SPACE;
    s.workload.read_ratio = LAB_READ_RATIO;
    s.workload.popularity = Popularity::Zipf {
        alpha: LAB_ZIPF_ALPHA,
    };
    s.cache.capacity = LAB_CAPACITY;
    s.cache.ttl_us = Some(LAB_TTL_US);
    s
}

/// The five "break things" buttons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breaker {
    /// Crash the cache; it restarts empty after [`CRASH_DOWN_US`].
    Crash,
    /// One DB write to the hot key behind the cache's back.
    AdminWrite,
    /// The DB ×[`SLOW_DB_FACTOR`] slower for [`SLOW_DB_FOR_US`].
    SlowDb,
    /// [`IMPORT_KEYS`] new keys written at once through the write path.
    Import,
    /// The hot key's cache entry expires now.
    ExpireHot,
}

impl Breaker {
    /// All five, in the order the panel lists them.
    pub const ALL: [Breaker; 5] = [
        Breaker::Crash,
        Breaker::AdminWrite,
        Breaker::SlowDb,
        Breaker::Import,
        Breaker::ExpireHot,
    ];

    /// The engine event it schedules.
    pub fn event(self) -> EventKind {
        match self {
            Breaker::Crash => EventKind::CacheCrash {
                down_for_us: CRASH_DOWN_US,
            },
            Breaker::AdminWrite => EventKind::AdminWrite { key: None },
            Breaker::SlowDb => EventKind::DbSlow {
                factor: SLOW_DB_FACTOR,
                for_us: SLOW_DB_FOR_US,
            },
            Breaker::Import => EventKind::BulkImport { keys: IMPORT_KEYS },
            Breaker::ExpireHot => EventKind::ExpireHot { key: None },
        }
    }

    /// Suffix of its `data-testid` (`break-…`).
    pub fn as_str(self) -> &'static str {
        match self {
            Breaker::Crash => "crash",
            Breaker::AdminWrite => "admin-write",
            Breaker::SlowDb => "slow-db",
            Breaker::Import => "import",
            Breaker::ExpireHot => "expire-hot",
        }
    }

    /// Button text.
    pub fn label(self) -> &'static str {
        match self {
            Breaker::Crash => "Crash the cache",
            Breaker::AdminWrite => "Write behind the cache's back",
            Breaker::SlowDb => "Slow the DB ×10",
            Breaker::Import => "Bulk-import 1 000 keys",
            Breaker::ExpireHot => "Expire the hot key",
        }
    }

    /// What to watch for afterwards (the button's description).
    pub fn explains(self) -> &'static str {
        match self {
            Breaker::Crash => {
                "The cache process dies and comes back empty 0.2 s later. Writes it had \
                 acknowledged but not yet saved are lost; requests during the outage fail or \
                 fall back to the database; afterwards every read misses for a while."
            }
            Breaker::AdminWrite => {
                "Another tool updates key 0 in the database directly. A cache that still holds \
                 the old value keeps serving it (stale reads) until the entry expires or is \
                 replaced."
            }
            Breaker::SlowDb => {
                "For 0.2 s every database operation takes ten times longer: misses and \
                 synchronous writes slow down, hits do not."
            }
            Breaker::Import => {
                "A thousand new keys are written at once through the write path: watch the \
                 database queue and, on write paths that fill the cache, the useful entries \
                 pushed out."
            }
            Breaker::ExpireHot => {
                "The most popular key drops out of the cache now: the next reads of it all \
                 miss at once."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lab_scenario_is_valid_and_traces_everything() {
        for id in StrategyId::ALL {
            let s = lab_scenario(id);
            assert_eq!(s.validate(), Ok(()));
            assert!(s.log_limit >= s.requests + IMPORT_KEYS * 4);
            for b in Breaker::ALL {
                let mut with = s.clone();
                with.events.push(cachescope_sim::ScheduledEvent {
                    at_us: 1_000,
                    kind: b.event(),
                });
                assert_eq!(with.validate(), Ok(()), "{b:?}");
            }
        }
    }
}
