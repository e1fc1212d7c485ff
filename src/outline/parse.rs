//! The outline parser: a page's text → preamble, block tree and diagnostics.
//!
//! Lines are read once, in order. Each bullet starts a block; every other line belongs to
//! the block before it (its continuation lines: properties, planning lines, body text, code).
//! A block's span runs from its bullet to the next block, so the spans of the preamble and
//! all blocks partition the text. Pages that are not outlines (plain Markdown notes) are
//! handed to [`super::plain`], Org files to [`super::org`].

use super::inline::{scan_into, InlineRefs};
use super::lines::{
    bullet_content_offset, directive_begin, directive_ends, fence_closes, fence_open, indent_len,
    is_blank, Line, Lines,
};
use super::preamble::{parse_preamble, property_at};
use super::task::{find_priority, leading_marker};
use super::timestamp::{parse_planning_line, planning_keyword, TimestampKind};
use super::{
    Block, BlockForm, BlockId, Diagnostic, DiagnosticKind, Layout, Page, ParseOptions, Preamble,
    Priority, Severity, SourceFormat, Span,
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
    match parse_outline(
        source,
        options,
        preamble.clone(),
        start,
        diagnostics.clone(),
    ) {
        Some(page) => page,
        None => super::plain::parse_plain(source, options, preamble, start, diagnostics),
    }
}

/// Parses a bulleted outline, or returns `None` when the text is laid out as plain
/// Markdown (headings or paragraphs at the left margin between or instead of bullets).
fn parse_outline(
    source: &str,
    options: &ParseOptions,
    mut preamble: Preamble,
    start: usize,
    diagnostics: Vec<Diagnostic>,
) -> Option<Page> {
    let mut builder = Builder::new(source, options, start, diagnostics);
    // Open ancestors: indentation width and block, innermost last.
    let mut stack: Vec<(usize, BlockId)> = Vec::new();
    let mut saw_bullet = false;
    for line in Lines::new(source, start) {
        let text = &source[line.start..line.content_end];
        let indent = indent_len(text);
        let rest = &text[indent..];
        let bullet = bullet_content_offset(rest);
        if builder.in_verbatim() {
            let breaks_out =
                bullet.is_some() && builder.current_indent().is_some_and(|w| indent <= w);
            if !breaks_out {
                builder.continuation(line, indent);
                continue;
            }
            builder.close_verbatim_early();
        }
        if let Some(offset) = bullet {
            while stack.last().is_some_and(|(width, _)| *width >= indent) {
                stack.pop();
            }
            let parent = stack.last().map(|(_, id)| *id);
            let id = builder.start_block(BlockForm::Bullet, parent, line, indent, indent + offset);
            stack.push((indent, id));
            saw_bullet = true;
        } else if builder.current.is_none() {
            if is_blank(text) {
                preamble.span.end = line.end as u32;
                builder.skip_line();
            } else if is_markdown_heading(rest) {
                return None;
            } else {
                builder.start_block(BlockForm::Leading, None, line, indent, indent);
            }
        } else {
            let at_margin =
                indent == 0 && !is_blank(text) && builder.current_form() == Some(BlockForm::Bullet);
            if at_margin
                && planning_keyword(rest).is_none()
                && property_at(source, line, 0).is_none()
            {
                return None;
            }
            builder.continuation(line, indent);
        }
    }
    if !saw_bullet && !builder.blocks.is_empty() {
        return None;
    }
    Some(builder.finish(preamble, Layout::Outline))
}

/// `# Title` at the left margin: the sign of a plain Markdown document.
pub(crate) fn is_markdown_heading(rest: &str) -> bool {
    heading_prefix(rest).is_some()
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
    /// An open code fence: its character, length and the line it opened on.
    fence: Option<(u8, usize, u32)>,
    /// An open `#+BEGIN_…` directive: its name, whether refs inside count, its line.
    directive: Option<(String, bool, u32)>,
    /// An open `:LOGBOOK:`-style drawer and its line.
    drawer: Option<u32>,
    /// Still in the lines right after the first, where properties and planning go.
    leading: bool,
    found: InlineRefs,
}

