//! Block Markdown → sanitized HTML, shared by the desktop app and the HTML export, so that
//! a note can never run script: the Markdown is rendered with pulldown-cmark, then every
//! tag and attribute outside a small allow-list is removed by ammonia (`<script>`,
//! `<style>`, event handlers, `javascript:` and `data:` links, images and other
//! resources that would load something from elsewhere).
//!
//! Logseq syntax is turned into plain text first: `[[Page]]` becomes `Page`, `#[[tag]]`
//! becomes `#tag`, a block reference `((uuid))` becomes `(block ref)`, and property lines
//! (`key:: value`) and `SCHEDULED:`/`DEADLINE:` lines are left out. The desktop app renders
//! with [`linked_html`] instead, where references become links it can follow.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{html, Options, Parser};

use crate::dates::JournalTitleFormat;
use crate::outline::{scan_inline, RefKind};

/// Escapes text for an HTML text node or a quoted attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Logseq's page references, tags and block references as plain Markdown text: `[[` and
/// `]]` dropped (`#[[a b]]` becomes `#a b`), a `((uuid))` block reference shown as
/// `(block ref)`. One pass, since exports run it on every bullet of a year.
pub fn logseq_to_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['[', ']', '(']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if tail.starts_with("[[") || tail.starts_with("]]") {
            rest = &tail[2..];
        } else if let Some(uuid) = tail.strip_prefix("((").and_then(block_ref_uuid) {
            out.push_str("(block ref)");
            rest = &tail[2 + uuid.len() + 2..];
        } else if let Some(after) = tail.strip_prefix("((") {
            // Not a block reference: both parentheses stay, and scanning goes on after them.
            out.push_str("((");
            rest = after;
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The 36-character uuid at the start of `text` when `))` closes it.
fn block_ref_uuid(text: &str) -> Option<&str> {
    let end = text.find("))")?;
    let uuid = &text[..end];
    (end == 36 && uuid.chars().all(|c| c.is_ascii_hexdigit() || c == '-')).then_some(uuid)
}

/// True for a `key:: value` property line or a `SCHEDULED:`/`DEADLINE:` line.
pub fn is_meta_line(line: &str) -> bool {
    let trimmed = line.trim_start();
    if trimmed.starts_with("SCHEDULED:") || trimmed.starts_with("DEADLINE:") {
        return true;
    }
    match trimmed.split_once(":: ") {
        Some((key, _)) => {
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '/')
        }
        None => trimmed.ends_with("::") && !trimmed.contains(' ') && trimmed.len() > 2,
    }
}

/// The sanitizer, built once: building one fills a dozen sets of tags, attributes and
/// schemes, which cost more than cleaning a block's HTML (a person's screen renders a
/// thousand blocks).
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .rm_tags(["img"])
            .url_schemes(HashSet::from(["http", "https", "mailto"]))
            .link_rel(Some("noopener noreferrer"));
        builder
    })
}

/// Renders block Markdown (Logseq flavoured) to sanitized HTML.
pub fn markdown_to_html(text: &str) -> String {
    let markdown: Vec<&str> = text.lines().filter(|l| !is_meta_line(l)).collect();
    sanitized_html(&logseq_to_markdown(&markdown.join("\n")))
}

/// Plain Markdown → HTML through the sanitizer.
fn sanitized_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_TASKLISTS);
    let mut raw = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    sanitizer().clean(&raw).to_string()
}

/// Like [`markdown_to_html`], without the paragraph around a single-paragraph text, for
/// use inside a list item or a table cell.
pub fn inline_html(text: &str) -> String {
    let html = markdown_to_html(text);
    let trimmed = html.trim();
    if let Some(inner) = trimmed
        .strip_prefix("<p>")
        .and_then(|t| t.strip_suffix("</p>"))
    {
        if !inner.contains("<p>") {
            return inner.to_string();
        }
    }
    trimmed.to_string()
}

/// What [`linked_html`] asks of the vault about the references it renders.
pub trait LinkResolver {
    /// Whether a ticket-shaped ID is a ticket of this vault, and if so its tracker URL
    /// (`None` inside when no link template is configured).
    fn ticket(&self, id: &str) -> Option<Option<String>>;
    /// The block with this UUID, for showing a block reference in place.
    fn block_ref(&self, uuid: &str) -> Option<RefTarget>;
    /// The blocks an `{{embed …}}` shows, in document order.
    fn embedded(&self, embed: Embed<'_>) -> Option<Embedded>;
    /// The results of a `{{query …}}` written in a block, or why it cannot run.
    fn query(&self, query: &str) -> Result<QueryResults, String>;
}

/// What a query written in a block shows: its first results, in page order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryResults {
    pub shown: Vec<QueryResult>,
    /// Every result, shown or not.
    pub total: usize,
}

