//! When two bullets make one claim. Engineers copy review text from page to page and edit
//! it, so the same accomplishment turns up in several wordings: "OIDC at the edge: Token
//! validation happens once…" and "OIDC at the edge: Token validation now happens once…".
//!
//! Two bullets are one claim when they do not both cite tickets without sharing one, and
//! - their lead-ins (the words before a first `:` of at most six words, such as
//!   `**Caching:**`) are the same and they share a ticket, or
//! - nearly all their words are the same: of the shorter bullet's content words (words
//!   other than articles, prepositions and the like, tickets left out), at least four
//!   fifths are in the other, which has no more than two of its own for every three they
//!   share; and the shorter has at least four content words.

use std::collections::HashSet;

use super::assemble::dedup_key;

/// Words that carry no claim of their own.
const STOP_WORDS: [&str; 28] = [
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into",
    "is", "it", "its", "now", "of", "on", "or", "that", "the", "this", "to", "was", "were", "with",
];

/// Share of the shorter bullet's content words the other must have.
const NEARLY_ALL: f64 = 0.8;
/// Share of the longer bullet's content words the two must share.
const MOSTLY: f64 = 0.6;
/// Fewest content words for wording alone to make two bullets one claim.
const FEWEST_WORDS: usize = 4;
/// Most words a lead-in has.
const LEAD_IN_WORDS: usize = 6;

/// What a bullet is compared by.
#[derive(Debug, Clone)]
pub(crate) struct Claim {
    lead_in: Option<String>,
    words: HashSet<String>,
}

impl Claim {
    /// The claim of a bullet's `text` citing `tickets`. Page references and tags place a
    /// bullet (in a project, with a person) rather than say what was done, so their words
    /// do not count.
    pub(crate) fn new(text: &str, tickets: &[String]) -> Claim {
        let words = dedup_key(&without_refs(text), tickets)
            .split(' ')
            .filter(|w| !w.is_empty() && !STOP_WORDS.contains(w))
            .map(str::to_string)
            .collect();
        Claim {
            lead_in: lead_in(text),
            words,
        }
    }
}

/// `text` without its `[[page refs]]` and `#tags`.
fn without_refs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[[") {
        out.push_str(&rest[..start]);
        match rest[start..].find("]]") {
            Some(end) => rest = &rest[start + end + 2..],
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out.split(' ')
        .filter(|word| !word.starts_with('#'))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words before the first `:` of the first line, when there are one to six of them.
fn lead_in(text: &str) -> Option<String> {
    let first = text.lines().next()?;
    let (head, _) = first.split_once(':')?;
    let words: Vec<String> = head
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    (1..=LEAD_IN_WORDS)
        .contains(&words.len())
        .then(|| words.join(" "))
}

/// True when the two bullets, with their tickets, are one claim (see the module docs).
pub(crate) fn same_claim(a: &Claim, a_tickets: &[String], b: &Claim, b_tickets: &[String]) -> bool {
    let share_ticket = a_tickets.iter().any(|t| b_tickets.contains(t));
    if !a_tickets.is_empty() && !b_tickets.is_empty() && !share_ticket {
        return false;
    }
    if share_ticket && a.lead_in.is_some() && a.lead_in == b.lead_in {
        return true;
    }
    let (shorter, longer) = if a.words.len() <= b.words.len() {
        (&a.words, &b.words)
    } else {
        (&b.words, &a.words)
    };
    // The sizes alone rule most pairs out, before any word is compared: drafts compare
    // every completed task of a year with every other.
    if shorter.len() < FEWEST_WORDS || (shorter.len() as f64) < MOSTLY * longer.len() as f64 {
        return false;
    }
    let common = shorter.intersection(longer).count();
    shorter.len() >= FEWEST_WORDS
        && common as f64 >= NEARLY_ALL * shorter.len() as f64
        && common as f64 >= MOSTLY * longer.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(text: &str, tickets: &[&str]) -> (Claim, Vec<String>) {
        let tickets: Vec<String> = tickets.iter().map(|t| t.to_string()).collect();
        (Claim::new(text, &tickets), tickets)
    }

    fn same(a: (&str, &[&str]), b: (&str, &[&str])) -> bool {
        let (a, at) = claim(a.0, a.1);
        let (b, bt) = claim(b.0, b.1);
        same_claim(&a, &at, &b, &bt)
    }

    #[test]
    fn copied_and_edited_bullets_are_one_claim() {
        assert!(same(
            ("OIDC at the edge: Token validation happens once, at the gateway; removed five copies of JWT handling code", &[]),
            ("OIDC at the edge: Token validation now happens once, at the gateway; removed five copies of JWT code", &[]),
        ));
        assert!(same(
            ("Fix the dispatch local-dev guide (NAV-286)", &["NAV-286"]),
            (
                "Fix the onboarding doc for dispatch local dev (NAV-286)",
                &["NAV-286"]
            ),
        ));
        assert!(same(
            (
                "**Caching:** Work with CORESERV team to optimize caching for read and write operations (COS-85, CORESERV-1253)",
                &["COS-85", "CORESERV-1253"]
            ),
            (
                "**Caching:** Implemented caching for read and write operations (COS-85, CORESERV-1253, COS-121)",
                &["COS-85", "CORESERV-1253", "COS-121"]
            ),
        ));
    }

    #[test]
    fn bullets_citing_different_tickets_are_never_one_claim() {
        assert!(!same(
            ("Fix the dispatch local-dev guide (NAV-286)", &["NAV-286"]),
            ("Fix the dispatch local-dev guide (NAV-287)", &["NAV-287"]),
        ));
    }

    #[test]
    fn a_shared_lead_in_alone_is_not_one_claim() {
        assert!(!same(
            (
                "**Mentoring:** mentored two new hires through onboarding",
                &[]
            ),
            ("**Mentoring:** ran the intern program for the summer", &[]),
        ));
        assert!(!same(("Shipped it", &[]), ("Shipped it twice", &[])));
        // A status note that mentions another's words is not the same claim.
        assert!(!same(
            (
                "Newark follow-ups on track except the per-depot rate caps (NAV-304)",
                &["NAV-304"]
            ),
            ("Per-depot rate caps in staging (NAV-304)", &["NAV-304"]),
        ));
    }
}
