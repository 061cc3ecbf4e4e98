//! Driving the engine step by step: what the animated Lab view needs.

use cachescope_sim::{run, EventKind, Scenario, Simulation, StepKind, StrategyId};

use crate::support::hand_scenario;

#[test]
fn stepping_to_the_end_equals_run() {
    let s = hand_scenario(50, 5, 2, 0.7);
    let mut sim = Simulation::new(&s);
    let mut steps = 0;
    while let Some(info) = sim.step() {
        assert_eq!(info.now_us, sim.now_us());
        steps += 1;
    }
    assert!(sim.is_finished());
    assert_eq!(sim.events_processed(), steps);
    assert_eq!(sim.report(), run(&s));
    assert!(sim.step().is_none());
}

#[test]
fn run_until_moves_the_clock_and_views_are_sorted() {
    let s = Scenario {
        strategy: StrategyId::WriteBack,
        ..hand_scenario(200, 20, 8, 0.5)
    };
    let mut sim = Simulation::new(&s);
    sim.run_until(5_000);
    assert_eq!(sim.now_us(), 5_000);
    let cache = sim.cache_contents();
    assert!(!cache.is_empty());
    assert!(cache.windows(2).all(|w| w[0].key < w[1].key));
    assert!(cache.len() <= 8);
    // Write-back: the cache is ahead of the DB for dirty keys.
    assert!(cache
        .iter()
        .any(|e| e.dirty && e.ahead_of_db && e.pending_writes > 0));
    let db = sim.db_contents();
    assert!(db.windows(2).all(|w| w[0].key < w[1].key));
    let c = sim.counters();
    // Pending = dirty entries + batches on their way to the DB.
    assert!(c.dirty >= cache.iter().map(|e| e.pending_writes).sum::<u64>());
    let mid = sim.report();
    assert_eq!(mid.end_time_us, 5_000);
    assert!(mid.reads + mid.writes < 200);
}

#[test]
fn injected_crash_loses_the_dirty_writes_now() {
    let s = Scenario {
        strategy: StrategyId::WriteBack,
        ..hand_scenario(200, 20, 8, 0.5)
    };
    let mut sim = Simulation::new(&s);
    sim.run_until(5_000);
    let dirty = sim.counters().dirty;
    assert!(dirty > 0);
    sim.schedule(EventKind::CacheCrash { down_for_us: 1_000 });
    let info = sim.step().expect("the crash");
    assert!(matches!(
        info.kind,
        StepKind::Event {
            event: EventKind::CacheCrash { .. }
        }
    ));
    assert_eq!(sim.counters().lost_writes, dirty);
    assert!(sim.cache_contents().is_empty());
    assert!(!sim.counters().cache_up);
    let r = sim.finish();
    assert_eq!(r.lost_writes, dirty);
    assert_eq!(r.events.len(), 1);
    assert_eq!(r.events[0].at_us, 5_000);
}

#[test]
fn restore_rewinds_exactly() {
    let s = hand_scenario(100, 10, 4, 0.6);
    let mut sim = Simulation::new(&s);
    sim.run_until(3_000);
    let snap = sim.clone();
    let before = sim.cache_contents();
    sim.run_until(20_000);
    assert_ne!(sim.now_us(), snap.now_us());
    sim = snap;
    assert_eq!(sim.now_us(), 3_000);
    assert_eq!(sim.cache_contents(), before);
}
