//! The address bar: the only module that knows the query-string format.
//!
//! Every view is addressed by a plain query string (`?view=compare`), never by
//! a path, so a deep link survives a reload on any static host (GitHub Pages,
//! an S3 bucket, `python3 -m http.server`) without a rewrite rule, and the
//! app works unchanged when served from a sub-path such as `/some/sub/path/`.
//!
//! The query string holds the whole state of a view, so a copied link, a
//! bookmark or an embed reproduces the same numbers:
//!
//! - every view: `view`, `seed`, `embed`, `theme` ([`PageOptions`]);
//! - Compare: `preset`, each knob that differs from the preset (the ids of
//!   [`crate::settings::compare::COMPARE_KNOBS`]) and one key per event kind for the
//!   preset's events that were moved or switched off (`crash=30s,off`):
//!   [`parse_compare`], [`compare_search`]; the chart keys (`risk`,
//!   `metric`, and `chart` in an embed): [`parse_chart_view`],
//!   [`chart_view_search`];
//! - the Lab: `strategy`, `read`/`write` for a custom pair, the knobs that
//!   differ from the Lab defaults, the break-it injections
//!   (`break=crash:812@406.25ms`) and the timeline position
//!   (`pos=812@406.25ms`): [`parse_lab`], [`lab_search`]; the playback
//!   speed (`speed=10`): [`parse_lab_speed`], [`lab_speed_search`];
//! - Choose: one key per answer (`mix=write&lose=yes`): [`parse_choose`],
//!   [`choose_search`].
//!
//! This file holds the route, the page keys and the shared helpers; each
//! view's state has its own file: `url/compare.rs`, `url/chart_view.rs`,
//! `url/lab.rs`, `url/lab_speed.rs`, `url/choose.rs`, and `url/history.rs`
//! writes the browser's history.
//!
//! Parsers never fail: each rejected value falls back to the default with a
//! specific sentence, and the result passes `Scenario::validate`. Writers
//! keep every other parameter, write only what differs from the defaults,
//! and parse their own output back to say whether the link is complete.
//! Everything here is pure and tested natively; the few functions that touch
//! `window` (reading the address, writing history) are thin wrappers.
//!
//! ```
//! use cachescope_app::url::{Route, View};
//!
//! let route = Route::parse("?view=compare&seed=7");
//! assert_eq!(route.view, View::Compare);
//! assert_eq!(route.unknown, None);
//!
//! // An unknown view falls back to the default and remembers what was asked.
//! let route = Route::parse("?view=graphs");
//! assert_eq!(route.view, View::Lab);
//! assert_eq!(route.unknown.as_deref(), Some("graphs"));
//! ```

use std::fmt;

use cachescope_sim::Scenario;

use crate::settings::compare::COMPARE_KNOBS;
use crate::settings::knob::Knob;
use crate::settings::lab::LAB_KNOBS;

mod chart_view;
mod choose;
mod compare;
mod history;
mod lab;
mod lab_speed;
pub use chart_view::{
    chart_view_search, parse_chart_view, ChartView, CHART_KEY, CHART_KEYS, METRIC_KEY, RISK_KEY,
};
pub use choose::{choose_search, parse_choose};
pub use compare::{compare_link_gaps, compare_search, enabled_events, parse_compare, CompareState};
pub use history::{current_search, discard_pending, flush_pending, push_search, write_search};
pub use history::{Write, SETTLE_MS};
pub use lab::{lab_search, parse_lab, LabLink};
pub use lab_speed::{lab_speed_search, parse_lab_speed, SPEED_KEY};

/// The query-string key that names the current view.
pub const VIEW_KEY: &str = "view";

/// The longest unknown view name echoed back to the user; longer input is cut
/// so a hostile link cannot fill the page.
const MAX_ECHO_CHARS: usize = 40;

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

/// The query-string key that names the Lab's strategy (`?view=lab&strategy=write-back`).
pub const STRATEGY_KEY: &str = "strategy";

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

/// Splits a query string into `(key, value)` pairs, skipping empty segments.
fn params(search: &str) -> impl Iterator<Item = (&str, &str)> {
    search
        .strip_prefix('?')
        .unwrap_or(search)
        .split('&')
        .filter(|segment| !segment.is_empty())
        .map(|segment| segment.split_once('=').unwrap_or((segment, "")))
}

