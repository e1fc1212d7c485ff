//! Edits as values. [`apply`] turns one [`Edit`] on a parsed page into a [`Change`]: a few
//! splices of whole lines in the page's text, written in the file's own indentation and
//! line endings. Lines of blocks the edit does not touch are never in a splice, and a
//! change can be inverted for undo.

use std::ops::Range;

use super::lines::{ends_with_line_ending, is_blank, split_lines, strip_line_ending, Lines};
use super::parse::{heading_prefix, is_drawer_open, is_heading_line};
use super::preamble::property_parts;
use super::timestamp::{parse_planning_line, planning_keyword};
use super::{BlockForm, BlockId, Layout, Marker, Page, Priority, Span, Timestamp, TimestampKind};

/// Where a block goes: the `index`-th child of `parent` (top level when `None`), counted
/// among the children as they are once the moved block has left its old place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub parent: Option<BlockId>,
    pub index: usize,
}

/// One change to a page, as the outliner or a command asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// A new block with `content` (first line, then body lines, separated by `\n`).
    Insert {
        at: Location,
        content: String,
    },
    /// Removes a block with all its children.
    Delete {
        block: BlockId,
    },
    /// Moves a block with its children.
    Move {
        block: BlockId,
        to: Location,
    },
    /// Makes a block the last child of its previous sibling.
    Indent {
        block: BlockId,
    },
    /// Makes a block the next sibling of its parent. As in Logseq's default, the block keeps
    /// its place on screen, so the siblings below it become its children.
    Outdent {
        block: BlockId,
    },
    /// Replaces a block's text (as [`Page::raw_content`] gives it) with `content`.
    SetContent {
        block: BlockId,
        content: String,
    },
    SetMarker {
        block: BlockId,
        marker: Option<Marker>,
    },
    /// Ticks or clears the `[ ]` box of a checklist item.
    SetCheckbox {
        block: BlockId,
        checked: bool,
    },
    SetPriority {
        block: BlockId,
        priority: Option<Priority>,
    },
    SetTimestamp {
        block: BlockId,
        kind: TimestampKind,
        timestamp: Option<Timestamp>,
    },
    SetProperty {
        block: BlockId,
        key: String,
        value: String,
    },
    RemoveProperty {
        block: BlockId,
        key: String,
    },
    /// Replaces the page's `key:: value` lines at its top with `text`, one property a line
    /// (empty text removes them), in the file's own line endings.
    SetPageProperties {
        text: String,
    },
}

/// Why an edit could not be applied. The page is unchanged in every case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("there is no block {0:?} on this page")]
    NoSuchBlock(BlockId),
    #[error("the block has no previous sibling to indent under")]
    NoPreviousSibling,
    #[error("a top-level block cannot be outdented")]
    AlreadyTopLevel,
    #[error("a block cannot move into its own subtree")]
    IntoOwnSubtree,
    #[error("position {index} is past the end of the {count} children there")]
    BadLocation { index: usize, count: usize },
    #[error("Org pages are read-only in Cairn")]
    ReadOnly,
    #[error("the text above a page's first block stays at the top; only its text can be edited")]
    PreBlockStays,
    #[error("`{0}` is not a valid property key")]
    InvalidPropertyKey(String),
    #[error("a property value must be one line")]
    MultiLineValue,
    #[error("the block is not a checklist item (`- [ ] …`)")]
    NoCheckbox,
    #[error("`{0}` is not a `key:: value` property line")]
    NotAPropertyLine(String),
}

/// Replace `range` of the old text with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    pub range: Range<usize>,
    pub text: String,
}

/// A set of splices, sorted and not overlapping, all in the old text's coordinates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    pub splices: Vec<Splice>,
}

