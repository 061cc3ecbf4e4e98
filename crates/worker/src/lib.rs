//! The messages between the page and a cachescope lane worker.
//!
//! Compare runs six independent lanes (the no-cache baseline and the five
//! strategies). The page keeps a pool of Web Workers (`src/compare/runner.rs`)
//! and hands each one lane at a time; the worker (this crate's binary) runs
//! it with [`cachescope_sim::LaneRun`] and sends the [`LaneReport`] back; the
//! page assembles the six with [`cachescope_sim::CompareReport::from_lanes`],
//! which gives the same bytes as `compare()` on the main thread.
//!
//! Every message is one JSON string (serde, see [`ToWorker`] and
//! [`FromWorker`]), but for [`ToWorker::TraceOpen`], which the page posts
//! as a two-element array: the JSON string, then the trace's `File` (a
//! handle, structured-cloned without copying the file; the worker streams
//! it, see [`trace_job`]). The workspace enables serde_json's
//! `float_roundtrip`, so every `f64` of a report arrives bit for bit
//! (tested below).
//!
//! Compare's "Your trace" panel has a worker of its own (lane workers are
//! shared by comparisons and sweeps, and a trace job holds its trace
//! between replays): it sends [`ToWorker::TraceOpen`], then
//! [`ToWorker::TraceReplay`] for each knob change, and terminates the
//! worker when the trace is removed.
//!
//! A *generation* numbers the page's scenarios: each knob change makes a new
//! one. A worker runs one job at a time, in slices of a few milliseconds,
//! and returns to its event loop between slices, so a message that arrives
//! mid-lane is seen within one slice: a job of a newer generation replaces
//! the running one, and [`ToWorker::Cancel`] stops it. The page ignores
//! whatever a worker sends about a generation that is no longer current.
//!
//! ```
//! use cachescope_sim::Scenario;
//! use cachescope_worker::{FromWorker, ToWorker, PROTOCOL};
//!
//! let job = ToWorker::Lane { generation: 7, job: 0, lane: 2, scenario: Box::new(Scenario::default()) };
//! let text = job.to_json();
//! assert!(text.starts_with(r#"{"lane":{"generation":7,"job":0,"lane":2,"#));
//! assert_eq!(ToWorker::from_json(&text).unwrap(), job);
//!
//! let ready = FromWorker::from_json(r#"{"ready":{"protocol":3}}"#).unwrap();
//! assert_eq!(ready, FromWorker::Ready { protocol: PROTOCOL });
//! assert!(FromWorker::from_json(r#"{"lane":{}}"#).is_err());
//! ```
#![forbid(unsafe_code)]

use cachescope_sim::{LaneReport, Scenario, TraceFormat, TraceSummary};
use serde::{Deserialize, Serialize};

use trace_job::Stage;

pub mod slicing;
pub mod trace_job;

/// The protocol's version, sent in [`FromWorker::Ready`]. Worker files are
/// not content-hashed (Trunk names workers after their crate so that the
/// page can find them), so a browser could pair a cached old worker with a
/// new page; the page uses a worker only if its version is this one.
pub const PROTOCOL: u64 = 3;

/// The worker's start-up script, relative to the page (Trunk copies
/// `crates/worker/cachescope-worker_loader.js` there; see index.html).
pub const LOADER_URL: &str = "./cachescope-worker_loader.js";

