//! The task model over the index: what a task is, where it belongs, and its stable handle.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};
use rusqlite::Connection;
use serde::Serialize;

use crate::outline::{Marker, Page, Repeater, RepeaterKind, RepeaterUnit, Timestamp};

/// A task's date: a day, an optional time, an optional repeater.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskDate {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    pub repeater: Option<Repeater>,
}

impl TaskDate {
    pub fn timestamp(&self) -> Timestamp {
        Timestamp {
            time: self.time,
            repeater: self.repeater,
            ..Timestamp::new(self.date)
        }
    }
}

/// One task, as the agenda shows it.
#[derive(Debug, Clone)]
pub struct Task {
    /// A handle that later commands accept; see [`task_handle`].
    pub id: String,
    pub marker: Marker,
    pub priority: Option<char>,
    /// The first line without marker and priority.
    pub text: String,
    pub content: String,
    pub deadline: Option<TaskDate>,
    pub scheduled: Option<TaskDate>,
    pub page: String,
    pub path: String,
    pub line: u32,
    /// The block's index on its page.
    pub ord: u32,
    pub project: Option<String>,
    pub person: Option<String>,
    /// The day it was written: its journal's date or the nearest date reference.
    pub day: Option<NaiveDate>,
    /// Lower-cased names of the pages and tags it references.
    pub refs: Vec<String>,
}

impl Task {
    pub fn is_open(&self) -> bool {
        !self.marker.is_closed()
    }

    /// The earlier of the deadline and the scheduled date.
    pub fn due(&self) -> Option<NaiveDate> {
        match (self.deadline, self.scheduled) {
            (Some(d), Some(s)) => Some(d.date.min(s.date)),
            (d, s) => d.or(s).map(|t| t.date),
        }
    }
}

/// The first line of a task block without its marker and priority.
pub fn task_title(content: &str) -> String {
    let first = content.lines().next().unwrap_or("");
    let mut rest = first.trim_start();
    if let Some((word, tail)) = rest.split_once(char::is_whitespace) {
        if Marker::from_keyword(word).is_some() {
            rest = tail.trim_start();
        }
    } else if Marker::from_keyword(rest).is_some() {
        rest = "";
    }
    for p in ["[#A]", "[#B]", "[#C]"] {
        if let Some(tail) = rest.strip_prefix(p) {
            rest = tail.trim_start();
        }
    }
    rest.trim_end().to_string()
}

/// A task's handle: its block's `id::` UUID when it has one; otherwise `t` and a hash of
/// its page's path and its title, with `~N` for the N-th task of the same title on that
/// page. Edits elsewhere in the file, and changes of marker, priority or dates, keep it.
pub fn task_handle(path: &str, title: &str, uuid: Option<&str>, occurrence: usize) -> String {
    if let Some(uuid) = uuid {
        return uuid.to_string();
    }
    let normalized: String = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let hash = xxhash_rust::xxh3::xxh3_64(format!("{path}\n{normalized}").as_bytes());
    let base = format!("t{:010x}", hash >> 24);
    if occurrence == 0 {
        base
    } else {
        format!("{base}~{}", occurrence + 1)
    }
}

/// The handles of every task of a parsed page, by block index.
pub fn page_task_handles(path: &str, page: &Page) -> Vec<(u32, String)> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut handles = Vec::new();
    for (id, block) in page.iter() {
        if block.marker.is_none() {
            continue;
        }
        let title = task_title(&page.raw_content(id));
        let uuid = page
            .block_property(id, "id")
            .map(|u| u.trim().to_ascii_lowercase())
            .filter(|u| !u.is_empty());
        let occurrence = seen.entry(title.clone()).or_default();
        handles.push((
            id.0,
            task_handle(path, &title, uuid.as_deref(), *occurrence),
        ));
        *occurrence += 1;
    }
    handles
}

