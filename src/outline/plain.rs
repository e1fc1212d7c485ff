//! Plain Markdown notes with no outline (pasted documents, READMEs): headings become
//! blocks, with the paragraphs, lists and tables below them as their children, and
//! GitHub-style `- [ ]` / `- [x]` items become TODO / DONE.

use super::lines::{indent_len, is_blank, Lines};
use super::parse::{heading_prefix, Builder};
use super::{BlockForm, BlockId, Diagnostic, Layout, Marker, Page, ParseOptions, Preamble, Span};

pub(crate) fn parse_plain(
    source: &str,
    options: &ParseOptions,
    mut preamble: Preamble,
    start: usize,
    diagnostics: Vec<Diagnostic>,
) -> Page {
    let mut builder = Builder::new(source, options, start, diagnostics);
    let mut headings: Vec<(u8, BlockId)> = Vec::new();
    // Open list items: indentation width and block, innermost last.
    let mut items: Vec<(usize, BlockId)> = Vec::new();
    // Whether the next text line continues the current paragraph or list item.
    let mut paragraph_open = false;
    for line in Lines::new(source, start) {
        let text = &source[line.start..line.content_end];
        let indent = indent_len(text);
        let rest = &text[indent..];
        if builder.in_verbatim() {
            builder.continuation(line, indent);
            continue;
        }
        if is_blank(text) {
            if builder.current.is_none() {
                preamble.span.end = line.end as u32;
                builder.skip_line();
            } else {
                builder.continuation(line, indent);
            }
            paragraph_open = false;
            continue;
        }
        if indent < 4 {
            if let Some((level, _)) = heading_prefix(rest) {
                while headings.last().is_some_and(|(l, _)| *l >= level) {
                    headings.pop();
                }
                items.clear();
                let parent = headings.last().map(|(_, id)| *id);
                let id = builder.start_block(BlockForm::Heading, parent, line, indent, indent);
                headings.push((level, id));
                paragraph_open = false;
                continue;
            }
        }
        if let Some(marker_len) = list_item_marker(rest) {
            while items.last().is_some_and(|(width, _)| *width >= indent) {
                items.pop();
            }
            let parent = items
                .last()
                .map(|(_, id)| *id)
                .or_else(|| headings.last().map(|(_, id)| *id));
            let id = builder.start_block(
                BlockForm::ListItem,
                parent,
                line,
                indent,
                indent + marker_len,
            );
            let box_start = line.start + indent + marker_len;
            if let Some(marker) = checkbox(&rest[marker_len..]) {
                builder.set_checkbox(marker, Span::new(box_start, box_start + 3));
            }
            items.push((indent, id));
            paragraph_open = true;
            continue;
        }
        if paragraph_open {
            builder.continuation(line, indent);
            continue;
        }
        // Indented text after a blank line is a further paragraph of the open list item.
        if items.last().is_some_and(|(width, _)| indent > *width) {
            builder.continuation(line, indent);
            paragraph_open = true;
            continue;
        }
        items.clear();
        let parent = headings.last().map(|(_, id)| *id);
        builder.start_block(BlockForm::Paragraph, parent, line, indent, indent);
        paragraph_open = true;
    }
    builder.finish(preamble, Layout::PlainMarkdown)
}

/// The length of a list item's marker and its space: `- `, `* `, `+ `, `1. ` or `1) `.
fn list_item_marker(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    match bytes {
        [b'-' | b'*' | b'+'] => Some(1),
        [b'-' | b'*' | b'+', b' ' | b'\t', ..] => Some(2),
        _ => {
            let digits = bytes
                .iter()
                .take(9)
                .take_while(|b| b.is_ascii_digit())
                .count();
            match (digits, bytes.get(digits), bytes.get(digits + 1)) {
                (1.., Some(b'.' | b')'), None | Some(b' ' | b'\t')) => {
                    Some((digits + 2).min(bytes.len()))
                }
                _ => None,
            }
        }
    }
}

/// `[ ]` is an open task and `[x]` a done one, when followed by a space or the line end.
fn checkbox(text: &str) -> Option<Marker> {
    let marker = match text.get(..3)? {
        "[ ]" => Marker::Todo,
        "[x]" | "[X]" => Marker::Done,
        _ => return None,
    };
    matches!(text.as_bytes().get(3), None | Some(b' ' | b'\t')).then_some(marker)
}
