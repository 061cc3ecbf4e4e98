//! A Lab link replays through the player to the very same moment: the
//! link format (`cachescope_app::url`) and the player
//! (`cachescope_app::lab::player`) tested together, through their public
//! API, natively.

use cachescope_app::lab::player::Player;
use cachescope_app::settings::lab::Position;
use cachescope_app::settings::lab_defaults::{lab_scenario, Breaker};
use cachescope_app::url::{lab_search, parse_lab, LabLink, PageOptions};
use cachescope_sim::StrategyId;

/// A Lab link with a bit of everything, made by playing a real player.
fn played() -> (Player, LabLink) {
    let mut s = lab_scenario(StrategyId::WriteBack);
    s.seed = 9;
    s.cache.capacity = 4;
    s.workload.read_ratio = 0.55;
    s.cache.ttl_us = Some(250_000);
    s.db.read_latency = cachescope_sim::Latency::LogNormal {
        median_us: 7_500,
        p99_us: 30_000,
    };
    s.read_path = Some(cachescope_sim::ReadPath::ReadThrough {
        single_flight: true,
    });
    let mut p = Player::new(s.clone());
    for _ in 0..150 {
        p.step();
    }
    p.schedule(Breaker::Crash.event());
    p.advance_to(p.now_us() + 33_333);
    p.schedule(Breaker::Import.event());
    for _ in 0..25 {
        p.step();
    }
    let link = LabLink {
        scenario: s,
        injections: p
            .injections()
            .iter()
            .map(|i| {
                (
                    i.kind,
                    Position {
                        events: i.at_events,
                        now_us: i.at_us,
                    },
                )
            })
            .collect(),
        position: p.position(),
    };
    (p, link)
}

#[test]
fn a_lab_link_replays_the_same_counters_tables_and_position() {
    let (live, link) = played();
    let (search, complete) = lab_search("?view=lab", &link);
    assert!(complete, "{search}");
    assert!(search.starts_with("?view=lab&strategy=write-back&seed=9&read=read-through"));
    assert!(search.contains("&break=crash:"), "{search}");
    let (back, notices) = parse_lab(&search);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(back, link);
    assert!(PageOptions::parse(&search).notices.is_empty());
    let mut fresh = Player::new(back.scenario.clone());
    assert!(fresh.restore(&back.injections, back.position).is_empty());
    assert_eq!(fresh.position(), live.position());
    assert_eq!(fresh.counters(), live.counters());
    assert_eq!(fresh.cache_contents(), live.cache_contents());
    assert_eq!(fresh.db_contents(), live.db_contents());
    assert_eq!(fresh.injections(), live.injections());
    // Stepping on from the shared position stays identical too.
    let (mut a, mut b) = (live, fresh);
    for _ in 0..40 {
        a.step();
        b.step();
    }
    assert_eq!(a.counters(), b.counters());
}

#[test]
fn positions_that_are_not_moments_of_the_run_are_left_out_not_guessed() {
    let mut p = Player::new(lab_scenario(StrategyId::CacheAside));
    let bad = Position {
        events: 5,
        now_us: 0,
    };
    let n = p.restore(
        &[(Breaker::Crash.event(), bad)],
        Position {
            events: 9_999_999,
            now_us: 1,
        },
    );
    assert_eq!(n.len(), 2, "{n:?}");
    assert!(p.injections().is_empty());
}
