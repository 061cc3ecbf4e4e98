//! One line of plain explanation for every metric, picker, break-it button
//! and table column the app shows: the tooltips' text. A numeric knob's
//! line is in its own row ([`Knob::help`](crate::settings::knob::Knob)).
//!
//! Components look their line up by the same id they already use for
//! `data-testid` (a metric's `as_str()`, a counter's test id), and render an
//! [`InfoTip`](crate::components::info_tip::InfoTip) with it. The tests
//! below walk the lists the components render from (`Metric::ALL`, the
//! knob tables, the Lab's counters and pickers, the break-it buttons, the
//! table columns), so adding a metric without a line here fails `cargo
//! test` rather than shipping a control nobody explains; they also reject
//! lines nothing shows any more.
//!
//! ```
//! use cachescope_app::glossary;
//! use cachescope_sim::Metric;
//!
//! assert!(glossary::metric(Metric::HitRatio).contains("cache"));
//! assert!(glossary::lab_picker("write-path").is_some());
//! assert_eq!(glossary::lab_picker("no-such-picker"), None);
//! ```
//!
//! The lines are our own words; keep each one sentence, short enough to read
//! in a tooltip on a phone.

use cachescope_sim::Metric;

use crate::settings::lab_defaults::Breaker;

/// What a per-lane metric measures (Compare's lanes, charts and the Lab's
/// matching counters).
pub fn metric(m: Metric) -> &'static str {
    match m {
        Metric::HitRatio => {
            "Share of reads the cache answered by itself, without asking the database."
        }
        Metric::ReadP50 => "Typical read time: half of all reads finished faster than this.",
        Metric::ReadP99 => {
            "Slow-read time: only one read in a hundred took longer than this (the tail users notice)."
        }
        Metric::WriteP50 => {
            "Typical write time, from the app's request until the write is confirmed to it."
        }
        Metric::WriteP99 => "Slow-write time: only one write in a hundred took longer than this.",
        Metric::DbReads => {
            "Reads that reached the database: every miss costs one, so fewer means less DB load."
        }
        Metric::DbWrites => {
            "Writes the database performed, including batched flushes of buffered writes."
        }
        Metric::StaleReads => {
            "Cache hits that returned an older value than the database had saved before the read began."
        }
        Metric::LostWrites => {
            "Writes the app was told had succeeded that never reached the database (a cache crash wiped them)."
        }
        Metric::FailedRequests => {
            "Reads and writes that got an error, because the cache they depend on was down."
        }
        Metric::Pollution => {
            "Entries pushed out of the cache without ever being read: space spent on nothing."
        }
        Metric::LateFills => {
            "Misses whose fill put an old value back after a write had changed the database."
        }
        Metric::DbReadPeak => {
            "The most DB reads in one time-series window, per second: a stampede shows as a spike here."
        }
    }
}

/// What a break-it button in the Lab does, in one line (the panel's longer
/// text says what to watch afterwards).
pub fn breaker(b: Breaker) -> &'static str {
    match b {
        Breaker::Crash => {
            "Kills the cache process now; it restarts empty, and anything it held only in memory is gone."
        }
        Breaker::AdminWrite => {
            "Changes the hot key straight in the database, so the cache never hears about it."
        }
        Breaker::SlowDb => "Makes every database operation ten times slower for a short while.",
        Breaker::Import => {
            "Writes a burst of new keys through the write path, as a nightly import would."
        }
        Breaker::ExpireHot => {
            "Drops the most-read key from the cache, so its next readers all miss together."
        }
    }
}

/// The Compare view's scheduled-events group.
pub const COMPARE_EVENTS: &str =
    "Things that happen at a set moment of the run, such as a cache crash; untick one to leave it out.";

/// The Compare view's comparison-table columns, by column id.
pub const COMPARE_COLUMNS: [(&str, &str); 6] = [
    (
        "read-speed",
        "How quickly reads come back, with this run's median and slowest-1% read times.",
    ),
    (
        "write-speed",
        "How long the app waits for a write to be confirmed, with this run's numbers.",
    ),
    (
        "consistency",
        "How likely a reader is to see an outdated value; measured as stale reads.",
    ),
    (
        "data-loss",
        "Whether confirmed writes can vanish when the cache fails, and how many did here.",
    ),
    (
        "complexity",
        "How much code and operational care the strategy asks of you.",
    ),
    ("best-for", "The kind of data this strategy suits best."),
];

/// The Lab's live counters, by their `data-testid`.
pub const LAB_COUNTERS: [(&str, &str); 10] = [
    ("hits", "Reads the cache answered on its own so far."),
    (
        "misses",
        "Reads the cache could not answer, so the database served them.",
    ),
    ("hit-ratio", "Hits as a share of all answered reads so far."),
    (
        "read-p99",
        "So far, 99 reads in 100 finished within this time.",
    ),
    (
        "write-p99",
        "So far, 99 writes in 100 were confirmed within this time.",
    ),
    (
        "stale-reads",
        "Reads the cache answered with an older value than the database had already saved.",
    ),
    (
        "lost-writes",
        "Writes confirmed to the app that were destroyed before reaching the database.",
    ),
    (
        "dirty",
        "Writes confirmed but not yet saved in the database: what a crash right now would lose.",
    ),
    (
        "failed",
        "Requests that got an error because the cache was down.",
    ),
    ("issued", "Requests the simulated app has sent so far."),
];

/// The Lab's three pickers, by their `data-testid` (the numeric knobs'
/// lines are in their rows: [`crate::settings::lab::LAB_KNOBS`]).
pub const LAB_PICKERS: [(&str, &str); 3] = [
    ("strategy", "One of the five named strategies; it sets the read path and the write path below."),
    ("read-path", "What happens on a read: the app fills the cache itself, or the cache loads from the database."),
    ("write-path", "What happens on a write: which of cache and database is written, in what order, and when."),
];

