//! People in the app: the list (last 1-on-1, open items, who is due), a person's view (their
//! 1-on-1 entries as editable outlines of the pages they live on, open items split by who
//! owes whom, shared projects, recent mentions, and the prep for the next 1-on-1), starting
//! today's 1-on-1, and adding a person. Every answer comes from the library's people
//! functions (`people::person`, `people::prep`, `people::start_one_on_one`,
//! `people::add_person`), the ones the command line calls.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::agenda::AgendaRow;
use super::error::{AppError, ErrorCode};
use super::ops::EditOp;
use super::projects::ActivityView;
use super::session::Session;
use super::view::PageView;
use crate::agenda::{agenda, AgendaFilter};
use crate::people::{self, owed_by_them, Entry, Prep};
use crate::render::linked_html;
use crate::store::directory::{resolve_typed, TypedName};

/// A row of the people list.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonRow {
    pub name: String,
    /// `YYYY-MM-DD`.
    pub last_one_on_one: Option<String>,
    pub entries: u32,
    pub open_items: u32,
    /// The last 1-on-1 is longer ago than the cadence.
    pub overdue: bool,
    /// Days until the cadence asks for the next 1-on-1 (negative: that many days late);
    /// `None` for someone never met.
    pub due_in: Option<i32>,
}

/// One 1-on-1 entry: its block on a page of [`PersonScreen::pages`].
#[derive(Debug, Clone, Serialize, TS)]
pub struct EntryView {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub page: String,
    /// The entry's block, an index valid for the version of its page in the screen.
    pub block: u32,
    /// `person` (under the person) or `journal` (a journal block tagged #1on1).
    pub source: String,
}

/// Something the prep lists: a task, rendered, with where it is.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PrepItem {
    pub marker: String,
    pub html: String,
    pub page: String,
    pub day: Option<String>,
}

/// A ticket of a shared project cited since the last 1-on-1.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PrepTicket {
    pub ticket: String,
    pub url: Option<String>,
    pub project: String,
    pub day: String,
    pub html: String,
    pub page: String,
}

/// What changed since the last 1-on-1 (`people::prep`); shown, never written.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrepView {
    pub since: Option<String>,
    pub completed: Vec<PrepItem>,
    pub new_tasks: Vec<PrepItem>,
    pub tickets: Vec<PrepTicket>,
}

/// Where the person is written down: their page, or their block in a People section.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PersonHome {
    pub page: String,
    pub block: Option<u32>,
}

/// One person.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonScreen {
    pub name: String,
    pub aliases: Vec<String>,
    pub home: Option<PersonHome>,
    pub last_met: Option<String>,
    pub overdue: bool,
    pub cadence_days: u32,
    /// Newest first.
    pub entries: Vec<EntryView>,
    /// The pages the entries are on, each once, to edit them in place; only the entries'
    /// blocks carry their `html`.
    pub pages: Vec<PageView>,
    /// Open items the person owes the user.
    pub they_owe: Vec<AgendaRow>,
    /// Open items the user owes the person.
    pub i_owe: Vec<AgendaRow>,
    pub projects: Vec<String>,
    pub mentions: Vec<ActivityView>,
    pub prep: PrepView,
    pub problems: Vec<String>,
}

/// What starting a 1-on-1 did: the person's screen with today's entry in it, and the empty
/// block of that entry to put the caret in.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OneOnOneStarted {
    pub screen: PersonScreen,
    /// The page today's entry is on.
    pub page: String,
    pub entry: u32,
    pub focus: u32,
    /// False when today's entry already existed.
    pub created: bool,
}

/// Who is due first: the most overdue, then the soonest due, then those never met.
fn due_order(a: &PersonRow, b: &PersonRow) -> std::cmp::Ordering {
    let key = |row: &PersonRow| (row.due_in.is_none(), row.due_in, row.name.to_lowercase());
    key(a).cmp(&key(b))
}

