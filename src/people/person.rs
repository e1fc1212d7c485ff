//! People and their 1-on-1s: the people list (last 1-on-1, open items, overdue flag) and
//! a person's view (entries newest first, open action items, the projects they share with
//! the user, recent mentions elsewhere).

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::{Activity, Directory};
use crate::agenda::{load_tasks_where, Section, TaskView};
use crate::store::directory::{aliases_of, keys_of, lookup, raw_names};

/// The tasks that are a person's: under them (`?1`, their name) or referring to them (`?2`,
/// the keys they go by, as a JSON list). Written as an IN list, not a correlated EXISTS, so
/// that SQLite answers each side of the OR from an index instead of testing every task.
pub(crate) const PERSON_TASKS: &str = "(t.person = ?1 OR t.block_id IN (SELECT r.block_id
    FROM refs r WHERE r.key IN (SELECT value FROM json_each(?2)) AND r.kind IN ('page', 'tag')))";

/// Most mentions a person view lists.
const MENTION_LIMIT: usize = 20;

/// One line of a 1-on-1 entry's notes.
#[derive(Debug, Clone, Serialize)]
pub struct Note {
    /// Depth below the entry: 0 for its children.
    pub depth: u32,
    pub text: String,
}

/// A dated 1-on-1 entry.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub date: String,
    pub page: String,
    pub path: String,
    pub line: u32,
    /// `person` (under the person, on their page or in a People section) or `journal` (a
    /// journal block tagged #1on1 that references them).
    pub source: String,
    pub notes: Vec<Note>,
    #[serde(skip)]
    pub(crate) ord: u32,
    #[serde(skip)]
    pub(crate) page_id: i64,
}

/// A row of the people list.
#[derive(Debug, Clone, Serialize)]
pub struct PersonSummary {
    pub name: String,
    pub last_one_on_one: Option<String>,
    pub entries: usize,
    pub open_items: usize,
    /// True when the last 1-on-1 is longer ago than the cadence (or there was none).
    pub overdue: bool,
}

/// Everything about one person.
#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    pub name: String,
    pub aliases: Vec<String>,
    pub last_met: Option<String>,
    pub overdue: bool,
    pub cadence_days: u32,
    pub entries: Vec<Entry>,
    pub open_items: Vec<TaskView>,
    /// Projects they share with the user, by name (see [`shared_projects`]).
    pub projects: Vec<String>,
    /// Blocks elsewhere that mention them (not tasks, not under them), newest first.
    pub mentions: Vec<Activity>,
    /// Date references under the person that do not parse as dates (reported, not guessed).
    pub problems: Vec<String>,
}

fn format_day(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn parse_day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// A person's 1-on-1 entries as the last sync recorded them (see `store::derived`): dated
/// blocks under them, and journal blocks tagged #1on1 or #1-on-1 that reference them; one
/// per way an entry names them.
pub(crate) fn entries_of(conn: &Connection, person: &str) -> rusqlite::Result<Vec<Entry>> {
    let mut statement = conn.prepare_cached(
        "SELECT e.source, e.day, p.name, p.path, b.line, b.ord, e.page_id FROM person_entries e
         JOIN blocks b ON b.id = e.block_id JOIN pages p ON p.id = e.page_id WHERE e.person = ?1
         ORDER BY e.block_id",
    )?;
    let rows = statement.query_map([person], |row| {
        Ok(Entry {
            source: row.get(0)?,
            date: row.get(1)?,
            page: row.get(2)?,
            path: row.get(3)?,
            line: row.get(4)?,
            notes: Vec::new(),
            ord: row.get(5)?,
            page_id: row.get(6)?,
        })
    })?;
    rows.collect()
}

fn overdue(last: Option<NaiveDate>, today: NaiveDate, cadence_days: u32) -> bool {
    last.is_none_or(|last| (today - last).num_days() > i64::from(cadence_days))
}

/// Every known person, by name, with their last 1-on-1 and open items, from the totals the
/// last sync kept.
pub fn people(
    conn: &Connection,
    today: NaiveDate,
    cadence_days: u32,
) -> rusqlite::Result<Vec<PersonSummary>> {
    let mut statement = conn.prepare_cached(
        "SELECT n.name, s.entries, s.last_day, s.open_items FROM (
             SELECT name FROM directory WHERE kind = 'person' UNION SELECT person FROM person_stats
         ) n LEFT JOIN person_stats s ON s.person = n.name ORDER BY n.name",
    )?;
    let rows = statement.query_map([], |row| {
        let entries = row.get::<_, Option<i64>>(1)?.unwrap_or(0) as usize;
        let last = row
            .get::<_, Option<String>>(2)?
            .as_deref()
            .and_then(parse_day);
        Ok(PersonSummary {
            name: row.get(0)?,
            last_one_on_one: last.map(format_day),
            entries,
            open_items: row.get::<_, Option<i64>>(3)?.unwrap_or(0) as usize,
            overdue: entries > 0 && overdue(last, today, cadence_days),
        })
    })?;
    let mut people: Vec<PersonSummary> = rows.collect::<rusqlite::Result<_>>()?;
    people.sort_by_key(|p| p.name.to_lowercase());
    Ok(people)
}

