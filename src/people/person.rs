//! People and their 1-on-1s: the people list (last 1-on-1, open items, overdue flag) and
//! a person's view (entries newest first, open action items, other mentions).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::Directory;
use crate::agenda::{load_tasks_where, Section, TaskView};

/// Markers of open tasks, as stored (canonical spelling).
pub(crate) const OPEN_MARKERS: &str =
    "'TODO','DOING','LATER','NOW','WAITING','IN-PROGRESS','STARTED'";

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
    /// Date references under the person that do not parse as dates (reported, not guessed).
    pub problems: Vec<String>,
}

fn format_day(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn parse_day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// The names blocks carry for a person (aliases, case) and the keys refs use for them.
pub(crate) struct PersonNames {
    pub names: Vec<String>,
    pub keys: Vec<String>,
}

impl PersonNames {
    pub fn of(
        conn: &Connection,
        directory: &Directory,
        canonical: &str,
    ) -> rusqlite::Result<PersonNames> {
        Ok(PersonNames {
            names: raw_names(conn, "person", |raw| {
                directory.person(raw).as_deref() == Some(canonical)
            })?,
            keys: directory.keys_of_person(canonical),
        })
    }
}

/// Which people to gather entries for.
pub(crate) enum Who<'a> {
    Everyone,
    One(&'a PersonNames),
}

/// The 1-on-1 entries of `who`, each with the person it belongs to (canonical name):
/// dated blocks under a person, and journal blocks tagged #1on1 or #1-on-1 that reference
/// a person.
pub(crate) fn all_entries(
    conn: &Connection,
    directory: &Directory,
    who: Who<'_>,
) -> rusqlite::Result<Vec<(String, Entry)>> {
    let (person_filter, journal_filter, parameters) = match who {
        Who::Everyone => ("", "", serde_json::json!([[], []])),
        Who::One(PersonNames { names, keys }) => (
            " AND b.person IN (SELECT value FROM json_each(?1, '$[0]'))",
            " AND r2.key IN (SELECT value FROM json_each(?1, '$[1]'))",
            serde_json::json!([names, keys]),
        ),
    };
    let sql = format!(
        "SELECT 'person', b.person, b.entry_day, p.name, p.path, b.line, b.ord FROM blocks b
         JOIN pages p ON p.id = b.page_id WHERE b.entry_day IS NOT NULL{person_filter} AND ?1 IS NOT NULL
         UNION ALL
         SELECT 'journal', r2.key, b.day, p.name, p.path, b.line, b.ord FROM refs r1
         JOIN blocks b ON b.id = r1.block_id JOIN pages p ON p.id = b.page_id
         JOIN refs r2 ON r2.block_id = b.id AND r2.kind IN ('page', 'tag')
         WHERE r1.kind = 'tag' AND r1.key IN ('1on1', '1-on-1') AND p.journal_day IS NOT NULL
         AND b.day IS NOT NULL{journal_filter}"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([parameters.to_string()], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            Entry {
                date: row.get(2)?,
                page: row.get(3)?,
                path: row.get(4)?,
                line: row.get(5)?,
                source: String::new(),
                notes: Vec::new(),
                ord: row.get(6)?,
            },
        ))
    })?;
    let mut entries = Vec::new();
    for row in rows {
        let (source, name, mut entry) = row?;
        // A journal block counts only for the people it references; a block under a person
        // belongs to them even when no page or alias names them.
        let person = match source.as_str() {
            "journal" => directory.person(&name),
            _ => Some(directory.person(&name).unwrap_or(name)),
        };
        if let Some(person) = person {
            entry.source = source;
            entries.push((person, entry));
        }
    }
    Ok(entries)
}

/// The ids of open task blocks per person: tasks under them, and tasks referencing them.
fn open_items_by_person(
    conn: &Connection,
    directory: &Directory,
) -> rusqlite::Result<HashMap<String, HashSet<i64>>> {
    let mut items: HashMap<String, HashSet<i64>> = HashMap::new();
    let sql = format!(
        "SELECT b.id, b.person FROM blocks b WHERE b.marker IN ({OPEN_MARKERS}) AND b.person IS NOT NULL
         UNION ALL
         SELECT b.id, r.key FROM blocks b JOIN refs r ON r.block_id = b.id
         WHERE b.marker IN ({OPEN_MARKERS}) AND r.kind IN ('page', 'tag')"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([], |row| {
        Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (block, name) = row?;
        if let Some(person) = directory.person(&name) {
            items.entry(person).or_default().insert(block);
        }
    }
    Ok(items)
}

fn overdue(last: Option<NaiveDate>, today: NaiveDate, cadence_days: u32) -> bool {
    last.is_none_or(|last| (today - last).num_days() > i64::from(cadence_days))
}