/// Whether `key` appeared as `key=` (empty value) rather than a bare `key`,
/// so [`with_view`] can reproduce other parameters exactly.
fn search_has_equals(search: &str, key: &str) -> bool {
    let needle = format!("{key}=");
    search
        .strip_prefix('?')
        .unwrap_or(search)
        .split('&')
        .any(|segment| segment == needle)
}

fn push_pair(out: &mut String, key: &str, value: &str) {
    if out.len() > 1 {
        out.push('&');
    }
    out.push_str(key);
    out.push('=');
    out.push_str(value);
}

fn push_bare(out: &mut String, key: &str) {
    if out.len() > 1 {
        out.push('&');
    }
    out.push_str(key);
}

/// Turns `+` and `%XX` escapes into characters for display only. Invalid
/// escapes are kept verbatim; invalid UTF-8 becomes U+FFFD. The result is
/// rendered as text (never as HTML), so no further escaping is needed.
fn decode_for_display(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= MAX_ECHO_CHARS {
        s.to_owned()
    } else {
        let mut cut: String = s.chars().take(MAX_ECHO_CHARS).collect();
        cut.push('…');
        cut
    }
}

/// The query-string key of the Compare view's preset (`?view=compare&preset=wallet`).
pub const PRESET_KEY: &str = "preset";
/// The query-string key of the Compare view's seed (`&seed=7`).
pub const SEED_KEY: &str = "seed";

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

/// The query-string key that turns on embed mode (`&embed=1`): the view
/// without header and footer, for an `<iframe>` in someone else's page.
pub const EMBED_KEY: &str = "embed";
/// The query-string key that forces a colour theme (`&theme=dark`), mainly
/// for embeds, whose host page knows its own background.
pub const THEME_KEY: &str = "theme";
/// A test hook: `?debug-panic=1` makes a component panic on purpose, so the
/// end-to-end tests can prove a panic shows the error banner instead of a
/// dead page. Harmless: it only breaks the page that asked for it.
pub const DEBUG_PANIC_KEY: &str = "debug-panic";

/// Keys every view understands: the view itself, page options and the seed
/// (which the Lab and Compare share, so it survives switching between them).
pub const PAGE_KEYS: [&str; 5] = [VIEW_KEY, EMBED_KEY, THEME_KEY, DEBUG_PANIC_KEY, SEED_KEY];

/// The Lab's keys besides [`PAGE_KEYS`] and its knobs' (the keys of
/// [`LAB_KNOBS`]): strategy, path overrides, the break-it injections, the
/// timeline position and the playback speed.
pub const LAB_KEYS: [&str; 6] = [
    STRATEGY_KEY,
    READ_PATH_KEY,
    WRITE_PATH_KEY,
    BREAK_KEY,
    POSITION_KEY,
    SPEED_KEY,
];

/// Compare's knobs that the link carries under their own key: every row of
/// [`COMPARE_KNOBS`] but the seed, which is a page key.
fn compare_link_knobs() -> impl Iterator<Item = &'static Knob> {
    COMPARE_KNOBS.iter().filter(|k| k.key != SEED_KEY)
}

/// Whether `key` is one of the Lab's keys or its knobs'.
fn lab_reads(key: &str) -> bool {
    LAB_KEYS.contains(&key) || LAB_KNOBS.iter().any(|k| k.key == key)
}

/// Whether `key` is one of Compare's keys (preset, knobs, events, chart).
fn compare_reads(key: &str) -> bool {
    key == PRESET_KEY
        || compare_link_knobs().any(|k| k.key == key)
        || EVENT_KEYS.iter().any(|(k, _)| *k == key)
        || CHART_KEYS.contains(&key)
}

/// The Compare view's event keys, one per event kind, with the noun used in
/// notices: `crash=30s,off` moves the preset's first cache crash to 30 s and
/// turns its second off.
pub const EVENT_KEYS: [(&str, &str); 7] = [
    ("crash", "cache crash"),
    ("flush", "cache restart"),
    ("admin-write", "admin write"),
    ("admin-writes", "admin-writes burst"),
    ("import", "bulk import"),
    ("db-slow", "slow-database window"),
    ("expire-hot", "hot-entry expiry"),
];

/// The Choose view's keys, one per question (`mix=write&lose=yes`).
pub const CHOOSE_KEYS: [&str; 5] = ["mix", "lose", "others", "memory", "platform"];

