//! Raw input → Scenario: errors name the field, the value and the range.

use cachescope_sim::{limits, Scenario, ScenarioError};

fn err(json: &str) -> String {
    Scenario::from_json(json).unwrap_err().to_string()
}

#[test]
fn empty_object_is_the_documented_default() {
    assert_eq!(Scenario::from_json("{}").unwrap(), Scenario::default());
    assert!(Scenario::default().validate().is_ok());
}

#[test]
fn out_of_range_names_field_value_and_range() {
    assert_eq!(
        err(r#"{"requests": 0}"#),
        "requests = 0 is out of range: allowed 1 to 2000000"
    );
    assert_eq!(
        err(r#"{"workload": {"read_ratio": 1.5}}"#),
        "workload.read_ratio = 1.5 is out of range: allowed 0 to 1"
    );
    assert_eq!(
        err(r#"{"db": {"connections": 5000}}"#),
        "db.connections = 5000 is out of range: allowed 1 to 1000"
    );
    assert_eq!(
        err(r#"{"events": [{"at_us": 5, "kind": "bulk-import", "keys": 0}]}"#),
        "events[0].keys = 0 is out of range: allowed 1 to 100000"
    );
    assert_eq!(
        err(
            r#"{"events": [{"at_us": 5, "kind": "admin-write", "key": 10}], "workload": {"key_space": 10}}"#
        ),
        "events[0].key = 10 is out of range: allowed 0 to 9"
    );
    assert_eq!(
        err(r#"{"write_path": {"kind": "write-back", "flush_interval_us": 5, "batch_max": 10}}"#),
        "write_path.flush_interval_us = 5 is out of range: allowed 100 to 3600000000"
    );
    assert_eq!(
        err(r#"{"cache": {"latency": {"kind": "log-normal", "median_us": 100, "p99_us": 50}}}"#),
        "cache.latency.p99_us = 50 is out of range: allowed 100 to 10000000"
    );
    assert_eq!(
        err(r#"{"cache": {"ttl_us": 1000, "ttl_jitter": 1}}"#),
        "cache.ttl_jitter = 1 is out of range: allowed 0 to 0.9"
    );
}

/// A jitter of 0 is left out of the JSON, so files from before it existed
/// and files without one read and write the same.
#[test]
fn ttl_jitter_is_written_only_when_set() {
    let plain = serde_json::to_string(&Scenario::default()).unwrap();
    assert!(!plain.contains("ttl_jitter"), "{plain}");
    let s = Scenario::from_json(r#"{"cache": {"ttl_us": 1000, "ttl_jitter": 0.25}}"#).unwrap();
    assert_eq!(s.cache.ttl_jitter, 0.25);
    let back = Scenario::from_json(&serde_json::to_string(&s).unwrap()).unwrap();
    assert_eq!(back, s);
}

#[test]
fn totals_over_all_events_are_bounded() {
    let imports: Vec<String> = (0..11)
        .map(|i| format!(r#"{{"at_us": {i}, "kind": "bulk-import", "keys": 100000}}"#))
        .collect();
    assert_eq!(
        err(&format!(r#"{{"events": [{}]}}"#, imports.join(","))),
        "events: bulk imports add 1100000 keys in total; at most 1000000 allowed"
    );
    let bursts: Vec<String> = (0..3)
        .map(|i| {
            format!(r#"{{"at_us": {i}, "kind": "admin-writes", "rate_per_sec": 1000.0, "for_us": 1000000000}}"#)
        })
        .collect();
    assert_eq!(
        err(&format!(r#"{{"events": [{}]}}"#, bursts.join(","))),
        "events: admin-write bursts expect 3000000 writes in total; at most 2000000 allowed"
    );
}

#[test]
fn json_errors_carry_line_and_column() {
    let e = Scenario::from_json("{\n  \"cache\": { \"capacty\": 3 }\n}").unwrap_err();
    match &e {
        ScenarioError::Json { line, message, .. } => {
            assert_eq!(*line, 2);
            assert!(message.contains("capacty"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn scenario_round_trips_through_json() {
    let s = Scenario::default();
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(Scenario::from_json(&json).unwrap(), s);
}

#[test]
fn limits_keep_the_worst_case_bounded() {
    // The ceilings documented in `limits` are the ones validation enforces.
    let at_max = Scenario {
        requests: limits::MAX_REQUESTS,
        ..Scenario::default()
    };
    assert!(at_max.validate().is_ok());
    let over = Scenario {
        requests: limits::MAX_REQUESTS + 1,
        ..Scenario::default()
    };
    assert!(matches!(
        over.validate(),
        Err(ScenarioError::OutOfRange { .. })
    ));
}
