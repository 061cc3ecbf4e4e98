//! The trace panel's own worker (`crates/worker`, the lane workers'
//! binary): it streams the picked file, replays it and keeps it for the
//! replays that knob changes ask for, off the main thread.
//!
//! Not one of the pool's lane workers (`runner/pool.rs`): those are shared
//! by comparisons and sweeps and replaced when their memory grows, while
//! this one holds a trace between jobs. A new file starts a fresh one; the
//! worker holding the trace on screen is kept until the new one's lanes
//! arrive ([`commit`]), so a bad file leaves the shown trace replayable
//! ([`restore`]); then it goes, and the old trace's memory with it. Remove
//! ends both. When it cannot start or breaks, the panel is told
//! ([`Heard::Broken`]) and reads the file itself; so it does when the pool
//! found no workers (a sandboxed embed, the `cachescope.workers` switch).

use std::cell::RefCell;
use std::rc::Rc;

use cachescope_sim::Scenario;
use cachescope_worker::{FromWorker, ToWorker, PROTOCOL};
use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use web_sys::File;

use super::runner::pool;
use super::runner::worker_handle::WorkerHandle;

/// What the panel hears from its worker.
pub enum Heard {
    /// A message of a trace job.
    Message(FromWorker),
    /// The worker could not start or broke; it is gone, and no trace
    /// worker is tried again on this page.
    Broken(String),
}

type Listener = Rc<dyn Fn(Heard)>;

struct Live {
    /// Which worker this is: every callback names its own, so a message,
    /// an error or a start-up timeout of one worker never acts on another.
    id: u64,
    handle: WorkerHandle,
    ready: bool,
    /// Whether it holds the trace whose figures are on screen.
    holds_shown: bool,
    /// Messages posted before the worker said it was ready (it has no
    /// handler until its wasm has started, and drops what comes earlier).
    queued: Vec<JsValue>,
    listener: Listener,
    _ready_timeout: Timeout,
}

