//! Compare's state in the link: the preset, each knob that differs from it
//! (and the eviction policy), and the preset's events moved in time or
//! switched off (`crash=30s,off`).

use cachescope_sim::Scenario;

use super::duration::{format_duration, parse_duration};
use super::eviction_field::{eviction_written, read_eviction};
use super::keys::{compare_link_knobs, EVENT_KEYS, PRESET_KEY, SEED_KEY};
use super::knob_field::{knob_written, read_knob};
use super::query::{decode_for_display, echo, first, number, set_params};
use super::route::{compare_preset, compare_seed};
use crate::settings::eviction::EVICTION_KEY;

/// The Compare view's state as a link carries it.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareState {
    /// The preset the knobs start from.
    pub preset: cachescope_sim::PresetId,
    /// The scenario the lanes run.
    pub scenario: Scenario,
    /// The preset's events, each with its on/off switch (moved in time or
    /// not); the scenario holds the enabled ones (see [`enabled_events`]).
    pub events: Vec<(cachescope_sim::ScheduledEvent, bool)>,
}

impl CompareState {
    /// `preset` as it loads, untouched.
    pub fn of_preset(preset: cachescope_sim::PresetId) -> CompareState {
        let scenario = cachescope_sim::Preset::get(preset).scenario;
        let events = scenario.events.iter().cloned().map(|e| (e, true)).collect();
        CompareState {
            preset,
            scenario,
            events,
        }
    }
}

/// The enabled events of a switch list, in time order (ties keep list
/// order): what the scenario runs.
pub fn enabled_events(
    list: &[(cachescope_sim::ScheduledEvent, bool)],
) -> Vec<cachescope_sim::ScheduledEvent> {
    let mut evs: Vec<_> = list
        .iter()
        .filter(|(_, on)| *on)
        .map(|(e, _)| e.clone())
        .collect();
    evs.sort_by_key(|e| e.at_us);
    evs
}

/// Which [`EVENT_KEYS`] entry an event kind is written under.
fn event_slot(kind: &cachescope_sim::EventKind) -> usize {
    use cachescope_sim::EventKind::*;
    match kind {
        CacheCrash { .. } => 0,
        CacheFlush => 1,
        AdminWrite { .. } => 2,
        AdminWrites { .. } => 3,
        BulkImport { .. } => 4,
        DbSlow { .. } => 5,
        ExpireHot { .. } => 6,
    }
}

/// Compare's state from `search`: the preset, the seed, every knob key
/// (range-checked, then checked by `Scenario::validate`), and the event keys
/// (`crash=30s,off`). Each rejected value falls back to the preset's with a
/// specific notice; an unknown preset or a bad seed is explained elsewhere
/// (the view, [`super::PageOptions`]).
///
/// ```
/// use cachescope_app::url::parse_compare;
/// let (state, notices) = parse_compare("?view=compare&preset=counters&capacity=50&crash=30s&seed=7");
/// assert!(notices.is_empty());
/// assert_eq!(state.scenario.cache.capacity, 50);
/// assert_eq!(state.scenario.seed, 7);
/// assert_eq!(state.scenario.events[0].at_us, 30_000_000);
/// let (_, notices) = parse_compare("?view=compare&capacity=0");
/// assert!(notices[0].starts_with("cache size (entries) 0 is below the minimum 1; using"));
/// ```
pub fn parse_compare(search: &str) -> (CompareState, Vec<String>) {
    let (preset, _) = compare_preset(search);
    let mut state = CompareState::of_preset(preset);
    let mut notices = Vec::new();
    if let Some(seed) = compare_seed(search) {
        state.scenario.seed = seed;
    }
    for k in compare_link_knobs() {
        read_knob(k, search, &mut state.scenario, &mut notices);
    }
    read_eviction(search, &mut state.scenario, &mut notices);
    let mut list = state.events.clone();
    let mut touched = false;
    for (slot, (key, noun)) in EVENT_KEYS.iter().enumerate() {
        let Some(raw) = first(search, key) else {
            continue;
        };
        let slots: Vec<usize> = (0..list.len())
            .filter(|i| event_slot(&list[*i].0.kind) == slot)
            .collect();
        if slots.is_empty() {
            notices.push(format!(
                "{key}={}: preset {} schedules no {noun}; ignored.",
                echo(raw),
                preset.as_str()
            ));
            continue;
        }
        let decoded = decode_for_display(raw);
        let items: Vec<&str> = decoded.split(',').collect();
        for (item, &i) in items.iter().zip(&slots) {
            let item = item.trim();
            if item == "off" {
                list[i].1 = false;
                touched = true;
            } else if let Some(us) = parse_duration(item, cachescope_sim::limits::MAX_EVENT_TIME_US)
            {
                list[i] = (
                    cachescope_sim::ScheduledEvent {
                        at_us: us,
                        kind: list[i].0.kind,
                    },
                    true,
                );
                touched = true;
            } else {
                notices.push(format!(
                    "{noun} time “{}” is not a time like 30s or 1500ms, or off; keeping {}.",
                    echo(item),
                    format_duration(list[i].0.at_us)
                ));
            }
        }
        if items.len() > slots.len() {
            notices.push(format!(
                "{key}: preset {} has {} {noun}{}; ignored the other {}.",
                preset.as_str(),
                slots.len(),
                if slots.len() == 1 { "" } else { "s" },
                items.len() - slots.len()
            ));
        }
    }
    if touched {
        let mut t = state.scenario.clone();
        t.events = enabled_events(&list);
        match t.validate() {
            Ok(()) => {
                state.scenario = t;
                state.events = list;
            }
            Err(e) => notices.push(format!(
                "the events in this link are refused by the simulator ({e}); using the preset's."
            )),
        }
    }
    (state, notices)
}