/// One result of a query: a block (or a page, without `block`) and what is shown of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryResult {
    pub page: String,
    pub block: Option<u32>,
    pub target: RefTarget,
}

/// The most results a query shows in place.
pub const QUERY_SHOWN: usize = 100;

/// What an `{{embed …}}` macro embeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Embed<'a> {
    /// `{{embed ((uuid))}}`: the block and its children.
    Block(&'a str),
    /// `{{embed [[page]]}}`: the page's blocks.
    Page(&'a str),
}

/// The blocks an embed shows: each block's text and depth, the first at the top level.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Embedded {
    pub blocks: Vec<(u32, String)>,
    /// More blocks follow than an embed shows.
    pub more: bool,
}

/// The most blocks an embed shows: a page embedded whole can be long.
pub const EMBED_LIMIT: usize = 200;

/// What a block reference shows of the block it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefTarget {
    /// The block's text, as written.
    pub text: String,
    /// The block's task, when it is one: shown with its checkbox, which completes it.
    pub task: Option<RefTask>,
}

/// A referenced block that is a task, as a block reference shows and acts on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefTask {
    pub marker: String,
    pub priority: Option<String>,
    pub deadline: Option<String>,
    pub scheduled: Option<String>,
    /// The task's handle (a referenced block has an `id::`, which is its handle).
    pub handle: String,
    /// The version of the task's file the cache read, which a change is checked against.
    pub version: String,
}

/// Marks the place of a rendered link in the Markdown handed to the sanitizer: private-use
/// characters pass through Markdown and the sanitizer unchanged.
const PLACEHOLDER_OPEN: char = '\u{E000}';
const PLACEHOLDER_CLOSE: char = '\u{E001}';

/// Renders block Markdown to sanitized HTML in which page references and tags are links
/// the app follows (`<a class="page-ref" data-page="…">`), ticket IDs are links to the
/// tracker, and block references show the text they point at.
///
/// The links are made here, after sanitizing, from references the parser found outside
/// code; the note's own HTML still goes through the sanitizer, so it cannot forge script.
pub fn linked_html(text: &str, dates: &JournalTitleFormat, links: &dyn LinkResolver) -> String {
    let markdown = text
        .lines()
        .filter(|l| !is_meta_line(l))
        .collect::<Vec<_>>()
        .join("\n");
    if markdown.trim_start().starts_with("#+BEGIN_QUERY") {
        return advanced_query_html(markdown.trim());
    }
    let mut pieces = link_pieces(&markdown, dates, links);
    pieces.sort_by_key(|(range, _)| range.start);
    let mut with_placeholders = String::with_capacity(markdown.len() + 16);
    let mut kept: Vec<String> = Vec::with_capacity(pieces.len());
    let mut pos = 0;
    for (range, html) in pieces {
        // A ticket inside a page name is part of that link, not a second one.
        if range.start < pos {
            continue;
        }
        push_note_text(&mut with_placeholders, &markdown[pos..range.start]);
        with_placeholders.push(PLACEHOLDER_OPEN);
        with_placeholders.push_str(&kept.len().to_string());
        with_placeholders.push(PLACEHOLDER_CLOSE);
        kept.push(html);
        pos = range.end;
    }
    push_note_text(&mut with_placeholders, &markdown[pos..]);
    fill_placeholders(&sanitized_html(&with_placeholders), &kept)
}

/// Copies note text, so that placeholder characters written in the note itself cannot
/// stand in for a link.
fn push_note_text(out: &mut String, text: &str) {
    if text.contains([PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE]) {
        out.push_str(&text.replace([PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE], "\u{FFFD}"));
    } else {
        out.push_str(text);
    }
}

