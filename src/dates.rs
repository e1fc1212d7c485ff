//! Journal dates: Logseq's date-format patterns (`yyyy-MM-dd EEEE`, `MMM do, yyyy`, …), to
//! title journal pages and to recognise date references such as `[[2024-12-10 Tuesday]]`.
//!
//! Logseq formats journal titles with date-fns patterns. Only the tokens people use in
//! `:journal/page-title-format` are supported; anything else in a pattern is literal text.

use chrono::{Datelike, NaiveDate, Weekday};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Formats people commonly use, accepted as date references whatever the vault's own is.
const COMMON_TITLE_FORMATS: [&str; 10] = [
    "MMM do, yyyy",
    "yyyy-MM-dd",
    "yyyy-MM-dd EEEE",
    "yyyy_MM_dd",
    "yyyy/MM/dd",
    "MMMM do, yyyy",
    "EEEE, MMMM do, yyyy",
    "E, MM/dd/yyyy",
    "MM/dd/yyyy",
    "yyyyMMdd",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Year4,
    Year2,
    Month2,
    Month1,
    MonthShort,
    MonthLong,
    Day2,
    Day1,
    DayOrdinal,
    WeekdayShort,
    WeekdayLong,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Token(Token),
    Literal(String),
}

/// A compiled date-fns style pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatePattern {
    source: String,
    pieces: Vec<Piece>,
}

impl DatePattern {
    pub fn new(pattern: &str) -> DatePattern {
        let mut pieces = Vec::new();
        let chars: Vec<char> = pattern.chars().collect();
        let mut i = 0;
        let mut literal = String::new();
        while i < chars.len() {
            let c = chars[i];
            let run = chars[i..].iter().take_while(|&&x| x == c).count();
            let token = match (c, run) {
                ('y', 4..) => Some(Token::Year4),
                ('y', 2) => Some(Token::Year2),
                ('M', 4..) => Some(Token::MonthLong),
                ('M', 3) => Some(Token::MonthShort),
                ('M', 2) => Some(Token::Month2),
                ('M', 1) => Some(Token::Month1),
                ('d', 2..) => Some(Token::Day2),
                ('d', 1) if chars.get(i + 1) == Some(&'o') => Some(Token::DayOrdinal),
                ('d', 1) => Some(Token::Day1),
                ('E', 4..) => Some(Token::WeekdayLong),
                ('E', 1..=3) => Some(Token::WeekdayShort),
                _ => None,
            };
            match token {
                Some(token) => {
                    if !literal.is_empty() {
                        pieces.push(Piece::Literal(std::mem::take(&mut literal)));
                    }
                    pieces.push(Piece::Token(token));
                    i += if token == Token::DayOrdinal { 2 } else { run };
                }
                None => {
                    literal.push(c);
                    i += 1;
                }
            }
        }
        if !literal.is_empty() {
            pieces.push(Piece::Literal(literal));
        }
        DatePattern {
            source: pattern.to_string(),
            pieces,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    pub fn format(&self, date: NaiveDate) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Literal(text) => out.push_str(text),
                Piece::Token(token) => {
                    let month = date.month0() as usize;
                    let weekday = date.weekday().num_days_from_monday() as usize;
                    let text = match token {
                        Token::Year4 => format!("{:04}", date.year()),
                        Token::Year2 => format!("{:02}", date.year().rem_euclid(100)),
                        Token::Month2 => format!("{:02}", date.month()),
                        Token::Month1 => date.month().to_string(),
                        Token::MonthShort => MONTHS[month][..3].to_string(),
                        Token::MonthLong => MONTHS[month].to_string(),
                        Token::Day2 => format!("{:02}", date.day()),
                        Token::Day1 => date.day().to_string(),
                        Token::DayOrdinal => {
                            format!("{}{}", date.day(), ordinal_suffix(date.day()))
                        }
                        Token::WeekdayShort => WEEKDAYS[weekday][..3].to_string(),
                        Token::WeekdayLong => WEEKDAYS[weekday].to_string(),
                    };
                    out.push_str(&text);
                }
            }
        }
        out
    }

    /// Reads a date written in this pattern; the whole text must match. A weekday that
    /// disagrees with the date is rejected, so `[[2024-12-10 Monday]]` is not a date.
    pub fn parse(&self, text: &str) -> Option<NaiveDate> {
        let mut rest = text;
        let (mut year, mut month, mut day, mut weekday) = (None, None, None, None);
        for piece in &self.pieces {
            match piece {
                Piece::Literal(literal) => rest = strip_prefix_ignore_case(rest, literal)?,
                Piece::Token(token) => match token {
                    Token::Year4 => {
                        let (value, tail) = take_digits(rest, 4, 4)?;
                        year = Some(value as i32);
                        rest = tail;
                    }
                    Token::Year2 => {
                        let (value, tail) = take_digits(rest, 2, 2)?;
                        year = Some(2000 + value as i32);
                        rest = tail;
                    }
                    Token::Month2 | Token::Month1 => {
                        let min = if *token == Token::Month2 { 2 } else { 1 };
                        let (value, tail) = take_digits(rest, min, 2)?;
                        month = Some(value);
                        rest = tail;
                    }
                    Token::MonthShort | Token::MonthLong => {
                        let (index, tail) = take_name(rest, &MONTHS, *token == Token::MonthShort)?;
                        month = Some(index as u32 + 1);
                        rest = tail;
                    }
                    Token::Day2 | Token::Day1 => {
                        let min = if *token == Token::Day2 { 2 } else { 1 };
                        let (value, tail) = take_digits(rest, min, 2)?;
                        day = Some(value);
                        rest = tail;
                    }
                    Token::DayOrdinal => {
                        let (value, tail) = take_digits(rest, 1, 2)?;
                        rest = strip_prefix_ignore_case(tail, ordinal_suffix(value))?;
                        day = Some(value);
                    }
                    Token::WeekdayShort | Token::WeekdayLong => {
                        let (index, tail) =
                            take_name(rest, &WEEKDAYS, *token == Token::WeekdayShort)?;
                        weekday = Some(index);
                        rest = tail;
                    }
                },
            }
        }
        if !rest.is_empty() {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(year?, month?, day?)?;
        match weekday {
            Some(index) if date.weekday().num_days_from_monday() as usize != index => None,
            _ => Some(date),
        }
    }
}

