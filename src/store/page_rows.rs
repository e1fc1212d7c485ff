//! The rows a page puts in the cache, and how an edited page's rows are brought up to date:
//! block by block when only blocks changed, so that saving one block of a long page costs
//! what that block costs, not what the page does.
//!
//! A page's blocks are matched by their place (`ord`), and a block is rewritten when its
//! fingerprint (`record::fingerprint`) differs; an unchanged block keeps its row, its id and
//! everything that hangs off it. A page whose head changed (its name, properties, aliases,
//! what it is about) is written anew, since every block's rows carry some of it.

use std::collections::BTreeSet;

use rusqlite::{params, CachedStatement, OptionalExtension, Transaction};

use super::shown_task::ShownTask;
use super::StoreWriter;
use crate::outline::Timestamp;
use crate::record::{BlockRecord, PageRecord, RefLabel};

/// What updating a page rewrote, for the search index to do the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageUpdate {
    /// The page was written anew: every one of its documents is replaced.
    Whole,
    /// Only the blocks at these places (`ord`) changed: written again, added, or gone
    /// from the page.
    Blocks(Vec<u32>),
}

/// The tables with rows per block, keyed by `block_id`, that a rewritten block clears.
const BLOCK_TABLES: [&str; 4] = ["block_properties", "refs", "tickets", "tasks"];

/// The tables with rows per page, keyed by `page_id`, that a removed page clears.
const PAGE_TABLES: [&str; 10] = [
    "page_entities",
    "refs",
    "tickets",
    "block_properties",
    "blocks",
    "aliases",
    "page_properties",
    "tasks",
    "person_entries",
    "person_items",
];

/// A day as the cache holds it, `yyyy-mm-dd`. Not through chrono's `format`, which parses
/// its pattern at every call: an import writes a day for most blocks.
fn day(date: Option<chrono::NaiveDate>) -> Option<String> {
    use chrono::Datelike;
    date.map(|d| match d.year() {
        year @ 0..=9999 => format!("{year:04}-{:02}-{:02}", d.month(), d.day()),
        // Years past four digits are written as chrono writes them (`+10000`).
        _ => d.format("%Y-%m-%d").to_string(),
    })
}

/// A task's date as the `tasks` table holds it: the day, then the time and the repeater
/// when there are any.
fn task_date(ts: Option<&Timestamp>) -> Option<String> {
    let (day, time, repeater) = timestamp_parts(ts);
    let parts: Vec<String> = [day, time, repeater].into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn timestamp_parts(ts: Option<&Timestamp>) -> (Option<String>, Option<String>, Option<String>) {
    match ts {
        Some(ts) => (
            day(Some(ts.date)),
            ts.time.map(|t| t.format("%H:%M").to_string()),
            ts.repeater.map(|r| r.render()),
        ),
        None => (None, None, None),
    }
}

/// The people and projects the blocks of `page` sit under, each once, as `(kind, name)`.
fn entities_of(page: &PageRecord) -> BTreeSet<(&'static str, &str)> {
    let mut entities = BTreeSet::new();
    for block in &page.blocks {
        entities.extend(block.person.as_deref().map(|name| ("person", name)));
        entities.extend(block.project.as_deref().map(|name| ("project", name)));
    }
    entities
}

/// The keys of the pages and tags a task references, one a line, in order: what its
/// project and person are resolved from when it has none of its own (see `derived`).
fn task_refs(block: &BlockRecord) -> String {
    let keys: Vec<&str> = block
        .refs
        .iter()
        .filter(|r| matches!(r.label, RefLabel::Page | RefLabel::Tag))
        .map(|r| r.key.as_str())
        .collect();
    keys.join("\n")
}

/// Writes the rows of a page's blocks, with statements prepared once per page.
struct BlockRows<'t> {
    page: &'t PageRecord,
    page_id: i64,
    /// The page's name lower-cased, by which tasks are ordered.
    page_order: String,
    block: CachedStatement<'t>,
    task: CachedStatement<'t>,
    property: CachedStatement<'t>,
    reference: CachedStatement<'t>,
    ticket: CachedStatement<'t>,
}

