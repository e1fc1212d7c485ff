//! Highlighted snippets: the part of a block's text around the first match, with the byte
//! ranges of every matching word, for the terminal and the app to emphasise.
//!
//! Block text is whatever users paste: spaces of every width (a no-break space is two
//! bytes, an ideographic one three), combining marks, emoji sequences, scripts written
//! without spaces. The window is measured in chars and cut after a space where there is
//! one near, else between clusters (approximated without Unicode's tables), never inside a
//! char.

use super::query::{ParsedQuery, TextClause};

/// Characters of context kept before the first match.
const LEAD: usize = 40;
/// Longest snippet, in characters.
const WIDTH: usize = 180;
/// How far back from the end of the window a space is looked for, in characters.
const TAIL: usize = 24;

/// A short excerpt and the byte ranges in it to highlight.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

/// How close a word must be to a query word to count as a typo of it.
pub(crate) fn typo_distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// True when `a` becomes `b` in at most `limit` insertions, deletions, substitutions or
/// swaps of neighbours (the optimal string alignment distance, as the index's typo
/// tolerance counts them).
fn edit_distance_at_most(a: &str, b: &str, limit: usize) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return false;
    }
    let width = b.len() + 1;
    let mut rows = vec![vec![0usize; width]; a.len() + 1];
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i][0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()] <= limit
}

/// Builds the snippet of `text` for `query`; `fuzzy` also highlights near misses.
///
/// Any text will do: the excerpt is cut on char boundaries, and the highlights are in
/// order, apart, and on char boundaries of the excerpt, so callers may slice by them.
pub fn snippet(text: &str, query: &ParsedQuery, fuzzy: bool) -> Snippet {
    let mut analyzer = super::analyzer(super::tokenizer::Side::Index);
    let mut stream = analyzer.token_stream(text);
    let mut matches: Vec<(usize, usize)> = Vec::new();
    while let Some(token) = stream.next() {
        let word = token.text.as_str();
        let hit = query.clauses.iter().any(|clause| match clause {
            TextClause::Word(w) => {
                w == word || (fuzzy && edit_distance_at_most(w, word, typo_distance(w) as usize))
            }
            TextClause::Prefix(p) => {
                word.starts_with(p.as_str())
                    || (fuzzy && edit_distance_at_most(p, word, typo_distance(p) as usize))
            }
            TextClause::Phrase(terms) => terms.iter().any(|(_, w)| w == word),
        });
        if hit {
            let (from, to) = (token.offset_from, marks_end(text, token.offset_to));
            // A CJK word matches as overlapping pairs of characters: one highlight for all.
            match matches.last_mut() {
                Some(last) if from < last.1 => last.1 = last.1.max(to),
                _ => matches.push((from, to)),
            }
        }
    }
    let first = matches.first().map_or(0, |m| m.0);
    let start = window_start(text, first);
    let end = window_end(text, start);
    let mut excerpt = String::new();
    if start > 0 {
        excerpt.push('…');
    }
    let prefix = excerpt.len();
    excerpt.push_str(&text[start..end]);
    if end < text.len() {
        excerpt.push('…');
    }
    // One byte for one byte, so the highlights' offsets stay right.
    let excerpt = excerpt.replace('\n', " ");
    let highlights = matches
        .into_iter()
        .filter(|(s, e)| *s >= start && *e <= end)
        .map(|(s, e)| (s - start + prefix, e - start + prefix))
        .collect();
    Snippet {
        text: excerpt,
        highlights,
    }
}

/// Where the window opens: `LEAD` characters before the first match, moved on to just after
/// the first space in that lead so the excerpt starts with a whole word. Text without spaces
/// (Chinese, Japanese) is cut between clusters instead.
fn window_start(text: &str, first: usize) -> usize {
    let lead = match text[..first].char_indices().rev().nth(LEAD - 1) {
        Some((0, _)) | None => return 0,
        Some((lead, _)) => lead,
    };
    // A space is stepped over whole: a no-break space is two bytes, an ideographic one three.
    let after_space = text[lead..first]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(lead, |(i, space)| lead + i + space.len_utf8());
    next_boundary(text, after_space).min(first)
}

/// Where the window closes: `WIDTH` characters after `start`, pulled back before the last
/// space of its final `TAIL` characters so that the last word is whole; between clusters
/// when that stretch has no space.
fn window_end(text: &str, start: usize) -> usize {
    let Some((cut, _)) = text[start..].char_indices().nth(WIDTH) else {
        return text.len();
    };
    let cut = start + cut;
    let space = text[..cut]
        .char_indices()
        .rev()
        .take(TAIL)
        .find(|(_, c)| c.is_whitespace());
    match space {
        Some((at, _)) => at,
        None => next_boundary(text, cut),
    }
}

