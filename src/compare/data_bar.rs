//! Compare's data actions: the report as CSV or JSON, the scenario as JSON,
//! and importing a scenario JSON (file picker and drag-and-drop).

use leptos::prelude::*;

use super::CompareCtx;

/// The data toolbar under the Compare lanes.
#[component]
pub fn DataBar(ctx: CompareCtx) -> impl IntoView {
    let _ = ctx;
}
