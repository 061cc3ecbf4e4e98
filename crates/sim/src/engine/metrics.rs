//! Every counter of a lane, and the only code that writes one.
//!
//! A metric is counted by calling one method of [`Metrics`] at the moment
//! it happens (`read_answered`, `write_acked`, `db_op`, `left_cache`, …).
//! Each method updates the run's totals and the open series window
//! together, so a window and the totals cannot drift apart: there is no
//! other place that touches them. Windows are closed lazily
//! ([`Metrics::close_windows_before`]) by the step loop.

use crate::limits;
use crate::report::{percentile, WindowPoint};

/// Totals over the run. Read by the report and the live counters; written
/// only by [`Metrics`]' methods.
#[derive(Clone, Debug, Default)]
pub(super) struct Totals {
    pub(super) requests: u64,
    pub(super) reads: u64,
    pub(super) writes: u64,
    pub(super) hits: u64,
    pub(super) misses: u64,
    pub(super) failed_reads: u64,
    pub(super) failed_writes: u64,
    pub(super) db_reads: u64,
    pub(super) db_writes: u64,
    pub(super) stale_reads: u64,
    pub(super) stale_age_max: u64,
    pub(super) stale_age_sum: u128,
    pub(super) lost_writes: u64,
    pub(super) dirty_max: u64,
    pub(super) evictions: u64,
    pub(super) expirations: u64,
    pub(super) fills: u64,
    pub(super) pollution: u64,
    pub(super) late_fills: u64,
    pub(super) coalesced_reads: u64,
    pub(super) coalesced_wait_sum: u64,
    pub(super) grace_reads: u64,
    pub(super) grace_age_max: u64,
    pub(super) refreshes: u64,
    pub(super) early_refreshes: u64,
    /// The most DB reads any series window has seen.
    pub(super) db_reads_peak_window: u64,
    pub(super) admin_writes: u64,
    pub(super) read_lat: Vec<u64>,
    pub(super) write_lat: Vec<u64>,
}

/// Counters of the open series window.
#[derive(Clone, Debug, Default)]
struct Window {
    reads: u64,
    writes: u64,
    hits: u64,
    misses: u64,
    db_ops: u64,
    db_reads: u64,
    stale: u64,
    lost: u64,
    /// Where this window's samples start in `Totals::read_lat` and
    /// `Totals::write_lat`: every sample goes to the totals, and a window's
    /// are exactly the ones added since it opened, so they are kept once.
    /// The totals are only ever read as a multiset (summaries,
    /// percentiles), so a window may reorder its tail when it closes.
    read_from: usize,
    write_from: usize,
}

/// Which DB operation completed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DbOp {
    /// A read by the app or by the cache's loader.
    Read,
    /// A client or bulk-import write, or one write-back batch.
    Write,
    /// An out-of-band write (another service, not through the cache).
    AdminWrite,
}

/// Why an entry left the cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Departure {
    /// Made room for another entry.
    Evicted,
    /// Its TTL had run out when a GET touched it (or it was forced out).
    Expired,
    /// A write path's DEL removed it (never pollution).
    Deleted,
}

/// The totals, the open window and the closed windows' points.
#[derive(Clone, Debug)]
pub(super) struct Metrics {
    totals: Totals,
    win: Window,
    series: Vec<WindowPoint>,
    series_truncated: bool,
    /// End of the open window, µs.
    window_end: u64,
    window_us: u64,
}

impl Metrics {
    pub(super) fn new(window_us: u64) -> Self {
        Metrics {
            totals: Totals::default(),
            win: Window::default(),
            series: Vec::new(),
            series_truncated: false,
            window_end: window_us,
            window_us,
        }
    }

    pub(super) fn totals(&self) -> &Totals {
        &self.totals
    }

    pub(super) fn window_us(&self) -> u64 {
        self.window_us
    }

    pub(super) fn series_truncated(&self) -> bool {
        self.series_truncated
    }

    // ------------------------------------------------------------- writers

    /// A read answered after `latency` µs; `stale_age` is `Some(age)` when
    /// it returned a version older than the DB's at issue (see the module
    /// doc of `engine` for the definition).
    #[inline]
    pub(super) fn read_answered(&mut self, latency: u64, hit: bool, stale_age: Option<u64>) {
        let (t, w) = (&mut self.totals, &mut self.win);
        t.requests += 1;
        t.reads += 1;
        w.reads += 1;
        t.read_lat.push(latency);
        if let Some(age) = stale_age {
            t.stale_reads += 1;
            t.stale_age_max = t.stale_age_max.max(age);
            t.stale_age_sum += u128::from(age);
            w.stale += 1;
        }
        if hit {
            t.hits += 1;
            w.hits += 1;
        } else {
            t.misses += 1;
            w.misses += 1;
        }
    }