fn fill_placeholders(html: &str, pieces: &[String]) -> String {
    let mut out = String::with_capacity(html.len() + pieces.iter().map(String::len).sum::<usize>());
    let mut rest = html;
    while let Some(open) = rest.find(PLACEHOLDER_OPEN) {
        out.push_str(&rest[..open]);
        let after = &rest[open + PLACEHOLDER_OPEN.len_utf8()..];
        let close = after.find(PLACEHOLDER_CLOSE);
        match close.and_then(|c| after[..c].parse::<usize>().ok().map(|n| (c, n))) {
            Some((close, n)) if n < pieces.len() => {
                out.push_str(&pieces[n]);
                rest = &after[close + PLACEHOLDER_CLOSE.len_utf8()..];
            }
            _ => rest = after,
        }
    }
    out.push_str(rest);
    out
}

/// The source range and the HTML of every reference and ticket in `markdown`.
fn link_pieces(
    markdown: &str,
    dates: &JournalTitleFormat,
    links: &dyn LinkResolver,
) -> Vec<(Range<usize>, String)> {
    let found = scan_inline(markdown, dates);
    let mut pieces: Vec<(Range<usize>, String)> = query_macros(markdown)
        .into_iter()
        .map(|range| {
            let html = query_html(&markdown[range.clone()], links);
            (range, html)
        })
        .collect();
    for reference in &found.refs {
        let target = reference.target.range();
        let name = &markdown[target.clone()];
        match reference.kind {
            RefKind::Page if embed_around(markdown, &target, "[[", "]]").is_some() => {
                let range = embed_around(markdown, &target, "[[", "]]").unwrap_or(target);
                pieces.push((range, embed_html(Embed::Page(name), links)));
            }
            RefKind::Block if embed_around(markdown, &target, "((", "))").is_some() => {
                let range = embed_around(markdown, &target, "((", "))").unwrap_or(target);
                pieces.push((range, embed_html(Embed::Block(name), links)));
            }
            RefKind::Page => {
                if let Some(range) = around(markdown, &target, "[[", "]]") {
                    let (range, label) = with_label(markdown, &range).unwrap_or((range, name));
                    pieces.push((range, page_link("page-ref", name, &escape(label))));
                }
            }
            RefKind::Tag => {
                let range = around(markdown, &target, "#[[", "]]")
                    .or_else(|| around(markdown, &target, "#", ""));
                if let Some(range) = range {
                    pieces.push((range, page_link("tag", name, &format!("#{}", escape(name)))));
                }
            }
            RefKind::Block => {
                if let Some(range) = around(markdown, &target, "((", "))") {
                    pieces.push((range, block_ref_html(name, links.block_ref(name))));
                }
            }
        }
    }
    for span in &found.tickets {
        let id = &markdown[span.range()];
        let html = match links.ticket(id) {
            Some(Some(url)) if url.starts_with("https://") || url.starts_with("http://") => {
                format!(
                    "<a class=\"ticket\" href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
                    escape(&url),
                    escape(id)
                )
            }
            Some(_) => format!("<span class=\"ticket\">{}</span>", escape(id)),
            None => continue,
        };
        pieces.push((span.range(), html));
    }
    pieces
}

/// The range of a whole `{{embed …}}` macro around the reference at `target`, when the
/// reference (with its `open` and `close`) is all the macro holds.
fn embed_around(
    text: &str,
    target: &Range<usize>,
    open: &str,
    close: &str,
) -> Option<Range<usize>> {
    let reference = around(text, target, open, close)?;
    let before = text[..reference.start].trim_end_matches([' ', '\t']);
    let start = before.strip_suffix("{{embed")?.len();
    let after = &text[reference.end..];
    let rest = after.trim_start_matches([' ', '\t']);
    rest.starts_with("}}")
        .then(|| start..reference.end + (after.len() - rest.len()) + 2)
}

