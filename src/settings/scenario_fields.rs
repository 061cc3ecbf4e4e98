//! How one number maps onto a [`Scenario`] field ([`Field`]), shared by
//! every view's knob table so that the Lab and Compare read and write a
//! field the same way (a slower DB keeps its tail shape in both; a hotspot workload shows
//! the same skew in both).
//!
//! Times are in ms (what the knobs and links show), stored as whole µs,
//! rounded, never cut: 2.01 ms is 2 010 µs although 2.01 × 1000 is
//! 2009.999… in binary floating point.

use cachescope_sim::limits::{
    DEFAULT_RATE_PER_SEC, DEFAULT_ZIPF_ALPHA, MAX_LATENCY_US, MIN_TTL_US,
};
use cachescope_sim::{Arrivals, Latency, Popularity, Scenario};

/// Whole µs from ms, rounded.
pub(super) fn us(ms: f64) -> u64 {
    (ms * 1e3).round() as u64
}

/// The Zipf exponent; 0 for a uniform workload. A hotspot workload has no
/// α: it reads as the default so the slider has a value to start from.
pub fn zipf_alpha(s: &Scenario) -> f64 {
    match s.workload.popularity {
        Popularity::Zipf { alpha } => alpha,
        Popularity::Uniform => 0.0,
        Popularity::Hotspot { .. } => DEFAULT_ZIPF_ALPHA,
    }
}

/// Sets a Zipf workload with exponent `alpha` (0 is uniform).
pub fn set_zipf_alpha(s: &mut Scenario, alpha: f64) {
    s.workload.popularity = Popularity::Zipf { alpha };
}

/// The open-loop arrival rate; a closed loop reads as the default rate.
pub fn rate(s: &Scenario) -> f64 {
    match s.arrivals {
        Arrivals::Open { rate_per_sec } => rate_per_sec,
        Arrivals::Closed { .. } => DEFAULT_RATE_PER_SEC,
    }
}

/// Sets open-loop arrivals at `rate_per_sec`.
pub fn set_rate(s: &mut Scenario, rate_per_sec: f64) {
    s.arrivals = Arrivals::Open { rate_per_sec };
}

/// The time-to-live in ms, 0 for none.
pub fn ttl_ms(s: &Scenario) -> f64 {
    s.cache.ttl_us.map_or(0.0, |t| t as f64 / 1e3)
}

/// Sets the time-to-live in ms; 0 (or less) means entries never expire.
pub fn set_ttl_ms(s: &mut Scenario, ms: f64) {
    s.cache.ttl_us = (ms > 0.0).then(|| us(ms).max(MIN_TTL_US));
}

/// A latency's median (its typical value) in ms.
pub fn median_ms(l: &Latency) -> f64 {
    let us = match *l {
        Latency::Constant { us } => us,
        Latency::Uniform { min_us, max_us } => (min_us + max_us) / 2,
        Latency::Exponential { mean_us } => mean_us,
        Latency::LogNormal { median_us, .. } => median_us,
    };
    us as f64 / 1e3
}

/// Sets a latency's median in ms. A log-normal keeps its tail ratio
/// (p99 / median), which is what makes "a slower DB" keep its shape; any
/// other distribution becomes that constant.
pub fn set_median_ms(l: &mut Latency, ms: f64) {
    let median_us = us(ms).max(1);
    *l = match *l {
        Latency::LogNormal {
            median_us: old,
            p99_us,
        } => {
            let ratio = p99_us as f64 / old.max(1) as f64;
            Latency::LogNormal {
                median_us,
                p99_us: ((median_us as f64 * ratio).round() as u64)
                    .clamp(median_us, MAX_LATENCY_US),
            }
        }
        _ => Latency::Constant { us: median_us },
    };
}

/// How much slower the slowest 1 % of a latency is than its median
/// (p99 ÷ median); 1 for a distribution without a log-normal tail.
pub fn tail_ratio(l: &Latency) -> f64 {
    match *l {
        Latency::LogNormal { median_us, p99_us } => p99_us as f64 / median_us.max(1) as f64,
        _ => 1.0,
    }
}

