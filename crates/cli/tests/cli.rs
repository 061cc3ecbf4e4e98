//! End-to-end tests of the `cachescope` binary: exact numbers on small
//! traces, exit codes and messages on bad input, `--help` per command.

use std::path::PathBuf;
use std::process::{Command, Output};

fn cachescope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cachescope"))
        .args(args)
        .output()
        .expect("the cachescope binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn small_csv() -> String {
    format!("{}/tests/data/small.csv", env!("CARGO_MANIFEST_DIR"))
}

/// A file in a directory under the system temp dir, unique per test and
/// process, so parallel test runs never share files.
fn temp_file(test: &str, name: &str, bytes: &[u8]) -> PathBuf {
    let dir = temp_dir(test);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn temp_dir(test: &str) -> PathBuf {
    std::env::temp_dir().join(format!("cachescope-cli-{}-{test}", std::process::id()))
}

/// Removes a test's temp directory when the test ends (pass or fail).
struct Cleanup(&'static str);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(temp_dir(self.0));
    }
}

/// oracleGeneral records (24 bytes, little-endian) for these object ids.
fn oracle_bytes(ids: &[u64]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, &id) in ids.iter().enumerate() {
        out.extend_from_slice(&(i as u32).to_le_bytes()); // timestamp
        out.extend_from_slice(&id.to_le_bytes()); // object id
        out.extend_from_slice(&512u32.to_le_bytes()); // size (ignored)
        out.extend_from_slice(&(-1i64).to_le_bytes()); // next access
    }
    out
}

