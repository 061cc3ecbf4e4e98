//! Reading a trace file, a bounded number of requests at a time, into a
//! [`RecordedTrace`]: from bytes already in memory ([`TraceLoader::new`]),
//! or streamed from any reader of known length
//! ([`TraceLoader::from_reader`]; the lane worker reads a browser `File` a
//! slice at a time, so the file itself never has to fit in memory). The
//! page calls [`TraceLoader::advance`] between slices and draws
//! [`TraceLoader::progress`]; the CLI calls [`TraceLoader::load`] once.
//! Either way the same parser and the same limits apply, so a file the page
//! refuses, the CLI refuses with the same words.
//!
//! ```
//! use cachescope_sim::trace::{TraceFormat, TraceLoader};
//!
//! let csv = b"timestamp,key,op\n1,a,get\n2,b,set\n3,a,get\n".to_vec();
//! let mut loader = TraceLoader::new(csv, TraceFormat::Csv);
//! while !loader.advance(1).unwrap() {
//!     assert!(loader.progress() < 1.0);
//! }
//! let trace = loader.finish();
//! assert_eq!((trace.len(), trace.distinct_keys()), (3, 2));
//!
//! let err = TraceLoader::load(b"1,a,get\n2,b,fly\n".to_vec(), TraceFormat::Csv).unwrap_err();
//! assert_eq!(err.to_string(), "line 2: unknown operation \"fly\"; expected get/read, set/write or delete");
//! ```

use std::fmt;
use std::io::{BufReader, Cursor, Read};

use super::recorded::{RecordedTrace, TraceBuilder, TraceLimit};
use super::{CsvReader, OracleGeneralReader, TraceError, TraceFormat, TraceRecord};

/// Why a trace file could not be loaded.
#[derive(Debug)]
pub enum TraceLoadError {
    /// The file is malformed (the error names the line or byte offset).
    Parse(TraceError),
    /// The file is well formed but too big.
    Limit(TraceLimit),
    /// The file holds no request (only a header, comments or nothing).
    Empty,
}

impl fmt::Display for TraceLoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TraceLoadError::Parse(e) => e.fmt(f),
            TraceLoadError::Limit(e) => e.fmt(f),
            TraceLoadError::Empty => f.write_str("the trace holds no request"),
        }
    }
}

impl std::error::Error for TraceLoadError {}

/// A trace's bytes, from memory or streamed.
type Source = Box<dyn Read>;

/// How much a streamed CSV is read at a time (the oracleGeneral reader has
/// its own buffer).
const CSV_BUFFER_BYTES: usize = 1 << 20;

enum Parser {
    Csv(CsvReader<BufReader<Source>>),
    Oracle(OracleGeneralReader<Source>),
}

impl Parser {
    fn next(&mut self) -> Option<Result<TraceRecord, TraceError>> {
        match self {
            Parser::Csv(r) => r.next(),
            Parser::Oracle(r) => r.next(),
        }
    }

    fn bytes_read(&self) -> u64 {
        match self {
            Parser::Csv(r) => r.bytes_read(),
            Parser::Oracle(r) => r.offset(),
        }
    }
}

/// A trace file being read (see the module docs).
pub struct TraceLoader {
    parser: Parser,
    builder: TraceBuilder,
    total_bytes: u64,
    done: bool,
}

