//! Logseq Markdown ⇄ block tree, with no I/O.
//!
//! [`parse`] turns a page's text into a [`Page`]: page properties, a tree of [`Block`]s and
//! a list of [`Diagnostic`]s. It never fails and never panics: whatever the input, every byte
//! of it belongs to exactly one piece of the tree (the preamble or one block's own lines), so
//! [`Page::serialize`] gives the input back byte for byte. Edits ([`Edit`]) are values that
//! compile to a [`Change`], a list of line splices that touch only the lines of the blocks they
//! edit and that can be inverted for undo.
//!
//! Spans are byte offsets into [`Page::source`]. Blocks live in an arena in document order,
//! so a block's descendants are the blocks right after it, up to [`Block::subtree_end`].

mod edit;
mod inline;
mod lines;
mod listing;
mod org;
mod parse;
mod preamble;
mod task;
mod timestamp;
mod trail;
mod verbatim;

pub use edit::{apply, Change, Edit, EditError, Location, Splice};
pub use inline::{is_ticket_lookalike, scan_inline, InlineRefs};
pub use listing::{list_blocks, ListedBlock};
pub use parse::parse;
pub use task::{Marker, Priority};
pub use timestamp::{Repeater, RepeaterKind, RepeaterUnit, Timestamp, TimestampKind};
pub use trail::{descend, trail_of, ELIDED, MAX_CRUMBS};
pub use verbatim::lines_outside_drawers;

use crate::dates::JournalTitleFormat;

/// A half-open byte range into a page's source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn is_empty(self) -> bool {
        self.start >= self.end
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }
}

/// Index of a block in its page's arena. Valid only for the page it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlockId(pub u32);

impl BlockId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Which syntax a page's text is in, as far as its structure goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// Logseq Markdown: a bulleted outline.
    Markdown,
    /// Org mode: headlines are blocks. Cairn reads these but does not edit them.
    Org,
}

/// How a block is written in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockForm {
    /// An outline bullet: indentation, `-`, then the content.
    Bullet,
    /// A Markdown `#` heading line without a bullet (`# Title`, `## Usage`). Logseq makes a
    /// block of it at any indentation; at the left margin it is a top-level block.
    Heading,
    /// Text before the first block that is not page properties (Logseq's pre-block).
    Leading,
    /// An Org mode headline (`*`, `**`, …).
    OrgHeadline,
}

/// Which kind of page the text was laid out as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A Markdown page: an outline of bullets and heading lines, as Logseq reads it.
    Outline,
    /// An Org mode outline.
    Org,
}

/// A `key:: value` property line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// The key as written (Logseq lower-cases keys when it writes them; the file's spelling is kept).
    pub key: Span,
    /// The value, trimmed of surrounding whitespace.
    pub value: Span,
    /// The whole line, without its line ending.
    pub line: Span,
}

/// What kind of reference an inline reference is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// `[[name]]`, including the `[label]([[name]])` link form.
    Page,
    /// `#name` or `#[[multi word]]`.
    Tag,
    /// `((uuid))`.
    Block,
}

/// One reference found in a block's text or a property value, outside code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    pub kind: RefKind,
    /// The referenced name or UUID, as written.
    pub target: Span,
    /// For page refs and tags whose target is a journal title: the day it names.
    pub date: Option<chrono::NaiveDate>,
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Logseq reads this fine, but it may not mean what it looks like.
    Note,
    /// Probably a mistake in the notes; kept as written.
    Warning,
}

/// What a diagnostic is about. The text is kept byte for byte in every case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiagnosticKind {
    UnclosedCodeFence,
    UnclosedDirective,
    UnclosedDrawer,
    MalformedTimestamp,
    WrongWeekday,
    RepeaterWithoutUnit,
    TimestampOnFirstLine,
    PriorityOutOfPlace,
    UnknownPriority,
    UnclosedPageRef,
    UnclosedFrontMatter,
    DeepNesting,
}

impl DiagnosticKind {
    /// A stable, kebab-case name for output and tests.
    pub fn code(self) -> &'static str {
        match self {
            DiagnosticKind::UnclosedCodeFence => "unclosed-code-fence",
            DiagnosticKind::UnclosedDirective => "unclosed-directive",
            DiagnosticKind::UnclosedDrawer => "unclosed-drawer",
            DiagnosticKind::MalformedTimestamp => "malformed-timestamp",
            DiagnosticKind::WrongWeekday => "wrong-weekday",
            DiagnosticKind::RepeaterWithoutUnit => "repeater-without-unit",
            DiagnosticKind::TimestampOnFirstLine => "timestamp-on-first-line",
            DiagnosticKind::PriorityOutOfPlace => "priority-out-of-place",
            DiagnosticKind::UnknownPriority => "unknown-priority",
            DiagnosticKind::UnclosedPageRef => "unclosed-page-ref",
            DiagnosticKind::UnclosedFrontMatter => "unclosed-front-matter",
            DiagnosticKind::DeepNesting => "deep-nesting",
        }
    }
}

