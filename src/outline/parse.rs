//! The outline parser: a page's text → preamble, block tree and diagnostics.
//!
//! Lines are read once, in order, and blocks are where Logseq's parser (mldoc) puts them:
//! a bullet (`- `) at any indentation, and a `#` heading line at any indentation, each
//! start a block whose depth comes from its indentation. Every other line belongs to the
//! block before it (its continuation lines: properties, planning lines, body text, code),
//! whatever its indentation, margin text included. Text before the first block that is not
//! page properties is a block of its own (Logseq's pre-block). Code fences, directives,
//! drawers, display math and HTML hide the bullets inside them, but only when they are
//! closed ([`super::verbatim`]). A block's span runs from its first line to the next block,
//! so the spans of the preamble and all blocks partition the text. Org files are read by
//! [`super::org`].

use super::inline::{scan_into, InlineRefs};
use super::lines::{bullet_content_offset, count_line_ends, indent_len, is_blank, Line, Lines};
use super::preamble::{parse_preamble, property_at, property_parts};
use super::task::{find_priority, leading_marker};
use super::timestamp::{parse_planning_line, planning_keyword, TimestampKind};
use super::verbatim::{Construct, Finder, Opening, Run, RunKind};
use super::{
    Block, BlockForm, BlockId, Diagnostic, DiagnosticKind, Layout, Marker, Page, ParseOptions,
    Preamble, Priority, Property, Severity, SourceFormat, Span,
};

/// Depth past which a page is reported as unusually deep (it still parses).
const DEEP_NESTING: u32 = 256;

/// Parses a page. Never fails: problems become [`Page::diagnostics`].
pub fn parse(source: &str, options: &ParseOptions) -> Page {
    if options.format == Some(SourceFormat::Org) {
        return super::org::parse_org(source, options);
    }
    let mut diagnostics = Vec::new();
    let (preamble, start) = parse_preamble(source, &options.journal_title_format, &mut diagnostics);
    parse_outline(source, options, preamble, start, diagnostics)
}

/// Reads the blocks of a Markdown page after its preamble.
fn parse_outline(
    source: &str,
    options: &ParseOptions,
    mut preamble: Preamble,
    start: usize,
    diagnostics: Vec<Diagnostic>,
) -> Page {
    let mut builder = Builder::new(source, options, start, diagnostics);
    // Open ancestors: indentation width and block, innermost last.
    let mut stack: Vec<(usize, BlockId)> = Vec::new();
    for line in Lines::new(source, start) {
        let text = &source[line.start..line.content_end];
        if builder.in_verbatim(line) {
            builder.continuation(line, indent_len(text));
            continue;
        }
        let indent = indent_len(text);
        let rest = &text[indent..];
        if let Some(paragraph) = builder.lazy_paragraph() {
            if paragraph.continues(text) {
                builder.lazy_line(line, indent);
                continue;
            }
            builder.end_lazy_paragraph();
        }
        let content_offset = bullet_content_offset(rest)
            .map(|offset| (BlockForm::Bullet, offset))
            .or_else(|| is_heading_line(rest).then_some((BlockForm::Heading, 0)));
        if let Some((form, offset)) = content_offset {
            while stack.last().is_some_and(|(width, _)| *width >= indent) {
                stack.pop();
            }
            let parent = stack.last().map(|(_, id)| *id);
            let id = builder.start_block(form, parent, line, indent, indent + offset);
            stack.push((indent, id));
        } else if builder.current.is_none() {
            if is_blank(text) {
                preamble.span.end = line.end as u32;
                builder.skip_line();
            } else {
                builder.start_block(BlockForm::Leading, None, line, indent, indent);
            }
        } else {
            builder.continuation(line, indent);
        }
    }
    builder.finish(preamble, Layout::Outline)
}

