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

use std::collections::{BTreeMap, HashMap};

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
///
/// The blocks that cite a ticket after `since` are few (what happened since one 1-on-1),
/// so they are read first, through the index of days, and matched to the projects here:
/// asking each shared project for its blocks read every block of every one of them (two
/// thirds of the person screen on the 10,000-page vault).
fn ticket_moves(
    conn: &Connection,
    projects: &[String],
    since: &str,
) -> rusqlite::Result<Vec<TicketMove>> {
    if projects.is_empty() {
        return Ok(Vec::new());
    }
    // The project each name a block is under, and each key a reference gives, stands for.
    let mut by_name: HashMap<String, &String> = HashMap::new();
    let mut by_key: HashMap<String, &String> = HashMap::new();
    for project in projects {
        for name in raw_names(conn, "project", project)? {
            by_name.entry(name).or_insert(project);
        }
        for key in keys_of(conn, "project", project)? {
            by_key.entry(key).or_insert(project);
        }
    }
    let mut cited = conn.prepare_cached(
        "SELECT t.ticket, b.day, b.content, p.name, b.project, b.id FROM blocks b
         JOIN tickets t ON t.block_id = b.id JOIN pages p ON p.id = b.page_id
         WHERE b.day > ?1 ORDER BY b.day, b.id",
    )?;
    let mut referenced = conn.prepare_cached(
        "SELECT key FROM refs WHERE block_id = ?1 AND kind IN ('page', 'tag') ORDER BY rowid",
    )?;
    let mut moves: BTreeMap<String, TicketMove> = BTreeMap::new();
    let mut rows = cited.query([since])?;
    while let Some(row) = rows.next()? {
        let own: Option<String> = row.get(4)?;
        let project = match own.as_ref().and_then(|name| by_name.get(name)) {
            Some(project) => Some(*project),
            None => {
                let keys =
                    referenced.query_map([row.get::<_, i64>(5)?], |r| r.get::<_, String>(0))?;
                let mut found = None;
                for key in keys {
                    if let Some(project) = by_key.get(&key?) {
                        found = Some(*project);
                        break;
                    }
                }
                found
            }
        };
        let Some(project) = project else { continue };
        let found = TicketMove {
            ticket: row.get(0)?,
            day: row.get(1)?,
            text: row
                .get_ref(2)?
                .as_str()?
                .lines()
                .next()
                .unwrap_or("")
                .to_string(),
            page: row.get(3)?,
            project: project.clone(),
        };
        let newer = moves
            .get(&found.ticket)
            .is_none_or(|known| found.day > known.day);
        if newer {
            moves.insert(found.ticket.clone(), found);
        }
    }
    let mut moves: Vec<TicketMove> = moves.into_values().collect();
    moves.sort_by(|a, b| b.day.cmp(&a.day).then(a.ticket.cmp(&b.ticket)));
    moves.truncate(TICKET_LIMIT);
    Ok(moves)
}
