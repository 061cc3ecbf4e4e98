//! The fixed inputs of the chart snapshots (`src/snapshots/`), public so the
//! browser tests (`tests/web/charts.rs`) can draw the same charts in wasm
//! and check them against the same snapshot files, byte for byte.
#![doc(hidden)]

use cachescope_sim::{
    compare, CompareReport, EventKind, Scenario, ScheduledEvent, Sweep, SweepAxis, SweepResult,
    Workload,
};

/// A small, fixed comparison with a crash and an admin write, so that the
/// time series has event markers and write-back loses writes.
pub fn report() -> CompareReport {
    let s = Scenario {
        requests: 3_000,
        workload: Workload {
            key_space: 2_000,
            read_ratio: 0.7,
            ..Workload::default()
        },
        events: vec![
            ScheduledEvent {
                at_us: 1_000_000,
                kind: EventKind::CacheCrash {
                    down_for_us: 100_000,
                },
            },
            ScheduledEvent {
                at_us: 2_000_000,
                kind: EventKind::AdminWrite { key: None },
            },
        ],
        ..Scenario::default()
    };
    compare(&s)
}

/// A small sweep of the default scenario along `axis`.
pub fn sweep_result(axis: SweepAxis) -> SweepResult {
    let base = Scenario {
        requests: 1_000,
        workload: Workload {
            key_space: 400,
            ..Workload::default()
        },
        ..Scenario::default()
    };
    Sweep::new(&base, axis).run_all()
}
