//! A [`Scenario`]: workload + cache + database + strategy + scheduled events +
//! seed + length, and the one function that turns raw input into a valid one.
//!
//! Parse, then validate, then run: raw input (JSON here; CLI flags and URL
//! parameters in other crates) becomes a `Scenario` through serde, then
//! [`Scenario::validate`] checks every field against [`crate::limits`]. After
//! validation the engine cannot panic, so the engine never re-checks.
//!
//! ```
//! let s = cachescope_sim::Scenario::from_json(r#"{ "requests": 500, "seed": 7 }"#).unwrap();
//! assert_eq!(s.requests, 500);
//! assert_eq!(s.cache.capacity, cachescope_sim::limits::DEFAULT_CAPACITY);
//! let err = cachescope_sim::Scenario::from_json(r#"{ "cache": { "capacity": 0 } }"#).unwrap_err();
//! assert_eq!(err.to_string(), "cache.capacity = 0 is out of range: allowed 1 to 1000000");
//! ```

use serde::{Deserialize, Serialize};

use crate::eviction::EvictionPolicy;
use crate::limits::*;
pub use crate::scenario_error::ScenarioError;
use crate::scenario_error::{invalid, range_f64, range_u64};
use crate::strategy::{ReadPath, StrategyId, WritePath};

/// Everything one simulated run needs. Every field has a documented default
/// (`#[serde(default)]`), so `{}` is a valid scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    /// Seed of every random stream. Default 42.
    pub seed: u64,
    /// Client requests to issue; the run ends when all of them (and any bulk
    /// import writes) have completed. Default [`DEFAULT_REQUESTS`].
    pub requests: u64,
    /// Which keys the clients touch and how often they write.
    pub workload: Workload,
    /// How client requests arrive. Default: open, [`DEFAULT_RATE_PER_SEC`].
    pub arrivals: Arrivals,
    /// The cache.
    pub cache: CacheConfig,
    /// The database.
    pub db: DbConfig,
    /// The named strategy of this lane. Default cache-aside.
    pub strategy: StrategyId,
    /// Overrides the strategy's read path (a custom pair). Default none.
    pub read_path: Option<ReadPath>,
    /// Overrides the strategy's write path (a custom pair). Default none.
    pub write_path: Option<WritePath>,
    /// Out-of-band events at fixed virtual times. Default none.
    pub events: Vec<ScheduledEvent>,
    /// Width of a time-series window in µs; `0` (the default) picks
    /// `expected run length / AUTO_WINDOWS`, rounded up to whole ms.
    pub window_us: u64,
    /// How many requests are traced hop by hop. Default [`DEFAULT_LOG_LIMIT`].
    pub log_limit: u64,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            seed: 42,
            requests: DEFAULT_REQUESTS,
            workload: Workload::default(),
            arrivals: Arrivals::default(),
            cache: CacheConfig::default(),
            db: DbConfig::default(),
            strategy: StrategyId::CacheAside,
            read_path: None,
            write_path: None,
            events: Vec::new(),
            window_us: 0,
            log_limit: DEFAULT_LOG_LIMIT,
        }
    }
}

/// Key popularity and the read/write mix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Workload {
    /// Keys are `0..key_space`. Default [`DEFAULT_KEY_SPACE`].
    pub key_space: u64,
    /// How requests spread over keys. Default Zipf(1.0).
    pub popularity: Popularity,
    /// Fraction of requests that are reads. Default [`DEFAULT_READ_RATIO`].
    pub read_ratio: f64,
    /// Changes of the workload over time, applied in `at_us` order.
    pub phases: Vec<Phase>,
}

impl Default for Workload {
    fn default() -> Self {
        Workload {
            key_space: DEFAULT_KEY_SPACE,
            popularity: Popularity::Zipf {
                alpha: DEFAULT_ZIPF_ALPHA,
            },
            read_ratio: DEFAULT_READ_RATIO,
            phases: Vec::new(),
        }
    }
}

