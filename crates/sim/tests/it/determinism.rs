//! Same scenario + seed → byte-identical report; a different seed → a
//! different one. The golden fixture is what the app's wasm test compares the
//! browser's output with, so native and wasm32 must both produce these bytes.

use std::path::PathBuf;

use cachescope_sim::{compare, run, Scenario};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The fixture scenario: small (300 requests, 5 traced), every model feature
/// that draws random numbers (log-normal and exponential latencies, Zipf keys,
/// Poisson arrivals, admin-write bursts) and a crash, so a platform
/// difference in any distribution shows up as a byte difference.
pub fn golden_scenario() -> Scenario {
    let text = std::fs::read_to_string(fixtures().join("golden-scenario.json"))
        .expect("tests/fixtures/golden-scenario.json");
    Scenario::from_json(&text).expect("valid fixture scenario")
}

#[test]
fn golden_report_is_byte_identical() {
    let json = serde_json::to_string_pretty(&run(&golden_scenario())).unwrap() + "\n";
    let path = fixtures().join("golden-report.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &json).unwrap();
    }
    let want = std::fs::read_to_string(&path).expect("run with UPDATE_GOLDEN=1 to create it");
    assert!(
        json == want,
        "report differs from {} (UPDATE_GOLDEN=1 to accept)",
        path.display()
    );
}

#[test]
fn same_seed_same_report_and_another_seed_differs() {
    let s = golden_scenario();
    let a = serde_json::to_string(&compare(&s)).unwrap();
    let b = serde_json::to_string(&compare(&s)).unwrap();
    assert_eq!(a, b);
    let other = Scenario {
        seed: s.seed + 1,
        ..s
    };
    let c = serde_json::to_string(&compare(&other)).unwrap();
    assert_ne!(a, c);
}

#[test]
fn every_lane_of_a_compare_sees_the_same_requests() {
    let s = Scenario {
        log_limit: 50,
        ..golden_scenario()
    };
    let c = compare(&s);
    let key_ops = |r: &cachescope_sim::LaneReport| {
        r.log
            .iter()
            .filter(|t| matches!(t.op, cachescope_sim::Op::Read | cachescope_sim::Op::Write))
            .map(|t| (t.op, t.key, t.issued_at_us))
            .collect::<Vec<_>>()
    };
    let base = key_ops(&c.baseline);
    assert!(base.len() > 30);
    for lane in &c.lanes {
        // Flush batches share the trace log, so a lane may trace fewer
        // client requests; the ones it traces must be the same.
        let ops = key_ops(lane);
        assert!(ops.len() > 30);
        assert_eq!(ops[..], base[..ops.len()], "{}", lane.label);
    }
}
