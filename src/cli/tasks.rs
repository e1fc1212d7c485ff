//! `cairn todo`, `cairn task`, `cairn query` and `cairn queries`: the agenda, task edits
//! and Logseq simple queries.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{anyhow, bail, Result};
use chrono::NaiveDate;
use clap::Args;

use cairn::agenda::{
    agenda, change_task, find_query_blocks, now_on, parse_simple_query, run_query_block,
    run_simple_query, when, AgendaFilter, DateChange, Section, TaskAction, TaskView,
};
use cairn::index::Index;
use cairn::outline::{Marker, Priority};

use super::terminal::clean;

#[derive(Debug, Clone, Args)]
pub struct TodoArgs {
    /// Only overdue tasks.
    #[arg(long)]
    overdue: bool,
    /// Only tasks due or scheduled today.
    #[arg(long)]
    today_only: bool,
    /// Only tasks due within N days (`7d`, `2w`, or a number of days), overdue included.
    #[arg(long, value_name = "N", value_parser = parse_days)]
    due_within: Option<u32>,
    /// Only tasks without a deadline or scheduled date.
    #[arg(long)]
    no_date: bool,
    /// Only tasks with this marker (repeatable): TODO, DOING, DONE, LATER, NOW, WAITING, CANCELED.
    #[arg(long)]
    marker: Vec<String>,
    /// Only tasks with this priority (repeatable): A, B, C or none.
    #[arg(long)]
    priority: Vec<String>,
    #[arg(long)]
    project: Option<String>,
    #[arg(long)]
    person: Option<String>,
    #[arg(long)]
    tag: Option<String>,
    #[arg(long)]
    page: Option<String>,
    /// Include done and canceled tasks.
    #[arg(long)]
    all: bool,
    /// Print a JSON array of tasks.
    #[arg(long)]
    json: bool,
}

fn parse_days(text: &str) -> Result<u32, String> {
    let bad = || format!("`{text}` is not a number of days such as 7d or 2w");
    let (number, factor) = match text.chars().last() {
        Some('d') => (&text[..text.len() - 1], 1),
        Some('w') => (&text[..text.len() - 1], 7),
        _ => (text, 1),
    };
    number.parse::<u32>().map(|n| n * factor).map_err(|_| bad())
}

/// A `--person` or `--project` as the directory knows it (`sofia` → `Sofia Marino`).
fn resolved(index: &Index, kind: &str, typed: Option<String>) -> Result<Option<String>> {
    let Some(typed) = typed else { return Ok(None) };
    Ok(Some(
        super::people::typed_name(index, kind, &typed)?.unwrap_or(typed),
    ))
}

pub fn todo(index: &mut Index, args: TodoArgs, today: NaiveDate) -> Result<ExitCode> {
    super::sync_quietly(index)?;
    let filter = AgendaFilter {
        overdue: args.overdue,
        today: args.today_only,
        due_within: args.due_within,
        no_date: args.no_date,
        markers: args.marker,
        priorities: args.priority,
        project: resolved(index, "project", args.project)?,
        person: resolved(index, "person", args.person)?,
        tag: args.tag,
        page: args.page,
        include_closed: args.all,
    };
    let selected = agenda(index.store().connection(), &filter, today)?;
    if args.json {
        let views: Vec<TaskView> = selected
            .iter()
            .map(|(s, t)| TaskView::new(t, s.key()))
            .collect();
        println!("{}", serde_json::to_string_pretty(&views)?);
        return Ok(ExitCode::SUCCESS);
    }
    let color = std::io::stdout().is_terminal();
    // Lines with colours are printed with `println!`: each piece is cleaned here instead,
    // so that the colours' own escapes stay.
    let paint = |code: &str, text: String| {
        let text = clean(&text).into_owned();
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text
        }
    };
    if selected.is_empty() {
        say!("No tasks match.");
    }
    for section in [
        Section::Overdue,
        Section::Today,
        Section::NextSevenDays,
        Section::Later,
        Section::NoDate,
        Section::Closed,
    ] {
        let tasks: Vec<_> = selected
            .iter()
            .filter(|(s, _)| *s == section)
            .map(|(_, t)| t)
            .collect();
        if tasks.is_empty() {
            continue;
        }
        let heading = format!("{} ({})", section.title(), tasks.len());
        println!(
            "{}",
            paint(
                if section == Section::Overdue {
                    "1;31"
                } else {
                    "1"
                },
                heading
            )
        );
        for task in tasks {
            let priority = task
                .priority
                .map(|p| format!("[#{p}] "))
                .unwrap_or_default();
            let due = when(task, today)
                .map(|w| format!(" · {}", w.text))
                .unwrap_or_default();
            let context = task
                .project
                .as_deref()
                .or(task.person.as_deref())
                .unwrap_or(&task.page);
            println!(
                "  {} {priority}{}{}  {}",
                paint("36", format!("{:<5}", task.marker.as_str())),
                clean(&task.text),
                paint("33", due),
                paint("2", format!("{context} · {}", task.id))
            );
        }
        say!();
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Clone, Args)]
pub struct TaskArgs {
    /// The task's id, as `cairn todo` shows it.
    id: String,
    /// done, todo, doing, cancel, cycle, now, later, waiting, priority, deadline, scheduled.
    action: String,
    /// For priority: A, B, C or none; for deadline and scheduled: yyyy-mm-dd or none.
    value: Option<String>,
}

