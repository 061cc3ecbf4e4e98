//! Robustness: the input edges of the simulator, fuzzed.
//!
//! Every way raw bytes enter `cachescope-sim` is driven here with generated
//! hostile input, and the contract is checked, not just "did not crash":
//!
//! - [`Scenario::from_json`] on arbitrary strings, on arbitrary JSON values
//!   (a recursive `serde_json::Value` strategy whose keys are drawn from the
//!   scenario's own field and kind names, so values get past
//!   `deny_unknown_fields` and reach validation), and on *structured
//!   mutations* of valid scenarios (any leaf replaced by an extreme: 0, -1,
//!   `u64::MAX`, 1e308, 5e-324, `"NaN"`, `null`, the limit ± 1, another
//!   variant's tag…; events repeated past `MAX_EVENTS`; JSON nested past
//!   serde's recursion limit). No panic; a rejection is a [`ScenarioError`]
//!   whose `Display` names the field it blames; an accepted scenario must
//!   also *run*: `Simulation::new` plus a bounded number of `step()`s on it
//!   as given, then a whole run (and a compare) of a copy with the request
//!   count and the event volumes made small, within an event budget linear
//!   in what the copy asks for — an engine that loops on idle timers fails
//!   here instead of hanging a browser tab.
//! - CSV and oracleGeneral trace parsing on arbitrary bytes, read whole and
//!   through readers that hand out one byte at a time and fail with
//!   `Interrupted`: no panic, the same answer however the bytes arrive, and
//!   errors that name a line (CSV) or a byte offset (binary) that exists.
//!   The binary reader is checked against a model (records are bytes
//!   `4..12` of each 24-byte chunk; a short tail is `Truncated` at its
//!   offset).
//! - The corpus (`tests/corpus/`): every input that once found a bug plus
//!   hand-written nasty ones, replayed every run with each outcome pinned in
//!   `tests/corpus/expected.txt` (update with `UPDATE_EXPECT=1`).
//!
//! Cases: the defaults keep this module well under a minute in a debug
//! build on two cores. `CACHESCOPE_FUZZ_CASES=20000 cargo test -p
//! cachescope-sim --release robustness` runs every fuzz test with that many
//! cases instead (an hour's soak is a five-digit number).
//!
//! # Ceilings of the largest allowed scenario (native)
//!
//! Memory is dominated by the requests in flight (one slab slot, ≈ 100 B,
//! plus its trace and queue entry) and the per-key tables: the Zipf alias
//! table is 8 B per key at rest but is built from three `f64` vectors
//! (24 B per key: 240 MB at [`limits::MAX_KEY_SPACE`]); each latency sample
//! is kept (8 B per completed request) for exact percentiles. Measured
//! with `cachescope run`/`compare` (profile `native`) on the 2-core machine
//! while other builds kept its load average near 10, so wall times are
//! inflated several-fold (`limits` records 9.5 s unloaded for the first
//! lane); peak RSS is exact:
//!
//! | scenario (all at the limits) | one lane | compare (6 lanes) |
//! |---|---|---|
//! | 2 M requests at 10 M/s, 1 connection, 10 s ops, 10 M Zipf keys, ten 100 000-key imports, write-through | 36.9 s, 655 MB | > 400 s (stopped), 672 MB |
//! | 100 000 closed-loop clients, 2 M requests, 10 M keys, two 1 M admin bursts | 29.2 s, 246 MB | — |
//! | 2 M requests at 0.001 req/s, write-back every 100 µs | 2.3 s, 36 MB (before the idle-tick fix: never finished) | — |
//!
//! Memory stays under 1 GB at every limit. Time does not: a compare of the
//! in-flight worst case is six lanes of it, past 60 s natively. The event
//! budget in [`exercise`] keeps the engine's event count linear in a
//! scenario's work, so what remains is the work the limits allow.

use std::io::{self, BufReader, Read};

use cachescope_sim::trace::{CsvReader, OracleGeneralReader, TraceError, ORACLE_RECORD_BYTES};
use cachescope_sim::{
    compare, limits, Arrivals, CacheConfig, DbConfig, EventKind, EvictionPolicy, Latency, Op,
    Phase, Popularity, ReadPath, Scenario, ScenarioError, ScheduledEvent, Simulation, StrategyId,
    Workload, WritePath,
};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use serde_json::{json, Value};

