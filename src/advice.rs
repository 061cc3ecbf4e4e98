//! The Choose guide's reasoning, as plain functions: answers in, a read path,
//! a write path, the preset that shows why, and the reasons out. The numbers
//! that back the reasons come from simulating that preset (see
//! [`evidence`]); nothing here is hard-coded from a past run.

use cachescope_sim::{
    CompareReport, LaneReport, Metric, PresetId, ReadPath, StrategyId, WritePath,
};

use cachescope_charts::fmt_us;

/// How the workload splits between reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mix {
    /// Mostly reads (product pages, profiles, dashboards).
    ReadHeavy,
    /// Mostly writes (counters, telemetry, event logs).
    WriteHeavy,
}

/// The guide's questions, answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Answers {
    /// Read-heavy or write-heavy?
    pub mix: Mix,
    /// May a few acknowledged writes be lost if the cache crashes?
    pub can_lose_writes: bool,
    /// Do other systems (admin tools, jobs, services) write the DB directly?
    pub other_writers: bool,
    /// Is memory tight, or are many writes never read soon (imports)?
    pub memory_tight: bool,
    /// Does a platform team run the cache with a loader in front of the DB?
    pub platform_cache: bool,
}

impl Default for Answers {
    fn default() -> Self {
        Answers {
            mix: Mix::ReadHeavy,
            can_lose_writes: false,
            other_writers: false,
            memory_tight: false,
            platform_cache: false,
        }
    }
}

/// What the guide recommends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Advice {
    /// The read path ("cache-aside" or "read-through").
    pub read: StrategyId,
    /// The strategy whose write path to use.
    pub write: StrategyId,
    /// Add a TTL as a safety net (other writers bypass the cache).
    pub ttl: bool,
    /// The preset whose simulation shows the point.
    pub preset: PresetId,
    /// Why, in a few short sentences (no numbers: see [`evidence`]).
    pub reasons: Vec<&'static str>,
}

/// The decision, in the order that matters most: correctness first, then
/// write volume, then memory, then who owns the cache.
pub fn advise(a: &Answers) -> Advice {
    let mut reasons = Vec::new();
    let read = if a.platform_cache {
        reasons.push(
            "A cache that loads from the DB by itself keeps the app to one call per read, \
             and its loader can merge simultaneous misses for the same key.",
        );
        StrategyId::ReadThrough
    } else {
        reasons.push(
            "Reading through the app (check the cache, fall back to the DB) is the simplest \
             path and keeps working when the cache is down.",
        );
        StrategyId::CacheAside
    };
    let (write, preset) = if !a.can_lose_writes {
        reasons.push(
            "Writes may not be lost, so each write goes to the DB before it is confirmed; \
             writing the cache in the same step keeps readers from seeing old values.",
        );
        (StrategyId::WriteThrough, PresetId::Wallet)
    } else if a.mix == Mix::WriteHeavy {
        reasons.push(
            "Writes dominate and a few may be lost, so confirming them from memory and \
             batching the DB writes gives the fastest writes and the lightest DB.",
        );
        (StrategyId::WriteBack, PresetId::Counters)
    } else if a.memory_tight {
        reasons.push(
            "Much of what is written is not read soon, so writes skip the cache and leave \
             its memory to the data people actually read.",
        );
        (StrategyId::WriteAround, PresetId::Etl)
    } else {
        reasons.push(
            "Writes are rare and a stale moment is tolerable, so writing the DB and dropping \
             the cached copy is enough; the next read reloads it.",
        );
        let preset = if a.platform_cache {
            PresetId::Platform
        } else {
            PresetId::Catalog
        };
        (StrategyId::CacheAside, preset)
    };
    let preset = if a.other_writers && a.can_lose_writes && a.mix == Mix::ReadHeavy {
        PresetId::AdminTool
    } else {
        preset
    };
    if a.other_writers {
        reasons.push(
            "Other systems write the DB behind the cache's back, and no strategy sees those \
             writes: give entries a TTL so an old value cannot live forever.",
        );
    }
    Advice {
        read,
        write,
        ttl: a.other_writers,
        preset,
        reasons,
    }
}

