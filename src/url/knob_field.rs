//! A knob row ([`crate::settings::knob::Knob`]) as a link carries it:
//! read with a specific notice for each value it refuses, written only when
//! it differs from the view's baseline.

use cachescope_sim::Scenario;

use crate::settings::knob::Knob;

use super::query::{echo, first, number};

/// Reads knob `k` from `search` into `s`. A value out of range, not a
/// number, refused by `Scenario::validate`, or for a knob that does not
/// apply to `s` (write-back's flush interval on a write-through Lab) leaves
/// `s` as it was and adds a specific notice ("cache size 0 is below the
/// minimum 1; using 6.").
pub(super) fn read_knob(k: &Knob, search: &str, s: &mut Scenario, notices: &mut Vec<String>) {
    let Some(raw) = first(search, k.key) else {
        return;
    };
    if !(k.field.applies)(s) {
        notices.push(format!(
            "{} {} {}; ignored.",
            k.noun,
            echo(raw),
            k.field.not_here
        ));
        return;
    }
    let problem = match raw.trim().parse::<f64>() {
        Ok(v) if !v.is_finite() => "is not a number".to_owned(),
        Ok(v) if v < k.min => format!("is below the minimum {}", number(k.min)),
        Ok(v) if v > k.max => format!("is above the maximum {}", number(k.max)),
        Ok(v) => {
            let mut t = s.clone();
            k.set(&mut t, v);
            match t.validate() {
                Ok(()) => {
                    *s = t;
                    return;
                }
                Err(e) => format!("is refused by the simulator ({e})"),
            }
        }
        Err(_) => "is not a number".to_owned(),
    };
    notices.push(format!(
        "{} {} {problem}; using {}.",
        k.noun,
        echo(raw),
        number(k.get(s))
    ));
}

/// `Some(value)` when `s` differs from `base` on knob `k` and the knob
/// applies to `s`: what a link writes under its key. A value that does
/// nothing here (a grace window once the TTL is gone, coalescing after a
/// switch to read-through) is left out, or the link would open with a
/// notice that it was ignored.
pub(super) fn knob_written(k: &Knob, s: &Scenario, base: &Scenario) -> Option<String> {
    ((k.field.applies)(s) && k.differs(s, base)).then(|| number(k.get(s)))
}
