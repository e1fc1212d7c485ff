//! `SCHEDULED: <2024-12-09 Mon 10:00 .+1w>` and `DEADLINE: <…>` lines.
//!
//! A timestamp is a date, an optional `HH:MM` time and an optional repeater. The weekday
//! is informative, as in Logseq: a wrong one is reported but the date still counts.

use chrono::{Datelike, NaiveDate, NaiveTime};

use super::{DiagnosticKind, Span};
use crate::dates::weekday_abbreviation;

/// How a repeating task's date moves when it is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RepeaterKind {
    /// `+1w`: shift the date by the interval once.
    Cumulate,
    /// `++1w`: shift by the interval until the date is in the future.
    CatchUp,
    /// `.+1w`: the interval from today.
    Restart,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RepeaterUnit {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Repeater {
    pub kind: RepeaterKind,
    pub amount: u32,
    pub unit: RepeaterUnit,
}

impl Repeater {
    /// A repeater as written after a date (`.+1d`, `++2w`, `+1m`); `None` for anything else.
    pub fn parse(word: &str) -> Option<Repeater> {
        parse_repeater(word)?.ok()
    }

    pub fn render(&self) -> String {
        let kind = match self.kind {
            RepeaterKind::Cumulate => "+",
            RepeaterKind::CatchUp => "++",
            RepeaterKind::Restart => ".+",
        };
        let unit = match self.unit {
            RepeaterUnit::Hour => 'h',
            RepeaterUnit::Day => 'd',
            RepeaterUnit::Week => 'w',
            RepeaterUnit::Month => 'm',
            RepeaterUnit::Year => 'y',
        };
        format!("{kind}{}{unit}", self.amount)
    }
}

/// A parsed `<…>` timestamp and where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    pub repeater: Option<Repeater>,
    /// The `<…>` text, angle brackets included.
    pub span: Span,
}

impl Timestamp {
    pub fn new(date: NaiveDate) -> Timestamp {
        Timestamp {
            date,
            time: None,
            repeater: None,
            span: Span::default(),
        }
    }

    /// The timestamp as Logseq writes it: `<2024-12-09 Mon 10:00 .+1w>`.
    pub fn render(&self) -> String {
        let mut out = format!(
            "<{} {}",
            self.date.format("%Y-%m-%d"),
            weekday_abbreviation(self.date.weekday())
        );
        if let Some(time) = self.time {
            out.push_str(&time.format(" %H:%M").to_string());
        }
        if let Some(repeater) = self.repeater {
            out.push(' ');
            out.push_str(&repeater.render());
        }
        out.push('>');
        out
    }
}

/// Which planning keyword a timestamp follows: `SCHEDULED:` or `DEADLINE:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimestampKind {
    Scheduled,
    Deadline,
}

/// What one `KEYWORD: <…>` item of a planning line turned out to be.
pub(crate) struct PlanningItem {
    pub keyword: TimestampKind,
    /// The keyword, colon and timestamp, for edits that remove one item of a line.
    pub item: std::ops::Range<usize>,
    pub timestamp: Option<Timestamp>,
    pub problems: Vec<(DiagnosticKind, std::ops::Range<usize>, String)>,
}

/// The planning keyword `text` starts with, and its length including the colon.
pub(crate) fn planning_keyword(text: &str) -> Option<(TimestampKind, usize)> {
    if text.starts_with("SCHEDULED:") {
        Some((TimestampKind::Scheduled, 10))
    } else if text.starts_with("DEADLINE:") {
        Some((TimestampKind::Deadline, 9))
    } else {
        None
    }
}

/// Parses a planning line such as `SCHEDULED: <…> DEADLINE: <…>`. `base` is the offset of
/// `text` in the page, so that spans point into the page.
pub(crate) fn parse_planning_line(text: &str, base: usize) -> Vec<PlanningItem> {
    let mut items = Vec::new();
    let mut pos = 0;
    while let Some((keyword, keyword_len)) = planning_keyword(&text[pos..]) {
        let item_start = pos;
        pos += keyword_len;
        pos += text[pos..].len() - text[pos..].trim_start().len();
        let mut problems = Vec::new();
        let mut timestamp = None;
        if text[pos..].starts_with('<') {
            match text[pos..].find('>') {
                Some(close) => {
                    let inner = &text[pos + 1..pos + close];
                    let span = Span::new(base + pos, base + pos + close + 1);
                    match parse_timestamp_body(inner) {
                        Ok((ts, weekday_problem, repeater_problem)) => {
                            timestamp = Some(Timestamp { span, ..ts });
                            problems.extend(
                                weekday_problem
                                    .map(|m| (DiagnosticKind::WrongWeekday, span.range(), m)),
                            );
                            problems.extend(
                                repeater_problem.map(|m| {
                                    (DiagnosticKind::RepeaterWithoutUnit, span.range(), m)
                                }),
                            );
                        }
                        Err(message) => problems.push((
                            DiagnosticKind::MalformedTimestamp,
                            span.range(),
                            message,
                        )),
                    }
                    pos += close + 1;
                }
                None => {
                    problems.push((
                        DiagnosticKind::MalformedTimestamp,
                        base + pos..base + text.len(),
                        "timestamp has no closing `>`".to_string(),
                    ));
                    pos = text.len();
                }
            }
        } else {
            problems.push((
                DiagnosticKind::MalformedTimestamp,
                base + item_start..base + text.len(),
                "expected `<yyyy-mm-dd …>` after the keyword".to_string(),
            ));
            pos = text.len();
        }
        items.push(PlanningItem {
            keyword,
            item: item_start..pos,
            timestamp,
            problems,
        });
        pos += text[pos..].len() - text[pos..].trim_start().len();
    }
    items
}