/// Whether some part of the app reads `key` (on some view).
pub fn is_known_key(key: &str) -> bool {
    PAGE_KEYS.contains(&key) || lab_reads(key) || compare_reads(key) || CHOOSE_KEYS.contains(&key)
}

/// Whether `view` reads `key` (page keys count for every view).
pub fn view_reads(view: View, key: &str) -> bool {
    PAGE_KEYS.contains(&key)
        || match view {
            View::Lab => lab_reads(key),
            View::Compare => compare_reads(key),
            View::Choose => CHOOSE_KEYS.contains(&key),
        }
}

/// At most this many unknown parameter names are listed in one notice; the
/// rest are counted, so a link with thousands of keys cannot fill the page.
const MAX_LISTED_KEYS: usize = 5;

/// A colour theme: follow the system setting, or force light or dark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    #[default]
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// Every theme, in the order a picker offers them.
    pub const ALL: [Theme; 3] = [Theme::Auto, Theme::Light, Theme::Dark];

    /// The value in the query string and in storage.
    pub const fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// Parses a query-string or stored value (exact, lower case).
    pub fn from_query_value(value: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.as_str() == value)
    }
}

/// Page-level options from the query string, with a notice for everything
/// the page rejected or ignored, so a bad link is explained, never silent.
///
/// The views parse their own parameters (`strategy` in the Lab, `preset` and
/// `seed` in Compare) and explain their own fallbacks; this covers the rest:
/// unknown keys, repeated keys, `embed`, `theme`, a bad `seed`, and a bad
/// `strategy` or `preset` on a view that would otherwise ignore it silently.
///
/// ```
/// use cachescope_app::url::{PageOptions, Theme};
///
/// let o = PageOptions::parse("?view=compare&embed=1&theme=dark");
/// assert!(o.embed);
/// assert_eq!(o.theme, Some(Theme::Dark));
/// assert!(o.notices.is_empty());
///
/// // Bad values first, in query order; unknown keys in one closing notice.
/// let o = PageOptions::parse("?colour=red&seed=-1");
/// assert_eq!(o.notices.len(), 2);
/// assert!(o.notices[0].starts_with("seed “-1”"));
/// assert!(o.notices[1].contains("“colour”"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageOptions {
    /// Embed mode: no header or footer, a link to the full page, the page
    /// height posted to the parent frame.
    pub embed: bool,
    /// A theme forced by the link; `None` leaves the choice to the visitor.
    pub theme: Option<Theme>,
    /// The deliberate-panic test hook (see [`DEBUG_PANIC_KEY`]).
    pub debug_panic: bool,
    /// One plain sentence per problem, in query-string order; rendered as
    /// text (never HTML) by the `Notices` component.
    pub notices: Vec<String>,
}

impl PageOptions {
    /// Parses a `location.search` string (with or without `?`). Never fails.
    /// For a repeated key the first value counts, as everywhere in this module.
    pub fn parse(search: &str) -> PageOptions {
        PageOptions::parse_with(search, &[])
    }