    /// A read that failed (left out of the latency summaries).
    pub(super) fn read_failed(&mut self) {
        self.totals.requests += 1;
        self.totals.reads += 1;
        self.win.reads += 1;
        self.totals.failed_reads += 1;
    }

    /// A write acknowledged after `latency` µs. `client` is false for a
    /// bulk-import write: it counts as a write, not as a client request.
    #[inline]
    pub(super) fn write_acked(&mut self, latency: u64, client: bool) {
        self.write_completed(client);
        self.totals.write_lat.push(latency);
    }

    /// A write that failed (left out of the latency summaries).
    pub(super) fn write_failed(&mut self, client: bool) {
        self.write_completed(client);
        self.totals.failed_writes += 1;
    }

    #[inline]
    fn write_completed(&mut self, client: bool) {
        if client {
            self.totals.requests += 1;
        }
        self.totals.writes += 1;
        self.win.writes += 1;
    }

    /// A DB operation completed.
    #[inline]
    pub(super) fn db_op(&mut self, op: DbOp) {
        match op {
            DbOp::Read => {
                self.totals.db_reads += 1;
                self.win.db_reads += 1;
                let t = &mut self.totals;
                t.db_reads_peak_window = t.db_reads_peak_window.max(self.win.db_reads);
            }
            DbOp::Write => self.totals.db_writes += 1,
            DbOp::AdminWrite => {
                self.totals.db_writes += 1;
                self.totals.admin_writes += 1;
            }
        }
        self.win.db_ops += 1;
    }

    /// The number of acknowledged, uncommitted writes is now `pending`.
    #[inline]
    pub(super) fn dirty(&mut self, pending: u64) {
        self.totals.dirty_max = self.totals.dirty_max.max(pending);
    }

    /// A crash destroyed `n` acknowledged writes.
    pub(super) fn writes_lost(&mut self, n: u64) {
        self.totals.lost_writes += n;
        self.win.lost += n;
    }

    /// A new entry entered the cache.
    #[inline]
    pub(super) fn filled(&mut self) {
        self.totals.fills += 1;
    }

    /// A read's fill put a version older than the DB's into the cache (the
    /// cache-aside race; see `LaneReport::late_fills`).
    #[inline]
    pub(super) fn late_fill(&mut self) {
        self.totals.late_fills += 1;
    }

    /// A read waited `wait` µs for another request's DB read of its key
    /// (coalescing, or read-through's single-flight) instead of its own.
    #[inline]
    pub(super) fn coalesced(&mut self, wait: u64) {
        self.totals.coalesced_reads += 1;
        self.totals.coalesced_wait_sum = self.totals.coalesced_wait_sum.saturating_add(wait);
    }

    /// A read was served an expired entry inside its grace window
    /// (stale-while-revalidate), stored `age` µs before.
    #[inline]
    pub(super) fn grace_read(&mut self, age: u64) {
        self.totals.grace_reads += 1;
        self.totals.grace_age_max = self.totals.grace_age_max.max(age);
    }

    /// A background reload started; `early` when probabilistic early
    /// refresh started it before the expiry.
    #[inline]
    pub(super) fn refresh_started(&mut self, early: bool) {
        self.totals.refreshes += 1;
        if early {
            self.totals.early_refreshes += 1;
        }
    }

    /// An entry left the cache; `was_hit` says whether it was ever hit
    /// while resident (an eviction or expiry without one is pollution).
    #[inline]
    pub(super) fn left_cache(&mut self, why: Departure, was_hit: bool) {
        match why {
            Departure::Evicted => self.totals.evictions += 1,
            Departure::Expired => self.totals.expirations += 1,
            Departure::Deleted => return,
        }
        if !was_hit {
            self.totals.pollution += 1;
        }
    }

    // ------------------------------------------------------------- windows

