//! Choose's answers in the link, one key per question (`mix=write&lose=yes`).

use super::keys::CHOOSE_KEYS;
use super::query::{echo, first, set_params};

/// The Choose view's answers from `search` (`mix=write&lose=yes`); a value
/// that is not one of the question's answers keeps the default, with a notice.
///
/// ```
/// use cachescope_app::url::parse_choose;
/// use cachescope_app::advice::Mix;
/// let (a, notices) = parse_choose("?view=choose&mix=write&lose=yes");
/// assert_eq!((a.mix, a.can_lose_writes, notices.len()), (Mix::WriteHeavy, true, 0));
/// let (_, notices) = parse_choose("?lose=maybe");
/// assert_eq!(notices, ["lose “maybe” is not yes or no; using no."]);
/// ```
pub fn parse_choose(search: &str) -> (crate::advice::Answers, Vec<String>) {
    use crate::advice::{Answers, Mix};
    let mut a = Answers::default();
    let mut notices = Vec::new();
    if let Some(raw) = first(search, CHOOSE_KEYS[0]) {
        match raw {
            "read" => a.mix = Mix::ReadHeavy,
            "write" => a.mix = Mix::WriteHeavy,
            _ => notices.push(format!(
                "mix “{}” is not read or write; using read.",
                echo(raw)
            )),
        }
    }
    let flags: [fn(&mut Answers) -> &mut bool; 4] = [
        |a| &mut a.can_lose_writes,
        |a| &mut a.other_writers,
        |a| &mut a.memory_tight,
        |a| &mut a.platform_cache,
    ];
    for (key, flag) in CHOOSE_KEYS[1..].iter().zip(flags) {
        if let Some(raw) = first(search, key) {
            match raw {
                "yes" => *flag(&mut a) = true,
                "no" => *flag(&mut a) = false,
                _ => notices.push(format!(
                    "{key} “{}” is not yes or no; using {}.",
                    echo(raw),
                    if *flag(&mut a) { "yes" } else { "no" }
                )),
            }
        }
    }
    (a, notices)
}

/// The link for Choose's `answers`, built on `search`: one key per answer
/// that differs from the default.
///
/// ```
/// use cachescope_app::url::{choose_search, parse_choose};
/// let (mut a, _) = parse_choose("");
/// a.other_writers = true;
/// assert_eq!(choose_search("?view=choose", &a), "?view=choose&others=yes");
/// ```
pub fn choose_search(search: &str, answers: &crate::advice::Answers) -> String {
    use crate::advice::{Answers, Mix};
    let d = Answers::default();
    let yes = |v: bool, d: bool| (v != d).then_some(if v { "yes" } else { "no" });
    let mix = (answers.mix != d.mix).then_some(match answers.mix {
        Mix::ReadHeavy => "read",
        Mix::WriteHeavy => "write",
    });
    set_params(
        search,
        &[
            (CHOOSE_KEYS[0], mix),
            (
                CHOOSE_KEYS[1],
                yes(answers.can_lose_writes, d.can_lose_writes),
            ),
            (CHOOSE_KEYS[2], yes(answers.other_writers, d.other_writers)),
            (CHOOSE_KEYS[3], yes(answers.memory_tight, d.memory_tight)),
            (
                CHOOSE_KEYS[4],
                yes(answers.platform_cache, d.platform_cache),
            ),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::super::hostile_values::HOSTILE;
    use super::super::PageOptions;
    use super::*;

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
