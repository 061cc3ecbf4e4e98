//! Compare's chart keys: which chart an embed shows (`chart=bars`) and the
//! two chart settings a reader can change (`risk=stale-rate`,
//! `metric=read-p99`).
//!
//! `risk` and `metric` are part of Compare's state like its knobs: the page
//! writes them when they differ from the defaults, so a shared link opens
//! the same charts. `chart` only matters in an embed (`embed=1`): a blog
//! post can show one chart instead of the whole view; the full page always
//! shows every chart and says so when a link asks for one.
//!
//! ```
//! use cachescope_app::url::{chart_view_search, parse_chart_view};
//! use cachescope_charts::ChartId;
//! use cachescope_sim::Metric;
//!
//! let (view, notices) = parse_chart_view("?view=compare&embed=1&chart=bars&metric=read-p99");
//! assert!(notices.is_empty());
//! assert_eq!(view.only, Some(ChartId::Bars));
//! assert_eq!(view.options.metric, Metric::ReadP99);
//! assert_eq!(chart_view_search("?view=compare", &view), "?view=compare&chart=bars&metric=read-p99");
//! ```

use cachescope_charts::{ChartId, ChartOptions, Risk};
use cachescope_sim::Metric;

use super::page_options::PageOptions;
use super::query::{echo, first, set_params};

/// The key that picks the one chart an embed shows.
pub const CHART_KEY: &str = "chart";
/// The key of the trade-off chart's risk axis.
pub const RISK_KEY: &str = "risk";
/// The key of the bar chart's metric.
pub const METRIC_KEY: &str = "metric";

/// Compare's chart keys, for the lists of known keys.
pub const CHART_KEYS: [&str; 3] = [CHART_KEY, RISK_KEY, METRIC_KEY];

/// How Compare draws its charts, as a link carries it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChartView {
    /// The one chart an embed shows; `None` shows the whole view.
    pub only: Option<ChartId>,
    /// The trade-off chart's risk axis and the bar chart's metric.
    pub options: ChartOptions,
}

/// Compare's chart keys from `search`. Each rejected value falls back to
/// the default with a specific notice; `chart` outside an embed is ignored
/// with one (the full page shows every chart).
pub fn parse_chart_view(search: &str) -> (ChartView, Vec<String>) {
    let mut view = ChartView::default();
    let mut notices = Vec::new();
    if let Some(raw) = first(search, CHART_KEY) {
        match raw.parse::<ChartId>() {
            Ok(id) if PageOptions::parse(search).embed => view.only = Some(id),
            Ok(id) => notices.push(format!(
                "chart={id} picks a single chart in an embed (embed=1) only; the full page \
                 shows every chart."
            )),
            Err(_) => notices.push(format!(
                "chart “{}” is not one of {}; showing the whole view.",
                echo(raw),
                ids(ChartId::ALL.iter().map(|c| c.as_str()))
            )),
        }
    }
    choose(
        search,
        RISK_KEY,
        &Risk::ALL,
        Risk::as_str,
        "the trade-off chart",
        &mut view.options.risk,
        &mut notices,
    );
    choose(
        search,
        METRIC_KEY,
        &Metric::ALL,
        Metric::as_str,
        "the bar chart",
        &mut view.options.metric,
        &mut notices,
    );
    (view, notices)
}

/// `search` with Compare's chart keys set for `view` (other parameters
/// kept): `chart` when one chart is picked, `risk` and `metric` when they
/// differ from the defaults.
pub fn chart_view_search(search: &str, view: &ChartView) -> String {
    let defaults = ChartOptions::default();
    let differs = |a: &'static str, b: &'static str| (a != b).then_some(a);
    set_params(
        search,
        &[
            (CHART_KEY, view.only.map(ChartId::as_str)),
            (
                RISK_KEY,
                differs(view.options.risk.as_str(), defaults.risk.as_str()),
            ),
            (
                METRIC_KEY,
                differs(view.options.metric.as_str(), defaults.metric.as_str()),
            ),
        ],
    )
}

/// Sets `value` to the choice of `all` whose id is `key`'s value; a value
/// that is none of them leaves `value` and says so in a notice.
fn choose<T: Copy>(
    search: &str,
    key: &str,
    all: &[T],
    id: fn(T) -> &'static str,
    chart: &str,
    value: &mut T,
    notices: &mut Vec<String>,
) {
    let Some(raw) = first(search, key) else {
        return;
    };
    match all.iter().find(|c| id(**c) == raw) {
        Some(c) => *value = *c,
        None => notices.push(format!(
            "{key} “{}” is not one of {}; {chart} shows {}.",
            echo(raw),
            ids(all.iter().map(|c| id(*c))),
            id(*value)
        )),
    }
}

/// `a, b or c`.
fn ids<'a>(list: impl Iterator<Item = &'a str>) -> String {
    let list: Vec<&str> = list.collect();
    match list.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => list.concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chart_risk_and_metric_round_trips() {
        for only in ChartId::ALL.map(Some).into_iter().chain([None]) {
            for risk in Risk::ALL {
                for metric in Metric::ALL {
                    let view = ChartView {
                        only,
                        options: ChartOptions { risk, metric },
                    };
                    let link = chart_view_search("?view=compare&embed=1", &view);
                    assert_eq!(parse_chart_view(&link), (view, vec![]), "{link}");
                }
            }
        }
    }

    #[test]
    fn defaults_are_not_written_and_stale_keys_are_removed() {
        assert_eq!(
            chart_view_search(
                "?view=compare&risk=stale-rate&metric=db-reads&chart=bars&seed=3",
                &ChartView::default()
            ),
            "?view=compare&seed=3"
        );
    }

    #[test]
    fn each_rejection_says_what_was_wrong_and_what_is_shown() {
        let (view, notices) =
            parse_chart_view("?view=compare&embed=1&chart=pie&risk=%3Cb%3E&metric=speed");
        assert_eq!(view, ChartView::default());
        assert_eq!(
            notices,
            [
                "chart “pie” is not one of tradeoff, before-after, bars or timeseries; \
                 showing the whole view.",
                "risk “<b>” is not one of lost-writes or stale-rate; the trade-off chart \
                 shows lost-writes.",
                "metric “speed” is not one of hit-ratio, read-p50, read-p99, write-p50, \
                 write-p99, db-reads, db-read-peak, db-writes, stale-reads, lost-writes, \
                 failed-requests, pollution or late-fills; the bar chart shows hit-ratio.",
            ]
        );
    }

    #[test]
    fn a_single_chart_needs_embed_mode() {
        let (view, notices) = parse_chart_view("?view=compare&chart=tradeoff");
        assert_eq!(view.only, None);
        assert_eq!(
            notices,
            [
                "chart=tradeoff picks a single chart in an embed (embed=1) only; the full page \
              shows every chart."
            ]
        );
        let (view, _) = parse_chart_view("?view=compare&chart=tradeoff&embed=0");
        assert_eq!(view.only, None);
    }

    #[test]
    fn empty_values_count_as_absent() {
        assert_eq!(
            parse_chart_view("?chart=&risk=&metric=&embed=1"),
            (ChartView::default(), vec![])
        );
    }
}
