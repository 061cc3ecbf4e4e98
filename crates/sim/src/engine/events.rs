//! What each queued event does ([`Simulation::dispatch`]), and the
//! out-of-band events a scenario schedules or the Lab injects: crashes,
//! flushes, admin writes, bulk imports, a slow DB, a forced expiry.

use crate::limits;
use crate::report::{Op, StepKind};
use crate::scenario::{EventKind, ScheduledEvent};

use crate::strategy::ReadPath;

use super::metrics::Departure;
use super::queue::Ev;
use super::Simulation;

/// A burst of admin writes (`EventKind::AdminWrites`): until `end_us`, one
/// every `mean_gap_us` on average.
#[derive(Clone, Copy, Debug)]
pub(super) struct AdminBurst {
    end_us: u64,
    mean_gap_us: f64,
}

impl Simulation {
    pub(super) fn dispatch(&mut self, ev: Ev) -> StepKind {
        match ev {
            Ev::Arrival => {
                self.arrival();
                StepKind::Arrival
            }
            Ev::ClientNext(c) => {
                if self.issued < self.requests {
                    self.issue_client(Some(c));
                }
                StepKind::Arrival
            }
            Ev::Req(slot) => {
                let id = self.reqs.get(slot as usize).map_or(0, |r| r.id);
                self.advance(slot);
                StepKind::Request { id }
            }
            Ev::FlushTick(gen) => {
                if self.flusher.is_live_tick(gen) {
                    self.flush_tick();
                }
                StepKind::FlushTick
            }
            Ev::BatchDone(b) => {
                self.batch_done(b);
                StepKind::BatchDone
            }
            Ev::Scheduled(i) => match self.scheduled.get(i as usize).cloned() {
                Some(e) => {
                    self.fire(e.kind);
                    self.fired.push(ScheduledEvent {
                        at_us: self.now,
                        kind: e.kind,
                    });
                    StepKind::Event { event: e.kind }
                }
                None => StepKind::Phase,
            },
            Ev::AdminArrival(b) => {
                self.admin_arrival(b);
                StepKind::AdminArrival
            }
            Ev::CacheRestart(epoch) => {
                if epoch == self.epoch {
                    self.cache_up = true;
                }
                StepKind::CacheRestart
            }
            Ev::Phase(i) => {
                self.begin_phase(i);
                StepKind::Phase
            }
            Ev::RunEnd => {
                self.end_queued = false;
                StepKind::RunEnd
            }
        }
    }

    /// Injects an out-of-band event now (the Lab's "break things" buttons).
    /// Parameters are clamped to [`crate::limits`].
    pub fn schedule(&mut self, kind: EventKind) {
        let kind = clamp_event(kind, self.key_space);
        self.rearm_flusher();
        self.push_scheduled(ScheduledEvent {
            at_us: self.now,
            kind,
        });
        self.drop_stale_ticks();
    }

    pub(super) fn push_scheduled(&mut self, e: ScheduledEvent) {
        let idx = self.scheduled.len() as u32;
        self.queue.push(e.at_us, Ev::Scheduled(idx));
        self.scheduled.push(e);
    }

