//! The database's contents: key and latest committed version, with the
//! version the cache holds beside it. Imported keys (beyond the workload's
//! key space) are summarised in one line so the table stays short.

use leptos::prelude::*;

use crate::components::info_tip::explained_headers;
use crate::glossary;
use crate::lab::counters::ms;
use crate::lab::state::use_lab;

/// The columns: glossary id and heading.
pub const COLUMNS: [(&str, &str); 3] = [
    ("key", "Key"),
    ("latest-version", "Latest version"),
    ("cached", "Cached"),
];

/// The database table.
#[component]
pub fn DbTable() -> impl IntoView {
    let lab = use_lab();
    let key_space = move || lab.scenario.with(|s| s.workload.key_space);
    let rows = Memo::new(move |_| lab.read(|p| p.db_contents()));
    let now = Memo::new(move |_| lab.read(|p| p.now_us()));
    view! {
        <section class="lab-panel lab-table" aria-labelledby="lab-db-title" data-testid="db-table">
            <h2 id="lab-db-title" class="lab-panel__title">"Database"</h2>
            <table>
                <thead>
                    <tr>
                        {explained_headers(&COLUMNS, glossary::db_column, Some("database"))}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let ks = key_space();
                        let t = now.get();
                        rows.get()
                            .into_iter()
                            .filter(|r| r.key < ks)
                            .map(|r| {
                                // Committed within the last 2 ms of simulated time.
                                let fresh = r.version > 0 && t.saturating_sub(r.committed_at_us) < 2_000;
                                let behind = r.cached_version.is_some_and(|c| c < r.version);
                                view! {
                                    <tr class:lab-row--changed=fresh class:lab-row--stale=behind data-key=r.key>
                                        <td>{r.key}</td>
                                        <td title=format!("committed at {} ms", ms(r.committed_at_us))>{r.version}</td>
                                        <td>
                                            {match r.cached_version {
                                                None => "—".to_string(),
                                                Some(c) if c < r.version => format!("v{c} (stale)"),
                                                Some(c) if c > r.version => format!("v{c} (not yet saved)"),
                                                Some(c) => format!("v{c}"),
                                            }}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            {move || {
                let ks = key_space();
                let imported = rows.with(|r| r.iter().filter(|r| r.key >= ks).count());
                (imported > 0).then(|| view! {
                    <p class="lab-table__note">{format!("…and {imported} imported keys (not listed).")}</p>
                })
            }}
        </section>
    }
}
