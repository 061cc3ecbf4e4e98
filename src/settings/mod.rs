//! Every value a reader can set, per view, as plain data: the bottom layer
//! of the app (no Leptos), read by [`crate::url`], the knob panels, the
//! "changed" marks and the glossary, so that each fact about a knob lives in
//! exactly one row.
//!
//! - [`knob`]: what one knob row is, and how a control's text becomes a value;
//! - [`scenario_fields`]: how a number maps onto a scenario field, shared by
//!   the views' tables; [`write_back_fields`]: write-back's two, which the
//!   views store differently;
//! - [`compare`]: the Compare view's knobs;
//! - [`eviction`]: the eviction-policy picker both views show;
//! - [`lab`]: the Lab's knobs, its read and write path menus, and the
//!   [`lab::Position`] of a moment of a run;
//! - [`lab_defaults`]: the Lab's baseline scenario, its break-it buttons and
//!   playback speeds.
//!
//! Adding a knob to a view is one row in its table: the panel draws it, the
//! link reads and writes it, and the tests below and in `url` check it.

pub mod compare;
pub mod eviction;
pub mod knob;
pub mod lab;
pub mod lab_defaults;
pub mod scenario_fields;
pub mod write_back_fields;

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use cachescope_sim::limits::*;
    use cachescope_sim::{Preset, Scenario, StrategyId};

    use super::compare::COMPARE_KNOBS;
    use super::knob::{fmt_num, Knob};
    use super::lab::LAB_KNOBS;
    use super::lab_defaults::lab_scenario;

    /// The baselines a view's knobs start from.
    fn baselines(table: &[Knob]) -> Vec<Scenario> {
        if std::ptr::eq(table, &LAB_KNOBS[..]) {
            StrategyId::ALL.into_iter().map(lab_scenario).collect()
        } else {
            Preset::all().into_iter().map(|p| p.scenario).collect()
        }
    }

    /// Values on the knob's step lattice across its range: both ends, the
    /// middle and a spread of pseudo-random steps (fixed seed).
    fn samples(k: &Knob) -> Vec<f64> {
        let steps = ((k.max - k.min) / k.step).floor() as u64;
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut out = vec![k.min, k.max, k.min + (steps / 2) as f64 * k.step];
        for _ in 0..40 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            out.push(k.min + (x % (steps + 1)) as f64 * k.step);
        }
        out
    }

    #[test]
    fn every_row_reads_back_what_its_control_set_and_keeps_the_scenario_valid() {
        for table in [&COMPARE_KNOBS[..], &LAB_KNOBS[..]] {
            for base in baselines(table) {
                for k in table {
                    if !(k.field.applies)(&base) {
                        // Greyed out; the link refuses it (url's tests).
                        continue;
                    }
                    for v in samples(k) {
                        let mut s = base.clone();
                        let shown = fmt_num(v * k.shown_per_unit);
                        assert!(k.apply(&mut s, &shown), "{} = {shown}", k.key);
                        s.validate()
                            .unwrap_or_else(|e| panic!("{} = {v}: {e}", k.key));
                        let back = k.get(&s);
                        assert!(
                            (back - v).abs() <= 1e-3 * k.step.max(1e-3),
                            "{}: set {v}, read back {back}",
                            k.key
                        );
                        assert_eq!(k.show(&s), shown, "{}", k.key);
                    }
                    assert!(!k.differs(&base, &base), "{}", k.key);
                }
            }
        }
    }

    #[test]
    fn write_back_knobs_set_the_write_back_path_and_nothing_else() {
        use cachescope_sim::{PresetId, WritePath};
        let row = |table: &'static [Knob], key: &str| table.iter().find(|k| k.key == key).unwrap();
        let wb = |flush_interval_us, batch_max| {
            Some(WritePath::WriteBack {
                flush_interval_us,
                batch_max,
            })
        };
        // Compare: the write-back lane's settings; none at the defaults.
        let (flush, batch) = (
            row(&COMPARE_KNOBS, "wb-flush"),
            row(&COMPARE_KNOBS, "wb-batch"),
        );
        let mut s = Preset::get(PresetId::Catalog).scenario;
        flush.set(&mut s, 20.0);
        batch.set(&mut s, 7.0);
        assert_eq!(s.write_path, wb(20_000, 7));
        flush.set(&mut s, DEFAULT_FLUSH_INTERVAL_US as f64 / 1e3);
        batch.set(&mut s, f64::from(DEFAULT_BATCH_MAX));
        assert_eq!(s, Preset::get(PresetId::Catalog).scenario);
        // The Lab: only a write-back path has them.
        let flush = row(&LAB_KNOBS, "wb-flush");
        let mut wt = lab_scenario(StrategyId::WriteThrough);
        assert!(!(flush.field.applies)(&wt));
        flush.set(&mut wt, 20.0);
        assert_eq!(wt, lab_scenario(StrategyId::WriteThrough));
        let mut s = lab_scenario(StrategyId::WriteBack);
        flush.set(&mut s, 20.0);
        assert_eq!(
            (s.strategy, s.write_path),
            (StrategyId::WriteBack, wb(20_000, DEFAULT_BATCH_MAX))
        );
        flush.set(&mut s, DEFAULT_FLUSH_INTERVAL_US as f64 / 1e3);
        assert_eq!(s, lab_scenario(StrategyId::WriteBack));
        // A custom pair (cache-aside reads, write-back writes) stays one:
        // its default settings are not "no override", which is invalidate.
        let mut pair = lab_scenario(StrategyId::CacheAside);
        pair.write_path = Some(WritePath::write_back_default());
        flush.set(&mut pair, 20.0);
        assert_eq!(pair.write_path, wb(20_000, DEFAULT_BATCH_MAX));
        flush.set(&mut pair, DEFAULT_FLUSH_INTERVAL_US as f64 / 1e3);
        assert_eq!(pair.write_path, Some(WritePath::write_back_default()));
    }

    #[test]
    fn junk_changes_nothing_and_out_of_range_is_clamped() {
        for table in [&COMPARE_KNOBS[..], &LAB_KNOBS[..]] {
            for k in table {
                // The first baseline it applies to (the Lab's write-back
                // knobs: write-back's).
                let base = baselines(table)
                    .into_iter()
                    .find(|b| (k.field.applies)(b))
                    .expect("a baseline the knob applies to");
                let mut s = base.clone();
                for junk in ["", "lots", "NaN", "inf", "1e999"] {
                    assert!(!k.apply(&mut s, junk), "{} took {junk:?}", k.key);
                }
                assert_eq!(s, base, "{}", k.key);
                assert!(k.apply(&mut s, "-1e12"));
                assert!((k.get(&s) - k.min).abs() < 1e-9, "{}", k.key);
                assert!(k.apply(&mut s, "1e12"));
                assert!((k.get(&s) - k.max).abs() < 1e-9, "{}", k.key);
            }
        }
    }

    /// The engine's range for a knob key, from `limits.rs`.
    fn engine_range(key: &str) -> (f64, f64) {
        let ms = |us: u64| us as f64 / 1e3;
        match key {
            "requests" => (MIN_REQUESTS as f64, MAX_REQUESTS as f64),
            "read-ratio" => (MIN_READ_RATIO, MAX_READ_RATIO),
            "zipf-alpha" => (MIN_ZIPF_ALPHA, MAX_ZIPF_ALPHA),
            "key-space" => (MIN_KEY_SPACE as f64, MAX_KEY_SPACE as f64),
            "rate" => (MIN_RATE_PER_SEC, MAX_RATE_PER_SEC),
            "seed" => (0.0, u64::MAX as f64),
            "capacity" => (f64::from(MIN_CAPACITY), f64::from(MAX_CAPACITY)),
            // 0 is "no TTL"; a set one is at least MIN_TTL_US.
            "ttl" => (0.0, ms(MAX_TTL_US)),
            "ttl-jitter" => (0.0, MAX_TTL_JITTER),
            "coalesce" => (0.0, 1.0),
            "stale-grace" => (0.0, ms(MAX_STALE_GRACE_US)),
            "early-refresh" => (0.0, MAX_EARLY_REFRESH_BETA),
            "db-connections" => (f64::from(MIN_CONNECTIONS), f64::from(MAX_CONNECTIONS)),
            "cache-latency" | "db-read" | "db-write" => (ms(1), ms(MAX_LATENCY_US)),
            // p99 ≥ median; 20 × the largest median knob is MAX_LATENCY_US.
            "db-tail" => (1.0, MAX_LATENCY_US as f64 / 500_000.0),
            "wb-flush" => (ms(MIN_FLUSH_INTERVAL_US), ms(MAX_FLUSH_INTERVAL_US)),
            "wb-batch" => (f64::from(MIN_BATCH_MAX), f64::from(MAX_BATCH_MAX)),
            other => panic!("no engine limit known for knob {other}"),
        }
    }

    #[test]
    fn every_range_lies_within_the_engines_limits() {
        for k in COMPARE_KNOBS.iter().chain(&LAB_KNOBS) {
            let (lo, hi) = engine_range(k.key);
            assert!(
                lo <= k.min && k.max <= hi && k.min < k.max,
                "{}: {}..{} is not within the engine's {lo}..{hi}",
                k.key,
                k.min,
                k.max
            );
        }
        // Where a view takes the engine's own bound, the row names it.
        let compare = |key: &str| COMPARE_KNOBS.iter().find(|k| k.key == key).unwrap();
        assert_eq!(
            (compare("read-ratio").min, compare("read-ratio").max),
            engine_range("read-ratio")
        );
        assert_eq!(
            (compare("capacity").min, compare("capacity").max),
            engine_range("capacity")
        );
        let lab = |key: &str| LAB_KNOBS.iter().find(|k| k.key == key).unwrap();
        assert_eq!(
            (lab("read-ratio").min, lab("read-ratio").max),
            engine_range("read-ratio")
        );
    }

    #[test]
    fn keys_are_unique_and_every_row_explains_itself() {
        for table in [&COMPARE_KNOBS[..], &LAB_KNOBS[..]] {
            let keys: BTreeSet<&str> = table.iter().map(|k| k.key).collect();
            assert_eq!(keys.len(), table.len(), "duplicate keys");
            for k in table {
                assert!(!k.label.is_empty() && !k.noun.is_empty(), "{}", k.key);
                assert!(k.help.ends_with('.'), "{}: {}", k.key, k.help);
                assert!(k.help.chars().count() <= 110, "{}: help too long", k.key);
                assert!(k.step > 0.0 && k.shown_per_unit > 0.0, "{}", k.key);
            }
        }
    }
}