/// `(requests, hits, misses, miss_ratio)` of a `--json` replay.
fn replay_json(trace: &str, extra: &[&str], policy: &str, capacity: &str) -> (u64, u64, u64, f64) {
    let mut args = vec![
        "replay",
        "--trace",
        trace,
        "--policy",
        policy,
        "--capacity",
        capacity,
        "--json",
    ];
    args.extend_from_slice(extra);
    let o = cachescope(&args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let obj = v.as_object().unwrap();
    let mut fields: Vec<&str> = obj.keys().map(String::as_str).collect();
    fields.sort_unstable();
    assert_eq!(fields, ["hits", "miss_ratio", "misses", "requests"]);
    (
        v["requests"].as_u64().unwrap(),
        v["hits"].as_u64().unwrap(),
        v["misses"].as_u64().unwrap(),
        v["miss_ratio"].as_f64().unwrap(),
    )
}

/// Hits pinned by the hand derivation in the eviction tests.
const PINNED: [(&str, u64); 6] = [
    ("lru", 4),
    ("fifo", 4),
    ("lfu", 6),
    ("sieve", 5),
    ("s3fifo", 3),
    ("arc", 4),
];
const TRACE: [u64; 16] = [1, 2, 3, 1, 4, 1, 2, 5, 1, 2, 3, 4, 5, 1, 2, 3];

#[test]
fn replay_csv_gives_pinned_numbers() {
    let csv = small_csv();
    for (policy, hits) in PINNED {
        let misses = 16 - hits;
        let got = replay_json(&csv, &[], policy, "3");
        assert_eq!(got, (16, hits, misses, misses as f64 / 16.0), "{policy}");
    }
    // A capacity at least the key count: only the 5 cold misses.
    assert_eq!(
        replay_json(&csv, &["--format", "csv"], "lru", "5"),
        (16, 11, 5, 5.0 / 16.0)
    );
}

/// Several policies and capacities: a miss-ratio table, and in JSON one
/// entry per (policy, capacity), each the single replay's numbers.
#[test]
fn replay_all_policies_over_capacities_is_a_miss_ratio_table() {
    let csv = small_csv();
    let o = cachescope(&[
        "replay",
        "--trace",
        &csv,
        "--policy",
        "all",
        "--capacity",
        "3,5",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let runs = v.as_array().unwrap();
    assert_eq!(runs.len(), 12);
    for (policy, hits) in PINNED {
        for (cap, want) in [(3, hits), (5, 11)] {
            let r = runs
                .iter()
                .find(|r| r["policy"] == policy && r["capacity"] == cap)
                .unwrap_or_else(|| panic!("{policy} {cap}"));
            assert_eq!(r["hits"], want, "{policy} {cap}");
            assert_eq!(r["requests"], 16);
        }
    }
    let o = cachescope(&[
        "replay",
        "--trace",
        &csv,
        "--policy",
        "lru,s3fifo",
        "--capacity",
        "3,5",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let table = stdout(&o);
    assert!(
        table.contains("miss ratio by policy and capacity"),
        "{table}"
    );
    // LRU's 12 misses of 16 at 3 beat S3-FIFO's 13; at 5 both miss 5.
    assert!(
        table.contains("LRU          0.7500*     0.3125*"),
        "{table}"
    );
    assert!(
        table.contains("S3-FIFO      0.8125      0.3125*"),
        "{table}"
    );
}

#[test]
fn replay_oracle_general_gives_pinned_numbers() {
    let _cleanup = Cleanup("oracle");
    // Ids above 2^32 check that all eight id bytes are decoded.
    let ids: Vec<u64> = TRACE.iter().map(|k| (k << 40) | 0xABCD).collect();
    let path = temp_file("oracle", "small.oracleGeneral", &oracle_bytes(&ids));
    let p = path.to_str().unwrap();
    for (policy, hits) in PINNED {
        assert_eq!(
            replay_json(p, &[], policy, "3"),
            (16, hits, 16 - hits, (16 - hits) as f64 / 16.0),
            "{policy}"
        );
    }
    // The same bytes under a .bin name with an explicit format.
    let bin = temp_file("oracle", "small.bin", &oracle_bytes(&ids));
    assert_eq!(
        replay_json(
            bin.to_str().unwrap(),
            &["--format", "oracle-general"],
            "lru",
            "3"
        )
        .1,
        4
    );
}

#[test]
fn replay_table_output() {
    let o = cachescope(&[
        "replay",
        "--trace",
        &small_csv(),
        "--policy",
        "SIEVE",
        "--capacity",
        "3",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for line in [
        "policy      SIEVE",
        "requests    16",
        "hits        5",
        "misses      11",
        "miss ratio  0.687500",
    ] {
        assert!(out.contains(line), "missing {line:?} in\n{out}");
    }
}

#[test]
fn malformed_csv_names_the_line() {
    let _cleanup = Cleanup("bad-csv");
    let path = temp_file(
        "bad-csv",
        "bad.csv",
        b"timestamp,key,op\n1,5,get\n\n2,6,get,oops\n",
    );
    let o = cachescope(&[
        "replay",
        "--trace",
        path.to_str().unwrap(),
        "--policy",
        "lru",
        "--capacity",
        "2",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("line 4: expected `key`, `timestamp,key` or `timestamp,key,op`, found 4"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "one-line message: {err}");
    assert!(stdout(&o).is_empty());
}

#[test]
fn truncated_oracle_names_the_offset() {
    let _cleanup = Cleanup("bad-oracle");
    let mut bytes = oracle_bytes(&[1, 2]);
    bytes.extend_from_slice(&[9u8; 7]);
    let path = temp_file("bad-oracle", "cut.oracleGeneral", &bytes);
    let o = cachescope(&[
        "replay",
        "--trace",
        path.to_str().unwrap(),
        "--policy",
        "fifo",
        "--capacity",
        "2",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("file ends 7 bytes into the record at byte offset 48"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bad_arguments_exit_2() {
    let csv = small_csv();
    let many_capacities = (1..=100)
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let cases: [(&[&str], &str); 6] = [
        (
            &[
                "replay",
                "--trace",
                &csv,
                "--policy",
                "clock",
                "--capacity",
                "3",
            ],
            "expected one of: lru, lfu, fifo, sieve, s3fifo, arc",
        ),
        (
            &[
                "replay",
                "--trace",
                &csv,
                "--policy",
                "lru",
                "--capacity",
                "0",
            ],
            "capacity 0 is out of range",
        ),
        (
            &[
                "replay",
                "--trace",
                "/nonexistent/x.csv",
                "--policy",
                "lru",
                "--capacity",
                "3",
            ],
            "cannot open trace",
        ),
        (
            &[
                "replay",
                "--trace",
                "t.oracleGeneral.zst",
                "--policy",
                "lru",
                "--capacity",
                "3",
            ],
            "decompress it first",
        ),
        (&["bench", "--alpha", "-1"], "--alpha -1 is out of range"),
        (
            &[
                "replay",
                "--trace",
                &csv,
                "--policy",
                "all",
                "--capacity",
                &many_capacities,
            ],
            "6 policies × 100 capacities is more than 256 replays",
        ),
    ];
    for (args, message) in cases {
        let o = cachescope(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn help_for_each_command() {
    for (cmd, needle) in [
        (vec!["--help"], "Usage: cachescope"),
        (vec!["replay", "--help"], "--capacity <N>"),
        (vec!["bench", "--help"], "--requests <N>"),
    ] {
        let o = cachescope(&cmd);
        assert!(o.status.success(), "{cmd:?}");
        assert!(stdout(&o).contains(needle), "{cmd:?}: {}", stdout(&o));
    }
}

#[test]
fn bench_runs_small() {
    let o = cachescope(&[
        "bench",
        "--requests",
        "20000",
        "--keys",
        "500",
        "--capacity",
        "50",
        "--runs",
        "1",
        "--sim-requests",
        "500",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("trace in memory"), "{out}");
    for label in [
        "LRU",
        "LFU",
        "FIFO",
        "SIEVE",
        "Cache-aside",
        "Write-back",
        "Write-around",
    ] {
        assert!(
            out.lines().any(|l| l.starts_with(label)),
            "no {label} row in\n{out}"
        );
    }
    assert!(out.contains("events/request"), "{out}");
    assert!(out.contains("median over the 5 lanes:"), "{out}");
    assert!(
        out.contains("Miss-ratio curve (Compare's \"Your trace\"): 20,000 requests over"),
        "{out}"
    );
}

fn scenario_json() -> String {
    format!("{}/tests/data/scenario.json", env!("CARGO_MANIFEST_DIR"))
}

/// `run --json` prints exactly `to_string_pretty` of the engine's report, so
/// the CLI and the app can never disagree on a number.
#[test]
fn run_json_is_the_engine_report() {
    let path = scenario_json();
    let o = cachescope(&["run", "--scenario", &path, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let scenario =
        cachescope_sim::Scenario::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let expected = serde_json::to_string_pretty(&cachescope_sim::run(&scenario)).unwrap();
    assert_eq!(stdout(&o), expected + "\n");

    // Flags override the file, then the result is validated and run.
    let o = cachescope(&[
        "run",
        "--scenario",
        &path,
        "--strategy",
        "write-through",
        "--seed",
        "9",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut s2 = scenario.clone();
    s2.strategy = cachescope_sim::StrategyId::WriteThrough;
    s2.seed = 9;
    assert_eq!(
        stdout(&o),
        serde_json::to_string_pretty(&cachescope_sim::run(&s2)).unwrap() + "\n"
    );
}

#[test]
fn compare_json_and_csv() {
    let args = [
        "compare",
        "--requests",
        "300",
        "--seed",
        "3",
        "--capacity",
        "50",
    ];
    let o = cachescope(&[&args[..], &["--format", "json"]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let scenario = cachescope_sim::Scenario {
        requests: 300,
        seed: 3,
        cache: cachescope_sim::CacheConfig {
            capacity: 50,
            ..Default::default()
        },
        ..Default::default()
    };
    let report = cachescope_sim::compare(&scenario);
    assert_eq!(
        stdout(&o),
        serde_json::to_string_pretty(&report).unwrap() + "\n"
    );

    let o = cachescope(&[&args[..], &["--format", "csv"]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 7, "header + baseline + five lanes:\n{out}");
    assert!(lines[0]
        .starts_with("strategy,read_path,write_path,requests,reads,writes,hits,misses,hit_ratio,"));
    let ids: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "no-cache",
            "cache-aside",
            "read-through",
            "write-through",
            "write-back",
            "write-around"
        ]
    );
    // The hits column carries the engine's numbers.
    let hits: Vec<u64> = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(6).unwrap().parse().unwrap())
        .collect();
    let expected: Vec<u64> = std::iter::once(&report.baseline)
        .chain(&report.lanes)
        .map(|l| l.hits)
        .collect();
    assert_eq!(hits, expected);

    let o = cachescope(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    for label in [
        "No cache",
        "Cache-aside",
        "Read-through",
        "Write-through",
        "Write-back",
        "Write-around",
    ] {
        assert!(
            stdout(&o).lines().any(|l| l.starts_with(label)),
            "no {label} row:\n{}",
            stdout(&o)
        );
    }
}

#[test]
fn bad_scenarios_exit_2_naming_the_field() {
    let _cleanup = Cleanup("bad-scenario");
    let bad = temp_file(
        "bad-scenario",
        "s.json",
        br#"{ "requests": 10, "cache": { "capacity": 0 } }"#,
    );
    let unknown = temp_file("bad-scenario", "u.json", b"{\n  \"requestz\": 10\n}");
    let cases: [(&[&str], &str); 4] = [
        (
            &["run", "--scenario", bad.to_str().unwrap()],
            "cache.capacity = 0 is out of range: allowed 1 to 1000000",
        ),
        (
            &["compare", "--scenario", unknown.to_str().unwrap()],
            "line 2 column",
        ),
        (&["run", "--requests", "0"], "requests = 0 is out of range"),
        (
            &["run", "--strategy", "write-behind"],
            "unknown strategy \"write-behind\"",
        ),
    ];
    for (args, message) in cases {
        let o = cachescope(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
    }
    // A flag can repair a file before validation.
    let o = cachescope(&[
        "run",
        "--scenario",
        bad.to_str().unwrap(),
        "--capacity",
        "5",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn help_for_simulation_commands() {
    for (cmd, needle) in [
        (["run", "--help"], "--strategy <ID>"),
        (["compare", "--help"], "--format <FORMAT>"),
    ] {
        let o = cachescope(&cmd);
        assert!(o.status.success(), "{cmd:?}");
        assert!(stdout(&o).contains(needle), "{cmd:?}: {}", stdout(&o));
        assert!(stdout(&o).contains("--scenario <FILE.json>"), "{cmd:?}");
    }
}

/// `chart` writes exactly what the shared `compare_chart` draws (the page's
/// chart panel calls the same function), one `<id>.svg` per chart, and
/// lists the files it wrote.
#[test]
fn chart_writes_the_shared_svgs() {
    use cachescope_charts::{compare_chart, ChartId, ChartOptions, Risk};
    let _cleanup = Cleanup("chart");
    let out = temp_dir("chart").join("svg");
    let out_s = out.to_str().unwrap();
    let path = scenario_json();
    let report = cachescope_sim::compare(
        &cachescope_sim::Scenario::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap(),
    );

    let o = cachescope(&[
        "chart",
        "--scenario",
        &path,
        "--out",
        out_s,
        "--width",
        "500",
        "--risk",
        "stale-rate",
        "--metric",
        "read-p99",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let options = ChartOptions {
        risk: Risk::StaleRate,
        metric: cachescope_sim::Metric::ReadP99,
    };
    let listed: Vec<String> = stdout(&o).lines().map(str::to_owned).collect();
    assert_eq!(listed.len(), ChartId::ALL.len(), "{listed:?}");
    for (id, line) in ChartId::ALL.into_iter().zip(&listed) {
        let file = out.join(format!("{}.svg", id.as_str()));
        assert_eq!(line, file.to_str().unwrap());
        let want = compare_chart(&report, id, &options, 500).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), want, "{id}");
    }

    // Defaults (the page's first choices, 760 px) and a subset, in page
    // order whatever the order asked; the other files are left alone.
    let before_after = std::fs::read_to_string(out.join("before-after.svg")).unwrap();
    let o = cachescope(&[
        "chart",
        "--scenario",
        &path,
        "--out",
        out_s,
        "--charts",
        "bars,tradeoff,bars",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 2, "{}", stdout(&o));
    assert!(stdout(&o).lines().next().unwrap().ends_with("tradeoff.svg"));
    for id in [ChartId::Tradeoff, ChartId::Bars] {
        let want = compare_chart(&report, id, &ChartOptions::default(), 760).unwrap();
        let got = std::fs::read_to_string(out.join(format!("{}.svg", id.as_str()))).unwrap();
        assert_eq!(got, want, "{id}");
    }
    assert_eq!(
        std::fs::read_to_string(out.join("before-after.svg")).unwrap(),
        before_after
    );
}

/// A preset with another eviction policy, as `?preset=etl&eviction=s3fifo`
/// opens it: the committed fixture the page's numbers are checked against.
/// Regenerate with
/// `cachescope compare --preset etl --eviction s3fifo --format json`.
#[test]
fn preset_with_an_eviction_policy_matches_the_page_fixture() {
    let root = format!("{}/../..", env!("CARGO_MANIFEST_DIR"));
    let fixture =
        std::fs::read_to_string(format!("{root}/tests/fixtures/etl-s3fifo.compare.json")).unwrap();
    let o = cachescope(&[
        "compare",
        "--preset",
        "etl",
        "--eviction",
        "s3fifo",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), fixture);
}

/// `--preset` starts from a Compare preset: its JSON is the committed
/// fixture the page is checked against, and its CSV is the shared layout.
#[test]
fn preset_compare_matches_the_page_fixture_and_shared_csv() {
    let root = format!("{}/../..", env!("CARGO_MANIFEST_DIR"));
    let fixture =
        std::fs::read_to_string(format!("{root}/tests/fixtures/counters.compare.json")).unwrap();
    let o = cachescope(&["compare", "--preset", "counters", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), fixture);

    let o = cachescope(&["compare", "--preset", "counters", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: cachescope_sim::CompareReport = serde_json::from_str(&fixture).unwrap();
    assert_eq!(stdout(&o), cachescope_sim::report_csv::compare_csv(&report));

    let o = cachescope(&[
        "compare",
        "--preset",
        "counters",
        "--scenario",
        &scenario_json(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot be used with"), "{}", stderr(&o));
}

#[test]
fn help_for_chart() {
    let o = cachescope(&["chart", "--help"]);
    assert!(o.status.success());
    let help = stdout(&o);
    for needle in [
        "--out <DIR>",
        "--width <PX>",
        "--charts <LIST>",
        "tradeoff, before-after, bars",
        "--preset <ID>",
        "identical to the ones the page draws",
    ] {
        assert!(help.contains(needle), "{needle:?} not in:\n{help}");
    }
    let o = cachescope(&["--help"]);
    assert!(stdout(&o).contains("chart"), "{}", stdout(&o));
}

fn trace_fixture() -> String {
    format!(
        "{}/../../tests/fixtures/trace-small.csv",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// `--capacity curve` replays at the page's miss-ratio-curve sizes; the
/// page's e2e test pins the same numbers for the same file.
#[test]
fn replay_at_the_curve_sizes_gives_the_pages_numbers() {
    let out = cachescope(&[
        "replay",
        "--trace",
        &trace_fixture(),
        "--policy",
        "lru,s3fifo",
        "--capacity",
        "curve",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let runs: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let cell = |i: usize| {
        let r = &runs[i];
        (
            r["policy"].as_str().unwrap().to_string(),
            r["capacity"].as_u64().unwrap(),
            r["misses"].as_u64().unwrap(),
        )
    };
    let runs_len = runs.as_array().unwrap().len();
    assert_eq!(runs_len, 2 * 9, "530 distinct keys: 9 distinct sizes");
    assert_eq!(cell(0), ("lru".into(), 1, 3_926));
    assert_eq!(cell(6), ("lru".into(), 106, 1_794));
    assert_eq!(cell(9 + 6), ("s3fifo".into(), 106, 1_525));
    assert_eq!(cell(17), ("s3fifo".into(), 530, 530));
}

#[test]
fn compare_replays_a_trace_in_every_lane() {
    let out = cachescope(&["compare", "--trace", &trace_fixture(), "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let r: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(r["trace"]["requests"], 4_000);
    assert_eq!(r["trace"]["distinct_keys"], 530);
    assert_eq!(r["scenario"]["requests"], 4_000);
    for lane in r["lanes"].as_array().unwrap() {
        assert_eq!(
            (lane["reads"].as_u64(), lane["writes"].as_u64()),
            (Some(3_396), Some(604))
        );
    }
    let table = stdout(&cachescope(&["compare", "--trace", &trace_fixture()]));
    assert!(
        table.starts_with(
            "trace: 4,000 requests (3,396 reads, 604 writes of which 84 deletes), 530 keys"
        ),
        "{table}"
    );

    let bad = temp_file("compare-trace", "bad.csv", b"1,a,get\n2,b,jump\n");
    let _cleanup = Cleanup("compare-trace");
    let out = cachescope(&["compare", "--trace", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("line 2: unknown operation \"jump\""),
        "{}",
        stderr(&out)
    );
    let out = cachescope(&["compare", "--trace-format", "csv"]);
    assert_eq!(out.status.code(), Some(2), "--trace-format needs --trace");
}

/// The page's trace e2e test compares with these files; they must be what
/// the CLI prints now (regenerate with the commands in
/// tests/e2e/trace.spec.ts).
#[test]
fn the_trace_fixtures_are_what_the_cli_prints() {
    let fixture = |name: &str| {
        std::fs::read_to_string(format!(
            "{}/../../tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    let compare = cachescope(&[
        "compare",
        "--preset",
        "catalog",
        "--trace",
        &trace_fixture(),
        "--format",
        "json",
    ]);
    assert_eq!(
        stdout(&compare),
        fixture("trace-small.compare.json"),
        "trace-small.compare.json is stale"
    );
    let curve = cachescope(&[
        "replay",
        "--trace",
        &trace_fixture(),
        "--policy",
        "all",
        "--capacity",
        "curve",
        "--json",
    ]);
    assert_eq!(
        stdout(&curve),
        fixture("trace-small.mrc.json"),
        "trace-small.mrc.json is stale"
    );
}
