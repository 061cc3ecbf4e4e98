//! Starting and ending one `crates/worker` Web Worker: what the lane pool
//! (`pool.rs`) and the trace panel's worker (`../trace_worker.rs`) both do.

use cachescope_worker::{FromWorker, LOADER_URL};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, Event, MessageEvent, Worker};

/// A started worker and the handlers that live as long as it does.
pub struct WorkerHandle {
    /// The worker.
    pub worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

impl WorkerHandle {
    /// Starts a worker; `hear` gets each of its messages, or why it broke
    /// (it failed to load, threw, or sent what is not a [`FromWorker`]).
    /// An error means no worker could be made (a sandboxed iframe has an
    /// opaque origin, which cannot start a same-origin worker).
    pub fn start(
        hear: impl Fn(Result<FromWorker, String>) + 'static,
    ) -> Result<WorkerHandle, String> {
        let worker = Worker::new(LOADER_URL).map_err(|e| {
            let why = e
                .dyn_ref::<web_sys::js_sys::Error>()
                .map_or_else(|| format!("{e:?}"), |e| String::from(e.message()));
            format!("no worker: {why}")
        })?;
        let hear = std::rc::Rc::new(hear);
        let on_message = {
            let hear = hear.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                hear(match e.data().as_string() {
                    Some(text) => FromWorker::from_json(&text),
                    None => Err("a worker sent something other than a JSON string".into()),
                })
            })
        };
        // An `ErrorEvent` when the worker's script throws; a plain `Event`
        // when its file cannot be loaded, and for `messageerror`.
        let on_error = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
            // Handled: the page falls back; not an uncaught error of the page.
            e.prevent_default();
            let msg = e
                .dyn_ref::<ErrorEvent>()
                .map(ErrorEvent::message)
                .unwrap_or_default();
            hear(Err(if msg.is_empty() {
                format!(
                    "a worker failed to load or to read a message ({})",
                    e.type_()
                )
            } else {
                format!("a worker failed: {msg}")
            }));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(WorkerHandle {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Ends the worker; nothing it still sends is heard.
    pub fn terminate(&self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.set_onmessageerror(None);
        self.worker.terminate();
    }
}
