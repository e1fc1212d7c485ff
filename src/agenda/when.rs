//! What an agenda says about a task's dates, in words: "3 days late", "scheduled 4 days
//! ago", "due tomorrow". The command line and the app show the same words.

use chrono::NaiveDate;

use super::{Section, Task, TaskDate};

/// A task's dates in words, and whether they say it is late.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct When {
    pub text: String,
    pub late: bool,
}

/// `n day(s)`.
fn days(n: i64) -> String {
    match n {
        1 => "1 day".to_string(),
        n => format!("{n} days"),
    }
}

/// A date relative to `today`: `today`, `tomorrow`, `in 3 days`, `yesterday`, `4 days ago`;
/// further ahead in weeks, then months, since the date itself is shown beside it.
fn relative(date: TaskDate, today: NaiveDate) -> String {
    let time = date
        .time
        .map(|t| format!(" {}", t.format("%H:%M")))
        .unwrap_or_default();
    let words = match (date.date - today).num_days() {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "yesterday".to_string(),
        n if n < 0 => format!("{} ago", days(-n)),
        n if n <= 13 => format!("in {}", days(n)),
        n if n < 60 => format!("in {} weeks", n / 7),
        n => format!("in {} months", n / 30),
    };
    format!("{words}{time}")
}

/// The words for an open task's dates, by the section it is in (see [`Section::of`]); `None`
/// for a task without dates or a closed one.
pub fn when(task: &Task, today: NaiveDate) -> Option<When> {
    let plain = |text: String| Some(When { text, late: false });
    match Section::of(task, today) {
        Section::Overdue => {
            let deadline = task.deadline?;
            Some(When {
                text: format!("{} late", days((today - deadline.date).num_days())),
                late: true,
            })
        }
        Section::Today => match (task.deadline, task.scheduled) {
            (Some(deadline), _) if deadline.date == today => {
                plain(format!("due {}", relative(deadline, today)))
            }
            (_, Some(scheduled)) => plain(format!("scheduled {}", relative(scheduled, today))),
            _ => None,
        },
        Section::NextSevenDays | Section::Later => {
            let first = match (task.deadline, task.scheduled) {
                (Some(d), Some(s)) if s.date < d.date => ("scheduled", s),
                (Some(d), _) => ("due", d),
                (None, Some(s)) => ("scheduled", s),
                (None, None) => return None,
            };
            plain(format!("{} {}", first.0, relative(first.1, today)))
        }
        Section::NoDate | Section::Closed => None,
    }
}
