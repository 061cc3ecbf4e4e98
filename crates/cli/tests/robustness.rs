//! The `cachescope` binary on hostile files: every one is exit code 2 with
//! exactly one line on stderr naming the file, never a panic or a
//! backtrace (the tests run with `RUST_BACKTRACE=1`, so a panic would
//! show one).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cachescope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cachescope"))
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("the cachescope binary runs")
}

/// A per-process scratch directory, removed when the test ends.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("cachescope-robust-{}-{test}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.0.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_string_lossy().into_owned()
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Exit code 2, nothing on stdout, one `cachescope: …` line on stderr that
/// contains `mentions`, and no sign of a panic.
fn assert_clean_input_error(args: &[&str], mentions: &str) {
    let o = cachescope(args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert!(o.stdout.is_empty(), "{args:?} printed to stdout");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{args:?}: {err}");
    assert!(lines[0].starts_with("cachescope: "), "{err}");
    assert!(
        lines[0].contains(mentions),
        "{err:?} does not mention {mentions:?}"
    );
}

#[test]
fn hostile_scenario_files() {
    let d = Scratch::new("scenarios");
    let deep = "[".repeat(100_000);
    let nested = "{\"workload\":".repeat(5_000);
    let cases: [(&str, &[u8], &str); 9] = [
        ("empty.json", b"", "EOF while parsing"),
        (
            "garbage.json",
            &[0x00, 0xff, 0x13, 0x37],
            "cannot read scenario",
        ),
        ("deep.json", deep.as_bytes(), "line 1"),
        ("nested.json", nested.as_bytes(), "unknown field `workload`"),
        (
            "huge.json",
            br#"{"requests": 18446744073709551616}"#,
            "expected u64",
        ),
        (
            "nan.json",
            br#"{"workload": {"read_ratio": NaN}}"#,
            "line 1",
        ),
        (
            "ceiling.json",
            br#"{"requests": 2000001}"#,
            "requests = 2000001",
        ),
        (
            "tiny-rate.json",
            br#"{"arrivals": {"kind": "open", "rate_per_sec": 5e-324}}"#,
            "5e-324",
        ),
        ("unknown.json", br#"{"cache": {"capacty": 3}}"#, "capacty"),
    ];
    for (name, bytes, mentions) in cases {
        let f = d.file(name, bytes);
        for cmd in ["run", "compare"] {
            assert_clean_input_error(&[cmd, "--scenario", &f], mentions);
        }
    }
    let dir = d.path().to_string_lossy().into_owned();
    assert_clean_input_error(&["run", "--scenario", &dir], "cannot read scenario");
    assert_clean_input_error(
        &["run", "--scenario", &format!("{dir}/missing.json")],
        "cannot read scenario",
    );
}

#[test]
fn hostile_trace_files() {
    let d = Scratch::new("traces");
    let cases: [(&str, &[u8], &str, &str); 6] = [
        (
            "bad.csv",
            b"1\n2\n\xff\xfe\n",
            "csv",
            "line 3: not valid UTF-8",
        ),
        ("fields.csv", b"1,2,3,4,5\n", "csv", "line 1"),
        (
            "ops.csv",
            b"ts,key,op\n1,2,get\n2,3,fetch\n",
            "csv",
            "line 3",
        ),
        (
            "cut.bin",
            &[7u8; 24 * 3 + 5],
            "oracle-general",
            "byte offset 72",
        ),
        ("one.bin", &[1u8], "oracle-general", "byte offset 0"),
        ("trace.zst", b"(\xb5/\xfd", "auto", "zstd -d"),
    ];
    for (name, bytes, format, mentions) in cases {
        let f = d.file(name, bytes);
        assert_clean_input_error(
            &[
                "replay",
                "--trace",
                &f,
                "--format",
                format,
                "--policy",
                "lru",
                "--capacity",
                "4",
            ],
            mentions,
        );
    }
    let dir = d.path().to_string_lossy().into_owned();
    assert_clean_input_error(
        &[
            "replay",
            "--trace",
            &dir,
            "--format",
            "csv",
            "--policy",
            "lru",
            "--capacity",
            "4",
        ],
        "cannot read the trace",
    );
}

#[test]
fn absurd_flags_are_usage_errors_not_panics() {
    for args in [
        &["run", "--requests", "18446744073709551616"][..],
        &["run", "--capacity", "-1"],
        &["run", "--alpha", "NaN"],
        &["bench", "--keys", "0"],
        &["bench", "--alpha", "inf"],
        &["bench", "--requests", "999999999999"],
        &[
            "replay",
            "--trace",
            "x.csv",
            "--policy",
            "lru",
            "--capacity",
            "0",
        ],
    ] {
        let o = cachescope(args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

/// `chart` with bad arguments or a bad scenario: a one-line message naming
/// the problem, exit code 2, and no directory created or file written.
#[test]
fn chart_bad_arguments_write_nothing() {
    let d = Scratch::new("chart");
    let out = d.path().join("out").to_string_lossy().into_owned();
    let blocker = d.file("plain-file", b"not a directory");
    let under_file = format!("{blocker}/charts");
    let bad = d.file("bad.json", br#"{"cache": {"capacity": 0}}"#);
    let missing = format!("{out}.json");
    let cases: [(Vec<&str>, &str); 7] = [
        (
            vec!["chart", "--out", &out, "--width", "299"],
            "--width 299 is out of range: allowed 300 to 4000",
        ),
        (
            vec!["chart", "--out", &out, "--width", "4001"],
            "--width 4001 is out of range",
        ),
        (
            vec!["chart", "--out", &out, "--scenario", &bad],
            "cache.capacity = 0 is out of range",
        ),
        (
            vec!["chart", "--out", &out, "--requests", "0"],
            "requests = 0 is out of range",
        ),
        (vec!["chart", "--out", &blocker], "is not a directory"),
        (
            vec!["chart", "--out", &under_file],
            "cannot create directory",
        ),
        (
            vec!["chart", "--out", &out, "--scenario", &missing],
            "cannot read scenario",
        ),
    ];
    for (args, mentions) in &cases {
        assert_clean_input_error(args, mentions);
        assert!(!Path::new(&out).exists(), "{args:?} created {out}");
    }
    // Usage errors from the flag parser: exit 2 and the allowed values.
    for (args, mentions) in [
        (
            vec!["chart", "--out", &out, "--charts", "tradeoff,pie"],
            "expected one of tradeoff, before-after, bars, timeseries",
        ),
        (
            vec!["chart", "--out", &out, "--risk", "fire"],
            "lost-writes, stale-rate",
        ),
        (
            vec!["chart", "--out", &out, "--metric", "speed"],
            "hit-ratio",
        ),
        (vec!["chart", "--out", &out, "--width", "-5"], "-5"),
        (vec!["chart", "--width", "500"], "--out <DIR>"),
    ] {
        let o = cachescope(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(mentions), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(!Path::new(&out).exists(), "{args:?} created {out}");
    }
}
