//! Named scenarios for the "when to use which strategy" cases: each preset is a
//! workload plus scheduled events, one sentence on what to look for, and the
//! strategy that should visibly win, with the metric it wins on.
//!
//! The app's Compare view loads them by id (`?view=compare&preset=wallet`) and
//! the Choose guide recommends one; the CLI can run them too. Because the
//! engine is deterministic, the tests in this module (and in `tests/it`) pin
//! that every preset's expected winner really is the winner in the numbers: a
//! preset whose lesson the engine does not show is a bug.
//!
//! ```
//! use cachescope_sim::presets::{Preset, PresetId};
//!
//! let p = Preset::get(PresetId::Wallet);
//! let report = cachescope_sim::compare(&p.scenario);
//! assert!(p.winner_holds(&report));
//! assert_eq!("admin-tool".parse::<PresetId>(), Ok(PresetId::AdminTool));
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::report::{CompareReport, LaneReport};
use crate::scenario::{
    Arrivals, EventKind, Latency, Phase, Popularity, Scenario, ScheduledEvent, Workload,
};
use crate::strategy::StrategyId;

/// The presets, in the order the app lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PresetId {
    /// A product catalog: almost only reads, strongly skewed.
    Catalog,
    /// A platform-owned cache in front of the DB (read-through), with hot
    /// keys expiring under load.
    Platform,
    /// Wallet / inventory: every write must stick and every read be current.
    Wallet,
    /// Likes, view counters, telemetry: write-heavy, a few lost writes are
    /// acceptable, and the cache crashes once.
    Counters,
    /// A nightly ETL import writing many keys nobody reads soon.
    Etl,
    /// An admin tool (or another service) writing the DB directly.
    AdminTool,
    /// The cache restarts empty after a deploy, in the middle of traffic.
    ColdStart,
    /// Hot keys written while they are read, no TTL: cache-aside's race
    /// puts old values back, and they stay until the next write.
    Race,
    /// A small hot set under heavy load expires together every TTL: a
    /// stampede of misses at the database.
    Stampede,
}

impl PresetId {
    /// All presets, in display order.
    pub const ALL: [PresetId; 9] = [
        PresetId::Catalog,
        PresetId::Platform,
        PresetId::Wallet,
        PresetId::Counters,
        PresetId::Etl,
        PresetId::AdminTool,
        PresetId::ColdStart,
        PresetId::Race,
        PresetId::Stampede,
    ];

    /// The preset the Compare view opens with when none (or an unknown one)
    /// is asked for.
    pub const DEFAULT: PresetId = PresetId::Catalog;

    /// Stable id (URLs, JSON, CLI).
    pub fn as_str(self) -> &'static str {
        match self {
            PresetId::Catalog => "catalog",
            PresetId::Platform => "platform",
            PresetId::Wallet => "wallet",
            PresetId::Counters => "counters",
            PresetId::Etl => "etl",
            PresetId::AdminTool => "admin-tool",
            PresetId::ColdStart => "cold-start",
            PresetId::Race => "race",
            PresetId::Stampede => "stampede",
        }
    }

    /// Human name.
    pub fn label(self) -> &'static str {
        match self {
            PresetId::Catalog => "Product catalog (read-heavy)",
            PresetId::Platform => "Platform-owned cache (read-through)",
            PresetId::Wallet => "Wallet / inventory (correctness first)",
            PresetId::Counters => "Likes and view counters (write-heavy)",
            PresetId::Etl => "Nightly ETL import (bulk writes)",
            PresetId::AdminTool => "Admin tool editing the DB directly",
            PresetId::ColdStart => "Cold start after a deploy",
            PresetId::Race => "Hot keys written while read (the cache-aside race)",
            PresetId::Stampede => "Hot keys expiring under load (stampede)",
        }
    }
}

impl fmt::Display for PresetId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text was not one of [`PresetId::ALL`]'s ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownPreset(pub String);

impl fmt::Display for UnknownPreset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown preset {:?}: expected one of catalog, platform, wallet, counters, etl, admin-tool, cold-start, race, stampede",
            self.0
        )
    }
}

impl std::error::Error for UnknownPreset {}

impl FromStr for PresetId {
    type Err = UnknownPreset;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PresetId::ALL
            .into_iter()
            .find(|id| id.as_str() == s)
            .ok_or_else(|| UnknownPreset(s.to_string()))
    }
}

/// A per-lane number a preset's winner is judged on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Metric {
    /// Hits / (hits + misses); higher is better.
    HitRatio,
    /// Read latency p50; lower is better.
    ReadP50,
    /// Read latency p99; lower is better.
    ReadP99,
    /// Write latency p50; lower is better.
    WriteP50,
    /// Write latency p99; lower is better.
    WriteP99,
    /// DB read operations; lower is better.
    DbReads,
    /// DB write operations; lower is better.
    DbWrites,
    /// Reads that returned an old version; lower is better.
    StaleReads,
    /// Acknowledged writes lost in a crash; lower is better.
    LostWrites,
    /// Failed reads + failed writes; lower is better.
    FailedRequests,
    /// Entries that left the cache without a hit; lower is better.
    Pollution,
    /// Fills that put back a value the DB had already replaced (the
    /// cache-aside race); lower is better.
    LateFills,
    /// The most DB reads per second in one series window: a stampede's
    /// spike; lower is better.
    DbReadPeak,
}

