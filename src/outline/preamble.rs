//! The top of a page before its first block: a byte-order mark, YAML front matter and the
//! `key:: value` page properties (Logseq's pre-block), with the blank lines after them.

use super::inline::{scan_into, InlineRefs};
use super::lines::{is_blank, Line, Lines};
use super::{Diagnostic, DiagnosticKind, Preamble, Property, Severity, Span};
use crate::dates::JournalTitleFormat;

/// The key and value of a `key:: value` line (`text` without indentation), as ranges.
pub(crate) fn property_parts(
    text: &str,
) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let colons = memchr::memmem::find(text.as_bytes(), b"::")?;
    let key = &text[..colons];
    if key.is_empty()
        || key.bytes().any(|b| {
            b.is_ascii_whitespace()
                || matches!(b, b'[' | b']' | b'(' | b')' | b'`' | b'"' | b':' | b'#')
        })
    {
        return None;
    }
    let after = colons + 2;
    match text.as_bytes().get(after) {
        None | Some(b' ' | b'\t') => {}
        _ => return None,
    }
    let value = &text[after..];
    let value_start = after + (value.len() - value.trim_start().len());
    let value_end = after + value.trim_end().len();
    Some((0..colons, value_start..value_end.max(value_start)))
}

/// Builds a [`Property`] for a line whose text (after `indent` bytes) is `key:: value`.
pub(crate) fn property_at(source: &str, line: Line, indent: usize) -> Option<Property> {
    let start = line.start + indent;
    let (key, value) = property_parts(&source[start..line.content_end])?;
    Some(Property {
        key: Span::new(start + key.start, start + key.end),
        value: Span::new(start + value.start, start + value.end),
        line: Span::new(line.start, line.content_end),
    })
}

/// Reads the preamble and returns it with the offset where the blocks start.
pub(crate) fn parse_preamble(
    source: &str,
    dates: &JournalTitleFormat,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Preamble, usize) {
    let mut end = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let mut properties = Vec::new();
    let mut consumed_any = false;
    let mut front_matter_span = None;

    if let Some(first) = Lines::new(source, end).next() {
        if source[first.start..first.content_end].trim_end() == "---" {
            match front_matter(source, first) {
                Some((yaml_properties, after)) => {
                    front_matter_span = Some(Span::new(first.start, after));
                    properties.extend(yaml_properties);
                    end = after;
                    consumed_any = true;
                }
                None => diagnostics.push(Diagnostic {
                    kind: DiagnosticKind::UnclosedFrontMatter,
                    severity: Severity::Note,
                    line: 1,
                    span: Span::new(first.start, first.content_end),
                    message: "`---` opens no front matter: no closing `---` line; read as text"
                        .to_string(),
                }),
            }
        }
    }

    for line in Lines::new(source, end) {
        match property_at(source, line, 0) {
            Some(property) => {
                properties.push(property);
                end = line.end;
                consumed_any = true;
            }
            None => break,
        }
    }
    if consumed_any {
        for line in Lines::new(source, end) {
            if !is_blank(&source[line.start..line.content_end]) {
                break;
            }
            end = line.end;
        }
    }

    let mut found = InlineRefs::default();
    for property in &properties {
        let value = property.value;
        scan_into(
            &source[value.range()],
            value.start as usize,
            dates,
            &mut found,
        );
    }
    let preamble = Preamble {
        span: Span::new(0, end),
        front_matter: front_matter_span,
        properties,
        refs: found.refs,
        tickets: found.tickets,
    };
    (preamble, end)
}

/// Parses `---` … `---` front matter whose first line is `open`: its `key: value`
/// properties and the offset after the closing line.
fn front_matter(source: &str, open: Line) -> Option<(Vec<Property>, usize)> {
    let mut properties = Vec::new();
    for line in Lines::new(source, open.end) {
        let text = &source[line.start..line.content_end];
        if text.trim_end() == "---" {
            return Some((properties, line.end));
        }
        if text.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        if let Some(colon) = text
            .find(": ")
            .or_else(|| text.strip_suffix(':').map(|t| t.len()))
        {
            let key = &text[..colon];
            if !key.is_empty() && !key.contains(char::is_whitespace) {
                let after = &text[colon + 1..];
                let value = after.trim();
                let value_start = line.start + colon + 1 + (after.len() - after.trim_start().len());
                properties.push(Property {
                    key: Span::new(line.start, line.start + colon),
                    value: Span::new(value_start, value_start + value.len()),
                    line: Span::new(line.start, line.content_end),
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_lines() {
        assert_eq!(property_parts("tags:: goal,project"), Some((0..4, 7..19)));
        assert_eq!(property_parts("empty::"), Some((0..5, 7..7)));
        assert_eq!(property_parts("a::b"), None);
        assert_eq!(property_parts("see https://x::y"), None);
        assert_eq!(property_parts(":: x"), None);
    }
}
