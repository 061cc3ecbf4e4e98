//! The set of charts the Compare view shows for a report, in one place.
//!
//! Which charts, in which order, with which options and at which width: the
//! page and the `cachescope chart` command both ask this module, so a static
//! SVG written from the terminal is byte for byte the chart the page drew
//! for the same report, options and width.
//!
//! ```
//! use cachescope_sim::{compare, Scenario};
//! use cachescope_charts::{compare_chart, compare_charts, ChartId, ChartOptions};
//!
//! let report = compare(&Scenario { requests: 500, ..Scenario::default() });
//! let all = compare_charts(&report, &ChartOptions::default(), 640);
//! assert_eq!(all.len(), ChartId::ALL.len());
//! let bars = compare_chart(&report, ChartId::Bars, &ChartOptions::default(), 640);
//! assert_eq!(all[2], (ChartId::Bars, bars));
//! assert_eq!("before-after".parse::<ChartId>(), Ok(ChartId::BeforeAfter));
//! ```

use std::fmt;
use std::str::FromStr;

use cachescope_sim::{CompareReport, Metric};

use crate::{bars, before_after, timeseries, tradeoff, ChartError, Risk};

/// The width the Compare view draws at on a desktop screen (its widest).
pub const DEFAULT_WIDTH: u32 = 760;

/// The widest chart drawn on request (a static image for print or a
/// high-density screen); wider gains nothing and only grows the file.
pub const MAX_WIDTH: u32 = 4_000;

/// One of the Compare view's charts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChartId {
    /// Write p99 against a risk ([`tradeoff`]).
    Tradeoff,
    /// Each lane against the no-cache baseline ([`before_after`]).
    BeforeAfter,
    /// One metric per lane ([`bars`]).
    Bars,
    /// Hit ratio and DB load over time, with the events ([`timeseries`]).
    Timeseries,
}

impl ChartId {
    /// Every chart, in the order the Compare view shows them.
    pub const ALL: [ChartId; 4] = [
        ChartId::Tradeoff,
        ChartId::BeforeAfter,
        ChartId::Bars,
        ChartId::Timeseries,
    ];

    /// Stable id: the CLI's `--charts` value and its file name (`<id>.svg`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChartId::Tradeoff => "tradeoff",
            ChartId::BeforeAfter => "before-after",
            ChartId::Bars => "bars",
            ChartId::Timeseries => "timeseries",
        }
    }

    /// What the chart shows, in a few words (the Embed dialog's choices).
    pub fn label(self) -> &'static str {
        match self {
            ChartId::Tradeoff => "Trade-off: write p99 against a risk",
            ChartId::BeforeAfter => "Before vs after a cache",
            ChartId::Bars => "One metric per strategy",
            ChartId::Timeseries => "Hit ratio and DB load over time",
        }
    }

    /// The `data-testid` of the chart's `<figure>` in the page
    /// (`chart-<id>`), which the export menu also uses in file names.
    pub fn test_id(self) -> &'static str {
        match self {
            ChartId::Tradeoff => "chart-tradeoff",
            ChartId::BeforeAfter => "chart-before-after",
            ChartId::Bars => "chart-bars",
            ChartId::Timeseries => "chart-timeseries",
        }
    }
}

impl fmt::Display for ChartId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text was none of [`ChartId::ALL`]'s ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownChart(pub String);

impl fmt::Display for UnknownChart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<&str> = ChartId::ALL.iter().map(|c| c.as_str()).collect();
        write!(
            f,
            "unknown chart {:?}: expected one of {}",
            self.0,
            ids.join(", ")
        )
    }
}

impl std::error::Error for UnknownChart {}

impl FromStr for ChartId {
    type Err = UnknownChart;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ChartId::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownChart(s.to_string()))
    }
}

/// The choices the reader makes on the charts: the trade-off's risk axis and
/// the bar chart's metric. The default is what the page opens with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ChartOptions {
    /// The trade-off chart's y axis.
    pub risk: Risk,
    /// The bar chart's metric.
    pub metric: Metric,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            risk: Risk::LostWrites,
            metric: Metric::HitRatio,
        }
    }
}

/// Draws one of Compare's charts for `report` at `width` px (clamped to
/// [`crate::MIN_WIDTH`]..=[`MAX_WIDTH`]).
pub fn compare_chart(
    report: &CompareReport,
    id: ChartId,
    options: &ChartOptions,
    width: u32,
) -> Result<String, ChartError> {
    let width = width.min(MAX_WIDTH);
    match id {
        ChartId::Tradeoff => tradeoff(report, options.risk, width),
        ChartId::BeforeAfter => before_after(report, width),
        ChartId::Bars => bars(report, options.metric, width),
        ChartId::Timeseries => timeseries(report, width),
    }
}

/// Every chart Compare shows for `report`, in page order, each with its id.
pub fn compare_charts(
    report: &CompareReport,
    options: &ChartOptions,
    width: u32,
) -> Vec<(ChartId, Result<String, ChartError>)> {
    ChartId::ALL
        .into_iter()
        .map(|id| (id, compare_chart(report, id, options, width)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cachescope_sim::{compare, Scenario};

    fn report() -> CompareReport {
        compare(&Scenario {
            requests: 600,
            seed: 5,
            ..Scenario::default()
        })
    }

    #[test]
    fn each_chart_is_the_chart_function_with_the_options() {
        let r = report();
        let o = ChartOptions {
            risk: Risk::StaleRate,
            metric: Metric::ReadP99,
        };
        let got = compare_charts(&r, &o, 500);
        let ids: Vec<ChartId> = got.iter().map(|g| g.0).collect();
        assert_eq!(ids, ChartId::ALL);
        assert_eq!(got[0].1, tradeoff(&r, Risk::StaleRate, 500));
        assert_eq!(got[1].1, before_after(&r, 500));
        assert_eq!(got[2].1, bars(&r, Metric::ReadP99, 500));
        assert_eq!(got[3].1, timeseries(&r, 500));
        for (id, svg) in &got {
            assert!(svg.as_ref().unwrap().starts_with("<svg"), "{id}");
        }
        // The options change the charts they belong to.
        assert_ne!(
            compare_chart(&r, ChartId::Bars, &ChartOptions::default(), 500),
            got[2].1
        );
    }

    #[test]
    fn widths_are_clamped_to_the_allowed_range() {
        let r = report();
        let o = ChartOptions::default();
        assert_eq!(
            compare_chart(&r, ChartId::BeforeAfter, &o, 1),
            compare_chart(&r, ChartId::BeforeAfter, &o, crate::MIN_WIDTH)
        );
        assert_eq!(
            compare_chart(&r, ChartId::BeforeAfter, &o, u32::MAX),
            compare_chart(&r, ChartId::BeforeAfter, &o, MAX_WIDTH)
        );
    }

    #[test]
    fn ids_round_trip_and_unknown_ones_are_named() {
        for id in ChartId::ALL {
            assert_eq!(id.as_str().parse::<ChartId>(), Ok(id));
            assert_eq!(id.test_id(), format!("chart-{id}"));
        }
        let err = "pie".parse::<ChartId>().unwrap_err().to_string();
        assert_eq!(
            err,
            "unknown chart \"pie\": expected one of tradeoff, before-after, bars, timeseries"
        );
    }
}
