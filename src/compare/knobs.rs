//! The Compare view's knobs as data: each knob reads and writes one field of a
//! [`Scenario`], knows its range (from `cachescope_sim::limits`) and its unit,
//! and can say whether the current value differs from the preset's.
//!
//! Pure Rust, no Leptos: the knob panel renders these descriptors, and the
//! tests below check that every knob round-trips and keeps the scenario valid.

use cachescope_sim::limits::*;
use cachescope_sim::{Arrivals, EventKind, Popularity, Scenario};

/// How a knob is edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    /// A slider (ratios, skew): continuous, bounded, small range.
    Slider,
    /// A number field (counts, times): wide ranges a slider cannot aim in.
    Number,
}

/// One editable field of the scenario.
#[derive(Clone, Copy, Debug)]
pub struct Knob {
    /// Stable id (the input's `id` and `data-testid="knob-<id>"`).
    pub id: &'static str,
    /// The group it is shown in.
    pub group: &'static str,
    /// Label with unit.
    pub label: &'static str,
    /// Smallest allowed value.
    pub min: f64,
    /// Largest allowed value (the UI's range; the engine's limits may be wider).
    pub max: f64,
    /// Input step.
    pub step: f64,
    /// How it is edited.
    pub control: Control,
    /// Reads the value from a scenario.
    pub get: fn(&Scenario) -> f64,
    /// Writes a value (already clamped to `min..=max`) into a scenario.
    pub set: fn(&mut Scenario, f64),
}

fn zipf_alpha(s: &Scenario) -> f64 {
    match s.workload.popularity {
        Popularity::Zipf { alpha } => alpha,
        Popularity::Uniform => 0.0,
        // A hotspot has no α; show the default so the slider has a value.
        Popularity::Hotspot { .. } => DEFAULT_ZIPF_ALPHA,
    }
}

fn rate(s: &Scenario) -> f64 {
    match s.arrivals {
        Arrivals::Open { rate_per_sec } => rate_per_sec,
        Arrivals::Closed { .. } => DEFAULT_RATE_PER_SEC,
    }
}

fn median(l: &cachescope_sim::Latency) -> f64 {
    use cachescope_sim::Latency::*;
    match *l {
        Constant { us } => us as f64,
        Uniform { min_us, max_us } => ((min_us + max_us) / 2) as f64,
        Exponential { mean_us } => mean_us as f64,
        LogNormal { median_us, .. } => median_us as f64,
    }
}

/// Sets a latency's median in ms, keeping the tail ratio (p99 / median) of a
/// log-normal, which is what makes "a slower DB" keep its shape.
fn set_median(l: &mut cachescope_sim::Latency, ms: f64) {
    use cachescope_sim::Latency::*;
    let us = (ms * 1_000.0).round().max(1.0) as u64;
    *l = match *l {
        LogNormal { median_us, p99_us } => {
            let ratio = p99_us as f64 / median_us.max(1) as f64;
            LogNormal {
                median_us: us,
                p99_us: ((us as f64 * ratio).round() as u64).clamp(us, MAX_LATENCY_US),
            }
        }
        _ => Constant { us },
    };
}