type ParsedBody = (Timestamp, Option<String>, Option<String>);

/// Parses `2024-12-09 Mon 10:00 .+1w` (the text between the angle brackets).
fn parse_timestamp_body(inner: &str) -> Result<ParsedBody, String> {
    let mut words = inner.split_whitespace();
    let date_text = words.next().ok_or("empty timestamp")?;
    let date = NaiveDate::parse_from_str(date_text, "%Y-%m-%d")
        .ok()
        .filter(|_| date_text.len() == 10)
        .ok_or_else(|| format!("`{date_text}` is not a valid yyyy-mm-dd date"))?;
    let mut timestamp = Timestamp::new(date);
    let mut weekday_problem = None;
    let mut repeater_problem = None;
    for word in words {
        let first = word.as_bytes()[0];
        if first.is_ascii_alphabetic() {
            let expected = weekday_abbreviation(date.weekday());
            if !expected.eq_ignore_ascii_case(word.get(..3).unwrap_or(word)) {
                weekday_problem = Some(format!(
                    "{} is a {expected}, not a {word}; the date is used",
                    date.format("%Y-%m-%d")
                ));
            }
        } else if first.is_ascii_digit() {
            // `10:00` or a range `10:00-11:00`: the start time is what Logseq schedules.
            let start = word.split('-').next().unwrap_or(word);
            timestamp.time = Some(
                NaiveTime::parse_from_str(start, "%H:%M")
                    .map_err(|_| format!("`{word}` is not a valid HH:MM time"))?,
            );
        } else if first == b'+' || first == b'.' {
            match parse_repeater(word) {
                Some(Ok(repeater)) => timestamp.repeater = Some(repeater),
                Some(Err(message)) => repeater_problem = Some(message),
                None => return Err(format!("`{word}` is not a repeater such as `.+1w`")),
            }
        } else {
            return Err(format!("unexpected `{word}` in timestamp"));
        }
    }
    Ok((timestamp, weekday_problem, repeater_problem))
}

/// `Some(Ok)` for a repeater, `Some(Err)` for one without a unit, `None` for other text.
fn parse_repeater(word: &str) -> Option<Result<Repeater, String>> {
    let (kind, rest) = if let Some(rest) = word.strip_prefix(".+") {
        (RepeaterKind::Restart, rest)
    } else if let Some(rest) = word.strip_prefix("++") {
        (RepeaterKind::CatchUp, rest)
    } else if let Some(rest) = word.strip_prefix('+') {
        (RepeaterKind::Cumulate, rest)
    } else {
        return None;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let amount: u32 = rest[..digits].parse().ok()?;
    let unit = match &rest[digits..] {
        "h" => RepeaterUnit::Hour,
        "d" => RepeaterUnit::Day,
        "w" => RepeaterUnit::Week,
        "m" => RepeaterUnit::Month,
        "y" => RepeaterUnit::Year,
        "" => {
            return Some(Err(format!(
                "repeater `{word}` has no unit (h, d, w, m or y); it is ignored"
            )))
        }
        _ => return None,
    };
    Some(Ok(Repeater { kind, amount, unit }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> PlanningItem {
        let mut items = parse_planning_line(text, 0);
        assert_eq!(items.len(), 1, "{text}");
        items.remove(0)
    }

    #[test]
    fn reads_date_time_and_repeater() {
        let item = one("SCHEDULED: <2024-12-09 Mon 10:00 .+1w>");
        let ts = item.timestamp.unwrap();
        assert_eq!(ts.render(), "<2024-12-09 Mon 10:00 .+1w>");
        assert!(item.problems.is_empty());
        assert_eq!(ts.span.range(), 11..38);
    }

    #[test]
    fn malformed_dates_are_reported_not_guessed() {
        let item = one("DEADLINE: <2024-13-45 Mon>");
        assert!(item.timestamp.is_none());
        assert_eq!(item.problems[0].0, DiagnosticKind::MalformedTimestamp);
        let item = one("DEADLINE: <2024-12-09 Mon");
        assert_eq!(item.problems[0].0, DiagnosticKind::MalformedTimestamp);
    }

    #[test]
    fn wrong_weekday_keeps_the_date() {
        let item = one("DEADLINE: <2024-12-09 Fri>");
        assert_eq!(item.timestamp.unwrap().date.to_string(), "2024-12-09");
        assert_eq!(item.problems[0].0, DiagnosticKind::WrongWeekday);
    }

    #[test]
    fn repeater_without_unit_is_reported() {
        let item = one("SCHEDULED: <2024-12-09 Mon +1>");
        assert!(item.timestamp.unwrap().repeater.is_none());
        assert_eq!(item.problems[0].0, DiagnosticKind::RepeaterWithoutUnit);
    }

    #[test]
    fn two_items_on_one_line() {
        let items =
            parse_planning_line("SCHEDULED: <2024-12-09 Mon> DEADLINE: <2024-12-10 Tue>", 0);
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].keyword, TimestampKind::Deadline);
    }
}