fn parse_repeater(text: &str) -> Option<Repeater> {
    let (kind, rest) = if let Some(r) = text.strip_prefix(".+") {
        (RepeaterKind::Restart, r)
    } else if let Some(r) = text.strip_prefix("++") {
        (RepeaterKind::CatchUp, r)
    } else {
        (RepeaterKind::Cumulate, text.strip_prefix('+')?)
    };
    let unit = match rest.chars().last()? {
        'h' => RepeaterUnit::Hour,
        'd' => RepeaterUnit::Day,
        'w' => RepeaterUnit::Week,
        'm' => RepeaterUnit::Month,
        'y' => RepeaterUnit::Year,
        _ => return None,
    };
    Some(Repeater {
        kind,
        amount: rest[..rest.len() - 1].parse().ok()?,
        unit,
    })
}

fn task_date(
    day: Option<String>,
    time: Option<String>,
    repeat: Option<String>,
) -> Option<TaskDate> {
    Some(TaskDate {
        date: NaiveDate::parse_from_str(&day?, "%Y-%m-%d").ok()?,
        time: time.and_then(|t| NaiveTime::parse_from_str(&t, "%H:%M").ok()),
        repeater: repeat.as_deref().and_then(parse_repeater),
    })
}

fn parse_day(text: Option<String>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&text?, "%Y-%m-%d").ok()
}

/// Loads every task from the cache, with handles, projects and people resolved.
pub fn load_tasks(conn: &Connection, directory: &super::Directory) -> rusqlite::Result<Vec<Task>> {
    load_tasks_of_pages(conn, directory, None)
}

/// Loads the tasks of the pages that hold at least one block matching `condition` (SQL
/// over a block aliased `c`, with its parameters as one JSON array bound to `?1`). Whole
/// pages are loaded so that handles (which count repeated titles per page) stay the same.
pub fn load_tasks_where(
    conn: &Connection,
    directory: &super::Directory,
    condition: &str,
    parameters: &serde_json::Value,
) -> rusqlite::Result<Vec<Task>> {
    load_tasks_of_pages(conn, directory, Some((condition, parameters)))
}

fn load_tasks_of_pages(
    conn: &Connection,
    directory: &super::Directory,
    filter: Option<(&str, &serde_json::Value)>,
) -> rusqlite::Result<Vec<Task>> {
    let (pages, parameter) = match filter {
        Some((condition, parameters)) => (
            format!(" AND b.page_id IN (SELECT c.page_id FROM blocks c WHERE {condition})"),
            parameters.to_string(),
        ),
        None => (" AND ?1 IS NOT NULL".to_string(), "[]".to_string()),
    };
    let mut refs: HashMap<i64, Vec<String>> = HashMap::new();
    let mut statement = conn.prepare_cached(&format!(
        "SELECT r.block_id, r.key FROM blocks b JOIN refs r ON r.block_id = b.id
         WHERE b.marker IS NOT NULL AND r.kind IN ('page', 'tag'){pages} ORDER BY r.rowid"
    ))?;
    let rows = statement.query_map([&parameter], |row| {
        Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (block, key) = row?;
        refs.entry(block).or_default().push(key);
    }
    let mut statement = conn.prepare_cached(&format!(
        "SELECT b.id, p.path, p.name, b.ord, b.line, b.content, b.marker, b.priority,
                b.scheduled_day, b.scheduled_time, b.scheduled_repeat,
                b.deadline_day, b.deadline_time, b.deadline_repeat,
                b.day, b.project, b.person, b.uuid
         FROM blocks b JOIN pages p ON p.id = b.page_id
         WHERE b.marker IS NOT NULL{pages} ORDER BY p.path, b.ord"
    ))?;
    let mut tasks = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let rows = statement.query_map([&parameter], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, u32>(3)?,
            row.get::<_, u32>(4)?,
            row.get::<_, String>(5)?,
            row.get::<_, String>(6)?,
            row.get::<_, Option<String>>(7)?,
            (row.get(8)?, row.get(9)?, row.get(10)?),
            (row.get(11)?, row.get(12)?, row.get(13)?),
            row.get::<_, Option<String>>(14)?,
            row.get::<_, Option<String>>(15)?,
            row.get::<_, Option<String>>(16)?,
            row.get::<_, Option<String>>(17)?,
        ))
    })?;
    for row in rows {
        let (
            block,
            path,
            page,
            ord,
            line,
            content,
            marker,
            priority,
            scheduled,
            deadline,
            day,
            project,
            person,
            uuid,
        ) = row?;
        let Some(marker) = Marker::from_keyword(&marker) else {
            continue;
        };
        let text = task_title(&content);
        let occurrence = seen.entry((path.clone(), text.clone())).or_default();
        let id = task_handle(&path, &text, uuid.as_deref(), *occurrence);
        *occurrence += 1;
        let refs = refs.remove(&block).unwrap_or_default();
        let project = project
            .map(|p| directory.project(&p).unwrap_or(p))
            .or_else(|| refs.iter().find_map(|r| directory.project(r)));
        let person = person
            .map(|p| directory.person(&p).unwrap_or(p))
            .or_else(|| refs.iter().find_map(|r| directory.person(r)));
        let (s_day, s_time, s_repeat) = scheduled;
        let (d_day, d_time, d_repeat) = deadline;
        tasks.push(Task {
            id,
            marker,
            priority: priority.and_then(|p| p.chars().next()),
            text,
            content,
            deadline: task_date(d_day, d_time, d_repeat),
            scheduled: task_date(s_day, s_time, s_repeat),
            page,
            path,
            line,
            ord,
            project,
            person,
            day: parse_day(day),
            refs,
        });
    }
    Ok(tasks)
}

