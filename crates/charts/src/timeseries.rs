//! Chart 4: the run over time, four stacked panels sharing the time axis
//! (hit ratio, read p99, DB load, dirty entries), one line per strategy, with
//! the scheduled events drawn as dashed vertical lines: the miss storm after a
//! crash, the warm-up of a cold cache and a write-back backlog draining are
//! all visible shapes.

use cachescope_sim::{CompareReport, EventKind, LaneReport, StrategyId, WindowPoint};
use plotters::prelude::*;

use crate::before_after::short;
use crate::frame::{
    draw_err, finish, legend, legend_height, marker, mesh_style, nice_max, render, text_style,
    title, Hover, Series, INK, SMALL_PX, TEXT_PX,
};
use crate::ChartError;

/// One window's hover target: its x extent, its time span, and one line of
/// values per panel.
struct Column {
    x0: i32,
    x1: i32,
    t0: f64,
    t1: f64,
    lines: Vec<String>,
}

struct Panel {
    name: &'static str,
    value: fn(&WindowPoint) -> f64,
    show: fn(f64) -> String,
}

const PANELS: [Panel; 4] = [
    Panel {
        name: "Hit ratio (%)",
        value: |w| w.hit_ratio * 100.0,
        show: |v| format!("{v:.1} %"),
    },
    Panel {
        name: "Read p99 (ms)",
        value: |w| w.read_p99_us as f64 / 1e3,
        show: |v| format!("{v:.1} ms"),
    },
    Panel {
        name: "DB load (operations/s)",
        value: |w| w.db_load,
        show: |v| format!("{v:.0} ops/s"),
    },
    Panel {
        name: "Dirty entries (count)",
        value: |w| w.dirty as f64,
        show: |v| format!("{v:.0}"),
    },
];

/// Short name of an event for its marker.
pub(crate) fn event_label(k: &EventKind) -> &'static str {
    match k {
        EventKind::CacheCrash { .. } => "crash",
        EventKind::CacheFlush => "restart",
        EventKind::AdminWrite { .. } => "admin write",
        EventKind::AdminWrites { .. } => "admin writes",
        EventKind::BulkImport { .. } => "import",
        EventKind::DbSlow { .. } => "DB slow",
        EventKind::ExpireHot { .. } => "expiry",
    }
}

/// The lane's windows without a final partial window shorter than half a
/// window: its few requests make a misleading spike or drop at the end.
fn full_windows(l: &LaneReport) -> &[WindowPoint] {
    let s = &l.series;
    match s.len() {
        0 | 1 => s,
        n => {
            let last = s[n - 1].t_end_us - s[n - 2].t_end_us;
            if last * 2 < l.window_us {
                &s[..n - 1]
            } else {
                s
            }
        }
    }
}

