//! Every query-string key, which view reads it, and the rules that say so:
//! a key no view reads is reported, and leaving a view drops its keys.

use crate::settings::compare::COMPARE_KNOBS;
use crate::settings::eviction::EVICTION_KEY;
use crate::settings::knob::Knob;
use crate::settings::lab::LAB_KNOBS;

use super::chart_view::CHART_KEYS;
use super::lab_speed::SPEED_KEY;
use super::route::View;

/// The query-string key that names the current view.
pub const VIEW_KEY: &str = "view";

/// The query-string key that names the Lab's strategy (`?view=lab&strategy=write-back`).
pub const STRATEGY_KEY: &str = "strategy";

/// The query-string key of the Compare view's preset (`?view=compare&preset=wallet`).
pub const PRESET_KEY: &str = "preset";
/// The query-string key of the Compare view's seed (`&seed=7`).
pub const SEED_KEY: &str = "seed";

/// The query-string key that says Compare was showing a local trace
/// (`&trace=local`): a link cannot carry the file, so it says one was used.
pub const TRACE_KEY: &str = "trace";

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
/// [`LAB_KNOBS`]): strategy, path overrides, the eviction policy, the
/// break-it injections, the timeline position and the playback speed.
pub const LAB_KEYS: [&str; 7] = [
    STRATEGY_KEY,
    READ_PATH_KEY,
    WRITE_PATH_KEY,
    EVICTION_KEY,
    BREAK_KEY,
    POSITION_KEY,
    SPEED_KEY,
];

/// Compare's knobs that the link carries under their own key: every row of
/// [`COMPARE_KNOBS`] but the seed, which is a page key.
pub(super) fn compare_link_knobs() -> impl Iterator<Item = &'static Knob> {
    COMPARE_KNOBS.iter().filter(|k| k.key != SEED_KEY)
}

/// Whether `key` is one of the Lab's keys or its knobs'.
fn lab_reads(key: &str) -> bool {
    LAB_KEYS.contains(&key) || LAB_KNOBS.iter().any(|k| k.key == key)
}

/// Whether `key` is one of Compare's keys (preset, knobs, eviction policy,
/// events, chart).
fn compare_reads(key: &str) -> bool {
    key == PRESET_KEY
        || key == EVICTION_KEY
        || compare_link_knobs().any(|k| k.key == key)
        || EVENT_KEYS.iter().any(|(k, _)| *k == key)
        || CHART_KEYS.contains(&key)
        || key == TRACE_KEY
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

#[cfg(test)]
mod tests {
    use super::super::*;
    use super::*;

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
                    .chain([PRESET_KEY, EVICTION_KEY])
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
}
