//! The cache's contents as a live table: key, version, dirty (with how many
//! acknowledged writes it holds), TTL left, and a stale marker. Rows that
//! changed since the previous frame are highlighted.

use leptos::prelude::*;

use crate::components::info_tip::explained_headers;
use crate::glossary;
use crate::lab::counters::ms;
use crate::lab::state::use_lab;

/// The columns: glossary id and heading.
pub const COLUMNS: [(&str, &str); 5] = [
    ("key", "Key"),
    ("version", "Version"),
    ("dirty", "Dirty"),
    ("ttl-left", "TTL left"),
    ("state", "State"),
];

/// The cache table.
#[component]
pub fn CacheTable() -> impl IntoView {
    let lab = use_lab();
    let rows = Memo::new(move |_| lab.read(|p| p.cache_contents()));
    let up = Memo::new(move |_| lab.read(|p| p.counters().cache_up));
    let capacity = move || lab.scenario.with(|s| s.cache.capacity);
    // Keys whose row differs from the previous state (new, changed version,
    // dirtiness or staleness).
    let changed = Memo::new(
        move |prev: Option<&(Vec<cachescope_sim::CacheEntryView>, Vec<u64>)>| {
            let now = rows.get();
            let keys = now
                .iter()
                .filter(|e| {
                    prev.is_none_or(|(old, _)| {
                        !old.iter().any(|o| {
                            o.key == e.key
                                && o.version == e.version
                                && o.dirty == e.dirty
                                && o.stale == e.stale
                        })
                    })
                })
                .map(|e| e.key)
                .collect();
            (now, keys)
        },
    );
    view! {
        <section class="lab-panel lab-table" aria-labelledby="lab-cache-title" data-testid="cache-table">
            <h2 id="lab-cache-title" class="lab-panel__title">
                "Cache "
                <span class="lab-panel__meta">
                    {move || format!("{} of {} entries", rows.with(|r| r.len()), capacity())}
                    {move || (!up.get()).then(|| view! { <strong class="lab-down">" · DOWN"</strong> })}
                </span>
            </h2>
            <table>
                <thead>
                    <tr>
                        {explained_headers(&COLUMNS, glossary::cache_column, Some("cache"))}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let fresh = changed.with(|(_, k)| k.clone());
                        let write_back = lab
                            .scenario
                            .with(|s| matches!(s.paths().1, cachescope_sim::WritePath::WriteBack { .. }));
                        rows.get()
                            .into_iter()
                            .map(|e| {
                                let state = if e.stale {
                                    "stale (DB is newer)"
                                } else if e.ahead_of_db {
                                    "ahead of DB"
                                } else {
                                    "same as DB"
                                };
                                view! {
                                    <tr
                                        class:lab-row--changed=fresh.contains(&e.key)
                                        class:lab-row--stale=e.stale
                                        class:lab-row--dirty=e.dirty || (e.ahead_of_db && write_back)
                                        data-key=e.key
                                    >
                                        <td>{e.key}</td>
                                        <td>{e.version}</td>
                                        <td>
                                            {if e.dirty {
                                                format!("yes ×{}", e.pending_writes)
                                            } else if e.ahead_of_db && write_back {
                                                // Taken by a flush batch that has not committed yet: still at risk.
                                                "flushing".to_string()
                                            } else if e.ahead_of_db {
                                                // Write-through: the DB write is still in progress (not acknowledged yet).
                                                "no (DB write pending)".to_string()
                                            } else {
                                                "no".to_string()
                                            }}
                                        </td>
                                        <td>
                                            {e.ttl_left_us.map_or("∞".to_string(), |t| format!("{} ms", ms(t)))}
                                        </td>
                                        <td>{state}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            {move || {
                rows.with(|r| r.is_empty())
                    .then(|| {
                        view! {
                            <p class="lab-table__empty">
                                {move || if up.get() { "Empty." } else { "The cache is down: it lost everything and restarts empty." }}
                            </p>
                        }
                    })
            }}
        </section>
    }
}
