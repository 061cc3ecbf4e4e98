//! What a break-it press actually did, in one sentence for the panel's
//! status line. A press whose effect is empty (expiring a key the cache does
//! not hold) must say so, or the reader thinks the button is broken.
//!
//! Pure: it compares what the player showed before the press with what it
//! shows after, so it is tested without a browser.

use cachescope_sim::LiveCounters;

use crate::lab::counters::ms;
use crate::lab::player::Player;
use crate::settings::lab_defaults::{Breaker, CRASH_DOWN_US, IMPORT_KEYS, SLOW_DB_FOR_US};

/// The key the Lab's buttons aim at (the engine's default: the hottest).
pub const HOT_KEY: u64 = 0;

/// What the outcome depends on, read just before the press.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Before {
    cache_up: bool,
    hot_cached: bool,
    dirty: u64,
}

impl Before {
    pub fn of(p: &Player) -> Before {
        let c = p.counters();
        Before {
            cache_up: c.cache_up,
            hot_cached: p.cache_contents().iter().any(|e| e.key == HOT_KEY),
            dirty: c.dirty,
        }
    }
}

/// The sentence for a press of `b` at `now_us`, given the state before it
/// and the counters after it.
pub fn describe(b: Breaker, now_us: u64, before: Before, after: &LiveCounters) -> String {
    let what = match b {
        Breaker::Crash if !before.cache_up => format!(
            "the cache was already down; its restart moved to {} ms from now",
            ms(CRASH_DOWN_US)
        ),
        Breaker::Crash => {
            let lost = match before.dirty {
                0 => "no acknowledged write was waiting, so none was lost".to_owned(),
                1 => "1 acknowledged write that was not yet in the DB is lost".to_owned(),
                n => format!("{n} acknowledged writes that were not yet in the DB are lost"),
            };
            format!(
                "the cache crashed and restarts empty in {} ms; {lost}",
                ms(CRASH_DOWN_US)
            )
        }
        Breaker::ExpireHot if !before.cache_up => {
            "the cache is down, so there was nothing to expire".to_owned()
        }
        Breaker::ExpireHot if !before.hot_cached => {
            format!("the hot key (key {HOT_KEY}) was not in the cache; nothing to expire")
        }
        Breaker::ExpireHot => {
            format!("key {HOT_KEY} left the cache; its next reads miss and go to the DB")
        }
        Breaker::AdminWrite if before.cache_up && before.hot_cached => format!(
            "key {HOT_KEY} is being written in the DB directly; the cached copy stays old until it leaves the cache"
        ),
        Breaker::AdminWrite => format!(
            "key {HOT_KEY} is being written in the DB directly; the cache holds no copy of it, so nothing there goes stale"
        ),
        Breaker::SlowDb => format!(
            "every DB operation takes ten times longer for the next {} ms",
            ms(SLOW_DB_FOR_US)
        ),
        Breaker::Import if !after.cache_up => format!(
            "{IMPORT_KEYS} new keys are being written; the cache is down, so they go to the DB only"
        ),
        Breaker::Import => {
            format!("{IMPORT_KEYS} new keys are being written through the write path")
        }
    };
    format!("At {} ms: {what}.", ms(now_us))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::lab_defaults::lab_scenario;
    use cachescope_sim::StrategyId;

    /// Presses `b` on `p` the way the panel does and returns the sentence.
    fn press(p: &mut Player, b: Breaker) -> String {
        let before = Before::of(p);
        p.schedule(b.event());
        describe(b, p.now_us(), before, &p.counters())
    }

    #[test]
    fn expiring_a_key_the_cache_does_not_hold_says_so() {
        let mut p = Player::new(lab_scenario(StrategyId::CacheAside));
        // At the start the cache is empty: the press changes nothing.
        let before = p.cache_contents();
        let msg = press(&mut p, Breaker::ExpireHot);
        assert_eq!(p.cache_contents(), before);
        assert!(
            msg.contains("was not in the cache; nothing to expire"),
            "{msg}"
        );
    }

    #[test]
    fn expiring_the_cached_hot_key_says_it_left() {
        let mut p = Player::new(lab_scenario(StrategyId::CacheAside));
        let mut t = 0;
        while !Before::of(&p).hot_cached {
            t += 1_000;
            p.advance_to(t);
            assert!(!p.is_finished(), "the hot key was never cached");
        }
        let msg = press(&mut p, Breaker::ExpireHot);
        assert!(msg.contains("left the cache"), "{msg}");
        assert!(!p.cache_contents().iter().any(|e| e.key == HOT_KEY));
    }

    #[test]
    fn a_crash_while_down_says_it_only_moved_the_restart() {
        let mut p = Player::new(lab_scenario(StrategyId::WriteBack));
        p.advance_to(p.end_us() / 4);
        let first = press(&mut p, Breaker::Crash);
        assert!(first.contains("the cache crashed"), "{first}");
        let again = press(&mut p, Breaker::Crash);
        assert!(again.contains("already down"), "{again}");
        let expire = press(&mut p, Breaker::ExpireHot);
        assert!(expire.contains("the cache is down"), "{expire}");
    }

    #[test]
    fn a_crash_names_the_writes_it_lost() {
        let mut p = Player::new(lab_scenario(StrategyId::WriteBack));
        let mut t = 0;
        while p.counters().dirty < 2 {
            t += 1_000;
            p.advance_to(t);
            assert!(!p.is_finished(), "never had 2 dirty writes");
        }
        let dirty = p.counters().dirty;
        let msg = press(&mut p, Breaker::Crash);
        assert!(
            msg.contains(&format!("{dirty} acknowledged writes")),
            "{msg}"
        );
    }

    #[test]
    fn every_press_names_its_time() {
        for b in Breaker::ALL {
            let mut p = Player::new(lab_scenario(StrategyId::WriteThrough));
            p.advance_to(12_000);
            let msg = press(&mut p, b);
            assert!(msg.starts_with("At 12"), "{b:?}: {msg}");
            assert!(msg.ends_with('.'), "{b:?}: {msg}");
        }
    }
}