/// A Markdown heading line (`#`, `## Usage`): one or more `#` and then a space or the end.
/// mldoc makes a block of it at any indentation and with any number of `#`.
pub(crate) fn is_heading_line(rest: &str) -> bool {
    let hashes = rest.bytes().take_while(|b| *b == b'#').count();
    hashes > 0 && matches!(rest.as_bytes().get(hashes), None | Some(b' ' | b'\t'))
}

/// A paragraph that runs on over the lines below it (mldoc's lazy continuation), so that
/// what looks like a heading or a code fence there is its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LazyParagraph {
    /// A `>` quote: it goes on over every line but a blank one, a bullet and a one-`#`
    /// heading, so `## Usage` or a fence right below a quote is quoted text.
    Quote,
    /// An indented list item (`1. x`, `* x`): it goes on over every line but an empty one
    /// and a bullet, headings of any level included.
    ListItem,
}

impl LazyParagraph {
    /// Whether `text`, a whole line, is part of the paragraph.
    fn continues(self, text: &str) -> bool {
        let rest = &text[indent_len(text)..];
        if bullet_content_offset(rest).is_some() {
            return false;
        }
        match self {
            LazyParagraph::Quote => {
                let one_hash_heading =
                    rest.starts_with('#') && matches!(rest.as_bytes().get(1), None | Some(b' '));
                !(is_blank(rest) || one_hash_heading)
            }
            LazyParagraph::ListItem => !text.is_empty(),
        }
    }

    /// The paragraph a continuation line at `indent` opens, if any.
    fn opened_by(rest: &str, indent: usize) -> Option<LazyParagraph> {
        if opens_quote(rest) {
            return Some(LazyParagraph::Quote);
        }
        (indent > 0 && is_list_item(rest)).then_some(LazyParagraph::ListItem)
    }
}

/// `> text`: a quote opens only where text follows the `>`; a lone `>` is plain text.
fn opens_quote(rest: &str) -> bool {
    rest.strip_prefix('>')
        .is_some_and(|quoted| !is_blank(quoted))
}

/// `1. text`, `* text` or `+ text`: a Markdown list item that is not a Logseq bullet.
fn is_list_item(rest: &str) -> bool {
    let bytes = rest.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    matches!(
        (digits, bytes.get(digits), bytes.get(digits + 1)),
        (1..=9, Some(b'.'), Some(b' ')) | (0, Some(b'*' | b'+'), Some(b' '))
    )
}

/// The level of a `## heading` and the length of its `## ` prefix.
pub(crate) fn heading_prefix(text: &str) -> Option<(u8, usize)> {
    let hashes = text.bytes().take_while(|b| *b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    match text.as_bytes().get(hashes) {
        None => Some((hashes as u8, hashes)),
        Some(b' ' | b'\t') => Some((hashes as u8, hashes + 1)),
        _ => None,
    }
}

/// What the block being read is in the middle of.
#[derive(Default)]
struct BlockState {
    /// The closed verbatim construct the block's lines are in.
    verbatim: Option<Run>,
    /// Still in the lines right after the first, where properties and planning go.
    leading: bool,
    /// A quote or list item that takes in the lines below it.
    lazy: Option<LazyParagraph>,
    found: InlineRefs,
}

/// Builds the block arena line by line; shared by the Markdown and Org readers.
pub(crate) struct Builder<'a> {
    source: &'a str,
    options: &'a ParseOptions,
    pub blocks: Vec<Block>,
    roots: Vec<BlockId>,
    diagnostics: Vec<Diagnostic>,
    /// The block receiving continuation lines.
    pub current: Option<BlockId>,
    state: BlockState,
    finder: Finder,
    /// 1-based number of the next line to be read.
    line_number: u32,
    reported_depth: bool,
}

