//! Task edits: set a marker, cycle it, set or clear priority and dates, and complete a
//! repeating task the way Logseq does (the marker stays open and the dates move on, and a
//! running clock is stopped).

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime};

use super::clock::close_open_clock;

use crate::outline::{
    BlockId, Edit, Marker, Page, Priority, Repeater, RepeaterKind, RepeaterUnit, Timestamp,
    TimestampKind,
};
use crate::vault::{CompletionRecord, Settings};

/// The property that records the day a task was completed.
pub const COMPLETED_PROPERTY: &str = "completed";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskAction {
    SetMarker(Marker),
    /// TODO → DOING → DONE → TODO (LATER → NOW → DONE on that workflow).
    Cycle,
    SetPriority(Option<Priority>),
    SetDeadline(DateChange),
    SetScheduled(DateChange),
}

/// A deadline or scheduled date to set, and what becomes of its repeater.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateChange {
    /// `None` removes the date's line.
    pub date: Option<NaiveDate>,
    /// `None` keeps the repeater the date has; `Some(None)` removes it.
    pub repeater: Option<Option<Repeater>>,
}

impl DateChange {
    /// A new day for the date, its time and repeater kept.
    pub fn day(date: Option<NaiveDate>) -> DateChange {
        DateChange {
            date,
            repeater: None,
        }
    }
}

fn add(date: NaiveDateTime, amount: u32, unit: RepeaterUnit) -> Option<NaiveDateTime> {
    match unit {
        RepeaterUnit::Hour => date.checked_add_signed(chrono::Duration::hours(i64::from(amount))),
        RepeaterUnit::Day => date.checked_add_days(Days::new(u64::from(amount))),
        RepeaterUnit::Week => date.checked_add_days(Days::new(7 * u64::from(amount))),
        RepeaterUnit::Month => date.checked_add_months(Months::new(amount)),
        RepeaterUnit::Year => date.checked_add_months(Months::new(12 * amount)),
    }
}

/// The next date of a repeating timestamp completed on `today`: `+1w` moves it once,
/// `++1w` until it is after today, `.+1w` one interval from today. A timestamp without a
/// repeater is returned as it is.
pub fn next_occurrence(timestamp: &Timestamp, today: NaiveDate) -> Timestamp {
    let Some(repeater) = timestamp.repeater else {
        return *timestamp;
    };
    let amount = repeater.amount.max(1);
    let time = timestamp.time.unwrap_or(NaiveTime::MIN);
    let start = NaiveDateTime::new(timestamp.date, time);
    let next = match repeater.kind {
        RepeaterKind::Cumulate => add(start, amount, repeater.unit),
        RepeaterKind::Restart => add(NaiveDateTime::new(today, time), amount, repeater.unit),
        RepeaterKind::CatchUp => {
            let mut next = add(start, amount, repeater.unit);
            // Bounded: a daily repeater decades old still ends in a few thousand steps.
            for _ in 0..100_000 {
                match next {
                    Some(n) if n.date() <= today => next = add(n, amount, repeater.unit),
                    _ => break,
                }
            }
            next
        }
    };
    // A date past the year 9999 would be written `<+10000-01-01 …>`, which no reader
    // (Logseq's or Cairn's) takes for a date: the task would lose it. It stays instead.
    match next.filter(|next| next.date().year() <= 9999) {
        Some(next) => Timestamp {
            date: next.date(),
            time: timestamp.time.map(|_| next.time()),
            ..*timestamp
        },
        None => *timestamp,
    }
}

/// The value written for a completion day.
pub fn complete_date(today: NaiveDate) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        today.year(),
        today.month(),
        today.day()
    )
}

fn cycle(marker: Option<Marker>) -> Marker {
    match marker {
        None | Some(Marker::Todo) => Marker::Doing,
        Some(Marker::Later) => Marker::Now,
        Some(
            Marker::Doing
            | Marker::Now
            | Marker::InProgress
            | Marker::Started
            | Marker::Waiting
            | Marker::Wait,
        ) => Marker::Done,
        Some(Marker::Done | Marker::Canceled | Marker::Cancelled) => Marker::Todo,
    }
}