/// Key popularity. Key 0 is always the hottest ("the hot key"): under Zipf,
/// rank `r` maps to key `r - 1`; under hotspot, the hot set is the lowest keys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Popularity {
    /// Every key equally likely.
    Uniform,
    /// Zipf with exponent `alpha` (0 = uniform; 1 = classic web skew).
    Zipf {
        /// The exponent α.
        alpha: f64,
    },
    /// `hot_request_pct` % of requests go to the first `hot_key_pct` % of
    /// keys (at least one key), uniformly; the rest to the other keys.
    Hotspot {
        /// Share of requests that hit the hot set, in percent.
        hot_request_pct: f64,
        /// Size of the hot set, in percent of the key space.
        hot_key_pct: f64,
    },
}

/// A change of the workload from `at_us` on; `None` fields keep their value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// When the phase starts (virtual µs).
    pub at_us: u64,
    /// New read ratio.
    #[serde(default)]
    pub read_ratio: Option<f64>,
    /// New open-loop rate (ignored for closed-loop arrivals).
    #[serde(default)]
    pub rate_per_sec: Option<f64>,
    /// New popularity.
    #[serde(default)]
    pub popularity: Option<Popularity>,
}

/// How client requests arrive.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Arrivals {
    /// Open loop: a Poisson process; requests arrive whether or not earlier
    /// ones finished (load does not back off when the system slows down).
    Open {
        /// Mean arrival rate.
        rate_per_sec: f64,
    },
    /// Closed loop: `clients` users, each sending its next request an
    /// exponentially distributed think time (mean `think_time_us`) after the
    /// previous answer.
    Closed {
        /// Number of concurrent users.
        clients: u32,
        /// Mean think time (0 = back-to-back).
        think_time_us: u64,
    },
}

impl Default for Arrivals {
    fn default() -> Self {
        Arrivals::Open {
            rate_per_sec: DEFAULT_RATE_PER_SEC,
        }
    }
}

/// The cache.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CacheConfig {
    /// Capacity in entries. Kept a plain `u32` (not `NonZeroU32`) so that a 0
    /// gets our range message instead of serde's "invalid value"; the engine
    /// converts after validation. Default [`DEFAULT_CAPACITY`].
    pub capacity: u32,
    /// Which entry leaves when the cache is full. Default LRU.
    pub eviction: EvictionPolicy,
    /// Time-to-live of an entry from its fill or write; `None` = forever.
    pub ttl_us: Option<u64>,
    /// Spread of each entry's TTL, as a fraction: every fill or write gets
    /// the TTL × a factor spread evenly over `1 ± ttl_jitter`, so entries
    /// filled together do not expire together (0 = the exact TTL; at most
    /// [`MAX_TTL_JITTER`]). Left out of the JSON when 0.
    #[serde(skip_serializing_if = "is_zero")]
    pub ttl_jitter: f64,
    /// Request coalescing (single-flight) in the app: concurrent
    /// cache-aside misses on one key share one DB read, the others wait for
    /// it. Read-through's loader always does this. Left out when off.
    #[serde(skip_serializing_if = "is_false")]
    pub coalesce: bool,
    /// Stale-while-revalidate: for this long after an entry's TTL runs out,
    /// a read still gets the old value at once, and the first such read
    /// starts one background reload. 0 = off (left out of the JSON); needs
    /// a TTL; at most [`MAX_STALE_GRACE_US`].
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub stale_grace_us: u64,
    /// Probabilistic early refresh (XFetch) with this β: a hit reloads the
    /// entry in the background when `now + Δ·β·(−ln u) ≥ expiry`, `Δ` the
    /// DB read's median and `u` uniform, so the chance rises as expiry
    /// nears and one reader usually refreshes before anyone misses. 0 = off
    /// (left out); needs a TTL; at most [`MAX_EARLY_REFRESH_BETA`].
    #[serde(skip_serializing_if = "is_zero")]
    pub early_refresh: f64,
    /// Latency of one cache operation (GET, SET, DEL), App ↔ Cache round trip.
    /// Default log-normal, median 500 µs, p99 2 ms.
    pub latency: Latency,
}