/// Every known person, by name, with their last 1-on-1 and open items.
pub fn people(
    conn: &Connection,
    today: NaiveDate,
    cadence_days: u32,
) -> rusqlite::Result<Vec<PersonSummary>> {
    let directory = Directory::load(conn)?;
    let mut last: BTreeMap<String, (Option<NaiveDate>, usize)> = BTreeMap::new();
    for name in directory.people_names() {
        last.entry(name).or_default();
    }
    for (person, entry) in all_entries(conn, &directory, Who::Everyone)? {
        let slot = last.entry(person).or_default();
        slot.0 = slot.0.max(parse_day(&entry.date));
        slot.1 += 1;
    }
    let items = open_items_by_person(conn, &directory)?;
    let mut people: Vec<PersonSummary> = last
        .into_iter()
        .map(|(name, (last, entries))| PersonSummary {
            open_items: items.get(&name).map_or(0, HashSet::len),
            last_one_on_one: last.map(format_day),
            overdue: entries > 0 && overdue(last, today, cadence_days),
            entries,
            name,
        })
        .collect();
    people.sort_by_key(|p| p.name.to_lowercase());
    Ok(people)
}

/// The notes of an entry: the blocks below it on its page.
fn entry_notes(conn: &Connection, path: &str, ord: u32) -> rusqlite::Result<Vec<Note>> {
    let mut statement = conn.prepare_cached(
        "SELECT b.depth, b.content FROM blocks b JOIN pages p ON p.id = b.page_id
         WHERE p.path = ?1 AND b.ord >= ?2 ORDER BY b.ord LIMIT 500",
    )?;
    let mut rows = statement.query(rusqlite::params![path, ord])?;
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
    let directory = Directory::load(conn)?;
    let Some(canonical) = directory.person(name) else {
        return Ok(None);
    };
    let person_names = PersonNames::of(conn, &directory, &canonical)?;
    let (names, keys) = (&person_names.names, &person_names.keys);
    let mut entries: Vec<Entry> = all_entries(conn, &directory, Who::One(&person_names))?
        .into_iter()
        .filter(|(person, _)| *person == canonical)
        .map(|(_, entry)| entry)
        .collect();
    entries.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then(a.path.cmp(&b.path))
            .then(a.ord.cmp(&b.ord))
    });
    entries.dedup_by(|a, b| a.path == b.path && a.ord == b.ord);
    for entry in &mut entries {
        entry.notes = entry_notes(conn, &entry.path, entry.ord)?;
    }
    let last = entries.first().and_then(|e| parse_day(&e.date));
    let condition = format!(
        "c.marker IN ({OPEN_MARKERS}) AND (c.person IN (SELECT value FROM json_each(?1, '$[0]'))
         OR c.id IN (SELECT block_id FROM refs WHERE key IN (SELECT value FROM json_each(?1, '$[1]'))))"
    );
    let parameters = serde_json::json!([&names, &keys]);
    let open_items: Vec<TaskView> = load_tasks_where(conn, &directory, &condition, &parameters)?
        .into_iter()
        .filter(|t| t.is_open())
        .filter(|t| {
            t.person.as_deref() == Some(canonical.as_str())
                || t.refs.iter().any(|r| keys.contains(r))
        })
        .map(|t| TaskView::new(&t, Section::of(&t, today).key()))
        .collect();
    // A date-looking ref at the start of a block under the person that did not parse.
    let mut problems = Vec::new();
    let mut statement = conn.prepare_cached(
        "SELECT p.path, b.line, b.content FROM blocks b JOIN pages p ON p.id = b.page_id
         WHERE b.person IN (SELECT value FROM json_each(?1)) AND b.entry_day IS NULL
         AND b.content GLOB '[[][[][0-9]*'",
    )?;
    let rows = statement.query_map([serde_json::json!(&names).to_string()], |row| {
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
        aliases: directory.aliases_of_person(&canonical),
        last_met: last.map(format_day),
        overdue: overdue(last, today, cadence_days),
        cadence_days,
        entries,
        open_items,
        problems,
        name: canonical,
    }))
}

/// The names a person or project (`kind`) is written under in blocks (aliases, case,
/// namespace) that `matches` accepts.
pub(crate) fn raw_names(
    conn: &Connection,
    kind: &str,
    matches: impl Fn(&str) -> bool,
) -> rusqlite::Result<Vec<String>> {
    let mut statement =
        conn.prepare_cached("SELECT DISTINCT name FROM page_entities WHERE kind = ?1")?;
    let mut names = Vec::new();
    for name in statement.query_map([kind], |row| row.get::<_, String>(0))? {
        let name = name?;
        if matches(&name) {
            names.push(name);
        }
    }
    Ok(names)
}
