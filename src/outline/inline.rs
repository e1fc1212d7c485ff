//! References and ticket IDs inside one line of text: `[[page]]`, `#tag`, `#[[multi word]]`,
//! `((block-uuid))` and `COS-113`, all skipped inside `inline code`.
//!
//! This runs over every line of every page, so it scans bytes with `memchr` and allocates
//! only for what it finds.

use super::{Ref, RefKind, Span};
use crate::dates::JournalTitleFormat;

/// Whole IDs that look like tickets but are not.
const LOOKALIKE_IDS: [&str; 5] = ["UTF-8", "SHA-256", "ISO-8601", "GPT-4", "COVID-19"];
/// Keys of ticket shape that name something else: catalogues of standards and weaknesses,
/// licences, encodings and algorithms, hardware and instruction sets, datasets and models,
/// and vintage machines. Real graphs cite `CWE-79`, `GPL-3`, `BIP-39`, `SM-2`, `TRS-80`,
/// `CIFAR-10` and `AVX-512` far more often than any such tracker. Sorted, for the binary
/// search.
const LOOKALIKE_KEYS: [&str; 62] = [
    "AES", "AGPL", "AMD", "ANSI", "ARM", "ASL", "AVX", "BERT", "BIP", "BSD", "CAPEC", "CC",
    "CIFAR", "COVID", "CRC", "CVE", "CWE", "DDR", "DGX", "DIN", "ECMA", "EIP", "EPL", "ERC",
    "FIPS", "GLM", "GPL", "GPT", "HDMI", "HTTP", "IEC", "IEEE", "IPV", "ISO", "JSR", "LGPL",
    "LLAMA", "MD", "MMLU", "MNIST", "MPEG", "MPL", "NIST", "PCIE", "PEP", "RFC", "ROS", "RSA",
    "SAM", "SHA", "SM", "SSE", "TI", "TLS", "TRS", "USB", "UTF", "WCAG", "WPA", "X64", "X86",
    "Z80",
];

/// True for strings of ticket shape that name a standard, a licence, a version or a
/// document number instead (`UTF-8`, `GPL-3`, `ADR-0005`): a tracker never numbers from a
/// leading zero.
pub fn is_ticket_lookalike(id: &str) -> bool {
    LOOKALIKE_IDS.contains(&id)
        || id.split_once('-').is_some_and(|(key, number)| {
            number.starts_with('0') || LOOKALIKE_KEYS.binary_search(&key).is_ok()
        })
}

/// What [`scan_inline`] found in a text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct InlineRefs {
    pub refs: Vec<Ref>,
    pub tickets: Vec<Span>,
    /// Offsets of `[[` that never close.
    pub unclosed_page_refs: Vec<usize>,
}

/// Scans `text` for references and tickets; spans are offsets into `text`.
pub fn scan_inline(text: &str, dates: &JournalTitleFormat) -> InlineRefs {
    let mut found = InlineRefs::default();
    scan_into(text, 0, dates, &mut found);
    found
}

/// Scans `text`, which starts at offset `base` of its page, appending to `found`.
pub(crate) fn scan_into(
    text: &str,
    base: usize,
    dates: &JournalTitleFormat,
    found: &mut InlineRefs,
) {
    let bytes = text.as_bytes();
    let code = code_spans(bytes);
    scan_refs(text, base, &code, dates, found);
    scan_tickets(bytes, base, &code, found);
}

/// Byte ranges of `inline code` (backtick runs paired with an equal run).
fn code_spans(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let Some(first) = memchr::memchr(b'`', bytes) else {
        return spans;
    };
    let mut pos = first;
    while pos < bytes.len() {
        let Some(offset) = memchr::memchr(b'`', &bytes[pos..]) else {
            break;
        };
        let open = pos + offset;
        let run = bytes[open..].iter().take_while(|b| **b == b'`').count();
        let mut search = open + run;
        let mut closed = false;
        while let Some(offset) = memchr::memchr(b'`', &bytes[search..]) {
            let close = search + offset;
            let close_run = bytes[close..].iter().take_while(|b| **b == b'`').count();
            if close_run == run {
                spans.push((open, close + close_run));
                pos = close + close_run;
                closed = true;
                break;
            }
            search = close + close_run;
        }
        if !closed {
            pos = open + run;
        }
    }
    spans
}

