//! A trace held in memory, ready to drive the strategy lanes and the
//! miss-ratio curve: every request's key and whether it writes.
//!
//! Keys are renumbered densely, `0..distinct`, in order of first appearance.
//! The engine keeps per-key rows in vectors for small keys, and a trace's
//! keys are arbitrary `u64`s (hashes, object ids); renumbering them changes
//! no eviction decision, since no policy looks at a key's value, only at
//! which requests name the same key.
//!
//! ```
//! use cachescope_sim::trace::{RecordedTrace, TraceOp, TraceRecord};
//!
//! let rec = |key, op| TraceRecord { timestamp: None, key, op };
//! let t = RecordedTrace::from_records([
//!     rec(900, TraceOp::Read),
//!     rec(7, TraceOp::Write),
//!     rec(900, TraceOp::Read),
//! ])
//! .unwrap();
//! assert_eq!((t.len(), t.distinct_keys()), (3, 2));
//! assert_eq!(t.step(0), (0, true)); // key 900 is 0; a read
//! assert_eq!(t.step(1), (1, false)); // key 7 is 1; a write
//! assert_eq!(t.step(2), (0, true));
//! ```

use std::fmt;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::limits;

use super::{TraceOp, TraceRecord};

/// The top bit of a step marks a write; the rest is the dense key, so a
/// step is 4 bytes and a two-million-request trace 8 MB.
const WRITE_BIT: u32 = 1 << 31;

/// What a trace holds, in numbers: what the page and the CLI say about it
/// next to the lanes' reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceSummary {
    /// Requests in the trace.
    pub requests: u64,
    /// Distinct keys it names.
    pub distinct_keys: u64,
    /// Requests that read.
    pub reads: u64,
    /// Requests that write (deletes included: a lane replays a delete as a
    /// write, since the engine has no delete operation).
    pub writes: u64,
    /// Of the writes, how many the trace called deletes.
    pub deletes: u64,
}

/// Why a trace is too big to replay here: it has more requests than a lane
/// runs ([`limits::MAX_REQUESTS`]). Its distinct keys cannot outgrow a key
/// space, since the limit on keys is the larger one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceLimit {
    /// The most requests a trace may have.
    pub max_requests: u64,
}

const _: () = assert!(limits::MAX_REQUESTS <= limits::MAX_KEY_SPACE);
const _: () = assert!(limits::MAX_REQUESTS < WRITE_BIT as u64);

impl fmt::Display for TraceLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the trace has more than {} requests, the most a lane replays",
            self.max_requests
        )
    }
}

impl std::error::Error for TraceLimit {}

/// A trace in memory (see the module docs). Built with [`TraceBuilder`] or
/// [`RecordedTrace::from_records`].
#[derive(Clone, PartialEq, Eq)]
pub struct RecordedTrace {
    steps: Vec<u32>,
    summary: TraceSummary,
}

impl fmt::Debug for RecordedTrace {
    // Millions of steps are no use in a debug print.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordedTrace")
            .field("summary", &self.summary)
            .finish_non_exhaustive()
    }
}

impl RecordedTrace {
    /// The trace of `records`, or the limit it goes past.
    pub fn from_records(
        records: impl IntoIterator<Item = TraceRecord>,
    ) -> Result<RecordedTrace, TraceLimit> {
        let mut b = TraceBuilder::new();
        for r in records {
            b.push(r)?;
        }
        Ok(b.finish())
    }

    /// Requests in the trace.
    pub fn len(&self) -> u64 {
        self.steps.len() as u64
    }

    /// Whether the trace has no request.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Distinct keys (the dense keys are `0..distinct_keys()`).
    pub fn distinct_keys(&self) -> u64 {
        self.summary.distinct_keys
    }

    /// Request `i`: its dense key and whether it reads. Past the end it is
    /// a read of key 0 (the engine never asks for one; no panic if it did).
    #[inline]
    pub fn step(&self, i: u64) -> (u64, bool) {
        let s = self.steps.get(i as usize).copied().unwrap_or(0);
        (u64::from(s & !WRITE_BIT), s & WRITE_BIT == 0)
    }