/// Gives a latency a log-normal tail of `ratio` (p99 = ratio × median),
/// keeping its median.
pub fn set_tail_ratio(l: &mut Latency, ratio: f64) {
    let median_us = ((median_ms(l) * 1e3).round() as u64).max(1);
    *l = Latency::LogNormal {
        median_us,
        p99_us: ((median_us as f64 * ratio).round() as u64).clamp(median_us, MAX_LATENCY_US),
    };
}

/// One number of a scenario, in link units: how every view's knob on it
/// reads and writes it. A view's row adds its own label, range and step.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// Reads the value, exactly (a link must round-trip the scenario, so no
    /// rounding for display here).
    pub get: fn(&Scenario) -> f64,
    /// Writes a value (already within the knob's range).
    pub set: fn(&mut Scenario, f64),
    /// Whether the number means anything for this scenario (write-back's
    /// settings, in the Lab, only on a write-back write path); a control
    /// for a field that does not apply is greyed out, and a link's value
    /// for it is refused with a notice.
    pub applies: fn(&Scenario) -> bool,
    /// Where it does not apply, why: the end of a link's notice ("does not
    /// apply to this write path").
    pub not_here: &'static str,
}

/// [`Field::applies`] of every field but write-back's.
pub(super) fn always(_: &Scenario) -> bool {
    true
}

/// Requests the run simulates.
pub const REQUESTS: Field = Field {
    get: |s| s.requests as f64,
    set: |s, v| s.requests = v.round() as u64,
    applies: always,
    not_here: "",
};

/// Fraction of requests that are reads.
pub const READ_RATIO: Field = Field {
    get: |s| s.workload.read_ratio,
    set: |s, v| s.workload.read_ratio = v,
    applies: always,
    not_here: "",
};

/// The Zipf exponent (see [`zipf_alpha`]).
pub const ZIPF_ALPHA: Field = Field {
    get: zipf_alpha,
    set: set_zipf_alpha,
    applies: always,
    not_here: "",
};

/// Distinct keys.
pub const KEY_SPACE: Field = Field {
    get: |s| s.workload.key_space as f64,
    set: |s, v| s.workload.key_space = v.round() as u64,
    applies: always,
    not_here: "",
};

/// Open-loop arrivals per second (see [`rate`]).
pub const RATE: Field = Field {
    get: rate,
    set: set_rate,
    applies: always,
    not_here: "",
};

/// The random stream's seed.
pub const SEED: Field = Field {
    get: |s| s.seed as f64,
    set: |s, v| s.seed = v.round() as u64,
    applies: always,
    not_here: "",
};

/// Cache entries.
pub const CAPACITY: Field = Field {
    get: |s| f64::from(s.cache.capacity),
    set: |s, v| s.cache.capacity = v.round() as u32,
    applies: always,
    not_here: "",
};

/// Time-to-live, ms, 0 for none.
pub const TTL: Field = Field {
    get: ttl_ms,
    set: set_ttl_ms,
    applies: always,
    not_here: "",
};

/// The TTL's jitter, a fraction (0 to 0.9): each entry's TTL is spread
/// evenly over ± this much.
pub const TTL_JITTER: Field = Field {
    get: |s| s.cache.ttl_jitter,
    set: |s, v| s.cache.ttl_jitter = v,
    applies: always,
    not_here: "",
};

/// Request coalescing in cache-aside: 1 on, 0 off.
pub const COALESCE: Field = Field {
    get: |s| f64::from(u8::from(s.cache.coalesce)),
    set: |s, v| s.cache.coalesce = v >= 0.5,
    applies: always,
    not_here: "",
};

/// Stale-while-revalidate's grace window, ms (0 = off). Only with a TTL:
/// without one nothing expires.
pub const STALE_GRACE: Field = Field {
    get: |s| s.cache.stale_grace_us as f64 / 1e3,
    set: |s, v| s.cache.stale_grace_us = us(v),
    applies: has_ttl,
    not_here: "does nothing without a TTL",
};

