//! The Lab's state in the link: strategy or custom path pair, knobs, the
//! eviction policy, break-it injections and the timeline position.

use cachescope_sim::Scenario;

use crate::settings::eviction::EVICTION_KEY;
use crate::settings::lab::{Position, LAB_KNOBS, READ_PATHS, WRITE_PATHS};
use crate::settings::lab_defaults::{lab_scenario, Breaker};

use super::duration::{format_duration, parse_duration};
use super::eviction_field::{eviction_written, read_eviction};
use super::keys::{
    BREAK_KEY, MAX_INJECTIONS, POSITION_KEY, READ_PATH_KEY, SEED_KEY, STRATEGY_KEY, WRITE_PATH_KEY,
};
use super::knob_field::{knob_written, read_knob};
use super::query::{decode_for_display, echo, first, set_params};
use super::route::{compare_seed, lab_strategy};

/// The Lab's state as a link carries it; the Lab replays it through its
/// player (injections at their exact positions, then the position).
#[derive(Clone, Debug, PartialEq)]
pub struct LabLink {
    /// The scenario the player runs.
    pub scenario: Scenario,
    /// Break-it injections in order, each with the position it was made at.
    pub injections: Vec<(cachescope_sim::EventKind, Position)>,
    /// The timeline position shown.
    pub position: Position,
}

/// `812@406.25ms`.
fn format_position(p: Position) -> String {
    format!("{}@{}", p.events, format_duration(p.now_us))
}

fn parse_position(raw: &str) -> Option<Position> {
    let (events, time) = raw.split_once('@')?;
    if events.is_empty() || !events.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(Position {
        events: events.parse().ok()?,
        now_us: parse_duration(time, cachescope_sim::limits::MAX_EVENT_TIME_US)?,
    })
}

/// The Lab's state from `search`: strategy (a bad one is explained by the
/// Lab itself), seed, path overrides, knobs (checked like Compare's), the
/// break-it injections (`break=crash:812@406.25ms,import:900@450ms`) and the
/// position (`pos=1200@600ms`). Whether each injection and the position are
/// moments of the run is for the player to say (see
/// [`crate::lab::player::Player::restore`]).
///
/// ```
/// use cachescope_app::url::parse_lab;
/// let (link, notices) = parse_lab("?view=lab&strategy=write-back&capacity=3&break=crash:40@20ms&pos=90@60ms");
/// assert!(notices.is_empty());
/// assert_eq!(link.scenario.cache.capacity, 3);
/// assert_eq!(link.injections.len(), 1);
/// assert_eq!((link.position.events, link.position.now_us), (90, 60_000));
/// ```
pub fn parse_lab(search: &str) -> (LabLink, Vec<String>) {
    let (strategy, _) = lab_strategy(search);
    let mut s = lab_scenario(strategy);
    let mut notices = Vec::new();
    if let Some(seed) = compare_seed(search) {
        s.seed = seed;
    }
    if let Some(raw) = first(search, READ_PATH_KEY) {
        match READ_PATHS.iter().find(|c| c.key == raw) {
            Some(c) => s.read_path = Some(c.path),
            None => notices.push(format!(
                "read path “{}” is not cache-aside or read-through; using {}'s.",
                echo(raw),
                strategy.as_str()
            )),
        }
    }
    if let Some(raw) = first(search, WRITE_PATH_KEY) {
        match WRITE_PATHS.iter().find(|c| c.key == raw) {
            Some(c) => s.write_path = Some(c.path),
            None => notices.push(format!(
                "write path “{}” is not invalidate, write-through, write-back or write-around; \
                 using {}'s.",
                echo(raw),
                strategy.as_str()
            )),
        }
    }
    for k in &LAB_KNOBS {
        read_knob(k, search, &mut s, &mut notices);
    }
    read_eviction(search, &mut s, &mut notices);
    let mut injections: Vec<(cachescope_sim::EventKind, Position)> = Vec::new();
    if let Some(raw) = first(search, BREAK_KEY) {
        let decoded = decode_for_display(raw);
        let items: Vec<&str> = decoded.split(',').collect();
        for item in items.iter().take(MAX_INJECTIONS) {
            let parsed = item.split_once(':').and_then(|(kind, at)| {
                let b = Breaker::ALL.into_iter().find(|b| b.as_str() == kind)?;
                Some((b.event(), parse_position(at)?))
            });
            match parsed {
                Some((kind, at))
                    if injections
                        .last()
                        .is_none_or(|(_, prev)| prev.events < at.events) =>
                {
                    injections.push((kind, at));
                }
                Some(_) => notices.push(format!(
                    "break-it “{}” comes before the one it follows; ignored.",
                    echo(item)
                )),
                None => notices.push(format!(
                    "break-it “{}” is not like crash:812@406.25ms (crash, admin-write, slow-db, \
                     import or expire-hot; events processed; time); ignored.",
                    echo(item)
                )),
            }
        }
        if items.len() > MAX_INJECTIONS {
            notices.push(format!(
                "a link carries at most {MAX_INJECTIONS} break-it events; ignored the other {}.",
                items.len() - MAX_INJECTIONS
            ));
        }
    }
    let mut position = Position {
        events: 0,
        now_us: 0,
    };
    if let Some(raw) = first(search, POSITION_KEY) {
        match parse_position(&decode_for_display(raw)) {
            Some(p) => position = p,
            None => notices.push(format!(
                "timeline position “{}” is not like 812@406.25ms (events processed, time); \
                 starting at 0.",
                echo(raw)
            )),
        }
    }
    (
        LabLink {
            scenario: s,
            injections,
            position,
        },
        notices,
    )
}

