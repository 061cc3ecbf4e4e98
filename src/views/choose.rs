//! The Choose view: a short guide from a few questions about a workload to a
//! read path and a write path, explained with the numbers of a simulation of
//! the matching preset, and a "show me" link into Compare.

use leptos::prelude::*;

use crate::choose::address::answers_in_address;
use crate::choose::questions::Questions;
use crate::choose::recommendation::Recommendation;

/// The guide.
#[component]
pub fn ChooseView() -> impl IntoView {
    let answers = answers_in_address();
    view! {
        <section class="view choose" data-testid="view-choose" aria-labelledby="view-title">
            <p class="view__eyebrow">"From your workload to a strategy"</p>
            <h1 id="view-title" class="view__title" data-testid="view-title">
                "Choose"
            </h1>
            <p class="view__lede">
                "Answer five questions about your data. The guide picks a read path and a write \
                 path, explains why with the numbers of a simulation shaped like your answers, and \
                 opens that simulation in Compare if you want to see it for yourself."
            </p>
            <div class="choose__layout">
                <Questions answers=answers />
                <Recommendation answers=answers />
            </div>
        </section>
    }
}
