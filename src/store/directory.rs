//! Who the people and what the projects are, by the design's rules: typed pages
//! (`type:: person`, `tags:: project`), the `people/` and `projects/` namespaces, and the
//! children of the `People` and `Projects` sections of a page, with aliases. Names are
//! matched case-insensitively.
//!
//! The directory is worked out from the pages when a sync changes what it depends on, and
//! stored (`directory`, `directory_aliases`), so that queries look names up instead of
//! working it out again.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use crate::record::entity_name;
use crate::vault::page_key;

/// Every known person and project, by the keys their names and aliases give.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Directory {
    people: HashMap<String, String>,
    projects: HashMap<String, String>,
    /// Other names people and projects go by, as written, by canonical name.
    aliases: HashMap<String, Vec<String>>,
}

impl Directory {
    /// Works the directory out from the pages, their aliases and the people and projects
    /// their blocks sit under. The first page to claim a key keeps it.
    pub(crate) fn build(conn: &Connection) -> rusqlite::Result<Directory> {
        let mut directory = Directory::default();
        let mut statement = conn.prepare_cached(
            "SELECT p.entity, p.name, a.alias FROM pages p LEFT JOIN aliases a ON a.page_id = p.id
             WHERE p.entity IS NOT NULL",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
            ))
        })?;
        for row in rows {
            let (entity, name, alias) = row?;
            let table = if entity == "person" {
                &mut directory.people
            } else {
                &mut directory.projects
            };
            let short = entity_name(&name);
            table
                .entry(page_key(&name))
                .or_insert_with(|| short.clone());
            table
                .entry(page_key(&short))
                .or_insert_with(|| short.clone());
            if let Some(alias) = alias {
                table
                    .entry(page_key(&alias))
                    .or_insert_with(|| short.clone());
                directory.aliases.entry(short).or_default().push(alias);
            }
        }
        let mut statement = conn.prepare_cached(
            "SELECT DISTINCT name, NULL FROM page_entities WHERE kind = 'person'
             UNION SELECT DISTINCT NULL, name FROM page_entities WHERE kind = 'project'",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, Option<String>>(0)?,
                row.get::<_, Option<String>>(1)?,
            ))
        })?;
        for row in rows {
            match row? {
                (Some(person), _) => {
                    directory.people.entry(page_key(&person)).or_insert(person);
                }
                (_, Some(project)) => {
                    directory
                        .projects
                        .entry(page_key(&project))
                        .or_insert(project);
                }
                _ => {}
            }
        }
        Ok(directory)
    }

    /// The directory as the last sync stored it.
    pub fn load(conn: &Connection) -> rusqlite::Result<Directory> {
        let mut directory = Directory::default();
        let mut statement = conn.prepare_cached("SELECT kind, key, name FROM directory")?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (kind, key, name) = row?;
            let table = if kind == "person" {
                &mut directory.people
            } else {
                &mut directory.projects
            };
            table.insert(key, name);
        }
        let mut statement =
            conn.prepare_cached("SELECT name, alias FROM directory_aliases ORDER BY rowid")?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (name, alias) = row?;
            directory.aliases.entry(name).or_default().push(alias);
        }
        Ok(directory)
    }

    /// Replaces the stored directory with this one.
    pub(crate) fn save(&self, conn: &Connection) -> rusqlite::Result<()> {
        conn.execute_batch("DELETE FROM directory; DELETE FROM directory_aliases;")?;
        let mut insert =
            conn.prepare_cached("INSERT INTO directory (kind, key, name) VALUES (?1, ?2, ?3)")?;
        for (kind, table) in [("person", &self.people), ("project", &self.projects)] {
            for (key, name) in table {
                insert.execute(params![kind, key, name])?;
            }
        }
        let mut insert =
            conn.prepare_cached("INSERT INTO directory_aliases (name, alias) VALUES (?1, ?2)")?;
        // Sorted by name, so that the stored order does not depend on the hash map's.
        let mut names: Vec<&String> = self.aliases.keys().collect();
        names.sort();
        for name in names {
            for alias in &self.aliases[name] {
                insert.execute(params![name, alias])?;
            }
        }
        Ok(())
    }

    /// The person a page name or alias (any case) stands for.
    pub fn person(&self, name: &str) -> Option<String> {
        self.people.get(&page_key(name)).cloned()
    }

    /// Every person's canonical name, sorted, without repeats.
    pub fn people_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.people.values().cloned().collect();
        names.sort();
        names.dedup();
        names
    }

    /// Every project's canonical name, sorted, without repeats.
    pub fn project_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.projects.values().cloned().collect();
        names.sort();
        names.dedup();
        names
    }

    /// The project a page name or alias (any case) stands for.
    pub fn project(&self, name: &str) -> Option<String> {
        self.projects.get(&page_key(name)).cloned()
    }
}