/// A message from the page to a worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
// Externally tagged (`{"lane":{…}}`), not internally (`{"type":"lane",…}`):
// an internal tag makes serde buffer the whole message before it can pick
// the variant, which doubles the work on a 100 KB lane report and compiles a
// second copy of every report type's deserialiser into the page.
#[serde(rename_all = "kebab-case")]
pub enum ToWorker {
    /// Run lane `lane` (0 the baseline, then the five strategies) of the
    /// comparison of `scenario`. Replaces the job running, if any: the page
    /// sends a busy worker a job only when its current one is stale.
    Lane {
        /// The page's scenario number.
        generation: u64,
        /// The page's number for this job within its generation (a sweep
        /// runs many jobs of the same lane); the answers carry it back.
        job: u64,
        /// Which lane, `0..COMPARE_LANES`.
        lane: u64,
        /// The scenario to compare (the worker validates it again).
        scenario: Box<Scenario>,
    },
    /// Stop any job of a generation older than `generation` (the scenario
    /// became invalid, or the page left Compare).
    Cancel {
        /// The page's current scenario number.
        generation: u64,
    },
    /// Stream the trace file posted with this message (see the module
    /// docs), replay it through the six lanes under `scenario`, then draw
    /// its miss-ratio curve; keep the trace for [`ToWorker::TraceReplay`].
    /// Answered by [`FromWorker::TraceProgress`], [`FromWorker::TraceLanes`]
    /// and [`FromWorker::TraceCurve`], or [`FromWorker::TraceFailed`].
    TraceOpen {
        /// The panel's job number (its own count, not Compare's).
        generation: u64,
        /// The file's name (it can decide the format).
        name: String,
        /// The knobs' scenario.
        scenario: Box<Scenario>,
    },
    /// Replay the kept trace under a new `scenario` (a knob change);
    /// answered by [`FromWorker::TraceLanes`] (its curve is unchanged).
    TraceReplay {
        /// The panel's job number.
        generation: u64,
        /// The knobs' new scenario.
        scenario: Box<Scenario>,
    },
}

/// A message from a worker to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
// Externally tagged, like [`ToWorker`].
#[serde(rename_all = "kebab-case")]
pub enum FromWorker {
    /// The worker has started and listens; sent once.
    Ready {
        /// [`PROTOCOL`] of the worker's build.
        protocol: u64,
    },
    /// A lane is under way: sent when a job starts (0 requests done) and
    /// then at most every [`slicing::PROGRESS_EVERY_MS`].
    Progress {
        /// The job's generation.
        generation: u64,
        /// The job's number.
        job: u64,
        /// The job's lane.
        lane: u64,
        /// Client requests of the lane completed so far.
        requests_done: u64,
    },
    /// A lane has finished.
    Lane {
        /// The job's generation.
        generation: u64,
        /// The job's number.
        job: u64,
        /// The job's lane.
        lane: u64,
        /// Milliseconds the worker spent simulating and building the
        /// report (its own clock; time spent between slices not included).
        sim_ms: f64,
        /// Bytes of the worker's WebAssembly memory after the lane. Memory
        /// never shrinks, so the page replaces a worker that grew large.
        memory_bytes: u64,
        /// The lane's report.
        report: Box<LaneReport>,
    },
    /// A job could not run (an invalid scenario or lane); the message says
    /// why. The page treats it as a broken pool and runs the comparison
    /// itself, which reports the problem the usual way.
    Failed {
        /// The job's generation.
        generation: u64,
        /// The job's number.
        job: u64,
        /// The job's lane.
        lane: u64,
        /// What was wrong.
        error: String,
    },
    /// A trace job is under way.
    TraceProgress {
        /// The job's number.
        generation: u64,
        /// What it is doing.
        stage: Stage,
        /// The stage's share done, 0 to 1.
        progress: f64,
    },
    /// The six lanes on the trace: for a [`ToWorker::TraceOpen`], the
    /// curve follows; for a [`ToWorker::TraceReplay`], the job is done.
    /// The lanes and the trace's numbers, not the whole report: the page
    /// already reads lane reports (and puts them together with
    /// `CompareReport::from_traced_lanes`), while a report's own
    /// deserialiser would add its scenario's to the page's download.
    TraceLanes {
        /// The job's number.
        generation: u64,
        /// The file's format, as read.
        format: TraceFormat,
        /// What the trace holds.
        summary: TraceSummary,
        /// The six lane reports, baseline first.
        lanes: Vec<LaneReport>,
        /// True when a miss-ratio curve is still to come.
        curve_follows: bool,
        /// Milliseconds of the worker's own clock the job has taken so far.
        sim_ms: f64,
    },
    /// The trace's miss-ratio curve, as its hit counts (the page builds
    /// the curve with `MissRatioCurve::from_hits`); the job is done.
    TraceCurve {
        /// The job's number.
        generation: u64,
        /// The curve's cache sizes, ascending.
        capacities: Vec<u32>,
        /// Hits per policy and size, policy-major.
        hits: Vec<u64>,
        /// Milliseconds of the worker's own clock the whole job took.
        sim_ms: f64,
    },
    /// A trace job failed: a bad file (the message names the line or byte
    /// offset), a file that cannot be read, or a replay with no trace kept.
    TraceFailed {
        /// The job's number.
        generation: u64,
        /// What was wrong, to show as it is.
        error: String,
    },
    /// The worker could not start or could not read a message (sent by
    /// the loader script or for a message that is not [`ToWorker`] JSON).
    Broken {
        /// What went wrong.
        error: String,
    },
}