impl Default for CacheConfig {
    fn default() -> Self {
        CacheConfig {
            capacity: DEFAULT_CAPACITY,
            eviction: EvictionPolicy::Lru,
            ttl_us: None,
            ttl_jitter: 0.0,
            coalesce: false,
            stale_grace_us: 0,
            early_refresh: 0.0,
            latency: Latency::LogNormal {
                median_us: DEFAULT_CACHE_MEDIAN_US,
                p99_us: DEFAULT_CACHE_P99_US,
            },
        }
    }
}

/// The database.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DbConfig {
    /// Concurrent connections; further operations wait in a FIFO queue.
    /// Default [`DEFAULT_CONNECTIONS`].
    pub connections: u32,
    /// Service time of a read. Default log-normal, median 5 ms, p99 20 ms.
    pub read_latency: Latency,
    /// Service time of a write (a write-back batch costs one write). Default
    /// log-normal, median 10 ms, p99 40 ms.
    pub write_latency: Latency,
}

impl Default for DbConfig {
    fn default() -> Self {
        DbConfig {
            connections: DEFAULT_CONNECTIONS,
            read_latency: Latency::LogNormal {
                median_us: DEFAULT_DB_READ_MEDIAN_US,
                p99_us: DEFAULT_DB_READ_P99_US,
            },
            write_latency: Latency::LogNormal {
                median_us: DEFAULT_DB_WRITE_MEDIAN_US,
                p99_us: DEFAULT_DB_WRITE_P99_US,
            },
        }
    }
}

/// A latency distribution, in whole µs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Latency {
    /// Always `us`: hand-checkable tests use this.
    Constant {
        /// The latency.
        us: u64,
    },
    /// Uniform integer in `min_us..=max_us`.
    Uniform {
        /// Lower bound.
        min_us: u64,
        /// Upper bound.
        max_us: u64,
    },
    /// Exponential with mean `mean_us`.
    Exponential {
        /// The mean.
        mean_us: u64,
    },
    /// Log-normal given by its median and 99th percentile: the long right
    /// tail real services show.
    LogNormal {
        /// The median (50th percentile), ≥ 1.
        median_us: u64,
        /// The 99th percentile, ≥ the median.
        p99_us: u64,
    },
}

impl Latency {
    /// The distribution's median, µs (probabilistic early refresh's `Δ`,
    /// the time a reload is expected to take).
    pub fn median_us(&self) -> u64 {
        match *self {
            Latency::Constant { us } => us,
            Latency::Uniform { min_us, max_us } => min_us / 2 + max_us / 2 + (min_us & max_us & 1),
            Latency::Exponential { mean_us } => {
                (mean_us as f64 * std::f64::consts::LN_2).round() as u64
            }
            Latency::LogNormal { median_us, .. } => median_us,
        }
    }
}

/// An out-of-band event at a fixed virtual time. In JSON the kind's fields
/// sit beside `at_us`: `{ "at_us": 2000000, "kind": "cache-crash", "down_for_us": 500000 }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduledEvent {
    /// When it happens (virtual µs from the start).
    pub at_us: u64,
    /// What happens.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// Things that happen to the system from outside the request flow. Also what
/// [`Simulation::schedule`](crate::Simulation::schedule) injects (the Lab's
/// "break things" buttons).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum EventKind {
    /// The cache process dies: contents, dirty entries and in-flight flush
    /// batches are gone; it is down for `down_for_us`, then restarts empty.
    CacheCrash {
        /// How long it stays down.
        down_for_us: u64,
    },
    /// A graceful restart (deploy, cold start): write-back dirty entries are
    /// sent to the DB first, then the cache is emptied. Nothing is lost.
    CacheFlush,
    /// One DB write that bypasses the cache (admin tool, another service).
    AdminWrite {
        /// The key; `None` = the hot key 0.
        #[serde(default)]
        key: Option<u64>,
    },
    /// DB writes bypassing the cache at a Poisson rate for a while, keys drawn
    /// from the workload's popularity.
    AdminWrites {
        /// Mean rate.
        rate_per_sec: f64,
        /// How long the burst lasts.
        for_us: u64,
    },
    /// The app writes `keys` new keys (`key_space..key_space + keys`) through
    /// the lane's write path, all issued at once. They count as writes.
    BulkImport {
        /// How many new keys.
        keys: u64,
    },
    /// Every DB operation that starts in the window takes `factor` × longer.
    DbSlow {
        /// Slow-down factor, ≥ 1.
        factor: f64,
        /// Window length.
        for_us: u64,
    },
    /// The entry of a key expires now (thundering herd on the hot key).
    ExpireHot {
        /// The key; `None` = the hot key 0.
        #[serde(default)]
        key: Option<u64>,
    },
}

