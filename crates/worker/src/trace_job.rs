//! The work behind Compare's "Your trace" panel, in plain Rust: check a
//! picked file, then read it, replay it through the six lanes and draw its
//! miss-ratio curve, a bounded amount at a time so that whoever runs it can
//! yield between slices and draw progress. The lane worker runs it (streaming
//! the file, see [`TraceJob::streamed`]); the page runs the same job itself
//! when workers are unavailable (reading the file whole, see
//! [`TraceJob::new`]). Nothing here touches the DOM, so it is tested
//! natively; the page's panel is `src/compare/trace_panel.rs`.
//!
//! The numbers are the engine's: [`TraceLoader`], [`MrcRun`] and
//! [`CompareRun::with_trace`], the code `cachescope replay` and
//! `cachescope compare --trace` run, so the page and the CLI agree.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use cachescope_sim::{
    curve_capacities, decompress_hint, CompareReport, CompareRun, MissRatioCurve, MrcRun,
    RecordedTrace, Scenario, TraceFormat, TraceLoader,
};
use serde::{Deserialize, Serialize};

/// The largest trace file the page reads whole, when it has no worker to
/// stream it: 64 MB, about 2.7 million oracleGeneral records or 3 million
/// short CSV lines, past the engine's 2 million requests anyway. The file,
/// its parsed trace and one lane live in the page's memory together.
pub const MAX_TRACE_BYTES: u64 = 64_000_000;

/// The largest trace file the worker streams: 512 MB, 2 million CSV lines
/// of 256 bytes. Only the parsed trace (4 bytes a request) stays in memory,
/// so the size itself costs little; the bound is against one giant line,
/// which a CSV reader must hold whole.
pub const MAX_STREAMED_TRACE_BYTES: u64 = 512_000_000;

/// Refuses a file by its name and size before it is read: a compressed
/// trace, an empty file or one over `max_bytes` ([`MAX_TRACE_BYTES`] or
/// [`MAX_STREAMED_TRACE_BYTES`]).
///
/// ```
/// use cachescope_worker::trace_job::{check_trace_file, MAX_TRACE_BYTES};
/// assert!(check_trace_file("t.csv", 10, MAX_TRACE_BYTES).is_ok());
/// assert_eq!(
///     check_trace_file("t.oracleGeneral.zst", 10, MAX_TRACE_BYTES).unwrap_err(),
///     "“t.oracleGeneral.zst” is compressed; decompress it first (zstd -d) and choose the result."
/// );
/// ```
pub fn check_trace_file(name: &str, bytes: u64, max_bytes: u64) -> Result<(), String> {
    if let Some(tool) = decompress_hint(Path::new(name)) {
        return Err(format!(
            "“{name}” is compressed; decompress it first ({tool}) and choose the result."
        ));
    }
    if bytes == 0 {
        return Err(format!("“{name}” is empty."));
    }
    if bytes > max_bytes {
        return Err(format!(
            "“{name}” is {:.1} MB; the page reads traces up to {} MB. Cut it (head -n), or replay it with `cachescope replay`, which streams files of any size.",
            bytes as f64 / 1e6,
            max_bytes / 1_000_000
        ));
    }
    Ok(())
}

/// The format of a trace: `.csv` and `.txt` are CSV and
/// `.oracleGeneral` and `.bin` binary, as `cachescope replay` decides; any
/// other name is decided by its first 4 KiB: a NUL byte means binary
/// records (their small integers are full of zeros), none means text.
///
/// ```
/// use cachescope_worker::trace_job::trace_format;
/// use cachescope_sim::TraceFormat;
/// assert_eq!(trace_format("log", b"1,a,get\n"), TraceFormat::Csv);
/// assert_eq!(trace_format("log", &[1, 0, 0, 0]), TraceFormat::OracleGeneral);
/// assert_eq!(trace_format("t.csv", &[0]), TraceFormat::Csv);
/// ```
pub fn trace_format(name: &str, bytes: &[u8]) -> TraceFormat {
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    let is = |e: &str| ext.eq_ignore_ascii_case(e);
    let binary = if is("csv") || is("txt") {
        false
    } else {
        is("oraclegeneral") || is("bin") || bytes.iter().take(4096).any(|&b| b == 0)
    };
    if binary {
        TraceFormat::OracleGeneral
    } else {
        TraceFormat::Csv
    }
}

/// What the job is doing, for the progress line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Parsing the file.
    Reading,
    /// Replaying it through every policy at every curve size.
    Curve,
    /// Replaying it through the six lanes.
    Lanes,
}

impl Stage {
    /// The progress line's words.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Reading => "Reading the trace",
            Stage::Curve => "Miss-ratio curve: six policies at each size",
            Stage::Lanes => "Replaying it through the five strategies and the baseline",
        }
    }
}