/// The link for the Lab's `link`, built on `search`, and whether it is
/// complete (parsed back, it gives `link` again; a scenario or injection the
/// keys cannot express makes it incomplete).
///
/// ```
/// use cachescope_app::url::{lab_search, parse_lab};
/// let (mut link, _) = parse_lab("?view=lab");
/// link.scenario.cache.capacity = 3;
/// link.position = cachescope_app::settings::lab::Position { events: 90, now_us: 60_000 };
/// assert_eq!(lab_search("?view=lab", &link), ("?view=lab&capacity=3&pos=90@60ms".to_owned(), true));
/// ```
pub fn lab_search(search: &str, link: &LabLink) -> (String, bool) {
    let s = &link.scenario;
    let base = lab_scenario(s.strategy);
    let mut owned: Vec<(&str, Option<String>)> = Vec::new();
    let keep_strategy = s.strategy != cachescope_sim::StrategyId::default()
        || first(search, STRATEGY_KEY).is_some();
    owned.push((
        STRATEGY_KEY,
        keep_strategy.then(|| s.strategy.as_str().to_owned()),
    ));
    let keep_seed = s.seed != base.seed || compare_seed(search).is_some();
    owned.push((SEED_KEY, keep_seed.then(|| s.seed.to_string())));
    let read = s
        .read_path
        .and_then(|r| READ_PATHS.iter().find(|c| c.path == r))
        .map(|c| c.key.to_owned());
    owned.push((READ_PATH_KEY, read));
    // By kind, and only a kind the strategy does not have anyway: a
    // write-back path's own flush interval and batch size go under their
    // knobs' keys, written below.
    let write = s
        .write_path
        .filter(|w| !w.same_kind(s.strategy.default_paths().1))
        .and_then(|w| WRITE_PATHS.iter().find(|c| c.path.same_kind(w)))
        .map(|c| c.key.to_owned());
    owned.push((WRITE_PATH_KEY, write));
    for k in &LAB_KNOBS {
        owned.push((k.key, knob_written(k, s, &base)));
    }
    owned.push((EVICTION_KEY, eviction_written(s, &base)));
    let injections: Vec<String> = link
        .injections
        .iter()
        .filter_map(|(kind, at)| {
            let b = Breaker::ALL.into_iter().find(|b| b.event() == *kind)?;
            Some(format!("{}:{}", b.as_str(), format_position(*at)))
        })
        .collect();
    owned.push((
        BREAK_KEY,
        (!injections.is_empty()).then(|| injections.join(",")),
    ));
    let at_start = link.position.events == 0 && link.position.now_us == 0;
    owned.push((
        POSITION_KEY,
        (!at_start).then(|| format_position(link.position)),
    ));
    let wanted: Vec<(&str, Option<&str>)> = owned.iter().map(|(k, v)| (*k, v.as_deref())).collect();
    let out = set_params(search, &wanted);
    let complete = parse_lab(&out).0 == *link;
    (out, complete)
}

#[cfg(test)]
mod tests {
    use super::super::hostile_values::HOSTILE;
    use super::super::{parse_lab_speed, LAB_KEYS};
    use super::*;

