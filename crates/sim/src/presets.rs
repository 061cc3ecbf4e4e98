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
use crate::scenario::{Arrivals, EventKind, Popularity, Scenario, ScheduledEvent, Workload};
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
}

impl PresetId {
    /// All presets, in display order.
    pub const ALL: [PresetId; 7] = [
        PresetId::Catalog,
        PresetId::Platform,
        PresetId::Wallet,
        PresetId::Counters,
        PresetId::Etl,
        PresetId::AdminTool,
        PresetId::ColdStart,
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
            "unknown preset {:?}: expected one of catalog, platform, wallet, counters, etl, admin-tool, cold-start",
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
}

impl Metric {
    /// Every metric, in the order the Compare view's lane summary shows them.
    pub const ALL: [Metric; 11] = [
        Metric::HitRatio,
        Metric::ReadP50,
        Metric::ReadP99,
        Metric::WriteP50,
        Metric::WriteP99,
        Metric::DbReads,
        Metric::DbWrites,
        Metric::StaleReads,
        Metric::LostWrites,
        Metric::FailedRequests,
        Metric::Pollution,
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
            No cache       hit 0.000 r50   5821 r99  21469 w50  10563 w99  40897 dbr  19603 dbw    397 stale     0 lost    0 fail    0 poll      0
            Cache-aside    hit 0.700 r50    708 r99  16238 w50  10436 w99  43951 dbr   5888 dbw    397 stale     0 lost    0 fail    0 poll   2099
            Read-through   hit 0.755 r50    649 r99  14952 w50  10698 w99  41781 dbr   4540 dbw    371 stale     0 lost    0 fail 1045 poll   2193
            Write-through  hit 0.716 r50    686 r99  16321 w50  10817 w99  48716 dbr   5574 dbw    371 stale     0 lost    0 fail   26 poll   2196
            Write-back     hit 0.716 r50    693 r99  16056 w50    502 w99   2781 dbr   5572 dbw    164 stale     0 lost    1 fail   26 poll   2197
            Write-around   hit 0.700 r50    708 r99  16238 w50   9803 w99  42761 dbr   5888 dbw    397 stale     0 lost    0 fail    0 poll   2099
            == platform
            No cache       hit 0.000 r50 2918283 r99 5654504 w50 3041963 w99 5656790 dbr  19012 dbw    988 stale     0 lost    0 fail    0 poll      0
            Cache-aside    hit 0.688 r50    720 r99  17454 w50  11288 w99  36499 dbr   5936 dbw    988 stale     9 lost    0 fail    0 poll   2740
            Read-through   hit 0.739 r50    662 r99  15897 w50  10436 w99  37250 dbr   4920 dbw    988 stale     0 lost    0 fail    0 poll   2988
            Write-through  hit 0.739 r50    656 r99  17313 w50  11159 w99  43452 dbr   4968 dbw    988 stale     0 lost    0 fail    0 poll   2987
            Write-back     hit 0.739 r50    664 r99  16215 w50    491 w99   2342 dbr   4960 dbw    106 stale    26 lost    0 fail    0 poll   2988
            Write-around   hit 0.688 r50    720 r99  17454 w50  10740 w99  35728 dbr   5936 dbw    988 stale     9 lost    0 fail    0 poll   2740
            == wallet
            No cache       hit 0.000 r50  22498 r99 138050 w50  29293 w99 147831 dbr  14002 dbw   5998 stale     0 lost    0 fail    0 poll      0
            Cache-aside    hit 0.461 r50   3495 r99  34560 w50  12145 w99  48592 dbr   7547 dbw   5998 stale     7 lost    0 fail    0 poll   2038
            Read-through   hit 0.655 r50    771 r99  17318 w50  10966 w99  38432 dbr   4780 dbw   5938 stale     0 lost    0 fail  201 poll   4126
            Write-through  hit 0.648 r50    784 r99  18252 w50  11126 w99  43189 dbr   4930 dbw   5939 stale     0 lost    0 fail   59 poll   4125
            Write-back     hit 0.648 r50    782 r99  16947 w50    501 w99   2058 dbr   4927 dbw    196 stale     0 lost   24 fail   59 poll   4127
            Write-around   hit 0.461 r50   3495 r99  34560 w50  11580 w99  48027 dbr   7547 dbw   5998 stale     7 lost    0 fail    0 poll   2038
            == counters
            No cache       hit 0.000 r50  14219 r99  66593 w50  19684 w99  75871 dbr   4024 dbw  15976 stale     0 lost    0 fail    0 poll      0
            Cache-aside    hit 0.150 r50  11398 r99  48998 w50  18863 w99  57521 dbr   3421 dbw  15976 stale     2 lost    0 fail    0 poll      0
            Read-through   hit 0.826 r50    578 r99  25890 w50  14634 w99  50662 dbr    695 dbw  15861 stale     0 lost    0 fail  142 poll   1320
            Write-through  hit 0.821 r50    590 r99  24361 w50  14313 w99  48992 dbr    722 dbw  15861 stale     0 lost    0 fail  115 poll   1320
            Write-back     hit 0.821 r50    584 r99  14331 w50    500 w99   2005 dbr    722 dbw    281 stale     0 lost   65 fail  115 poll   1320
            Write-around   hit 0.150 r50  11398 r99  48998 w50  18268 w99  57007 dbr   3421 dbw  15976 stale     2 lost    0 fail    0 poll      0
            == etl
            No cache       hit 0.000 r50 3644568 r99 5851863 w50 3155640 w99 5829519 dbr  19012 dbw   4988 stale     0 lost    0 fail    0 poll      0
            Cache-aside    hit 0.595 r50    912 r99 5529614 w50 2553256 w99 5862849 dbr   7696 dbw   4988 stale     1 lost    0 fail    0 poll   3901
            Read-through   hit 0.560 r50   1055 r99 5889648 w50 2607273 w99 5940705 dbr   6315 dbw   4988 stale     1 lost    0 fail    0 poll   8740
            Write-through  hit 0.562 r50   1029 r99 5948251 w50 2737817 w99 5930581 dbr   8321 dbw   4988 stale     3 lost    0 fail    0 poll   8766
            Write-back     hit 0.581 r50    939 r99 4466346 w50    494 w99   2084 dbr   7965 dbw   4018 stale     0 lost    0 fail    0 poll   8717
            Write-around   hit 0.595 r50    912 r99 5529614 w50 2552936 w99 5861971 dbr   7696 dbw   4988 stale     1 lost    0 fail    0 poll   3901
            == admin-tool
            No cache       hit 0.000 r50   6391 r99  23498 w50      0 w99      0 dbr  20000 dbw    838 stale     0 lost    0 fail    0 poll      0
            Cache-aside    hit 0.628 r50    828 r99  17049 w50      0 w99      0 dbr   7441 dbw    838 stale  4801 lost    0 fail    0 poll   4498
            Read-through   hit 0.627 r50    827 r99  16372 w50      0 w99      0 dbr   7379 dbw    838 stale  4872 lost    0 fail    0 poll   4498
            Write-through  hit 0.628 r50    828 r99  17049 w50      0 w99      0 dbr   7441 dbw    838 stale  4801 lost    0 fail    0 poll   4498
            Write-back     hit 0.628 r50    828 r99  17049 w50      0 w99      0 dbr   7441 dbw    838 stale  4801 lost    0 fail    0 poll   4498
            Write-around   hit 0.628 r50    828 r99  17049 w50      0 w99      0 dbr   7441 dbw    838 stale  4801 lost    0 fail    0 poll   4498
            == cold-start
            No cache       hit 0.000 r50 1644302 r99 3088309 w50 1660812 w99 3092397 dbr  18029 dbw   1971 stale     0 lost    0 fail    0 poll      0
            Cache-aside    hit 0.584 r50    948 r99  20189 w50  11213 w99  41896 dbr   7506 dbw   1971 stale    16 lost    0 fail    0 poll   3400
            Read-through   hit 0.653 r50    782 r99  17355 w50  11056 w99  43447 dbr   6234 dbw   1971 stale     0 lost    0 fail    0 poll   4087
            Write-through  hit 0.653 r50    766 r99  17156 w50  10959 w99  37721 dbr   6259 dbw   1971 stale     0 lost    0 fail    0 poll   4087
            Write-back     hit 0.653 r50    772 r99  17215 w50    515 w99   2083 dbr   6255 dbw    132 stale     0 lost    0 fail    0 poll   4085
            Write-around   hit 0.584 r50    948 r99  20189 w50  10609 w99  41576 dbr   7506 dbw   1971 stale    16 lost    0 fail    0 poll   3400
        "#]]
        .assert_eq(&out);
    }
}
