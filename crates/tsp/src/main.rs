//! `tsp`: the command line over the tsp crates. Each subcommand lives in `cmd/<name>.rs`;
//! this file only parses arguments, dispatches, and turns errors into `tsp: ...` plus exit code 2.

mod cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Tree-like Self-Play for secure code LLMs.
///
/// Scan code for CWE findings, run tasks in a sandbox, sample and train models
/// so that they prefer secure code at the lines where vulnerabilities appear.
#[derive(Parser)]
#[command(name = "tsp", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Scan(cmd::scan::ScanArgs),
    Generate(cmd::generate::GenerateArgs),
    Test(cmd::test::TestArgs),
    Train(cmd::train::TrainArgs),
}

fn main() -> ExitCode {
    // Before any thread allocates: keep freed tensor buffers in the process (fewer page faults).
    tsp_model::malloc::keep_freed_memory();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => cmd::scan::run(args),
        Command::Generate(args) => cmd::generate::run(args),
        Command::Test(args) => cmd::test::run(args),
        Command::Train(args) => cmd::train::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("tsp: {err:#}");
            ExitCode::from(2)
        }
    }
}
