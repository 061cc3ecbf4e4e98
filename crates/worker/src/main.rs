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
//! Natively this binary does nothing: the worker only exists in a browser.
#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
mod web {
    use std::cell::RefCell;

    use cachescope_sim::{LaneRun, PickerCache, Scenario};
    use cachescope_worker::{
        slicing::{self, Throttle, WORKER_SLICE_MS},
        FromWorker, ToWorker, PROTOCOL,
    };
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// A lane to run.
    struct Job {
        generation: u64,
        job: u64,
        lane: u64,
        scenario: Scenario,
    }

    /// The worker's state between messages.
    #[derive(Default)]
    struct State {
        /// The newest generation any message has named.
        latest: u64,
        /// The job to run next; a newer one replaces it.
        pending: Option<Job>,
        /// True while the job loop is running (it drains `pending`).
        running: bool,
        /// The last key picker, reused across lanes of one workload.
        pickers: PickerCache,
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

    fn on_message(event: MessageEvent) {
        let Some(text) = event.data().as_string() else {
            post(&FromWorker::Broken {
                error: "a worker message must be a JSON string".into(),
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
                s.pending = Some(Job {
                    generation,
                    job,
                    lane,
                    scenario: *scenario,
                });
                !std::mem::replace(&mut s.running, true)
            }
            ToWorker::Cancel { generation } => {
                s.latest = s.latest.max(generation);
                if s.pending
                    .as_ref()
                    .is_some_and(|j| j.generation < generation)
                {
                    s.pending = None;
                }
                false
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
                Some(job) => run_job(job).await,
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
