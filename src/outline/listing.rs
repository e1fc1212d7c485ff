//! A page's blocks as a flat list, in the terms Logseq's parser uses: what `cairn outline`
//! prints and what the conformance test compares with mldoc's reading of the same file.
//!
//! Logseq calls the text above a page's first block (page properties, or any other text)
//! the pre-block; it is listed as one block at depth 0 on its first non-blank line, whether
//! Cairn keeps it in the [`Preamble`](super::Preamble) or as a [`BlockForm::Leading`] block.

use super::{BlockForm, Page};

/// One block of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedBlock {
    /// 1-based line of the block's first line.
    pub line: u32,
    /// 0 for top-level blocks.
    pub depth: u32,
    /// The title as Logseq shows it (heading marks, marker, priority and box taken off).
    pub title: String,
    /// The marker as written (`TODO`, `LATER`; `[ ]` for a checklist item read as a task).
    pub marker: Option<String>,
    pub priority: Option<char>,
    /// Properties in order, keys and values as written.
    pub properties: Vec<(String, String)>,
    /// The block's `id::` property.
    pub id: Option<String>,
    /// `Some(checked)` for a `[ ]` / `[x]` checklist item.
    pub checkbox: Option<bool>,
    /// True for the pre-block.
    pub pre_block: bool,
}

/// Lists a page's blocks in document order, the pre-block first when there is one.
pub fn list_blocks(page: &Page) -> Vec<ListedBlock> {
    let mut listed = Vec::with_capacity(page.blocks.len() + 1);
    let preamble_text = page.text(page.preamble.span).trim_start_matches('\u{feff}');
    let leading_first = page
        .blocks
        .first()
        .is_some_and(|b| b.form == BlockForm::Leading);
    if !preamble_text.trim().is_empty() {
        let blank_lines = super::lines::line_texts(preamble_text)
            .take_while(|line| line.trim().is_empty())
            .count();
        listed.push(ListedBlock {
            line: 1 + blank_lines as u32,
            depth: 0,
            title: String::new(),
            marker: None,
            priority: None,
            properties: properties(page, &page.preamble.properties),
            id: None,
            checkbox: None,
            pre_block: true,
        });
    }
    for (index, (id, block)) in page.iter().enumerate() {
        let properties = properties(page, &block.properties);
        if index == 0 && leading_first && !listed.is_empty() {
            // Page properties and the text after them are one pre-block to Logseq.
            listed[0].properties.extend(properties);
            continue;
        }
        listed.push(ListedBlock {
            line: block.line,
            depth: block.depth,
            title: page.title(id).to_string(),
            marker: block.marker.map(|(_, span)| page.text(span).to_string()),
            priority: block
                .priority
                .and_then(|(_, span)| page.text(span).chars().nth(2)),
            id: page.block_property(id, "id").map(str::to_string),
            properties,
            checkbox: block.checkbox,
            pre_block: block.form == BlockForm::Leading,
        });
    }
    listed
}

fn properties(page: &Page, properties: &[super::Property]) -> Vec<(String, String)> {
    properties
        .iter()
        .map(|p| (page.text(p.key).to_string(), page.text(p.value).to_string()))
        .collect()
}
