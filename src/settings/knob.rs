//! One numeric setting of a view, as a row of data: what the knob panel
//! draws, what the link carries under [`Knob::key`], what the "changed"
//! mark compares and what the tooltip says.
//!
//! A knob's value is in *link units* (the number `?capacity=50` carries and
//! [`Knob::get`] returns); [`Knob::shown_per_unit`] converts it to the unit
//! the control shows, for the one knob whose control and link differ (the
//! Lab's reads: a percentage on screen, a fraction in the link).

use cachescope_sim::Scenario;

use super::scenario_fields::Field;

/// How a knob is edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    /// A slider (ratios, skew): continuous, bounded, small range.
    Slider,
    /// A number field (counts, times): wide ranges a slider cannot aim in.
    Number,
    /// A checkbox for an on/off setting: 1 is on, 0 off (in the link too).
    Toggle,
}

/// One editable number of a scenario.
#[derive(Clone, Copy, Debug)]
pub struct Knob {
    /// The link's key (`capacity`); the control's id and `data-testid` are
    /// `knob-<key>`.
    pub key: &'static str,
    /// The group the panel shows it in.
    pub group: &'static str,
    /// The control's label.
    pub label: &'static str,
    /// The unit shown after the control ("" when the label carries it).
    pub unit: &'static str,
    /// What a link notice calls it ("cache size 0 is below the minimum 1").
    pub noun: &'static str,
    /// The tooltip: one short sentence.
    pub help: &'static str,
    /// Smallest allowed value, link units.
    pub min: f64,
    /// Largest allowed value, link units.
    pub max: f64,
    /// The control's step, link units.
    pub step: f64,
    /// The control shows `value × shown_per_unit` (1 for all but the Lab's
    /// reads, shown in %).
    pub shown_per_unit: f64,
    /// How it is edited.
    pub control: Control,
    /// The scenario number it edits, shared with the other view's knob on
    /// the same number.
    pub field: Field,
}

impl Knob {
    /// The value in a scenario, link units, exactly.
    pub fn get(&self, s: &Scenario) -> f64 {
        (self.field.get)(s)
    }

    /// Writes a value (already within `min..=max`) into a scenario.
    pub fn set(&self, s: &mut Scenario, v: f64) {
        (self.field.set)(s, v)
    }

    /// The control's id and `data-testid`.
    pub fn testid(&self) -> String {
        format!("knob-{}", self.key)
    }

    /// Applies the control's text (in the shown unit), clamped to the range.
    /// Returns `false` (and changes nothing) for text that is not a number.
    pub fn apply(&self, s: &mut Scenario, text: &str) -> bool {
        match text.trim().parse::<f64>() {
            Ok(v) if v.is_finite() => {
                self.set(s, (v / self.shown_per_unit).clamp(self.min, self.max));
                true
            }
            _ => false,
        }
    }

    /// The value as the control shows it (no trailing `.0`, at most 3
    /// decimals).
    pub fn show(&self, s: &Scenario) -> String {
        fmt_num(self.get(s) * self.shown_per_unit)
    }

    /// The control's range and step, in the shown unit.
    pub fn shown_range(&self) -> (f64, f64, f64) {
        let k = self.shown_per_unit;
        (self.min * k, self.max * k, self.step * k)
    }

    /// True when `current` differs from `base` on this knob: the "changed"
    /// mark, and whether a link writes the key.
    pub fn differs(&self, current: &Scenario, base: &Scenario) -> bool {
        (self.get(current) - self.get(base)).abs() > 1e-12
    }
}

/// A number without a trailing `.0`, at most 3 decimals.
pub fn fmt_num(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_without_noise() {
        assert_eq!(fmt_num(0.25), "0.25");
        assert_eq!(fmt_num(20000.0), "20000");
        assert_eq!(fmt_num(0.8 * 100.0), "80");
        assert_eq!(fmt_num(-0.0001), "0");
    }
}
