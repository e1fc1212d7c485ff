//! What the cache stores about a page, computed once from a parsed file and shared by the
//! SQLite store and the search index.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::outline::{descend, lines_outside_drawers, BlockId, Marker, Page, RefKind, Timestamp};
use crate::vault::{page_key, PageFile, PageKind, Settings};

mod fingerprint;

/// Bumped whenever what a record holds, how the search index splits its text into words,
/// or which indexes the cache keeps changes, so that caches built before are rebuilt.
pub const RECORD_VERSION: u32 = 20;

/// Block properties that Logseq hides; they are not searchable text.
const HIDDEN_PROPERTIES: [&str; 3] = ["id", "collapsed", "heading"];
/// Longest breadcrumb segment, in characters.
const CRUMB_CHARS: usize = 60;

/// How a reference was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefLabel {
    Page,
    Tag,
    Block,
    /// A value of a page's `tags::` property.
    PageTag,
}

impl RefLabel {
    pub fn as_str(self) -> &'static str {
        match self {
            RefLabel::Page => "page",
            RefLabel::Tag => "tag",
            RefLabel::Block => "block",
            RefLabel::PageTag => "page-tag",
        }
    }
}

/// A reference from a block (or from the page's properties) to a name or block UUID.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RefRecord {
    pub label: RefLabel,
    pub target: String,
    /// `page_key` of the target for page refs and tags; the UUID for block refs.
    pub key: String,
    pub date: Option<NaiveDate>,
}

/// What a page is about, when it is about a person or a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    Person,
    Project,
}

impl Entity {
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Person => "person",
            Entity::Project => "project",
        }
    }
}

/// The person a child of a `People` section stands for: `Priya 1-on-1` is Priya.
/// A title that is one page ref, `[[Atlas]]`, names `Atlas`.
fn strip_page_ref(title: &str) -> String {
    let title = title.trim();
    title
        .strip_prefix("[[")
        .and_then(|t| t.strip_suffix("]]"))
        .filter(|t| !t.contains("]]"))
        .map_or_else(|| title.to_string(), entity_name)
}

/// The person a child of the People section names: a name, or a reference to a person's
/// page, either perhaps followed by a 1-on-1 suffix (`Priya 1-on-1`, `[[Priya]] 1:1`). A
/// sentence, a link or a line with more markup than one reference names nobody: journals
/// put notes under their `## People` headings too.
pub fn person_from_title(title: &str) -> Option<String> {
    let title = title.trim();
    let lower = title.to_lowercase();
    let mut name = title;
    for suffix in [
        " 1-on-1s",
        " 1-on-1",
        " 1:1s",
        " 1:1",
        " 1on1",
        " one on ones",
        " one on one",
        " 1-1",
    ] {
        if lower.ends_with(suffix) && title.len() > suffix.len() {
            name = title[..title.len() - suffix.len()].trim();
            break;
        }
    }
    let name = strip_page_ref(name);
    is_a_name(&name).then_some(name)
}

/// Words of a name that may start in lower case (`Vincent van Gogh`).
const NAME_PARTICLES: [&str; 16] = [
    "al", "bin", "da", "das", "de", "del", "della", "der", "di", "dos", "du", "la", "le", "van",
    "von", "y",
];

/// True for text that reads as a person's name: one to five words of letters (and the dots,
/// hyphens and apostrophes of names), where every word after the first starts with a
/// capital or is a particle. `Met John today` is a sentence; `priya` alone is a name.
fn is_a_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let name_chars = text.chars().all(|c| {
        c.is_alphanumeric() || c.is_whitespace() || matches!(c, '.' | '-' | '\'' | '’' | '_' | '/')
    });
    let capitalised = words
        .iter()
        .skip(1)
        .all(|word| !word.starts_with(char::is_lowercase) || NAME_PARTICLES.contains(word));
    (1..=5).contains(&words.len())
        && text.chars().count() <= 60
        && name_chars
        && capitalised
        && text.starts_with(char::is_alphanumeric)
}

/// The name a person or project goes by: its page name without a `people/` or
/// `projects/` namespace, so that `projects/Atlas` and a section child `Atlas` are one.
pub fn entity_name(name: &str) -> String {
    for namespace in ["people/", "projects/"] {
        // `get`: the name's first bytes may end inside a character (`Amara Østergaard`).
        let head = name.get(..namespace.len());
        if name.len() > namespace.len() && head.is_some_and(|h| h.eq_ignore_ascii_case(namespace)) {
            return name[namespace.len()..].trim().to_string();
        }
    }
    name.trim().to_string()
}

