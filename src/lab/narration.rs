//! What the Lab's narration panel says: the numbered steps of the current
//! request's flow under the chosen read and write paths, in our own words,
//! and which step a traced request is at.
//!
//! The steps are chosen by the *paths* the engine ran, and the current step
//! is found from the hops the engine recorded; nothing here decides what a
//! strategy does.
//!
//! ```
//! use cachescope_app::lab::narration::{flow, Flow};
//! use cachescope_sim::{Op, ReadPath, WritePath};
//! let steps = flow(Op::Read, ReadPath::CacheAside, WritePath::DbThenInvalidate);
//! assert_eq!(steps.title, "A read, cache-aside");
//! assert!(steps.steps[0].text.starts_with("The app asks the cache"));
//! ```

use cachescope_sim::{Hop, HopKind, Node, Op, ReadPath, RequestTrace, WritePath};

/// One numbered step and the hops that carry it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// Plain words.
    pub text: &'static str,
    /// Hops `(from, to, kind)` that belong to this step. A reply (`Ack`, or a
    /// `Value` coming back) belongs to the step of the hop it answers.
    pub hops: &'static [(Node, Node, HopKind)],
}

/// The steps of one kind of operation under one pair of paths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flow {
    /// Heading, e.g. "A read, cache-aside".
    pub title: &'static str,
    /// The steps, in order (shown numbered from 1).
    pub steps: Vec<Step>,
}

use HopKind as K;
use Node::{Cache as C, Client as A, Db as D};

const GET: Step = Step {
    text: "The app asks the cache for the key.",
    hops: &[(A, C, K::Get)],
};
const HIT: Step = Step {
    text: "Hit: the cache holds a live copy and sends it straight back. Done, no database work.",
    hops: &[(C, A, K::Hit)],
};

/// The flow of `op` under `(read, write)`.
pub fn flow(op: Op, read: ReadPath, write: WritePath) -> Flow {
    match op {
        Op::Read => read_flow(read),
        Op::Write | Op::Import => write_flow(write, op == Op::Import),
        Op::Admin => Flow {
            title: "A write behind the cache's back",
            steps: vec![
                Step {
                    text: "Another tool (an admin script, a second service) writes the database \
                           directly.",
                    hops: &[(A, D, K::Write)],
                },
                Step {
                    text: "The database commits the new version. Nobody tells the cache: a copy \
                           it already holds is now out of date, and reads of it are stale until \
                           the copy expires, is evicted or is replaced.",
                    hops: &[(D, A, K::Ack)],
                },
            ],
        },
        Op::Flush => Flow {
            title: "A write-back flush",
            steps: vec![
                Step {
                    text: "The cache's flusher wakes up and gathers dirty entries (the newest \
                           value of each key; several writes to one key travel as one).",
                    hops: &[],
                },
                Step {
                    text: "It sends them to the database as one batch.",
                    hops: &[(C, D, K::Flush)],
                },
                Step {
                    text: "When the database confirms, those writes are finally safe. If the \
                           cache crashes first, the batch and every other dirty write are lost, \
                           although the app was told they succeeded.",
                    hops: &[(D, C, K::Ack)],
                },
            ],
        },
    }
}

