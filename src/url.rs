//! The address bar: the only module that knows the query-string format.
//!
//! Every view is addressed by a plain query string (`?view=compare`), never by
//! a path, so a deep link survives a reload on any static host (GitHub Pages,
//! an S3 bucket, `python3 -m http.server`) without a rewrite rule, and the
//! app works unchanged when served from a sub-path such as `/some/sub/path/`.
//!
//! The format is parsed by pure functions ([`Route::parse`], [`with_view`])
//! that are tested natively; the few functions that touch `window` are thin
//! wrappers around them. Later issues will carry the whole scenario in the
//! query string: they extend this module and nothing else learns the format.
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
/// other parameter, in order, byte for byte. The result always starts with
/// `?`, so it is a relative URL that keeps the current path: links built from
/// it work at `/` and at `/some/sub/path/` alike.
///
/// ```
/// use cachescope_app::url::{with_view, View};
/// assert_eq!(with_view("", View::Choose), "?view=choose");
/// assert_eq!(with_view("?seed=7&view=lab", View::Compare), "?seed=7&view=compare");
/// ```
pub fn with_view(search: &str, view: View) -> String {
    let mut out = String::from("?");
    let mut placed = false;
    for (key, value) in params(search) {
        if key == VIEW_KEY {
            if placed {
                continue; // drop duplicates: one canonical URL per state
            }
            placed = true;
            push_pair(&mut out, VIEW_KEY, view.as_str());
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

/// Every key some part of the app reads; anything else is reported as
/// ignored. A new parameter must be added here, or the page calls it unknown.
pub const KNOWN_KEYS: [&str; 7] = [
    VIEW_KEY,
    STRATEGY_KEY,
    PRESET_KEY,
    SEED_KEY,
    EMBED_KEY,
    THEME_KEY,
    DEBUG_PANIC_KEY,
];

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
    /// known: their values are the view's to check (see [`parse_knobs`]).
    pub fn parse_with(search: &str, extra: &[&str]) -> PageOptions {
        let mut out = PageOptions::default();
        let mut unknown: Vec<String> = Vec::new();
        let mut unknown_count: u64 = 0;
        let mut seen: Vec<(&str, u64)> = Vec::new();
        for (key, value) in params(search) {
            if let Some(known) = KNOWN_KEYS.iter().find(|k| **k == key) {
                match seen.iter_mut().find(|(k, _)| k == known) {
                    Some((_, n)) => {
                        *n += 1;
                        continue; // only the first value counts
                    }
                    None => seen.push((known, 1)),
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
                            "seed “{}” is not a whole number from 0 to {}; using the preset's seed.",
                            echo(value),
                            u64::MAX
                        ));
                    }
                }
                VIEW_KEY | STRATEGY_KEY | PRESET_KEY => {}
                _ if extra.contains(&key) => {}
                _ => {
                    unknown_count += 1;
                    let name = echo(key);
                    if unknown.len() < MAX_LISTED_KEYS && !unknown.contains(&name) {
                        unknown.push(name);
                    }
                }
            }
        }
        // A bad strategy or preset on a view that does not read it would be
        // ignored without a word; the owning view explains its own fallback.
        let view = Route::parse(search).view;
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
        if unknown_count > 0 {
            let listed = unknown
                .iter()
                .map(|k| format!("“{k}”"))
                .collect::<Vec<_>>()
                .join(", ");
            let more = unknown_count.saturating_sub(unknown.len() as u64);
            let tail = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            let noun = if unknown_count == 1 {
                "parameter"
            } else {
                "parameters"
            };
            out.notices.push(format!(
                "Ignored unknown {noun} {listed}{tail}. Known: {}.",
                KNOWN_KEYS[..KNOWN_KEYS.len() - 1].join(", ")
            ));
        }
        out
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
/// full page (no `embed`, no forced `theme`, no test hook).
///
/// ```
/// use cachescope_app::url::full_page_link;
/// assert_eq!(full_page_link("?view=compare&embed=1&seed=7&theme=dark"), "?view=compare&seed=7");
/// ```
pub fn full_page_link(search: &str) -> String {
    set_params(
        search,
        &[
            (EMBED_KEY, None),
            (THEME_KEY, None),
            (DEBUG_PANIC_KEY, None),
        ],
    )
}

/// The embed address for the current state: `embed=1` and, unless `Auto`,
/// `theme=`; every other parameter kept (the test hook dropped).
///
/// ```
/// use cachescope_app::url::{embed_link, Theme};
/// assert_eq!(embed_link("?view=compare&seed=7", Theme::Auto), "?view=compare&seed=7&embed=1");
/// assert_eq!(embed_link("?theme=light&embed=0", Theme::Dark), "?theme=dark&embed=1");
/// ```
pub fn embed_link(search: &str, theme: Theme) -> String {
    let theme = (theme != Theme::Auto).then_some(theme.as_str());
    set_params(
        search,
        &[
            (EMBED_KEY, Some("1")),
            (THEME_KEY, theme),
            (DEBUG_PANIC_KEY, None),
        ],
    )
}

/// A numeric setting ("knob") as the address bar sees it: its query key,
/// the words used in notices, and its allowed range (from
/// `cachescope_sim::limits`, through the view's knob table).
///
/// This is the format for carrying every knob that differs from the preset
/// in the link (`?view=compare&preset=counters&capacity=50&ttl=2000`). The
/// views do not use it yet: wiring it means calling [`parse_knobs`] where a
/// view builds its scenario from the preset, [`with_knobs`] whenever a knob
/// changes, and listing the keys in [`PageOptions::parse_with`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UrlKnob<'a> {
    /// The query key, e.g. `capacity`.
    pub key: &'a str,
    /// The name in notices, e.g. `cache size`.
    pub name: &'a str,
    /// Smallest allowed value.
    pub min: f64,
    /// Largest allowed value.
    pub max: f64,
}