/// The edits that carry out `action` on the block `id` of `page` at `now`, in the order they
/// apply.
pub fn task_edits(
    page: &Page,
    id: BlockId,
    action: TaskAction,
    now: NaiveDateTime,
    settings: &Settings,
) -> Vec<Edit> {
    let today = now.date();
    let block = page.block(id);
    let current = block.marker.map(|(m, _)| m);
    let marker = match action {
        TaskAction::SetMarker(m) => m,
        TaskAction::Cycle => cycle(current),
        TaskAction::SetPriority(priority) => {
            return vec![Edit::SetPriority {
                block: id,
                priority,
            }]
        }
        TaskAction::SetDeadline(change) => {
            return vec![Edit::SetTimestamp {
                block: id,
                kind: TimestampKind::Deadline,
                timestamp: change.applied_to(block.deadline),
            }]
        }
        TaskAction::SetScheduled(change) => {
            return vec![Edit::SetTimestamp {
                block: id,
                kind: TimestampKind::Scheduled,
                timestamp: change.applied_to(block.scheduled),
            }]
        }
    };
    let record = settings.completion == CompletionRecord::Property;
    let mut edits = Vec::new();
    if marker.is_closed() {
        // First, while the text is still the block's own: the marker edits that follow
        // rewrite the first line only.
        if let Some(content) = close_open_clock(&page.raw_content(id), now) {
            edits.push(Edit::SetContent { block: id, content });
        }
    }
    let repeats = [block.scheduled, block.deadline]
        .iter()
        .flatten()
        .any(|t| t.repeater.is_some());
    if marker == Marker::Done && repeats {
        // A repeating task stays open; its dates move to the next occurrence.
        for (kind, timestamp) in [
            (TimestampKind::Scheduled, block.scheduled),
            (TimestampKind::Deadline, block.deadline),
        ] {
            if let Some(ts) = timestamp.filter(|t| t.repeater.is_some()) {
                edits.push(Edit::SetTimestamp {
                    block: id,
                    kind,
                    timestamp: Some(next_occurrence(&ts, today)),
                });
            }
        }
        let open = match current {
            Some(m) if !m.is_closed() => m,
            _ => Marker::Todo,
        };
        edits.push(Edit::SetMarker {
            block: id,
            marker: Some(open),
        });
    } else {
        edits.push(Edit::SetMarker {
            block: id,
            marker: Some(marker),
        });
    }
    if record {
        if marker.is_closed() && marker != Marker::Canceled && marker != Marker::Cancelled {
            edits.push(Edit::SetProperty {
                block: id,
                key: COMPLETED_PROPERTY.to_string(),
                value: complete_date(today),
            });
        } else if !marker.is_closed()
            && page.block_property(id, COMPLETED_PROPERTY).is_some()
            && !repeats
        {
            edits.push(Edit::RemoveProperty {
                block: id,
                key: COMPLETED_PROPERTY.to_string(),
            });
        }
    }
    edits
}

impl DateChange {
    /// The date as it becomes: the new day, with the time there was and the repeater there
    /// was unless the change sets one.
    fn applied_to(self, existing: Option<Timestamp>) -> Option<Timestamp> {
        let date = self.date?;
        Some(Timestamp {
            date,
            time: existing.and_then(|t| t.time),
            repeater: self
                .repeater
                .unwrap_or_else(|| existing.and_then(|t| t.repeater)),
            span: Default::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::{Repeater, RepeaterKind};

    fn ts(date: &str, kind: RepeaterKind, amount: u32, unit: RepeaterUnit) -> Timestamp {
        Timestamp {
            repeater: Some(Repeater { kind, amount, unit }),
            ..Timestamp::new(NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap())
        }
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// Regression (found by the `dates` fuzz target): completing `<9999-12-31 Fri +1d>`
    /// wrote `<+10000-01-01 Sat +1d>`, which reads as no date at all.
    #[test]
    fn regression_a_repeating_date_never_moves_past_the_year_9999() {
        for kind in [
            RepeaterKind::Cumulate,
            RepeaterKind::CatchUp,
            RepeaterKind::Restart,
        ] {
            let last = ts("9999-12-31", kind, 1, RepeaterUnit::Day);
            assert_eq!(next_occurrence(&last, day("9999-12-31")), last, "{kind:?}");
        }
    }

    #[test]
    fn repeaters_move_like_logseq() {
        let today = day("2024-12-20");
        let once = next_occurrence(
            &ts("2024-12-02", RepeaterKind::Cumulate, 1, RepeaterUnit::Week),
            today,
        );
        assert_eq!(
            once.date,
            day("2024-12-09"),
            "+1w shifts from the date once"
        );
        let catch_up = next_occurrence(
            &ts("2024-12-02", RepeaterKind::CatchUp, 1, RepeaterUnit::Week),
            today,
        );
        assert_eq!(
            catch_up.date,
            day("2024-12-23"),
            "++1w moves to the next future date"
        );
        let restart = next_occurrence(
            &ts("2024-12-02", RepeaterKind::Restart, 1, RepeaterUnit::Week),
            today,
        );
        assert_eq!(restart.date, day("2024-12-27"), ".+1w counts from today");
        let monthly = next_occurrence(
            &ts("2024-01-31", RepeaterKind::Cumulate, 1, RepeaterUnit::Month),
            today,
        );
        assert_eq!(monthly.date, day("2024-02-29"), "month ends are clamped");
    }

    #[test]
    fn cycling_follows_both_workflows() {
        assert_eq!(cycle(Some(Marker::Todo)), Marker::Doing);
        assert_eq!(cycle(Some(Marker::Doing)), Marker::Done);
        assert_eq!(cycle(Some(Marker::Done)), Marker::Todo);
        assert_eq!(cycle(Some(Marker::Later)), Marker::Now);
        assert_eq!(cycle(Some(Marker::Now)), Marker::Done);
    }
}
