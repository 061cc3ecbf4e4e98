//! Compare's data toolbar ([`DataActions`]): the report as CSV or JSON,
//! the scenario as JSON, and importing a scenario JSON. A downloaded report
//! equals `cachescope compare --format json` for the same scenario.

use cachescope_sim::{report_csv, Scenario};
use leptos::prelude::*;

use super::{CompareCtx, RunStatus};
use crate::export::pretty_json;

use crate::components::data_actions::{DataActions, DataFile, Download};

/// The data toolbar under the Compare lanes.
#[component]
pub fn DataBar(ctx: CompareCtx) -> impl IntoView {
    let make = Callback::new(move |kind: DataFile| -> Result<Download, String> {
        let subject = ctx.preset.get_untracked().as_str();
        if kind.is_report() {
            let Some(report) = ctx.report.get_untracked() else {
                return Err("No report yet: wait for the simulation to finish.".into());
            };
            let text = match kind {
                DataFile::ReportCsv => report_csv::compare_csv(&report),
                _ => pretty_json(&*report),
            };
            Ok(Download {
                name: kind.file_name(subject, report.scenario.seed),
                text,
            })
        } else {
            let scenario = ctx.scenario.get_untracked();
            scenario
                .validate()
                .map_err(|e| format!("The knobs make an invalid scenario ({e}): fix it first."))?;
            Ok(Download {
                name: kind.file_name(subject, scenario.seed),
                text: pretty_json(&scenario),
            })
        }
    });
    let apply = Callback::new(
        move |(name, scenario): (String, Scenario)| -> Result<String, String> {
            let summary = format!(
                "Imported {name}: {} requests, seed {}, {} event{}. Simulating it now.",
                scenario.requests,
                scenario.seed,
                scenario.events.len(),
                if scenario.events.len() == 1 { "" } else { "s" }
            );
            ctx.events
                .set(scenario.events.iter().cloned().map(|e| (e, true)).collect());
            ctx.scenario.set(scenario);
            Ok(summary)
        },
    );
    let ready = Signal::derive(move || {
        ctx.report.with(Option::is_some)
            && matches!(
                ctx.status.get(),
                RunStatus::Done { .. } | RunStatus::Cached { .. }
            )
    });
    view! {
        <DataActions
            make=make
            apply=apply
            report_ready=ready
            hint="Report: every lane and metric of the comparison on screen, exactly as “cachescope compare” writes it. Scenario: the preset with your knob changes and events."
            drop_hint="Drop a scenario .json to import it, or a trace on “Your trace”"
        />
    }
}