thread_local! {
    /// The newest worker: messages go to it.
    static LIVE: RefCell<Option<Live>> = const { RefCell::new(None) };
    /// The worker holding the trace on screen while a newer one reads a
    /// new file.
    static HELD: RefCell<Option<Live>> = const { RefCell::new(None) };
    /// Why the trace worker broke, once it has.
    static BROKEN: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The id of the last worker started.
    static LAST_ID: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Whether `live` is worker `id`.
fn is(live: &Option<Live>, id: u64) -> bool {
    live.as_ref().is_some_and(|l| l.id == id)
}

/// Whether a trace job can go to a worker (the pool found workers and no
/// trace worker has broken on this page).
pub fn available() -> bool {
    BROKEN.with_borrow(Option::is_none) && !pool::unavailable()
}

/// Starts a fresh worker (ending the last one) and sends it `file` to
/// read and replay under `scenario`; what it says goes to `listen`. An
/// error means no worker could be made; read the file on the page.
pub fn open(
    generation: u64,
    name: &str,
    scenario: Scenario,
    file: &File,
    listen: impl Fn(Heard) + 'static,
) -> Result<(), String> {
    if let Some(old) = LIVE.take() {
        if old.holds_shown {
            if let Some(older) = HELD.replace(Some(old)) {
                retire(older);
            }
        } else {
            retire(old);
        }
    }
    let id = LAST_ID.get() + 1;
    LAST_ID.set(id);
    let started = WorkerHandle::start(move |msg| {
        match msg {
        Ok(FromWorker::Ready { protocol }) if protocol == PROTOCOL => ready(id),
        Ok(FromWorker::Ready { protocol }) => broken(
            id,
            format!("the trace worker speaks protocol {protocol}, the page {PROTOCOL} (a stale cached worker?)"),
        ),
        Ok(FromWorker::Broken { error }) => broken(id, error),
        Ok(msg) => hear(id, Heard::Message(msg)),
        Err(why) => broken(id, why),
    }
    });
    let handle = match started {
        Ok(handle) => handle,
        Err(why) => {
            // The page reads the new file itself; the shown trace's worker
            // answers knob changes again meanwhile.
            LIVE.set(HELD.take());
            return Err(why);
        }
    };
    let job = ToWorker::TraceOpen {
        generation,
        name: name.to_owned(),
        scenario: Box::new(scenario),
    };
    // The file goes as a handle: the browser clones no bytes, and the worker
    // reads it a slice at a time.
    let message = web_sys::js_sys::Array::of2(&JsValue::from_str(&job.to_json()), file);
    let ready_timeout = Timeout::new(pool::READY_TIMEOUT_MS, move || {
        if LIVE.with_borrow(|l| is(l, id) && l.as_ref().is_some_and(|l| !l.ready)) {
            broken(
                id,
                format!(
                    "no trace worker started within {} s",
                    pool::READY_TIMEOUT_MS / 1000
                ),
            );
        }
    });
    LIVE.set(Some(Live {
        id,
        handle,
        ready: false,
        holds_shown: false,
        queued: vec![message.into()],
        listener: Rc::new(listen),
        _ready_timeout: ready_timeout,
    }));
    Ok(())
}

/// Asks the worker to replay its trace under `scenario`. False when there
/// is no worker (it was never started, or broke): read the file again.
pub fn replay(generation: u64, scenario: Scenario) -> bool {
    let job = ToWorker::TraceReplay {
        generation,
        scenario: Box::new(scenario),
    };
    send(JsValue::from_str(&job.to_json()))
}

/// The newest worker's lanes are on screen: it holds the shown trace now,
/// and the one that held it before goes.
pub fn commit() {
    LIVE.with_borrow_mut(|l| {
        if let Some(l) = l {
            l.holds_shown = true;
        }
    });
    if let Some(old) = HELD.take() {
        retire(old);
    }
}

/// The newest worker's file failed: it goes, and the worker holding the
/// trace on screen (if any) takes messages again.
pub fn restore() {
    let failed_new = LIVE.with_borrow(|l| l.as_ref().is_some_and(|l| !l.holds_shown));
    if failed_new {
        if let Some(new) = LIVE.take() {
            retire(new);
        }
        LIVE.set(HELD.take());
    }
}

/// Ends the workers, and with them the traces they hold.
pub fn stop() {
    for slot in [&LIVE, &HELD] {
        if let Some(live) = slot.take() {
            retire(live);
        }
    }
}

fn send(message: JsValue) -> bool {
    LIVE.with_borrow_mut(|live| match live {
        Some(l) if l.ready => {
            // A live worker accepts it; a dead one is noticed by its error.
            let _ = l.handle.worker.post_message(&message);
            true
        }
        Some(l) => {
            l.queued.push(message);
            true
        }
        None => false,
    })
}

fn ready(id: u64) {
    LIVE.with_borrow_mut(|live| {
        if let Some(l) = live.as_mut().filter(|l| l.id == id) {
            l.ready = true;
            for m in l.queued.drain(..) {
                let _ = l.handle.worker.post_message(&m);
            }
        }
    });
}

/// Passes what worker `id` said to the panel, outside the borrow (the
/// panel may start or stop a worker in answer). Only the newest worker's
/// words count: a held one's jobs are all older than the panel's newest.
fn hear(id: u64, heard: Heard) {
    let listener = LIVE.with_borrow(|l| {
        l.as_ref()
            .filter(|l| l.id == id)
            .map(|l| l.listener.clone())
    });
    if let Some(listener) = listener {
        listener(heard);
    }
}

/// Worker `id` broke. The newest one breaking sends the panel to the
/// page for good (and the held one goes too); a held one breaking only
/// goes (the shown trace can then not be replayed in a worker, and the
/// panel says to choose the file again).
fn broken(id: u64, why: String) {
    if HELD.with_borrow(|h| is(h, id)) {
        if let Some(held) = HELD.take() {
            retire(held);
        }
        return;
    }
    if !LIVE.with_borrow(|l| is(l, id)) {
        return;
    }
    let Some(live) = LIVE.take() else { return };
    BROKEN.set(Some(why.clone()));
    let listener = live.listener.clone();
    retire(live);
    // The page holds every trace from now on.
    if let Some(held) = HELD.take() {
        retire(held);
    }
    listener(Heard::Broken(why));
}

fn retire(live: Live) {
    live.handle.terminate();
    // Its closures may be the ones running now: drop them later.
    wasm_bindgen_futures::spawn_local(async move { drop(live) });
}