impl Session {
    /// Everyone, whoever is due for a 1-on-1 first.
    pub fn people(&self) -> Result<Vec<PersonRow>, AppError> {
        let today = self.today();
        let cadence = self.cadence();
        let mut rows: Vec<PersonRow> = people::people(self.conn(), today, cadence)?
            .into_iter()
            .map(|p| {
                let last = p
                    .last_one_on_one
                    .as_deref()
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
                PersonRow {
                    due_in: last.map(|l| cadence as i32 - (today - l).num_days() as i32),
                    entries: p.entries as u32,
                    open_items: p.open_items as u32,
                    overdue: p.overdue,
                    last_one_on_one: p.last_one_on_one,
                    name: p.name,
                }
            })
            .collect();
        rows.sort_by(due_order);
        Ok(rows)
    }

    /// The person a typed name stands for, as the command line reads it (a name or alias
    /// in any case, or whole words of one name); `None` for nobody yet.
    fn typed_person(&self, typed: &str) -> Result<Option<String>, AppError> {
        match resolve_typed(self.conn(), "person", typed)? {
            TypedName::Exact(name) | TypedName::Partial(name) => Ok(Some(name)),
            TypedName::Ambiguous(names) => Err(AppError::new(
                ErrorCode::InvalidInput,
                format!("`{typed}` could be {}; say which", names.join(" or ")),
            )),
            TypedName::Unknown => Ok(None),
        }
    }

    fn cadence(&self) -> u32 {
        self.index.vault().settings().one_on_one_cadence_days
    }

    /// The person called `name` (an alias, or words of one name).
    pub fn person(&self, name: &str) -> Result<PersonScreen, AppError> {
        let today = self.today();
        let conn = self.conn();
        let not_found = || AppError::new(ErrorCode::NotFound, format!("nobody is called {name}"));
        let known = self.typed_person(name)?.ok_or_else(not_found)?;
        let view = people::person(conn, &known, today, self.cadence())?.ok_or_else(not_found)?;
        let prep = people::prep(conn, &view.name, today)?.ok_or_else(not_found)?;
        let (they_owe, i_owe) = self.open_items(&view.name, &view.aliases)?;
        let (entries, pages) = self.entry_pages(&view.entries)?;
        Ok(PersonScreen {
            home: self.home(&view.name, &entries, &pages)?,
            prep: self.prep_view(&prep),
            mentions: view
                .mentions
                .iter()
                .map(|m| self.activity_view(m))
                .collect(),
            aliases: view.aliases,
            last_met: view.last_met,
            overdue: view.overdue,
            cadence_days: view.cadence_days,
            entries,
            pages,
            they_owe,
            i_owe,
            projects: view.projects,
            problems: view.problems,
            name: view.name,
        })
    }

    /// The person's open items as rows, split into what they owe and what is owed them.
    fn open_items(
        &self,
        person: &str,
        aliases: &[String],
    ) -> Result<(Vec<AgendaRow>, Vec<AgendaRow>), AppError> {
        let filter = AgendaFilter {
            person: Some(person.to_string()),
            ..AgendaFilter::default()
        };
        let tasks: Vec<_> = agenda(self.conn(), &filter, self.today())?
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        let versions = self.versions(tasks.iter())?;
        let (theirs, mine): (Vec<_>, Vec<_>) = tasks
            .iter()
            .partition(|t| owed_by_them(&t.text, t.marker.as_str(), person, aliases));
        let rows = |tasks: Vec<&crate::agenda::Task>| {
            tasks.into_iter().map(|t| self.row(t, &versions)).collect()
        };
        Ok((rows(theirs), rows(mine)))
    }

    /// The entries as views, and the pages they are on, each read once, with only the
    /// entries' blocks rendered: the view shows nothing else of those pages, and the
    /// busiest person's twenty pages have ten times as many blocks as their entries.
    fn entry_pages(&self, entries: &[Entry]) -> Result<(Vec<EntryView>, Vec<PageView>), AppError> {
        let mut pages: Vec<PageView> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for entry in entries {
            if seen.insert(entry.path.as_str()) {
                let roots: Vec<u32> = entries
                    .iter()
                    .filter(|e| e.path == entry.path)
                    .map(|e| e.ord)
                    .collect();
                pages.push(self.page_under(&entry.page, &roots)?);
            }
        }
        let views = entries
            .iter()
            .map(|e| EntryView {
                date: e.date.clone(),
                page: pages
                    .iter()
                    .find(|p| p.path.as_deref() == Some(e.path.as_str()))
                    .map_or_else(|| e.page.clone(), |p| p.name.clone()),
                block: e.ord,
                source: e.source.clone(),
            })
            .collect();
        Ok((views, pages))
    }

