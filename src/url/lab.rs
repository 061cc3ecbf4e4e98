//! The Lab's state in the link: strategy or custom path pair, knobs,
//! break-it injections and the timeline position.

use cachescope_sim::Scenario;

use crate::lab::knobs::{LabKnob, LAB_KNOBS};

use super::{
    compare_seed, decode_for_display, echo, first, format_duration, lab_strategy, parse_duration,
    set_params, Field, BREAK_KEY, MAX_INJECTIONS, POSITION_KEY, READ_PATH_KEY, SEED_KEY,
    STRATEGY_KEY, WRITE_PATH_KEY,
};

/// The Lab's knobs as link fields, with the same keys and units as
/// Compare's (ratios as fractions, times in ms).
///
/// Each field's range is its Lab knob's ([`LAB_KNOBS`], found by
/// `data-testid`), divided by `scale` where the knob shows another unit
/// (reads in %, a fraction in the link), so a link accepts exactly what the
/// knob can be set to. The getters here are exact, unlike the knobs', which
/// round for display: a link must round-trip the scenario.
fn lab_fields() -> [Field; 8] {
    use cachescope_sim::{Latency, Popularity};
    fn median_ms(l: &Latency) -> f64 {
        match *l {
            Latency::Constant { us } => us as f64 / 1e3,
            Latency::Uniform { min_us, max_us } => ((min_us + max_us) / 2) as f64 / 1e3,
            Latency::Exponential { mean_us } => mean_us as f64 / 1e3,
            Latency::LogNormal { median_us, .. } => median_us as f64 / 1e3,
        }
    }
    /// What the Lab's latency knobs set: log-normal, p99 = 4 × median.
    fn lognormal(ms: f64) -> Latency {
        let m = ((ms * 1e3).round() as u64).max(1);
        Latency::LogNormal {
            median_us: m,
            p99_us: m * 4,
        }
    }
    let f = |testid: &str, scale: f64, key, name: &str, get, set| {
        let knob = knob(testid);
        Field {
            key,
            name: name.to_owned(),
            min: knob.min / scale,
            max: knob.max / scale,
            get,
            set,
        }
    };
    [
        f(
            "knob-read-ratio",
            100.0,
            "read-ratio",
            "read ratio",
            |s| s.workload.read_ratio,
            |s, v| s.workload.read_ratio = v,
        ),
        f(
            "knob-zipf",
            1.0,
            "zipf-alpha",
            "key skew (Zipf α)",
            |s| match s.workload.popularity {
                Popularity::Zipf { alpha } => alpha,
                _ => 0.0,
            },
            |s, v| s.workload.popularity = Popularity::Zipf { alpha: v },
        ),
        f(
            "knob-keys",
            1.0,
            "key-space",
            "key space",
            |s| s.workload.key_space as f64,
            |s, v| s.workload.key_space = v.round() as u64,
        ),
        f(
            "knob-capacity",
            1.0,
            "capacity",
            "cache size",
            |s| f64::from(s.cache.capacity),
            |s, v| s.cache.capacity = v.round() as u32,
        ),
        f(
            "knob-ttl",
            1.0,
            "ttl",
            "TTL (ms)",
            |s| s.cache.ttl_us.map_or(0.0, |us| us as f64 / 1e3),
            |s, v| s.cache.ttl_us = (v > 0.0).then(|| (v * 1e3).round() as u64),
        ),
        f(
            "knob-cache-latency",
            1.0,
            "cache-latency",
            "cache latency (ms)",
            |s| median_ms(&s.cache.latency),
            |s, v| s.cache.latency = lognormal(v),
        ),
        f(
            "knob-db-read",
            1.0,
            "db-read",
            "DB read latency (ms)",
            |s| median_ms(&s.db.read_latency),
            |s, v| s.db.read_latency = lognormal(v),
        ),
        f(
            "knob-db-write",
            1.0,
            "db-write",
            "DB write latency (ms)",
            |s| median_ms(&s.db.write_latency),
            |s, v| s.db.write_latency = lognormal(v),
        ),
    ]
}

/// The Lab knob with this `data-testid`. Every id `lab_fields` names is in
/// [`LAB_KNOBS`]; a unit test builds the fields, so a renamed knob fails
/// there, never in a reader's browser.
fn knob(testid: &str) -> &'static LabKnob {
    LAB_KNOBS
        .iter()
        .find(|k| k.testid == testid)
        .unwrap_or_else(|| panic!("no Lab knob {testid}"))
}

/// The read paths a Lab link names (the ones the Lab offers).
const READ_PATHS: [(&str, cachescope_sim::ReadPath); 2] = [
    ("cache-aside", cachescope_sim::ReadPath::CacheAside),
    (
        "read-through",
        cachescope_sim::ReadPath::ReadThrough {
            single_flight: true,
        },
    ),
];

