//! The lane worker: a Web Worker that runs Compare's lanes for the page.
//!
//! It listens for [`ToWorker`] messages, runs one lane at a time with
//! [`LaneRun`] in slices of [`slicing::WORKER_SLICE_MS`], and between two slices
//! returns to its event loop (through a `MessageChannel` message, which no
//! browser clamps the way it clamps nested `setTimeout(0)`), so a newer job
//! or a cancel that arrived meanwhile is seen within one slice and the stale
//! lane is dropped. It keeps the last key picker (a Zipf table) for the next
//! lane of the same workload. The protocol is in `lib.rs`; the page's side
//! is `src/compare/runner.rs`.
//!
//! The same binary runs the trace panel's jobs ([`TraceJob`]): it streams
//! the posted `File` through [`blob_reader::BlobReader`], sends the lanes as
//! soon as they are done and the miss-ratio curve after them, and keeps the
//! trace for the replays that knob changes ask for. The page's side is
//! `src/compare/trace_worker.rs`.
//!
//! Natively this binary does nothing: the worker only exists in a browser.
#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
mod blob_reader;

#[cfg(target_arch = "wasm32")]
mod web {
    use std::cell::RefCell;

    use cachescope_sim::{LaneRun, PickerCache, Scenario};
    use cachescope_worker::trace_job::{TraceJob, TraceResult};
    use cachescope_worker::{
        slicing::{self, Throttle, WORKER_SLICE_MS},
        FromWorker, ToWorker, PROTOCOL,
    };
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

    use super::blob_reader::BlobReader;

    /// A lane to run.
    struct Job {
        generation: u64,
        job: u64,
        lane: u64,
        scenario: Scenario,
    }

    /// A trace job to run: reading a file or replaying the kept trace.
    struct TraceTask {
        generation: u64,
        job: TraceJob,
    }

    /// What the job loop runs next.
    enum Task {
        Lane(Job),
        Trace(TraceTask),
    }

    impl Task {
        fn generation(&self) -> u64 {
            match self {
                Task::Lane(j) => j.generation,
                Task::Trace(t) => t.generation,
            }
        }
    }

    /// The worker's state between messages.
    #[derive(Default)]
    struct State {
        /// The newest generation any message has named.
        latest: u64,
        /// The job to run next; a newer one replaces it.
        pending: Option<Task>,
        /// True while the job loop is running (it drains `pending`).
        running: bool,
        /// The last key picker, reused across lanes of one workload.
        pickers: PickerCache,
        /// The last trace read, with its comparison and curve so far, for
        /// [`ToWorker::TraceReplay`].
        trace: Option<TraceResult>,
    }

