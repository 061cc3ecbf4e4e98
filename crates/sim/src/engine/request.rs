//! A request's life: its slot, its stages, and the hops between the app,
//! the cache and the DB that move it from one stage to the next.
//!
//! Every in-flight request lives in a slot of the slab (`Simulation::reqs`)
//! and has exactly one pending `Ev::Req(slot)` event; its [`Stage`] says
//! what that event means. [`Simulation::advance`] runs the stage; the read
//! stages are in `read.rs`, the write stages in `write.rs`.

use crate::report::{HopKind, Node, Op};

use super::db::Row;
use super::queue::Ev;
use super::trace::TraceRef;
use super::Simulation;

/// Index of a request's slot in the slab.
pub(super) type Slot = u32;

/// The end of a single-flight waiter chain.
pub(super) const NO_WAITER: Slot = u32::MAX;

/// Where a request is; the meaning of its next `Ev::Req` event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Stage {
    /// Read: the GET reaches the cache.
    GetArrive,
    /// Read: the cache's miss (or failure) reaches the app.
    GetReturn,
    /// Read: the app's DB read completes.
    AppDbRead,
    /// Read: the app's fill SET reaches the cache.
    FillArrive,
    /// Read-through: the loader's DB read completes.
    LoadDb,
    /// Read: waiting for another request's DB read of the key (read-through's
    /// single-flight, or coalescing in cache-aside).
    WaitLoad,
    /// A background reload (cache-aside): the app sends its DB read.
    RefreshStart,
    /// Write: the SET reaches the cache.
    SetArrive,
    /// Write-through: the SET's ack reaches the app.
    SetReturn,
    /// Write: the DB write completes.
    DbWrite,
    /// Write: the DEL reaches the cache.
    DelArrive,
    /// Admin: the DB write completes.
    AdminDb,
    /// Slot unused.
    Free,
}

/// One in-flight request (client read or write, import write, admin write).
#[derive(Clone, Copy, Debug)]
pub(super) struct Req {
    pub(super) id: u64,
    pub(super) op: Op,
    pub(super) key: u64,
    /// Written version, or the version a read will return.
    pub(super) version: u64,
    pub(super) issued: u64,
    pub(super) stage: Stage,
    pub(super) hit: bool,
    pub(super) failed: bool,
    /// Cache-aside: fill the cache after the DB read.
    pub(super) fill: bool,
    /// Second half of the current cache operation's latency: the time its
    /// answer takes back to the app.
    pub(super) reply_in: u64,
    /// The DB's committed version of the key when the request was issued
    /// (what a read must not be older than; see "stale read").
    pub(super) db_at_issue: Row,
    pub(super) trace: TraceRef,
    /// The closed-loop client that issued it (`None`: open loop, import or
    /// admin).
    pub(super) client: Option<u32>,
    /// Single-flight waiters chained through the slab.
    pub(super) next_waiter: Slot,
    /// Cache epoch when a read-through load started.
    pub(super) epoch: u32,
    /// A background reload (stale-while-revalidate, early refresh): no
    /// client waits for it and it is not counted as a read.
    pub(super) background: bool,
    /// When a waiter started waiting for another request's load.
    pub(super) wait_from: u64,
}

impl Simulation {
    /// A slot for a new request of `op` on `key`, traced if the log has room.
    pub(super) fn alloc(&mut self, op: Op, key: u64, client: Option<u32>) -> Slot {
        let id = self.next_trace_id();
        let trace = self.log.open(id, op, key, 1, self.now);
        self.alloc_with(id, op, key, client, trace)
    }

    /// A slot for a background reload of `key`: untraced, and outside the
    /// trace ids, so the requests around it keep theirs.
    pub(super) fn alloc_background(&mut self, key: u64) -> Slot {
        let slot = self.alloc_with(u64::MAX, Op::Read, key, None, TraceRef::UNTRACED);
        let r = &mut self.reqs[slot as usize];
        r.background = true;
        r.fill = true;
        r.epoch = self.epoch;
        slot
    }

    fn alloc_with(
        &mut self,
        id: u64,
        op: Op,
        key: u64,
        client: Option<u32>,
        trace: TraceRef,
    ) -> Slot {
        let req = Req {
            id,
            op,
            key,
            version: 0,
            issued: self.now,
            stage: Stage::Free,
            hit: false,
            failed: false,
            fill: false,
            reply_in: 0,
            db_at_issue: self.db.row(key),
            trace,
            client,
            next_waiter: NO_WAITER,
            epoch: 0,
            background: false,
            wait_from: 0,
        };
        match self.free_slots.pop() {
            Some(s) => {
                self.reqs[s as usize] = req;
                s
            }
            None => {
                self.reqs.push(req);
                (self.reqs.len() - 1) as Slot
            }
        }
    }

