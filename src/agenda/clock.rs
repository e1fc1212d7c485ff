//! Clocking out as Logseq does when a task is completed: the last line of the block's
//! `:LOGBOOK:` drawer, if it is a running `CLOCK: [start]`, becomes
//! `CLOCK: [start]--[end] =>  HH:MM:SS` (Logseq's `frontend.util.clock/clock-out`, with
//! seconds, its default). Every other line keeps its bytes.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// The moment an action on `day` happens: the clock's time of day on that day, which is
/// today except in reproducible runs that fix "today".
pub fn now_on(day: NaiveDate) -> NaiveDateTime {
    NaiveDateTime::new(day, chrono::Local::now().time())
}

/// Logseq's clock timestamps with seconds: `2024-03-01 Fri 10:00:12`.
const CLOCK_FORMAT: &str = "%Y-%m-%d %a %H:%M:%S";

/// The block text `raw` (as [`crate::outline::Page::raw_content`] gives it) with its
/// running clock stopped at `now`; `None` when no clock is running.
pub fn close_open_clock(raw: &str, now: NaiveDateTime) -> Option<String> {
    let lines: Vec<&str> = raw.split('\n').collect();
    let start = lines
        .iter()
        .position(|l| l.trim().eq_ignore_ascii_case(":LOGBOOK:"))?;
    let end = start
        + lines[start..]
            .iter()
            .position(|l| l.trim().eq_ignore_ascii_case(":END:"))?;
    let last = end.checked_sub(1).filter(|last| *last > start)?;
    let closed = closed_clock_line(lines[last], now)?;
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    out[last] = closed;
    Some(out.join("\n"))
}

/// `CLOCK: [start]` (with its indentation) closed at `now`; `None` for any other line,
/// a clock already closed among them.
fn closed_clock_line(line: &str, now: NaiveDateTime) -> Option<String> {
    let indent = &line[..line.len() - line.trim_start().len()];
    let stamp = line
        .trim()
        .strip_prefix("CLOCK:")?
        .trim()
        .strip_prefix('[')?
        .strip_suffix(']')?;
    if stamp.contains(']') {
        return None;
    }
    let started = clock_time(stamp)?;
    let seconds = (now - started).num_seconds().max(0);
    Some(format!(
        "{indent}CLOCK: [{stamp}]--[{}] =>  {:02}:{:02}:{:02}",
        now.format(CLOCK_FORMAT),
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    ))
}

/// A clock timestamp, with or without seconds (older Logseq wrote `10:00`).
fn clock_time(stamp: &str) -> Option<NaiveDateTime> {
    let date = NaiveDate::parse_from_str(stamp.get(..10)?, "%Y-%m-%d").ok()?;
    let time = stamp.rsplit(' ').next()?;
    let time = NaiveTime::parse_from_str(time, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M"))
        .ok()?;
    Some(NaiveDateTime::new(date, time))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn a_running_clock_is_closed_with_its_span() {
        let raw = "DOING Write the runbook\n:LOGBOOK:\nCLOCK: [2024-03-01 Fri 10:00:05]\n:END:";
        assert_eq!(
            close_open_clock(raw, at("2024-03-01 11:02:07")).unwrap(),
            "DOING Write the runbook\n:LOGBOOK:\nCLOCK: [2024-03-01 Fri 10:00:05]--[2024-03-01 Fri 11:02:07] =>  01:02:02\n:END:"
        );
    }

    #[test]
    fn a_clock_without_seconds_and_spanning_days_is_closed_too() {
        let raw = "NOW x\n  :LOGBOOK:\n  CLOCK: [2024-03-01 Fri 23:30]\n  :END:\nnotes";
        assert_eq!(
            close_open_clock(raw, at("2024-03-03 00:30:00")).unwrap(),
            "NOW x\n  :LOGBOOK:\n  CLOCK: [2024-03-01 Fri 23:30]--[2024-03-03 Sun 00:30:00] =>  25:00:00\n  :END:\nnotes"
        );
    }

    #[test]
    fn closed_clocks_and_blocks_without_a_logbook_are_left_alone() {
        let closed = "DOING x\n:LOGBOOK:\nCLOCK: [2024-03-01 Fri 10:00:00]--[2024-03-01 Fri 11:00:00] =>  01:00:00\n:END:";
        assert_eq!(close_open_clock(closed, at("2024-03-02 10:00:00")), None);
        assert_eq!(
            close_open_clock("TODO x\nno drawer", at("2024-03-02 10:00:00")),
            None
        );
        assert_eq!(
            close_open_clock("TODO x\n:LOGBOOK:\n:END:", at("2024-03-02 10:00:00")),
            None
        );
    }
}
