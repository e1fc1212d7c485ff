//! `cairn import`: build or refresh the cache, with a progress bar on a terminal.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use cairn::index::{Index, SyncProgress};

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// Print what was done as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(mut index: Index, args: ImportArgs) -> Result<ExitCode> {
    let bar = if std::io::stderr().is_terminal() && !args.json {
        ProgressBar::new(0)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{msg:>9} [{bar:30}] {pos}/{len} pages")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let report = index.sync(&mut |progress| match progress {
        SyncProgress::Reading { total } => {
            bar.set_message("reading");
            bar.set_length(total as u64);
        }
        SyncProgress::Writing { done, total } => {
            bar.set_message("indexing");
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    })?;
    bar.finish_and_clear();
    for problem in &report.problems {
        tell!("cairn: {problem}");
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(reason) = &report.rebuilt {
        say!("{reason}");
    }
    say!(
        "imported {} files in {:.2} s: {} added, {} changed, {} removed, {} unchanged{}",
        report.files,
        report.elapsed.as_secs_f64(),
        report.added,
        report.changed,
        report.removed,
        report.unchanged + report.touched,
        if report.problems.is_empty() {
            String::new()
        } else {
            format!(", {} unreadable", report.problems.len())
        }
    );
    say!("cache: {}", index.cache_dir().display());
    Ok(ExitCode::SUCCESS)
}
