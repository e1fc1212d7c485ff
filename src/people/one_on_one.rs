//! Starting a 1-on-1: today's entry where that person's entries already live, with the
//! open action items of the previous entry brought forward.
//!
//! Items are brought forward as block references (`((uuid))`), not copies: the task stays
//! in one place, so ticking it off anywhere closes it everywhere, and nothing is lost or
//! duplicated. A task without an `id::` property gets one, as Logseq does when a block is
//! first referenced. The entry ends with an empty block, where the notes are typed. If
//! today's entry exists it is reused and nothing is written.

use chrono::NaiveDate;
use serde::Serialize;

use super::new_person::{checked_name, create_person_page};
use super::person::entries_of;
use crate::index::Index;
use crate::outline::{BlockId, Edit, Location, Page};
use crate::store::directory::lookup;
use crate::vault::page_key;
use crate::workspace::{edit_file, EditFileError};

/// What starting a 1-on-1 did.
#[derive(Debug, Clone, Serialize)]
pub struct OneOnOne {
    pub person: String,
    pub path: String,
    /// 1-based line of today's entry.
    pub line: u32,
    /// False when today's entry already existed.
    pub created: bool,
    /// True when the person was new and got a page.
    pub new_person: bool,
    /// Titles of the open items brought forward.
    pub carried: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum OneOnOneError {
    #[error(transparent)]
    Edit(#[from] EditFileError),
    #[error("cache: {0}")]
    Index(#[from] crate::index::IndexError),
    #[error("cache: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("`{name}` cannot be a person's page: {reason}")]
    BadName { name: String, reason: &'static str },
    #[error("{0} already exists and is not a person's page")]
    PageExists(String),
}

/// The open tasks of an entry's subtree, and the open tasks its block refs point at.
fn open_items(page: &Page, entry: BlockId) -> Vec<BlockId> {
    let end = page.block(entry).subtree_end as usize;
    let mut items = Vec::new();
    for index in entry.index() + 1..end {
        let id = BlockId(index as u32);
        let block = page.block(id);
        if block.marker.is_some_and(|(m, _)| !m.is_closed()) {
            items.push(id);
        } else if let Some(target) = block
            .refs
            .iter()
            .find(|r| r.kind == crate::outline::RefKind::Block)
        {
            // A carried item from an earlier entry: follow it if its task is on this page.
            let uuid = page.text(target.target).to_ascii_lowercase();
            let found = page.iter().find(|(candidate, b)| {
                b.marker.is_some_and(|(m, _)| !m.is_closed())
                    && page
                        .block_property(*candidate, "id")
                        .is_some_and(|v| v.trim().eq_ignore_ascii_case(&uuid))
            });
            if let Some((task, _)) = found {
                items.push(task);
            }
        }
    }
    items.sort();
    items.dedup();
    items
}

/// Starts (or reuses) `name`'s 1-on-1 entry for `today`.
pub fn start_one_on_one(
    index: &mut Index,
    name: &str,
    today: NaiveDate,
) -> Result<OneOnOne, OneOnOneError> {
    let name = checked_name(name)?;
    let conn = index.store().connection();
    let title = index.vault().config().journal_title_format.title(today);
    let date_ref = format!("[[{title}]]");
    let canonical = lookup(conn, "person", name)?;
    let entries: Vec<_> = match &canonical {
        Some(person) => entries_of(conn, person)?
            .into_iter()
            .filter(|e| e.source == "person")
            .collect(),
        None => Vec::new(),
    };
    let person = canonical.clone().unwrap_or_else(|| name.to_string());

    if let Some(existing) = entries
        .iter()
        .find(|e| e.date == today.format("%Y-%m-%d").to_string())
    {
        return Ok(OneOnOne {
            person,
            path: existing.path.clone(),
            line: existing.line,
            created: false,
            new_person: false,
            carried: Vec::new(),
        });
    }
    // Where the newest entry is, the new one goes; else on the person's page, else under
    // their block in a People section, else on a new page.
    let latest = entries
        .iter()
        .max_by(|a, b| a.date.cmp(&b.date).then(a.ord.cmp(&b.ord)));
    let target = match latest {
        Some(entry) => Some((entry.path.clone(), Placement::BesideEntry(entry.ord))),
        None => person_home(conn, &person)?,
    };
    let Some((path, placement)) = target else {
        let path = create_person_page(index, &person, &format!("\n- {date_ref}\n\t-\n"))?;
        return Ok(OneOnOne {
            person,
            line: 3,
            path,
            created: true,
            new_person: true,
            carried: Vec::new(),
        });
    };

    let mut carried = Vec::new();
    let mut line = 0;
    edit_file(index, &path, |session| {
        let page = session.page();
        let (location, previous) = match placement {
            Placement::BesideEntry(ord) => {
                let entry = BlockId(ord);
                let parent = page.block(entry).parent;
                let siblings = match parent {
                    Some(p) => &page.block(p).children,
                    None => &page.roots,
                };
                let position = siblings.iter().position(|s| *s == entry).unwrap_or(0);
                // Entries written newest first get the new one on top; otherwise below.
                let newest_first = siblings.get(position + 1).is_some_and(|next| {
                    entry_date(page, *next).is_some_and(|d| Some(d) < entry_date(page, entry))
                });
                let index = if newest_first { position } else { position + 1 };
                (Location { parent, index }, Some(entry))
            }
            Placement::LastChildOf(ord) => {
                let parent = Some(BlockId(ord));
                (
                    Location {
                        parent,
                        index: page.block(BlockId(ord)).children.len(),
                    },
                    None,
                )
            }
            Placement::PageEnd => (
                Location {
                    parent: None,
                    index: page.roots.len(),
                },
                None,
            ),
        };
        let items = previous.map(|p| open_items(page, p)).unwrap_or_default();
        let mut uuids = Vec::new();
        for item in &items {
            let uuid = match session.page().block_property(*item, "id") {
                Some(existing) => existing.trim().to_string(),
                None => {
                    let fresh = uuid::Uuid::new_v4().to_string();
                    session.apply(&Edit::SetProperty {
                        block: *item,
                        key: "id".into(),
                        value: fresh.clone(),
                    })?;
                    fresh
                }
            };
            carried.push(session.page().title(*item).to_string());
            uuids.push(uuid);
        }
        session.apply(&Edit::Insert {
            at: location,
            content: date_ref.clone(),
        })?;
        let page = session.page();
        let siblings = match location.parent {
            Some(p) => &page.block(p).children,
            None => &page.roots,
        };
        let entry = siblings[location.index];
        line = page.block(entry).line;
        let children = uuids
            .iter()
            .map(|u| format!("(({u}))"))
            .chain(std::iter::once(String::new()));
        for (i, child) in children.enumerate() {
            session.apply(&Edit::Insert {
                at: Location {
                    parent: Some(entry),
                    index: i,
                },
                content: child,
            })?;
        }
        Ok(())
    })?;
    Ok(OneOnOne {
        person,
        path,
        line,
        created: true,
        new_person: false,
        carried,
    })
}

/// Where a new entry goes when the person has none yet.
#[derive(Debug, Clone, Copy)]
enum Placement {
    /// Next to the entry at this block index (newest-first or oldest-first as the others).
    BesideEntry(u32),
    /// As the last child of the person's block in a People section.
    LastChildOf(u32),
    /// At the end of the person's own page.
    PageEnd,
}

fn entry_date(page: &Page, id: BlockId) -> Option<NaiveDate> {
    let block = page.block(id);
    block
        .refs
        .first()
        .filter(|r| r.target.start == block.first_line.start + 2)
        .and_then(|r| r.date)
}

/// The person's page, or their block in a People section.
fn person_home(
    conn: &rusqlite::Connection,
    person: &str,
) -> rusqlite::Result<Option<(String, Placement)>> {
    use rusqlite::OptionalExtension;
    let page: Option<String> = conn
        .prepare_cached(
            "SELECT p.path FROM pages p JOIN directory d ON d.kind = 'person' AND d.key = p.key
             WHERE p.entity = 'person' AND d.name = ?1 ORDER BY p.id LIMIT 1",
        )?
        .query_row([person], |row| row.get(0))
        .optional()?;
    if let Some(path) = page {
        return Ok(Some((path, Placement::PageEnd)));
    }
    let mut statement = conn.prepare_cached(
        "SELECT p.path, b.ord, b.person FROM blocks b JOIN pages p ON p.id = b.page_id
         WHERE b.depth = 1 AND b.person IS NOT NULL AND b.parent_ord IS NOT NULL ORDER BY p.path, b.ord",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, u32>(1)?,
            row.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (path, ord, name) = row?;
        if page_key(&name) == page_key(person)
            || lookup(conn, "person", &name)?.as_deref() == Some(person)
        {
            return Ok(Some((path, Placement::LastChildOf(ord))));
        }
    }
    Ok(None)
}
