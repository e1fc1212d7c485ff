//! Projects in the app: the list (open tasks, last activity, review years, tickets) and a
//! project's view, read from the library's project views (`people::project`), with its
//! open tasks as agenda rows to act on and its text rendered.

use std::collections::HashMap;

use serde::Serialize;
use ts_rs::TS;

use super::agenda::AgendaRow;
use super::error::{AppError, ErrorCode};
use super::session::Session;
use crate::agenda::{agenda, AgendaFilter};
use crate::people::{self, Activity, Directory};
use crate::render::linked_html;

/// A row of the projects list.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProjectRow {
    pub name: String,
    pub open_tasks: u32,
    /// `YYYY-MM-DD`.
    pub last_activity: Option<String>,
    pub review_years: Vec<String>,
    /// Distinct tickets its own blocks cite.
    pub tickets: u32,
}

/// A block about the project, newest first.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ActivityView {
    pub day: Option<String>,
    pub page: String,
    pub html: String,
}

/// A year of the project's year-end review material.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReviewYearView {
    /// A year, or `undated`.
    pub year: String,
    pub items: Vec<String>,
}

/// A ticket the project cites, with its first and last mention anywhere in the vault.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TicketView {
    pub id: String,
    pub url: Option<String>,
    pub first: Option<String>,
    pub last: Option<String>,
    pub mentions: u32,
}

/// One project.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProjectScreen {
    pub name: String,
    /// The project's own page, when it is one.
    pub page: Option<String>,
    pub tasks: Vec<AgendaRow>,
    pub activity: Vec<ActivityView>,
    pub reviews: Vec<ReviewYearView>,
    pub tickets: Vec<TicketView>,
    pub people: Vec<String>,
}

impl Session {
    /// A block about a project or person as the app lists it: its day, page and first
    /// line rendered with links.
    pub(super) fn activity_view(&self, activity: &Activity) -> ActivityView {
        let dates = &self.index.vault().config().journal_title_format;
        ActivityView {
            day: activity.day.clone(),
            page: activity.page.clone(),
            html: linked_html(
                activity.text.lines().next().unwrap_or(""),
                dates,
                &self.links(),
            ),
        }
    }

    /// Every project, by name.
    pub fn projects(&self) -> Result<Vec<ProjectRow>, AppError> {
        let tickets = self.tickets_per_project()?;
        Ok(people::projects(self.conn())?
            .into_iter()
            .map(|p| ProjectRow {
                open_tasks: p.open_tasks as u32,
                last_activity: p.last_activity,
                review_years: p.review_years,
                tickets: tickets.get(&p.name).copied().unwrap_or(0),
                name: p.name,
            })
            .collect())
    }

    /// How many distinct tickets each project's own blocks cite.
    fn tickets_per_project(&self) -> Result<HashMap<String, u32>, AppError> {
        let directory = Directory::load(self.conn())?;
        let mut statement = self.conn().prepare_cached(
            "SELECT b.project, count(DISTINCT t.ticket) FROM tickets t
             JOIN blocks b ON b.id = t.block_id WHERE b.project IS NOT NULL GROUP BY b.project",
        )?;
        let mut counts = HashMap::new();
        for row in statement.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
            let (project, count): (String, u32) = row?;
            let name = directory.project(&project).unwrap_or(project);
            *counts.entry(name).or_default() += count;
        }
        Ok(counts)
    }

    /// The project called `name` (or an alias of it).
    pub fn project(&self, name: &str) -> Result<ProjectScreen, AppError> {
        let today = self.today();
        let Some(view) = people::project(self.conn(), name, today)? else {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!("no project is called {name}"),
            ));
        };
        let filter = AgendaFilter {
            project: Some(view.name.clone()),
            ..AgendaFilter::default()
        };
        let tasks: Vec<_> = agenda(self.conn(), &filter, today)?
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        let versions = self.versions(tasks.iter())?;
        let dates = &self.index.vault().config().journal_title_format;
        let html = |text: &str| linked_html(text, dates, &self.links());
        Ok(ProjectScreen {
            page: self.index.find_page(&view.name)?.map(|p| p.name),
            tasks: tasks.iter().map(|t| self.row(t, &versions)).collect(),
            activity: view
                .activity
                .iter()
                .map(|a| self.activity_view(a))
                .collect(),
            reviews: view
                .reviews
                .iter()
                .rev()
                .map(|(year, items)| ReviewYearView {
                    year: year.clone(),
                    items: items.iter().map(|i| html(i)).collect(),
                })
                .collect(),
            tickets: self.ticket_views(&view.tickets)?,
            people: view.people,
            name: view.name,
        })
    }

    /// `tickets` with their first and last mention, in the order given.
    fn ticket_views(&self, tickets: &[String]) -> Result<Vec<TicketView>, AppError> {
        let mut statement = self.conn().prepare_cached(
            "SELECT t.ticket, min(coalesce(b.day, p.journal_day)), max(coalesce(b.day, p.journal_day)),
                    count(*)
             FROM tickets t JOIN pages p ON p.id = t.page_id LEFT JOIN blocks b ON b.id = t.block_id
             WHERE t.ticket IN (SELECT value FROM json_each(?1)) GROUP BY t.ticket",
        )?;
        let json = serde_json::to_string(tickets).unwrap_or_else(|_| "[]".into());
        let mut found: HashMap<String, (Option<String>, Option<String>, u32)> = HashMap::new();
        for row in statement.query_map([json], |r| {
            Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
        })? {
            let (id, timeline) = row?;
            found.insert(id, timeline);
        }
        let settings = self.index.vault().settings();
        Ok(tickets
            .iter()
            .map(|id| {
                let (first, last, mentions) = found.remove(id).unwrap_or((None, None, 0));
                TicketView {
                    url: settings.ticket_link(id),
                    id: id.clone(),
                    first,
                    last,
                    mentions,
                }
            })
            .collect())
    }
}
