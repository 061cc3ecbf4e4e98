//! Trace files: parsing CSV and libCacheSim *oracleGeneral* traces into a
//! stream of requests, plus a deterministic synthetic Zipf generator.
//!
//! Both readers are streaming iterators over any `Read`/`BufRead`: a
//! multi-gigabyte trace is replayed in constant memory. [`load_keys`] is the
//! convenience for callers that want every key in a `Vec<u64>`.
//!
//! ```
//! use cachescope_sim::trace::{load_keys, TraceFormat};
//!
//! let csv = "# a comment\ntimestamp,key,op\n1,42,get\n2,user:7,set\n\n3,42,get\n";
//! let keys = load_keys(csv.as_bytes(), TraceFormat::Csv).unwrap();
//! assert_eq!(keys.len(), 3);
//! assert_eq!(keys[0], 42);
//! assert_eq!(keys[2], 42);
//! ```
//!
//! # Formats
//!
//! - **CSV** ([`CsvReader`]): one request per line, either `key` or
//!   `timestamp,key,op` (also `timestamp,key`). See [`csv`] for the exact
//!   rules (header detection, comments, how non-numeric keys become `u64`).
//! - **oracleGeneral** ([`OracleGeneralReader`]): libCacheSim's binary format,
//!   24-byte little-endian records `u32 timestamp, u64 object id, u32 size,
//!   i64 next access`. Sizes are ignored: capacities count objects.
//!
//! [`TraceLoader`] reads a file already in memory, a bounded number of
//! requests at a time, into a [`RecordedTrace`]: what the strategy lanes
//! and the miss-ratio curve replay ([`crate::mrc`]).
//!
//! Errors are typed ([`TraceError`]) and name where the file went wrong: the
//! 1-based line number for CSV, the byte offset for binary traces.

pub mod csv;
pub mod loader;
pub mod oracle;
pub mod recorded;
pub mod synthetic;

use std::fmt;
use std::io::{self, BufReader, Read};
use std::path::Path;
use std::str::FromStr;

pub use csv::CsvReader;
pub use loader::{TraceLoadError, TraceLoader};
pub use oracle::{OracleGeneralReader, ORACLE_RECORD_BYTES};
pub use recorded::{RecordedTrace, TraceBuilder, TraceLimit, TraceSummary};
pub use synthetic::zipf_trace;

/// What a request in a trace asks for. Trace replay treats every request as
/// a lookup that admits the key on a miss (as libCacheSim's simulator does);
/// the operation is parsed so malformed files are caught and so other tools
/// can use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TraceOp {
    /// `get`, `read`, `r` (and the implied op of key-only lines and binary
    /// records).
    Read,
    /// `set`, `put`, `write`, `update`, `add`, `w`.
    Write,
    /// `delete`, `del`, `remove`, `d`.
    Delete,
}

impl TraceOp {
    /// Parse an op column, ignoring ASCII case.
    pub fn parse(s: &str) -> Option<TraceOp> {
        const READ: [&str; 3] = ["get", "read", "r"];
        const WRITE: [&str; 6] = ["set", "put", "write", "update", "add", "w"];
        const DELETE: [&str; 4] = ["delete", "del", "remove", "d"];
        let is = |names: &[&str]| names.iter().any(|n| n.eq_ignore_ascii_case(s));
        if is(&READ) {
            Some(TraceOp::Read)
        } else if is(&WRITE) {
            Some(TraceOp::Write)
        } else if is(&DELETE) {
            Some(TraceOp::Delete)
        } else {
            None
        }
    }
}

/// One request of a trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TraceRecord {
    /// The timestamp column, if the format has one (unit as in the file).
    pub timestamp: Option<u64>,
    /// The object's key (see [`csv`] for how text keys become numbers).
    pub key: u64,
    /// The operation ([`TraceOp::Read`] where the format has none).
    pub op: TraceOp,
}

/// The on-disk format of a trace (serialised as its command-line id).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TraceFormat {
    /// Text, one request per line.
    Csv,
    /// libCacheSim oracleGeneral binary records (uncompressed).
    OracleGeneral,
}

impl TraceFormat {
    /// Guess the format from a file name: `.csv` and `.txt` (any case) are
    /// CSV, anything else is taken to be oracleGeneral binary (libCacheSim
    /// names those `*.oracleGeneral`, `*.bin`, or with no telling extension).
    pub fn from_path(path: &Path) -> TraceFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("csv") || ext.eq_ignore_ascii_case("txt") => {
                TraceFormat::Csv
            }
            _ => TraceFormat::OracleGeneral,
        }
    }

    /// The id used on the command line.
    pub const fn as_str(self) -> &'static str {
        match self {
            TraceFormat::Csv => "csv",
            TraceFormat::OracleGeneral => "oracle-general",
        }
    }
}