fn read_flow(read: ReadPath) -> Flow {
    match read {
        ReadPath::CacheAside => Flow {
            title: "A read, cache-aside",
            steps: vec![
                GET,
                HIT,
                Step {
                    text: "Miss: the cache has no live copy (never loaded, evicted or \
                           expired), or it is down and cannot answer.",
                    hops: &[(C, A, K::Miss), (C, A, K::Fail)],
                },
                Step {
                    text: "The app reads the key from the database itself (with coalescing on, a \
                           read that finds another read of the key already loading waits for \
                           that answer instead).",
                    hops: &[(A, D, K::Read)],
                },
                Step {
                    text: "The app stores what it read in the cache, so the next read of this \
                           key can be a hit (skipped while the cache is down).",
                    hops: &[(A, C, K::Fill)],
                },
                Step {
                    text: "The app returns the value to its caller.",
                    hops: &[],
                },
            ],
        },
        ReadPath::ReadThrough { .. } => Flow {
            title: "A read, read-through",
            steps: vec![
                Step {
                    text: "The app asks the cache for the key; it never talks to the database \
                           for reads.",
                    hops: &[(A, C, K::Get)],
                },
                HIT,
                Step {
                    text: "Miss: the cache's own loader reads the database. Other reads of the \
                           same key wait for this one load instead of all going to the database.",
                    hops: &[(C, D, K::Load)],
                },
                Step {
                    text: "The cache keeps the loaded value and answers the app (a waiting \
                           reader gets the same value).",
                    hops: &[(C, A, K::Value)],
                },
                Step {
                    text: "If the cache is down, the read fails: the app has no other way to \
                           the data.",
                    hops: &[(C, A, K::Fail)],
                },
            ],
        },
        ReadPath::NoCache => Flow {
            title: "A read, no cache",
            steps: vec![Step {
                text: "The app reads the database and returns the value.",
                hops: &[(A, D, K::Read)],
            }],
        },
    }
}

fn write_flow(write: WritePath, import: bool) -> Flow {
    let (title, steps) = match write {
        WritePath::DbThenInvalidate => (
            ["A write, cache-aside", "An imported key, cache-aside"],
            vec![
                Step {
                    text: "The app writes the new value to the database and waits for the \
                           commit.",
                    hops: &[(A, D, K::Write)],
                },
                Step {
                    text: "The app deletes the cache's copy, so the next read loads the new \
                           value instead of the old one.",
                    hops: &[(A, C, K::Invalidate)],
                },
                Step {
                    text: "The write is acknowledged to the caller.",
                    hops: &[],
                },
            ],
        ),
        WritePath::WriteThrough => (
            ["A write, write-through", "An imported key, write-through"],
            vec![
                Step {
                    text: "The app writes the value into the cache.",
                    hops: &[(A, C, K::Set)],
                },
                Step {
                    text: "…and then into the database. The caller waits for both, so every \
                           write pays the database's latency.",
                    hops: &[(A, D, K::Write)],
                },
                Step {
                    text: "Both copies agree; the write is acknowledged. If the cache is down, \
                           the write fails instead.",
                    hops: &[(C, A, K::Fail)],
                },
            ],
        ),
        WritePath::WriteBack { .. } => (
            ["A write, write-back", "An imported key, write-back"],
            vec![
                Step {
                    text: "The app writes the value into the cache only.",
                    hops: &[(A, C, K::Set)],
                },
                Step {
                    text: "The cache acknowledges at once (fast) and marks the entry dirty: \
                           the database does not have it yet. If the cache is down, the write \
                           fails.",
                    hops: &[(C, A, K::Ack), (C, A, K::Fail)],
                },
                Step {
                    text: "Later, a flush batch carries it to the database. Until then a cache \
                           crash loses it.",
                    hops: &[],
                },
            ],
        ),
        WritePath::WriteAround { invalidate } => (
            ["A write, write-around", "An imported key, write-around"],
            vec![
                Step {
                    text: "The app writes the value to the database only; the cache is not \
                           filled, so rarely-read data does not push out useful entries.",
                    hops: &[(A, D, K::Write)],
                },
                if invalidate {
                    Step {
                        text: "The app drops the cache's copy of the key, so readers do not \
                               keep getting the old value.",
                        hops: &[(A, C, K::Invalidate)],
                    }
                } else {
                    Step {
                        text: "The cache is left alone: an old copy stays until it expires.",
                        hops: &[],
                    }
                },
                Step {
                    text: "The write is acknowledged to the caller.",
                    hops: &[],
                },
            ],
        ),
        WritePath::NoCache => (
            ["A write, no cache", "An imported key, no cache"],
            vec![Step {
                text: "The app writes the database and waits for the commit.",
                hops: &[(A, D, K::Write)],
            }],
        ),
    };
    Flow {
        title: title[usize::from(import)],
        steps,
    }
}