    fn fire(&mut self, kind: EventKind) {
        let now = self.now;
        match kind {
            EventKind::CacheCrash { down_for_us } => self.crash(down_for_us),
            EventKind::CacheFlush => self.graceful_flush(),
            EventKind::AdminWrite { key } => {
                let key = key.unwrap_or(0).min(self.key_space - 1);
                self.issue_admin(key);
            }
            EventKind::AdminWrites {
                rate_per_sec,
                for_us,
            } => {
                let mean_gap_us = 1e6 / rate_per_sec.max(limits::MIN_RATE_PER_SEC);
                let idx = self.bursts.len() as u32;
                self.bursts.push(AdminBurst {
                    end_us: now.saturating_add(for_us),
                    mean_gap_us,
                });
                let gap = self.rng_events.exp_us(mean_gap_us).max(1);
                self.queue
                    .push(now.saturating_add(gap), Ev::AdminArrival(idx));
            }
            EventKind::BulkImport { keys } => {
                for _ in 0..keys.min(limits::MAX_IMPORT_KEYS) {
                    let key = self.next_import_key;
                    self.next_import_key += 1;
                    self.issue_write(Op::Import, key, None);
                }
            }
            EventKind::DbSlow { factor, for_us } => {
                let f = if factor.is_finite() {
                    factor.clamp(limits::MIN_SLOW_FACTOR, limits::MAX_SLOW_FACTOR)
                } else {
                    1.0
                };
                self.db.add_slow_window(now, now.saturating_add(for_us), f);
            }
            EventKind::ExpireHot { key } => {
                let key = key.unwrap_or(0).min(self.key_space - 1);
                if self.cache_up {
                    // With a grace window the entry stays for it, as after
                    // a natural expiry; without one it goes now.
                    if self.cache.grace_us() > 0 {
                        self.cache.expire(key, self.now);
                    } else if let Some(r) = self.cache.remove(key) {
                        self.on_removed(r, Departure::Expired);
                    }
                }
            }
        }
    }

    /// The next admin write of burst `b`, and the one after it.
    fn admin_arrival(&mut self, b: u32) {
        let Some(&burst) = self.bursts.get(b as usize) else {
            return;
        };
        if self.now < burst.end_us {
            let key = self.picker.pick(&mut self.rng_events);
            self.issue_admin(key);
            let gap = self.rng_events.exp_us(burst.mean_gap_us).max(1);
            self.queue
                .push(self.now.saturating_add(gap), Ev::AdminArrival(b));
        }
    }

    /// The cache process dies: its contents, loads in flight and pending
    /// writes are gone; it restarts empty after `down_for` µs.
    fn crash(&mut self, down_for: u64) {
        self.lose_pending();
        self.cache.clear();
        // The cache's own loads die with it; the app's DB reads (coalesced
        // cache-aside reads, its reloads) go on.
        if matches!(self.read_path, ReadPath::ReadThrough { .. }) {
            self.inflight_loads.clear();
        }
        self.cache_up = false;
        self.epoch = self.epoch.wrapping_add(1);
        self.queue.push(
            self.now.saturating_add(down_for),
            Ev::CacheRestart(self.epoch),
        );
    }
}

/// Clamps an injected event's parameters to the limits a scenario has.
fn clamp_event(kind: EventKind, key_space: u64) -> EventKind {
    let key = |k: Option<u64>| k.map(|k| k.min(key_space.saturating_sub(1)));
    let finite = |x: f64, lo: f64, hi: f64| if x.is_finite() { x.clamp(lo, hi) } else { lo };
    match kind {
        EventKind::CacheCrash { down_for_us } => EventKind::CacheCrash {
            down_for_us: down_for_us.min(limits::MAX_DURATION_US),
        },
        EventKind::CacheFlush => EventKind::CacheFlush,
        EventKind::AdminWrite { key: k } => EventKind::AdminWrite { key: key(k) },
        EventKind::ExpireHot { key: k } => EventKind::ExpireHot { key: key(k) },
        EventKind::AdminWrites {
            rate_per_sec,
            for_us,
        } => {
            let rate = finite(
                rate_per_sec,
                limits::MIN_RATE_PER_SEC,
                limits::MAX_RATE_PER_SEC,
            );
            let max_for = (limits::MAX_ADMIN_WRITES_PER_EVENT / rate * 1e6) as u64;
            EventKind::AdminWrites {
                rate_per_sec: rate,
                for_us: for_us.min(max_for).min(limits::MAX_DURATION_US),
            }
        }
        EventKind::BulkImport { keys } => EventKind::BulkImport {
            keys: keys.clamp(limits::MIN_IMPORT_KEYS, limits::MAX_IMPORT_KEYS),
        },
        EventKind::DbSlow { factor, for_us } => EventKind::DbSlow {
            factor: finite(factor, limits::MIN_SLOW_FACTOR, limits::MAX_SLOW_FACTOR),
            for_us: for_us.min(limits::MAX_DURATION_US),
        },
    }
}