/// The notes of an entry: the blocks below it on its page.
fn entry_notes(conn: &Connection, page_id: i64, ord: u32) -> rusqlite::Result<Vec<Note>> {
    let mut statement = conn.prepare_cached(
        "SELECT depth, content FROM blocks WHERE page_id = ?1 AND ord >= ?2 ORDER BY ord LIMIT 500",
    )?;
    let mut rows = statement.query(rusqlite::params![page_id, ord])?;
    let mut notes = Vec::new();
    let mut base = None;
    while let Some(row) = rows.next()? {
        let depth: u32 = row.get(0)?;
        match base {
            None => base = Some(depth),
            Some(base) if depth > base => notes.push(Note {
                depth: depth - base - 1,
                text: row.get(1)?,
            }),
            Some(_) => break,
        }
    }
    Ok(notes)
}

/// A person's 1-on-1s, open items and problems; `None` when nobody goes by that name.
pub fn person(
    conn: &Connection,
    name: &str,
    today: NaiveDate,
    cadence_days: u32,
) -> rusqlite::Result<Option<PersonView>> {
    let Some(canonical) = lookup(conn, "person", name)? else {
        return Ok(None);
    };
    let mut entries = entries_of(conn, &canonical)?;
    entries.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then(a.path.cmp(&b.path))
            .then(a.ord.cmp(&b.ord))
    });
    entries.dedup_by(|a, b| a.path == b.path && a.ord == b.ord);
    for entry in &mut entries {
        entry.notes = entry_notes(conn, entry.page_id, entry.ord)?;
    }
    let last = entries.first().and_then(|e| parse_day(&e.date));
    let keys = serde_json::json!(keys_of(conn, "person", &canonical)?).to_string();
    let open_items: Vec<TaskView> = load_tasks_where(
        conn,
        &format!("NOT t.closed AND {PERSON_TASKS}"),
        &[&canonical, &keys],
    )?
    .iter()
    .map(|t| TaskView::new(t, Section::of(t, today).key()))
    .collect();
    // A date-looking ref at the start of a block under the person that did not parse.
    let mut problems = Vec::new();
    let mut statement = conn.prepare_cached(
        "SELECT p.path, b.line, b.content FROM blocks b JOIN pages p ON p.id = b.page_id
         WHERE b.person IN (SELECT value FROM json_each(?1)) AND b.entry_day IS NULL
         AND b.content GLOB '[[][[][0-9]*'",
    )?;
    let names = serde_json::json!(raw_names(conn, "person", &canonical)?).to_string();
    let rows = statement.query_map([&names], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, u32>(1)?,
            row.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (path, line, content) = row?;
        let first = content.lines().next().unwrap_or("");
        problems.push(format!(
            "{path}:{line}: `{first}` looks like a 1-on-1 date but is not one; it was not counted"
        ));
    }
    Ok(Some(PersonView {
        projects: shared_projects(conn, &names, &keys)?,
        mentions: mentions(conn, &names, &keys)?,
        aliases: aliases_of(conn, &canonical)?,
        last_met: last.map(format_day),
        overdue: overdue(last, today, cadence_days),
        cadence_days,
        entries,
        open_items,
        problems,
        name: canonical,
    }))
}

