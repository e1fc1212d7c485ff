//! Text in any script never panics search snippets or either query language (issue 13,
//! item 5):
//! - a snippet of any text for any query is a piece of that text, and its highlights are
//!   in order, apart and on char boundaries, so the terminal and the app can slice by them;
//! - the search query language and Logseq's simple queries give a value or an `Err` for
//!   any input;
//! - the two reported crashes, through the `cairn` binary: `search` and `backlinks` over
//!   text with no-break spaces, and `query '(between - today)'`.

use chrono::NaiveDate;
use proptest::prelude::*;

use cairn::agenda::parse_simple_query;
use cairn::dates::JournalTitleFormat;
use cairn::search::query::words;
use cairn::search::{parse_query, snippet, Snippet};

use crate::support::{proptest_config, stdout, FixtureVault};

/// Pieces that broke, or could break, code that thinks in bytes: spaces of every width,
/// invisible characters, combining marks, emoji sequences, right-to-left and CJK text, and
/// the punctuation both query languages give a meaning to.
const AWKWARD: &[&str] = &[
    " ",
    "\u{a0}",
    "\u{2009}",
    "\u{3000}",
    "\u{202F}",
    "\u{200B}",
    "\u{FEFF}",
    "\u{301}",
    "\u{345}",
    "\u{200D}",
    "e\u{301}",
    "é",
    "🎉",
    "👩\u{200D}💻",
    "👍🏽",
    "🇫🇷",
    "مرحبا",
    "שָׁלוֹם",
    "\u{200F}",
    "中文",
    "数据库",
    "。",
    "\n",
    "((",
    "))",
    "[[",
    "]]",
    "(",
    ")",
    "\"",
    "-",
    "+",
    ":",
    "#",
    "pull",
    "logseq",
    "kafka",
    "page:",
    "is:",
    "before:",
    "COS-113",
    "and",
    "not",
    "task TODO",
    "between",
    "today",
    "7d",
    "2024-12-10",
];

/// Query words, some of which the awkward pieces spell out in a text.
const QUERY_WORDS: &[&str] = &["pull", "logseq", "kafka", "数据库", "cafe", "e"];

fn awkward() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(AWKWARD), 0..60).prop_map(|pieces| pieces.concat())
}

/// Printable Unicode, any Unicode at all (controls and unassigned code points too), or the
/// awkward pieces in any order.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,200}",
        any::<String>(),
        awkward(),
        // Long enough that the snippet window is cut on both sides.
        prop::collection::vec(awkward(), 1..8).prop_map(|parts| parts.concat()),
    ]
}

/// The checks every caller of `snippet` relies on; `Err` names what broke.
fn check_snippet(text: &str, s: &Snippet) -> Result<(), String> {
    let mut after_last = 0;
    for &(start, end) in &s.highlights {
        if !(after_last <= start && start < end && end <= s.text.len()) {
            return Err(format!(
                "highlight {start}..{end} is out of order or out of the snippet"
            ));
        }
        if !s.text.is_char_boundary(start) || !s.text.is_char_boundary(end) {
            return Err(format!("highlight {start}..{end} cuts a char"));
        }
        if !s.text[start..end].starts_with(char::is_alphanumeric) {
            return Err(format!("highlight {start}..{end} is not on a word"));
        }
        after_last = end;
    }
    // The excerpt is a piece of the text, line breaks shown as spaces, with `…` where it
    // was cut.
    let flat = text.replace('\n', " ");
    let is_piece = [("", ""), ("…", ""), ("", "…"), ("…", "…")]
        .iter()
        .filter_map(|(open, close)| s.text.strip_prefix(open)?.strip_suffix(close))
        .any(|inner| flat.contains(inner));
    if !is_piece {
        return Err("the excerpt is not a piece of the text".into());
    }
    Ok(())
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 12, 10).unwrap()
}

