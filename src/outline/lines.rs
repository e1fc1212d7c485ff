//! Splitting text into lines that remember where they are, and reading their indentation.

/// One line of a page: `start..content_end` is its text, `content_end..end` its line ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line {
    pub start: usize,
    pub content_end: usize,
    pub end: usize,
}

/// Iterates over the lines of `text` from `from`, each with its `\n`, `\r\n` or lone `\r`
/// ending. A lone `\r` ends a line as it did on old Macs, and as mldoc reads it.
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
        let (content_end, end) = match memchr::memchr2(b'\n', b'\r', &self.bytes[start..]) {
            Some(offset) => {
                let at = start + offset;
                let crlf = self.bytes[at] == b'\r' && self.bytes.get(at + 1) == Some(&b'\n');
                (at, if crlf { at + 2 } else { at + 1 })
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

/// The text of each line of `text`, without its ending.
pub(crate) fn line_texts(text: &str) -> impl Iterator<Item = &str> {
    Lines::new(text, 0).map(|line| &text[line.start..line.content_end])
}

/// The lines of `text` as `str::split('\n')` gives them (an empty last one after a final
/// ending included, and one empty line for empty text), split at `\r\n` and a lone `\r`
/// too.
pub(crate) fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match memchr::memchr2(b'\n', b'\r', current.as_bytes()) {
            Some(at) => {
                let ending = if current[at..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
                rest = Some(&current[at + ending..]);
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// How many lines end in `bytes`: the 1-based number of the line just after them, less one.
pub(crate) fn count_line_ends(bytes: &[u8]) -> usize {
    let lone_crs = memchr::memchr_iter(b'\r', bytes)
        .filter(|&at| bytes.get(at + 1) != Some(&b'\n'))
        .count();
    memchr::memchr_iter(b'\n', bytes).count() + lone_crs
}

/// True when `text` ends with a line ending (either byte of one ends it).
pub(crate) fn ends_with_line_ending(text: &str) -> bool {
    text.ends_with(['\n', '\r'])
}

/// `text` without the line ending it ends with, if any.
pub(crate) fn strip_line_ending(text: &str) -> &str {
    text.strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .or_else(|| text.strip_suffix('\r'))
        .unwrap_or(text)
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
    fn a_lone_carriage_return_ends_a_line_as_mldoc_reads_it() {
        let text = "a\rb\r\nc\r\rd";
        let lines: Vec<_> = Lines::new(text, 0)
            .map(|l| (&text[l.start..l.content_end], &text[l.content_end..l.end]))
            .collect();
        assert_eq!(
            lines,
            [
                ("a", "\r"),
                ("b", "\r\n"),
                ("c", "\r"),
                ("", "\r"),
                ("d", "")
            ]
        );
        assert_eq!(count_line_ends(text.as_bytes()), 4);
        assert_eq!(strip_line_ending("x\r"), "x");
        let split: Vec<&str> = split_lines("a\rb\r\nc\n").collect();
        assert_eq!(split, ["a", "b", "c", ""]);
        assert_eq!(split_lines("").collect::<Vec<_>>(), [""]);
        assert_eq!(strip_line_ending("x\r\n"), "x");
    }

    #[test]
    fn bullets() {
        assert_eq!(bullet_content_offset("- x"), Some(2));
        assert_eq!(bullet_content_offset("-"), Some(1));
        assert_eq!(bullet_content_offset("---"), None);
        assert_eq!(bullet_content_offset("-x"), None);
    }
}
