//! Dates and repeaters: the first line of the input is a journal title pattern and the
//! rest a planning line under a task, or a title to read. Nothing panics; a timestamp
//! written back reads as itself; completing or re-dating a task writes text that parses
//! losslessly and keeps every repeating date readable.

#![no_main]

use cairn::agenda::{next_occurrence, task_edits, TaskAction};
use cairn::dates::{DatePattern, JournalTitleFormat};
use cairn::outline::{parse, Marker, ParseOptions, Timestamp};
use cairn::vault::Settings;
use cairn::workspace::PageSession;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use libfuzzer_sys::fuzz_target;

/// Days at the edges of what a calendar holds, and ordinary ones.
fn days() -> [NaiveDate; 4] {
    [
        NaiveDate::from_ymd_opt(1970, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
        NaiveDate::from_ymd_opt(2024, 12, 10).unwrap(),
        NaiveDate::from_ymd_opt(9999, 12, 30).unwrap(),
    ]
}

/// The date, time and repeater of a timestamp, without where it sits.
fn meaning(timestamp: &Timestamp) -> impl PartialEq + std::fmt::Debug {
    (timestamp.date, timestamp.time, timestamp.repeater)
}

/// The timestamp `rendered` reads as on a task's planning line.
fn read_back(rendered: &str) -> Option<Timestamp> {
    let page = parse(
        &format!("- TODO t\n  SCHEDULED: {rendered}\n"),
        &ParseOptions::default(),
    );
    page.blocks.first().and_then(|block| block.scheduled)
}

fn check_patterns(pattern: &str, text: &str) {
    let compiled = DatePattern::new(pattern);
    for day in days() {
        let title = compiled.format(day);
        let _ = compiled.parse(&title);
    }
    let _ = compiled.parse(text);
    let _ = JournalTitleFormat::new(pattern).parse(text);
}

fn check_planning(planning: &str) {
    let options = ParseOptions::default();
    let text = format!("- TODO task\n  {planning}\n");
    let page = parse(&text, &options);
    assert_eq!(page.serialize(), text);
    for (id, block) in page.iter() {
        for timestamp in [block.scheduled, block.deadline].into_iter().flatten() {
            let back = read_back(&timestamp.render());
            assert_eq!(
                back.as_ref().map(meaning),
                Some(meaning(&timestamp)),
                "{} reads back",
                timestamp.render()
            );
            for today in days() {
                let next = next_occurrence(&timestamp, today);
                let back = read_back(&next.render());
                assert_eq!(
                    back.as_ref().map(meaning),
                    Some(meaning(&next)),
                    "the next occurrence of {} on {today}, {}, reads back",
                    timestamp.render(),
                    next.render()
                );
            }
        }
        if block.marker.is_none() {
            continue;
        }
        let repeating = [block.scheduled, block.deadline]
            .iter()
            .filter(|t| t.is_some_and(|t| t.repeater.is_some()))
            .count();
        for action in [
            TaskAction::SetMarker(Marker::Done),
            TaskAction::Cycle,
            TaskAction::SetDeadline(Some(days()[2])),
            TaskAction::SetScheduled(None),
        ] {
            for day in days() {
                let now = NaiveDateTime::new(day, NaiveTime::from_hms_opt(9, 30, 0).unwrap());
                let mut session = PageSession::new(page.clone(), options.clone());
                for edit in task_edits(&page, id, action, now, &Settings::default()) {
                    if session.apply(&edit).is_err() {
                        break;
                    }
                }
                let edited = session.page();
                assert_eq!(parse(&edited.source, &options).serialize(), edited.source);
                if action == TaskAction::SetMarker(Marker::Done) {
                    let after = edited
                        .blocks
                        .get(id.0 as usize)
                        .map(|b| {
                            [b.scheduled, b.deadline]
                                .iter()
                                .filter(|t| t.is_some_and(|t| t.repeater.is_some()))
                                .count()
                        })
                        .unwrap_or(0);
                    assert_eq!(
                        after, repeating,
                        "completing keeps every repeating date readable:\n{}",
                        edited.source
                    );
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (pattern, rest) = text.split_once('\n').unwrap_or((text, text));
    check_patterns(pattern, rest);
    check_planning(rest);
});