/// Cases per fuzz test: `default`, or `CACHESCOPE_FUZZ_CASES` when set (to
/// soak by hand; see the module docs).
fn cases(default: u32) -> u32 {
    std::env::var("CACHESCOPE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn config(default: u32) -> ProptestConfig {
    ProptestConfig {
        cases: cases(default),
        // Shrinking a scenario that hangs would itself hang; the budgets
        // below turn hangs into failures, and failures shrink fine.
        max_shrink_iters: 2_000,
        // Inputs that found bugs live in `tests/corpus/`, replayed by name.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ------------------------------------------------------------------ oracles

/// `step()`s taken on an accepted scenario as given (its requests and event
/// volumes may be at their maxima, so a whole run would be too slow here).
const BOUNDED_STEPS: u64 = 2_000;

/// The requests of the small copy that is run to the end.
const SMALL_REQUESTS: u64 = 150;

/// Checks what a rejection must look like: typed, and naming what it blames.
pub(crate) fn check_rejection(e: &ScenarioError) {
    let shown = e.to_string();
    assert!(!shown.trim().is_empty(), "empty message for {e:?}");
    assert!(!shown.contains('\n'), "a multi-line message: {shown:?}");
    match e {
        ScenarioError::OutOfRange {
            field,
            value,
            min,
            max,
        } => {
            assert!(!field.is_empty(), "{e:?}");
            assert!(
                shown.starts_with(field.as_str()),
                "{shown:?} does not name {field}"
            );
            assert!(
                !value.is_empty() && !min.is_empty() && !max.is_empty(),
                "{e:?}"
            );
        }
        ScenarioError::Invalid { field, reason } => {
            assert!(!field.is_empty() && !reason.is_empty(), "{e:?}");
            assert!(
                shown.starts_with(field.as_str()),
                "{shown:?} does not name {field}"
            );
        }
        ScenarioError::Json {
            line,
            column,
            message,
        } => {
            assert!(*line >= 1 || *column == 0, "{e:?}");
            assert!(!message.is_empty(), "{e:?}");
        }
    }
}

/// The copy of an accepted scenario that is run to the end: the same shape
/// (strategy, paths, latencies, arrival process, every event kind and time)
/// with few requests and small event volumes, so the run's *work* is small
/// and any remaining cost is the engine's own overhead.
pub(crate) fn small_copy(s: &Scenario) -> Scenario {
    let mut c = s.clone();
    c.requests = c.requests.min(SMALL_REQUESTS);
    for e in &mut c.events {
        match &mut e.kind {
            EventKind::BulkImport { keys } => *keys = (*keys).min(20),
            EventKind::AdminWrites {
                rate_per_sec,
                for_us,
            } => {
                // At most ~20 expected writes per burst.
                let max_for = (20.0 / *rate_per_sec * 1e6) as u64;
                *for_us = (*for_us).min(max_for);
            }
            _ => {}
        }
    }
    c.validate()
        .expect("shrinking volumes keeps a valid scenario valid");
    c
}

/// Events a run of `s` may process at most: a few per request (each hop is
/// one event), per imported key and per expected admin write, two per
/// closed-loop client (its start, and the write-back flusher's tick that any
/// event re-arms while a batch is still in flight: 100 000 clients and a
/// 101 µs flush interval, `corpus/scenario/many-clients-fast-flusher.json`),
/// one per scheduled event and phase, plus a constant. Timers that fire
/// while nothing is happening (the flusher, window ends) must not add events
/// in proportion to idle virtual time.
pub(crate) fn event_budget(s: &Scenario) -> u64 {
    let mut work = s.requests;
    for e in &s.events {
        match e.kind {
            EventKind::BulkImport { keys } => work += keys,
            EventKind::AdminWrites {
                rate_per_sec,
                for_us,
            } => work += (rate_per_sec * for_us as f64 / 1e6).ceil() as u64 * 3 + 10,
            _ => work += 1,
        }
    }
    let clients = match s.arrivals {
        Arrivals::Closed { clients, .. } => u64::from(clients),
        Arrivals::Open { .. } => 0,
    };
    20 * work + 2 * clients + s.workload.phases.len() as u64 + 10_000
}

/// Runs an accepted scenario: bounded steps as given, then the small copy to
/// the end (as one lane and as a compare), checking the report's identities.
pub(crate) fn exercise(s: &Scenario) {
    let mut sim = Simulation::new(s);
    for _ in 0..BOUNDED_STEPS {
        if sim.step().is_none() {
            break;
        }
    }
    let c = sim.counters();
    assert!(c.hits + c.misses + c.failed_reads <= c.reads, "{c:?}");
    let r = sim.report();
    assert!(r.hits + r.misses + r.failed_reads == r.reads, "{r:?}");

    let small = small_copy(s);
    let budget = event_budget(&small);
    let mut sim = Simulation::new(&small);
    let mut events = 0u64;
    while sim.step().is_some() {
        events += 1;
        assert!(
            events <= budget,
            "a run of {} requests took more than {budget} events (virtual time {} µs): {}",
            small.requests,
            sim.now_us(),
            serde_json::to_string(&small).unwrap()
        );
    }
    let r = sim.report();
    assert_eq!(r.requests, small.requests, "every client request completes");
    assert_eq!(r.hits + r.misses + r.failed_reads, r.reads);
    assert_eq!(r, cachescope_sim::run(&small), "stepping and run agree");
    let all = compare(&small);
    for lane in std::iter::once(&all.baseline).chain(&all.lanes) {
        assert_eq!(lane.requests, small.requests, "{}", lane.label);
        assert_eq!(lane.hits + lane.misses + lane.failed_reads, lane.reads);
    }
}

/// The whole contract for one input text.
pub(crate) fn check_text(text: &str) -> Result<Scenario, ScenarioError> {
    let parsed = Scenario::from_json(text);
    match &parsed {
        Ok(s) => {
            assert_eq!(s.validate(), Ok(()));
            exercise(s);
        }
        Err(e) => check_rejection(e),
    }
    parsed
}

// --------------------------------------------------------------- strategies

/// Every field name and tag value a scenario has: keys and strings drawn
/// from here get past `deny_unknown_fields` and the tag dispatch.
const NAMES: &[&str] = &[
    "seed",
    "requests",
    "workload",
    "key_space",
    "popularity",
    "read_ratio",
    "phases",
    "at_us",
    "rate_per_sec",
    "arrivals",
    "clients",
    "think_time_us",
    "cache",
    "capacity",
    "eviction",
    "ttl_us",
    "latency",
    "db",
    "connections",
    "read_latency",
    "write_latency",
    "strategy",
    "read_path",
    "write_path",
    "events",
    "window_us",
    "log_limit",
    "kind",
    "alpha",
    "hot_request_pct",
    "hot_key_pct",
    "us",
    "min_us",
    "max_us",
    "mean_us",
    "median_us",
    "p99_us",
    "down_for_us",
    "key",
    "for_us",
    "keys",
    "factor",
    "flush_interval_us",
    "batch_max",
    "invalidate",
    "single_flight",
];

const TAGS: &[&str] = &[
    "uniform",
    "zipf",
    "hotspot",
    "open",
    "closed",
    "constant",
    "exponential",
    "log-normal",
    "lru",
    "lfu",
    "fifo",
    "sieve",
    "cache-aside",
    "read-through",
    "write-through",
    "write-back",
    "write-around",
    "db-then-invalidate",
    "no-cache",
    "cache-crash",
    "cache-flush",
    "admin-write",
    "admin-writes",
    "bulk-import",
    "db-slow",
    "expire-hot",
];

fn arb_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0u64..2_000).prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        prop::sample::select(EXTREME_NUMBERS).prop_map(|n| n.clone().into_value()),
    ]
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        arb_number(),
        prop::sample::select(TAGS).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(prop::sample::select(NAMES), inner, 0..8).prop_map(|m| {
                Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

/// A number as JSON text would carry it (so `u64::MAX` stays exact).
#[derive(Clone, Debug)]
enum Num {
    U(u64),
    I(i64),
    F(f64),
}

impl Num {
    fn into_value(self) -> Value {
        match self {
            Num::U(u) => Value::from(u),
            Num::I(i) => Value::from(i),
            Num::F(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        }
    }
}

const EXTREME_NUMBERS: &[Num] = &[
    Num::U(0),
    Num::U(1),
    Num::I(-1),
    Num::U(2),
    Num::U(99),
    Num::U(100),
    Num::U(u32::MAX as u64),
    Num::U(u32::MAX as u64 + 1),
    Num::U(u64::MAX),
    Num::I(i64::MIN),
    Num::U(1 << 53),
    Num::U((1 << 53) + 1),
    Num::U(limits::MAX_REQUESTS),
    Num::U(limits::MAX_REQUESTS + 1),
    Num::U(limits::MAX_KEY_SPACE + 1),
    Num::U(limits::MAX_EVENT_TIME_US),
    Num::U(limits::MAX_EVENT_TIME_US + 1),
    Num::U(limits::MAX_LATENCY_US),
    Num::U(limits::MAX_TTL_US),
    Num::U(limits::MAX_FLUSH_INTERVAL_US),
    Num::U(limits::MIN_FLUSH_INTERVAL_US),
    Num::U(limits::MAX_DURATION_US),
    Num::U(limits::MAX_IMPORT_KEYS),
    Num::U(limits::MAX_WINDOW_US),
    Num::U(limits::MIN_WINDOW_US - 1),
    Num::F(0.0),
    Num::F(-0.0),
    Num::F(0.5),
    Num::F(1.0),
    Num::F(1.000_000_1),
    Num::F(-1.0),
    Num::F(5e-324),
    Num::F(1e-300),
    Num::F(limits::MIN_RATE_PER_SEC),
    Num::F(limits::MAX_RATE_PER_SEC),
    Num::F(limits::MAX_ZIPF_ALPHA),
    Num::F(100.0),
    Num::F(1e308),
    Num::F(-1e308),
    Num::F(f64::MAX),
    Num::F(1.8446744073709552e19),
];

/// Leaf replacements: the extreme numbers, non-numbers where numbers go, and
/// tags of other variants.
fn arb_extreme() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => prop::sample::select(EXTREME_NUMBERS).prop_map(|n| n.into_value()),
        1 => prop::sample::select(&["NaN", "inf", "-inf", "1e999", "", "0x10", "1_000"][..])
            .prop_map(Value::from),
        1 => prop::sample::select(TAGS).prop_map(Value::from),
        1 => prop_oneof![
            Just(Value::Null),
            Just(Value::Bool(true)),
            Just(json!([])),
            Just(json!({})),
        ],
    ]
}

/// Valid scenarios that between them use every variant of every enum.
fn bases() -> Vec<Value> {
    vec![
        json!({
            "seed": 7,
            "requests": 400,
            "workload": {
                "key_space": 500,
                "popularity": { "kind": "zipf", "alpha": 1.0 },
                "read_ratio": 0.8,
                "phases": [
                    { "at_us": 100000, "read_ratio": 0.5, "rate_per_sec": 2000.0,
                      "popularity": { "kind": "hotspot", "hot_request_pct": 80.0, "hot_key_pct": 10.0 } },
                    { "at_us": 50000, "popularity": { "kind": "uniform" } }
                ]
            },
            "arrivals": { "kind": "open", "rate_per_sec": 1000.0 },
            "cache": {
                "capacity": 50,
                "eviction": "lru",
                "ttl_us": 200000,
                "latency": { "kind": "log-normal", "median_us": 500, "p99_us": 2000 }
            },
            "db": {
                "connections": 4,
                "read_latency": { "kind": "uniform", "min_us": 1000, "max_us": 5000 },
                "write_latency": { "kind": "exponential", "mean_us": 8000 }
            },
            "strategy": "write-back",
            "read_path": { "kind": "read-through", "single_flight": true },
            "write_path": { "kind": "write-back", "flush_interval_us": 10000, "batch_max": 10 },
            "events": [
                { "at_us": 20000, "kind": "cache-crash", "down_for_us": 5000 },
                { "at_us": 30000, "kind": "cache-flush" },
                { "at_us": 40000, "kind": "admin-write", "key": 3 },
                { "at_us": 45000, "kind": "admin-writes", "rate_per_sec": 500.0, "for_us": 100000 },
                { "at_us": 60000, "kind": "bulk-import", "keys": 30 },
                { "at_us": 70000, "kind": "db-slow", "factor": 4.0, "for_us": 50000 },
                { "at_us": 80000, "kind": "expire-hot" }
            ],
            "window_us": 0,
            "log_limit": 50
        }),
        json!({
            "seed": 3,
            "requests": 300,
            "workload": { "key_space": 40, "popularity": { "kind": "uniform" }, "read_ratio": 0.3 },
            "arrivals": { "kind": "closed", "clients": 8, "think_time_us": 0 },
            "cache": {
                "capacity": 10,
                "eviction": "sieve",
                "latency": { "kind": "constant", "us": 0 }
            },
            "db": {
                "connections": 1,
                "read_latency": { "kind": "constant", "us": 0 },
                "write_latency": { "kind": "constant", "us": 100 }
            },
            "strategy": "write-around",
            "write_path": { "kind": "write-around", "invalidate": false },
            "events": [
                { "at_us": 0, "kind": "cache-crash", "down_for_us": 0 },
                { "at_us": 0, "kind": "expire-hot", "key": 39 },
                { "at_us": 10, "kind": "admin-write" }
            ],
            "window_us": 1000,
            "log_limit": 0
        }),
        json!({
            "requests": 250,
            "workload": {
                "key_space": 1000,
                "popularity": { "kind": "hotspot", "hot_request_pct": 100.0, "hot_key_pct": 0.0 },
                "read_ratio": 1.0
            },
            "arrivals": { "kind": "closed", "clients": 3, "think_time_us": 5000 },
            "cache": { "capacity": 1, "eviction": "lfu", "ttl_us": 1 },
            "strategy": "read-through",
            "read_path": { "kind": "cache-aside" },
            "write_path": { "kind": "db-then-invalidate" }
        }),
        json!({
            "requests": 200,
            "strategy": "write-through",
            "cache": { "eviction": "fifo" },
            "write_path": { "kind": "write-through" },
            "read_path": { "kind": "no-cache" }
        }),
    ]
}

/// JSON pointers of every leaf (and every array or object, which can be
/// replaced whole) below `v`.
fn pointers(v: &Value, here: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                let p = format!("{here}/{k}");
                out.push(p.clone());
                pointers(c, p, out);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                let p = format!("{here}/{i}");
                out.push(p.clone());
                pointers(c, p, out);
            }
        }
        _ => {}
    }
}

