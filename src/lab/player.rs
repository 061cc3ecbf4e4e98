//! The Lab's playback model: one [`Simulation`] that can be played, stepped
//! one event at a time in both directions, scrubbed to any time, and broken
//! on purpose, all without a browser (tested natively below).
//!
//! The engine only runs forward. Going back restores the nearest
//! **checkpoint** (a `Simulation` clone: `Clone` is the engine's snapshot)
//! at or before the target and replays forward from it; we never store every
//! state.
//!
//! A position is `(events processed, clock)`. `run_until` moves the clock
//! past the last event, so two positions with the same event count can show
//! different TTLs: keeping both numbers makes step-back land exactly where
//! the reader was.
//!
//! ## Injections and forks
//!
//! A "break things" button calls [`Player::schedule`]: it records an
//! [`Injection`] (the event count and clock at which it was made, and the
//! [`EventKind`]), hands it to the engine and steps until the engine has
//! processed it, so the reader sees its effect at once. Checkpoints are taken
//! right after a step and before any injection at that count, so a replay
//! from any checkpoint re-applies every later injection at exactly the same
//! place and reproduces the run bit for bit. Scheduling while the player is
//! behind the furthest point it has seen **forks** the run: injections and
//! checkpoints after the current position are dropped, and the new injection
//! starts the new future.
//!
//! ## Memory ceiling
//!
//! At most [`MAX_CHECKPOINTS`] clones are kept. A checkpoint is taken every
//! `every` events (starting at [`FIRST_CHECKPOINT_EVERY`]); when the list is
//! full, every other checkpoint is dropped and the interval doubles, so a
//! replay is at most `every` events long and the memory stays bounded. A Lab
//! simulation (≤ [`crate::settings::lab_defaults::LAB_LOG_LIMIT`] traced operations of
//! a few hops each) clones to well under 1 MB, so the ceiling is about
//! `MAX_CHECKPOINTS` MB in the worst case and a few MB for the default run.
//!
//! ```
//! use cachescope_app::lab::player::Player;
//! use cachescope_app::settings::lab_defaults::lab_scenario;
//! use cachescope_sim::StrategyId;
//!
//! let mut p = Player::new(lab_scenario(StrategyId::WriteBack));
//! for _ in 0..200 { p.step(); }
//! let here = (p.counters(), p.cache_contents(), p.db_contents());
//! p.step();
//! p.step_back();
//! assert_eq!(here, (p.counters(), p.cache_contents(), p.db_contents()));
//! ```

use cachescope_sim::{
    CacheEntryView, DbEntryView, EventKind, LiveCounters, RequestTrace, Scenario, Simulation,
    StepKind,
};

use crate::settings::lab::Position;

/// Most checkpoints kept at once (see the module docs for the memory bound).
pub const MAX_CHECKPOINTS: usize = 48;

/// Events between checkpoints before any thinning. Small enough that a step
/// back replays at most this many events (instant at Lab sizes), large
/// enough that a default Lab run fits in [`MAX_CHECKPOINTS`] without thinning
/// more than once or twice.
pub const FIRST_CHECKPOINT_EVERY: u64 = 128;

/// Most positions remembered for [`Player::step_back`]; older ones fall back
/// to "the moment event n − 1 was processed".
const MAX_UNDO: usize = 4_096;

/// A "break things" event the reader injected, and exactly where.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Injection {
    /// Events processed when it was injected.
    pub at_events: u64,
    /// Clock when it was injected (the engine schedules it at this time).
    pub at_us: u64,
    /// What was injected.
    pub kind: EventKind,
}

/// How far a replay goes.
#[derive(Clone, Copy, Debug)]
enum Target {
    /// Exactly this many events, then the clock to this time. Injections
    /// made at exactly this count are *not* applied: the position is the one
    /// the reader saw before pressing the button.
    At(Position),
    /// Every event at or before this time (and injections made at or before
    /// it), then the clock to it.
    Time(u64),
}

/// One Lab run, steppable both ways. See the module docs.
#[derive(Clone, Debug)]
pub struct Player {
    scenario: Scenario,
    sim: Simulation,
    /// Clones at event counts that are multiples of `every`, ascending;
    /// `checkpoints[0]` is the start.
    checkpoints: Vec<Simulation>,
    every: u64,
    injections: Vec<Injection>,
    /// Injections already applied to `sim`.
    applied: usize,
    undo: Vec<Position>,
    /// End of the run with the current injections (cached).
    end_us: u64,
}

