//! The data toolbar a view shows under its results, shared by Compare and
//! the Lab: the report as CSV or JSON, the scenario as JSON, and importing a
//! scenario JSON (file picker and drag-and-drop).
//!
//! The view says how to build each file and how to apply an imported
//! scenario; [`DataActions`] does the buttons, the file picker, the
//! window-wide drag-and-drop with its drop hint, and the messages. The bytes
//! are the CLI's (see [`crate::export`]).

use cachescope_sim::Scenario;
use leptos::prelude::*;

use crate::export::data_file_name;

/// Which file a button saves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataFile {
    /// The report, one row per lane (`report_csv`).
    ReportCsv,
    /// The report as the CLI prints it.
    ReportJson,
    /// The scenario the knobs make, ready to import or to pass to the CLI.
    ScenarioJson,
}

impl DataFile {
    /// All three, in toolbar order.
    pub const ALL: [DataFile; 3] = [
        DataFile::ReportCsv,
        DataFile::ReportJson,
        DataFile::ScenarioJson,
    ];

    /// Button text.
    pub fn label(self) -> &'static str {
        match self {
            DataFile::ReportCsv => "Report CSV",
            DataFile::ReportJson => "Report JSON",
            DataFile::ScenarioJson => "Scenario JSON",
        }
    }

    /// The button's `data-testid`.
    pub fn test_id(self) -> &'static str {
        match self {
            DataFile::ReportCsv => "data-report-csv",
            DataFile::ReportJson => "data-report-json",
            DataFile::ScenarioJson => "data-scenario-json",
        }
    }

    /// What the file holds, in its name.
    pub fn what(self) -> &'static str {
        match self {
            DataFile::ReportCsv | DataFile::ReportJson => "report",
            DataFile::ScenarioJson => "scenario",
        }
    }

    /// File extension.
    pub fn ext(self) -> &'static str {
        match self {
            DataFile::ReportCsv => "csv",
            DataFile::ReportJson | DataFile::ScenarioJson => "json",
        }
    }

    /// MIME type of the download.
    pub fn mime(self) -> &'static str {
        match self {
            DataFile::ReportCsv => "text/csv",
            DataFile::ReportJson | DataFile::ScenarioJson => "application/json",
        }
    }

    /// Whether this file is the report (unavailable until one exists).
    pub fn is_report(self) -> bool {
        !matches!(self, DataFile::ScenarioJson)
    }

    /// The file's name for `subject` (a preset, or `lab-<strategy>`) and
    /// `seed`.
    pub fn file_name(self, subject: &str, seed: u64) -> String {
        data_file_name(subject, seed, self.what(), self.ext())
    }
}

/// A file to save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Download {
    /// File name.
    pub name: String,
    /// Contents.
    pub text: String,
}

/// What the toolbar last said.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Message {
    Done(String),
    Failed(String),
}

/// Saves `download` as a file (a no-op natively, where there is no page).
fn save(kind: DataFile, download: &Download) -> Result<(), String> {
    #[cfg(target_arch = "wasm32")]
    {
        crate::export::download_text(&download.name, kind.mime(), &download.text)
            .map_err(|e| format!("The browser refused the download: {e:?}"))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (kind, download);
        Ok(())
    }
}

/// The toolbar: three downloads and an import, plus drag-and-drop of a
/// `.json` file anywhere on the page while it is mounted.
#[component]
pub fn DataActions(
    /// Builds the file for a button, or says why there is none yet.
    make: Callback<DataFile, Result<Download, String>>,
    /// Applies an imported (already validated) scenario, given the file
    /// name; returns what to tell the reader, or why it was refused.
    apply: Callback<(String, Scenario), Result<String, String>>,
    /// Whether a report of the current scenario exists (the report buttons
    /// wait for it).
    #[prop(into)]
    report_ready: Signal<bool>,
    /// One line under the buttons saying what the files hold.
    hint: &'static str,
    /// What the drop hint says while files are dragged over the page.
    #[prop(default = "Drop a scenario .json to import it")]
    drop_hint: &'static str,
) -> impl IntoView {
    let message = RwSignal::new(None::<Message>);
    let dragging = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();

    let on_download = move |kind: DataFile| match make.run(kind) {
        Ok(d) => match save(kind, &d) {
            Ok(()) => message.set(Some(Message::Done(format!("Saved {}.", d.name)))),
            Err(e) => message.set(Some(Message::Failed(e))),
        },
        Err(e) => message.set(Some(Message::Failed(e))),
    };

    let import = import_handler(apply, message);
    let on_pick = move |_| {
        #[cfg(target_arch = "wasm32")]
        if let Some(el) = input.get() {
            let file = el.files().and_then(|f| f.get(0));
            // Cleared so that choosing the same file again still fires.
            el.set_value("");
            if let Some(file) = file {
                import(file);
            }
        }
    };
    let open_picker = move |_| {
        if let Some(el) = input.get() {
            el.click();
        }
    };
    drag_and_drop(import, dragging);

    view! {
        <section class="data-bar" aria-labelledby="data-bar-title" data-testid="data-bar">
            <h2 id="data-bar-title" class="data-bar__title">"Data"</h2>
            <div class="data-bar__buttons">
                {DataFile::ALL
                    .into_iter()
                    .map(|kind| {
                        view! {
                            <button
                                type="button"
                                class="tool-button"
                                data-testid=kind.test_id()
                                disabled=move || kind.is_report() && !report_ready.get()
                                on:click=move |_| on_download(kind)
                            >
                                {kind.label()}
                            </button>
                        }
                    })
                    .collect_view()}
                <button
                    type="button"
                    class="tool-button tool-button--primary"
                    data-testid="data-import"
                    aria-describedby="data-bar-hint"
                    on:click=open_picker
                >
                    "Import scenario…"
                </button>
                <input
                    node_ref=input
                    type="file"
                    accept=".json,application/json"
                    class="sr-only"
                    tabindex="-1"
                    aria-hidden="true"
                    data-testid="data-import-input"
                    on:change=on_pick
                />
            </div>
            <p id="data-bar-hint" class="data-bar__hint">
                {hint} " To import, choose a scenario .json or drop one anywhere on the page."
            </p>
            {move || match message.get() {
                None => ().into_any(),
                Some(Message::Done(text)) => view! {
                    <p class="data-bar__msg" role="status" data-testid="data-message">{text}</p>
                }
                .into_any(),
                Some(Message::Failed(text)) => view! {
                    <p class="data-bar__msg data-bar__msg--error" role="alert" data-testid="data-error">
                        {text}
                    </p>
                }
                .into_any(),
            }}
            <Show when=move || dragging.get()>
                <div class="data-drop" data-testid="data-drop-hint">
                    <p class="data-drop__text">{drop_hint}</p>
                </div>
            </Show>
        </section>
    }
}

