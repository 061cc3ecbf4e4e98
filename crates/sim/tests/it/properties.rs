//! Invariants over random scenarios (proptest).

use cachescope_sim::{
    run, Arrivals, CacheConfig, DbConfig, EventKind, EvictionPolicy, HopKind, LaneReport, Latency,
    Node, Op, Outcome, Popularity, ReadPath, RequestTrace, Scenario, ScheduledEvent, Simulation,
    StepKind, Workload, WritePath,
};
use proptest::prelude::*;

fn arb_latency(max: u64) -> impl Strategy<Value = Latency> {
    prop_oneof![
        (0..=max).prop_map(|us| Latency::Constant { us }),
        (0..=max, 0..=max).prop_map(|(a, b)| Latency::Uniform {
            min_us: a.min(b),
            max_us: a.max(b)
        }),
        (0..=max).prop_map(|mean_us| Latency::Exponential { mean_us }),
        (1..=max, 1..=4u64).prop_map(|(m, k)| Latency::LogNormal {
            median_us: m,
            p99_us: m * k
        }),
    ]
}

fn arb_popularity() -> impl Strategy<Value = Popularity> {
    prop_oneof![
        Just(Popularity::Uniform),
        (0.0..2.0f64).prop_map(|alpha| Popularity::Zipf { alpha }),
        (0.0..100.0f64, 0.0..100.0f64).prop_map(|(a, b)| Popularity::Hotspot {
            hot_request_pct: a,
            hot_key_pct: b
        }),
    ]
}

fn arb_read_path() -> impl Strategy<Value = ReadPath> {
    prop_oneof![
        Just(ReadPath::CacheAside),
        any::<bool>().prop_map(|single_flight| ReadPath::ReadThrough { single_flight }),
        Just(ReadPath::NoCache),
    ]
}

fn arb_write_path() -> impl Strategy<Value = WritePath> {
    prop_oneof![
        Just(WritePath::WriteThrough),
        (100..20_000u64, 1..20u32).prop_map(|(flush_interval_us, batch_max)| {
            WritePath::WriteBack {
                flush_interval_us,
                batch_max,
            }
        }),
        any::<bool>().prop_map(|invalidate| WritePath::WriteAround { invalidate }),
        Just(WritePath::DbThenInvalidate),
        Just(WritePath::NoCache),
    ]
}

fn arb_event(key_space: u64) -> impl Strategy<Value = ScheduledEvent> {
    let kind = prop_oneof![
        (0..20_000u64).prop_map(|down_for_us| EventKind::CacheCrash { down_for_us }),
        Just(EventKind::CacheFlush),
        proptest::option::of(0..key_space).prop_map(|key| EventKind::AdminWrite { key }),
        (100.0..5_000.0f64, 0..50_000u64).prop_map(|(rate_per_sec, for_us)| {
            EventKind::AdminWrites {
                rate_per_sec,
                for_us,
            }
        }),
        (1..30u64).prop_map(|keys| EventKind::BulkImport { keys }),
        (1.0..10.0f64, 0..50_000u64)
            .prop_map(|(factor, for_us)| EventKind::DbSlow { factor, for_us }),
        proptest::option::of(0..key_space).prop_map(|key| EventKind::ExpireHot { key }),
    ];
    (0..100_000u64, kind).prop_map(|(at_us, kind)| ScheduledEvent { at_us, kind })
}

