//! Assembling a draft from the cache: review material, completed tasks and ticketed
//! notes per project, merged and cited. See the module documentation of
//! [`crate::review`] for the rules.
//!
//! In two steps: [`gather`] reads and merges a period's material and lays each project's
//! bullets out with their ids and page anchors, which is most of the cost; then
//! [`Material::shape`] cuts the draft from it with the user's choices and the draft
//! page's order and wordings. A front that keeps the material shapes each change of the
//! user's from it.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};

use super::choices::{self, Choices};
use super::claims::{same_claim, Claim};
use super::{
    ticket_sort_key, Gap, Item, ItemKind, ProjectReview, Review, Source, TicketCite, TicketEntry,
    OTHER_WORK,
};
use crate::agenda::task_title;
use crate::outline::{descend, lines_outside_drawers};
use crate::record::entity_name;
use crate::render::is_meta_line;
use crate::vault::page_key;

/// Longest breadcrumb segment, in characters.
const CRUMB_CHARS: usize = 60;
/// Last words of a wrapper's title (see the module documentation).
const WRAPPER_WORDS: [&str; 10] = [
    "review",
    "note",
    "notes",
    "draft",
    "summary",
    "breakdown",
    "highlights",
    "feedback",
    "material",
    "details",
];

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("cache database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Invalid(String),
}

/// What to assemble: a period, optionally one project.
#[derive(Debug, Clone)]
pub struct ReviewOptions {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Only these projects (each by its name or a page name of it, any case); every
    /// project when empty.
    pub projects: Vec<String>,
    /// The link template for tickets (`{id}`), from `cairn.toml`.
    pub ticket_url: Option<String>,
    /// The user's choices, instead of those saved on the draft page (for a change about
    /// to be saved).
    pub choices: Option<Choices>,
}

impl ReviewOptions {
    /// The calendar year `year`.
    pub fn year(year: i32) -> Result<ReviewOptions, ReviewError> {
        let from = NaiveDate::from_ymd_opt(year, 1, 1)
            .ok_or_else(|| ReviewError::Invalid(format!("{year} is not a year Cairn can use")))?;
        let to = NaiveDate::from_ymd_opt(year, 12, 31).expect("December 31st exists");
        Ok(ReviewOptions {
            from,
            to,
            projects: Vec::new(),
            ticket_url: None,
            choices: None,
        })
    }

    /// The projects the draft is limited to, trimmed, without repeats, in alphabetical
    /// order.
    pub fn chosen_projects(&self) -> Vec<String> {
        let mut projects: Vec<String> = self
            .projects
            .iter()
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        projects.sort_by_key(|p| (p.to_lowercase(), p.clone()));
        projects.dedup_by_key(|p| p.to_lowercase());
        projects
    }

    /// The days from `from` to `to`, both included.
    pub fn range(from: NaiveDate, to: NaiveDate) -> Result<ReviewOptions, ReviewError> {
        if to < from {
            return Err(ReviewError::Invalid(format!(
                "the period ends ({to}) before it starts ({from})"
            )));
        }
        Ok(ReviewOptions {
            from,
            to,
            projects: Vec::new(),
            ticket_url: None,
            choices: None,
        })
    }

    /// The year, when the period is exactly one calendar year.
    pub fn calendar_year(&self) -> Option<i32> {
        let year = self.from.year();
        (self.from == NaiveDate::from_ymd_opt(year, 1, 1)?
            && self.to == NaiveDate::from_ymd_opt(year, 12, 31)?)
        .then_some(year)
    }

    fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    fn years(&self) -> HashSet<String> {
        (self.from.year()..=self.to.year())
            .map(|y| y.to_string())
            .collect()
    }
}

#[derive(Debug, Clone)]
struct Row {
    id: i64,
    page_id: i64,
    ord: u32,
    parent_ord: Option<u32>,
    line: u32,
    content: String,
    project: Option<String>,
    role: Option<String>,
    year: Option<String>,
    day: Option<String>,
    deadline: Option<String>,
    scheduled: Option<String>,
}

const ROW_COLUMNS: &str = "b.id, b.page_id, b.ord, b.parent_ord, b.line, b.content, b.project, \
     b.review_role, b.review_year, b.day, b.deadline_day, b.scheduled_day";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        page_id: r.get(1)?,
        ord: r.get(2)?,
        parent_ord: r.get(3)?,
        line: r.get(4)?,
        content: r.get(5)?,
        project: r.get(6)?,
        role: r.get(7)?,
        year: r.get(8)?,
        day: r.get(9)?,
        deadline: r.get(10)?,
        scheduled: r.get(11)?,
    })
}

fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim().trim_start_matches("[[");
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

/// The title of a block for breadcrumbs: its first line without marker, priority and
/// heading hashes, shortened.
fn crumb(content: &str) -> String {
    let title = task_title(content);
    let title = title.trim_start_matches('#').replace("**", "");
    let title = title.trim();
    match title.char_indices().nth(CRUMB_CHARS) {
        Some((at, _)) => format!("{}…", title[..at].trim_end()),
        None => title.to_string(),
    }
}

/// A block's text as a bullet: no property or date lines, no drawers, no marker or
/// priority, no heading hashes, no blank lines.
pub(crate) fn display_text(content: &str) -> String {
    let mut lines = lines_outside_drawers(content)
        .into_iter()
        .filter(|l| !is_meta_line(l) && !l.trim().is_empty());
    let Some(first) = lines.next() else {
        return String::new();
    };
    let first = task_title(first);
    let first = match first.trim_start_matches('#') {
        rest if rest.len() < first.len() && rest.starts_with(' ') => rest.trim().to_string(),
        _ => first,
    };
    let mut text = first;
    for line in lines {
        text.push('\n');
        text.push_str(line.trim_end());
    }
    text.trim().to_string()
}

/// The comparison key of a bullet: its text without tickets, lower-cased, letters and
/// digits only, single-spaced.
pub(crate) fn dedup_key(text: &str, tickets: &[String]) -> String {
    let mut cuts: Vec<(usize, usize)> = tickets
        .iter()
        .flat_map(|t| text.match_indices(t.as_str()))
        .map(|(at, ticket)| (at, at + ticket.len()))
        .collect();
    cuts.sort_unstable();
    let mut key = String::with_capacity(text.len());
    let mut from = 0;
    for (start, end) in cuts {
        if start > from {
            push_words(&mut key, &text[from..start], ' ');
        }
        from = from.max(end);
    }
    push_words(&mut key, &text[from..], ' ');
    key
}

