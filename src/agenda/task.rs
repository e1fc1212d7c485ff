//! Tasks as the cache keeps them (see the `tasks` table): what a task is, where it belongs,
//! and its stable handle, read back with the filter and order of the query that asks.

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{Connection, ToSql};
use serde::Serialize;

use crate::outline::{Marker, Repeater, RepeaterKind, RepeaterUnit, Timestamp};
pub use crate::record::{page_task_handles, task_handle, task_title};
use crate::store::shown_task::{damaged, ShownTask};

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

/// A task date as the `tasks` table holds it: the day, then the time and the repeater when
/// there are any.
fn task_date(text: Option<&str>) -> Option<TaskDate> {
    let mut words = text?.split(' ');
    let mut date = TaskDate {
        date: parse_day(words.next())?,
        time: None,
        repeater: None,
    };
    for word in words {
        if word.contains(':') {
            date.time = NaiveTime::parse_from_str(word, "%H:%M").ok();
        } else {
            date.repeater = parse_repeater(word);
        }
    }
    Some(date)
}

/// A stored `yyyy-mm-dd` day. The cache writes only that shape, which is read here by hand
/// because an agenda reads tens of thousands of them; anything else goes to chrono.
fn parse_day(text: Option<&str>) -> Option<NaiveDate> {
    let text = text?;
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = text.get(range)?;
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse().ok())?
    };
    let by_hand = (text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-')
        .then(|| NaiveDate::from_ymd_opt(number(0..4)? as i32, number(5..7)?, number(8..10)?))
        .flatten();
    by_hand.or_else(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
}

/// Loads the tasks that `condition` selects (SQL over a row `t` of the `tasks` table, with
/// `parameters` bound to `?1`, `?2`, …), in the order of their pages' paths and of their
/// blocks on the page. Handles, titles, projects and people were worked out when the cache
/// was written, so this reads only the rows it returns.
pub fn load_tasks_where(
    conn: &Connection,
    condition: &str,
    parameters: &[&dyn ToSql],
) -> rusqlite::Result<Vec<Task>> {
    let mut tasks = Vec::new();
    query_tasks(conn, condition, "t.path, t.ord", parameters, |task| {
        tasks.push(task)
    })?;
    Ok(tasks)
}

/// Hands `each` the tasks that `condition` selects in the `tasks` table's own order: open
/// first, then by priority, dated first by date, then by page, line, path and block (see
/// the schema), which an agenda only has to rearrange for the overdue ones.
pub(crate) fn for_tasks_in_agenda_order(
    conn: &Connection,
    condition: &str,
    parameters: &[&dyn ToSql],
    each: impl FnMut(Task),
) -> rusqlite::Result<()> {
    query_tasks(
        conn,
        condition,
        "t.closed, t.rank, t.undated, t.due, t.page_order, t.line, t.path, t.ord",
        parameters,
        each,
    )
}

/// Reads the tasks `condition` selects in `order` and hands each to `each`, so that callers
/// put them where they belong without an intermediate vector.
fn query_tasks(
    conn: &Connection,
    condition: &str,
    order: &str,
    parameters: &[&dyn ToSql],
    mut each: impl FnMut(Task),
) -> rusqlite::Result<()> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT t.shown FROM tasks t WHERE {condition} ORDER BY {order}"
    ))?;
    let mut rows = statement.query(parameters)?;
    while let Some(row) = rows.next()? {
        let shown = ShownTask::decode(row.get_ref(0)?.as_blob()?).ok_or_else(|| damaged(0))?;
        // The cache writes only known markers; a row with another is skipped, not an error.
        let Some(marker) = Marker::from_keyword(shown.marker) else {
            continue;
        };
        each(Task {
            id: shown.handle.to_string(),
            marker,
            priority: shown.priority.and_then(|p| p.chars().next()),
            text: shown.title.to_string(),
            scheduled: task_date(shown.scheduled),
            deadline: task_date(shown.deadline),
            page: shown.page.to_string(),
            path: shown.path.to_string(),
            line: shown.line,
            ord: shown.ord,
            project: shown.project.map(str::to_string),
            person: shown.person.map(str::to_string),
            day: parse_day(shown.day),
        });
    }
    Ok(())
}

/// The task with this handle, if there is one.
pub fn find_task(conn: &Connection, handle: &str) -> rusqlite::Result<Option<Task>> {
    Ok(load_tasks_where(conn, "t.handle = ?1", &[&handle])?
        .into_iter()
        .next())
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