/// The Lab's cache-table columns.
pub const CACHE_COLUMNS: [(&str, &str); 5] = [
    ("key", "Which record this entry holds."),
    (
        "version",
        "Which write of the record the cached value comes from (higher is newer).",
    ),
    (
        "dirty",
        "Whether the entry holds confirmed writes the database does not have yet.",
    ),
    (
        "ttl-left",
        "Time until the entry expires; ∞ means it never does.",
    ),
    (
        "state",
        "How the cached value compares with the database's copy right now.",
    ),
];

/// The Lab's database-table columns.
pub const DB_COLUMNS: [(&str, &str); 3] = [
    (
        "key",
        "The record's key: the name the app reads and writes it by.",
    ),
    (
        "latest-version",
        "The newest write of the record the database has committed.",
    ),
    (
        "cached",
        "The version the cache holds for this key, if any.",
    ),
];

fn lookup(table: &[(&'static str, &'static str)], id: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == id).map(|(_, line)| *line)
}

/// The line for a comparison-table column id.
pub fn compare_column(id: &str) -> Option<&'static str> {
    lookup(&COMPARE_COLUMNS, id)
}

/// The line for a Lab counter's `data-testid`.
pub fn lab_counter(id: &str) -> Option<&'static str> {
    lookup(&LAB_COUNTERS, id)
}

/// The line for a Lab picker's `data-testid`.
pub fn lab_picker(id: &str) -> Option<&'static str> {
    lookup(&LAB_PICKERS, id)
}

/// The line for a cache-table column id.
pub fn cache_column(id: &str) -> Option<&'static str> {
    lookup(&CACHE_COLUMNS, id)
}

/// The line for a database-table column id.
pub fn db_column(id: &str) -> Option<&'static str> {
    lookup(&DB_COLUMNS, id)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::compare::compare_table::COLUMNS;
    use crate::lab::counters::FIGURES;
    use crate::lab::knobs::PICKERS;
    use crate::settings::compare::COMPARE_KNOBS;
    use crate::settings::lab::LAB_KNOBS;

    /// Every id `shown` by a component has a line in `table`, and `table`
    /// has no line for an id nothing shows.
    fn covers(what: &str, table: &[(&str, &str)], shown: &[&str]) {
        let have: BTreeSet<&str> = table.iter().map(|(k, _)| *k).collect();
        let want: BTreeSet<&str> = shown.iter().copied().collect();
        assert_eq!(
            have.len(),
            table.len(),
            "{what}: duplicate ids in the glossary"
        );
        let missing: Vec<_> = want.difference(&have).collect();
        assert!(
            missing.is_empty(),
            "{what}: no glossary line for {missing:?}"
        );
        let unused: Vec<_> = have.difference(&want).collect();
        assert!(
            unused.is_empty(),
            "{what}: glossary lines nothing shows: {unused:?}"
        );
    }

    /// A tooltip line: one sentence, short, ending in a full stop.
    fn check_line(what: &str, line: &str) {
        assert!(!line.trim().is_empty(), "{what}: empty line");
        assert!(!line.contains('\n'), "{what}: more than one line");
        assert!(
            line.ends_with('.'),
            "{what}: ends without a full stop: {line}"
        );
        assert!(
            line.chars().count() <= 110,
            "{what}: too long for a tooltip ({} chars)",
            line.chars().count()
        );
    }

    #[test]
    fn every_compare_knob_has_a_line() {
        for k in COMPARE_KNOBS {
            check_line(k.key, k.help);
        }
        check_line("events", COMPARE_EVENTS);
    }

    #[test]
    fn every_metric_and_column_has_a_line() {
        for m in Metric::ALL {
            check_line(m.as_str(), metric(m));
        }
        let ids: Vec<&str> = COLUMNS.iter().map(|c| c.0).collect();
        covers("comparison table", &COMPARE_COLUMNS, &ids);
        let ids: Vec<&str> = crate::lab::cache_table::COLUMNS
            .iter()
            .map(|c| c.0)
            .collect();
        covers("cache table", &CACHE_COLUMNS, &ids);
        let ids: Vec<&str> = crate::lab::db_table::COLUMNS.iter().map(|c| c.0).collect();
        covers("database table", &DB_COLUMNS, &ids);
        for (id, line) in COMPARE_COLUMNS
            .iter()
            .chain(&CACHE_COLUMNS)
            .chain(&DB_COLUMNS)
        {
            check_line(id, line);
        }
    }

    #[test]
    fn every_lab_counter_knob_and_button_has_a_line() {
        let ids: Vec<&str> = FIGURES.iter().map(|f| f.testid).collect();
        covers("Lab counters", &LAB_COUNTERS, &ids);
        covers("Lab pickers", &LAB_PICKERS, &PICKERS);
        for (id, line) in LAB_COUNTERS.iter().chain(&LAB_PICKERS) {
            check_line(id, line);
        }
        for k in LAB_KNOBS {
            check_line(k.key, k.help);
        }
        for b in Breaker::ALL {
            check_line(b.as_str(), breaker(b));
        }
    }

    #[test]
    fn lines_differ_from_each_other_within_a_table() {
        for table in [&LAB_COUNTERS[..], &LAB_PICKERS, &COMPARE_COLUMNS] {
            let lines: BTreeSet<&str> = table.iter().map(|(_, l)| *l).collect();
            assert_eq!(lines.len(), table.len());
        }
        for table in [&COMPARE_KNOBS[..], &LAB_KNOBS] {
            let lines: BTreeSet<&str> = table.iter().map(|k| k.help).collect();
            assert_eq!(lines.len(), table.len());
        }
    }
}
