//! A scheduled event in words, for the Compare view's events list.

use cachescope_sim::EventKind;

use crate::settings::knob::fmt_num;

/// A scheduled event in words: "Cache crash (down 200 ms)".
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

    #[test]
    fn events_read_as_sentences() {
        assert_eq!(
            describe_event(&EventKind::CacheCrash {
                down_for_us: 200_000
            }),
            "Cache crash (down 200 ms)"
        );
        assert_eq!(
            describe_event(&EventKind::DbSlow {
                factor: 4.0,
                for_us: 1_500_000
            }),
            "DB 4× slower for 1.5 s"
        );
    }
}
