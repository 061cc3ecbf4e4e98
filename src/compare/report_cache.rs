//! The exact reports of recent scenarios, so that moving a knob back to a
//! value seen before (dragging back and forth, Undo-like clicks, Back and
//! Forward) shows its report without simulating again.
//!
//! Keyed by the whole [`Scenario`]: the simulation is deterministic, so the
//! same scenario (seed included) always gives the same report, and a cached
//! one is exactly what a new run would give. Only exact, finished reports go
//! in. Bounded by [`MAX_ENTRIES`] and by [`MAX_BYTES`] of estimated report
//! memory, least recently used out first. Plain Rust, tested natively.

use std::sync::Arc;

use cachescope_sim::{CompareReport, LaneReport, Scenario};

/// Most reports kept.
pub const MAX_ENTRIES: usize = 32;

/// Most estimated report memory kept, bytes: 24 MiB. A comparison at the
/// knobs' ceiling of 200 000 requests is about 0.2 MiB (six lanes of a few
/// hundred time-series windows); the bound is for imported scenarios with
/// long series or traces.
pub const MAX_BYTES: usize = 24 << 20;

/// Recent exact reports, most recently used last.
#[derive(Default)]
pub struct ReportCache {
    entries: Vec<(Scenario, Arc<CompareReport>, usize)>,
    bytes: usize,
}

impl ReportCache {
    /// The report of `scenario`, if kept (and marks it most recently used).
    pub fn get(&mut self, scenario: &Scenario) -> Option<Arc<CompareReport>> {
        let i = self.entries.iter().position(|(s, _, _)| s == scenario)?;
        let entry = self.entries.remove(i);
        let report = entry.1.clone();
        self.entries.push(entry);
        Some(report)
    }

    /// Keeps `report`, the exact report of its own scenario, dropping the
    /// least recently used ones beyond the bounds. A report larger than
    /// [`MAX_BYTES`] on its own is not kept.
    pub fn put(&mut self, report: Arc<CompareReport>) {
        let size = approx_bytes(&report);
        if size > MAX_BYTES {
            return;
        }
        if let Some(i) = self
            .entries
            .iter()
            .position(|(s, _, _)| *s == report.scenario)
        {
            let (_, _, old) = self.entries.remove(i);
            self.bytes -= old;
        }
        self.bytes += size;
        self.entries.push((report.scenario.clone(), report, size));
        while self.entries.len() > MAX_ENTRIES || self.bytes > MAX_BYTES {
            let (_, _, old) = self.entries.remove(0);
            self.bytes -= old;
        }
    }

    /// Reports kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Estimated memory of the reports kept, bytes.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

/// A report's memory, estimated from its vectors' lengths (a lower bound of
/// the heap it holds; good enough for a ceiling).
pub fn approx_bytes(report: &CompareReport) -> usize {
    use std::mem::size_of;
    let lane = |l: &LaneReport| {
        size_of::<LaneReport>()
            + l.label.len()
            + l.series.len() * size_of::<cachescope_sim::WindowPoint>()
            + l.events.len() * size_of::<cachescope_sim::ScheduledEvent>()
            + l.log.len() * size_of::<cachescope_sim::RequestTrace>()
            + l.log.iter().map(|t| t.hops.len()).sum::<usize>() * size_of::<cachescope_sim::Hop>()
    };
    size_of::<CompareReport>()
        + report.scenario.events.len() * size_of::<cachescope_sim::ScheduledEvent>()
        + lane(&report.baseline)
        + report.lanes.iter().map(lane).sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cachescope_sim::{compare, Scenario};

    fn report(seed: u64) -> Arc<CompareReport> {
        let s = Scenario {
            seed,
            requests: 200,
            ..Scenario::default()
        };
        Arc::new(compare(&s))
    }

    #[test]
    fn a_scenario_seen_before_gets_its_exact_report_back() {
        let mut cache = ReportCache::default();
        let a = report(1);
        cache.put(a.clone());
        assert_eq!(cache.get(&a.scenario).as_deref(), Some(&*a));
        let mut other = a.scenario.clone();
        other.cache.capacity += 1;
        assert!(cache.get(&other).is_none());
        // The same scenario simulated again is the same report: what the
        // cache answers is what a run would give.
        assert_eq!(*a, compare(&a.scenario));
    }

    #[test]
    fn the_least_recently_used_go_first_and_the_bounds_hold() {
        let mut cache = ReportCache::default();
        let first = report(0);
        cache.put(first.clone());
        for seed in 1..=(MAX_ENTRIES as u64) {
            // Using the first keeps it.
            assert!(cache.get(&first.scenario).is_some());
            cache.put(report(seed));
        }
        assert_eq!(cache.len(), MAX_ENTRIES);
        assert!(cache.get(&first.scenario).is_some());
        // Seed 1 was the least recently used: gone.
        let mut one = first.scenario.clone();
        one.seed = 1;
        assert!(cache.get(&one).is_none());
        assert!(cache.bytes() <= MAX_BYTES);
        // Putting a report twice counts it once.
        let before = cache.bytes();
        cache.put(first.clone());
        assert_eq!((cache.len(), cache.bytes()), (MAX_ENTRIES, before));
    }
}
