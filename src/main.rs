//! The `cairn` command line: argument parsing and output over the library. Every
//! subcommand is a thin call into `cairn`'s API; `main` maps the result to an exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("cairn: {error:#}");
            ExitCode::from(2)
        }
    }
}
