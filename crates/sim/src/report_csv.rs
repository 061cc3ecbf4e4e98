//! Reports as CSV: one row per lane, every metric, raw numbers.
//!
//! The one CSV layout of the project: the CLI's `compare --format csv` and
//! the app's "Report CSV" downloads both write it through these functions,
//! so a spreadsheet made from the page and one made from the terminal line
//! up column for column. Column names carry their unit (`_us` for
//! microseconds; `hit_ratio` and `db_utilisation` are fractions from 0 to 1);
//! counts are whole numbers and ratios are printed at full precision (the
//! shortest text that reads back as the same `f64`).
//!
//! ```
//! use cachescope_sim::{compare, report_csv, Scenario};
//!
//! let report = compare(&Scenario { requests: 300, ..Scenario::default() });
//! let csv = report_csv::compare_csv(&report);
//! let mut lines = csv.lines();
//! assert!(lines.next().unwrap().starts_with("strategy,read_path,write_path,requests,"));
//! assert!(lines.next().unwrap().starts_with("no-cache,"));
//! assert_eq!(csv.lines().count(), 1 + 6);
//! ```

use crate::report::{CompareReport, LaneReport};
use crate::strategy::{ReadPath, WritePath};

/// A column: its header (with the unit) and how a lane fills it.
pub type Column = (&'static str, fn(&LaneReport) -> String);

/// What the `strategy` column says for a lane: the named strategy's id,
/// `no-cache` for the baseline, `custom` for a read/write pair that is no
/// named strategy (the Lab's custom pairs).
pub fn strategy_cell(lane: &LaneReport) -> &'static str {
    match lane.strategy {
        Some(id) => id.as_str(),
        None if lane.read_path == ReadPath::NoCache && lane.write_path == WritePath::NoCache => {
            "no-cache"
        }
        None => "custom",
    }
}

/// Every column, in order. The first thirty are the CLI's original layout;
/// later ones are appended, never inserted, so scripts that read columns by
/// position keep working.
pub const COLUMNS: [Column; 47] = [
    ("strategy", |l| strategy_cell(l).to_string()),
    ("read_path", |l| l.read_path.as_str().to_string()),
    ("write_path", |l| l.write_path.as_str().to_string()),
    ("requests", |l| l.requests.to_string()),
    ("reads", |l| l.reads.to_string()),
    ("writes", |l| l.writes.to_string()),
    ("hits", |l| l.hits.to_string()),
    ("misses", |l| l.misses.to_string()),
    ("hit_ratio", |l| l.hit_ratio.to_string()),
    ("read_p50_us", |l| l.read_latency.p50_us.to_string()),
    ("read_p95_us", |l| l.read_latency.p95_us.to_string()),
    ("read_p99_us", |l| l.read_latency.p99_us.to_string()),
    ("read_max_us", |l| l.read_latency.max_us.to_string()),
    ("write_p50_us", |l| l.write_latency.p50_us.to_string()),
    ("write_p95_us", |l| l.write_latency.p95_us.to_string()),
    ("write_p99_us", |l| l.write_latency.p99_us.to_string()),
    ("write_max_us", |l| l.write_latency.max_us.to_string()),
    ("db_reads", |l| l.db_reads.to_string()),
    ("db_writes", |l| l.db_writes.to_string()),
    ("db_utilisation", |l| l.db_utilisation.to_string()),
    ("stale_reads", |l| l.stale_reads.to_string()),
    ("stale_age_max_us", |l| l.stale_age_max_us.to_string()),
    ("lost_writes", |l| l.lost_writes.to_string()),
    ("failed_reads", |l| l.failed_reads.to_string()),
    ("failed_writes", |l| l.failed_writes.to_string()),
    ("dirty_max", |l| l.dirty_max.to_string()),
    ("dirty_at_end", |l| l.dirty_at_end.to_string()),
    ("evictions", |l| l.evictions.to_string()),
    ("pollution", |l| l.pollution.to_string()),
    ("end_time_us", |l| l.end_time_us.to_string()),
    ("read_count", |l| l.read_latency.count.to_string()),
    ("read_mean_us", |l| l.read_latency.mean_us.to_string()),
    ("write_count", |l| l.write_latency.count.to_string()),
    ("write_mean_us", |l| l.write_latency.mean_us.to_string()),
    ("stale_age_mean_us", |l| l.stale_age_mean_us.to_string()),
    ("expirations", |l| l.expirations.to_string()),
    ("fills", |l| l.fills.to_string()),
    ("admin_writes", |l| l.admin_writes.to_string()),
    ("window_us", |l| l.window_us.to_string()),
    ("late_fills", |l| l.late_fills.to_string()),
    ("coalesced_reads", |l| l.coalesced_reads.to_string()),
    ("coalesced_wait_mean_us", |l| {
        l.coalesced_wait_mean_us.to_string()
    }),
    ("grace_reads", |l| l.grace_reads.to_string()),
    ("grace_age_max_us", |l| l.grace_age_max_us.to_string()),
    ("refreshes", |l| l.refreshes.to_string()),
    ("early_refreshes", |l| l.early_refreshes.to_string()),
    ("db_read_peak_per_sec", |l| {
        format!("{:?}", l.db_read_peak_per_sec)
    }),
];

