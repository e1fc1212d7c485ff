//! The `cairn` command line: argument parsing and output over the library. Every
//! subcommand is a thin call into `cairn`'s API; `main` maps the result to an exit code.

mod cli;

use std::process::ExitCode;

/// Agendas, reviews and imports build and drop hundreds of thousands of small strings;
/// glibc's allocator spent a fifth of a review draft consolidating freed chunks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;

/// Ends the process quietly when the reader of its output goes away (`cairn todo | head`),
/// as Unix tools do, instead of panicking on the next write: Rust ignores SIGPIPE, so a
/// write to a closed pipe fails and `println!` panics.
#[cfg(unix)]
fn stop_on_closed_pipe() {
    // SAFETY: restoring a signal's default disposition at start-up, before any thread
    // exists, is what the C runtime does for every program.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn stop_on_closed_pipe() {}

fn main() -> ExitCode {
    stop_on_closed_pipe();
    let args = cli::Args::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("cairn: {}", cli::terminal::clean(&describe(&error)));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, joined by `: `, each cause only when what is said so far does
/// not say it already: Cairn's errors put their cause in their own message (the desktop app
/// shows only that), and the same operating-system error twice helps no one.
fn describe(error: &anyhow::Error) -> String {
    let mut message = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            message = format!("{message}: {cause}");
        }
    }
    message
}