/// A structural change on top of leaf replacements.
#[derive(Clone, Debug)]
enum Shape {
    None,
    /// The events array repeated to this many entries.
    ManyEvents(usize),
    /// The phases array repeated to this many entries.
    ManyPhases(usize),
    /// A field that does not exist.
    UnknownField,
    /// A field removed (the default takes its place).
    Remove(prop::sample::Index),
}

fn arb_shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        8 => Just(Shape::None),
        1 => prop::sample::select(vec![999usize, 1000, 1001, 5000]).prop_map(Shape::ManyEvents),
        1 => prop::sample::select(vec![100usize, 101, 1000]).prop_map(Shape::ManyPhases),
        1 => Just(Shape::UnknownField),
        2 => any::<prop::sample::Index>().prop_map(Shape::Remove),
    ]
}

fn repeat_array(v: &mut Value, pointer: &str, n: usize) {
    if let Some(Value::Array(a)) = v.pointer_mut(pointer) {
        if let Some(first) = a.first().cloned() {
            while a.len() < n {
                a.push(first.clone());
            }
        }
    }
}

/// A base scenario with up to three leaves replaced and one shape change.
fn arb_mutation() -> impl Strategy<Value = (Value, Vec<String>)> {
    (
        0..bases().len(),
        prop::collection::vec((any::<prop::sample::Index>(), arb_extreme()), 1..4),
        arb_shape(),
    )
        .prop_map(|(b, edits, shape)| {
            let mut v = bases().swap_remove(b);
            let mut touched = Vec::new();
            for (at, new) in edits {
                let mut ps = Vec::new();
                pointers(&v, String::new(), &mut ps);
                let p = at.get(&ps).clone();
                if let Some(slot) = v.pointer_mut(&p) {
                    *slot = new;
                    touched.push(p);
                }
            }
            match shape {
                Shape::None => {}
                Shape::ManyEvents(n) => {
                    repeat_array(&mut v, "/events", n);
                    touched.push("/events".to_string());
                }
                Shape::ManyPhases(n) => {
                    repeat_array(&mut v, "/workload/phases", n);
                    touched.push("/workload/phases".to_string());
                }
                Shape::UnknownField => {
                    if let Some(m) = v.as_object_mut() {
                        m.insert("capacty".to_string(), json!(3));
                    }
                }
                Shape::Remove(at) => {
                    let mut ps = Vec::new();
                    pointers(&v, String::new(), &mut ps);
                    let p = at.get(&ps).clone();
                    touched.push(p.clone());
                    let (parent, last) = p.rsplit_once('/').unwrap();
                    match v.pointer_mut(parent) {
                        Some(Value::Object(m)) => {
                            m.remove(last);
                        }
                        Some(Value::Array(a)) => {
                            let i: usize = last.parse().unwrap();
                            a.remove(i);
                        }
                        _ => {}
                    }
                }
            }
            (v, touched)
        })
}

