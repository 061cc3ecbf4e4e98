//! The Lab's data actions: the run's report as CSV or JSON, the scenario as
//! JSON, and importing a scenario JSON (file picker and drag-and-drop).

use leptos::prelude::*;

/// The data toolbar in the Lab's side column (reads the Lab's context).
#[component]
pub fn LabDataBar() -> impl IntoView {}