/// A task as JSON output shows it.
#[derive(Debug, Clone, Serialize)]
pub struct TaskView {
    pub id: String,
    pub marker: String,
    pub priority: Option<String>,
    pub text: String,
    pub deadline: Option<String>,
    pub deadline_time: Option<String>,
    pub deadline_repeater: Option<String>,
    pub scheduled: Option<String>,
    pub scheduled_time: Option<String>,
    pub scheduled_repeater: Option<String>,
    pub page: String,
    pub path: String,
    pub line: u32,
    pub project: Option<String>,
    pub person: Option<String>,
    pub day: Option<String>,
    /// `overdue`, `today`, `next-7-days`, `later` or `no-date` (closed tasks: `done`).
    pub section: String,
}

impl TaskView {
    pub fn new(task: &Task, section: &str) -> TaskView {
        let date = |d: Option<TaskDate>| d.map(|d| d.date.format("%Y-%m-%d").to_string());
        let time = |d: Option<TaskDate>| {
            d.and_then(|d| d.time)
                .map(|t| t.format("%H:%M").to_string())
        };
        let repeater = |d: Option<TaskDate>| d.and_then(|d| d.repeater).map(|r| r.render());
        TaskView {
            id: task.id.clone(),
            marker: task.marker.canonical().as_str().to_string(),
            priority: task.priority.map(String::from),
            text: task.text.clone(),
            deadline: date(task.deadline),
            deadline_time: time(task.deadline),
            deadline_repeater: repeater(task.deadline),
            scheduled: date(task.scheduled),
            scheduled_time: time(task.scheduled),
            scheduled_repeater: repeater(task.scheduled),
            page: task.page.clone(),
            path: task.path.clone(),
            line: task.line,
            project: task.project.clone(),
            person: task.person.clone(),
            day: task.day.map(|d| d.format("%Y-%m-%d").to_string()),
            section: section.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_drop_marker_and_priority() {
        assert_eq!(task_title("TODO [#A] Ship it\nbody"), "Ship it");
        assert_eq!(task_title("DONE"), "");
        assert_eq!(task_title("Not a TODO"), "Not a TODO");
    }

    #[test]
    fn handles_survive_marker_changes_and_tell_duplicates_apart() {
        let a = task_handle("pages/a.md", "Ship  it", None, 0);
        assert_eq!(a, task_handle("pages/a.md", "Ship it", None, 0));
        assert_ne!(a, task_handle("pages/a.md", "Ship it", None, 1));
        assert_ne!(a, task_handle("pages/b.md", "Ship it", None, 0));
        assert_eq!(
            task_handle("p", "x", Some("6f5c1a2b-1234-4abc-8def-0123456789ab"), 0),
            "6f5c1a2b-1234-4abc-8def-0123456789ab"
        );
    }
}
