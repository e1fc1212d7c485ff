//! The `cairn` command line: argument parsing and output over the library. Every
//! subcommand is a thin call into `cairn`'s API; `main` maps the result to an exit code.

mod cli;

use std::process::ExitCode;

/// Agendas, reviews and imports build and drop hundreds of thousands of small strings;
/// glibc's allocator spent a fifth of a review draft consolidating freed chunks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