impl Change {
    fn single(range: Range<usize>, text: String) -> Change {
        Change {
            splices: vec![Splice { range, text }],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.splices
            .iter()
            .all(|s| s.range.is_empty() && s.text.is_empty())
    }

    /// The new text.
    pub fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 64);
        let mut pos = 0;
        for splice in &self.splices {
            out.push_str(&text[pos..splice.range.start]);
            out.push_str(&splice.text);
            pos = splice.range.end;
        }
        out.push_str(&text[pos..]);
        out
    }

    /// The change that takes the new text back to `original`.
    pub fn invert(&self, original: &str) -> Change {
        let mut shift: isize = 0;
        let splices = self
            .splices
            .iter()
            .map(|splice| {
                let start = (splice.range.start as isize + shift) as usize;
                shift += splice.text.len() as isize - splice.range.len() as isize;
                Splice {
                    range: start..start + splice.text.len(),
                    text: original[splice.range.clone()].to_string(),
                }
            })
            .collect();
        Change { splices }
    }
}

/// Compiles `edit` against `page` into a change of its text.
pub fn apply(page: &Page, edit: &Edit) -> Result<Change, EditError> {
    if page.layout == Layout::Org {
        return Err(EditError::ReadOnly);
    }
    match edit {
        Edit::Insert { at, content } => insert(page, *at, content),
        Edit::Delete { block } => {
            outline_block(page, *block)?;
            Ok(Change::single(
                page.subtree_span(*block).range(),
                String::new(),
            ))
        }
        Edit::Move { block, to } => move_block(page, *block, *to),
        Edit::Indent { block } => indent(page, *block),
        Edit::Outdent { block } => outdent(page, *block),
        Edit::SetContent { block, content } => set_content(page, *block, content),
        Edit::SetMarker { block, marker } => set_marker(page, *block, *marker),
        Edit::SetCheckbox { block, checked } => set_checkbox(page, *block, *checked),
        Edit::SetPriority { block, priority } => set_priority(page, *block, *priority),
        Edit::SetTimestamp {
            block,
            kind,
            timestamp,
        } => set_timestamp(page, *block, *kind, timestamp.as_ref()),
        Edit::SetProperty { block, key, value } => set_property(page, *block, key, value),
        Edit::RemoveProperty { block, key } => remove_property(page, *block, key),
        Edit::SetPageProperties { text } => set_page_properties(page, text),
    }
}

fn check_block(page: &Page, id: BlockId) -> Result<(), EditError> {
    if id.index() < page.blocks.len() {
        Ok(())
    } else {
        Err(EditError::NoSuchBlock(id))
    }
}

/// Structural edits take bullets and heading lines; the pre-block (text before the first
/// block) stays where it is, at the top of the page.
fn outline_block(page: &Page, id: BlockId) -> Result<(), EditError> {
    check_block(page, id)?;
    if page.block(id).form == BlockForm::Leading {
        return Err(EditError::PreBlockStays);
    }
    Ok(())
}

/// The pre-block takes text edits only: a marker or priority there is text to Logseq.
fn text_only_pre_block(page: &Page, id: BlockId) -> Result<(), EditError> {
    outline_block(page, id)
}

/// The indentation one level deeper than a parent's: tabs or spaces, as the file uses.
fn indent_unit(page: &Page) -> String {
    for block in &page.blocks {
        if let Some(parent) = block.parent {
            let parent_indent = page.text(page.block(parent).indent);
            if let Some(unit) = page.text(block.indent).strip_prefix(parent_indent) {
                if !unit.is_empty() {
                    return unit.to_string();
                }
            }
        }
    }
    "\t".to_string()
}

/// The indentation of a child of `parent`: that of its existing children when it has any.
fn child_indent(page: &Page, parent: Option<BlockId>) -> String {
    let Some(parent) = parent else {
        return String::new();
    };
    match page.block(parent).children.first() {
        Some(first) => page.text(page.block(*first).indent).to_string(),
        None => format!(
            "{}{}",
            page.text(page.block(parent).indent),
            indent_unit(page)
        ),
    }
}

/// Lines for a block at `indent` with `content`, each ending in `eol`.
fn render_block(indent: &str, content: &str, eol: &str) -> String {
    let mut out = String::new();
    for (i, line) in split_lines(content).enumerate() {
        render_line(&mut out, indent, i == 0, line, eol);
    }
    out
}

/// Writes one line of a block: the first after `- ` (a bare `-` when empty), the others
/// two spaces past the dash.
fn render_line(out: &mut String, indent: &str, first: bool, line: &str, eol: &str) {
    out.push_str(indent);
    if first {
        out.push('-');
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
    } else {
        out.push_str("  ");
        out.push_str(line);
    }
    out.push_str(eol);
}