fn task_action(action: &str, value: Option<&str>) -> Result<TaskAction> {
    let date = |v: Option<&str>| -> Result<Option<NaiveDate>> {
        match v {
            None => bail!("give a date (yyyy-mm-dd) or none"),
            Some("none") => Ok(None),
            Some(text) => Ok(Some(super::parse_date(text).map_err(|e| anyhow!(e))?)),
        }
    };
    Ok(match action.to_lowercase().as_str() {
        "done" => TaskAction::SetMarker(Marker::Done),
        "todo" => TaskAction::SetMarker(Marker::Todo),
        "doing" => TaskAction::SetMarker(Marker::Doing),
        "now" => TaskAction::SetMarker(Marker::Now),
        "later" => TaskAction::SetMarker(Marker::Later),
        "waiting" => TaskAction::SetMarker(Marker::Waiting),
        "cancel" | "canceled" => TaskAction::SetMarker(Marker::Canceled),
        "cycle" => TaskAction::Cycle,
        "priority" => TaskAction::SetPriority(match value.map(str::to_uppercase).as_deref() {
            Some("NONE") => None,
            Some(p) => Some(
                Priority::from_letter(p)
                    .ok_or_else(|| anyhow!("`{p}` is not a priority: A, B, C or none"))?,
            ),
            None => bail!("give a priority: A, B, C or none"),
        }),
        "deadline" => TaskAction::SetDeadline(DateChange::day(date(value)?)),
        "scheduled" => TaskAction::SetScheduled(DateChange::day(date(value)?)),
        other => bail!("`{other}` is not a task action"),
    })
}

pub fn task(index: &mut Index, args: TaskArgs, today: NaiveDate) -> Result<ExitCode> {
    let action = task_action(&args.action, args.value.as_deref())?;
    super::sync_quietly(index)?;
    let changed = change_task(index, &args.id, action, now_on(today), None)?;
    let line = changed.before.line;
    let text = changed
        .file
        .text
        .lines()
        .nth(line as usize - 1)
        .unwrap_or("")
        .trim();
    say!("{}:{line}: {text}", changed.file.path);
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Clone, Args)]
pub struct QueryArgs {
    /// The query, with or without `{{query …}}`.
    query: String,
    #[arg(long)]
    json: bool,
}

pub fn query(index: &mut Index, args: QueryArgs, today: NaiveDate) -> Result<ExitCode> {
    super::sync_quietly(index)?;
    let titles = index.vault().config().journal_title_format.clone();
    let expr = parse_simple_query(&args.query, today, &titles)?;
    let hits = run_simple_query(index.store().connection(), &expr)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&hits)?);
        return Ok(ExitCode::SUCCESS);
    }
    for hit in &hits {
        let first_line = hit.content.lines().next().unwrap_or("");
        match hit.block {
            Some(_) => say!("{}:{}  {first_line}", hit.path, hit.line),
            // The page itself: by its properties, or a page form such as `page-tags`.
            None => say!("{}:{}  [[{}]] {first_line}", hit.path, hit.line, hit.page),
        }
    }
    say!("{} results", hits.len());
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Clone, Args)]
pub struct QueriesArgs {
    #[arg(long)]
    json: bool,
}

pub fn queries(index: &mut Index, args: QueriesArgs, today: NaiveDate) -> Result<ExitCode> {
    super::sync_quietly(index)?;
    let titles = index.vault().config().journal_title_format.clone();
    let conn = index.store().connection();
    let mut report = Vec::new();
    for block in find_query_blocks(conn)? {
        let outcome = run_query_block(conn, &block, today, &titles);
        report.push((block, outcome));
    }
    if args.json {
        let json: Vec<serde_json::Value> = report
            .iter()
            .map(|(block, outcome)| {
                serde_json::json!({
                    "page": block.page, "path": block.path, "line": block.line, "query": block.query,
                    "results": outcome.as_ref().ok().map(|hits| hits.len()),
                    "error": outcome.as_ref().err().map(|e| e.to_string()),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&json)?);
        return Ok(ExitCode::SUCCESS);
    }
    for (block, outcome) in &report {
        let first = block.query.lines().next().unwrap_or("");
        match outcome {
            Ok(hits) => say!(
                "{}:{}: {first} → {} blocks",
                block.path,
                block.line,
                hits.len()
            ),
            Err(error) => say!("{}:{}: {first} → {error}", block.path, block.line),
        }
    }
    Ok(ExitCode::SUCCESS)
}
