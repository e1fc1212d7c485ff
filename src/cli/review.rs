//! `cairn review`, `cairn tickets` and `cairn ticket`: the year-end review draft and the
//! tickets the notes mention.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use chrono::{Datelike, NaiveDate};
use clap::{Args, ValueEnum};

use cairn::index::Index;
use cairn::review::{
    arrange, assemble, choose, gather, reword, save_page, ticket_timelines, to_html_with, to_json,
    to_markdown_with, Choice, Moved, Review, ReviewOptions, SavedPage, Sources, TicketTimeline,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Md,
    Html,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SourcesArg {
    Footnotes,
    Inline,
    None,
}

impl From<SourcesArg> for Sources {
    fn from(arg: SourcesArg) -> Sources {
        match arg {
            SourcesArg::Footnotes => Sources::Footnotes,
            SourcesArg::Inline => Sources::Inline,
            SourcesArg::None => Sources::Omitted,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct ReviewArgs {
    /// The year to review. Defaults to the year of today (--today).
    #[arg(long, conflicts_with_all = ["from", "to"])]
    year: Option<i32>,
    /// Start of a period to review instead of a year (yyyy-mm-dd, included).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date, requires = "to")]
    from: Option<NaiveDate>,
    /// End of the period (yyyy-mm-dd, included).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date, requires = "from")]
    to: Option<NaiveDate>,
    /// Only this project (repeatable: only these projects).
    #[arg(long, value_name = "NAME")]
    project: Vec<String>,
    /// md (pasteable Markdown), html (standalone, printable) or json.
    #[arg(long, value_enum, default_value = "md")]
    format: Format,
    /// Same as --format json.
    #[arg(long)]
    json: bool,
    /// Where each bullet's sources go: footnotes (a document to hand in), inline (under each
    /// bullet, to check the evidence; HTML) or none.
    #[arg(long, value_enum, default_value = "footnotes")]
    sources: SourcesArg,
    /// Write the export to FILE instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also save the draft as the page `Review YYYY` in the vault, or refresh it: edits and
    /// blocks added inside its generated part are kept.
    #[arg(long)]
    save: bool,
    /// Take the candidate (or left-out bullet) with this id into the draft, and save it
    /// (repeatable; the ids are in the JSON export).
    #[arg(long, value_name = "ID")]
    include: Vec<String>,
    /// Leave the bullet with this id out of the draft, and save it (repeatable).
    #[arg(long, value_name = "ID")]
    exclude: Vec<String>,
    /// Move the bullet with this id (or the project of this name) one place up among its
    /// siblings on the saved draft, which every later export follows.
    #[arg(long, value_name = "ID", conflicts_with_all = ["move_down", "reword"])]
    move_up: Option<String>,
    /// Move the bullet with this id (or the project of this name) one place down.
    #[arg(long, value_name = "ID", conflicts_with = "reword")]
    move_down: Option<String>,
    /// Put TEXT in place of the bullet's wording on the saved draft (ID=TEXT); the exports
    /// then say it in these words, with the bullet's tickets and sources.
    #[arg(long, value_name = "ID=TEXT")]
    reword: Option<String>,
}

/// The one change to the draft's shape a run asks for, if any.
fn shaping(args: &ReviewArgs) -> Result<Option<Shaping>> {
    Ok(match (&args.move_up, &args.move_down, &args.reword) {
        (Some(id), _, _) => Some(Shaping::Move(id.clone(), -1)),
        (_, Some(id), _) => Some(Shaping::Move(id.clone(), 1)),
        (_, _, Some(change)) => {
            let Some((id, text)) = change.split_once('=') else {
                bail!(
                    "--reword takes ID=TEXT, such as --reword atlas-1a2b3c4d='Shipped the index'"
                );
            };
            Some(Shaping::Reword(id.trim().to_string(), text.to_string()))
        }
        _ => None,
    })
}

enum Shaping {
    Move(String, i64),
    Reword(String, String),
}

/// Moves or rewords as `shaping` says, saving the draft page.
fn shape(
    index: &mut Index,
    options: &ReviewOptions,
    shaping: Shaping,
) -> Result<(Review, SavedPage)> {
    Ok(match shaping {
        Shaping::Move(id, offset) => {
            let material = gather(index.store().connection(), options)?;
            let draft = material.shape(index.store().connection(), options)?;
            let moved = if draft.items().any(|(_, item)| item.id == id) {
                Moved::Bullet(&id)
            } else {
                Moved::Project(&id)
            };
            arrange(index, &material, options, moved, offset)?
        }
        Shaping::Reword(id, text) => {
            let material = gather(index.store().connection(), options)?;
            reword(index, &material, options, &id, &text)?
        }
    })
}

pub fn review(index: &mut Index, args: ReviewArgs, today: NaiveDate) -> Result<ExitCode> {
    super::sync_quietly(index)?;
    let mut options = match (args.from, args.to) {
        (Some(from), Some(to)) => ReviewOptions::range(from, to)?,
        _ => ReviewOptions::year(args.year.unwrap_or(today.year()))?,
    };
    options.projects = args.project.clone();
    options.ticket_url = index.vault().settings().ticket_url.clone();
    let changes: Vec<(String, Choice)> = args
        .include
        .iter()
        .map(|id| (id.clone(), Choice::Include))
        .chain(args.exclude.iter().map(|id| (id.clone(), Choice::Exclude)))
        .collect();
    let (review, saved) = if let Some(shaping) = shaping(&args)? {
        if !changes.is_empty() {
            bail!("--include and --exclude go in a run of their own, before or after moving or rewording");
        }
        let (review, saved) = shape(index, &options, shaping)?;
        (review, Some(saved))
    } else if changes.is_empty() {
        let review = assemble(index.store().connection(), &options)?;
        let saved = if args.save {
            Some(save_page(index, &review)?)
        } else {
            None
        };
        (review, saved)
    } else {
        let material = gather(index.store().connection(), &options)?;
        let (review, saved) = choose(index, &material, &options, &changes)?;
        (review, Some(saved))
    };
    if !args.project.is_empty() && review.is_empty() {
        tell!(
            "cairn: nothing for {} in {}; `cairn projects` lists the projects",
            args.project
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", "),
            review.period()
        );
    }
    let format = if args.json { Format::Json } else { args.format };
    let text = match format {
        Format::Md => to_markdown_with(&review, args.sources.into()),
        Format::Html => to_html_with(&review, args.sources.into()),
        Format::Json => to_json(&review),
    };
    match &args.output {
        Some(path) => std::fs::write(path, &text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None if matches!(format, Format::Json) => print!("{text}"),
        None => print!("{}", super::terminal::clean(&text)),
    }
    if let Some(saved) = saved {
        let verb = if saved.created { "saved" } else { "refreshed" };
        let mut kept = Vec::new();
        if saved.kept_edited > 0 {
            kept.push(format!("{} edited bullet(s) kept", saved.kept_edited));
        }
        if saved.kept_added > 0 {
            kept.push(format!("{} added block(s) kept", saved.kept_added));
        }
        let kept = if kept.is_empty() {
            String::new()
        } else {
            format!(" ({})", kept.join(", "))
        };
        tell!("cairn: {verb} [[{}]] in {}{kept}", saved.name, saved.path);
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Clone, Args)]
pub struct TicketsArgs {
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

fn summary(t: &TicketTimeline) -> String {
    let span = match (&t.first, &t.last) {
        (Some(first), Some(last)) if first == last => first.clone(),
        (Some(first), Some(last)) => format!("{first} → {last}"),
        _ => "no date".to_string(),
    };
    let mut around = Vec::new();
    if !t.projects.is_empty() {
        around.push(format!("projects: {}", t.projects.join(", ")));
    }
    if !t.people.is_empty() {
        around.push(format!("people: {}", t.people.join(", ")));
    }
    format!(
        "{:<14} {span:<25} {} mention{}{}",
        t.id,
        t.mentions.len(),
        if t.mentions.len() == 1 { "" } else { "s" },
        if around.is_empty() {
            String::new()
        } else {
            format!("  ({})", around.join("; "))
        }
    )
}

pub fn tickets(index: &mut Index, args: TicketsArgs) -> Result<ExitCode> {
    super::sync_quietly(index)?;
    let timelines = ticket_timelines(index.store().connection(), index.vault().settings())?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&timelines)?);
        return Ok(ExitCode::SUCCESS);
    }
    if timelines.is_empty() {
        say!("No ticket IDs in the vault.");
    }
    for t in &timelines {
        say!("{}", summary(t));
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Clone, Args)]
pub struct TicketArgs {
    /// The ticket ID, such as COS-113 (any case).
    id: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

pub fn ticket(index: &mut Index, args: TicketArgs) -> Result<ExitCode> {
    super::sync_quietly(index)?;
    let timelines = ticket_timelines(index.store().connection(), index.vault().settings())?;
    let Some(t) = timelines
        .into_iter()
        .find(|t| t.id.eq_ignore_ascii_case(args.id.trim()))
    else {
        bail!(
            "no note mentions the ticket {}; `cairn tickets` lists them",
            args.id
        );
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&t)?);
        return Ok(ExitCode::SUCCESS);
    }
    say!("{}", summary(&t));
    if let Some(url) = &t.url {
        say!("  {url}");
    }
    for m in &t.mentions {
        let context = m
            .project
            .as_deref()
            .or(m.person.as_deref())
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default();
        say!(
            "  {:<10}  {}:{}{context}  {}",
            m.day.as_deref().unwrap_or("-"),
            m.path,
            m.line,
            m.text.lines().next().unwrap_or("")
        );
    }
    Ok(ExitCode::SUCCESS)
}