/// The write paths a Lab link names (the ones the Lab offers).
const WRITE_PATHS: [(&str, cachescope_sim::WritePath); 4] = [
    ("invalidate", cachescope_sim::WritePath::DbThenInvalidate),
    ("write-through", cachescope_sim::WritePath::WriteThrough),
    (
        "write-back",
        cachescope_sim::WritePath::write_back_default(),
    ),
    (
        "write-around",
        cachescope_sim::WritePath::WriteAround { invalidate: true },
    ),
];

/// The Lab's state as a link carries it; the Lab replays it through its
/// player (injections at their exact positions, then the position).
#[derive(Clone, Debug, PartialEq)]
pub struct LabLink {
    /// The scenario the player runs.
    pub scenario: Scenario,
    /// Break-it injections in order, each with the position it was made at.
    pub injections: Vec<(cachescope_sim::EventKind, crate::lab::player::Position)>,
    /// The timeline position shown.
    pub position: crate::lab::player::Position,
}

/// `812@406.25ms`.
fn format_position(p: crate::lab::player::Position) -> String {
    format!("{}@{}", p.events, format_duration(p.now_us))
}

fn parse_position(raw: &str) -> Option<crate::lab::player::Position> {
    let (events, time) = raw.split_once('@')?;
    if events.is_empty() || !events.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(crate::lab::player::Position {
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
    use crate::lab::defaults::{lab_scenario, Breaker};
    let (strategy, _) = lab_strategy(search);
    let mut s = lab_scenario(strategy);
    let mut notices = Vec::new();
    if let Some(seed) = compare_seed(search) {
        s.seed = seed;
    }
    if let Some(raw) = first(search, READ_PATH_KEY) {
        match READ_PATHS.iter().find(|(n, _)| *n == raw) {
            Some((_, r)) => s.read_path = Some(*r),
            None => notices.push(format!(
                "read path “{}” is not cache-aside or read-through; using {}'s.",
                echo(raw),
                strategy.as_str()
            )),
        }
    }
    if let Some(raw) = first(search, WRITE_PATH_KEY) {
        match WRITE_PATHS.iter().find(|(n, _)| *n == raw) {
            Some((_, w)) => s.write_path = Some(*w),
            None => notices.push(format!(
                "write path “{}” is not invalidate, write-through, write-back or write-around; \
                 using {}'s.",
                echo(raw),
                strategy.as_str()
            )),
        }
    }
    for field in lab_fields() {
        field.read(search, &mut s, &mut notices);
    }
    let mut injections: Vec<(cachescope_sim::EventKind, crate::lab::player::Position)> = Vec::new();
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
    let mut position = crate::lab::player::Position {
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
/// link.position = cachescope_app::lab::player::Position { events: 90, now_us: 60_000 };
/// assert_eq!(lab_search("?view=lab", &link), ("?view=lab&capacity=3&pos=90@60ms".to_owned(), true));
/// ```
pub fn lab_search(search: &str, link: &LabLink) -> (String, bool) {
    use crate::lab::defaults::{lab_scenario, Breaker};
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
        .and_then(|r| READ_PATHS.iter().find(|(_, p)| *p == r))
        .map(|(n, _)| (*n).to_owned());
    owned.push((READ_PATH_KEY, read));
    let write = s
        .write_path
        .and_then(|w| WRITE_PATHS.iter().find(|(_, p)| *p == w))
        .map(|(n, _)| (*n).to_owned());
    owned.push((WRITE_PATH_KEY, write));
    for f in lab_fields() {
        owned.push((f.key, f.written(s, &base)));
    }
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
    use super::*;

    #[test]
    fn every_lab_knob_is_a_link_field_with_the_knobs_range() {
        let fields = lab_fields();
        assert_eq!(fields.len(), LAB_KNOBS.len());
        let read = fields.iter().find(|f| f.key == "read-ratio").unwrap();
        // The knob shows %, the link holds the fraction.
        assert_eq!((read.min, read.max), (0.0, 1.0));
        let ttl = fields.iter().find(|f| f.key == "ttl").unwrap();
        assert_eq!((ttl.min, ttl.max), (0.0, 10_000.0));
        let mut keys: Vec<&str> = fields.iter().map(|f| f.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), fields.len(), "one field per knob");
    }

    #[test]
    fn the_link_getters_read_what_the_knobs_show() {
        // Same scenario, same numbers (up to the knob's display unit): the
        // link and the knob never disagree about a value.
        let s = crate::lab::defaults::lab_scenario(cachescope_sim::StrategyId::WriteBack);
        for (field, knob) in lab_fields().iter().zip(&LAB_KNOBS) {
            let scale = if field.key == "read-ratio" {
                100.0
            } else {
                1.0
            };
            let (link, shown) = ((field.get)(&s) * scale, (knob.get)(&s));
            assert!(
                (link - shown).abs() < 1e-9,
                "{}: {link} vs {shown}",
                field.key
            );
        }
    }
}