/// Lines that look like trace lines, with the edges a real file has.
fn arb_csv() -> impl Strategy<Value = Vec<u8>> {
    let field = prop_oneof![
        "[0-9]{1,3}",
        "[0-9]{18,21}",
        Just("18446744073709551615".to_string()),
        Just("18446744073709551616".to_string()),
        Just("-1".to_string()),
        Just("".to_string()),
        Just(" ".to_string()),
        Just("\"".to_string()),
        Just("\"\"".to_string()),
        "\"[a-z:0-9]{0,6}\"",
        prop::sample::select(
            &[
                "get",
                "SET",
                "del",
                "fetch",
                "r",
                "W",
                "timestamp",
                "key",
                "obj_id"
            ][..]
        )
        .prop_map(str::to_string),
        "\\PC{1,4}",
    ];
    let line = prop_oneof![
        4 => prop::collection::vec(field, 1..5).prop_map(|f| f.join(",")),
        1 => Just("# comment".to_string()),
        1 => Just(String::new()),
        1 => "[ \t]{1,3}",
    ];
    let ending = prop::sample::select(&["\n", "\r\n", "\r", ""][..]);
    (
        prop::collection::vec((line, ending), 0..30),
        prop::collection::vec(any::<u8>(), 0..4),
    )
        .prop_map(|(lines, junk)| {
            let mut out = Vec::new();
            for (l, e) in lines {
                out.extend_from_slice(l.as_bytes());
                out.extend_from_slice(e.as_bytes());
            }
            out.extend_from_slice(&junk);
            out
        })
}

