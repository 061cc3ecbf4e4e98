//! `cachescope`: the command-line front end of the cachescope simulator.
//!
//! ```text
//! cachescope replay  --trace FILE --policy lru --capacity 1000|curve [--json]
//! cachescope bench   [--requests N] [--keys K] [--capacity C] [--alpha A]
//! cachescope run     [--scenario FILE.json] [--strategy ID] [--json]
//! cachescope compare [--scenario FILE.json | --preset ID] [--trace FILE] [--format table|csv|json]
//! cachescope chart   [--scenario FILE.json | --preset ID] --out DIR [--width PX] [--charts LIST]
//! ```
//!
//! Exit codes: 0 on success, 2 for bad input (unknown flag, unreadable or
//! malformed file, value out of range) with a one-line message on stderr,
//! 1 if writing the output fails. Input errors never panic.
#![forbid(unsafe_code)]

mod bench;
mod chart;
mod error;
mod replay;
mod sim;
mod table;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::CliError;

/// Simulate caching strategies, draw the Compare view's charts as SVG,
/// replay cache traces and benchmark the simulator from the terminal.
#[derive(Debug, Parser)]
#[command(
    name = "cachescope",
    version,
    about,
    long_about = None,
    after_help = "Exit codes: 0 success; 2 bad input (flags, unreadable or malformed file, value out of range); 1 output could not be written."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Run(sim::RunArgs),
    Compare(sim::CompareArgs),
    Chart(chart::ChartArgs),
    Replay(replay::ReplayArgs),
    Bench(bench::BenchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => sim::run(&args),
        Command::Compare(args) => sim::compare_cmd(&args),
        Command::Chart(args) => chart::run(&args),
        Command::Replay(args) => replay::run(&args),
        Command::Bench(args) => bench::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`cachescope compare | head`): nothing left
        // to tell anyone, and not a failure of the command.
        Err(CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cachescope: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