/// The person (`kind` `person`) or project (`project`) a page name or alias (any case)
/// stands for, looked up in the stored directory.
pub fn lookup(conn: &Connection, kind: &str, name: &str) -> rusqlite::Result<Option<String>> {
    use rusqlite::OptionalExtension;
    conn.prepare_cached("SELECT name FROM directory WHERE kind = ?1 AND key = ?2")?
        .query_row(params![kind, page_key(name)], |row| row.get(0))
        .optional()
}

/// What a name typed by the user stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypedName {
    /// A name or alias of exactly this person or project (any case).
    Exact(String),
    /// Not a whole name, but whole words of exactly one: `sofia` for `Sofia Marino`.
    Partial(String),
    /// Whole words of several; the user must say which.
    Ambiguous(Vec<String>),
    Unknown,
}

/// Resolves a name typed on the command line: as [`lookup`] does, else by whole words of
/// one name or alias (`sofia` or `marino` for `Sofia Marino`, `storage` for
/// `projects/Storage Migration`). Resolving the directory's own references stays exact.
pub fn resolve_typed(conn: &Connection, kind: &str, typed: &str) -> rusqlite::Result<TypedName> {
    if let Some(name) = lookup(conn, kind, typed)? {
        return Ok(TypedName::Exact(name));
    }
    let words = page_key(typed).replace('/', " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.is_empty() {
        return Ok(TypedName::Unknown);
    }
    let escaped = words
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let mut statement = conn.prepare_cached(
        "SELECT DISTINCT name FROM directory WHERE kind = ?1
         AND ' ' || replace(key, '/', ' ') || ' ' LIKE '% ' || ?2 || ' %' ESCAPE '\\'
         ORDER BY name",
    )?;
    let names: Vec<String> = statement
        .query_map(params![kind, escaped], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(match names.len() {
        0 => TypedName::Unknown,
        1 => TypedName::Partial(names.into_iter().next().expect("one name")),
        _ => TypedName::Ambiguous(names),
    })
}

/// The keys that lead to a person or project: its name's and its aliases', sorted.
pub fn keys_of(conn: &Connection, kind: &str, name: &str) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn
        .prepare_cached("SELECT key FROM directory WHERE kind = ?1 AND name = ?2 ORDER BY key")?;
    let rows = statement.query_map(params![kind, name], |row| row.get(0))?;
    rows.collect()
}

/// The names blocks carry for a person or project (aliases, case, namespace): those in
/// `page_entities` whose key leads to it. Written as a lookup of the few keys first: as a
/// join, SQLite read every entity of the kind.
pub fn raw_names(conn: &Connection, kind: &str, name: &str) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare_cached(
        "SELECT DISTINCT name FROM page_entities
         WHERE kind = ?1 AND key IN (SELECT key FROM directory WHERE kind = ?1 AND name = ?2)",
    )?;
    let rows = statement.query_map(params![kind, name], |row| row.get(0))?;
    rows.collect()
}

/// The aliases of a person or project, as written.
pub fn aliases_of(conn: &Connection, name: &str) -> rusqlite::Result<Vec<String>> {
    let mut statement =
        conn.prepare_cached("SELECT alias FROM directory_aliases WHERE name = ?1 ORDER BY rowid")?;
    let rows = statement.query_map([name], |row| row.get(0))?;
    rows.collect()
}
