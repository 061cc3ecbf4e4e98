//! The lane's [`LaneReport`]: mid-run (copying what it needs) or at the end
//! (moving it out).

use crate::report::{LaneReport, LatencySummary, RequestTrace, WindowPoint};
use crate::scenario::ScheduledEvent;

use super::metrics::ratio;
use super::Simulation;

impl Simulation {
    /// The report of what has happened so far (valid mid-run).
    pub fn report(&self) -> LaneReport {
        let t = self.metrics.totals();
        let series = self.metrics.series_until(self.end(), self.flusher.pending);
        self.build_report(
            LatencySummary::from_samples(&mut t.read_lat.clone()),
            LatencySummary::from_samples(&mut t.write_lat.clone()),
            series,
            self.fired.clone(),
            self.log.traces().to_vec(),
        )
    }

    /// Runs to the end and returns the report. The same report as
    /// [`Simulation::report`] at the end, built without copying the latency
    /// samples, series, events and trace (the lane is consumed): the two
    /// 100 000-sample copies per lane of a comparison cost more than
    /// summarising them.
    pub fn finish(mut self) -> LaneReport {
        self.step_many(u64::MAX);
        let (end, dirty) = (self.end(), self.flusher.pending);
        let (series, mut read_lat, mut write_lat) =
            self.metrics.take_series_and_samples(end, dirty);
        let events = std::mem::take(&mut self.fired);
        let log = self.log.take();
        self.build_report(
            LatencySummary::from_samples(&mut read_lat),
            LatencySummary::from_samples(&mut write_lat),
            series,
            events,
            log,
        )
    }

    /// The end of the report's time span: the finish, or now.
    fn end(&self) -> u64 {
        self.finished_at.unwrap_or(self.now)
    }

    /// The report around the parts that are copied for [`Simulation::report`]
    /// and moved out for [`Simulation::finish`] (`series` includes the open
    /// window's point).
    fn build_report(
        &self,
        read_latency: LatencySummary,
        write_latency: LatencySummary,
        series: Vec<WindowPoint>,
        events: Vec<ScheduledEvent>,
        log: Vec<RequestTrace>,
    ) -> LaneReport {
        let t = self.metrics.totals();
        let end = self.end();
        let answered = t.hits + t.misses;
        let busy = self.db.busy_until(end);
        let capacity_time = u128::from(self.db.connections()) * u128::from(end);
        LaneReport {
            strategy: self.strategy,
            label: self.label.clone(),
            read_path: self.read_path,
            write_path: self.write_path,
            requests: t.requests,
            reads: t.reads,
            writes: t.writes,
            hits: t.hits,
            misses: t.misses,
            hit_ratio: ratio(t.hits, answered),
            read_latency,
            write_latency,
            db_reads: t.db_reads,
            db_writes: t.db_writes,
            db_utilisation: if capacity_time == 0 {
                0.0
            } else {
                busy as f64 / capacity_time as f64
            },
            stale_reads: t.stale_reads,
            stale_age_max_us: t.stale_age_max,
            stale_age_mean_us: if t.stale_reads == 0 {
                0
            } else {
                (t.stale_age_sum / u128::from(t.stale_reads)) as u64
            },
            lost_writes: t.lost_writes,
            failed_reads: t.failed_reads,
            failed_writes: t.failed_writes,
            dirty_max: t.dirty_max,
            dirty_at_end: self.flusher.pending,
            evictions: t.evictions,
            expirations: t.expirations,
            fills: t.fills,
            pollution: t.pollution,
            late_fills: t.late_fills,
            coalesced_reads: t.coalesced_reads,
            coalesced_wait_mean_us: t
                .coalesced_wait_sum
                .checked_div(t.coalesced_reads)
                .unwrap_or(0),
            grace_reads: t.grace_reads,
            grace_age_max_us: t.grace_age_max,
            refreshes: t.refreshes,
            early_refreshes: t.early_refreshes,
            db_read_peak_per_sec: t.db_reads_peak_window as f64 * 1e6
                / self.metrics.window_us().max(1) as f64,
            admin_writes: t.admin_writes,
            end_time_us: end,
            window_us: self.metrics.window_us(),
            series,
            series_truncated: self.metrics.series_truncated(),
            events,
            log,
        }
    }
}
