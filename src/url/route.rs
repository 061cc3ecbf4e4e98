//! The route: which view a query string names, and the Lab's strategy and
//! Compare's preset and seed, which pick what that view opens on.

use std::fmt;

use super::keys::{is_known_key, PAGE_KEYS, PRESET_KEY, SEED_KEY, STRATEGY_KEY, VIEW_KEY};
use super::query::{
    decode_for_display, params, push_bare, push_pair, search_has_equals, set_params, shorten,
};

/// One of the app's top-level views, in navigation order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum View {
    /// Run one strategy on one workload and watch it step by step.
    #[default]
    Lab,
    /// Run every strategy on the same workload and seed, side by side.
    Compare,
    /// Answer questions about a workload and get a recommended strategy.
    Choose,
}

impl View {
    /// Every view, in the order the navigation shows them.
    pub const ALL: [View; 3] = [View::Lab, View::Compare, View::Choose];

    /// The value used in the query string (`?view=…`) and in `data-testid`s.
    pub const fn as_str(self) -> &'static str {
        match self {
            View::Lab => "lab",
            View::Compare => "compare",
            View::Choose => "choose",
        }
    }

    /// The human name shown in the navigation and as the view's heading.
    pub const fn label(self) -> &'static str {
        match self {
            View::Lab => "Lab",
            View::Compare => "Compare",
            View::Choose => "Choose",
        }
    }

    /// Parses a query-string value; `None` for anything that is not a view.
    /// Matching is exact (lower case), so every view has one canonical URL.
    pub fn from_query_value(value: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.as_str() == value)
    }
}

impl fmt::Display for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What the address bar asks for, after validation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Route {
    /// The view to show: the requested one, or [`View::default`] when the
    /// request was missing or unknown.
    pub view: View,
    /// The raw value of an unrecognised `view=` parameter (shortened), so the
    /// page can say why it fell back instead of silently ignoring the link.
    pub unknown: Option<String>,
}

impl Route {
    /// Parses a `location.search` string, with or without its leading `?`.
    ///
    /// Never fails: junk in the address bar yields the default view plus an
    /// `unknown` note. The first `view=` wins; other parameters are ignored
    /// here (they belong to other parts of the state). An empty `view=` is
    /// treated as absent.
    pub fn parse(search: &str) -> Route {
        let raw = params(search)
            .find(|(k, _)| *k == VIEW_KEY)
            .map(|(_, v)| v)
            .filter(|v| !v.is_empty());
        match raw {
            None => Route::default(),
            Some(raw) => match View::from_query_value(raw) {
                Some(view) => Route {
                    view,
                    unknown: None,
                },
                None => Route {
                    view: View::default(),
                    unknown: Some(shorten(&decode_for_display(raw))),
                },
            },
        }
    }
}

/// Returns `search` with its `view` parameter set to `view`, keeping every
/// other parameter, in order, byte for byte, except the state of the view
/// being left (its knobs, events, answers): page keys and the seed stay. The result always starts with
/// `?`, so it is a relative URL that keeps the current path: links built from
/// it work at `/` and at `/some/sub/path/` alike.
///
/// ```
/// use cachescope_app::url::{with_view, View};
/// assert_eq!(with_view("", View::Choose), "?view=choose");
/// assert_eq!(with_view("?seed=7&view=lab", View::Compare), "?seed=7&view=compare");
/// assert_eq!(with_view("?view=compare&capacity=50&theme=dark", View::Lab), "?view=lab&theme=dark");
/// ```
pub fn with_view(search: &str, view: View) -> String {
    let leaving = Route::parse(search).view != view;
    let mut out = String::from("?");
    let mut placed = false;
    for (key, value) in params(search) {
        if key == VIEW_KEY {
            if placed {
                continue; // drop duplicates: one canonical URL per state
            }
            placed = true;
            push_pair(&mut out, VIEW_KEY, view.as_str());
        } else if leaving && is_known_key(key) && !PAGE_KEYS.contains(&key) {
            // The state of the view being left: it means nothing (or
            // something else) on the next one; Back still returns to it.
            continue;
        } else if value.is_empty() && !search_has_equals(search, key) {
            push_bare(&mut out, key);
        } else {
            push_pair(&mut out, key, value);
        }
    }
    if !placed {
        push_pair(&mut out, VIEW_KEY, view.as_str());
    }
    out
}

