//! The year-end review: a draft for a year (or a date range), grouped by project, whose
//! every bullet carries its evidence: the ticket IDs it mentions and the blocks it came
//! from (page, breadcrumbs, line). Exports to Markdown, standalone HTML and JSON, saves as
//! a Logseq page that can be refreshed, and lists tickets with their timelines.
//!
//! # What goes in
//! Per project, for the period, **the draft**:
//! - **Review material**: the items of the project's `Year end review` sections whose year
//!   is in the period (`blocks.review_year`), keeping their outline.
//! - **Completed tasks**: DONE tasks outside review sections, dated by their completion
//!   record (`completed:: yyyy-mm-dd`), else their deadline, else their scheduled date,
//!   else the day they were written (their journal, or the nearest date reference).
//!
//! and **candidates**, offered to the draft and in it only once the user takes them in
//! (see [`choices`]), so that no material is dropped silently and none is claimed unasked:
//! - **Undated material**: items of a section with no year child. Where the same bullet is
//!   written under a year, the undated copy only adds a source to it.
//! - **Ticketed notes**: blocks outside review sections that are not tasks, whose day is in
//!   the period and that cite a ticket: 1-on-1 entries and journal notes.
//! - **Accomplishments outside review sections**: bullets written as accomplishments (a
//!   bold lead-in and a sentence, `**MySQL 8 upgrade:** Facilitated…`) under a project but
//!   outside its review sections, undated or dated in the period; the project is the
//!   block's own, else the one its top-level block names. One that repeats a review bullet
//!   adds a source to it instead.
//!
//! Bullets the user left out, and candidates not taken in, are the project's `left_out`;
//! exports show the draft alone. Every bullet has an `id` stable across rebuilds (its
//! project, part and text), by which it is chosen.
//!
//! Blocks marked private (`blocks.private`) never reach any of it, and neither do saved
//! review pages (pages with a `cairn-review::` property), which would otherwise feed on
//! themselves. Notes and tasks outside any project go to the project a page reference of
//! theirs names, else to "Other work"; one also under a named project is that project's.

//! # Wrappers
//! A top-level item of a year (or of an undated section) that only groups material, such
//! as `Review`, `Task breakdown note` or `Thank you note`, is not a bullet of its own: its
//! children take its place and its title stays in their breadcrumbs. A wrapper is an item
//! with children, without tickets or Markdown, of at most four words, whose last word is
//! one of `review`, `note`, `notes`, `draft`, `summary`, `breakdown`, `highlights`,
//! `feedback`, `material`, `details`. Group bullets (`**Improved Fault Tolerance:**`) are
//! never wrappers: they keep their children under them.
//!
//! # Duplicates
//! Bullets are compared by a key: the text without its ticket IDs, lower-cased, with
//! everything but letters and digits (Markdown emphasis, punctuation, brackets) taken as
//! space and runs of space collapsed. Within a project, siblings with the same key merge
//! (their children merging in turn), and a leaf repeated anywhere else in the project
//! merges into its first occurrence. Leaves that say the same in other words merge too
//! (see [`claims`]; notes only by key). A merged bullet cites every source, carries the
//! union of their tickets, and shows the latest wording (the later-written source, the
//! better-cited or later-read among equals); each source whose text differs keeps it
//! (`sources[].text` in JSON).

//! # Evidence gaps
//! A project is active in the period when it has review material dated in it or blocks
//! whose day falls in it. An active project whose included material cites no ticket and
//! that has no completed task in the period is listed under "Evidence gaps".
//!
//! # The year at a glance
//! See [`glance`]: per project, month by month, tasks completed, tickets that moved and
//! blocks written; the HTML export draws it as an inline SVG above the draft.
//!
//! # Saved pages
//! See [`page`]: `pages/Review YYYY.md` holds the user's own blocks and one generated
//! block; refreshing regenerates that block but keeps every bullet the user edited or
//! added inside it.

mod assemble;
mod choices;
mod claims;
mod export;
mod glance;
pub mod page;
mod shape;
mod tickets;

use serde::Serialize;

pub use assemble::{assemble, draft_paths, gather, Material, ReviewError, ReviewOptions};
pub use choices::{draft_page_name, Choice, Choices, EXCLUDE_PROPERTY, INCLUDE_PROPERTY};
pub use export::{to_html, to_html_with, to_json, to_markdown, to_markdown_with, Sources};
pub use glance::{Glance, GlanceRow, MonthCell};
pub use page::{choose, save_page, SavedPage};
pub use shape::{arrange, reword, Moved};
pub use tickets::{ticket_timelines, Mention, TicketTimeline};

/// The name material outside any project is listed under.
pub const OTHER_WORK: &str = "Other work";

/// An assembled draft.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    /// The year, when the period is one calendar year.
    pub year: Option<i32>,
    /// The period, `yyyy-mm-dd`, both ends included.
    pub from: String,
    pub to: String,
    /// The projects the draft was limited to; every project when empty.
    pub limited_to: Vec<String>,
    /// The vault page the draft is kept on (see [`page`]): `Review 2024`.
    pub draft_page: String,
    pub projects: Vec<ProjectReview>,
    pub tickets: Vec<TicketEntry>,
    pub gaps: Vec<Gap>,
    /// Years for which the vault has any material, to help with an empty draft.
    pub years_with_material: Vec<i32>,
    /// The user's choices the draft was assembled with.
    pub choices: Choices,
    /// The period month by month, per project (see [`glance`]).
    pub glance: Glance,
}

