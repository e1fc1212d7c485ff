//! What the app shows, as serializable views: a page as a flat list of blocks in document
//! order, each with its editable raw text and its rendered, sanitized HTML, plus the small
//! summaries the other views list. These are built from a parsed page; nothing here reads
//! files.

use serde::Serialize;
use ts_rs::TS;

use crate::dates::JournalTitleFormat;
use crate::outline::{lines_outside_drawers, BlockId, Page, Timestamp};
use crate::render::{escape, linked_html, LinkResolver};

/// The vault the app has open.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VaultInfo {
    pub root: String,
    pub name: String,
    pub pages: u32,
    pub journals: u32,
    /// Today, `YYYY-MM-DD`, as the app should count overdue dates.
    pub today: String,
    /// What is wrong with the vault's `cairn.toml`, which the window says once on opening.
    pub settings_problem: Option<String>,
}

/// Progress of indexing a vault as it opens (event `import-progress`).
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportProgress {
    pub done: u32,
    pub total: u32,
}

/// Files that changed on disk, already re-indexed (event `vault-changed`).
#[derive(Debug, Clone, Serialize, TS)]
pub struct VaultChanged {
    pub files: Vec<ChangedFile>,
}

/// One file of a [`VaultChanged`], with the version now on disk (`None`: it is gone), so a
/// page already showing that version (the app's own write) need not read itself again.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ChangedFile {
    pub path: String,
    pub version: Option<String>,
}

/// One block of a page as the outliner shows and edits it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BlockView {
    /// The block's index on its page; valid only for the version it came with.
    pub id: u32,
    pub parent: Option<u32>,
    pub depth: u32,
    /// The text as written, without bullet or indentation: what the editor edits.
    pub raw: String,
    /// The visible content rendered to sanitized HTML, with references as links.
    pub html: String,
    pub marker: Option<String>,
    pub priority: Option<String>,
    /// `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`.
    pub deadline: Option<String>,
    /// The deadline's repeater as written (`.+1w`).
    pub deadline_repeater: Option<String>,
    pub scheduled: Option<String>,
    pub scheduled_repeater: Option<String>,
    pub collapsed: bool,
    pub child_count: u32,
    /// Properties worth showing (not `id::` or `collapsed::`), as written.
    pub properties: Vec<(String, String)>,
    /// A checklist item's box (`- [ ]`, `- [x]`), when it is not read as a task marker.
    pub checkbox: Option<bool>,
}

/// A page: its blocks in document order (parents before children).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PageView {
    pub name: String,
    /// The file, relative to the vault; `None` for a page that has no file yet.
    pub path: Option<String>,
    /// The version of the file the blocks come from, to send back with edits.
    pub version: Option<String>,
    pub journal_day: Option<String>,
    pub editable: bool,
    /// Why the page cannot be edited, when it cannot.
    pub read_only_reason: Option<String>,
    pub blocks: Vec<BlockView>,
    /// What the parser noticed, as `line N: message`.
    pub problems: Vec<String>,
    /// Some block shows a query's results, which change with other files: the page is
    /// shown again whenever the vault changes.
    pub shows_queries: bool,
    /// The page's properties worth showing (not `id::` or `collapsed::`), as Logseq shows
    /// them above the first block, their values rendered with references linked.
    pub properties: Vec<PagePropertyView>,
    /// The page's `key:: value` lines as written, which the properties editor edits (YAML
    /// front matter is kept as written, and shown only).
    pub properties_text: String,
}

/// One page property as shown.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PagePropertyView {
    pub key: String,
    /// The value as sanitized HTML: `tags::` and `alias::` values are page links, as
    /// Logseq reads them; other values with their references linked.
    pub html: String,
}