/// The Lab's strategy asked for by `search`: the named strategy, or the
/// default (cache-aside) plus the unrecognised value (shortened, decoded for
/// display) so the Lab can say why it fell back. Missing or empty means the
/// default without a notice.
///
/// ```
/// use cachescope_app::url::lab_strategy;
/// use cachescope_sim::StrategyId;
/// assert_eq!(lab_strategy("?view=lab&strategy=write-back"), (StrategyId::WriteBack, None));
/// assert_eq!(lab_strategy("?strategy=lru"), (StrategyId::CacheAside, Some("lru".to_string())));
/// ```
pub fn lab_strategy(search: &str) -> (cachescope_sim::StrategyId, Option<String>) {
    let raw = params(search)
        .find(|(k, _)| *k == STRATEGY_KEY)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty());
    match raw {
        None => (cachescope_sim::StrategyId::default(), None),
        Some(raw) => match raw.parse() {
            Ok(id) => (id, None),
            Err(_) => (
                cachescope_sim::StrategyId::default(),
                Some(shorten(&decode_for_display(raw))),
            ),
        },
    }
}

/// Returns `search` with `strategy` set to `id` (replacing any previous
/// value, keeping every other parameter in order).
///
/// ```
/// use cachescope_app::url::with_strategy;
/// use cachescope_sim::StrategyId;
/// assert_eq!(with_strategy("?view=lab", StrategyId::WriteAround), "?view=lab&strategy=write-around");
/// assert_eq!(with_strategy("?strategy=x&view=lab", StrategyId::ReadThrough), "?strategy=read-through&view=lab");
/// ```
pub fn with_strategy(search: &str, id: cachescope_sim::StrategyId) -> String {
    let mut out = String::from("?");
    let mut placed = false;
    for (key, value) in params(search) {
        if key == STRATEGY_KEY {
            if !placed {
                push_pair(&mut out, STRATEGY_KEY, id.as_str());
                placed = true;
            }
        } else if value.is_empty() && !search_has_equals(search, key) {
            push_bare(&mut out, key);
        } else {
            push_pair(&mut out, key, value);
        }
    }
    if !placed {
        push_pair(&mut out, STRATEGY_KEY, id.as_str());
    }
    out
}

/// The Compare preset asked for by `search`: the named preset, or the default
/// plus the unrecognised value (shortened, decoded for display) so the view
/// can say why it fell back. Missing or empty means the default, no notice.
///
/// ```
/// use cachescope_app::url::compare_preset;
/// use cachescope_sim::PresetId;
/// assert_eq!(compare_preset("?view=compare&preset=etl"), (PresetId::Etl, None));
/// assert_eq!(compare_preset("?preset=bank"), (PresetId::DEFAULT, Some("bank".to_string())));
/// ```
pub fn compare_preset(search: &str) -> (cachescope_sim::PresetId, Option<String>) {
    match params(search)
        .find(|(k, _)| *k == PRESET_KEY)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
    {
        None => (cachescope_sim::PresetId::DEFAULT, None),
        Some(raw) => match raw.parse() {
            Ok(id) => (id, None),
            Err(_) => (
                cachescope_sim::PresetId::DEFAULT,
                Some(shorten(&decode_for_display(raw))),
            ),
        },
    }
}

/// The seed asked for by `search` (`&seed=N`), if it is a valid `u64`.
///
/// ```
/// assert_eq!(cachescope_app::url::compare_seed("?view=compare&seed=7"), Some(7));
/// assert_eq!(cachescope_app::url::compare_seed("?seed=x"), None);
/// ```
pub fn compare_seed(search: &str) -> Option<u64> {
    params(search)
        .find(|(k, _)| *k == SEED_KEY)
        .and_then(|(_, v)| v.parse().ok())
}

/// The link that opens Compare on `preset` (what Choose's "show me" uses).
///
/// ```
/// use cachescope_sim::PresetId;
/// assert_eq!(cachescope_app::url::compare_link(PresetId::Wallet), "?view=compare&preset=wallet");
/// ```
pub fn compare_link(preset: cachescope_sim::PresetId) -> String {
    format!("?{VIEW_KEY}=compare&{PRESET_KEY}={}", preset.as_str())
}

