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

/// The mark on a read whose fill put an old value back (the engine's
/// `late_fill`), and what it means.
const LATE_FILL: &str = " · late fill: the old value went back in";
const LATE_FILL_HELP: &str = "A write changed the database while this read was loading, and its \
     delete reached the cache first, so this fill stored the old value. It stays until the next \
     write of the key or its TTL.";

/// The marks of the stampede mitigations on a read: it waited for another
/// read's DB load (coalescing, read-through's single loader), it got an
/// expired value inside the grace window, it started a background reload.
const COALESCED: &str = " · waited for another read's DB load";
const COALESCED_HELP: &str = "Another read of this key was already loading it from the database, \
     so this one waited for that answer instead of sending its own.";
const GRACE: &str = " · served stale in grace";
const GRACE_HELP: &str = "The entry had expired, but inside the stale-while-revalidate window: \
     this read got the old value at once while one background reload fetches the new one.";
const REFRESHED: &str = " · started a background reload";
const REFRESHED_HELP: &str = "This hit started a reload of its key before anyone missed \
     (early refresh, or the first read in a grace window).";

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
    // Invisible copies of the read and the write flow of the current paths,
    // stacked under the live narration (same grid cell): the panel is always
    // as tall as the longer of the two. Without them it grew and shrank as
    // the followed request switched between a read and a write, several
    // times a second while playing, and the "Break things" buttons below it
    // jumped under the pointer.
    let sizers = move || {
        let (r, w) = lab.scenario.with(|s| s.paths());
        [Op::Read, Op::Write]
            .into_iter()
            .map(|op| {
                let f = flow(op, r, w);
                view! {
                    <div class="lab-narration__sizer" aria-hidden="true">
                        <h3 class="lab-narration__title">
                            {f.title}
                            <span class="lab-panel__meta">{format!(" · request 0000 · key 0000 · stale{LATE_FILL}")}</span>
                        </h3>
                        <ol class="lab-narration__steps">
                            {f.steps.iter().map(|s| view! { <li>{s.text}</li> }).collect_view()}
                        </ol>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <section class="lab-panel lab-narration" aria-labelledby="lab-narration-title" data-testid="narration">
            <h2 id="lab-narration-title" class="lab-panel__title">"What is happening"</h2>
            <div class="lab-narration__body">
            {sizers}
            <div class="lab-narration__live">
            {move || match state.get() {
                // Before the first request: the prompt, and what a read will
                // go through, so the panel is not an empty box.
                None => {
                    let (r, w) = lab.scenario.with(|s| s.paths());
                    let f = flow(Op::Read, r, w);
                    view! {
                        <p class="lab-narration__idle">
                            "Press play (Space) or step (→) to send the first request."
                        </p>
                        <h3 class="lab-narration__title">{f.title}</h3>
                        <ol class="lab-narration__steps">
                            {f.steps.iter().map(|s| view! { <li>{s.text}</li> }).collect_view()}
                        </ol>
                    }
                    .into_any()
                }
                Some((t, f, cur)) => view! {
                    <h3 class="lab-narration__title">
                        {f.title}
                        <span class="lab-panel__meta">
                            {format!(" · request {} · key {}", t.id, t.key)}
                            {t.stale.then_some(" · stale")}
                            {[
                                (t.late_fill, "lab-narration__late", "late-fill", LATE_FILL_HELP, LATE_FILL),
                                (t.coalesced, "lab-narration__mark", "coalesced", COALESCED_HELP, COALESCED),
                                (t.grace, "lab-narration__mark", "grace", GRACE_HELP, GRACE),
                                (t.refreshed, "lab-narration__mark", "refreshed", REFRESHED_HELP, REFRESHED),
                            ]
                                .into_iter()
                                .filter(|m| m.0)
                                .map(|(_, class, id, help, text)| view! {
                                    <span class=class data-testid=id title=help>{text}</span>
                                })
                                .collect_view()}
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
            </div>
            </div>
        </section>
    }
}
