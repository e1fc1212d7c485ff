//! How the user shaped a saved draft: the order of its projects and bullets, and the
//! bullets they reworded. The draft page (see [`super::page`]) is the shaped draft: its
//! generated block lists the draft's bullets, each with `review-id:: KEY.HASH`, and the
//! user moves and rewords those blocks (in the app, with `cairn review --move-up`,
//! `--move-down` and `--reword`, or by hand in any editor, Logseq included). Every later
//! draft of the period follows the page:
//! - projects, and bullets among the siblings of one part, come in the page's order; what
//!   the page does not have (material new since it was saved, projects with nothing in
//!   the draft) stays right after what it follows in the draft's own order;
//! - a bullet whose block no longer holds the text it was generated with (its HASH) reads
//!   as the user wrote it, in the app and in every export.
//!
//! The page keeps its place for every bullet, so a refresh (which writes the bullets in
//! the draft's order) keeps the shape, and moving a bullet is moving its block.

use std::collections::HashMap;

use rusqlite::Connection;

use super::assemble::display_text;
use super::page::{self, anchor_of, project_anchor, save_page, SaveError, SavedPage};
use super::{Item, Material, ProjectReview, Review, ReviewOptions};
use crate::index::Index;
use crate::outline::{BlockId, Edit, Location, Page};
use crate::vault::page_key;
use crate::workspace::{edit_file, EditFileError};

/// Where the draft page has a bullet, and the user's wording of it.
struct Placed {
    /// The block's index on the page.
    ord: u32,
    /// The block's text, when it is no longer the text it was generated with.
    wording: Option<String>,
}

/// The shape the draft page gives a draft, by anchor (see [`page::bullet_anchor`]).
#[derive(Default)]
pub(crate) struct Shape {
    placed: HashMap<String, Placed>,
}

impl Shape {
    /// The shape of the saved draft page named `draft_page`; empty when there is none.
    pub(crate) fn load(conn: &Connection, draft_page: &str) -> rusqlite::Result<Shape> {
        let mut statement = conn.prepare_cached(
            "SELECT b.ord, b.content, bp.value FROM block_properties bp
             JOIN blocks b ON b.id = bp.block_id
             WHERE bp.key = 'review-id' AND bp.page_id = (
                 SELECT p.id FROM pages p WHERE p.key = ?1
                 AND p.id IN (SELECT page_id FROM page_properties WHERE key = 'cairn-review'))",
        )?;
        let rows = statement.query_map([page_key(draft_page)], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut placed = HashMap::new();
        for row in rows {
            let (ord, content, value) = row?;
            let Some((anchor, hash)) = value.trim().split_once('.') else {
                continue;
            };
            let wording = (page::text_hash(&content) != hash).then(|| display_text(&content));
            placed
                .entry(anchor.to_string())
                .or_insert(Placed { ord, wording });
        }
        Ok(Shape { placed })
    }

    /// Sort keys that put `anchors` (in the draft's own order) in the page's: a placed
    /// one by its place, one the page lacks right after the nearest placed one before it.
    fn page_order<'a>(&self, anchors: impl Iterator<Item = &'a str>) -> Vec<(i64, bool, usize)> {
        let mut last = -1;
        anchors
            .enumerate()
            .map(|(i, anchor)| match self.placed.get(anchor) {
                Some(placed) => {
                    last = i64::from(placed.ord);
                    (last, false, i)
                }
                None => (last, true, i),
            })
            .collect()
    }

    /// Orders `projects` and their bullets as the page has them and puts the user's
    /// wording in place of the notes'.
    pub(crate) fn apply(&self, projects: &mut Vec<ProjectReview>) {
        if self.placed.is_empty() {
            return;
        }
        let anchors: Vec<String> = projects.iter().map(|p| project_anchor(&p.name)).collect();
        let keys = self.page_order(anchors.iter().map(String::as_str));
        sort_by_keys(projects, &keys);
        for project in projects.iter_mut() {
            for item in &mut project.items {
                let wording = self
                    .placed
                    .get(&item.anchor)
                    .and_then(|p| p.wording.as_ref());
                if let Some(wording) = wording {
                    item.text = page::undecorate(wording, item);
                    item.reworded = true;
                }
            }
            let items = std::mem::take(&mut project.items);
            project.items = self.in_page_order(items);
        }
    }

    /// `items` (one project's, in outline order with their depths) with each part's
    /// siblings ordered by their place on the page, each keeping its children under it.
    fn in_page_order(&self, items: Vec<Item>) -> Vec<Item> {
        let Some(base) = items.iter().map(|i| i.depth).min() else {
            return items;
        };
        let mut groups: Vec<Vec<Item>> = Vec::new();
        for item in items {
            match groups.last_mut() {
                Some(group) if item.depth > base => group.push(item),
                _ => groups.push(vec![item]),
            }
        }
        // Parts stay apart: a bullet only ever moves among its part's.
        let keys: Vec<_> = self
            .page_order(groups.iter().map(|g| g[0].anchor.as_str()))
            .into_iter()
            .zip(&groups)
            .map(|(key, g)| (g[0].kind, key))
            .collect();
        sort_by_keys(&mut groups, &keys);
        let mut out = Vec::new();
        for mut group in groups {
            let children = group.split_off(1);
            out.append(&mut group);
            out.extend(self.in_page_order(children));
        }
        out
    }
}