/// Writes a changed first line in the block's own form: a heading line stays a heading
/// line while it is one and the pre-block stays dash-less; anything else is a bullet, as
/// Logseq would write it.
fn render_first_line(out: &mut String, page: &Page, id: BlockId, line: &str) {
    let block = page.block(id);
    let indent = page.text(block.indent);
    let keeps_form = match block.form {
        BlockForm::Heading => is_heading_line(line),
        BlockForm::Leading => true,
        BlockForm::Bullet | BlockForm::OrgHeadline => false,
    };
    if keeps_form {
        out.push_str(indent);
        out.push_str(line);
        out.push_str(page.line_ending);
    } else {
        render_line(out, indent, true, line, page.line_ending);
    }
}

/// The lines of a block's own span, without trailing blank lines.
fn content_lines(page: &Page, id: BlockId) -> Vec<super::lines::Line> {
    let span = page.block(id).span;
    let mut lines: Vec<_> =
        Lines::new(&page.source[..span.end as usize], span.start as usize).collect();
    while lines.len() > 1
        && is_blank(&page.source[lines.last().unwrap().start..lines.last().unwrap().content_end])
    {
        lines.pop();
    }
    lines
}

/// Continuation lines are the block's indentation plus two spaces; this strips that, or
/// as much leading whitespace as there is when a line is indented less.
fn strip_continuation<'a>(line: &'a str, prefix: &str) -> &'a str {
    if let Some(rest) = line.strip_prefix(prefix) {
        return rest;
    }
    let strip = line
        .bytes()
        .take(prefix.len())
        .take_while(|b| *b == b' ' || *b == b'\t')
        .count();
    &line[strip..]
}

pub(crate) fn raw_content(page: &Page, id: BlockId) -> String {
    let block = page.block(id);
    let prefix = format!("{}  ", page.text(block.indent));
    let mut out = page.text(block.first_line).to_string();
    for line in content_lines(page, id).iter().skip(1) {
        out.push('\n');
        out.push_str(strip_continuation(
            &page.source[line.start..line.content_end],
            &prefix,
        ));
    }
    out
}

/// Text ends with a line ending; adds one to `text` when it does not.
fn ensure_eol(mut text: String, eol: &str) -> String {
    if !ends_with_line_ending(&text) {
        text.push_str(eol);
    }
    text
}

/// Re-indents a subtree's text from `old` indentation to `new`.
fn reindent(text: &str, old: &str, new: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for line in Lines::new(text, 0) {
        let whole = &text[line.start..line.end];
        match whole.strip_prefix(old) {
            Some(rest)
                if !is_blank(&text[line.start..line.content_end])
                    || whole.len() > old.len() + 1 =>
            {
                out.push_str(new);
                out.push_str(rest);
            }
            _ => out.push_str(whole),
        }
    }
    out
}

fn insert(page: &Page, at: Location, content: &str) -> Result<Change, EditError> {
    let siblings: &[BlockId] = match at.parent {
        Some(parent) => {
            outline_block(page, parent)?;
            &page.block(parent).children
        }
        None => &page.roots,
    };
    if at.index > siblings.len() {
        return Err(EditError::BadLocation {
            index: at.index,
            count: siblings.len(),
        });
    }
    if siblings
        .get(at.index)
        .is_some_and(|next| page.block(*next).form == BlockForm::Leading)
    {
        // Text inserted above the pre-block would take it in as its body.
        return Err(EditError::PreBlockStays);
    }
    let (offset, indent) = match siblings.get(at.index) {
        Some(next) => (
            page.block(*next).span.start as usize,
            page.text(page.block(*next).indent).to_string(),
        ),
        None => (
            at.parent
                .map_or(page.source.len(), |p| page.subtree_span(p).end as usize),
            siblings
                .last()
                .map(|s| page.text(page.block(*s).indent).to_string())
                .unwrap_or_else(|| child_indent(page, at.parent)),
        ),
    };
    let mut text = render_block(&indent, content, page.line_ending);
    if offset > 0 && !ends_with_line_ending(&page.source[..offset]) {
        text.insert_str(0, page.line_ending);
    }
    Ok(Change::single(offset..offset, text))
}

