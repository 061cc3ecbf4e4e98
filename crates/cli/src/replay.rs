//! `cachescope replay`: a trace through one eviction policy, cache alone.

use std::fs::File;
use std::io::{BufReader, Write};
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};

use cachescope_sim::eviction::EvictionPolicy;
use cachescope_sim::replay::{replay, ReplayStats};
use cachescope_sim::trace::{CsvReader, OracleGeneralReader, TraceError, TraceFormat, TraceRecord};

use crate::error::CliError;
use crate::table::thousands;

/// Replay a cache trace through one eviction policy (the cache alone: no
/// app, no database) and print requests, hits, misses and the miss ratio.
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

    /// Eviction policy: lru, lfu, fifo, sieve, s3fifo or arc.
    #[arg(long, value_name = "POLICY", value_parser = parse_policy)]
    pub policy: EvictionPolicy,

    /// Cache capacity in objects (at least 1).
    #[arg(long, value_name = "N", value_parser = parse_capacity)]
    pub capacity: NonZeroU32,

    /// Print JSON `{requests, hits, misses, miss_ratio}` instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `--format`: a fixed format or "guess from the file name".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatChoice {
    Auto,
    Fixed(TraceFormat),
}

fn parse_format(s: &str) -> Result<FormatChoice, String> {
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

/// Extensions of compressed files we cannot read, and how to fix that.
const COMPRESSED: [(&str, &str); 4] = [
    ("zst", "zstd -d"),
    ("gz", "gunzip"),
    ("xz", "unxz"),
    ("bz2", "bunzip2"),
];

pub fn run(args: &ReplayArgs) -> Result<(), CliError> {
    let format = match args.format {
        FormatChoice::Fixed(f) => f,
        FormatChoice::Auto => TraceFormat::from_path(&args.trace),
    };
    let stats = replay_file(&args.trace, format, args.policy, args.capacity)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let json = serde_json::to_string_pretty(&stats)
            .map_err(|e| CliError::Output(std::io::Error::other(e)))?;
        writeln!(out, "{json}")?;
    } else {
        write!(
            out,
            "{}",
            render(&args.trace, format, args.policy, args.capacity, &stats)
        )?;
    }
    Ok(())
}

/// Stream the file through the policy. A parse error anywhere aborts the
/// replay (partial numbers would be misleading) with the reader's message.
pub fn replay_file(
    path: &Path,
    format: TraceFormat,
    policy: EvictionPolicy,
    capacity: NonZeroU32,
) -> Result<ReplayStats, CliError> {
    let shown = path.display();
    if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
        if let Some((_, tool)) = COMPRESSED.iter().find(|(c, _)| c.eq_ignore_ascii_case(ext)) {
            return Err(CliError::input(format!(
                "{shown}: compressed traces are not supported; decompress it first ({tool})"
            )));
        }
    }
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
