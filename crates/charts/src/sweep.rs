//! Chart 5: sweeps. Hit ratio and read p99 of every strategy against cache
//! size, Zipf skew or write ratio: a family of miss-ratio curves, one per
//! strategy, showing where adding memory stops paying and how writes erode
//! each strategy's hits.

use cachescope_sim::{SweepAxis, SweepResult};
use plotters::prelude::*;

use crate::before_after::short;
use crate::frame::{
    draw_err, finish, legend, legend_height, marker, mesh_style, nice_max, render, text_style,
    title, Area, Hover, Series, SMALL_PX, TEXT_PX,
};
use crate::{fmt_us, ChartError};

/// Which measurement a sweep panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SweepMetric {
    /// Hit ratio, %.
    HitRatio,
    /// Read latency p99, ms.
    ReadP99,
    /// The most DB reads in one window, per second.
    DbReadPeak,
}

impl SweepMetric {
    /// The two panels of a sweep over `axis`, in display order: hit ratio
    /// and read p99; for the stampede mitigations, the spike's height
    /// instead of the hit ratio (what they are for).
    pub fn panels(axis: SweepAxis) -> [SweepMetric; 2] {
        if axis == SweepAxis::Mitigation {
            [SweepMetric::DbReadPeak, SweepMetric::ReadP99]
        } else {
            [SweepMetric::HitRatio, SweepMetric::ReadP99]
        }
    }

    fn label(self) -> &'static str {
        match self {
            SweepMetric::HitRatio => "Hit ratio (%)",
            SweepMetric::ReadP99 => "Read p99 (ms)",
            SweepMetric::DbReadPeak => "Peak DB reads/s",
        }
    }

    fn value(self, l: &cachescope_sim::SweepLane) -> f64 {
        match self {
            SweepMetric::HitRatio => l.hit_ratio * 100.0,
            SweepMetric::ReadP99 => l.read_p99_us as f64 / 1e3,
            SweepMetric::DbReadPeak => l.db_read_peak_per_sec,
        }
    }

    fn show(self, l: &cachescope_sim::SweepLane) -> String {
        match self {
            SweepMetric::HitRatio => format!("hit ratio {:.1} %", l.hit_ratio * 100.0),
            SweepMetric::ReadP99 => format!("read p99 {}", fmt_us(l.read_p99_us)),
            SweepMetric::DbReadPeak => {
                format!("peak {} DB reads/s", l.db_read_peak_per_sec.round())
            }
        }
    }
}

fn fmt_x(axis: SweepAxis, x: f64) -> String {
    match axis {
        SweepAxis::CacheSize => format!("{x:.0} entries"),
        SweepAxis::ZipfAlpha => format!("α = {x:.1}"),
        SweepAxis::WriteRatio => format!("{:.0} % writes", x * 100.0),
        SweepAxis::EvictionPolicy | SweepAxis::Mitigation => {
            axis.category(x).unwrap_or_default().to_owned()
        }
    }
}