fn move_block(page: &Page, id: BlockId, to: Location) -> Result<Change, EditError> {
    outline_block(page, id)?;
    let block = page.block(id);
    if let Some(parent) = to.parent {
        outline_block(page, parent)?;
        if parent.0 >= id.0 && parent.0 < block.subtree_end {
            return Err(EditError::IntoOwnSubtree);
        }
    }
    let all: &[BlockId] = match to.parent {
        Some(parent) => &page.block(parent).children,
        None => &page.roots,
    };
    let siblings: Vec<BlockId> = all.iter().copied().filter(|s| *s != id).collect();
    if siblings
        .get(to.index)
        .is_some_and(|next| page.block(*next).form == BlockForm::Leading)
    {
        // A block moved above the pre-block would take it in as its body.
        return Err(EditError::PreBlockStays);
    }
    if to.index > siblings.len() {
        return Err(EditError::BadLocation {
            index: to.index,
            count: siblings.len(),
        });
    }
    let (offset, indent) = match siblings.get(to.index) {
        Some(next) => (
            page.block(*next).span.start as usize,
            page.text(page.block(*next).indent).to_string(),
        ),
        None => (
            to.parent
                .map_or(page.source.len(), |p| page.subtree_span(p).end as usize),
            match siblings.last() {
                Some(last) => page.text(page.block(*last).indent).to_string(),
                None if to.parent == block.parent => page.text(block.indent).to_string(),
                None => format!(
                    "{}{}",
                    to.parent.map_or("", |p| page.text(page.block(p).indent)),
                    if to.parent.is_some() {
                        indent_unit(page)
                    } else {
                        String::new()
                    }
                ),
            },
        ),
    };
    if to.parent == block.parent && all.iter().position(|s| *s == id) == Some(to.index) {
        // Already there: moving a block to the place it holds changes nothing.
        return Ok(Change::default());
    }
    let cut = page.subtree_span(id).range();
    let moved = ensure_eol(
        reindent(&page.source[cut.clone()], page.text(block.indent), &indent),
        page.line_ending,
    );
    let mut insert_text = moved;
    if offset > 0 && !ends_with_line_ending(&page.source[..offset]) {
        insert_text.insert_str(0, page.line_ending);
    }
    let mut splices = vec![
        Splice {
            range: cut,
            text: String::new(),
        },
        Splice {
            range: offset..offset,
            text: insert_text,
        },
    ];
    splices.sort_by_key(|s| (s.range.start, s.range.end));
    Ok(Change { splices })
}

fn indent(page: &Page, id: BlockId) -> Result<Change, EditError> {
    outline_block(page, id)?;
    let block = page.block(id);
    let siblings = match block.parent {
        Some(parent) => &page.block(parent).children,
        None => &page.roots,
    };
    let position = siblings.iter().position(|s| *s == id).unwrap_or(0);
    let Some(previous) = position.checked_sub(1).map(|i| siblings[i]) else {
        return Err(EditError::NoPreviousSibling);
    };
    outline_block(page, previous)?;
    let new_indent = child_indent(page, Some(previous));
    let span = page.subtree_span(id).range();
    let text = reindent(
        &page.source[span.clone()],
        page.text(block.indent),
        &new_indent,
    );
    Ok(Change::single(span, text))
}

fn outdent(page: &Page, id: BlockId) -> Result<Change, EditError> {
    outline_block(page, id)?;
    let block = page.block(id);
    let Some(parent) = block.parent else {
        return Err(EditError::AlreadyTopLevel);
    };
    let new_indent = page.text(page.block(parent).indent).to_string();
    let span = page.subtree_span(id).range();
    let text = reindent(
        &page.source[span.clone()],
        page.text(block.indent),
        &new_indent,
    );
    Ok(Change::single(span, text))
}