/// A problem found while parsing, with where it is and why it matters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub kind: DiagnosticKind,
    pub severity: Severity,
    /// 1-based line number.
    pub line: u32,
    pub span: Span,
    pub message: String,
}

/// The text before the first block: YAML front matter and `key:: value` page properties.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preamble {
    pub span: Span,
    /// The `---` … `---` front matter, closing line included, when the page opens with one.
    pub front_matter: Option<Span>,
    /// Front matter's `key: value` properties first, then the `key:: value` lines.
    pub properties: Vec<Property>,
    pub refs: Vec<Ref>,
    pub tickets: Vec<Span>,
}

/// One block: its own lines (not its children's) and what they say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub parent: Option<BlockId>,
    pub children: Vec<BlockId>,
    /// Depth in the tree: 0 for top-level blocks.
    pub depth: u32,
    pub form: BlockForm,
    /// The block's own lines, from its first byte to the start of the next block.
    pub span: Span,
    /// 1-based line number of the first line.
    pub line: u32,
    /// The indentation before the bullet (or before the text, for dash-less blocks).
    pub indent: Span,
    /// The first line after the bullet and one space, without the line ending.
    pub first_line: Span,
    pub marker: Option<(Marker, Span)>,
    /// The priority and where its `[#X]` is.
    pub priority: Option<(Priority, Span)>,
    /// Heading level from `## text` or a `heading::` property.
    pub heading: Option<u8>,
    pub scheduled: Option<Timestamp>,
    pub deadline: Option<Timestamp>,
    pub properties: Vec<Property>,
    pub refs: Vec<Ref>,
    /// Ticket IDs mentioned outside code, in order, as spans.
    pub tickets: Vec<Span>,
    /// `Some(checked)` for a `- [ ]` / `- [x]` checklist item. Its box is the block's marker
    /// (TODO / DONE) only when [`ParseOptions::checklist_tasks`] is set.
    pub checkbox: Option<bool>,
    /// True when the block has `collapsed:: true` (folded in the outliner).
    pub collapsed: bool,
    /// Index one past the last descendant; the subtree is `self..subtree_end`.
    pub subtree_end: u32,
}

/// A parsed page: the text it came from, its preamble, blocks and diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub source: String,
    pub layout: Layout,
    pub preamble: Preamble,
    pub blocks: Vec<Block>,
    pub roots: Vec<BlockId>,
    pub diagnostics: Vec<Diagnostic>,
    /// `\r\n` or a lone `\r` when the file's lines end that way, else `\n`.
    pub line_ending: &'static str,
}

/// What the parser needs to know about the vault a page belongs to.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// How journal pages are titled, so that `[[2024-12-10 Tuesday]]` is known as a date.
    pub journal_title_format: JournalTitleFormat,
    pub format: Option<SourceFormat>,
    /// Whether `- [ ]` / `- [x]` checklist items are TODO / DONE tasks (`checklist_tasks`
    /// in `cairn.toml`). Logseq does not read them as tasks, so by default they are not.
    pub checklist_tasks: bool,
}

impl Page {
    /// The text of a span of this page.
    pub fn text(&self, span: Span) -> &str {
        &self.source[span.range()]
    }

    pub fn block(&self, id: BlockId) -> &Block {
        &self.blocks[id.index()]
    }

    /// Blocks in document order with their ids.
    pub fn iter(&self) -> impl Iterator<Item = (BlockId, &Block)> {
        self.blocks
            .iter()
            .enumerate()
            .map(|(index, block)| (BlockId(index as u32), block))
    }

    /// The byte range of a block and all its descendants.
    pub fn subtree_span(&self, id: BlockId) -> Span {
        let block = self.block(id);
        let end = if (block.subtree_end as usize) < self.blocks.len() {
            self.blocks[block.subtree_end as usize].span.start
        } else {
            self.source.len() as u32
        };
        Span {
            start: block.span.start,
            end,
        }
    }

