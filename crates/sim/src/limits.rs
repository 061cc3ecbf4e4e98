//! Every numeric limit of a [`Scenario`](crate::Scenario), in one place.
//!
//! Each field has a `MIN_*`, a `MAX_*` and a `DEFAULT_*` constant. Validation
//! ([`Scenario::validate`](crate::Scenario::validate)) checks against these, and
//! the app's URL layer reuses them to clamp query parameters ("cache size 0 is
//! below the minimum 1; using 100").
//!
//! The ceilings exist so that every scenario that passes validation finishes in
//! bounded time and memory, in a browser tab as well as natively:
//! - at most [`MAX_REQUESTS`] client requests (≈ 1 s of work per lane natively);
//! - at most [`MAX_KEY_SPACE`] keys (the Zipf table is one `f64` per key:
//!   80 MB at the ceiling, built once per compare);
//! - at most [`MAX_CAPACITY`] cached entries and [`MAX_CONNECTIONS`] DB
//!   connections;
//! - at most [`MAX_EVENTS`] scheduled events, each bulk import at most
//!   [`MAX_IMPORT_KEYS`] keys and each admin-write burst at most
//!   [`MAX_ADMIN_WRITES_PER_EVENT`] writes (expected count `rate × duration`),
//!   and over all events at most [`MAX_IMPORT_KEYS_TOTAL`] imported keys and
//!   [`MAX_ADMIN_WRITES_TOTAL`] expected admin writes;
//! - latencies at most [`MAX_LATENCY_US`] (10 s) so virtual time never nears
//!   `u64::MAX` (all time arithmetic also saturates).
//!
//! Measured worst case (native, release): 2 M requests arriving at 10 M/s
//! onto one DB connection with 10 s operations, so that nearly all of them
//! are in flight at once, over 10 M Zipf keys with a 100 000-key import —
//! 9.5 s and 635 MB. Typical scenarios run at 2–3 M requests/s per lane.

/// Client requests per run.
pub const MIN_REQUESTS: u64 = 1;
/// See [`MIN_REQUESTS`].
pub const MAX_REQUESTS: u64 = 2_000_000;
/// See [`MIN_REQUESTS`].
pub const DEFAULT_REQUESTS: u64 = 10_000;

/// Number of distinct keys the clients read and write (`0..key_space`).
pub const MIN_KEY_SPACE: u64 = 1;
/// See [`MIN_KEY_SPACE`].
pub const MAX_KEY_SPACE: u64 = 10_000_000;
/// See [`MIN_KEY_SPACE`].
pub const DEFAULT_KEY_SPACE: u64 = 10_000;

/// Zipf exponent α.
pub const MIN_ZIPF_ALPHA: f64 = 0.0;
/// See [`MIN_ZIPF_ALPHA`].
pub const MAX_ZIPF_ALPHA: f64 = 5.0;
/// See [`MIN_ZIPF_ALPHA`].
pub const DEFAULT_ZIPF_ALPHA: f64 = 1.0;

/// Percentages (hotspot shares).
pub const MIN_PCT: f64 = 0.0;
/// See [`MIN_PCT`].
pub const MAX_PCT: f64 = 100.0;

/// Fraction of client requests that are reads.
pub const MIN_READ_RATIO: f64 = 0.0;
/// See [`MIN_READ_RATIO`].
pub const MAX_READ_RATIO: f64 = 1.0;
/// See [`MIN_READ_RATIO`]: a read-heavy app, the case caches are made for.
pub const DEFAULT_READ_RATIO: f64 = 0.9;

/// Open-loop arrival rate, requests per second.
pub const MIN_RATE_PER_SEC: f64 = 0.001;
/// See [`MIN_RATE_PER_SEC`].
pub const MAX_RATE_PER_SEC: f64 = 10_000_000.0;
/// See [`MIN_RATE_PER_SEC`]: about 1 000 req/s keeps a few DB connections
/// busy but not saturated with the default latencies and a 90 % hit ratio.
pub const DEFAULT_RATE_PER_SEC: f64 = 1_000.0;

/// Closed-loop client count.
pub const MIN_CLIENTS: u32 = 1;
/// See [`MIN_CLIENTS`].
pub const MAX_CLIENTS: u32 = 100_000;
/// See [`MIN_CLIENTS`].
pub const DEFAULT_CLIENTS: u32 = 16;
/// Closed-loop mean think time between a response and the next request.
pub const MAX_THINK_TIME_US: u64 = 60_000_000;
/// See [`MAX_THINK_TIME_US`].
pub const DEFAULT_THINK_TIME_US: u64 = 10_000;

/// Cache capacity in entries.
pub const MIN_CAPACITY: u32 = 1;
/// See [`MIN_CAPACITY`].
pub const MAX_CAPACITY: u32 = 1_000_000;
/// See [`MIN_CAPACITY`]: 10 % of the default key space.
pub const DEFAULT_CAPACITY: u32 = 1_000;