/// The import pipeline for one picked or dropped file: check its name and
/// size, read it, parse and validate it, then hand it to `apply`; every
/// failure ends as a message and leaves the view's state as it was.
#[cfg(target_arch = "wasm32")]
fn import_handler(
    apply: Callback<(String, Scenario), Result<String, String>>,
    message: RwSignal<Option<Message>>,
) -> impl Fn(web_sys::File) + Copy + 'static {
    use crate::export::{check_import_file, parse_import, read_text};
    move |file: web_sys::File| {
        let name = file.name();
        if let Err(e) = check_import_file(&name, &file.type_(), file.size() as u64) {
            message.set(Some(Message::Failed(e.0)));
            return;
        }
        leptos::task::spawn_local(async move {
            let result = match read_text(&file).await {
                Err(e) => Err(e.0),
                Ok(text) => match parse_import(&name, &text) {
                    Err(e) => Err(e.0),
                    Ok(s) => apply.run((name, s)),
                },
            };
            message.set(Some(match result {
                Ok(note) => Message::Done(note),
                Err(e) => Message::Failed(e),
            }));
        });
    }
}

/// Natively there are no files to read; the toolbar still renders.
#[cfg(not(target_arch = "wasm32"))]
fn import_handler(
    apply: Callback<(String, Scenario), Result<String, String>>,
    message: RwSignal<Option<Message>>,
) -> impl Fn(()) + Copy + 'static {
    let _ = (apply, message);
    |()| {}
}

/// Window-level drag-and-drop while the toolbar is mounted: a drag that
/// carries files shows the drop hint, a drop imports the first file, and
/// the browser never navigates away to a dropped file. A drop that an
/// element below already took (Compare's trace panel takes traces; it
/// cancels the drop's default) only ends the hint. The listeners are
/// removed when the toolbar unmounts.
#[cfg(target_arch = "wasm32")]
fn drag_and_drop(import: impl Fn(web_sys::File) + Copy + 'static, dragging: RwSignal<bool>) {
    use leptos::ev;
    use web_sys::DragEvent;

    use super::dragged_files::{carries_files, first_file};
    // dragenter/dragleave fire for every element crossed; the hint stays
    // until as many leaves as enters have been seen.
    let depth = StoredValue::new(0i32);
    let enter = window_event_listener(ev::dragenter, move |e: DragEvent| {
        if carries_files(&e) {
            e.prevent_default();
            depth.update_value(|d| *d += 1);
            dragging.set(true);
        }
    });
    let over = window_event_listener(ev::dragover, move |e: DragEvent| {
        if carries_files(&e) {
            // Without this the drop is refused (or opens the file).
            e.prevent_default();
            if let Some(dt) = e.data_transfer() {
                dt.set_drop_effect("copy");
            }
            dragging.set(true);
        }
    });
    let leave = window_event_listener(ev::dragleave, move |_e: DragEvent| {
        depth.update_value(|d| *d = (*d - 1).max(0));
        if depth.get_value() == 0 {
            dragging.set(false);
        }
    });
    let drop = window_event_listener(ev::drop, move |e: DragEvent| {
        depth.set_value(0);
        dragging.set(false);
        if e.default_prevented() {
            return;
        }
        if let Some(file) = first_file(&e) {
            e.prevent_default();
            import(file);
        }
    });
    on_cleanup(move || {
        enter.remove();
        over.remove();
        leave.remove();
        drop.remove();
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn drag_and_drop(import: impl Fn(()) + Copy + 'static, dragging: RwSignal<bool>) {
    let _ = (import, dragging);
}