/// Puts `list` in the order of `keys` (one per element).
fn sort_by_keys<T, K: Ord + Copy>(list: &mut Vec<T>, keys: &[K]) {
    let mut keyed: Vec<(K, T)> = keys.iter().copied().zip(list.drain(..)).collect();
    keyed.sort_by_key(|(key, _)| *key);
    list.extend(keyed.into_iter().map(|(_, item)| item));
}

/// What to move in a draft.
#[derive(Debug, Clone, Copy)]
pub enum Moved<'a> {
    /// The bullet with this id, among the siblings of its part.
    Bullet(&'a str),
    /// The project of this name, among the draft's projects.
    Project(&'a str),
}

/// Moves a bullet or a project of the draft of `options` by `offset` places among its
/// siblings (negative: up), on the draft page (saving the page first when there is none
/// yet or it lacks material): the one way every front reorders a draft. `material` is the
/// draft's ([`super::gather`]). Returns the draft as shaped, and what saving did.
pub fn arrange(
    index: &mut Index,
    material: &Material,
    options: &ReviewOptions,
    moved: Moved<'_>,
    offset: i64,
) -> Result<(Review, SavedPage), SaveError> {
    let draft = material.shape(index.store().connection(), options)?;
    let (anchors, at) = siblings(&draft, moved)?;
    let target = (at as i64 + offset).clamp(0, anchors.len() as i64 - 1) as usize;
    let saved = save_page(index, &draft)?;
    if target != at {
        let (anchor, next_to) = (&anchors[at], &anchors[target]);
        edit_file(index, &saved.path, |session| {
            let page = session.page();
            let (block, beside) = (find(page, anchor)?, find(page, next_to)?);
            let parent = page.block(beside).parent;
            let siblings = match parent {
                Some(parent) => &page.block(parent).children,
                None => &page.roots,
            };
            // The place among the siblings once the moved block has left its own.
            let mut index = siblings
                .iter()
                .filter(|&&b| b != block)
                .position(|&b| b == beside)
                .expect("a block is among its parent's children");
            if target > at {
                index += 1;
            }
            let to = Location { parent, index };
            session.apply(&Edit::Move { block, to })?;
            Ok(())
        })?;
    }
    let shaped = material.shape(index.store().connection(), options)?;
    Ok((shaped, saved))
}

/// Puts `text` in place of a bullet's wording on the draft page of `options` (saving the
/// page first when needed): the one way every front rewords a bullet. The exports then
/// say it in these words; the bullet's tickets and sources stay the notes'. Text equal to
/// the notes' wording makes the bullet follow the notes again.
pub fn reword(
    index: &mut Index,
    material: &Material,
    options: &ReviewOptions,
    id: &str,
    text: &str,
) -> Result<(Review, SavedPage), SaveError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(SaveError::EmptyWording);
    }
    let draft = material.shape(index.store().connection(), options)?;
    let anchor = draft
        .items()
        .find(|(_, item)| item.id == id)
        .map(|(_, item)| item.anchor.clone())
        .ok_or_else(|| SaveError::UnknownBullet(id.to_string()))?;
    let saved = save_page(index, &draft)?;
    edit_file(index, &saved.path, |session| {
        let block = find(session.page(), &anchor)?;
        let content = page::with_wording(&session.page().raw_content(block), text);
        session.apply(&Edit::SetContent { block, content })?;
        Ok(())
    })?;
    let shaped = material.shape(index.store().connection(), options)?;
    Ok((shaped, saved))
}

/// The anchors of the siblings of what `moved` names, in the draft's order, and its
/// place among them.
fn siblings(draft: &Review, moved: Moved<'_>) -> Result<(Vec<String>, usize), SaveError> {
    match moved {
        Moved::Project(name) => {
            let names: Vec<&ProjectReview> = draft.drafted().collect();
            let at = names
                .iter()
                .position(|p| p.name.eq_ignore_ascii_case(name.trim()))
                .ok_or_else(|| SaveError::UnknownProject(name.to_string()))?;
            Ok((names.iter().map(|p| project_anchor(&p.name)).collect(), at))
        }
        Moved::Bullet(id) => {
            let (project, at) = draft
                .projects
                .iter()
                .find_map(|p| p.items.iter().position(|i| i.id == id).map(|at| (p, at)))
                .ok_or_else(|| SaveError::UnknownBullet(id.to_string()))?;
            let items = &project.items;
            // Each bullet's parent: the nearest bullet above it that is less deep.
            let mut parents = Vec::with_capacity(items.len());
            let mut open: Vec<usize> = Vec::new();
            for (j, item) in items.iter().enumerate() {
                while open.last().is_some_and(|&k| items[k].depth >= item.depth) {
                    open.pop();
                }
                parents.push(open.last().copied());
                open.push(j);
            }
            let (kind, depth) = (items[at].kind, items[at].depth);
            let same: Vec<usize> = (0..items.len())
                .filter(|&j| {
                    items[j].kind == kind && items[j].depth == depth && parents[j] == parents[at]
                })
                .collect();
            let place = same.iter().position(|&j| j == at).expect("among its own");
            Ok((
                same.iter().map(|&j| items[j].anchor.clone()).collect(),
                place,
            ))
        }
    }
}

/// The block of the draft page that holds the bullet or project `anchor`.
fn find(page: &Page, anchor: &str) -> Result<BlockId, EditFileError> {
    (0..page.blocks.len() as u32)
        .map(BlockId)
        .find(|&id| anchor_of(page, id).is_some_and(|a| a == anchor))
        .ok_or_else(|| {
            EditFileError::NotFound(
                "the draft page no longer has this bullet; refresh the draft".to_string(),
            )
        })
}