/// Every knob, in display order.
pub const KNOBS: [Knob; 12] = [
    Knob {
        id: "requests",
        group: "Workload",
        label: "Requests",
        min: 1_000.0,
        max: 200_000.0,
        step: 1_000.0,
        control: Control::Number,
        get: |s| s.requests as f64,
        set: |s, v| s.requests = v as u64,
    },
    Knob {
        id: "read-ratio",
        group: "Workload",
        label: "Reads (fraction of requests)",
        min: MIN_READ_RATIO,
        max: MAX_READ_RATIO,
        step: 0.01,
        control: Control::Slider,
        get: |s| s.workload.read_ratio,
        set: |s, v| s.workload.read_ratio = v,
    },
    Knob {
        id: "zipf-alpha",
        group: "Workload",
        label: "Key skew, Zipf α (0 = uniform)",
        min: MIN_ZIPF_ALPHA,
        max: 2.5,
        step: 0.05,
        control: Control::Slider,
        get: zipf_alpha,
        set: |s, v| s.workload.popularity = Popularity::Zipf { alpha: v },
    },
    Knob {
        id: "key-space",
        group: "Workload",
        label: "Distinct keys",
        min: 10.0,
        max: 1_000_000.0,
        step: 10.0,
        control: Control::Number,
        get: |s| s.workload.key_space as f64,
        set: |s, v| s.workload.key_space = v as u64,
    },
    Knob {
        id: "rate",
        group: "Workload",
        label: "Arrival rate (requests/s)",
        min: 10.0,
        max: 100_000.0,
        step: 10.0,
        control: Control::Number,
        get: rate,
        set: |s, v| s.arrivals = Arrivals::Open { rate_per_sec: v },
    },
    Knob {
        id: "seed",
        group: "Workload",
        label: "Seed",
        min: 0.0,
        max: 4_294_967_295.0,
        step: 1.0,
        control: Control::Number,
        get: |s| s.seed as f64,
        set: |s, v| s.seed = v as u64,
    },
    Knob {
        id: "capacity",
        group: "Cache",
        label: "Cache size (entries)",
        min: MIN_CAPACITY as f64,
        max: MAX_CAPACITY as f64,
        step: 1.0,
        control: Control::Number,
        get: |s| f64::from(s.cache.capacity),
        set: |s, v| s.cache.capacity = v as u32,
    },
    Knob {
        id: "ttl",
        group: "Cache",
        label: "TTL (ms, 0 = none)",
        min: 0.0,
        max: 600_000.0,
        step: 100.0,
        control: Control::Number,
        get: |s| s.cache.ttl_us.map_or(0.0, |us| us as f64 / 1e3),
        set: |s, v| {
            s.cache.ttl_us = if v <= 0.0 {
                None
            } else {
                Some(((v * 1e3).round() as u64).max(MIN_TTL_US))
            }
        },
    },
    Knob {
        id: "cache-latency",
        group: "Cache",
        label: "Cache op median (ms)",
        min: 0.05,
        max: 50.0,
        step: 0.05,
        control: Control::Number,
        get: |s| median(&s.cache.latency) / 1e3,
        set: |s, v| set_median(&mut s.cache.latency, v),
    },
    Knob {
        id: "db-connections",
        group: "Database",
        label: "DB connections",
        min: MIN_CONNECTIONS as f64,
        max: 256.0,
        step: 1.0,
        control: Control::Number,
        get: |s| f64::from(s.db.connections),
        set: |s, v| s.db.connections = v as u32,
    },
    Knob {
        id: "db-read",
        group: "Database",
        label: "DB read median (ms)",
        min: 0.1,
        max: 500.0,
        step: 0.1,
        control: Control::Number,
        get: |s| median(&s.db.read_latency) / 1e3,
        set: |s, v| set_median(&mut s.db.read_latency, v),
    },
    Knob {
        id: "db-write",
        group: "Database",
        label: "DB write median (ms)",
        min: 0.1,
        max: 500.0,
        step: 0.1,
        control: Control::Number,
        get: |s| median(&s.db.write_latency) / 1e3,
        set: |s, v| set_median(&mut s.db.write_latency, v),
    },
];

impl Knob {
    /// Parses the input's text, clamps it to the knob's range and writes it.
    /// Returns `false` (and changes nothing) for text that is not a number.
    pub fn apply(&self, s: &mut Scenario, text: &str) -> bool {
        match text.trim().parse::<f64>() {
            Ok(v) if v.is_finite() => {
                (self.set)(s, v.clamp(self.min, self.max));
                true
            }
            _ => false,
        }
    }

    /// The value as the input shows it (no trailing `.0`, at most 3 decimals).
    pub fn show(&self, s: &Scenario) -> String {
        fmt_num((self.get)(s))
    }

