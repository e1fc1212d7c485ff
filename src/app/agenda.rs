//! The agenda in the app: the tasks the user's filters select, grouped (by date as
//! org-mode's agenda does, or by priority, project, person, marker or tag), each row with
//! what the list shows and the file version an edit from it must match; the counts the
//! sidebar shows; and changing a task from a row. The filters' choices are in `facets`.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::{AppError, ErrorCode};
use super::history::Step;
use super::session::Session;
use super::view::version_string;
use crate::agenda::{
    agenda, change_task, when, AgendaFilter, DateChange, Section, Task, TaskAction, TaskDate,
};
use crate::dates::JournalTitleFormat;
use crate::index::CacheVersion;
use crate::outline::{scan_inline, Marker, Priority, RefKind, Repeater};
use crate::render::linked_html;

/// Rows a group shows until the user asks for all of them: enough to act on, few enough
/// that a vault with twenty thousand open tasks still paints at once.
const ROWS_PER_GROUP: usize = 25;

/// Every open task in agenda order, as read for one day from one version of the cache.
/// Most of the agenda's answers are this list unfiltered, searched for words or grouped
/// another way, so it is read once and kept until the cache or the day changes.
pub(super) struct EveryTask {
    version: CacheVersion,
    today: NaiveDate,
    tasks: Arc<Vec<(Section, Task)>>,
}

/// How the agenda groups its rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AgendaGrouping {
    /// Overdue, Today, Next 7 days, Later, No date.
    #[default]
    Date,
    Priority,
    Project,
    Person,
    Marker,
    Tag,
}

/// What the user chose to see. Empty fields mean "any".
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct AgendaQuery {
    /// `A`, `B`, `C` or `none`.
    pub priority: Option<String>,
    pub project: Option<String>,
    pub person: Option<String>,
    pub tag: Option<String>,
    pub marker: Option<String>,
    /// Words the task's title or page must contain, in any case.
    pub text: String,
    pub group: AgendaGrouping,
    /// Keys of the groups to show whole.
    pub expanded: Vec<String>,
}

/// A task's deadline or scheduled date.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TaskDateView {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`.
    pub time: Option<String>,
    /// As written: `+1w`, `++1d`, `.+1m`.
    pub repeater: Option<String>,
}

/// One task as a row of the agenda or of a project.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgendaRow {
    /// The task's handle, as `cairn todo` shows it.
    pub id: String,
    pub marker: String,
    pub priority: Option<String>,
    /// The title rendered to sanitized HTML, references and tickets as links.
    pub html: String,
    pub deadline: Option<TaskDateView>,
    pub scheduled: Option<TaskDateView>,
    /// The dates in words: "3 days late", "scheduled 4 days ago".
    pub when: Option<String>,
    pub late: bool,
    pub done: bool,
    pub project: Option<String>,
    pub person: Option<String>,
    pub page: String,
    /// The block on its page (an index valid for `version`).
    pub block: u32,
    /// The version of the task's file this row was read from, to send back with a change.
    pub version: String,
}

/// Rows under one heading.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AgendaGroup {
    pub key: String,
    pub title: String,
    /// Every task of the group, shown or not.
    pub count: u32,
    /// Overdue tasks: the heading shows it.
    pub late: bool,
    pub rows: Vec<AgendaRow>,
}

/// The agenda as the user's query selects it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AgendaView {
    pub total: u32,
    pub groups: Vec<AgendaGroup>,
}

/// What the sidebar shows beside the agenda.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AgendaCounts {
    pub overdue: u32,
    pub today: u32,
}

/// A change to a task, asked for from a row.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "change", rename_all = "camelCase")]
pub enum TaskChange {
    /// As `cairn task ID done`: a repeater moves on, the completion day is recorded.
    Complete,
    /// A closed task open again as TODO, its completion record removed.
    Reopen,
    /// TODO → DOING → DONE → TODO (LATER → NOW → DONE).
    Cycle,
    /// `A`, `B`, `C`, or `None` to clear it.
    SetPriority { priority: Option<String> },
    /// `YYYY-MM-DD`, or `None` to clear it; with `repeater`, the repeater as Logseq writes
    /// it (`.+1d`, `++1w`) or `""` for none, and without it the one there is kept.
    SetDeadline {
        date: Option<String>,
        #[serde(default)]
        #[ts(optional)]
        repeater: Option<String>,
    },
    SetScheduled {
        date: Option<String>,
        #[serde(default)]
        #[ts(optional)]
        repeater: Option<String>,
    },
    /// `TODO`, `DOING`, `DONE`, … as written: a closed one records its completion as
    /// completing does.
    SetMarker { marker: String },
}

/// What a change did: the task as it is now (`None`: no longer a task).
#[derive(Debug, Clone, Serialize, TS)]
pub struct TaskChanged {
    pub row: Option<AgendaRow>,
    /// The page the change was written to, which undo takes back.
    pub page: String,
}

fn invalid(message: String) -> AppError {
    AppError::new(ErrorCode::InvalidInput, message)
}

