//! Multi-line constructs whose lines are text, not blocks: code fences, `#+BEGIN_…`
//! directives, `:DRAWER:`s, `$$` display math and raw HTML.
//!
//! Logseq's parser reads each of these only when it is closed somewhere below: the opening
//! line then hides every bullet and heading up to the closing line, wherever that is, even
//! past lines that look like shallower bullets; an opening line that nothing closes is
//! plain text, and the bullets after it are blocks. So opening a construct means looking
//! ahead for its end. [`Finder`] remembers, per kind of closer, the offset past which none
//! exists, so that a page full of unclosed openers is still read in linear time.

use std::collections::HashMap;

use super::lines::{line_texts, Lines};

/// What a verbatim run holds, which decides what is read inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RunKind {
    /// A code fence, a source/example/query/export/comment directive, math or HTML: code.
    Code,
    /// A quote, note, tip or other directive: text whose refs count.
    Text,
    /// A `:LOGBOOK:`-style drawer: metadata, neither text nor properties.
    Drawer,
    /// A `:PROPERTIES:` drawer of `:key: value` lines.
    Properties,
}

/// A verbatim construct that was opened and is closed: it runs up to `end`, the end of its
/// closing line (line ending included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Run {
    pub kind: RunKind,
    pub end: usize,
}

/// What a line that opens a construct led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Opening {
    Closed(Run),
    /// Nothing below closes it: the line is text, as Logseq reads it.
    Unclosed(Construct),
}

/// The kinds of construct, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Construct {
    Fence,
    Directive,
    Drawer,
    Math,
    Html,
}

/// Closers looked for and not found: none exists from the recorded offset on.
#[derive(Default)]
pub(crate) struct Finder {
    no_fence_from: Option<usize>,
    no_math_from: Option<usize>,
    no_drawer_end_from: Option<usize>,
    no_comment_end_from: Option<usize>,
    /// By lower-cased directive name or HTML tag.
    no_directive_end_from: HashMap<String, usize>,
    no_html_close_from: HashMap<String, usize>,
}

/// Directives whose content is code: refs inside them are not references.
const CODE_DIRECTIVES: [&str; 5] = ["SRC", "EXAMPLE", "QUERY", "EXPORT", "COMMENT"];

impl Finder {
    /// Checks whether `rest` (a line without its indentation, starting at byte `rest_start`
    /// of `source`, whose line ends at `line_end`) opens a construct, and where it closes.
    pub fn open(
        &mut self,
        source: &str,
        rest: &str,
        rest_start: usize,
        line_end: usize,
    ) -> Option<Opening> {
        let line_wise = rest.starts_with("```")
            || rest.starts_with("~~~")
            || directive_begin(rest).is_some()
            || drawer_name(rest).is_some();
        if line_wise && ends_in_lone_cr(source, line_end) {
            return None;
        }
        if rest.starts_with("```") || rest.starts_with("~~~") {
            return Some(self.fence(source, line_end));
        }
        if let Some(name) = directive_begin(rest) {
            return Some(self.directive(source, name, line_end));
        }
        if let Some(name) = drawer_name(rest) {
            return Some(self.drawer(source, name, line_end));
        }
        if rest.starts_with("$$") {
            return Some(self.math(source, rest_start + 2));
        }
        if rest.starts_with("<!--") {
            return Some(self.comment(source, rest_start + 4));
        }
        if let Some(tag) = html_tag(rest) {
            return Some(self.html(source, tag, rest_start));
        }
        None
    }

    fn fence(&mut self, source: &str, from: usize) -> Opening {
        let found = find_line(source, from, &mut self.no_fence_from, |text| {
            let text = text.trim_start();
            text.starts_with("```") || text.starts_with("~~~")
        });
        closed(found, RunKind::Code, Construct::Fence)
    }

