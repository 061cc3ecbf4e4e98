//! The guide's answers in the address (`?view=choose&mix=write&lose=yes`),
//! so a shared link shows the same recommendation and numbers: read on
//! mount and on Back/Forward, written (one entry per settled change) when
//! an answer changes.

use leptos::prelude::*;

use crate::advice::Answers;
use crate::app::{on_arrival, show_link_notices, write_address};
use crate::url::{self, View};

/// The answers, kept in step with the address.
pub fn answers_in_address() -> RwSignal<Answers> {
    // The answers live in the address (`?view=choose&mix=write&lose=yes`),
    // so a shared link shows the same recommendation and numbers.
    let (initial, notices) = url::parse_choose(&url::current_search());
    show_link_notices(View::Choose, notices);
    let answers = RwSignal::new(initial);
    let replace_next = StoredValue::new(true);
    Effect::new(move |_| {
        let a = answers.get();
        let next = url::choose_search(&url::current_search(), &a);
        let how = if replace_next.get_value() {
            replace_next.set_value(false);
            url::Write::Replace
        } else {
            url::Write::Settle
        };
        write_address(&next, how);
    });
    on_arrival(move || {
        let (a, notices) = url::parse_choose(&url::current_search());
        show_link_notices(View::Choose, notices);
        if answers.get_untracked() != a {
            replace_next.set_value(true);
            answers.set(a);
        }
    });
    answers
}