impl<'a> Builder<'a> {
    pub fn new(
        source: &'a str,
        options: &'a ParseOptions,
        start: usize,
        diagnostics: Vec<Diagnostic>,
    ) -> Builder<'a> {
        let line_number = 1 + count_line_ends(&source.as_bytes()[..start]) as u32;
        Builder {
            source,
            options,
            blocks: Vec::new(),
            roots: Vec::new(),
            diagnostics,
            current: None,
            state: BlockState::default(),
            finder: Finder::default(),
            line_number,
            reported_depth: false,
        }
    }

    /// Counts a line that belongs to no block (blank lines before the first one).
    pub fn skip_line(&mut self) {
        self.line_number += 1;
    }

    pub fn lazy_paragraph(&self) -> Option<LazyParagraph> {
        self.state.lazy
    }

    pub fn end_lazy_paragraph(&mut self) {
        self.state.lazy = None;
    }

    /// Adds a line of a quote or list item: text whose refs count, and nothing opens in it.
    pub fn lazy_line(&mut self, line: Line, indent: usize) {
        self.line_number += 1;
        let Some(id) = self.current else {
            return;
        };
        self.blocks[id.index()].span.end = line.end as u32;
        let rest_start = line.start + indent;
        scan_into(
            &self.source[rest_start..line.content_end],
            rest_start,
            &self.options.journal_title_format,
            &mut self.state.found,
        );
    }

    /// True when `line` is inside a closed code fence, directive, drawer, math or HTML.
    pub fn in_verbatim(&self, line: Line) -> bool {
        self.state.verbatim.is_some_and(|run| line.start < run.end)
    }

    fn diagnose_line(
        &mut self,
        kind: DiagnosticKind,
        severity: Severity,
        line: u32,
        message: String,
    ) {
        let span = self
            .current
            .map(|id| self.blocks[id.index()].span)
            .unwrap_or_default();
        self.diagnostics.push(Diagnostic {
            kind,
            severity,
            line,
            span: Span::new(span.start as usize, span.start as usize),
            message,
        });
    }

    /// Reports a problem on the line being read.
    fn diagnose(
        &mut self,
        kind: DiagnosticKind,
        severity: Severity,
        span: std::ops::Range<usize>,
        message: String,
    ) {
        self.diagnose_at(self.line_number, kind, severity, span, message);
    }

    fn diagnose_at(
        &mut self,
        line: u32,
        kind: DiagnosticKind,
        severity: Severity,
        span: std::ops::Range<usize>,
        message: String,
    ) {
        self.diagnostics.push(Diagnostic {
            kind,
            severity,
            line,
            span: Span::new(span.start, span.end),
            message,
        });
    }

    /// Ends the current block (its span stops where `at` begins) and moves its findings in.
    fn end_block(&mut self, at: usize) {
        let Some(id) = self.current.take() else {
            return;
        };
        let state = std::mem::take(&mut self.state);
        let block = &mut self.blocks[id.index()];
        block.span.end = at as u32;
        block.refs = state.found.refs;
        block.tickets = state.found.tickets;
        for offset in state.found.unclosed_page_refs {
            self.diagnostics.push(Diagnostic {
                kind: DiagnosticKind::UnclosedPageRef,
                severity: Severity::Note,
                line: self.blocks[id.index()].line,
                span: Span::new(offset, offset + 2),
                message: "`[[` is never closed with `]]`; read as text".to_string(),
            });
        }
    }

    /// Starts a block whose first line is `line`: indentation is `indent` bytes and the
    /// content starts `content_start` bytes into the line.
    pub fn start_block(
        &mut self,
        form: BlockForm,
        parent: Option<BlockId>,
        line: Line,
        indent: usize,
        content_start: usize,
    ) -> BlockId {
        self.end_block(line.start);
        let id = BlockId(self.blocks.len() as u32);
        let depth = parent.map_or(0, |p| self.blocks[p.index()].depth + 1);
        if depth > DEEP_NESTING && !self.reported_depth {
            self.reported_depth = true;
            self.diagnose(
                DiagnosticKind::DeepNesting,
                Severity::Note,
                line.start..line.start,
                format!("blocks nest deeper than {DEEP_NESTING} levels here"),
            );
        }
        let content = Span::new(
            (line.start + content_start).min(line.content_end),
            line.content_end,
        );
        self.blocks.push(Block {
            parent,
            children: Vec::new(),
            depth,
            form,
            span: Span::new(line.start, line.end),
            line: self.line_number,
            indent: Span::new(line.start, line.start + indent),
            first_line: content,
            marker: None,
            priority: None,
            heading: None,
            scheduled: None,
            deadline: None,
            properties: Vec::new(),
            refs: Vec::new(),
            tickets: Vec::new(),
            checkbox: None,
            collapsed: false,
            subtree_end: id.0 + 1,
        });
        match parent {
            Some(p) => self.blocks[p.index()].children.push(id),
            None => self.roots.push(id),
        }
        self.current = Some(id);
        self.state = BlockState {
            leading: true,
            ..BlockState::default()
        };
        self.read_first_line(id, line, content);
        self.line_number += 1;
        id
    }

    fn read_first_line(&mut self, id: BlockId, line: Line, content: Span) {
        let source = self.source;
        let text = &source[content.range()];
        // `- id:: 63b7…`: a block with no title whose properties start on its first line.
        if self.blocks[id.index()].form == BlockForm::Bullet {
            if let Some((key, value)) = property_parts(text) {
                let start = content.start as usize;
                let property = Property {
                    key: Span::new(start + key.start, start + key.end),
                    value: Span::new(start + value.start, start + value.end),
                    line: Span::new(line.start, line.content_end),
                };
                self.add_property(id, property);
                return;
            }
        }
        if self.blocks[id.index()].form == BlockForm::Leading {
            // Logseq's pre-block is text: no heading, marker or priority of its own.
            self.read_text_line(line, content);
            return;
        }
        let mut offset = 0;
        if let Some((level, prefix)) = heading_prefix(text) {
            self.blocks[id.index()].heading = Some(level);
            offset = prefix;
        }
        if self.blocks[id.index()].form == BlockForm::Bullet && offset == 0 {
            self.read_checkbox(id, content);
        }
        if let Some((marker, len)) = leading_marker(&text[offset..]) {
            let start = content.start as usize + offset;
            self.blocks[id.index()].marker = Some((marker, Span::new(start, start + len)));
            offset += len;
        }
        if let Some((letter, range)) = find_priority(text) {
            let span = Span::new(
                content.start as usize + range.start,
                content.start as usize + range.end,
            );
            match Priority::from_letter(letter) {
                Some(priority) => {
                    self.blocks[id.index()].priority = Some((priority, span));
                    let right_after_marker = text[offset..range.start].trim().is_empty();
                    if self.blocks[id.index()].marker.is_some() && !right_after_marker {
                        self.diagnose(
                            DiagnosticKind::PriorityOutOfPlace,
                            Severity::Note,
                            span.range(),
                            format!("priority [#{letter}] is not right after the marker; Logseq still reads it"),
                        );
                    }
                }
                None => self.diagnose(
                    DiagnosticKind::UnknownPriority,
                    Severity::Warning,
                    span.range(),
                    format!("[#{letter}] is not a priority (A, B or C); kept as text"),
                ),
            }
        }
        let rest = &text[offset..];
        let rest_trimmed = rest.trim_start();
        if planning_keyword(rest_trimmed).is_some()
            || text.contains("DEADLINE: <")
            || text.contains("SCHEDULED: <")
        {
            self.diagnose(
                DiagnosticKind::TimestampOnFirstLine,
                Severity::Note,
                content.range(),
                "SCHEDULED/DEADLINE on the first line is plain text to Logseq; put it on the next line"
                    .to_string(),
            );
        }
        self.read_text_line(line, content);
    }

    /// Reads the text of a first line: a verbatim construct it opens, else its refs.
    fn read_text_line(&mut self, line: Line, content: Span) {
        let source = self.source;
        let text = &source[content.range()];
        let stripped_at = content.start as usize + (text.len() - text.trim_start().len());
        let stripped = &source[stripped_at..content.end as usize];
        if self.open_verbatim(line, self.line_number, stripped, stripped_at) {
            return;
        }
        if opens_quote(stripped) {
            self.state.lazy = Some(LazyParagraph::Quote);
        }
        scan_into(
            text,
            content.start as usize,
            &self.options.journal_title_format,
            &mut self.state.found,
        );
    }

    /// `- [ ] item` / `- [x] item`: a checklist item. It is a TODO / DONE task only where
    /// the vault asks for it (`checklist_tasks` in `cairn.toml`), as Logseq has no such tasks.
    fn read_checkbox(&mut self, id: BlockId, content: Span) {
        let text = self.source[content.range()].as_bytes();
        let checked = match text.get(..3) {
            Some(b"[ ]") => false,
            Some(b"[x]" | b"[X]") => true,
            _ => return,
        };
        if !matches!(text.get(3), None | Some(b' ' | b'\t')) {
            return;
        }
        let block = &mut self.blocks[id.index()];
        block.checkbox = Some(checked);
        if self.options.checklist_tasks {
            let marker = if checked { Marker::Done } else { Marker::Todo };
            let start = content.start as usize;
            block.marker = Some((marker, Span::new(start, start + 3)));
        }
    }

    /// Opens the verbatim construct `rest` (at byte `at`) starts, if it is closed below;
    /// returns whether one opened. An unclosed one is reported and read as text.
    fn open_verbatim(&mut self, line: Line, line_number: u32, rest: &str, at: usize) -> bool {
        match self.finder.open(self.source, rest, at, line.end) {
            None => false,
            Some(Opening::Closed(run)) => {
                if run.kind != RunKind::Drawer && run.kind != RunKind::Properties {
                    self.state.leading = false;
                }
                self.state.verbatim = Some(run);
                if run.end <= line.end {
                    // Opened and closed on this one line (`$$x$$`, `<p>…</p>`).
                    self.state.verbatim = None;
                }
                true
            }
            Some(Opening::Unclosed(construct)) => {
                let (kind, what) = match construct {
                    Construct::Fence => (DiagnosticKind::UnclosedCodeFence, "code fence"),
                    Construct::Directive => (DiagnosticKind::UnclosedDirective, "`#+BEGIN_…`"),
                    Construct::Drawer => (DiagnosticKind::UnclosedDrawer, "drawer"),
                    Construct::Math => (DiagnosticKind::UnclosedDirective, "`$$`"),
                    Construct::Html => (DiagnosticKind::UnclosedDirective, "HTML element"),
                };
                self.diagnose_line(
                    kind,
                    Severity::Warning,
                    line_number,
                    format!("{what} is never closed; Logseq reads it as text, so bullets after it are blocks"),
                );
                false
            }
        }
    }

    fn add_property(&mut self, id: BlockId, property: Property) {
        let source = self.source;
        let value = property.value;
        scan_into(
            &source[value.range()],
            value.start as usize,
            &self.options.journal_title_format,
            &mut self.state.found,
        );
        let key = &source[property.key.range()];
        let value_text = &source[value.range()];
        let block = &mut self.blocks[id.index()];
        if key.eq_ignore_ascii_case("collapsed") {
            block.collapsed = value_text.eq_ignore_ascii_case("true");
        } else if key.eq_ignore_ascii_case("heading") && block.heading.is_none() {
            block.heading = value_text.parse().ok().filter(|l| (1..=6).contains(l));
        }
        block.properties.push(property);
    }

    /// Adds a line that starts no block to the current block.
    pub fn continuation(&mut self, line: Line, indent: usize) {
        let source = self.source;
        let line_number = self.line_number;
        self.line_number += 1;
        let Some(id) = self.current else {
            return;
        };
        self.blocks[id.index()].span.end = line.end as u32;
        let rest_start = line.start + indent;
        let rest = &source[rest_start..line.content_end];
        let dates = &self.options.journal_title_format;
        if let Some(run) = self.state.verbatim {
            if line.end >= run.end {
                self.state.verbatim = None;
            }
            match run.kind {
                RunKind::Text => scan_into(rest, rest_start, dates, &mut self.state.found),
                RunKind::Properties => {
                    if let Some(property) = drawer_property(line, rest_start, rest) {
                        self.add_property(id, property);
                    }
                }
                RunKind::Code | RunKind::Drawer => {}
            }
            return;
        }
        if is_blank(rest) {
            return;
        }
        if self.open_verbatim(line, line_number, rest, rest_start) {
            return;
        }
        if let Some(paragraph) = LazyParagraph::opened_by(rest, indent) {
            self.state.lazy = Some(paragraph);
            self.state.leading = false;
            scan_into(rest, rest_start, dates, &mut self.state.found);
            return;
        }
        if self.state.leading {
            if planning_keyword(rest).is_some() {
                self.read_planning(id, rest, rest_start, line_number);
                return;
            }
            if let Some(property) = property_at(source, line, indent) {
                self.add_property(id, property);
                return;
            }
        }
        self.state.leading = false;
        scan_into(rest, rest_start, dates, &mut self.state.found);
    }

    fn read_planning(&mut self, id: BlockId, rest: &str, rest_start: usize, line: u32) {
        for item in parse_planning_line(rest, rest_start) {
            for (kind, span, message) in item.problems {
                let severity = if kind == DiagnosticKind::WrongWeekday {
                    Severity::Note
                } else {
                    Severity::Warning
                };
                self.diagnose_at(line, kind, severity, span, message);
            }
            let Some(timestamp) = item.timestamp else {
                continue;
            };
            let block = &mut self.blocks[id.index()];
            let slot = match item.keyword {
                TimestampKind::Scheduled => &mut block.scheduled,
                TimestampKind::Deadline => &mut block.deadline,
            };
            // Logseq reads the first of each; later ones stay in the text.
            if slot.is_none() {
                *slot = Some(timestamp);
            }
        }
    }

    /// Finishes the page: closes the last block and computes subtree extents.
    pub fn finish(mut self, preamble: Preamble, layout: Layout) -> Page {
        self.end_block(self.source.len());
        for index in (0..self.blocks.len()).rev() {
            if let Some(last) = self.blocks[index].children.last() {
                self.blocks[index].subtree_end = self.blocks[last.index()].subtree_end;
            }
        }
        let line_ending = detect_line_ending(self.source);
        Page {
            source: self.source.to_string(),
            layout,
            preamble,
            blocks: self.blocks,
            roots: self.roots,
            diagnostics: self.diagnostics,
            line_ending,
        }
    }
}

