//! The search query language, parsed into a plain value before it meets tantivy.
//!
//! `words` must all match; `"a phrase"` matches in order; the last word is also a prefix
//! while the user is still typing it; `-word` excludes; `#tag` and ticket IDs (`COS-113`)
//! are exact terms; filters are `page:`, `tag:`, `ticket:`, `is:task`, `is:open`,
//! `is:closed`, `marker:`, `priority:`, `before:` and `after:` (`yyyy-mm-dd`). Quotes may
//! be left open; a query of punctuation alone has no terms and finds nothing.

use chrono::NaiveDate;

use super::tokenizer::{is_cjk, Side};
use crate::outline::{is_ticket_lookalike, scan_inline};

/// A filter on a field that is matched exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// Lower-cased page name.
    Page(String),
    /// Lower-cased tag.
    Tag(String),
    /// Upper-cased ticket ID.
    Ticket(String),
    /// A ticket-shaped word typed bare (`COS-113`, `Sev-2`): the ticket, or its words where
    /// the text holds them but not as a ticket (`sev-2` in lower case is no ticket).
    TicketOrWords {
        ticket: String,
        /// The word's terms at their relative positions, always two or more.
        words: Vec<(usize, String)>,
    },
    /// `task`, `open` or `closed`.
    Is(String),
    /// Canonical upper-case marker.
    Marker(String),
    /// `A`, `B` or `C`.
    Priority(String),
    /// On or before this day.
    Before(NaiveDate),
    /// On or after this day.
    After(NaiveDate),
}

/// One text clause of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextClause {
    Word(String),
    /// The word being typed: it matches as itself or as the start of a longer word.
    Prefix(String),
    /// Terms at their relative positions: a quoted phrase, or a CJK word as its pairs of
    /// characters. Always two terms or more.
    Phrase(Vec<(usize, String)>),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    pub clauses: Vec<TextClause>,
    /// Words and phrases (never prefixes) that a hit must not contain.
    pub excluded: Vec<TextClause>,
    pub filters: Vec<Filter>,
}

impl ParsedQuery {
    /// True when nothing in the query can match anything (empty, or punctuation alone).
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty() && self.filters.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("`{0}` is not a date; write yyyy-mm-dd")]
    BadDate(String),
    #[error("`{0}` is not a priority; use A, B or C")]
    BadPriority(String),
    #[error("`is:{0}` is not known; use is:task, is:open or is:closed")]
    BadIs(String),
}

/// Splits text into index words exactly as the index does: runs of letters and digits,
/// lower-cased, accents folded; CJK runs as their characters and pairs of characters.
pub fn words(text: &str) -> Vec<String> {
    analyzed(text, Side::Index)
        .into_iter()
        .map(|(_, word)| word)
        .collect()
}

/// The terms of `text` on the given side, with their positions.
fn analyzed(text: &str, side: Side) -> Vec<(usize, String)> {
    let mut analyzer = super::analyzer(side);
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push((token.position, token.text.clone()));
    }
    out
}

/// A query's terms in the groups that must match together: the pairs of one CJK word form
/// a group, every other word is a group alone.
fn term_groups(text: &str) -> Vec<Vec<(usize, String)>> {
    let mut groups: Vec<Vec<(usize, String)>> = Vec::new();
    for (position, term) in analyzed(text, Side::Query) {
        let cjk = term.starts_with(is_cjk);
        let joins = groups
            .last()
            .and_then(|group| group.last())
            .is_some_and(|(last, word)| cjk && word.starts_with(is_cjk) && *last + 1 == position);
        match groups.last_mut() {
            Some(group) if joins => group.push((position, term)),
            _ => groups.push(vec![(position, term)]),
        }
    }
    groups
}

/// One clause for a group of terms: a word, or a phrase at positions counted from zero.
fn clause_of(mut terms: Vec<(usize, String)>) -> TextClause {
    if terms.len() == 1 {
        return TextClause::Word(terms.remove(0).1);
    }
    let first = terms[0].0;
    TextClause::Phrase(terms.into_iter().map(|(p, t)| (p - first, t)).collect())
}

/// True for a whole token of ticket shape (`COS-113`), in any case.
fn as_ticket(token: &str) -> Option<String> {
    let upper = token.to_ascii_uppercase();
    let found = scan_inline(&upper, &Default::default());
    let span = found.tickets.first()?;
    (span.start == 0 && span.len() == upper.len() && !is_ticket_lookalike(&upper)).then_some(upper)
}

/// Splits a query into tokens, keeping quoted parts (and `key:"quoted value"`) together.
fn tokens(query: &str) -> Vec<(String, bool)> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut in_quotes = false;
    for c in query.chars() {
        match c {
            '"' => {
                in_quotes = !in_quotes;
                quoted = true;
            }
            c if c.is_whitespace() && !in_quotes => {
                if !current.is_empty() || quoted {
                    tokens.push((std::mem::take(&mut current), quoted));
                }
                quoted = false;
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() || quoted {
        tokens.push((current, quoted));
    }
    tokens
}

fn parse_date(value: &str) -> Result<NaiveDate, QueryError> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| QueryError::BadDate(value.to_string()))
}