/// The kind of a page from its properties (`type::`, `tags::`) or namespace.
pub fn page_entity(name: &str, page: &Page) -> Option<Entity> {
    let words = |value: &str| -> Vec<String> {
        value
            .split(',')
            .map(|v| {
                v.trim()
                    .trim_start_matches('#')
                    .trim_start_matches("[[")
                    .trim_end_matches("]]")
                    .trim()
                    .to_lowercase()
            })
            .collect()
    };
    let from_values = |values: Vec<String>| {
        values.iter().find_map(|v| match v.as_str() {
            "person" => Some(Entity::Person),
            "project" => Some(Entity::Project),
            _ => None,
        })
    };
    page.property("type")
        .and_then(|v| from_values(words(v)))
        .or_else(|| page.property("tags").and_then(|v| from_values(words(v))))
        .or_else(|| {
            let lower = name.to_lowercase();
            if lower.starts_with("people/") {
                Some(Entity::Person)
            } else if lower.starts_with("projects/") {
                Some(Entity::Project)
            } else {
                None
            }
        })
}

/// The first line of a task block without its heading marks, marker and priority, as
/// Logseq shows it (`## TODO [#A] Routing` is the heading task `Routing`).
pub fn task_title(content: &str) -> String {
    let first = content.lines().next().unwrap_or("");
    let mut rest = first.trim_start();
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    if hashes > 0 && rest[hashes..].starts_with([' ', '\t']) {
        rest = rest[hashes..].trim_start();
    }
    if let Some((word, tail)) = rest.split_once(char::is_whitespace) {
        if Marker::from_keyword(word).is_some() {
            rest = tail.trim_start();
        }
    } else if Marker::from_keyword(rest).is_some() {
        rest = "";
    }
    for p in ["[#A]", "[#B]", "[#C]"] {
        if let Some(tail) = rest.strip_prefix(p) {
            rest = tail.trim_start();
        }
    }
    rest.trim_end().to_string()
}

/// A task's handle: its block's `id::` UUID when it has one; otherwise `t` and a hash of
/// its page's path and its title, with `~N` for the N-th task of the same title on that
/// page. Edits elsewhere in the file, and changes of marker, priority or dates, keep it.
pub fn task_handle(path: &str, title: &str, uuid: Option<&str>, occurrence: usize) -> String {
    if let Some(uuid) = uuid {
        return uuid.to_string();
    }
    let normalized: String = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let hash = xxhash_rust::xxh3::xxh3_64(format!("{path}\n{normalized}").as_bytes());
    let base = format!("t{:010x}", hash >> 24);
    if occurrence == 0 {
        base
    } else {
        format!("{base}~{}", occurrence + 1)
    }
}

/// A block's `id::` UUID, lower-cased, when it has a non-empty one.
fn block_uuid(page: &Page, id: BlockId) -> Option<String> {
    page.block_property(id, "id")
        .map(|u| u.trim().to_ascii_lowercase())
        .filter(|u| !u.is_empty())
}

/// The handles of every task of a parsed page, by block index.
pub fn page_task_handles(path: &str, page: &Page) -> Vec<(u32, String)> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut handles = Vec::new();
    for (id, block) in page.iter() {
        if block.marker.is_none() {
            continue;
        }
        let title = task_title(&page.raw_content(id));
        let uuid = block_uuid(page, id);
        let occurrence = seen.entry(title.clone()).or_default();
        handles.push((
            id.0,
            task_handle(path, &title, uuid.as_deref(), *occurrence),
        ));
        *occurrence += 1;
    }
    handles
}

/// What the agenda needs of a task block beyond the block's own columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRecord {
    /// See [`task_handle`].
    pub handle: String,
    /// See [`task_title`].
    pub title: String,
    /// False for done and canceled tasks.
    pub open: bool,
}