/// A job's result: the trace, its comparison and (once drawn) its curve.
#[derive(Clone, Debug)]
pub struct TraceResult {
    /// The trace, kept to replay again when a knob changes.
    pub trace: Arc<RecordedTrace>,
    /// Its format, as read.
    pub format: TraceFormat,
    /// The six lanes replaying it under the knobs' scenario.
    pub report: Arc<CompareReport>,
    /// Its miss-ratio curve (it does not depend on the knobs); `None` while
    /// it is still being computed.
    pub curve: Option<Arc<MissRatioCurve>>,
}

/// The steps, in order: read, lanes (what the reader came for, so first),
/// then the curve (the slow part on a trace with many keys), unless a
/// replay already has it.
enum Step {
    Reading(TraceLoader),
    // Boxed: a comparison in progress is ten times the other steps' size.
    Lanes(
        Arc<RecordedTrace>,
        Option<Arc<MissRatioCurve>>,
        Box<CompareRun>,
    ),
    Curve(TraceResult, MrcRun),
    Done(TraceResult),
}

/// A job in progress (see the module docs).
pub struct TraceJob {
    format: TraceFormat,
    scenario: Scenario,
    step: Option<Step>,
    draws_curve: bool,
}

/// How many curve cache accesses one unit of the slicing budget buys: an
/// access (tens of nanoseconds) is a fraction of a lane event, so the
/// curve takes bigger bites between looks at the clock.
const CURVE_ACCESSES_PER_UNIT: u64 = 4;

impl TraceJob {
    /// Reads `bytes` (a file called `name`), then replays it under
    /// `scenario` and draws its curve.
    pub fn new(name: &str, bytes: Vec<u8>, scenario: Scenario) -> TraceJob {
        let format = trace_format(name, &bytes);
        TraceJob {
            format,
            scenario,
            step: Some(Step::Reading(TraceLoader::new(bytes, format))),
            draws_curve: true,
        }
    }

    /// Streams a file called `name` of `total_bytes` from `reader` (its
    /// first bytes, `head`, decide the format when the name does not), then
    /// replays it under `scenario` and draws its curve.
    pub fn streamed(
        name: &str,
        head: &[u8],
        reader: Box<dyn Read>,
        total_bytes: u64,
        scenario: Scenario,
    ) -> TraceJob {
        let format = trace_format(name, head);
        TraceJob {
            format,
            scenario,
            step: Some(Step::Reading(TraceLoader::from_reader(
                reader,
                total_bytes,
                format,
            ))),
            draws_curve: true,
        }
    }

    /// Replays an already read trace under a new `scenario`: what a knob
    /// change does. Its curve is kept (or computed, if it was not yet).
    pub fn replay(done: &TraceResult, scenario: Scenario) -> TraceJob {
        let run = CompareRun::with_trace(&scenario, done.trace.clone());
        TraceJob {
            format: done.format,
            scenario,
            step: Some(Step::Lanes(
                done.trace.clone(),
                done.curve.clone(),
                Box::new(run),
            )),
            draws_curve: done.curve.is_none(),
        }
    }

    /// Does at most about `budget` units of work (requests read, events
    /// simulated). True once everything is ready; an error ends the job
    /// with the message to show (the line or byte offset for a bad file).
    pub fn advance(&mut self, budget: u64) -> Result<bool, String> {
        let step = self.step.take().ok_or("the trace job has already failed")?;
        let next = match step {
            Step::Reading(mut loader) => {
                if loader.advance(budget).map_err(|e| e.to_string())? {
                    let trace = Arc::new(loader.finish());
                    let run = Box::new(CompareRun::with_trace(&self.scenario, trace.clone()));
                    Step::Lanes(trace, None, run)
                } else {
                    Step::Reading(loader)
                }
            }
            Step::Lanes(trace, curve, mut run) => {
                if run.advance(budget) {
                    let result = TraceResult {
                        trace,
                        format: self.format,
                        report: Arc::new(run.finish()),
                        curve,
                    };
                    if result.curve.is_some() {
                        Step::Done(result)
                    } else {
                        let sizes = curve_capacities(result.trace.distinct_keys());
                        let mrc = MrcRun::new(result.trace.clone(), sizes);
                        Step::Curve(result, mrc)
                    }
                } else {
                    Step::Lanes(trace, curve, run)
                }
            }
            Step::Curve(mut result, mut run) => {
                if run.advance(budget.saturating_mul(CURVE_ACCESSES_PER_UNIT)) {
                    result.curve = Some(Arc::new(run.finish()));
                    Step::Done(result)
                } else {
                    Step::Curve(result, run)
                }
            }
            done @ Step::Done(_) => done,
        };
        let finished = matches!(next, Step::Done(_));
        self.step = Some(next);
        Ok(finished)
    }

