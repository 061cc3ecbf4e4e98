//! Durations as links write them: the shortest exact text (`30s`,
//! `406.25ms`), and a strict parser that rejects what it would have to
//! guess at.

/// Formats µs as the shortest exact duration: `30s`, `1500ms`, `406.25ms`.
///
/// ```
/// use cachescope_app::url::{format_duration, parse_duration};
/// assert_eq!(format_duration(30_000_000), "30s");
/// assert_eq!(format_duration(1_500_000), "1500ms");
/// assert_eq!(format_duration(406_250), "406.25ms");
/// assert_eq!(parse_duration("406.25ms", u64::MAX), Some(406_250));
/// assert_eq!(parse_duration("1.5s", u64::MAX), Some(1_500_000));
/// assert_eq!(parse_duration("-1s", u64::MAX), None);
/// ```
pub fn format_duration(us: u64) -> String {
    if us == 0 {
        "0s".to_owned()
    } else if us.is_multiple_of(1_000_000) {
        format!("{}s", us / 1_000_000)
    } else if us.is_multiple_of(1_000) {
        format!("{}ms", us / 1_000)
    } else {
        let frac = format!("{:03}", us % 1_000);
        format!("{}.{}ms", us / 1_000, frac.trim_end_matches('0'))
    }
}

/// Parses `30s`, `1.5s`, `1500ms`, `250us` or `0` into whole µs (rounded),
/// at most `max_us`. Anything else (signs, exponents, `NaN`, no unit) is
/// `None`, so a typo is reported instead of guessed at.
pub fn parse_duration(raw: &str, max_us: u64) -> Option<u64> {
    let raw = raw.trim();
    if raw == "0" {
        return Some(0);
    }
    let (num, scale) = if let Some(n) = raw.strip_suffix("ms") {
        (n, 1e3)
    } else if let Some(n) = raw.strip_suffix("us") {
        (n, 1.0)
    } else if let Some(n) = raw.strip_suffix('s') {
        (n, 1e6)
    } else {
        return None;
    };
    let digits = num.bytes().filter(u8::is_ascii_digit).count();
    let dots = num.bytes().filter(|b| *b == b'.').count();
    if digits == 0 || dots > 1 || digits + dots != num.len() {
        return None;
    }
    let us = (num.parse::<f64>().ok()? * scale).round();
    (us.is_finite() && us <= max_us as f64).then_some(us as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_trip_and_reject_junk() {
        let max = cachescope_sim::limits::MAX_EVENT_TIME_US;
        for us in [0, 1, 999, 1_000, 1_500, 406_250, 1_234_567, 30_000_000, max] {
            let text = format_duration(us);
            assert_eq!(parse_duration(&text, max), Some(us), "{text}");
        }
        assert_eq!(parse_duration("1.5s", max), Some(1_500_000));
        assert_eq!(parse_duration("0.0005ms", max), Some(1));
        for bad in [
            "", "s", "ms", ".s", "1..2s", "-1s", "+1s", "1e3s", "NaNs", "infs", "30", "30 s", "3h",
            "1,5s",
        ] {
            assert_eq!(parse_duration(bad, max), None, "{bad:?}");
        }
        assert_eq!(parse_duration(&format!("{}s", "9".repeat(400)), max), None);
        assert_eq!(parse_duration("100001s", max), None);
    }
}
