//! `cachescope bench`: throughput of trace replay per eviction policy, of
//! a miss-ratio curve fed in the page's slice sizes, and of the full
//! simulation per strategy lane.
//!
//! Wall-clock timing (`std::time::Instant`) is right here: this is a
//! benchmark, never a test assertion. The trace is generated in memory
//! first, and its generation time is reported separately, so the replay
//! figures measure the cache alone, not parsing or I/O.

use std::hint::black_box;
use std::io::Write;
use std::num::NonZeroU32;
use std::time::{Duration, Instant};

use cachescope_sim::eviction::EvictionPolicy;
use cachescope_sim::replay::replay;
use cachescope_sim::trace::zipf_trace;
use cachescope_sim::{
    curve_capacities, limits, MrcRun, RecordedTrace, Scenario, Simulation, StrategyId, TraceOp,
    TraceRecord,
};

use crate::error::CliError;
use crate::replay::parse_capacity;
use crate::table::{thousands, Table};

/// Largest synthetic trace and key space: both live in memory (8 bytes per
/// request, 8 bytes per key for the Zipf table).
const MAX_REQUESTS: u64 = 200_000_000;
const MAX_KEYS: u64 = 50_000_000;

/// Measure replay throughput (requests/s) of every eviction policy on a
/// synthetic Zipf trace held in memory, then full-simulation throughput
/// (app + cache + DB, discrete events) per strategy lane.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Requests in the synthetic trace.
    #[arg(long, value_name = "N", default_value_t = 10_000_000)]
    pub requests: u64,

    /// Distinct keys the trace draws from.
    #[arg(long, value_name = "K", default_value_t = 100_000)]
    pub keys: u64,

    /// Cache capacity in objects.
    #[arg(long, value_name = "C", default_value = "1000", value_parser = parse_capacity)]
    pub capacity: NonZeroU32,

    /// Zipf exponent of key popularity (0 = uniform).
    #[arg(
        long,
        value_name = "A",
        default_value_t = 1.0,
        allow_negative_numbers = true
    )]
    pub alpha: f64,

    /// Seed of the trace generator.
    #[arg(long, value_name = "N", default_value_t = 42)]
    pub seed: u64,

    /// Timed repetitions per policy; the best is reported (least disturbed
    /// by other processes on the machine).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub runs: u32,

    /// Requests of the miss-ratio curve part (the first N of the trace,
    /// replayed by six policies at ten sizes); 0 skips that part.
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    pub curve_requests: u64,

    /// Client requests per lane for the full-simulation part (the default
    /// scenario scaled to this length); 0 skips that part.
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    pub sim_requests: u64,
}

fn validate(args: &BenchArgs) -> Result<(), CliError> {
    if args.requests == 0 || args.requests > MAX_REQUESTS {
        return Err(CliError::input(format!(
            "--requests {} is out of range; allowed 1..={MAX_REQUESTS}",
            args.requests
        )));
    }
    if args.keys == 0 || args.keys > MAX_KEYS {
        return Err(CliError::input(format!(
            "--keys {} is out of range; allowed 1..={MAX_KEYS}",
            args.keys
        )));
    }
    if !(args.alpha.is_finite() && (0.0..=10.0).contains(&args.alpha)) {
        return Err(CliError::input(format!(
            "--alpha {} is out of range; allowed 0..=10",
            args.alpha
        )));
    }
    if args.curve_requests > limits::MAX_REQUESTS {
        return Err(CliError::input(format!(
            "--curve-requests {} is out of range; allowed 0..={}",
            args.curve_requests,
            limits::MAX_REQUESTS
        )));
    }
    if args.sim_requests > limits::MAX_REQUESTS {
        return Err(CliError::input(format!(
            "--sim-requests {} is out of range; allowed 0..={}",
            args.sim_requests,
            limits::MAX_REQUESTS
        )));
    }
    if args.runs == 0 || args.runs > 100 {
        return Err(CliError::input(format!(
            "--runs {} is out of range; allowed 1..=100",
            args.runs
        )));
    }
    Ok(())
}

/// Requests per second, as a short human figure (`28.4 M`).
fn rate(requests: u64, d: Duration) -> String {
    let per_sec = requests as f64 / d.as_secs_f64().max(1e-9);
    if per_sec >= 1e6 {
        format!("{:.1} M", per_sec / 1e6)
    } else {
        format!("{:.0} k", per_sec / 1e3)
    }
}

pub fn run(args: &BenchArgs) -> Result<(), CliError> {
    validate(args)?;
    let mut out = std::io::stdout().lock();

    let t = Instant::now();
    let trace = zipf_trace(args.requests, args.keys, args.alpha, args.seed);
    let generated = t.elapsed();
    writeln!(
        out,
        "Trace replay (cache only), trace in memory: {} requests, Zipf(alpha = {}) over {} keys, seed {}",
        thousands(args.requests),
        args.alpha,
        thousands(args.keys),
        args.seed
    )?;
    writeln!(
        out,
        "trace generated in {:.3} s ({} requests/s); best of {} run(s) per policy\n",
        generated.as_secs_f64(),
        rate(args.requests, generated),
        args.runs
    )?;
    out.flush()?;

    let mut table = Table::new([
        "policy",
        "capacity",
        "hits",
        "miss ratio",
        "best time",
        "requests/s",
    ]);
    for policy in EvictionPolicy::ALL {
        let mut best = Duration::MAX;
        let mut first = None;
        for _ in 0..args.runs {
            let t = Instant::now();
            let stats = black_box(replay(
                black_box(&trace).iter().copied(),
                policy,
                args.capacity,
            ));
            best = best.min(t.elapsed());
            // Every run must give the same numbers; a difference would be a
            // determinism bug, worth failing loudly over.
            match first {
                None => first = Some(stats),
                Some(f) if f != stats => {
                    return Err(CliError::input(format!(
                        "{policy}: runs disagree: {f:?} vs {stats:?}"
                    )))
                }
                Some(_) => {}
            }
        }
        let stats = first.unwrap_or_else(|| replay([], policy, args.capacity));
        table.row([
            policy.label().to_string(),
            thousands(u64::from(args.capacity.get())),
            thousands(stats.hits),
            format!("{:.4}", stats.miss_ratio),
            format!("{:.3} s", best.as_secs_f64()),
            rate(stats.requests, best),
        ]);
    }
    write!(out, "{}", table.render())?;
    if args.curve_requests > 0 {
        let n = (args.curve_requests as usize).min(trace.len());
        bench_curve(&mut out, &trace[..n], args)?;
    }
    if args.sim_requests > 0 {
        bench_simulation(&mut out, args)?;
    }
    Ok(())
}