/// An embed: the embedded blocks as a nested list, each rendered from its Markdown (their
/// own references are shown as text, so embeds never nest).
fn embed_html(embed: Embed<'_>, links: &dyn LinkResolver) -> String {
    let (kind, key) = match embed {
        Embed::Block(uuid) => ("uuid", uuid),
        Embed::Page(page) => ("page", page),
    };
    let Some(embedded) = links.embedded(embed).filter(|e| !e.blocks.is_empty()) else {
        let what = match embed {
            Embed::Block(_) => "block",
            Embed::Page(_) => "page",
        };
        return format!(
            "<span class=\"embed missing\" data-{kind}=\"{}\">embedded {what} not found</span>",
            escape(key)
        );
    };
    let mut html = format!("<div class=\"embed\" data-{kind}=\"{}\">", escape(key));
    let base = embedded.blocks[0].0;
    let mut open = 0u32;
    for (depth, text) in &embedded.blocks {
        // Depths below the first block's, each one level at most below the one before.
        let level = depth.saturating_sub(base).min(open);
        while open > level + 1 {
            html.push_str("</li></ul>");
            open -= 1;
        }
        if open == level + 1 {
            html.push_str("</li><li>");
        } else {
            html.push_str("<ul><li>");
            open += 1;
        }
        html.push_str(&inline_html(text));
    }
    for _ in 0..open {
        html.push_str("</li></ul>");
    }
    if embedded.more {
        html.push_str("<div class=\"embed-more\">…</div>");
    }
    html.push_str("</div>");
    html
}

/// A block reference shown in place: the first line of the block it points at, and, when
/// that block is a task, its checkbox (which the app acts on through the task's handle and
/// version), marker, priority and dates, as Logseq shows a referenced task.
fn block_ref_html(uuid: &str, target: Option<RefTarget>) -> String {
    let attribute = format!("data-uuid=\"{}\"", escape(uuid));
    match target {
        Some(target) => shown_block_html(&attribute, &target),
        None => format!("<span class=\"block-ref\" {attribute}>block not found</span>"),
    }
}

/// A block shown where another block points at it (a block reference, a query's result):
/// its first line, and a task's checkbox, marker, priority and dates. `attribute` names
/// the block for the app.
fn shown_block_html(attribute: &str, target: &RefTarget) -> String {
    let first_line = target.text.lines().next().unwrap_or("");
    let Some(task) = &target.task else {
        return format!(
            "<span class=\"block-ref\" {attribute}>{}</span>",
            inline_html(first_line)
        );
    };
    let done = matches!(task.marker.as_str(), "DONE" | "CANCELED" | "CANCELLED");
    let mut html = format!(
        "<span class=\"block-ref task-ref{}\" {attribute}>\
         <span class=\"ref-check\" role=\"checkbox\" aria-checked=\"{done}\" tabindex=\"0\" \
         data-handle=\"{}\" data-version=\"{}\" title=\"{}\"></span>\
         <span class=\"ref-marker\">{}</span>",
        if done { " done" } else { "" },
        escape(&task.handle),
        escape(&task.version),
        if done { "Reopen" } else { "Complete" },
        escape(&task.marker),
    );
    if let Some(priority) = &task.priority {
        html.push_str(&format!(
            "<span class=\"ref-priority\">{}</span>",
            escape(priority)
        ));
    }
    html.push_str(&format!(
        "<span class=\"ref-title\">{}</span>",
        inline_html(task_title(first_line, task))
    ));
    for (label, date) in [("Deadline", &task.deadline), ("Scheduled", &task.scheduled)] {
        if let Some(date) = date {
            html.push_str(&format!(
                "<span class=\"ref-date\">{label} {}</span>",
                escape(date)
            ));
        }
    }
    html.push_str("</span>");
    html
}

/// The range of each `{{query …}}` macro in `markdown`: from its opening to the first `}}`.
fn query_macros(markdown: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = markdown[from..].find("{{query").map(|at| from + at) {
        let Some(end) = markdown[start..].find("}}").map(|at| start + at + 2) else {
            break;
        };
        found.push(start..end);
        from = end;
    }
    found
}

/// An advanced (Datalog) query, which Cairn keeps but does not run: said so, with its text
/// one click away.
fn advanced_query_html(query: &str) -> String {
    format!(
        "<div class=\"query-results failed\"><span class=\"query-error\">An advanced (Datalog) query: \
         Cairn does not run these</span><details class=\"query-source\"><summary>Query</summary>\
         <code>{}</code></details></div>",
        escape(query)
    )
}

