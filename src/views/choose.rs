//! The Choose view: from a description of a workload to a strategy.

use leptos::prelude::*;

/// Introduces Choose, which recommends a strategy for a described workload,
/// and summarises the five strategies in a sentence each.
#[component]
pub fn ChooseView() -> impl IntoView {
    view! {
        <section class="view" data-testid="view-choose" aria-labelledby="view-title">
            <p class="view__eyebrow">"From your workload to a strategy"</p>
            <h1 id="view-title" class="view__title" data-testid="view-title">
                "Choose"
            </h1>
            <p class="view__lede">
                "Choose starts from the questions that decide the matter: how often data is read \
                 compared with how often it changes, how old a value a reader may see, and \
                 whether a write may be lost if the cache fails. It simulates the candidates on a \
                 workload shaped like yours and explains the recommendation with the numbers."
            </p>
            <h2 class="view__subtitle">"The five strategies in one line each"</h2>
            <dl class="facts">
                <div class="facts__row">
                    <dt>"Cache-aside"</dt>
                    <dd>
                        "The application looks in the cache, reads the database on a miss and \
                         stores what it found; only data someone asked for takes up room."
                    </dd>
                </div>
                <div class="facts__row">
                    <dt>"Read-through"</dt>
                    <dd>
                        "The application only talks to the cache, which loads missing entries \
                         from the database by itself."
                    </dd>
                </div>
                <div class="facts__row">
                    <dt>"Write-through"</dt>
                    <dd>
                        "A write is finished only once both the cache and the database have it: \
                         slower writes, no stale reads through the cache."
                    </dd>
                </div>
                <div class="facts__row">
                    <dt>"Write-back"</dt>
                    <dd>
                        "A write lands in the cache and is acknowledged at once; the database \
                         catches up later in batches, so a cache failure can lose recent writes."
                    </dd>
                </div>
                <div class="facts__row">
                    <dt>"Write-around"</dt>
                    <dd>
                        "Writes go straight to the database and skip the cache, which keeps \
                         write-once data from crowding out what is read often."
                    </dd>
                </div>
            </dl>
        </section>
    }
}
