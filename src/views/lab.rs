//! The Lab view: one strategy on a small simulated system, played request
//! by request. Opens on `?view=lab&strategy=<id>` plus the knobs that differ
//! from the Lab defaults, the seed, the break-it injections and the timeline
//! position (`&capacity=4&break=crash:120@64.955ms&pos=135@72.998ms`; the
//! format is [`crate::url`]'s), replayed exactly through the player.
//!
//! This file composes the Lab's components (in [`crate::lab`]) around one
//! shared [`LabState`], and starts its clock ([`animation`]), shortcuts
//! ([`shortcuts`]) and address sync ([`address`]).

use cachescope_sim::StrategyId;
use leptos::prelude::*;

use crate::app::show_link_notices;
use crate::lab::address::sync_address;
use crate::lab::animation::{self, prefers_reduced_motion};
use crate::lab::break_panel::BreakPanel;
use crate::lab::cache_table::CacheTable;
use crate::lab::controls::Controls;
use crate::lab::counters::Counters;
use crate::lab::data_bar::LabDataBar;
use crate::lab::db_table::DbTable;
use crate::lab::details::Details;
use crate::lab::diagram::Diagram;
use crate::lab::help::HelpOverlay;
use crate::lab::knobs::Knobs;
use crate::lab::narration_panel::NarrationPanel;
use crate::lab::scrubber::Scrubber;
use crate::lab::shortcuts;
use crate::lab::state::LabState;
use crate::url::{self, View};

/// The Lab.
#[component]
pub fn LabView() -> impl IntoView {
    let search = url::current_search();
    let (strategy, unknown) = url::lab_strategy(&search);
    let lab = LabState::new(strategy, prefers_reduced_motion());
    provide_context(lab);
    // The whole state is in the link: scenario, injections, position.
    let (link, mut notices) = url::parse_lab(&search);
    notices.extend(lab.load(&link));
    let (speed, speed_notices) = url::parse_lab_speed(&search);
    notices.extend(speed_notices);
    if let Some(speed) = speed {
        lab.speed_log.set(speed);
    }
    show_link_notices(View::Lab, notices);
    let incomplete = RwSignal::new(false);
    sync_address(lab, incomplete);

    animation::play_loop(lab);
    shortcuts::install(lab);

    let on_strategy = Callback::new(move |id: StrategyId| {
        // The address follows (a new history entry: see `sync_address`).
        let mut s = crate::settings::lab_defaults::lab_scenario(id);
        s.seed = lab.scenario.with_untracked(|s| s.seed);
        // The same presses at the same times: one experiment, another strategy.
        lab.retune(s);
    });

    view! {
        <section class="view lab" data-testid="view-lab" aria-labelledby="view-title">
            <header class="lab__head">
                <div>
                    <p class="view__eyebrow">"One strategy, one small system"</p>
                    <h1 id="view-title" class="view__title" data-testid="view-title">
                        "Lab"
                    </h1>
                </div>
                <p class="lab__lede">
                    {move || {
                        let s = lab.scenario.get();
                        let (r, w) = s.paths();
                        format!(
                            "{}: reads {}, writes {}. Play it, step it, scrub it, then break it. Press ? for shortcuts.",
                            StrategyId::for_path_kinds(r, w).map_or("Custom pair", |id| id.label()),
                            r.as_str(),
                            w.as_str(),
                        )
                    }}
                </p>
            </header>
            {unknown.map(|raw| view! {
                <p class="lab-notice" role="status" data-testid="unknown-strategy">
                    {format!(
                        "There is no strategy called “{raw}”. Showing cache-aside instead; the strategies are cache-aside, read-through, write-through, write-back and write-around."
                    )}
                </p>
            })}
            {move || incomplete.get().then(|| view! {
                <p class="lab-notice" role="status" data-testid="link-incomplete">
                    "This page's link does not carry everything (more break-it events than a link \
                     holds, or settings the Lab's knobs cannot express): a copied link would open \
                     other numbers. To share exactly this, download the scenario as JSON (Export)."
                </p>
            })}
            <div class="lab__bar">
                <Controls />
                <Scrubber />
            </div>
            <div class="lab__grid">
                <div class="lab__main">
                    <Diagram />
                    <Counters />
                    <div class="lab__tables">
                        <CacheTable />
                        <DbTable />
                    </div>
                </div>
                <div class="lab__side">
                    <NarrationPanel />
                    <BreakPanel />
                    <Details />
                    <Knobs on_strategy=on_strategy />
                    <LabDataBar />
                </div>
            </div>
            <HelpOverlay />
        </section>
    }
}
