//! Text for a person at a terminal. File names and notes may hold control characters (an
//! escape sequence can move the cursor, rewrite lines already shown or retitle the window),
//! so everything the human-readable output prints goes through [`clean`], which shows each
//! of them as an escape (`\r`, `\u{1b}`) instead. JSON output needs none of this: JSON
//! escapes control characters itself.

use std::borrow::Cow;

/// `text` with every control character but newline and tab written as its escape.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut cleaned = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            cleaned.extend(c.escape_default());
        } else {
            cleaned.push(c);
        }
    }
    Cow::Owned(cleaned)
}

/// C0 controls (newline and tab aside), DEL, and the C1 controls, which some terminals
/// also obey.
fn is_unsafe(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_other_text_kept() {
        assert_eq!(
            clean("a\u{1b}]0;owned\u{7}b\rc\u{9b}2J"),
            "a\\u{1b}]0;owned\\u{7}b\\rc\\u{9b}2J"
        );
        assert_eq!(clean("Zoë\tcafé\nnext"), "Zoë\tcafé\nnext");
    }
}