fn in_code(code: &[(usize, usize)], at: usize) -> Option<usize> {
    code.iter()
        .find(|(start, end)| *start <= at && at < *end)
        .map(|(_, end)| *end)
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The offset just past the `]]` that closes a `[[` whose inner text starts at `from`,
/// allowing nested `[[…]]` as Logseq does.
fn close_brackets(bytes: &[u8], from: usize) -> Option<usize> {
    let mut depth = 1usize;
    let mut i = from;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'[', b'[') => {
                depth += 1;
                i += 2;
            }
            (b']', b']') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some(i);
                }
            }
            (b'\n' | b'\r', _) => return None,
            _ => i += 1,
        }
    }
    None
}

fn tag_name_len(bytes: &[u8]) -> usize {
    let mut len = bytes
        .iter()
        .take_while(|b| {
            !b.is_ascii_whitespace()
                && !matches!(
                    b,
                    b',' | b'!'
                        | b'?'
                        | b';'
                        | b'"'
                        | b'\''
                        | b'('
                        | b')'
                        | b'['
                        | b']'
                        | b'{'
                        | b'}'
                        | b'`'
                        | b'<'
                        | b'>'
                )
        })
        .count();
    while len > 0 && matches!(bytes[len - 1], b'.' | b':') {
        len -= 1;
    }
    len
}

