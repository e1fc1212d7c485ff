//! Tables derived from more than one page, brought up to date when a write transaction
//! commits: the directory of people and projects, the project and person each task is
//! listed under, each person's 1-on-1 entries and open items, and per-person totals.
//!
//! They depend on the directory, which any page can change. A commit that changes what the
//! directory is made of (an entity page, or the people and projects pages' blocks sit
//! under) works it out again; if it did change, everything is derived again, otherwise
//! only the rows of the pages written, and the totals of the people they touch.

use std::collections::BTreeSet;

use rusqlite::{params, Connection};

use super::directory::{lookup, Directory};
use super::shown_task::{self, ShownTask};

/// What a write transaction did that derived tables depend on.
#[derive(Debug, Default)]
pub(super) struct Changes {
    /// Ids of the pages written.
    pub pages: Vec<i64>,
    /// People whose entries or open items were on pages removed or replaced.
    pub people: BTreeSet<String>,
    /// True when an entity page (a person's or a project's) was written or removed, since
    /// the order in which entity pages claim names is the order they were written in.
    pub entity_pages: bool,
    /// The people and projects (`page_entities`) of the pages removed and written.
    pub removed_entities: Vec<(String, String)>,
    pub added_entities: Vec<(String, String)>,
}

/// Who a name stands for, as a person or as a project.
trait Resolve {
    fn person(&self, name: &str) -> rusqlite::Result<Option<String>>;
    fn project(&self, name: &str) -> rusqlite::Result<Option<String>>;
}

impl Resolve for Directory {
    fn person(&self, name: &str) -> rusqlite::Result<Option<String>> {
        Ok(Directory::person(self, name))
    }

    fn project(&self, name: &str) -> rusqlite::Result<Option<String>> {
        Ok(Directory::project(self, name))
    }
}

/// The stored directory, looked up one name at a time.
struct Stored<'c>(&'c Connection);

impl Resolve for Stored<'_> {
    fn person(&self, name: &str) -> rusqlite::Result<Option<String>> {
        lookup(self.0, "person", name)
    }

    fn project(&self, name: &str) -> rusqlite::Result<Option<String>> {
        lookup(self.0, "project", name)
    }
}