/// The link for Compare's `state`, built on `search` (other parameters kept):
/// the preset (when not the default, or already there), the seed (when not
/// the preset's, or already there), every knob that differs from the preset,
/// and an event key for each kind whose events were moved or switched off.
///
/// Returns the link and whether it is complete: the link is parsed back and
/// compared with `state`, so a scenario the keys cannot express (an imported
/// file with settings outside the knobs) is reported, never silently replaced
/// by a link that gives other numbers.
///
/// ```
/// use cachescope_app::url::{compare_search, parse_compare};
/// let (mut state, _) = parse_compare("?view=compare&preset=counters");
/// state.scenario.cache.capacity = 50;
/// let (link, complete) = compare_search("?view=compare&preset=counters", &state);
/// assert_eq!(link, "?view=compare&preset=counters&capacity=50");
/// assert!(complete);
/// state.scenario.cache.eviction = cachescope_sim::EvictionPolicy::S3Fifo;
/// let (link, complete) = compare_search(&link, &state);
/// assert_eq!(link, "?view=compare&preset=counters&capacity=50&eviction=s3fifo");
/// assert!(complete);
/// state.scenario.cache.latency = cachescope_sim::Latency::Constant { us: 7 };
/// assert!(!compare_search(&link, &state).1);
/// ```
pub fn compare_search(search: &str, state: &CompareState) -> (String, bool) {
    let build = |all_knobs: bool| {
        let base = CompareState::of_preset(state.preset);
        let mut owned: Vec<(&str, Option<String>)> = Vec::new();
        let keep_preset = state.preset != cachescope_sim::PresetId::DEFAULT
            || first(search, PRESET_KEY).is_some();
        owned.push((
            PRESET_KEY,
            keep_preset.then(|| state.preset.as_str().to_owned()),
        ));
        let keep_seed = state.scenario.seed != base.scenario.seed || compare_seed(search).is_some();
        owned.push((SEED_KEY, keep_seed.then(|| state.scenario.seed.to_string())));
        for k in compare_link_knobs() {
            let v = if all_knobs {
                Some(number(k.get(&state.scenario)))
            } else {
                knob_written(k, &state.scenario, &base.scenario)
            };
            owned.push((k.key, v));
        }
        owned.push((
            EVICTION_KEY,
            eviction_written(&state.scenario, &base.scenario),
        ));
        for (slot, (key, _)) in EVENT_KEYS.iter().enumerate() {
            let mine: Vec<_> = state
                .events
                .iter()
                .filter(|(e, _)| event_slot(&e.kind) == slot)
                .collect();
            let theirs: Vec<_> = base
                .events
                .iter()
                .filter(|(e, _)| event_slot(&e.kind) == slot)
                .collect();
            let v = (mine != theirs).then(|| {
                mine.iter()
                    .map(|(e, on)| {
                        if *on {
                            format_duration(e.at_us)
                        } else {
                            "off".to_owned()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            });
            owned.push((key, v));
        }
        let wanted: Vec<(&str, Option<&str>)> =
            owned.iter().map(|(k, v)| (*k, v.as_deref())).collect();
        let link = set_params(search, &wanted);
        let (back, _) = parse_compare(&link);
        let complete = back == *state;
        (link, complete)
    };
    match build(false) {
        (link, true) => (link, true),
        // A knob whose value reads like the preset's may still have changed
        // the scenario (Zipf α on a hotspot preset): writing every knob
        // carries it; if even that is not enough, say so.
        (link, false) => match build(true) {
            (all, true) => (all, true),
            _ => (link, false),
        },
    }
}

/// What of `state` the Compare link cannot carry, named for the page's
/// notice (empty when the link is complete): the parts of the scenario that
/// differ between `state` and what its link opens.
///
/// ```
/// use cachescope_app::url::{compare_link_gaps, parse_compare};
/// use cachescope_sim::WritePath;
/// let (mut state, _) = parse_compare("?view=compare&preset=counters");
/// assert!(compare_link_gaps("?view=compare&preset=counters", &state).is_empty());
/// // Write-back's settings are knobs now; write-around without its DEL is not.
/// state.scenario.write_path = Some(WritePath::WriteBack { flush_interval_us: 50_000, batch_max: 20 });
/// assert!(compare_link_gaps("?view=compare&preset=counters", &state).is_empty());
/// state.scenario.write_path = Some(WritePath::WriteAround { invalidate: false });
/// assert_eq!(compare_link_gaps("?view=compare&preset=counters", &state), ["the write path"]);
/// ```
pub fn compare_link_gaps(search: &str, state: &CompareState) -> Vec<&'static str> {
    let (link, complete) = compare_search(search, state);
    if complete {
        return Vec::new();
    }
    let (back, _) = parse_compare(&link);
    let (a, b) = (&back.scenario, &state.scenario);
    let parts: [(&'static str, bool); 13] = [
        ("the strategy", a.strategy != b.strategy),
        ("the read path", a.read_path != b.read_path),
        ("the write path", a.write_path != b.write_path),
        ("the eviction policy", a.cache.eviction != b.cache.eviction),
        (
            "the cache latency distribution",
            a.cache.latency != b.cache.latency,
        ),
        (
            "the database latency distributions",
            a.db.read_latency != b.db.read_latency || a.db.write_latency != b.db.write_latency,
        ),
        (
            "the key popularity",
            a.workload.popularity != b.workload.popularity,
        ),
        (
            "the workload phases",
            a.workload.phases != b.workload.phases,
        ),
        ("the arrivals", a.arrivals != b.arrivals),
        (
            "the events",
            a.events != b.events || back.events != state.events,
        ),
        ("the time-series window", a.window_us != b.window_us),
        ("the trace length", a.log_limit != b.log_limit),
        (
            "a knob value",
            a.requests != b.requests
                || a.seed != b.seed
                || a.cache.capacity != b.cache.capacity
                || a.cache.ttl_us != b.cache.ttl_us
                || a.db.connections != b.db.connections
                || a.workload.key_space != b.workload.key_space
                || a.workload.read_ratio != b.workload.read_ratio,
        ),
    ];
    let named: Vec<&'static str> = parts.iter().filter(|(_, d)| *d).map(|(n, _)| *n).collect();
    if named.is_empty() {
        vec!["a setting"]
    } else {
        named
    }
}

#[cfg(test)]
mod tests {
    use super::super::hostile_values::HOSTILE;
    use super::super::PageOptions;
    use super::*;
    use cachescope_sim::{EvictionPolicy, Preset, PresetId};

    /// A Compare state with a bit of everything changed.
    fn edited(id: PresetId) -> CompareState {
        let mut s = CompareState::of_preset(id);
        s.scenario.cache.capacity = 50;
        s.scenario.workload.read_ratio = 0.75;
        s.scenario.cache.ttl_us = Some(1_500_000);
        s.scenario.seed = 7;
        if let Some((e, on)) = s.events.first_mut() {
            e.at_us = 30_000_000;
            *on = true;
        }
        if let Some((_, on)) = s.events.get_mut(1) {
            *on = false;
        }
        s.scenario.events = enabled_events(&s.events);
        s
    }

    #[test]
    fn compare_state_round_trips_through_the_link_for_every_preset() {
        for p in Preset::all() {
            let state = edited(p.id);
            let (link, complete) = compare_search("?view=compare", &state);
            assert!(complete, "{link}");
            assert!(link.contains("capacity=50&"), "{link}");
            assert!(link.contains("read-ratio=0.75"), "{link}");
            assert!(link.contains("ttl=1500"), "{link}");
            assert!(link.contains("seed=7"), "{link}");
            let (back, notices) = parse_compare(&link);
            assert_eq!(notices, Vec::<String>::new(), "{link}");
            assert_eq!(back, state, "{link}");
            assert!(PageOptions::parse(&link).notices.is_empty(), "{link}");
            // Untouched: the link holds the preset alone.
            let plain = CompareState::of_preset(p.id);
            let (link, complete) = compare_search("?view=compare", &plain);
            assert!(complete);
            let expected = if p.id == PresetId::DEFAULT {
                "?view=compare".to_owned()
            } else {
                format!("?view=compare&preset={}", p.id.as_str())
            };
            assert_eq!(link, expected);
        }
        let (link, _) = compare_search("?view=compare", &edited(PresetId::Counters));
        assert_eq!(
            link,
            "?view=compare&preset=counters&seed=7&read-ratio=0.75&capacity=50&ttl=1500&crash=30s"
        );
    }

    #[test]
    fn every_knob_at_its_limits_round_trips() {
        for p in Preset::all() {
            for k in compare_link_knobs() {
                // A grace window or early refresh needs a TTL (a link's
                // value for one is refused without it: url's notice test).
                if !(k.field.applies)(&p.scenario) {
                    continue;
                }
                for v in [k.min, k.max] {
                    let mut state = CompareState::of_preset(p.id);
                    k.set(&mut state.scenario, v);
                    let (link, complete) = compare_search("?view=compare", &state);
                    assert!(complete, "{link}");
                    assert_eq!(parse_compare(&link), (state, vec![]), "{link}");
                }
            }
        }
    }

    #[test]
    fn a_scenario_the_link_cannot_express_is_reported() {
        let mut state = CompareState::of_preset(PresetId::Wallet);
        state.scenario.cache.latency = cachescope_sim::Latency::Constant { us: 7 };
        assert!(!compare_search("?view=compare", &state).1);
        // The eviction policy is a key of its own now.
        let mut state = CompareState::of_preset(PresetId::Wallet);
        for p in EvictionPolicy::ALL {
            state.scenario.cache.eviction = p;
            let (link, complete) = compare_search("?view=compare", &state);
            assert!(complete, "{link}");
            assert_eq!(parse_compare(&link), (state.clone(), vec![]), "{link}");
        }
        // An imported event list that is not the preset's own.
        let mut state = CompareState::of_preset(PresetId::Catalog);
        state.events = vec![(
            cachescope_sim::ScheduledEvent {
                at_us: 5,
                kind: cachescope_sim::EventKind::CacheFlush,
            },
            true,
        )];
        state.scenario.events = enabled_events(&state.events);
        assert!(!compare_search("?view=compare", &state).1);
    }

    #[test]
    fn hostile_compare_values_fall_back_with_a_notice_and_stay_valid() {
        for key in compare_link_knobs()
            .map(|k| k.key)
            .chain(EVENT_KEYS.iter().map(|(k, _)| *k))
            .chain([EVICTION_KEY])
        {
            for bad in HOSTILE {
                let search = format!("?view=compare&preset=counters&{key}={bad}");
                let (state, notices) = parse_compare(&search);
                assert_eq!(state.scenario.validate(), Ok(()), "{search}");
                assert_eq!(notices.len(), 1, "{search}: {notices:?}");
                assert!(notices[0].len() < 400, "{}", notices[0]);
                assert_eq!(
                    state,
                    CompareState::of_preset(PresetId::Counters),
                    "{search}"
                );
            }
        }
        let (_, n) = parse_compare("?view=compare&preset=counters&capacity=0");
        let cap = Preset::get(PresetId::Counters).scenario.cache.capacity;
        assert_eq!(
            n,
            [format!(
                "cache size (entries) 0 is below the minimum 1; using {cap}."
            )]
        );
        let (_, n) = parse_compare("?view=compare&preset=counters&crash=1s,2s,off");
        assert_eq!(
            n,
            ["crash: preset counters has 1 cache crash; ignored the other 2."]
        );
        let no_crash = Preset::all()
            .into_iter()
            .find(|p| {
                p.scenario
                    .events
                    .iter()
                    .all(|e| e.kind.as_str() != "cache-crash")
            })
            .expect("a preset without a crash");
        let (_, n) = parse_compare(&format!("?preset={}&crash=1s", no_crash.id.as_str()));
        assert!(n[0].contains("schedules no cache crash"), "{n:?}");
    }

    #[test]
    fn compare_events_accept_encoded_commas_and_off() {
        let (state, n) = parse_compare("?view=compare&preset=counters&crash=off");
        assert!(n.is_empty());
        assert!(state
            .scenario
            .events
            .iter()
            .all(|e| e.kind.as_str() != "cache-crash"));
        let (state, n) = parse_compare("?view=compare&preset=counters&crash=1500ms%2C2s");
        assert_eq!(n.len(), 1, "{n:?}");
        assert_eq!(state.events[0].0.at_us, 1_500_000);
    }
}
