//! How the Compare view prints a metric: one function, so the lane cards, the
//! comparison table and the tests agree.

use cachescope_charts::fmt_us;
use cachescope_sim::{LaneReport, Metric};

/// The value people read ("71.2 %", "15.8 ms", "63", "65 · oldest 1.88 s").
pub fn show(m: Metric, l: &LaneReport) -> String {
    let v = m.value(l);
    match m {
        Metric::WriteP50 | Metric::WriteP99 if l.write_latency.count == 0 => "no writes".into(),
        Metric::ReadP50 | Metric::ReadP99 if l.read_latency.count == 0 => "no reads".into(),
        Metric::ReadP50 | Metric::ReadP99 | Metric::WriteP50 | Metric::WriteP99 => fmt_us(v as u64),
        // How old they got says more than how many: a late fill without a
        // TTL is served until the next write.
        Metric::StaleReads if l.stale_reads > 0 => {
            format!("{} · oldest {}", l.stale_reads, fmt_us(l.stale_age_max_us))
        }
        // What the stampede mitigations cost, beside what they save.
        Metric::DbReads if l.coalesced_reads > 0 => format!(
            "{} · {} waited ~{}",
            v as u64,
            l.coalesced_reads,
            fmt_us(l.coalesced_wait_mean_us)
        ),
        Metric::HitRatio => {
            let pct = format!("{:.1} %", v * 100.0);
            if l.grace_reads > 0 {
                format!("{pct} · {} in grace", l.grace_reads)
            } else {
                pct
            }
        }
        Metric::DbReadPeak => format!("{}/s", v.round() as u64),
        _ => format!("{}", v as u64),
    }
}

/// The exact value, as the CLI's JSON has it (`data-value`): the hit ratio as
/// the float, latencies in µs, counts as integers.
pub fn raw(m: Metric, l: &LaneReport) -> String {
    let v = m.value(l);
    if matches!(m, Metric::HitRatio | Metric::DbReadPeak) {
        format!("{v:?}")
    } else {
        format!("{}", v as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cachescope_sim::{compare, Scenario};

    #[test]
    fn shows_units_and_raw_values() {
        let r = compare(&Scenario {
            requests: 500,
            ..Scenario::default()
        });
        let l = &r.lanes[0];
        assert!(show(Metric::HitRatio, l).ends_with(" %"));
        assert_eq!(
            raw(Metric::HitRatio, l).parse::<f64>().unwrap(),
            l.hit_ratio
        );
        assert_eq!(raw(Metric::ReadP99, l), l.read_latency.p99_us.to_string());
        assert_eq!(show(Metric::LostWrites, l), l.lost_writes.to_string());
        let race = compare(&cachescope_sim::Preset::get(cachescope_sim::PresetId::Race).scenario);
        let ca = race.lane(cachescope_sim::StrategyId::CacheAside).unwrap();
        assert_eq!(show(Metric::StaleReads, ca), "65 · oldest 1.88 s");
        assert_eq!(raw(Metric::StaleReads, ca), "65");
        assert_eq!(show(Metric::LateFills, ca), ca.late_fills.to_string());
    }

    #[test]
    fn the_mitigations_costs_show_beside_what_they_save() {
        use cachescope_sim::{Preset, PresetId, StrategyId};
        let mut s = Preset::get(PresetId::Stampede).scenario;
        s.cache.coalesce = true;
        s.cache.stale_grace_us = 200_000;
        let r = compare(&s);
        let ca = r.lane(StrategyId::CacheAside).unwrap();
        assert!(ca.coalesced_reads > 0 && ca.grace_reads > 0);
        let waited = format!(
            "{} waited ~{}",
            ca.coalesced_reads,
            fmt_us(ca.coalesced_wait_mean_us)
        );
        assert_eq!(
            show(Metric::DbReads, ca),
            format!("{} · {waited}", ca.db_reads)
        );
        assert!(show(Metric::HitRatio, ca).ends_with(&format!(" % · {} in grace", ca.grace_reads)));
        assert_eq!(raw(Metric::DbReads, ca), ca.db_reads.to_string());
        assert_eq!(
            show(Metric::DbReadPeak, ca),
            format!("{}/s", ca.db_read_peak_per_sec.round())
        );
        // Without them: the plain numbers.
        let plain = compare(&Preset::get(PresetId::Stampede).scenario);
        let ca = plain.lane(StrategyId::CacheAside).unwrap();
        assert_eq!(show(Metric::DbReads, ca), ca.db_reads.to_string());
    }
}