/// The first of `names` that `resolve` knows.
fn first_known(
    names: &[&str],
    resolve: impl Fn(&str) -> rusqlite::Result<Option<String>>,
) -> rusqlite::Result<Option<String>> {
    for name in names {
        if let Some(found) = resolve(name)? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// Which pages to derive rows for.
enum Scope {
    All,
    Pages(String),
}

impl Scope {
    /// A condition on `column` (a page id) and its parameter, bound to `?1`.
    fn condition(&self, column: &str) -> (String, String) {
        match self {
            Scope::All => ("?1 IS NOT NULL".to_string(), "[]".to_string()),
            Scope::Pages(ids) => (
                format!("{column} IN (SELECT value FROM json_each(?1))"),
                ids.clone(),
            ),
        }
    }
}

/// Brings the derived tables up to date with `changes`.
pub(super) fn refresh(conn: &Connection, mut changes: Changes) -> rusqlite::Result<()> {
    changes.removed_entities.sort();
    changes.added_entities.sort();
    let inputs_changed = changes.entity_pages || changes.removed_entities != changes.added_entities;
    let mut scope = Scope::Pages(serde_json::to_string(&changes.pages).unwrap_or_default());
    // A directory worked out again is at hand; otherwise the stored one is asked for the
    // few names the pages written use, which is cheaper than loading it whole.
    let directory = if inputs_changed {
        let built = Directory::build(conn)?;
        if built != Directory::load(conn)? {
            built.save(conn)?;
            scope = Scope::All;
        }
        Some(built)
    } else {
        None
    };
    if let Scope::All = scope {
        conn.execute_batch(
            "DELETE FROM person_entries; DELETE FROM person_items; DELETE FROM person_stats;",
        )?;
    }
    let mut people = changes.people;
    match &directory {
        Some(directory) => {
            resolve_tasks(conn, directory, &scope, &mut people)?;
            derive_entries(conn, directory, &scope, &mut people)?;
        }
        None => {
            let stored = Stored(conn);
            resolve_tasks(conn, &stored, &scope, &mut people)?;
            derive_entries(conn, &stored, &scope, &mut people)?;
        }
    }
    update_stats(conn, &scope, &people)
}

/// Sets the project and person of each task in `scope` as the directory resolves them: the
/// block's own (a section child or the page), else the first page or tag it references
/// that names one. Records each open task as an open item of the people it is under or
/// references.
fn resolve_tasks(
    conn: &Connection,
    directory: &impl Resolve,
    scope: &Scope,
    people: &mut BTreeSet<String>,
) -> rusqlite::Result<()> {
    let (condition, parameter) = scope.condition("page_id");
    let mut statement = conn.prepare(&format!(
        "SELECT block_id, page_id, NOT closed, own_project, own_person, refs, project, person, shown
         FROM tasks WHERE {condition}"
    ))?;
    let mut update = conn.prepare_cached(
        "UPDATE tasks SET project = ?2, person = ?3, shown = ?4 WHERE block_id = ?1",
    )?;
    let mut insert_item = conn.prepare_cached(
        "INSERT OR IGNORE INTO person_items (person, block_id, page_id) VALUES (?1, ?2, ?3)",
    )?;
    let mut rows = statement.query([&parameter])?;
    while let Some(row) = rows.next()? {
        let block: i64 = row.get(0)?;
        let page: i64 = row.get(1)?;
        let open: bool = row.get(2)?;
        let own_project: Option<String> = row.get(3)?;
        let own_person: Option<String> = row.get(4)?;
        let refs = row.get_ref(5)?.as_str()?;
        let refs: Vec<&str> = refs.split('\n').filter(|r| !r.is_empty()).collect();
        let project = match own_project {
            Some(p) => Some(directory.project(&p)?.unwrap_or(p)),
            None => first_known(&refs, |r| directory.project(r))?,
        };
        let person = match &own_person {
            Some(p) => Some(directory.person(p)?.unwrap_or_else(|| p.clone())),
            None => first_known(&refs, |r| directory.person(r))?,
        };
        let stored: (Option<String>, Option<String>) = (row.get(6)?, row.get(7)?);
        if (&project, &person) != (&stored.0, &stored.1) {
            let shown = row.get_ref(8)?.as_blob()?;
            let shown = ShownTask::decode(shown).ok_or_else(|| shown_task::damaged(8))?;
            let shown = ShownTask {
                project: project.as_deref(),
                person: person.as_deref(),
                ..shown
            };
            update.execute(params![block, project, person, shown.encode()])?;
        }
        if open {
            for name in own_person.iter().map(String::as_str).chain(refs) {
                if let Some(person) = directory.person(name)? {
                    insert_item.execute(params![person, block, page])?;
                    people.insert(person);
                }
            }
        }
    }
    Ok(())
}

/// Records the 1-on-1 entries in `scope`: dated blocks under a person (who is theirs even
/// when no page or alias names them), and journal blocks tagged #1on1 or #1-on-1, which
/// count for each person they reference.
fn derive_entries(
    conn: &Connection,
    directory: &impl Resolve,
    scope: &Scope,
    people: &mut BTreeSet<String>,
) -> rusqlite::Result<()> {
    let (under, parameter) = scope.condition("b.page_id");
    let (tagged, _) = scope.condition("r1.page_id");
    let mut statement = conn.prepare(&format!(
        "SELECT 'person', b.person, b.entry_day, b.page_id, b.id FROM blocks b
         WHERE b.entry_day IS NOT NULL AND {under}
         UNION ALL
         SELECT 'journal', r2.key, b.day, b.page_id, b.id FROM refs r1
         JOIN blocks b ON b.id = r1.block_id JOIN pages p ON p.id = b.page_id
         JOIN refs r2 ON r2.block_id = b.id AND r2.kind IN ('page', 'tag')
         WHERE r1.kind = 'tag' AND r1.key IN ('1on1', '1-on-1') AND p.journal_day IS NOT NULL
         AND b.day IS NOT NULL AND {tagged}"
    ))?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO person_entries (person, source, day, page_id, block_id)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut rows = statement.query([&parameter])?;
    while let Some(row) = rows.next()? {
        let source: String = row.get(0)?;
        let name: String = row.get(1)?;
        let person = match source.as_str() {
            "journal" => directory.person(&name)?,
            _ => Some(directory.person(&name)?.unwrap_or(name)),
        };
        if let Some(person) = person {
            insert.execute(params![
                person,
                source,
                row.get::<_, String>(2)?,
                row.get::<_, i64>(3)?,
                row.get::<_, i64>(4)?
            ])?;
            people.insert(person);
        }
    }
    Ok(())
}

/// Counts the entries and open items of `people` again (of everyone for [`Scope::All`]),
/// with the day of their last entry.
fn update_stats(
    conn: &Connection,
    scope: &Scope,
    people: &BTreeSet<String>,
) -> rusqlite::Result<()> {
    let names = serde_json::to_string(people).unwrap_or_default();
    let condition = match scope {
        Scope::All => "?1 IS NOT NULL",
        Scope::Pages(_) => "person IN (SELECT value FROM json_each(?1))",
    };
    conn.prepare_cached(&format!("DELETE FROM person_stats WHERE {condition}"))?
        .execute([&names])?;
    conn.prepare_cached(&format!(
        "INSERT INTO person_stats (person, entries, last_day, open_items)
         SELECT person, sum(entries), max(last_day), sum(open_items) FROM (
             SELECT person, count(*) AS entries, max(day) AS last_day, 0 AS open_items
             FROM person_entries WHERE {condition} GROUP BY person
             UNION ALL
             SELECT person, 0, NULL, count(*) FROM person_items WHERE {condition} GROUP BY person
         ) GROUP BY person"
    ))?
    .execute([&names])?;
    Ok(())
}
