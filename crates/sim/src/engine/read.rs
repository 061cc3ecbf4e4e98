//! The read stages: a GET at the cache, what the read path decides on its
//! answer (return, load by the app and maybe fill, load by the cache with
//! single-flight, fail), and the answer reaching the app. Also the stampede
//! mitigations that act on reads: coalescing (one DB read per key, the
//! others wait), stale-while-revalidate and early refresh (a background
//! reload, see `refresh.rs`).

use crate::report::{HopKind, Node, Op, Outcome};
use crate::strategy::{CacheAnswer, ReadDecision};

use super::cache::Lookup;
use super::metrics::{DbOp, Departure};
use super::request::{Req, Slot, Stage, NO_WAITER};
use super::Simulation;

impl Simulation {
    pub(super) fn issue_read(&mut self, key: u64, client: Option<u32>) {
        self.outstanding += 1;
        let slot = self.alloc(Op::Read, key, client);
        if self.read_path.asks_cache() {
            self.cache_hop(slot, Node::Client, HopKind::Get, Stage::GetArrive);
        } else {
            self.db_op(slot, Node::Client, HopKind::Read, false, Stage::AppDbRead);
        }
    }

    /// The GET reaches the cache: the cache answers, the read path decides.
    pub(super) fn get_arrive(&mut self, slot: Slot, r: Req) {
        let answer = if !self.cache_up {
            CacheAnswer::Down
        } else {
            match self.cache.get(r.key, self.now) {
                Lookup::Hit {
                    version,
                    expires_at,
                } => {
                    self.reqs[slot as usize].version = version;
                    if self.early_refresh.is_some() {
                        self.maybe_refresh_early(slot, r, expires_at);
                    }
                    CacheAnswer::Hit
                }
                Lookup::Grace { version, age } => {
                    self.reqs[slot as usize].version = version;
                    self.metrics.grace_read(age);
                    self.log.mark(r.trace, |t| t.grace = true);
                    self.start_refresh(slot, r, false);
                    CacheAnswer::Hit
                }
                Lookup::Miss => CacheAnswer::Miss,
                Lookup::Expired(removed) => {
                    self.on_removed(removed, Departure::Expired);
                    CacheAnswer::Miss
                }
            }
        };
        match self.read_path.on_answer(answer) {
            ReadDecision::Return => {
                self.reqs[slot as usize].hit = true;
                let done_at = self.final_reply(slot, HopKind::Hit);
                self.complete_read(slot, done_at);
            }
            ReadDecision::AppLoadAndFill => {
                self.reqs[slot as usize].fill = true;
                self.cache_reply(slot, HopKind::Miss, Stage::GetReturn);
            }
            ReadDecision::AppLoadNoFill => {
                let kind = if answer == CacheAnswer::Down {
                    HopKind::Fail
                } else {
                    HopKind::Miss
                };
                self.cache_reply(slot, kind, Stage::GetReturn);
            }
            ReadDecision::Fail => {
                self.reqs[slot as usize].failed = true;
                let done_at = self.final_reply(slot, HopKind::Fail);
                self.complete_read(slot, done_at);
            }
            ReadDecision::CacheLoads { single_flight } => {
                if single_flight {
                    if let Some(&leader) = self.inflight_loads.get(&r.key) {
                        self.join_load(slot, leader);
                        return;
                    }
                    self.inflight_loads.insert(r.key, slot);
                }
                self.reqs[slot as usize].epoch = self.epoch;
                self.db_op(slot, Node::Cache, HopKind::Load, false, Stage::LoadDb);
            }
        }
    }

    /// Waits for `leader`'s DB read of the same key: joins its waiter chain
    /// (after the leader, newest first).
    fn join_load(&mut self, slot: Slot, leader: Slot) {
        let next = self.reqs[leader as usize].next_waiter;
        let me = &mut self.reqs[slot as usize];
        me.next_waiter = next;
        me.stage = Stage::WaitLoad;
        me.wait_from = self.now;
        let trace = me.trace;
        self.reqs[leader as usize].next_waiter = slot;
        self.log.mark(trace, |t| t.coalesced = true);
    }

    /// The cache's miss reaches the app, which reads the DB itself; with
    /// coalescing, only if no DB read of the key is under way in the app
    /// already (else it waits for that one).
    pub(super) fn app_miss(&mut self, slot: Slot, r: Req) {
        if self.coalesce {
            if let Some(&leader) = self.inflight_loads.get(&r.key) {
                self.join_load(slot, leader);
                return;
            }
            self.inflight_loads.insert(r.key, slot);
        }
        self.db_op(slot, Node::Client, HopKind::Read, false, Stage::AppDbRead);
    }

