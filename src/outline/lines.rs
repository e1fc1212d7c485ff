//! Splitting text into lines that remember where they are, and reading their indentation.

/// One line of a page: `start..content_end` is its text, `content_end..end` its line ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line {
    pub start: usize,
    pub content_end: usize,
    pub end: usize,
}

/// Iterates over the lines of `text` from `from`, each with its `\n` or `\r\n` ending.
pub(crate) struct Lines<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str, from: usize) -> Lines<'a> {
        Lines {
            bytes: text.as_bytes(),
            pos: from,
        }
    }
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.pos >= self.bytes.len() {
            return None;
        }
        let start = self.pos;
        let (content_end, end) = match memchr::memchr(b'\n', &self.bytes[start..]) {
            Some(offset) => {
                let newline = start + offset;
                let content_end = if newline > start && self.bytes[newline - 1] == b'\r' {
                    newline - 1
                } else {
                    newline
                };
                (content_end, newline + 1)
            }
            None => (self.bytes.len(), self.bytes.len()),
        };
        self.pos = end;
        Some(Line {
            start,
            content_end,
            end,
        })
    }
}

/// The leading run of spaces and tabs of `line`, as a byte length.
pub(crate) fn indent_len(line: &str) -> usize {
    line.bytes()
        .take_while(|b| *b == b' ' || *b == b'\t')
        .count()
}

/// True for a line that holds only spaces and tabs.
pub(crate) fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ' || b == b'\t')
}

/// If `rest` (a line with its indentation removed) is a Logseq bullet, the offset of the
/// content after `- `, or after the bare `-` of an empty bullet.
pub(crate) fn bullet_content_offset(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    match bytes {
        [b'-'] => Some(1),
        [b'-', b' ' | b'\t', ..] => Some(2),
        _ => None,
    }
}

/// An opening code fence: the fence character and how many of them.
pub(crate) fn fence_open(rest: &str) -> Option<(u8, usize)> {
    let bytes = rest.as_bytes();
    let first = *bytes.first()?;
    if first != b'`' && first != b'~' {
        return None;
    }
    let count = bytes.iter().take_while(|b| **b == first).count();
    if count < 3 {
        return None;
    }
    // A backtick fence's info string may not contain backticks (CommonMark).
    if first == b'`' && bytes[count..].contains(&b'`') {
        return None;
    }
    Some((first, count))
}

/// True when `rest` closes a fence opened with `count` times `fence`.
pub(crate) fn fence_closes(rest: &str, fence: u8, count: usize) -> bool {
    let bytes = rest.as_bytes();
    let run = bytes.iter().take_while(|b| **b == fence).count();
    run >= count && is_blank(&rest[run..])
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

/// True when `rest` is the `#+END_NAME` line of directive `name`.
pub(crate) fn directive_ends(rest: &str, name: &str) -> bool {
    // `get` rather than indexing: the line may have a multi-byte character at those offsets.
    rest.get(..6)
        .is_some_and(|head| head.eq_ignore_ascii_case("#+end_"))
        && rest
            .get(6..6 + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        && is_blank(&rest[6 + name.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_endings() {
        let text = "a\r\nb\n\nc";
        let lines: Vec<_> = Lines::new(text, 0)
            .map(|l| (&text[l.start..l.content_end], &text[l.content_end..l.end]))
            .collect();
        assert_eq!(lines, [("a", "\r\n"), ("b", "\n"), ("", "\n"), ("c", "")]);
    }

    #[test]
    fn bullets_fences_and_directives() {
        assert_eq!(bullet_content_offset("- x"), Some(2));
        assert_eq!(bullet_content_offset("-"), Some(1));
        assert_eq!(bullet_content_offset("---"), None);
        assert_eq!(bullet_content_offset("-x"), None);
        assert_eq!(fence_open("```rust"), Some((b'`', 3)));
        assert_eq!(fence_open("``"), None);
        assert!(fence_closes("````", b'`', 3));
        assert!(!fence_closes("``` x", b'`', 3));
        assert_eq!(directive_begin("#+BEGIN_QUERY"), Some("QUERY"));
        assert!(directive_ends("#+end_query ", "QUERY"));
    }
}
