//! TODOs and the agenda: tasks over the index, agenda queries (overdue, today, within N
//! days, by priority, project, person, tag, page), Logseq simple queries, and task edits
//! written back to the files.

mod action;
mod query;
mod task;

use chrono::NaiveDate;

pub use crate::people::Directory;
pub use action::{complete_date, next_occurrence, task_edits, TaskAction, COMPLETED_PROPERTY};
pub use query::{
    find_query_blocks, parse_simple_query, run_simple_query, QueryBlock, QueryError, QueryExpr,
    QueryHit,
};
pub use task::{
    load_tasks, load_tasks_where, page_task_handles, task_handle, task_title, Task, TaskDate,
    TaskView,
};

/// Where a task falls relative to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Overdue,
    Today,
    NextSevenDays,
    Later,
    NoDate,
    Closed,
}

impl Section {
    pub fn of(task: &Task, today: NaiveDate) -> Section {
        if !task.is_open() {
            return Section::Closed;
        }
        match task.due() {
            None => Section::NoDate,
            Some(due) if due < today => Section::Overdue,
            Some(due) if due == today => Section::Today,
            Some(due) if (due - today).num_days() <= 7 => Section::NextSevenDays,
            Some(_) => Section::Later,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Section::Overdue => "Overdue",
            Section::Today => "Today",
            Section::NextSevenDays => "Next 7 days",
            Section::Later => "Later",
            Section::NoDate => "No date",
            Section::Closed => "Done",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Section::Overdue => "overdue",
            Section::Today => "today",
            Section::NextSevenDays => "next-7-days",
            Section::Later => "later",
            Section::NoDate => "no-date",
            Section::Closed => "done",
        }
    }
}

/// Which tasks an agenda shows. Empty lists mean "any".
#[derive(Debug, Clone, Default)]
pub struct AgendaFilter {
    pub overdue: bool,
    pub today: bool,
    /// Due (deadline or scheduled) on or before today + N days, overdue included.
    pub due_within: Option<u32>,
    pub no_date: bool,
    pub markers: Vec<String>,
    /// `A`, `B`, `C` or `none`.
    pub priorities: Vec<String>,
    pub project: Option<String>,
    pub person: Option<String>,
    pub tag: Option<String>,
    pub page: Option<String>,
    /// Closed (DONE, CANCELED) tasks too.
    pub include_closed: bool,
}

impl AgendaFilter {
    fn matches(&self, task: &Task, today: NaiveDate, directory: &Directory) -> bool {
        let section = Section::of(task, today);
        if !self.include_closed && section == Section::Closed && self.markers.is_empty() {
            return false;
        }
        let mut date_ok =
            !(self.overdue || self.today || self.due_within.is_some() || self.no_date);
        date_ok |= self.overdue && section == Section::Overdue;
        date_ok |= self.today && section == Section::Today;
        date_ok |= self.no_date && task.due().is_none();
        if let Some(days) = self.due_within {
            date_ok |= task
                .due()
                .is_some_and(|due| task.is_open() && (due - today).num_days() <= i64::from(days));
        }
        let marker_ok = self.markers.is_empty()
            || self.markers.iter().any(|m| {
                m.eq_ignore_ascii_case(task.marker.canonical().as_str())
                    || m.eq_ignore_ascii_case(task.marker.as_str())
            });
        let priority_ok = self.priorities.is_empty()
            || self.priorities.iter().any(|p| match task.priority {
                Some(c) => p.eq_ignore_ascii_case(&c.to_string()),
                None => p.eq_ignore_ascii_case("none"),
            });
        let same = |wanted: &Option<String>,
                    actual: &Option<String>,
                    resolve: &dyn Fn(&str) -> Option<String>| match wanted {
            None => true,
            Some(w) => {
                let wanted = resolve(w).unwrap_or_else(|| w.clone());
                actual
                    .as_ref()
                    .is_some_and(|a| a.eq_ignore_ascii_case(&wanted))
            }
        };
        let project_ok = same(&self.project, &task.project, &|n| directory.project(n));
        let person_ok = same(&self.person, &task.person, &|n| directory.person(n))
            || self.person.as_ref().is_some_and(|p| {
                let key = crate::vault::page_key(p);
                task.refs.contains(&key)
            });
        let tag_ok = self.tag.as_ref().is_none_or(|t| {
            task.refs
                .contains(&crate::vault::page_key(t.trim_start_matches('#')))
        });
        let page_ok = self
            .page
            .as_ref()
            .is_none_or(|p| task.page.eq_ignore_ascii_case(p.trim()));
        date_ok && marker_ok && priority_ok && project_ok && person_ok && tag_ok && page_ok
    }
}

fn priority_rank(task: &Task) -> u8 {
    match task.priority {
        Some('A') => 0,
        Some('B') => 1,
        Some('C') => 2,
        _ => 3,
    }
}

/// The tasks `filter` selects, in agenda order: overdue first, then by priority, then by
/// date, then by page.
pub fn agenda<'a>(
    tasks: &'a [Task],
    filter: &AgendaFilter,
    today: NaiveDate,
    directory: &Directory,
) -> Vec<(Section, &'a Task)> {
    let mut selected: Vec<(Section, &Task)> = tasks
        .iter()
        .filter(|t| filter.matches(t, today, directory))
        .map(|t| (Section::of(t, today), t))
        .collect();
    selected.sort_by_cached_key(|(section, task)| {
        (
            *section == Section::Closed,
            *section != Section::Overdue,
            priority_rank(task),
            task.due().is_none(),
            task.due(),
            task.page.to_lowercase(),
            task.line,
        )
    });
    selected
}