/// A query's results in place of its macro: grouped by page, tasks with their checkbox,
/// the query itself one click away; or why it cannot run.
fn query_html(query: &str, links: &dyn LinkResolver) -> String {
    let source = format!(
        "<details class=\"query-source\"><summary>Query</summary><code>{}</code></details>",
        escape(query)
    );
    let results = match links.query(query) {
        Ok(results) => results,
        Err(why) => {
            return format!(
                "<div class=\"query-results failed\"><span class=\"query-error\">{}</span>{source}</div>",
                escape(&why)
            );
        }
    };
    let count = match results.total {
        1 => "1 result".to_string(),
        n => format!("{n} results"),
    };
    let mut html = format!(
        "<div class=\"query-results\"><div class=\"query-head\"><span class=\"query-count\">{count}</span>{source}</div>"
    );
    let mut page: Option<&str> = None;
    for hit in &results.shown {
        if page != Some(hit.page.as_str()) {
            if page.is_some() {
                html.push_str("</ul></div>");
            }
            html.push_str(&format!(
                "<div class=\"query-group\">{}<ul>",
                page_link("page-ref", &hit.page, &escape(&hit.page))
            ));
            page = Some(&hit.page);
        }
        let attribute = match hit.block {
            Some(block) => format!("data-page=\"{}\" data-block=\"{block}\"", escape(&hit.page)),
            None => format!("data-page=\"{}\"", escape(&hit.page)),
        };
        html.push_str(&format!(
            "<li>{}</li>",
            shown_block_html(&attribute, &hit.target)
        ));
    }
    if page.is_some() {
        html.push_str("</ul></div>");
    }
    if results.total > results.shown.len() {
        html.push_str(&format!(
            "<div class=\"query-more\">and {} more</div>",
            results.total - results.shown.len()
        ));
    }
    html.push_str("</div>");
    html
}

/// A task's first line without its marker and leading priority, which are shown apart.
fn task_title<'a>(first_line: &'a str, task: &RefTask) -> &'a str {
    let rest = first_line.trim_start();
    let rest = rest
        .strip_prefix(task.marker.as_str())
        .unwrap_or(rest)
        .trim_start();
    match &task.priority {
        Some(priority) => rest
            .strip_prefix(&format!("[#{priority}]"))
            .unwrap_or(rest)
            .trim_start(),
        None => rest,
    }
}

fn page_link(class: &str, page: &str, label: &str) -> String {
    format!(
        "<a class=\"{class}\" data-page=\"{}\">{label}</a>",
        escape(page)
    )
}

/// The range of `open` + `target` + `close`, if the text around `target` is that.
fn around(text: &str, target: &Range<usize>, open: &str, close: &str) -> Option<Range<usize>> {
    let start = target.start.checked_sub(open.len())?;
    (text.get(start..target.start)? == open && text.get(target.end..)?.starts_with(close))
        .then(|| start..target.end + close.len())
}