/// The runs of letters and digits of `text`, lower-cased, joined by `separator`.
fn words_of(text: &str, separator: char) -> String {
    let mut out = String::with_capacity(text.len());
    push_words(&mut out, text, separator);
    out
}

/// Appends the words of `text` to `out` as [`words_of`] makes them.
fn push_words(out: &mut String, text: &str, separator: char) {
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(separator);
        }
        if word.is_ascii() {
            let start = out.len();
            out.push_str(word);
            out[start..].make_ascii_lowercase();
        } else {
            out.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
}

fn is_wrapper(text: &str, tickets: &[String]) -> bool {
    if !tickets.is_empty() || text.contains('\n') {
        return false;
    }
    let plain = text
        .chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '\'');
    let words: Vec<&str> = text.split_whitespace().collect();
    plain
        && !words.is_empty()
        && words.len() <= 4
        && WRAPPER_WORDS.contains(&words[words.len() - 1].to_lowercase().as_str())
}

/// A bullet being assembled, with the bullets merged into it.
#[derive(Debug, Clone)]
struct Node {
    key: String,
    /// What near-duplicates are found by; notes (status updates that repeat each other's
    /// words) have none and merge only when their words are the same.
    claim: Option<Claim>,
    text: String,
    /// The day the source whose text is shown was written, when known, and how many
    /// tickets it mentions: the latest wording is shown, the best-cited among equals.
    written: Option<NaiveDate>,
    best: usize,
    tickets: Vec<String>,
    sources: Vec<Source>,
    children: Vec<Node>,
    dated: bool,
    date: Option<NaiveDate>,
}

impl Node {
    fn absorb(&mut self, other: Node) {
        // Of equals, the one read later: a copy edited after the bullet it was made from
        // usually sits further down, or on a later page.
        if (other.written, other.best) >= (self.written, self.best) {
            self.text = other.text;
            self.written = other.written;
            self.best = other.best;
        }
        for ticket in other.tickets {
            if !self.tickets.contains(&ticket) {
                self.tickets.push(ticket);
            }
        }
        for source in other.sources {
            if !self.sources.contains(&source) {
                self.sources.push(source);
            }
        }
        self.dated |= other.dated;
        self.date = match (self.date, other.date) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for child in other.children {
            merge_into(&mut self.children, child);
        }
    }

    /// True when `other` says what this bullet says: the same words, or (for bullets
    /// without children) the same claim in other words (see [`claims`](super::claims)).
    fn is_one_with(&self, other: &Node) -> bool {
        self.key == other.key
            || (self.children.is_empty()
                && other.children.is_empty()
                && match (&self.claim, &other.claim) {
                    (Some(a), Some(b)) => same_claim(a, &self.tickets, b, &other.tickets),
                    _ => false,
                })
    }
}

/// The bullet anywhere in `list` (children too) that is one with `node`.
fn find_one_with<'l>(list: &'l mut [Node], node: &Node) -> Option<&'l mut Node> {
    for candidate in list.iter_mut() {
        if candidate.is_one_with(node) {
            return Some(candidate);
        }
        if let Some(found) = find_one_with(&mut candidate.children, node) {
            return Some(found);
        }
    }
    None
}

fn merge_into(list: &mut Vec<Node>, node: Node) {
    match list.iter_mut().find(|n| n.is_one_with(&node)) {
        Some(existing) => existing.absorb(node),
        None => list.push(node),
    }
}

/// Merges each leaf repeated anywhere in `list`, in the same or other words, into its
/// first occurrence.
fn dedup_leaves(list: &mut Vec<Node>) {
    fn walk<'n>(
        list: &'n [Node],
        path: &mut Vec<usize>,
        first: &mut Vec<(&'n Node, Vec<usize>)>,
        dups: &mut Vec<(Vec<usize>, Vec<usize>)>,
    ) {
        for (i, node) in list.iter().enumerate() {
            path.push(i);
            if node.children.is_empty() {
                match first.iter().find(|(f, _)| f.is_one_with(node)) {
                    Some((_, f)) => dups.push((f.clone(), path.clone())),
                    None => first.push((node, path.clone())),
                }
            } else {
                walk(&node.children, path, first, dups);
            }
            path.pop();
        }
    }
    fn at<'a>(list: &'a mut [Node], path: &[usize]) -> &'a mut Node {
        let node = &mut list[path[0]];
        if path.len() == 1 {
            node
        } else {
            at(&mut node.children, &path[1..])
        }
    }
    fn remove(list: &mut Vec<Node>, path: &[usize]) -> Node {
        if path.len() == 1 {
            list.remove(path[0])
        } else {
            remove(&mut list[path[0]].children, &path[1..])
        }
    }
    let mut first = Vec::new();
    let mut dups = Vec::new();
    walk(list, &mut Vec::new(), &mut first, &mut dups);
    // Later paths first: removing one never moves an earlier one.
    for (keep, dup) in dups.into_iter().rev() {
        let node = remove(list, &dup);
        at(list, &keep).absorb(node);
    }
}

/// Deepest an item sits below its review bullet in the draft; deeper ones are listed at this
/// depth, under their nearest ancestor there.
const MAX_ITEM_DEPTH: usize = 32;

/// Lookups on the cache, remembered for the length of one assembly.
struct Cache<'a> {
    conn: &'a Connection,
    pages: HashMap<i64, (String, String)>,
    blocks: HashMap<(i64, u32), (i64, Option<u32>, String)>,
    crumbs: HashMap<(i64, Option<u32>), Vec<String>>,
    preloaded_tickets: HashMap<i64, Vec<String>>,
    tickets: HashMap<i64, HashMap<i64, Vec<String>>>,
    refs: HashMap<i64, HashMap<i64, Vec<String>>>,
}