/// The properties at the top of `page` that are worth showing, rendered.
pub fn page_properties(
    page: &Page,
    dates: &JournalTitleFormat,
    links: &dyn LinkResolver,
) -> Vec<PagePropertyView> {
    page.preamble
        .properties
        .iter()
        .map(|p| (page.text(p.key), page.text(p.value)))
        .filter(|(key, _)| !is_hidden_property(key))
        .map(|(key, value)| PagePropertyView {
            key: key.to_string(),
            html: property_value_html(key, value, dates, links),
        })
        .collect()
}

fn property_value_html(
    key: &str,
    value: &str,
    dates: &JournalTitleFormat,
    links: &dyn LinkResolver,
) -> String {
    let names_pages = key.eq_ignore_ascii_case("tags") || key.eq_ignore_ascii_case("alias");
    if !names_pages || value.contains("[[") {
        let html = linked_html(value, dates, links);
        let trimmed = html.trim();
        return trimmed
            .strip_prefix("<p>")
            .and_then(|inner| inner.strip_suffix("</p>"))
            .unwrap_or(trimmed)
            .to_string();
    }
    value
        .split(',')
        .map(|name| name.trim().trim_start_matches('#'))
        .filter(|name| !name.is_empty())
        .map(|name| {
            format!(
                "<a class=\"page-ref\" data-page=\"{}\">{}</a>",
                escape(name),
                escape(name)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_hidden_property(key: &str) -> bool {
    HIDDEN_PROPERTIES
        .iter()
        .any(|hidden| key.eq_ignore_ascii_case(hidden))
}

/// A page in the list of all pages.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PageSummary {
    pub name: String,
    pub path: String,
    pub journal_day: Option<String>,
    pub blocks: u32,
    /// Modification time, milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub modified: i64,
}

/// A search result.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SearchHitView {
    pub page: String,
    pub path: String,
    pub block: Option<u32>,
    /// The block's ancestors' titles, outermost first, without the page's name.
    pub breadcrumbs: Vec<String>,
    /// Escaped text with `<mark>` around the matches.
    pub snippet: String,
}

/// A block that refers to (or mentions) a page.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReferenceBlock {
    pub page: String,
    pub block: u32,
    pub breadcrumbs: Vec<String>,
    pub html: String,
}

/// The references under a page.
#[derive(Debug, Clone, Serialize, TS)]
pub struct References {
    /// The outermost blocks that refer to the page: a block under one of them is shown
    /// as its child, not again on its own.
    pub linked: Vec<ReferenceBlock>,
    pub unlinked: Vec<ReferenceBlock>,
    /// The pages the linked references are on, with HTML for the referring blocks and
    /// their children only, so that each reference is shown as an outline of its page,
    /// with its notes, and edited in place.
    pub pages: Vec<PageView>,
}

/// The opaque version string the app sends back with its edits: the hash of the file's
/// bytes (`FileVersion::hash`).
pub fn version_string(hash: u128) -> String {
    format!("{hash:032x}")
}

/// Properties the outliner keeps to itself rather than showing.
const HIDDEN_PROPERTIES: [&str; 2] = ["id", "collapsed"];

/// The blocks of `page`, only those `rendered` keeps with their HTML (the others' `html`
/// is empty): a view that shows a few blocks of a page pays for rendering those alone.
pub fn block_views(
    page: &Page,
    dates: &JournalTitleFormat,
    links: &dyn LinkResolver,
    rendered: &dyn Fn(BlockId) -> bool,
) -> Vec<BlockView> {
    page.iter()
        .map(|(id, _)| view_of_block(page, id, rendered(id).then_some((dates, links))))
        .collect()
}

/// One block of `page`, rendered.
pub fn block_view(
    page: &Page,
    id: BlockId,
    dates: &JournalTitleFormat,
    links: &dyn LinkResolver,
) -> BlockView {
    view_of_block(page, id, Some((dates, links)))
}

/// One block of `page`, with its HTML when `render` says how to make it.
fn view_of_block(
    page: &Page,
    id: BlockId,
    render: Option<(&JournalTitleFormat, &dyn LinkResolver)>,
) -> BlockView {
    let block = page.block(id);
    let raw = page.raw_content(id);
    BlockView {
        id: id.0,
        parent: block.parent.map(|p| p.0),
        depth: block.depth,
        html: render.map_or_else(String::new, |(dates, links)| {
            linked_html(&visible_text(page, id, &raw), dates, links)
        }),
        raw,
        marker: block.marker.map(|(m, _)| m.as_str().to_string()),
        priority: block.priority.map(|(p, _)| p.as_str().to_string()),
        deadline: block.deadline.as_ref().map(timestamp_text),
        deadline_repeater: block.deadline.and_then(|t| t.repeater).map(|r| r.render()),
        scheduled: block.scheduled.as_ref().map(timestamp_text),
        scheduled_repeater: block.scheduled.and_then(|t| t.repeater).map(|r| r.render()),
        collapsed: block.collapsed,
        child_count: block.children.len() as u32,
        properties: block
            .properties
            .iter()
            .map(|p| (page.text(p.key).to_string(), page.text(p.value).to_string()))
            .filter(|(key, _)| !is_hidden_property(key))
            .collect(),
        checkbox: block.checkbox.filter(|_| block.marker.is_none()),
    }
}

/// What a block shows: its title (no marker or priority) and its body, without the
/// property and planning lines (the renderer drops those) or drawers such as `:LOGBOOK:`.
fn visible_text(page: &Page, id: BlockId, raw: &str) -> String {
    let block = page.block(id);
    let mut text = String::with_capacity(raw.len());
    if let Some(level) = block.heading {
        text.push_str(&"#".repeat(usize::from(level.min(6))));
        text.push(' ');
    }
    text.push_str(page.title(id));
    for line in lines_outside_drawers(raw).into_iter().skip(1) {
        text.push('\n');
        text.push_str(line);
    }
    text
}

/// A date as the chips show it: `2024-05-01`, with the time when there is one.
fn timestamp_text(timestamp: &Timestamp) -> String {
    match timestamp.time {
        Some(time) => format!("{} {}", timestamp.date, time.format("%H:%M")),
        None => timestamp.date.to_string(),
    }
}

/// The `line N: message` list of what the parser noticed on a page.
pub fn problems(page: &Page) -> Vec<String> {
    page.diagnostics
        .iter()
        .map(|d| format!("line {}: {}", d.line, d.message))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::{parse, ParseOptions};

    struct NoLinks;

    impl LinkResolver for NoLinks {
        fn ticket(&self, _: &str) -> Option<Option<String>> {
            None
        }
        fn block_ref(&self, _: &str) -> Option<crate::render::RefTarget> {
            None
        }
        fn embedded(&self, _: crate::render::Embed<'_>) -> Option<crate::render::Embedded> {
            None
        }
        fn query(&self, _: &str) -> Result<crate::render::QueryResults, String> {
            Err("no queries here".to_string())
        }
    }

    #[test]
    fn a_block_shows_its_text_but_not_its_marker_dates_properties_or_logbook() {
        let page = parse(
            "- DONE [#B] Rotate the keys\n  SCHEDULED: <2024-03-01 Fri>\n  owner:: ops\n  :LOGBOOK:\n  CLOCK: [2024-03-01 Fri 10:00]--[2024-03-01 Fri 11:00] =>  01:00:00\n  :END:\n  then tell **Priya**\n",
            &ParseOptions::default(),
        );
        let view = block_view(&page, BlockId(0), &JournalTitleFormat::default(), &NoLinks);
        assert_eq!(
            view.html,
            "<p>Rotate the keys\nthen tell <strong>Priya</strong></p>\n"
        );
        assert_eq!(view.marker.as_deref(), Some("DONE"));
        assert_eq!(view.scheduled.as_deref(), Some("2024-03-01"));
        assert_eq!(view.properties, [("owner".to_string(), "ops".to_string())]);
    }
}