/// Builds the block arena line by line; shared by the outline, plain Markdown and Org readers.
pub(crate) struct Builder<'a> {
    source: &'a str,
    options: &'a ParseOptions,
    pub blocks: Vec<Block>,
    roots: Vec<BlockId>,
    diagnostics: Vec<Diagnostic>,
    /// The block receiving continuation lines.
    pub current: Option<BlockId>,
    state: BlockState,
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
        let line_number =
            1 + memchr::memchr_iter(b'\n', &source.as_bytes()[..start]).count() as u32;
        Builder {
            source,
            options,
            blocks: Vec::new(),
            roots: Vec::new(),
            diagnostics,
            current: None,
            state: BlockState::default(),
            line_number,
            reported_depth: false,
        }
    }

    /// Counts a line that belongs to no block (blank lines before the first one).
    pub fn skip_line(&mut self) {
        self.line_number += 1;
    }

    pub fn in_verbatim(&self) -> bool {
        self.state.fence.is_some() || self.state.directive.is_some()
    }

    pub fn current_indent(&self) -> Option<usize> {
        self.current.map(|id| self.blocks[id.index()].indent.len())
    }

    pub fn current_form(&self) -> Option<BlockForm> {
        self.current.map(|id| self.blocks[id.index()].form)
    }

    /// Ends an unclosed fence or directive because a shallower bullet starts a new block.
    pub fn close_verbatim_early(&mut self) {
        self.report_unclosed();
    }

    fn report_unclosed(&mut self) {
        if let Some((_, _, line)) = self.state.fence.take() {
            self.diagnose_line(
                DiagnosticKind::UnclosedCodeFence,
                Severity::Warning,
                line,
                "code fence is never closed; it ends with its block".to_string(),
            );
        }
        if let Some((name, _, line)) = self.state.directive.take() {
            self.diagnose_line(
                DiagnosticKind::UnclosedDirective,
                Severity::Warning,
                line,
                format!("`#+BEGIN_{name}` has no `#+END_{name}`; it ends with its block"),
            );
        }
        if let Some(line) = self.state.drawer.take() {
            self.diagnose_line(
                DiagnosticKind::UnclosedDrawer,
                Severity::Warning,
                line,
                "drawer has no `:END:` line; it ends with its block".to_string(),
            );
        }
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
        self.report_unclosed();
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
            checkbox: false,
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
        self.read_first_line(id, content);
        self.line_number += 1;
        id
    }

    /// Marks the current block as a `- [ ]` / `- [x]` checkbox item with that marker.
    pub fn set_checkbox(&mut self, marker: super::Marker, span: Span) {
        if let Some(id) = self.current {
            let block = &mut self.blocks[id.index()];
            block.marker = Some((marker, span));
            block.checkbox = true;
        }
    }

    fn read_first_line(&mut self, id: BlockId, content: Span) {
        let source = self.source;
        let text = &source[content.range()];
        let mut offset = 0;
        if let Some((level, prefix)) = heading_prefix(text) {
            self.blocks[id.index()].heading = Some(level);
            offset = prefix;
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
        let stripped = text.trim_start();
        if let Some((fence, count)) = fence_open(stripped) {
            self.state.fence = Some((fence, count, self.line_number));
            self.state.leading = false;
            return;
        }
        if let Some(name) = directive_begin(stripped) {
            self.open_directive(name.to_string());
            return;
        }
        scan_into(
            text,
            content.start as usize,
            &self.options.journal_title_format,
            &mut self.state.found,
        );
    }

    fn open_directive(&mut self, name: String) {
        // Refs inside source, example and query blocks are code, not references.
        let scans = !["SRC", "EXAMPLE", "QUERY", "EXPORT", "COMMENT"]
            .iter()
            .any(|n| n.eq_ignore_ascii_case(&name));
        self.state.directive = Some((name, scans, self.line_number));
        self.state.leading = false;
    }

    /// Adds a non-bullet line to the current block.
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
        if let Some((fence, count, _)) = self.state.fence {
            if fence_closes(rest, fence, count) {
                self.state.fence = None;
            }
            return;
        }
        if let Some((name, scans, _)) = &self.state.directive {
            if directive_ends(rest, name) {
                self.state.directive = None;
            } else if *scans {
                scan_into(rest, rest_start, dates, &mut self.state.found);
            }
            return;
        }
        if self.state.drawer.is_some() {
            if rest.trim_end() == ":END:" {
                self.state.drawer = None;
            }
            return;
        }
        if is_blank(rest) {
            return;
        }
        if let Some((fence, count)) = fence_open(rest) {
            self.state.fence = Some((fence, count, line_number));
            self.state.leading = false;
            return;
        }
        if let Some(name) = directive_begin(rest) {
            self.open_directive(name.to_string());
            return;
        }
        if self.state.leading {
            if is_drawer_open(rest) {
                self.state.drawer = Some(line_number);
                return;
            }
            if planning_keyword(rest).is_some() {
                self.read_planning(id, rest, rest_start, line_number);
                return;
            }
            if let Some(property) = property_at(source, line, indent) {
                let value = property.value;
                scan_into(
                    &source[value.range()],
                    value.start as usize,
                    dates,
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
    let text = rest.trim_end();
    text.len() > 2
        && text.starts_with(':')
        && text.ends_with(':')
        && text[1..text.len() - 1]
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b == b'_')
}

fn detect_line_ending(source: &str) -> &'static str {
    match memchr::memchr(b'\n', source.as_bytes()) {
        Some(i) if i > 0 && source.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}