/// The paths the advice recommends: the read path of `advice.read` with the
/// write path of `advice.write`.
fn recommended_paths(advice: &Advice) -> (ReadPath, WritePath) {
    (
        advice.read.default_paths().0,
        advice.write.default_paths().1,
    )
}

/// The run of exactly the recommended pair on the report's workload. Most
/// pairs are a named strategy's defaults (cache-aside reads + write-through
/// writes *is* the write-through lane), so the report already holds them;
/// a pair no lane runs (read-through reads + write-back writes) is simulated
/// here, on the same scenario and seed.
fn recommended_lane(advice: &Advice, report: &CompareReport) -> Option<LaneReport> {
    let (read, write) = recommended_paths(advice);
    match StrategyId::for_paths(read, write) {
        Some(id) => report.lane(id).cloned(),
        None => {
            let mut s = report.scenario.clone();
            s.strategy = advice.read;
            s.read_path = Some(read);
            s.write_path = Some(write);
            s.validate().ok()?;
            Some(cachescope_sim::run(&s))
        }
    }
}

/// The recommended pair in words: one name when it is a named strategy's
/// defaults, both halves otherwise.
fn pair_label(advice: &Advice) -> String {
    let (read, write) = recommended_paths(advice);
    match StrategyId::for_paths(read, write) {
        Some(id) => id.label().to_string(),
        None => format!(
            "{} reads with {} writes",
            advice.read.label(),
            advice.write.label().to_lowercase()
        ),
    }
}