impl fmt::Debug for TraceLoader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TraceLoader")
            .field("requests", &self.builder.len())
            .field("total_bytes", &self.total_bytes)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl TraceLoader {
    /// Starts reading `bytes` as a trace of `format`.
    pub fn new(bytes: Vec<u8>, format: TraceFormat) -> TraceLoader {
        let total_bytes = bytes.len() as u64;
        TraceLoader::from_reader(Box::new(Cursor::new(bytes)), total_bytes, format)
    }

    /// Starts streaming a trace of `format` from `reader`, which holds
    /// `total_bytes` (for [`TraceLoader::progress`] only: the end is where
    /// the reader ends). A reader's failure is a [`TraceError::Io`].
    pub fn from_reader(
        reader: Box<dyn Read>,
        total_bytes: u64,
        format: TraceFormat,
    ) -> TraceLoader {
        let parser = match format {
            TraceFormat::Csv => Parser::Csv(CsvReader::new(BufReader::with_capacity(
                CSV_BUFFER_BYTES,
                reader,
            ))),
            TraceFormat::OracleGeneral => Parser::Oracle(OracleGeneralReader::new(reader)),
        };
        TraceLoader {
            parser,
            builder: TraceBuilder::new(),
            total_bytes,
            done: false,
        }
    }

    /// Reads the whole of `bytes`.
    pub fn load(bytes: Vec<u8>, format: TraceFormat) -> Result<RecordedTrace, TraceLoadError> {
        let mut loader = TraceLoader::new(bytes, format);
        while !loader.advance(u64::MAX)? {}
        Ok(loader.finish())
    }

    /// Reads at most `max_requests` more requests. True once the file is
    /// read to its end; an error ends the load (call it no more).
    pub fn advance(&mut self, max_requests: u64) -> Result<bool, TraceLoadError> {
        for _ in 0..max_requests {
            match self.parser.next() {
                Some(Ok(record)) => self.builder.push(record).map_err(TraceLoadError::Limit)?,
                Some(Err(e)) => return Err(TraceLoadError::Parse(e)),
                None => {
                    self.done = true;
                    return if self.builder.is_empty() {
                        Err(TraceLoadError::Empty)
                    } else {
                        Ok(true)
                    };
                }
            }
        }
        Ok(false)
    }

    /// The share of the file read so far, 0 to 1; exactly 1 only once the
    /// end was seen.
    pub fn progress(&self) -> f64 {
        if self.done || self.total_bytes == 0 {
            1.0
        } else {
            (self.parser.bytes_read() as f64 / self.total_bytes as f64).min(0.999)
        }
    }

    /// Requests read so far.
    pub fn requests(&self) -> u64 {
        self.builder.len()
    }

    /// The trace read so far (all of it once [`TraceLoader::advance`]
    /// returned true).
    pub fn finish(self) -> RecordedTrace {
        self.builder.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::oracle::OracleRecord;

    #[test]
    fn oracle_general_with_progress_and_a_truncated_tail() {
        let mut bytes = Vec::new();
        for (i, key) in [5u64, 9, 5, 5].iter().enumerate() {
            let rec = OracleRecord {
                timestamp: i as u32,
                obj_id: *key,
                size: 1,
                next_access: -1,
            };
            bytes.extend_from_slice(&rec.to_bytes());
        }
        let mut loader = TraceLoader::new(bytes.clone(), TraceFormat::OracleGeneral);
        assert!(!loader.advance(2).unwrap());
        assert_eq!(loader.progress(), 0.5);
        assert!(loader.advance(10).unwrap());
        let t = loader.finish();
        assert_eq!(t.keys().collect::<Vec<_>>(), [0, 1, 0, 0]);

        bytes.extend_from_slice(&[1, 2, 3]);
        let err = TraceLoader::load(bytes, TraceFormat::OracleGeneral).unwrap_err();
        assert!(err.to_string().contains("at byte offset 96"), "{err}");
    }

    /// A reader that hands out at most `step` bytes per call, as a
    /// streamed file does at its slice boundaries.
    struct Trickle {
        bytes: Vec<u8>,
        at: usize,
        step: usize,
    }

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len() - self.at);
            buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    /// Streaming in small, odd-sized pieces (records and lines cut in two)
    /// reads the same trace as reading it whole, in both formats.
    #[test]
    fn a_streamed_file_reads_as_the_whole_file() {
        let mut csv = String::from("timestamp,key,op\n");
        let mut oracle = Vec::new();
        for i in 0..5_000u64 {
            let key = (i * 7919) % 613;
            let op = if i % 5 == 0 { "set" } else { "get" };
            csv.push_str(&format!("{i},user:{key},{op}\n"));
            let rec = OracleRecord {
                timestamp: i as u32,
                obj_id: key,
                size: 1,
                next_access: -1,
            };
            oracle.extend_from_slice(&rec.to_bytes());
        }
        for (bytes, format) in [
            (csv.into_bytes(), TraceFormat::Csv),
            (oracle, TraceFormat::OracleGeneral),
        ] {
            let whole = TraceLoader::load(bytes.clone(), format).unwrap();
            for step in [1, 7, 23, 4096] {
                let total = bytes.len() as u64;
                let reader = Trickle {
                    bytes: bytes.clone(),
                    at: 0,
                    step,
                };
                let mut loader = TraceLoader::from_reader(Box::new(reader), total, format);
                let mut last = 0.0;
                while !loader.advance(333).unwrap() {
                    assert!(loader.progress() >= last && loader.progress() < 1.0);
                    last = loader.progress();
                }
                let streamed = loader.finish();
                assert_eq!(
                    streamed.summary(),
                    whole.summary(),
                    "{format:?} in {step}-byte pieces"
                );
                assert!(streamed.keys().eq(whole.keys()));
            }
        }
    }

    /// A reader that fails (a file changed on disk) ends the load with an
    /// error, not a short trace.
    #[test]
    fn a_failing_reader_is_an_error() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("the file changed on disk"))
            }
        }
        for format in [TraceFormat::Csv, TraceFormat::OracleGeneral] {
            let mut loader = TraceLoader::from_reader(Box::new(Broken), 100, format);
            let err = loader.advance(10).unwrap_err();
            assert!(
                err.to_string().contains("the file changed on disk"),
                "{err}"
            );
        }
    }

    #[test]
    fn an_empty_trace_is_refused() {
        let err = TraceLoader::load(b"timestamp,key,op\n# nothing\n".to_vec(), TraceFormat::Csv)
            .unwrap_err();
        assert_eq!(err.to_string(), "the trace holds no request");
    }
}
