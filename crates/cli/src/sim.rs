//! `cachescope run` and `cachescope compare`: the full simulation (app +
//! cache + database) from a scenario file and/or flags.
//!
//! Parse, then validate, then run: the scenario JSON is parsed as is, the
//! flags overwrite its fields, and only then does
//! [`Scenario::validate`] check the result, so a flag can fix a file and
//! every range error names the field the way the app and the JSON do.
//! `--json` output is exactly `serde_json::to_string_pretty` of the engine's
//! report: the browser shows the same numbers for the same scenario.

use std::io::Write;
use std::path::PathBuf;

use cachescope_sim::eviction::EvictionPolicy;
use std::sync::Arc;

use cachescope_sim::trace::TraceSummary;
use cachescope_sim::{
    compare, report_csv, run as run_lane, CompareRun, LaneReport, Popularity, Preset, PresetId,
    Scenario, ScenarioError, StrategyId,
};

use crate::error::CliError;
use crate::replay::{parse_format, parse_policy, read_trace, trace_format, FormatChoice};
use crate::table::{thousands, Table};

/// The scenario and the flags for its common knobs (shared by `run` and
/// `compare`).
#[derive(Debug, clap::Args)]
pub struct ScenarioArgs {
    /// Scenario JSON file (see the sim crate's `Scenario`, or the page's
    /// "Scenario JSON" download); without it or --preset, the default
    /// scenario. Flags below override its fields.
    #[arg(long, value_name = "FILE.json", conflicts_with = "preset")]
    pub scenario: Option<PathBuf>,

    /// Start from a Compare preset's scenario instead of a file: catalog,
    /// platform, wallet, counters, etl, admin-tool, cold-start, race or stampede.
    #[arg(long, value_name = "ID", value_parser = parse_preset)]
    pub preset: Option<PresetId>,

    /// Seed of every random stream.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Client requests to simulate.
    #[arg(long, value_name = "N")]
    pub requests: Option<u64>,

    /// Cache capacity in entries.
    #[arg(long, value_name = "N")]
    pub capacity: Option<u32>,

    /// Eviction policy: lru, lfu, fifo, sieve, s3fifo or arc.
    #[arg(long, value_name = "POLICY", value_parser = parse_policy)]
    pub eviction: Option<EvictionPolicy>,

    /// Fraction of requests that are reads, 0 to 1.
    #[arg(long, value_name = "R")]
    pub read_ratio: Option<f64>,

    /// Number of distinct keys.
    #[arg(long, value_name = "K")]
    pub key_space: Option<u64>,

    /// Zipf exponent of key popularity (sets the popularity to Zipf).
    #[arg(long, value_name = "A", allow_negative_numbers = true)]
    pub alpha: Option<f64>,

    /// Cache entry time-to-live in µs.
    #[arg(long, value_name = "US")]
    pub ttl_us: Option<u64>,
}

impl ScenarioArgs {
    /// Read the file (or take the default), apply the flags, validate.
    pub fn scenario(&self) -> Result<Scenario, CliError> {
        let (mut s, origin) = match &self.scenario {
            None => match self.preset {
                Some(id) => (Preset::get(id).scenario, format!("preset {}", id.as_str())),
                None => (Scenario::default(), "default scenario".to_string()),
            },
            Some(path) => {
                let shown = path.display().to_string();
                let text = std::fs::read_to_string(path)
                    .map_err(|e| CliError::input(format!("cannot read scenario {shown}: {e}")))?;
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                let raw: Scenario = serde_json::from_str(text).map_err(|e| {
                    CliError::input(format!("{shown}: {}", ScenarioError::from_serde(&e)))
                })?;
                (raw, shown)
            }
        };
        if let Some(v) = self.seed {
            s.seed = v;
        }
        if let Some(v) = self.requests {
            s.requests = v;
        }
        if let Some(v) = self.capacity {
            s.cache.capacity = v;
        }
        if let Some(v) = self.eviction {
            s.cache.eviction = v;
        }
        if let Some(v) = self.read_ratio {
            s.workload.read_ratio = v;
        }
        if let Some(v) = self.key_space {
            s.workload.key_space = v;
        }
        if let Some(alpha) = self.alpha {
            s.workload.popularity = Popularity::Zipf { alpha };
        }
        if let Some(v) = self.ttl_us {
            s.cache.ttl_us = Some(v);
        }
        s.validate()
            .map_err(|e| CliError::input(format!("{origin}: {e}")))?;
        Ok(s)
    }
}

