//! Any text is a search query that parses or says why not; when it parses, its snippet of
//! any block text slices cleanly: the excerpt is cut on char boundaries and the highlights
//! are in order, apart and on char boundaries, as the terminal and the app slice by them.
//!
//! The first line is the query, the rest the block text (the query itself when there is no
//! second line).

#![no_main]

use cairn::search::{parse_query, snippet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (query, text) = input.split_once('\n').unwrap_or((input, input));
    let parsed = match parse_query(query) {
        Ok(parsed) => parsed,
        Err(error) => {
            assert!(!error.to_string().is_empty());
            return;
        }
    };
    for fuzzy in [false, true] {
        let s = snippet(text, &parsed, fuzzy);
        let mut after_last = 0;
        for &(start, end) in &s.highlights {
            assert!(
                after_last <= start && start < end && end <= s.text.len(),
                "{s:?}"
            );
            assert!(
                s.text.is_char_boundary(start) && s.text.is_char_boundary(end),
                "{s:?}"
            );
            after_last = end;
        }
    }
});
