//! `cairn outline`: each file's blocks with their line, depth, marker, priority,
//! properties, id and checkbox, as Logseq's parser would see them.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use serde_json::json;

use cairn::outline::{list_blocks, parse, ListedBlock, ParseOptions, SourceFormat};
use cairn::vault::{read_note_file, Vault};

#[derive(Debug, Clone, Args)]
pub struct OutlineArgs {
    /// One JSON object a line: `{"path", "blocks": [...]}`.
    #[arg(long)]
    json: bool,
    /// Files to list (anywhere; read with the vault's settings when there is one). Without
    /// any, every note file of the vault.
    paths: Vec<PathBuf>,
}

impl OutlineArgs {
    pub fn has_paths(&self) -> bool {
        !self.paths.is_empty()
    }
}

pub fn run(vault: Option<Vault>, args: OutlineArgs) -> Result<ExitCode> {
    let mut unreadable = 0;
    if args.paths.is_empty() {
        let Some(vault) = &vault else {
            anyhow::bail!("no vault and no files: pass --vault PATH or files to list");
        };
        let loaded = vault.load();
        for file in &loaded.files {
            print_page(&file.path, &list_blocks(&file.page), args.json);
        }
        for problem in &loaded.problems {
            tell!("cairn: {problem}");
            unreadable += 1;
        }
    }
    for path in &args.paths {
        let format = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("org"))
        {
            SourceFormat::Org
        } else {
            SourceFormat::Markdown
        };
        let options = match &vault {
            Some(vault) => vault.parse_options(format),
            None => ParseOptions {
                format: Some(format),
                ..ParseOptions::default()
            },
        };
        match read_note_file(path) {
            Ok(text) => print_page(
                &path.display().to_string(),
                &list_blocks(&parse(&text, &options)),
                args.json,
            ),
            Err(problem) => {
                tell!("cairn: {problem}");
                unreadable += 1;
            }
        }
    }
    Ok(if unreadable == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn print_page(path: &str, blocks: &[ListedBlock], as_json: bool) {
    if as_json {
        let blocks: Vec<_> = blocks
            .iter()
            .map(|b| {
                json!({
                    "line": b.line,
                    "depth": b.depth,
                    "title": b.title,
                    "marker": b.marker,
                    "priority": b.priority.map(String::from),
                    "properties": b.properties,
                    "id": b.id,
                    "checkbox": b.checkbox,
                    "pre_block": b.pre_block,
                })
            })
            .collect();
        // Not through `say!`: JSON escapes control characters itself, and escaping them
        // again as Rust escapes (`\u{80}`) would make it invalid.
        println!("{}", json!({ "path": path, "blocks": blocks }));
        return;
    }
    say!("{path}");
    for b in blocks {
        let mut line = format!("{:>6}  {}", b.line, "  ".repeat(b.depth as usize));
        if b.pre_block {
            line.push_str("(pre-block) ");
        }
        if let Some(checked) = b.checkbox {
            line.push_str(if checked { "[x] " } else { "[ ] " });
        }
        if let Some(marker) = &b.marker {
            line.push_str(marker);
            line.push(' ');
        }
        if let Some(priority) = b.priority {
            line.push_str(&format!("[#{priority}] "));
        }
        if !b.title.is_empty() {
            line.push_str(&b.title);
            line.push(' ');
        }
        for (key, value) in &b.properties {
            line.push_str(&format!("{key}:: {value}; "));
        }
        say!("{}", line.trim_end().trim_end_matches(';'));
    }
}