impl Player {
    /// A player at time 0 of `scenario` (which must be valid).
    pub fn new(scenario: Scenario) -> Player {
        let sim = Simulation::new(&scenario);
        let mut p = Player {
            scenario,
            checkpoints: vec![sim.clone()],
            sim,
            every: FIRST_CHECKPOINT_EVERY,
            injections: Vec::new(),
            applied: 0,
            undo: Vec::new(),
            end_us: 0,
        };
        p.end_us = p.compute_end();
        p
    }

    /// The scenario this run plays.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The engine at the current position (read-only: every change goes
    /// through the player, so checkpoints stay valid).
    pub fn sim(&self) -> &Simulation {
        &self.sim
    }

    /// Where the player is.
    pub fn position(&self) -> Position {
        Position {
            events: self.sim.events_processed(),
            now_us: self.sim.now_us(),
        }
    }

    /// Virtual time, µs.
    pub fn now_us(&self) -> u64 {
        self.sim.now_us()
    }

    /// When the run (with the injections so far) ends: the scrubber's range.
    pub fn end_us(&self) -> u64 {
        self.end_us
    }

    /// Every client request has completed.
    pub fn is_finished(&self) -> bool {
        self.sim.is_finished()
    }

    /// Live counters from the engine.
    pub fn counters(&self) -> LiveCounters {
        self.sim.counters()
    }

    /// The cache's entries, sorted by key.
    pub fn cache_contents(&self) -> Vec<CacheEntryView> {
        self.sim.cache_contents()
    }

    /// The DB rows, sorted by key.
    pub fn db_contents(&self) -> Vec<DbEntryView> {
        self.sim.db_contents()
    }

    /// The hop-by-hop log so far.
    pub fn log(&self) -> &[RequestTrace] {
        self.sim.log()
    }

    /// The injections of this run, in order.
    pub fn injections(&self) -> &[Injection] {
        &self.injections
    }

    /// Checkpoints held now (for the memory ceiling's test and the docs).
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    /// Processes one event (re-applying an injection recorded at this point
    /// first, if the reader stepped back over one). `false` at the end.
    pub fn step(&mut self) -> bool {
        let before = self.position();
        self.apply_due(|_| true);
        if self.sim.step().is_none() {
            return false;
        }
        self.after_step();
        if self.undo.len() == MAX_UNDO {
            self.undo.remove(0);
        }
        self.undo.push(before);
        true
    }

    /// Undoes the last event: back to the exact position before it (or, for
    /// a position reached otherwise, to the moment event n − 1 was
    /// processed). `false` at time 0.
    pub fn step_back(&mut self) -> bool {
        let here = self.position();
        if here.events == 0 {
            return false;
        }
        let target = match self.undo.pop() {
            Some(p) if p.events + 1 == here.events => p,
            _ => {
                self.undo.clear();
                Position {
                    events: here.events - 1,
                    now_us: 0,
                }
            }
        };
        self.goto(Target::At(target));
        true
    }

    /// Plays forward to `t_us` (the animation loop calls this every frame).
    pub fn advance_to(&mut self, t_us: u64) {
        if t_us <= self.now_us() {
            return;
        }
        self.undo.clear();
        self.replay(Target::Time(t_us));
    }

    /// Shows the state at `t_us`, forward or back (the scrubber).
    pub fn seek(&mut self, t_us: u64) {
        self.undo.clear();
        self.goto(Target::Time(t_us));
    }

    /// Injects `kind` now and processes events until the engine has handled
    /// it, so its effect shows at once. Forks the run if the player is behind
    /// injections it had recorded. Does nothing once the run is finished.
    pub fn schedule(&mut self, kind: EventKind) {
        if self.is_finished() {
            return;
        }
        let here = self.position();
        // Fork: the future recorded after this point no longer happens.
        self.injections.truncate(self.applied);
        self.checkpoints
            .retain(|c| c.events_processed() <= here.events);
        self.undo.clear();
        self.injections.push(Injection {
            at_events: here.events,
            at_us: here.now_us,
            kind,
        });
        self.apply_due(|_| true);
        // The engine queues the event at `now`, after anything already due
        // at the same instant; step until it has fired.
        while let Some(info) = self.sim.step() {
            self.after_step();
            if matches!(info.kind, StepKind::Event { event } if event.as_str() == kind.as_str()) {
                break;
            }
        }
        self.end_us = self.compute_end();
    }