/// The end of the marks that follow a word at `at`. A word ends before a combining mark
/// that is not a letter (`e` + U+0301): its highlight takes the mark too, so it never
/// splits what shows as one letter. It stops at a letter even when that letter extends the
/// mark (after a joiner, say): the next word starts there, and highlights must not overlap.
fn marks_end(text: &str, at: usize) -> usize {
    let marks: usize = text[at..]
        .chars()
        .take_while(|c| extends_previous(*c) && !c.is_alphanumeric())
        .take(MAX_CLUSTER)
        .map(char::len_utf8)
        .sum();
    at + marks
}

/// How far a cut looks for the end of a cluster before it settles for a char boundary, and
/// how many marks a highlight takes at most (a letter under hundreds of marks is cut
/// between them, and its highlight still fits in the window).
const MAX_CLUSTER: usize = 32;

/// The first cluster boundary at or after `at` (a char boundary), or `at` itself when there
/// is none within `MAX_CLUSTER` characters.
fn next_boundary(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .map(|(i, _)| at + i)
        .chain(std::iter::once(text.len()))
        .take(MAX_CLUSTER)
        .find(|&i| is_cluster_boundary(text, i))
        .unwrap_or(at)
}

const ZERO_WIDTH_JOINER: char = '\u{200D}';

/// True when cutting `text` at `at` (a char boundary) keeps every cluster whole, as far as
/// its neighbours tell: not before a mark that extends the previous character, not after a
/// zero-width joiner (emoji sequences), not between the two halves of a flag. This is an
/// approximation of Unicode's grapheme clusters that needs no tables; where it is wrong,
/// the cut still falls between chars.
fn is_cluster_boundary(text: &str, at: usize) -> bool {
    let (Some(before), Some(after)) = (text[..at].chars().next_back(), text[at..].chars().next())
    else {
        return true;
    };
    if extends_previous(after) || before == ZERO_WIDTH_JOINER {
        return false;
    }
    if is_regional_indicator(before) && is_regional_indicator(after) {
        // Flags are pairs of indicators: the cut is between two flags only after an even
        // number of them.
        let run = text[..at]
            .chars()
            .rev()
            .take_while(|c| is_regional_indicator(*c))
            .count();
        return run % 2 == 0;
    }
    true
}

/// Characters that belong to the one before them: combining marks of the common blocks,
/// Hebrew and Arabic points, joiners, variation selectors, emoji skin tones and tags,
/// Hangul vowel and final jamo, kana voicing marks.
fn extends_previous(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05BD}'
        | '\u{05BF}'
        | '\u{05C1}'..='\u{05C2}'
        | '\u{05C4}'..='\u{05C5}'
        | '\u{05C7}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{1160}'..='\u{11FF}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}'..='\u{200D}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{3099}'..='\u{309A}'
        | '\u{D7B0}'..='\u{D7FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0020}'..='\u{E007F}'
        | '\u{E0100}'..='\u{E01EF}'
    )
}

