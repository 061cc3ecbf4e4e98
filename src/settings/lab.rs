//! The Lab's settings, one row each: the numeric knobs, the read and write
//! paths its menus offer, and the address of a moment in a Lab run. The
//! Lab's knob panel draws them, the link reads and writes them, the glossary
//! test checks each tooltip. The baseline every knob is compared against is
//! [`super::lab_defaults::lab_scenario`].
//!
//! The Lab shows every key and entry in a table, so its key space and cache
//! stop at 64; every other range is the engine's limit
//! or a readable one. The write-back knobs apply only while the write path
//! is write-back (the panel greys them out otherwise).

use cachescope_sim::limits::{
    MAX_READ_RATIO, MIN_BATCH_MAX, MIN_CAPACITY, MIN_KEY_SPACE, MIN_READ_RATIO,
};
use cachescope_sim::{ReadPath, Scenario, WritePath};

use super::knob::{Control, Knob};
use super::scenario_fields::{self as fields, Field};
use super::write_back_fields;

/// Coalescing, in the Lab: a setting of cache-aside's reads. Read-through's
/// loader already loads a key once for every reader waiting on it, so
/// there the box would say nothing (Compare's row applies to every lane
/// and keeps [`fields::COALESCE`]).
/// Setting it elsewhere does nothing, as write-back's knobs do off a
/// write-back path, so no other strategy's scenario carries it.
const LAB_COALESCE: Field = Field {
    set: |s, v| {
        if reads_cache_aside(s) {
            (fields::COALESCE.set)(s, v)
        }
    },
    applies: reads_cache_aside,
    not_here: "is cache-aside's; read-through already loads a key once for all its waiting readers",
    ..fields::COALESCE
};

fn reads_cache_aside(s: &Scenario) -> bool {
    matches!(s.paths().0, ReadPath::CacheAside)
}

/// Most keys and cache entries the Lab's tables show.
pub const LAB_MAX_KEYS: f64 = 64.0;

