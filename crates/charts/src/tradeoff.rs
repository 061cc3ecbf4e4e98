//! Chart 1: the trade-off scatter. Each strategy is one point: how slow its
//! writes are (p99) against how much risk it takes (acknowledged writes lost,
//! or the share of reads that were stale). The bottom-left corner is the
//! place to be; no strategy sits there in every workload.

use cachescope_sim::{CompareReport, LaneReport, StrategyId};
use plotters::prelude::*;

use crate::frame::{
    draw_err, finish, legend, legend_height, marker, mesh_style, nice_max, render, text_style,
    text_width, title, Hover, Series, INK, SMALL_PX, TEXT_PX,
};
use crate::{fmt_us, ChartError};

/// Which risk the y axis shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Risk {
    /// Acknowledged writes destroyed by a cache crash (count).
    LostWrites,
    /// Stale reads as a percentage of all reads.
    StaleRate,
}

impl Risk {
    /// Both, in display order.
    pub const ALL: [Risk; 2] = [Risk::LostWrites, Risk::StaleRate];

    /// Stable id.
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::LostWrites => "lost-writes",
            Risk::StaleRate => "stale-rate",
        }
    }

    /// Axis label with unit.
    pub fn label(self) -> &'static str {
        match self {
            Risk::LostWrites => "Acknowledged writes lost (count)",
            Risk::StaleRate => "Stale reads (% of reads)",
        }
    }

    fn value(self, l: &LaneReport) -> f64 {
        match self {
            Risk::LostWrites => l.lost_writes as f64,
            Risk::StaleRate => {
                if l.reads == 0 {
                    0.0
                } else {
                    l.stale_reads as f64 * 100.0 / l.reads as f64
                }
            }
        }
    }

    fn show(self, l: &LaneReport) -> String {
        match self {
            Risk::LostWrites => format!("{} acknowledged writes lost", l.lost_writes),
            Risk::StaleRate => format!(
                "{} stale reads ({:.2} % of {} reads)",
                l.stale_reads,
                self.value(l),
                l.reads
            ),
        }
    }
}

/// Draws the trade-off scatter for the five lanes of `report`, `width` px
/// wide.
pub fn tradeoff(report: &CompareReport, risk: Risk, width: u32) -> Result<String, ChartError> {
    let lanes: Vec<(StrategyId, &LaneReport)> = report
        .lanes
        .iter()
        .filter_map(|l| l.strategy.map(|s| (s, l)))
        .collect();
    if lanes.is_empty() {
        return Err(ChartError::NoData("the report has no strategy lanes"));
    }
    let width = width.max(crate::MIN_WIDTH);
    let series: Vec<Series> = lanes.iter().map(|(s, _)| Series::Strategy(*s)).collect();
    let legend_h = legend_height(&series, width as i32 - 16);
    let plot_h = if width < 500 { 280 } else { 340 };
    let height = 30 + legend_h as u32 + plot_h;
    let x_max = nice_max(
        lanes
            .iter()
            .map(|(_, l)| l.write_latency.p99_us as f64 / 1e3)
            .fold(0.0, f64::max)
            * 1.08,
    );
    let y_max = nice_max(lanes.iter().map(|(_, l)| risk.value(l)).fold(0.0, f64::max) * 1.15);
    // Short enough for a 300 px chart; the <desc> carries the full sentence.
    let chart_title = match risk {
        Risk::LostWrites => "Trade-off: write p99 vs lost writes",
        Risk::StaleRate => "Trade-off: write p99 vs stale reads",
    };
    let mut hovers = Vec::new();
    let svg = render(width, height, |root| {
        let top = title(root, chart_title)?;
        legend(root, &series, 8, top, width as i32 - 16)?;
        let (_, plot) = root.split_vertically(top + legend_h + 4);
        let mut chart = ChartBuilder::on(&plot)
            .margin_right(18)
            .margin_top(6)
            .x_label_area_size(44)
            .y_label_area_size(if width < 500 { 46 } else { 58 })
            .build_cartesian_2d(0.0..x_max, 0.0..y_max)
            .map_err(draw_err)?;
        let (axis, grid) = mesh_style();
        chart
            .configure_mesh()
            .axis_style(axis)
            .bold_line_style(grid)
            .light_line_style(TRANSPARENT)
            .label_style(text_style(SMALL_PX))
            .axis_desc_style(text_style(TEXT_PX))
            .x_desc("Write latency p99 (ms)")
            .y_desc(risk.label())
            .x_labels(if width < 500 { 5 } else { 8 })
            .y_labels(6)
            .draw()
            .map_err(draw_err)?;
        // Point labels: next to the marker, pushed down when they would
        // overlap an earlier label (equal lanes are common: cache-aside and
        // write-around often read alike).
        let mut placed: Vec<(i32, i32, i32)> = Vec::new();
        let (px_range, py_range) = chart.plotting_area().get_pixel_range();
        for (s, l) in &lanes {
            let x = l.write_latency.p99_us as f64 / 1e3;
            let y = risk.value(l);
            let c = chart.backend_coord(&(x, y));
            marker(root, Series::Strategy(*s), c, 6)?;
            let w = text_width(s.label());
            let mut lx = c.0 + 10;
            if lx + w > px_range.end {
                lx = c.0 - 10 - w;
            }
            // Try beside the point, then alternately above and below, and
            // keep the label inside the plot.
            let free = |ly: i32| {
                ly >= py_range.start
                    && ly + 14 <= py_range.end
                    && !placed
                        .iter()
                        .any(|&(px, py, pw)| (ly - py).abs() < 15 && lx < px + pw && px < lx + w)
            };
            let ly = (0..24)
                .map(|k| {
                    c.1 - 8
                        + if k % 2 == 0 {
                            -(k / 2) * 15
                        } else {
                            (k / 2 + 1) * 15
                        }
                })
                .find(|&ly| free(ly))
                .unwrap_or(c.1 - 8);
            placed.push((lx, ly, w));
            // A label pushed away from its point gets a leader line to it.
            if (ly - (c.1 - 8)).abs() > 2 {
                let ax = if lx > c.0 { lx - 2 } else { lx + w + 2 };
                root.draw(&PathElement::new(
                    vec![c, (ax, ly + 7)],
                    INK.mix(0.45).stroke_width(1),
                ))
                .map_err(draw_err)?;
            }
            root.draw(&Text::new(s.label(), (lx, ly), text_style(TEXT_PX)))
                .map_err(draw_err)?;
            hovers.push(Hover::point(
                c,
                9,
                format!(
                    "{}: write p99 {}, {}",
                    s.label(),
                    fmt_us(l.write_latency.p99_us),
                    risk.show(l)
                ),
            ));
        }
        Ok(())
    })?;
    let best_write = lanes
        .iter()
        .min_by_key(|(_, l)| l.write_latency.p99_us)
        .map(|(s, l)| {
            format!(
                "{} has the fastest writes ({})",
                s.label(),
                fmt_us(l.write_latency.p99_us)
            )
        })
        .unwrap_or_default();
    let safest = lanes
        .iter()
        .min_by(|a, b| risk.value(a.1).total_cmp(&risk.value(b.1)))
        .map(|(s, l)| format!("{} takes the least risk ({})", s.label(), risk.show(l)))
        .unwrap_or_default();
    finish(
        svg,
        "chart-tradeoff",
        chart_title,
        &format!("One point per strategy. {best_write}; {safest}."),
        &hovers,
    )
}
