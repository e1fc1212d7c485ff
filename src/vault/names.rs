//! Page names ⇄ file names: namespaces (`a___b`, legacy `a%2Fb` and `a.b`), url-encoded
//! characters, and the case-insensitive identity of page names.

use super::config::FileNameFormat;

/// The key under which pages are the same page: `[[Priya]]` and `[[priya]]` are one.
pub fn page_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The page name a file in `pages/` stands for, from its name without the extension.
pub fn page_name_from_stem(stem: &str, format: FileNameFormat) -> String {
    match format {
        FileNameFormat::TripleLowbar => percent_decode(&stem.replace("___", "/")),
        FileNameFormat::Legacy => {
            let decoded = percent_decode(stem);
            if !decoded.contains('/') && decoded.contains('.') && !stem.contains('%') {
                decoded.replace('.', "/")
            } else {
                decoded
            }
        }
    }
}

/// The file name (without extension) Cairn gives a new page, in the triple-lowbar format.
/// Characters that file systems reject, a leading dot, and `%` itself are url-encoded, so
/// no page name can reach outside `pages/`.
pub fn file_stem_for_page(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, c) in name.trim().chars().enumerate() {
        match c {
            '/' => out.push_str("___"),
            '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '%' | '#' => {
                out.push_str(&format!("%{:02X}", c as u32));
            }
            '.' if i == 0 => out.push_str("%2E"),
            c if c.is_control() => {
                let mut buffer = [0u8; 4];
                for byte in c.encode_utf8(&mut buffer).bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    if out.is_empty() {
        out.push_str("untitled");
    }
    out
}

/// Decodes `%XX` sequences; sequences that are not valid UTF-8 are kept as written.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(high * 16 + low);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_in_both_formats() {
        assert_eq!(
            page_name_from_stem("projects___Atlas", FileNameFormat::TripleLowbar),
            "projects/Atlas"
        );
        assert_eq!(
            page_name_from_stem("a%3Ab", FileNameFormat::TripleLowbar),
            "a:b"
        );
        assert_eq!(
            page_name_from_stem("projects%2FAtlas", FileNameFormat::Legacy),
            "projects/Atlas"
        );
        assert_eq!(
            page_name_from_stem("projects.Atlas", FileNameFormat::Legacy),
            "projects/Atlas"
        );
        assert_eq!(
            page_name_from_stem("100%", FileNameFormat::TripleLowbar),
            "100%"
        );
    }

    #[test]
    fn new_file_names_stay_inside_pages() {
        assert_eq!(file_stem_for_page("projects/Atlas"), "projects___Atlas");
        assert_eq!(file_stem_for_page("../etc/passwd"), "%2E.___etc___passwd");
        assert_eq!(file_stem_for_page("a:b?"), "a%3Ab%3F");
        assert_eq!(
            page_name_from_stem(&file_stem_for_page("a:b/c%"), FileNameFormat::TripleLowbar),
            "a:b/c%"
        );
    }
}