impl<'a> Cache<'a> {
    fn new(conn: &'a Connection) -> Cache<'a> {
        Cache {
            conn,
            pages: HashMap::new(),
            blocks: HashMap::new(),
            crumbs: HashMap::new(),
            preloaded_tickets: HashMap::new(),
            tickets: HashMap::new(),
            refs: HashMap::new(),
        }
    }

    fn page(&mut self, page_id: i64) -> rusqlite::Result<(String, String)> {
        if let Some(page) = self.pages.get(&page_id) {
            return Ok(page.clone());
        }
        let page: (String, String) = self
            .conn
            .prepare_cached("SELECT name, path FROM pages WHERE id = ?1")?
            .query_row([page_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        self.pages.insert(page_id, page.clone());
        Ok(page)
    }

    /// A block's id, parent and content (whose [`crumb`] is its breadcrumb title).
    fn block(
        &mut self,
        page_id: i64,
        ord: u32,
    ) -> rusqlite::Result<Option<&(i64, Option<u32>, String)>> {
        if !self.blocks.contains_key(&(page_id, ord)) {
            let block: Option<(i64, Option<u32>, String)> = self
                .conn
                .prepare_cached(
                    "SELECT id, parent_ord, content FROM blocks WHERE page_id = ?1 AND ord = ?2",
                )?
                .query_row(params![page_id, ord], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()?;
            if let Some(block) = block {
                self.blocks.insert((page_id, ord), block);
            }
        }
        Ok(self.blocks.get(&(page_id, ord)))
    }

    /// The page name, then the titles of the ancestors of the block whose parent is given,
    /// bounded as every trail is. Siblings share them, so they are remembered per parent, and
    /// a trail grows from its parent's: the walk up stops at the first trail already known.
    fn breadcrumbs(&mut self, page_id: i64, parent: Option<u32>) -> rusqlite::Result<Vec<String>> {
        let mut unknown = Vec::new();
        let mut next = parent;
        let mut trail = loop {
            if let Some(trail) = self.crumbs.get(&(page_id, next)) {
                break trail.clone();
            }
            let Some(ord) = next else {
                break vec![self.page(page_id)?.0];
            };
            match self.block(page_id, ord)? {
                Some((_, above, content)) => {
                    unknown.push((ord, crumb(content)));
                    next = *above;
                }
                // A parent the cache does not hold ends the trail where it is.
                None => break vec![self.page(page_id)?.0],
            }
        };
        self.crumbs.insert((page_id, next), trail.clone());
        for (ord, title) in unknown.into_iter().rev() {
            trail = descend(&trail, title, 2);
            self.crumbs.insert((page_id, Some(ord)), trail.clone());
        }
        Ok(trail)
    }

    /// Loads the tickets of these rows' blocks in a few queries, instead of one query per
    /// page they sit on.
    fn preload_tickets(&mut self, rows: &[Row]) -> rusqlite::Result<()> {
        const CHUNK: usize = 500;
        for chunk in rows.chunks(CHUNK) {
            for row in chunk {
                self.preloaded_tickets.entry(row.id).or_default();
            }
            let placeholders = vec!["?"; chunk.len()].join(",");
            let mut statement = self.conn.prepare_cached(&format!(
                "SELECT block_id, ticket FROM tickets WHERE block_id IN ({placeholders}) ORDER BY rowid"
            ))?;
            let ids = chunk.iter().map(|r| r.id);
            let found = statement.query_map(rusqlite::params_from_iter(ids), |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })?;
            for row in found {
                let (block, ticket) = row?;
                self.preloaded_tickets
                    .entry(block)
                    .or_default()
                    .push(ticket);
            }
        }
        Ok(())
    }

    fn block_tickets(&mut self, page_id: i64, block_id: i64) -> rusqlite::Result<&[String]> {
        if let Some(tickets) = self.preloaded_tickets.get(&block_id) {
            return Ok(tickets);
        }
        per_block(
            self.conn,
            &mut self.tickets,
            "SELECT block_id, ticket FROM tickets WHERE page_id = ?1 AND block_id IS NOT NULL ORDER BY rowid",
            page_id,
            block_id,
        )
    }

    fn block_refs(&mut self, page_id: i64, block_id: i64) -> rusqlite::Result<&[String]> {
        per_block(
            self.conn,
            &mut self.refs,
            "SELECT block_id, key FROM refs WHERE page_id = ?1 AND block_id IS NOT NULL
             AND kind IN ('page', 'tag') ORDER BY rowid",
            page_id,
            block_id,
        )
    }

    /// The bullet of `row`; `compare_wording` lets it merge with bullets that say the same
    /// in other words.
    fn node(
        &mut self,
        row: &Row,
        dated: bool,
        date: Option<NaiveDate>,
        compare_wording: bool,
    ) -> rusqlite::Result<Node> {
        let tickets = self.block_tickets(row.page_id, row.id)?.to_vec();
        let text = display_text(&row.content);
        let (page, path) = self.page(row.page_id)?;
        let source = Source {
            page,
            path,
            line: row.line,
            block: row.ord,
            day: row.day.clone(),
            breadcrumbs: self.breadcrumbs(row.page_id, row.parent_ord)?,
            year: row.year.clone(),
            text: Some(text.clone()),
        };
        let key = dedup_key(&text, &tickets);
        Ok(Node {
            claim: compare_wording.then(|| Claim::new(&text, &tickets)),
            key,
            written: row.day.as_deref().and_then(parse_day),
            best: tickets.len(),
            text,
            tickets,
            sources: vec![source],
            children: Vec::new(),
            dated,
            date,
        })
    }
}

/// The years whose review sections hold at least one bullet with text, outside drafts.
fn review_years(conn: &Connection, drafts: &HashSet<i64>) -> rusqlite::Result<BTreeSet<i32>> {
    let mut years = BTreeSet::new();
    let candidates: Vec<String> = conn
        .prepare_cached(
            "SELECT DISTINCT review_year FROM blocks INDEXED BY blocks_review
             WHERE review_year IS NOT NULL AND review_year != 'undated'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut items = conn.prepare_cached(
        "SELECT page_id, content FROM blocks
         WHERE review_role = 'item' AND review_year = ?1 AND private = 0",
    )?;
    for candidate in candidates {
        let Ok(year) = candidate.parse::<i32>() else {
            continue;
        };
        // Almost always the first bullet has text, so this reads one row per year.
        let mut rows = items.query([&candidate])?;
        while let Some(row) = rows.next()? {
            let page_id: i64 = row.get(0)?;
            let content: String = row.get(1)?;
            if !drafts.contains(&page_id) && !display_text(&content).is_empty() {
                years.insert(year);
                break;
            }
        }
    }
    Ok(years)
}

/// Pages that are saved review drafts: never material for a review.
pub(crate) fn draft_pages(conn: &Connection) -> rusqlite::Result<HashSet<i64>> {
    let mut statement = conn.prepare_cached(
        "SELECT DISTINCT page_id FROM page_properties WHERE key = 'cairn-review'",
    )?;
    let rows = statement.query_map([], |r| r.get(0))?;
    rows.collect()
}

/// The paths of the saved review drafts.
pub fn draft_paths(conn: &Connection) -> rusqlite::Result<BTreeSet<String>> {
    let mut statement = conn.prepare_cached(
        "SELECT path FROM pages WHERE id IN
         (SELECT page_id FROM page_properties WHERE key = 'cairn-review')",
    )?;
    let rows = statement.query_map([], |r| r.get(0))?;
    rows.collect()
}

/// The project a block belongs to: its own; else the first project a page reference of it
/// or of its nearest ancestor with one names; else the project whose `ticket-key::` is
/// the key of its first ticket; else none.
fn project_of(
    cache: &mut Cache<'_>,
    row: &Row,
    projects: &HashMap<String, String>,
    ticket_keys: &HashMap<String, String>,
) -> rusqlite::Result<Option<String>> {
    if let Some(project) = &row.project {
        return Ok(Some(project.clone()));
    }
    let mut block = Some((row.id, row.parent_ord));
    while let Some((id, parent)) = block {
        let found = cache
            .block_refs(row.page_id, id)?
            .iter()
            .find_map(|key| projects.get(key).cloned());
        if found.is_some() {
            return Ok(found);
        }
        block = match parent {
            Some(ord) => cache
                .block(row.page_id, ord)?
                .map(|&(id, parent, _)| (id, parent)),
            None => None,
        };
    }
    Ok(cache
        .block_tickets(row.page_id, row.id)?
        .iter()
        .find_map(|t| {
            let key = t.split_once('-')?.0.to_uppercase();
            ticket_keys.get(&key).cloned()
        }))
}

/// Records the project page `name` in `known` by its page name and its name without a
/// namespace; returns the latter, the name the draft shows.
fn know_project(known: &mut HashMap<String, String>, name: &str) -> String {
    let short = entity_name(name);
    known.entry(page_key(name)).or_insert_with(|| short.clone());
    known
        .entry(page_key(&short))
        .or_insert_with(|| short.clone());
    short
}

/// Project key → (display name, review nodes, done nodes, note nodes).
/// A project's material as it is gathered, by part.
#[derive(Default)]
struct Parts {
    name: String,
    review: Vec<Node>,
    done: Vec<Node>,
    notes: Vec<Node>,
    /// Accomplishment-shaped bullets under the project outside its review sections.
    outside: Vec<Node>,
}

type Projects = HashMap<String, Parts>;

/// Moves each bullet of "Other work" that a named project also has (a task copied into a
/// project's page and left in a journal, say) into that project: one item, under the
/// project one of its sources names.
fn fold_other_work_into_projects(projects: &mut Projects) {
    let Some(mut other) = projects.remove(&page_key(OTHER_WORK)) else {
        return;
    };
    type Part = fn(&mut Parts) -> &mut Vec<Node>;
    let parts: [Part; 4] = [
        |p| &mut p.review,
        |p| &mut p.done,
        |p| &mut p.notes,
        |p| &mut p.outside,
    ];
    let mut keys: Vec<String> = projects.keys().cloned().collect();
    keys.sort();
    for part in parts {
        // Where the named projects' bullets are, by text key and by ticket: a bullet of
        // Other work is compared only with those sharing its words or a ticket, not with
        // every bullet of every project.
        let mut by_key: HashMap<String, (usize, usize)> = HashMap::new();
        let mut by_ticket: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (k, key) in keys.iter().enumerate() {
            let list = part(projects.get_mut(key).expect("a key of the map"));
            for (at, node) in list.iter().enumerate() {
                by_key.entry(node.key.clone()).or_insert((k, at));
                for ticket in &node.tickets {
                    by_ticket.entry(ticket.clone()).or_default().push((k, at));
                }
            }
        }
        let mut left = Vec::new();
        for node in std::mem::take(part(&mut other)) {
            let mut candidates: Vec<(usize, usize)> =
                by_key.get(&node.key).copied().into_iter().collect();
            for ticket in &node.tickets {
                candidates.extend(by_ticket.get(ticket).into_iter().flatten().copied());
            }
            candidates.sort_unstable();
            let home = candidates.into_iter().find(|&(k, at)| {
                part(projects.get_mut(&keys[k]).expect("a key of the map"))[at].is_one_with(&node)
            });
            match home {
                Some((k, at)) => {
                    part(projects.get_mut(&keys[k]).expect("found above"))[at].absorb(node)
                }
                None => left.push(node),
            }
        }
        *part(&mut other) = left;
    }
    let empty = other.review.is_empty()
        && other.done.is_empty()
        && other.notes.is_empty()
        && other.outside.is_empty();
    if !empty {
        projects.insert(page_key(OTHER_WORK), other);
    }
}

fn entry(projects: &mut Projects, name: &str) -> String {
    let key = page_key(name);
    projects.entry(key.clone()).or_insert_with(|| Parts {
        name: name.to_string(),
        ..Parts::default()
    });
    key
}

/// What makes a block a ticketed note: it cites a ticket, is neither a task nor review
/// material, and is not private.
const NOTE_FILTER: &str = "EXISTS (SELECT 1 FROM tickets t WHERE t.block_id = b.id)
     AND b.private = 0 AND b.review_role IS NULL AND b.marker IS NULL";

/// Assembles the draft for `options` from the cache: its material, shaped by the choices
/// and the order kept on the draft page.
pub fn assemble(conn: &Connection, options: &ReviewOptions) -> Result<Review, ReviewError> {
    gather(conn, options)?.shape(conn, options)
}

/// A period's material, gathered from the cache and merged, before any choice of the user:
/// what is slow to find. It never depends on a draft page (drafts are never material), so
/// it stays true while only draft pages change, and a front that keeps it shapes each
/// choice, move or rewording from it in a few milliseconds ([`Material::shape`]).
#[derive(Debug)]
pub struct Material {
    from: NaiveDate,
    to: NaiveDate,
    /// The projects the material was limited to, as asked for.
    limited_to: Vec<String>,
    /// Per project, in draft order: its name and its bullets laid out.
    projects: Vec<(String, Vec<Laid>)>,
    /// Project key → its name as shown.
    names: HashMap<String, String>,
    /// Keys of the projects written about in the period, and the names of those that
    /// have no material.
    active: BTreeSet<String>,
    active_names: HashMap<String, String>,
    years_with_material: BTreeSet<i32>,
    activity: super::glance::Activity,
    /// The paths of the saved drafts when the material was gathered: the pages it never
    /// took anything from.
    drafts: BTreeSet<String>,
}

impl Material {
    /// The paths of the pages that were saved drafts when the material was gathered,
    /// which it took nothing from.
    pub fn drafts(&self) -> &BTreeSet<String> {
        &self.drafts
    }

    /// The bullet `id`, as laid out before any choice.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.projects
            .iter()
            .flat_map(|(_, laid)| laid)
            .map(|laid| &laid.item)
            .find(|item| item.id == id)
    }

    /// True when this material is the one `options` asks for (the same period and
    /// projects; choices and links are shaping, not material).
    pub fn is_for(&self, options: &ReviewOptions) -> bool {
        self.from == options.from && self.to == options.to && self.limited_to == options.projects
    }
}

/// Gathers the material of the draft for `options` from the cache.
pub fn gather(conn: &Connection, options: &ReviewOptions) -> Result<Material, ReviewError> {
    // One read transaction for the thousands of small queries below: one shared lock and
    // one snapshot, instead of locking the database file around each of them.
    let snapshot = conn.unchecked_transaction()?;
    let conn: &Connection = &snapshot;
    let mut cache = Cache::new(conn);
    let drafts = draft_pages(conn)?;
    let years = options.years();
    let from = options.from.to_string();
    let to = options.to.to_string();
    let wanted: HashSet<String> = options
        .projects
        .iter()
        .map(|p| page_key(&entity_name(p)))
        .collect();
    let selected = |project: &str| wanted.is_empty() || wanted.contains(&page_key(project));

    // Known projects by key, to place notes and tasks that only reference one.
    let mut known: HashMap<String, String> = HashMap::new();
    {
        let mut statement = conn.prepare_cached(
            "SELECT p.name, a.alias FROM pages p LEFT JOIN aliases a ON a.page_id = p.id
             WHERE p.entity = 'project'",
        )?;
        let rows = statement.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })?;
        for row in rows {
            let (name, alias) = row?;
            let short = know_project(&mut known, &name);
            if let Some(alias) = alias {
                known.entry(page_key(&alias)).or_insert(short);
            }
        }
    }

    // Ticket keys claimed by exactly one project page (`ticket-key:: NAV`).
    let mut ticket_keys: HashMap<String, Option<String>> = HashMap::new();
    {
        let mut statement = conn.prepare_cached(
            "SELECT p.name, pp.value FROM page_properties pp JOIN pages p ON p.id = pp.page_id
             WHERE pp.key = 'ticket-key' ORDER BY p.path",
        )?;
        let rows =
            statement.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (name, value) = row?;
            let short = know_project(&mut known, &name);
            for key in value
                .split(',')
                .map(|k| k.trim().to_uppercase())
                .filter(|k| !k.is_empty())
            {
                let project = short.clone();
                ticket_keys
                    .entry(key)
                    .and_modify(|p| {
                        if p.as_deref() != Some(project.as_str()) {
                            *p = None;
                        }
                    })
                    .or_insert(Some(project));
            }
        }
    }
    let ticket_keys: HashMap<String, String> = ticket_keys
        .into_iter()
        .filter_map(|(k, p)| Some((k, p?)))
        .collect();

