//! Times `cachescope_sim::compare` (the no-cache baseline and the five
//! strategies, exactly what the Compare view runs) on one scenario, natively,
//! so `./x bench` can put the browser's figure next to it. A benchmark, not a
//! test: it asserts nothing about time.
//!
//! ```text
//! cargo run --profile native --example compare_speed -p cachescope-sim -- \
//!     [--scenario FILE.json | --preset ID] [--requests N] [--runs R] [--write-scenario OUT.json]
//! ```
//!
//! `--preset` (default: the Compare view's default preset) or `--scenario`
//! picks the scenario; `--requests` overrides its request count, the way the
//! page's "Requests" knob does. `--write-scenario` saves the exact scenario
//! timed (pretty JSON, the format of `tests/fixtures/*.scenario.json`), so the
//! figure can be reproduced and compared with the browser's. It runs the
//! comparison `--runs` times (default 3) and prints one JSON object on stdout:
//! `{"requests", "lanes", "runs_ms", "best_ms", "requests_per_sec"}`, where
//! the rate counts every lane's requests and uses the best (fastest) run,
//! the one least disturbed by other work on a shared machine.
//!
//! Bad arguments or a bad scenario exit with code 2 and a one-line message.

#![forbid(unsafe_code)]

use std::process::ExitCode;
use std::time::Instant;

use cachescope_sim::{compare, Preset, PresetId, Scenario, COMPARE_LANES};

/// What the command line asked for.
struct Args {
    scenario: Scenario,
    runs: u32,
    write_scenario: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut scenario: Option<Scenario> = None;
    let mut requests: Option<u64> = None;
    let mut runs = 3u32;
    let mut write_scenario = None;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--scenario" => {
                if scenario.is_some() {
                    return Err("give one of --scenario and --preset".into());
                }
                let path = value()?;
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {path}: {e}"))?;
                scenario = Some(Scenario::from_json(&text).map_err(|e| format!("{path}: {e}"))?);
            }
            "--preset" => {
                if scenario.is_some() {
                    return Err("give one of --scenario and --preset".into());
                }
                let id: PresetId = value()?
                    .parse()
                    .map_err(|e| format!("--preset: {e}"))?;
                scenario = Some(Preset::get(id).scenario);
            }
            "--requests" => {
                let v = value()?;
                requests = Some(
                    v.parse()
                        .map_err(|_| format!("--requests: “{v}” is not a whole number"))?,
                );
            }
            "--runs" => {
                let v = value()?;
                runs = v
                    .parse()
                    .ok()
                    .filter(|r| (1..=100).contains(r))
                    .ok_or_else(|| format!("--runs: “{v}” is not a whole number from 1 to 100"))?;
            }
            "--write-scenario" => write_scenario = Some(value()?),
            "-h" | "--help" => {
                return Err(
                    "usage: compare_speed [--scenario FILE.json | --preset ID] [--requests N] [--runs R] [--write-scenario OUT.json]"
                        .into(),
                )
            }
            other => return Err(format!("unknown argument “{other}” (try --help)")),
        }
    }
    let mut scenario = scenario.unwrap_or_else(|| Preset::get(PresetId::DEFAULT).scenario);
    if let Some(n) = requests {
        scenario.requests = n;
    }
    // The same check the page makes before it simulates.
    scenario.validate().map_err(|e| e.to_string())?;
    Ok(Args {
        scenario,
        runs,
        write_scenario,
    })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("compare_speed: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(path) = &args.write_scenario {
        let json = match serde_json::to_string_pretty(&args.scenario) {
            Ok(j) => j + "\n",
            Err(e) => {
                eprintln!("compare_speed: cannot serialise the scenario: {e}");
                return ExitCode::FAILURE;
            }
        };
        if let Err(e) = std::fs::write(path, json) {
            eprintln!("compare_speed: cannot write {path}: {e}");
            return ExitCode::FAILURE;
        }
    }
    let mut runs_ms = Vec::with_capacity(args.runs as usize);
    for _ in 0..args.runs {
        let t = Instant::now();
        let report = compare(&args.scenario);
        runs_ms.push(t.elapsed().as_secs_f64() * 1e3);
        // Keeps the optimiser from discarding the work.
        std::hint::black_box(&report);
    }
    let best_ms = runs_ms.iter().copied().fold(f64::INFINITY, f64::min);
    let total = args.scenario.requests * COMPARE_LANES;
    let rate = total as f64 / (best_ms / 1e3);
    let runs: Vec<String> = runs_ms.iter().map(|ms| format!("{ms:.1}")).collect();
    println!(
        "{{\"requests\":{},\"lanes\":{},\"runs_ms\":[{}],\"best_ms\":{best_ms:.1},\"requests_per_sec\":{rate:.0}}}",
        args.scenario.requests,
        COMPARE_LANES,
        runs.join(",")
    );
    ExitCode::SUCCESS
}
