//! The page options every view shares (`embed`, `theme`, the test hook),
//! the notices for keys a view does not read, and the links an embed and
//! its "open in cachescope" point to.

use crate::settings::lab::LAB_KNOBS;

use super::chart_view::{CHART_KEY, CHART_KEYS};
use super::keys::*;
use super::query::{echo, params, set_params};
use super::route::{compare_preset, lab_strategy, Route, View};

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

#[cfg(test)]
mod tests {
    use super::super::*;

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
        let echoed = o.notices[0]
            .split('“')
            .nth(1)
            .and_then(|rest| rest.split('”').next())
            .unwrap_or_default();
        assert!(echoed.chars().count() <= 41, "{}", o.notices[0]);
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
}
