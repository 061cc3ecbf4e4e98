//! The five lanes side by side: one card per strategy with its summary
//! metrics, the best and worst value of each metric marked (by a word and a
//! symbol, not colour alone), and the no-cache baseline for reference. Each
//! metric's label explains itself in a tooltip ([`crate::glossary`]). While
//! a run is under way the cards show its partial result, marked as such.

use cachescope_sim::{CompareReport, LaneReport, Metric, StrategyId};
use leptos::prelude::*;

use super::format::{raw, show};
use super::{CompareCtx, PartialView};
use crate::components::info_tip::InfoTip;
use crate::glossary;

/// "best" / "worst" / "" for `lane` on `m` among `lanes`; nothing when every
/// lane is equal (there is no best then).
fn rank(m: Metric, lane: &LaneReport, lanes: &[LaneReport]) -> &'static str {
    let Some((best, worst)) = m.best_worst(lanes) else {
        return "";
    };
    let v = m.value(lane);
    if best == worst {
        ""
    } else if v == best {
        "best"
    } else if v == worst {
        "worst"
    } else {
        ""
    }
}

/// What one metric cell shows for one lane: its exact value (`data-value`),
/// the text people read, and its rank among the lanes.
#[derive(Clone, Debug, PartialEq)]
struct Cell {
    raw: String,
    shown: String,
    rank: &'static str,
}

/// The lane a card shows: a named strategy's, or the baseline (`None`).
fn lane_in(r: &CompareReport, lane: Option<StrategyId>) -> Option<&LaneReport> {
    match lane {
        Some(s) => r.lane(s),
        None => Some(&r.baseline),
    }
}

/// One `<dl>` row per metric, each label with its explanation; only the
/// first lane's explanations are tab stops (see [`InfoTip`]'s `tab_stop`).
///
/// The rows are built once; a new report only changes what it changes
/// (text, `data-value`, the rank classes), through one memo per cell.
/// Rebuilding the cards per report re-created 78 tooltips and re-set every
/// attribute: about a third of the main thread's work after the last lane
/// of a comparison arrived.
fn metric_rows(ctx: CompareCtx, lane: Option<StrategyId>, first: bool) -> impl IntoView {
    Metric::ALL
        .into_iter()
        .map(|m| {
            let cell = Memo::new(move |_| {
                ctx.shown.with(|r| {
                    let r = r.as_deref()?;
                    let l = lane_in(r, lane)?;
                    Some(Cell {
                        raw: raw(m, l),
                        shown: show(m, l),
                        // The baseline is shown for reference, never ranked.
                        rank: lane.map_or("", |_| rank(m, l, &r.lanes)),
                    })
                })
            });
            let rank_of = move || cell.with(|c| c.as_ref().map_or("", |c| c.rank));
            view! {
                <div
                    class="lane__metric"
                    class:is-best=move || rank_of() == "best"
                    class:is-worst=move || rank_of() == "worst"
                >
                    <dt>
                        {m.label()}
                        <InfoTip text=glossary::metric(m) subject=m.label() tab_stop=first />
                    </dt>
                    <dd
                        data-testid=m.as_str()
                        data-value=move || cell.with(|c| c.as_ref().map(|c| c.raw.clone()))
                    >
                        // "…" until the first report: the cards are on screen from
                        // the start, so nothing below them moves when it comes.
                        {move || cell.with(|c| c.as_ref().map_or_else(|| "…".to_owned(), |c| main_part(&c.shown).to_owned()))}
                        {move || {
                            let r = rank_of();
                            let mark = match r {
                                "best" => "▲",
                                "worst" => "▼",
                                _ => return None,
                            };
                            Some(
                                view! {
                                    <span class="lane__rank" title=r>
                                        {mark}
                                        <span class="sr-only">{format!(" {r}")}</span>
                                    </span>
                                },
                            )
                        }}
                        // A figure's detail ("oldest 1.88 s", "906 waited ~10.8 ms") on
                        // a line of its own: a card is too narrow for both on one.
                        {move || cell.with(|c| c.as_ref().and_then(|c| c.shown.split_once(" · ")).map(|(_, d)| view! {
                            <span class="lane__detail"><span class="sr-only">" · "</span>{d.to_owned()}</span>
                        }))}
                    </dd>
                </div>
            }
        })
        .collect_view()
}

