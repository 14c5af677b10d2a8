use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Report CWE findings in source files.
#[derive(Args)]
pub struct ScanArgs {
    /// Files or folders to scan; `-` reads standard input (needs --lang).
    pub paths: Vec<PathBuf>,
}

pub fn run(_args: ScanArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("scan: not wired yet")
}
