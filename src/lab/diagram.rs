//! The App / Cache / Database diagram as inline SVG (a viewBox, so it is
//! crisp at any size), with a token for every operation in flight along the
//! hops the engine recorded, and a legend. Click a box or a token for
//! details.

use cachescope_sim::Node;
use leptos::prelude::*;

use crate::lab::frame::{
    self, node_xy, TokenClass, TokenMark, BOX_HALF_H, BOX_HALF_W, VIEW_H, VIEW_W,
};
use crate::lab::state::{use_lab, Selection};

/// Most tokens drawn at once (a bulk import puts a thousand in flight).
const MAX_TOKENS: usize = 60;

/// The shape of a token class, centred on (0, 0).
fn shape(class: TokenClass) -> impl IntoView {
    match class.shape() {
        "circle" => view! { <circle r="11" /> }.into_any(),
        "square" => view! { <rect x="-10" y="-10" width="20" height="20" rx="2" /> }.into_any(),
        "triangle" => view! { <polygon points="0,-13 12,9 -12,9" /> }.into_any(),
        _ => view! { <polygon points="0,-13 13,0 0,13 -13,0" /> }.into_any(),
    }
}

/// The ring around a token a mitigation served: dashed for a read that
/// waited for another's load, dotted for one served stale in grace (told
/// apart by their dash pattern and the legend, not by colour alone). It is
/// drawn after the shape, so the `:first-child` rules (selection, the lost
/// outline) stay on the shape.
fn mark_ring(mark: TokenMark) -> impl IntoView {
    view! {
        <circle
            class=format!("token__mark token__mark--{}", mark.as_str())
            r="16"
            data-testid=format!("token-mark-{}", mark.as_str())
        />
    }
}

/// One box of the diagram.
#[component]
fn NodeBox(
    /// Which node.
    node: Node,
    /// Second line under the name.
    detail: Signal<String>,
    /// Drawn as down (crossed out).
    #[prop(optional)]
    down: Option<Signal<bool>>,
) -> impl IntoView {
    let lab = use_lab();
    let (x, y) = node_xy(node);
    let name = match node {
        Node::Client => "App",
        Node::Cache => "Cache",
        Node::Db => "Database",
    };
    let is_down = move || down.is_some_and(|d| d.get());
    let select = move || lab.selected.set(Some(Selection::Node(node)));
    view! {
        <g
            class=format!("lab-node lab-node--{}", node.as_str())
            class:lab-node--down=is_down
            class:lab-node--selected=move || lab.selected.get() == Some(Selection::Node(node))
            transform=format!("translate({x},{y})")
            role="button"
            tabindex="0"
            data-testid=format!("node-{}", node.as_str())
            on:click=move |_| select()
            on:keydown=move |e| {
                if e.key() == "Enter" {
                    e.prevent_default();
                    select();
                }
            }
        >
            <rect x=-BOX_HALF_W y=-BOX_HALF_H width=2.0 * BOX_HALF_W height=2.0 * BOX_HALF_H rx="8" />
            <text class="lab-node__name" y="-4" text-anchor="middle">{name}</text>
            <text class="lab-node__detail" y="16" text-anchor="middle">{move || detail.get()}</text>
            {move || is_down().then(|| view! {
                <g class="lab-node__cross" aria-hidden="true">
                    <line x1="-70" y1="-32" x2="70" y2="32" />
                    <line x1="-70" y1="32" x2="70" y2="-32" />
                </g>
            })}
        </g>
    }
}

