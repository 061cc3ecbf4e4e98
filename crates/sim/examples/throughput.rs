//! Measures full-simulation throughput: client requests simulated per second
//! of wall time, per lane, on a 1 M-request Zipf(1.0) workload (native, no
//! events). Run with `cargo run --profile native --example throughput -p cachescope-sim`.
//! A benchmark, not a test: it asserts nothing about time.

use std::time::Instant;

use cachescope_sim::{compare, run, Scenario, StrategyId};

fn main() {
    let requests: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let base = Scenario {
        requests,
        log_limit: 0,
        ..Scenario::default()
    };
    for id in StrategyId::ALL {
        let s = Scenario {
            strategy: id,
            ..base.clone()
        };
        let t = Instant::now();
        let r = run(&s);
        let secs = t.elapsed().as_secs_f64();
        println!(
            "{:<14} {:>10.0} requests/s  ({} requests in {:.3} s; hit ratio {:.3}, read p99 {} µs, write p99 {} µs)",
            id.as_str(),
            r.requests as f64 / secs,
            r.requests,
            secs,
            r.hit_ratio,
            r.read_latency.p99_us,
            r.write_latency.p99_us
        );
    }
    let t = Instant::now();
    let c = compare(&base);
    let secs = t.elapsed().as_secs_f64();
    let lanes = c.lanes.len() as f64 + 1.0;
    println!(
        "compare (6 lanes) {:.3} s = {:.0} requests/s per lane",
        secs,
        requests as f64 * lanes / secs
    );
}