    /// [`PageOptions::parse`], with `extra` keys (a view's knobs) counted as
    /// known: their values are the view's to check (see [`parse_compare`]).
    pub fn parse_with(search: &str, extra: &[&str]) -> PageOptions {
        let view = Route::parse(search).view;
        let mut out = PageOptions::default();
        let mut unknown = KeyList::default();
        let mut foreign = KeyList::default();
        let mut seen: Vec<(&str, u64)> = Vec::new();
        for (key, value) in params(search) {
            if is_known_key(key) {
                match seen.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, n)) => {
                        *n += 1;
                        continue; // only the first value counts
                    }
                    None => seen.push((key, 1)),
                }
            }
            match key {
                EMBED_KEY => match value {
                    "" | "1" | "true" => out.embed = true,
                    "0" | "false" => out.embed = false,
                    other => out.notices.push(format!(
                        "embed “{}” is not 1 or 0; showing the full page.",
                        echo(other)
                    )),
                },
                THEME_KEY => match Theme::from_query_value(value) {
                    Some(theme) => out.theme = Some(theme),
                    None if value.is_empty() => {}
                    None => out.notices.push(format!(
                        "theme “{}” is not light, dark or auto; using your own setting.",
                        echo(value)
                    )),
                },
                DEBUG_PANIC_KEY => out.debug_panic = value == "1",
                SEED_KEY => {
                    if !value.is_empty() && value.parse::<u64>().is_err() {
                        out.notices.push(format!(
                            "seed “{}” is not a whole number from 0 to {}; using the default seed.",
                            echo(value),
                            u64::MAX
                        ));
                    }
                }
                VIEW_KEY => {}
                // A bad strategy or preset on another view has its own
                // notice below; a good one is still not used here.
                STRATEGY_KEY | PRESET_KEY if view_reads(view, key) => {}
                STRATEGY_KEY if lab_strategy(search).1.is_some() => {}
                PRESET_KEY if compare_preset(search).1.is_some() => {}
                _ if extra.contains(&key) => {}
                _ if is_known_key(key) => {
                    if !view_reads(view, key) {
                        foreign.add(key);
                    }
                }
                _ => unknown.add(key),
            }
        }
        // A bad strategy or preset on a view that does not read it would be
        // ignored without a word; the owning view explains its own fallback.
        if view != View::Lab {
            if let (_, Some(bad)) = lab_strategy(search) {
                out.notices.push(format!(
                    "strategy “{bad}” is not one of cache-aside, read-through, write-through, \
                     write-back, write-around; ignored."
                ));
            }
        }
        if view != View::Compare {
            if let (_, Some(bad)) = compare_preset(search) {
                out.notices
                    .push(format!("preset “{bad}” is not a known preset; ignored."));
            }
        }
        for (key, n) in seen.into_iter().filter(|(_, n)| *n > 1) {
            out.notices.push(format!(
                "“{key}” is given {n} times; the first value counts."
            ));
        }
        if foreign.count > 0 {
            out.notices.push(format!(
                "Ignored {} here: {} another view, not the {} view.",
                foreign.listed(),
                if foreign.count == 1 {
                    "it sets"
                } else {
                    "they set"
                },
                view.label()
            ));
        }
        if unknown.count > 0 {
            let noun = if unknown.count == 1 {
                "parameter"
            } else {
                "parameters"
            };
            let known: Vec<&str> = PAGE_KEYS
                .iter()
                .chain(LAB_KEYS.iter())
                .copied()
                .chain(LAB_KNOBS.iter().map(|k| k.key))
                .chain([PRESET_KEY])
                .chain(compare_link_knobs().map(|k| k.key))
                .chain(EVENT_KEYS.iter().map(|(k, _)| *k))
                .chain(CHART_KEYS.iter().copied())
                .chain(CHOOSE_KEYS.iter().copied())
                .filter(|k| *k != DEBUG_PANIC_KEY && view_reads(view, k))
                .fold(Vec::new(), |mut acc, k| {
                    if !acc.contains(&k) {
                        acc.push(k);
                    }
                    acc
                });
            out.notices.push(format!(
                "Ignored unknown {noun} {}. Known on the {} view: {}.",
                unknown.listed(),
                view.label(),
                known.join(", ")
            ));
        }
        out
    }
}

/// Parameter names for one notice: the first few, echoed safely, and a count
/// of the rest, so a link with thousands of keys cannot fill the page.
#[derive(Default)]
struct KeyList {
    names: Vec<String>,
    count: u64,
}

impl KeyList {
    fn add(&mut self, key: &str) {
        self.count += 1;
        let name = echo(key);
        if self.names.len() < MAX_LISTED_KEYS && !self.names.contains(&name) {
            self.names.push(name);
        }
    }

    /// `“a”, “b” and 3 more`.
    fn listed(&self) -> String {
        let listed = self
            .names
            .iter()
            .map(|k| format!("“{k}”"))
            .collect::<Vec<_>>()
            .join(", ");
        let more = self.count.saturating_sub(self.names.len() as u64);
        if more > 0 {
            format!("{listed} and {more} more")
        } else {
            listed
        }
    }
}

/// A raw query-string fragment made safe to show: decoded, control
/// characters replaced, shortened. Always rendered as text, never as HTML.
fn echo(raw: &str) -> String {
    let decoded: String = decode_for_display(raw)
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    if decoded.is_empty() {
        "(empty)".to_owned()
    } else {
        shorten(&decoded)
    }
}

