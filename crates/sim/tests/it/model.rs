//! Model features one by one: phases, admin bursts, graceful flush, DB
//! utilisation, TTL expiry, injected events, percentiles.

use cachescope_sim::{
    run, Arrivals, EventKind, LatencySummary, Op, Phase, Scenario, ScheduledEvent, Simulation,
    StrategyId,
};

use crate::support::hand_scenario;

fn at(at_us: u64, kind: EventKind) -> ScheduledEvent {
    ScheduledEvent { at_us, kind }
}

#[test]
fn db_utilisation_is_busy_time_over_capacity() {
    // Cache-aside on the hand scenario: 4 read misses (1 200 µs each: GET,
    // DB read, fill), 2 hits (100 µs) and 4 writes (2 100 µs: DB write,
    // DEL) one after another make a 13 400 µs run, in which the single
    // connection is busy for 4 writes × 2 000 + 4 reads × 1 000 = 12 000 µs.
    let r = run(&hand_scenario(10, 3, 2, 0.7));
    assert_eq!((r.reads, r.writes, r.hits, r.db_reads), (6, 4, 2, 4));
    assert_eq!(r.end_time_us, 13_400);
    assert_eq!(r.db_utilisation, 12_000.0 / 13_400.0);
}

#[test]
fn a_phase_changes_the_mix_from_its_start() {
    let mut s = hand_scenario(400, 10, 10, 1.0);
    s.workload.phases = vec![Phase {
        at_us: 10_000,
        read_ratio: Some(0.0),
        rate_per_sec: None,
        popularity: None,
    }];
    let r = run(&s);
    for t in r
        .log
        .iter()
        .filter(|t| matches!(t.op, Op::Read | Op::Write))
    {
        let want = if t.issued_at_us < 10_000 {
            Op::Read
        } else {
            Op::Write
        };
        assert_eq!(t.op, want, "at {}", t.issued_at_us);
    }
    assert!(r.reads > 10 && r.writes > 10);
}

#[test]
fn a_phase_can_raise_the_arrival_rate() {
    let s = Scenario {
        requests: 3_000,
        arrivals: Arrivals::Open {
            rate_per_sec: 1_000.0,
        },
        log_limit: 3_000,
        ..Scenario::default()
    };
    let burst = Scenario {
        workload: cachescope_sim::Workload {
            phases: vec![Phase {
                at_us: 1_000_000,
                read_ratio: None,
                rate_per_sec: Some(10_000.0),
                popularity: None,
            }],
            ..s.workload.clone()
        },
        ..s.clone()
    };
    let count_in = |r: &cachescope_sim::LaneReport, from: u64, to: u64| {
        r.log
            .iter()
            .filter(|t| t.issued_at_us >= from && t.issued_at_us < to)
            .filter(|t| matches!(t.op, Op::Read | Op::Write))
            .count()
    };
    let (a, b) = (run(&s), run(&burst));
    // Same first second (same stream), then ten times the arrivals.
    assert_eq!(count_in(&a, 0, 1_000_000), count_in(&b, 0, 1_000_000));
    assert!(count_in(&b, 1_000_000, 1_100_000) > 5 * count_in(&a, 1_000_000, 1_100_000));
}

#[test]
fn admin_write_burst_arrives_at_its_rate_and_bypasses_the_cache() {
    // Reads take ≈ 100 µs (hits) back to back: 2 000 of them last ≈ 220 ms.
    // Eight connections and 100 µs writes keep the DB far from saturation,
    // so every admin write commits soon after it is issued.
    let mut s = hand_scenario(2_000, 20, 50, 1.0);
    s.db.connections = 8;
    s.db.write_latency = cachescope_sim::Latency::Constant { us: 100 };
    s.events = vec![at(
        50_000,
        EventKind::AdminWrites {
            rate_per_sec: 2_000.0,
            for_us: 100_000,
        },
    )];
    s.log_limit = 10_000;
    let r = run(&s);
    // Expected 200; Poisson (σ ≈ 14), so allow ±50.
    assert!((150..=250).contains(&r.admin_writes), "{}", r.admin_writes);
    let admins: Vec<_> = r.log.iter().filter(|t| t.op == Op::Admin).collect();
    assert_eq!(admins.len() as u64, r.admin_writes);
    assert!(admins
        .iter()
        .all(|t| t.issued_at_us >= 50_000 && t.issued_at_us < 150_000));
    assert!(admins
        .iter()
        .all(|t| t.hops.iter().all(|h| h.to != cachescope_sim::Node::Cache)));
    // Cache-aside with no TTL keeps serving the old versions.
    assert!(r.stale_reads > 100);
}

