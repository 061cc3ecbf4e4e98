//! A comparison or a sweep run in slices of any size gives the same bytes as
//! one run in a single call, and `compare()` still gives what it gave before
//! it went through `CompareRun` (the committed CLI fixtures) and what each
//! lane gives when run on its own.

use std::path::PathBuf;

use cachescope_sim::{
    compare, run, Arrivals, CompareReport, CompareRun, Preset, PresetId, ReadPath, Scenario,
    StrategyId, Sweep, SweepAxis, WritePath, COMPARE_LANES,
};
use proptest::prelude::*;

/// `preset`'s scenario with `1/k` of its requests at `1/k` of its arrival
/// rates: the same simulated duration, so its scheduled events (crashes,
/// bursts, phases) still fire, at a fraction of the work.
fn shrunk(id: PresetId, k: u64) -> Scenario {
    let mut s = Preset::get(id).scenario;
    s.requests = (s.requests / k).max(1);
    if let Arrivals::Open { rate_per_sec } = &mut s.arrivals {
        *rate_per_sec /= k as f64;
    }
    for p in &mut s.workload.phases {
        if let Some(r) = &mut p.rate_per_sec {
            *r /= k as f64;
        }
    }
    s.validate().expect("a shrunk preset is still valid");
    s
}

fn json(r: &CompareReport) -> String {
    serde_json::to_string_pretty(r).expect("serialise")
}

/// Runs `s` in slices whose sizes cycle through `chunks`, checking the
/// progress figures on the way.
fn sliced(s: &Scenario, chunks: &[u64]) -> CompareReport {
    let mut run = CompareRun::new(s);
    let mut last = 0.0;
    let mut calls = 0u64;
    for &n in chunks.iter().cycle() {
        let before = run.events_done();
        let done = run.advance(n);
        assert!(
            run.events_done() - before <= n,
            "a slice stays in its budget"
        );
        let p = run.progress();
        assert!(p >= last, "progress went back from {last} to {p}");
        last = p;
        calls += 1;
        if done {
            break;
        }
        assert!(p < 1.0, "1.0 only when done");
        assert!(calls < 10_000_000, "a run always ends");
    }
    assert_eq!(run.progress(), 1.0);
    assert_eq!(run.requests_done(), run.requests_total());
    assert_eq!(run.requests_total(), COMPARE_LANES * s.requests);
    run.finish()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any slicing of any preset gives `compare()`'s bytes.
    #[test]
    fn any_slicing_gives_the_same_report(
        preset in 0..PresetId::ALL.len(),
        chunks in prop::collection::vec(1..5_000u64, 1..8),
        seed in 0..1_000u64,
    ) {
        let mut s = shrunk(PresetId::ALL[preset], 20);
        s.seed = seed;
        prop_assert_eq!(json(&sliced(&s, &chunks)), json(&compare(&s)));
    }
}

proptest! {
    // A sweep is 40 lanes: fewer cases, a smaller base.
    #![proptest_config(ProptestConfig::with_cases(6))]

    /// Any slicing of a sweep gives `run_all()`'s result.
    #[test]
    fn any_slicing_gives_the_same_sweep(
        axis in 0..SweepAxis::ALL.len(),
        chunk in 1..20_000u64,
    ) {
        let base = shrunk(PresetId::Catalog, 100);
        let sweep = Sweep::new(&base, SweepAxis::ALL[axis]);
        let mut run = sweep.start();
        let mut last = 0.0;
        while !run.advance(chunk) {
            prop_assert!(run.progress() >= last && run.progress() < 1.0);
            last = run.progress();
        }
        prop_assert_eq!(run.pieces_done(), sweep.pieces());
        let result = run.finish();
        prop_assert_eq!(&result, &sweep.run_all());
        // Piece by piece, each lane built from scratch (no shared picker).
        let pieces: Vec<_> = (0..sweep.pieces()).map(|i| sweep.run_piece(i)).collect();
        prop_assert_eq!(&result, &sweep.assemble(&pieces));
    }
}

/// Event by event, the slowest possible slicing, on every preset.
#[test]
fn one_event_at_a_time_gives_the_same_report() {
    for id in PresetId::ALL {
        let s = shrunk(id, 100);
        assert_eq!(json(&sliced(&s, &[1])), json(&compare(&s)), "{id}");
    }
}

/// Each lane of a comparison is what `run()` gives for that lane's paths
/// alone: an independent path to the same numbers (its own key picker, its
/// own `Simulation::new`), not the code under test checked against itself.
#[test]
fn every_lane_equals_running_it_alone() {
    for id in PresetId::ALL {
        let s = shrunk(id, 20);
        let c = compare(&s);
        let alone = |read: ReadPath, write: WritePath| {
            run(&Scenario {
                read_path: Some(read),
                write_path: Some(write),
                ..s.clone()
            })
        };
        assert_eq!(
            c.baseline,
            alone(ReadPath::NoCache, WritePath::NoCache),
            "{id} baseline"
        );
        for (lane, sid) in c.lanes.iter().zip(StrategyId::ALL) {
            let (r, w) = sid.default_paths();
            assert_eq!(*lane, alone(r, w), "{id} {sid}");
        }
    }
}

/// The CLI output committed before `compare()` went through `CompareRun`
/// (the app's fixtures, also checked in the browser): still the same bytes.
#[test]
fn compare_still_gives_the_committed_cli_output() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    for id in [PresetId::Wallet, PresetId::Counters] {
        let read = |ext: &str| {
            let p = dir.join(format!("{id}.{ext}.json"));
            std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        };
        let s = Scenario::from_json(&read("scenario")).expect("fixture scenario");
        assert_eq!(json(&compare(&s)), read("compare").trim_end(), "{id}");
    }
}