/// Returns `search` with `preset` and `seed` set (a `None` seed removes it),
/// keeping every other parameter in order.
///
/// ```
/// use cachescope_sim::PresetId;
/// use cachescope_app::url::with_compare;
/// assert_eq!(with_compare("?view=compare", PresetId::Etl, Some(9)), "?view=compare&preset=etl&seed=9");
/// assert_eq!(with_compare("?seed=3&preset=x&view=compare", PresetId::Wallet, None), "?preset=wallet&view=compare");
/// ```
pub fn with_compare(search: &str, preset: cachescope_sim::PresetId, seed: Option<u64>) -> String {
    let seed = seed.map(|s| s.to_string());
    set_params(
        search,
        &[
            (PRESET_KEY, Some(preset.as_str())),
            (SEED_KEY, seed.as_deref()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::super::query::MAX_ECHO_CHARS;
    use super::super::*;

    fn check(search: &str, view: View, unknown: Option<&str>) {
        let route = Route::parse(search);
        assert_eq!(route.view, view, "view for {search:?}");
        assert_eq!(route.unknown.as_deref(), unknown, "unknown for {search:?}");
    }

    #[test]
    fn parses_every_view_with_and_without_question_mark() {
        for view in View::ALL {
            check(&format!("?view={}", view.as_str()), view, None);
            check(&format!("view={}", view.as_str()), view, None);
        }
    }

    #[test]
    fn missing_or_empty_view_is_the_default_without_notice() {
        check("", View::Lab, None);
        check("?", View::Lab, None);
        check("?view=", View::Lab, None);
        check("?seed=3&&x", View::Lab, None);
    }

    #[test]
    fn view_among_other_parameters() {
        check("?seed=42&view=choose&ratio=0.9", View::Choose, None);
        check("?view=compare&view=choose", View::Compare, None);
    }

    #[test]
    fn unknown_view_falls_back_and_is_reported_decoded() {
        check("?view=Compare", View::Lab, Some("Compare"));
        check("?view=no%20such+view", View::Lab, Some("no such view"));
        check("?view=%zz%4", View::Lab, Some("%zz%4"));
        check("?view=%E2%9C%93", View::Lab, Some("✓"));
        check("?view=%FF", View::Lab, Some("\u{FFFD}"));
    }

    #[test]
    fn unknown_view_echo_is_bounded() {
        let long = "x".repeat(500);
        let route = Route::parse(&format!("?view={long}"));
        let echoed = route.unknown.expect("unknown view");
        assert_eq!(echoed.chars().count(), MAX_ECHO_CHARS + 1);
        assert!(echoed.ends_with('…'));
    }

    #[test]
    fn with_view_sets_replaces_and_keeps_the_rest() {
        assert_eq!(with_view("", View::Lab), "?view=lab");
        assert_eq!(with_view("?", View::Compare), "?view=compare");
        assert_eq!(
            with_view("?seed=7&view=lab&flag&empty=", View::Choose),
            "?seed=7&view=choose&flag&empty="
        );
        assert_eq!(
            with_view("?view=lab&a=1&view=zzz", View::Compare),
            "?view=compare&a=1"
        );
        assert_eq!(with_view("a=%20", View::Lab), "?a=%20&view=lab");
    }

    #[test]
    fn with_view_round_trips_through_parse() {
        for view in View::ALL {
            for search in ["", "?seed=1", "?view=bogus&x=y"] {
                assert_eq!(Route::parse(&with_view(search, view)).view, view);
                assert_eq!(Route::parse(&with_view(search, view)).unknown, None);
            }
        }
    }

    #[test]
    fn labels_and_query_values_are_distinct() {
        let mut values: Vec<_> = View::ALL.iter().map(|v| v.as_str()).collect();
        values.sort_unstable();
        values.dedup();
        assert_eq!(values.len(), View::ALL.len());
        for view in View::ALL {
            assert_eq!(View::from_query_value(view.as_str()), Some(view));
            assert_eq!(view.to_string(), view.label());
        }
    }
}
