//! Write-back's second half, after the SET marked an entry dirty: the
//! flusher's periodic batches, dirty victims written on eviction, the
//! graceful flush, and what a crash loses.
//!
//! **Pending** writes are acknowledged writes not yet committed in the DB:
//! dirty entries plus flush batches in flight (the flusher lives in the
//! cache process, so a crash destroys both). Coalesced writes of one key
//! count individually. A crash adds exactly this number to `lost_writes`.

use crate::report::{HopKind, Node, Op, Outcome};
use crate::strategy::WritePath;

use super::cache::Removed;
use super::metrics::DbOp;
use super::queue::Ev;
use super::trace::TraceRef;
use super::Simulation;

/// A write-back flush batch (or the write of one evicted dirty entry) on its
/// way to the DB.
#[derive(Clone, Debug, Default)]
pub(super) struct Batch {
    /// `(key, version)` of each entry it writes.
    items: Vec<(u64, u64)>,
    /// Acknowledged writes it carries (coalesced writes count each).
    pending: u64,
    /// Cache epoch when it left: a crash since then lost it.
    epoch: u32,
    trace: TraceRef,
    /// Sent by the periodic flusher (which waits for it before the next).
    flusher: bool,
    live: bool,
}

/// The flusher's state, and the batches in flight (a slab).
#[derive(Clone, Debug)]
pub(super) struct Flusher {
    /// Whether the write path is write-back at all (no ticks otherwise).
    enabled: bool,
    interval: u64,
    batch_max: u64,
    /// A periodic batch is in flight.
    busy: bool,
    /// Generation of the flusher's one live `FlushTick` (see `flush_tick`).
    tick_gen: u32,
    /// Time of the live flush tick; `u64::MAX` when none is queued.
    tick_at: u64,
    /// The flusher was re-armed at least once, so stale ticks may be queued.
    rearmed: bool,
    /// Acknowledged writes not yet committed (see the module doc).
    pub(super) pending: u64,
    batches: Vec<Batch>,
    free_batches: Vec<u32>,
}

impl Flusher {
    pub(super) fn new(write: WritePath) -> Self {
        let (enabled, interval, batch_max) = match write {
            WritePath::WriteBack {
                flush_interval_us,
                batch_max,
            } => (
                true,
                flush_interval_us.max(crate::limits::MIN_FLUSH_INTERVAL_US),
                u64::from(batch_max.max(1)),
            ),
            _ => (false, 0, 1),
        };
        Flusher {
            enabled,
            interval,
            batch_max,
            busy: false,
            tick_gen: 0,
            tick_at: u64::MAX,
            rearmed: false,
            pending: 0,
            batches: Vec::new(),
            free_batches: Vec::new(),
        }
    }

    /// The current tick's generation (older ones are stale).
    pub(super) fn is_live_tick(&self, gen: u32) -> bool {
        gen == self.tick_gen
    }

    /// An empty item vector, reusing a finished batch's allocation.
    fn take_items(&mut self) -> Vec<(u64, u64)> {
        match self.free_batches.last() {
            Some(&b) => std::mem::take(&mut self.batches[b as usize].items),
            None => Vec::new(),
        }
    }

    fn return_items(&mut self, items: Vec<(u64, u64)>) {
        if let Some(&b) = self.free_batches.last() {
            self.batches[b as usize].items = items;
        }
    }
}

impl Simulation {
    /// Queues the first flush tick (write-back lanes only).
    pub(super) fn start_flusher(&mut self) {
        if self.flusher.enabled {
            self.flusher.tick_at = self.flusher.interval;
            self.queue
                .push(self.flusher.tick_at, Ev::FlushTick(self.flusher.tick_gen));
        }
    }

    /// A dirty entry left the cache (evicted or expired): it goes to the DB
    /// on its own, its writes pending until that commits.
    pub(super) fn write_back_victim(&mut self, r: Removed) {
        let mut items = self.flusher.take_items();
        items.push((r.key, r.version));
        self.send_batch(items, r.pending, false);
    }

    fn send_batch(&mut self, items: Vec<(u64, u64)>, pending: u64, flusher: bool) {
        let id = self.next_trace_id();
        let (first_key, first_version) = items.first().copied().unwrap_or_default();
        let trace = self
            .log
            .open(id, Op::Flush, first_key, items.len() as u64, self.now);
        self.log.set_version(trace, first_version);
        let batch = Batch {
            items,
            pending,
            epoch: self.epoch,
            trace,
            flusher,
            live: true,
        };
        let f = &mut self.flusher;
        let b = match f.free_batches.pop() {
            Some(b) => {
                f.batches[b as usize] = batch;
                b
            }
            None => {
                f.batches.push(batch);
                (f.batches.len() - 1) as u32
            }
        };
        let service = self.db_write_lat.sample(&mut self.rng_lat);
        let (start, finish) = self.db.submit(self.now, service);
        let mid = start + (finish - start) / 2;
        let now = self.now;
        self.log
            .hop(trace, (Node::Cache, Node::Db), (now, mid), HopKind::Flush);
        self.log
            .hop(trace, (Node::Db, Node::Cache), (mid, finish), HopKind::Ack);
        self.queue.push(finish, Ev::BatchDone(b));
    }

