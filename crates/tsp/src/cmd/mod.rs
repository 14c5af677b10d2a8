//! One module per subcommand: its clap arguments and a `run` that returns the exit code.

pub mod generate;
pub mod scan;
pub mod test;
pub mod train;
