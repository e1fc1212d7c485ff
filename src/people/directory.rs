//! Who the people and what the projects are, by the design's rules: typed pages
//! (`type:: person`, `tags:: project`), the `people/` and `projects/` namespaces, and the
//! children of the `People` and `Projects` sections of a page, with aliases. Names are
//! matched case-insensitively.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::index::record::entity_name;
use crate::vault::page_key;

/// Every known person and project, by the keys their names and aliases give.
#[derive(Debug, Default, Clone)]
pub struct Directory {
    people: HashMap<String, String>,
    projects: HashMap<String, String>,
    /// Other names people and projects go by, as written, by canonical name.
    aliases: HashMap<String, Vec<String>>,
}

impl Directory {
    pub fn load(conn: &Connection) -> rusqlite::Result<Directory> {
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

    /// The keys that lead to this person: their name's and their aliases'.
    pub fn keys_of_person(&self, name: &str) -> Vec<String> {
        keys_of(&self.people, name)
    }

    /// The keys that lead to this project.
    pub fn keys_of_project(&self, name: &str) -> Vec<String> {
        keys_of(&self.projects, name)
    }

    /// The aliases of a person or project, as written.
    pub fn aliases_of_person(&self, name: &str) -> Vec<String> {
        self.aliases.get(name).cloned().unwrap_or_default()
    }

    /// The project a page name or alias (any case) stands for.
    pub fn project(&self, name: &str) -> Option<String> {
        self.projects.get(&page_key(name)).cloned()
    }
}

fn keys_of(table: &HashMap<String, String>, name: &str) -> Vec<String> {
    let mut keys: Vec<String> = table
        .iter()
        .filter(|(_, canonical)| canonical.as_str() == name)
        .map(|(key, _)| key.clone())
        .collect();
    keys.sort();
    keys
}