    fn directive(&mut self, source: &str, name: &str, from: usize) -> Opening {
        let key = name.to_ascii_lowercase();
        let mut unseen = self.no_directive_end_from.get(&key).copied();
        let end_marker = format!("#+end_{key}");
        let found = find_line(source, from, &mut unseen, |text| {
            text.trim_start()
                .get(..end_marker.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(&end_marker))
        });
        if let Some(offset) = unseen {
            self.no_directive_end_from.insert(key, offset);
        }
        let kind = if CODE_DIRECTIVES.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            RunKind::Code
        } else {
            RunKind::Text
        };
        closed(found, kind, Construct::Directive)
    }

    fn drawer(&mut self, source: &str, name: &str, from: usize) -> Opening {
        let found = find_line(source, from, &mut self.no_drawer_end_from, |text| {
            text.trim().eq_ignore_ascii_case(":END:")
        });
        let kind = if name.eq_ignore_ascii_case("PROPERTIES") {
            RunKind::Properties
        } else {
            RunKind::Drawer
        };
        closed(found, kind, Construct::Drawer)
    }

    fn math(&mut self, source: &str, from: usize) -> Opening {
        let found = find_text(source, from, "$$", &mut self.no_math_from);
        closed(found, RunKind::Code, Construct::Math)
    }

    fn comment(&mut self, source: &str, from: usize) -> Opening {
        let found = find_text(source, from, "-->", &mut self.no_comment_end_from);
        closed(found, RunKind::Code, Construct::Html)
    }

    /// An HTML element runs to the `</tag>` that balances its opening tag.
    fn html(&mut self, source: &str, tag: &str, from: usize) -> Opening {
        let key = tag.to_ascii_lowercase();
        if self
            .no_html_close_from
            .get(&key)
            .is_some_and(|no_close| *no_close <= from)
        {
            return Opening::Unclosed(Construct::Html);
        }
        let open = format!("<{key}");
        let close = format!("</{key}>");
        let lower = source[from..].to_ascii_lowercase();
        let mut depth = 0usize;
        let mut at = 0;
        let mut closes_seen = false;
        while at < lower.len() {
            let next_open = find_tag_open(&lower, at, &open);
            let next_close = lower[at..].find(&close).map(|i| at + i);
            match (next_open, next_close) {
                (Some(o), Some(c)) if o < c => {
                    depth += 1;
                    at = o + open.len();
                }
                (_, Some(c)) => {
                    closes_seen = true;
                    depth = depth.saturating_sub(1);
                    at = c + close.len();
                    if depth == 0 {
                        let end = Lines::new(source, from + at - 1)
                            .next()
                            .map_or(source.len(), |line| line.end);
                        return Opening::Closed(Run {
                            kind: RunKind::Code,
                            end,
                        });
                    }
                }
                (_, None) => break,
            }
        }
        if !closes_seen {
            self.no_html_close_from.insert(key, from);
        }
        Opening::Unclosed(Construct::Html)
    }
}

fn closed(end: Option<usize>, kind: RunKind, construct: Construct) -> Opening {
    match end {
        Some(end) => Opening::Closed(Run { kind, end }),
        None => Opening::Unclosed(construct),
    }
}

/// The end of the first line from `from` on that `closes`, unless `no_closer_from` says
/// there is none; records where none was found.
fn find_line(
    source: &str,
    from: usize,
    no_closer_from: &mut Option<usize>,
    closes: impl Fn(&str) -> bool,
) -> Option<usize> {
    if no_closer_from.is_some_and(|none| none <= from) {
        return None;
    }
    let stop = no_closer_from.unwrap_or(source.len());
    for line in Lines::new(&source[..stop], from) {
        if closes(&source[line.start..line.content_end]) {
            return Some(line.end);
        }
        if ends_in_lone_cr(source, line.end) {
            // A closer may still follow, for an opener after this line: nothing is recorded.
            return None;
        }
    }
    *no_closer_from = Some(from);
    None
}

/// True when the line ending at `line_end` ends in a lone `\r`. mldoc breaks lines there,
/// but its fences, directives and drawers take only `\n` and `\r\n` on the opening line
/// and the lines inside (the closing line may end either way): one with a lone `\r` there
/// is text.
fn ends_in_lone_cr(source: &str, line_end: usize) -> bool {
    line_end > 0 && source.as_bytes()[line_end - 1] == b'\r'
}

/// The end of the line holding the first `needle` at or after `from`.
fn find_text(
    source: &str,
    from: usize,
    needle: &str,
    no_closer_from: &mut Option<usize>,
) -> Option<usize> {
    if no_closer_from.is_some_and(|none| none <= from) {
        return None;
    }
    match memchr::memmem::find(&source.as_bytes()[from..], needle.as_bytes()) {
        Some(offset) => {
            let at = from + offset + needle.len();
            Some(
                Lines::new(source, at)
                    .next()
                    .map_or(source.len(), |line| line.end),
            )
        }
        None => {
            *no_closer_from = Some(from);
            None
        }
    }
}

