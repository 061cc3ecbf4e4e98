//! The client workload: open-loop arrivals or closed-loop clients, each
//! request's operation and key, and the phases that change them mid-run.
//! Drawn from the workload stream (or, for a trace, replayed from it in
//! order), so every lane of a comparison sees the same requests at the same
//! times.

use std::sync::Arc;

use crate::limits;
use crate::report::Op;
use crate::scenario::{Arrivals, Phase as ScenarioPhase, Popularity};
use crate::trace::RecordedTrace;

use super::queue::Ev;
use super::sampler::{KeyPicker, QuantileTable, Shape};
use super::Simulation;

/// Where a lane's requests come from.
#[derive(Clone, Debug)]
pub(super) enum Demand {
    /// Drawn: the operation by the read ratio, the key by the picker.
    Drawn(KeyPicker),
    /// Replayed from a trace, in its order: request `i` is the trace's
    /// `i`-th. Arrival times still come from the scenario's arrivals (a
    /// trace's timestamps have no agreed unit, and many traces have none).
    Replayed(Arc<RecordedTrace>),
}

/// Closed-loop arrivals: `clients` clients, each thinking for an
/// exponential time of mean `think_us` between its requests.
#[derive(Clone, Copy, Debug)]
pub(super) struct ClosedLoop {
    pub(super) clients: u32,
    pub(super) think_us: u64,
}

/// A workload phase, prepared: from `at_us` on, each `Some` replaces the
/// current value.
#[derive(Clone, Debug)]
pub(super) struct Phase {
    pub(super) at_us: u64,
    pub(super) read_ratio: Option<f64>,
    pub(super) rate_per_sec: Option<f64>,
    pub(super) picker: Option<KeyPicker>,
}

impl Phase {
    pub(super) fn new(p: &ScenarioPhase, key_space: u64) -> Self {
        Phase {
            at_us: p.at_us,
            read_ratio: p.read_ratio,
            rate_per_sec: p.rate_per_sec.map(|r| r.max(limits::MIN_RATE_PER_SEC)),
            picker: p
                .popularity
                .as_ref()
                .map(|pop: &Popularity| KeyPicker::new(key_space, pop)),
        }
    }
}

/// The open-loop rate and the closed loop, if any, of `arrivals` (clamped).
pub(super) fn arrival_model(arrivals: &Arrivals) -> (f64, Option<ClosedLoop>) {
    match *arrivals {
        Arrivals::Open { rate_per_sec } => (rate_per_sec.max(limits::MIN_RATE_PER_SEC), None),
        Arrivals::Closed {
            clients,
            think_time_us,
        } => (
            limits::DEFAULT_RATE_PER_SEC,
            Some(ClosedLoop {
                clients: clients.clamp(1, limits::MAX_CLIENTS),
                think_us: think_time_us,
            }),
        ),
    }
}

/// The open-loop gap distribution at `rate_per_sec`: exponential (a
/// Poisson process), from a quantile table (see [`QuantileTable`]).
pub(super) fn arrival_gaps(rate_per_sec: f64) -> Arc<QuantileTable> {
    Arc::new(QuantileTable::new(Shape::Exponential {
        mean: 1e6 / rate_per_sec,
    }))
}

impl Simulation {
    /// Queues the first arrival, or every closed-loop client's first
    /// request.
    pub(super) fn start_workload(&mut self) {
        match self.closed {
            None => {
                let gap = self.interarrival();
                self.queue.push(gap, Ev::Arrival);
            }
            Some(closed) => {
                for c in 0..closed.clients {
                    let t = self.think(closed.think_us);
                    self.queue.push(t, Ev::ClientNext(c));
                }
            }
        }
    }

    /// An open-loop arrival: issue a request, queue the next arrival.
    pub(super) fn arrival(&mut self) {
        if self.issued < self.requests {
            self.issue_client(None);
            if self.issued < self.requests {
                let gap = self.interarrival();
                self.queue.push(self.now.saturating_add(gap), Ev::Arrival);
            }
        }
    }

    /// A client's next request: read or write, and which key.
    pub(super) fn issue_client(&mut self, client: Option<u32>) {
        let (key, is_read) = match &self.script {
            Some(trace) => trace.step(self.issued),
            None => {
                let is_read = self.rng_work.unit() < self.read_ratio;
                (self.picker.pick(&mut self.rng_work), is_read)
            }
        };
        self.issued += 1;
        if is_read {
            self.issue_read(key, client);
        } else {
            self.issue_write(Op::Write, key, client);
        }
    }

    fn interarrival(&mut self) -> u64 {
        self.arrival_gap.sample_us(&mut self.rng_work)
    }

    pub(super) fn think(&mut self, mean: u64) -> u64 {
        if mean == 0 {
            0
        } else {
            self.rng_think.exp_us(mean as f64)
        }
    }

    /// Phase `i` begins.
    pub(super) fn begin_phase(&mut self, i: u32) {
        let Some(p) = self.phases.get(i as usize).cloned() else {
            return;
        };
        if let Some(rr) = p.read_ratio {
            self.read_ratio = rr;
        }
        if let Some(rate) = p.rate_per_sec {
            self.arrival_gap = arrival_gaps(rate);
        }
        if let Some(picker) = p.picker {
            self.picker = picker;
        }
    }
}
