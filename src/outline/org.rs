//! Org mode pages, read-only: headlines (`*`, `**`, …) are blocks, with their markers,
//! priorities, planning lines, refs and tickets. Cairn never edits Org files.

use super::lines::{indent_len, is_blank, Lines};
use super::parse::Builder;
use super::{BlockForm, BlockId, Layout, Page, ParseOptions, Preamble, Property, Span};

pub(crate) fn parse_org(source: &str, options: &ParseOptions) -> Page {
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let mut preamble = Preamble {
        span: Span::new(0, start),
        ..Preamble::default()
    };
    let mut builder = Builder::new(source, options, start, Vec::new());
    let mut stack: Vec<(usize, BlockId)> = Vec::new();
    for line in Lines::new(source, start) {
        let text = &source[line.start..line.content_end];
        let stars = text.bytes().take_while(|b| *b == b'*').count();
        let is_headline =
            stars > 0 && matches!(text.as_bytes().get(stars), None | Some(b' ' | b'\t'));
        if is_headline && !builder.in_verbatim(line) {
            while stack.last().is_some_and(|(level, _)| *level >= stars) {
                stack.pop();
            }
            let parent = stack.last().map(|(_, id)| *id);
            let id = builder.start_block(BlockForm::OrgHeadline, parent, line, 0, stars + 1);
            stack.push((stars, id));
        } else if builder.current.is_none() {
            if let Some(property) = org_keyword(text, line.start) {
                preamble.properties.push(property);
                preamble.span.end = line.end as u32;
                builder.skip_line();
            } else if is_blank(text) {
                preamble.span.end = line.end as u32;
                builder.skip_line();
            } else {
                builder.start_block(
                    BlockForm::Leading,
                    None,
                    line,
                    indent_len(text),
                    indent_len(text),
                );
            }
        } else {
            builder.continuation(line, indent_len(text));
        }
    }
    builder.finish(preamble, Layout::Org)
}

/// A `#+KEY: value` line at the top of an Org file, read as a page property.
fn org_keyword(text: &str, start: usize) -> Option<Property> {
    let rest = text.strip_prefix("#+")?;
    let colon = rest.find(':')?;
    if colon == 0
        || rest[..colon].contains(char::is_whitespace)
        || rest[..colon].to_ascii_uppercase().starts_with("BEGIN_")
    {
        return None;
    }
    let value = rest[colon + 1..].trim();
    let value_start =
        start + 2 + colon + 1 + (rest[colon + 1..].len() - rest[colon + 1..].trim_start().len());
    Some(Property {
        key: Span::new(start + 2, start + 2 + colon),
        value: Span::new(value_start, value_start + value.len()),
        line: Span::new(start, start + text.len()),
    })
}