/// `[label]([[name]])`: the whole link and its label, given the range of `[[name]]`.
fn with_label<'t>(text: &'t str, reference: &Range<usize>) -> Option<(Range<usize>, &'t str)> {
    let before = text[..reference.start].strip_suffix("](")?;
    text[reference.end..].starts_with(')').then_some(())?;
    let open = before.rfind('[')?;
    Some((open..reference.end + 1, &before[open + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logseq_refs_become_plain_markdown_text() {
        let uuid = "6650a1b2-0000-4000-8000-00000000beef";
        let cases = [
            (
                "Shipped [[Storage Migration]] with #[[Team Atlas]]",
                "Shipped Storage Migration with #Team Atlas",
            ),
            (
                &format!("see (({uuid})) and ((not a ref)) (x)"),
                "see (block ref) and ((not a ref)) (x)",
            ),
            ("[[[nested]]] and ]] alone", "[nested] and  alone"),
            (
                "[link](https://e.example/a_(b)) stays",
                "[link](https://e.example/a_(b)) stays",
            ),
        ];
        for (logseq, markdown) in cases {
            assert_eq!(logseq_to_markdown(logseq), markdown, "{logseq}");
        }
    }

    #[test]
    fn script_and_javascript_links_are_inert() {
        let html = markdown_to_html(
            "hi <script>alert(1)</script> [x](javascript:alert(1)) <img src=\"http://e/x.png\" onerror=\"alert(1)\"> <a href=\"#\" onclick=\"alert(1)\">y</a>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }

    struct Vault;

    impl LinkResolver for Vault {
        fn ticket(&self, id: &str) -> Option<Option<String>> {
            id.starts_with("COS-")
                .then(|| Some(format!("https://t.example/{id}")))
        }
        fn block_ref(&self, uuid: &str) -> Option<RefTarget> {
            let task = uuid.starts_with("64f1").then(|| RefTask {
                marker: "TODO".to_string(),
                priority: Some("B".to_string()),
                deadline: Some("2026-12-24".to_string()),
                scheduled: None,
                handle: uuid.to_string(),
                version: "00ff".to_string(),
            });
            let text = if task.is_some() {
                "TODO [#B] Send the `runbook`\nDEADLINE: <2026-12-24 Thu>"
            } else {
                "Ship the **fix**\nmore"
            };
            uuid.starts_with("64f").then(|| RefTarget {
                text: text.to_string(),
                task,
            })
        }
        fn embedded(&self, embed: Embed<'_>) -> Option<Embedded> {
            match embed {
                Embed::Page("Runbook") => Some(Embedded {
                    blocks: vec![
                        (0, "Check the **pager**".to_string()),
                        (1, "then *page* the team".to_string()),
                        (0, "Write it down\nid:: 1".to_string()),
                    ],
                    more: true,
                }),
                Embed::Block(uuid) if uuid.starts_with("64f0") => Some(Embedded {
                    blocks: vec![(2, "Ship the **fix**".to_string())],
                    more: false,
                }),
                _ => None,
            }
        }
        fn query(&self, query: &str) -> Result<QueryResults, String> {
            if query != "{{query (task TODO)}}" {
                return Err("unknown filter: bad".to_string());
            }
            let result = |page: &str, block, uuid: &str| QueryResult {
                page: page.to_string(),
                block: Some(block),
                target: self.block_ref(uuid).expect("a known block"),
            };
            Ok(QueryResults {
                shown: vec![
                    result("Atlas", 2, "64f1c1a2-0000-4000-8000-000000000000"),
                    result("Atlas", 5, "64f0c1a2-0000-4000-8000-000000000000"),
                    result("Nov 24th, 2026", 0, "64f0c1a2-0000-4000-8000-000000000000"),
                ],
                total: 4,
            })
        }
    }

    fn linked(text: &str) -> String {
        linked_html(text, &JournalTitleFormat::default(), &Vault)
    }

    #[test]
    fn a_query_shows_its_results_by_page_with_task_checkboxes_and_its_source_one_click_away() {
        let html = linked("{{query (task TODO)}}");
        assert_eq!(
            html,
            "<p><div class=\"query-results\"><div class=\"query-head\"><span class=\"query-count\">4 results</span>\
             <details class=\"query-source\"><summary>Query</summary><code>{{query (task TODO)}}</code></details></div>\
             <div class=\"query-group\"><a class=\"page-ref\" data-page=\"Atlas\">Atlas</a><ul>\
             <li><span class=\"block-ref task-ref\" data-page=\"Atlas\" data-block=\"2\">\
             <span class=\"ref-check\" role=\"checkbox\" aria-checked=\"false\" tabindex=\"0\" \
             data-handle=\"64f1c1a2-0000-4000-8000-000000000000\" data-version=\"00ff\" title=\"Complete\"></span>\
             <span class=\"ref-marker\">TODO</span><span class=\"ref-priority\">B</span>\
             <span class=\"ref-title\">Send the <code>runbook</code></span><span class=\"ref-date\">Deadline 2026-12-24</span></span></li>\
             <li><span class=\"block-ref\" data-page=\"Atlas\" data-block=\"5\">Ship the <strong>fix</strong></span></li></ul></div>\
             <div class=\"query-group\"><a class=\"page-ref\" data-page=\"Nov 24th, 2026\">Nov 24th, 2026</a><ul>\
             <li><span class=\"block-ref\" data-page=\"Nov 24th, 2026\" data-block=\"0\">Ship the <strong>fix</strong></span></li></ul></div>\
             <div class=\"query-more\">and 1 more</div></div></p>\n"
        );
        assert_eq!(
            linked("{{query bad}}"),
            "<p><div class=\"query-results failed\"><span class=\"query-error\">unknown filter: bad</span>\
             <details class=\"query-source\"><summary>Query</summary><code>{{query bad}}</code></details></div></p>\n"
        );
    }

    #[test]
    fn an_advanced_query_says_it_is_not_run_and_keeps_its_text_one_click_away() {
        let html = linked(
            "#+BEGIN_QUERY\n{:query [:find ?b :where [?b :block/marker \"TODO\"]]}\n#+END_QUERY",
        );
        assert!(html.starts_with("<div class=\"query-results failed\"><span class=\"query-error\">An advanced (Datalog) query"), "{html}");
        assert!(html.contains("<code>#+BEGIN_QUERY\n{:query [:find ?b :where [?b :block/marker &quot;TODO&quot;]]}\n#+END_QUERY</code>"), "{html}");
    }

    #[test]
    fn embeds_show_the_embedded_blocks_nested_and_a_missing_one_says_so() {
        assert_eq!(
            linked("{{embed [[Runbook]]}}"),
            "<p><div class=\"embed\" data-page=\"Runbook\"><ul><li>Check the **pager**<ul><li>then <em>page</em> the team</li></ul></li><li>Write it down</li></ul>\
             <div class=\"embed-more\">…</div></div></p>\n"
                .replace("**pager**", "<strong>pager</strong>")
        );
        assert_eq!(
            linked("see {{embed ((64f0c1a2-0000-4000-8000-000000000000))}} and {{embed [[Nowhere]]}}"),
            "<p>see <div class=\"embed\" data-uuid=\"64f0c1a2-0000-4000-8000-000000000000\"><ul><li>Ship the <strong>fix</strong></li></ul></div> and \
             <span class=\"embed missing\" data-page=\"Nowhere\">embedded page not found</span></p>\n"
        );
    }

    #[test]
    fn references_tags_and_tickets_become_links_the_app_follows() {
        assert_eq!(
            linked("Met [[Priya]] about #[[tech debt]] and #infra, see COS-113 and [the doc]([[Design Doc]])"),
            "<p>Met <a class=\"page-ref\" data-page=\"Priya\">Priya</a> about \
             <a class=\"tag\" data-page=\"tech debt\">#tech debt</a> and \
             <a class=\"tag\" data-page=\"infra\">#infra</a>, see \
             <a class=\"ticket\" href=\"https://t.example/COS-113\" rel=\"noopener noreferrer\">COS-113</a> and \
             <a class=\"page-ref\" data-page=\"Design Doc\">the doc</a></p>\n"
        );
    }

    #[test]
    fn block_refs_show_their_target_and_unknown_tickets_stay_text() {
        assert_eq!(
            linked("see ((64f0c1a2-0000-4000-8000-000000000000)) and ((00000000-0000-4000-8000-000000000000)) for PLAT-9"),
            "<p>see <span class=\"block-ref\" data-uuid=\"64f0c1a2-0000-4000-8000-000000000000\">Ship the <strong>fix</strong></span> and \
             <span class=\"block-ref\" data-uuid=\"00000000-0000-4000-8000-000000000000\">block not found</span> for PLAT-9</p>\n"
        );
    }

    #[test]
    fn a_block_ref_to_a_task_shows_its_checkbox_marker_priority_and_dates() {
        assert_eq!(
            linked("carried: ((64f1c1a2-0000-4000-8000-000000000000))"),
            "<p>carried: <span class=\"block-ref task-ref\" data-uuid=\"64f1c1a2-0000-4000-8000-000000000000\">\
             <span class=\"ref-check\" role=\"checkbox\" aria-checked=\"false\" tabindex=\"0\" \
             data-handle=\"64f1c1a2-0000-4000-8000-000000000000\" data-version=\"00ff\" title=\"Complete\"></span>\
             <span class=\"ref-marker\">TODO</span><span class=\"ref-priority\">B</span>\
             <span class=\"ref-title\">Send the <code>runbook</code></span>\
             <span class=\"ref-date\">Deadline 2026-12-24</span></span></p>\n"
        );
    }

    #[test]
    fn links_are_not_made_in_code_and_notes_cannot_forge_script() {
        let html = linked("`[[Not a link]]` <script>alert(1)</script> [[A \"quoted\" <b>page</b>]] \u{E000}0\u{E001}");
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("<code>[[Not a link]]</code>"), "{html}");
        assert!(
            html.contains("data-page=\"A &quot;quoted&quot; &lt;b&gt;page&lt;/b&gt;\""),
            "{html}"
        );
        assert_eq!(html.matches("<a ").count(), 1, "{html}");
    }

    #[test]
    fn logseq_refs_become_text_and_properties_are_dropped() {
        let html = inline_html("**Met** [[Priya]] about #[[tech debt]] ((64f0c1a2-0000-4000-8000-000000000000))\ncollapsed:: true");
        assert_eq!(
            html,
            "<strong>Met</strong> Priya about #tech debt (block ref)"
        );
    }
}