prop_compose! {
    fn arb_scenario()(
        key_space in 1..40u64,
        capacity in 1..50u32,
        requests in 1..250u64,
        seed in any::<u64>(),
    )(
        seed in Just(seed),
        requests in Just(requests),
        key_space in Just(key_space),
        capacity in Just(capacity),
        popularity in arb_popularity(),
        read_ratio in 0.0..=1.0f64,
        arrivals in prop_oneof![
            (100.0..50_000.0f64).prop_map(|rate_per_sec| Arrivals::Open { rate_per_sec }),
            (1..8u32, 0..2_000u64).prop_map(|(clients, think_time_us)| Arrivals::Closed { clients, think_time_us }),
        ],
        eviction in prop::sample::select(EvictionPolicy::ALL.to_vec()),
        ttl in proptest::option::of((1..50_000u64, prop_oneof![Just(0.0), 0.0..0.9f64])),
        cache_latency in arb_latency(500),
        connections in 1..6u32,
        read_latency in arb_latency(3_000),
        write_latency in arb_latency(5_000),
        read_path in arb_read_path(),
        write_path in arb_write_path(),
        events in proptest::collection::vec(arb_event(key_space), 0..6),
        coalesce in any::<bool>(),
        grace in prop_oneof![Just(0u64), 1..30_000u64],
        beta in prop_oneof![Just(0.0), 0.1..5.0f64],
    ) -> Scenario {
        Scenario {
            seed,
            requests,
            workload: Workload { key_space, popularity, read_ratio, phases: vec![] },
            arrivals,
            cache: CacheConfig {
                capacity,
                eviction,
                ttl_us: ttl.map(|t| t.0),
                ttl_jitter: ttl.map_or(0.0, |t| t.1),
                coalesce,
                stale_grace_us: if ttl.is_some() { grace } else { 0 },
                early_refresh: if ttl.is_some() { beta } else { 0.0 },
                latency: cache_latency,
            },
            db: DbConfig { connections, read_latency, write_latency },
            read_path: Some(read_path),
            write_path: Some(write_path),
            events,
            log_limit: 10_000,
            ..Scenario::default()
        }
    }
}