impl Metric {
    /// Every metric, in the order the Compare view's lane summary shows them.
    pub const ALL: [Metric; 13] = [
        Metric::HitRatio,
        Metric::ReadP50,
        Metric::ReadP99,
        Metric::WriteP50,
        Metric::WriteP99,
        Metric::DbReads,
        Metric::DbReadPeak,
        Metric::DbWrites,
        Metric::StaleReads,
        Metric::LostWrites,
        Metric::FailedRequests,
        Metric::Pollution,
        Metric::LateFills,
    ];

    /// Stable id (also the app's `data-testid` inside a lane).
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::HitRatio => "hit-ratio",
            Metric::ReadP50 => "read-p50",
            Metric::ReadP99 => "read-p99",
            Metric::WriteP50 => "write-p50",
            Metric::WriteP99 => "write-p99",
            Metric::DbReads => "db-reads",
            Metric::DbWrites => "db-writes",
            Metric::StaleReads => "stale-reads",
            Metric::LostWrites => "lost-writes",
            Metric::FailedRequests => "failed-requests",
            Metric::Pollution => "pollution",
            Metric::LateFills => "late-fills",
            Metric::DbReadPeak => "db-read-peak",
        }
    }

    /// Human name, with its unit.
    pub fn label(self) -> &'static str {
        match self {
            Metric::HitRatio => "Hit ratio",
            Metric::ReadP50 => "Read p50",
            Metric::ReadP99 => "Read p99",
            Metric::WriteP50 => "Write p50",
            Metric::WriteP99 => "Write p99",
            Metric::DbReads => "DB reads",
            Metric::DbWrites => "DB writes",
            Metric::StaleReads => "Stale reads",
            Metric::LostWrites => "Acknowledged writes lost",
            Metric::FailedRequests => "Failed requests",
            Metric::Pollution => "Pollution (evicted unread)",
            Metric::LateFills => "Late fills",
            Metric::DbReadPeak => "Peak DB reads/s",
        }
    }

    /// True when a larger value is better (only the hit ratio).
    pub fn higher_is_better(self) -> bool {
        matches!(self, Metric::HitRatio)
    }

    /// The lane's value, as `f64` so ratios and counts compare alike (counts
    /// stay exact: they are far below 2^53).
    pub fn value(self, lane: &LaneReport) -> f64 {
        match self {
            Metric::HitRatio => lane.hit_ratio,
            Metric::ReadP50 => lane.read_latency.p50_us as f64,
            Metric::ReadP99 => lane.read_latency.p99_us as f64,
            Metric::WriteP50 => lane.write_latency.p50_us as f64,
            Metric::WriteP99 => lane.write_latency.p99_us as f64,
            Metric::DbReads => lane.db_reads as f64,
            Metric::DbWrites => lane.db_writes as f64,
            Metric::StaleReads => lane.stale_reads as f64,
            Metric::LostWrites => lane.lost_writes as f64,
            Metric::FailedRequests => (lane.failed_reads + lane.failed_writes) as f64,
            Metric::Pollution => lane.pollution as f64,
            Metric::LateFills => lane.late_fills as f64,
            Metric::DbReadPeak => lane.db_read_peak_per_sec,
        }
    }

    /// True if `a` is strictly better than `b` on this metric.
    pub fn better(self, a: f64, b: f64) -> bool {
        if self.higher_is_better() {
            a > b
        } else {
            a < b
        }
    }

    /// The best and the worst value over `lanes` (`None` when empty). Ties
    /// are the caller's business: every lane equal to the best is "best".
    pub fn best_worst(self, lanes: &[LaneReport]) -> Option<(f64, f64)> {
        let mut vals = lanes.iter().map(|l| self.value(l));
        let first = vals.next()?;
        Some(vals.fold((first, first), |(best, worst), v| {
            (
                if self.better(v, best) { v } else { best },
                if self.better(worst, v) { v } else { worst },
            )
        }))
    }
}

/// A named scenario with its lesson.
#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    /// Which preset.
    pub id: PresetId,
    /// The workload, cache, DB and events.
    pub scenario: Scenario,
    /// One sentence: what to look for in the Compare view.
    pub look_for: &'static str,
    /// The strategy that should visibly win.
    pub winner: StrategyId,
    /// What it wins on: the winner is best (ties allowed) on the first metric
    /// among the lanes that pass every `gates` metric at zero.
    pub wins_on: Metric,
    /// Metrics a lane must have at zero to count at all (e.g. the wallet only
    /// accepts lanes with no lost writes).
    pub gates: &'static [Metric],
    /// Relative difference on `wins_on` that still counts as a tie (0 for
    /// most presets). Used where every lane runs the same read path and the
    /// only differences are latency draws, which are noise, not a lesson.
    pub tie_within: f64,
}

fn at(at_us: u64, kind: EventKind) -> ScheduledEvent {
    ScheduledEvent { at_us, kind }
}

