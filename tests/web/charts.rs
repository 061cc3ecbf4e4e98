//! Charts drawn in the browser are the native snapshots, byte for byte.
//!
//! plotters sized text through the page's DOM on wasm32 (different fonts,
//! different layout) until `crates/charts/src/svg_out.rs`; these tests pin
//! that every chart is now the same SVG here as in the native snapshot
//! files under `crates/charts/src/snapshots/`.

use cachescope_charts::fixture::{report, sweep_result};
use cachescope_charts::{bars, before_after, sweep, timeseries, tradeoff, Risk};
use cachescope_sim::{Metric, SweepAxis};
use wasm_bindgen_test::wasm_bindgen_test;

/// The SVG of an insta snapshot file: what follows its `---` header.
fn snapshot(file: &str) -> &str {
    let body = file
        .splitn(3, "---\n")
        .nth(2)
        .expect("an insta header between two --- lines");
    body.trim_end_matches('\n')
}

macro_rules! same_as_snapshot {
    ($name:literal, $svg:expr) => {{
        let want = snapshot(include_str!(concat!(
            "../../crates/charts/src/snapshots/cachescope_charts__tests__",
            $name,
            ".snap"
        )));
        let got: String = $svg.expect("the chart draws");
        assert!(
            got.trim_end_matches('\n') == want,
            "{}: the browser's SVG differs from the native snapshot ({} vs {} bytes)",
            $name,
            got.len(),
            want.len()
        );
    }};
}

#[wasm_bindgen_test]
fn every_chart_is_the_native_snapshot() {
    let r = report();
    same_as_snapshot!("tradeoff_lost_writes", tradeoff(&r, Risk::LostWrites, 720));
    same_as_snapshot!(
        "tradeoff_stale_rate_narrow",
        tradeoff(&r, Risk::StaleRate, 340)
    );
    same_as_snapshot!("before_after_wide", before_after(&r, 720));
    same_as_snapshot!("bars_per_metric", bars(&r, Metric::WriteP99, 600));
    same_as_snapshot!("timeseries_with_events", timeseries(&r, 720));
    same_as_snapshot!("sweeps", sweep(&sweep_result(SweepAxis::CacheSize), 720));
}
