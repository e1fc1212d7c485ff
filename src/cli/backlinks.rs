//! `cairn backlinks PAGE`: what references a page, and where it is mentioned unlinked.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use cairn::index::{BacklinkGroup, Index};

#[derive(Debug, Clone, Args)]
pub struct BacklinksArgs {
    /// The page name (any case, or one of its aliases).
    page: String,
    #[arg(long)]
    json: bool,
}

fn print_groups(groups: &[BacklinkGroup]) {
    for group in groups {
        say!("  {} ({})", group.page, group.path);
        for link in &group.blocks {
            let first = link.content.lines().next().unwrap_or("");
            say!("    {:>5}  {first}", format!("{}:", link.line));
        }
    }
}

pub fn run(index: &mut Index, args: BacklinksArgs) -> Result<ExitCode> {
    super::sync_quietly(index)?;
    let backlinks = index.backlinks(&args.page)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&backlinks)?);
        return Ok(ExitCode::SUCCESS);
    }
    let count = |groups: &[BacklinkGroup]| groups.iter().map(|g| g.blocks.len()).sum::<usize>();
    if !backlinks.exists {
        say!("{} has no page yet", backlinks.page);
    }
    say!(
        "{} linked references to {}",
        count(&backlinks.linked),
        backlinks.page
    );
    print_groups(&backlinks.linked);
    say!("{} unlinked mentions", count(&backlinks.unlinked));
    print_groups(&backlinks.unlinked);
    Ok(ExitCode::SUCCESS)
}
