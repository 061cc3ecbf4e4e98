//! The eviction policy as a link carries it (`&eviction=s3fifo`): read with
//! a notice when the value names no policy, written only when it differs
//! from the view's baseline.

use cachescope_sim::{EvictionPolicy, Scenario};

use crate::settings::eviction::EVICTION_KEY;

use super::query::{decode_for_display, echo, first};

/// Reads the policy from `search` into `s`; an unknown one leaves `s` as it
/// was and says which policies there are.
pub(super) fn read_eviction(search: &str, s: &mut Scenario, notices: &mut Vec<String>) {
    let Some(raw) = first(search, EVICTION_KEY) else {
        return;
    };
    match decode_for_display(raw).parse::<EvictionPolicy>() {
        Ok(p) => s.cache.eviction = p,
        Err(_) => {
            let ids: Vec<&str> = EvictionPolicy::ALL.iter().map(|p| p.as_str()).collect();
            notices.push(format!(
                "eviction policy “{}” is not one of {}; using {}.",
                echo(raw),
                ids.join(", "),
                s.cache.eviction.as_str()
            ));
        }
    }
}

/// `Some(id)` when `s` evicts differently from `base`.
pub(super) fn eviction_written(s: &Scenario, base: &Scenario) -> Option<String> {
    (s.cache.eviction != base.cache.eviction).then(|| s.cache.eviction.as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_policy_round_trips_and_junk_is_named() {
        let base = Scenario::default();
        for p in EvictionPolicy::ALL {
            let mut s = base.clone();
            s.cache.eviction = p;
            let mut back = base.clone();
            let mut notices = Vec::new();
            match eviction_written(&s, &base) {
                Some(id) => read_eviction(&format!("?eviction={id}"), &mut back, &mut notices),
                None => assert_eq!(p, base.cache.eviction),
            }
            assert_eq!(back, s);
            assert!(notices.is_empty());
        }
        let mut s = base.clone();
        let mut notices = Vec::new();
        read_eviction("?eviction=%3Cb%3Eclock", &mut s, &mut notices);
        assert_eq!(s, base);
        assert_eq!(
            notices,
            ["eviction policy “<b>clock” is not one of lru, lfu, fifo, sieve, s3fifo, arc; using lru."]
        );
    }
}
