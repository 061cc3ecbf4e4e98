//! Chart 2: before vs after. The no-cache baseline next to each strategy for
//! read latency, write latency and DB load, one panel each (each with its own
//! unit), so "what did the cache buy, and what did it cost" is one glance.

use cachescope_sim::{CompareReport, LaneReport};
use plotters::prelude::*;

use crate::frame::{
    draw_err, finish, legend, legend_height, marker, mesh_style, nice_max, render, text_style,
    title, Area, Hover, Series, SMALL_PX, TEXT_PX,
};
use crate::{fmt_us, ChartError};

struct Panel {
    name: &'static str,
    unit: &'static str,
    value: fn(&LaneReport) -> f64,
    show: fn(&LaneReport) -> String,
}

const PANELS: [Panel; 3] = [
    Panel {
        name: "Read p99",
        unit: "ms",
        value: |l| l.read_latency.p99_us as f64 / 1e3,
        show: |l| format!("read p99 {}", fmt_us(l.read_latency.p99_us)),
    },
    Panel {
        name: "Write p99",
        unit: "ms",
        value: |l| l.write_latency.p99_us as f64 / 1e3,
        show: |l| format!("write p99 {}", fmt_us(l.write_latency.p99_us)),
    },
    Panel {
        name: "DB load",
        unit: "DB operations",
        value: |l| (l.db_reads + l.db_writes) as f64,
        show: |l| {
            format!(
                "DB load {} operations ({} reads, {} writes)",
                l.db_reads + l.db_writes,
                l.db_reads,
                l.db_writes
            )
        },
    },
];

/// Draws the before/after panels for `report`, `width` px wide (panels sit
/// side by side from 640 px, stacked below that).
pub fn before_after(report: &CompareReport, width: u32) -> Result<String, ChartError> {
    if report.lanes.is_empty() {
        return Err(ChartError::NoData("the report has no strategy lanes"));
    }
    let width = width.max(crate::MIN_WIDTH);
    let mut rows: Vec<(Series, &LaneReport)> = vec![(Series::Baseline, &report.baseline)];
    rows.extend(
        report
            .lanes
            .iter()
            .filter_map(|l| l.strategy.map(|s| (Series::Strategy(s), l))),
    );
    let series: Vec<Series> = rows.iter().map(|r| r.0).collect();
    let legend_h = legend_height(&series, width as i32 - 16);
    let side_by_side = width >= 640;
    let panel_h: u32 = 240;
    let top = 30 + legend_h as u32 + 4;
    let height = top + if side_by_side { panel_h } else { 3 * panel_h };
    let chart_title = "Before vs after a cache";
    let mut hovers = Vec::new();
    let svg = render(width, height, |root| {
        let t = title(root, chart_title)?;
        legend(root, &series, 8, t, width as i32 - 16)?;
        let (_, body) = root.split_vertically(top);
        let areas: Vec<Area> = if side_by_side {
            body.split_evenly((1, 3))
        } else {
            body.split_evenly((3, 1))
        };
        for (panel, area) in PANELS.iter().zip(&areas) {
            let max = nice_max(rows.iter().map(|r| (panel.value)(r.1)).fold(0.0, f64::max) * 1.1);
            let n = rows.len() as f64;
            let mut chart = ChartBuilder::on(area)
                .caption(
                    format!("{} ({})", panel.name, panel.unit),
                    text_style(TEXT_PX),
                )
                .margin(6)
                .x_label_area_size(8)
                .y_label_area_size(52)
                .build_cartesian_2d(0.0..n, 0.0..max)
                .map_err(draw_err)?;
            let (axis, grid) = mesh_style();
            chart
                .configure_mesh()
                .axis_style(axis)
                .bold_line_style(grid)
                .light_line_style(TRANSPARENT)
                .disable_x_mesh()
                .x_labels(0)
                .y_labels(5)
                .label_style(text_style(SMALL_PX))
                .y_label_formatter(&|v| short(*v))
                .draw()
                .map_err(draw_err)?;
            for (i, (s, l)) in rows.iter().enumerate() {
                let v = (panel.value)(l);
                let x0 = i as f64 + 0.14;
                let x1 = i as f64 + 0.86;
                let colour = s.colour();
                let style = if *s == Series::Baseline {
                    colour.mix(0.55).filled()
                } else {
                    colour.filled()
                };
                chart
                    .draw_series(std::iter::once(Rectangle::new([(x0, 0.0), (x1, v)], style)))
                    .map_err(draw_err)?;
                let top_px = chart.backend_coord(&(i as f64 + 0.5, v));
                let base_px = chart.backend_coord(&(i as f64 + 0.5, 0.0));
                marker(root, *s, (top_px.0, top_px.1 - 9), 5)?;
                let left = chart.backend_coord(&(x0, v)).0;
                let right = chart.backend_coord(&(x1, v)).0;
                hovers.push(Hover {
                    x: left,
                    y: top_px.1 - 16,
                    w: right - left,
                    h: base_px.1 - top_px.1 + 16,
                    tip: format!("{}: {}", s.label(), (panel.show)(l)),
                });
            }
        }
        Ok(())
    })?;
    let base = &report.baseline;
    let summary = format!(
        "Without a cache: read p99 {}, write p99 {}, {} DB operations. Each strategy's bar sits beside it.",
        fmt_us(base.read_latency.p99_us),
        fmt_us(base.write_latency.p99_us),
        base.db_reads + base.db_writes
    );
    finish(svg, "chart-before-after", chart_title, &summary, &hovers)
}

/// Compact axis numbers: 1.2k, 35k, 2.5M.
pub(crate) fn short(v: f64) -> String {
    let a = v.abs();
    if a >= 1e6 {
        format!("{}M", trim(v / 1e6))
    } else if a >= 1e4 {
        format!("{}k", trim(v / 1e3))
    } else {
        trim(v)
    }
}

fn trim(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}