    /// Shows exactly `p` (that many events processed, then the clock at
    /// `p.now_us`), forward or back: the position a shared link names.
    pub fn seek_position(&mut self, p: Position) {
        self.undo.clear();
        self.goto(Target::At(p));
    }

    /// Replays a shared link on a fresh player: each injection at the exact
    /// position it was made at, then `position`. Returns one sentence per
    /// part that is not a moment of this run (an injection past the end, a
    /// clock before the last event): that part is left out, never guessed.
    ///
    /// ```
    /// use cachescope_app::lab::player::Player;
    /// use cachescope_app::settings::lab::Position;
    /// use cachescope_app::settings::lab_defaults::{lab_scenario, Breaker};
    /// use cachescope_sim::StrategyId;
    ///
    /// let mut live = Player::new(lab_scenario(StrategyId::WriteBack));
    /// for _ in 0..120 { live.step(); }
    /// live.schedule(Breaker::Crash.event());
    /// for _ in 0..40 { live.step(); }
    /// let injections: Vec<_> = live.injections().iter()
    ///     .map(|i| (i.kind, Position { events: i.at_events, now_us: i.at_us })).collect();
    ///
    /// let mut shared = Player::new(lab_scenario(StrategyId::WriteBack));
    /// assert!(shared.restore(&injections, live.position()).is_empty());
    /// assert_eq!(shared.counters(), live.counters());
    /// assert_eq!(shared.cache_contents(), live.cache_contents());
    /// ```
    pub fn restore(
        &mut self,
        injections: &[(EventKind, Position)],
        position: Position,
    ) -> Vec<String> {
        let mut notices = Vec::new();
        for (i, (kind, at)) in injections.iter().enumerate() {
            self.seek_position(*at);
            if self.position() != *at || self.is_finished() {
                let rest = injections.len() - i - 1;
                notices.push(format!(
                    "the {} at event {} ({} ms) is not a moment of this run; left out{}.",
                    kind.as_str(),
                    at.events,
                    at.now_us as f64 / 1e3,
                    if rest > 0 {
                        format!(", with the {rest} after it")
                    } else {
                        String::new()
                    }
                ));
                break;
            }
            self.schedule(*kind);
        }
        self.seek_position(position);
        let here = self.position();
        if here != position {
            notices.push(format!(
                "timeline position event {} at {} ms is not a moment of this run; showing event {} at {} ms.",
                position.events,
                position.now_us as f64 / 1e3,
                here.events,
                here.now_us as f64 / 1e3
            ));
        }
        notices
    }

    /// Replays break-it presses made on another run of the Lab (before a
    /// knob or path change) at the same virtual times, then moves to
    /// `now_us`: what still applies to this run is kept. Returns how many
    /// presses fell after this run's end and were dropped.
    pub fn carry_over(&mut self, presses: &[(EventKind, u64)], now_us: u64) -> usize {
        let mut kept = 0;
        for &(kind, at_us) in presses {
            self.seek(at_us);
            if self.is_finished() || self.now_us() != at_us {
                break;
            }
            self.schedule(kind);
            kept += 1;
        }
        self.seek(now_us.min(self.end_us()));
        presses.len() - kept
    }

    // ------------------------------------------------------------- internals

    /// Restores the best checkpoint for `target` (unless going forward from
    /// here is shorter), then replays.
    fn goto(&mut self, target: Target) {
        let here = self.position();
        let ahead = match target {
            Target::At(p) => p >= here,
            Target::Time(t) => t >= here.now_us,
        };
        if !ahead {
            let idx = self
                .checkpoints
                .iter()
                .rposition(|c| match target {
                    Target::At(p) => c.events_processed() <= p.events,
                    Target::Time(t) => c.now_us() <= t,
                })
                .unwrap_or(0);
            self.sim = self.checkpoints[idx].clone();
            let n = self.sim.events_processed();
            // Checkpoints are taken before injections at their own count.
            self.applied = self.injections.partition_point(|i| i.at_events < n);
        }
        self.replay(target);
    }

