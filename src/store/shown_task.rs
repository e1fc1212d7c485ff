//! A task as listings show it, packed into the one `tasks.shown` value of its row.
//!
//! The default agenda reads every open task, tens of thousands of rows, and fetching a
//! dozen columns from each row cost more than everything else it does. So each row also
//! carries what a listing shows as a single blob, written with the row and rewritten
//! whenever the task's project or person is resolved anew, so that it always agrees with
//! the row's own columns (which filters and sorts keep using).
//!
//! Layout: a header of LEB128 varints (`line`, `ord`, then the byte length of each text
//! field in order, an optional field's length plus one or 0 for none) followed by the text
//! fields' UTF-8 bytes back to back, so that a single UTF-8 check covers them all.

/// A task's listed fields, borrowed from where they are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShownTask<'a> {
    pub handle: &'a str,
    /// The marker keyword as stored (`TODO`, `DONE`, …).
    pub marker: &'a str,
    pub priority: Option<&'a str>,
    pub title: &'a str,
    /// A task date as the `tasks` table writes it: `yyyy-mm-dd`, then the time and the
    /// repeater when there are any.
    pub scheduled: Option<&'a str>,
    pub deadline: Option<&'a str>,
    pub page: &'a str,
    pub path: &'a str,
    pub line: u32,
    pub ord: u32,
    /// `yyyy-mm-dd`.
    pub day: Option<&'a str>,
    pub project: Option<&'a str>,
    pub person: Option<&'a str>,
}

impl<'a> ShownTask<'a> {
    /// The text fields in their packed order.
    fn texts(&self) -> [Text<'a>; 11] {
        [
            Text::Required(self.handle),
            Text::Required(self.marker),
            Text::Optional(self.priority),
            Text::Required(self.title),
            Text::Optional(self.scheduled),
            Text::Optional(self.deadline),
            Text::Required(self.page),
            Text::Required(self.path),
            Text::Optional(self.day),
            Text::Optional(self.project),
            Text::Optional(self.person),
        ]
    }

    pub fn encode(&self) -> Vec<u8> {
        let texts = self.texts();
        let mut packed = Vec::with_capacity(
            32 + texts
                .iter()
                .map(|t| t.value().map_or(0, str::len))
                .sum::<usize>(),
        );
        push_varint(&mut packed, u64::from(self.line));
        push_varint(&mut packed, u64::from(self.ord));
        for text in &texts {
            let length = match text {
                Text::Required(value) => value.len() as u64,
                Text::Optional(value) => value.map_or(0, |v| v.len() as u64 + 1),
            };
            push_varint(&mut packed, length);
        }
        for text in &texts {
            packed.extend_from_slice(text.value().unwrap_or_default().as_bytes());
        }
        packed
    }

    /// Reads a packed task back; `None` when `packed` is not one (a damaged cache).
    pub fn decode(packed: &'a [u8]) -> Option<ShownTask<'a>> {
        let mut header = packed;
        let line = u32::try_from(take_varint(&mut header)?).ok()?;
        let ord = u32::try_from(take_varint(&mut header)?).ok()?;
        // Each text field's length, `None` for an absent optional one.
        let mut lengths = [None; 11];
        for (index, length) in lengths.iter_mut().enumerate() {
            let raw = usize::try_from(take_varint(&mut header)?).ok()?;
            *length = match OPTIONAL[index] {
                false => Some(raw),
                true => raw.checked_sub(1),
            };
        }
        let body = std::str::from_utf8(header).ok()?;
        let mut start = 0usize;
        let mut texts = [None; 11];
        for (text, length) in texts.iter_mut().zip(lengths) {
            if let Some(length) = length {
                let end = start.checked_add(length)?;
                *text = Some(body.get(start..end)?);
                start = end;
            }
        }
        if start != body.len() {
            return None;
        }
        let [handle, marker, priority, title, scheduled, deadline, page, path, day, project, person] =
            texts;
        Some(ShownTask {
            handle: handle?,
            marker: marker?,
            priority,
            title: title?,
            scheduled,
            deadline,
            page: page?,
            path: path?,
            line,
            ord,
            day,
            project,
            person,
        })
    }
}

/// The error for a `shown` value in `column` that does not decode: the cache is damaged.
pub fn damaged(column: usize) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        column,
        rusqlite::types::Type::Blob,
        "a task's packed listing in the cache is damaged".into(),
    )
}

/// Which of the packed text fields may be absent, in the order of [`ShownTask::texts`].
const OPTIONAL: [bool; 11] = [
    false, false, true, false, true, true, false, false, true, true, true,
];

enum Text<'a> {
    Required(&'a str),
    Optional(Option<&'a str>),
}

impl<'a> Text<'a> {
    fn value(&self) -> Option<&'a str> {
        match self {
            Text::Required(value) => Some(value),
            Text::Optional(value) => *value,
        }
    }
}

fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Takes one varint off the front of `bytes`; `None` when it is cut short or too long.
fn take_varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for (index, &byte) in bytes.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f) << (7 * index);
        if byte < 0x80 {
            *bytes = &bytes[index + 1..];
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ShownTask<'static> {
        ShownTask {
            handle: "te3becc6c19",
            marker: "LATER",
            priority: Some("A"),
            title: "Monitored request hedging with [[José Okafor]] #question",
            scheduled: Some("2023-03-03 09:30 .+1w"),
            deadline: None,
            page: "2019-07-10 Wednesday",
            path: "journals/2019_07_10.md",
            line: 300,
            ord: 0,
            day: Some("2019-07-10"),
            project: None,
            person: Some("José Okafor"),
        }
    }

    #[test]
    fn a_packed_task_reads_back_as_written() {
        let task = sample();
        assert_eq!(ShownTask::decode(&task.encode()), Some(task));
        let empty = ShownTask {
            title: "",
            priority: Some(""),
            line: u32::MAX,
            ..sample()
        };
        assert_eq!(ShownTask::decode(&empty.encode()), Some(empty));
    }

    #[test]
    fn a_damaged_packed_task_is_refused_not_misread() {
        let packed = sample().encode();
        for cut in 0..packed.len() {
            assert_eq!(ShownTask::decode(&packed[..cut]), None, "cut at {cut}");
        }
        let mut longer = packed.clone();
        longer.push(b'x');
        assert_eq!(ShownTask::decode(&longer), None);
        // Lengths that add up but cut "é" in two, between the title and the page.
        let cafe = ShownTask {
            line: 1,
            priority: None,
            title: "café",
            page: "x",
            ..sample()
        };
        let mut split = cafe.encode();
        let (title_length, page_length) = (5, 8);
        assert_eq!((split[title_length], split[page_length]), (5, 1));
        split[title_length] -= 1;
        split[page_length] += 1;
        assert_eq!(ShownTask::decode(&split), None);
        assert_eq!(ShownTask::decode(&[0xff; 12]), None);
    }
}