impl ToWorker {
    /// The message as sent.
    pub fn to_json(&self) -> String {
        // Plain data with string keys: serialising cannot fail.
        serde_json::to_string(self).expect("a message serialises")
    }

    /// Parses a message; the error says what was wrong.
    pub fn from_json(text: &str) -> Result<ToWorker, String> {
        serde_json::from_str(text).map_err(|e| format!("not a cachescope worker job: {e}"))
    }
}

impl FromWorker {
    /// The message as sent.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a message serialises")
    }

    /// Parses a message; the error says what was wrong.
    pub fn from_json(text: &str) -> Result<FromWorker, String> {
        serde_json::from_str(text).map_err(|e| format!("not a cachescope worker message: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cachescope_sim::{run_lane, CompareReport, Scenario, COMPARE_LANES};

    fn scenario() -> Scenario {
        Scenario::from_json(
            r#"{
                "requests": 2000,
                "workload": { "key_space": 3000, "read_ratio": 0.8 },
                "events": [ { "at_us": 100000, "kind": "cache-crash", "down_for_us": 40000 } ]
            }"#,
        )
        .expect("a valid scenario")
    }

    /// What the page does with the worker's messages gives exactly what
    /// `compare()` gives: every lane through the protocol's JSON (f64s
    /// included), then `from_lanes`, compared as serialised text.
    #[test]
    fn lanes_through_the_protocol_equal_compare_byte_for_byte() {
        let s = scenario();
        let job = ToWorker::Lane {
            generation: 3,
            job: 0,
            lane: 0,
            scenario: Box::new(s.clone()),
        };
        // The scenario itself survives the trip (its f64 rates and ratios).
        let ToWorker::Lane { scenario: back, .. } = ToWorker::from_json(&job.to_json()).unwrap()
        else {
            panic!("a lane job")
        };
        assert_eq!(*back, s);
        let lanes: Vec<_> = (0..COMPARE_LANES)
            .map(|lane| {
                let report = run_lane(&back, lane).expect("a lane");
                let sent = FromWorker::Lane {
                    generation: 3,
                    job: lane,
                    lane,
                    sim_ms: 12.345_678_9,
                    memory_bytes: 1 << 24,
                    report: Box::new(report.clone()),
                };
                let text = sent.to_json();
                let got = FromWorker::from_json(&text).expect("parses");
                assert_eq!(got, sent);
                assert_eq!(got.to_json(), text, "re-serialises to the same text");
                let FromWorker::Lane { report: r, .. } = got else {
                    panic!("a lane message")
                };
                // Bit for bit, not just within an epsilon.
                assert_eq!(r.hit_ratio.to_bits(), report.hit_ratio.to_bits());
                *r
            })
            .collect();
        let want = serde_json::to_string(&cachescope_sim::compare(&s)).unwrap();
        let got = serde_json::to_string(&CompareReport::from_lanes(&s, lanes).unwrap()).unwrap();
        assert_eq!(got, want);
    }

    #[test]
    fn bad_messages_are_errors_with_a_reason() {
        for bad in [
            "",
            "null",
            r#"{"lane":{"generation":1,"job":0,"lane":0}}"#,
            r#"{"lane":{"generation":-1,"job":0,"lane":0,"scenario":{}}}"#,
            r#"{"lane":{"generation":1,"lane":0,"scenario":{}}}"#,
            r#"{"explode":{}}"#,
            r#"{"type":"lane","generation":1,"job":0,"lane":0,"scenario":{}}"#,
        ] {
            let e = ToWorker::from_json(bad).unwrap_err();
            assert!(e.starts_with("not a cachescope worker job: "), "{e}");
        }
        assert!(FromWorker::from_json(r#"{"progress":{"generation":1}}"#).is_err());
        // The loader's own message, written by hand in JavaScript.
        assert_eq!(
            FromWorker::from_json(r#"{"broken":{"error":"x"}}"#).unwrap(),
            FromWorker::Broken { error: "x".into() }
        );
    }

    /// A trace job's messages carry its lanes and curve bit for bit: what
    /// the page puts together from them is the report and curve the job
    /// made.
    #[test]
    fn trace_messages_round_trip() {
        let s = scenario();
        let csv: String = (0..3_000u64)
            .map(|i| {
                format!(
                    "{i},{},{}\n",
                    (i * i) % 401,
                    if i % 4 == 0 { "set" } else { "get" }
                )
            })
            .collect();
        let trace = cachescope_sim::TraceLoader::load(csv.into_bytes(), TraceFormat::Csv).unwrap();
        let trace = std::sync::Arc::new(trace);
        let report = cachescope_sim::CompareRun::with_trace(&s, trace.clone()).finish();
        let curve = cachescope_sim::miss_ratio_curve(trace.clone());
        let open = ToWorker::TraceOpen {
            generation: 4,
            name: "access.log".into(),
            scenario: Box::new(s.clone()),
        };
        assert!(open
            .to_json()
            .starts_with(r#"{"trace-open":{"generation":4,"name":"access.log","#));
        for msg in [
            open,
            ToWorker::TraceReplay {
                generation: 5,
                scenario: Box::new(s.clone()),
            },
        ] {
            assert_eq!(ToWorker::from_json(&msg.to_json()).unwrap(), msg);
        }
        let (capacities, hits) = curve.hits();
        let lanes = FromWorker::TraceLanes {
            generation: 4,
            format: TraceFormat::OracleGeneral,
            summary: trace.summary(),
            lanes: std::iter::once(report.baseline.clone())
                .chain(report.lanes.iter().cloned())
                .collect(),
            curve_follows: true,
            sim_ms: 1.5,
        };
        let text = lanes.to_json();
        assert!(text.contains(r#""format":"oracle-general""#));
        let FromWorker::TraceLanes { summary, lanes, .. } = FromWorker::from_json(&text).unwrap()
        else {
            panic!("trace lanes")
        };
        let got = cachescope_sim::CompareReport::from_traced_lanes(&s, summary, lanes).unwrap();
        assert_eq!(
            serde_json::to_string(&got).unwrap(),
            serde_json::to_string(&report).unwrap()
        );
        let sent = FromWorker::TraceCurve {
            generation: 4,
            capacities,
            hits,
            sim_ms: 2.5,
        };
        let FromWorker::TraceCurve {
            capacities, hits, ..
        } = FromWorker::from_json(&sent.to_json()).unwrap()
        else {
            panic!("trace curve")
        };
        let got = cachescope_sim::MissRatioCurve::from_hits(
            curve.requests,
            curve.distinct_keys,
            &capacities,
            &hits,
        );
        assert_eq!(got.as_ref(), Some(&curve));
        for msg in [
            FromWorker::TraceProgress {
                generation: 4,
                stage: Stage::Reading,
                progress: 0.125,
            },
            FromWorker::TraceFailed {
                generation: 4,
                error: "line 3: bad".into(),
            },
        ] {
            assert_eq!(FromWorker::from_json(&msg.to_json()).unwrap(), msg);
        }
    }

    #[test]
    fn cancel_round_trips() {
        let c = ToWorker::Cancel { generation: 9 };
        assert_eq!(c.to_json(), r#"{"cancel":{"generation":9}}"#);
        assert_eq!(ToWorker::from_json(&c.to_json()).unwrap(), c);
    }
}
