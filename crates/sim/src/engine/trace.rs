//! The request log: the first `log_limit` operations, hop by hop, which the
//! Lab animates and the report carries.

use crate::report::{Hop, HopKind, Node, Op, Outcome, RequestTrace};

/// A traced operation's place in the log, or [`TraceRef::UNTRACED`] for
/// one beyond the log's limit (every later call on it does nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct TraceRef(u32);

impl TraceRef {
    pub(super) const UNTRACED: TraceRef = TraceRef(u32::MAX);
}

impl Default for TraceRef {
    fn default() -> Self {
        TraceRef::UNTRACED
    }
}

/// The traces so far, at most `limit` of them.
#[derive(Clone, Debug)]
pub(super) struct RequestLog {
    traces: Vec<RequestTrace>,
    limit: u64,
}

impl RequestLog {
    pub(super) fn new(limit: u64) -> Self {
        RequestLog {
            traces: Vec::new(),
            limit,
        }
    }

    pub(super) fn traces(&self) -> &[RequestTrace] {
        &self.traces
    }

    pub(super) fn take(&mut self) -> Vec<RequestTrace> {
        std::mem::take(&mut self.traces)
    }

    /// Starts tracing an operation (a request, or a flush of `keys` keys),
    /// if the log has room.
    pub(super) fn open(&mut self, id: u64, op: Op, key: u64, keys: u64, now: u64) -> TraceRef {
        if (self.traces.len() as u64) >= self.limit {
            return TraceRef::UNTRACED;
        }
        self.traces.push(RequestTrace {
            id,
            op,
            key,
            keys,
            issued_at_us: now,
            done_at_us: None,
            outcome: Outcome::Pending,
            version: 0,
            stale: false,
            late_fill: false,
            coalesced: false,
            grace: false,
            refreshed: false,
            hops: Vec::new(),
        });
        TraceRef((self.traces.len() - 1) as u32)
    }

    #[inline(always)]
    fn get(&mut self, r: TraceRef) -> Option<&mut RequestTrace> {
        if r == TraceRef::UNTRACED {
            None
        } else {
            self.traces.get_mut(r.0 as usize)
        }
    }

    #[inline(always)]
    pub(super) fn hop(
        &mut self,
        r: TraceRef,
        (from, to): (Node, Node),
        (depart_us, arrive_us): (u64, u64),
        kind: HopKind,
    ) {
        if let Some(t) = self.get(r) {
            t.hops.push(Hop {
                from,
                to,
                depart_us,
                arrive_us,
                kind,
            });
        }
    }

    pub(super) fn set_version(&mut self, r: TraceRef, version: u64) {
        if let Some(t) = self.get(r) {
            t.version = version;
        }
    }

    /// Sets one of `r`'s marks (`late_fill`, `coalesced`, `grace`,
    /// `refreshed`: see [`RequestTrace`]).
    pub(super) fn mark(&mut self, r: TraceRef, mark: fn(&mut RequestTrace)) {
        if let Some(t) = self.get(r) {
            mark(t);
        }
    }

    pub(super) fn finish(
        &mut self,
        r: TraceRef,
        now: u64,
        outcome: Outcome,
        version: u64,
        stale: bool,
    ) {
        if let Some(t) = self.get(r) {
            t.done_at_us = Some(now);
            t.outcome = outcome;
            t.version = version;
            t.stale = stale;
        }
    }
}
