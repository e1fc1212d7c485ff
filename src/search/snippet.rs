//! Highlighted snippets: the part of a block's text around the first match, with the byte
//! ranges of every matching word, for the terminal and the app to emphasise.

use super::query::{ParsedQuery, TextClause};

/// Characters of context kept before the first match.
const LEAD: usize = 40;
/// Longest snippet, in characters.
const WIDTH: usize = 180;

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
pub fn snippet(text: &str, query: &ParsedQuery, fuzzy: bool) -> Snippet {
    let mut analyzer = super::analyzer();
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
            TextClause::Phrase(ws) => ws.iter().any(|w| w == word),
        });
        if hit {
            matches.push((token.offset_from, token.offset_to));
        }
    }
    let first = matches.first().map_or(0, |m| m.0);
    let start = floor_char_back(text, first, LEAD);
    let end = ceil_chars_forward(text, start, WIDTH);
    let mut excerpt = String::new();
    if start > 0 {
        excerpt.push('…');
    }
    let prefix = excerpt.len();
    excerpt.push_str(&text[start..end]);
    if end < text.len() {
        excerpt.push('…');
    }
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

/// The byte offset `chars` characters before `at`, at a word start when one is near.
fn floor_char_back(text: &str, at: usize, chars: usize) -> usize {
    let mut start = text[..at]
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    if start > 0 {
        if let Some(space) = text[start..at].find(char::is_whitespace) {
            start += space + 1;
        }
    }
    start.min(at)
}

fn ceil_chars_forward(text: &str, from: usize, chars: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| from + i)
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
}