/// Returns `search` with each `(key, Some(value))` set (first occurrence
/// replaced, later ones dropped, missing ones appended) and each
/// `(key, None)` removed, keeping every other parameter as it was.
fn set_params(search: &str, wanted: &[(&str, Option<&str>)]) -> String {
    let mut out = String::from("?");
    let mut placed = vec![false; wanted.len()];
    for (key, value) in params(search) {
        if let Some(i) = wanted.iter().position(|(k, _)| *k == key) {
            if let (false, Some(v)) = (placed[i], wanted[i].1) {
                push_pair(&mut out, key, v);
            }
            placed[i] = true;
        } else if value.is_empty() && !search_has_equals(search, key) {
            push_bare(&mut out, key);
        } else {
            push_pair(&mut out, key, value);
        }
    }
    for (i, (k, v)) in wanted.iter().enumerate() {
        if let (false, Some(v)) = (placed[i], v) {
            push_pair(&mut out, k, v);
        }
    }
    out
}

/// The link an embed's "open in cachescope" points to: the same state as a
/// full page (no `embed`, no forced `theme`, no single chart, no test hook).
///
/// ```
/// use cachescope_app::url::full_page_link;
/// assert_eq!(full_page_link("?view=compare&embed=1&seed=7&theme=dark"), "?view=compare&seed=7");
/// assert_eq!(full_page_link("?view=compare&embed=1&chart=bars&metric=db-reads"), "?view=compare&metric=db-reads");
/// ```
pub fn full_page_link(search: &str) -> String {
    set_params(
        search,
        &[
            (EMBED_KEY, None),
            (THEME_KEY, None),
            (CHART_KEY, None),
            (DEBUG_PANIC_KEY, None),
        ],
    )
}

/// The embed address for the current state: `embed=1`, `theme=` unless
/// `Auto`, and `chart=` when the embed shows one of Compare's charts only
/// (`chart` is ignored on the other views); every other parameter kept (the
/// test hook dropped).
///
/// ```
/// use cachescope_app::url::{embed_link, Theme};
/// use cachescope_charts::ChartId;
/// assert_eq!(embed_link("?view=compare&seed=7", Theme::Auto, None), "?view=compare&seed=7&embed=1");
/// assert_eq!(embed_link("?theme=light&embed=0", Theme::Dark, None), "?theme=dark&embed=1");
/// assert_eq!(
///     embed_link("?view=compare", Theme::Auto, Some(ChartId::Bars)),
///     "?view=compare&embed=1&chart=bars"
/// );
/// assert_eq!(embed_link("?view=lab", Theme::Auto, Some(ChartId::Bars)), "?view=lab&embed=1");
/// ```
pub fn embed_link(search: &str, theme: Theme, chart: Option<cachescope_charts::ChartId>) -> String {
    let theme = (theme != Theme::Auto).then_some(theme.as_str());
    let chart = chart
        .filter(|_| Route::parse(search).view == View::Compare)
        .map(cachescope_charts::ChartId::as_str);
    set_params(
        search,
        &[
            (EMBED_KEY, Some("1")),
            (THEME_KEY, theme),
            (CHART_KEY, chart),
            (DEBUG_PANIC_KEY, None),
        ],
    )
}

/// The shortest text that reads back as `v` (`100`, `0.9`, `1e-7`).
fn number(v: f64) -> String {
    format!("{v}")
}

// ---------------------------------------------------------------------------
// The whole state of a view: Compare's knobs and events, the Lab's scenario,
// injections and timeline position, Choose's answers.
// ---------------------------------------------------------------------------

/// The Lab's read-path override (`read=read-through`), for a custom pair.
pub const READ_PATH_KEY: &str = "read";
/// The Lab's write-path override (`write=write-back`), for a custom pair.
pub const WRITE_PATH_KEY: &str = "write";
/// The Lab's break-it injections, in order: `break=crash:812@406.25ms`
/// (kind, events processed when it was pressed, and the clock then).
pub const BREAK_KEY: &str = "break";
/// The Lab's timeline position: `pos=812@406.25ms` (events processed and
/// the clock), the pair the player's checkpoints replay to exactly.
pub const POSITION_KEY: &str = "pos";

/// Most break-it injections a link may carry; each replays part of the run,
/// so a hostile link cannot make the page work for long.
pub const MAX_INJECTIONS: usize = 32;