impl fmt::Display for TraceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TraceFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(TraceFormat::Csv),
            "oracle-general" | "oraclegeneral" | "oracle_general" => Ok(TraceFormat::OracleGeneral),
            _ => Err(format!(
                "unknown trace format {s:?}; expected one of: csv, oracle-general"
            )),
        }
    }
}

/// Why a trace could not be read. Every parse error says where.
#[derive(Debug)]
pub enum TraceError {
    /// The underlying reader failed (file vanished, permission, …).
    Io(io::Error),
    /// A CSV line is not valid UTF-8.
    NotUtf8 {
        /// 1-based line number.
        line: u64,
    },
    /// A CSV line has a number of comma-separated fields other than 1
    /// (`key`), 2 (`timestamp,key`) or 3 (`timestamp,key,op`).
    FieldCount {
        /// 1-based line number.
        line: u64,
        /// How many fields the line has.
        found: u64,
    },
    /// A CSV timestamp that is not a non-negative integer (only the first
    /// data line may have a non-numeric timestamp: that line is a header).
    BadTimestamp {
        /// 1-based line number.
        line: u64,
        /// The offending field.
        value: String,
    },
    /// A CSV line with an empty key field.
    EmptyKey {
        /// 1-based line number.
        line: u64,
    },
    /// A CSV op column that is not a known operation.
    BadOp {
        /// 1-based line number.
        line: u64,
        /// The offending field.
        value: String,
    },
    /// A binary trace whose length is not a multiple of the record size: the
    /// last record is cut short.
    Truncated {
        /// Byte offset where the incomplete record starts.
        offset: u64,
        /// How many bytes of it the file holds (1..record size).
        got: u64,
    },
}

impl fmt::Display for TraceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TraceError::Io(e) => write!(f, "cannot read the trace: {e}"),
            TraceError::NotUtf8 { line } => write!(f, "line {line}: not valid UTF-8 text"),
            TraceError::FieldCount { line, found } => write!(
                f,
                "line {line}: expected `key`, `timestamp,key` or `timestamp,key,op`, found {found} comma-separated fields"
            ),
            TraceError::BadTimestamp { line, value } => write!(
                f,
                "line {line}: timestamp {value:?} is not a non-negative integer"
            ),
            TraceError::EmptyKey { line } => write!(f, "line {line}: the key field is empty"),
            TraceError::BadOp { line, value } => write!(
                f,
                "line {line}: unknown operation {value:?}; expected get/read, set/write or delete"
            ),
            TraceError::Truncated { offset, got } => write!(
                f,
                "truncated oracleGeneral trace: file ends {got} bytes into the record at byte offset {offset} (records are {ORACLE_RECORD_BYTES} bytes)"
            ),
        }
    }
}

impl std::error::Error for TraceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TraceError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for TraceError {
    fn from(e: io::Error) -> Self {
        TraceError::Io(e)
    }
}

/// Compressed trace files (libCacheSim ships `.zst`), which no reader here
/// takes, by extension, with the command that decompresses them.
const COMPRESSED: [(&str, &str); 4] = [
    ("zst", "zstd -d"),
    ("gz", "gunzip"),
    ("xz", "unxz"),
    ("bz2", "bunzip2"),
];

/// The command that decompresses a file named like `path`, if its name
/// says it is compressed: the CLI and the page refuse it with that hint
/// rather than read compressed bytes as records.
///
/// ```
/// use std::path::Path;
/// use cachescope_sim::trace::decompress_hint;
/// assert_eq!(decompress_hint(Path::new("w01.oracleGeneral.zst")), Some("zstd -d"));
/// assert_eq!(decompress_hint(Path::new("t.csv")), None);
/// ```
pub fn decompress_hint(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?;
    COMPRESSED
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(ext))
        .map(|(_, tool)| *tool)
}

/// Read a whole trace and return its keys in order.
///
/// Streams through the reader (adding its own buffering), so only the keys
/// (8 bytes per request) are held in memory.
pub fn load_keys<R: Read>(reader: R, format: TraceFormat) -> Result<Vec<u64>, TraceError> {
    match format {
        TraceFormat::Csv => CsvReader::new(BufReader::with_capacity(1 << 16, reader))
            .map(|r| r.map(|rec| rec.key))
            .collect(),
        TraceFormat::OracleGeneral => OracleGeneralReader::new(reader)
            .map(|r| r.map(|rec| rec.key))
            .collect(),
    }
}

/// FNV-1a, 64-bit: how non-numeric CSV keys become `u64`. Chosen because it
/// is tiny, fixed (the same on every platform and in every release, unlike
/// `std`'s `DefaultHasher`) and good enough to make collisions between
/// distinct short keys practically absent.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |h, &b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}