impl Review {
    /// `Year-end review 2024`, or `Review 2024-01-01 – 2024-06-30` for another period.
    pub fn title(&self) -> String {
        match self.year {
            Some(year) => format!("Year-end review {year}"),
            None => format!("Review {} – {}", self.from, self.to),
        }
    }

    /// The period as words: `2024`, or `2024-01-01 – 2024-06-30`.
    pub fn period(&self) -> String {
        match self.year {
            Some(year) => year.to_string(),
            None => format!("{} – {}", self.from, self.to),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.projects.iter().all(|p| p.items.is_empty())
    }

    /// The projects with bullets in the draft, in order (others have only material left
    /// out of it).
    pub fn drafted(&self) -> impl Iterator<Item = &ProjectReview> {
        self.projects.iter().filter(|p| !p.items.is_empty())
    }

    /// Every bullet with its project, in order.
    pub fn items(&self) -> impl Iterator<Item = (&ProjectReview, &Item)> {
        self.projects
            .iter()
            .flat_map(|p| p.items.iter().map(move |i| (p, i)))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectReview {
    pub name: String,
    /// The draft's bullets in outline order; `depth` gives the nesting.
    pub items: Vec<Item>,
    /// Material not in the draft: candidates not taken in, and bullets the user left out.
    /// Exports never show it.
    pub left_out: Vec<Item>,
}

/// Which part of a project's draft a bullet belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// Review material dated in the period.
    Review,
    /// Review material of a section with no year.
    Undated,
    /// A completed task.
    Done,
    /// A ticketed note (1-on-1 or journal entry).
    Note,
    /// An accomplishment written under the project outside its review sections.
    Outside,
}

impl ItemKind {
    pub fn heading(self) -> &'static str {
        match self {
            ItemKind::Review => "Review",
            ItemKind::Undated => "Undated material",
            ItemKind::Done => "Completed tasks",
            ItemKind::Note => "From notes and 1-on-1s",
            ItemKind::Outside => "Outside review sections",
        }
    }

    /// True for material offered to the draft rather than in it until the user takes it
    /// in: undated review material, notes, and accomplishments outside review sections.
    /// Review sections and completed tasks are the draft.
    pub fn is_candidate(self) -> bool {
        matches!(self, ItemKind::Undated | ItemKind::Note | ItemKind::Outside)
    }
}

/// One bullet of the draft.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// A stable anchor: the project's slug and the bullet's number in it.
    pub id: String,
    pub kind: ItemKind,
    /// Offered material (see [`ItemKind::is_candidate`]): in the draft only when taken in.
    pub candidate: bool,
    /// 0 for a top-level bullet of its part.
    pub depth: u32,
    pub text: String,
    /// Ticket IDs, in order of first mention.
    pub tickets: Vec<String>,
    pub sources: Vec<Source>,
    /// For a completed task, the day it counts on; for a note, its day.
    pub date: Option<String>,
    /// True when `text` is the user's wording from the saved draft page rather than the
    /// notes' (see [`shape`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reworded: bool,
    /// The key of the bullet's block on the saved draft page (see [`page`]).
    #[serde(skip)]
    pub anchor: String,
}

/// Where a bullet came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub page: String,
    pub path: String,
    pub line: u32,
    /// The block's place on its page (`blocks.ord`), by which the app opens it.
    #[serde(skip)]
    pub block: u32,
    /// The day the block is dated, when it has one.
    #[serde(skip)]
    pub day: Option<String>,
    /// The page name, then the titles of the block's ancestors.
    pub breadcrumbs: Vec<String>,
    /// The review year of the block (`2024` or `undated`), for review material.
    pub year: Option<String>,
    /// The block's own text, when it differs from the bullet's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Source {
    /// `Goals › Projects › COS reliability (pages/Goals.md:12)`.
    pub fn describe(&self) -> String {
        format!(
            "{} ({}:{})",
            self.breadcrumbs.join(" › "),
            self.path,
            self.line
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TicketEntry {
    pub id: String,
    pub url: Option<String>,
    pub items: Vec<TicketCite>,
}

/// A bullet citing a ticket.
#[derive(Debug, Clone, Serialize)]
pub struct TicketCite {
    pub item: String,
    pub project: String,
    pub text: String,
}

/// A project active in the period whose material has no evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    pub project: String,
    pub reason: String,
}

/// What ticket IDs are ordered by: the key, then the number (`COS-2` before `COS-113`),
/// then the whole ID. Computed once per ticket (`sort_by_cached_key`), not per comparison.
pub fn ticket_sort_key(id: &str) -> (String, u64, String) {
    let (key, number) = match id.rsplit_once('-') {
        Some((key, n)) => (key, n.parse().unwrap_or(0)),
        None => (id, 0),
    };
    (key.to_string(), number, id.to_string())
}

/// A short plain-text version of a bullet, for indexes: the first line without Markdown
/// emphasis, at most `chars` characters.
pub fn short_text(text: &str, chars: usize) -> String {
    let first = text.lines().next().unwrap_or("");
    let mut markdown = crate::render::logseq_to_markdown(first);
    for emphasis in ["**", "__"] {
        if markdown.contains(emphasis) {
            markdown = markdown.replace(emphasis, "");
        }
    }
    let mut plain = String::with_capacity(markdown.len());
    for word in markdown.split_whitespace() {
        if !plain.is_empty() {
            plain.push(' ');
        }
        plain.push_str(word);
    }
    match plain.char_indices().nth(chars) {
        Some((at, _)) => format!("{}…", plain[..at].trim_end()),
        None => plain,
    }
}
