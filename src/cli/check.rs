//! `cairn check`: parse everything and report problems.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use cairn::outline::Severity;
use cairn::vault::Vault;

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Also list notes (things Logseq reads fine but that may not mean what they look like).
    #[arg(long)]
    all: bool,
}

pub fn run(vault: &Vault, args: CheckArgs) -> Result<ExitCode> {
    let loaded = vault.load();
    let mut warnings = 0;
    let mut notes = 0;
    for file in &loaded.files {
        for diagnostic in &file.page.diagnostics {
            let label = match diagnostic.severity {
                Severity::Warning => {
                    warnings += 1;
                    "warning"
                }
                Severity::Note => {
                    notes += 1;
                    if !args.all {
                        continue;
                    }
                    "note"
                }
            };
            say!(
                "{}:{}: {label}: {}: {}",
                file.path,
                diagnostic.line,
                diagnostic.kind.code(),
                diagnostic.message
            );
        }
    }
    for problem in &loaded.problems {
        say!("{problem}");
    }
    for path in &loaded.removed_temporaries {
        say!(
            "{path}: removed: a temporary file left by a write of Cairn's that was stopped; the page was not changed"
        );
    }
    for path in &loaded.hidden {
        notes += 1;
        if args.all {
            say!(
                "{path}: note: hidden-file: the name starts with `.`, so Logseq skips this file, and Cairn does too"
            );
        }
    }
    tell!(
        "checked {} files: {} unreadable, {warnings} warnings, {notes} notes{}",
        loaded.files.len() + loaded.problems.len(),
        loaded.problems.len(),
        if notes > 0 && !args.all {
            " (--all lists notes)"
        } else {
            ""
        }
    );
    Ok(if loaded.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