/// A `:LOGBOOK:` or `:PROPERTIES:` drawer opening line.
pub(crate) fn is_drawer_open(rest: &str) -> bool {
    super::verbatim::drawer_name(rest).is_some()
}

/// A `:key: value` line of a `:PROPERTIES:` drawer, as a property.
fn drawer_property(line: Line, rest_start: usize, rest: &str) -> Option<Property> {
    let inner = rest.strip_prefix(':')?;
    let colon = inner.find(':')?;
    let key = &inner[..colon];
    if key.is_empty() || key.contains(char::is_whitespace) || key.eq_ignore_ascii_case("END") {
        return None;
    }
    let after = &inner[colon + 1..];
    let value = after.trim();
    let key_start = rest_start + 1;
    let value_start = key_start + colon + 1 + (after.len() - after.trim_start().len());
    Some(Property {
        key: Span::new(key_start, key_start + colon),
        value: Span::new(value_start, value_start + value.len()),
        line: Span::new(line.start, line.content_end),
    })
}

/// The ending of the file's first line, which new lines are given; `\n` for a file of one.
fn detect_line_ending(source: &str) -> &'static str {
    match Lines::new(source, 0)
        .next()
        .map(|line| &source[line.content_end..line.end])
    {
        Some("\r\n") => "\r\n",
        Some("\r") => "\r",
        _ => "\n",
    }
}