/// Sentences with the simulated numbers of `report` (a run of the advice's
/// preset) that back the advice. Every number about the recommendation is
/// the recommended read path *and* write path run together, never a lane
/// that shares only one of them (the write path changes the hit ratio and
/// the stale reads of the read path).
pub fn evidence(advice: &Advice, report: &CompareReport) -> Vec<String> {
    let mut out = Vec::new();
    let Some(pair) = recommended_lane(advice, report) else {
        return out;
    };
    let (r, w) = (&pair, &pair);
    let base = &report.baseline;
    out.push(format!(
        "{}: hit ratio {:.1} %, read p99 {} against {} with no cache.",
        pair_label(advice),
        r.hit_ratio * 100.0,
        fmt_us(r.read_latency.p99_us),
        fmt_us(base.read_latency.p99_us)
    ));
    match advice.write {
        StrategyId::WriteThrough => out.push(format!(
            "Write-through: {} acknowledged writes lost and {} stale reads, for a write p99 of {}.",
            w.lost_writes,
            w.stale_reads,
            fmt_us(w.write_latency.p99_us)
        )),
        StrategyId::WriteBack => {
            let slowest = report
                .lanes
                .iter()
                .map(|l| l.write_latency.p99_us)
                .max()
                .unwrap_or(0);
            out.push(format!(
                "Write-back: write p99 {} (slowest lane {}), {} DB writes, and {} acknowledged \
                 writes lost in the crash.",
                fmt_us(w.write_latency.p99_us),
                fmt_us(slowest),
                w.db_writes,
                w.lost_writes
            ));
        }
        StrategyId::WriteAround => {
            if let Some(wt) = report.lane(StrategyId::WriteThrough) {
                out.push(format!(
                    "Write-around: {} entries evicted unread against {} for write-through; \
                     hit ratio {:.1} % against {:.1} %.",
                    w.pollution,
                    wt.pollution,
                    w.hit_ratio * 100.0,
                    wt.hit_ratio * 100.0
                ));
            }
        }
        StrategyId::CacheAside | StrategyId::ReadThrough => {
            let failed = Metric::FailedRequests.value(w);
            out.push(format!(
                "{}: write p99 {}, {} stale reads, {} failed requests while the cache was down.",
                advice.write.label(),
                fmt_us(w.write_latency.p99_us),
                w.stale_reads,
                failed
            ));
        }
    }
    if advice.ttl {
        out.push(format!(
            "With other writers, {} reads of {} were stale in this run; the TTL is what \
             bounds how old they get (oldest {}).",
            r.stale_reads,
            r.reads,
            fmt_us(r.stale_age_max_us)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use cachescope_sim::{compare, Preset};

    fn with(f: impl FnOnce(&mut Answers)) -> Advice {
        let mut a = Answers::default();
        f(&mut a);
        advise(&a)
    }

    #[test]
    fn the_main_cases() {
        let wallet = with(|_| {});
        assert_eq!(
            (wallet.read, wallet.write, wallet.preset),
            (
                StrategyId::CacheAside,
                StrategyId::WriteThrough,
                PresetId::Wallet
            )
        );
        let counters = with(|a| {
            a.mix = Mix::WriteHeavy;
            a.can_lose_writes = true;
        });
        assert_eq!(
            (counters.write, counters.preset),
            (StrategyId::WriteBack, PresetId::Counters)
        );
        let etl = with(|a| {
            a.can_lose_writes = true;
            a.memory_tight = true;
        });
        assert_eq!(
            (etl.write, etl.preset),
            (StrategyId::WriteAround, PresetId::Etl)
        );
        let catalog = with(|a| a.can_lose_writes = true);
        assert_eq!(
            (catalog.read, catalog.write, catalog.preset),
            (
                StrategyId::CacheAside,
                StrategyId::CacheAside,
                PresetId::Catalog
            )
        );
        let platform = with(|a| {
            a.can_lose_writes = true;
            a.platform_cache = true;
        });
        assert_eq!(
            (platform.read, platform.preset),
            (StrategyId::ReadThrough, PresetId::Platform)
        );
        let admin = with(|a| {
            a.can_lose_writes = true;
            a.other_writers = true;
        });
        assert!(admin.ttl);
        assert_eq!(admin.preset, PresetId::AdminTool);
    }

    /// The evidence quotes the simulated numbers of the preset it points to.
    #[test]
    fn evidence_quotes_the_preset_numbers() {
        let advice = with(|a| {
            a.mix = Mix::WriteHeavy;
            a.can_lose_writes = true;
        });
        let report = compare(&Preset::get(advice.preset).scenario);
        let wb = report.lane(StrategyId::WriteBack).unwrap();
        let text = evidence(&advice, &report).join(" ");
        assert!(text.contains(&fmt_us(wb.write_latency.p99_us)), "{text}");
        assert!(
            text.contains(&format!("{} acknowledged writes lost", wb.lost_writes)),
            "{text}"
        );
    }

    /// Cache-aside reads with write-through writes are the write-through
    /// lane: its hit ratio is quoted, not the cache-aside lane's (whose
    /// writes drop the cached copy, so it hits less).
    #[test]
    fn evidence_quotes_the_recommended_pair_not_the_read_lane() {
        let advice = with(|_| {});
        assert_eq!(
            (advice.read, advice.write),
            (StrategyId::CacheAside, StrategyId::WriteThrough)
        );
        let report = compare(&Preset::get(advice.preset).scenario);
        let wt = report.lane(StrategyId::WriteThrough).unwrap();
        let ca = report.lane(StrategyId::CacheAside).unwrap();
        assert_ne!(
            wt.hit_ratio, ca.hit_ratio,
            "the test needs lanes that differ"
        );
        let first = &evidence(&advice, &report)[0];
        assert!(
            first.starts_with(&format!(
                "Write-through: hit ratio {:.1} %",
                wt.hit_ratio * 100.0
            )),
            "{first}"
        );
    }

    /// A pair that no lane runs is simulated on the report's scenario.
    #[test]
    fn a_pair_no_lane_runs_is_simulated() {
        let advice = with(|a| {
            a.mix = Mix::WriteHeavy;
            a.can_lose_writes = true;
            a.platform_cache = true;
        });
        assert_eq!(
            (advice.read, advice.write),
            (StrategyId::ReadThrough, StrategyId::WriteBack)
        );
        let mut scenario = Preset::get(advice.preset).scenario;
        scenario.requests = 2_000;
        let report = compare(&scenario);
        let mut pair = scenario.clone();
        pair.strategy = StrategyId::ReadThrough;
        pair.read_path = Some(StrategyId::ReadThrough.default_paths().0);
        pair.write_path = Some(StrategyId::WriteBack.default_paths().1);
        let want = cachescope_sim::run(&pair);
        let first = &evidence(&advice, &report)[0];
        assert!(
            first.starts_with(&format!(
                "Read-through reads with write-back writes: hit ratio {:.1} %",
                want.hit_ratio * 100.0
            )),
            "{first}"
        );
    }
}
