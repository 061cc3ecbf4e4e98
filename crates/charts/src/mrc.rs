//! A trace's miss-ratio curve: miss ratio against cache size (log scale),
//! one line per eviction policy, the figure trace simulators are known for.
//! Where the lines part shows which policy suits the trace; where they all
//! flatten, more memory stops paying.

use cachescope_sim::MissRatioCurve;
use plotters::prelude::*;

use crate::before_after::short;
use crate::frame::{
    draw_err, finish, legend, legend_height, marker, mesh_style, render, text_style, title, Hover,
    Series, SMALL_PX, TEXT_PX,
};
use crate::{thousands, ChartError};

/// Draws `curve`, `width` px wide.
pub fn mrc(curve: &MissRatioCurve, width: u32) -> Result<String, ChartError> {
    let first = curve
        .policies
        .first()
        .filter(|p| !p.points.is_empty())
        .ok_or(ChartError::NoData("the curve has no points"))?;
    let width = width.max(crate::MIN_WIDTH);
    let series: Vec<Series> = curve
        .policies
        .iter()
        .map(|p| Series::Policy(p.policy))
        .collect();
    let legend_h = legend_height(&series, width as i32 - 16);
    let top = 30 + legend_h as u32 + 4;
    let height = top + 320;
    let x_min = f64::from(first.points[0].capacity);
    // A one-point curve (a trace of one key) still needs a span to draw.
    let x_max = f64::from(first.points[first.points.len() - 1].capacity).max(x_min * 2.0);
    let chart_title = "Miss ratio by cache size, per policy";
    let mut hovers = Vec::new();
    let svg = render(width, height, |root| {
        let t = title(root, chart_title)?;
        legend(root, &series, 8, t, width as i32 - 16)?;
        let (_, body) = root.split_vertically(top);
        let mut chart = ChartBuilder::on(&body)
            .margin(8)
            .x_label_area_size(46)
            .y_label_area_size(48)
            .build_cartesian_2d((x_min..x_max).log_scale(), 0.0..100.0)
            .map_err(draw_err)?;
        let (axis_s, grid) = mesh_style();
        chart
            .configure_mesh()
            .axis_style(axis_s)
            .bold_line_style(grid)
            .light_line_style(TRANSPARENT)
            .label_style(text_style(SMALL_PX))
            .axis_desc_style(text_style(TEXT_PX))
            .x_desc("cache size (entries, log scale)")
            .y_desc("miss ratio, %")
            .x_labels(if width < 500 { 4 } else { 6 })
            .y_labels(6)
            .x_label_formatter(&|v| short(*v))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .draw()
            .map_err(draw_err)?;
        for (pc, &s) in curve.policies.iter().zip(&series) {
            let line: Vec<(f64, f64)> = pc
                .points
                .iter()
                .map(|p| (f64::from(p.capacity), p.miss_ratio * 100.0))
                .collect();
            chart
                .draw_series(LineSeries::new(line.clone(), s.colour().stroke_width(2)))
                .map_err(draw_err)?;
            for (p, xy) in pc.points.iter().zip(&line) {
                let c = chart.backend_coord(xy);
                marker(root, s, c, 4)?;
                hovers.push(Hover::point(
                    c,
                    6,
                    format!(
                        "{} at {} entries: {:.2} % misses ({} of {})",
                        s.label(),
                        thousands(u64::from(p.capacity)),
                        p.miss_ratio * 100.0,
                        thousands(p.misses),
                        thousands(p.requests)
                    ),
                ));
            }
        }
        Ok(())
    })?;
    let summary = format!(
        "{} requests over {} keys; {} policies at {} cache sizes from {} to {} entries.",
        thousands(curve.requests),
        thousands(curve.distinct_keys),
        curve.policies.len(),
        first.points.len(),
        thousands(u64::from(first.points[0].capacity)),
        thousands(u64::from(first.points[first.points.len() - 1].capacity)),
    );
    finish(svg, "chart-mrc", chart_title, &summary, &hovers)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use cachescope_sim::miss_ratio_curve;
    use cachescope_sim::{zipf_trace, RecordedTrace, TraceOp, TraceRecord};

    use super::*;

    fn curve(keys: Vec<u64>) -> MissRatioCurve {
        let records = keys.into_iter().map(|key| TraceRecord {
            timestamp: None,
            key,
            op: TraceOp::Read,
        });
        miss_ratio_curve(Arc::new(RecordedTrace::from_records(records).unwrap()))
    }

    #[test]
    fn one_line_and_one_hover_per_policy_and_size() {
        let c = curve(zipf_trace(3_000, 400, 1.0, 3));
        let svg = mrc(&c, 760).unwrap();
        assert!(svg.contains("data-chart=\"chart-mrc\""));
        for p in cachescope_sim::EvictionPolicy::ALL {
            assert!(svg.contains(p.label()), "{}", p.label());
        }
        let points = c.policies.len() * c.policies[0].points.len();
        assert_eq!(svg.matches("data-tip=").count(), points);
        let all = format!("LRU at {} entries", c.distinct_keys);
        assert!(svg.contains(&all), "the largest size is every key");
    }

    #[test]
    fn a_trace_of_one_key_still_draws() {
        let svg = mrc(&curve(vec![7; 10]), 300).unwrap();
        assert!(svg.contains("10.00 % misses (1 of 10)"), "{svg}");
    }
}
