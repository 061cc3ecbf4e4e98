//! `cachescope chart`: the Compare view's charts as SVG files.
//!
//! The scenario is read exactly as `compare` reads it (file or preset, then
//! flags, then validation), compared, and each chart is drawn by
//! [`cachescope_charts::compare_chart`], the same function the page's chart
//! panel uses: for the same scenario, options and width the files are the
//! bytes the page inserts. They keep `currentColor` for text and axes, so an
//! SVG inlined in a page takes that page's text colour (in an `<img>`, it is
//! black).
//!
//! Every chart is drawn before any file is written, so a chart that cannot be
//! drawn leaves the directory as it was.

use std::io::Write;
use std::path::PathBuf;

use cachescope_charts::{
    compare_chart, ChartId, ChartOptions, Risk, DEFAULT_WIDTH, MAX_WIDTH, MIN_WIDTH,
};
use cachescope_sim::{compare, Metric};

use crate::error::CliError;
use crate::sim::ScenarioArgs;

/// Write the Compare view's charts for a scenario as SVG files
/// (`<out>/<chart>.svg`), identical to the ones the page draws.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example: cachescope chart --preset counters --out charts/ --width 640 --charts tradeoff,bars --metric read-p99\n\
The files keep currentColor for text and axes: inlined in a page they take its text colour."
)]
pub struct ChartArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,

    /// Directory to write the SVG files into (created if missing; files of
    /// the same name are replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Chart width in px (the page draws 300 to 760; 760 on a desktop).
    #[arg(long, value_name = "PX", default_value_t = DEFAULT_WIDTH)]
    pub width: u32,

    /// Which charts, comma-separated: tradeoff, before-after, bars,
    /// timeseries. Default: all four.
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = parse_chart)]
    pub charts: Vec<ChartId>,

    /// The trade-off chart's risk axis: lost-writes or stale-rate.
    #[arg(long, value_name = "RISK", value_parser = parse_risk, default_value = "lost-writes")]
    pub risk: Risk,

    /// The bar chart's metric: hit-ratio, read-p50, read-p99, write-p50,
    /// write-p99, db-reads, db-writes, stale-reads, lost-writes,
    /// failed-requests or pollution.
    #[arg(long, value_name = "METRIC", value_parser = parse_metric, default_value = "hit-ratio")]
    pub metric: Metric,
}

fn parse_chart(s: &str) -> Result<ChartId, String> {
    s.trim().parse::<ChartId>().map_err(|e| e.to_string())
}

fn parse_risk(s: &str) -> Result<Risk, String> {
    Risk::ALL
        .into_iter()
        .find(|r| r.as_str() == s.trim())
        .ok_or_else(|| {
            let ids: Vec<&str> = Risk::ALL.iter().map(|r| r.as_str()).collect();
            format!("unknown risk {s:?}; expected one of: {}", ids.join(", "))
        })
}

fn parse_metric(s: &str) -> Result<Metric, String> {
    Metric::ALL
        .into_iter()
        .find(|m| m.as_str() == s.trim())
        .ok_or_else(|| {
            let ids: Vec<&str> = Metric::ALL.iter().map(|m| m.as_str()).collect();
            format!("unknown metric {s:?}; expected one of: {}", ids.join(", "))
        })
}

/// The charts asked for, in page order, each once (all if none was named).
fn selected(asked: &[ChartId]) -> Vec<ChartId> {
    ChartId::ALL
        .into_iter()
        .filter(|id| asked.is_empty() || asked.contains(id))
        .collect()
}

pub fn run(args: &ChartArgs) -> Result<(), CliError> {
    if !(MIN_WIDTH..=MAX_WIDTH).contains(&args.width) {
        return Err(CliError::input(format!(
            "--width {} is out of range: allowed {MIN_WIDTH} to {MAX_WIDTH}",
            args.width
        )));
    }
    let scenario = args.scenario.scenario()?;
    let report = compare(&scenario);
    let options = ChartOptions {
        risk: args.risk,
        metric: args.metric,
    };
    let mut files = Vec::new();
    for id in selected(&args.charts) {
        let svg = compare_chart(&report, id, &options, args.width)
            .map_err(|e| CliError::input(format!("chart {id}: {e}")))?;
        files.push((args.out.join(format!("{id}.svg")), svg));
    }
    let shown = args.out.display();
    if args.out.exists() && !args.out.is_dir() {
        return Err(CliError::input(format!("--out {shown} is not a directory")));
    }
    std::fs::create_dir_all(&args.out)
        .map_err(|e| CliError::input(format!("cannot create directory {shown}: {e}")))?;
    let mut out = std::io::stdout().lock();
    for (path, svg) in files {
        std::fs::write(&path, svg).map_err(|e| {
            CliError::Output(std::io::Error::new(
                e.kind(),
                format!("{}: {e}", path.display()),
            ))
        })?;
        writeln!(out, "{}", path.display())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_keeps_page_order_and_drops_repeats() {
        assert_eq!(selected(&[]), ChartId::ALL);
        assert_eq!(
            selected(&[ChartId::Timeseries, ChartId::Tradeoff, ChartId::Timeseries]),
            [ChartId::Tradeoff, ChartId::Timeseries]
        );
    }

    #[test]
    fn options_parse_by_id() {
        assert_eq!(parse_risk("stale-rate"), Ok(Risk::StaleRate));
        assert_eq!(parse_metric("read-p99"), Ok(Metric::ReadP99));
        assert!(parse_metric("speed").unwrap_err().contains("hit-ratio"));
        assert!(parse_risk("fire").unwrap_err().contains("lost-writes"));
    }
}
