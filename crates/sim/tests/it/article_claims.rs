//! Each claim of the source article, in a scenario built to show it.

use cachescope_sim::{
    compare, run, Arrivals, EventKind, LaneReport, Latency, Op, Outcome, Popularity, ReadPath,
    RequestTrace, Scenario, ScheduledEvent, StrategyId, Workload, WritePath,
};

use crate::support::hand_scenario;

fn reads(r: &LaneReport) -> Vec<&RequestTrace> {
    r.log.iter().filter(|t| t.op == Op::Read).collect()
}

fn took(t: &RequestTrace) -> u64 {
    t.done_at_us.expect("finished") - t.issued_at_us
}

fn at(at_us: u64, kind: EventKind) -> ScheduledEvent {
    ScheduledEvent { at_us, kind }
}

/// "The first request for a key is slow (cold cache)": on a cold cache the
/// first read of a key misses and takes longer than the next read of it,
/// which hits.
#[test]
fn cold_cache_first_read_misses_and_is_slower() {
    for id in [StrategyId::CacheAside, StrategyId::ReadThrough] {
        let s = Scenario {
            strategy: id,
            ..hand_scenario(2, 1, 10, 1.0)
        };
        let r = run(&s);
        let rs = reads(&r);
        assert_eq!(rs[0].outcome, Outcome::Miss, "{id}");
        assert_eq!(rs[1].outcome, Outcome::Hit, "{id}");
        assert!(took(rs[0]) > took(rs[1]), "{id}");
    }
}

/// "If the DB is updated outside your code path, the cache can serve stale
/// data until TTL expires": one hot key read every millisecond; an admin
/// write at 20 ms; TTL 50 ms from the fill at the first read. Reads after the
/// admin write return the old version (stale) until the entry expires, then
/// the new one.
#[test]
fn cache_aside_serves_stale_after_out_of_band_write_until_ttl() {
    let mut s = hand_scenario(100, 1, 10, 1.0);
    s.arrivals = Arrivals::Closed {
        clients: 1,
        think_time_us: 1_000,
    };
    s.cache.ttl_us = Some(50_000);
    s.events = vec![at(20_000, EventKind::AdminWrite { key: Some(0) })];
    let r = run(&s);
    let admin_done = r
        .log
        .iter()
        .find(|t| t.op == Op::Admin)
        .and_then(|t| t.done_at_us)
        .expect("admin write committed");
    let fill_at = reads(&r)[0].done_at_us.expect("first read done");
    let expiry = fill_at + 50_000;
    assert!(r.stale_reads > 5, "{}", r.stale_reads);
    for t in reads(&r) {
        let issued = t.issued_at_us;
        if issued > admin_done + 200 && issued + 100 < expiry {
            assert!(
                t.stale && t.version == 0,
                "read at {issued} should be stale"
            );
        }
        if issued > expiry {
            assert!(
                !t.stale && t.version == 1,
                "read at {issued} should be fresh"
            );
        }
    }
    assert!(r.stale_age_max_us >= 20_000, "{}", r.stale_age_max_us);
    // Read-through and write-through have the same blind spot for writes
    // that bypass the cache; a TTL is what ends it in all of them.
    for id in [StrategyId::ReadThrough, StrategyId::WriteThrough] {
        let other = run(&Scenario {
            strategy: id,
            ..s.clone()
        });
        assert!(other.stale_reads > 5, "{id}");
        assert!(reads(&other).last().is_some_and(|t| !t.stale), "{id}");
    }
}

/// "If the cache dies, the app can still read from the DB (just slower)":
/// while the cache is down, cache-aside reads all succeed, as misses, slower
/// than hits; read-through reads fail (no fallback).
#[test]
fn cache_aside_keeps_serving_slower_while_cache_is_down() {
    let mut s = hand_scenario(200, 5, 10, 1.0);
    s.events = vec![at(
        10_000,
        EventKind::CacheCrash {
            down_for_us: 50_000,
        },
    )];
    let ca = run(&s);
    assert_eq!(ca.failed_reads, 0);
    let during: Vec<_> = reads(&ca)
        .into_iter()
        .filter(|t| t.issued_at_us >= 10_000 && t.issued_at_us < 60_000)
        .collect();
    assert!(during.len() > 20);
    assert!(during.iter().all(|t| t.outcome == Outcome::Miss));
    assert!(during.iter().all(|t| took(t) >= 1_100));
    assert!(ca.read_latency.p50_us < 1_100, "most reads still hit");

    let rt = run(&Scenario {
        strategy: StrategyId::ReadThrough,
        ..s
    });
    assert!(rt.failed_reads > 20, "{}", rt.failed_reads);
}

