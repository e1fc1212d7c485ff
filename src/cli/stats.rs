//! `cairn stats`: counts over the vault.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use cairn::stats::VaultStats;
use cairn::vault::Vault;

#[derive(Debug, Clone, Args)]
pub struct StatsArgs {
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

pub fn run(vault: &Vault, args: StatsArgs) -> Result<ExitCode> {
    let stats = VaultStats::compute(&vault.load());
    if args.json {
        println!("{}", serde_json::to_string_pretty(&stats)?);
        return Ok(ExitCode::SUCCESS);
    }
    let join = |map: &std::collections::BTreeMap<String, u64>| {
        map.iter()
            .filter(|(_, n)| **n > 0)
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let rows = [
        ("pages", stats.pages.to_string()),
        ("journals", stats.journals.to_string()),
        ("unreadable files", stats.unreadable.to_string()),
        ("blocks", stats.blocks.to_string()),
        ("tasks", stats.tasks.to_string()),
        ("  by marker", join(&stats.tasks_by_marker)),
        ("  by priority", join(&stats.tasks_by_priority)),
        ("  with deadline", stats.tasks_with_deadline.to_string()),
        ("  scheduled", stats.tasks_with_scheduled.to_string()),
        ("page refs", stats.page_refs.to_string()),
        ("tags", stats.tags.to_string()),
        ("block refs", stats.block_refs.to_string()),
        ("distinct tickets", stats.distinct_ticket_ids.to_string()),
        ("diagnostics", stats.diagnostics.to_string()),
    ];
    for (label, value) in rows {
        say!("{label:<18} {value}");
    }
    Ok(ExitCode::SUCCESS)
}