/// Simple queries with their parentheses balanced more often than chance would give.
fn simple_query_text() -> impl Strategy<Value = String> {
    let form = prop::collection::vec(prop::sample::select(AWKWARD), 0..6).prop_map(|pieces| {
        let body = pieces.join(" ");
        format!("({body})")
    });
    prop_oneof![
        any_text(),
        prop::collection::vec(form, 1..5).prop_map(|forms| forms.join(" ")),
        (prop::sample::select(AWKWARD), prop::sample::select(AWKWARD))
            .prop_map(|(a, b)| format!("(between {a} {b})")),
        awkward().prop_map(|inside| format!("{{{{query {inside}}}}}")),
    ]
}

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn snippets_of_any_text_for_any_query_slice_cleanly(
        text in any_text(),
        query in any_text(),
        fuzzy in any::<bool>(),
    ) {
        if let Ok(parsed) = parse_query(&query) {
            let s = snippet(&text, &parsed, fuzzy);
            prop_assert_eq!(check_snippet(&text, &s), Ok(()), "{:?}", s);
        }
    }

    #[test]
    fn words_of_the_text_are_highlighted_on_char_boundaries(
        text in prop::collection::vec(awkward(), 1..8).prop_map(|parts| parts.concat()),
        picks in prop::collection::vec(prop::sample::select(QUERY_WORDS), 1..3),
        typing in any::<bool>(),
        fuzzy in any::<bool>(),
    ) {
        let query = format!("{}{}", picks.join(" "), if typing { "" } else { " " });
        let parsed = parse_query(&query).unwrap();
        let s = snippet(&text, &parsed, fuzzy);
        prop_assert_eq!(check_snippet(&text, &s), Ok(()), "{:?}", s);
        let found = words(&text);
        if picks.iter().any(|pick| found.iter().any(|word| word == pick)) {
            prop_assert!(!s.highlights.is_empty(), "no highlight in {:?}", s);
        }
    }

    #[test]
    fn the_search_query_language_parses_any_text_or_says_why_not(query in any_text()) {
        match parse_query(&query) {
            Ok(parsed) => {
                let _ = parsed.is_empty();
            }
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }

    #[test]
    fn simple_queries_parse_any_text_or_say_why_not(query in simple_query_text()) {
        for titles in [JournalTitleFormat::default(), JournalTitleFormat::new("yyyy-MM-dd EEEE")] {
            if let Err(error) = parse_simple_query(&query, today(), &titles) {
                prop_assert!(!error.to_string().is_empty());
            }
        }
    }
}

/// A block the way Logseq's docs have it: words joined by no-break spaces, so the first
/// space in a snippet's lead is a two-byte one.
const NO_BREAK_VAULT: &str = "//- pages/Logseq docs.md
- To\u{a0}update\u{a0}the\u{a0}documentation\u{a0}graph\u{a0}on\u{a0}your\u{a0}machine, run\u{a0}git pull\u{a0}logseq\u{a0}main in its folder
";

#[test]
fn regression_search_and_backlinks_over_no_break_spaces_exit_cleanly() {
    let vault = FixtureVault::new(NO_BREAK_VAULT);
    let cache = tempfile::tempdir().unwrap();
    let cache = cache.path().to_string_lossy();
    let search = vault.cairn(&["--cache-dir", &cache, "search", "pull logseq"]);
    assert!(
        search.status.success(),
        "{}",
        String::from_utf8_lossy(&search.stderr)
    );
    assert!(
        stdout(&search).contains("git [pull]\u{a0}[logseq]\u{a0}main"),
        "{}",
        stdout(&search)
    );
    let backlinks = vault.cairn(&["--cache-dir", &cache, "backlinks", "logseq"]);
    assert!(
        backlinks.status.success(),
        "{}",
        String::from_utf8_lossy(&backlinks.stderr)
    );
    assert!(
        stdout(&backlinks).contains("1 unlinked mentions"),
        "{}",
        stdout(&backlinks)
    );
}

#[test]
fn regression_query_between_a_lone_minus_is_an_error_not_a_crash() {
    let vault = FixtureVault::new("//- pages/Empty.md\n- nothing\n");
    let cache = tempfile::tempdir().unwrap();
    let cache = cache.path().to_string_lossy();
    let output = vault.cairn(&["--cache-dir", &cache, "query", "(between - today)"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success() && output.status.code() != Some(101),
        "{:?}: {stderr}",
        output.status
    );
    assert!(stderr.contains("`-` is not a date"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
