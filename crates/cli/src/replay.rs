//! `cachescope replay`: a trace through eviction policies, cache alone: one
//! policy at one capacity, or a miss-ratio table over several of each (the
//! curve trace simulators draw).

use std::fs::File;
use std::io::{BufReader, Write};
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};

use cachescope_sim::eviction::EvictionPolicy;
use cachescope_sim::mrc::curve_capacities;
use cachescope_sim::replay::{replay, ReplayStats};
use cachescope_sim::trace::{
    decompress_hint, CsvReader, OracleGeneralReader, RecordedTrace, TraceError, TraceFormat,
    TraceLoader, TraceRecord,
};

use crate::error::CliError;
use crate::table::thousands;

/// Replay a cache trace through one eviction policy (the cache alone: no
/// app, no database) and print requests, hits, misses and the miss ratio;
/// with several policies or capacities, a miss-ratio table (one row per
/// policy, one column per capacity).
///
/// Every request is a lookup; a miss admits the key. Object sizes and
/// operations in the trace are ignored: the capacity counts objects.
#[derive(Debug, clap::Args)]
pub struct ReplayArgs {
    /// The trace file (streamed, not loaded into memory).
    #[arg(long, value_name = "FILE")]
    pub trace: PathBuf,

    /// Trace format. `csv`: one request per line, `key` or `timestamp,key,op`
    /// (header optional, `#` comments and blank lines skipped, non-numeric
    /// keys hashed with FNV-1a). `oracle-general`: libCacheSim's 24-byte
    /// little-endian binary records (uncompressed). `auto`: csv for `.csv`
    /// and `.txt` files, oracle-general for any other name.
    #[arg(long, value_name = "FORMAT", default_value = "auto", value_parser = parse_format)]
    pub format: FormatChoice,

    /// Eviction policy: lru, lfu, fifo, sieve, s3fifo or arc; a comma list
    /// (`lru,s3fifo`) or `all` for a miss-ratio table.
    #[arg(long, value_name = "POLICY", value_parser = parse_policies)]
    pub policy: Policies,

    /// Cache capacity in objects (at least 1); a comma list
    /// (`100,1000,10000`) for a miss-ratio table; `curve` for the sizes the
    /// page's miss-ratio curve uses (0.1 % to 100 % of the trace's distinct
    /// keys), so the numbers can be checked against the page's.
    #[arg(long, value_name = "N", value_parser = parse_capacities)]
    pub capacity: Capacities,

    /// Print JSON `{requests, hits, misses, miss_ratio}` instead of a table
    /// (for a table: a list of them, each with its `policy` and `capacity`).
    #[arg(long)]
    pub json: bool,
}

/// `--format`: a fixed format or "guess from the file name".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatChoice {
    Auto,
    Fixed(TraceFormat),
}

pub(crate) fn parse_format(s: &str) -> Result<FormatChoice, String> {
    if s.trim().eq_ignore_ascii_case("auto") {
        return Ok(FormatChoice::Auto);
    }
    s.parse::<TraceFormat>()
        .map(FormatChoice::Fixed)
        .map_err(|_| {
            format!("unknown trace format {s:?}; expected one of: auto, csv, oracle-general")
        })
}

pub(crate) fn parse_policy(s: &str) -> Result<EvictionPolicy, String> {
    s.parse::<EvictionPolicy>().map_err(|e| e.to_string())
}

/// `--policy`: one or more policies (a newtype, so clap takes the comma
/// list as one value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policies(pub Vec<EvictionPolicy>);

/// `--capacity`: one or more capacities, ascending as given, or the
/// page's curve sizes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Capacities {
    /// These, in this order.
    List(Vec<NonZeroU32>),
    /// [`curve_capacities`] of the trace's distinct keys (one extra pass
    /// over the file counts them).
    Curve,
}

/// Most (policy, capacity) runs one command replays: each streams the
/// whole file again.
const MAX_RUNS: usize = 256;