    thread_local! {
        static STATE: RefCell<State> = RefCell::new(State::default());
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn post(msg: &FromWorker) {
        // Posting a string to the page cannot fail while the worker lives.
        let _ = scope().post_message(&JsValue::from_str(&msg.to_json()));
    }

    fn now_ms() -> f64 {
        scope()
            .performance()
            .map_or_else(js_sys::Date::now, |p| p.now())
    }

    /// Returns to the worker's event loop once, so queued messages are
    /// handled, then resumes.
    async fn yield_to_event_loop() {
        let Ok(channel) = web_sys::MessageChannel::new() else {
            return;
        };
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            channel.port1().set_onmessage(Some(&resolve));
            let _ = channel.port2().post_message(&JsValue::UNDEFINED);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        channel.port1().set_onmessage(None);
    }

    /// A message's JSON and, for a trace job, the file posted with it.
    fn read_message(data: JsValue) -> Option<(String, Option<Blob>)> {
        if let Some(text) = data.as_string() {
            return Some((text, None));
        }
        let parts = data.dyn_into::<js_sys::Array>().ok()?;
        let text = parts.get(0).as_string()?;
        Some((text, parts.get(1).dyn_into::<Blob>().ok()))
    }

    /// The job a trace message asks for, or the message to send back.
    fn trace_job(
        msg: ToWorker,
        file: Option<Blob>,
        kept: Option<&TraceResult>,
    ) -> Result<TraceJob, String> {
        match msg {
            ToWorker::TraceOpen { name, scenario, .. } => {
                scenario.validate().map_err(|e| e.to_string())?;
                let file = file.ok_or("no file came with the trace job")?;
                let reader = BlobReader::new(file).map_err(|e| e.to_string())?;
                let head = reader.head(4096).map_err(|e| e.to_string())?;
                let total = reader.size();
                Ok(TraceJob::streamed(
                    &name,
                    &head,
                    Box::new(reader),
                    total,
                    *scenario,
                ))
            }
            ToWorker::TraceReplay { scenario, .. } => {
                scenario.validate().map_err(|e| e.to_string())?;
                let kept =
                    kept.ok_or("the worker holds no trace to replay; choose the file again")?;
                Ok(TraceJob::replay(kept, *scenario))
            }
            _ => Err("not a trace job".into()),
        }
    }

    fn on_message(event: MessageEvent) {
        let Some((text, file)) = read_message(event.data()) else {
            post(&FromWorker::Broken {
                error: "a worker message must be a JSON string (or one and a file)".into(),
            });
            return;
        };
        let msg = match ToWorker::from_json(&text) {
            Ok(m) => m,
            Err(error) => {
                post(&FromWorker::Broken { error });
                return;
            }
        };
        let start = STATE.with_borrow_mut(|s| match msg {
            ToWorker::Lane {
                generation,
                job,
                lane,
                scenario,
            } => {
                s.latest = s.latest.max(generation);
                s.pending = Some(Task::Lane(Job {
                    generation,
                    job,
                    lane,
                    scenario: *scenario,
                }));
                !std::mem::replace(&mut s.running, true)
            }
            ToWorker::Cancel { generation } => {
                s.latest = s.latest.max(generation);
                if s.pending
                    .as_ref()
                    .is_some_and(|j| j.generation() < generation)
                {
                    s.pending = None;
                }
                false
            }
            msg @ (ToWorker::TraceOpen { generation, .. }
            | ToWorker::TraceReplay { generation, .. }) => {
                s.latest = s.latest.max(generation);
                match trace_job(msg, file, s.trace.as_ref()) {
                    Ok(job) => {
                        s.pending = Some(Task::Trace(TraceTask { generation, job }));
                        !std::mem::replace(&mut s.running, true)
                    }
                    Err(error) => {
                        // A newer job supersedes a running one even when it fails.
                        s.pending = None;
                        post(&FromWorker::TraceFailed { generation, error });
                        false
                    }
                }
            }
        });
        if start {
            wasm_bindgen_futures::spawn_local(run_jobs());
        }
    }

    /// Runs pending jobs until there is none.
    async fn run_jobs() {
        loop {
            let job = STATE.with_borrow_mut(|s| {
                let job = s.pending.take();
                s.running = job.is_some();
                job
            });
            match job {
                Some(Task::Lane(job)) => run_job(job).await,
                Some(Task::Trace(task)) => run_trace(task).await,
                None => return,
            }
        }
    }

    /// True when `generation`'s job should stop: a newer job is waiting or
    /// a newer generation was named.
    fn superseded(generation: u64) -> bool {
        STATE.with_borrow(|s| s.pending.is_some() || s.latest > generation)
    }

    async fn run_job(job: Job) {
        let Job {
            generation,
            job,
            lane,
            scenario,
        } = job;
        let failed = |error: String| {
            post(&FromWorker::Failed {
                generation,
                job,
                lane,
                error,
            })
        };
        if let Err(e) = scenario.validate() {
            return failed(e.to_string());
        }
        let t0 = now_ms();
        let run = STATE.with_borrow_mut(|s| LaneRun::with_pickers(&scenario, lane, &mut s.pickers));
        let mut run = match run {
            Ok(run) => run,
            Err(e) => return failed(e.to_string()),
        };
        let mut sim_ms = now_ms() - t0;
        post(&FromWorker::Progress {
            generation,
            job,
            lane,
            requests_done: 0,
        });
        let mut progress = Throttle::new(now_ms());
        loop {
            let (done, ms) = slicing::slice(now_ms, WORKER_SLICE_MS, |n| run.advance(n));
            sim_ms += ms;
            if done {
                break;
            }
            if progress.due(now_ms()) {
                post(&FromWorker::Progress {
                    generation,
                    job,
                    lane,
                    requests_done: run.requests_done(),
                });
            }
            yield_to_event_loop().await;
            if superseded(generation) {
                return;
            }
        }
        let t = now_ms();
        let report = run.finish();
        sim_ms += now_ms() - t;
        let memory_bytes = wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length() as u64;
        post(&FromWorker::Lane {
            generation,
            job,
            lane,
            sim_ms,
            memory_bytes,
            report: Box::new(report),
        });
    }

    /// Runs a trace job: posts its lanes as soon as they are done, then its
    /// curve (if it draws one), and keeps the trace for replays.
    async fn run_trace(task: TraceTask) {
        let TraceTask {
            generation,
            mut job,
        } = task;
        let draws_curve = job.draws_curve();
        let mut sim_ms = 0.0;
        let (stage, _) = job.progress();
        post(&FromWorker::TraceProgress {
            generation,
            stage,
            progress: 0.0,
        });
        let mut progress = Throttle::new(now_ms());
        let mut lanes_sent = false;
        let send_lanes = |result: &TraceResult, sim_ms: f64| {
            let r = &result.report;
            post(&FromWorker::TraceLanes {
                generation,
                format: result.format,
                summary: result.trace.summary(),
                lanes: std::iter::once(r.baseline.clone())
                    .chain(r.lanes.iter().cloned())
                    .collect(),
                curve_follows: draws_curve,
                sim_ms,
            });
            // Kept at once: a knob change while the curve is drawn replays
            // this trace (and draws the curve after its lanes).
            STATE.with_borrow_mut(|s| s.trace = Some(result.clone()));
        };
        loop {
            let mut failure = None;
            let (done, ms) = slicing::slice(now_ms, WORKER_SLICE_MS, |n| match job.advance(n) {
                Ok(done) => done,
                Err(e) => {
                    failure = Some(e);
                    true
                }
            });
            sim_ms += ms;
            if let Some(error) = failure {
                return post(&FromWorker::TraceFailed { generation, error });
            }
            if done {
                break;
            }
            if let (false, Some(result)) = (lanes_sent, job.lanes_done()) {
                lanes_sent = true;
                send_lanes(result, sim_ms);
            } else if progress.due(now_ms()) {
                let (stage, share) = job.progress();
                post(&FromWorker::TraceProgress {
                    generation,
                    stage,
                    progress: share,
                });
            }
            yield_to_event_loop().await;
            if superseded(generation) {
                return;
            }
        }
        let Some(result) = job.finish() else {
            return post(&FromWorker::TraceFailed {
                generation,
                error: "the trace job ended without a result".into(),
            });
        };
        if !lanes_sent {
            send_lanes(&result, sim_ms);
        }
        if let (true, Some(curve)) = (draws_curve, result.curve.as_deref()) {
            let (capacities, hits) = curve.hits();
            post(&FromWorker::TraceCurve {
                generation,
                capacities,
                hits,
                sim_ms,
            });
        }
        STATE.with_borrow_mut(|s| s.trace = Some(result));
    }

    /// Starts listening and tells the page so.
    pub fn start() {
        let handler = Closure::<dyn Fn(MessageEvent)>::new(on_message);
        scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
        // The handler lives as long as the worker.
        handler.forget();
        post(&FromWorker::Ready { protocol: PROTOCOL });
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    web::start();
}