/// The shared base: 20 000 requests at 1 000 req/s (a 20 s run), 10 000 keys,
/// a 1 000-entry LRU cache, the default latencies, no hop-by-hop trace (a
/// comparison reads summaries and series, and tracing costs time and bytes).
/// Small enough that six lanes re-simulate interactively in a browser.
fn base(read_ratio: f64, alpha: f64) -> Scenario {
    Scenario {
        requests: 20_000,
        log_limit: 0,
        workload: Workload {
            read_ratio,
            popularity: Popularity::Zipf { alpha },
            ..Workload::default()
        },
        ..Scenario::default()
    }
}

impl Preset {
    /// All presets, in display order.
    pub fn all() -> Vec<Preset> {
        PresetId::ALL.into_iter().map(Preset::get).collect()
    }

    /// The preset with this id.
    pub fn get(id: PresetId) -> Preset {
        match id {
            PresetId::Catalog => Preset {
                id,
                scenario: {
                    let mut s = base(0.98, 1.1);
                    s.events = vec![at(
                        10_000_000,
                        EventKind::CacheCrash {
                            down_for_us: 1_000_000,
                        },
                    )];
                    s
                },
                look_for: "Almost every request reads a popular product, so every cache cuts read \
                    latency far below the no-cache baseline; when the cache dies for a second, \
                    cache-aside keeps answering from the DB while the cache-only paths fail requests.",
                winner: StrategyId::CacheAside,
                wins_on: Metric::FailedRequests,
                gates: &[],
                tie_within: 0.0,
            },
            PresetId::Platform => {
                let mut s = base(0.95, 1.1);
                s.arrivals = Arrivals::Open {
                    rate_per_sec: 2_000.0,
                };
                s.cache.ttl_us = Some(2_000_000);
                s.events = (1..=9)
                    .map(|i| at(i * 1_000_000, EventKind::ExpireHot { key: None }))
                    .collect();
                Preset {
                    id,
                    scenario: s,
                    look_for: "Hot entries keep expiring under load; the read-through loader \
                        collapses the burst of misses for one key into a single DB read, so it \
                        needs the fewest DB reads while the app code only ever talks to the cache.",
                    winner: StrategyId::ReadThrough,
                    wins_on: Metric::DbReads,
                    gates: &[],
                    tie_within: 0.0,
                }
            }
            PresetId::Wallet => {
                let mut s = base(0.7, 1.0);
                s.events = vec![at(
                    10_000_000,
                    EventKind::CacheCrash {
                        down_for_us: 200_000,
                    },
                )];
                Preset {
                    id,
                    scenario: s,
                    look_for: "Balances are read and changed all the time and the cache crashes \
                        once: write-through pays a slower write but loses no acknowledged write \
                        and never serves an old balance.",
                    winner: StrategyId::WriteThrough,
                    wins_on: Metric::StaleReads,
                    gates: &[Metric::LostWrites],
                    tie_within: 0.0,
                }
            }
            PresetId::Counters => {
                let mut s = base(0.2, 1.2);
                s.arrivals = Arrivals::Open {
                    rate_per_sec: 700.0,
                };
                s.events = vec![at(
                    10_000_000,
                    EventKind::CacheCrash {
                        down_for_us: 200_000,
                    },
                )];
                Preset {
                    id,
                    scenario: s,
                    look_for: "Four of five requests bump a counter: write-back acknowledges \
                        them from memory and batches the DB writes, so it has by far the fastest \
                        writes and the fewest DB writes, and the crash costs it a few counts.",
                    winner: StrategyId::WriteBack,
                    wins_on: Metric::WriteP99,
                    gates: &[],
                    tie_within: 0.0,
                }
            }
            PresetId::Etl => {
                let mut s = base(0.95, 1.0);
                s.events = vec![at(5_000_000, EventKind::BulkImport { keys: 4_000 })];
                Preset {
                    id,
                    scenario: s,
                    look_for: "An import writes 4 000 new rows nobody reads soon: write-through \
                        pushes them all into the cache and evicts the hot set, while write-around \
                        leaves the cache alone and keeps its hit ratio.",
                    winner: StrategyId::WriteAround,
                    wins_on: Metric::Pollution,
                    gates: &[],
                    tie_within: 0.0,
                }
            }
            PresetId::AdminTool => {
                let mut s = base(1.0, 1.1);
                s.events = vec![at(
                    2_000_000,
                    EventKind::AdminWrites {
                        rate_per_sec: 50.0,
                        for_us: 16_000_000,
                    },
                )];
                s.cache.ttl_us = Some(1_000_000);
                Preset {
                    id,
                    scenario: s,
                    look_for: "The storefront only reads while a back-office tool rewrites \
                        prices in the DB: no write path sees those writes, so every strategy \
                        serves old prices about equally and only the 1 s TTL bounds how long; \
                        switch the TTL off to see the stale reads climb.",
                    winner: StrategyId::CacheAside,
                    wins_on: Metric::StaleReads,
                    gates: &[],
                    tie_within: 0.01,
                }
            }
            PresetId::ColdStart => {
                let mut s = base(0.9, 1.0);
                s.arrivals = Arrivals::Open {
                    rate_per_sec: 1_500.0,
                };
                s.events = vec![at(6_000_000, EventKind::CacheFlush)];
                Preset {
                    id,
                    scenario: s,
                    look_for: "The cache starts empty and is emptied again by a deploy at 6 s: \
                        watch the hit ratio climb back in the time series while the DB takes \
                        the misses; read-through's single-flight loader spares it duplicate reads.",
                    winner: StrategyId::ReadThrough,
                    wins_on: Metric::DbReads,
                    gates: &[],
                    tie_within: 0.0,
                }
            }
            PresetId::Race => {
                // 200 keys, most traffic on a few of them, one request in
                // five a write, no TTL: reads and writes of the same key
                // overlap all the time, and nothing ends an old value but
                // the next write.
                let mut s = base(0.8, 1.3);
                s.workload.key_space = 200;
                Preset {
                    id,
                    scenario: s,
                    look_for: "Reads and writes of the same hot keys overlap: now and then a \
                        cache-aside read fills the value it loaded after a write's delete has \
                        already passed (a late fill), and with no TTL that old value is served \
                        until the key is written again (see the stale age). Write-through keeps \
                        the cache current; a TTL bounds how long the old value lives.",
                    winner: StrategyId::WriteThrough,
                    wins_on: Metric::StaleReads,
                    gates: &[],
                    tie_within: 0.0,
                }
            }
            PresetId::Stampede => {
                // 50 keys, all hot, read 10 000 times a second from a DB
                // whose reads take 20 ms. A quiet first second (500 reads/s)
                // loads the whole set within moments, so with a plain 1 s
                // TTL it expires at once just as the full load arrives, and
                // again every second: each key's readers all miss together.
                // The warm-up keeps the cold start's own misses out of the
                // spike, so what the mitigations change is the expiry's.
                let mut s = base(1.0, 1.0);
                s.requests = 40_000;
                s.workload.key_space = 50;
                // Uniform, as the skew knob writes it (α 0), so every knob
                // of the preset reads back what it holds.
                s.workload.popularity = Popularity::Zipf { alpha: 0.0 };
                s.arrivals = Arrivals::Open { rate_per_sec: 500.0 };
                s.workload.phases = vec![Phase {
                    at_us: 1_000_000,
                    read_ratio: None,
                    rate_per_sec: Some(10_000.0),
                    popularity: None,
                }];
                s.cache.ttl_us = Some(1_000_000);
                s.db.read_latency = Latency::LogNormal {
                    median_us: 20_000,
                    p99_us: 40_000,
                };
                // The same tail for writes (there are none): the tail knob
                // sets both.
                s.db.write_latency = Latency::LogNormal {
                    median_us: 10_000,
                    p99_us: 20_000,
                };
                s.db.connections = 64;
                // DB reads per 100 ms window: the spike's height.
                s.window_us = 100_000;
                Preset {
                    id,
                    scenario: s,
                    look_for: "The hot set was loaded together, so it expires together: every \
                        second each key's readers miss at once and go to the DB (cache-aside: \
                        watch Peak DB reads/s and the spikes in the time series). Read-through's \
                        single loader per key needs a quarter of the DB reads. Then try the \
                        Stampede knobs on cache-aside: coalescing makes the others wait for one \
                        read, TTL jitter spreads the expiries, serving stale for 100 ms or early \
                        refresh (β 1) reload in the background and cut the read p99 tenfold.",
                    winner: StrategyId::ReadThrough,
                    wins_on: Metric::DbReads,
                    gates: &[],
                    tie_within: 0.0,
                }
            }
        }
    }