fn day(text: &str) -> Result<chrono::NaiveDate, AppError> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| invalid(format!("{text:?} is not a YYYY-MM-DD date")))
}

fn date_change(date: &Option<String>, repeater: &Option<String>) -> Result<DateChange, AppError> {
    let repeater = match repeater.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(written) => Some(Some(Repeater::parse(written).ok_or_else(|| {
            invalid(format!(
                "{written:?} is not a repeater: write it as Logseq does, such as .+1d or ++1w"
            ))
        })?)),
    };
    Ok(DateChange {
        date: date.as_deref().map(day).transpose()?,
        repeater,
    })
}

impl TaskChange {
    pub(super) fn action(&self) -> Result<TaskAction, AppError> {
        Ok(match self {
            TaskChange::Complete => TaskAction::SetMarker(Marker::Done),
            TaskChange::Reopen => TaskAction::SetMarker(Marker::Todo),
            TaskChange::Cycle => TaskAction::Cycle,
            TaskChange::SetPriority { priority } => TaskAction::SetPriority(
                priority
                    .as_deref()
                    .map(|p| {
                        Priority::from_letter(p)
                            .ok_or_else(|| invalid(format!("{p:?} is not a priority")))
                    })
                    .transpose()?,
            ),
            TaskChange::SetDeadline { date, repeater } => {
                TaskAction::SetDeadline(date_change(date, repeater)?)
            }
            TaskChange::SetScheduled { date, repeater } => {
                TaskAction::SetScheduled(date_change(date, repeater)?)
            }
            TaskChange::SetMarker { marker } => TaskAction::SetMarker(
                Marker::from_keyword(marker)
                    .ok_or_else(|| invalid(format!("{marker:?} is not a marker")))?,
            ),
        })
    }
}

fn date_view(date: Option<TaskDate>) -> Option<TaskDateView> {
    date.map(|d| TaskDateView {
        date: d.date.format("%Y-%m-%d").to_string(),
        time: d.time.map(|t| t.format("%H:%M").to_string()),
        repeater: d.repeater.map(|r| r.render()),
    })
}

/// The group a task goes under, as (sort key, key, title): groups are shown by sort key.
fn group_of(
    task: &Task,
    section: Section,
    grouping: AgendaGrouping,
    dates: &JournalTitleFormat,
) -> (String, String, String) {
    let named = |name: Option<&str>, none: &str| match name {
        Some(name) => (
            format!("0{}", name.to_lowercase()),
            name.to_string(),
            name.to_string(),
        ),
        None => ("1".to_string(), String::new(), none.to_string()),
    };
    match grouping {
        AgendaGrouping::Date => (
            format!("{}", section as u8),
            section.key().to_string(),
            section.title().to_string(),
        ),
        AgendaGrouping::Priority => match task.priority {
            Some(p) => (p.to_string(), p.to_string(), format!("Priority {p}")),
            None => (
                "Z".to_string(),
                "none".to_string(),
                "No priority".to_string(),
            ),
        },
        AgendaGrouping::Project => named(task.project.as_deref(), "No project"),
        AgendaGrouping::Person => named(task.person.as_deref(), "No person"),
        AgendaGrouping::Marker => {
            let marker = task.marker.canonical().as_str();
            (marker.to_string(), marker.to_string(), marker.to_string())
        }
        AgendaGrouping::Tag if !task.text.contains('#') => named(None, "No tag"),
        AgendaGrouping::Tag => {
            let refs = scan_inline(&task.text, dates);
            let tag = refs.refs.iter().find(|r| r.kind == RefKind::Tag).map(|r| {
                format!(
                    "#{}",
                    &task.text[r.target.start as usize..r.target.end as usize]
                )
            });
            named(tag.as_deref(), "No tag")
        }
    }
}

/// Whether the task's title or page holds every word of `text`, in any case.
fn matches_text(task: &Task, words: &[String]) -> bool {
    if words.is_empty() {
        return true;
    }
    let haystack = format!("{} {}", task.text, task.page).to_lowercase();
    words.iter().all(|w| haystack.contains(w.as_str()))
}