/// Cache accesses per call of the curve part: what one look at the clock
/// of the page's and the worker's slices feeds (`crates/worker`'s
/// `EVENTS_PER_CHECK` × `CURVE_ACCESSES_PER_UNIT`), so the figure is the
/// browser's pattern, not one uninterrupted replay per cache.
const CURVE_ACCESSES_PER_CALL: u64 = 8_192;

/// The "Your trace" miss-ratio curve of `keys`: every policy at
/// [`curve_capacities`], through [`MrcRun`] in the page's bite sizes.
fn bench_curve(out: &mut impl Write, keys: &[u64], args: &BenchArgs) -> Result<(), CliError> {
    let records = keys.iter().map(|&key| TraceRecord {
        timestamp: None,
        key,
        op: TraceOp::Read,
    });
    let trace = std::sync::Arc::new(
        RecordedTrace::from_records(records).map_err(|e| CliError::input(e.to_string()))?,
    );
    let capacities = curve_capacities(trace.distinct_keys());
    let caches = capacities.len() * EvictionPolicy::ALL.len();
    writeln!(
        out,
        "
Miss-ratio curve (Compare's \"Your trace\"): {} requests over {} distinct keys, {} caches ({} policies × {} sizes), fed {} accesses per call; best of {} run(s)\n",
        thousands(trace.len()),
        thousands(trace.distinct_keys()),
        caches,
        EvictionPolicy::ALL.len(),
        capacities.len(),
        thousands(CURVE_ACCESSES_PER_CALL),
        args.runs
    )?;
    out.flush()?;
    let mut best = Duration::MAX;
    let mut first = None;
    for _ in 0..args.runs {
        let t = Instant::now();
        let mut run = MrcRun::new(trace.clone(), capacities.clone());
        while !run.advance(CURVE_ACCESSES_PER_CALL) {}
        let curve = black_box(run.finish());
        best = best.min(t.elapsed());
        match &first {
            None => first = Some(curve),
            Some(f) if *f != curve => {
                return Err(CliError::input("curve runs disagree".to_string()))
            }
            Some(_) => {}
        }
    }
    let accesses = trace.len() * caches as u64;
    let mut table = Table::new(["caches", "accesses", "best time", "accesses/s"]);
    table.row([
        caches.to_string(),
        thousands(accesses),
        format!("{:.3} s", best.as_secs_f64()),
        rate(accesses, best),
    ]);
    write!(out, "{}", table.render())?;
    Ok(())
}

/// Each named strategy's lane on the default scenario with
/// `args.sim_requests` requests; requests/s counts client requests over the
/// wall time of a whole run (scenario setup, events, report and all), and
/// events/request is the engine's queued events per client request. The
/// median over the lanes is the figure the engine's speed is judged by.
fn bench_simulation(out: &mut impl Write, args: &BenchArgs) -> Result<(), CliError> {
    let mut scenario = Scenario {
        requests: args.sim_requests,
        ..Scenario::default()
    };
    scenario.validate().map_err(CliError::input)?;
    writeln!(
        out,
        "\nFull simulation (app + cache + DB), one lane at a time: default scenario, {} requests, seed {}; best of {} run(s)\n",
        thousands(scenario.requests),
        scenario.seed,
        args.runs
    )?;
    out.flush()?;
    let mut table = Table::new([
        "strategy",
        "hit ratio",
        "virtual time",
        "best time",
        "requests/s",
        "events/request",
    ]);
    let mut per_sec = Vec::new();
    for id in StrategyId::ALL {
        scenario.strategy = id;
        let mut best = Duration::MAX;
        let mut report = None;
        for _ in 0..args.runs {
            let t = Instant::now();
            let mut sim = Simulation::new(black_box(&scenario));
            sim.step_many(u64::MAX);
            let events = sim.events_processed();
            let r = black_box(sim.finish());
            best = best.min(t.elapsed());
            report = Some((r, events));
        }
        if let Some((r, events)) = report {
            per_sec.push(r.requests as f64 / best.as_secs_f64().max(1e-9));
            table.row([
                id.label().to_string(),
                format!("{:.4}", r.hit_ratio),
                format!("{:.1} s", r.end_time_us as f64 / 1e6),
                format!("{:.3} s", best.as_secs_f64()),
                rate(r.requests, best),
                format!("{:.2}", events as f64 / r.requests.max(1) as f64),
            ]);
        }
    }
    write!(out, "{}", table.render())?;
    per_sec.sort_by(f64::total_cmp);
    if let Some(&median) = per_sec.get(per_sec.len() / 2) {
        writeln!(
            out,
            "\nmedian over the {} lanes: {:.2} M requests/s",
            per_sec.len(),
            median / 1e6
        )?;
    }
    Ok(())
}
