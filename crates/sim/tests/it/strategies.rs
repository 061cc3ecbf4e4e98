//! Exact, pinned numbers for every strategy on small hand-checkable
//! scenarios. `UPDATE_EXPECT=1 cargo test` rewrites the expectations; review
//! the diff by hand against the derivations in the comments.
//!
//! The scenario (see `support::hand_scenario`): 10 requests from one client,
//! back to back; 3 keys, uniform; 70 % reads; capacity 2, LRU; cache ops
//! 100 µs (state changes at 50 µs), DB reads 1 000 µs, DB writes 2 000 µs, one
//! DB connection. The workload stream is the same in every lane, so all five
//! see the same ten operations: W0 R0 W1 W2 W0 R2 R2 R2 R1 R1.
//!
//! Per-request latencies, by path:
//! - cache-aside read: hit = 100; miss = GET 100 + DB 1 000 + fill SET 100 = 1 200.
//! - read-through read: miss = 50 to the cache + loader's DB read 1 000 + 50 back = 1 100.
//! - DB-then-invalidate write: DB 2 000 + DEL 100 = 2 100.
//! - write-through write: SET 100 + DB 2 000 = 2 100.
//! - write-back write: SET 100 (ack at once).
//! - write-around write: DB 2 000 (the DEL is not waited for).

use cachescope_sim::{run, Scenario, StrategyId};
use expect_test::{expect, Expect};

use crate::support::{hand_scenario, summary};

fn check(id: StrategyId, expect: Expect) {
    let s = Scenario {
        strategy: id,
        ..hand_scenario(10, 3, 2, 0.7)
    };
    expect.assert_eq(&summary(&run(&s)));
}

/// Cache-aside: writes drop the copy, so only reads fill. Cache after each
/// step: R0 fills {0}; W0(v2) deletes 0 → {}; R2 miss fills {2}; R1 miss fills
/// {2, 1}: never full, no eviction. End = 4 × 2 100 + 3 × 1 200 + 3 × 100 = 12 300.
#[test]
fn cache_aside() {
    check(
        StrategyId::CacheAside,
        expect![[r#"
            R k0 v0 miss 1200
            R k0 v0 hit 100
            R k1 v0 miss 1200
            R k1 v0 hit 100
            R k2 v0 miss 1200
            W k2 v1 ack 2100
            W k2 v2 ack 2100
            R k0 v0 miss 1200
            W k2 v3 ack 2100
            W k1 v1 ack 2100
            reads 6 writes 4 hits 2 misses 4 db_reads 4 db_writes 4 fills 4 evictions 1 pollution 0 stale 0 lost 0 dirty_end 0 end 13400
        "#]],
    );
}

/// Read-through = read-through reads + write-through writes. Writes fill:
/// W0 {0}; R0 hit (0 most recent); W1 {0, 1}; W2 evicts 0 (LRU, it was hit:
/// not pollution) → {1, 2}; W0 v2 evicts 1 (never hit: pollution) → {2, 0};
/// R2 ×3 hit; R1 miss, loader fills 1 and evicts 0 (v2, never hit:
/// pollution) → {2, 1}; R1 hit. Fills 5, evictions 3, pollution 2.
/// End = 4 × 2 100 + 5 × 100 + 1 100 = 10 000.
#[test]
fn read_through() {
    check(
        StrategyId::ReadThrough,
        expect![[r#"
            R k0 v0 miss 1100
            R k0 v0 hit 100
            R k1 v0 miss 1100
            R k1 v0 hit 100
            R k2 v0 miss 1100
            W k2 v1 ack 2100
            W k2 v2 ack 2100
            R k0 v0 miss 1100
            W k2 v3 ack 2100
            W k1 v1 ack 2100
            reads 6 writes 4 hits 2 misses 4 db_reads 4 db_writes 4 fills 5 evictions 3 pollution 1 stale 0 lost 0 dirty_end 0 end 13000
        "#]],
    );
}

#[test]
fn write_through() {
    check(
        StrategyId::WriteThrough,
        expect![[r#"
            R k0 v0 miss 1200
            R k0 v0 hit 100
            R k1 v0 miss 1200
            R k1 v0 hit 100
            R k2 v0 miss 1200
            W k2 v1 ack 2100
            W k2 v2 ack 2100
            R k0 v0 miss 1200
            W k2 v3 ack 2100
            W k1 v1 ack 2100
            reads 6 writes 4 hits 2 misses 4 db_reads 4 db_writes 4 fills 5 evictions 3 pollution 1 stale 0 lost 0 dirty_end 0 end 13400
        "#]],
    );
}

/// Write-back: the 100 ms flusher never runs in this 5.5 ms run; evicting a
/// dirty entry writes it first (one DB connection, 2 000 µs each):
/// W2's SET at 350 evicts dirty 0 → flush F0 runs 350–2 350;
/// W0 v2's SET at 450 evicts dirty 1 → F1 queues behind it, 2 350–4 350
/// (3 900 after it was sent); R1 at 800 misses (GET 800–900), its DB read
/// queues behind F1: 4 350–5 350, the fill lands at 5 400 and evicts dirty 0
/// (v2) → F0 v2 sent, still pending at the end; R1 returns at 5 450 (4 650 µs)
/// and the last read hits (5 550). Dirty at end: key 2's write (never
/// flushed) + F0 v2 in flight = 2.
#[test]
fn write_back() {
    check(
        StrategyId::WriteBack,
        expect![[r#"
            R k0 v0 miss 1200
            R k0 v0 hit 100
            R k1 v0 miss 1200
            R k1 v0 hit 100
            R k2 v0 miss 1200
            W k2 v1 ack 100
            W k2 v2 ack 100
            R k0 v0 miss 1200
            W k2 v3 ack 100
            W k1 v1 ack 100
            reads 6 writes 4 hits 2 misses 4 db_reads 4 db_writes 0 fills 5 evictions 3 pollution 1 stale 0 lost 0 dirty_end 4 end 5400
        "#]],
    );
}

#[test]
fn write_around() {
    check(
        StrategyId::WriteAround,
        expect![[r#"
            R k0 v0 miss 1200
            R k0 v0 hit 100
            R k1 v0 miss 1200
            R k1 v0 hit 100
            R k2 v0 miss 1200
            W k2 v1 ack 2000
            W k2 v2 ack 2000
            R k0 v0 miss 1200
            W k2 v3 ack 2000
            W k1 v1 ack 2000
            reads 6 writes 4 hits 2 misses 4 db_reads 4 db_writes 4 fills 4 evictions 1 pollution 0 stale 0 lost 0 dirty_end 0 end 13000
        "#]],
    );
}