    /// A batch reached the DB: it commits, unless the cache crashed since
    /// it left (then its writes were already counted lost).
    pub(super) fn batch_done(&mut self, b: u32) {
        let Some(batch) = self.flusher.batches.get_mut(b as usize) else {
            return;
        };
        if !batch.live {
            return;
        }
        batch.live = false;
        let mut items = std::mem::take(&mut batch.items);
        let (pending, epoch, trace, flusher) =
            (batch.pending, batch.epoch, batch.trace, batch.flusher);
        self.metrics.db_op(DbOp::Write);
        let outcome = if epoch == self.epoch {
            for &(key, version) in &items {
                self.db.commit(key, version, self.now);
            }
            self.flusher.pending = self.flusher.pending.saturating_sub(pending);
            if flusher {
                self.flusher.busy = false;
            }
            Outcome::Committed
        } else {
            Outcome::Lost
        };
        let version = items.first().map_or(0, |i| i.1);
        self.log.finish(trace, self.now, outcome, version, false);
        items.clear();
        self.flusher.batches[b as usize].items = items;
        self.flusher.free_batches.push(b);
    }

    /// The flusher's periodic run, at every multiple of the flush interval.
    ///
    /// Ticks that cannot do anything are not queued at all: after this tick,
    /// nothing changes until the next queued event at `N`, and every tick
    /// before `N` would find the same state — the cache down, a batch in
    /// flight, or nothing dirty (this tick took what there was) — so the next
    /// tick is queued at the first multiple of the interval at or after `N`.
    /// Without that, a run spanning days of virtual time (a low arrival rate)
    /// with a 100 µs flush interval would process billions of empty ticks.
    /// The result is the same event for event: the skipped ticks change no
    /// state, and no other event is queued between this tick and the ones it
    /// replaces, so ties at equal times still break in the same order. Only
    /// an injected event ([`Simulation::schedule`]) can change state before
    /// `N`; it re-arms the tick first ([`Simulation::rearm_flusher`]).
    pub(super) fn flush_tick(&mut self) {
        if self.cache_up && !self.flusher.busy && self.cache.has_dirty() {
            let mut items = self.flusher.take_items();
            let pending = self.cache.take_dirty(self.flusher.batch_max, &mut items);
            if items.is_empty() {
                self.flusher.return_items(items);
            } else {
                self.flusher.busy = true;
                self.send_batch(items, pending, true);
            }
        }
        self.drop_stale_ticks();
        let interval = self.flusher.interval.max(1);
        let now = self.now;
        let next = match self.queue.peek_time() {
            // Nothing else will ever happen: no tick either.
            None => u64::MAX,
            Some(n) if n <= now.saturating_add(interval) => now.saturating_add(interval),
            Some(n) => {
                let steps = (n - now).div_ceil(interval);
                now.saturating_add(steps.saturating_mul(interval))
            }
        };
        self.flusher.tick_at = next;
        if next != u64::MAX {
            self.queue.push(next, Ev::FlushTick(self.flusher.tick_gen));
        }
    }

    /// Before an injected event: if the live flush tick was queued past the
    /// first multiple of the interval after now (idle ticks skipped), bring
    /// it back to that multiple, where a flusher ticking every interval would
    /// have its next run. The injected event may make entries dirty sooner
    /// than the skip assumed. The old tick becomes stale (older generation).
    pub(super) fn rearm_flusher(&mut self) {
        let f = &mut self.flusher;
        if !f.enabled {
            return;
        }
        let interval = f.interval.max(1);
        let due = (self.now / interval)
            .saturating_add(1)
            .saturating_mul(interval);
        if f.tick_at > due {
            f.rearmed = true;
            f.tick_gen = f.tick_gen.wrapping_add(1);
            f.tick_at = due;
            self.queue.push(due, Ev::FlushTick(f.tick_gen));
        }
    }

    /// Removes stale flush ticks from the front of the queue, so that
    /// `step`, `next_event_us` and `run_until` never see one.
    ///
    /// Only a re-armed flusher leaves stale ticks behind, so a lane that
    /// never re-armed (most lanes: every one that is not write-back, and a
    /// write-back lane without injected events) skips the peek that would
    /// otherwise run after every event.
    #[inline(always)]
    pub(super) fn drop_stale_ticks(&mut self) {
        if !self.flusher.rearmed {
            return;
        }
        while let Some((_, Ev::FlushTick(gen))) = self.queue.peek() {
            if gen == self.flusher.tick_gen {
                break;
            }
            self.queue.pop();
        }
    }

    /// A crash destroys the dirty entries and the batches in flight: every
    /// pending write is lost (the batches see the new epoch when they land).
    pub(super) fn lose_pending(&mut self) {
        self.metrics.writes_lost(self.flusher.pending);
        self.flusher.pending = 0;
        self.flusher.busy = false;
    }

    /// A graceful restart: dirty entries go to the DB (in batches of at most
    /// `batch_max`), then the cache empties. The batches stay in flight and
    /// commit normally; nothing is lost.
    pub(super) fn graceful_flush(&mut self) {
        if !self.cache_up {
            return;
        }
        while self.cache.has_dirty() {
            let mut items = self.flusher.take_items();
            let pending = self.cache.take_dirty(self.flusher.batch_max, &mut items);
            if items.is_empty() {
                self.flusher.return_items(items);
                break;
            }
            self.send_batch(items, pending, false);
        }
        self.cache.clear();
    }
}