/// The next `<tag` at or after `at` that is a whole tag name (followed by `>`, `/` or space).
fn find_tag_open(lower: &str, mut at: usize, open: &str) -> Option<usize> {
    while let Some(i) = lower[at..].find(open) {
        let start = at + i;
        let after = lower.as_bytes().get(start + open.len());
        if matches!(
            after,
            None | Some(b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n')
        ) {
            return Some(start);
        }
        at = start + open.len();
    }
    None
}

/// The name of a `#+BEGIN_NAME` directive line.
pub(crate) fn directive_begin(rest: &str) -> Option<&str> {
    let head = rest.get(..8)?;
    if !head.eq_ignore_ascii_case("#+begin_") {
        return None;
    }
    let name_len = rest[8..]
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
        .count();
    (name_len > 0).then(|| &rest[8..8 + name_len])
}

/// The name of a `:NAME:` drawer opening line (letters, digits, `_` and `-`).
pub(crate) fn drawer_name(rest: &str) -> Option<&str> {
    let text = rest.trim_end();
    let name = text.strip_prefix(':')?.strip_suffix(':')?;
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    (valid && !name.eq_ignore_ascii_case("END")).then_some(name)
}

/// The HTML elements mldoc reads as raw HTML; any other `<name>` is text to it.
const HTML_TAGS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "bdi",
    "bdo",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "keygen",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "map",
    "mark",
    "meta",
    "meter",
    "nav",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "pre",
    "progress",
    "q",
    "rb",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "script",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// The lines of a block's text without its drawers (`:LOGBOOK:` … `:END:`): drawers are
/// metadata, not text to show, search or cite. An unclosed drawer line is text, as to
/// Logseq.
pub fn lines_outside_drawers(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = line_texts(text).collect();
    let mut kept = Vec::with_capacity(lines.len());
    let mut at = 0;
    while at < lines.len() {
        let line = lines[at];
        if drawer_name(line.trim_start()).is_some() {
            let end = lines[at + 1..]
                .iter()
                .position(|l| l.trim().eq_ignore_ascii_case(":END:"));
            if let Some(offset) = end {
                at += offset + 2;
                continue;
            }
        }
        kept.push(line);
        at += 1;
    }
    kept
}

/// The tag name of a line that starts with a known HTML element (`<div`, `<details …>`).
fn html_tag(rest: &str) -> Option<&str> {
    let after = rest.strip_prefix('<')?;
    let len = after
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    if len == 0 || !after.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let tag = &after[..len];
    let ends = matches!(
        after.as_bytes().get(len),
        None | Some(b'>' | b'/' | b' ' | b'\t')
    );
    (ends
        && HTML_TAGS
            .iter()
            .any(|known| known.eq_ignore_ascii_case(tag)))
    .then_some(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(source: &str) -> Option<Opening> {
        let first = Lines::new(source, 0).next().unwrap();
        let text = &source[first.start..first.content_end];
        let indent = text.len() - text.trim_start().len();
        Finder::default().open(source, &text[indent..], indent, first.end)
    }

    fn end(source: &str) -> Option<usize> {
        match open(source) {
            Some(Opening::Closed(run)) => Some(run.end),
            _ => None,
        }
    }

    #[test]
    fn a_fence_runs_to_any_line_starting_with_a_fence() {
        assert_eq!(end("```\n- x\n```js\n- y"), Some(14));
        assert_eq!(end("  ~~~\n- x\n  ```\n"), Some(16));
        assert_eq!(
            open("```\n- x\n"),
            Some(Opening::Unclosed(Construct::Fence))
        );
    }

    #[test]
    fn a_directive_ends_at_its_own_end_marker_even_with_text_after_it() {
        assert_eq!(end("#+BEGIN_QUOTE\nx\n#+END_QUOTE #.ol\n- a"), Some(33));
        assert_eq!(
            open("#+BEGIN_NOTE\nx\n#+END_QUOTE\n"),
            Some(Opening::Unclosed(Construct::Directive))
        );
        assert_eq!(end("#+begin_src\nx\n#+END_SRC\n"), Some(24));
    }

    #[test]
    fn drawers_are_dropped_from_a_blocks_text_only_when_closed() {
        let text = "Fix the build\n:LOGBOOK:\nCLOCK: [2024-03-01 Fri 10:00]--[2024-03-01 Fri 11:00] =>  01:00:00\n:END:\nthen ship\n:NOTES:\nunclosed";
        assert_eq!(
            lines_outside_drawers(text),
            ["Fix the build", "then ship", ":NOTES:", "unclosed"]
        );
    }

    #[test]
    fn drawers_math_and_html() {
        assert_eq!(end(":logbook:\n- x\n:end:\n"), Some(20));
        assert_eq!(open(":LOGBOOK: x\n:END:\n"), None);
        assert_eq!(end("$$\n-\nx $$\n- b"), Some(10));
        assert_eq!(end("$$x$$\n- b"), Some(6));
        assert_eq!(end("<div><div>\n- x\n</div>\n- y\n</div>\n- b"), Some(33));
        assert_eq!(
            open("<details>\n- x\n"),
            Some(Opening::Unclosed(Construct::Html))
        );
        assert_eq!(end("<!-- a\n- x\n-->\n"), Some(15));
        assert_eq!(open("<3 love"), None);
        assert_eq!(
            open("<EXAMPLE>\n- x\n</EXAMPLE>\n"),
            None,
            "not an HTML element"
        );
    }
}