fn set_content(page: &Page, id: BlockId, content: &str) -> Result<Change, EditError> {
    check_block(page, id)?;
    let lines = content_lines(page, id);
    let start = page.block(id).span.start as usize;
    let last = lines.last().copied().expect("a block has a first line");
    let indent = page.text(page.block(id).indent);
    let prefix = format!("{indent}  ");
    let old_first = page.text(page.block(id).first_line);
    // Lines the person did not change keep their exact bytes (trailing spaces, odd
    // indentation); only changed lines are written anew.
    let mut text = String::with_capacity(content.len() + 16);
    for (i, new_line) in split_lines(content).enumerate() {
        let unchanged = match (i, lines.get(i)) {
            (0, Some(line)) if new_line == old_first => Some(line),
            (1.., Some(line))
                if strip_continuation(&page.source[line.start..line.content_end], &prefix)
                    == new_line =>
            {
                Some(line)
            }
            _ => None,
        };
        match unchanged {
            Some(line) => {
                text.push_str(&page.source[line.start..line.content_end]);
                text.push_str(page.line_ending);
            }
            None if i == 0 => render_first_line(&mut text, page, id, new_line),
            None => render_line(&mut text, indent, false, new_line, page.line_ending),
        }
    }
    if last.end == last.content_end {
        // The block's last line ended the file without a line ending; keep it that way.
        text.truncate(text.len() - page.line_ending.len());
    }
    Ok(Change::single(start..last.end, text))
}

/// The `[ ]` / `[x]` box of a checklist item read as a task: it is the marker.
fn checkbox_marker(page: &Page, id: BlockId) -> Option<Span> {
    let block = page.block(id);
    match (block.checkbox, block.marker) {
        (Some(_), Some((_, span))) if page.text(span).starts_with('[') => Some(span),
        _ => None,
    }
}

/// The offset where a block's content starts, after any `## ` heading prefix.
fn after_heading(page: &Page, id: BlockId) -> usize {
    let first = page.block(id).first_line;
    let text = page.text(first);
    first.start as usize + heading_prefix(text).map_or(0, |(_, len)| len)
}

/// True when text inserted at `at` would run into the character before it, as after the
/// `-` of an empty bullet, a `##` with no text, or a marker: a space must come between.
fn glued_to_previous(page: &Page, at: usize) -> bool {
    page.source[..at]
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_whitespace())
}

/// Removes `range` and one space next to it, so that no double space is left behind.
fn remove_with_space(page: &Page, range: Range<usize>) -> Range<usize> {
    let bytes = page.source.as_bytes();
    if bytes.get(range.end) == Some(&b' ') {
        range.start..range.end + 1
    } else if range.start > 0 && bytes[range.start - 1] == b' ' {
        range.start - 1..range.end
    } else {
        range
    }
}

/// The box at the start of a checklist item's first line becomes `[x]` or `[ ]`; nothing
/// else of the line changes (an `[X]` ticked elsewhere is cleared as `[ ]`).
fn set_checkbox(page: &Page, id: BlockId, checked: bool) -> Result<Change, EditError> {
    let block = page.block(id);
    if block.checkbox.is_none() {
        return Err(EditError::NoCheckbox);
    }
    let start = block.first_line.start as usize;
    Ok(Change::single(
        start..start + 3,
        if checked { "[x]" } else { "[ ]" }.to_string(),
    ))
}

fn set_marker(page: &Page, id: BlockId, marker: Option<Marker>) -> Result<Change, EditError> {
    text_only_pre_block(page, id)?;
    let block = page.block(id);
    if let Some(span) = checkbox_marker(page, id) {
        return Ok(match marker {
            Some(m) => Change::single(
                span.range(),
                if m.is_closed() { "[x]" } else { "[ ]" }.to_string(),
            ),
            None => Change::single(remove_with_space(page, span.range()), String::new()),
        });
    }
    Ok(match (block.marker, marker) {
        (Some((_, span)), Some(new)) => Change::single(span.range(), new.as_str().to_string()),
        (Some((_, span)), None) => {
            Change::single(remove_with_space(page, span.range()), String::new())
        }
        (None, Some(new)) if page.properties_on_first_line(id) => {
            // `- id:: …` becomes `- TODO` with the property on the next line.
            let at = block.first_line.start as usize;
            let text = format!(
                "{} {}{}",
                new.as_str(),
                page.line_ending,
                continuation_prefix(page, id)
            );
            Change::single(at..at, text)
        }
        (None, Some(new)) => {
            let at = after_heading(page, id);
            let before = if glued_to_previous(page, at) { " " } else { "" };
            // A space follows the marker even at the end of the line: without one, Logseq
            // reads `TODO` as text.
            let separator = " ";
            Change::single(at..at, format!("{before}{}{separator}", new.as_str()))
        }
        (None, None) => Change::default(),
    })
}