// -------------------------------------------------------- trace readers

/// A reader that hands out at most one byte per call and reports
/// `Interrupted` before every other byte: the slowest legal `Read`.
struct Trickle<'a> {
    bytes: &'a [u8],
    at: usize,
    interrupt: bool,
}

impl<'a> Trickle<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Trickle {
            bytes,
            at: 0,
            interrupt: true,
        }
    }
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.interrupt = !self.interrupt;
        if self.interrupt {
            return Err(io::Error::from(io::ErrorKind::Interrupted));
        }
        match (self.bytes.get(self.at), buf.first_mut()) {
            (Some(&b), Some(slot)) => {
                *slot = b;
                self.at += 1;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

/// A CSV trace's records, or its error as text (errors hold `io::Error`,
/// which is not comparable).
pub(crate) fn csv_outcome(bytes: &[u8]) -> Result<Vec<(Option<u64>, u64)>, String> {
    let lines = bytes.split(|&b| b == b'\n').count() as u64;
    let parsed: Result<Vec<_>, TraceError> = CsvReader::new(bytes).collect();
    match parsed {
        Ok(recs) => {
            assert!(recs.len() as u64 <= lines);
            Ok(recs.into_iter().map(|r| (r.timestamp, r.key)).collect())
        }
        Err(e) => {
            let line = match e {
                TraceError::NotUtf8 { line }
                | TraceError::FieldCount { line, .. }
                | TraceError::BadTimestamp { line, .. }
                | TraceError::EmptyKey { line }
                | TraceError::BadOp { line, .. } => line,
                other => panic!("a CSV read from memory failed with {other:?}"),
            };
            assert!((1..=lines).contains(&line), "line {line} of {lines}: {e}");
            let shown = e.to_string();
            assert!(shown.starts_with(&format!("line {line}: ")), "{shown}");
            Err(shown)
        }
    }
}

/// The oracleGeneral model: keys are bytes 4..12 of every whole record; a
/// short tail is `Truncated` at its offset.
pub(crate) fn oracle_outcome(bytes: &[u8]) -> Result<Vec<u64>, String> {
    let parsed: Result<Vec<_>, TraceError> = OracleGeneralReader::new(bytes).collect();
    let whole = bytes.len() / ORACLE_RECORD_BYTES * ORACLE_RECORD_BYTES;
    let model: Vec<u64> = bytes[..whole]
        .chunks_exact(ORACLE_RECORD_BYTES)
        .map(|c| u64::from_le_bytes(c[4..12].try_into().unwrap()))
        .collect();
    match parsed {
        Ok(recs) => {
            assert_eq!(whole, bytes.len(), "a short tail was accepted");
            let keys: Vec<u64> = recs.iter().map(|r| r.key).collect();
            assert_eq!(keys, model);
            Ok(keys)
        }
        Err(TraceError::Truncated { offset, got }) => {
            assert_eq!(offset, whole as u64);
            assert_eq!(got, (bytes.len() - whole) as u64);
            Err(TraceError::Truncated { offset, got }.to_string())
        }
        Err(other) => panic!("an oracleGeneral read from memory failed with {other:?}"),
    }
}

fn check_csv(bytes: &[u8]) {
    let whole = csv_outcome(bytes);
    // The same bytes through a one-byte buffer over the slowest reader.
    let trickled: Result<Vec<_>, TraceError> =
        CsvReader::new(BufReader::with_capacity(1, Trickle::new(bytes))).collect();
    let trickled = trickled
        .map(|v| v.into_iter().map(|r| (r.timestamp, r.key)).collect())
        .map_err(|e| e.to_string());
    assert_eq!(whole, trickled);
}

fn check_oracle(bytes: &[u8]) {
    let whole = oracle_outcome(bytes);
    let trickled: Result<Vec<_>, TraceError> =
        OracleGeneralReader::new(Trickle::new(bytes)).collect();
    let trickled = trickled
        .map(|v| v.into_iter().map(|r| r.key).collect())
        .map_err(|e| e.to_string());
    assert_eq!(whole, trickled);
}

// -------------------------------------------------------------------- tests

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn scenario_from_arbitrary_text(text in "\\PC{0,200}") {
        let _ = check_text(&text);
    }

    #[test]
    fn scenario_from_arbitrary_json_values(v in arb_json()) {
        let _ = check_text(&v.to_string());
    }

    #[test]
    fn scenario_from_arbitrary_json_objects(
        m in prop::collection::btree_map(prop::sample::select(NAMES), arb_json(), 0..10)
    ) {
        let v: serde_json::Map<String, Value> = m.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        let _ = check_text(&Value::Object(v).to_string());
    }

    #[test]
    fn csv_from_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        check_csv(&bytes);
    }

    #[test]
    fn csv_from_trace_like_lines(bytes in arb_csv()) {
        check_csv(&bytes);
    }

    #[test]
    fn oracle_general_from_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        check_oracle(&bytes);
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn scenario_from_mutated_valid_scenarios((v, touched) in arb_mutation()) {
        let text = v.to_string();
        if let Err(ScenarioError::OutOfRange { field, .. } | ScenarioError::Invalid { field, .. }) =
            check_text(&text)
        {
            // One of the edits is to blame: the error's top-level field is
            // one an edit touched, or a field that depends on one (an event
            // key depends on the key space; totals sit on `events`).
            let top = |p: &str| {
                p.trim_start_matches('/')
                    .split(['/', '.', '['])
                    .next()
                    .unwrap_or_default()
                    .to_string()
            };
            let blamed = top(&field);
            let edited: Vec<String> = touched.iter().map(|p| top(p)).collect();
            prop_assert!(
                edited.contains(&blamed) || blamed == "events",
                "{field} blamed after editing {touched:?}: {text}"
            );
        }
    }
}

