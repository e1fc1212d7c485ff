//! The 1-on-1 prep: what changed since the last 1-on-1 with a person, to read before the
//! next one. Nothing here is written to the vault; it is read from the cache each time.
//!
//! "Since" is the day of the person's newest entry before today (today's entry is the one
//! being prepared for). Three things count as change after that day:
//! - their items completed since: tasks under them or mentioning them whose `completed::`
//!   day is later (a vault with `completion = "none"` records none, so shows none);
//! - new tasks that mention them: open tasks referencing them, written on a later day (a
//!   journal's date or the nearest date above the task), outside their own entries;
//! - tickets of shared projects that moved: tickets cited on a later day by a block of a
//!   project they share with the user (a project their entries or tasks refer to, or whose
//!   blocks mention them), the newest mention of each.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::person::{entries_of, shared_projects, PERSON_TASKS};
use crate::agenda::{load_tasks_where, Section, TaskView};
use crate::store::directory::{keys_of, lookup, raw_names};

/// A ticket of a shared project cited since the last 1-on-1.
#[derive(Debug, Clone, Serialize)]
pub struct TicketMove {
    pub ticket: String,
    pub project: String,
    /// The day of its newest mention, `YYYY-MM-DD`.
    pub day: String,
    /// The first line of that mention.
    pub text: String,
    pub page: String,
}

/// What changed since the last 1-on-1 with a person.
#[derive(Debug, Clone, Serialize)]
pub struct Prep {
    /// The day of the last 1-on-1 before today; `None` when there was none, and then
    /// nothing is listed.
    pub since: Option<String>,
    pub completed: Vec<TaskView>,
    pub new_tasks: Vec<TaskView>,
    pub tickets: Vec<TicketMove>,
}

/// Most tickets a prep lists: the newest moves matter, not a project's whole history.
const TICKET_LIMIT: usize = 20;

/// The prep for the 1-on-1 with `name` on `today`; `None` when nobody goes by that name.
pub fn prep(conn: &Connection, name: &str, today: NaiveDate) -> rusqlite::Result<Option<Prep>> {
    let Some(person) = lookup(conn, "person", name)? else {
        return Ok(None);
    };
    let day = today.format("%Y-%m-%d").to_string();
    let since = entries_of(conn, &person)?
        .into_iter()
        .map(|e| e.date)
        .filter(|d| *d < day)
        .max();
    let Some(since) = since else {
        return Ok(Some(Prep {
            since: None,
            completed: Vec::new(),
            new_tasks: Vec::new(),
            tickets: Vec::new(),
        }));
    };
    let keys = serde_json::json!(keys_of(conn, "person", &person)?).to_string();
    let names = serde_json::json!(raw_names(conn, "person", &person)?).to_string();
    let completed: Vec<TaskView> = load_tasks_where(
        conn,
        &format!(
            "t.closed AND {PERSON_TASKS} AND t.block_id IN (SELECT p.block_id FROM block_properties p
             WHERE p.key = 'completed' AND substr(p.value, 1, 10) > ?3)"
        ),
        &[&person, &keys, &since],
    )?
    .iter()
    .map(|t| TaskView::new(t, "done"))
    .collect();
    let new_tasks: Vec<TaskView> = load_tasks_where(
        conn,
        "NOT t.closed AND (t.own_person IS NULL OR t.own_person NOT IN (SELECT value FROM json_each(?1)))
         AND t.block_id IN (
             SELECT r.block_id FROM refs r JOIN blocks b ON b.id = r.block_id
             WHERE r.key IN (SELECT value FROM json_each(?2)) AND r.kind IN ('page', 'tag')
             AND b.day > ?3)",
        &[&names, &keys, &since],
    )?
    .iter()
    .map(|t| TaskView::new(t, Section::of(t, today).key()))
    .collect();
    Ok(Some(Prep {
        completed,
        new_tasks,
        tickets: ticket_moves(conn, &shared_projects(conn, &names, &keys)?, &since)?,
        since: Some(since),
    }))
}

/// Tickets cited after `since` in the projects' own blocks or in blocks referring to them,
/// newest first, each with its newest mention.
fn ticket_moves(
    conn: &Connection,
    projects: &[String],
    since: &str,
) -> rusqlite::Result<Vec<TicketMove>> {
    let mut moves: BTreeMap<String, TicketMove> = BTreeMap::new();
    let mut statement = conn.prepare_cached(
        "SELECT t.ticket, b.day, b.content, p.name FROM tickets t
         JOIN blocks b ON b.id = t.block_id JOIN pages p ON p.id = b.page_id
         WHERE b.day > ?3 AND (b.project IN (SELECT value FROM json_each(?1))
             OR b.id IN (SELECT r.block_id FROM refs r WHERE r.kind IN ('page', 'tag')
                         AND r.key IN (SELECT value FROM json_each(?2))))",
    )?;
    for project in projects {
        let names = serde_json::json!(raw_names(conn, "project", project)?).to_string();
        let keys = serde_json::json!(keys_of(conn, "project", project)?).to_string();
        let rows = statement.query_map([&names, &keys, &since.to_string()], |row| {
            Ok(TicketMove {
                ticket: row.get(0)?,
                day: row.get(1)?,
                text: row
                    .get::<_, String>(2)?
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_string(),
                page: row.get(3)?,
                project: project.clone(),
            })
        })?;
        for found in rows {
            let found = found?;
            let newer = moves
                .get(&found.ticket)
                .is_none_or(|known| found.day > known.day);
            if newer {
                moves.insert(found.ticket.clone(), found);
            }
        }
    }
    let mut moves: Vec<TicketMove> = moves.into_values().collect();
    moves.sort_by(|a, b| b.day.cmp(&a.day).then(a.ticket.cmp(&b.ticket)));
    moves.truncate(TICKET_LIMIT);
    Ok(moves)
}
