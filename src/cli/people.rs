//! `cairn people`, `cairn person`, `cairn one-on-one`, `cairn projects`, `cairn project`.

use std::process::ExitCode;

use anyhow::{bail, Result};
use chrono::NaiveDate;
use clap::Args;

use cairn::index::Index;
use cairn::people::{people, person, project, projects, start_one_on_one};
use cairn::store::directory::{resolve_typed, TypedName};

#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Args)]
pub struct NameArgs {
    /// The name (any case, or an alias).
    name: String,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Args)]
pub struct OneOnOneArgs {
    /// The person's name; a new person gets a page.
    name: String,
    #[arg(long)]
    json: bool,
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

pub fn list_people(index: &mut Index, args: ListArgs, today: NaiveDate) -> Result<ExitCode> {
    super::sync_quietly(index)?;
    let cadence = index.vault().settings().one_on_one_cadence_days;
    let people = people(index.store().connection(), today, cadence)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&people)?);
        return Ok(ExitCode::SUCCESS);
    }
    say!("{:<28} {:<12} {:>5}  ", "Person", "Last 1-on-1", "Open");
    for p in &people {
        let flag = if p.overdue {
            format!("  overdue (every {cadence} days)")
        } else {
            String::new()
        };
        say!(
            "{:<28} {:<12} {:>5}{flag}",
            p.name,
            p.last_one_on_one.as_deref().unwrap_or("—"),
            p.open_items
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The person (`kind` `person`) or project the user typed, by whole name, alias or whole
/// words of one name (`sofia`); `None` when nobody goes by it. Several matches are an error
/// that lists them, never a guess.
pub(super) fn typed_name(index: &Index, kind: &str, typed: &str) -> Result<Option<String>> {
    match resolve_typed(index.store().connection(), kind, typed)? {
        TypedName::Exact(name) | TypedName::Partial(name) => Ok(Some(name)),
        TypedName::Ambiguous(names) => {
            bail!("`{typed}` could be {}; say which", names.join(" or "))
        }
        TypedName::Unknown => Ok(None),
    }
}

pub fn show_person(index: &mut Index, args: NameArgs, today: NaiveDate) -> Result<ExitCode> {
    super::sync_quietly(index)?;
    let cadence = index.vault().settings().one_on_one_cadence_days;
    let name = typed_name(index, "person", &args.name)?.unwrap_or(args.name.clone());
    let Some(view) = person(index.store().connection(), &name, today, cadence)? else {
        bail!(
            "nobody called {} in this vault; `cairn people` lists everyone",
            args.name
        );
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&view)?);
        return Ok(ExitCode::SUCCESS);
    }
    say!("{}", view.name);
    if !view.aliases.is_empty() {
        say!("also: {}", view.aliases.join(", "));
    }
    let overdue = if view.overdue {
        " — a 1-on-1 is due"
    } else {
        ""
    };
    say!(
        "last met: {}{overdue}",
        view.last_met.as_deref().unwrap_or("never")
    );
    say!("\nOpen items ({})", view.open_items.len());
    for task in &view.open_items {
        say!("  {} {}  · {}", task.marker, task.text, task.id);
    }
    say!("\n1-on-1s ({})", view.entries.len());
    for entry in &view.entries {
        say!("  {}  ({}:{})", entry.date, entry.path, entry.line);
        for note in &entry.notes {
            say!(
                "    {}- {}",
                "  ".repeat(note.depth as usize),
                first_line(&note.text)
            );
        }
    }
    for problem in &view.problems {
        tell!("cairn: {problem}");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn one_on_one(index: &mut Index, args: OneOnOneArgs, today: NaiveDate) -> Result<ExitCode> {
    super::sync_quietly(index)?;
    // Someone nobody goes by yet is a new person, with a page of their own.
    let name = typed_name(index, "person", &args.name)?.unwrap_or(args.name.clone());
    let outcome = start_one_on_one(index, &name, today)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&outcome)?);
        return Ok(ExitCode::SUCCESS);
    }
    let verb = if outcome.created {
        "started"
    } else {
        "reusing"
    };
    say!(
        "{verb} {}'s 1-on-1 for {today} at {}:{}",
        outcome.person,
        outcome.path,
        outcome.line
    );
    if outcome.new_person {
        say!("{} is new: created {}", outcome.person, outcome.path);
    }
    for item in &outcome.carried {
        say!("  brought forward: {item}");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn list_projects(index: &mut Index, args: ListArgs) -> Result<ExitCode> {
    super::sync_quietly(index)?;
    let projects = projects(index.store().connection())?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&projects)?);
        return Ok(ExitCode::SUCCESS);
    }
    say!("{:<36} {:>5}  {:<12} Reviews", "Project", "Open", "Active");
    for p in &projects {
        say!(
            "{:<36} {:>5}  {:<12} {}",
            p.name,
            p.open_tasks,
            p.last_activity.as_deref().unwrap_or("—"),
            p.review_years.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn show_project(index: &mut Index, args: NameArgs, today: NaiveDate) -> Result<ExitCode> {
    super::sync_quietly(index)?;
    let name = typed_name(index, "project", &args.name)?.unwrap_or(args.name.clone());
    let Some(view) = project(index.store().connection(), &name, today)? else {
        bail!(
            "no project called {} in this vault; `cairn projects` lists them",
            args.name
        );
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&view)?);
        return Ok(ExitCode::SUCCESS);
    }
    say!("{}", view.name);
    say!("\nOpen tasks ({})", view.tasks.len());
    for task in &view.tasks {
        say!("  {} {}  · {}", task.marker, task.text, task.id);
    }
    for (year, items) in &view.reviews {
        say!("\nYear-end review {year} ({} items)", items.len());
        for item in items {
            say!("  - {}", first_line(item));
        }
    }
    say!(
        "\nTickets: {}",
        if view.tickets.is_empty() {
            "none".to_string()
        } else {
            view.tickets.join(", ")
        }
    );
    say!(
        "People: {}",
        if view.people.is_empty() {
            "none".to_string()
        } else {
            view.people.join(", ")
        }
    );
    say!("\nRecent activity");
    for a in &view.activity {
        say!(
            "  {}  {}  ({}:{})",
            a.day.as_deref().unwrap_or(""),
            first_line(&a.text),
            a.path,
            a.line
        );
    }
    Ok(ExitCode::SUCCESS)
}
