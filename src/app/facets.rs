//! The choices the agenda's filters offer: the projects, people, tags and markers of the
//! open tasks, each with how many tasks have it, most first, at most [`FACET_LIMIT`] of
//! each. One pass over the open task
//! rows: a task belongs to the person it sits under and to each person it mentions (as the
//! person filter reads it); its tags are read from its title.

use std::collections::HashMap;

use serde::Serialize;
use ts_rs::TS;

use super::error::AppError;
use super::session::Session;
use crate::outline::{scan_inline, RefKind};
use crate::store::shown_task::{damaged, ShownTask};
use crate::store::Directory;
use crate::vault::page_key;

/// Most values a filter offers. A vault of ten thousand pages has two thousand projects with
/// open tasks: a list that long is no choice to scroll through, and it took the window a
/// quarter of a second to build; the words filter finds the rest.
const FACET_LIMIT: usize = 100;

/// A value a filter offers, with how many open tasks have it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Facet {
    pub name: String,
    pub count: u32,
}

/// The values the agenda's filters offer, from the open tasks.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AgendaFacets {
    pub projects: Vec<Facet>,
    pub people: Vec<Facet>,
    pub tags: Vec<Facet>,
    pub markers: Vec<Facet>,
}

/// Counts by name, keeping the first spelling seen of each key.
#[derive(Default)]
struct Tally(HashMap<String, (String, u32)>);

impl Tally {
    fn add(&mut self, key: String, name: &str) {
        self.0.entry(key).or_insert_with(|| (name.to_string(), 0)).1 += 1;
    }

    fn facets(self) -> Vec<Facet> {
        let mut facets: Vec<Facet> = self
            .0
            .into_values()
            .map(|(name, count)| Facet { name, count })
            .collect();
        facets.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        facets.truncate(FACET_LIMIT);
        facets
    }
}

impl Session {
    /// What the agenda's filters offer.
    pub fn agenda_facets(&self) -> Result<AgendaFacets, AppError> {
        let conn = self.conn();
        let directory = Directory::load(conn)?;
        let dates = &self.index.vault().config().journal_title_format;
        let (mut projects, mut people, mut tags, mut markers) = (
            Tally::default(),
            Tally::default(),
            Tally::default(),
            Tally::default(),
        );
        let mut statement = conn.prepare_cached(
            "SELECT project, person, marker, refs, shown FROM tasks WHERE closed = 0",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let project: Option<String> = row.get(0)?;
            let person: Option<String> = row.get(1)?;
            let marker: String = row.get(2)?;
            let refs: String = row.get(3)?;
            if let Some(project) = project {
                projects.add(project.clone(), &project);
            }
            let mut named: Vec<String> = person.into_iter().collect();
            for key in refs.lines() {
                if let Some(name) = directory.person(key).filter(|n| !named.contains(n)) {
                    named.push(name);
                }
            }
            for name in named {
                people.add(name.clone(), &name);
            }
            markers.add(marker.clone(), &marker);
            let packed = row.get_ref(4)?.as_blob().map_err(|_| damaged(4))?;
            let shown = ShownTask::decode(packed).ok_or_else(|| damaged(4))?;
            if shown.title.contains('#') {
                for r in scan_inline(shown.title, dates).refs {
                    if r.kind == RefKind::Tag {
                        let tag = &shown.title[r.target.start as usize..r.target.end as usize];
                        tags.add(page_key(tag), tag);
                    }
                }
            }
        }
        Ok(AgendaFacets {
            projects: projects.facets(),
            people: people.facets(),
            tags: tags.facets(),
            markers: markers.facets(),
        })
    }
}