/// Entry time-to-live (when set).
pub const MIN_TTL_US: u64 = 1;
/// See [`MIN_TTL_US`].
pub const MAX_TTL_US: u64 = 3_600_000_000;
/// Largest TTL jitter fraction: ±90 % keeps every TTL above a tenth of its
/// setting.
pub const MAX_TTL_JITTER: f64 = 0.9;
/// Longest stale-while-revalidate grace window (as long as the longest TTL).
pub const MAX_STALE_GRACE_US: u64 = MAX_TTL_US;
/// Largest XFetch β: at 10 a hit refreshes about ten DB reads before the
/// expiry; beyond that nearly every hit would.
pub const MAX_EARLY_REFRESH_BETA: f64 = 10.0;

/// DB connections.
pub const MIN_CONNECTIONS: u32 = 1;
/// See [`MIN_CONNECTIONS`].
pub const MAX_CONNECTIONS: u32 = 1_000;
/// See [`MIN_CONNECTIONS`].
pub const DEFAULT_CONNECTIONS: u32 = 8;

/// Any latency parameter, in µs.
pub const MAX_LATENCY_US: u64 = 10_000_000;
/// Default cache operation latency (log-normal median).
pub const DEFAULT_CACHE_MEDIAN_US: u64 = 500;
/// Default cache operation latency (log-normal p99).
pub const DEFAULT_CACHE_P99_US: u64 = 2_000;
/// Default DB read service time (log-normal median).
pub const DEFAULT_DB_READ_MEDIAN_US: u64 = 5_000;
/// Default DB read service time (log-normal p99).
pub const DEFAULT_DB_READ_P99_US: u64 = 20_000;
/// Default DB write service time (log-normal median): writes cost about twice
/// a read (commit, index updates), which is what makes write-through visibly
/// slower than write-back.
pub const DEFAULT_DB_WRITE_MEDIAN_US: u64 = 10_000;
/// Default DB write service time (log-normal p99).
pub const DEFAULT_DB_WRITE_P99_US: u64 = 40_000;

/// Write-back flush interval.
pub const MIN_FLUSH_INTERVAL_US: u64 = 100;
/// See [`MIN_FLUSH_INTERVAL_US`].
pub const MAX_FLUSH_INTERVAL_US: u64 = 3_600_000_000;
/// See [`MIN_FLUSH_INTERVAL_US`]: 100 ms, long enough to coalesce writes to
/// hot keys, short enough that a crash loses a visible but small number.
pub const DEFAULT_FLUSH_INTERVAL_US: u64 = 100_000;
/// Write-back batch size.
pub const MIN_BATCH_MAX: u32 = 1;
/// See [`MIN_BATCH_MAX`].
pub const MAX_BATCH_MAX: u32 = 100_000;
/// See [`MIN_BATCH_MAX`].
pub const DEFAULT_BATCH_MAX: u32 = 100;

/// Scheduled events per scenario.
pub const MAX_EVENTS: u64 = 1_000;
/// Scheduled phases per workload.
pub const MAX_PHASES: u64 = 100;
/// Event and phase times.
pub const MAX_EVENT_TIME_US: u64 = 100_000_000_000;
/// New keys per bulk import.
pub const MIN_IMPORT_KEYS: u64 = 1;
/// See [`MIN_IMPORT_KEYS`].
pub const MAX_IMPORT_KEYS: u64 = 100_000;
/// New keys over all bulk imports of a scenario (each import write is a
/// request held in memory until it completes).
pub const MAX_IMPORT_KEYS_TOTAL: u64 = 1_000_000;
/// Expected writes (`rate × duration`) of one admin-write burst.
pub const MAX_ADMIN_WRITES_PER_EVENT: f64 = 1_000_000.0;
/// Expected admin writes over all bursts of a scenario.
pub const MAX_ADMIN_WRITES_TOTAL: f64 = 2_000_000.0;
/// DB slow-down factor.
pub const MIN_SLOW_FACTOR: f64 = 1.0;
/// See [`MIN_SLOW_FACTOR`].
pub const MAX_SLOW_FACTOR: f64 = 1_000.0;
/// Durations of crashes, slow windows and bursts.
pub const MAX_DURATION_US: u64 = 100_000_000_000;

/// Time-series window; `0` in a scenario means "automatic".
pub const MIN_WINDOW_US: u64 = 1_000;
/// See [`MIN_WINDOW_US`].
pub const MAX_WINDOW_US: u64 = 100_000_000_000;
/// Points the automatic window aims for over the expected run length.
pub const AUTO_WINDOWS: u64 = 50;
/// Series points kept at most; later windows are dropped and the report says
/// so (`series_truncated`), so a slow run cannot grow memory without bound.
pub const MAX_SERIES_POINTS: u64 = 10_000;

/// Requests traced hop by hop in the report's log.
pub const MAX_LOG_LIMIT: u64 = 10_000;
/// See [`MAX_LOG_LIMIT`].
pub const DEFAULT_LOG_LIMIT: u64 = 200;