    /// The app's own DB read completes (a client's, or a background
    /// reload): every read waiting for it gets the value; then fill the
    /// cache (cache-aside) or answer.
    pub(super) fn app_db_read_done(&mut self, slot: Slot, r: Req) {
        self.metrics.db_op(DbOp::Read);
        let v = self.db.row(r.key).version;
        self.reqs[slot as usize].version = v;
        // Only a coalescing leader or a reload is registered (and can have
        // waiters): a plain cache-aside miss skips the lookup.
        if self.coalesce || r.background {
            if self.inflight_loads.get(&r.key) == Some(&slot) {
                self.inflight_loads.remove(&r.key);
            }
            self.answer_waiters(slot, v);
        }
        if r.fill {
            self.cache_hop(slot, Node::Client, HopKind::Fill, Stage::FillArrive);
        } else {
            self.complete_read(slot, self.now);
        }
    }

    /// The app's fill SET reaches the cache (dropped while it is down). A
    /// fill that enters with a version the DB has already replaced, with no
    /// DEL on its way to remove it, is the cache-aside race: the write's DEL
    /// came before this SET (or the write went behind the cache's back), so
    /// nothing removes the old value now but a later write or the TTL.
    pub(super) fn fill_arrive(&mut self, slot: Slot, r: Req) {
        if self.cache_up
            && if r.background {
                self.put_reload(r.key, r.version)
            } else {
                self.put(r.key, r.version, false)
            }
            && r.version < self.db.row(r.key).version
            && !self.dels_in_flight.contains_key(&r.key)
        {
            self.metrics.late_fill();
            self.log.mark(r.trace, |t| t.late_fill = true);
        }
        if r.background {
            self.free(slot);
            return;
        }
        let done_at = self.final_reply(slot, HopKind::Ack);
        self.complete_read(slot, done_at);
    }

    /// Answers every read waiting on `leader`'s DB read in the app (not the
    /// leader) with `version`, at once: the value is in the app's process.
    fn answer_waiters(&mut self, leader: Slot, version: u64) {
        let mut cur = std::mem::replace(&mut self.reqs[leader as usize].next_waiter, NO_WAITER);
        while cur != NO_WAITER {
            let q = &mut self.reqs[cur as usize];
            let next = std::mem::replace(&mut q.next_waiter, NO_WAITER);
            let waited = self.now - q.wait_from;
            q.version = version;
            self.metrics.coalesced(waited);
            self.complete_read(cur, self.now);
            cur = next;
        }
    }

    /// Read-through: the cache's load completes; the leader and every
    /// request waiting on it get the value, or fail if the cache crashed
    /// meanwhile.
    pub(super) fn load_done(&mut self, leader: Slot, r: Req) {
        self.metrics.db_op(DbOp::Read);
        if self.inflight_loads.get(&r.key) == Some(&leader) {
            self.inflight_loads.remove(&r.key);
        }
        let ok = self.cache_up && r.epoch == self.epoch;
        let v = self.db.row(r.key).version;
        if ok {
            if r.background {
                self.put_reload(r.key, v);
            } else {
                self.put(r.key, v, false);
            }
        }
        // A background reload has no reader of its own: its waiters are the
        // reads that missed meanwhile.
        let mut cur = leader;
        if r.background {
            cur = std::mem::replace(&mut self.reqs[leader as usize].next_waiter, NO_WAITER);
            self.free(leader);
        }
        while cur != NO_WAITER {
            let q = &mut self.reqs[cur as usize];
            let next = q.next_waiter;
            q.next_waiter = NO_WAITER;
            if cur != leader {
                let waited = self.now - q.wait_from;
                self.metrics.coalesced(waited);
            }
            let q = &mut self.reqs[cur as usize];
            let kind = if ok {
                q.version = v;
                HopKind::Value
            } else {
                q.failed = true;
                HopKind::Fail
            };
            let done_at = self.final_reply(cur, kind);
            self.complete_read(cur, done_at);
            cur = next;
        }
    }

    /// The read's outcome is fixed; its answer reaches the app at
    /// `done_at`. The read is counted and its slot freed.
    pub(super) fn complete_read(&mut self, slot: Slot, done_at: u64) {
        let r = self.reqs[slot as usize];
        let now = done_at;
        self.note_done(done_at);
        let mut stale = false;
        let outcome = if r.failed {
            self.metrics.read_failed();
            Outcome::Failed
        } else {
            // Only a cache can answer with an old value: a read the DB
            // answered returns what the DB held then, which is never stale,
            // and a hit that returns what the DB holds now is not either
            // (two writes committed out of order can move the DB back).
            stale = r.hit && r.version < r.db_at_issue.version.min(self.db.row(r.key).version);
            let stale_age = stale.then(|| now.saturating_sub(r.db_at_issue.committed_at));
            self.metrics.read_answered(now - r.issued, r.hit, stale_age);
            if r.hit {
                Outcome::Hit
            } else {
                Outcome::Miss
            }
        };
        self.log.finish(r.trace, now, outcome, r.version, stale);
        self.next_for_client(r.client, done_at);
        self.free(slot);
    }
}