#[test]
fn graceful_flush_writes_dirty_entries_and_loses_nothing() {
    let mut s = Scenario {
        strategy: StrategyId::WriteBack,
        ..hand_scenario(300, 20, 30, 0.3)
    };
    let mut sim = Simulation::new(&s);
    sim.run_until(20_000);
    let dirty = sim.counters().dirty;
    assert!(dirty > 0);
    sim.schedule(EventKind::CacheFlush);
    sim.step();
    assert!(sim.cache_contents().is_empty());
    assert_eq!(sim.counters().lost_writes, 0);
    // The batches are on their way: still pending until they commit.
    assert_eq!(sim.counters().dirty, dirty);
    let r = sim.finish();
    assert_eq!(r.lost_writes, 0);
    assert!(r.log.iter().any(|t| t.op == Op::Flush));
    // Same with a scheduled flush.
    s.events = vec![at(20_000, EventKind::CacheFlush)];
    let r = run(&s);
    assert_eq!(r.lost_writes, 0);
    assert_eq!(r.events.len(), 1);
}

#[test]
fn ttl_expiry_counts_and_unread_entries_are_pollution() {
    // Every key read once (uniform over many keys, few requests): fills that
    // expire without a hit are pollution.
    let mut s = hand_scenario(50, 1_000_000, 1_000, 1.0);
    s.cache.ttl_us = Some(1_000);
    let mut sim = Simulation::new(&s);
    while sim.step().is_some() {}
    let r = sim.report();
    assert_eq!(r.fills, 50);
    // Expired entries are only noticed when touched or evicted; none was.
    assert_eq!(r.expirations, 0);
    let mut s2 = hand_scenario(50, 1, 10, 1.0);
    s2.cache.ttl_us = Some(3_000);
    let r2 = run(&s2);
    // One key, read back to back (≈100 µs per hit): the entry expires every
    // 3 ms and is refilled; each expired copy was hit, so no pollution.
    assert!(r2.expirations >= 1, "{}", r2.expirations);
    assert_eq!(r2.pollution, 0);
    assert_eq!(r2.misses, r2.expirations + 1);
}

#[test]
fn injected_events_with_absurd_parameters_are_clamped_not_panics() {
    let s = hand_scenario(200, 5, 2, 0.5);
    let mut sim = Simulation::new(&s);
    sim.run_until(1_000);
    sim.schedule(EventKind::AdminWrite {
        key: Some(u64::MAX),
    });
    sim.schedule(EventKind::ExpireHot {
        key: Some(u64::MAX),
    });
    sim.schedule(EventKind::DbSlow {
        factor: f64::NAN,
        for_us: u64::MAX,
    });
    sim.schedule(EventKind::AdminWrites {
        rate_per_sec: f64::INFINITY,
        for_us: u64::MAX,
    });
    sim.schedule(EventKind::BulkImport { keys: u64::MAX });
    sim.schedule(EventKind::CacheCrash {
        down_for_us: u64::MAX,
    });
    let r = sim.finish();
    assert_eq!(r.requests, 200);
    assert_eq!(r.hits, 0, "the cache never came back");
}

#[test]
fn latency_summary_is_exact_nearest_rank() {
    let mut v: Vec<u64> = (1..=200).rev().collect();
    let s = LatencySummary::from_samples(&mut v);
    assert_eq!(
        (s.count, s.mean_us, s.p50_us, s.p95_us, s.p99_us, s.max_us),
        (200, 100, 100, 190, 198, 200)
    );
    assert_eq!(
        LatencySummary::from_samples(&mut []),
        LatencySummary::default()
    );
}

/// The cache-aside race, by hand. One client reads key 0 three times;
/// cache 100 µs a round trip, DB read 1 000 µs, DB write 50 µs, two DB
/// connections. Read 1 misses at 100 µs and reads the DB until 1 100 (v0);
/// its fill leaves then and lands at 1 150. A write behind the cache's back
/// at 1 080 commits v1 at 1 130: the fill puts v0 in after the DB moved on,
/// nothing will remove it (no TTL, no DEL on its way), and reads 2 and 3 hit
/// it, stale. With a DEL path the same timing is no late fill if the DEL is
/// still travelling (it removes the old value when it lands).
#[test]
fn a_fill_that_lands_after_the_db_moved_on_is_a_late_fill() {
    let mut s = hand_scenario(3, 1, 10, 1.0);
    s.db.connections = 2;
    s.db.write_latency = cachescope_sim::Latency::Constant { us: 50 };
    s.events = vec![at(1_080, EventKind::AdminWrite { key: Some(0) })];
    let r = run(&s);
    assert_eq!(r.late_fills, 1, "{}", crate::support::summary(&r));
    assert_eq!((r.hits, r.misses, r.stale_reads), (2, 1, 2));
    let reads: Vec<_> = r.log.iter().filter(|t| t.op == Op::Read).collect();
    assert!(reads[0].late_fill && !reads[1].late_fill);
    // The admin write a moment earlier commits before the read's DB read
    // completes: the read loads v1 and nothing is late or stale.
    s.events = vec![at(1_000, EventKind::AdminWrite { key: Some(0) })];
    let r = run(&s);
    assert_eq!(
        (r.late_fills, r.stale_reads),
        (0, 0),
        "{}",
        crate::support::summary(&r)
    );
    // Read-through loads in the cache, so a load never lands after the DB.
    s.strategy = StrategyId::ReadThrough;
    s.events = vec![at(1_080, EventKind::AdminWrite { key: Some(0) })];
    assert_eq!(run(&s).late_fills, 0);
}
