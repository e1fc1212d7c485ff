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
    fn bullets() {
        assert_eq!(bullet_content_offset("- x"), Some(2));
        assert_eq!(bullet_content_offset("-"), Some(1));
        assert_eq!(bullet_content_offset("---"), None);
        assert_eq!(bullet_content_offset("-x"), None);
    }
}