/// One CSV field: quoted (with doubled quotes) only if it needs to be. The
/// cells above never do today; this keeps the file valid if one ever does.
fn field(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// The header line (no line break).
pub fn header() -> String {
    COLUMNS
        .iter()
        .map(|c| field(c.0))
        .collect::<Vec<_>>()
        .join(",")
}

/// One lane's line (no line break).
pub fn row(lane: &LaneReport) -> String {
    COLUMNS
        .iter()
        .map(|c| field(&(c.1)(lane)))
        .collect::<Vec<_>>()
        .join(",")
}

/// A header and one line per lane, each ending in `\n`.
pub fn lanes_csv<'a>(lanes: impl IntoIterator<Item = &'a LaneReport>) -> String {
    let mut out = header();
    out.push('\n');
    for lane in lanes {
        out.push_str(&row(lane));
        out.push('\n');
    }
    out
}

/// A comparison: the no-cache baseline first, then the five strategies in
/// the report's order.
pub fn compare_csv(report: &CompareReport) -> String {
    lanes_csv(std::iter::once(&report.baseline).chain(&report.lanes))
}

/// One lane (a `run`, or the Lab): the header and one line.
pub fn lane_csv(report: &LaneReport) -> String {
    lanes_csv([report])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{compare, run, Scenario, StrategyId};

    fn small() -> Scenario {
        Scenario {
            requests: 400,
            seed: 7,
            ..Scenario::default()
        }
    }

    #[test]
    fn every_row_has_every_column_and_the_engine_numbers() {
        let report = compare(&small());
        let csv = compare_csv(&report);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 7);
        let names: Vec<&str> = lines[0].split(',').collect();
        assert_eq!(names.len(), COLUMNS.len());
        let col = |name: &str| names.iter().position(|n| *n == name).unwrap();
        let lanes: Vec<&LaneReport> = std::iter::once(&report.baseline)
            .chain(&report.lanes)
            .collect();
        for (line, lane) in lines[1..].iter().zip(lanes) {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), COLUMNS.len(), "{line}");
            assert_eq!(cells[col("hits")].parse::<u64>().unwrap(), lane.hits);
            assert_eq!(
                cells[col("hit_ratio")].parse::<f64>().unwrap(),
                lane.hit_ratio
            );
            assert_eq!(
                cells[col("read_p99_us")].parse::<u64>().unwrap(),
                lane.read_latency.p99_us
            );
            assert_eq!(
                cells[col("db_utilisation")].parse::<f64>().unwrap(),
                lane.db_utilisation
            );
            assert_eq!(cells[col("fills")].parse::<u64>().unwrap(), lane.fills);
        }
        assert!(csv.ends_with('\n'));
    }

    #[test]
    fn column_names_are_unique_and_carry_units() {
        let mut seen = std::collections::BTreeSet::new();
        for (name, _) in COLUMNS {
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{name}"
            );
        }
        // Every duration says it is in µs; counts and ratios carry no unit.
        let times = [
            "_p50",
            "_p95",
            "_p99",
            "read_max",
            "write_max",
            "mean",
            "age",
            "time",
            "window",
        ];
        for (name, _) in COLUMNS {
            let is_time = times.iter().any(|t| name.contains(t));
            assert_eq!(is_time, name.ends_with("_us"), "{name}");
        }
    }

    #[test]
    fn strategy_column_names_custom_pairs_and_the_baseline() {
        let mut s = small();
        s.strategy = StrategyId::WriteBack;
        assert_eq!(strategy_cell(&run(&s)), "write-back");
        s.read_path = Some(ReadPath::ReadThrough {
            single_flight: true,
        });
        s.write_path = Some(WritePath::DbThenInvalidate);
        let custom = run(&s);
        assert_eq!(custom.strategy, None);
        assert_eq!(strategy_cell(&custom), "custom");
        assert_eq!(strategy_cell(&compare(&small()).baseline), "no-cache");
        let one = lane_csv(&custom);
        assert_eq!(one.lines().count(), 2);
        assert!(one
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("custom,read-through,"));
    }

    #[test]
    fn fields_with_separators_are_quoted() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
