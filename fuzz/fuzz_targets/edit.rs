//! An edit chosen by the first bytes, applied to a page made of the rest: when it applies,
//! the new text parses losslessly and the inverted change gives the old text back.

#![no_main]

use cairn::outline::{
    apply, parse, BlockId, Edit, Location, Marker, ParseOptions, Priority, Repeater, RepeaterKind,
    RepeaterUnit, Timestamp, TimestampKind,
};
use chrono::{NaiveDate, NaiveTime};
use libfuzzer_sys::fuzz_target;

/// Snippets for contents, keys and values: ordinary ones and ones that look like syntax.
const SNIPPETS: [&str; 16] = [
    "",
    "x",
    "new block",
    "a\nb",
    "first\n  second\n\nfourth",
    "- nested bullet",
    "```\ncode",
    "TODO [#A] task",
    "key:: value",
    "SCHEDULED: <2024-12-09 Mon>",
    "#+BEGIN_QUERY",
    "line\r\nwith crlf",
    "\t- tab",
    "collapsed",
    "id",
    "[[page]] #tag ABC-123",
];

const KEYS: [&str; 6] = ["id", "collapsed", "heading", "key", "a-b_c", "bad key"];

fn block(page_len: usize, byte: u8) -> BlockId {
    // Mostly valid ids, sometimes one past the end.
    BlockId(byte as u32 % (page_len as u32 + 1))
}

fn location(page_len: usize, parent: u8, index: u8) -> Location {
    Location {
        parent: (parent & 0x80 == 0).then(|| block(page_len, parent & 0x7f)),
        index: (index % 8) as usize,
    }
}

fn timestamp(a: u8, b: u8) -> Option<Timestamp> {
    if a == 0 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(
        2000 + (a % 50) as i32,
        1 + (b % 12) as u32,
        1 + (a % 28) as u32,
    )?;
    let mut ts = Timestamp::new(date);
    if b & 0x10 != 0 {
        ts.time = NaiveTime::from_hms_opt((a % 24) as u32, (b % 60) as u32, 0);
    }
    if b & 0x20 != 0 {
        ts.repeater = Some(Repeater {
            kind: [
                RepeaterKind::Cumulate,
                RepeaterKind::CatchUp,
                RepeaterKind::Restart,
            ][(a % 3) as usize],
            amount: 1 + (b % 5) as u32,
            unit: [
                RepeaterUnit::Hour,
                RepeaterUnit::Day,
                RepeaterUnit::Week,
                RepeaterUnit::Month,
                RepeaterUnit::Year,
            ][(a % 5) as usize],
        });
    }
    Some(ts)
}

fuzz_target!(|data: &[u8]| {
    let [kind, target, p1, p2, rest @ ..] = data else {
        return;
    };
    let Ok(old) = std::str::from_utf8(rest) else {
        return;
    };
    let page = parse(old, &ParseOptions::default());
    let n = page.blocks.len();
    let id = block(n, *target);
    let snippet = |b: u8| SNIPPETS[(b % SNIPPETS.len() as u8) as usize].to_string();
    let edit = match kind % 11 {
        0 => Edit::SetMarker {
            block: id,
            marker: (p1 % 12 != 0).then(|| Marker::ALL[(p1 % 12 - 1) as usize]),
        },
        1 => Edit::SetPriority {
            block: id,
            priority: [
                None,
                Some(Priority::A),
                Some(Priority::B),
                Some(Priority::C),
            ][(p1 % 4) as usize],
        },
        2 => Edit::SetTimestamp {
            block: id,
            kind: if p1 & 1 == 0 {
                TimestampKind::Scheduled
            } else {
                TimestampKind::Deadline
            },
            timestamp: timestamp(p1 >> 1, *p2),
        },
        3 => Edit::SetProperty {
            block: id,
            key: KEYS[(p1 % KEYS.len() as u8) as usize].to_string(),
            value: snippet(*p2),
        },
        4 => Edit::SetContent {
            block: id,
            content: snippet(p1 ^ p2),
        },
        5 => Edit::Indent { block: id },
        6 => Edit::Outdent { block: id },
        7 => Edit::Move {
            block: id,
            to: location(n, *p1, *p2),
        },
        8 => Edit::Delete { block: id },
        9 => Edit::Insert {
            at: location(n, *target, *p1),
            content: snippet(*p2),
        },
        _ => Edit::RemoveProperty {
            block: id,
            key: KEYS[(p1 % KEYS.len() as u8) as usize].to_string(),
        },
    };
    let Ok(change) = apply(&page, &edit) else {
        return;
    };
    let new = change.apply(old);
    let reparsed = parse(&new, &ParseOptions::default());
    assert_eq!(reparsed.serialize(), new, "the edited text round-trips");
    assert_eq!(
        change.invert(old).apply(&new),
        old,
        "the inverted change undoes {edit:?}"
    );
});
