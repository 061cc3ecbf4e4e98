//! Write-back's two settings, flush interval and batch size, as knob
//! fields. They live in the scenario's write path, so the two views store
//! them differently: Compare's write-back lane takes the scenario's write
//! path when it is write-back (the other lanes ignore it), while the Lab
//! runs the scenario's own path, so there they apply only on a write-back
//! path ([`Field::applies`]) and never turn another strategy into a custom
//! pair.

use cachescope_sim::limits::{DEFAULT_BATCH_MAX, DEFAULT_FLUSH_INTERVAL_US};
use cachescope_sim::{Scenario, WritePath};

use super::scenario_fields::{always, us, Field};

/// A write path's flush interval (µs) and batch size when it is
/// write-back, else the engine's defaults.
fn write_back_settings(w: WritePath) -> (u64, u32) {
    match w {
        WritePath::WriteBack {
            flush_interval_us,
            batch_max,
        } => (flush_interval_us, batch_max),
        _ => (DEFAULT_FLUSH_INTERVAL_US, DEFAULT_BATCH_MAX),
    }
}

/// Compare's write-back lane's settings: the scenario's write path when it
/// is write-back (see [`set_write_back_lane`]).
fn write_back(s: &Scenario) -> (u64, u32) {
    write_back_settings(s.write_path.unwrap_or(WritePath::write_back_default()))
}

/// The settings of the write path the Lab runs, when write-back.
fn write_back_of_path(s: &Scenario) -> (u64, u32) {
    write_back_settings(s.paths().1)
}

/// Compare: the write-back lane's settings. Compare's lanes take a write
/// path from the scenario only for the lane of its kind, so the scenario's
/// write path is the write-back lane's settings, and none when they are
/// the defaults (the link then stays short).
fn set_write_back_lane(s: &mut Scenario, flush_interval_us: u64, batch_max: u32) {
    let wanted = WritePath::WriteBack {
        flush_interval_us,
        batch_max,
    };
    s.write_path = (wanted != WritePath::write_back_default()).then_some(wanted);
}

/// The Lab: the settings of the write path that runs, when it is
/// write-back (see [`Field::applies`]); none when they are what the
/// strategy has anyway.
fn set_write_back_path(s: &mut Scenario, flush_interval_us: u64, batch_max: u32) {
    if !runs_write_back(s) {
        return;
    }
    let wanted = WritePath::WriteBack {
        flush_interval_us,
        batch_max,
    };
    s.write_path = (wanted != s.strategy.default_paths().1).then_some(wanted);
}

/// Whether the scenario's own write path (what the Lab runs) is write-back.
fn runs_write_back(s: &Scenario) -> bool {
    matches!(s.paths().1, WritePath::WriteBack { .. })
}

/// Compare's write-back lane: flush interval, ms.
pub const WRITE_BACK_LANE_FLUSH: Field = Field {
    get: |s| write_back(s).0 as f64 / 1e3,
    set: |s, v| set_write_back_lane(s, us(v), write_back(s).1),
    applies: always,
    not_here: "",
};

/// Compare's write-back lane: most entries per flush.
pub const WRITE_BACK_LANE_BATCH: Field = Field {
    get: |s| f64::from(write_back(s).1),
    set: |s, v| set_write_back_lane(s, write_back(s).0, v.round() as u32),
    applies: always,
    not_here: "",
};

/// The Lab's write-back path: flush interval, ms.
pub const WRITE_BACK_FLUSH: Field = Field {
    get: |s| write_back_of_path(s).0 as f64 / 1e3,
    set: |s, v| set_write_back_path(s, us(v), write_back_of_path(s).1),
    applies: runs_write_back,
    not_here: "does not apply to this write path",
};

/// The Lab's write-back path: most entries per flush.
pub const WRITE_BACK_BATCH: Field = Field {
    get: |s| f64::from(write_back_of_path(s).1),
    set: |s, v| set_write_back_path(s, write_back_of_path(s).0, v.round() as u32),
    applies: runs_write_back,
    not_here: "does not apply to this write path",
};