#[test]
fn bases_are_valid_and_run() {
    for b in bases() {
        let s = check_text(&b.to_string()).expect("every base scenario is valid");
        assert_eq!(s, Scenario::from_json(&b.to_string()).unwrap());
    }
}

#[test]
fn nesting_past_the_recursion_limit_is_an_error_not_a_stack_overflow() {
    for depth in [127usize, 128, 129, 10_000, 100_000] {
        for (open, close) in [("[", "]"), ("{\"workload\":", "}")] {
            let text = format!("{}{}", open.repeat(depth), close.repeat(depth));
            let e = check_text(&text).unwrap_err();
            assert!(matches!(e, ScenarioError::Json { .. }), "{depth}: {e}");
        }
    }
}

/// Found by `scenarios_at_the_limits_run`: the write-back flusher ticked
/// every interval of virtual time whether or not anything was dirty, so a
/// run spanning long idle stretches (a low arrival rate, a long think time,
/// a 10 s DB write) with a 100 µs interval processed one empty event per
/// 100 µs — 20 requests at 0.01 req/s were some 20 million events, and the
/// largest allowed scenario of that shape would never finish. Now idle
/// ticks are skipped and the event count is linear in the work.
#[test]
fn an_idle_write_back_flusher_costs_no_events() {
    let s = Scenario {
        requests: 20,
        arrivals: Arrivals::Open { rate_per_sec: 0.01 },
        write_path: Some(WritePath::WriteBack {
            flush_interval_us: limits::MIN_FLUSH_INTERVAL_US,
            batch_max: 1,
        }),
        ..Scenario::default()
    };
    let mut sim = Simulation::new(&s);
    let mut events = 0u64;
    while sim.step().is_some() {
        events += 1;
        assert!(events <= 1_000, "{events} events by {} µs", sim.now_us());
    }
    let r = sim.report();
    assert_eq!(r.requests, 20);
    assert!(r.end_time_us > 100_000_000, "a long, mostly idle run");
    exercise(&s);
}

/// The flusher still runs at every multiple of its interval when there is
/// work: each flush of a client write starts at the first multiple after
/// the write made the entry dirty, also when the write came from an event
/// injected (as the Lab does) in the middle of a long idle stretch.
#[test]
fn skipped_ticks_still_flush_on_the_interval_grid() {
    const INTERVAL: u64 = 1_000;
    let s = Scenario {
        requests: 6,
        workload: Workload {
            read_ratio: 0.0,
            popularity: Popularity::Uniform,
            ..Workload::default()
        },
        arrivals: Arrivals::Closed {
            clients: 1,
            think_time_us: limits::MAX_THINK_TIME_US,
        },
        cache: CacheConfig {
            latency: Latency::Constant { us: 100 },
            ..CacheConfig::default()
        },
        db: DbConfig {
            connections: 1,
            read_latency: Latency::Constant { us: 300 },
            write_latency: Latency::Constant { us: 300 },
        },
        write_path: Some(WritePath::WriteBack {
            flush_interval_us: INTERVAL,
            batch_max: 100,
        }),
        log_limit: 1_000,
        ..Scenario::default()
    };
    let mut sim = Simulation::new(&s);
    // Into the first idle stretch (think times average a minute), then a
    // one-key import, injected off the interval grid.
    sim.run_until(1_000_250);
    assert!(sim.counters().issued <= 1, "{:?}", sim.counters());
    sim.schedule(EventKind::BulkImport { keys: 1 });
    let r = sim.finish();
    let import_key = s.workload.key_space;
    let flushes: Vec<_> = r.log.iter().filter(|t| t.op == Op::Flush).collect();
    let import_flush = flushes
        .iter()
        .find(|t| t.key == import_key)
        .expect("the imported key is flushed");
    // The import's SET lands at 1 000 250 + 50 µs; the flusher's next run is
    // at 1 001 000, not at the next client request a minute later.
    assert_eq!(import_flush.issued_at_us, 1_001_000);
    for f in &flushes {
        assert_eq!(f.issued_at_us % INTERVAL, 0, "{f:?}");
    }
    // Every client write: flushed at the first multiple after its SET
    // landed, unless the run ended first (it ends with the last client
    // request; what is still dirty then is `dirty_at_end`).
    let mut unflushed = 0;
    for w in r.log.iter().filter(|t| t.op == Op::Write) {
        let dirty_at = w.issued_at_us + 50;
        let due = dirty_at.div_ceil(INTERVAL) * INTERVAL;
        if due > r.end_time_us {
            unflushed += 1;
            continue;
        }
        assert!(
            flushes
                .iter()
                .any(|f| f.issued_at_us == due && f.version == w.version && f.key == w.key),
            "write {w:?} not flushed at {due}; flushes {:?}",
            flushes
                .iter()
                .map(|f| (f.issued_at_us, f.key, f.version, f.outcome))
                .collect::<Vec<_>>()
        );
    }
    assert_eq!(r.dirty_at_end, unflushed);
}

// ------------------------------------------- valid scenarios at the limits

/// A value in `lo..=hi`, mostly one of the bounds: bugs live at the ends.
fn edge_u64(lo: u64, hi: u64) -> impl Strategy<Value = u64> {
    prop_oneof![
        2 => Just(lo),
        2 => Just(hi),
        1 => Just(lo.saturating_add(1).min(hi)),
        2 => lo..=hi,
    ]
}

fn edge_f64(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
    prop_oneof![
        2 => Just(lo),
        2 => Just(hi),
        2 => (0.0f64..=1.0).prop_map(move |u| lo + (hi - lo) * u),
    ]
}

