//! Every ticket the vault mentions, with its timeline: first and last mention by day, the
//! projects and people around it, and each mention in order. Private blocks and saved
//! review drafts are left out, as in the review.

use std::collections::{BTreeSet, HashMap};

use rusqlite::Connection;
use serde::Serialize;

use super::assemble::{display_text, draft_pages};
use super::ticket_sort_key;
use crate::vault::Settings;

/// One block mentioning a ticket.
#[derive(Debug, Clone, Serialize)]
pub struct Mention {
    pub day: Option<String>,
    pub page: String,
    pub path: String,
    pub line: u32,
    pub project: Option<String>,
    pub person: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TicketTimeline {
    pub id: String,
    pub url: Option<String>,
    /// The first and last day it was mentioned on (mentions without a day do not count).
    pub first: Option<String>,
    pub last: Option<String>,
    pub projects: Vec<String>,
    pub people: Vec<String>,
    /// Dated mentions by day, then the undated ones, each by page and line.
    pub mentions: Vec<Mention>,
}

/// Every ticket's timeline, tickets in key-then-number order.
pub fn ticket_timelines(
    conn: &Connection,
    settings: &Settings,
) -> rusqlite::Result<Vec<TicketTimeline>> {
    let drafts = draft_pages(conn)?;
    let mut statement = conn.prepare_cached(
        "SELECT t.ticket, t.page_id, p.name, p.path, b.line, b.day, b.project, b.person, b.content,
                p.journal_day
         FROM tickets t JOIN pages p ON p.id = t.page_id
         LEFT JOIN blocks b ON b.id = t.block_id
         WHERE t.block_id IS NULL OR b.private = 0",
    )?;
    let rows = statement.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            Mention {
                page: r.get(2)?,
                path: r.get(3)?,
                line: r.get::<_, Option<u32>>(4)?.unwrap_or(1),
                day: r.get::<_, Option<String>>(5)?.or(r.get(9)?),
                project: r.get(6)?,
                person: r.get(7)?,
                text: display_text(&r.get::<_, Option<String>>(8)?.unwrap_or_default()),
            },
        ))
    })?;
    let mut by_ticket: HashMap<String, Vec<Mention>> = HashMap::new();
    for row in rows {
        let (ticket, page_id, mention) = row?;
        if !drafts.contains(&page_id) {
            by_ticket.entry(ticket).or_default().push(mention);
        }
    }
    let mut timelines: Vec<TicketTimeline> = by_ticket
        .into_iter()
        .map(|(id, mut mentions)| {
            mentions.sort_by(|a, b| {
                (a.day.is_none(), &a.day, &a.path, a.line).cmp(&(
                    b.day.is_none(),
                    &b.day,
                    &b.path,
                    b.line,
                ))
            });
            let days: Vec<&String> = mentions.iter().filter_map(|m| m.day.as_ref()).collect();
            let projects: BTreeSet<String> =
                mentions.iter().filter_map(|m| m.project.clone()).collect();
            let people: BTreeSet<String> =
                mentions.iter().filter_map(|m| m.person.clone()).collect();
            TicketTimeline {
                url: settings.ticket_link(&id),
                first: days.first().map(|d| d.to_string()),
                last: days.last().map(|d| d.to_string()),
                projects: projects.into_iter().collect(),
                people: people.into_iter().collect(),
                mentions,
                id,
            }
        })
        .collect();
    timelines.sort_by_cached_key(|t| ticket_sort_key(&t.id));
    Ok(timelines)
}
