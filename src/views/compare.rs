//! The Compare view: every strategy on the same workload, side by side.

use leptos::prelude::*;

/// Introduces Compare, which runs all five strategies on one request stream.
#[component]
pub fn CompareView() -> impl IntoView {
    view! {
        <section class="view" data-testid="view-compare" aria-labelledby="view-title">
            <p class="view__eyebrow">"Five strategies, one workload"</p>
            <h1 id="view-title" class="view__title" data-testid="view-title">
                "Compare"
            </h1>
            <p class="view__lede">
                "Compare replays the identical sequence of requests (same workload, same seed) \
                 through each of the five strategies. Since the input never changes, every \
                 difference between the columns is caused by the strategy alone, not by luck."
            </p>
            <h2 class="view__subtitle">"What the comparison measures"</h2>
            <dl class="facts">
                <div class="facts__row">
                    <dt>"Hit ratio"</dt>
                    <dd>"The share of reads answered by the cache without touching the database."</dd>
                </div>
                <div class="facts__row">
                    <dt>"Read and write latency"</dt>
                    <dd>
                        "Median and tail (p99) times as the application sees them, which is where \
                         synchronous and deferred writes part ways."
                    </dd>
                </div>
                <div class="facts__row">
                    <dt>"Database load"</dt>
                    <dd>"How many reads and writes actually reached the database."</dd>
                </div>
                <div class="facts__row">
                    <dt>"Stale reads"</dt>
                    <dd>"Reads that returned a value older than the one the database holds."</dd>
                </div>
                <div class="facts__row">
                    <dt>"Writes at risk"</dt>
                    <dd>
                        "Acknowledged writes that existed only in the cache, and would be lost if \
                         it crashed at that moment."
                    </dd>
                </div>
            </dl>
        </section>
    }
}