pub fn parse_query(query: &str) -> Result<ParsedQuery, QueryError> {
    let mut parsed = ParsedQuery::default();
    let still_typing = !query.ends_with(char::is_whitespace) && !query.ends_with('"');
    let tokens = tokens(query);
    let count = tokens.len();
    for (index, (token, quoted)) in tokens.into_iter().enumerate() {
        let last = index + 1 == count;
        if let Some((key, value)) = token.split_once(':') {
            let value = value.trim();
            let filter = match key.to_ascii_lowercase().as_str() {
                "page" => Some(Filter::Page(crate::vault::page_key(value))),
                "tag" => Some(Filter::Tag(crate::vault::page_key(
                    value.trim_start_matches('#'),
                ))),
                "ticket" => Some(Filter::Ticket(value.to_ascii_uppercase())),
                "marker" => Some(Filter::Marker(value.to_ascii_uppercase())),
                "priority" => {
                    let p = value
                        .trim_start_matches("[#")
                        .trim_end_matches(']')
                        .to_ascii_uppercase();
                    if !matches!(p.as_str(), "A" | "B" | "C") {
                        return Err(QueryError::BadPriority(value.to_string()));
                    }
                    Some(Filter::Priority(p))
                }
                "is" => {
                    let v = value.to_ascii_lowercase();
                    if !matches!(v.as_str(), "task" | "open" | "closed") {
                        return Err(QueryError::BadIs(value.to_string()));
                    }
                    Some(Filter::Is(v))
                }
                "before" => Some(Filter::Before(parse_date(value)?)),
                "after" => Some(Filter::After(parse_date(value)?)),
                _ => None,
            };
            if let Some(filter) = filter {
                if !value.is_empty() {
                    parsed.filters.push(filter);
                }
                continue;
            }
        }
        if let Some(negated) = token.strip_prefix('-').filter(|t| !t.is_empty() && !quoted) {
            parsed
                .excluded
                .extend(term_groups(negated).into_iter().map(clause_of));
            continue;
        }
        if !quoted {
            if let Some(tag) = token.strip_prefix('#').filter(|t| !t.is_empty()) {
                parsed
                    .filters
                    .push(Filter::Tag(crate::vault::page_key(tag)));
                continue;
            }
            let bare = token.trim_matches(|c: char| !c.is_alphanumeric());
            if let Some(ticket) = as_ticket(bare) {
                let terms = analyzed(bare, Side::Query);
                let first = terms.first().map_or(0, |(position, _)| *position);
                let words: Vec<(usize, String)> = terms
                    .into_iter()
                    .map(|(position, term)| (position - first, term))
                    .collect();
                parsed.filters.push(if words.len() >= 2 {
                    Filter::TicketOrWords { ticket, words }
                } else {
                    Filter::Ticket(ticket)
                });
                continue;
            }
        }
        let mut groups = term_groups(&token);
        if quoted {
            let terms: Vec<_> = groups.into_iter().flatten().collect();
            if !terms.is_empty() {
                parsed.clauses.push(clause_of(terms));
            }
            continue;
        }
        let typing = last && still_typing;
        let final_group = if typing { groups.pop() } else { None };
        parsed.clauses.extend(groups.into_iter().map(clause_of));
        match final_group.map(clause_of) {
            Some(TextClause::Word(word)) => parsed.clauses.push(TextClause::Prefix(word)),
            Some(clause) => parsed.clauses.push(clause),
            None => {}
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_phrases_prefixes_and_filters() {
        let parsed = parse_query(
            "Café \"shard rebalancing\" COS-113 #oncall page:\"Kafka Migration\" is:open deplo",
        )
        .unwrap();
        assert_eq!(
            parsed.clauses,
            [
                TextClause::Word("cafe".into()),
                TextClause::Phrase(vec![(0, "shard".into()), (1, "rebalancing".into())]),
                TextClause::Prefix("deplo".into()),
            ]
        );
        assert_eq!(
            parsed.filters,
            [
                Filter::TicketOrWords {
                    ticket: "COS-113".into(),
                    words: vec![(0, "cos".into()), (1, "113".into())],
                },
                Filter::Tag("oncall".into()),
                Filter::Page("kafka migration".into()),
                Filter::Is("open".into()),
            ]
        );
    }

    #[test]
    fn a_finished_word_is_not_a_prefix() {
        assert_eq!(
            parse_query("deploy ").unwrap().clauses,
            [TextClause::Word("deploy".into())]
        );
    }

    #[test]
    fn odd_input_is_harmless() {
        assert!(parse_query("\"unbalanced quote").unwrap().clauses.len() == 1);
        assert!(parse_query("?!... ---").unwrap().is_empty());
        assert!(parse_query("").unwrap().is_empty());
        assert_eq!(
            parse_query("before:2024-13-01"),
            Err(QueryError::BadDate("2024-13-01".into()))
        );
        assert_eq!(
            parse_query("utf-8").unwrap().clauses.len(),
            2,
            "UTF-8 is words, not a ticket"
        );
    }
}
