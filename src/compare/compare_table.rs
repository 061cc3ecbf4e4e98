//! The side-by-side comparison as a table: qualitative columns in our own
//! words (how each strategy behaves by construction), each backed by the
//! measured numbers of the current run.

use cachescope_sim::{LaneReport, Metric, StrategyId};
use leptos::prelude::*;

use super::format::show;
use super::CompareCtx;
use crate::components::info_tip::explained_headers;
use crate::glossary;

/// The qualitative columns after "Strategy": glossary id and heading.
pub const COLUMNS: [(&str, &str); 6] = [
    ("read-speed", "Read speed"),
    ("write-speed", "Write speed"),
    ("consistency", "Consistency"),
    ("data-loss", "Data-loss risk"),
    ("complexity", "Complexity"),
    ("best-for", "Best for"),
];

/// The qualitative judgement of each column for one strategy.
pub(crate) struct Traits {
    read: &'static str,
    write: &'static str,
    consistency: &'static str,
    loss: &'static str,
    complexity: &'static str,
    best_for: &'static str,
}

pub(crate) fn traits(id: StrategyId) -> Traits {
    match id {
        StrategyId::CacheAside => Traits {
            read: "Fast once warm; a miss costs a cache round trip plus a DB read.",
            write: "DB speed, plus dropping the cached copy.",
            consistency: "Short windows where a reader can refill an old value.",
            loss: "None: the DB is written before the write is confirmed.",
            complexity: "Low: two calls in the app, no cache-side logic.",
            best_for: "General read-heavy data that changes now and then.",
        },
        StrategyId::ReadThrough => Traits {
            read: "Like cache-aside; concurrent misses on one key share a single load.",
            write: "Pays both the cache and the DB write (this lane writes through).",
            consistency: "Good: the cache is updated with every write.",
            loss: "None; requests fail while the cache itself is down.",
            complexity: "Medium: needs a cache layer that knows how to load.",
            best_for: "Teams whose platform offers a loading cache.",
        },
        StrategyId::WriteThrough => Traits {
            read: "Fast, and recently written keys are already cached.",
            write: "Slowest: the cache and the DB both on the critical path.",
            consistency: "Strongest: cache and DB change together.",
            loss: "None: a write is confirmed only once the DB has it.",
            complexity: "Medium: two writes to keep in step, failures to handle.",
            best_for: "Balances, stock, anything that must never be wrong.",
        },
        StrategyId::WriteBack => Traits {
            read: "Fast, including reads of just-written keys.",
            write: "Fastest: confirmed from memory, the DB catches up in batches.",
            consistency: "The DB lags behind the cache until the next flush.",
            loss: "Highest: a crash loses the writes not yet flushed.",
            complexity: "High: flushing, batching and crash recovery.",
            best_for: "Counters and telemetry, where speed beats the odd lost write.",
        },
        StrategyId::WriteAround => Traits {
            read: "The first read after a write misses.",
            write: "DB speed; the cache is left alone.",
            consistency: "Good: the cached copy is dropped on write.",
            loss: "None: the DB is written before the write is confirmed.",
            complexity: "Low: writes ignore the cache.",
            best_for: "Bulk imports and data rarely read soon after writing.",
        },
    }
}

impl Traits {
    /// The texts in [`COLUMNS`] order.
    pub(crate) fn in_column_order(&self) -> [&'static str; 6] {
        [
            self.read,
            self.write,
            self.consistency,
            self.loss,
            self.complexity,
            self.best_for,
        ]
    }
}

/// One measured line of `id`'s row, empty until there is a report: a memo,
/// so the text node changes only when the words do.
fn measured(
    ctx: CompareCtx,
    id: StrategyId,
    text: impl Fn(&LaneReport) -> String + Send + Sync + 'static,
) -> Memo<String> {
    Memo::new(move |_| {
        ctx.report.with(|r| {
            r.as_deref()
                .and_then(|r| r.lane(id))
                .map(&text)
                .unwrap_or_default()
        })
    })
}

/// The comparison table.
#[component]
pub fn CompareTable(
    /// The view's state.
    ctx: CompareCtx,
) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="table-title">
            <h2 id="table-title" class="panel__title">"The comparison, measured"</h2>
            <div class="table-scroll">
                <table class="cmp-table" data-testid="compare-table">
                    <caption class="sr-only">
                        "Each strategy's read speed, write speed, consistency, data-loss risk, \
                         complexity and best use, with this run's numbers"
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col">"Strategy"</th>
                            {explained_headers(&COLUMNS, glossary::compare_column, None)}
                        </tr>
                    </thead>
                    <tbody>
                        // Rows are built once; a new report only replaces
                        // the measured texts (see `measured`).
                        {StrategyId::ALL
                            .into_iter()
                            .map(|id| {
                                let t = traits(id);
                                let read = measured(ctx, id, |l| {
                                    format!("p50 {} · p99 {}", show(Metric::ReadP50, l), show(Metric::ReadP99, l))
                                });
                                let write = measured(ctx, id, |l| {
                                    format!("p50 {} · p99 {}", show(Metric::WriteP50, l), show(Metric::WriteP99, l))
                                });
                                let stale = measured(ctx, id, |l| format!("{} stale reads", l.stale_reads));
                                let lost = measured(ctx, id, |l| {
                                    format!(
                                        "{} writes lost, {} failed requests",
                                        l.lost_writes,
                                        Metric::FailedRequests.value(l),
                                    )
                                });
                                view! {
                                    <tr data-testid=format!("row-{}", id.as_str())>
                                        <th scope="row">{id.label()}</th>
                                        <td>{t.read}<span class="measured">{read}</span></td>
                                        <td>{t.write}<span class="measured">{write}</span></td>
                                        <td>{t.consistency}<span class="measured">{stale}</span></td>
                                        <td>{t.loss}<span class="measured">{lost}</span></td>
                                        <td>{t.complexity}</td>
                                        <td>{t.best_for}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