fn is_regional_indicator(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse_query;

    #[test]
    fn highlights_words_and_prefixes() {
        let query = parse_query("shard rebal").unwrap();
        let s = snippet(
            "Optimized shard rebalancing before the freeze",
            &query,
            false,
        );
        let marked: Vec<&str> = s.highlights.iter().map(|(a, b)| &s.text[*a..*b]).collect();
        assert_eq!(marked, ["shard", "rebalancing"]);
    }

    #[test]
    fn typos_are_highlighted_when_fuzzy() {
        let query = parse_query("rebalancng ").unwrap();
        let s = snippet("shard rebalancing", &query, true);
        assert_eq!(s.highlights.len(), 1);
        assert!(edit_distance_at_most("kitten", "sitting", 3));
        assert!(!edit_distance_at_most("kitten", "sitting", 2));
        assert!(
            edit_distance_at_most("upgarde", "upgrade", 1),
            "a swap is one edit"
        );
    }

    #[test]
    fn long_text_is_cut_around_the_match_on_char_boundaries() {
        let text = format!("{} needle {}", "é".repeat(300), "ü".repeat(300));
        let query = parse_query("needle ").unwrap();
        let s = snippet(&text, &query, false);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        let (a, b) = s.highlights[0];
        assert_eq!(&s.text[a..b], "needle");
    }

    fn marked(s: &Snippet) -> Vec<&str> {
        s.highlights.iter().map(|(a, b)| &s.text[*a..*b]).collect()
    }

    #[test]
    fn regression_a_window_meeting_a_no_break_space_cuts_after_it() {
        // Reported: `search 'pull logseq'` on Logseq's docs exited 101. Text pasted from the
        // web has no-break spaces between words; the window's lead stepped one byte past the
        // first of them, into the middle of the two-byte U+00A0.
        let text = "To\u{a0}update\u{a0}the\u{a0}documentation\u{a0}graph\u{a0}on\u{a0}your\u{a0}machine, \
                    run\u{a0}git pull\u{a0}logseq\u{a0}main in its folder";
        let query = parse_query("pull logseq").unwrap();
        let s = snippet(text, &query, false);
        assert_eq!(marked(&s), ["pull", "logseq"]);
        assert!(s.text.starts_with("…graph\u{a0}on"), "{:?}", s.text);
    }

    #[test]
    fn windows_step_over_spaces_of_any_width() {
        let query = parse_query("needle ").unwrap();
        for space in ['\u{a0}', '\u{2009}', '\u{3000}', '\u{202F}'] {
            let words = ["lorem"; 40].join(&space.to_string());
            let text = format!("{words}{space}needle{space}{words}");
            let s = snippet(&text, &query, false);
            assert_eq!(marked(&s), ["needle"], "{space:?}");
            assert!(s.text.starts_with("…lorem"), "{space:?}: {:?}", s.text);
            assert!(s.text.ends_with("lorem…"), "{space:?}: {:?}", s.text);
        }
    }

    #[test]
    fn text_without_spaces_is_cut_between_clusters() {
        // Chinese has no spaces; emoji sequences, flags, combining marks and jamo must stay
        // whole at either edge of the window, whatever the alignment (`。` shifts it).
        let query = parse_query("kafka ").unwrap();
        let clusters = [
            "中",
            "👩\u{200D}💻",
            "🇫🇷",
            "e\u{301}",
            "👍🏽",
            "\u{1100}\u{1161}",
            "ש\u{5B8}",
            "ب\u{64E}",
        ];
        for cluster in clusters {
            for skew in 1..5 {
                let stops = "。".repeat(skew);
                let text = format!(
                    "{}{stops}kafka{stops}{}",
                    cluster.repeat(60),
                    cluster.repeat(120)
                );
                let s = snippet(&text, &query, false);
                assert_eq!(marked(&s), ["kafka"], "{cluster:?}");
                let inner = s.text.trim_start_matches('…').trim_end_matches('…');
                let (before, after) = inner.split_once("kafka").unwrap();
                let (before, after) = (
                    before.trim_end_matches('。'),
                    after.trim_start_matches('。'),
                );
                assert!(
                    before.len() % cluster.len() == 0 && after.len() % cluster.len() == 0,
                    "{cluster:?}, skew {skew}: cuts a cluster: {:?}",
                    s.text
                );
            }
        }
    }

    #[test]
    fn a_highlight_keeps_the_combining_marks_of_its_last_letter() {
        let query = parse_query("cafe ").unwrap();
        let s = snippet("Le cafe\u{301} est ouvert", &query, false);
        assert_eq!(marked(&s), ["cafe\u{301}"]);
    }

    #[test]
    fn regression_a_highlight_stops_where_the_next_word_starts() {
        // Found by the `search_query` fuzz target: `coka` + U+200D + `𝒻` are two words, and
        // the first one's highlight ran over the joiner into the second's.
        let query = parse_query("coka 𝒻 ").unwrap();
        let s = snippet("👩coka\u{200D}𝒻 and a\u{301}\u{345}b", &query, false);
        assert_eq!(marked(&s), ["coka\u{200D}", "𝒻"]);
        let s = snippet("a\u{301}\u{345}b", &parse_query("a ").unwrap(), false);
        assert_eq!(marked(&s), ["a\u{301}"]);
    }

    #[test]
    fn a_base_letter_under_endless_marks_is_still_cut() {
        let text = format!("{}{}", "a".repeat(100), "\u{301}".repeat(1_000));
        let s = snippet(&text, &parse_query("zzz").unwrap(), false);
        assert!(s.text.chars().count() < 250, "{}", s.text.len());
        let text = format!("zalgo{} text", "\u{301}".repeat(1_000));
        let s = snippet(&text, &parse_query("zalgo ").unwrap(), false);
        assert_eq!(s.highlights.len(), 1, "the highlight fits in the window");
    }
}