    /// Steps forward to `target`, re-applying recorded injections where they
    /// were made and taking checkpoints on the way.
    fn replay(&mut self, target: Target) {
        loop {
            let n = self.sim.events_processed();
            match target {
                Target::At(p) => {
                    if n >= p.events {
                        break;
                    }
                    self.apply_due(|_| true);
                }
                Target::Time(t) => {
                    self.apply_due(|i| i.at_us <= t);
                    match self.sim.next_event_us() {
                        Some(next) if next <= t => {}
                        _ => break,
                    }
                }
            }
            if self.sim.step().is_none() {
                break;
            }
            self.after_step();
        }
        let t = match target {
            Target::At(p) => p.now_us,
            Target::Time(t) => t,
        };
        // No event is due at or before `t` here (see `Target`), so this only
        // moves the clock.
        if t > self.sim.now_us() {
            self.sim.run_until(t);
        }
    }

    /// Applies the recorded injections made at the current event count that
    /// `ok` accepts.
    fn apply_due(&mut self, ok: impl Fn(&Injection) -> bool) {
        let n = self.sim.events_processed();
        while let Some(&inj) = self.injections.get(self.applied) {
            if inj.at_events != n || !ok(&inj) {
                break;
            }
            if inj.at_us > self.sim.now_us() {
                // The reader paused here by time: nothing was due before it.
                self.sim.run_until(inj.at_us);
            }
            self.sim.schedule(inj.kind);
            self.applied += 1;
        }
    }

    /// Takes a checkpoint when the count reaches a multiple of `every`
    /// (before any injection at that count), thinning when full.
    fn after_step(&mut self) {
        let n = self.sim.events_processed();
        if !n.is_multiple_of(self.every) {
            return;
        }
        let last = self.checkpoints.last().map_or(0, |c| c.events_processed());
        if n <= last {
            return;
        }
        self.checkpoints.push(self.sim.clone());
        if self.checkpoints.len() > MAX_CHECKPOINTS {
            self.every *= 2;
            let every = self.every;
            self.checkpoints
                .retain(|c| c.events_processed().is_multiple_of(every));
        }
    }