    /// Closes every window that ends before `t`. Windows are half-open on
    /// the left, `(start, end]`: an event exactly at a boundary belongs to
    /// the window that ends there. Closing lazily (when the first later
    /// event or `run_until` comes) needs no queue events, and nothing
    /// changes between a boundary and the next event, so the point is the
    /// same. `dirty` is the pending-write gauge the points record.
    #[inline(always)]
    pub(super) fn close_windows_before(&mut self, t: u64, dirty: u64) {
        if self.window_end < t && !self.series_truncated {
            self.close_windows(t, dirty);
        }
    }

    /// The work of `close_windows_before`, once a window does end before
    /// `t` (out of line: the check runs after every event, a window closes
    /// every few thousand).
    #[inline(never)]
    fn close_windows(&mut self, t: u64, dirty: u64) {
        while self.window_end < t && !self.series_truncated {
            if (self.series.len() as u64) >= limits::MAX_SERIES_POINTS {
                self.series_truncated = true;
                return;
            }
            // The window closes just below: its samples may be reordered.
            let (read_p99, write_p99) = self.window_p99s_in_place();
            let p =
                self.window_point_with(self.window_end, self.window_us, dirty, read_p99, write_p99);
            self.series.push(p);
            self.win = Window {
                read_from: self.totals.read_lat.len(),
                write_from: self.totals.write_lat.len(),
                ..Window::default()
            };
            self.window_end = self.window_end.saturating_add(self.window_us);
        }
    }

    /// The end and width of the window still open at `end` (`None` when it
    /// has no time in it, or the series is truncated).
    fn open_window(&self, end: u64) -> Option<(u64, u64)> {
        let last_end = self.series.last().map_or(0, |p| p.t_end_us);
        (end > last_end && !self.series_truncated).then(|| (end, end - last_end))
    }

    /// The series so far, the open window's point (ending at `end`)
    /// included, copying its latency samples to take their percentiles.
    pub(super) fn series_until(&self, end: u64, dirty: u64) -> Vec<WindowPoint> {
        let mut series = self.series.clone();
        if let Some((end, width)) = self.open_window(end) {
            let (w, t) = (&self.win, &self.totals);
            let tail = |v: &[u64], from: usize| v.get(from..).unwrap_or_default().to_vec();
            let read_p99 = percentile(&mut tail(&t.read_lat, w.read_from), 99);
            let write_p99 = percentile(&mut tail(&t.write_lat, w.write_from), 99);
            series.push(self.window_point_with(end, width, dirty, read_p99, write_p99));
        }
        series
    }

    /// The series with the open window's point, and the read and write
    /// latency samples, moved out (the end of a run: no copies).
    pub(super) fn take_series_and_samples(
        &mut self,
        end: u64,
        dirty: u64,
    ) -> (Vec<WindowPoint>, Vec<u64>, Vec<u64>) {
        // The open window's point first: it selects in the totals' tail,
        // which summarising the totals reorders.
        let open = self.open_window(end);
        let mut series = std::mem::take(&mut self.series);
        if let Some((end, width)) = open {
            let (read_p99, write_p99) = self.window_p99s_in_place();
            series.push(self.window_point_with(end, width, dirty, read_p99, write_p99));
        }
        let read = std::mem::take(&mut self.totals.read_lat);
        let write = std::mem::take(&mut self.totals.write_lat);
        (series, read, write)
    }

    /// The open window's read and write p99, selected in place in the
    /// totals' tails (reordering them, which only a window's own later
    /// selection could notice).
    fn window_p99s_in_place(&mut self) -> (u64, u64) {
        let (w, t) = (&self.win, &mut self.totals);
        let read = t.read_lat.get_mut(w.read_from..).unwrap_or_default();
        let read_p99 = percentile(read, 99);
        let write = t.write_lat.get_mut(w.write_from..).unwrap_or_default();
        (read_p99, percentile(write, 99))
    }

    fn window_point_with(
        &self,
        t_end: u64,
        width: u64,
        dirty: u64,
        read_p99_us: u64,
        write_p99_us: u64,
    ) -> WindowPoint {
        let w = &self.win;
        WindowPoint {
            t_end_us: t_end,
            reads: w.reads,
            writes: w.writes,
            hits: w.hits,
            hit_ratio: ratio(w.hits, w.hits + w.misses),
            read_p99_us,
            write_p99_us,
            db_ops: w.db_ops,
            db_reads: w.db_reads,
            db_load: if width == 0 {
                0.0
            } else {
                w.db_ops as f64 * 1e6 / width as f64
            },
            dirty,
            stale_reads: w.stale,
            lost_writes: w.lost,
        }
    }
}

pub(super) fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}