/// The Lab's numeric knobs, in display order.
pub const LAB_KNOBS: [Knob; 13] = [
    Knob {
        key: "read-ratio",
        group: "Workload",
        label: "Reads",
        unit: "%",
        noun: "read ratio",
        help: "Share of requests that are reads; the rest are writes.",
        min: MIN_READ_RATIO,
        max: MAX_READ_RATIO,
        step: 0.05,
        shown_per_unit: 100.0,
        control: Control::Number,
        field: fields::READ_RATIO,
    },
    Knob {
        key: "zipf-alpha",
        group: "Workload",
        label: "Key skew (Zipf α, 0 = uniform)",
        unit: "",
        noun: "key skew (Zipf α)",
        help: "How unevenly keys are requested: 0 spreads requests evenly, higher favours a few hot keys.",
        min: 0.0,
        max: 3.0,
        step: 0.1,
        shown_per_unit: 1.0,
        control: Control::Number,
        field: fields::ZIPF_ALPHA,
    },
    Knob {
        key: "key-space",
        group: "Workload",
        label: "Key space",
        unit: "keys",
        noun: "key space",
        help: "How many different keys the requests use.",
        min: MIN_KEY_SPACE as f64,
        max: LAB_MAX_KEYS,
        step: 1.0,
        shown_per_unit: 1.0,
        control: Control::Number,
        field: fields::KEY_SPACE,
    },
    Knob {
        key: "capacity",
        group: "Cache",
        label: "Cache size",
        unit: "entries",
        noun: "cache size",
        help: "How many entries the cache holds before it evicts one.",
        min: MIN_CAPACITY as f64,
        max: LAB_MAX_KEYS,
        step: 1.0,
        shown_per_unit: 1.0,
        control: Control::Number,
        field: fields::CAPACITY,
    },
    Knob {
        key: "ttl",
        group: "Cache",
        label: "TTL (0 = none)",
        unit: "ms",
        noun: "TTL (ms)",
        help: "How long an entry lives in the cache before it expires; 0 keeps it until evicted.",
        // Ten seconds: several times a Lab run.
        min: 0.0,
        max: 10_000.0,
        step: 50.0,
        shown_per_unit: 1.0,
        control: Control::Number,
        field: fields::TTL,
    },
    Knob {
        key: "stale-grace",
        group: "Cache",
        label: "Serve stale for",
        unit: "ms",
        noun: "stale-while-revalidate grace (ms)",
        help: "After expiry, reads get the old value this long while one background reload runs (needs a TTL).",
        min: 0.0,
        max: 10_000.0,
        step: 10.0,
        shown_per_unit: 1.0,
        control: Control::Number,
        field: fields::STALE_GRACE,
    },
    Knob {
        key: "coalesce",
        group: "Cache",
        label: "Coalesce misses",
        unit: "",
        noun: "coalescing (1 = on)",
        help: "Cache-aside: misses on one key share one DB read; the other readers wait for it (a dashed ring).",
        min: 0.0,
        max: 1.0,
        step: 1.0,
        shown_per_unit: 1.0,
        control: Control::Toggle,
        field: LAB_COALESCE,
    },
    Knob {
        group: "Cache",
        ..super::compare::EARLY_REFRESH
    },
    Knob {
        key: "cache-latency",
        group: "Cache",
        label: "Cache latency (median)",
        unit: "ms",
        noun: "cache latency (ms)",
        help: "Typical time of one cache operation.",
        min: 0.05,
        max: 100.0,
        step: 0.05,
        shown_per_unit: 1.0,
        control: Control::Number,
        field: fields::CACHE_MEDIAN,
    },
    Knob {
        key: "wb-flush",
        group: "Cache",
        label: "Write-back flush every",
        unit: "ms",
        noun: "write-back flush interval (ms)",
        help: "How often the cache sends its waiting writes to the database; a crash loses what still waits.",
        // A whole Lab run is a few seconds: past that nothing is flushed.
        min: 1.0,
        max: 10_000.0,
        step: 1.0,
        shown_per_unit: 1.0,
        control: Control::Number,
        field: write_back_fields::WRITE_BACK_FLUSH,
    },
    Knob {
        key: "wb-batch",
        group: "Cache",
        label: "Write-back batch",
        unit: "entries",
        noun: "write-back batch size",
        help: "Most waiting writes one flush sends; the others wait for the next flush.",
        // Up to the engine's default of 100 and past it: a batch larger
        // than the Lab's 64 keys just flushes every dirty entry at once.
        min: MIN_BATCH_MAX as f64,
        max: 1_000.0,
        step: 1.0,
        shown_per_unit: 1.0,
        control: Control::Number,
        field: write_back_fields::WRITE_BACK_BATCH,
    },
    Knob {
        key: "db-read",
        group: "Database",
        label: "DB read latency (median)",
        unit: "ms",
        noun: "DB read latency (ms)",
        help: "Typical time of one database read.",
        min: 0.1,
        max: 1_000.0,
        step: 0.5,
        shown_per_unit: 1.0,
        control: Control::Number,
        field: fields::DB_READ_MEDIAN,
    },
    Knob {
        key: "db-write",
        group: "Database",
        label: "DB write latency (median)",
        unit: "ms",
        noun: "DB write latency (ms)",
        help: "Typical time of one database write.",
        min: 0.1,
        max: 1_000.0,
        step: 0.5,
        shown_per_unit: 1.0,
        control: Control::Number,
        field: fields::DB_WRITE_MEDIAN,
    },
];

/// One entry of a path menu: the link's name for it, the menu's label, and
/// the path it picks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PathChoice<P> {
    /// The link's value (`read=read-through`) and the `<option>`'s value.
    pub key: &'static str,
    /// The menu's text.
    pub label: &'static str,
    /// The path.
    pub path: P,
}

/// The read paths the Lab offers.
pub const READ_PATHS: [PathChoice<ReadPath>; 2] = [
    PathChoice {
        key: "cache-aside",
        label: "cache-aside",
        path: ReadPath::CacheAside,
    },
    PathChoice {
        key: "read-through",
        label: "read-through",
        path: ReadPath::ReadThrough {
            single_flight: true,
        },
    },
];

/// The write paths the Lab offers.
pub const WRITE_PATHS: [PathChoice<WritePath>; 4] = [
    PathChoice {
        key: "invalidate",
        label: "DB, then invalidate",
        path: WritePath::DbThenInvalidate,
    },
    PathChoice {
        key: "write-through",
        label: "write-through",
        path: WritePath::WriteThrough,
    },
    PathChoice {
        key: "write-back",
        label: "write-back",
        path: WritePath::write_back_default(),
    },
    PathChoice {
        key: "write-around",
        label: "write-around",
        path: WritePath::WriteAround { invalidate: true },
    },
];

/// A moment of a Lab run: events processed and the virtual clock, µs. The
/// player replays to it exactly; links (`pos=812@406.25ms`) and break-it
/// injections carry it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Events the engine has processed.
    pub events: u64,
    /// Virtual time, µs (≥ the time of the last processed event).
    pub now_us: u64,
}
