//! Subcommands and the vault they work on.

mod check;
mod roundtrip;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};

use cairn::vault::Vault;

/// Cairn: a local-first workspace for an engineer's Logseq-style Markdown notes.
#[derive(Debug, Parser)]
#[command(name = "cairn", version, about)]
pub struct Args {
    /// The vault folder (with pages/ and journals/). Defaults to $CAIRN_VAULT, then the
    /// current folder if it holds pages/ or journals/.
    #[arg(long, global = true, env = "CAIRN_VAULT", value_name = "PATH")]
    vault: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse every page and list problems (file:line, what, why). Exits 1 only if a file
    /// cannot be read.
    Check(check::CheckArgs),
    /// Count pages, journals, blocks, tasks, references and tickets.
    Stats(stats::StatsArgs),
    /// Re-serialize every page in memory and list any that would change. Exits 1 if any.
    Roundtrip,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let vault = open_vault(args.vault)?;
    match args.command {
        Command::Check(check) => check::run(&vault, check),
        Command::Stats(stats) => stats::run(&vault, stats),
        Command::Roundtrip => roundtrip::run(&vault),
    }
}

/// The vault from `--vault`/`$CAIRN_VAULT`, else the current folder if it is one.
fn open_vault(explicit: Option<PathBuf>) -> Result<Vault> {
    let path = match explicit {
        Some(path) => path,
        None => {
            let cwd = std::env::current_dir().context("cannot read the current folder")?;
            if !Vault::looks_like_vault(&cwd) {
                bail!(
                    "no vault here: pass --vault PATH, set CAIRN_VAULT, or run inside a folder with pages/ or journals/"
                );
            }
            cwd
        }
    };
    Ok(Vault::open(&path)?)
}
