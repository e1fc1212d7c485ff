//! Backlinks: the blocks that reference a page (by `[[name]]`, `#tag`, an alias, or a
//! page's `tags::`), grouped by page, and unlinked mentions of its name in plain text.

use rusqlite::OptionalExtension;
use serde::Serialize;

use super::{Index, IndexError};
use crate::vault::page_key;

/// One referencing block.
#[derive(Debug, Clone, Serialize)]
pub struct Backlink {
    /// The block's index on its page; absent for a page-level reference (page properties).
    pub block: Option<u32>,
    pub line: u32,
    pub content: String,
    /// How it refers: `page`, `tag`, `page-tag` (a `tags::` value) or `mention`.
    pub via: String,
}

/// The backlinks from one page.
#[derive(Debug, Clone, Serialize)]
pub struct BacklinkGroup {
    pub page: String,
    pub path: String,
    pub blocks: Vec<Backlink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Backlinks {
    /// The page's name as stored, or as asked for when no such page exists.
    pub page: String,
    pub exists: bool,
    pub aliases: Vec<String>,
    pub linked: Vec<BacklinkGroup>,
    pub unlinked: Vec<BacklinkGroup>,
}

/// Most unlinked mentions looked at.
const MENTION_LIMIT: usize = 200;

fn push(groups: &mut Vec<BacklinkGroup>, page: String, path: String, link: Backlink) {
    match groups.last_mut() {
        Some(group) if group.path == path => {
            // A block (or the page's properties) that refers in two ways is listed once.
            if !group.blocks.iter().any(|b| b.block == link.block) {
                group.blocks.push(link);
            }
        }
        _ => groups.push(BacklinkGroup {
            page,
            path,
            blocks: vec![link],
        }),
    }
}

/// An indexed page, as [`Index::find_page`] finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundPage {
    pub id: i64,
    pub name: String,
    pub path: String,
}

impl Index {
    /// The indexed page called `name`: by its name (case-insensitive), else by an alias.
    pub fn find_page(&self, name: &str) -> Result<Option<FoundPage>, IndexError> {
        let found = self
            .store
            .connection()
            .prepare_cached(
                "SELECT id, name, path FROM pages WHERE key = ?1
                 UNION ALL SELECT p.id, p.name, p.path FROM aliases a JOIN pages p ON p.id = a.page_id WHERE a.key = ?1
                 LIMIT 1",
            )?
            .query_row([page_key(name)], |row| {
                Ok(FoundPage {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    path: row.get(2)?,
                })
            })
            .optional()?;
        Ok(found)
    }