    /// Whether this job draws the curve: a replay of a trace whose curve is
    /// drawn keeps it.
    pub fn draws_curve(&self) -> bool {
        self.draws_curve
    }

    /// The stage and its share done, 0 to 1.
    pub fn progress(&self) -> (Stage, f64) {
        match &self.step {
            Some(Step::Reading(l)) => (Stage::Reading, l.progress()),
            Some(Step::Lanes(_, _, r)) => (Stage::Lanes, r.progress()),
            Some(Step::Curve(_, r)) => (Stage::Curve, r.progress()),
            Some(Step::Done(_)) | None => (Stage::Curve, 1.0),
        }
    }

    /// The lanes' result while the curve is still being computed (the
    /// page shows it at once).
    pub fn lanes_done(&self) -> Option<&TraceResult> {
        match &self.step {
            Some(Step::Curve(result, _)) => Some(result),
            _ => None,
        }
    }

    /// The result, once [`TraceJob::advance`] returned true.
    pub fn finish(self) -> Option<TraceResult> {
        match self.step {
            Some(Step::Done(r)) => Some(r),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cachescope_sim::miss_ratio_curve;

    fn fixture() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/trace-small.csv"
        ))
        .unwrap()
    }

    fn run(mut job: TraceJob, budget: u64) -> TraceResult {
        while !job.advance(budget).unwrap() {}
        job.finish().unwrap()
    }

    /// The page's job gives the CLI's numbers: `compare --trace` and the
    /// curve `replay --capacity curve` prints, however it is sliced.
    #[test]
    fn the_job_gives_what_the_cli_gives() {
        let s = Scenario::default();
        let a = run(TraceJob::new("trace-small.csv", fixture(), s.clone()), 97);
        let b = run(
            TraceJob::new("trace-small.csv", fixture(), s.clone()),
            u64::MAX,
        );
        assert_eq!(a.report, b.report);
        assert_eq!(a.curve, b.curve);
        // Streamed (as the worker reads a file), with an unhelpful name.
        let bytes = fixture();
        let total = bytes.len() as u64;
        let streamed = TraceJob::streamed(
            "access-log",
            &bytes[..64],
            Box::new(std::io::Cursor::new(bytes.clone())),
            total,
            s.clone(),
        );
        let c = run(streamed, 211);
        assert_eq!(
            (c.format, &c.report, &c.curve),
            (TraceFormat::Csv, &a.report, &a.curve)
        );
        let trace = Arc::new(TraceLoader::load(fixture(), TraceFormat::Csv).unwrap());
        assert_eq!(a.curve.as_deref(), Some(&miss_ratio_curve(trace.clone())));
        assert_eq!(*a.report, CompareRun::with_trace(&s, trace).finish());
        assert_eq!(a.report.trace.unwrap().requests, 4_000);
        // A knob change replays the same trace under the new scenario.
        let small = Scenario {
            cache: cachescope_sim::CacheConfig {
                capacity: 20,
                ..s.cache.clone()
            },
            ..s
        };
        let c = run(TraceJob::replay(&a, small), 1_000);
        assert!(Arc::ptr_eq(
            c.curve.as_ref().unwrap(),
            a.curve.as_ref().unwrap()
        ));
        assert!(c.report.lanes[0].hit_ratio < a.report.lanes[0].hit_ratio);
    }

    #[test]
    fn a_bad_file_fails_with_its_line_and_stays_failed() {
        let mut job = TraceJob::new(
            "t.csv",
            b"1,a,get\n2,b,get\n3,c,fly\n".to_vec(),
            Scenario::default(),
        );
        let err = loop {
            match job.advance(1) {
                Ok(false) => continue,
                Ok(true) => panic!("a bad file finished"),
                Err(e) => break e,
            }
        };
        assert_eq!(
            err,
            "line 3: unknown operation \"fly\"; expected get/read, set/write or delete"
        );
        assert!(job.advance(1).is_err());
        assert!(job.finish().is_none());
    }

    #[test]
    fn files_are_refused_before_reading_when_they_cannot_work() {
        let page = MAX_TRACE_BYTES;
        assert!(check_trace_file("t.csv", page, page).is_ok());
        assert!(check_trace_file("t.csv", page + 1, page).is_err());
        assert!(check_trace_file("t.csv", page + 1, MAX_STREAMED_TRACE_BYTES).is_ok());
        let big = check_trace_file("t.csv", 100_000_000, page).unwrap_err();
        assert!(
            big.starts_with("“t.csv” is 100.0 MB; the page reads traces up to 64 MB."),
            "{big}"
        );
        let huge = check_trace_file("t.csv", 600_000_000, MAX_STREAMED_TRACE_BYTES).unwrap_err();
        assert!(huge.contains("up to 512 MB"), "{huge}");
        assert_eq!(
            check_trace_file("t.csv", 0, page).unwrap_err(),
            "“t.csv” is empty."
        );
    }
}