/// Probabilistic early refresh's β (0 = off). Only with a TTL.
pub const EARLY_REFRESH: Field = Field {
    get: |s| s.cache.early_refresh,
    set: |s, v| s.cache.early_refresh = v,
    applies: has_ttl,
    not_here: "does nothing without a TTL",
};

/// [`Field::applies`] of the settings that act around an expiry.
fn has_ttl(s: &Scenario) -> bool {
    s.cache.ttl_us.is_some()
}

/// A cache operation's median, ms.
pub const CACHE_MEDIAN: Field = Field {
    get: |s| median_ms(&s.cache.latency),
    set: |s, v| set_median_ms(&mut s.cache.latency, v),
    applies: always,
    not_here: "",
};

/// Operations the database runs at once.
pub const DB_CONNECTIONS: Field = Field {
    get: |s| f64::from(s.db.connections),
    set: |s, v| s.db.connections = v.round() as u32,
    applies: always,
    not_here: "",
};

/// A database read's median, ms.
pub const DB_READ_MEDIAN: Field = Field {
    get: |s| median_ms(&s.db.read_latency),
    set: |s, v| set_median_ms(&mut s.db.read_latency, v),
    applies: always,
    not_here: "",
};

/// A database write's median, ms.
pub const DB_WRITE_MEDIAN: Field = Field {
    get: |s| median_ms(&s.db.write_latency),
    set: |s, v| set_median_ms(&mut s.db.write_latency, v),
    applies: always,
    not_here: "",
};

/// The database's slow tail (p99 ÷ median), reads and writes alike; reads
/// as the read latency's.
pub const DB_TAIL: Field = Field {
    get: |s| tail_ratio(&s.db.read_latency),
    set: |s, v| {
        set_tail_ratio(&mut s.db.read_latency, v);
        set_tail_ratio(&mut s.db.write_latency, v);
    },
    applies: always,
    not_here: "",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rounded_to_the_microsecond_never_cut() {
        let mut l = Latency::Constant { us: 1 };
        for (typed, want) in [(0.35, 350), (2.01, 2_010), (8.11, 8_110)] {
            set_median_ms(&mut l, typed);
            assert_eq!(l, Latency::Constant { us: want }, "{typed} ms");
            assert!((median_ms(&l) - typed).abs() < 1e-12);
        }
    }

    #[test]
    fn a_slower_db_keeps_its_tail_shape() {
        let mut s = Scenario::default();
        set_median_ms(&mut s.db.read_latency, 10.0);
        assert_eq!(
            s.db.read_latency,
            Latency::LogNormal {
                median_us: 10_000,
                p99_us: 40_000
            }
        );
    }

    #[test]
    fn a_tail_keeps_its_median_and_a_new_median_keeps_the_tail() {
        let mut l = Latency::Constant { us: 5_000 };
        assert_eq!(tail_ratio(&l), 1.0);
        set_tail_ratio(&mut l, 2.5);
        assert_eq!(
            l,
            Latency::LogNormal {
                median_us: 5_000,
                p99_us: 12_500
            }
        );
        set_median_ms(&mut l, 8.0);
        assert_eq!(tail_ratio(&l), 2.5);
        assert_eq!(median_ms(&l), 8.0);
    }

    #[test]
    fn no_ttl_is_zero_and_a_tiny_ttl_is_the_minimum() {
        let mut s = Scenario::default();
        set_ttl_ms(&mut s, 0.0);
        assert_eq!((s.cache.ttl_us, ttl_ms(&s)), (None, 0.0));
        set_ttl_ms(&mut s, 1500.0);
        assert_eq!(s.cache.ttl_us, Some(1_500_000));
        set_ttl_ms(&mut s, 1e-9);
        assert_eq!(s.cache.ttl_us, Some(MIN_TTL_US));
    }
}