impl EventKind {
    /// Stable id, as in JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            EventKind::CacheCrash { .. } => "cache-crash",
            EventKind::CacheFlush => "cache-flush",
            EventKind::AdminWrite { .. } => "admin-write",
            EventKind::AdminWrites { .. } => "admin-writes",
            EventKind::BulkImport { .. } => "bulk-import",
            EventKind::DbSlow { .. } => "db-slow",
            EventKind::ExpireHot { .. } => "expire-hot",
        }
    }
}

impl WritePath {
    /// Write-back's flusher knobs within [`crate::limits`]; the other write
    /// paths carry no numbers.
    fn validate(&self, field: &str) -> Result<(), ScenarioError> {
        if let WritePath::WriteBack {
            flush_interval_us,
            batch_max,
        } = *self
        {
            range_u64(
                &format!("{field}.flush_interval_us"),
                flush_interval_us,
                MIN_FLUSH_INTERVAL_US,
                MAX_FLUSH_INTERVAL_US,
            )?;
            range_u64(
                &format!("{field}.batch_max"),
                u64::from(batch_max),
                u64::from(MIN_BATCH_MAX),
                u64::from(MAX_BATCH_MAX),
            )?;
        }
        Ok(())
    }
}

impl Latency {
    fn validate(&self, field: &str) -> Result<(), ScenarioError> {
        match *self {
            Latency::Constant { us } => range_u64(&format!("{field}.us"), us, 0, MAX_LATENCY_US),
            Latency::Uniform { min_us, max_us } => {
                range_u64(&format!("{field}.min_us"), min_us, 0, MAX_LATENCY_US)?;
                range_u64(&format!("{field}.max_us"), max_us, min_us, MAX_LATENCY_US)
            }
            Latency::Exponential { mean_us } => {
                range_u64(&format!("{field}.mean_us"), mean_us, 0, MAX_LATENCY_US)
            }
            Latency::LogNormal { median_us, p99_us } => {
                range_u64(&format!("{field}.median_us"), median_us, 1, MAX_LATENCY_US)?;
                range_u64(
                    &format!("{field}.p99_us"),
                    p99_us,
                    median_us,
                    MAX_LATENCY_US,
                )
            }
        }
    }
}

impl Popularity {
    fn validate(&self, field: &str) -> Result<(), ScenarioError> {
        match *self {
            Popularity::Uniform => Ok(()),
            Popularity::Zipf { alpha } => range_f64(
                &format!("{field}.alpha"),
                alpha,
                MIN_ZIPF_ALPHA,
                MAX_ZIPF_ALPHA,
            ),
            Popularity::Hotspot {
                hot_request_pct,
                hot_key_pct,
            } => {
                range_f64(
                    &format!("{field}.hot_request_pct"),
                    hot_request_pct,
                    MIN_PCT,
                    MAX_PCT,
                )?;
                range_f64(
                    &format!("{field}.hot_key_pct"),
                    hot_key_pct,
                    MIN_PCT,
                    MAX_PCT,
                )
            }
        }
    }
}