/// The diagram panel.
#[component]
pub fn Diagram() -> impl IntoView {
    let lab = use_lab();
    let toks = Memo::new(move |_| lab.read(|p| frame::tokens(p.log(), p.now_us(), MAX_TOKENS)));
    let counters = Memo::new(move |_| lab.read(|p| p.counters()));
    let cache_up = Signal::derive(move || !counters.get().cache_up);
    let slow_db = Memo::new(move |_| {
        lab.read(|p| {
            let now = p.now_us();
            p.injections().iter().any(|i| match i.kind {
                cachescope_sim::EventKind::DbSlow { for_us, .. } => {
                    i.at_us <= now && now < i.at_us.saturating_add(for_us)
                }
                _ => false,
            })
        })
    });
    let app_detail = Signal::derive(move || {
        let c = counters.get();
        format!(
            "{} of {} requests",
            c.issued,
            lab.scenario.with(|s| s.requests)
        )
    });
    let cache_detail = Signal::derive(move || {
        let c = counters.get();
        if c.cache_up {
            format!(
                "{} / {} entries",
                c.cache_len,
                lab.scenario.with(|s| s.cache.capacity)
            )
        } else {
            "down: restarting".to_string()
        }
    });
    let db_detail = Signal::derive(move || {
        let c = counters.get();
        if slow_db.get() {
            "slowed ×10".to_string()
        } else {
            format!("{} reads · {} writes", c.db_reads, c.db_writes)
        }
    });
    let link = |a: Node, b: Node| {
        let ((x1, y1), (x2, y2)) = (node_xy(a), node_xy(b));
        view! { <line class="lab-link" x1=x1 y1=y1 x2=x2 y2=y2 /> }
    };
    view! {
        <section class="lab-panel lab-diagram" aria-labelledby="lab-diagram-title">
            <h2 id="lab-diagram-title" class="lab-panel__title">
                "System "
                <span class="lab-panel__meta" data-testid="clock">
                    {move || format!("t = {} ms", crate::lab::counters::ms(counters.get().now_us))}
                </span>
            </h2>
            <svg
                class="lab-diagram__svg"
                class:lab-diagram__svg--still=lab.reduced_motion
                viewBox=format!("0 0 {VIEW_W} {VIEW_H}")
                role="group"
                aria-label="App, cache and database, with the requests in flight"
                data-testid="diagram"
            >
                {link(Node::Client, Node::Cache)}
                {link(Node::Client, Node::Db)}
                {link(Node::Cache, Node::Db)}
                <NodeBox node=Node::Client detail=app_detail />
                <NodeBox node=Node::Cache detail=cache_detail down=cache_up />
                <NodeBox node=Node::Db detail=db_detail />
                <g class="lab-tokens">
                    <For
                        each=move || toks.get().0
                        key=|t| (t.id, t.class, t.x.to_bits(), t.y.to_bits(), t.settled, t.mark)
                        children=move |t| {
                            let id = t.id;
                            let label = format!(
                                "Request {} ({}{}), key {}{}. Show its hops.",
                                t.id,
                                t.class.label(),
                                t.mark.map_or(String::new(), |m| format!(", {}", m.label())),
                                t.key,
                                if t.keys > 1 { format!(" and {} more", t.keys - 1) } else { String::new() },
                            );
                            view! {
                                <g
                                    class=format!("token token--{}", t.class.as_str())
                                    class:token--settled=t.settled
                                    class:token--selected=move || lab.selected.get() == Some(Selection::Request(id))
                                    transform=format!("translate({:.1},{:.1})", t.x, t.y)
                                    role="button"
                                    aria-label=label
                                    data-testid="token"
                                    on:click=move |_| lab.selected.set(Some(Selection::Request(id)))
                                >
                                    {shape(t.class)}
                                    <text y="4" text-anchor="middle">{t.class.letter()}</text>
                                    {t.mark.map(mark_ring)}
                                </g>
                            }
                        }
                    />
                </g>
                {move || {
                    let hidden = toks.with(|t| t.1);
                    (hidden > 0).then(|| view! {
                        <text class="lab-diagram__more" x=VIEW_W / 2.0 y=VIEW_H - 8.0 text-anchor="middle">
                            {format!("+{hidden} more in flight")}
                        </text>
                    })
                }}
            </svg>
            <ul class="lab-legend" aria-label="Legend">
                {TokenClass::ALL
                    .into_iter()
                    .map(|c| view! {
                        <li>
                            <svg class="lab-legend__icon" viewBox="-14 -14 28 28" aria-hidden="true">
                                <g class=format!("token token--{}", c.as_str())>
                                    {shape(c)}
                                    <text y="4" text-anchor="middle">{c.letter()}</text>
                                </g>
                            </svg>
                            {c.label()}
                        </li>
                    })
                    .collect_view()}
                {TokenMark::ALL
                    .into_iter()
                    .map(|m| view! {
                        <li>
                            <svg class="lab-legend__icon" viewBox="-17 -17 34 34" aria-hidden="true">
                                <g class="token token--hit">
                                    {shape(TokenClass::Hit)}
                                    {mark_ring(m)}
                                </g>
                            </svg>
                            {m.label()}
                        </li>
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
