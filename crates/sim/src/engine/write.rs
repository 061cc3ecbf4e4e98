//! The write stages, as the write path's [`WritePlan`] orders them: SET
//! then DB (write-through), SET dirty (write-back: the flusher in
//! `write_back.rs` does the rest), DB then DEL (cache-aside's invalidation,
//! write-around), DB only; and the out-of-band admin write.

use crate::report::{HopKind, Node, Op, Outcome};
use crate::strategy::WritePlan;

use super::metrics::{DbOp, Departure};
use super::request::{Req, Slot, Stage};
use super::Simulation;

impl Simulation {
    /// A client (`Op::Write`) or bulk-import (`Op::Import`) write.
    pub(super) fn issue_write(&mut self, op: Op, key: u64, client: Option<u32>) {
        self.outstanding += 1;
        let slot = self.alloc(op, key, client);
        self.assign_next_version(slot, key);
        match self.plan {
            WritePlan::SetThenDb | WritePlan::SetDirty => {
                self.cache_hop(slot, Node::Client, HopKind::Set, Stage::SetArrive)
            }
            WritePlan::DbThenDel { .. } | WritePlan::DbOnly => {
                self.db_op(slot, Node::Client, HopKind::Write, true, Stage::DbWrite)
            }
        }
    }

    /// A write by another service, straight to the DB (the cache never
    /// hears of it: the source of stale reads).
    pub(super) fn issue_admin(&mut self, key: u64) {
        let slot = self.alloc(Op::Admin, key, None);
        self.assign_next_version(slot, key);
        self.db_op(slot, Node::Client, HopKind::Write, true, Stage::AdminDb);
    }

    /// Every write of a key gets the next version of that key.
    fn assign_next_version(&mut self, slot: Slot, key: u64) {
        let v = self.latest_version.entry(key).or_insert(0);
        *v += 1;
        let version = *v;
        let r = &mut self.reqs[slot as usize];
        r.version = version;
        let trace = r.trace;
        self.log.set_version(trace, version);
    }

    /// The SET reaches the cache: fails while it is down; write-back marks
    /// the entry dirty and acknowledges at once.
    pub(super) fn set_arrive(&mut self, slot: Slot, r: Req) {
        if !self.cache_up {
            self.reqs[slot as usize].failed = true;
            let done_at = self.final_reply(slot, HopKind::Fail);
            self.complete_write(slot, true, done_at);
            return;
        }
        let dirty = self.plan == WritePlan::SetDirty;
        self.put(r.key, r.version, dirty);
        if dirty {
            self.flusher.pending += 1;
            self.metrics.dirty(self.flusher.pending);
            let done_at = self.final_reply(slot, HopKind::Ack);
            self.complete_write(slot, true, done_at);
        } else {
            self.cache_reply(slot, HopKind::Ack, Stage::SetReturn);
        }
    }

    /// The write commits in the DB; then a DEL (acknowledged before or
    /// after it lands, as the plan says) or the ack.
    pub(super) fn db_write_done(&mut self, slot: Slot, r: Req) {
        self.metrics.db_op(DbOp::Write);
        self.db.commit(r.key, r.version, self.now);
        match self.plan {
            WritePlan::DbThenDel {
                del: true,
                wait_del,
            } => {
                self.cache_hop(slot, Node::Client, HopKind::Invalidate, Stage::DelArrive);
                *self.dels_in_flight.entry(r.key).or_insert(0) += 1;
                if !wait_del {
                    // Acked now; the slot lives on until the DEL lands.
                    self.complete_write(slot, false, self.now);
                }
            }
            _ => self.complete_write(slot, true, self.now),
        }
    }

    /// The DEL reaches the cache (nothing to delete while it is down).
    pub(super) fn del_arrive(&mut self, slot: Slot, r: Req) {
        if let Some(n) = self.dels_in_flight.get_mut(&r.key) {
            *n -= 1;
            if *n == 0 {
                self.dels_in_flight.remove(&r.key);
            }
        }
        if self.cache_up {
            if let Some(removed) = self.cache.remove(r.key) {
                self.on_removed(removed, Departure::Deleted);
            }
        }
        match self.plan {
            WritePlan::DbThenDel { wait_del: true, .. } => {
                let done_at = self.final_reply(slot, HopKind::Ack);
                self.complete_write(slot, true, done_at);
            }
            _ => self.free(slot),
        }
    }

    pub(super) fn admin_write_done(&mut self, slot: Slot, r: Req) {
        self.metrics.db_op(DbOp::AdminWrite);
        self.db.commit(r.key, r.version, self.now);
        self.log
            .finish(r.trace, self.now, Outcome::Committed, r.version, false);
        self.free(slot);
    }

    /// Acknowledges (or fails) a write to its client, where the answer
    /// arrives at `done_at`; frees the slot unless `free` is false (a
    /// write-around DEL still on its way).
    pub(super) fn complete_write(&mut self, slot: Slot, free: bool, done_at: u64) {
        let r = self.reqs[slot as usize];
        self.note_done(done_at);
        let client = r.op == Op::Write;
        let outcome = if r.failed {
            self.metrics.write_failed(client);
            Outcome::Failed
        } else {
            self.metrics.write_acked(done_at - r.issued, client);
            Outcome::Ack
        };
        self.log.finish(r.trace, done_at, outcome, r.version, false);
        self.next_for_client(r.client, done_at);
        if free {
            self.free(slot);
        }
    }
}