/// The lane cards.
#[component]
pub fn LanesTable(
    /// The view's state.
    ctx: CompareCtx,
) -> impl IntoView {
    let waiting = Memo::new(move |_| ctx.shown.with(Option::is_none));
    let partial_mark = Memo::new(move |_| ctx.partial.with(|p| p.as_ref().map(PartialView::mark)));
    // Which strategy the preset expects to win, as of the report on screen
    // (a new preset marks its winner when its numbers arrive).
    let winner = Memo::new(move |_| {
        ctx.report.track();
        cachescope_sim::Preset::get(ctx.preset.get_untracked()).winner
    });
    view! {
        <section class="panel" aria-labelledby="lanes-title">
            <h2 id="lanes-title" class="panel__title">"Five lanes, one workload"</h2>
            <p class="panel__hint">
                "Every lane sees the same requests in the same order; ▲ marks the best and ▼ the \
                 worst value of each metric across the five strategies."
            </p>
            <div class="lanes-wrap">
            // Over the cards, not above them: it comes and goes with every
            // knob move, and nothing may move when it does; outside the
            // dimmed cards, so it keeps its contrast. Not a live region:
            // screen readers hear only exact results.
            {move || partial_mark.get().map(|m| view! {
                <p class="partial-badge" data-testid="lanes-partial">{m}</p>
            })}
            <div
                class="lanes"
                data-testid="lanes"
                data-partial=move || partial_mark.with(|m| m.is_some().then_some("true"))
                // Busy until the first numbers and while they are partial.
                aria-busy=move || {
                    (waiting.get() || partial_mark.with(Option::is_some)).then_some("true")
                }
            >
                {StrategyId::ALL
                    .into_iter()
                    .enumerate()
                    .map(|(i, s)| {
                        view! {
                            <article
                                class="lane"
                                data-testid=format!("lane-{}", s.as_str())
                                class:lane--expected=move || winner.get() == s
                                aria-label=s.label()
                            >
                                <h3 class="lane__name">
                                    <span
                                        class=format!("swatch swatch--{}", s.as_str())
                                        aria-hidden="true"
                                    ></span>
                                    {s.label()}
                                </h3>
                                <dl class="lane__metrics">{metric_rows(ctx, Some(s), i == 0)}</dl>
                            </article>
                        }
                    })
                    .collect_view()}
                <article class="lane lane--baseline" data-testid="lane-no-cache" aria-label="No cache">
                    <h3 class="lane__name">
                        <span class="swatch swatch--baseline" aria-hidden="true"></span>
                        "No cache (baseline)"
                    </h3>
                    <dl class="lane__metrics">{metric_rows(ctx, None, false)}</dl>
                </article>
            </div>
            </div>
        </section>
    }
}

/// A shown figure without its detail: "65" of "65 · oldest 1.88 s".
fn main_part(shown: &str) -> &str {
    shown.split_once(" · ").map_or(shown, |(m, _)| m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cachescope_sim::{compare, Preset, PresetId, StrategyId};

    #[test]
    fn ranks_mark_the_extremes_only_when_lanes_differ() {
        let r = compare(&Preset::get(PresetId::Counters).scenario);
        let wb = r
            .lanes
            .iter()
            .find(|l| l.strategy == Some(StrategyId::WriteBack))
            .unwrap();
        assert_eq!(rank(Metric::WriteP99, wb, &r.lanes), "best");
        assert_eq!(rank(Metric::LostWrites, wb, &r.lanes), "worst");
        // Admin-tool has no app writes: every lane's write p99 is 0, no best.
        let r = compare(&Preset::get(PresetId::AdminTool).scenario);
        assert_eq!(rank(Metric::WriteP99, &r.lanes[0], &r.lanes), "");
    }
}