    /// Rebuilds the text from the preamble and every block's own lines, in order.
    ///
    /// Equal to [`Page::source`] for every input: that is the losslessness invariant the
    /// parser keeps, and what `cairn roundtrip` checks.
    pub fn serialize(&self) -> String {
        let mut out = String::with_capacity(self.source.len());
        out.push_str(self.text(self.preamble.span));
        for block in &self.blocks {
            out.push_str(self.text(block.span));
        }
        out
    }

    /// The value of a page property, by case-insensitive key.
    pub fn property(&self, key: &str) -> Option<&str> {
        find_property(self, &self.preamble.properties, key)
    }

    /// The page's `key:: value` property lines (not its front matter), in order: what an
    /// edit of the page's properties replaces.
    pub fn property_lines(&self) -> &[Property] {
        let after_front_matter = self.preamble.front_matter.map_or(0, |span| span.end);
        let first = self
            .preamble
            .properties
            .partition_point(|p| p.line.start < after_front_matter);
        &self.preamble.properties[first..]
    }

    /// The `key:: value` property lines as written, one a line.
    pub fn property_lines_text(&self) -> String {
        self.property_lines()
            .iter()
            .map(|p| format!("{}\n", self.text(p.line).trim()))
            .collect()
    }

    /// Where new `key:: value` property lines go: after the byte-order mark and the front
    /// matter, if any.
    pub fn property_lines_start(&self) -> usize {
        match self.preamble.front_matter {
            Some(span) => span.end as usize,
            None if self.source.starts_with('\u{feff}') => 3,
            None => 0,
        }
    }

    /// The value of a block property, by case-insensitive key.
    pub fn block_property(&self, id: BlockId, key: &str) -> Option<&str> {
        find_property(self, &self.block(id).properties, key)
    }

    /// A block's first line with the heading hashes, marker and priority taken off.
    pub fn title(&self, id: BlockId) -> &str {
        let block = self.block(id);
        if self.properties_on_first_line(id) {
            return "";
        }
        let mut start = block.first_line.start as usize;
        let end = block.first_line.end as usize;
        if block.heading.is_some() && block.form != BlockForm::OrgHeadline {
            let text = &self.source[start..end];
            let hashes = text.len() - text.trim_start_matches('#').len();
            if hashes > 0 {
                start += hashes;
            }
        }
        if let Some((_, span)) = block.marker {
            start = start.max(span.end as usize);
        } else if block.checkbox.is_some() {
            // The `[ ]` of a checklist item is its box, shown as a checkbox, not text.
            start += 3;
        }
        if let Some((_, span)) = block.priority {
            if span.start as usize >= start
                && self.source[start..span.start as usize].trim().is_empty()
            {
                start = span.end as usize;
            }
        }
        self.source[start..end].trim()
    }

    /// True for `- id:: 63b7…`: a block whose properties start on its first line, so that
    /// it has no title.
    pub fn properties_on_first_line(&self, id: BlockId) -> bool {
        let block = self.block(id);
        block
            .properties
            .first()
            .is_some_and(|p| p.line.start == block.span.start)
    }

    /// The block's text as a person edits it: the first line and the continuation lines
    /// with the block's indentation taken off, joined by `\n`, trailing blank lines dropped.
    pub fn raw_content(&self, id: BlockId) -> String {
        edit::raw_content(self, id)
    }

    /// The text of every ticket ID the block mentions, in order, without repeats.
    pub fn ticket_ids(&self, id: BlockId) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        for span in &self.block(id).tickets {
            let text = self.text(*span);
            if !seen.contains(&text) {
                seen.push(text);
            }
        }
        seen
    }

    /// Each block's day, in arena order: the first date it references (`[[2024-12-10
    /// Tuesday]]`), else its parent's day, else `default` (the journal's date).
    pub fn block_days(&self, default: Option<chrono::NaiveDate>) -> Vec<Option<chrono::NaiveDate>> {
        let mut days: Vec<Option<chrono::NaiveDate>> = Vec::with_capacity(self.blocks.len());
        for block in &self.blocks {
            let own = block.refs.iter().find_map(|r| r.date);
            let inherited = block.parent.map_or(default, |p| days[p.index()]);
            days.push(own.or(inherited));
        }
        days
    }

    /// The ids of a block's ancestors, nearest first.
    pub fn ancestors(&self, id: BlockId) -> impl Iterator<Item = BlockId> + '_ {
        std::iter::successors(self.block(id).parent, move |p| self.block(*p).parent)
    }
}

fn find_property<'a>(page: &'a Page, properties: &[Property], key: &str) -> Option<&'a str> {
    properties
        .iter()
        .find(|p| page.text(p.key).eq_ignore_ascii_case(key))
        .map(|p| page.text(p.value))
}

#[cfg(test)]
mod tests;