impl Session {
    /// The agenda as `query` selects and groups it.
    pub fn agenda(&self, query: &AgendaQuery) -> Result<AgendaView, AppError> {
        let today = self.today();
        let filter = AgendaFilter {
            priorities: query.priority.iter().cloned().collect(),
            markers: query.marker.iter().cloned().collect(),
            project: query.project.clone(),
            person: query.person.clone(),
            tag: query.tag.clone(),
            ..AgendaFilter::default()
        };
        let words: Vec<String> = query
            .text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let dates = &self.index.vault().config().journal_title_format;
        let mut groups: Vec<(String, AgendaGroup)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut shown: Vec<(usize, &Task)> = Vec::new();
        let mut total = 0;
        let tasks = self.tasks(&filter, today)?;
        for (section, task) in tasks.iter() {
            let section = *section;
            if !matches_text(task, &words) {
                continue;
            }
            total += 1;
            let (sort, key, title) = group_of(task, section, query.group, dates);
            let slot = *index.entry(key.clone()).or_insert_with(|| {
                groups.push((
                    sort,
                    AgendaGroup {
                        late: section == Section::Overdue && query.group == AgendaGrouping::Date,
                        key: key.clone(),
                        title,
                        count: 0,
                        rows: Vec::new(),
                    },
                ));
                groups.len() - 1
            });
            let group = &mut groups[slot].1;
            group.count += 1;
            let limit = match query.expanded.contains(&group.key) {
                true => usize::MAX,
                false => ROWS_PER_GROUP,
            };
            if (group.count as usize) <= limit {
                shown.push((slot, task));
            }
        }
        let versions = self.versions(shown.iter().map(|(_, t)| *t))?;
        for (slot, task) in &shown {
            let row = self.row(task, &versions);
            groups[*slot].1.rows.push(row);
        }
        groups.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(AgendaView {
            total,
            groups: groups.into_iter().map(|(_, g)| g).collect(),
        })
    }

    /// The tasks `filter` selects for `today`: the unfiltered list from what was read
    /// before when the cache has not changed since, the others from the cache.
    fn tasks(
        &self,
        filter: &AgendaFilter,
        today: NaiveDate,
    ) -> Result<Arc<Vec<(Section, Task)>>, AppError> {
        if *filter != AgendaFilter::default() {
            return Ok(Arc::new(agenda(self.conn(), filter, today)?));
        }
        let version = self.index.version()?;
        let mut kept = self.every_task.borrow_mut();
        match kept.as_ref() {
            Some(every) if every.version == version && every.today == today => {
                Ok(Arc::clone(&every.tasks))
            }
            _ => {
                let tasks = Arc::new(agenda(self.conn(), filter, today)?);
                *kept = Some(EveryTask {
                    version,
                    today,
                    tasks: Arc::clone(&tasks),
                });
                Ok(tasks)
            }
        }
    }

    /// The current version of each file the tasks are in.
    pub(super) fn versions<'a>(
        &self,
        tasks: impl Iterator<Item = &'a Task>,
    ) -> Result<HashMap<String, String>, AppError> {
        let mut paths: Vec<String> = tasks.map(|t| t.path.clone()).collect();
        paths.sort_unstable();
        paths.dedup();
        let indexed = self
            .index
            .store()
            .fingerprints_of(&paths)
            .map_err(crate::index::IndexError::from)?;
        Ok(indexed
            .into_iter()
            .map(|(path, f)| (path, version_string(f.hash)))
            .collect())
    }

    /// A task as a row, its title rendered.
    pub(super) fn row(&self, task: &Task, versions: &HashMap<String, String>) -> AgendaRow {
        let today = self.today();
        let said = when(task, today);
        let dates = &self.index.vault().config().journal_title_format;
        AgendaRow {
            id: task.id.clone(),
            marker: task.marker.canonical().as_str().to_string(),
            priority: task.priority.map(String::from),
            html: linked_html(&task.text, dates, &self.links()),
            deadline: date_view(task.deadline),
            scheduled: date_view(task.scheduled),
            late: said.as_ref().is_some_and(|w| w.late),
            when: said.map(|w| w.text),
            done: !task.is_open(),
            project: task.project.clone(),
            person: task.person.clone(),
            page: task.page.clone(),
            block: task.ord,
            version: versions.get(&task.path).cloned().unwrap_or_default(),
        }
    }

    /// How many open tasks are overdue and how many are for today.
    pub fn agenda_counts(&self) -> Result<AgendaCounts, AppError> {
        let mut counts = AgendaCounts {
            overdue: 0,
            today: 0,
        };
        // Every open task due by today is in one of these two sections, so the list the
        // agenda keeps answers this too.
        for (section, _) in self.tasks(&AgendaFilter::default(), self.today())?.iter() {
            match section {
                Section::Overdue => counts.overdue += 1,
                Section::Today => counts.today += 1,
                _ => {}
            }
        }
        Ok(counts)
    }

    /// Carries out `change` on the task `id`, shown from its file at `version`: a file
    /// changed on disk since is a conflict and nothing is written. The change can be
    /// undone like an edit of its page.
    pub fn change_task(
        &mut self,
        id: &str,
        version: &str,
        change: &TaskChange,
    ) -> Result<TaskChanged, AppError> {
        let seen = u128::from_str_radix(version, 16)
            .map_err(|_| invalid(format!("{version:?} is not a file version")))?;
        let (action, now) = (change.action()?, self.now());
        let changed = change_task(&mut self.index, id, action, now, Some(seen))?;
        if changed.file.text != changed.file.before {
            self.history.record(
                &changed.file.path,
                Step {
                    before: changed.file.before.clone(),
                    after: changed.file.text.clone(),
                },
            );
        }
        let row = match &changed.after {
            Some(task) => {
                let versions = self.versions(std::iter::once(task))?;
                Some(self.row(task, &versions))
            }
            None => None,
        };
        Ok(TaskChanged {
            row,
            page: changed.before.page,
        })
    }
}