    let years_with_material = review_years(conn, &drafts)?;
    // Every project the directory knows (typed pages, namespaces, `Projects` sections).
    {
        let mut statement =
            conn.prepare_cached("SELECT name FROM directory WHERE kind = 'project'")?;
        let rows = statement.query_map([], |r| r.get::<_, String>(0))?;
        for name in rows {
            let name = name?;
            known.entry(page_key(&name)).or_insert(name);
        }
    }
    // Review material of the period's years, and undated material.
    let review_rows: Vec<Row> = {
        let mut statement = conn.prepare_cached(&format!(
            "SELECT {ROW_COLUMNS} FROM blocks b
             WHERE (b.review_year = 'undated' OR b.review_year BETWEEN ?1 AND ?2) AND b.private = 0
             ORDER BY b.page_id, b.ord"
        ))?;
        let rows = statement.query_map(
            params![
                options.from.year().to_string(),
                options.to.year().to_string()
            ],
            row,
        )?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let review_rows: Vec<Row> = review_rows
        .into_iter()
        .filter(|r| !drafts.contains(&r.page_id))
        .collect();
    cache.preload_tickets(&review_rows)?;
    for r in &review_rows {
        cache
            .blocks
            .insert((r.page_id, r.ord), (r.id, r.parent_ord, r.content.clone()));
    }
    let by_position: HashMap<(i64, u32), usize> = review_rows
        .iter()
        .enumerate()
        .map(|(i, r)| ((r.page_id, r.ord), i))
        .collect();
    let in_period = |r: &Row| {
        r.role.as_deref() == Some("item")
            && r.year
                .as_deref()
                .is_some_and(|y| y == "undated" || years.contains(y))
            && r.project.as_deref().is_some_and(selected)
    };
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut roots: Vec<usize> = Vec::new();
    // Each item's level below its root, and the item it hangs under: an item deeper than
    // MAX_ITEM_DEPTH hangs under its ancestor at that depth, so that the trees built, merged,
    // laid out and dropped below by recursion are never deeper than that, whatever the page.
    // Rows come in page order, so a parent is placed before its children.
    let mut placed: HashMap<usize, (usize, usize)> = HashMap::new();
    for (i, r) in review_rows.iter().enumerate() {
        if !in_period(r) {
            continue;
        }
        let parent = r
            .parent_ord
            .and_then(|p| by_position.get(&(r.page_id, p)).copied());
        match parent {
            Some(p) if review_rows[p].role.as_deref() == Some("item") => {
                // A parent outside the period is never built, and its children with it.
                let (level, holder) = match placed.get(&p) {
                    Some(&(level, _)) if level < MAX_ITEM_DEPTH => (level + 1, p),
                    Some(&(level, holder)) => (level, holder),
                    None => (0, p),
                };
                children.entry(holder).or_default().push(i);
                placed.insert(i, (level, holder));
            }
            _ => {
                roots.push(i);
                placed.insert(i, (0, i));
            }
        }
    }

    fn build(
        cache: &mut Cache<'_>,
        rows: &[Row],
        children: &HashMap<usize, Vec<usize>>,
        i: usize,
        root: bool,
    ) -> rusqlite::Result<Vec<Node>> {
        let r = &rows[i];
        let dated = r.year.as_deref() != Some("undated");
        let mut node = cache.node(r, dated, None, true)?;
        let mut kids = Vec::new();
        for &c in children.get(&i).map(Vec::as_slice).unwrap_or(&[]) {
            kids.extend(build(cache, rows, children, c, false)?);
        }
        let lift = !kids.is_empty()
            && (node.text.is_empty() || (root && is_wrapper(&node.text, &node.tickets)));
        if lift {
            return Ok(kids);
        }
        if node.text.is_empty() {
            return Ok(Vec::new());
        }
        for kid in kids {
            merge_into(&mut node.children, kid);
        }
        Ok(vec![node])
    }

    let mut projects: Projects = HashMap::new();
    let mut review_nodes: Vec<(String, bool, Node)> = Vec::new();
    for &i in &roots {
        let project = review_rows[i].project.clone().unwrap_or_default();
        for node in build(&mut cache, &review_rows, &children, i, true)? {
            review_nodes.push((project.clone(), !node.dated, node));
        }
    }
    // Dated material first, so that it leads where undated copies merge into it.
    review_nodes.sort_by_key(|(_, undated, _)| *undated);
    let mut dated_projects: BTreeSet<String> = BTreeSet::new();
    for (project, undated, node) in review_nodes {
        let key = entry(&mut projects, &project);
        if !undated {
            dated_projects.insert(key.clone());
        }
        merge_into(
            &mut projects.get_mut(&key).expect("entry made").review,
            node,
        );
    }

    // Completed tasks.
    let done_rows: Vec<Row> = {
        let mut statement = conn.prepare_cached(&format!(
            "SELECT {ROW_COLUMNS} FROM blocks b WHERE b.marker = 'DONE' AND b.private = 0
             AND b.review_role IS NULL
             AND (b.id IN (SELECT block_id FROM block_properties WHERE key = 'completed')
                  OR coalesce(b.deadline_day, b.scheduled_day, b.day) BETWEEN ?1 AND ?2)
             ORDER BY b.page_id, b.ord"
        ))?;
        let rows = statement.query_map(params![from, to], row)?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    cache.preload_tickets(&done_rows)?;
    let completed: HashMap<i64, NaiveDate> = {
        let mut statement = conn.prepare_cached(
            "SELECT block_id, value FROM block_properties WHERE key = 'completed'",
        )?;
        let rows =
            statement.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        let mut map = HashMap::new();
        for row in rows {
            let (block, value) = row?;
            if let Some(day) = parse_day(&value) {
                map.entry(block).or_insert(day);
            }
        }
        map
    };
    let mut done: Vec<(NaiveDate, String, Node)> = Vec::new();
    for r in done_rows.iter().filter(|r| !drafts.contains(&r.page_id)) {
        let day = match completed.get(&r.id).copied() {
            Some(day) => Some(day),
            None => [&r.deadline, &r.scheduled, &r.day]
                .into_iter()
                .find_map(|d| d.as_deref().and_then(parse_day)),
        };
        let Some(day) = day else { continue };
        if !options.contains(day) {
            continue;
        }
        let project = project_of(&mut cache, r, &known, &ticket_keys)?
            .unwrap_or_else(|| OTHER_WORK.to_string());
        if !selected(&project) {
            continue;
        }
        let node = cache.node(r, true, Some(day), true)?;
        if node.text.is_empty() {
            continue;
        }
        done.push((day, project, node));
    }
    done.sort_by_key(|d| d.0);
    for (_, project, node) in done {
        let key = entry(&mut projects, &project);
        merge_into(&mut projects.get_mut(&key).expect("entry made").done, node);
    }

    // Ticketed notes.
    let note_rows: Vec<Row> = {
        let mut statement = conn.prepare_cached(&format!(
            "SELECT {ROW_COLUMNS} FROM blocks b INDEXED BY blocks_day_project
             WHERE {NOTE_FILTER} AND b.day >= ?1 AND b.day <= ?2
             ORDER BY b.day, b.page_id, b.ord"
        ))?;
        let rows = statement.query_map(params![from, to], row)?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    cache.preload_tickets(&note_rows)?;
    for r in note_rows.iter().filter(|r| !drafts.contains(&r.page_id)) {
        let project = project_of(&mut cache, r, &known, &ticket_keys)?
            .unwrap_or_else(|| OTHER_WORK.to_string());
        if !selected(&project) {
            continue;
        }
        let day = r.day.as_deref().and_then(parse_day);
        let node = cache.node(r, true, day, false)?;
        if node.text.is_empty() {
            continue;
        }
        let key = entry(&mut projects, &project);
        merge_into(&mut projects.get_mut(&key).expect("entry made").notes, node);
    }

    // Accomplishments written outside review sections, offered as candidates.
    let outside_rows: Vec<Row> = {
        let mut statement = conn.prepare_cached(&format!(
            "SELECT {ROW_COLUMNS} FROM blocks b INDEXED BY blocks_outside
             WHERE b.review_role = 'outside' AND b.private = 0
             AND (b.day IS NULL OR b.day BETWEEN ?1 AND ?2)
             ORDER BY b.page_id, b.ord"
        ))?;
        let rows = statement.query_map(params![from, to], row)?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    cache.preload_tickets(&outside_rows)?;
    for r in outside_rows.iter().filter(|r| !drafts.contains(&r.page_id)) {
        // The project the bullet is under: its own, else the one its top-level block
        // names (`Ondemand project` above ten accomplishments on a list of projects).
        let project = match &r.project {
            Some(project) => project.clone(),
            None => match cache.breadcrumbs(r.page_id, r.parent_ord)?.get(1) {
                Some(root) => known
                    .get(&page_key(root))
                    .cloned()
                    .unwrap_or_else(|| root.clone()),
                None => continue,
            },
        };
        if !selected(&project) {
            continue;
        }
        let day = r.day.as_deref().and_then(parse_day);
        let node = cache.node(r, day.is_some(), day, true)?;
        let key = entry(&mut projects, &project);
        let parts = projects.get_mut(&key).expect("entry made");
        // Material already in a review section gains a source rather than a candidate.
        match find_one_with(&mut parts.review, &node) {
            Some(existing) => existing.absorb(node),
            None => merge_into(&mut parts.outside, node),
        }
    }

    // Projects written about in the period.
    let mut active: BTreeSet<String> = dated_projects.clone();
    let mut active_names: HashMap<String, String> = HashMap::new();
    {
        let mut statement = conn.prepare_cached(
            "SELECT DISTINCT project FROM blocks WHERE private = 0 AND project IS NOT NULL
             AND day >= ?1 AND day <= ?2
             AND page_id NOT IN (SELECT page_id FROM page_properties WHERE key = 'cairn-review')",
        )?;
        let rows = statement.query_map(params![from, to], |r| r.get::<_, String>(0))?;
        for project in rows {
            let project = project?;
            if selected(&project) {
                active.insert(page_key(&project));
                active_names.entry(page_key(&project)).or_insert(project);
            }
        }
    }

    fold_other_work_into_projects(&mut projects);
    let names: HashMap<String, String> = projects
        .iter()
        .map(|(key, parts)| (key.clone(), parts.name.clone()))
        .collect();
    let mut keys: Vec<(bool, String, String, String)> = projects
        .iter()
        .map(|(key, Parts { name, .. })| {
            (
                name == OTHER_WORK,
                name.to_lowercase(),
                name.clone(),
                key.clone(),
            )
        })
        .collect();
    keys.sort();
    let mut ordered = Vec::with_capacity(keys.len());
    for (.., key) in keys {
        let Parts {
            name,
            mut review,
            done,
            notes,
            outside,
        } = projects.remove(&key).expect("a key of the map");
        dedup_leaves(&mut review);
        let (dated, undated): (Vec<Node>, Vec<Node>) = review.into_iter().partition(|n| n.dated);
        let mut layout = Layout::new(&name);
        for (kind, nodes) in [
            (ItemKind::Review, dated),
            (ItemKind::Undated, undated),
            (ItemKind::Done, done),
            (ItemKind::Note, notes),
            (ItemKind::Outside, outside),
        ] {
            for node in nodes {
                layout.push(node, kind, 0, ("", ""), None);
            }
        }
        if !layout.laid.is_empty() {
            ordered.push((name, layout.laid));
        }
    }
    Ok(Material {
        from: options.from,
        to: options.to,
        limited_to: options.projects.clone(),
        projects: ordered,
        names,
        active,
        active_names,
        years_with_material,
        activity: super::glance::Activity::gather(conn, options.from, options.to, &drafts)?,
        drafts: draft_paths(conn)?,
    })
}

impl Material {
    /// The draft of this material as `options` (the same period and projects) and the
    /// draft page shape it: the choices, order and wordings the page keeps.
    pub fn shape(&self, conn: &Connection, options: &ReviewOptions) -> Result<Review, ReviewError> {
        let snapshot = conn.unchecked_transaction()?;
        let conn: &Connection = &snapshot;
        let (saved_choices, elsewhere) = choices::load(conn, options)?;
        let choices = options.choices.clone().unwrap_or(saved_choices);
        let mut out_projects = Vec::new();
        for (name, laid) in &self.projects {
            let (items, left_out) = cut(laid, &choices, &elsewhere);
            if !(items.is_empty() && left_out.is_empty()) {
                out_projects.push(ProjectReview {
                    name: name.clone(),
                    items,
                    left_out,
                });
            }
        }
        self.finish(conn, options, choices, out_projects)
    }

    /// The rest of a draft once its bullets are laid out: their order and wordings from
    /// the draft page, the ticket index, the evidence gaps and the year at a glance.
    fn finish(
        &self,
        conn: &Connection,
        options: &ReviewOptions,
        choices: Choices,
        mut out_projects: Vec<ProjectReview>,
    ) -> Result<Review, ReviewError> {
        let (from, to) = (options.from.to_string(), options.to.to_string());
        let (names, active, active_names) = (&self.names, &self.active, &self.active_names);
        let mut years_with_material = self.years_with_material.clone();
        let draft_page = choices::draft_page_name(options);
        super::shape::Shape::load(conn, &draft_page)?.apply(&mut out_projects);

        // Only an empty draft needs to know which years have material: ticketed notes and
        // completed tasks of any year (review years are known already).
        if out_projects.is_empty() {
            let mut statement = conn.prepare_cached(&format!(
            "SELECT DISTINCT substr(b.day, 1, 4) FROM blocks b WHERE {NOTE_FILTER} AND b.day IS NOT NULL
             UNION SELECT DISTINCT substr(coalesce(b.deadline_day, b.scheduled_day, b.day), 1, 4)
             FROM blocks b WHERE b.marker = 'DONE' AND b.private = 0
             UNION SELECT DISTINCT substr(value, 1, 4) FROM block_properties WHERE key = 'completed'"
        ))?;
            let rows = statement.query_map([], |r| r.get::<_, Option<String>>(0))?;
            for year in rows {
                if let Some(year) = year?.and_then(|y| y.parse().ok()) {
                    years_with_material.insert(year);
                }
            }
        }

        // Ticket index.
        let mut index: HashMap<String, Vec<TicketCite>> = HashMap::new();
        for project in &out_projects {
            for item in project.items.iter().filter(|i| !i.tickets.is_empty()) {
                let text = super::short_text(&item.text, 80);
                for ticket in &item.tickets {
                    let cite = TicketCite {
                        item: item.id.clone(),
                        project: project.name.clone(),
                        text: text.clone(),
                    };
                    match index.get_mut(ticket) {
                        Some(cites) => cites.push(cite),
                        None => {
                            index.insert(ticket.clone(), vec![cite]);
                        }
                    }
                }
            }
        }
        let mut tickets: Vec<TicketEntry> = index
            .into_iter()
            .map(|(id, items)| TicketEntry {
                url: options.ticket_url.as_ref().map(|t| t.replace("{id}", &id)),
                id,
                items,
            })
            .collect();
        tickets.sort_by_cached_key(|t| ticket_sort_key(&t.id));

        // Evidence gaps.
        let mut gaps = Vec::new();
        let by_key: HashMap<String, &ProjectReview> = out_projects
            .iter()
            .map(|p| (page_key(&p.name), p))
            .collect();
        for key in active {
            let name = names
                .get(key)
                .cloned()
                .or_else(|| active_names.get(key).cloned())
                .unwrap_or_else(|| key.clone());
            if name == OTHER_WORK {
                continue;
            }
            let items: Vec<&Item> = by_key
                .get(key)
                .map(|p| p.items.iter().collect())
                .unwrap_or_default();
            let cites = items.iter().any(|i| !i.tickets.is_empty());
            let done = items.iter().any(|i| i.kind == ItemKind::Done);
            if cites || done {
                continue;
            }
            let reason = if items.is_empty() {
                format!(
                    "written about in {} but no review material, ticket or completed task",
                    options_period(options)
                )
            } else {
                format!(
                    "{} bullet{} without a ticket, and no completed task",
                    items.len(),
                    if items.len() == 1 { "" } else { "s" }
                )
            };
            gaps.push(Gap {
                project: name,
                reason,
            });
        }
        gaps.sort_by_key(|g| (g.project.to_lowercase(), g.project.clone()));
        let glance = super::glance::glance(options.from, options.to, &out_projects, &self.activity);

        Ok(Review {
            year: options.calendar_year(),
            from,
            to,
            limited_to: options.chosen_projects(),
            draft_page,
            projects: out_projects,
            tickets,
            gaps,
            years_with_material: years_with_material.into_iter().collect(),
            choices,
            glance,
        })
    }
}

fn options_period(options: &ReviewOptions) -> String {
    match options.calendar_year() {
        Some(year) => year.to_string(),
        None => format!("{} – {}", options.from, options.to),
    }
}

fn slug(name: &str) -> String {
    let slug = words_of(name, '-');
    if slug.is_empty() {
        "project".to_string()
    } else {
        slug
    }
}

/// One bullet of a project laid out, before any choice of the user.
#[derive(Debug)]
struct Laid {
    item: Item,
    /// The place of the bullet it is under, in the same layout.
    parent: Option<usize>,
}

/// A project's bullets laid out in order, each with its id and its anchor on the draft
/// page: what a draft is cut from, whatever the user chose.
struct Layout {
    slug: String,
    /// The key of the project's heading on the saved draft page.
    project_anchor: String,
    laid: Vec<Laid>,
    ids: HashSet<String>,
}

impl Layout {
    fn new(name: &str) -> Layout {
        Layout {
            slug: slug(name),
            project_anchor: super::page::project_anchor(name),
            laid: Vec::new(),
            ids: HashSet::new(),
        }
    }

    /// A bullet's id: its project's slug and a hash of its part and the keys of it and its
    /// ancestors, so that it names the same bullet from one rebuild to the next.
    fn id(&mut self, kind: ItemKind, path: &str) -> String {
        let hash = xxhash_rust::xxh3::xxh3_64(format!("{}/{path}", kind.heading()).as_bytes());
        let base = format!("{}-{:08x}", self.slug, hash >> 32);
        let mut id = base.clone();
        let mut n = 1;
        while !self.ids.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }

    /// Lays out `node` and its children under the bullet at `parent`. `trail` is the
    /// parent's path of keys for the id and its trail of wordings for the page anchor (see
    /// [`super::page::bullet_anchor`]).
    fn push(
        &mut self,
        node: Node,
        kind: ItemKind,
        depth: u32,
        trail: (&str, &str),
        parent: Option<usize>,
    ) {
        let path = format!("{}/{}", trail.0, node.key);
        let id = self.id(kind, &path);
        let wording = dedup_key(&node.text, &node.tickets);
        let anchor_trail = if depth == 0 {
            wording
        } else {
            format!("{}\u{1}{wording}", trail.1)
        };
        let anchor = super::page::bullet_anchor(&self.project_anchor, kind, &anchor_trail);
        let mut sources = node.sources;
        for source in &mut sources {
            // A source's own text is worth showing only where it differs from the bullet's.
            let same = |text: &str| {
                text == node.text || text.split_whitespace().eq(node.text.split_whitespace())
            };
            if source.text.as_deref().is_some_and(same) {
                source.text = None;
            }
        }
        sources.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        let at = self.laid.len();
        self.laid.push(Laid {
            item: Item {
                id,
                kind,
                candidate: kind.is_candidate(),
                depth,
                text: node.text,
                tickets: node.tickets,
                sources,
                date: node.date.map(|d| d.to_string()),
                reworded: false,
                anchor,
            },
            parent,
        });
        for child in node.children {
            self.push(child, kind, depth + 1, (&path, &anchor_trail), Some(at));
        }
    }
}

/// A project's laid-out bullets split into the draft and what is left out of it, as
/// `choices` say: a bullet left out leaves its children out, and a candidate taken into
/// another draft (`elsewhere`) is not offered, nor anything under it.
fn cut(laid: &[Laid], choices: &Choices, elsewhere: &BTreeSet<String>) -> (Vec<Item>, Vec<Item>) {
    let (mut items, mut left_out) = (Vec::new(), Vec::new());
    // Per bullet: `None` when it is not offered, else whether it is in the draft.
    let mut state: Vec<Option<bool>> = Vec::with_capacity(laid.len());
    for Laid { item, parent } in laid {
        let parent_in = match parent.map(|p| state[p]) {
            Some(None) => {
                state.push(None);
                continue;
            }
            Some(Some(parent_in)) => parent_in,
            None => true,
        };
        let id = &item.id;
        if item.candidate && elsewhere.contains(id) && !choices.include.contains(id) {
            state.push(None);
            continue;
        }
        let chosen = if item.candidate {
            choices.include.contains(id)
        } else {
            !choices.exclude.contains(id)
        };
        let in_draft = parent_in && chosen;
        state.push(Some(in_draft));
        if in_draft {
            items.push(item.clone());
        } else {
            left_out.push(item.clone());
        }
    }
    (items, left_out)
}

/// The values `sql` (selecting `block_id, value` for page `?1`) gives for one block, loading
/// and keeping a whole page's at a time.
fn per_block<'m>(
    conn: &Connection,
    cache: &'m mut HashMap<i64, HashMap<i64, Vec<String>>>,
    sql: &str,
    page_id: i64,
    block_id: i64,
) -> rusqlite::Result<&'m [String]> {
    if let std::collections::hash_map::Entry::Vacant(slot) = cache.entry(page_id) {
        let mut by_block: HashMap<i64, Vec<String>> = HashMap::new();
        let mut statement = conn.prepare_cached(sql)?;
        let rows = statement.query_map([page_id], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?)))?;
        for row in rows {
            let (block, value) = row?;
            by_block.entry(block).or_default().push(value);
        }
        slot.insert(by_block);
    }
    Ok(cache[&page_id].get(&block_id).map_or(&[], Vec::as_slice))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_emphasis_whitespace_case_and_tickets() {
        let a = dedup_key(
            "**Alerts:** Set up alerts to notify on critical events. (COS-1)",
            &["COS-1".into()],
        );
        let b = dedup_key(
            "**Alerts:**  set up alerts to notify on critical events. (COS-1, COS-26)",
            &["COS-1".into(), "COS-26".into()],
        );
        assert_eq!(a, b);
        assert_eq!(a, "alerts set up alerts to notify on critical events");
    }

    #[test]
    fn wrappers_are_short_plain_grouping_titles() {
        assert!(is_wrapper("Review", &[]));
        assert!(is_wrapper("Task breakdown note", &[]));
        assert!(is_wrapper("Thank you note", &[]));
        assert!(!is_wrapper("**Improved Fault Tolerance:**", &[]));
        assert!(!is_wrapper("Shipped the new gateway", &[]));
        assert!(!is_wrapper("Review", &["COS-1".into()]));
    }

    #[test]
    fn display_text_drops_markers_properties_and_headings() {
        assert_eq!(
            display_text(
                "DONE [#A] Ship it (NAV-1)\ncompleted:: 2026-01-02\nDEADLINE: <2026-01-01 Thu>"
            ),
            "Ship it (NAV-1)"
        );
        assert_eq!(display_text("## Overview\ncollapsed:: true"), "Overview");
        assert_eq!(display_text("#tag first"), "#tag first");
    }
}