/// Formats µs as the shortest exact duration: `30s`, `1500ms`, `406.25ms`.
///
/// ```
/// use cachescope_app::url::{format_duration, parse_duration};
/// assert_eq!(format_duration(30_000_000), "30s");
/// assert_eq!(format_duration(1_500_000), "1500ms");
/// assert_eq!(format_duration(406_250), "406.25ms");
/// assert_eq!(parse_duration("406.25ms", u64::MAX), Some(406_250));
/// assert_eq!(parse_duration("1.5s", u64::MAX), Some(1_500_000));
/// assert_eq!(parse_duration("-1s", u64::MAX), None);
/// ```
pub fn format_duration(us: u64) -> String {
    if us == 0 {
        "0s".to_owned()
    } else if us.is_multiple_of(1_000_000) {
        format!("{}s", us / 1_000_000)
    } else if us.is_multiple_of(1_000) {
        format!("{}ms", us / 1_000)
    } else {
        let frac = format!("{:03}", us % 1_000);
        format!("{}.{}ms", us / 1_000, frac.trim_end_matches('0'))
    }
}

/// Parses `30s`, `1.5s`, `1500ms`, `250us` or `0` into whole µs (rounded),
/// at most `max_us`. Anything else (signs, exponents, `NaN`, no unit) is
/// `None`, so a typo is reported instead of guessed at.
pub fn parse_duration(raw: &str, max_us: u64) -> Option<u64> {
    let raw = raw.trim();
    if raw == "0" {
        return Some(0);
    }
    let (num, scale) = if let Some(n) = raw.strip_suffix("ms") {
        (n, 1e3)
    } else if let Some(n) = raw.strip_suffix("us") {
        (n, 1.0)
    } else if let Some(n) = raw.strip_suffix('s') {
        (n, 1e6)
    } else {
        return None;
    };
    let digits = num.bytes().filter(u8::is_ascii_digit).count();
    let dots = num.bytes().filter(|b| *b == b'.').count();
    if digits == 0 || dots > 1 || digits + dots != num.len() {
        return None;
    }
    let us = (num.parse::<f64>().ok()? * scale).round();
    (us.is_finite() && us <= max_us as f64).then_some(us as u64)
}

/// The first value of `key`, unless missing or empty (the same as absent).
fn first<'a>(search: &'a str, key: &str) -> Option<&'a str> {
    params(search)
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

/// Reads knob `k` from `search` into `s`. A value out of range, not a
/// number, or refused by `Scenario::validate` leaves `s` as it was and adds
/// a specific notice ("cache size 0 is below the minimum 1; using 6.").
fn read_knob(k: &Knob, search: &str, s: &mut Scenario, notices: &mut Vec<String>) {
    let Some(raw) = first(search, k.key) else {
        return;
    };
    let problem = match raw.trim().parse::<f64>() {
        Ok(v) if !v.is_finite() => "is not a number".to_owned(),
        Ok(v) if v < k.min => format!("is below the minimum {}", number(k.min)),
        Ok(v) if v > k.max => format!("is above the maximum {}", number(k.max)),
        Ok(v) => {
            let mut t = s.clone();
            (k.set)(&mut t, v);
            match t.validate() {
                Ok(()) => {
                    *s = t;
                    return;
                }
                Err(e) => format!("is refused by the simulator ({e})"),
            }
        }
        Err(_) => "is not a number".to_owned(),
    };
    notices.push(format!(
        "{} {} {problem}; using {}.",
        k.noun,
        echo(raw),
        number((k.get)(s))
    ));
}

