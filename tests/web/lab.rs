//! The Lab mounted in a real browser: deep link, counters, step / step back,
//! the crash experiment, the unknown-strategy notice.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{HtmlElement, HtmlInputElement};

use super::{search, settle, Mounted};

impl Mounted {
    fn num(&self, test_id: &str) -> u64 {
        let t = self.text(test_id);
        t.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{test_id} is not a number: {t:?}"))
    }

    /// Everything a step must restore: counters, both tables, the clock.
    fn state(&self) -> String {
        [
            "hits",
            "misses",
            "hit-ratio",
            "stale-reads",
            "lost-writes",
            "dirty",
            "clock",
            "cache-table",
            "db-table",
        ]
        .iter()
        .map(|id| self.text(id))
        .collect::<Vec<_>>()
        .join(" | ")
    }

    async fn press(&self, test_id: &str, times: u32) {
        for _ in 0..times {
            self.get(test_id).unchecked_into::<HtmlElement>().click();
        }
        settle().await;
    }

    async fn scrub_to(&self, t_us: u64) {
        let input: HtmlInputElement = self.get("scrubber").unchecked_into();
        input.set_value(&t_us.to_string());
        let ev = web_sys::Event::new("input").expect("event");
        input.dispatch_event(&ev).expect("dispatch");
        settle().await;
    }
}

#[wasm_bindgen_test]
async fn deep_link_opens_the_lab_on_write_back_with_zeroed_counters() {
    let app = Mounted::app("?view=lab&strategy=write-back").await;
    assert_eq!(app.text("view-title"), "Lab");
    let picked = app
        .get("strategy")
        .unchecked_into::<web_sys::HtmlSelectElement>()
        .value();
    assert_eq!(picked, "write-back");
    for id in ["hits", "misses", "stale-reads", "lost-writes", "dirty"] {
        assert_eq!(app.num(id), 0, "{id}");
    }
    assert!(app.find("unknown-strategy").is_none());
    for id in [
        "play",
        "step",
        "step-back",
        "scrubber",
        "break-crash",
        "break-admin-write",
        "break-slow-db",
        "break-import",
        "break-expire-hot",
    ] {
        assert!(app.find(id).is_some(), "{id}");
    }
}

#[wasm_bindgen_test]
async fn step_then_step_back_restores_counters_and_tables() {
    let app = Mounted::app("?view=lab&strategy=cache-aside").await;
    app.press("step", 120).await;
    let before = app.state();
    assert!(app.num("hits") + app.num("misses") > 0, "{before}");
    app.press("step", 1).await;
    app.press("step-back", 1).await;
    assert_eq!(app.state(), before);
    app.press("step", 25).await;
    app.press("step-back", 25).await;
    assert_eq!(app.state(), before);
}

#[wasm_bindgen_test]
async fn crashing_write_back_loses_exactly_the_dirty_writes() {
    let app = Mounted::app("?view=lab&strategy=write-back").await;
    let mut t = 0;
    while app.num("dirty") < 2 {
        t += 5_000;
        assert!(t < 1_000_000, "never dirty");
        app.scrub_to(t).await;
    }
    let dirty = app.num("dirty");
    let lost = app.num("lost-writes");
    app.press("break-crash", 1).await;
    assert_eq!(app.num("lost-writes"), lost + dirty);
    assert_eq!(app.num("dirty"), 0);
    assert!(app.text("cache-table").contains("DOWN"));
}

#[wasm_bindgen_test]
async fn unknown_strategy_is_named_and_cache_aside_shown() {
    let app = Mounted::app("?view=lab&strategy=lru").await;
    let text = app.text("unknown-strategy");
    assert!(text.contains("“lru”"), "{text}");
    let picked = app
        .get("strategy")
        .unchecked_into::<web_sys::HtmlSelectElement>()
        .value();
    assert_eq!(picked, "cache-aside");
}

#[wasm_bindgen_test]
async fn picking_a_strategy_updates_the_address_bar() {
    let app = Mounted::app("?view=lab").await;
    let select = app
        .get("strategy")
        .unchecked_into::<web_sys::HtmlSelectElement>();
    select.set_value("write-around");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(search(), "?view=lab&strategy=write-around");
    assert!(app.text("narration").contains("Press play"));
}
