//! How long a run computes before it lets its thread do something else, and
//! how often it says how far it got: the one runtime slicing policy of the
//! page's main-thread runner, its sweeps and the lane workers.
//!
//! A run looks at the clock every [`EVENTS_PER_CHECK`] events and ends its
//! slice once the slice has used its budget ([`PAGE_SLICE_MS`] on the page,
//! [`WORKER_SLICE_MS`] in a worker); between slices the thread handles
//! input, rendering or new messages. A [`Throttle`] lets a progress update
//! through at most every [`PROGRESS_EVERY_MS`]. Pure: the clock is passed in,
//! so the policy is tested natively.

/// Events simulated between two looks at the clock: about 0.2–0.5 ms of
/// work in the release build, so a slice ends close to its budget.
pub const EVENTS_PER_CHECK: u64 = 2_048;

/// Compute time of one main-thread slice before yielding to the browser, ms.
/// With the bookkeeping around it a task stays well under one 16 ms frame.
pub const PAGE_SLICE_MS: f64 = 8.0;

/// Compute time of one slice in a worker before it returns to its event
/// loop to see new messages, ms: the longest a cancelled or replaced job
/// keeps a worker. Each return costs a few microseconds. Measured in
/// Chromium on 2 cores: a busy worker took a new job within one slice (1 to
/// 11 ms with 10 ms slices), where terminating it and starting a fresh one
/// took 36 to 87 ms before the fresh one could even begin (and it has lost
/// its key picker and its warmed-up code). So a newer scenario replaces the
/// job, never the worker.
pub const WORKER_SLICE_MS: f64 = 5.0;

/// Least time between two progress updates, ms. On the page every update is
/// a DOM change, and a DOM change makes the browser render a frame between
/// two slices; from a worker every update is a message. A few a second are
/// enough for a progress bar and leave the rest of the time to the
/// simulation.
pub const PROGRESS_EVERY_MS: f64 = 100.0;

/// Runs one slice: calls `advance` with [`EVENTS_PER_CHECK`] events until it
/// returns true (done) or `budget_ms` have passed on `clock`. Returns
/// whether the work is done and the milliseconds the slice took.
///
/// ```
/// use cachescope_worker::slicing::{slice, EVENTS_PER_CHECK};
/// let mut left = 3 * EVENTS_PER_CHECK;
/// // A clock that never moves: the slice runs to the end of the work.
/// let (done, ms) = slice(|| 0.0, 8.0, |n| { left -= n; left == 0 });
/// assert!(done && ms == 0.0);
/// ```
pub fn slice(
    clock: impl Fn() -> f64,
    budget_ms: f64,
    mut advance: impl FnMut(u64) -> bool,
) -> (bool, f64) {
    let t0 = clock();
    loop {
        if advance(EVENTS_PER_CHECK) {
            return (true, clock() - t0);
        }
        let used = clock() - t0;
        if used >= budget_ms {
            return (false, used);
        }
    }
}

/// Lets a progress update through at most every [`PROGRESS_EVERY_MS`].
#[derive(Clone, Copy, Debug)]
pub struct Throttle {
    shown_at: f64,
}

impl Throttle {
    /// A throttle whose first update is due [`PROGRESS_EVERY_MS`] after
    /// `now` (the run has just shown its start).
    pub fn new(now: f64) -> Throttle {
        Throttle { shown_at: now }
    }

    /// Whether an update is due at `now`; if so, the next one is due a
    /// period later.
    pub fn due(&mut self, now: f64) -> bool {
        let due = now - self.shown_at >= PROGRESS_EVERY_MS;
        if due {
            self.shown_at = now;
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    #[test]
    fn a_slice_ends_at_its_budget_or_when_the_work_is_done() {
        // Each look at the clock is 1 ms later.
        let t = Cell::new(0.0);
        let clock = || {
            t.set(t.get() + 1.0);
            t.get()
        };
        let mut calls = 0;
        let (done, ms) = slice(clock, 5.0, |_| {
            calls += 1;
            false
        });
        assert_eq!((done, ms, calls), (false, 5.0, 5));
        let (done, _) = slice(clock, 5.0, |_| true);
        assert!(done);
    }

    #[test]
    fn a_throttle_lets_one_update_through_per_period() {
        let mut th = Throttle::new(0.0);
        let shown: Vec<f64> = (0..=35)
            .map(|i| f64::from(i) * 10.0)
            .filter(|now| th.due(*now))
            .collect();
        assert_eq!(shown, [100.0, 200.0, 300.0]);
    }
}
