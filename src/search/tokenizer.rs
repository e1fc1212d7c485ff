//! Words for the index, in every script.
//!
//! Latin, Cyrillic, Greek and other spaced scripts split into runs of letters and digits.
//! Chinese, Japanese and Korean are written without spaces between words, so a run of them
//! is one long "word" that a query could only match at its start. Such a run is indexed as
//! its characters and its overlapping pairs of characters (`数据库` → `数` `据` `库`,
//! `数据` `据库`), each pair at the position of its first character, as Lucene's CJK
//! bigrams do. A query word in those scripts becomes the phrase of its pairs, so it is found
//! anywhere inside a run; a single character matches the characters themselves.
//!
//! Both sides number positions alike (one per spaced word, one per CJK character), so a
//! phrase mixing scripts lines up with the index.

use std::iter::Peekable;
use std::str::CharIndices;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// True for the characters of scripts written without spaces between words: Han
/// ideographs, kana, and Hangul.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'     // Hangul Jamo
        | '\u{3005}'                // 々, the ideographic iteration mark
        | '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{3130}'..='\u{318F}'   // Hangul compatibility jamo
        | '\u{31F0}'..='\u{31FF}'   // Katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{AC00}'..='\u{D7AF}'   // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'   // CJK compatibility ideographs
        | '\u{FF66}'..='\u{FF9F}'   // Half-width katakana
        | '\u{20000}'..='\u{3FFFF}' // CJK extensions B and later
    )
}

/// What a CJK run yields: the index holds characters and pairs; a query asks for pairs
/// only (a character alone when the run is one character long).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Index,
    Query,
}

/// The tokenizer of every text field (see the module documentation).
#[derive(Clone)]
pub(crate) struct WordTokenizer {
    side: Side,
    token: Token,
}

impl WordTokenizer {
    pub(crate) fn new(side: Side) -> WordTokenizer {
        WordTokenizer {
            side,
            token: Token::default(),
        }
    }
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            side: self.side,
            chars: text.char_indices().peekable(),
            token: &mut self.token,
            next_position: 0,
            run: None,
        }
    }
}

/// Where the stream is inside a CJK run: the current character and what of it is given.
#[derive(Debug, Clone, Copy)]
struct Run {
    offset: usize,
    c: char,
    /// The run's length so far, in characters.
    length: usize,
    char_given: bool,
}

pub(crate) struct WordStream<'a> {
    text: &'a str,
    side: Side,
    chars: Peekable<CharIndices<'a>>,
    token: &'a mut Token,
    next_position: usize,
    run: Option<Run>,
}

impl WordStream<'_> {
    fn give(&mut self, from: usize, to: usize, position: usize) -> bool {
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = position;
        true
    }

    /// The next token of the CJK run under way, or `None` when the run is over.
    fn advance_in_run(&mut self, mut run: Run) -> Option<bool> {
        let position = self.next_position;
        let end = run.offset + run.c.len_utf8();
        let next = self.chars.peek().copied().filter(|(_, c)| is_cjk(*c));
        let char_wanted = self.side == Side::Index || (next.is_none() && run.length == 1);
        if char_wanted && !run.char_given {
            run.char_given = true;
            self.run = Some(run);
            return Some(self.give(run.offset, end, position));
        }
        self.next_position += 1;
        match next {
            Some((next_offset, next_char)) => {
                self.chars.next();
                self.run = Some(Run {
                    offset: next_offset,
                    c: next_char,
                    length: run.length + 1,
                    char_given: false,
                });
                Some(self.give(run.offset, next_offset + next_char.len_utf8(), position))
            }
            None => {
                self.run = None;
                None
            }
        }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if let Some(run) = self.run {
                match self.advance_in_run(run) {
                    Some(given) => return given,
                    None => continue,
                }
            }
            let Some((offset, c)) = self.chars.next() else {
                return false;
            };
            if is_cjk(c) {
                self.run = Some(Run {
                    offset,
                    c,
                    length: 1,
                    char_given: false,
                });
                continue;
            }
            if !c.is_alphanumeric() {
                continue;
            }
            let mut end = offset + c.len_utf8();
            while let Some(&(at, next)) = self.chars.peek() {
                if !next.is_alphanumeric() || is_cjk(next) {
                    break;
                }
                end = at + next.len_utf8();
                self.chars.next();
            }
            let position = self.next_position;
            self.next_position += 1;
            return self.give(offset, end, position);
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(side: Side, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut tokenizer = WordTokenizer::new(side);
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    fn texts(side: Side, text: &str) -> Vec<(String, usize)> {
        tokens(side, text)
            .into_iter()
            .map(|(t, p, ..)| (t, p))
            .collect()
    }

    fn owned(pairs: &[(&str, usize)]) -> Vec<(String, usize)> {
        pairs.iter().map(|(t, p)| (t.to_string(), *p)).collect()
    }

    #[test]
    fn spaced_scripts_split_into_runs_of_letters_and_digits() {
        assert_eq!(
            texts(Side::Index, "Hello, tax-payer №1 Привет"),
            owned(&[
                ("Hello", 0),
                ("tax", 1),
                ("payer", 2),
                ("1", 3),
                ("Привет", 4)
            ])
        );
    }

    #[test]
    fn a_cjk_run_is_indexed_as_characters_and_overlapping_pairs() {
        assert_eq!(
            texts(Side::Index, "用数据库"),
            owned(&[
                ("用", 0),
                ("用数", 0),
                ("数", 1),
                ("数据", 1),
                ("据", 2),
                ("据库", 2),
                ("库", 3)
            ])
        );
    }

    #[test]
    fn a_cjk_query_word_is_its_pairs_at_the_index_positions() {
        assert_eq!(
            texts(Side::Query, "数据库 design"),
            owned(&[("数据", 0), ("据库", 1), ("design", 3)])
        );
        assert_eq!(texts(Side::Query, "库"), owned(&[("库", 0)]));
        assert_eq!(
            texts(Side::Index, "MySQL数据"),
            owned(&[("MySQL", 0), ("数", 1), ("数据", 1), ("据", 2)])
        );
    }

    #[test]
    fn offsets_cover_the_characters_of_each_token() {
        let text = "データベース設計";
        for (word, _, from, to) in tokens(Side::Index, text) {
            assert_eq!(&text[from..to], word);
        }
    }
}
