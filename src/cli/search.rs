//! `cairn search QUERY`: ranked hits with page, breadcrumbs and a highlighted snippet.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use cairn::index::Index;

use super::terminal::clean;

#[derive(Debug, Clone, Args)]
pub struct SearchArgs {
    /// Words, "phrases", #tags, ticket IDs and filters (page:, tag:, ticket:, is:task,
    /// is:open, marker:, priority:, before:, after:).
    query: Vec<String>,
    /// Most hits to show.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Print a JSON array of hits.
    #[arg(long)]
    json: bool,
}

pub fn run(index: &mut Index, args: SearchArgs) -> Result<ExitCode> {
    super::sync_quietly(index)?;
    let query = args.query.join(" ");
    let results = index.search(&query, args.limit)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&results.hits)?);
        return Ok(ExitCode::SUCCESS);
    }
    if results.hits.is_empty() {
        say!("no results for {query:?}");
        return Ok(ExitCode::SUCCESS);
    }
    if results.fuzzy {
        say!("(no exact matches; showing near matches)");
    }
    let color = std::io::stdout().is_terminal();
    for hit in &results.hits {
        let crumbs = hit.breadcrumbs.join(" › ");
        say!("{}:{}  {crumbs}", hit.path, hit.line);
        let mut snippet = String::new();
        let mut pos = 0;
        for (start, end) in &hit.highlights {
            snippet.push_str(&clean(&hit.snippet[pos..*start]));
            let word = clean(&hit.snippet[*start..*end]);
            if color {
                snippet.push_str(&format!("\x1b[1;33m{word}\x1b[0m"));
            } else {
                snippet.push_str(&format!("[{word}]"));
            }
            pos = *end;
        }
        snippet.push_str(&clean(&hit.snippet[pos..]));
        // Cleaned piece by piece above, so that the highlighting's own escapes stay.
        println!("    {snippet}");
    }
    Ok(ExitCode::SUCCESS)
}