fn parse_policies(s: &str) -> Result<Policies, String> {
    if s.trim().eq_ignore_ascii_case("all") {
        return Ok(Policies(EvictionPolicy::ALL.to_vec()));
    }
    let mut out = Vec::new();
    for part in s.split(',') {
        let p = parse_policy(part)?;
        if !out.contains(&p) {
            out.push(p);
        }
    }
    Ok(Policies(out))
}

fn parse_capacities(s: &str) -> Result<Capacities, String> {
    if s.trim().eq_ignore_ascii_case("curve") {
        return Ok(Capacities::Curve);
    }
    let mut out = Vec::new();
    for part in s.split(',') {
        let c = parse_capacity(part)?;
        if !out.contains(&c) {
            out.push(c);
        }
    }
    if out.len() > MAX_RUNS {
        return Err(format!("at most {MAX_RUNS} capacities"));
    }
    Ok(Capacities::List(out))
}

pub(crate) fn parse_capacity(s: &str) -> Result<NonZeroU32, String> {
    let n: u64 = s
        .trim()
        .replace('_', "")
        .parse()
        .map_err(|_| format!("capacity {s:?} is not a whole number"))?;
    u32::try_from(n)
        .ok()
        .and_then(NonZeroU32::new)
        .ok_or_else(|| format!("capacity {n} is out of range; allowed 1..={}", u32::MAX))
}

pub fn run(args: &ReplayArgs) -> Result<(), CliError> {
    let format = trace_format(args.format, &args.trace);
    let capacities = match &args.capacity {
        Capacities::List(list) => list.clone(),
        Capacities::Curve => curve_capacities(read_trace(&args.trace, format)?.distinct_keys()),
    };
    let (policies, capacities) = (&args.policy.0, &capacities);
    if let ([policy], [capacity], Capacities::List(_)) =
        (&policies[..], &capacities[..], &args.capacity)
    {
        return run_one(args, format, *policy, *capacity);
    }
    if policies.len() * capacities.len() > MAX_RUNS {
        return Err(CliError::input(format!(
            "{} policies × {} capacities is more than {MAX_RUNS} replays",
            policies.len(),
            capacities.len()
        )));
    }
    let mut runs = Vec::new();
    for &policy in policies {
        for &capacity in capacities {
            let stats = replay_file(&args.trace, format, policy, capacity)?;
            runs.push(Run {
                policy,
                capacity: capacity.get(),
                stats,
            });
        }
    }
    print(args.json, &runs, || {
        render_table(&args.trace, format, capacities, &runs)
    })
}

/// One cell of a miss-ratio table, as the JSON lists it.
#[derive(serde::Serialize)]
struct Run {
    policy: EvictionPolicy,
    capacity: u32,
    #[serde(flatten)]
    stats: ReplayStats,
}

/// Policies down, capacities across, miss ratios in the cells (lowest of a
/// column marked `*`).
fn render_table(
    path: &Path,
    format: TraceFormat,
    capacities: &[NonZeroU32],
    runs: &[Run],
) -> String {
    let requests = runs.first().map_or(0, |r| r.stats.requests);
    let mut out = format!(
        "trace {} ({format}), {} requests; miss ratio by policy and capacity (* lowest)\n\n",
        path.display(),
        thousands(requests)
    );
    out.push_str(&format!("{:<8}", "policy"));
    for c in capacities {
        out.push_str(&format!("  {:>10}", thousands(u64::from(c.get()))));
    }
    out.push('\n');
    let best = |c: u32| {
        runs.iter()
            .filter(|r| r.capacity == c)
            .map(|r| r.stats.misses)
            .min()
    };
    for row in runs.chunks(capacities.len()) {
        out.push_str(&format!("{:<8}", row[0].policy.label()));
        for r in row {
            let mark = if best(r.capacity) == Some(r.stats.misses) {
                "*"
            } else {
                " "
            };
            out.push_str(&format!("  {:>9.4}{mark}", r.stats.miss_ratio));
        }
        out.push('\n');
    }
    out
}