/// Draws both panels (hit ratio, read p99) of a finished sweep, `width` px
/// wide (side by side from 640 px, stacked below).
pub fn sweep(result: &SweepResult, width: u32) -> Result<String, ChartError> {
    let pts = &result.points;
    if pts.is_empty() || pts[0].lanes.is_empty() {
        return Err(ChartError::NoData("the sweep has no points"));
    }
    let width = width.max(crate::MIN_WIDTH);
    let axis = result.axis;
    let series: Vec<Series> = pts[0]
        .lanes
        .iter()
        .map(|l| Series::Strategy(l.strategy))
        .collect();
    let legend_h = legend_height(&series, width as i32 - 16);
    let side = width >= 640;
    let panel_h: u32 = 300;
    let top = 30 + legend_h as u32 + 4;
    let height = top + if side { panel_h } else { 2 * panel_h };
    let x_min = pts[0].x;
    let x_max = pts[pts.len() - 1].x;
    // Policies and mitigations are categories at 0, 1, …: half a step of
    // room either side keeps the first and last markers off the axes.
    let categorical = axis.is_categorical();
    let (x_lo, x_hi) = if categorical {
        (x_min - 0.5, x_max + 0.5)
    } else {
        (x_min, x_max)
    };
    let x_label = |v: f64| {
        if !categorical {
            short(v)
        } else if (v - v.round()).abs() < 1e-6 && (x_min..=x_max).contains(&v) {
            axis.category_tick(v).unwrap_or_default().to_owned()
        } else {
            String::new()
        }
    };
    let x_labels = if categorical {
        pts.len() + 2
    } else if width < 500 {
        4
    } else {
        6
    };
    let chart_title = format!(
        "Sweep over {}",
        match axis {
            SweepAxis::CacheSize => "cache size",
            SweepAxis::ZipfAlpha => "Zipf skew",
            SweepAxis::WriteRatio => "write ratio",
            SweepAxis::EvictionPolicy => "eviction policy",
            SweepAxis::Mitigation => "stampede mitigation",
        }
    );
    let mut hovers = Vec::new();
    let svg = render(width, height, |root| {
        let t = title(root, &chart_title)?;
        legend(root, &series, 8, t, width as i32 - 16)?;
        let (_, body) = root.split_vertically(top);
        let areas: Vec<Area> = if side {
            body.split_evenly((1, 2))
        } else {
            body.split_evenly((2, 1))
        };
        for (m, area) in SweepMetric::panels(axis).into_iter().zip(&areas) {
            let max = match m {
                SweepMetric::HitRatio => 100.0,
                SweepMetric::ReadP99 | SweepMetric::DbReadPeak => nice_max(
                    pts.iter()
                        .flat_map(|p| p.lanes.iter().map(|l| m.value(l)))
                        .fold(0.0, f64::max)
                        * 1.1,
                ),
            };
            let mut b = ChartBuilder::on(area);
            b.caption(m.label(), text_style(TEXT_PX))
                .margin(8)
                .x_label_area_size(46)
                .y_label_area_size(48);
            let (axis_s, grid) = mesh_style();
            // Log axis for cache sizes (log-spaced), linear otherwise; the
            // two coordinate types need separate code paths in plotters.
            macro_rules! draw {
                ($chart:ident) => {{
                    $chart
                        .configure_mesh()
                        .axis_style(axis_s)
                        .bold_line_style(grid)
                        .light_line_style(TRANSPARENT)
                        .label_style(text_style(SMALL_PX))
                        .axis_desc_style(text_style(TEXT_PX))
                        .x_desc(axis.label())
                        .x_labels(x_labels)
                        .y_labels(5)
                        .x_label_formatter(&|v| x_label(*v))
                        .y_label_formatter(&|v| short(*v))
                        .draw()
                        .map_err(draw_err)?;
                    for (li, s) in series.iter().enumerate() {
                        let line: Vec<(f64, f64)> =
                            pts.iter().map(|p| (p.x, m.value(&p.lanes[li]))).collect();
                        $chart
                            .draw_series(LineSeries::new(line.clone(), s.colour().stroke_width(2)))
                            .map_err(draw_err)?;
                        for (p, xy) in pts.iter().zip(&line) {
                            let c = $chart.backend_coord(xy);
                            marker(root, *s, c, 4)?;
                            hovers.push(Hover::point(
                                c,
                                6,
                                format!(
                                    "{} {} {}: {}",
                                    s.label(),
                                    if categorical { "with" } else { "at" },
                                    fmt_x(axis, p.x),
                                    m.show(&p.lanes[li])
                                ),
                            ));
                        }
                    }
                }};
            }
            if axis.is_log() {
                let mut chart = b
                    .build_cartesian_2d((x_min..x_max).log_scale(), 0.0..max)
                    .map_err(draw_err)?;
                draw!(chart);
            } else {
                let mut chart = b
                    .build_cartesian_2d(x_lo..x_hi, 0.0..max)
                    .map_err(draw_err)?;
                draw!(chart);
            }
        }
        Ok(())
    })?;
    let summary = format!(
        "{} points from {} to {}, five strategies each.",
        pts.len(),
        fmt_x(axis, x_min),
        fmt_x(axis, x_max)
    );
    finish(svg, "chart-sweep", &chart_title, &summary, &hovers)
}
