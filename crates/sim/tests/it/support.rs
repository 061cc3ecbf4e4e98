//! Shared helpers: small hand-checkable scenarios and compact summaries.

use cachescope_sim::{
    Arrivals, CacheConfig, DbConfig, LaneReport, Latency, Op, Outcome, Popularity, Scenario,
    Workload,
};

/// Constant latencies (cache 100 µs, DB read 1 000 µs, DB write 2 000 µs),
/// one closed-loop client with no think time (requests strictly one after
/// another), uniform keys: every number is checkable by hand.
pub fn hand_scenario(requests: u64, key_space: u64, capacity: u32, read_ratio: f64) -> Scenario {
    Scenario {
        seed: 1,
        requests,
        workload: Workload {
            key_space,
            popularity: Popularity::Uniform,
            read_ratio,
            phases: vec![],
        },
        arrivals: Arrivals::Closed {
            clients: 1,
            think_time_us: 0,
        },
        cache: CacheConfig {
            capacity,
            latency: Latency::Constant { us: 100 },
            ..CacheConfig::default()
        },
        db: DbConfig {
            connections: 1,
            read_latency: Latency::Constant { us: 1_000 },
            write_latency: Latency::Constant { us: 2_000 },
        },
        log_limit: 1_000,
        ..Scenario::default()
    }
}

/// One line per traced operation (`R k1 v0 miss 1200`: read of key 1 that
/// returned version 0, a miss, 1 200 µs) and one line of totals.
pub fn summary(r: &LaneReport) -> String {
    let mut out = String::new();
    for t in &r.log {
        let op = match t.op {
            Op::Read => "R",
            Op::Write => "W",
            Op::Import => "I",
            Op::Admin => "A",
            Op::Flush => "F",
        };
        let outcome = match t.outcome {
            Outcome::Pending => "pending",
            Outcome::Hit => "hit",
            Outcome::Miss => "miss",
            Outcome::Failed => "failed",
            Outcome::Ack => "ack",
            Outcome::Committed => "committed",
            Outcome::Lost => "lost",
        };
        let took = t
            .done_at_us
            .map_or("-".to_string(), |d| (d - t.issued_at_us).to_string());
        out.push_str(&format!(
            "{op} k{} v{} {outcome}{} {took}\n",
            t.key,
            t.version,
            if t.stale { " STALE" } else { "" }
        ));
    }
    out.push_str(&format!(
        "reads {} writes {} hits {} misses {} db_reads {} db_writes {} fills {} evictions {} pollution {} stale {} lost {} dirty_end {} end {}\n",
        r.reads,
        r.writes,
        r.hits,
        r.misses,
        r.db_reads,
        r.db_writes,
        r.fills,
        r.evictions,
        r.pollution,
        r.stale_reads,
        r.lost_writes,
        r.dirty_at_end,
        r.end_time_us
    ));
    out
}