fn arb_latency() -> impl Strategy<Value = Latency> {
    let max = limits::MAX_LATENCY_US;
    prop_oneof![
        edge_u64(0, max).prop_map(|us| Latency::Constant { us }),
        (edge_u64(0, max), edge_u64(0, max)).prop_map(|(a, b)| Latency::Uniform {
            min_us: a.min(b),
            max_us: a.max(b),
        }),
        edge_u64(0, max).prop_map(|mean_us| Latency::Exponential { mean_us }),
        (edge_u64(1, max), edge_u64(1, max)).prop_map(|(a, b)| Latency::LogNormal {
            median_us: a.min(b),
            p99_us: a.max(b),
        }),
    ]
}

fn arb_popularity() -> impl Strategy<Value = Popularity> {
    prop_oneof![
        Just(Popularity::Uniform),
        edge_f64(limits::MIN_ZIPF_ALPHA, limits::MAX_ZIPF_ALPHA)
            .prop_map(|alpha| Popularity::Zipf { alpha }),
        (edge_f64(0.0, 100.0), edge_f64(0.0, 100.0)).prop_map(|(r, k)| Popularity::Hotspot {
            hot_request_pct: r,
            hot_key_pct: k,
        }),
    ]
}

fn arb_event(key_space: u64) -> impl Strategy<Value = ScheduledEvent> {
    let t = || edge_u64(0, limits::MAX_EVENT_TIME_US);
    let dur = || edge_u64(0, limits::MAX_DURATION_US);
    let key = move || prop::option::of(edge_u64(0, key_space - 1));
    let kind = prop_oneof![
        dur().prop_map(|down_for_us| EventKind::CacheCrash { down_for_us }),
        Just(EventKind::CacheFlush),
        key().prop_map(|key| EventKind::AdminWrite { key }),
        key().prop_map(|key| EventKind::ExpireHot { key }),
        (
            edge_f64(limits::MIN_RATE_PER_SEC, limits::MAX_RATE_PER_SEC),
            dur()
        )
            .prop_map(|(rate_per_sec, for_us)| EventKind::AdminWrites {
                rate_per_sec,
                // Within the per-burst ceiling, often right at it.
                for_us: for_us
                    .min((limits::MAX_ADMIN_WRITES_PER_EVENT / rate_per_sec * 1e6) as u64),
            }),
        // One import event issues all its writes in one step: the ceiling
        // (100 000 requests at once, in a debug build) is kept rarer.
        prop_oneof![
            6 => edge_u64(limits::MIN_IMPORT_KEYS, 1_000),
            1 => Just(limits::MAX_IMPORT_KEYS),
        ]
        .prop_map(|keys| EventKind::BulkImport { keys }),
        (
            edge_f64(limits::MIN_SLOW_FACTOR, limits::MAX_SLOW_FACTOR),
            dur()
        )
            .prop_map(|(factor, for_us)| EventKind::DbSlow { factor, for_us }),
    ];
    (t(), kind).prop_map(|(at_us, kind)| ScheduledEvent { at_us, kind })
}

fn arb_write_path() -> impl Strategy<Value = Option<WritePath>> {
    prop_oneof![
        Just(None),
        Just(Some(WritePath::WriteThrough)),
        (
            edge_u64(limits::MIN_FLUSH_INTERVAL_US, limits::MAX_FLUSH_INTERVAL_US),
            edge_u64(
                u64::from(limits::MIN_BATCH_MAX),
                u64::from(limits::MAX_BATCH_MAX)
            ),
        )
            .prop_map(|(f, b)| Some(WritePath::WriteBack {
                flush_interval_us: f,
                batch_max: b as u32,
            })),
        any::<bool>().prop_map(|invalidate| Some(WritePath::WriteAround { invalidate })),
        Just(Some(WritePath::DbThenInvalidate)),
        Just(Some(WritePath::NoCache)),
    ]
}