/// Blocks that mention the person outside their own entries and are not tasks (those are
/// open items), newest first.
fn mentions(conn: &Connection, names: &str, keys: &str) -> rusqlite::Result<Vec<Activity>> {
    let mut statement = conn.prepare_cached(
        "SELECT DISTINCT b.day, p.name, p.path, b.line, b.content FROM refs r
         JOIN blocks b ON b.id = r.block_id JOIN pages p ON p.id = b.page_id
         WHERE r.key IN (SELECT value FROM json_each(?2)) AND r.kind IN ('page', 'tag')
         AND b.marker IS NULL AND (b.person IS NULL OR b.person NOT IN (SELECT value FROM json_each(?1)))
         ORDER BY b.day IS NULL, b.day DESC, p.path, b.line LIMIT ?3",
    )?;
    let rows = statement.query_map(
        rusqlite::params![names, keys, MENTION_LIMIT as i64],
        |row| {
            Ok(Activity {
                day: row.get(0)?,
                page: row.get(1)?,
                path: row.get(2)?,
                line: row.get(3)?,
                text: row.get(4)?,
            })
        },
    )?;
    rows.collect()
}

/// Whether an open item is one the person owes the user rather than the other way round:
/// a WAITING task, or one whose title starts with their name, an alias or their first name
/// ("Sofia to present…", "[[Sofia Marino]] sends…").
pub fn owed_by_them(title: &str, marker: &str, person: &str, aliases: &[String]) -> bool {
    if marker.eq_ignore_ascii_case("WAITING") {
        return true;
    }
    let title = title.trim_start().trim_start_matches("[[").to_lowercase();
    let first_name = person.split_whitespace().next().unwrap_or(person);
    std::iter::once(person)
        .chain(aliases.iter().map(String::as_str))
        .chain(std::iter::once(first_name))
        .map(str::to_lowercase)
        .any(|name| {
            !name.is_empty()
                && title.starts_with(&name)
                && !title[name.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '\'')
        })
}

/// The projects a person shares with the user: those that blocks under the person refer
/// to, and those whose blocks mention them. `names` and `keys` are JSON lists of the raw
/// names blocks carry for the person and of the keys they go by.
pub(crate) fn shared_projects(
    conn: &Connection,
    names: &str,
    keys: &str,
) -> rusqlite::Result<Vec<String>> {
    let directory = Directory::load(conn)?;
    let mut statement = conn.prepare_cached(
        "SELECT r.key FROM blocks b JOIN refs r ON r.block_id = b.id
         WHERE b.person IN (SELECT value FROM json_each(?1)) AND r.kind IN ('page', 'tag')
         UNION
         SELECT b.project FROM refs r JOIN blocks b ON b.id = r.block_id
         WHERE r.key IN (SELECT value FROM json_each(?2)) AND r.kind IN ('page', 'tag')
         AND b.project IS NOT NULL",
    )?;
    let rows = statement.query_map([names, keys], |row| row.get::<_, String>(0))?;
    let mut projects = Vec::new();
    for row in rows {
        if let Some(project) = directory.project(&row?) {
            projects.push(project);
        }
    }
    projects.sort();
    projects.dedup();
    Ok(projects)
}

#[cfg(test)]
mod tests {
    use super::owed_by_them;

    #[test]
    fn an_item_is_theirs_when_it_starts_with_their_name_or_waits_on_them() {
        let aliases = ["Sof".to_string()];
        let theirs =
            |title: &str, marker: &str| owed_by_them(title, marker, "Sofia Marino", &aliases);
        assert!(theirs("Sofia to present sub-partitioning", "TODO"));
        assert!(theirs("[[Sofia Marino]] sends the numbers", "TODO"));
        assert!(theirs("sof: review the doc", "TODO"));
        assert!(theirs("Book the room", "WAITING"));
        assert!(!theirs("Remove the steps with Sofia", "TODO"));
        assert!(!theirs("Sofia's doc: review it", "TODO"));
        assert!(!theirs("Sofiane to call", "TODO"));
    }
}
