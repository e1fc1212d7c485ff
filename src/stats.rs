//! Counts over a loaded vault: pages, journals, blocks, tasks by marker and priority,
//! dated tasks, references and distinct ticket IDs. The keys and their meanings match the
//! manifest of generated benchmark vaults, so the two can be compared exactly.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::outline::{Marker, RefKind};
use crate::vault::{LoadedVault, PageKind};

/// What `cairn stats` prints.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VaultStats {
    /// Files under `pages/` that were read.
    pub pages: u64,
    /// Files under `journals/` that were read.
    pub journals: u64,
    /// Files that could not be read.
    pub unreadable: u64,
    /// Bytes of all files read.
    pub bytes: u64,
    /// Blocks in all pages (bullets, and the headings, paragraphs and list items of plain
    /// Markdown pages); page properties are not a block.
    pub blocks: u64,
    /// Blocks whose first line starts with a marker.
    pub tasks: u64,
    /// Tasks per marker; synonyms counted under one spelling (`WAIT` as `WAITING`).
    pub tasks_by_marker: BTreeMap<String, u64>,
    /// Tasks per priority, `none` for tasks without one.
    pub tasks_by_priority: BTreeMap<String, u64>,
    pub tasks_with_deadline: u64,
    pub tasks_with_scheduled: u64,
    /// `[[name]]` occurrences outside code, including in property values.
    pub page_refs: u64,
    /// `#tag` and `#[[multi word]]` occurrences outside code.
    pub tags: u64,
    /// `((uuid))` occurrences.
    pub block_refs: u64,
    pub ticket_mentions: u64,
    pub distinct_ticket_ids: u64,
    /// Parse diagnostics (notes and warnings).
    pub diagnostics: u64,
}

impl VaultStats {
    pub fn compute(vault: &LoadedVault) -> VaultStats {
        let mut stats = VaultStats {
            unreadable: vault.problems.len() as u64,
            ..VaultStats::default()
        };
        // The common markers are always listed; rarer ones only when used.
        for marker in Marker::COMMON {
            stats.tasks_by_marker.insert(marker.as_str().to_string(), 0);
        }
        for priority in ["A", "B", "C", "none"] {
            stats.tasks_by_priority.insert(priority.to_string(), 0);
        }
        let mut tickets: HashSet<&str> = HashSet::new();
        for file in &vault.files {
            let page = &file.page;
            match file.kind {
                PageKind::Journal(_) => stats.journals += 1,
                PageKind::Page => stats.pages += 1,
            }
            stats.bytes += page.source.len() as u64;
            stats.diagnostics += page.diagnostics.len() as u64;
            let all_refs = page
                .preamble
                .refs
                .iter()
                .chain(page.blocks.iter().flat_map(|b| &b.refs));
            for r in all_refs {
                match r.kind {
                    RefKind::Page => stats.page_refs += 1,
                    RefKind::Tag => stats.tags += 1,
                    RefKind::Block => stats.block_refs += 1,
                }
            }
            let all_tickets = page
                .preamble
                .tickets
                .iter()
                .chain(page.blocks.iter().flat_map(|b| &b.tickets));
            for span in all_tickets {
                stats.ticket_mentions += 1;
                tickets.insert(page.text(*span));
            }
            stats.blocks += page.blocks.len() as u64;
            for block in &page.blocks {
                let Some((marker, _)) = block.marker else {
                    continue;
                };
                stats.tasks += 1;
                *stats
                    .tasks_by_marker
                    .entry(marker.canonical().as_str().to_string())
                    .or_default() += 1;
                let priority = block.priority.map_or("none", |(p, _)| p.as_str());
                *stats
                    .tasks_by_priority
                    .entry(priority.to_string())
                    .or_default() += 1;
                stats.tasks_with_deadline += u64::from(block.deadline.is_some());
                stats.tasks_with_scheduled += u64::from(block.scheduled.is_some());
            }
        }
        stats.distinct_ticket_ids = tickets.len() as u64;
        stats
    }
}
