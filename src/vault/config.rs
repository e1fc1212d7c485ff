//! The few settings Cairn reads from `logseq/config.edn`, with a small tolerant reader.
//!
//! `config.edn` is EDN (Clojure data) that users edit by hand, so this reader never fails:
//! it finds the keys it knows and ignores everything else, including comments and malformed
//! parts. Cairn never writes this file.

use crate::dates::{DatePattern, JournalTitleFormat};

/// How namespaced page names (`projects/Atlas`) are stored as file names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileNameFormat {
    /// `projects___Atlas.md` (`:file/name-format :triple-lowbar`, Logseq's default today).
    TripleLowbar,
    /// `projects%2FAtlas.md` or `projects.Atlas.md`, as older graphs wrote them.
    Legacy,
}

/// The vault settings Cairn uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultConfig {
    pub journal_title_format: JournalTitleFormat,
    pub journal_file_format: DatePattern,
    pub file_name_format: FileNameFormat,
}

impl Default for VaultConfig {
    fn default() -> Self {
        VaultConfig {
            journal_title_format: JournalTitleFormat::default(),
            journal_file_format: DatePattern::new("yyyy_MM_dd"),
            file_name_format: FileNameFormat::Legacy,
        }
    }
}

impl VaultConfig {
    /// Reads the settings from the text of `config.edn`; anything missing keeps its default.
    pub fn from_edn(text: &str) -> VaultConfig {
        let text = strip_comments(text);
        let mut config = VaultConfig::default();
        if let Some(format) = string_value(&text, ":journal/page-title-format") {
            config.journal_title_format = JournalTitleFormat::new(&format);
        }
        if let Some(format) = string_value(&text, ":journal/file-name-format") {
            config.journal_file_format = DatePattern::new(&format);
        }
        if keyword_value(&text, ":file/name-format").as_deref() == Some(":triple-lowbar") {
            config.file_name_format = FileNameFormat::TripleLowbar;
        }
        config
    }
}

/// Removes `;` comments, leaving string literals alone.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut in_comment = false;
    for c in text.chars() {
        if in_comment {
            if c == '\n' {
                in_comment = false;
                out.push(c);
            }
            continue;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            out.push(c);
            continue;
        }
        match c {
            ';' => in_comment = true,
            '"' => {
                in_string = true;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The text after `key` (a keyword followed by whitespace), at the top of the map.
fn value_after<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(offset) = text[from..].find(key) {
        let end = from + offset + key.len();
        let boundary = text[end..].starts_with(char::is_whitespace);
        if boundary {
            return Some(text[end..].trim_start());
        }
        from = end;
    }
    None
}

fn string_value(text: &str, key: &str) -> Option<String> {
    let rest = value_after(text, key)?.strip_prefix('"')?;
    let mut value = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => value.push(chars.next()?),
            _ => value.push(c),
        }
    }
    None
}

fn keyword_value(text: &str, key: &str) -> Option<String> {
    let rest = value_after(text, key)?;
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '}' | ']' | ')' | ','))
        .unwrap_or(rest.len());
    rest.starts_with(':').then(|| rest[..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_known_keys_and_skips_comments() {
        let config = VaultConfig::from_edn(
            "{:meta/version 1\n ;; :journal/page-title-format \"MMM do, yyyy\"\n :journal/page-title-format \"yyyy-MM-dd EEEE\"\n :file/name-format :triple-lowbar}",
        );
        assert_eq!(
            config.journal_title_format.pattern().as_str(),
            "yyyy-MM-dd EEEE"
        );
        assert_eq!(config.file_name_format, FileNameFormat::TripleLowbar);
    }

    #[test]
    fn garbage_gives_defaults() {
        let config = VaultConfig::from_edn("{{{ \"unterminated :file/name-format");
        assert_eq!(config, VaultConfig::default());
    }
}
