//! The year at a glance: for each project of a draft, month by month, how many of its
//! tasks were completed, how many distinct tickets moved (were cited in a block written
//! that month) and how many blocks were written. A reviewer sees where the period went
//! before reading a bullet; the app draws it above the draft and the HTML export as an
//! inline SVG.
//!
//! Completed tasks are the draft's own (`Completed tasks` bullets, by the day they count
//! on), so the picture never disagrees with the list under it. Tickets and writing are read
//! from the blocks of the period that sit under the project (`blocks.project`, compared by
//! page key); blocks under no project count for "Other work". Private blocks and saved
//! drafts count for nothing, as everywhere in the review.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use super::{ItemKind, ProjectReview, OTHER_WORK};
use crate::vault::page_key;

/// The period month by month, per project.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Glance {
    /// The months of the period, `yyyy-mm`, in order.
    pub months: Vec<String>,
    /// One row per project of the draft, in the draft's order.
    pub projects: Vec<GlanceRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GlanceRow {
    pub project: String,
    /// One cell per month of [`Glance::months`].
    pub months: Vec<MonthCell>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MonthCell {
    /// Tasks of the draft completed that month.
    pub completed: u32,
    /// Distinct tickets cited by the project's blocks written that month.
    pub tickets: u32,
    /// The project's blocks written that month.
    pub written: u32,
}

impl Glance {
    /// The busiest month's activity (completed + tickets + written), for scaling a picture.
    pub fn peak(&self) -> u32 {
        self.projects
            .iter()
            .flat_map(|p| &p.months)
            .map(MonthCell::activity)
            .max()
            .unwrap_or(0)
    }
}

impl MonthCell {
    pub fn activity(&self) -> u32 {
        self.completed + self.tickets + self.written
    }
}

/// The months from `from` to `to`, `yyyy-mm`.
fn months(from: NaiveDate, to: NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    let (mut year, mut month) = (from.year(), from.month());
    while (year, month) <= (to.year(), to.month()) {
        out.push(format!("{year:04}-{month:02}"));
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    out
}

/// The picture of the period `from`–`to` for the draft's `projects`.
/// What was written and cited in a period, per project and month, outside private blocks
/// and saved drafts: the part of the picture read from the cache, gathered once with the
/// draft's material.
#[derive(Debug, Default)]
pub(crate) struct Activity {
    /// The project a block sits under (none: "Other work"), its month and how many blocks.
    written: Vec<(Option<String>, String, u32)>,
    /// The project, month and ticket of each citation of a ticket.
    cited: Vec<(Option<String>, String, String)>,
}

impl Activity {
    pub(crate) fn gather(
        conn: &Connection,
        from: NaiveDate,
        to: NaiveDate,
        drafts: &HashSet<i64>,
    ) -> rusqlite::Result<Activity> {
        let period = [from.to_string(), to.to_string()];
        let mut activity = Activity::default();
        let mut statement = conn.prepare_cached(
            "SELECT b.page_id, b.project, substr(b.day, 1, 7), count(*) FROM blocks b
             WHERE b.day BETWEEN ?1 AND ?2 AND b.private = 0
             GROUP BY b.page_id, b.project, substr(b.day, 1, 7)",
        )?;
        let rows = statement.query_map(period.clone(), |r| {
            Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        for written in rows {
            let (page, project, month, count) = written?;
            if !drafts.contains(&page) {
                activity.written.push((project, month, count));
            }
        }
        let mut statement = conn.prepare_cached(
            "SELECT DISTINCT b.page_id, b.project, substr(b.day, 1, 7), t.ticket
             FROM tickets t JOIN blocks b ON b.id = t.block_id
             WHERE b.day BETWEEN ?1 AND ?2 AND b.private = 0",
        )?;
        let rows = statement.query_map(period, |r| {
            Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        for cited in rows {
            let (page, project, month, ticket) = cited?;
            if !drafts.contains(&page) {
                activity.cited.push((project, month, ticket));
            }
        }
        Ok(activity)
    }
}

/// The picture of `projects` (a draft's, in order) from `from` to `to`.
pub(crate) fn glance(
    from: NaiveDate,
    to: NaiveDate,
    projects: &[ProjectReview],
    activity: &Activity,
) -> Glance {
    let months = months(from, to);
    let month_at: HashMap<&str, usize> = months
        .iter()
        .enumerate()
        .map(|(i, m)| (m.as_str(), i))
        .collect();
    let row_at: HashMap<String, usize> = projects
        .iter()
        .enumerate()
        .map(|(i, p)| (page_key(&p.name), i))
        .collect();
    let mut cells = vec![vec![MonthCell::default(); months.len()]; projects.len()];

    for (row, project) in projects.iter().enumerate() {
        for item in project.items.iter().filter(|i| i.kind == ItemKind::Done) {
            let month = item.date.as_deref().and_then(|d| d.get(..7));
            if let Some(&at) = month.and_then(|m| month_at.get(m)) {
                cells[row][at].completed += 1;
            }
        }
    }

    let other = row_at.get(&page_key(OTHER_WORK)).copied();
    let row_of = |project: &Option<String>| match project {
        Some(name) => row_at.get(&page_key(name)).copied(),
        None => other,
    };
    for (project, month, count) in &activity.written {
        if let (Some(row), Some(&at)) = (row_of(project), month_at.get(month.as_str())) {
            cells[row][at].written += count;
        }
    }
    // A ticket cited on several pages in a month moved once that month.
    let mut seen: HashSet<(usize, usize, &str)> = HashSet::new();
    for (project, month, ticket) in &activity.cited {
        if let (Some(row), Some(&at)) = (row_of(project), month_at.get(month.as_str())) {
            if seen.insert((row, at, ticket)) {
                cells[row][at].tickets += 1;
            }
        }
    }

    Glance {
        months,
        projects: projects
            .iter()
            .zip(cells)
            .map(|(p, months)| GlanceRow {
                project: p.name.clone(),
                months,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_is_its_calendar_months_across_a_year_end() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            months(day("2025-11-15"), day("2026-02-01")),
            ["2025-11", "2025-12", "2026-01", "2026-02"]
        );
        assert_eq!(months(day("2026-01-01"), day("2026-12-31")).len(), 12);
    }
}