impl<'t> BlockRows<'t> {
    fn prepare(
        tx: &'t Transaction<'_>,
        page: &'t PageRecord,
        page_id: i64,
    ) -> rusqlite::Result<BlockRows<'t>> {
        Ok(BlockRows {
            page,
            page_id,
            page_order: page.name.to_lowercase(),
            block: tx.prepare_cached(
                "INSERT INTO blocks (id, page_id, ord, parent_ord, depth, line, content, uuid, day,
                 collapsed, marker, priority, scheduled_day, scheduled_time, scheduled_repeat,
                 deadline_day, deadline_time, deadline_repeat, project, person, review_role,
                 review_year, entry_day, private, fingerprint)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)",
            )?,
            task: tx.prepare_cached(
                "INSERT INTO tasks (closed, rank, undated, due, page_order, line, path, ord, handle,
                 marker, priority, page, block_id, page_id, own_project, own_person, refs, shown)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?18)",
            )?,
            property: tx.prepare_cached(
                "INSERT INTO block_properties (block_id, page_id, key, value)
                 VALUES (?1, ?2, ?3, ?4)",
            )?,
            reference: tx.prepare_cached(
                "INSERT INTO refs (page_id, block_id, kind, target, key, day)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            ticket: tx.prepare_cached(
                "INSERT INTO tickets (page_id, block_id, ticket) VALUES (?1, ?2, ?3)",
            )?,
        })
    }

    /// Writes `block` with all its rows, under `id` when it takes the place of a block
    /// that had one, else under a new id.
    fn insert(&mut self, block: &BlockRecord, id: Option<i64>) -> rusqlite::Result<()> {
        let page_id = self.page_id;
        let (s_day, s_time, s_repeat) = timestamp_parts(block.scheduled.as_ref());
        let (d_day, d_time, d_repeat) = timestamp_parts(block.deadline.as_ref());
        let block_id = self.block.insert(params![
            id,
            page_id,
            block.ord,
            block.parent,
            block.depth,
            block.line,
            block.content,
            block.uuid,
            day(block.day),
            block.collapsed,
            block.marker,
            block.priority,
            s_day,
            s_time,
            s_repeat,
            d_day,
            d_time,
            d_repeat,
            block.project,
            block.person,
            block.review.as_ref().map(|r| r.role()),
            block.review.as_ref().and_then(|r| r.year()),
            day(block.entry_day),
            block.private,
            // SQLite integers are signed; the bits are kept as they are.
            block.fingerprint as i64
        ])?;
        self.insert_task(block, block_id)?;
        for (key, value) in &block.properties {
            self.property
                .execute(params![block_id, page_id, key, value])?;
        }
        for r in &block.refs {
            self.reference.execute(params![
                page_id,
                block_id,
                r.label.as_str(),
                r.target,
                r.key,
                day(r.date)
            ])?;
        }
        for ticket in &block.tickets {
            self.ticket.execute(params![page_id, block_id, ticket])?;
        }
        Ok(())
    }

    /// The `tasks` row of a task block, with its project and person unresolved, like its
    /// columns (see `derived`).
    fn insert_task(&mut self, block: &BlockRecord, block_id: i64) -> rusqlite::Result<()> {
        let page = self.page;
        let (Some(task), Some(marker)) = (&block.task, block.marker) else {
            return Ok(());
        };
        let due = match (block.deadline, block.scheduled) {
            (Some(d), Some(s)) => Some(d.date.min(s.date)),
            (d, s) => d.or(s).map(|t| t.date),
        };
        let rank = match block.priority {
            Some("A") => 0,
            Some("B") => 1,
            Some("C") => 2,
            _ => 3,
        };
        let scheduled = task_date(block.scheduled.as_ref());
        let deadline = task_date(block.deadline.as_ref());
        let block_day = day(block.day);
        let shown = ShownTask {
            handle: &task.handle,
            marker,
            priority: block.priority,
            title: &task.title,
            scheduled: scheduled.as_deref(),
            deadline: deadline.as_deref(),
            page: &page.name,
            path: &page.path,
            line: block.line,
            ord: block.ord,
            day: block_day.as_deref(),
            project: None,
            person: None,
        };
        self.task.execute(params![
            !task.open,
            rank,
            due.is_none(),
            day(due).unwrap_or_default(),
            self.page_order,
            block.line,
            page.path,
            block.ord,
            task.handle,
            marker,
            block.priority,
            page.name,
            block_id,
            self.page_id,
            block.project,
            block.person,
            task_refs(block),
            shown.encode()
        ])?;
        Ok(())
    }
}

