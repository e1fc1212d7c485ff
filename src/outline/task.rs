//! Task markers (`TODO`, `DONE`, …) and priorities (`[#A]`) at the start of a block.

/// A task marker, spelled as in the file. Synonyms stay distinct so that writing a page
/// back keeps the user's spelling; [`Marker::canonical`] groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Marker {
    Todo,
    Doing,
    Done,
    Later,
    Now,
    Waiting,
    Wait,
    Canceled,
    Cancelled,
    InProgress,
    Started,
}

impl Marker {
    pub const ALL: [Marker; 11] = [
        Marker::Todo,
        Marker::Doing,
        Marker::Done,
        Marker::Later,
        Marker::Now,
        Marker::Waiting,
        Marker::Wait,
        Marker::Canceled,
        Marker::Cancelled,
        Marker::InProgress,
        Marker::Started,
    ];

    /// The markers of Logseq's two workflows and their ends, which task counts always list.
    pub const COMMON: [Marker; 7] = [
        Marker::Todo,
        Marker::Doing,
        Marker::Done,
        Marker::Later,
        Marker::Now,
        Marker::Waiting,
        Marker::Canceled,
    ];

    /// The keyword as written in a file.
    pub fn as_str(self) -> &'static str {
        match self {
            Marker::Todo => "TODO",
            Marker::Doing => "DOING",
            Marker::Done => "DONE",
            Marker::Later => "LATER",
            Marker::Now => "NOW",
            Marker::Waiting => "WAITING",
            Marker::Wait => "WAIT",
            Marker::Canceled => "CANCELED",
            Marker::Cancelled => "CANCELLED",
            Marker::InProgress => "IN-PROGRESS",
            Marker::Started => "STARTED",
        }
    }

    /// The spelling that synonyms are counted under (`WAIT` → `WAITING`, `CANCELLED` →
    /// `CANCELED`).
    pub fn canonical(self) -> Marker {
        match self {
            Marker::Wait => Marker::Waiting,
            Marker::Cancelled => Marker::Canceled,
            other => other,
        }
    }

    /// Parses a keyword exactly as Logseq does: upper case only.
    pub fn from_keyword(word: &str) -> Option<Marker> {
        Marker::ALL.into_iter().find(|m| m.as_str() == word)
    }

    /// Done and canceled tasks are closed; every other marker is open.
    pub fn is_closed(self) -> bool {
        matches!(self, Marker::Done | Marker::Canceled | Marker::Cancelled)
    }
}

/// A task priority: `[#A]` is the highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Priority {
    A,
    B,
    C,
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::A => "A",
            Priority::B => "B",
            Priority::C => "C",
        }
    }

    pub fn from_letter(letter: &str) -> Option<Priority> {
        match letter {
            "A" | "a" => Some(Priority::A),
            "B" | "b" => Some(Priority::B),
            "C" | "c" => Some(Priority::C),
            _ => None,
        }
    }
}

/// The marker at the start of `text` and the length of the keyword, if the keyword is
/// followed by a space, a tab or the end of the line.
pub(crate) fn leading_marker(text: &str) -> Option<(Marker, usize)> {
    let bytes = text.as_bytes();
    let first = *bytes.first()?;
    if !matches!(first, b'T' | b'D' | b'L' | b'N' | b'W' | b'C' | b'I' | b'S') {
        return None;
    }
    let word_len = bytes
        .iter()
        .take_while(|b| b.is_ascii_uppercase() || **b == b'-')
        .count();
    // mldoc reads a marker only when a space follows it: `- TODO` alone, `- TODO:` and
    // `- TODO\tx` are text.
    if bytes.get(word_len) != Some(&b' ') {
        return None;
    }
    Marker::from_keyword(&text[..word_len]).map(|m| (m, word_len))
}

/// The first `[#X]` in `text` outside `skip` ranges: its letter and byte range.
pub(crate) fn find_priority(text: &str) -> Option<(&str, std::ops::Range<usize>)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = memchr::memmem::find(&bytes[from..], b"[#") {
        let start = from + offset;
        let rest = &bytes[start + 2..];
        let letter_len = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if (1..=2).contains(&letter_len) && rest.get(letter_len) == Some(&b']') {
            let end = start + 2 + letter_len + 1;
            return Some((&text[start + 2..start + 2 + letter_len], start..end));
        }
        from = start + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_need_a_separator() {
        assert_eq!(leading_marker("TODO x"), Some((Marker::Todo, 4)));
        assert_eq!(leading_marker("DONE "), Some((Marker::Done, 4)));
        assert_eq!(
            leading_marker("DONE"),
            None,
            "mldoc needs a space after the marker"
        );
        assert_eq!(leading_marker("TODO\tx"), None);
        assert_eq!(
            leading_marker("IN-PROGRESS y"),
            Some((Marker::InProgress, 11))
        );
        assert_eq!(leading_marker("TODOS x"), None);
        assert_eq!(leading_marker("todo x"), None);
        assert_eq!(leading_marker("TODO: x"), None);
    }

    #[test]
    fn priority_is_found_anywhere() {
        assert_eq!(find_priority("[#A] x"), Some(("A", 0..4)));
        assert_eq!(find_priority("x [#b]"), Some(("b", 2..6)));
        assert_eq!(find_priority("#[[x]] [#"), None);
    }
}