fn run_one(
    args: &ReplayArgs,
    format: TraceFormat,
    policy: EvictionPolicy,
    capacity: NonZeroU32,
) -> Result<(), CliError> {
    let stats = replay_file(&args.trace, format, policy, capacity)?;
    print(args.json, &stats, || {
        render(&args.trace, format, policy, capacity, &stats)
    })
}

/// Prints `value` as pretty JSON, or the table `render` makes.
fn print(
    json: bool,
    value: &impl serde::Serialize,
    render: impl FnOnce() -> String,
) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    if json {
        let json = serde_json::to_string_pretty(value)
            .map_err(|e| CliError::Output(std::io::Error::other(e)))?;
        writeln!(out, "{json}")?;
    } else {
        write!(out, "{}", render())?;
    }
    Ok(())
}

/// Refuses a compressed trace by its name, saying how to decompress it.
fn refuse_compressed(path: &Path) -> Result<(), CliError> {
    match decompress_hint(path) {
        Some(tool) => Err(CliError::input(format!(
            "{}: compressed traces are not supported; decompress it first ({tool})",
            path.display()
        ))),
        None => Ok(()),
    }
}

/// Reads a whole trace into memory for the strategy lanes (what the page
/// does with a file it is given), with the same limits and messages.
pub fn read_trace(path: &Path, format: TraceFormat) -> Result<RecordedTrace, CliError> {
    refuse_compressed(path)?;
    let shown = path.display();
    let bytes = std::fs::read(path)
        .map_err(|e| CliError::input(format!("cannot open trace {shown}: {e}")))?;
    TraceLoader::load(bytes, format).map_err(|e| CliError::input(format!("{shown}: {e}")))
}

/// The format `--format` names, or the one the file name suggests.
pub fn trace_format(choice: FormatChoice, path: &Path) -> TraceFormat {
    match choice {
        FormatChoice::Fixed(f) => f,
        FormatChoice::Auto => TraceFormat::from_path(path),
    }
}

/// Stream the file through the policy. A parse error anywhere aborts the
/// replay (partial numbers would be misleading) with the reader's message.
pub fn replay_file(
    path: &Path,
    format: TraceFormat,
    policy: EvictionPolicy,
    capacity: NonZeroU32,
) -> Result<ReplayStats, CliError> {
    refuse_compressed(path)?;
    let shown = path.display();
    let file =
        File::open(path).map_err(|e| CliError::input(format!("cannot open trace {shown}: {e}")))?;
    let mut failure: Option<TraceError> = None;
    let keys = |rec: Result<TraceRecord, TraceError>| match rec {
        Ok(r) => Some(r.key),
        Err(e) => {
            failure = Some(e);
            None
        }
    };
    let stats = match format {
        TraceFormat::Csv => replay(
            CsvReader::new(BufReader::with_capacity(1 << 16, file)).map_while(keys),
            policy,
            capacity,
        ),
        TraceFormat::OracleGeneral => replay(
            OracleGeneralReader::new(file).map_while(keys),
            policy,
            capacity,
        ),
    };
    match failure {
        Some(e) => Err(CliError::input(format!("{shown}: {e}"))),
        None => Ok(stats),
    }
}

fn render(
    path: &Path,
    format: TraceFormat,
    policy: EvictionPolicy,
    capacity: NonZeroU32,
    s: &ReplayStats,
) -> String {
    let rows = [
        ("trace", format!("{} ({format})", path.display())),
        ("policy", policy.label().to_string()),
        ("capacity", thousands(u64::from(capacity.get()))),
        ("requests", thousands(s.requests)),
        ("hits", thousands(s.hits)),
        ("misses", thousands(s.misses)),
        ("miss ratio", format!("{:.6}", s.miss_ratio)),
        ("hit ratio", format!("{:.6}", 1.0 - s.miss_ratio)),
    ];
    rows.iter()
        .map(|(k, v)| format!("{k:<10}  {v}\n"))
        .collect()
}