    /// The person's own page, else the block their entries sit under.
    fn home(
        &self,
        person: &str,
        entries: &[EntryView],
        pages: &[PageView],
    ) -> Result<Option<PersonHome>, AppError> {
        if let Some(found) = self.index.find_page(person)? {
            return Ok(Some(PersonHome {
                page: found.name,
                block: None,
            }));
        }
        Ok(entries.iter().find(|e| e.source == "person").map(|e| {
            let parent = pages
                .iter()
                .find(|p| p.name == e.page)
                .and_then(|p| p.blocks.get(e.block as usize))
                .and_then(|b| b.parent);
            PersonHome {
                page: e.page.clone(),
                block: parent,
            }
        }))
    }

    fn prep_view(&self, prep: &Prep) -> PrepView {
        let dates = &self.index.vault().config().journal_title_format;
        let links = self.links();
        let item = |t: &crate::agenda::TaskView| PrepItem {
            marker: t.marker.clone(),
            html: linked_html(&t.text, dates, &links),
            page: t.page.clone(),
            day: t.day.clone(),
        };
        let settings = self.index.vault().settings();
        PrepView {
            since: prep.since.clone(),
            completed: prep.completed.iter().map(item).collect(),
            new_tasks: prep.new_tasks.iter().map(item).collect(),
            tickets: prep
                .tickets
                .iter()
                .map(|t| PrepTicket {
                    url: settings.ticket_link(&t.ticket),
                    ticket: t.ticket.clone(),
                    project: t.project.clone(),
                    day: t.day.clone(),
                    html: linked_html(&t.text, dates, &links),
                    page: t.page.clone(),
                })
                .collect(),
        }
    }

    /// Starts (or reuses) today's 1-on-1 with `name` as `cairn one-on-one` does, and returns
    /// the empty block at the end of the entry to type in: the one a new entry ends with,
    /// or, when today's entry already has notes, a new one written after them.
    pub fn start_one_on_one(&mut self, name: &str) -> Result<OneOnOneStarted, AppError> {
        let today = self.today();
        // Someone nobody goes by yet is a new person, as with `cairn one-on-one`.
        let name = self.typed_person(name)?.unwrap_or_else(|| name.to_string());
        let outcome = people::start_one_on_one(&mut self.index, &name, today)?;
        let mut screen = self.person(&outcome.person)?;
        let day = today.format("%Y-%m-%d").to_string();
        let entry = screen
            .entries
            .iter()
            .find(|e| e.date == day && e.source == "person")
            .cloned()
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    "today's entry is not where it was written",
                )
            })?;
        let slot = screen
            .pages
            .iter()
            .position(|p| p.name == entry.page)
            .ok_or_else(|| AppError::new(ErrorCode::NotFound, "today's entry has no page"))?;
        let page = &screen.pages[slot];
        let children: Vec<_> = page
            .blocks
            .iter()
            .filter(|b| b.parent == Some(entry.block))
            .collect();
        let empty_last = children
            .last()
            .filter(|b| b.raw.trim().is_empty() && b.child_count == 0)
            .map(|b| b.id);
        let focus = match empty_last {
            Some(id) => id,
            None => {
                let insert = EditOp::Insert {
                    parent: Some(entry.block),
                    index: children.len() as u32,
                    content: String::new(),
                };
                let (name, version) = (page.name.clone(), page.version.clone());
                let result = self.apply_edits(&name, version.as_deref(), &[insert])?;
                screen.pages[slot] = result.page;
                result.focus.ok_or_else(|| {
                    AppError::new(ErrorCode::InvalidEdit, "the new block was not written")
                })?
            }
        };
        Ok(OneOnOneStarted {
            page: entry.page,
            entry: entry.block,
            focus,
            created: outcome.created,
            screen,
        })
    }

    /// Adds a person where new people go; returns the name they are known by.
    pub fn add_person(&mut self, name: &str) -> Result<String, AppError> {
        Ok(people::add_person(&mut self.index, name)?.name)
    }
}