    /// Runs a copy to the end with the recorded injections.
    fn compute_end(&self) -> u64 {
        let mut sim = self.sim.clone();
        let mut applied = self.applied;
        loop {
            let n = sim.events_processed();
            while let Some(inj) = self.injections.get(applied) {
                if inj.at_events != n {
                    break;
                }
                if inj.at_us > sim.now_us() {
                    sim.run_until(inj.at_us);
                }
                sim.schedule(inj.kind);
                applied += 1;
            }
            if sim.step().is_none() {
                break;
            }
        }
        sim.now_us()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::lab_defaults::{lab_scenario, CRASH_DOWN_US};
    use cachescope_sim::StrategyId;

    type Shot = (LiveCounters, Vec<CacheEntryView>, Vec<DbEntryView>, usize);

    fn shot(p: &Player) -> Shot {
        (
            p.counters(),
            p.cache_contents(),
            p.db_contents(),
            p.log().len(),
        )
    }

    fn crash() -> EventKind {
        EventKind::CacheCrash {
            down_for_us: CRASH_DOWN_US,
        }
    }

    #[test]
    fn step_then_step_back_is_identical_everywhere_in_the_run() {
        for id in StrategyId::ALL {
            let mut p = Player::new(lab_scenario(id));
            let mut n = 0;
            while !p.is_finished() && n < 1_500 {
                let before = shot(&p);
                let pos = p.position();
                assert!(p.step());
                assert!(p.step_back(), "{id}: step back at {n}");
                assert_eq!(p.position(), pos, "{id}: position after {n} steps");
                assert_eq!(shot(&p), before, "{id}: state after {n} steps");
                p.step();
                n += 1;
            }
        }
    }

    #[test]
    fn step_back_returns_to_a_paused_clock_not_just_the_event() {
        let mut p = Player::new(lab_scenario(StrategyId::CacheAside));
        p.advance_to(123_456);
        let before = (p.position(), shot(&p));
        p.step();
        p.step_back();
        assert_eq!((p.position(), shot(&p)), before);
        // Several steps back and forth, across checkpoint boundaries.
        for _ in 0..300 {
            p.step();
        }
        for _ in 0..300 {
            p.step_back();
        }
        assert_eq!((p.position(), shot(&p)), before);
    }

    #[test]
    fn seek_back_and_forth_is_deterministic_and_matches_a_straight_run() {
        let s = lab_scenario(StrategyId::WriteBack);
        let mut p = Player::new(s.clone());
        let end = p.end_us();
        assert!(end > 0);
        let times = [end / 2, end / 5, end - 1, 0, end / 3, end / 2];
        let mut seen = Vec::new();
        for &t in &times {
            p.seek(t);
            assert_eq!(p.now_us(), t);
            let mut fresh = Simulation::new(&s);
            fresh.run_until(t);
            assert_eq!(p.counters(), fresh.counters(), "seek({t})");
            assert_eq!(p.cache_contents(), fresh.cache_contents(), "seek({t})");
            assert_eq!(p.db_contents(), fresh.db_contents(), "seek({t})");
            seen.push(shot(&p));
        }
        assert_eq!(seen[0], seen[5], "seek(t), elsewhere, seek(t) again");
    }

    #[test]
    fn a_knob_change_keeps_the_presses_and_the_position() {
        let s = lab_scenario(StrategyId::WriteBack);
        let mut p = Player::new(s.clone());
        p.advance_to(40_000);
        p.schedule(crash());
        p.advance_to(90_000);
        let presses: Vec<_> = p.injections().iter().map(|i| (i.kind, i.at_us)).collect();
        let mut changed = s.clone();
        changed.cache.capacity = 3;
        let mut q = Player::new(changed.clone());
        assert_eq!(q.carry_over(&presses, p.now_us()), 0);
        assert_eq!(q.now_us(), 90_000);
        assert_eq!(q.injections().len(), 1);
        assert_eq!(q.injections()[0].at_us, 40_000);
        // The same as pressing by hand on the new settings.
        let mut by_hand = Player::new(changed);
        by_hand.advance_to(40_000);
        by_hand.schedule(crash());
        by_hand.advance_to(90_000);
        assert_eq!(q.counters(), by_hand.counters());
        assert_eq!(q.cache_contents(), by_hand.cache_contents());
    }

    #[test]
    fn presses_after_the_new_runs_end_are_dropped_and_counted() {
        let s = lab_scenario(StrategyId::CacheAside);
        let mut q = Player::new(s);
        let end = q.end_us();
        let presses = [(crash(), end / 2), (crash(), end + 1_000_000)];
        assert_eq!(q.carry_over(&presses, end + 5_000_000), 1);
        assert_eq!(q.injections().len(), 1);
        // The crash moved the end (requests waited for the restart).
        assert_eq!(q.now_us(), q.end_us());
        assert!(q.is_finished());
    }

    #[test]
    fn crash_on_write_back_loses_exactly_the_dirty_writes() {
        let mut p = Player::new(lab_scenario(StrategyId::WriteBack));
        // Play until several acknowledged writes are waiting for the flusher.
        let mut t = 0;
        while p.counters().dirty < 3 {
            t += 1_000;
            p.advance_to(t);
            assert!(!p.is_finished(), "never had 3 dirty writes");
        }
        let before = p.counters();
        let dirty_keys: u64 = p
            .cache_contents()
            .iter()
            .filter(|e| e.dirty)
            .map(|e| e.pending_writes)
            .sum();
        assert_eq!(dirty_keys, before.dirty, "cache table agrees with counter");
        p.schedule(crash());
        let after = p.counters();
        assert_eq!(after.lost_writes - before.lost_writes, before.dirty);
        assert_eq!(after.dirty, 0);
        assert!(!after.cache_up);
        assert!(p.cache_contents().is_empty());
    }

    #[test]
    fn crash_on_write_through_loses_nothing() {
        let mut p = Player::new(lab_scenario(StrategyId::WriteThrough));
        p.advance_to(p.end_us() / 3);
        assert_eq!(p.counters().dirty, 0);
        p.schedule(crash());
        assert_eq!(p.counters().lost_writes, 0);
        assert!(!p.counters().cache_up);
        // ... and the requests during the outage fail or go to the DB.
        p.advance_to(p.now_us() + CRASH_DOWN_US / 2);
        let c = p.counters();
        assert!(c.failed_reads + c.failed_writes + c.misses > 0);
    }

    #[test]
    fn admin_write_makes_cache_aside_reads_stale_until_the_ttl() {
        let mut s = lab_scenario(StrategyId::CacheAside);
        // Reads only: the admin write is the one change to the DB, so no
        // client write invalidates key 0 (and refreshes it) before the TTL.
        s.workload.read_ratio = 1.0;
        let ttl = s.cache.ttl_us.expect("the Lab has a TTL by default");
        let mut p = Player::new(s);
        // Wait until the hot key is cached.
        let mut t = 0;
        while !p.cache_contents().iter().any(|e| e.key == 0) {
            t += 1_000;
            p.advance_to(t);
        }
        let stale0 = p.counters().stale_reads;
        p.schedule(EventKind::AdminWrite { key: None });
        let at = p.now_us();
        p.advance_to(at + ttl + 100_000);
        let stale = p.counters().stale_reads - stale0;
        assert!(stale > 0, "reads of key 0 after the admin write were stale");
        // Every stale read of key 0 happened before the TTL ran out.
        let late_stale = p
            .log()
            .iter()
            .filter(|r| r.stale && r.key == 0 && r.issued_at_us > at + ttl)
            .count();
        assert_eq!(late_stale, 0);
    }

    #[test]
    fn stepping_back_over_an_injection_replays_it() {
        let mut p = Player::new(lab_scenario(StrategyId::WriteBack));
        p.advance_to(p.end_us() / 4);
        p.schedule(crash());
        let fired = p.sim().report().events;
        assert_eq!(fired.len(), 1);
        assert_eq!(fired[0].at_us, p.injections()[0].at_us);
        let after = (p.position(), shot(&p));
        for _ in 0..40 {
            p.step();
        }
        let later = (p.position(), shot(&p));
        for _ in 0..40 {
            p.step_back();
        }
        assert_eq!((p.position(), shot(&p)), after);
        // Back past the crash and forward again: the crash happens again.
        assert_eq!(p.sim().report().events, fired);
        p.seek(0);
        p.seek(later.0.now_us);
        assert_eq!(shot(&p), later.1);
        assert_eq!(p.sim().report().events, fired, "the crash at the same µs");
        assert_eq!(p.injections().len(), 1);
    }

    #[test]
    fn scheduling_after_scrubbing_back_forks_the_run() {
        let mut p = Player::new(lab_scenario(StrategyId::WriteBack));
        let end = p.end_us();
        p.seek(end / 2);
        p.schedule(crash());
        let lost_late = p.counters().lost_writes;
        p.seek(end / 4);
        p.schedule(EventKind::AdminWrite { key: None });
        assert_eq!(p.injections().len(), 1, "the later crash is forgotten");
        assert!(matches!(
            p.injections()[0].kind,
            EventKind::AdminWrite { .. }
        ));
        p.seek(end / 2 + 1);
        assert!(p.counters().cache_up);
        assert!(p.counters().lost_writes <= lost_late);
        assert_eq!(p.counters().lost_writes, 0);
    }

    #[test]
    fn checkpoints_stay_under_the_ceiling() {
        let mut s = lab_scenario(StrategyId::WriteBack);
        s.requests = 4_000;
        let mut p = Player::new(s);
        p.seek(p.end_us());
        assert!(p.is_finished());
        assert!(p.checkpoint_count() <= MAX_CHECKPOINTS);
        assert!(p.checkpoint_count() > MAX_CHECKPOINTS / 4);
        // Still exact after thinning.
        let mut q = p.clone();
        q.seek(p.end_us() / 3);
        let mut fresh = Simulation::new(p.scenario());
        fresh.run_until(p.end_us() / 3);
        assert_eq!(q.counters(), fresh.counters());
    }

    /// The data bar's report is `cachescope_sim::run`: the Lab's end shows
    /// the same counts.
    #[test]
    fn the_end_of_the_run_shows_the_reports_counts() {
        for id in StrategyId::ALL {
            for policy in cachescope_sim::EvictionPolicy::ALL {
                let mut s = lab_scenario(id);
                s.cache.eviction = policy;
                let mut p = Player::new(s);
                p.seek(p.end_us());
                let (c, r) = (p.counters(), cachescope_sim::run(p.scenario()));
                assert_eq!(
                    (c.hits, c.misses, c.stale_reads, c.lost_writes),
                    (r.hits, r.misses, r.stale_reads, r.lost_writes),
                    "{id:?} {policy}"
                );
            }
        }
    }
}