    /// True when `current` differs from `preset` on this knob.
    pub fn differs(&self, current: &Scenario, preset: &Scenario) -> bool {
        ((self.get)(current) - (self.get)(preset)).abs() > 1e-9
    }
}

/// A number without a trailing `.0`, at most 3 decimals.
pub fn fmt_num(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// A scheduled event in words, for the events list: "cache crash at 10 s
/// (down 200 ms)".
pub fn describe_event(kind: &EventKind) -> String {
    let ms = |us: u64| fmt_num(us as f64 / 1e3);
    match *kind {
        EventKind::CacheCrash { down_for_us } => {
            format!("Cache crash (down {} ms)", ms(down_for_us))
        }
        EventKind::CacheFlush => "Cache restart after a deploy (empty, nothing lost)".into(),
        EventKind::AdminWrite { key } => {
            format!("One admin write to key {}", key.unwrap_or(0))
        }
        EventKind::AdminWrites {
            rate_per_sec,
            for_us,
        } => format!(
            "Admin writes bypassing the cache, {}/s for {} s",
            fmt_num(rate_per_sec),
            fmt_num(for_us as f64 / 1e6)
        ),
        EventKind::BulkImport { keys } => format!("Bulk import of {keys} new keys"),
        EventKind::DbSlow { factor, for_us } => format!(
            "DB {}× slower for {} s",
            fmt_num(factor),
            fmt_num(for_us as f64 / 1e6)
        ),
        EventKind::ExpireHot { key } => {
            format!("Hot entry (key {}) expires", key.unwrap_or(0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cachescope_sim::{Preset, PresetId};

    #[test]
    fn every_knob_round_trips_and_keeps_every_preset_valid() {
        for p in Preset::all() {
            for k in KNOBS {
                for v in [k.min, k.max, (k.min + k.max) / 2.0] {
                    let mut s = p.scenario.clone();
                    assert!(k.apply(&mut s, &fmt_num(v)), "{}", k.id);
                    s.validate()
                        .unwrap_or_else(|e| panic!("{} = {v} on {}: {e}", k.id, p.id));
                    let got = (k.get)(&s);
                    assert!(
                        (got - v).abs() <= k.step.max(0.001),
                        "{} = {v} read back as {got}",
                        k.id
                    );
                }
                // Unchanged scenario: no knob differs from its preset.
                assert!(!k.differs(&p.scenario, &p.scenario), "{}", k.id);
            }
        }
    }

    #[test]
    fn junk_is_ignored_and_out_of_range_is_clamped() {
        let p = Preset::get(PresetId::Catalog);
        let cap = KNOBS.iter().find(|k| k.id == "capacity").unwrap();
        let mut s = p.scenario.clone();
        assert!(!cap.apply(&mut s, "lots"));
        assert_eq!(s, p.scenario);
        assert!(cap.apply(&mut s, "0"));
        assert_eq!(s.cache.capacity, 1);
        assert!(cap.differs(&s, &p.scenario));
        let ttl = KNOBS.iter().find(|k| k.id == "ttl").unwrap();
        assert!(ttl.apply(&mut s, "0"));
        assert_eq!(s.cache.ttl_us, None);
        assert!(ttl.apply(&mut s, "1500"));
        assert_eq!(s.cache.ttl_us, Some(1_500_000));
    }

    #[test]
    fn a_slower_db_keeps_its_tail_shape() {
        let mut s = Scenario::default();
        let k = KNOBS.iter().find(|k| k.id == "db-read").unwrap();
        assert!(k.apply(&mut s, "10"));
        assert_eq!(
            s.db.read_latency,
            cachescope_sim::Latency::LogNormal {
                median_us: 10_000,
                p99_us: 40_000
            }
        );
    }

    #[test]
    fn events_read_as_sentences() {
        assert_eq!(
            describe_event(&EventKind::CacheCrash {
                down_for_us: 200_000
            }),
            "Cache crash (down 200 ms)"
        );
        assert_eq!(fmt_num(0.25), "0.25");
        assert_eq!(fmt_num(20000.0), "20000");
    }
}
