//! The Lab's data actions: the run's report as CSV or JSON, the scenario as
//! JSON, and importing a scenario JSON (file picker and drag-and-drop).
//!
//! The report is the whole run of the Lab's scenario, `cachescope_sim::run`,
//! the same bytes as `cachescope run --scenario <the Scenario JSON> --json`.
//! Break-it buttons pressed during playback are not part of the scenario,
//! so they are not in the report either (the hint says so). An imported
//! scenario must fit the Lab (see [`crate::export::lab_import`]); the Lab
//! then starts over on it.

use cachescope_sim::{report_csv, Scenario, StrategyId};
use leptos::prelude::*;

use crate::components::data_actions::{DataActions, DataFile, Download};
use crate::export::{lab_import, pretty_json};
use crate::lab::state::use_lab;

/// What a Lab file name says the run is about: `lab-<strategy>`, or
/// `lab-custom` for a read/write pair that is no named strategy.
fn subject(s: &Scenario) -> String {
    let (r, w) = s.paths();
    format!(
        "lab-{}",
        StrategyId::for_paths(r, w).map_or("custom", |id| id.as_str())
    )
}

/// The data toolbar in the Lab's side column (reads the Lab's context).
#[component]
pub fn LabDataBar() -> impl IntoView {
    let lab = use_lab();
    let make = Callback::new(move |kind: DataFile| -> Result<Download, String> {
        let scenario = lab.scenario.get_untracked();
        let text = match kind {
            DataFile::ReportCsv => report_csv::lane_csv(&cachescope_sim::run(&scenario)),
            DataFile::ReportJson => pretty_json(&cachescope_sim::run(&scenario)),
            DataFile::ScenarioJson => pretty_json(&scenario),
        };
        Ok(Download {
            name: kind.file_name(&subject(&scenario), scenario.seed),
            text,
        })
    });
    let apply = Callback::new(
        move |(name, scenario): (String, Scenario)| -> Result<String, String> {
            let (scenario, note) = lab_import(&name, scenario).map_err(|e| e.0)?;
            let mut text = format!(
                "Imported {name}: {} requests, seed {}. The Lab starts over on it",
                scenario.requests, scenario.seed
            );
            if let Some(note) = note {
                text.push_str(&format!("; {note}"));
            }
            text.push('.');
            lab.restart_with(scenario);
            Ok(text)
        },
    );
    view! {
        <div class="lab-panel lab-data" data-testid="lab-data-bar">
            <DataActions
                make=make
                apply=apply
                report_ready=Signal::derive(|| true)
                hint="Report: the whole run of this scenario, as “cachescope run --json” prints it (break-it presses are not part of the scenario)."
            />
        </div>
    }
}