    /// Every request's dense key, in order (what the miss-ratio curve
    /// replays).
    pub fn keys(&self) -> impl ExactSizeIterator<Item = u64> + '_ {
        self.steps.iter().map(|&s| u64::from(s & !WRITE_BIT))
    }

    /// The dense keys of requests `start..end` (clamped to the trace).
    pub fn keys_between(&self, start: u64, end: u64) -> impl ExactSizeIterator<Item = u64> + '_ {
        let end = (end.min(self.len())) as usize;
        let start = (start as usize).min(end);
        self.steps[start..end]
            .iter()
            .map(|&s| u64::from(s & !WRITE_BIT))
    }

    /// The trace's counts.
    pub fn summary(&self) -> TraceSummary {
        self.summary
    }
}

/// Builds a [`RecordedTrace`] one record at a time (a parser feeds it while
/// it streams through a file, so a too-big trace stops at the first request
/// over the limit, not after reading it all).
#[derive(Clone, Debug, Default)]
pub struct TraceBuilder {
    ids: FxHashMap<u64, u32>,
    steps: Vec<u32>,
    summary: TraceSummary,
}

impl TraceBuilder {
    /// An empty trace.
    pub fn new() -> TraceBuilder {
        TraceBuilder::default()
    }

    /// Appends one request.
    pub fn push(&mut self, r: TraceRecord) -> Result<(), TraceLimit> {
        if self.summary.requests >= limits::MAX_REQUESTS {
            return Err(TraceLimit {
                max_requests: limits::MAX_REQUESTS,
            });
        }
        let next = self.ids.len() as u32;
        let id = *self.ids.entry(r.key).or_insert(next);
        let s = &mut self.summary;
        s.requests += 1;
        s.distinct_keys = self.ids.len() as u64;
        let write = match r.op {
            TraceOp::Read => {
                s.reads += 1;
                false
            }
            TraceOp::Write => {
                s.writes += 1;
                true
            }
            TraceOp::Delete => {
                s.writes += 1;
                s.deletes += 1;
                true
            }
        };
        self.steps.push(if write { id | WRITE_BIT } else { id });
        Ok(())
    }

    /// Requests so far.
    pub fn len(&self) -> u64 {
        self.summary.requests
    }

    /// Whether nothing was pushed yet.
    pub fn is_empty(&self) -> bool {
        self.summary.requests == 0
    }

    /// The trace.
    pub fn finish(self) -> RecordedTrace {
        RecordedTrace {
            steps: self.steps,
            summary: self.summary,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(key: u64, op: TraceOp) -> TraceRecord {
        TraceRecord {
            timestamp: Some(1),
            key,
            op,
        }
    }

    #[test]
    fn counts_and_dense_keys() {
        let t = RecordedTrace::from_records([
            rec(u64::MAX, TraceOp::Read),
            rec(3, TraceOp::Delete),
            rec(u64::MAX, TraceOp::Write),
            rec(5, TraceOp::Read),
        ])
        .unwrap();
        assert_eq!(
            t.summary(),
            TraceSummary {
                requests: 4,
                distinct_keys: 3,
                reads: 2,
                writes: 2,
                deletes: 1
            }
        );
        assert_eq!(t.keys().collect::<Vec<_>>(), [0, 1, 0, 2]);
        assert_eq!(t.step(1), (1, false));
        assert_eq!(t.step(99), (0, true));
    }

    #[test]
    fn refuses_more_requests_than_a_lane_runs() {
        let mut b = TraceBuilder::new();
        for i in 0..limits::MAX_REQUESTS {
            b.push(rec(i % 1000, TraceOp::Read)).unwrap();
        }
        let err = b.push(rec(1, TraceOp::Read)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the trace has more than 2000000 requests, the most a lane replays"
        );
    }
}