/// The vault's journal title pattern, plus the common patterns accepted in date references.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalTitleFormat {
    primary: DatePattern,
    fallbacks: Vec<DatePattern>,
}

impl Default for JournalTitleFormat {
    /// Logseq's default, `MMM do, yyyy` (`Dec 10th, 2024`).
    fn default() -> Self {
        JournalTitleFormat::new("MMM do, yyyy")
    }
}

impl JournalTitleFormat {
    pub fn new(pattern: &str) -> JournalTitleFormat {
        let primary = DatePattern::new(pattern);
        let fallbacks = COMMON_TITLE_FORMATS
            .iter()
            .filter(|p| **p != pattern)
            .map(|p| DatePattern::new(p))
            .collect();
        JournalTitleFormat { primary, fallbacks }
    }

    pub fn pattern(&self) -> &DatePattern {
        &self.primary
    }

    /// The title Logseq gives the journal page of `date`.
    pub fn title(&self, date: NaiveDate) -> String {
        self.primary.format(date)
    }

    /// The date a page name stands for, in the vault's format or a common one.
    pub fn parse(&self, name: &str) -> Option<NaiveDate> {
        let name = name.trim();
        // Every supported pattern has digits; this keeps ordinary page refs cheap.
        if !name.bytes().any(|b| b.is_ascii_digit()) || name.len() > 40 {
            return None;
        }
        self.primary
            .parse(name)
            .or_else(|| self.fallbacks.iter().find_map(|p| p.parse(name)))
    }
}

fn ordinal_suffix(day: u32) -> &'static str {
    match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

fn take_digits(text: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let count = text
        .bytes()
        .take(max)
        .take_while(u8::is_ascii_digit)
        .count();
    if count < min {
        return None;
    }
    Some((text[..count].parse().ok()?, &text[count..]))
}

fn take_name<'a>(text: &'a str, names: &[&str], short: bool) -> Option<(usize, &'a str)> {
    names.iter().enumerate().find_map(|(index, name)| {
        let name = if short { &name[..3] } else { name };
        strip_prefix_ignore_case(text, name).map(|tail| (index, tail))
    })
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// The weekday abbreviation Logseq writes in timestamps (`Mon`, `Tue`, …).
pub fn weekday_abbreviation(weekday: Weekday) -> &'static str {
    &WEEKDAYS[weekday.num_days_from_monday() as usize][..3]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn formats_and_parses_the_seed_title_format() {
        let format = JournalTitleFormat::new("yyyy-MM-dd EEEE");
        assert_eq!(format.title(date(2024, 12, 10)), "2024-12-10 Tuesday");
        assert_eq!(format.parse("2024-12-10 Tuesday"), Some(date(2024, 12, 10)));
        assert_eq!(
            format.parse("2024-12-10 Monday"),
            None,
            "wrong weekday is not a date"
        );
    }

    #[test]
    fn logseq_default_format_uses_ordinals() {
        let format = JournalTitleFormat::default();
        assert_eq!(format.title(date(2024, 12, 1)), "Dec 1st, 2024");
        assert_eq!(format.title(date(2024, 12, 12)), "Dec 12th, 2024");
        assert_eq!(format.title(date(2024, 12, 23)), "Dec 23rd, 2024");
        assert_eq!(format.parse("dec 23rd, 2024"), Some(date(2024, 12, 23)));
        assert_eq!(format.parse("Dec 23th, 2024"), None);
    }

    #[test]
    fn common_formats_are_accepted_as_references() {
        let format = JournalTitleFormat::new("yyyy-MM-dd EEEE");
        assert_eq!(format.parse("Dec 10th, 2024"), Some(date(2024, 12, 10)));
        assert_eq!(format.parse("2024-12-10"), Some(date(2024, 12, 10)));
        assert_eq!(format.parse("2024-13-45"), None);
        assert_eq!(format.parse("Project Atlas"), None);
    }
}