    /// The lane of the expected winner in a report of this preset.
    pub fn winner_lane<'a>(&self, report: &'a CompareReport) -> Option<&'a LaneReport> {
        report.lane(self.winner)
    }

    /// True when the expected winner passes every gate and is best (ties
    /// allowed) on `wins_on` among the lanes that pass the gates. The app
    /// shows whether this holds for the current knobs; the tests require it
    /// for the preset as shipped.
    pub fn winner_holds(&self, report: &CompareReport) -> bool {
        let passes = |l: &LaneReport| self.gates.iter().all(|g| g.value(l) == 0.0);
        let Some(w) = self.winner_lane(report) else {
            return false;
        };
        if !passes(w) {
            return false;
        }
        let wv = self.wins_on.value(w);
        let slack = wv.abs() * self.tie_within;
        let threshold = if self.wins_on.higher_is_better() {
            wv + slack
        } else {
            wv - slack
        };
        report
            .lanes
            .iter()
            .filter(|l| passes(l))
            .all(|l| !self.wins_on.better(self.wins_on.value(l), threshold))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare;

    fn summary(r: &CompareReport) -> String {
        let mut out = String::new();
        for l in std::iter::once(&r.baseline).chain(&r.lanes) {
            out.push_str(&format!(
                "{:14} hit {:.3} r50 {:6} r99 {:6} w50 {:6} w99 {:6} dbr {:6} dbw {:6} stale {:5} lost {:4} fail {:4} poll {:6}\n",
                l.label,
                l.hit_ratio,
                l.read_latency.p50_us,
                l.read_latency.p99_us,
                l.write_latency.p50_us,
                l.write_latency.p99_us,
                l.db_reads,
                l.db_writes,
                l.stale_reads,
                l.lost_writes,
                l.failed_reads + l.failed_writes,
                l.pollution
            ));
        }
        out
    }

    fn lane(r: &CompareReport, id: StrategyId) -> &LaneReport {
        r.lane(id).unwrap()
    }

    fn report(id: PresetId) -> CompareReport {
        compare(&Preset::get(id).scenario)
    }

    /// The stampede preset's lesson: the hot set expires together, so the
    /// cache-aside lane's DB reads come in spikes; read-through's one loader
    /// per key needs far fewer; TTL jitter flattens the spikes without
    /// changing how many reads there are.
    #[test]
    fn stampede_spikes_flatten_with_ttl_jitter() {
        let plain = report(PresetId::Stampede);
        let ca = plain.lane(StrategyId::CacheAside).unwrap();
        let rt = plain.lane(StrategyId::ReadThrough).unwrap();
        assert!(
            rt.db_reads * 4 < ca.db_reads,
            "{} vs {}",
            rt.db_reads,
            ca.db_reads
        );
        let mut s = Preset::get(PresetId::Stampede).scenario;
        s.cache.ttl_jitter = 0.3;
        let jittered = compare(&s);
        let ca_j = jittered.lane(StrategyId::CacheAside).unwrap();
        let (peak, peak_j) = (ca.db_read_peak_per_sec, ca_j.db_read_peak_per_sec);
        assert!(peak >= 2.0 * peak_j, "{peak} vs {peak_j}");
        let (a, b) = (ca.db_reads as f64, ca_j.db_reads as f64);
        assert!((a - b).abs() / a < 0.15, "{a} vs {b}");
    }

    /// Each stampede mitigation on the preset's cache-aside lane, same seed:
    /// the spike's height (most DB reads in a 100 ms window, per second),
    /// the read p99, and what the mitigation costs. Exact: the engine is
    /// deterministic. The issue's table is this one.
    #[test]
    fn stampede_each_mitigation_cuts_the_spike_or_the_tail() {
        let run = |f: fn(&mut Scenario)| {
            let mut s = Preset::get(PresetId::Stampede).scenario;
            f(&mut s);
            let r = compare(&s);
            r.lane(StrategyId::CacheAside).unwrap().clone()
        };
        let none = run(|_| {});
        let coalesce = run(|s| s.cache.coalesce = true);
        let jitter = run(|s| s.cache.ttl_jitter = 0.3);
        let swr = run(|s| s.cache.stale_grace_us = 100_000);
        let xfetch = run(|s| s.cache.early_refresh = 1.0);
        let row = |l: &LaneReport| {
            (
                l.db_read_peak_per_sec.round() as u64,
                l.read_latency.p99_us,
                l.db_reads,
            )
        };
        let table = [&none, &coalesce, &jitter, &swr, &xfetch].map(row);
        assert_eq!(
            table,
            [
                (1_170, 23_054, 1_041),
                (280, 17_101, 264),
                (570, 22_778, 1_018),
                (270, 2_088, 282),
                (490, 2_236, 368),
            ],
            "(peak DB reads/s, read p99 µs, DB reads): none, coalesce, jitter 30 %, \
             stale-while-revalidate 100 ms, early refresh β 1"
        );
        // What each costs: waiters and their wait; reads served stale in
        // grace (none is stale here: nothing writes); background reloads.
        assert_eq!((coalesce.coalesced_reads, none.coalesced_reads), (906, 0));
        assert!(coalesce.coalesced_wait_mean_us > 5_000);
        assert_eq!((swr.grace_reads, swr.refreshes), (1_069, 217));
        assert!(swr.grace_age_max_us < 1_100_000, "{}", swr.grace_age_max_us);
        assert_eq!((xfetch.refreshes, xfetch.early_refreshes), (212, 212));
        // The sweep over mitigations runs exactly these (a tenth of the 1 s
        // TTL is the 100 ms grace).
        let sweep = crate::sweep::Sweep::new(
            &Preset::get(PresetId::Stampede).scenario,
            crate::sweep::SweepAxis::Mitigation,
        );
        assert_eq!(sweep.xs(), &[0.0, 1.0, 2.0, 3.0, 4.0]);
        for (x, want) in sweep.xs().iter().zip(&table) {
            let l = sweep.run_lane(*x, StrategyId::CacheAside);
            assert_eq!(
                (l.db_read_peak_per_sec.round() as u64, l.read_p99_us),
                (want.0, want.1),
                "x = {x}"
            );
        }
    }

    /// The race preset's lesson in numbers: cache-aside's late fills leave
    /// old values that live for seconds without a TTL; a TTL bounds their
    /// age; write-through has none.
    #[test]
    fn race_late_fills_stay_until_the_next_write_unless_a_ttl_ends_them() {
        let r = report(PresetId::Race);
        let ca = r.lane(StrategyId::CacheAside).unwrap();
        assert!(ca.late_fills >= 5, "{}", ca.late_fills);
        assert!(
            ca.stale_reads > ca.late_fills,
            "each late fill is read, stale, again and again"
        );
        assert!(ca.stale_age_max_us > 1_000_000, "{}", ca.stale_age_max_us);
        let wt = r.lane(StrategyId::WriteThrough).unwrap();
        assert_eq!((wt.late_fills, wt.stale_reads), (0, 0));
        let mut s = Preset::get(PresetId::Race).scenario;
        s.cache.ttl_us = Some(100_000);
        let r = compare(&s);
        let ca = r.lane(StrategyId::CacheAside).unwrap();
        // A read is stale at most from the write's commit to the TTL's end:
        // the late fill came after that commit, so at most one TTL.
        assert!(
            ca.stale_age_max_us <= 100_000 + 20_000,
            "{}",
            ca.stale_age_max_us
        );
    }

    #[test]
    fn ids_round_trip_and_every_preset_is_valid() {
        for id in PresetId::ALL {
            assert_eq!(id.as_str().parse::<PresetId>(), Ok(id));
            assert_eq!(
                serde_json::to_string(&id).unwrap(),
                format!("\"{}\"", id.as_str())
            );
            let p = Preset::get(id);
            assert_eq!(p.id, id);
            p.scenario.validate().unwrap();
            assert!(!p.look_for.is_empty());
        }
        let err = "bogus".parse::<PresetId>().unwrap_err();
        assert!(err.to_string().contains("\"bogus\""), "{err}");
    }

    /// The lesson of every preset holds in the engine's numbers.
    #[test]
    fn every_expected_winner_wins() {
        for p in Preset::all() {
            let r = compare(&p.scenario);
            assert!(p.winner_holds(&r), "{}:\n{}", p.id, summary(&r));
        }
    }

    /// `winner_holds` can fail: the counters preset's winner is not the wallet's.
    #[test]
    fn a_wrong_winner_is_rejected() {
        let mut p = Preset::get(PresetId::Counters);
        let r = compare(&p.scenario);
        p.winner = StrategyId::WriteThrough;
        assert!(!p.winner_holds(&r));
    }

    #[test]
    fn wallet_write_through_loses_nothing_and_is_never_stale() {
        let r = report(PresetId::Wallet);
        let wt = lane(&r, StrategyId::WriteThrough);
        assert_eq!((wt.lost_writes, wt.stale_reads), (0, 0));
        // ...while the others pay: write-back loses writes in the crash and
        // cache-aside serves old balances after the invalidate race.
        assert!(lane(&r, StrategyId::WriteBack).lost_writes > 0);
        assert!(lane(&r, StrategyId::CacheAside).stale_reads > 0);
    }

    #[test]
    fn counters_write_back_has_the_fastest_writes_and_loses_some() {
        let r = report(PresetId::Counters);
        let wb = lane(&r, StrategyId::WriteBack);
        assert!(wb.lost_writes > 0);
        for l in r
            .lanes
            .iter()
            .filter(|l| l.strategy != Some(StrategyId::WriteBack))
        {
            assert!(
                wb.write_latency.p50_us < l.write_latency.p50_us,
                "{}",
                l.label
            );
            assert!(
                wb.write_latency.p99_us < l.write_latency.p99_us,
                "{}",
                l.label
            );
            assert!(wb.db_writes < l.db_writes, "{}", l.label);
        }
    }

    #[test]
    fn etl_write_around_pollutes_less_than_write_through() {
        let r = report(PresetId::Etl);
        let wa = lane(&r, StrategyId::WriteAround);
        let wt = lane(&r, StrategyId::WriteThrough);
        assert!(wa.pollution < wt.pollution);
        assert!(wa.hit_ratio > wt.hit_ratio);
    }

    #[test]
    fn admin_tool_stale_reads_fall_with_a_ttl() {
        let p = Preset::get(PresetId::AdminTool);
        let with_ttl = compare(&p.scenario);
        let mut no_ttl = p.scenario.clone();
        no_ttl.cache.ttl_us = None;
        let no_ttl = compare(&no_ttl);
        for id in [StrategyId::CacheAside, StrategyId::ReadThrough] {
            let a = lane(&with_ttl, id);
            let b = lane(&no_ttl, id);
            assert!(a.stale_reads > 0, "{id}");
            assert!(
                a.stale_reads < b.stale_reads,
                "{id}: {} vs {}",
                a.stale_reads,
                b.stale_reads
            );
            assert!(a.stale_age_max_us < b.stale_age_max_us, "{id}");
        }
    }

    /// Cold start: the hit ratio climbs from the empty cache, falls at the
    /// deploy's flush and climbs back.
    #[test]
    fn cold_start_hit_ratio_climbs_twice() {
        let p = Preset::get(PresetId::ColdStart);
        let r = compare(&p.scenario);
        let flush_at = p.scenario.events[0].at_us;
        for l in &r.lanes {
            let s = &l.series;
            let before: Vec<_> = s.iter().filter(|w| w.t_end_us <= flush_at).collect();
            let after: Vec<_> = s.iter().filter(|w| w.t_end_us > flush_at).collect();
            assert!(
                before[0].hit_ratio < before[before.len() - 1].hit_ratio,
                "{}",
                l.label
            );
            assert!(
                after[0].hit_ratio < before[before.len() - 1].hit_ratio,
                "{}",
                l.label
            );
            assert!(
                after[0].hit_ratio < after[after.len() - 1].hit_ratio,
                "{}",
                l.label
            );
        }
    }

    /// Exact numbers of every preset (the engine is deterministic): a change
    /// here means the engine or a preset changed; review, then
    /// `UPDATE_EXPECT=1 cargo test -p cachescope-sim --lib presets`.
    #[test]
    fn pinned_numbers() {
        let mut out = String::new();
        for p in Preset::all() {
            out.push_str(&format!("== {}\n{}", p.id, summary(&compare(&p.scenario))));
        }
        expect_test::expect![[r#"
            == catalog
            No cache       hit 0.000 r50   5822 r99  21446 w50  10989 w99  43070 dbr  19613 dbw    387 stale     0 lost    0 fail    0 poll      0
            Cache-aside    hit 0.696 r50    703 r99  16765 w50  10527 w99  36375 dbr   5957 dbw    387 stale     1 lost    0 fail    0 poll   2207
            Read-through   hit 0.751 r50    646 r99  14661 w50  10188 w99  39704 dbr   4638 dbw    366 stale     0 lost    0 fail 1002 poll   2296
            Write-through  hit 0.713 r50    683 r99  15877 w50  10708 w99  41222 dbr   5632 dbw    366 stale     0 lost    0 fail   21 poll   2298
            Write-back     hit 0.713 r50    682 r99  16002 w50    478 w99   2229 dbr   5633 dbw    157 stale     0 lost    2 fail   21 poll   2298
            Write-around   hit 0.696 r50    703 r99  16765 w50   9878 w99  35968 dbr   5957 dbw    387 stale     1 lost    0 fail    0 poll   2207
            == platform
            No cache       hit 0.000 r50 2925902 r99 5731803 w50 2917318 w99 5718681 dbr  18969 dbw   1031 stale     0 lost    0 fail    0 poll      0
            Cache-aside    hit 0.688 r50    720 r99  17930 w50  11070 w99  41338 dbr   5918 dbw   1031 stale     4 lost    0 fail    0 poll   2770
            Read-through   hit 0.739 r50    658 r99  15599 w50  10378 w99  40001 dbr   4908 dbw   1031 stale     1 lost    0 fail    0 poll   3005
            Write-through  hit 0.740 r50    654 r99  16238 w50  10859 w99  43249 dbr   4940 dbw   1031 stale     0 lost    0 fail    0 poll   3004
            Write-back     hit 0.740 r50    656 r99  15289 w50    484 w99   1857 dbr   4940 dbw    103 stale     1 lost    0 fail    0 poll   3004
            Write-around   hit 0.688 r50    720 r99  17930 w50  10431 w99  40553 dbr   5918 dbw   1031 stale     4 lost    0 fail    0 poll   2770
            == wallet
            No cache       hit 0.000 r50  27904 r99 108949 w50  33540 w99 116447 dbr  13989 dbw   6011 stale     0 lost    0 fail    0 poll      0
            Cache-aside    hit 0.459 r50   3517 r99  22109 w50  11766 w99  41926 dbr   7571 dbw   6011 stale    10 lost    0 fail    0 poll   2058
            Read-through   hit 0.657 r50    759 r99  16803 w50  11093 w99  42181 dbr   4745 dbw   5954 stale     0 lost    0 fail  190 poll   4100
            Write-through  hit 0.651 r50    779 r99  17482 w50  11127 w99  41441 dbr   4882 dbw   5953 stale     0 lost    0 fail   58 poll   4100
            Write-back     hit 0.651 r50    772 r99  16946 w50    505 w99   2073 dbr   4881 dbw    195 stale     0 lost   33 fail   57 poll   4099
            Write-around   hit 0.459 r50   3517 r99  22109 w50  11193 w99  41359 dbr   7571 dbw   6011 stale    10 lost    0 fail    0 poll   2058
            == counters
            No cache       hit 0.000 r50  17149 r99  75235 w50  23477 w99  83481 dbr   3984 dbw  16016 stale     0 lost    0 fail    0 poll      0
            Cache-aside    hit 0.151 r50  12115 r99  53470 w50  20262 w99  64038 dbr   3382 dbw  16016 stale     3 lost    0 fail    0 poll      0
            Read-through   hit 0.837 r50    587 r99  26042 w50  14621 w99  58337 dbr    643 dbw  15902 stale     0 lost    0 fail  148 poll   1274
            Write-through  hit 0.830 r50    587 r99  25990 w50  14581 w99  51634 dbr    677 dbw  15902 stale     0 lost    0 fail  114 poll   1274
            Write-back     hit 0.830 r50    589 r99  14053 w50    503 w99   1988 dbr    678 dbw    281 stale     0 lost   63 fail  114 poll   1274
            Write-around   hit 0.151 r50  12115 r99  53470 w50  19647 w99  63428 dbr   3382 dbw  16016 stale     3 lost    0 fail    0 poll      0
            == etl
            No cache       hit 0.000 r50 3774321 r99 5960013 w50 3271963 w99 5960334 dbr  18969 dbw   5031 stale     0 lost    0 fail    0 poll      0
            Cache-aside    hit 0.581 r50    957 r99 5606030 w50 2590861 w99 5903886 dbr   7951 dbw   5031 stale     1 lost    0 fail    0 poll   3856
            Read-through   hit 0.570 r50    999 r99 5855945 w50 2656336 w99 5959320 dbr   6256 dbw   5031 stale     0 lost    0 fail    0 poll   8706
            Write-through  hit 0.573 r50    971 r99 5896127 w50 2766494 w99 5919105 dbr   8103 dbw   5031 stale     6 lost    0 fail    0 poll   8716
            Write-back     hit 0.589 r50    927 r99 4391491 w50    497 w99   1981 dbr   7795 dbw   4033 stale     0 lost    0 fail    0 poll   8680
            Write-around   hit 0.581 r50    957 r99 5606030 w50 2590217 w99 5903662 dbr   7951 dbw   5031 stale     1 lost    0 fail    0 poll   3856
            == admin-tool
            No cache       hit 0.000 r50   6289 r99  23476 w50      0 w99      0 dbr  20000 dbw    781 stale     0 lost    0 fail    0 poll      0
            Cache-aside    hit 0.625 r50    825 r99  16809 w50      0 w99      0 dbr   7493 dbw    781 stale  4361 lost    0 fail    0 poll   4560
            Read-through   hit 0.627 r50    817 r99  16496 w50      0 w99      0 dbr   7398 dbw    781 stale  4351 lost    0 fail    0 poll   4557
            Write-through  hit 0.625 r50    825 r99  16809 w50      0 w99      0 dbr   7493 dbw    781 stale  4361 lost    0 fail    0 poll   4560
            Write-back     hit 0.625 r50    825 r99  16809 w50      0 w99      0 dbr   7493 dbw    781 stale  4361 lost    0 fail    0 poll   4560
            Write-around   hit 0.625 r50    825 r99  16809 w50      0 w99      0 dbr   7493 dbw    781 stale  4361 lost    0 fail    0 poll   4560
            == cold-start
            No cache       hit 0.000 r50 1649213 r99 3163366 w50 1628365 w99 3158560 dbr  17982 dbw   2018 stale     0 lost    0 fail    0 poll      0
            Cache-aside    hit 0.585 r50    943 r99  18719 w50  11071 w99  41120 dbr   7467 dbw   2018 stale     3 lost    0 fail    0 poll   3327
            Read-through   hit 0.656 r50    758 r99  17098 w50  10889 w99  40163 dbr   6160 dbw   2018 stale     0 lost    0 fail    0 poll   4006
            Write-through  hit 0.656 r50    766 r99  17792 w50  10920 w99  41834 dbr   6183 dbw   2018 stale     0 lost    0 fail    0 poll   4010
            Write-back     hit 0.656 r50    766 r99  16818 w50    495 w99   2132 dbr   6177 dbw    132 stale     0 lost    0 fail    0 poll   4003
            Write-around   hit 0.585 r50    943 r99  18719 w50  10503 w99  40906 dbr   7467 dbw   2018 stale     3 lost    0 fail    0 poll   3327
            == race
            No cache       hit 0.000 r50   8919 r99  33190 w50  14720 w99  47414 dbr  15987 dbw   4013 stale     0 lost    0 fail    0 poll      0
            Cache-aside    hit 0.728 r50    663 r99  16276 w50  10801 w99  42355 dbr   4350 dbw   4013 stale    65 lost    0 fail    0 poll      0
            Read-through   hit 0.990 r50    506 r99   3135 w50  10345 w99  40600 dbr    159 dbw   4013 stale     0 lost    0 fail    0 poll      0
            Write-through  hit 0.989 r50    505 r99   3647 w50  10615 w99  40488 dbr    169 dbw   4013 stale     0 lost    0 fail    0 poll      0
            Write-back     hit 0.990 r50    507 r99   3173 w50    498 w99   2016 dbr    165 dbw    198 stale     0 lost    0 fail    0 poll      0
            Write-around   hit 0.728 r50    663 r99  16276 w50  10147 w99  41901 dbr   4350 dbw   4013 stale    65 lost    0 fail    0 poll      0
            == stampede
            No cache       hit 0.000 r50 4462838 r99 8894416 w50      0 w99      0 dbr  40000 dbw      0 stale     0 lost    0 fail    0 poll      0
            Cache-aside    hit 0.974 r50    510 r99  23054 w50      0 w99      0 dbr   1041 dbw      0 stale     0 lost    0 fail    0 poll      0
            Read-through   hit 0.971 r50    510 r99  17148 w50      0 w99      0 dbr    250 dbw      0 stale     0 lost    0 fail    0 poll      0
            Write-through  hit 0.974 r50    510 r99  23054 w50      0 w99      0 dbr   1041 dbw      0 stale     0 lost    0 fail    0 poll      0
            Write-back     hit 0.974 r50    510 r99  23054 w50      0 w99      0 dbr   1041 dbw      0 stale     0 lost    0 fail    0 poll      0
            Write-around   hit 0.974 r50    510 r99  23054 w50      0 w99      0 dbr   1041 dbw      0 stale     0 lost    0 fail    0 poll      0
        "#]]
        .assert_eq(&out);
    }
}
