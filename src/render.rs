//! Block Markdown → sanitized HTML, shared by the desktop app and the HTML export, so that
//! a note can never run script: the Markdown is rendered with pulldown-cmark, then every
//! tag and attribute outside a small allow-list is removed by ammonia (`<script>`,
//! `<style>`, event handlers, `javascript:` and `data:` links, images and other
//! resources that would load something from elsewhere).
//!
//! Logseq syntax is turned into plain text first: `[[Page]]` becomes `Page`, `#[[tag]]`
//! becomes `#tag`, a block reference `((uuid))` becomes `(block ref)`, and property lines
//! (`key:: value`) and `SCHEDULED:`/`DEADLINE:` lines are left out.

use std::collections::HashSet;

use pulldown_cmark::{html, Options, Parser};

/// Escapes text for an HTML text node or a quoted attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Logseq's page references, tags and block references as plain Markdown text.
pub fn logseq_to_markdown(text: &str) -> String {
    let text = text.replace("#[[", "#").replace("[[", "").replace("]]", "");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(start) = rest.find("((") {
        let after = &rest[start + 2..];
        match after.find("))") {
            Some(end)
                if end == 36
                    && after[..end]
                        .chars()
                        .all(|c| c.is_ascii_hexdigit() || c == '-') =>
            {
                out.push_str(&rest[..start]);
                out.push_str("(block ref)");
                rest = &after[end + 2..];
            }
            _ => {
                out.push_str(&rest[..start + 2]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// True for a `key:: value` property line or a `SCHEDULED:`/`DEADLINE:` line.
pub fn is_meta_line(line: &str) -> bool {
    let trimmed = line.trim_start();
    if trimmed.starts_with("SCHEDULED:") || trimmed.starts_with("DEADLINE:") {
        return true;
    }
    match trimmed.split_once(":: ") {
        Some((key, _)) => {
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '/')
        }
        None => trimmed.ends_with("::") && !trimmed.contains(' ') && trimmed.len() > 2,
    }
}

fn sanitizer() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .rm_tags(["img"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer"));
    builder
}

/// Renders block Markdown (Logseq flavoured) to sanitized HTML.
pub fn markdown_to_html(text: &str) -> String {
    let markdown: Vec<&str> = text.lines().filter(|l| !is_meta_line(l)).collect();
    let markdown = logseq_to_markdown(&markdown.join("\n"));
    let mut options = Options::empty();
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_TASKLISTS);
    let mut raw = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut raw, Parser::new_ext(&markdown, options));
    sanitizer().clean(&raw).to_string()
}

/// Like [`markdown_to_html`], without the paragraph around a single-paragraph text, for
/// use inside a list item or a table cell.
pub fn inline_html(text: &str) -> String {
    let html = markdown_to_html(text);
    let trimmed = html.trim();
    if let Some(inner) = trimmed
        .strip_prefix("<p>")
        .and_then(|t| t.strip_suffix("</p>"))
    {
        if !inner.contains("<p>") {
            return inner.to_string();
        }
    }
    trimmed.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_and_javascript_links_are_inert() {
        let html = markdown_to_html(
            "hi <script>alert(1)</script> [x](javascript:alert(1)) <img src=\"http://e/x.png\" onerror=\"alert(1)\"> <a href=\"#\" onclick=\"alert(1)\">y</a>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }

    #[test]
    fn logseq_refs_become_text_and_properties_are_dropped() {
        let html = inline_html("**Met** [[Priya]] about #[[tech debt]] ((64f0c1a2-0000-4000-8000-000000000000))\ncollapsed:: true");
        assert_eq!(
            html,
            "<strong>Met</strong> Priya about #tech debt (block ref)"
        );
    }
}