#[derive(Debug, Clone)]
pub struct BlockRecord {
    /// Index in the page's arena (document order).
    pub ord: u32,
    pub parent: Option<u32>,
    pub depth: u32,
    pub line: u32,
    pub content: String,
    /// The first line without heading hashes, marker and priority.
    pub title: String,
    /// Searchable text: the content without hidden properties.
    pub search_text: String,
    /// Page name, then the titles of the ancestors, outermost first; past
    /// [`MAX_CRUMBS`](crate::outline::MAX_CRUMBS) of them, the outermost, `…` and the nearest.
    pub breadcrumbs: Vec<String>,
    pub marker: Option<&'static str>,
    /// For a task: its handle, title and whether it is open.
    pub task: Option<TaskRecord>,
    pub priority: Option<&'static str>,
    pub scheduled: Option<Timestamp>,
    pub deadline: Option<Timestamp>,
    pub day: Option<NaiveDate>,
    pub uuid: Option<String>,
    pub collapsed: bool,
    pub properties: Vec<(String, String)>,
    pub refs: Vec<RefRecord>,
    /// Distinct ticket IDs, in order of first mention.
    pub tickets: Vec<String>,
    /// The project this block sits under: a child of the `Projects` section, or the page.
    pub project: Option<String>,
    /// The person this block sits under: a child of the `People` section, or the page.
    pub person: Option<String>,
    /// Where the block stands in a year-end review section of its project.
    pub review: Option<ReviewPart>,
    /// Marked private (`private:: true` or `#private`), itself or through an ancestor; never
    /// exported.
    pub private: bool,
    /// For a 1-on-1 entry (a block under a person whose first line starts with a date
    /// reference): the day of the meeting.
    pub entry_day: Option<NaiveDate>,
    /// A hash of all of the above that the caches keep: a sync rewrites the block only
    /// when it changed.
    pub fingerprint: u64,
}

/// A block's part in a project's `Year end review` section.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ReviewPart {
    /// The `Year end review` block itself.
    Section,
    /// A year child (`2024`, `2024 Review`) of a section.
    Year(i32),
    /// Material: below a year child, or directly below a section that has no year child
    /// (`None`: undated).
    Item(Option<i32>),
    /// Not in a review section, but written as an accomplishment (see
    /// [`is_accomplishment`]): a draft offers it as a candidate.
    Accomplishment,
}

impl ReviewPart {
    /// `section`, `year` or `item`, as stored.
    pub fn role(&self) -> &'static str {
        match self {
            ReviewPart::Section => "section",
            ReviewPart::Year(_) => "year",
            ReviewPart::Item(_) => "item",
            ReviewPart::Accomplishment => "outside",
        }
    }

    /// The year as stored: `2024`, or `undated` for items of an undated section.
    pub fn year(&self) -> Option<String> {
        match self {
            ReviewPart::Section | ReviewPart::Accomplishment => None,
            ReviewPart::Year(year) | ReviewPart::Item(Some(year)) => Some(year.to_string()),
            ReviewPart::Item(None) => Some("undated".to_string()),
        }
    }
}

/// True for the title of a review section: `Year end review`, any case, hyphen or not.
pub fn is_review_title(title: &str) -> bool {
    // Word by word, without building a normalised copy: every block's title is asked.
    let mut words = title
        .trim()
        .trim_end_matches(':')
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|word| !word.is_empty());
    ["year", "end", "review"].iter().all(|expected| {
        words
            .next()
            .is_some_and(|word| word.eq_ignore_ascii_case(expected))
    }) && words.next().is_none()
}

/// The year a year child stands for: `2024` or `2024 Review`.
pub fn review_year(title: &str) -> Option<i32> {
    let title = title.trim().trim_end_matches(':');
    let digits = title.get(..4)?;
    let rest = title[4..].trim().to_lowercase();
    (digits.bytes().all(|b| b.is_ascii_digit()) && (rest.is_empty() || rest == "review"))
        .then(|| digits.parse().ok())
        .flatten()
}

/// True for a block title written as an accomplishment: a bold lead-in ending in a colon
/// (`**MySQL 8 upgrade:** Facilitated…`, `**Caching**: …`) followed by a sentence of at
/// least three words. A lead-in alone heads a group; its children are bullets of their own.
pub fn is_accomplishment(title: &str) -> bool {
    let Some(rest) = title.trim_start().strip_prefix("**") else {
        return false;
    };
    let after = rest
        .split_once(":**")
        .or_else(|| rest.split_once("**:"))
        .map(|(_, after)| after);
    after.is_some_and(|after| after.split_whitespace().count() >= 3)
}

