//! cachescope-charts: pure functions from a simulation report to an SVG
//! string, drawn with plotters.
//!
//! Architecture invariant: no browser here either. A chart is
//! `fn(&Report, options, width) -> Result<String, ChartError>`; the app puts
//! the string into the page, the tests snapshot it. plotters is built without
//! fonts (`default-features = false`), so the same input gives the same bytes
//! on every machine.
//!
//! Every chart has a title (`<title>`), a one-sentence summary (`<desc>`),
//! `role="img"`, axis labels with units and a legend; every strategy has a
//! colour from the Okabe–Ito palette *and* a marker shape, so no information
//! is carried by colour alone. Text and axes are drawn in a sentinel colour
//! that is replaced by `currentColor`, so one SVG reads in light and dark
//! themes. Hover targets are transparent shapes with a `<title>` (the
//! browser's tooltip) and a `data-tip` attribute (for the app's own tooltip),
//! focusable with the keyboard.
//!
//! ```
//! use cachescope_sim::{compare, Scenario};
//! use cachescope_charts::{tradeoff, Risk};
//!
//! let report = compare(&Scenario { requests: 500, ..Scenario::default() });
//! let svg = tradeoff(&report, Risk::LostWrites, 640).unwrap();
//! assert!(svg.starts_with("<svg"));
//! assert!(svg.contains("Write-back"));
//! ```
#![forbid(unsafe_code)]

mod bars;
mod before_after;
mod compare_set;
pub mod fixture;
mod frame;
mod mrc;
mod svg_out;
mod sweep;
mod timeseries;
mod tradeoff;

pub use bars::bars;
pub use before_after::before_after;
pub use compare_set::{
    compare_chart, compare_charts, ChartId, ChartOptions, UnknownChart, DEFAULT_WIDTH, MAX_WIDTH,
};
pub use frame::{colour_hex, Series, BASELINE_HEX, MIN_WIDTH};
pub use mrc::mrc;
pub use sweep::{sweep, SweepMetric};
pub use timeseries::timeseries;
pub use tradeoff::{tradeoff, Risk};

use std::fmt;

/// Why a chart could not be drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChartError {
    /// The report has nothing to plot (e.g. no lanes, no series windows, an
    /// empty sweep); the message says what is missing.
    NoData(&'static str),
    /// plotters failed while drawing (it only fails on an invalid layout,
    /// e.g. a width too small for the axes).
    Draw(String),
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChartError::NoData(what) => write!(f, "nothing to chart: {what}"),
            ChartError::Draw(msg) => write!(f, "could not draw the chart: {msg}"),
        }
    }
}

impl std::error::Error for ChartError {}

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>>
    for ChartError
{
    fn from(e: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        ChartError::Draw(e.to_string())
    }
}

/// Formats a latency in µs for people: µs below 1 ms, ms below 1 s, else s.
pub fn fmt_us(us: u64) -> String {
    if us < 1_000 {
        format!("{us} µs")
    } else if us < 10_000 {
        format!("{:.2} ms", us as f64 / 1e3)
    } else if us < 1_000_000 {
        format!("{:.1} ms", us as f64 / 1e3)
    } else {
        format!("{:.2} s", us as f64 / 1e6)
    }
}

/// `1234567` → `"1,234,567"`: big counts are unreadable without
/// separators (the CLI's tables, the page's partial-result mark).
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests;
