//! The narration panel: the numbered steps of the flow of the request being
//! followed, the current step highlighted as its token moves.
//!
//! The request followed is the selected one if the reader clicked a token,
//! else the most recent client request in flight (or just finished).

use cachescope_sim::{Op, RequestTrace};
use leptos::prelude::*;

use crate::lab::narration::{current_step, flow};
use crate::lab::state::{use_lab, Selection};

/// The trace the narration follows at `now_us`.
pub fn followed(log: &[RequestTrace], selected: Option<u64>, now_us: u64) -> Option<RequestTrace> {
    if let Some(id) = selected {
        return log.get(id as usize).filter(|t| t.id == id).cloned();
    }
    log.iter()
        .rev()
        .filter(|t| matches!(t.op, Op::Read | Op::Write) && t.issued_at_us <= now_us)
        .take(64)
        .find(|t| t.hops.first().is_some_and(|h| h.depart_us <= now_us))
        .cloned()
}

/// The narration panel.
#[component]
pub fn NarrationPanel() -> impl IntoView {
    let lab = use_lab();
    let state = Memo::new(move |_| {
        let sel = match lab.selected.get() {
            Some(Selection::Request(id)) => Some(id),
            _ => None,
        };
        let (r, w) = lab.scenario.with(|s| s.paths());
        lab.read(|p| {
            let now = p.now_us();
            followed(p.log(), sel, now).map(|t| {
                let f = flow(t.op, r, w);
                let cur = current_step(&f, &t, now);
                (t, f, cur)
            })
        })
    });
    view! {
        <section class="lab-panel lab-narration" aria-labelledby="lab-narration-title" data-testid="narration">
            <h2 id="lab-narration-title" class="lab-panel__title">"What is happening"</h2>
            {move || match state.get() {
                None => view! {
                    <p class="lab-narration__idle">
                        "Press play (Space) or step (→) to send the first request."
                    </p>
                }
                .into_any(),
                Some((t, f, cur)) => view! {
                    <h3 class="lab-narration__title">
                        {f.title}
                        <span class="lab-panel__meta">
                            {format!(" · request {} · key {}", t.id, t.key)}
                            {t.stale.then_some(" · stale")}
                        </span>
                    </h3>
                    <ol class="lab-narration__steps">
                        {f.steps
                            .iter()
                            .enumerate()
                            .map(|(i, s)| {
                                let here = cur == Some(i);
                                view! {
                                    <li
                                        class:lab-narration__step--current=here
                                        aria-current=here.then_some("step")
                                    >
                                        {s.text}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
                .into_any(),
            }}
        </section>
    }
}