/// Each block's part in a review section (or its being an accomplishment outside one), in
/// arena order.
fn review_parts(page: &Page, titles: &[String]) -> Vec<Option<ReviewPart>> {
    let mut parts: Vec<Option<ReviewPart>> = vec![None; page.blocks.len()];
    for (id, block) in page.iter() {
        let i = id.index();
        let parent_part = block.parent.and_then(|p| parts[p.index()].clone());
        parts[i] = match parent_part {
            Some(ReviewPart::Section) => {
                let section = block.parent.expect("a section child has a parent");
                let dated = page
                    .block(section)
                    .children
                    .iter()
                    .any(|c| review_year(&titles[c.index()]).is_some());
                match review_year(&titles[i]) {
                    Some(year) => Some(ReviewPart::Year(year)),
                    None if dated => None,
                    None => Some(ReviewPart::Item(None)),
                }
            }
            Some(ReviewPart::Year(year)) => Some(ReviewPart::Item(Some(year))),
            Some(ReviewPart::Item(year)) => Some(ReviewPart::Item(year)),
            // Under an accomplishment is as outside any section.
            Some(ReviewPart::Accomplishment) | None if is_review_title(&titles[i]) => {
                Some(ReviewPart::Section)
            }
            Some(ReviewPart::Accomplishment) | None
                if block.marker.is_none() && is_accomplishment(&titles[i]) =>
            {
                Some(ReviewPart::Accomplishment)
            }
            Some(ReviewPart::Accomplishment) | None => None,
        };
    }
    parts
}

#[derive(Debug, Clone)]
pub struct PageRecord {
    pub path: String,
    pub name: String,
    pub key: String,
    pub journal_day: Option<NaiveDate>,
    pub entity: Option<Entity>,
    pub aliases: Vec<String>,
    pub properties: Vec<(String, String)>,
    /// Refs in the page properties, and the page's `tags::` values.
    pub refs: Vec<RefRecord>,
    pub tickets: Vec<String>,
    pub blocks: Vec<BlockRecord>,
    /// A hash of what the caches keep of the page apart from its blocks: while it stays
    /// the same, a sync rewrites only the blocks whose own fingerprint changed.
    pub fingerprint: u64,
}

fn truncate(text: &str) -> String {
    match text.char_indices().nth(CRUMB_CHARS) {
        Some((at, _)) => format!("{}…", text[..at].trim_end()),
        None => text.to_string(),
    }
}

/// The day of a 1-on-1 entry: the date its first line starts with, as a reference.
fn entry_day(page: &Page, id: BlockId) -> Option<NaiveDate> {
    let block = page.block(id);
    let first_line_start = block.first_line.start;
    block
        .refs
        .iter()
        .find(|r| r.target.start == first_line_start + 2 && r.kind == RefKind::Page)
        .and_then(|r| r.date)
        .filter(|_| page.text(block.first_line).starts_with("[["))
}

fn ref_records(page: &Page, refs: &[crate::outline::Ref]) -> Vec<RefRecord> {
    refs.iter()
        .map(|r| {
            let target = page.text(r.target).trim().to_string();
            let (label, key) = match r.kind {
                RefKind::Page => (RefLabel::Page, page_key(&target)),
                RefKind::Tag => (RefLabel::Tag, page_key(&target)),
                RefKind::Block => (RefLabel::Block, target.to_ascii_lowercase()),
            };
            RefRecord {
                label,
                target,
                key,
                date: r.date,
            }
        })
        .collect()
}

fn distinct_tickets(
    page: &Page,
    spans: &[crate::outline::Span],
    settings: &Settings,
) -> Vec<String> {
    let mut tickets: Vec<String> = Vec::new();
    for span in spans {
        let id = page.text(*span);
        if settings.accepts_ticket(id) && !tickets.iter().any(|t| t == id) {
            tickets.push(id.to_string());
        }
    }
    tickets
}

