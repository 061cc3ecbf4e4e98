//! The five lanes side by side: one card per strategy with its summary
//! metrics, the best and worst value of each metric marked (by a word and a
//! symbol, not colour alone), and the no-cache baseline for reference. Each
//! metric's label explains itself in a tooltip ([`crate::glossary`]).

use cachescope_sim::{LaneReport, Metric};
use leptos::prelude::*;

use super::format::{raw, show};
use super::CompareCtx;
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

/// One `<dl>` row per metric, each label with its explanation; only the
/// first lane's explanations are tab stops (see [`InfoTip`]'s `tab_stop`).
fn metric_rows(lane: &LaneReport, lanes: Option<&[LaneReport]>, first: bool) -> impl IntoView {
    Metric::ALL
        .into_iter()
        .map(|m| {
            let r = lanes.map_or("", |ls| rank(m, lane, ls));
            let mark = match r {
                "best" => "▲",
                "worst" => "▼",
                _ => "",
            };
            view! {
                <div class="lane__metric" class:is-best=r == "best" class:is-worst=r == "worst">
                    <dt>
                        {m.label()}
                        <InfoTip text=glossary::metric(m) subject=m.label() tab_stop=first />
                    </dt>
                    <dd data-testid=m.as_str() data-value=raw(m, lane)>
                        {show(m, lane)}
                        {(!mark.is_empty())
                            .then(|| {
                                view! {
                                    <span class="lane__rank" title=r>
                                        {mark}
                                        <span class="sr-only">{format!(" {r}")}</span>
                                    </span>
                                }
                            })}
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
    view! {
        <section class="panel" aria-labelledby="lanes-title">
            <h2 id="lanes-title" class="panel__title">"Five lanes, one workload"</h2>
            <p class="panel__hint">
                "Every lane sees the same requests in the same order; ▲ marks the best and ▼ the \
                 worst value of each metric across the five strategies."
            </p>
            {move || {
                ctx.report
                    .get()
                    .map(|r| {
                        let lanes = r.lanes.clone();
                        let winner = cachescope_sim::Preset::get(ctx.preset.get_untracked()).winner;
                        view! {
                            <div class="lanes" data-testid="lanes">
                                {r
                                    .lanes
                                    .iter()
                                    .filter_map(|l| l.strategy.map(|s| (s, l)))
                                    .enumerate()
                                    .map(|(i, (s, l))| {
                                        view! {
                                            <article
                                                class="lane"
                                                data-testid=format!("lane-{}", s.as_str())
                                                class:lane--expected=s == winner
                                                aria-label=s.label()
                                            >
                                                <h3 class="lane__name">
                                                    <span
                                                        class=format!("swatch swatch--{}", s.as_str())
                                                        aria-hidden="true"
                                                    ></span>
                                                    {s.label()}
                                                </h3>
                                                <dl class="lane__metrics">
                                                    {metric_rows(l, Some(&lanes), i == 0)}
                                                </dl>
                                            </article>
                                        }
                                    })
                                    .collect_view()}
                                <article class="lane lane--baseline" data-testid="lane-no-cache" aria-label="No cache">
                                    <h3 class="lane__name">
                                        <span class="swatch swatch--baseline" aria-hidden="true"></span>
                                        "No cache (baseline)"
                                    </h3>
                                    <dl class="lane__metrics">{metric_rows(&r.baseline, None, false)}</dl>
                                </article>
                            </div>
                        }
                    })
            }}
        </section>
    }
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
