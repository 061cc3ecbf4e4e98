//! Snapshot tests of every chart's SVG for a fixed report (insta; review
//! changes with `cargo insta review` or `INSTA_UPDATE=always`), plus the
//! properties every chart must have whatever the numbers.

use cachescope_sim::{Metric, StrategyId, SweepAxis, SweepResult};

use crate::fixture::{report, sweep_result};
use crate::*;

/// What every chart must be: one SVG root with role="img", a title and a
/// summary, all five strategies named, no sentinel colour left, at least
/// one focusable hover target per strategy.
fn check_common(svg: &str, id: &str) {
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{id}"
    );
    assert_eq!(svg.matches("<svg").count(), 1, "{id}");
    assert!(svg.trim_end().ends_with("</svg>"), "{id}");
    assert!(svg.contains("role=\"img\""), "{id}");
    assert!(svg.contains(&format!("data-chart=\"{id}\"")), "{id}");
    assert!(svg.contains(&format!("<title id=\"{id}-title\">")), "{id}");
    assert!(svg.contains(&format!("<desc id=\"{id}-desc\">")), "{id}");
    for s in StrategyId::ALL {
        assert!(svg.contains(s.label()), "{id} lacks {}", s.label());
    }
    assert!(!svg.contains("#010203") && !svg.contains("#010204"), "{id}");
    assert!(svg.contains("currentColor"), "{id}");
    assert!(svg.matches("tabindex=\"0\"").count() >= 5, "{id}");
}

#[test]
fn tradeoff_lost_writes() {
    let svg = tradeoff(&report(), Risk::LostWrites, 720).unwrap();
    check_common(&svg, "chart-tradeoff");
    assert!(svg.contains("Write latency p99 (ms)"));
    assert!(svg.contains("Acknowledged writes lost (count)"));
    insta::assert_snapshot!(svg);
}

#[test]
fn tradeoff_stale_rate_narrow() {
    let svg = tradeoff(&report(), Risk::StaleRate, 340).unwrap();
    check_common(&svg, "chart-tradeoff");
    assert!(svg.contains("Stale reads (% of reads)"));
    assert!(svg.contains("viewBox=\"0 0 340 "));
    insta::assert_snapshot!(svg);
}

#[test]
fn before_after_wide() {
    let svg = before_after(&report(), 720).unwrap();
    check_common(&svg, "chart-before-after");
    assert!(svg.contains("No cache"));
    for p in ["Read p99 (ms)", "Write p99 (ms)", "DB load (DB operations)"] {
        assert!(svg.contains(p), "{p}");
    }
    insta::assert_snapshot!(svg);
}

#[test]
fn bars_per_metric() {
    let r = report();
    for m in Metric::ALL {
        let svg = bars(&r, m, 600).unwrap();
        check_common(&svg, &format!("chart-bars-{}", m.as_str()));
        assert!(svg.contains(m.label()), "{m:?}");
    }
    insta::assert_snapshot!(bars(&r, Metric::WriteP99, 600).unwrap());
}

#[test]
fn timeseries_with_events() {
    let svg = timeseries(&report(), 720).unwrap();
    check_common(&svg, "chart-timeseries");
    assert!(svg.contains(">crash<"));
    assert!(svg.contains(">admin write<"));
    assert!(svg.contains("Time (s)"));
    // One hover column per window, each naming all four panels.
    let tips: Vec<&str> = svg.split("data-tip=\"").skip(1).collect();
    let windows = report().lanes[0].series.len();
    assert!(
        (windows - 1..=windows).contains(&tips.len()),
        "{} tips",
        tips.len()
    );
    for tip in tips {
        for panel in ["Hit ratio", "Read p99", "DB load", "Dirty entries"] {
            assert!(tip.split('"').next().unwrap().contains(panel), "{panel}");
        }
    }
    insta::assert_snapshot!(svg);
}

#[test]
fn sweeps() {
    for axis in SweepAxis::ALL {
        let svg = sweep(&sweep_result(axis), 720).unwrap();
        check_common(&svg, "chart-sweep");
        assert!(svg.contains(axis.label()));
    }
    insta::assert_snapshot!(sweep(&sweep_result(SweepAxis::CacheSize), 720).unwrap());
}

/// The hover text carries the exact figures of the report.
#[test]
fn hover_tips_carry_exact_values() {
    let r = report();
    let wb = &r.lanes[3];
    assert_eq!(wb.strategy, Some(StrategyId::WriteBack));
    let svg = tradeoff(&r, Risk::LostWrites, 720).unwrap();
    let tip = format!(
        "Write-back: write p99 {}, {} acknowledged writes lost",
        fmt_us(wb.write_latency.p99_us),
        wb.lost_writes
    );
    assert!(svg.contains(&format!("data-tip=\"{tip}\"")), "{tip}");
}

#[test]
fn same_input_same_bytes() {
    let r = report();
    assert_eq!(timeseries(&r, 500).unwrap(), timeseries(&r, 500).unwrap());
}

#[test]
fn empty_inputs_are_errors_not_panics() {
    let mut r = report();
    r.lanes.clear();
    assert_eq!(
        tradeoff(&r, Risk::LostWrites, 720).unwrap_err(),
        ChartError::NoData("the report has no strategy lanes")
    );
    assert!(before_after(&r, 720).is_err());
    assert!(bars(&r, Metric::HitRatio, 720).is_err());
    assert!(timeseries(&r, 720).is_err());
    let empty = SweepResult {
        axis: SweepAxis::ZipfAlpha,
        points: vec![],
    };
    assert_eq!(
        sweep(&empty, 720).unwrap_err().to_string(),
        "nothing to chart: the sweep has no points"
    );
}

#[test]
fn fmt_us_picks_readable_units() {
    assert_eq!(fmt_us(950), "950 µs");
    assert_eq!(fmt_us(2_345), "2.35 ms");
    assert_eq!(fmt_us(41_064), "41.1 ms");
    assert_eq!(fmt_us(5_870_342), "5.87 s");
}