fn is_uuid(bytes: &[u8]) -> bool {
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

fn scan_refs(
    text: &str,
    base: usize,
    code: &[(usize, usize)],
    dates: &JournalTitleFormat,
    found: &mut InlineRefs,
) {
    let bytes = text.as_bytes();
    let mut pos = 0;
    while let Some(offset) = memchr::memchr3(b'[', b'#', b'(', &bytes[pos..]) {
        let at = pos + offset;
        if let Some(end) = in_code(code, at) {
            pos = end;
            continue;
        }
        pos = at + 1;
        match bytes[at] {
            b'[' if bytes.get(at + 1) == Some(&b'[') => match close_brackets(bytes, at + 2) {
                Some(end) => {
                    push_named(text, base, RefKind::Page, at + 2, end - 2, dates, found);
                    pos = end;
                }
                None => found.unclosed_page_refs.push(base + at),
            },
            b'#' if at == 0 || bytes[at - 1].is_ascii_whitespace() => {
                if bytes.get(at + 1) == Some(&b'[') && bytes.get(at + 2) == Some(&b'[') {
                    if let Some(end) = close_brackets(bytes, at + 3) {
                        push_named(text, base, RefKind::Tag, at + 3, end - 2, dates, found);
                        pos = end;
                    }
                    continue;
                }
                let len = tag_name_len(&bytes[at + 1..]);
                if len > 0 && !matches!(bytes[at + 1], b'#' | b'+') {
                    push_named(text, base, RefKind::Tag, at + 1, at + 1 + len, dates, found);
                    pos = at + 1 + len;
                }
            }
            b'(' if bytes.get(at + 1) == Some(&b'(') => {
                let inner = at + 2;
                if bytes.len() >= inner + 38
                    && is_uuid(&bytes[inner..inner + 36])
                    && &bytes[inner + 36..inner + 38] == b"))"
                {
                    found.refs.push(Ref {
                        kind: RefKind::Block,
                        target: Span::new(base + inner, base + inner + 36),
                        date: None,
                    });
                    pos = inner + 38;
                }
            }
            _ => {}
        }
    }
}

fn push_named(
    text: &str,
    base: usize,
    kind: RefKind,
    start: usize,
    end: usize,
    dates: &JournalTitleFormat,
    found: &mut InlineRefs,
) {
    let name = &text[start..end];
    if name.trim().is_empty() {
        return;
    }
    found.refs.push(Ref {
        kind,
        target: Span::new(base + start, base + end),
        date: dates.parse(name),
    });
}

fn scan_tickets(bytes: &[u8], base: usize, code: &[(usize, usize)], found: &mut InlineRefs) {
    for dash in memchr::memchr_iter(b'-', bytes) {
        let digits = bytes[dash + 1..]
            .iter()
            .take(8)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0
            || digits > 7
            || bytes
                .get(dash + 1 + digits)
                .is_some_and(|b| is_word_byte(*b))
        {
            continue;
        }
        let key_len = bytes[..dash]
            .iter()
            .rev()
            .take(11)
            .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            .count();
        if !(2..=10).contains(&key_len) {
            continue;
        }
        let start = dash - key_len;
        if !bytes[start].is_ascii_uppercase() || (start > 0 && is_word_byte(bytes[start - 1])) {
            continue;
        }
        if in_code(code, start).is_some() {
            continue;
        }
        let end = dash + 1 + digits;
        // The bytes are ASCII here, so this slice is valid UTF-8.
        let id = std::str::from_utf8(&bytes[start..end]).unwrap_or_default();
        if !is_ticket_lookalike(id) {
            found.tickets.push(Span::new(base + start, base + end));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, kind: RefKind) -> Vec<&str> {
        let found = scan_inline(text, &JournalTitleFormat::new("yyyy-MM-dd EEEE"));
        found
            .refs
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| &text[r.target.range()])
            .collect()
    }

    fn tickets(text: &str) -> Vec<&str> {
        let found = scan_inline(text, &JournalTitleFormat::default());
        found.tickets.iter().map(|s| &text[s.range()]).collect()
    }

    #[test]
    fn page_refs_and_tags() {
        let text = "See [[Atlas]] and #[[tech debt]] with #Priya, #1on1. [x]([[Link]]) C#no";
        assert_eq!(texts(text, RefKind::Page), ["Atlas", "Link"]);
        assert_eq!(texts(text, RefKind::Tag), ["tech debt", "Priya", "1on1"]);
    }

    #[test]
    fn nothing_inside_inline_code() {
        let text = "Literal `[[not a ref]] #nope COS-1` but [[yes]] COS-2";
        assert_eq!(texts(text, RefKind::Page), ["yes"]);
        assert_eq!(texts(text, RefKind::Tag), Vec::<&str>::new());
        assert_eq!(tickets(text), ["COS-2"]);
    }

    #[test]
    fn block_refs_need_a_uuid() {
        let text = "as in ((6f5c1a2b-1234-4abc-8def-0123456789ab)) not ((nope))";
        assert_eq!(
            texts(text, RefKind::Block),
            ["6f5c1a2b-1234-4abc-8def-0123456789ab"]
        );
    }

    #[test]
    fn ticket_ids_follow_the_design_rule() {
        assert_eq!(
            tickets("(COS-113, CORESERV-1253, SRE-7233) COS-1131x D-009 cos-1 UTF-8 SHA-256 GPT-4"),
            ["COS-113", "CORESERV-1253", "SRE-7233"]
        );
        assert_eq!(
            tickets("XCOS-1 and ABCDEFGHIJK-1 and A1-2"),
            ["XCOS-1", "A1-2"]
        );
    }

    #[test]
    fn standards_licences_and_document_numbers_are_not_tickets() {
        let seen_in_real_graphs =
            "GPL-3 CWE-79 SM-2 BIP-39 TRS-80 CIFAR-10 AVX-512 MPL-2 ECMA-262 ADR-0005 CQ-03";
        assert_eq!(tickets(seen_in_real_graphs), Vec::<&str>::new());
        assert_eq!(
            tickets("EISW-26837 NAV-286 PROJ-1"),
            ["EISW-26837", "NAV-286", "PROJ-1"]
        );
    }

    #[test]
    fn the_lookalike_keys_are_sorted_for_binary_search() {
        assert!(LOOKALIKE_KEYS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn date_refs_are_recognised() {
        let found = scan_inline(
            "[[2024-12-10 Tuesday]] [[Atlas]]",
            &JournalTitleFormat::new("yyyy-MM-dd EEEE"),
        );
        assert_eq!(
            found.refs[0].date.map(|d| d.to_string()).as_deref(),
            Some("2024-12-10")
        );
        assert_eq!(found.refs[1].date, None);
    }
}