/// "Write-back gives the fastest writes but carries the most risk;
/// write-through is safest but slower": on the default workload, write-back
/// acknowledges writes an order of magnitude faster than write-through, and
/// a crash loses write-back's unflushed writes but none of write-through's.
#[test]
fn write_back_acks_faster_and_loses_unflushed_writes_on_crash() {
    let s = Scenario {
        requests: 5_000,
        workload: Workload {
            read_ratio: 0.5,
            ..Workload::default()
        },
        events: vec![at(
            2_500_000,
            EventKind::CacheCrash {
                down_for_us: 100_000,
            },
        )],
        ..Scenario::default()
    };
    let c = compare(&s);
    let lane = |id: StrategyId| &c.lanes[StrategyId::ALL.iter().position(|&x| x == id).unwrap()];
    let wb = lane(StrategyId::WriteBack);
    let wt = lane(StrategyId::WriteThrough);
    assert!(
        wb.write_latency.p50_us * 10 < wt.write_latency.p50_us,
        "{} vs {}",
        wb.write_latency.p50_us,
        wt.write_latency.p50_us
    );
    assert!(wb.lost_writes > 0);
    assert_eq!(wt.lost_writes, 0);
    // Fewer DB writes too: batching and coalescing.
    assert!(
        wb.db_writes < wt.db_writes / 2,
        "{} vs {}",
        wb.db_writes,
        wt.db_writes
    );
}

/// "If the DB is slow, your API write latency is also slow": a 5× DB slow-down
/// raises write-through's write p50 and leaves write-back's alone.
#[test]
fn slow_db_slows_write_through_not_write_back() {
    let base = Scenario {
        requests: 3_000,
        ..Scenario::default()
    };
    let slow = Scenario {
        events: vec![at(
            0,
            EventKind::DbSlow {
                factor: 5.0,
                for_us: 100_000_000,
            },
        )],
        ..base.clone()
    };
    let p50 = |s: &Scenario, id: StrategyId| {
        run(&Scenario {
            strategy: id,
            ..s.clone()
        })
        .write_latency
        .p50_us
    };
    assert!(p50(&slow, StrategyId::WriteThrough) > 3 * p50(&base, StrategyId::WriteThrough));
    // Not bit-equal: the slow DB reorders events, so latency samples are drawn
    // in another order; but write-back's ack never waits for the DB.
    let (wb_slow, wb_base) = (
        p50(&slow, StrategyId::WriteBack),
        p50(&base, StrategyId::WriteBack),
    );
    assert!(wb_slow < wb_base * 3 / 2, "{wb_slow} vs {wb_base}");
}

/// "The first read after a write is always a cache miss" with write-around;
/// with write-through the same read hits.
#[test]
fn write_around_first_read_after_write_misses() {
    // One key, write then read, repeatedly (read ratio 0.5 on one key gives
    // many write→read pairs).
    let s = hand_scenario(60, 1, 10, 0.5);
    let check = |id: StrategyId, want: Outcome| {
        let r = run(&Scenario {
            strategy: id,
            ..s.clone()
        });
        let mut pairs = 0;
        for w in r.log.windows(2) {
            if w[0].op == Op::Write && w[1].op == Op::Read {
                assert_eq!(w[1].outcome, want, "{id}");
                pairs += 1;
            }
        }
        assert!(pairs > 5);
    };
    check(StrategyId::WriteAround, Outcome::Miss);
    check(StrategyId::WriteThrough, Outcome::Hit);
}

/// "Prevents polluting the cache with data that is written but rarely read":
/// a bulk import of 5 000 new keys into a cache that holds the whole hot set
/// evicts it under write-through (pollution, hit ratio falls) and leaves it
/// alone under write-around.
#[test]
fn bulk_import_does_not_pollute_a_write_around_cache() {
    let s = Scenario {
        requests: 20_000,
        workload: Workload {
            key_space: 500,
            popularity: Popularity::Zipf { alpha: 1.0 },
            read_ratio: 1.0,
            phases: vec![],
        },
        cache: cachescope_sim::CacheConfig {
            capacity: 500,
            ..Default::default()
        },
        events: vec![at(5_000_000, EventKind::BulkImport { keys: 5_000 })],
        ..Scenario::default()
    };
    let wa = run(&Scenario {
        strategy: StrategyId::WriteAround,
        ..s.clone()
    });
    let wt = run(&Scenario {
        strategy: StrategyId::WriteThrough,
        ..s
    });
    assert_eq!(wa.pollution, 0);
    assert_eq!(wa.evictions, 0);
    assert!(wt.pollution >= 4_000, "{}", wt.pollution);
    assert!(wt.misses > wa.misses, "{} vs {}", wt.misses, wa.misses);
}

/// Hot-key expiry (thundering herd): without single-flight every concurrent
/// miss on the hot key reads the DB; with it, one read serves them all.
#[test]
fn single_flight_collapses_a_thundering_herd() {
    let s = Scenario {
        requests: 2_000,
        workload: Workload {
            key_space: 1,
            popularity: Popularity::Uniform,
            read_ratio: 1.0,
            phases: vec![],
        },
        arrivals: Arrivals::Open {
            rate_per_sec: 50_000.0,
        },
        db: cachescope_sim::DbConfig {
            read_latency: Latency::Constant { us: 5_000 },
            ..Default::default()
        },
        events: vec![at(20_000, EventKind::ExpireHot { key: None })],
        ..Scenario::default()
    };
    let lane = |single_flight| {
        run(&Scenario {
            read_path: Some(ReadPath::ReadThrough { single_flight }),
            write_path: Some(WritePath::WriteThrough),
            ..s.clone()
        })
    };
    let with = lane(true);
    let without = lane(false);
    // One load at the cold start, one after the expiry.
    assert_eq!(with.db_reads, 2);
    assert!(without.db_reads > 100, "{}", without.db_reads);
}