fn set_priority(page: &Page, id: BlockId, priority: Option<Priority>) -> Result<Change, EditError> {
    text_only_pre_block(page, id)?;
    let block = page.block(id);
    Ok(match (block.priority, priority) {
        (Some((_, span)), Some(new)) => {
            Change::single(span.range(), format!("[#{}]", new.as_str()))
        }
        (Some((_, span)), None) => {
            Change::single(remove_with_space(page, span.range()), String::new())
        }
        (None, Some(new)) => {
            let at = match block.marker {
                Some((_, span)) => span.end as usize,
                None => after_heading(page, id),
            };
            let text = if glued_to_previous(page, at) {
                format!(" [#{}]", new.as_str())
            } else if at == block.first_line.end as usize {
                format!("[#{}]", new.as_str())
            } else {
                format!("[#{}] ", new.as_str())
            };
            Change::single(at..at, text)
        }
        (None, None) => Change::default(),
    })
}

/// The prefix of a new continuation line of a block: its indentation plus two spaces.
fn continuation_prefix(page: &Page, id: BlockId) -> String {
    format!("{}  ", page.text(page.block(id).indent))
}

/// Inserts a continuation line after the line that ends at `after` (its line ending
/// included, or the end of the file).
fn insert_line(page: &Page, after: usize, line: String) -> Change {
    let eol = page.line_ending;
    if after == page.source.len() && !ends_with_line_ending(&page.source) {
        Change::single(after..after, format!("{eol}{line}"))
    } else {
        Change::single(after..after, format!("{line}{eol}"))
    }
}

/// The end (after its line ending) of the block's first line and of its leading planning
/// and property lines.
struct LeadingLines {
    first_line_end: usize,
    last_planning_end: Option<usize>,
    last_property_end: Option<usize>,
}

fn leading_lines(page: &Page, id: BlockId) -> LeadingLines {
    let lines = content_lines(page, id);
    let mut leading = LeadingLines {
        first_line_end: lines[0].end,
        last_planning_end: None,
        last_property_end: None,
    };
    let properties = &page.block(id).properties;
    for line in lines.iter().skip(1) {
        let text = page.source[line.start..line.content_end].trim_start();
        if planning_keyword(text).is_some() {
            leading.last_planning_end = Some(line.end);
        } else if properties.iter().any(|p| {
            p.line.start as usize >= line.start && (p.line.end as usize) <= line.content_end
        }) {
            leading.last_property_end = Some(line.end);
        } else if !text.is_empty() {
            break;
        }
    }
    leading
}

fn set_timestamp(
    page: &Page,
    id: BlockId,
    kind: TimestampKind,
    timestamp: Option<&Timestamp>,
) -> Result<Change, EditError> {
    check_block(page, id)?;
    let keyword = match kind {
        TimestampKind::Scheduled => "SCHEDULED",
        TimestampKind::Deadline => "DEADLINE",
    };
    // Find the planning line that holds this keyword, even if its date is malformed.
    // Only the block's leading lines count, as in the parser: a planning line after body
    // text is text, and editing it would not change the block's date.
    let properties = &page.block(id).properties;
    let mut in_drawer = false;
    for line in content_lines(page, id).iter().skip(1) {
        let text = &page.source[line.start..line.content_end];
        let indent = text.len() - text.trim_start().len();
        let rest = &text[indent..];
        if in_drawer {
            in_drawer = rest.trim_end() != ":END:";
            continue;
        }
        if planning_keyword(rest).is_none() {
            let is_property = properties
                .iter()
                .any(|p| p.line.start as usize == line.start);
            if is_property || rest.is_empty() {
                continue;
            }
            if is_drawer_open(rest) {
                in_drawer = true;
                continue;
            }
            break;
        }
        let base = line.start + indent;
        let items = parse_planning_line(rest, base);
        let Some(position) = items.iter().position(|item| item.keyword == kind) else {
            continue;
        };
        let item = &items[position];
        let item_range = base + item.item.start..base + item.item.end;
        return Ok(match timestamp {
            Some(ts) => Change::single(item_range, format!("{keyword}: {}", ts.render())),
            None if items.len() == 1 => Change::single(line.start..line.end, String::new()),
            None => Change::single(remove_with_space(page, item_range), String::new()),
        });
    }
    let Some(ts) = timestamp else {
        return Ok(Change::default());
    };
    let leading = leading_lines(page, id);
    let after = leading.last_planning_end.unwrap_or(leading.first_line_end);
    let line = format!(
        "{}{keyword}: {}",
        continuation_prefix(page, id),
        ts.render()
    );
    Ok(insert_line(page, after, line))
}