    /// The blocks referencing the page called `name` (case-insensitive, or by an alias).
    pub fn backlinks(&self, name: &str) -> Result<Backlinks, IndexError> {
        let conn = self.store.connection();
        // Resolve an alias to its page, then gather every name the page answers to.
        let page = self.find_page(name)?;
        let (page_name, page_path, aliases) = match &page {
            Some(page) => {
                let mut statement = conn.prepare("SELECT alias FROM aliases WHERE page_id = ?1")?;
                let aliases: Vec<String> = statement
                    .query_map([page.id], |row| row.get(0))?
                    .collect::<Result<_, _>>()?;
                (page.name.clone(), page.path.clone(), aliases)
            }
            None => (name.trim().to_string(), String::new(), Vec::new()),
        };
        let mut keys: Vec<String> = vec![page_key(&page_name)];
        keys.extend(aliases.iter().map(|a| page_key(a)));
        keys.dedup();

        let placeholders = (1..=keys.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        // One row per referring block and way of referring, before the block's text is
        // joined: the sort would otherwise hold the text once per reference, and a 10 MB
        // line that names the page 200,000 times took all of memory.
        let sql = format!(
            "SELECT p.name, p.path, r.kind, b.ord, b.line, b.content
             FROM (SELECT DISTINCT page_id, block_id, kind FROM refs
                   WHERE key IN ({placeholders}) AND kind != 'block') r
             JOIN pages p ON p.id = r.page_id LEFT JOIN blocks b ON b.id = r.block_id
             ORDER BY p.journal_day IS NULL, p.journal_day DESC, p.key, b.ord"
        );
        let mut statement = conn.prepare(&sql)?;
        let rows = statement.query_map(rusqlite::params_from_iter(keys.iter()), |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<u32>>(3)?,
                row.get::<_, Option<u32>>(4)?,
                row.get::<_, Option<String>>(5)?,
            ))
        })?;
        let mut linked: Vec<BacklinkGroup> = Vec::new();
        let mut linked_blocks: Vec<(String, u32)> = Vec::new();
        for row in rows {
            let (name, path, kind, ord, line, content) = row?;
            if path == page_path {
                continue;
            }
            if let Some(ord) = ord {
                linked_blocks.push((path.clone(), ord));
            }
            let link = Backlink {
                block: ord,
                line: line.unwrap_or(1),
                content: content.unwrap_or_else(|| "(in the page's properties)".to_string()),
                via: kind,
            };
            push(&mut linked, name, path, link);
        }

        let mut unlinked: Vec<BacklinkGroup> = Vec::new();
        let needle = page_name.to_lowercase();
        if !needle.trim().is_empty() {
            let phrase = format!("\"{}\"", page_name.replace('"', " "));
            let mut hits = self.search.search(&phrase, MENTION_LIMIT)?.hits;
            hits.sort_by(|a, b| {
                (a.page.to_lowercase(), a.line).cmp(&(b.page.to_lowercase(), b.line))
            });
            for hit in hits {
                let Some(ord) = hit.block else { continue };
                let mentions = hit.text.to_lowercase().contains(&needle);
                let already = hit.path == page_path
                    || linked_blocks
                        .iter()
                        .any(|(p, o)| *p == hit.path && *o == ord);
                if mentions && !already {
                    let link = Backlink {
                        block: Some(ord),
                        line: hit.line,
                        content: hit.text,
                        via: "mention".to_string(),
                    };
                    push(&mut unlinked, hit.page, hit.path, link);
                }
            }
        }
        Ok(Backlinks {
            page: page_name,
            exists: page.is_some(),
            aliases,
            linked,
            unlinked,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::index::Index;
    use crate::vault::Vault;

    /// A block that names a page thousands of times is one backlink, with every reference
    /// still recorded. The query reads it once too: sorting one row per reference, each
    /// with the block's whole text, took all of memory for a 10 MB line naming a page
    /// 200,000 times (24 GB, then the kernel killed it), which
    /// `tests/it/hostile.rs::huge_inputs_through_every_command_finish_in_bounded_time_and_memory`
    /// measures.
    #[test]
    fn a_block_naming_a_page_many_times_is_one_backlink() {
        let vault = tempfile::tempdir().unwrap();
        let pages = vault.path().join("pages");
        std::fs::create_dir_all(&pages).unwrap();
        std::fs::write(pages.join("Target.md"), "- the target\n").unwrap();
        let line = format!("- {}\n", "[[Target]] #Target ".repeat(5_000));
        std::fs::write(pages.join("Many.md"), line).unwrap();
        let cache = tempfile::tempdir().unwrap();
        let mut index = Index::open(
            Vault::open(vault.path()).unwrap(),
            Some(cache.path().to_path_buf()),
        )
        .unwrap();
        index.sync(&mut |_| {}).unwrap();
        let rows: i64 = index
            .store()
            .connection()
            .query_row(
                "SELECT count(*) FROM refs WHERE key = 'target'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(rows, 10_000, "every reference is recorded");
        let backlinks = index.backlinks("Target").unwrap();
        let blocks: Vec<_> = backlinks.linked.iter().map(|g| g.blocks.len()).collect();
        assert_eq!(blocks, [1]);
    }
}