    pub(super) fn free(&mut self, slot: Slot) {
        if let Some(r) = self.reqs.get_mut(slot as usize) {
            r.stage = Stage::Free;
            self.free_slots.push(slot);
        }
    }

    /// Runs the stage of the request in `slot` whose event came.
    pub(super) fn advance(&mut self, slot: Slot) {
        let Some(&r) = self.reqs.get(slot as usize) else {
            return;
        };
        match r.stage {
            Stage::GetArrive => self.get_arrive(slot, r),
            Stage::GetReturn => self.app_miss(slot, r),
            Stage::RefreshStart => {
                self.db_op(slot, Node::Client, HopKind::Read, false, Stage::AppDbRead)
            }
            Stage::AppDbRead => self.app_db_read_done(slot, r),
            Stage::FillArrive => self.fill_arrive(slot, r),
            Stage::LoadDb => self.load_done(slot, r),
            Stage::WaitLoad | Stage::Free => {}
            Stage::SetArrive => self.set_arrive(slot, r),
            Stage::SetReturn => {
                self.db_op(slot, Node::Client, HopKind::Write, true, Stage::DbWrite)
            }
            Stage::DbWrite => self.db_write_done(slot, r),
            Stage::DelArrive => self.del_arrive(slot, r),
            Stage::AdminDb => self.admin_write_done(slot, r),
        }
    }

    /// Starts a cache operation from `from`: samples its latency, schedules
    /// the arrival at the midpoint and remembers the second half.
    pub(super) fn cache_hop(&mut self, slot: Slot, from: Node, kind: HopKind, stage: Stage) {
        let l = self.cache_lat.sample(&mut self.rng_lat);
        let half = l / 2;
        let arrive = self.now.saturating_add(half);
        let r = &mut self.reqs[slot as usize];
        r.reply_in = l - half;
        r.stage = stage;
        let trace = r.trace;
        self.log
            .hop(trace, (from, Node::Cache), (self.now, arrive), kind);
        self.queue.push(arrive, Ev::Req(slot));
    }

    /// Sends the cache's answer back to the app (second half of the latency).
    pub(super) fn cache_reply(&mut self, slot: Slot, kind: HopKind, stage: Stage) {
        let r = &mut self.reqs[slot as usize];
        r.stage = stage;
        let arrive = self.now.saturating_add(r.reply_in);
        let trace = r.trace;
        self.log
            .hop(trace, (Node::Cache, Node::Client), (self.now, arrive), kind);
        self.queue.push(arrive, Ev::Req(slot));
    }

    /// Submits a DB operation for a request; its completion is the next step.
    pub(super) fn db_op(
        &mut self,
        slot: Slot,
        from: Node,
        kind: HopKind,
        write: bool,
        stage: Stage,
    ) {
        let service = if write {
            self.db_write_lat.sample(&mut self.rng_lat)
        } else {
            self.db_read_lat.sample(&mut self.rng_lat)
        };
        let (start, finish) = self.db.submit(self.now, service);
        let mid = start + (finish - start) / 2;
        let r = &mut self.reqs[slot as usize];
        r.stage = stage;
        let trace = r.trace;
        let back = if write { HopKind::Ack } else { HopKind::Value };
        self.log.hop(trace, (from, Node::Db), (self.now, mid), kind);
        self.log.hop(trace, (Node::Db, from), (mid, finish), back);
        self.queue.push(finish, Ev::Req(slot));
    }

    /// Sends the cache's final answer back to the app and returns when it
    /// arrives. No event is queued for the arrival: nothing that happens
    /// meanwhile can change the answer, so the request is completed now,
    /// with that time as its end (see "Counted when the outcome is fixed" in
    /// the engine's doc).
    pub(super) fn final_reply(&mut self, slot: Slot, kind: HopKind) -> u64 {
        let r = &self.reqs[slot as usize];
        let arrive = self.now.saturating_add(r.reply_in);
        let trace = r.trace;
        self.log
            .hop(trace, (Node::Cache, Node::Client), (self.now, arrive), kind);
        arrive
    }

    /// A request's answer reaches the app at `done_at` (now, or the end of
    /// its final reply): the run ends no earlier.
    pub(super) fn note_done(&mut self, done_at: u64) {
        self.outstanding = self.outstanding.saturating_sub(1);
        self.last_done = Some(self.last_done.map_or(done_at, |d| d.max(done_at)));
    }

    /// Frees a finished client's turn: a closed-loop client thinks, then
    /// issues its next request (its previous one ended at `done_at`).
    pub(super) fn next_for_client(&mut self, client: Option<u32>, done_at: u64) {
        let (Some(client), Some(loop_)) = (client, self.closed) else {
            return;
        };
        if self.issued < self.requests {
            let t = self.think(loop_.think_us);
            self.queue
                .push(done_at.saturating_add(t), Ev::ClientNext(client));
        }
    }
}