fn set_property(page: &Page, id: BlockId, key: &str, value: &str) -> Result<Change, EditError> {
    check_block(page, id)?;
    if property_parts(&format!("{key}:: x")) != Some((0..key.len(), key.len() + 3..key.len() + 4)) {
        return Err(EditError::InvalidPropertyKey(key.to_string()));
    }
    if value.contains(['\n', '\r']) {
        return Err(EditError::MultiLineValue);
    }
    let value = value.trim();
    let block = page.block(id);
    if let Some(property) = block
        .properties
        .iter()
        .find(|p| page.text(p.key).eq_ignore_ascii_case(key))
    {
        let text = if value.is_empty() {
            "::".to_string()
        } else {
            format!(":: {value}")
        };
        return Ok(Change::single(
            property.key.end as usize..property.line.end as usize,
            text,
        ));
    }
    let leading = leading_lines(page, id);
    let after = leading
        .last_property_end
        .or(leading.last_planning_end)
        .unwrap_or(leading.first_line_end);
    let separator = if value.is_empty() { "" } else { " " };
    let line = format!("{}{key}::{separator}{value}", continuation_prefix(page, id));
    Ok(insert_line(page, after, line))
}

fn set_page_properties(page: &Page, text: &str) -> Result<Change, EditError> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    if let Some(line) = lines.iter().find(|line| property_parts(line).is_none()) {
        return Err(EditError::NotAPropertyLine(line.to_string()));
    }
    let eol = page.line_ending;
    let mut new: String = lines.iter().map(|line| format!("{line}{eol}")).collect();
    let (Some(first), Some(last)) = (page.property_lines().first(), page.property_lines().last())
    else {
        if new.is_empty() {
            return Ok(Change::default());
        }
        // Properties go above every block (after any front matter, which stays as
        // written), with a blank line before the first block.
        let start = page.property_lines_start();
        if start < page.source.len() {
            new.push_str(eol);
        }
        return Ok(Change::single(start..start, new));
    };
    let end = line_end_after(&page.source, last.line.end as usize);
    Ok(Change::single(first.line.start as usize..end, new))
}

/// The end of the line that ends at `at`, after its line ending when it has one.
fn line_end_after(source: &str, at: usize) -> usize {
    let rest = &source[at..];
    if rest.starts_with("\r\n") {
        at + 2
    } else if rest.starts_with(['\n', '\r']) {
        at + 1
    } else {
        at
    }
}

fn remove_property(page: &Page, id: BlockId, key: &str) -> Result<Change, EditError> {
    check_block(page, id)?;
    let block = page.block(id);
    let Some(property) = block
        .properties
        .iter()
        .find(|p| page.text(p.key).eq_ignore_ascii_case(key))
    else {
        return Ok(Change::default());
    };
    let start = property.line.start as usize;
    let end = Lines::new(&page.source, start)
        .next()
        .map_or(page.source.len(), |l| l.end);
    let mut range = start..end;
    // The last line of a file without a final line ending: take the ending before it.
    if end == page.source.len() && !ends_with_line_ending(&page.source) {
        range = strip_line_ending(&page.source[..start]).len()..end;
    }
    Ok(Change::single(range, String::new()))
}