/// Scenarios whose every field is in range and mostly at a bound. The key
/// space stays below 100 000 so a case costs milliseconds (the largest key
/// space is measured on its own, see the module docs).
fn arb_valid_scenario() -> impl Strategy<Value = Scenario> {
    let head = (
        any::<u64>(),
        edge_u64(limits::MIN_REQUESTS, limits::MAX_REQUESTS),
        edge_u64(limits::MIN_KEY_SPACE, 100_000),
        arb_popularity(),
        edge_f64(0.0, 1.0),
        prop_oneof![
            edge_f64(limits::MIN_RATE_PER_SEC, limits::MAX_RATE_PER_SEC)
                .prop_map(|rate_per_sec| Arrivals::Open { rate_per_sec }),
            (
                edge_u64(
                    u64::from(limits::MIN_CLIENTS),
                    u64::from(limits::MAX_CLIENTS)
                ),
                edge_u64(0, limits::MAX_THINK_TIME_US)
            )
                .prop_map(|(c, think_time_us)| Arrivals::Closed {
                    clients: c as u32,
                    think_time_us,
                }),
        ],
    );
    let cache = (
        edge_u64(
            u64::from(limits::MIN_CAPACITY),
            u64::from(limits::MAX_CAPACITY),
        ),
        prop::sample::select(EvictionPolicy::ALL.to_vec()),
        prop::option::of(edge_u64(limits::MIN_TTL_US, limits::MAX_TTL_US)),
        arb_latency(),
        edge_u64(
            u64::from(limits::MIN_CONNECTIONS),
            u64::from(limits::MAX_CONNECTIONS),
        ),
        arb_latency(),
        arb_latency(),
    );
    let tail = (
        prop::sample::select(StrategyId::ALL.to_vec()),
        prop::option::of(prop_oneof![
            Just(ReadPath::CacheAside),
            any::<bool>().prop_map(|single_flight| ReadPath::ReadThrough { single_flight }),
            Just(ReadPath::NoCache),
        ]),
        arb_write_path(),
        prop_oneof![
            Just(0u64),
            edge_u64(limits::MIN_WINDOW_US, limits::MAX_WINDOW_US)
        ],
        edge_u64(0, limits::MAX_LOG_LIMIT),
    );
    (head, cache, tail)
        .prop_flat_map(|(head, cache, tail)| {
            let key_space = head.2;
            let phase = (
                edge_u64(0, limits::MAX_EVENT_TIME_US),
                prop::option::of(edge_f64(0.0, 1.0)),
                prop::option::of(edge_f64(limits::MIN_RATE_PER_SEC, limits::MAX_RATE_PER_SEC)),
                prop::option::of(arb_popularity()),
            )
                .prop_map(|(at_us, read_ratio, rate_per_sec, popularity)| Phase {
                    at_us,
                    read_ratio,
                    rate_per_sec,
                    popularity,
                });
            (
                Just((head, cache, tail)),
                prop::collection::vec(phase, 0..4),
                prop::collection::vec(arb_event(key_space), 0..6),
            )
        })
        .prop_map(|((head, cache, tail), phases, events)| {
            let (seed, requests, key_space, popularity, read_ratio, arrivals) = head;
            let (capacity, eviction, ttl_us, cache_lat, connections, read_lat, write_lat) = cache;
            let (strategy, read_path, write_path, window_us, log_limit) = tail;
            Scenario {
                seed,
                requests,
                workload: Workload {
                    key_space,
                    popularity,
                    read_ratio,
                    phases,
                },
                arrivals,
                cache: CacheConfig {
                    capacity: capacity as u32,
                    eviction,
                    ttl_us,
                    // Both ends and between, from the TTL's own draw.
                    ttl_jitter: ttl_us.map_or(0.0, |t| {
                        [0.0, 0.5, limits::MAX_TTL_JITTER][(t % 3) as usize]
                    }),
                    // The stampede mitigations, from the same draws (a
                    // grace window and early refresh need a TTL).
                    coalesce: seed % 2 == 0,
                    stale_grace_us: ttl_us.map_or(0, |t| {
                        [0, t / 2, limits::MAX_STALE_GRACE_US][(t % 3) as usize]
                    }),
                    early_refresh: ttl_us.map_or(0.0, |t| {
                        [0.0, 1.0, limits::MAX_EARLY_REFRESH_BETA][((t / 3) % 3) as usize]
                    }),
                    latency: cache_lat,
                },
                db: DbConfig {
                    connections: connections as u32,
                    read_latency: read_lat,
                    write_latency: write_lat,
                },
                strategy,
                read_path,
                write_path,
                events,
                window_us,
                log_limit,
            }
        })
}

proptest! {
    #![proptest_config(config(64))]

    /// Every scenario the limits allow runs: bounded steps as given, and its
    /// small copy to the end within the event budget.
    #[test]
    fn scenarios_at_the_limits_run(s in arb_valid_scenario()) {
        match s.validate() {
            // Totals over several events may exceed their ceilings.
            Err(e) => check_rejection(&e),
            Ok(()) => {
                // Through JSON, as the app and the CLI receive it.
                let text = serde_json::to_string(&s).unwrap();
                prop_assert_eq!(check_text(&text).unwrap(), s);
            }
        }
    }
}

// ------------------------------------------------------------------ corpus

/// Replays every file of `tests/corpus/` through the same oracles as the
/// fuzz tests and pins each outcome (accepted, or the exact message) in
/// `tests/corpus/expected.txt`. Add a file to add a case; run with
/// `UPDATE_EXPECT=1` to record its outcome, and review the diff.
#[test]
fn corpus_replays_with_pinned_outcomes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut out = String::new();
    for dir in ["scenario", "csv", "oracle"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{dir} corpus is empty");
        for path in files {
            let name = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
            let bytes = std::fs::read(&path).unwrap();
            let outcome = match dir {
                "scenario" => match std::str::from_utf8(&bytes) {
                    Err(_) => "not UTF-8".to_string(),
                    Ok(text) => match check_text(text) {
                        Ok(s) => format!("accepted ({} requests)", s.requests),
                        Err(e) => format!("rejected: {e}"),
                    },
                },
                "csv" => {
                    check_csv(&bytes);
                    match csv_outcome(&bytes) {
                        Ok(recs) => format!("{} records", recs.len()),
                        Err(e) => format!("error: {e}"),
                    }
                }
                _ => {
                    check_oracle(&bytes);
                    match oracle_outcome(&bytes) {
                        Ok(keys) => format!("{} records", keys.len()),
                        Err(e) => format!("error: {e}"),
                    }
                }
            };
            out.push_str(&format!("{name}: {outcome}\n"));
        }
    }
    expect_test::expect_file!["../corpus/expected.txt"].assert_eq(&out);
}

/// Found by the corpus: a subnormal rate printed as a 330-character
/// decimal, serde's errors repeated their position ("line 1 column 33: …
/// at line 1 column 33"), and a file saved with a byte-order mark was
/// "expected value at line 1 column 1".
#[test]
fn messages_stay_short_and_say_the_position_once() {
    let msg = |t: &str| Scenario::from_json(t).unwrap_err().to_string();
    assert_eq!(
        msg(r#"{"arrivals": {"kind": "open", "rate_per_sec": 5e-324}}"#),
        "arrivals.rate_per_sec = 5e-324 is out of range: allowed 0.001 to 10000000"
    );
    assert_eq!(
        msg(r#"{"workload": {"read_ratio": 1e308}}"#),
        "workload.read_ratio = 1e308 is out of range: allowed 0 to 1"
    );
    assert_eq!(
        msg(r#"{"requests": -1}"#),
        "scenario JSON, line 1 column 15: invalid value: integer `-1`, expected u64"
    );
    assert_eq!(
        Scenario::from_json("\u{feff}{\"requests\": 7}").map(|s| s.requests),
        Ok(7)
    );
}
