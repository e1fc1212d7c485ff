//! TODOs and the agenda: tasks over the index, agenda queries (overdue, today, within N
//! days, by priority, project, person, tag, page) with org-mode's reading of dates, Logseq
//! simple queries, and task changes written back to the files (`change`: the one way the
//! command line, the page view and the agenda change a task).

mod action;
mod change;
mod clock;
mod query;
mod task;
mod when;

use chrono::{Days, NaiveDate};
use rusqlite::types::Value;
use rusqlite::Connection;

use crate::store::directory::lookup;
use crate::vault::page_key;
pub use action::{
    complete_date, next_occurrence, task_edits, DateChange, TaskAction, COMPLETED_PROPERTY,
};
pub use change::{change_task, ChangeTaskError, ChangedTask};
pub use clock::{close_open_clock, now_on};
pub use query::{
    find_query_blocks, parse_simple_query, parse_simple_query_on, run_query_block,
    run_simple_query, QueryBlock, QueryError, QueryExpr, QueryHit,
};
use task::for_tasks_in_agenda_order;
pub use task::{
    find_task, load_tasks_where, page_task_handles, task_handle, task_title, Task, TaskDate,
    TaskView,
};
pub use when::{when, When};

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
    /// Where an open task falls, read as org-mode's agenda reads dates: a deadline that
    /// has passed is overdue; a scheduled date is when to start, so one that has passed
    /// puts the task under today (still to do), never under overdue. The time of day does
    /// not count: a task due at 09:00 is due today all day.
    pub fn of(task: &Task, today: NaiveDate) -> Section {
        if !task.is_open() {
            return Section::Closed;
        }
        let deadline = task.deadline.map(|d| d.date);
        let scheduled = task.scheduled.map(|d| d.date);
        if deadline.is_some_and(|d| d < today) {
            return Section::Overdue;
        }
        if deadline == Some(today) || scheduled.is_some_and(|s| s <= today) {
            return Section::Today;
        }
        match task.due() {
            None => Section::NoDate,
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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

/// A condition on a task row `t` being built, with its parameters in order (`?1`, `?2`, …).
#[derive(Default)]
struct Condition {
    clauses: Vec<String>,
    parameters: Vec<Value>,
}

impl Condition {
    /// A placeholder for `value`.
    fn bind(&mut self, value: impl Into<Value>) -> String {
        self.parameters.push(value.into());
        format!("?{}", self.parameters.len())
    }

    /// A clause that holds when the task references (as a page or tag) the page `key`. An
    /// IN list rather than a correlated EXISTS: SQLite finds the few referencing blocks by
    /// the refs index once, instead of probing refs for every task.
    fn references(&mut self, key: String) -> String {
        let key = self.bind(key);
        format!(
            "t.block_id IN (SELECT r.block_id FROM refs r \
             WHERE r.key = {key} AND r.kind IN ('page', 'tag'))"
        )
    }
}

impl AgendaFilter {
    /// The SQL condition over a `tasks` row `t` that selects what this filter shows. Names
    /// compare as the directory resolves them and, like markers and priorities, ignoring
    /// ASCII case (`COLLATE NOCASE`); dates compare as `yyyy-mm-dd` text.
    fn condition(&self, conn: &Connection, today: NaiveDate) -> rusqlite::Result<Condition> {
        let mut c = Condition::default();
        if !self.include_closed && self.markers.is_empty() {
            c.clauses.push("t.closed = 0".into());
        }
        let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let mut dates = Vec::new();
        if self.overdue {
            // `due` is the earlier of the two dates, so this is a superset of the overdue
            // tasks (a past scheduled date is not overdue); `admits` narrows it down.
            dates.push(format!(
                "(NOT t.closed AND NOT t.undated AND t.due < {})",
                c.bind(day(today))
            ));
        }
        if self.today {
            // A scheduled date that has passed counts as today too: `due` is the earlier
            // date, so this selects a superset that `admits` narrows down.
            dates.push(format!(
                "(NOT t.closed AND NOT t.undated AND t.due <= {})",
                c.bind(day(today))
            ));
        }
        if self.no_date {
            dates.push("t.undated".to_string());
        }
        if let Some(days) = self.due_within {
            match today.checked_add_days(Days::new(u64::from(days))) {
                Some(last) => dates.push(format!(
                    "(NOT t.closed AND NOT t.undated AND t.due <= {})",
                    c.bind(day(last))
                )),
                None => dates.push("(NOT t.closed AND NOT t.undated)".to_string()),
            }
        }
        if !dates.is_empty() {
            c.clauses.push(format!("({})", dates.join(" OR ")));
        }
        if !self.markers.is_empty() {
            let markers: Vec<String> = self
                .markers
                .iter()
                .map(|m| c.bind(m.to_ascii_uppercase()))
                .collect();
            c.clauses
                .push(format!("t.marker IN ({})", markers.join(", ")));
        }
        if !self.priorities.is_empty() {
            let mut any = Vec::new();
            for p in &self.priorities {
                if p.eq_ignore_ascii_case("none") {
                    any.push("t.priority IS NULL".to_string());
                } else {
                    any.push(format!("t.priority = {}", c.bind(p.to_ascii_uppercase())));
                }
            }
            c.clauses.push(format!("({})", any.join(" OR ")));
        }
        if let Some(wanted) = &self.project {
            let project = lookup(conn, "project", wanted)?.unwrap_or_else(|| wanted.clone());
            let project = c.bind(project);
            c.clauses
                .push(format!("t.project = {project} COLLATE NOCASE"));
        }
        if let Some(wanted) = &self.person {
            let person = lookup(conn, "person", wanted)?.unwrap_or_else(|| wanted.clone());
            let own = format!("t.person = {} COLLATE NOCASE", c.bind(person));
            let mentioned = c.references(page_key(wanted));
            c.clauses.push(format!("({own} OR {mentioned})"));
        }
        if let Some(tag) = &self.tag {
            let clause = c.references(page_key(tag.trim_start_matches('#')));
            c.clauses.push(clause);
        }
        if let Some(page) = &self.page {
            let page = c.bind(page.trim().to_string());
            c.clauses.push(format!("t.page = {page} COLLATE NOCASE"));
        }
        Ok(c)
    }
}

impl AgendaFilter {
    /// Whether a task the SQL condition selected is in the date range asked for: the
    /// overdue and today choices depend on which of the task's dates has passed, which
    /// the condition over the single `due` column cannot tell.
    fn admits(&self, section: Section, task: &Task, today: NaiveDate) -> bool {
        if !(self.overdue || self.today || self.no_date || self.due_within.is_some()) {
            return true;
        }
        let within = self.due_within.is_some_and(|days| {
            task.is_open()
                && task
                    .due()
                    .is_some_and(|due| (due - today).num_days() <= i64::from(days))
        });
        within
            || (self.overdue && section == Section::Overdue)
            || (self.today && section == Section::Today)
            || (self.no_date && task.due().is_none())
    }
}

/// The tasks `filter` selects, in agenda order: overdue first, then by priority, then by
/// date, then by page. The filter runs in SQL over the cache's task rows, which are kept in
/// that order but for the overdue ones, which only today can tell: one pass over them sets
/// the overdue ones apart.
pub fn agenda(
    conn: &Connection,
    filter: &AgendaFilter,
    today: NaiveDate,
) -> rusqlite::Result<Vec<(Section, Task)>> {
    let condition = filter.condition(conn, today)?;
    let clauses = match condition.clauses.is_empty() {
        true => "1".to_string(),
        false => condition.clauses.join(" AND "),
    };
    let parameters: Vec<&dyn rusqlite::ToSql> = condition
        .parameters
        .iter()
        .map(|p| p as &dyn rusqlite::ToSql)
        .collect();
    let (mut tasks, mut rest) = (Vec::new(), Vec::new());
    for_tasks_in_agenda_order(conn, &clauses, &parameters, |task| {
        match Section::of(&task, today) {
            section if !filter.admits(section, &task, today) => {}
            Section::Overdue => tasks.push((Section::Overdue, task)),
            section => rest.push((section, task)),
        }
    })?;
    tasks.append(&mut rest);
    Ok(tasks)
}
