//! Where new people go: a page of their own, `type:: person`, named as they were typed.
//! Adding a person and starting a 1-on-1 with a new name both come here, so the two agree
//! on which names are acceptable and where the page is made.
//!
//! A name becomes a file name (`vault::file_stem_for_page` escapes what file systems
//! reject), so only names that no escaping makes safe are refused: control characters,
//! `.` and `..` path steps (Logseq reads `/` as a namespace), device names that Windows
//! will not create, and names too long for a file.

use serde::Serialize;

use super::OneOnOneError;
use crate::index::Index;
use crate::store::directory::lookup;
use crate::vault::file_stem_for_page;
use crate::workspace::create_file;

/// What adding a person did.
#[derive(Debug, Clone, Serialize)]
pub struct AddedPerson {
    /// The person's name as the directory now knows it.
    pub name: String,
    pub path: String,
    /// False when someone already went by that name and nothing was written.
    pub created: bool,
}

/// The longest file name most file systems take, in bytes.
const MAX_FILE_NAME: usize = 255;

/// Device names Windows refuses as file names, whatever the extension.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Why `name` (already trimmed) cannot be a person's page, if it cannot.
fn unsafe_because(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("a person needs a name");
    }
    if name.chars().any(char::is_control) {
        return Some("it holds a control character");
    }
    for step in name.split('/') {
        let step = step.trim();
        if step.is_empty() || step == "." || step == ".." {
            return Some("each part between slashes needs a name, and `.` or `..` is none");
        }
        if RESERVED.iter().any(|r| step.eq_ignore_ascii_case(r)) {
            return Some("Windows reserves it for a device");
        }
    }
    if file_stem_for_page(name).len() + ".md".len() > MAX_FILE_NAME {
        return Some("its file name would be longer than 255 bytes");
    }
    None
}

/// `name` trimmed, or why it cannot be a person's page.
pub(crate) fn checked_name(name: &str) -> Result<&str, OneOnOneError> {
    let name = name.trim();
    match unsafe_because(name) {
        Some(reason) => Err(OneOnOneError::BadName {
            name: name.to_string(),
            reason,
        }),
        None => Ok(name),
    }
}

/// Creates the new person's page with `body` below its `type:: person` line; returns its
/// path. A page of that name that is not a person is refused, never overwritten.
pub(crate) fn create_person_page(
    index: &mut Index,
    name: &str,
    body: &str,
) -> Result<String, OneOnOneError> {
    if let Some(page) = index.find_page(name)? {
        return Err(OneOnOneError::PageExists(page.path));
    }
    let path = index.vault().path_for_new_page(name);
    let text = format!("type:: person\n{body}");
    Ok(create_file(index, &path, &text)?.path)
}

/// Adds `name` to the people, on a page of their own; someone who already goes by that name
/// (or alias) is left as they are.
pub fn add_person(index: &mut Index, name: &str) -> Result<AddedPerson, OneOnOneError> {
    let name = checked_name(name)?;
    if let Some(known) = lookup(index.store().connection(), "person", name)? {
        let path = index.find_page(&known)?.map(|p| p.path).unwrap_or_default();
        return Ok(AddedPerson {
            name: known,
            path,
            created: false,
        });
    }
    let path = create_person_page(index, name, "")?;
    Ok(AddedPerson {
        name: name.to_string(),
        path,
        created: true,
    })
}

#[cfg(test)]
mod tests {
    use super::unsafe_because;

    #[test]
    fn names_no_escaping_makes_safe_are_refused_with_a_reason() {
        for name in [
            "",
            "../../etc/passwd",
            "team//ops",
            "a/./b",
            "nul",
            "Com1/x",
            "tab\there",
        ] {
            assert!(unsafe_because(name).is_some(), "{name:?}");
        }
        assert!(
            unsafe_because(&"é".repeat(130)).is_some(),
            "too long a file name"
        );
        for name in [
            "Priya Raman",
            "team/#ops",
            "José O'Neil",
            ".hidden",
            "Console",
        ] {
            assert_eq!(unsafe_because(name), None, "{name:?}");
        }
    }
}
