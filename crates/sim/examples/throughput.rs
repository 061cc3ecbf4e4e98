//! Measures full-simulation throughput: client requests simulated per second,
//! per lane, on the default workload (Zipf(1.0) over 10 000 keys, 90 % reads,
//! log-normal latencies, capacity 1 000) with 1 M requests, no events, no
//! trace log. A benchmark, not a test: it asserts nothing about time.
//!
//! `cargo run --profile native --example throughput -p cachescope-sim [-- REQUESTS [STRATEGY]]`
//!
//! It prints two rates: by wall time, and by this process's CPU time (from
//! `/proc/self/stat` on Linux), because on a shared 2-core machine other jobs
//! can take most of the wall time.

use std::time::Instant;

use cachescope_sim::{compare, run, Scenario, StrategyId};

/// User + system CPU seconds of this process, if `/proc` has them.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are the
    // 14th and 15th fields overall, in clock ticks (100 per second on Linux).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn measure<T>(f: impl FnOnce() -> T) -> (T, f64, Option<f64>) {
    let cpu0 = cpu_seconds();
    let t = Instant::now();
    let out = f();
    let wall = t.elapsed().as_secs_f64();
    let cpu = cpu0.zip(cpu_seconds()).map(|(a, b)| b - a);
    (out, wall, cpu)
}

fn rate(n: f64, secs: Option<f64>) -> String {
    match secs {
        Some(s) if s > 0.0 => format!("{:>10.0}", n / s),
        _ => format!("{:>10}", "n/a"),
    }
}

fn main() {
    let requests: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let only: Option<StrategyId> = std::env::args().nth(2).and_then(|a| a.parse().ok());
    let base = Scenario {
        requests,
        log_limit: 0,
        ..Scenario::default()
    };
    println!("lane            wall req/s   CPU req/s   (requests, hit ratio, read p99, write p99)");
    for id in StrategyId::ALL
        .into_iter()
        .filter(|id| only.is_none_or(|o| o == *id))
    {
        let s = Scenario {
            strategy: id,
            ..base.clone()
        };
        let (r, wall, cpu) = measure(|| run(&s));
        println!(
            "{:<14} {}  {}   ({}, {:.3}, {} µs, {} µs)",
            id.as_str(),
            rate(r.requests as f64, Some(wall)),
            rate(r.requests as f64, cpu),
            r.requests,
            r.hit_ratio,
            r.read_latency.p99_us,
            r.write_latency.p99_us
        );
    }
    if only.is_some() {
        return;
    }
    let (c, wall, cpu) = measure(|| compare(&base));
    let total = requests as f64 * (c.lanes.len() as f64 + 1.0);
    println!(
        "compare, per lane {}  {}   (6 lanes incl. the no-cache baseline)",
        rate(total, Some(wall)),
        rate(total, cpu)
    );
}
