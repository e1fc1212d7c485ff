//! `cairn watch`: keep the cache current as files change, printing each update.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use clap::Args;

use cairn::index::{Index, VaultWatcher, WatchEvent};

#[derive(Debug, Clone, Args)]
pub struct WatchArgs {
    /// How long to wait for a burst of changes to settle, in milliseconds.
    #[arg(long, default_value_t = 25)]
    debounce_ms: u64,
}

pub fn run(mut index: Index, args: WatchArgs) -> Result<ExitCode> {
    super::sync_quietly(&mut index)?;
    let (_watcher, events) = VaultWatcher::start(
        index.vault().root(),
        Duration::from_millis(args.debounce_ms),
    )?;
    tell!(
        "watching {} (Ctrl+C to stop)",
        index.vault().root().display()
    );
    for event in events {
        let report = match event {
            WatchEvent::Paths(paths) => index.sync_paths(&paths)?,
            WatchEvent::Rescan => index.sync(&mut |_| {})?,
        };
        for problem in &report.problems {
            tell!("cairn: {problem}");
        }
        if !report.is_noop() {
            say!(
                "applied in {:.1} ms: {} added, {} changed, {} removed",
                report.elapsed.as_secs_f64() * 1000.0,
                report.added,
                report.changed,
                report.removed
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
