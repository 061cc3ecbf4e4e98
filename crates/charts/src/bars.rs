//! Chart 3: one metric across the strategies, as horizontal bars (the names
//! sit on the axis, which stays readable on a phone), the no-cache baseline
//! first for scale, the exact value at the end of each bar.

use cachescope_sim::{CompareReport, LaneReport, Metric};
use plotters::prelude::*;

use crate::before_after::short;
use crate::frame::{
    draw_err, finish, marker, mesh_style, nice_max, render, text_style, text_width, title, Hover,
    Series, SMALL_PX, TEXT_PX,
};
use crate::{fmt_us, ChartError};

fn is_latency(m: Metric) -> bool {
    matches!(
        m,
        Metric::ReadP50 | Metric::ReadP99 | Metric::WriteP50 | Metric::WriteP99
    )
}

/// The value as the chart plots it: latencies in ms, the hit ratio in %,
/// counts as they are.
fn plotted(m: Metric, l: &LaneReport) -> f64 {
    let v = m.value(l);
    if is_latency(m) {
        v / 1e3
    } else if m == Metric::HitRatio {
        v * 100.0
    } else {
        v
    }
}

fn show(m: Metric, l: &LaneReport) -> String {
    let v = m.value(l);
    if is_latency(m) {
        fmt_us(v as u64)
    } else if m == Metric::HitRatio {
        format!("{:.1} %", v * 100.0)
    } else {
        format!("{v}")
    }
}

fn unit(m: Metric) -> &'static str {
    if is_latency(m) {
        "ms"
    } else if m == Metric::HitRatio {
        "%"
    } else {
        "count"
    }
}

/// Draws `metric` for the baseline and the five strategies, `width` px wide.
pub fn bars(report: &CompareReport, metric: Metric, width: u32) -> Result<String, ChartError> {
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
    let row_h = 34u32;
    let height = 30 + 56 + row_h * rows.len() as u32;
    let max = nice_max(
        rows.iter()
            .map(|r| plotted(metric, r.1))
            .fold(0.0, f64::max)
            * 1.25,
    );
    let chart_title = metric.label().to_string();
    let label_w = rows
        .iter()
        .map(|r| text_width(r.0.label()))
        .max()
        .unwrap_or(60)
        + 30;
    let mut hovers = Vec::new();
    let n = rows.len();
    let svg = render(width, height, |root| {
        let t = title(root, &chart_title)?;
        let (_, body) = root.split_vertically(t);
        let mut chart = ChartBuilder::on(&body)
            .margin_right(16)
            .margin_top(4)
            .x_label_area_size(44)
            .y_label_area_size(label_w)
            .build_cartesian_2d(0.0..max, 0.0..n as f64)
            .map_err(draw_err)?;
        let (axis, grid) = mesh_style();
        chart
            .configure_mesh()
            .axis_style(axis)
            .bold_line_style(grid)
            .light_line_style(TRANSPARENT)
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(if width < 500 { 4 } else { 6 })
            .label_style(text_style(SMALL_PX))
            .axis_desc_style(text_style(TEXT_PX))
            .x_label_formatter(&|v| short(*v))
            .x_desc(format!("{} ({})", metric.label(), unit(metric)))
            .draw()
            .map_err(draw_err)?;
        for (i, (s, l)) in rows.iter().enumerate() {
            // Top row first: row i spans y ∈ [n-1-i, n-i].
            let y0 = (n - 1 - i) as f64 + 0.18;
            let y1 = (n - i) as f64 - 0.18;
            let v = plotted(metric, l);
            let style = if *s == Series::Baseline {
                s.colour().mix(0.55).filled()
            } else {
                s.colour().filled()
            };
            chart
                .draw_series(std::iter::once(Rectangle::new([(0.0, y0), (v, y1)], style)))
                .map_err(draw_err)?;
            let mid = chart.backend_coord(&(0.0, (y0 + y1) / 2.0));
            let end = chart.backend_coord(&(v, y1));
            let start = chart.backend_coord(&(0.0, y1));
            let bottom = chart.backend_coord(&(0.0, y0));
            marker(root, *s, (mid.0 - label_w + 10, mid.1), 5)?;
            root.draw(&Text::new(
                s.label(),
                (mid.0 - label_w + 20, mid.1 - 7),
                text_style(TEXT_PX),
            ))
            .map_err(draw_err)?;
            root.draw(&Text::new(
                show(metric, l),
                (end.0 + 5, mid.1 - 7),
                text_style(SMALL_PX),
            ))
            .map_err(draw_err)?;
            hovers.push(Hover {
                x: start.0 - label_w,
                y: end.1,
                w: (end.0 - start.0) + label_w + 60,
                h: bottom.1 - end.1,
                tip: format!("{}: {} {}", s.label(), metric.label(), show(metric, l)),
            });
        }
        Ok(())
    })?;
    let best = rows
        .iter()
        .skip(1)
        .fold(None::<&(Series, &LaneReport)>, |acc, r| match acc {
            Some(a) if !metric.better(metric.value(r.1), metric.value(a.1)) => Some(a),
            _ => Some(r),
        })
        .map(|(s, l)| format!("Best: {} ({}).", s.label(), show(metric, l)))
        .unwrap_or_default();
    finish(
        svg,
        &format!("chart-bars-{}", metric.as_str()),
        &chart_title,
        &format!(
            "{} of the no-cache baseline and each strategy. {best}",
            metric.label()
        ),
        &hovers,
    )
}