/// Reads each knob from `search`: its value there when it is a number
/// within range, else `preset[i]` with a specific notice ("cache size 0 is
/// below the minimum 1; using 100"). A missing key means the preset's value,
/// silently. `preset` holds one value per knob, in the same order.
///
/// ```
/// use cachescope_app::url::{parse_knobs, UrlKnob};
/// let knobs = [UrlKnob { key: "capacity", name: "cache size", min: 1.0, max: 1e6 }];
/// assert_eq!(parse_knobs("?capacity=50", &knobs, &[100.0]), (vec![50.0], vec![]));
/// let (values, notices) = parse_knobs("?capacity=0", &knobs, &[100.0]);
/// assert_eq!(values, [100.0]);
/// assert_eq!(notices, ["cache size 0 is below the minimum 1; using 100."]);
/// ```
pub fn parse_knobs(search: &str, knobs: &[UrlKnob<'_>], preset: &[f64]) -> (Vec<f64>, Vec<String>) {
    let mut values = preset.to_vec();
    let mut notices = Vec::new();
    for (i, knob) in knobs.iter().enumerate() {
        let Some(fallback) = preset.get(i).copied() else {
            break;
        };
        let Some(raw) = params(search).find(|(k, _)| *k == knob.key).map(|(_, v)| v) else {
            continue;
        };
        let shown = echo(raw);
        let problem = match raw.trim().parse::<f64>() {
            Ok(v) if v.is_finite() && v < knob.min => {
                Some(format!("is below the minimum {}", number(knob.min)))
            }
            Ok(v) if v.is_finite() && v > knob.max => {
                Some(format!("is above the maximum {}", number(knob.max)))
            }
            Ok(v) if v.is_finite() => {
                values[i] = v;
                None
            }
            _ => Some("is not a number".to_owned()),
        };
        if let Some(problem) = problem {
            notices.push(format!(
                "{} {shown} {problem}; using {}.",
                knob.name,
                number(fallback)
            ));
        }
    }
    (values, notices)
}

/// Returns `search` with every knob whose value differs from the preset's
/// written as `key=value` and every other knob key removed, so a link holds
/// only what was changed and one state has one address.
///
/// ```
/// use cachescope_app::url::{with_knobs, UrlKnob};
/// let knobs = [
///     UrlKnob { key: "capacity", name: "cache size", min: 1.0, max: 1e6 },
///     UrlKnob { key: "read-ratio", name: "read ratio", min: 0.0, max: 1.0 },
/// ];
/// assert_eq!(
///     with_knobs("?view=compare&capacity=7", &knobs, &[100.0, 0.75], &[100.0, 0.9]),
///     "?view=compare&read-ratio=0.75"
/// );
/// ```
pub fn with_knobs(search: &str, knobs: &[UrlKnob<'_>], values: &[f64], preset: &[f64]) -> String {
    let shown: Vec<String> = values.iter().map(|v| number(*v)).collect();
    let wanted: Vec<(&str, Option<&str>)> = knobs
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let differs = match (values.get(i), preset.get(i)) {
                (Some(v), Some(p)) => (v - p).abs() > 1e-9,
                _ => false,
            };
            (k.key, differs.then(|| shown[i].as_str()))
        })
        .collect();
    set_params(search, &wanted)
}

