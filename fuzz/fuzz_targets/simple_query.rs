//! Any text is a Logseq simple query that parses or fails with an error that says why, in
//! the default journal title format and in one with weekday names.

#![no_main]

use cairn::agenda::parse_simple_query;
use cairn::dates::JournalTitleFormat;
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    let today = NaiveDate::from_ymd_opt(2024, 12, 10).unwrap();
    for titles in [
        JournalTitleFormat::default(),
        JournalTitleFormat::new("yyyy-MM-dd EEEE"),
    ] {
        if let Err(error) = parse_simple_query(query, today, &titles) {
            assert!(!error.to_string().is_empty());
        }
    }
});
