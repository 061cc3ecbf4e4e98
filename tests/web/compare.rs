//! Compare and Choose mounted in a real browser: the browser's `compare()`
//! is byte-identical to the native CLI's output, the lanes show it, a knob
//! re-simulates, an unknown preset falls back with a notice, and Choose
//! answers live.
//!
//! These run an unoptimised wasm build, about ten times slower than the
//! release page: the mounted tests cut the preset to [`LIGHT`] requests
//! through the requests knob, which cancels the preset's full-size run at
//! its next slice (the runner never blocks the page for long, so the test
//! runner's 5 s watchdog never fires).

use std::time::Duration;

use cachescope_sim::{compare, Preset, PresetId};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::HtmlInputElement;

use super::{settle, wait_until, Mounted};

const LONG: Duration = Duration::from_secs(20);

/// Requests per lane in the mounted tests.
const LIGHT: u64 = 2_000;

impl Mounted {
    /// Types `value` into a number knob and commits it (`change`).
    fn set_knob(&self, id: &str, value: &str) {
        let input: HtmlInputElement = self.get(&format!("knob-{id}")).unchecked_into();
        input.set_value(value);
        input
            .dispatch_event(&web_sys::Event::new("change").unwrap())
            .unwrap();
    }

    /// Opens Compare on `preset`, cut to [`LIGHT`] requests before the
    /// first simulation, and waits for the lanes.
    async fn compare_light(preset: PresetId) -> Mounted {
        let app = Mounted::app(&format!("?view=compare&preset={preset}")).await;
        app.set_knob("requests", &LIGHT.to_string());
        settle().await;
        // Simulated, or shown from the page's cache of exact reports when
        // an earlier test of this page ran the same scenario.
        wait_until("the lanes", LONG, || {
            let status = app.get("run-status");
            status.get_attribute("data-state").as_deref() == Some("done")
                && status.get_attribute("data-requests") == Some(LIGHT.to_string())
        })
        .await;
        app
    }

    /// `data-value` of `metric` in the lane card of `strategy`.
    fn lane_value(&self, strategy: &str, metric: &str) -> Option<f64> {
        self.root
            .query_selector(&format!(
                "[data-testid=\"lane-{strategy}\"] [data-testid=\"{metric}\"]"
            ))
            .ok()
            .flatten()?
            .get_attribute("data-value")?
            .parse()
            .ok()
    }
}

/// The wasm build computes exactly what the native CLI printed: same
/// scenario, same seed, same bytes.
#[wasm_bindgen_test]
async fn browser_compare_equals_the_native_cli_output() {
    let fixtures = [
        (
            PresetId::Wallet,
            include_str!("../fixtures/wallet.compare.json"),
        ),
        (
            PresetId::Counters,
            include_str!("../fixtures/counters.compare.json"),
        ),
    ];
    for (id, cli) in fixtures {
        // One preset per turn of the event loop (see the module docs).
        settle().await;
        let report = compare(&Preset::get(id).scenario);
        let json = serde_json::to_string_pretty(&report).expect("serialise");
        assert!(
            json == cli.trim_end(),
            "{id}: the browser's report differs from the CLI's"
        );
    }
}

#[wasm_bindgen_test]
async fn wallet_lanes_show_the_simulated_numbers() {
    let app = Mounted::compare_light(PresetId::Wallet).await;
    let mut scenario = Preset::get(PresetId::Wallet).scenario;
    scenario.requests = LIGHT;
    let report = compare(&scenario);
    for lane in &report.lanes {
        let id = lane.strategy.expect("named lane").as_str();
        assert_eq!(
            app.lane_value(id, "lost-writes"),
            Some(lane.lost_writes as f64),
            "{id}"
        );
        assert_eq!(
            app.lane_value(id, "stale-reads"),
            Some(lane.stale_reads as f64),
            "{id}"
        );
        assert_eq!(
            app.lane_value(id, "hit-ratio"),
            Some(lane.hit_ratio),
            "{id}"
        );
        assert_eq!(
            app.lane_value(id, "write-p99"),
            Some(lane.write_latency.p99_us as f64),
            "{id}"
        );
    }
    assert_eq!(app.lane_value("write-through", "lost-writes"), Some(0.0));
    assert_eq!(app.lane_value("write-through", "stale-reads"), Some(0.0));
    assert_eq!(app.text("knobs-changed"), "1 value differs from the preset");
}

#[wasm_bindgen_test]
async fn a_knob_change_resimulates_and_is_marked() {
    let app = Mounted::compare_light(PresetId::Catalog).await;
    let before = app.lane_value("cache-aside", "hit-ratio").unwrap();
    app.set_knob("capacity", "20");
    settle().await;
    assert_eq!(app.text("knobs-changed"), "2 values differ from the preset");
    assert!(app
        .get("knob-capacity")
        .closest(".knob--changed")
        .unwrap()
        .is_some());
    wait_until("a re-simulation with a tiny cache", LONG, || {
        app.lane_value("cache-aside", "hit-ratio")
            .is_some_and(|h| h < before)
    })
    .await;
    app.set_knob("capacity", "1000");
    wait_until("the first numbers again", LONG, || {
        app.lane_value("cache-aside", "hit-ratio") == Some(before)
    })
    .await;
    assert_eq!(app.text("knobs-changed"), "1 value differs from the preset");
}