fn imports(r: &LaneReport) -> u64 {
    r.log.iter().filter(|t| t.op == Op::Import).count() as u64
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    /// Every client request completes exactly once; every read is a hit, a
    /// miss or a failure; the trace agrees with the counters.
    #[test]
    fn every_request_completes_once(s in arb_scenario()) {
        prop_assert!(s.validate().is_ok(), "{:?}", s.validate());
        let r = run(&s);
        prop_assert_eq!(r.requests, s.requests);
        prop_assert_eq!(r.hits + r.misses + r.failed_reads, r.reads);
        prop_assert_eq!(r.reads + r.writes, s.requests + imports(&r));
        let client: Vec<_> = r.log.iter().filter(|t| matches!(t.op, Op::Read | Op::Write)).collect();
        prop_assert_eq!(client.len() as u64, s.requests);
        prop_assert!(client.iter().all(|t| t.outcome != Outcome::Pending && t.done_at_us.is_some()));
        let traced_hits = client.iter().filter(|t| t.outcome == Outcome::Hit).count() as u64;
        prop_assert_eq!(traced_hits, r.hits);
        let traced_stale = client.iter().filter(|t| t.stale).count() as u64;
        prop_assert_eq!(traced_stale, r.stale_reads);
        prop_assert_eq!(r.read_latency.count, r.reads - r.failed_reads);
        prop_assert!(r.db_utilisation >= 0.0 && r.db_utilisation <= 1.0, "{}", r.db_utilisation);
        prop_assert!(r.pollution <= r.evictions + r.expirations);
        prop_assert!(r.late_fills <= r.fills);
        // The log may stop early (its limit), so it holds at most as many.
        let traced_late = client.iter().filter(|t| t.late_fill).count() as u64;
        prop_assert!(traced_late <= r.late_fills);
        // Background reloads (early refresh, grace) are untraced requests,
        // and one can land late too: then only the bound holds.
        if r.log.len() < s.log_limit as usize && r.refreshes == 0 {
            prop_assert_eq!(traced_late, r.late_fills);
        }
        // A fill of the app's own (cache-aside) is the only late one: a
        // read-through load puts what the DB holds as it lands.
        if matches!(s.paths().0, ReadPath::ReadThrough { .. } | ReadPath::NoCache) {
            prop_assert_eq!(r.late_fills, 0);
        }
        if s.read_path == Some(ReadPath::NoCache) {
            prop_assert_eq!(r.hits, 0);
        }
        // The mitigations' own counts.
        prop_assert!(r.grace_reads <= r.hits);
        prop_assert!(r.early_refreshes <= r.refreshes);
        if s.cache.stale_grace_us == 0 {
            prop_assert_eq!(r.grace_reads, 0);
        }
        if s.cache.stale_grace_us == 0 && s.cache.early_refresh == 0.0 {
            prop_assert_eq!(r.refreshes, 0);
        }
        let traced = |f: fn(&RequestTrace) -> bool| client.iter().filter(|t| f(t)).count() as u64;
        if r.log.len() < s.log_limit as usize {
            prop_assert_eq!(traced(|t| t.coalesced), r.coalesced_reads);
            prop_assert_eq!(traced(|t| t.grace), r.grace_reads);
            prop_assert_eq!(traced(|t| t.refreshed), r.refreshes);
        }
        // Only a path that shares loads has waiters.
        let shares = match s.paths().0 {
            ReadPath::CacheAside => s.cache.coalesce,
            ReadPath::ReadThrough { single_flight } => single_flight,
            ReadPath::NoCache => false,
        };
        if !shares {
            prop_assert_eq!(r.coalesced_reads, 0);
        }
        let last = r.series.last().map_or(0, |p| p.t_end_us);
        prop_assert_eq!(last, r.end_time_us);
        prop_assert_eq!(r.series.iter().map(|p| p.db_reads).sum::<u64>(), r.db_reads);
        prop_assert_eq!(r.series.iter().map(|p| p.reads).sum::<u64>(), r.reads);
    }

    /// With coalescing (or read-through's single-flight) no two client DB
    /// reads of one key are in flight at once: each read that misses while
    /// one is under way waits for it.
    #[test]
    fn coalescing_keeps_one_db_read_per_key(mut s in arb_scenario()) {
        s.cache.coalesce = true;
        if s.paths().0 == ReadPath::NoCache {
            s.read_path = Some(ReadPath::CacheAside);
        }
        if let Some(ReadPath::ReadThrough { .. }) = s.read_path {
            s.read_path = Some(ReadPath::ReadThrough { single_flight: true });
            // A crash takes the cache's knowledge of its loads with it: a
            // load from before it may still hold a DB connection.
            s.events.retain(|e| !matches!(e.kind, EventKind::CacheCrash { .. }));
        }
        let r = run(&s);
        let mut loads: Vec<(u64, u64, u64)> = Vec::new();
        for t in r.log.iter().filter(|t| t.op == Op::Read) {
            let mut hops = t.hops.iter().peekable();
            while let Some(h) = hops.next() {
                if h.to == Node::Db && matches!(h.kind, HopKind::Read | HopKind::Load) {
                    let back = hops.peek().map_or(h.arrive_us, |b| b.arrive_us);
                    loads.push((t.key, h.depart_us, back));
                }
            }
        }
        loads.sort_unstable();
        for w in loads.windows(2) {
            let ((k1, _, end1), (k2, start2, _)) = (w[0], w[1]);
            prop_assert!(k1 != k2 || start2 >= end1, "key {} loads overlap: {:?}", k1, w);
        }
    }

    /// Stale-while-revalidate serves an expired value only inside its
    /// window: never one stored longer ago than the entry's TTL (at most
    /// TTL × (1 + jitter)) plus the grace.
    #[test]
    fn a_grace_read_is_never_older_than_ttl_plus_grace(mut s in arb_scenario(), grace in 1..30_000u64) {
        let ttl = s.cache.ttl_us.unwrap_or(5_000);
        s.cache.ttl_us = Some(ttl);
        s.cache.stale_grace_us = grace;
        let r = run(&s);
        let bound = (ttl as f64 * (1.0 + s.cache.ttl_jitter)).ceil() as u64 + grace;
        prop_assert!(r.grace_age_max_us < bound, "{} ≥ {}", r.grace_age_max_us, bound);
        // A grace read is a hit: none on a path without a cache.
        if s.paths().0 == ReadPath::NoCache {
            prop_assert_eq!(r.grace_reads, 0);
        }
    }

    /// Same scenario, same seed: the same report, byte for byte.
    #[test]
    fn same_seed_same_report(s in arb_scenario()) {
        let a = serde_json::to_string(&run(&s)).unwrap();
        let b = serde_json::to_string(&run(&s)).unwrap();
        prop_assert_eq!(a, b);
    }

    /// Write-through never returns a value older than what the DB had
    /// committed when the read began, for writes that go through the app.
    /// (Excluded: admin writes, which bypass the app by definition; and
    /// anything that removes entries — eviction, TTL, crash, flush, expiry —
    /// because then a read that loaded an old value *before* a write may fill
    /// it *after*: a real race, which the engine shows, not a property.)
    #[test]
    fn write_through_has_no_stale_reads(
        s in arb_scenario(),
        read_through in any::<bool>(),
        slow in proptest::collection::vec((0..100_000u64, 1.0..10.0f64, 0..50_000u64), 0..3),
    ) {
        let s = Scenario {
            read_path: Some(if read_through { ReadPath::ReadThrough { single_flight: true } } else { ReadPath::CacheAside }),
            write_path: Some(WritePath::WriteThrough),
            cache: CacheConfig { capacity: 50, ttl_us: None, ..s.cache.clone() },
            events: slow.into_iter().map(|(at_us, factor, for_us)| ScheduledEvent { at_us, kind: EventKind::DbSlow { factor, for_us } }).collect(),
            ..s
        };
        let r = run(&s);
        prop_assert_eq!(r.evictions, 0);
        prop_assert_eq!(r.stale_reads, 0);
    }

    /// Without a cache every read is answered by the DB with what it holds,
    /// so nothing is ever stale, whatever the writes and events do (the
    /// no-cache baseline of every comparison reads 0).
    #[test]
    fn no_cache_is_never_stale(s in arb_scenario()) {
        let s = Scenario {
            read_path: Some(ReadPath::NoCache),
            write_path: Some(WritePath::NoCache),
            ..s
        };
        let r = run(&s);
        prop_assert_eq!(r.stale_reads, 0);
        prop_assert_eq!(r.stale_age_max_us, 0);
    }

    /// Write-back loses exactly the acknowledged, uncommitted writes present
    /// at each crash, and nothing else.
    #[test]
    fn write_back_loses_exactly_the_dirty_at_crash(s in arb_scenario(), interval in 100..20_000u64, batch in 1..10u32) {
        let s = Scenario {
            write_path: Some(WritePath::WriteBack { flush_interval_us: interval, batch_max: batch }),
            ..s
        };
        let mut sim = Simulation::new(&s);
        let mut expected_lost = 0;
        loop {
            let dirty_before = sim.counters().dirty;
            let Some(step) = sim.step() else { break };
            if let StepKind::Event { event: EventKind::CacheCrash { .. } } = step.kind {
                expected_lost += dirty_before;
                prop_assert_eq!(sim.counters().dirty, 0);
            }
            prop_assert_eq!(sim.counters().lost_writes, expected_lost);
        }
        let r = sim.report();
        prop_assert_eq!(r.lost_writes, expected_lost);
        let crashed = r.events.iter().any(|e| matches!(e.kind, EventKind::CacheCrash { .. }));
        if !crashed {
            prop_assert_eq!(r.lost_writes, 0);
        }
    }

    /// Write-around (and the cache-aside write, DB then invalidate) never
    /// puts a written value into the cache: no write or import trace carries
    /// a SET, every fill comes from a read miss, and the imported keys never
    /// appear in the cache.
    #[test]
    fn write_around_never_fills_on_write(s in arb_scenario(), invalidate in any::<bool>(), classic in any::<bool>()) {
        let s = Scenario {
            read_path: Some(ReadPath::CacheAside),
            write_path: Some(if classic { WritePath::DbThenInvalidate } else { WritePath::WriteAround { invalidate } }),
            ..s
        };
        let r = run(&s);
        for t in r.log.iter().filter(|t| matches!(t.op, Op::Write | Op::Import)) {
            prop_assert!(t.hops.iter().all(|h| h.kind != HopKind::Set && h.kind != HopKind::Fill));
        }
        // A background reload can fill too (its entry was evicted meanwhile).
        prop_assert!(r.fills <= r.misses + r.refreshes);
        let mut sim = Simulation::new(&s);
        while sim.step().is_some() {
            prop_assert!(sim.cache_contents().iter().all(|e| e.key < s.workload.key_space));
        }
    }

    /// A snapshot (clone) taken mid-run finishes exactly like the original.
    #[test]
    fn snapshot_restores_exactly(s in arb_scenario(), at in 0..50_000u64) {
        let mut sim = Simulation::new(&s);
        sim.run_until(at);
        let snap = sim.clone();
        let a = serde_json::to_string(&sim.finish()).unwrap();
        let b = serde_json::to_string(&snap.finish()).unwrap();
        prop_assert_eq!(a, b);
    }
}