    #[test]
    fn every_lab_knob_round_trips_through_the_link_at_its_limits_and_between() {
        for id in cachescope_sim::StrategyId::ALL {
            for k in &LAB_KNOBS {
                for v in [
                    k.min,
                    k.max,
                    k.min + ((k.max - k.min) / k.step / 3.0).round() * k.step,
                ] {
                    let (mut link, _) = parse_lab(&format!("?view=lab&strategy={}", id.as_str()));
                    k.set(&mut link.scenario, v);
                    let (search, complete) = lab_search("?view=lab", &link);
                    assert!(complete, "{search}");
                    assert_eq!(parse_lab(&search), (link, vec![]), "{search}");
                }
            }
        }
    }

    /// A setting that does nothing after another change (coalescing once
    /// the read path is read-through, a grace window once the TTL is gone)
    /// is left out of the link, which then opens without a notice.
    #[test]
    fn a_setting_that_no_longer_applies_stays_out_of_the_link() {
        let (mut link, notices) = parse_lab("?view=lab&coalesce=1&ttl=500&stale-grace=200");
        assert_eq!(notices, Vec::<String>::new());
        assert!(link.scenario.cache.coalesce);
        link.scenario.read_path = Some(cachescope_sim::ReadPath::ReadThrough {
            single_flight: true,
        });
        link.scenario.cache.ttl_us = None;
        let (search, _) = lab_search("?view=lab", &link);
        assert!(
            !search.contains("coalesce") && !search.contains("stale-grace"),
            "{search}"
        );
        let (_, notices) = parse_lab(&search);
        assert_eq!(notices, Vec::<String>::new(), "{search}");
        // On read-through the box refuses a link's value, with a reason.
        let (_, notices) = parse_lab("?view=lab&strategy=read-through&coalesce=1");
        assert_eq!(
            notices,
            ["coalescing (1 = on) 1 is cache-aside's; read-through already loads a key once for all its waiting readers; ignored."]
        );
    }

    #[test]
    fn every_eviction_policy_round_trips_through_the_link() {
        for p in cachescope_sim::EvictionPolicy::ALL {
            let (mut link, _) = parse_lab("?view=lab&strategy=write-back");
            link.scenario.cache.eviction = p;
            let (search, complete) = lab_search("?view=lab&strategy=write-back", &link);
            assert!(complete, "{search}");
            assert_eq!(
                search.contains("eviction="),
                p != cachescope_sim::EvictionPolicy::Lru,
                "{search}"
            );
            assert_eq!(parse_lab(&search), (link, vec![]), "{search}");
        }
    }

    #[test]
    fn a_link_accepts_exactly_the_knobs_range() {
        for k in &LAB_KNOBS {
            let below = format!("?view=lab&{}={}", k.key, k.min - k.step);
            let above = format!("?view=lab&{}={}", k.key, k.max + k.step);
            for search in [below, above] {
                let (link, notices) = parse_lab(&search);
                assert_eq!(link, parse_lab("?view=lab").0, "{search}");
                assert_eq!(notices.len(), 1, "{search}: {notices:?}");
                assert!(notices[0].starts_with(k.noun), "{notices:?}");
            }
        }
    }

    #[test]
    fn hostile_lab_values_fall_back_with_a_notice_and_stay_valid() {
        let plain = parse_lab("?view=lab").0;
        let keys = LAB_KEYS
            .iter()
            .copied()
            .chain(LAB_KNOBS.iter().map(|k| k.key));
        for key in keys.filter(|k| *k != STRATEGY_KEY) {
            for bad in HOSTILE {
                let search = format!("?view=lab&{key}={bad}");
                let (link, mut notices) = parse_lab(&search);
                notices.extend(parse_lab_speed(&search).1);
                assert_eq!(link.scenario.validate(), Ok(()), "{search}");
                assert_eq!(notices.len(), 1, "{search}: {notices:?}");
                assert_eq!(link, plain, "{search}");
            }
        }
        let (_, n) = parse_lab("?view=lab&capacity=0");
        assert_eq!(n, ["cache size 0 is below the minimum 1; using 6."]);
        // Out of order, or more than a link carries.
        let (link, n) = parse_lab("?break=crash:50@10ms,import:40@9ms");
        assert_eq!(link.injections.len(), 1);
        assert!(n[0].contains("comes before"), "{n:?}");
        let many = vec!["expire-hot:1@1ms"; 1]
            .into_iter()
            .chain((2..100).map(|_| "x"))
            .collect::<Vec<_>>()
            .join(",");
        let (_, n) = parse_lab(&format!("?break={many}"));
        assert!(n.last().unwrap().contains("at most 32"), "{n:?}");
    }
}
