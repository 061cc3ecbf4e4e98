//! The Lab view: one strategy, one workload, observed closely.

use leptos::prelude::*;

/// Introduces the Lab, where one strategy runs against one workload.
#[component]
pub fn LabView() -> impl IntoView {
    view! {
        <section class="view" data-testid="view-lab" aria-labelledby="view-title">
            <p class="view__eyebrow">"One strategy, one workload"</p>
            <h1 id="view-title" class="view__title" data-testid="view-title">
                "Lab"
            </h1>
            <p class="view__lede">
                "The lab puts a single caching strategy between a simulated application and its \
                 database, feeds it a stream of reads and writes, and shows what every request \
                 went through. Because the simulation is seeded, a run you found interesting can \
                 be shared as a link and replayed exactly."
            </p>
            <div class="tiers" aria-label="The three tiers every request crosses">
                <div class="tier tier--app">
                    <span class="tier__name">"App"</span>
                    <span class="tier__note">"issues reads and writes"</span>
                </div>
                <span class="tier__arrow" aria-hidden="true">"→"</span>
                <div class="tier tier--cache">
                    <span class="tier__name">"Cache"</span>
                    <span class="tier__note">"small, fast, may be stale"</span>
                </div>
                <span class="tier__arrow" aria-hidden="true">"→"</span>
                <div class="tier tier--db">
                    <span class="tier__name">"Database"</span>
                    <span class="tier__note">"slow, the source of truth"</span>
                </div>
            </div>
            <h2 class="view__subtitle">"What to look for"</h2>
            <ul class="view__list">
                <li>
                    <strong>"Hits and misses."</strong>
                    " A cold cache sends the first read of every key to the database; watch the \
                     hit ratio climb as popular keys settle in, and fall when the cache is too \
                     small for the working set."
                </li>
                <li>
                    <strong>"Where the time goes."</strong>
                    " Each request's latency is split into cache and database time, so a slow \
                     write path or a miss storm is visible at a glance."
                </li>
                <li>
                    <strong>"Freshness and durability."</strong>
                    " Reads that return an older value than the database holds are counted as \
                     stale; writes acknowledged before they reach the database are counted as \
                     at risk until they do."
                </li>
            </ul>
        </section>
    }
}