/// How many of a page's blocks may change before the page is written anew rather than
/// block by block: past half of them, clearing the page at once is the cheaper way.
fn rewrites_whole(changed: usize, blocks: usize) -> bool {
    changed * 2 > blocks.max(1)
}

impl StoreWriter<'_> {
    /// Removes the page stored at `path`, keeping its file fingerprint.
    pub(super) fn remove_page(&mut self, path: &str) -> rusqlite::Result<()> {
        let page: Option<(i64, Option<String>)> = self
            .tx
            .prepare_cached("SELECT id, entity FROM pages WHERE path = ?1")?
            .query_row([path], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        let Some((id, entity)) = page else {
            return Ok(());
        };
        // The order in which entity pages claim names is the order they were written in.
        self.changes.entity_pages |= entity.is_some();
        let entities = self.stored_entities(id)?;
        self.changes.removed_entities.extend(entities);
        self.forget_people_of(id)?;
        self.delete_where(&PAGE_TABLES, "page_id", id)?;
        self.delete_where(&["pages"], "id", id)
    }

    /// Adds `page` to the cache.
    ///
    /// The caller removes what the cache held for the path first ([`StoreWriter::remove_page`]),
    /// unless the cache is known to be empty.
    pub fn put_page(&mut self, page: &PageRecord) -> rusqlite::Result<()> {
        let page_id = self.insert_head(page)?;
        self.changes.pages.push(page_id);
        self.changes.entity_pages |= page.entity.is_some();
        self.insert_entities(page_id, entities_of(page))?;
        let mut rows = BlockRows::prepare(&self.tx, page, page_id)?;
        for block in &page.blocks {
            rows.insert(block, None)?;
        }
        Ok(())
    }

    /// Brings what the cache holds for `page`'s path up to date with it: block by block
    /// when its head is unchanged and at most half its blocks changed, else anew. The
    /// derived rows of the page are worked out again at commit either way.
    pub fn update_page(&mut self, page: &PageRecord) -> rusqlite::Result<PageUpdate> {
        let stored: Option<(i64, i64)> = self
            .tx
            .prepare_cached("SELECT id, fingerprint FROM pages WHERE path = ?1")?
            .query_row([&page.path], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        let page_id = match stored {
            Some((id, head)) if head == page.fingerprint as i64 => id,
            _ => return self.replace_page(page),
        };
        let old: Vec<(i64, i64)> = self
            .tx
            .prepare_cached("SELECT id, fingerprint FROM blocks WHERE page_id = ?1 ORDER BY ord")?
            .query_map([page_id], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let changed: Vec<usize> = (0..old.len().max(page.blocks.len()))
            .filter(|&ord| {
                old.get(ord).map(|(_, fingerprint)| *fingerprint)
                    != page.blocks.get(ord).map(|b| b.fingerprint as i64)
            })
            .collect();
        if rewrites_whole(changed.len(), page.blocks.len()) {
            return self.replace_page(page);
        }
        // Who the page's entries and open items are is worked out again for the page.
        self.forget_people_of(page_id)?;
        self.delete_where(&["person_entries", "person_items"], "page_id", page_id)?;
        let mut rows = BlockRows::prepare(&self.tx, page, page_id)?;
        for &ord in &changed {
            let old_id = old.get(ord).map(|(id, _)| *id);
            if let Some(id) = old_id {
                self.delete_block(id)?;
            }
            if let Some(block) = page.blocks.get(ord) {
                rows.insert(block, old_id)?;
            }
        }
        drop(rows);
        let entities = entities_of(page);
        let stored_entities = self.stored_entities(page_id)?;
        let unchanged = entities.iter().copied().eq(stored_entities
            .iter()
            .map(|(kind, name)| (kind.as_str(), name.as_str())));
        if !unchanged {
            self.delete_where(&["page_entities"], "page_id", page_id)?;
            self.changes.removed_entities.extend(stored_entities);
            self.insert_entities(page_id, entities)?;
        }
        self.changes.pages.push(page_id);
        Ok(PageUpdate::Blocks(
            changed.into_iter().map(|ord| ord as u32).collect(),
        ))
    }

    fn replace_page(&mut self, page: &PageRecord) -> rusqlite::Result<PageUpdate> {
        self.remove_page(&page.path)?;
        self.put_page(page)?;
        Ok(PageUpdate::Whole)
    }

    /// Deletes the block stored under `id` and the rows that hang off it.
    fn delete_block(&self, id: i64) -> rusqlite::Result<()> {
        self.delete_where(&BLOCK_TABLES, "block_id", id)?;
        self.delete_where(&["blocks"], "id", id)
    }

    /// Deletes the rows of each of `tables` whose `column` is `id`.
    fn delete_where(&self, tables: &[&str], column: &str, id: i64) -> rusqlite::Result<()> {
        for table in tables {
            self.tx
                .prepare_cached(&format!("DELETE FROM {table} WHERE {column} = ?1"))?
                .execute([id])?;
        }
        Ok(())
    }

    /// Writes the page's own row and the rows of its head: aliases, properties, and the
    /// references and tickets in its properties. Returns its id.
    fn insert_head(&self, page: &PageRecord) -> rusqlite::Result<i64> {
        let tx = &self.tx;
        tx.prepare_cached(
            "INSERT INTO pages (path, name, key, journal_day, entity, fingerprint)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            page.path,
            page.name,
            page.key,
            day(page.journal_day),
            page.entity.map(|e| e.as_str()),
            page.fingerprint as i64
        ])?;
        let page_id = tx.last_insert_rowid();
        let mut alias =
            tx.prepare_cached("INSERT INTO aliases (page_id, alias, key) VALUES (?1, ?2, ?3)")?;
        for name in &page.aliases {
            alias.execute(params![page_id, name, crate::vault::page_key(name)])?;
        }
        let mut page_property = tx.prepare_cached(
            "INSERT INTO page_properties (page_id, ord, key, value) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (ord, (key, value)) in page.properties.iter().enumerate() {
            page_property.execute(params![page_id, ord as i64, key, value])?;
        }
        let mut insert_ref = tx.prepare_cached(
            "INSERT INTO refs (page_id, block_id, kind, target, key, day)
             VALUES (?1, NULL, ?2, ?3, ?4, ?5)",
        )?;
        for r in &page.refs {
            insert_ref.execute(params![
                page_id,
                r.label.as_str(),
                r.target,
                r.key,
                day(r.date)
            ])?;
        }
        let mut insert_ticket = tx.prepare_cached(
            "INSERT INTO tickets (page_id, block_id, ticket) VALUES (?1, NULL, ?2)",
        )?;
        for ticket in &page.tickets {
            insert_ticket.execute(params![page_id, ticket])?;
        }
        Ok(page_id)
    }

    /// The people and projects stored for the page `page_id` (`page_entities`), in the
    /// order of [`entities_of`].
    fn stored_entities(&self, page_id: i64) -> rusqlite::Result<Vec<(String, String)>> {
        self.tx
            .prepare_cached(
                "SELECT kind, name FROM page_entities WHERE page_id = ?1 ORDER BY kind, name",
            )?
            .query_map([page_id], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect()
    }

    fn insert_entities(
        &mut self,
        page_id: i64,
        entities: BTreeSet<(&'static str, &str)>,
    ) -> rusqlite::Result<()> {
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO page_entities (page_id, kind, name, key) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (kind, name) in entities {
            insert.execute(params![page_id, kind, name, crate::vault::page_key(name)])?;
            self.changes
                .added_entities
                .push((kind.to_string(), name.to_string()));
        }
        Ok(())
    }

    /// Records the people whose entries or open items the page `page_id` holds, whose
    /// totals the commit counts again.
    fn forget_people_of(&mut self, page_id: i64) -> rusqlite::Result<()> {
        let mut statement = self.tx.prepare_cached(
            "SELECT person FROM person_entries WHERE page_id = ?1
             UNION SELECT person FROM person_items WHERE page_id = ?1",
        )?;
        for person in statement.query_map([page_id], |row| row.get(0))? {
            self.changes.people.insert(person?);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    #[test]
    fn days_are_written_as_chrono_writes_them() {
        for (y, m, d) in [
            (2026, 12, 7),
            (1, 1, 1),
            (999, 10, 31),
            (9999, 12, 31),
            (10000, 1, 1),
            (-44, 3, 15),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(
                super::day(Some(date)).unwrap(),
                date.format("%Y-%m-%d").to_string()
            );
        }
        assert_eq!(super::day(None), None);
    }
}