/// Index of the step `trace` is at, at time `now_us`: the step of the latest
/// hop that has departed (a reply counts with the hop it answers), or the
/// last step once the operation is done. `None` before its first hop.
pub fn current_step(flow: &Flow, trace: &RequestTrace, now_us: u64) -> Option<usize> {
    if trace.done_at_us.is_some_and(|d| d <= now_us) {
        // Done: the outcome's own step if it has one (a hit, a failure),
        // else the closing step.
        let last = trace.hops.last()?;
        return Some(step_of(flow, &trace.hops, trace.hops.len() - 1).map_or(
            flow.steps.len() - 1,
            |i| {
                if flow.steps[i]
                    .hops
                    .contains(&(last.from, last.to, last.kind))
                    && matches!(last.kind, K::Hit | K::Fail)
                {
                    i
                } else {
                    flow.steps.len() - 1
                }
            },
        ));
    }
    let idx = trace.hops.iter().rposition(|h| h.depart_us <= now_us)?;
    step_of(flow, &trace.hops, idx)
}

/// The step of hop `idx`, walking back over replies to the hop they answer.
fn step_of(flow: &Flow, hops: &[Hop], idx: usize) -> Option<usize> {
    let mut i = idx;
    loop {
        let h = hops[i];
        if let Some(s) = flow
            .steps
            .iter()
            .position(|s| s.hops.contains(&(h.from, h.to, h.kind)))
        {
            return Some(s);
        }
        if i == 0 {
            return None;
        }
        i -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::player::Player;
    use crate::settings::lab_defaults::{lab_scenario, Breaker};
    use cachescope_sim::{Outcome, StrategyId};

    /// Every hop every strategy records has a step in its flow (directly or
    /// as a reply), so the narration never goes blank mid-request.
    #[test]
    fn every_recorded_hop_maps_to_a_step() {
        for id in StrategyId::ALL {
            let mut p = Player::new(lab_scenario(id));
            p.advance_to(300_000);
            p.schedule(Breaker::Crash.event());
            p.advance_to(700_000);
            p.schedule(Breaker::AdminWrite.event());
            p.advance_to(p.end_us());
            let (r, w) = id.default_paths();
            for t in p.log() {
                let f = flow(t.op, r, w);
                for i in 0..t.hops.len() {
                    assert!(
                        step_of(&f, &t.hops, i).is_some(),
                        "{id}: {:?} hop {i} {:?}",
                        t.op,
                        t.hops[i]
                    );
                }
                if t.hops.is_empty() {
                    continue;
                }
                let first = t.hops[0].depart_us;
                assert_eq!(current_step(&f, t, first), step_of(&f, &t.hops, 0));
                if let Some(done) = t.done_at_us {
                    let s = current_step(&f, t, done).unwrap();
                    match t.outcome {
                        Outcome::Hit => assert_eq!(f.steps[s].text, HIT.text, "{id}"),
                        Outcome::Ack | Outcome::Miss | Outcome::Committed => {
                            assert_eq!(s, f.steps.len() - 1, "{id} {:?}", t.op)
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    #[test]
    fn a_cache_aside_miss_walks_the_steps_in_order() {
        let mut p = Player::new(lab_scenario(StrategyId::CacheAside));
        p.advance_to(200_000);
        let (r, w) = StrategyId::CacheAside.default_paths();
        let t = p
            .log()
            .iter()
            .find(|t| t.op == Op::Read && t.outcome == Outcome::Miss && t.hops.len() == 6)
            .expect("a miss with a fill")
            .clone();
        let f = flow(Op::Read, r, w);
        let seen: Vec<usize> = t
            .hops
            .iter()
            .map(|h| current_step(&f, &t, h.depart_us).unwrap())
            .collect();
        assert_eq!(seen, [0, 2, 3, 3, 4, 4]);
        assert_eq!(current_step(&f, &t, t.done_at_us.unwrap()), Some(5));
        assert_eq!(current_step(&f, &t, t.hops[0].depart_us - 1), None);
    }
}