#[wasm_bindgen_test]
async fn an_unknown_preset_falls_back_with_a_notice() {
    let app = Mounted::app("?view=compare&preset=bank").await;
    app.set_knob("requests", &LIGHT.to_string());
    assert!(app
        .text("unknown-preset-notice")
        .contains("Unknown preset “bank”"));
    let select: web_sys::HtmlSelectElement = app.get("preset-select").unchecked_into();
    assert_eq!(select.value(), "catalog");
}

#[wasm_bindgen_test]
async fn choose_answers_live_and_links_to_compare() {
    let app = Mounted::app("?view=choose").await;
    assert_eq!(app.text("advice-write"), "Write-through");
    assert_eq!(
        app.get("show-me").get_attribute("href").as_deref(),
        Some("?view=compare&preset=wallet")
    );
    app.click("q-lose-yes").await;
    assert_eq!(
        app.text("advice-write"),
        "DB, then drop the cached copy (cache-aside)"
    );
    assert_eq!(
        app.get("show-me").get_attribute("href").as_deref(),
        Some("?view=compare&preset=catalog")
    );
    wait_until("the evidence", LONG, || {
        app.text("advice-evidence")
            .contains("failed requests while the cache was down")
    })
    .await;
}

/// `performance.getEntriesByName(name).length`.
fn marks(name: &str) -> u32 {
    super::window()
        .performance()
        .expect("the Performance API")
        .get_entries_by_name(name)
        .length()
}

/// The status element carries the benchmark's attributes, and a report on
/// screen is marked.
#[wasm_bindgen_test]
async fn the_status_line_carries_the_measurement_contract() {
    let app = Mounted::app(&format!("?view=compare&preset={}", PresetId::Wallet)).await;
    // The preset's full size in an unoptimised build: still running.
    let status = app.get("run-status");
    assert_eq!(
        status.get_attribute("data-state").as_deref(),
        Some("simulating")
    );
    let drawn = marks("cachescope:report-drawn");
    // A request count no other test of this page runs, so it is simulated
    // (not shown from the cache of exact reports).
    let requests = LIGHT + 1_000;
    app.set_knob("requests", &requests.to_string());
    wait_until("the lanes", LONG, || {
        status.get_attribute("data-state").as_deref() == Some("done")
            && status.get_attribute("data-requests") == Some(requests.to_string())
    })
    .await;
    assert_eq!(status.get_attribute("data-lanes").as_deref(), Some("6"));
    assert_eq!(status.get_attribute("data-source").as_deref(), Some("run"));
    let ms = status.get_attribute("data-sim-ms").expect("data-sim-ms");
    assert!(
        ms.split_once('.').is_some_and(|(_, d)| d.len() == 1) && ms.parse::<f64>().unwrap() > 0.0,
        "data-sim-ms {ms}"
    );
    wait_until("the report-drawn mark", LONG, || {
        marks("cachescope:report-drawn") > drawn
    })
    .await;
}

/// A second knob change while the first one's run is under way cancels it:
/// the lanes end with the second value's numbers.
#[wasm_bindgen_test]
async fn a_newer_knob_value_cancels_the_running_simulation() {
    let app = Mounted::compare_light(PresetId::Catalog).await;
    app.set_knob("capacity", "20");
    // One slice of the first run at most, then the second value.
    settle().await;
    app.set_knob("capacity", "50");
    let mut scenario = Preset::get(PresetId::Catalog).scenario;
    scenario.requests = LIGHT;
    scenario.cache.capacity = 50;
    let want = compare(&scenario).lanes[0].hit_ratio;
    scenario.cache.capacity = 20;
    assert_ne!(compare(&scenario).lanes[0].hit_ratio, want);
    // Lets the runner take the second value (its effect) before looking.
    settle().await;
    wait_until("the second value's numbers", LONG, || {
        app.get("run-status").get_attribute("data-state").as_deref() == Some("done")
    })
    .await;
    assert_eq!(app.lane_value("cache-aside", "hit-ratio"), Some(want));
}

#[wasm_bindgen_test]
async fn an_embed_of_one_chart_mounts_that_chart_alone() {
    let app = Mounted::app(&format!(
        "?view=compare&preset=counters&requests={LIGHT}&metric=db-reads&embed=1&chart=bars"
    ))
    .await;
    wait_until("the bar chart", LONG, || {
        app.root
            .query_selector("[data-testid=\"chart-bars\"] svg")
            .ok()
            .flatten()
            .is_some()
    })
    .await;
    // The chart with its own control, and nothing else of the view.
    for gone in [
        "chart-tradeoff",
        "chart-before-after",
        "chart-timeseries",
        "lanes",
        "knob-panel",
        "compare-table",
        "footer",
    ] {
        assert!(app.find(gone).is_none(), "{gone} is shown");
    }
    let picked = app
        .root
        .query_selector("[data-testid=\"bars-metric\"] option:checked")
        .expect("valid selector")
        .and_then(|o| o.get_attribute("value"));
    assert_eq!(picked.as_deref(), Some("db-reads"));
    assert!(app
        .text("chart-caption")
        .contains(&format!("{LIGHT} requests per strategy")));
    assert!(app.text("chart-bars").contains("DB reads"));
    assert!(app.find("open-full").is_some());
}