/// Draws the four panels for the five lanes of `report`, `width` px wide.
pub fn timeseries(report: &CompareReport, width: u32) -> Result<String, ChartError> {
    let lanes: Vec<(StrategyId, &LaneReport)> = report
        .lanes
        .iter()
        .filter_map(|l| l.strategy.map(|s| (s, l)))
        .filter(|(_, l)| !l.series.is_empty())
        .collect();
    if lanes.is_empty() {
        return Err(ChartError::NoData("no lane has a time series"));
    }
    let width = width.max(crate::MIN_WIDTH);
    let series: Vec<Series> = lanes.iter().map(|(s, _)| Series::Strategy(*s)).collect();
    let legend_h = legend_height(&series, width as i32 - 16);
    let panel_h: u32 = if width < 500 { 150 } else { 170 };
    let top = 30 + legend_h as u32 + 4;
    let height = top + panel_h * 4 + 30;
    let end_s = lanes
        .iter()
        .map(|(_, l)| l.end_time_us)
        .max()
        .unwrap_or(1)
        .max(1) as f64
        / 1e6;
    let window_s = lanes[0].1.window_us as f64 / 1e6;
    let events = &lanes[0].1.events;
    let chart_title = "The run over time";
    // One hover column per window across all four panels (see below).
    let mut columns: Vec<Column> = Vec::new();
    let mut span: Option<(i32, i32)> = None;
    let svg = render(width, height, |root| {
        let t = title(root, chart_title)?;
        legend(root, &series, 8, t, width as i32 - 16)?;
        let (_, body) = root.split_vertically(top);
        let (panels_area, axis_area) = body.split_vertically(panel_h * 4);
        let areas = panels_area.split_evenly((4, 1));
        for (pi, (panel, area)) in PANELS.iter().zip(&areas).enumerate() {
            // The hit ratio is a percentage: always 0–100, so panels of
            // different runs compare at a glance.
            let max = if pi == 0 {
                100.0
            } else {
                nice_max(
                    lanes
                        .iter()
                        .flat_map(|(_, l)| l.series.iter().map(panel.value))
                        .fold(0.0, f64::max)
                        * 1.1,
                )
            };
            let last = pi == PANELS.len() - 1;
            let mut chart = ChartBuilder::on(area)
                .margin_right(14)
                .margin_top(22)
                .x_label_area_size(if last { 26 } else { 4 })
                .y_label_area_size(52)
                .build_cartesian_2d(0.0..end_s, 0.0..max)
                .map_err(draw_err)?;
            let (axis, grid) = mesh_style();
            let mut mesh = chart.configure_mesh();
            mesh.axis_style(axis)
                .bold_line_style(grid)
                .light_line_style(TRANSPARENT)
                .label_style(text_style(SMALL_PX))
                .y_labels(4)
                .y_label_formatter(&|v| short(*v))
                .x_labels(if width < 500 { 5 } else { 10 })
                .x_label_formatter(&|v| short(*v));
            if !last {
                mesh.x_labels(0);
            }
            mesh.draw().map_err(draw_err)?;
            let (xr, yr) = chart.plotting_area().get_pixel_range();
            area.draw(&Text::new(panel.name, (60, 4), text_style(TEXT_PX)))
                .map_err(draw_err)?;
            // Scheduled events: dashed lines; names in the first panel.
            for e in events {
                let x = e.at_us as f64 / 1e6;
                let px = chart.backend_coord(&(x, 0.0)).0;
                let mut y = yr.start;
                while y < yr.end {
                    root.draw(&PathElement::new(
                        vec![(px, y), (px, (y + 5).min(yr.end))],
                        INK.mix(0.7).stroke_width(1),
                    ))
                    .map_err(draw_err)?;
                    y += 9;
                }
                if pi == 0 {
                    root.draw(&Text::new(
                        event_label(&e.kind),
                        (px + 3, yr.start - 15),
                        text_style(SMALL_PX),
                    ))
                    .map_err(draw_err)?;
                }
            }
            for (li, (s, l)) in lanes.iter().enumerate() {
                let pts: Vec<(f64, f64)> = full_windows(l)
                    .iter()
                    .map(|w| (w.t_end_us as f64 / 1e6, (panel.value)(w)))
                    .collect();
                let colour = Series::Strategy(*s).colour();
                chart
                    .draw_series(LineSeries::new(pts.iter().copied(), colour.stroke_width(2)))
                    .map_err(draw_err)?;
                // Markers on a few points, staggered per lane, so each line
                // is identifiable without colour.
                let step = (pts.len() / 6).max(1);
                let offset = li * step / lanes.len().max(1);
                for p in pts.iter().skip(offset).step_by(step) {
                    marker(root, Series::Strategy(*s), chart.backend_coord(p), 4)?;
                }
            }
            // This panel's line of each window's tip: every strategy's value.
            span = Some((span.map_or(yr.start, |(top, _)| top), yr.end));
            let windows = full_windows(lanes[0].1);
            for (wi, w) in windows.iter().enumerate() {
                let values: Vec<String> = lanes
                    .iter()
                    .filter_map(|(s, l)| {
                        l.series
                            .get(wi)
                            .map(|p| format!("{} {}", s.label(), (panel.show)((panel.value)(p))))
                    })
                    .collect();
                let line = format!("{}: {}", panel.name, values.join(", "));
                if pi == 0 {
                    // The panels share the x axis: the first one places the columns.
                    let t1 = w.t_end_us as f64 / 1e6;
                    let t0 = (t1 - window_s).max(0.0);
                    columns.push(Column {
                        x0: chart.backend_coord(&(t0, 0.0)).0.max(xr.start),
                        x1: chart.backend_coord(&(t1, 0.0)).0.min(xr.end),
                        t0,
                        t1,
                        lines: vec![line],
                    });
                } else if let Some(c) = columns.get_mut(wi) {
                    c.lines.push(line);
                }
            }
        }
        axis_area
            .draw(&Text::new(
                "Time (s)",
                (width as i32 / 2 - 24, 6),
                text_style(TEXT_PX),
            ))
            .map_err(draw_err)?;
        Ok(())
    })?;
    let names: Vec<String> = events
        .iter()
        .map(|e| format!("{} at {:.1} s", event_label(&e.kind), e.at_us as f64 / 1e6))
        .collect();
    let summary = if names.is_empty() {
        format!("{:.1} s of simulated traffic, no scheduled events.", end_s)
    } else {
        format!(
            "{:.1} s of simulated traffic; events: {}.",
            end_s,
            names.join(", ")
        )
    };
    // Why one target per window and not one per window and panel: a column
    // reads like a crosshair (all four measures of that moment at once), and
    // it is a quarter of the elements and tab stops (200 → 50 at the default
    // window count), which every redraw of the chart parses and lays out.
    let (top, bottom) = span.unwrap_or((0, 0));
    let hovers: Vec<Hover> = columns
        .into_iter()
        .map(|c| Hover {
            x: c.x0,
            y: top,
            w: c.x1 - c.x0,
            h: bottom - top,
            // One line per panel (the page's tooltip keeps line breaks).
            tip: format!("{:.2}–{:.2} s\n{}", c.t0, c.t1, c.lines.join("\n")),
        })
        .collect();
    finish(svg, "chart-timeseries", chart_title, &summary, &hovers)
}