impl Scenario {
    /// Parses JSON and validates it: the one way raw JSON becomes a scenario.
    ///
    /// A leading byte-order mark (some editors save one) is ignored.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let s: Scenario = serde_json::from_str(text).map_err(|e| ScenarioError::from_serde(&e))?;
        s.validate()?;
        Ok(s)
    }

    /// The read and write path this lane runs: the overrides if set, else the
    /// named strategy's defaults.
    pub fn paths(&self) -> (ReadPath, WritePath) {
        let (r, w) = self.strategy.default_paths();
        (self.read_path.unwrap_or(r), self.write_path.unwrap_or(w))
    }

    /// Checks every field against [`crate::limits`]; the first violation wins.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        range_u64("requests", self.requests, MIN_REQUESTS, MAX_REQUESTS)?;
        let w = &self.workload;
        range_u64(
            "workload.key_space",
            w.key_space,
            MIN_KEY_SPACE,
            MAX_KEY_SPACE,
        )?;
        w.popularity.validate("workload.popularity")?;
        range_f64(
            "workload.read_ratio",
            w.read_ratio,
            MIN_READ_RATIO,
            MAX_READ_RATIO,
        )?;
        range_u64("workload.phases", w.phases.len() as u64, 0, MAX_PHASES)?;
        for (i, p) in w.phases.iter().enumerate() {
            let f = format!("workload.phases[{i}]");
            range_u64(&format!("{f}.at_us"), p.at_us, 0, MAX_EVENT_TIME_US)?;
            if let Some(r) = p.read_ratio {
                range_f64(
                    &format!("{f}.read_ratio"),
                    r,
                    MIN_READ_RATIO,
                    MAX_READ_RATIO,
                )?;
            }
            if let Some(r) = p.rate_per_sec {
                range_f64(
                    &format!("{f}.rate_per_sec"),
                    r,
                    MIN_RATE_PER_SEC,
                    MAX_RATE_PER_SEC,
                )?;
            }
            if let Some(pop) = &p.popularity {
                pop.validate(&format!("{f}.popularity"))?;
            }
        }
        match self.arrivals {
            Arrivals::Open { rate_per_sec } => range_f64(
                "arrivals.rate_per_sec",
                rate_per_sec,
                MIN_RATE_PER_SEC,
                MAX_RATE_PER_SEC,
            )?,
            Arrivals::Closed {
                clients,
                think_time_us,
            } => {
                range_u64(
                    "arrivals.clients",
                    u64::from(clients),
                    u64::from(MIN_CLIENTS),
                    u64::from(MAX_CLIENTS),
                )?;
                range_u64(
                    "arrivals.think_time_us",
                    think_time_us,
                    0,
                    MAX_THINK_TIME_US,
                )?;
            }
        }
        range_u64(
            "cache.capacity",
            u64::from(self.cache.capacity),
            u64::from(MIN_CAPACITY),
            u64::from(MAX_CAPACITY),
        )?;
        range_f64(
            "cache.ttl_jitter",
            self.cache.ttl_jitter,
            0.0,
            MAX_TTL_JITTER,
        )?;
        if let Some(ttl) = self.cache.ttl_us {
            range_u64("cache.ttl_us", ttl, MIN_TTL_US, MAX_TTL_US)?;
        }
        range_u64(
            "cache.stale_grace_us",
            self.cache.stale_grace_us,
            0,
            MAX_STALE_GRACE_US,
        )?;
        range_f64(
            "cache.early_refresh",
            self.cache.early_refresh,
            0.0,
            MAX_EARLY_REFRESH_BETA,
        )?;
        // Both act around an expiry: without a TTL they would silently do
        // nothing, which reads like a mitigation that works.
        if self.cache.ttl_us.is_none() {
            if self.cache.stale_grace_us > 0 {
                return Err(invalid(
                    "cache.stale_grace_us",
                    "needs cache.ttl_us: without a TTL no entry expires",
                ));
            }
            if self.cache.early_refresh > 0.0 {
                return Err(invalid(
                    "cache.early_refresh",
                    "needs cache.ttl_us: without a TTL no entry expires",
                ));
            }
        }
        self.cache.latency.validate("cache.latency")?;
        range_u64(
            "db.connections",
            u64::from(self.db.connections),
            u64::from(MIN_CONNECTIONS),
            u64::from(MAX_CONNECTIONS),
        )?;
        self.db.read_latency.validate("db.read_latency")?;
        self.db.write_latency.validate("db.write_latency")?;
        if let Some(wp) = &self.write_path {
            wp.validate("write_path")?;
        }
        range_u64("events", self.events.len() as u64, 0, MAX_EVENTS)?;
        let mut import_total: u64 = 0;
        let mut admin_total: f64 = 0.0;
        for (i, e) in self.events.iter().enumerate() {
            let f = format!("events[{i}]");
            range_u64(&format!("{f}.at_us"), e.at_us, 0, MAX_EVENT_TIME_US)?;
            match e.kind {
                EventKind::CacheCrash { down_for_us } => {
                    range_u64(&format!("{f}.down_for_us"), down_for_us, 0, MAX_DURATION_US)?
                }
                EventKind::CacheFlush => {}
                EventKind::AdminWrite { key } | EventKind::ExpireHot { key } => {
                    if let Some(k) = key {
                        range_u64(&format!("{f}.key"), k, 0, w.key_space.saturating_sub(1))?;
                    }
                }
                EventKind::AdminWrites {
                    rate_per_sec,
                    for_us,
                } => {
                    range_f64(
                        &format!("{f}.rate_per_sec"),
                        rate_per_sec,
                        MIN_RATE_PER_SEC,
                        MAX_RATE_PER_SEC,
                    )?;
                    range_u64(&format!("{f}.for_us"), for_us, 0, MAX_DURATION_US)?;
                    let expected = rate_per_sec * (for_us as f64 / 1e6);
                    admin_total += expected;
                    if expected > MAX_ADMIN_WRITES_PER_EVENT {
                        return Err(invalid(
                            &f,
                            format!(
                                "rate_per_sec × for_us means {expected:.0} expected writes; at most {MAX_ADMIN_WRITES_PER_EVENT:.0} allowed"
                            ),
                        ));
                    }
                }
                EventKind::BulkImport { keys } => {
                    range_u64(&format!("{f}.keys"), keys, MIN_IMPORT_KEYS, MAX_IMPORT_KEYS)?;
                    import_total = import_total.saturating_add(keys);
                }
                EventKind::DbSlow { factor, for_us } => {
                    range_f64(
                        &format!("{f}.factor"),
                        factor,
                        MIN_SLOW_FACTOR,
                        MAX_SLOW_FACTOR,
                    )?;
                    range_u64(&format!("{f}.for_us"), for_us, 0, MAX_DURATION_US)?;
                }
            }
        }
        if import_total > MAX_IMPORT_KEYS_TOTAL {
            return Err(invalid(
                "events",
                format!(
                    "bulk imports add {import_total} keys in total; at most {MAX_IMPORT_KEYS_TOTAL} allowed"
                ),
            ));
        }
        if admin_total > MAX_ADMIN_WRITES_TOTAL {
            return Err(invalid(
                "events",
                format!(
                    "admin-write bursts expect {admin_total:.0} writes in total; at most {MAX_ADMIN_WRITES_TOTAL:.0} allowed"
                ),
            ));
        }
        if self.window_us != 0 {
            range_u64("window_us", self.window_us, MIN_WINDOW_US, MAX_WINDOW_US)?;
        }
        range_u64("log_limit", self.log_limit, 0, MAX_LOG_LIMIT)?;
        Ok(())
    }

    /// The run length the arrival process implies (ignores queueing): what the
    /// automatic window is a fraction of.
    pub fn expected_duration_us(&self) -> u64 {
        match self.arrivals {
            Arrivals::Open { rate_per_sec } => {
                crate::rng::to_us_unbounded(self.requests as f64 * 1e6 / rate_per_sec)
            }
            Arrivals::Closed {
                clients,
                think_time_us,
            } => {
                let per_client = self.requests / u64::from(clients.max(1)) + 1;
                per_client.saturating_mul(think_time_us.max(1_000))
            }
        }
    }

    /// The time-series window this scenario uses (resolves `window_us = 0`).
    pub fn effective_window_us(&self) -> u64 {
        if self.window_us != 0 {
            return self.window_us;
        }
        let raw = self.expected_duration_us() / AUTO_WINDOWS;
        let ms = raw.div_ceil(1_000).max(1);
        ms.saturating_mul(1_000).clamp(MIN_WINDOW_US, MAX_WINDOW_US)
    }
}

/// For `skip_serializing_if`: a 0 that the JSON leaves out.
fn is_zero(v: &f64) -> bool {
    *v == 0.0
}

/// For `skip_serializing_if`: a 0 that the JSON leaves out.
fn is_zero_u64(v: &u64) -> bool {
    *v == 0
}

/// For `skip_serializing_if`: an option left at off.
fn is_false(v: &bool) -> bool {
    !*v
}