/// The shortest text that reads back as `v` (`100`, `0.9`, `1e-7`).
fn number(v: f64) -> String {
    format!("{v}")
}

/// The browser side: read the address bar and push new entries on it.
#[cfg(target_arch = "wasm32")]
mod browser {
    /// The current `location.search` (empty string when unavailable).
    pub fn current_search() -> String {
        web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default()
    }

    /// Pushes a history entry for the relative URL `search` (as built by
    /// [`super::with_view`]), keeping the current path, so Back returns to
    /// the previous view. A refused pushState (a sandboxed iframe) leaves
    /// the address bar as it is; the caller still changes the view, which is
    /// the better failure.
    pub fn push_search(search: &str) {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(search));
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub use browser::{current_search, push_search};

/// Native stand-ins so components compile and unit-test off the browser: the
/// address bar is always empty and pushing does nothing.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    /// Always empty natively.
    pub fn current_search() -> String {
        String::new()
    }

    /// No history natively.
    pub fn push_search(_search: &str) {}
}

#[cfg(not(target_arch = "wasm32"))]
pub use native::{current_search, push_search};

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
        assert!(o.notices[0].len() < 300, "{}", o.notices[0]);
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
                let embed = embed_link(search, theme);
                let o = PageOptions::parse(&embed);
                assert!(o.embed, "{embed}");
                assert_eq!(o.theme.unwrap_or_default(), theme);
                assert_eq!(Route::parse(&embed), Route::parse(search));
                assert_eq!(full_page_link(&embed), full_page_link(search));
                assert!(!PageOptions::parse(&full_page_link(&embed)).embed);
            }
        }
        assert_eq!(
            embed_link("?debug-panic=1&view=lab", Theme::Auto),
            "?view=lab&embed=1"
        );
    }

    const KNOBS: [UrlKnob<'static>; 3] = [
        UrlKnob {
            key: "capacity",
            name: "cache size",
            min: 1.0,
            max: 1_000_000.0,
        },
        UrlKnob {
            key: "read-ratio",
            name: "read ratio",
            min: 0.0,
            max: 1.0,
        },
        UrlKnob {
            key: "ttl",
            name: "TTL (ms)",
            min: 0.0,
            max: 3_600_000.0,
        },
    ];
    const PRESET: [f64; 3] = [100.0, 0.9, 30_000.0];

    #[test]
    fn knobs_parse_clamp_to_the_preset_with_specific_notices() {
        let (v, n) = parse_knobs("?capacity=0&read-ratio=abc&ttl=1e400", &KNOBS, &PRESET);
        assert_eq!(v, PRESET);
        assert_eq!(
            n,
            [
                "cache size 0 is below the minimum 1; using 100.",
                "read ratio abc is not a number; using 0.9.",
                "TTL (ms) 1e400 is not a number; using 30000.",
            ]
        );
        let (v, n) = parse_knobs("?ttl=4000000&read-ratio=0.5", &KNOBS, &PRESET);
        assert_eq!(v, [100.0, 0.5, 30_000.0]);
        assert_eq!(
            n,
            ["TTL (ms) 4000000 is above the maximum 3600000; using 30000."]
        );
        let (_, n) = parse_knobs("?capacity=%3Cscript%3E", &KNOBS, &PRESET);
        assert_eq!(n, ["cache size <script> is not a number; using 100."]);
    }

    #[test]
    fn knobs_round_trip_through_the_url() {
        let values = [50.0, 0.75, 1_234.5];
        let search = with_knobs("?view=compare&preset=etl", &KNOBS, &values, &PRESET);
        assert_eq!(
            search,
            "?view=compare&preset=etl&capacity=50&read-ratio=0.75&ttl=1234.5"
        );
        assert_eq!(
            parse_knobs(&search, &KNOBS, &PRESET),
            (values.to_vec(), vec![])
        );
        // Back to the preset: the keys disappear again.
        assert_eq!(
            with_knobs(&search, &KNOBS, &PRESET, &PRESET),
            "?view=compare&preset=etl"
        );
        let keys: Vec<&str> = KNOBS.iter().map(|k| k.key).collect();
        assert!(PageOptions::parse_with(&search, &keys).notices.is_empty());
        assert_eq!(PageOptions::parse(&search).notices.len(), 1);
    }
}
