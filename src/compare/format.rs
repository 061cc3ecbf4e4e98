//! How the Compare view prints a metric: one function, so the lane cards, the
//! comparison table and the tests agree.

use cachescope_charts::fmt_us;
use cachescope_sim::{LaneReport, Metric};

/// The value people read ("71.2 %", "15.8 ms", "63", "65 · oldest 1.88 s").
pub fn show(m: Metric, l: &LaneReport) -> String {
    let v = m.value(l);
    match m {
        Metric::HitRatio => format!("{:.1} %", v * 100.0),
        Metric::WriteP50 | Metric::WriteP99 if l.write_latency.count == 0 => "no writes".into(),
        Metric::ReadP50 | Metric::ReadP99 if l.read_latency.count == 0 => "no reads".into(),
        Metric::ReadP50 | Metric::ReadP99 | Metric::WriteP50 | Metric::WriteP99 => fmt_us(v as u64),
        // How old they got says more than how many: a late fill without a
        // TTL is served until the next write.
        Metric::StaleReads if l.stale_reads > 0 => {
            format!("{} · oldest {}", l.stale_reads, fmt_us(l.stale_age_max_us))
        }
        _ => format!("{}", v as u64),
    }
}

/// The exact value, as the CLI's JSON has it (`data-value`): the hit ratio as
/// the float, latencies in µs, counts as integers.
pub fn raw(m: Metric, l: &LaneReport) -> String {
    let v = m.value(l);
    if m == Metric::HitRatio {
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
}
