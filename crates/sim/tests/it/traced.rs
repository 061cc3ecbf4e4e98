//! Lanes that replay a trace instead of drawing requests
//! (`CompareRun::with_trace`): every lane sees the trace's requests, in its
//! order; the run is as deterministic as a drawn one; and the strategies'
//! guarantees hold on it as they do on drawn workloads.

use std::sync::Arc;

use cachescope_sim::trace::{zipf_trace, RecordedTrace, TraceOp, TraceRecord};
use cachescope_sim::{CompareReport, CompareRun, Scenario, StrategyId};

/// A skewed trace where every fifth request writes (every twentieth of
/// those is a delete), over sparse keys (so renumbering matters).
fn trace() -> Arc<RecordedTrace> {
    let keys = zipf_trace(6_000, 800, 0.9, 5);
    let records = keys.into_iter().enumerate().map(|(i, k)| TraceRecord {
        timestamp: Some(i as u64),
        key: k.wrapping_mul(0x2545_f491_4f6c_dd1d),
        op: match i % 100 {
            0 => TraceOp::Delete,
            n if n % 5 == 0 => TraceOp::Write,
            _ => TraceOp::Read,
        },
    });
    Arc::new(RecordedTrace::from_records(records).unwrap())
}

fn base() -> Scenario {
    Scenario {
        cache: cachescope_sim::scenario::CacheConfig {
            capacity: 100,
            ..Default::default()
        },
        ..Scenario::default()
    }
}

fn run(s: &Scenario, t: &Arc<RecordedTrace>, slice: u64) -> CompareReport {
    let mut run = CompareRun::with_trace(s, t.clone());
    while !run.advance(slice) {}
    run.finish()
}

#[test]
fn every_lane_replays_the_traces_reads_and_writes() {
    let t = trace();
    let sum = t.summary();
    assert_eq!(
        (sum.requests, sum.reads, sum.writes, sum.deletes),
        (6_000, 4_800, 1_200, 60)
    );
    let r = run(&base(), &t, u64::MAX);
    assert_eq!(r.trace, Some(sum));
    assert_eq!(r.scenario.requests, 6_000);
    assert_eq!(r.scenario.workload.key_space, sum.distinct_keys);
    for lane in std::iter::once(&r.baseline).chain(&r.lanes) {
        assert_eq!(
            (lane.reads, lane.writes),
            (sum.reads, sum.writes),
            "{}",
            lane.label
        );
    }
    // The same trace is the same report, however it is sliced.
    let json = |r: &CompareReport| serde_json::to_string(r).unwrap();
    assert_eq!(json(&run(&base(), &t, 313)), json(&r));
    // A different seed moves the arrival times, never the requests.
    let other = run(&Scenario { seed: 99, ..base() }, &t, u64::MAX);
    assert_ne!(json(&other), json(&r));
    assert_eq!(other.lanes[0].reads, sum.reads);
}

#[test]
fn the_strategies_keep_their_guarantees_on_a_trace() {
    let t = trace();
    let r = run(&base(), &t, u64::MAX);
    let lane = |id| r.lane(id).unwrap();
    // Every write goes through the cache: never a stale read.
    assert_eq!(lane(StrategyId::WriteThrough).stale_reads, 0);
    // Write-around never fills on a write: fills come from read misses only.
    let wa = lane(StrategyId::WriteAround);
    assert!(
        wa.fills <= wa.misses,
        "{} fills, {} misses",
        wa.fills,
        wa.misses
    );
    // Every strategy caches: a skewed trace hits.
    for l in &r.lanes {
        assert!(l.hit_ratio > 0.3, "{}: {}", l.label, l.hit_ratio);
    }
    assert_eq!(r.baseline.hits, 0);
}

/// The pinned outcome of the trace above, so a change in how a trace drives
/// a lane shows up here (re-pin only with a reason in the commit).
#[test]
fn pinned_trace_comparison() {
    let r = run(&base(), &trace(), u64::MAX);
    // (hits, DB reads, stale reads) per strategy. Cache-aside and
    // write-around are stale 3 times: the late-fill race, with no TTL.
    let got: Vec<(u64, u64, u64)> = r
        .lanes
        .iter()
        .map(|l| (l.hits, l.db_reads, l.stale_reads))
        .collect();
    assert_eq!(
        got,
        [
            (2045, 2755, 3),
            (2458, 2315, 0),
            (2452, 2348, 0),
            (2459, 2341, 0),
            (2045, 2755, 3)
        ]
    );
}
