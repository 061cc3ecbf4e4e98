//! The Lab's playback speed in the link (`speed=10`, in ×): a post that
//! embeds the Lab can open it at the pace that suits its story. The speed is
//! not part of the simulation (the same run at any speed), so it is written
//! when it differs from the Lab's default ([`DEFAULT_SPEED`], 4×) and its
//! link is always complete.
//!
//! ```
//! use cachescope_app::url::{lab_speed_search, parse_lab_speed};
//!
//! let (log, notices) = parse_lab_speed("?view=lab&speed=10");
//! assert!(notices.is_empty());
//! assert_eq!(log, Some(1.0));
//! assert_eq!(lab_speed_search("?view=lab", 1.0), "?view=lab&speed=10");
//! assert_eq!(lab_speed_search("?view=lab", 0.0), "?view=lab&speed=1");
//! assert_eq!(lab_speed_search("?view=lab&speed=10", 4f64.log10()), "?view=lab");
//! ```

use crate::settings::lab_defaults::{speed_log, DEFAULT_SPEED, MAX_SPEED, MIN_SPEED};

use super::query::{echo, first, set_params};

/// The key of the Lab's playback speed.
pub const SPEED_KEY: &str = "speed";

/// The speed in `search` as the Lab's slider holds it (`log10` of ×), or
/// `None` when absent; a value that is not a number from 0.1 to 100 leaves
/// the speed alone and says so.
pub fn parse_lab_speed(search: &str) -> (Option<f64>, Vec<String>) {
    let Some(raw) = first(search, SPEED_KEY) else {
        return (None, Vec::new());
    };
    let x = raw.trim_end_matches(['x', 'X']).parse::<f64>();
    match x {
        Ok(x) if (MIN_SPEED..=MAX_SPEED).contains(&x) => (Some(x.log10()), Vec::new()),
        _ => (
            None,
            vec![format!(
                "speed “{}” is not a number from {MIN_SPEED} to {MAX_SPEED} (×); playing at {DEFAULT_SPEED}×.",
                echo(raw)
            )],
        ),
    }
}

/// `search` with the speed for the slider position `speed_log` (`log10` of
/// ×): three significant digits, enough to land on the same slider step,
/// and nothing at the default speed.
pub fn lab_speed_search(search: &str, log: f64) -> String {
    let x = 10f64.powf(log).clamp(MIN_SPEED, MAX_SPEED);
    let text = ((log - speed_log(DEFAULT_SPEED)).abs() > 1e-9).then(|| significant(x));
    set_params(search, &[(SPEED_KEY, text.as_deref())])
}

/// `x` (0.1 to 100) to three significant digits, without trailing zeros.
fn significant(x: f64) -> String {
    let decimals = if x >= 100.0 {
        0
    } else if x >= 10.0 {
        1
    } else if x >= 1.0 {
        2
    } else {
        3
    };
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every position of the slider (−1 to 2 in steps of 0.05) survives the
    /// link: parsed back, it is the same step.
    #[test]
    fn every_slider_step_round_trips() {
        for i in -20..=40 {
            let log = f64::from(i) * 0.05;
            let link = lab_speed_search("?view=lab", log);
            let (back, notices) = parse_lab_speed(&link);
            assert!(notices.is_empty(), "{link}");
            match back {
                Some(b) => assert!(((b / 0.05).round() - f64::from(i)).abs() < 1e-9, "{link}"),
                None => assert!((log - speed_log(DEFAULT_SPEED)).abs() < 1e-9, "{link}"),
            }
        }
        assert_eq!(lab_speed_search("", 2.0), "?speed=100");
        assert_eq!(lab_speed_search("", -1.0), "?speed=0.1");
        assert_eq!(lab_speed_search("", 0.05), "?speed=1.12");
    }

    #[test]
    fn bad_speeds_are_refused_with_the_range() {
        for bad in ["0", "1000", "-5", "fast", "NaN", "inf", "%3Cb%3E"] {
            let (log, notices) = parse_lab_speed(&format!("?speed={bad}"));
            assert_eq!(log, None, "{bad}");
            assert_eq!(notices.len(), 1, "{bad}");
            assert!(
                notices[0].contains("is not a number from 0.1 to 100 (×)"),
                "{bad}"
            );
        }
        assert_eq!(parse_lab_speed("?speed=32x").0, Some(32f64.log10()));
        assert_eq!(parse_lab_speed("?speed="), (None, vec![]));
    }
}