/// Simulate one strategy (one lane) and print its report.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,

    /// Strategy: cache-aside, read-through, write-through, write-back or
    /// write-around. Replaces the scenario's strategy and drops any custom
    /// read/write path override in the file.
    #[arg(long, value_name = "ID", value_parser = parse_strategy)]
    pub strategy: Option<StrategyId>,

    /// Print the full report as JSON (series and hop log included).
    #[arg(long)]
    pub json: bool,
}

fn parse_preset(s: &str) -> Result<PresetId, String> {
    s.trim().parse::<PresetId>().map_err(|e| e.to_string())
}

fn parse_strategy(s: &str) -> Result<StrategyId, String> {
    s.trim().parse::<StrategyId>().map_err(|_| {
        let ids: Vec<&str> = StrategyId::ALL.iter().map(|id| id.as_str()).collect();
        format!(
            "unknown strategy {s:?}; expected one of: {}",
            ids.join(", ")
        )
    })
}

/// Output of `compare`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CompareFormat {
    /// A readable table, one lane per row.
    Table,
    /// Comma-separated values, one lane per row, every metric as a raw
    /// number (µs, ratios); the same layout as the page's "Report CSV".
    Csv,
    /// The full comparison report (`serde_json::to_string_pretty`).
    Json,
}

/// Simulate the no-cache baseline and all five strategies on the same
/// workload and print them side by side.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CompareFormat::Table)]
    pub format: CompareFormat,

    /// Replay this trace's requests (keys and reads/writes, in order) in
    /// every lane instead of drawing them; the scenario still sets the
    /// arrival times, the cache, the database and the events. Deletes are
    /// replayed as writes. The page's "Your trace" does the same.
    #[arg(long, value_name = "FILE")]
    pub trace: Option<PathBuf>,

    /// The trace's format: auto (csv for .csv and .txt, else
    /// oracle-general), csv or oracle-general.
    #[arg(long, value_name = "FORMAT", default_value = "auto", value_parser = parse_format, requires = "trace")]
    pub trace_format: FormatChoice,
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value).map_err(|e| CliError::Output(std::io::Error::other(e)))
}

pub fn run(args: &RunArgs) -> Result<(), CliError> {
    let mut scenario = args.scenario.scenario()?;
    if let Some(id) = args.strategy {
        scenario.strategy = id;
        scenario.read_path = None;
        scenario.write_path = None;
    }
    let report = run_lane(&scenario);
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", json(&report)?)?;
    } else {
        write!(out, "{}", render_lane(&scenario, &report))?;
    }
    Ok(())
}

pub fn compare_cmd(args: &CompareArgs) -> Result<(), CliError> {
    let scenario = args.scenario.scenario()?;
    let report = match &args.trace {
        None => compare(&scenario),
        Some(path) => {
            let trace = read_trace(path, trace_format(args.trace_format, path))?;
            CompareRun::with_trace(&scenario, Arc::new(trace)).finish()
        }
    };
    let scenario = &report.scenario;
    let mut out = std::io::stdout().lock();
    match args.format {
        CompareFormat::Json => writeln!(out, "{}", json(&report)?)?,
        CompareFormat::Csv => write!(out, "{}", report_csv::compare_csv(&report))?,
        CompareFormat::Table => {
            match &report.trace {
                Some(t) => writeln!(out, "{}\n", describe_traced(scenario, t))?,
                None => writeln!(out, "{}\n", describe(scenario))?,
            }
            let mut t = Table::new(TABLE_COLUMNS.iter().map(|c| c.0));
            for lane in std::iter::once(&report.baseline).chain(&report.lanes) {
                t.row(TABLE_COLUMNS.iter().map(|c| (c.1)(lane)));
            }
            write!(out, "{}", t.render())?;
            writeln!(
                out,
                "\nlatencies in ms; stale = cache hits older than the DB's committed value; lost = acknowledged writes destroyed by a crash"
            )?;
        }
    }
    Ok(())
}

/// One line saying what was simulated.
fn describe(s: &Scenario) -> String {
    format!(
        "{} requests, {} keys, read ratio {}, cache {} entries ({}), seed {}",
        thousands(s.requests),
        thousands(s.workload.key_space),
        s.workload.read_ratio,
        thousands(u64::from(s.cache.capacity)),
        s.cache.eviction.label(),
        s.seed
    )
}

/// One line saying what was replayed.
fn describe_traced(s: &Scenario, t: &TraceSummary) -> String {
    format!(
        "trace: {} requests ({} reads, {} writes of which {} deletes), {} keys; cache {} entries ({}), seed {}",
        thousands(t.requests),
        thousands(t.reads),
        thousands(t.writes),
        thousands(t.deletes),
        thousands(t.distinct_keys),
        thousands(u64::from(s.cache.capacity)),
        s.cache.eviction.label(),
        s.seed
    )
}