/// `Some(value)` when `s` differs from `base` on knob `k`: what a link
/// writes under its key.
fn knob_written(k: &Knob, s: &Scenario, base: &Scenario) -> Option<String> {
    k.differs(s, base).then(|| number((k.get)(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn page_options_accept_what_they_know_quietly() {
        for search in [
            "",
            "?view=lab&strategy=write-back&seed=7",
            "?view=compare&preset=etl&seed=0&embed=1&theme=auto",
            "?embed=0&theme=light",
            "?embed",
        ] {
            assert_eq!(
                PageOptions::parse(search).notices,
                Vec::<String>::new(),
                "{search}"
            );
        }
        assert!(PageOptions::parse("?embed").embed);
        assert!(!PageOptions::parse("?embed=0").embed);
        assert_eq!(PageOptions::parse("?theme=light").theme, Some(Theme::Light));
        assert_eq!(PageOptions::parse("?theme=").theme, None);
        assert!(PageOptions::parse("?debug-panic=1").debug_panic);
        assert!(!PageOptions::parse("?debug-panic=yes").debug_panic);
    }

    #[test]
    fn page_options_explain_each_rejection_specifically() {
        let o = PageOptions::parse("?embed=yes");
        assert!(!o.embed);
        assert_eq!(
            o.notices,
            ["embed “yes” is not 1 or 0; showing the full page."]
        );

        let o = PageOptions::parse("?theme=%3Cscript%3E");
        assert_eq!(o.theme, None);
        assert_eq!(
            o.notices,
            ["theme “<script>” is not light, dark or auto; using your own setting."]
        );

        let o = PageOptions::parse("?seed=99999999999999999999999");
        assert!(o.notices[0].starts_with("seed “99999999999999999999999” is not a whole number"));
        let o = PageOptions::parse("?seed=-3");
        assert!(o.notices[0].starts_with("seed “-3”"));

        let o = PageOptions::parse("?view=compare&strategy=lru");
        assert!(o.notices[0].starts_with("strategy “lru” is not one of"));
        // The Lab explains a bad strategy itself: no second notice here.
        assert!(PageOptions::parse("?view=lab&strategy=lru")
            .notices
            .is_empty());
        let o = PageOptions::parse("?view=choose&preset=bank");
        assert_eq!(o.notices, ["preset “bank” is not a known preset; ignored."]);
        assert!(PageOptions::parse("?view=compare&preset=bank")
            .notices
            .is_empty());
    }

    #[test]
    fn page_options_report_repeated_and_unknown_keys_boundedly() {
        let o = PageOptions::parse("?seed=1&seed=2&seed=x&view=lab&view=compare");
        assert_eq!(
            o.notices,
            [
                "“seed” is given 3 times; the first value counts.",
                "“view” is given 2 times; the first value counts."
            ]
        );
        let many: String = (0..1000).map(|i| format!("k{i}=1&")).collect();
        let o = PageOptions::parse(&many);
        assert_eq!(o.notices.len(), 1);
        assert!(o.notices[0]
            .starts_with("Ignored unknown parameters “k0”, “k1”, “k2”, “k3”, “k4” and 995 more."));
        let o = PageOptions::parse(&format!("?{}=1", "%00".repeat(300)));
        // The echoed key is cut; the rest is the fixed list of known keys.
        assert!(o.notices[0].chars().count() < 300, "{}", o.notices[0]);
        assert!(!o.notices[0].contains('\0'));
        assert!(PageOptions::parse("?=1").notices[0].contains("“(empty)”"));
    }

    #[test]
    fn embed_and_full_page_links_round_trip() {
        for search in [
            "",
            "?view=compare&preset=etl&seed=9",
            "?view=lab&strategy=write-back&x",
        ] {
            for theme in Theme::ALL {
                let embed = embed_link(search, theme, None);
                let o = PageOptions::parse(&embed);
                assert!(o.embed, "{embed}");
                assert_eq!(o.theme.unwrap_or_default(), theme);
                assert_eq!(Route::parse(&embed), Route::parse(search));
                assert_eq!(full_page_link(&embed), full_page_link(search));
                assert!(!PageOptions::parse(&full_page_link(&embed)).embed);
            }
        }
        assert_eq!(
            embed_link("?debug-panic=1&view=lab", Theme::Auto, None),
            "?view=lab&embed=1"
        );
    }

    use crate::lab::player::Player;
    use crate::settings::lab::Position;
    use crate::settings::lab_defaults::{lab_scenario, Breaker};
    use cachescope_sim::{EvictionPolicy, Preset, PresetId, StrategyId};

    /// Values no parser may accept, from the hostile-link generator's list.
    const HOSTILE: [&str; 10] = [
        "-1",
        "1e400",
        "NaN",
        "Infinity",
        "%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E",
        "18446744073709551616000",
        "0x10",
        "%zz%4",
        "%E2%9C%93",
        "~AAAA",
    ];

    #[test]
    fn durations_round_trip_and_reject_junk() {
        let max = cachescope_sim::limits::MAX_EVENT_TIME_US;
        for us in [0, 1, 999, 1_000, 1_500, 406_250, 1_234_567, 30_000_000, max] {
            let text = format_duration(us);
            assert_eq!(parse_duration(&text, max), Some(us), "{text}");
        }
        assert_eq!(parse_duration("1.5s", max), Some(1_500_000));
        assert_eq!(parse_duration("0.0005ms", max), Some(1));
        for bad in [
            "", "s", "ms", ".s", "1..2s", "-1s", "+1s", "1e3s", "NaNs", "infs", "30", "30 s", "3h",
            "1,5s",
        ] {
            assert_eq!(parse_duration(bad, max), None, "{bad:?}");
        }
        assert_eq!(parse_duration(&format!("{}s", "9".repeat(400)), max), None);
        assert_eq!(parse_duration("100001s", max), None);
    }

    #[test]
    fn the_link_carries_every_compare_knob_but_the_seed() {
        let keys: Vec<&str> = compare_link_knobs().map(|k| k.key).collect();
        assert_eq!(keys.len(), COMPARE_KNOBS.len() - 1);
        assert!(!keys.contains(&SEED_KEY));
        assert!(PAGE_KEYS.contains(&SEED_KEY));
    }

    #[test]
    fn every_key_is_known_and_quiet_on_its_own_view() {
        let views = [
            (
                View::Lab,
                LAB_KEYS
                    .iter()
                    .copied()
                    .chain(LAB_KNOBS.iter().map(|k| k.key))
                    .collect::<Vec<_>>(),
            ),
            (
                View::Compare,
                compare_link_knobs()
                    .map(|k| k.key)
                    .chain(EVENT_KEYS.iter().map(|(k, _)| *k))
                    .chain([PRESET_KEY])
                    .collect(),
            ),
            (View::Choose, CHOOSE_KEYS.to_vec()),
        ];
        for (view, keys) in &views {
            for key in keys {
                assert!(is_known_key(key), "{key}");
                let search = format!("?view={}&{key}=1", view.as_str());
                let o = PageOptions::parse(&search);
                assert!(
                    o.notices.iter().all(|n| !n.contains(&format!("“{key}”"))),
                    "{search}: {:?}",
                    o.notices
                );
            }
        }
        // A key of another view is named, not silently dropped.
        let o = PageOptions::parse("?view=choose&crash=30s&capacity=5");
        assert_eq!(
            o.notices,
            ["Ignored “crash”, “capacity” here: they set another view, not the Choose view."]
        );
        let o = PageOptions::parse("?view=lab&mix=write&zz=1");
        assert_eq!(o.notices.len(), 2);
        assert!(o.notices[1].starts_with("Ignored unknown parameter “zz”. Known on the Lab view:"));
        assert!(o.notices[1].contains("pos"));
        assert!(!o.notices[1].contains("mix"));
    }

    #[test]
    fn leaving_a_view_drops_its_state_but_keeps_page_keys() {
        let search = "?view=compare&preset=counters&capacity=50&crash=off&seed=7&theme=dark&x=1";
        assert_eq!(
            with_view(search, View::Lab),
            "?view=lab&seed=7&theme=dark&x=1"
        );
        assert_eq!(with_view(search, View::Compare), search);
        let search = "?view=lab&strategy=write-back&pos=90@60ms&break=crash:40@20ms&embed=1";
        assert_eq!(with_view(search, View::Choose), "?view=choose&embed=1");
    }

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
                for v in [k.min, k.max] {
                    let mut state = CompareState::of_preset(p.id);
                    (k.set)(&mut state.scenario, v);
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
        state.scenario.cache.eviction = EvictionPolicy::Fifo;
        assert!(!compare_search("?view=compare", &state).1);
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
        // Positions that are not moments of the run are left out, not guessed.
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

    #[test]
    fn choose_answers_round_trip_every_combination() {
        use crate::advice::{Answers, Mix};
        for bits in 0u8..32 {
            let a = Answers {
                mix: if bits & 1 == 0 {
                    Mix::ReadHeavy
                } else {
                    Mix::WriteHeavy
                },
                can_lose_writes: bits & 2 != 0,
                other_writers: bits & 4 != 0,
                memory_tight: bits & 8 != 0,
                platform_cache: bits & 16 != 0,
            };
            let search = choose_search("?view=choose", &a);
            assert_eq!(parse_choose(&search), (a, vec![]), "{search}");
            assert!(PageOptions::parse(&search).notices.is_empty(), "{search}");
        }
        for key in CHOOSE_KEYS {
            for bad in HOSTILE {
                let (a, n) = parse_choose(&format!("?{key}={bad}"));
                assert_eq!(a, Answers::default());
                assert_eq!(n.len(), 1, "{key}={bad}");
            }
        }
    }
}
