//! The eviction-policy picker, one row shared by Compare (in its Cache
//! group) and the Lab: the link key, the label, the tooltip, and one line
//! per policy saying what it keeps, so a reader choosing between six
//! acronyms knows what each one does.

use cachescope_sim::EvictionPolicy;

/// The link key: `&eviction=s3fifo` (the engine's id, as the CLI's
/// `--policy` takes it).
pub const EVICTION_KEY: &str = "eviction";

/// The control's label.
pub const LABEL: &str = "Eviction policy";

/// The tooltip.
pub const HELP: &str = "Which entry leaves when the cache is full and a new one must come in.";

/// The control's id and `data-testid`, like a numeric knob's.
pub const TESTID: &str = "knob-eviction";

/// One line per policy, shown under the picker for the chosen one.
pub const fn describe(p: EvictionPolicy) -> &'static str {
    match p {
        EvictionPolicy::Lru => "Evicts the entry read longest ago.",
        EvictionPolicy::Lfu => "Evicts the entry read fewest times (the oldest read among ties).",
        EvictionPolicy::Fifo => "Evicts the entry that came in first; reads change nothing.",
        EvictionPolicy::Sieve => {
            "A FIFO whose hand spares entries read since it last passed them."
        }
        EvictionPolicy::S3Fifo => {
            "New entries wait in a small FIFO; only those read again there reach the main one."
        }
        EvictionPolicy::Arc => {
            "Splits the cache between once-read and often-read entries, learning the split from misses."
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_policy_has_its_own_short_line() {
        let lines: BTreeSet<&str> = EvictionPolicy::ALL.into_iter().map(describe).collect();
        assert_eq!(lines.len(), EvictionPolicy::ALL.len());
        for line in lines.iter().chain([&HELP]) {
            assert!(line.ends_with('.') && line.chars().count() <= 110, "{line}");
        }
    }
}