/// µs as milliseconds with two decimals.
fn ms(us: u64) -> String {
    format!("{:.2}", us as f64 / 1000.0)
}

type Column = (&'static str, fn(&LaneReport) -> String);

/// Columns of the `compare` table (formatted for reading).
const TABLE_COLUMNS: [Column; 15] = [
    ("strategy", |l| l.label.clone()),
    ("hit ratio", |l| format!("{:.3}", l.hit_ratio)),
    ("read p50", |l| ms(l.read_latency.p50_us)),
    ("read p99", |l| ms(l.read_latency.p99_us)),
    ("write p50", |l| ms(l.write_latency.p50_us)),
    ("write p99", |l| ms(l.write_latency.p99_us)),
    ("db reads", |l| thousands(l.db_reads)),
    ("db writes", |l| thousands(l.db_writes)),
    ("db util", |l| format!("{:.1}%", l.db_utilisation * 100.0)),
    ("stale", |l| thousands(l.stale_reads)),
    ("lost", |l| thousands(l.lost_writes)),
    ("failed", |l| thousands(l.failed_reads + l.failed_writes)),
    ("pollution", |l| thousands(l.pollution)),
    ("late fills", |l| thousands(l.late_fills)),
    ("peak db r/s", |l| {
        thousands(l.db_read_peak_per_sec.round() as u64)
    }),
];

/// The one-lane report as a two-column table.
fn render_lane(s: &Scenario, l: &LaneReport) -> String {
    let lat = |x: &cachescope_sim::LatencySummary| {
        format!(
            "p50 {} / p95 {} / p99 {} / max {} ms (n = {})",
            ms(x.p50_us),
            ms(x.p95_us),
            ms(x.p99_us),
            ms(x.max_us),
            thousands(x.count)
        )
    };
    let rows: Vec<(&str, String)> = vec![
        ("scenario", describe(s)),
        ("strategy", l.label.clone()),
        (
            "paths",
            format!(
                "read {}, write {}",
                l.read_path.as_str(),
                l.write_path.as_str()
            ),
        ),
        ("requests", thousands(l.requests)),
        ("reads", thousands(l.reads)),
        ("writes", thousands(l.writes)),
        ("hits", thousands(l.hits)),
        ("misses", thousands(l.misses)),
        ("hit ratio", format!("{:.4}", l.hit_ratio)),
        ("read latency", lat(&l.read_latency)),
        ("write latency", lat(&l.write_latency)),
        ("db reads", thousands(l.db_reads)),
        ("db writes", thousands(l.db_writes)),
        (
            "db utilisation",
            format!("{:.1} %", l.db_utilisation * 100.0),
        ),
        (
            "stale reads",
            format!(
                "{} (max age {} ms, mean {} ms)",
                thousands(l.stale_reads),
                ms(l.stale_age_max_us),
                ms(l.stale_age_mean_us)
            ),
        ),
        ("lost writes", thousands(l.lost_writes)),
        ("failed reads", thousands(l.failed_reads)),
        ("failed writes", thousands(l.failed_writes)),
        (
            "dirty",
            format!(
                "max {}, at end {}",
                thousands(l.dirty_max),
                thousands(l.dirty_at_end)
            ),
        ),
        ("evictions", thousands(l.evictions)),
        ("expirations", thousands(l.expirations)),
        ("fills", thousands(l.fills)),
        ("late fills", thousands(l.late_fills)),
        (
            "coalesced",
            format!(
                "{} reads, mean wait {} ms",
                thousands(l.coalesced_reads),
                ms(l.coalesced_wait_mean_us)
            ),
        ),
        (
            "grace reads",
            format!(
                "{}, oldest {} ms",
                thousands(l.grace_reads),
                ms(l.grace_age_max_us)
            ),
        ),
        (
            "reloads",
            format!(
                "{} ({} early)",
                thousands(l.refreshes),
                thousands(l.early_refreshes)
            ),
        ),
        (
            "peak db reads",
            format!("{}/s", thousands(l.db_read_peak_per_sec.round() as u64)),
        ),
        ("pollution", thousands(l.pollution)),
        ("admin writes", thousands(l.admin_writes)),
        ("virtual time", format!("{} ms", ms(l.end_time_us))),
    ];
    rows.iter()
        .map(|(k, v)| format!("{k:<14}  {v}\n"))
        .collect()
}