impl PageRecord {
    pub fn from_file(file: &PageFile, settings: &Settings) -> PageRecord {
        let page = &file.page;
        let is_section = |title: &str| {
            title.eq_ignore_ascii_case(&settings.people_section)
                || title.eq_ignore_ascii_case(&settings.projects_section)
        };
        // A hub page with People or Projects sections (like a goals page tagged `project`)
        // is about many people and projects, not one.
        let hub = page.roots.iter().any(|root| is_section(page.title(*root)));
        let entity = if hub {
            None
        } else {
            page_entity(&file.name, page)
        };
        let page_project = (entity == Some(Entity::Project)).then(|| entity_name(&file.name));
        let page_person = (entity == Some(Entity::Person)).then(|| entity_name(&file.name));
        // Per block: which section its top-level ancestor is, and the project or person.
        let mut contexts: Vec<(Option<Entity>, Option<String>, Option<String>)> =
            Vec::with_capacity(page.blocks.len());
        let journal_day = match file.kind {
            PageKind::Journal(day) => Some(day),
            PageKind::Page => None,
        };
        let days = page.block_days(journal_day);
        let titles: Vec<String> = (0..page.blocks.len())
            .map(|i| page.title(BlockId(i as u32)).to_string())
            .collect();
        let mut blocks = Vec::with_capacity(page.blocks.len());
        let mut handles = page_task_handles(&file.path, page).into_iter().peekable();
        for (id, block) in page.iter() {
            let title = &titles[id.index()];
            let (section, project, person) = match block.parent {
                None => {
                    let section = if title.eq_ignore_ascii_case(&settings.people_section) {
                        Some(Entity::Person)
                    } else if title.eq_ignore_ascii_case(&settings.projects_section) {
                        Some(Entity::Project)
                    } else {
                        None
                    };
                    match section {
                        Some(_) => (section, None, None),
                        None => (section, page_project.clone(), page_person.clone()),
                    }
                }
                Some(parent) => {
                    let (section, project, person) = contexts[parent.index()].clone();
                    // A child of the section names the project or person; an empty bullet
                    // there names nobody, and neither does a sentence under People.
                    let top_child = page.block(parent).parent.is_none() && !title.trim().is_empty();
                    match (section, top_child) {
                        (Some(Entity::Project), true) => {
                            (section, Some(strip_page_ref(title)), person)
                        }
                        (Some(Entity::Person), true) => {
                            (section, project, person_from_title(title))
                        }
                        _ => (section, project, person),
                    }
                }
            };
            contexts.push((section, project.clone(), person.clone()));
            let content = page.raw_content(id);
            let properties: Vec<(String, String)> = block
                .properties
                .iter()
                .map(|p| (page.text(p.key).to_string(), page.text(p.value).to_string()))
                .collect();
            // Drawers (`:LOGBOOK:` clocks) are metadata, never searched; a text without `:`
            // has neither drawers nor properties.
            let search_text = if block.properties.is_empty() && !content.contains(':') {
                content.clone()
            } else {
                lines_outside_drawers(&content)
                    .into_iter()
                    .filter(|line| {
                        let key = line.trim_start().split("::").next().unwrap_or("");
                        !(line.contains("::")
                            && HIDDEN_PROPERTIES
                                .iter()
                                .any(|h| key.eq_ignore_ascii_case(h)))
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            // Parents come before their children, so a block's trail grows from its parent's.
            let breadcrumbs = match block.parent {
                None => vec![file.name.clone()],
                Some(parent) => {
                    let above: &BlockRecord = &blocks[parent.index()];
                    descend(&above.breadcrumbs, truncate(&titles[parent.index()]), 2)
                }
            };
            let uuid = block_uuid(page, id);
            let task = handles
                .next_if(|(ord, _)| *ord == id.0)
                .map(|(_, handle)| TaskRecord {
                    handle,
                    title: task_title(&content),
                    open: block.marker.is_some_and(|(m, _)| !m.is_closed()),
                });
            blocks.push(BlockRecord {
                ord: id.0,
                parent: block.parent.map(|p| p.0),
                depth: block.depth,
                line: block.line,
                title: titles[id.index()].clone(),
                search_text,
                breadcrumbs,
                marker: block.marker.map(|(m, _)| m.canonical().as_str()),
                task,
                priority: block.priority.map(|(p, _)| p.as_str()),
                scheduled: block.scheduled,
                deadline: block.deadline,
                day: days[id.index()],
                uuid,
                collapsed: block.collapsed,
                properties,
                refs: ref_records(page, &block.refs),
                tickets: distinct_tickets(page, &block.tickets, settings),
                content,
                entry_day: person.as_ref().and_then(|_| entry_day(page, id)),
                project,
                person,
                review: None,
                private: false,
                fingerprint: 0,
            });
            let own_private = page
                .block_property(id, "private")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
                || blocks.last().is_some_and(|b: &BlockRecord| {
                    b.refs
                        .iter()
                        .any(|r| r.label == RefLabel::Tag && r.key == "private")
                });
            let inherited = block.parent.is_some_and(|p| blocks[p.index()].private);
            if let Some(last) = blocks.last_mut() {
                last.private = own_private || inherited;
            }
        }
        // A review section outside any project stands for the block it sits under (or,
        // at the top level, the page): its material belongs to that project.
        let parts = review_parts(page, &titles);
        let mut section_project: Vec<Option<String>> = vec![None; blocks.len()];
        for (i, part) in parts.into_iter().enumerate() {
            let parent = page.blocks[i].parent.map(|p| p.index());
            section_project[i] = match (&part, parent) {
                // A review section under `[[Atlas]]` is Atlas's, as under `Atlas`.
                (Some(ReviewPart::Section), Some(p)) => Some(
                    blocks[p]
                        .project
                        .clone()
                        .unwrap_or_else(|| strip_page_ref(&titles[p])),
                ),
                (Some(ReviewPart::Section), None) => Some(
                    blocks[i]
                        .project
                        .clone()
                        .unwrap_or_else(|| file.name.clone()),
                ),
                (Some(ReviewPart::Accomplishment), _) => None,
                (Some(_), Some(p)) => section_project[p].clone(),
                _ => None,
            };
            if blocks[i].project.is_none() {
                blocks[i].project = section_project[i].clone();
            }
            blocks[i].review = part;
        }
        let mut refs = ref_records(page, &page.preamble.refs);
        if let Some(tags) = page.property("tags") {
            for tag in tags.split(',') {
                let tag = tag
                    .trim()
                    .trim_start_matches('#')
                    .trim_start_matches("[[")
                    .trim_end_matches("]]")
                    .trim();
                if tag.is_empty() {
                    continue;
                }
                // `tags:: [[kafka]]` is a page tag, not also a reference from the properties.
                let key = page_key(tag);
                match refs.iter_mut().find(|r| r.key == key) {
                    Some(written_as_ref) => written_as_ref.label = RefLabel::PageTag,
                    None => refs.push(RefRecord {
                        label: RefLabel::PageTag,
                        target: tag.to_string(),
                        key,
                        date: None,
                    }),
                }
            }
        }
        for block in &mut blocks {
            block.fingerprint = fingerprint::block_fingerprint(block);
        }
        let mut record = PageRecord {
            path: file.path.clone(),
            key: page_key(&file.name),
            name: file.name.clone(),
            journal_day,
            entity,
            aliases: file.aliases(),
            properties: page
                .preamble
                .properties
                .iter()
                .map(|p| (page.text(p.key).to_string(), page.text(p.value).to_string()))
                .collect(),
            refs,
            tickets: distinct_tickets(page, &page.preamble.tickets, settings),
            blocks,
            fingerprint: 0,
        };
        record.fingerprint = fingerprint::head_fingerprint(&record);
        record
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_titles_are_year_end_review_in_any_case_hyphen_or_spacing() {
        for title in [
            "Year end review",
            "year-end review:",
            "  YEAR  END-REVIEW ",
            "Year-End-Review",
        ] {
            assert!(is_review_title(title), "{title:?}");
        }
        for title in [
            "Year end",
            "Year end review 2024",
            "year end reviews",
            "",
            "-",
        ] {
            assert!(!is_review_title(title), "{title:?}");
        }
    }

    #[test]
    fn accomplishments_have_a_bold_lead_in_and_a_sentence() {
        assert!(is_accomplishment(
            "**MySQL 8 upgrade:** Facilitated a smooth transition"
        ));
        assert!(is_accomplishment("**Caching**: cached the hot reads"));
        assert!(!is_accomplishment("**Improved Fault Tolerance:**"));
        assert!(!is_accomplishment("**Note:** see"));
        assert!(!is_accomplishment("Shipped **it:** fast and well"));
    }

    #[test]
    fn titles_drop_heading_marks_marker_and_priority() {
        assert_eq!(task_title("TODO [#A] Ship it\nbody"), "Ship it");
        assert_eq!(task_title("DONE"), "");
        assert_eq!(task_title("Not a TODO"), "Not a TODO");
        assert_eq!(task_title("## TODO [#A] 7/9 Routing\nbody"), "7/9 Routing");
        assert_eq!(task_title("#tag TODO later"), "#tag TODO later");
    }

    #[test]
    fn handles_survive_marker_changes_and_tell_duplicates_apart() {
        let a = task_handle("pages/a.md", "Ship  it", None, 0);
        assert_eq!(a, task_handle("pages/a.md", "Ship it", None, 0));
        assert_ne!(a, task_handle("pages/a.md", "Ship it", None, 1));
        assert_ne!(a, task_handle("pages/b.md", "Ship it", None, 0));
        assert_eq!(
            task_handle("p", "x", Some("6f5c1a2b-1234-4abc-8def-0123456789ab"), 0),
            "6f5c1a2b-1234-4abc-8def-0123456789ab"
        );
    }
}
