//! Details of what the reader clicked: a request's full hop list with
//! times, or a component's state.

use cachescope_sim::{Node, RequestTrace};
use leptos::prelude::*;

use crate::lab::counters::ms;
use crate::lab::state::{use_lab, Selection};

fn request_view(t: RequestTrace) -> impl IntoView {
    let outcome = format!("{:?}", t.outcome).to_lowercase();
    view! {
        <h3 class="lab-details__title">
            {format!("Request {} · {:?} of key {}", t.id, t.op, t.key)}
        </h3>
        <p class="lab-details__meta">
            {format!(
                "issued at {} ms · {} · version {}{}{}",
                ms(t.issued_at_us),
                outcome,
                t.version,
                if t.stale { " · stale" } else { "" },
                if t.keys > 1 { format!(" · {} keys", t.keys) } else { String::new() },
            )}
        </p>
        <table data-testid="hop-list">
            <thead>
                <tr>
                    <th scope="col">"#"</th>
                    <th scope="col">"Hop"</th>
                    <th scope="col">"What"</th>
                    <th scope="col">"Leaves (ms)"</th>
                    <th scope="col">"Arrives (ms)"</th>
                </tr>
            </thead>
            <tbody>
                {t.hops
                    .iter()
                    .enumerate()
                    .map(|(i, h)| view! {
                        <tr>
                            <td>{i + 1}</td>
                            <td>{format!("{} → {}", h.from.label(), h.to.label())}</td>
                            <td>{format!("{:?}", h.kind).to_lowercase()}</td>
                            <td>{ms(h.depart_us)}</td>
                            <td>{ms(h.arrive_us)}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// The details panel (empty until something is clicked).
#[component]
pub fn Details() -> impl IntoView {
    let lab = use_lab();
    let body = move || {
        let sel = lab.selected.get()?;
        Some(match sel {
            Selection::Request(id) => {
                let t = lab.read(|p| p.log().get(id as usize).cloned())?;
                request_view(t).into_any()
            }
            Selection::Node(n) => {
                let c = lab.read(|p| p.counters());
                let s = lab.scenario.get();
                let text = match n {
                    Node::Client => format!(
                        "The application. It has issued {} of {} requests ({} reads and {} writes completed). Read/write paths: {} + {}.",
                        c.issued, s.requests, c.reads, c.writes, s.paths().0.as_str(), s.paths().1.as_str()
                    ),
                    Node::Cache => format!(
                        "The cache: {} of {} entries, {}; {} evictions so far; {} acknowledged writes waiting for the database.",
                        c.cache_len,
                        s.cache.capacity,
                        if c.cache_up { "up" } else { "down, restarting empty" },
                        c.evictions,
                        c.dirty
                    ),
                    Node::Db => format!(
                        "The database, the source of truth: {} connections; {} reads and {} writes completed.",
                        s.db.connections, c.db_reads, c.db_writes
                    ),
                };
                view! {
                    <h3 class="lab-details__title">{n.label()}</h3>
                    <p>{text}</p>
                }
                .into_any()
            }
        })
    };
    view! {
        <section class="lab-panel lab-details" aria-labelledby="lab-details-title" data-testid="details" aria-live="polite">
            <h2 id="lab-details-title" class="lab-panel__title">
                "Details"
                {move || lab.selected.get().is_some().then(|| view! {
                    <button type="button" class="lab-button lab-button--small" on:click=move |_| lab.selected.set(None)>
                        "Clear"
                    </button>
                })}
            </h2>
            {move || body().unwrap_or_else(|| view! {
                <p class="lab-details__hint">"Click a token or a box in the diagram to see its hops and times."</p>
            }.into_any())}
        </section>
    }
}
