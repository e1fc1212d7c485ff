//! Saving a draft as a Logseq page, `pages/Review YYYY.md`, and refreshing it.
//!
//! The page has a page property `cairn-review:: YYYY` (which also keeps it out of every
//! later review, so a draft never feeds on itself) and, among the user's own blocks, one
//! top-level block `## Generated draft` with the property `cairn-generated:: true`. Under
//! it, one heading block per project (and per part: undated material, completed tasks,
//! notes), then the bullets in the draft's outline. Each bullet carries one short property,
//! `review-id:: KEY.HASH`: KEY names the bullet (its project, part and the text keys of it
//! and its ancestors), HASH is a hash of the text it was generated with. The evidence (each
//! bullet's sources) is in the app and the exports, not in the page, which reads as a
//! document.
//!
//! Refreshing (`--save` again) rewrites only the generated block, and keeps:
//! - every block outside it, byte for byte;
//! - every bullet inside it the user edited (its text no longer matches its HASH): the
//!   user's lines replace the regenerated bullet of the same KEY, or, when the bullet is
//!   no longer generated, are kept at the end of the generated block;
//! - every block inside it the user added (no `review-id::`), with its children: it is
//!   put back after the bullet it followed (or first under the bullet it was under), or at
//!   the end of the generated block when that bullet is gone.
//!
//! The page's top also keeps the user's choices (`review-exclude::`, `review-include::`,
//! see [`super::choices`]); [`choose`] changes them and saves.
//!
//! Writes are conflict-safe: the page is written only if it is still the version read,
//! and the caches are brought up to date afterwards.

use std::collections::HashMap;

use super::assemble::display_text;
use super::{
    Choice, Choices, Item, ItemKind, Material, Review, ReviewError, ReviewOptions,
    EXCLUDE_PROPERTY, INCLUDE_PROPERTY,
};
use crate::index::{Index, IndexError};
use crate::outline::{BlockId, Page};
use crate::vault::{FileProblem, FileProblemKind};
use crate::workspace::{write_file, EditFileError};

/// The block property that marks the generated block.
const GENERATED: &str = "cairn-generated";

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{0}")]
    Read(FileProblem),
    #[error(transparent)]
    Write(#[from] EditFileError),
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error(transparent)]
    Assemble(#[from] ReviewError),
    #[error("no bullet `{0}` in this draft; `cairn review --format json` lists the ids")]
    UnknownBullet(String),
    #[error("no project `{0}` in this draft")]
    UnknownProject(String),
    #[error("a bullet's wording cannot be empty; leave the bullet out instead")]
    EmptyWording,
}

/// What saving did.
#[derive(Debug, Clone)]
pub struct SavedPage {
    pub path: String,
    pub name: String,
    pub created: bool,
    /// Generated bullets the user had edited, kept as edited.
    pub kept_edited: usize,
    /// Blocks the user had added inside the generated part, kept.
    pub kept_added: usize,
}

/// True for a page property line of `key` (`key:: value`).
fn is_property_line(line: &str, key: &str) -> bool {
    line.split_once("::")
        .is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case(key))
}

/// `source` with the choices' page properties replaced: the property lines at the top
/// of the page keep their order and bytes, the two choice lines follow the others.
fn with_choices(source: &str, choices: &Choices) -> String {
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    let top = lines
        .iter()
        .take_while(|l| {
            let l = l.trim_end();
            !l.starts_with('-') && l.contains(":: ")
        })
        .count();
    let mut out = String::with_capacity(source.len() + 64);
    for line in &lines[..top] {
        if !is_property_line(line, EXCLUDE_PROPERTY) && !is_property_line(line, INCLUDE_PROPERTY) {
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push('\n');
            }
        }
    }
    for line in choices.property_lines() {
        out.push_str(&line);
        out.push('\n');
    }
    for line in &lines[top..] {
        out.push_str(line);
    }
    out
}

fn hash8(text: &str) -> String {
    format!("{:08x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()) >> 32)
}

/// The hash of a block's text as the page holds it.
pub(super) fn text_hash(content: &str) -> String {
    let text = display_text(content);
    hash8(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// One generated block: depth under the generated block (1 = its child), KEY, and its
/// lines without indentation, the first one starting with `- `.
struct Gen {
    depth: usize,
    key: String,
    lines: Vec<String>,
}

fn gen_block(depth: usize, key: String, text: &str) -> Gen {
    // The id goes right after the first line, where Logseq keeps properties.
    let mut lines = Vec::new();
    let mut text_lines = text.lines();
    lines.push(format!("- {}", text_lines.next().unwrap_or("")));
    let hash = text_hash(text);
    lines.push(format!("  review-id:: {key}.{hash}"));
    for line in text_lines {
        lines.push(format!("  {}", line.trim_start()));
    }
    Gen { depth, key, lines }
}

/// A bullet's text on the draft page: its tickets the wording does not mention listed
/// after its first line (` (also COS-1, COS-2)`), and a task's or note's day in front.
fn bullet_text(item: &Item) -> String {
    let mut text = item.text.clone();
    if let Some(also) = also_tickets(item) {
        text = match text.split_once('\n') {
            Some((first, rest)) => format!("{first}{also}\n{rest}"),
            None => format!("{text}{also}"),
        };
    }
    match day_prefix(item) {
        Some(day) => format!("{day}{text}"),
        None => text,
    }
}

/// ` (also COS-1, COS-2)`: the tickets of `item` its text does not mention.
fn also_tickets(item: &Item) -> Option<String> {
    let missing: Vec<&str> = item
        .tickets
        .iter()
        .filter(|t| !item.text.contains(t.as_str()))
        .map(String::as_str)
        .collect();
    (!missing.is_empty()).then(|| format!(" (also {})", missing.join(", ")))
}

/// `2024-05-02 · ` in front of a completed task or a note.
fn day_prefix(item: &Item) -> Option<String> {
    match (&item.kind, &item.date) {
        (ItemKind::Done | ItemKind::Note, Some(date)) => Some(format!("{date} · ")),
        _ => None,
    }
}

/// The user's wording of `item` from its block on the draft page (`text`, as
/// [`display_text`] reads it), without what [`bullet_text`] added to the notes' wording.
pub(super) fn undecorate(text: &str, item: &Item) -> String {
    let mut text = text;
    if let Some(day) = day_prefix(item) {
        text = text.strip_prefix(&day).unwrap_or(text);
    }
    let (first, rest) = match text.split_once('\n') {
        Some((first, rest)) => (first, Some(rest)),
        None => (text, None),
    };
    let first = also_tickets(item)
        .and_then(|also| first.strip_suffix(also.as_str()))
        .unwrap_or(first);
    match rest {
        Some(rest) => format!("{first}\n{rest}"),
        None => first.to_string(),
    }
}

/// A bullet block's content (as [`Page::raw_content`] gives it) with `text` in place of its
/// wording: the first line, then the block's `review-id::` line, then the rest.
pub(super) fn with_wording(content: &str, text: &str) -> String {
    let id_line = content
        .lines()
        .find(|l| l.trim_start().starts_with("review-id::"))
        .map(str::trim_start);
    let mut lines = text.lines();
    let mut out = lines.next().unwrap_or("").to_string();
    for line in id_line.into_iter().chain(lines) {
        out.push('\n');
        out.push_str(line);
    }
    out
}

/// The key of a project's heading on the draft page.
pub(super) fn project_anchor(name: &str) -> String {
    hash8(&format!("project\u{1}{}", name.to_lowercase()))
}

/// The key of a bullet on the draft page: its project's, its part and `trail`, the
/// [`dedup_key`](super::assemble::dedup_key)s of its ancestors' and its own wording joined by `\u{1}`. The trail is of
/// the wordings shown (not of the merge keys the bullet's id is made of), as the page was
/// first written.
pub(super) fn bullet_anchor(project_anchor: &str, kind: ItemKind, trail: &str) -> String {
    hash8(&format!("{project_anchor}\u{1}{kind:?}\u{1}{trail}"))
}

/// The generated blocks of a draft, in order.
fn generate(review: &Review) -> Vec<Gen> {
    let mut gens = Vec::new();
    if review.is_empty() {
        let key = hash8("empty");
        gens.push(gen_block(
            1,
            key,
            &format!(
                "Nothing was found for {}. Add a `Year end review` block under a project, with a year child holding bullets that cite tickets.",
                review.period()
            ),
        ));
    }
    for project in review.drafted() {
        let project_key = project_anchor(&project.name);
        gens.push(gen_block(
            1,
            project_key.clone(),
            &format!("## {}", project.name),
        ));
        let mut kind = None;
        for item in &project.items {
            let base = if item.kind == ItemKind::Review { 2 } else { 3 };
            if kind != Some(item.kind) {
                kind = Some(item.kind);
                if item.kind != ItemKind::Review {
                    let key = hash8(&format!("{project_key}\u{1}{:?}", item.kind));
                    gens.push(gen_block(2, key, &format!("### {}", item.kind.heading())));
                }
            }
            gens.push(gen_block(
                base + item.depth as usize,
                item.anchor.clone(),
                &bullet_text(item),
            ));
        }
    }
    if !review.gaps.is_empty() {
        gens.push(gen_block(1, hash8("gaps"), "## Evidence gaps"));
        for gap in &review.gaps {
            gens.push(gen_block(
                2,
                hash8(&format!("gap\u{1}{}", gap.project.to_lowercase())),
                &format!("**{}**: {}", gap.project, gap.reason),
            ));
        }
    }
    gens
}

/// The lines of a block's subtree (or only of its own lines) with the block's own
/// indentation taken off.
fn relative_lines(page: &Page, id: BlockId, subtree: bool) -> Vec<String> {
    let block = page.block(id);
    let span = if subtree {
        page.subtree_span(id)
    } else {
        block.span
    };
    let indent = page.text(block.indent);
    page.text(span)
        .lines()
        .map(|line| {
            line.strip_prefix(indent)
                .unwrap_or(line.trim_start())
                .to_string()
        })
        .filter(|line| !line.trim().is_empty())
        .collect()
}

/// What the user did inside the generated block of an existing page.
#[derive(Default)]
struct Kept {
    /// KEY → the user's own lines of an edited bullet.
    edited: HashMap<String, Vec<String>>,
    /// KEY of the bullet they followed → blocks the user added after it.
    after: HashMap<String, Vec<Vec<String>>>,
    /// KEY of the bullet they were under (`""`: the generated block) → blocks added first.
    first: HashMap<String, Vec<Vec<String>>>,
}

/// The anchor of a block of the draft page (the KEY of its `review-id::`), if it has one.
pub(super) fn anchor_of(page: &Page, id: BlockId) -> Option<String> {
    review_key(page, id).map(|(key, _)| key)
}

fn review_key(page: &Page, id: BlockId) -> Option<(String, String)> {
    let content = page.raw_content(id);
    let value = match page.block_property(id, "review-id") {
        Some(value) => value.to_string(),
        None => content
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("review-id::"))?
            .to_string(),
    };
    let (key, hash) = value.trim().split_once('.')?;
    Some((key.to_string(), hash.to_string()))
}

fn collect_kept(page: &Page, generated: BlockId) -> Kept {
    let mut kept = Kept::default();
    fn walk(page: &Page, parent: BlockId, parent_key: &str, kept: &mut Kept) {
        let mut previous: Option<String> = None;
        for &child in &page.block(parent).children {
            match review_key(page, child) {
                Some((key, hash)) => {
                    if text_hash(&page.raw_content(child)) != hash {
                        kept.edited
                            .insert(key.clone(), relative_lines(page, child, false));
                    }
                    walk(page, child, &key, kept);
                    previous = Some(key);
                }
                None => {
                    let lines = relative_lines(page, child, true);
                    match &previous {
                        Some(key) => kept.after.entry(key.clone()).or_default().push(lines),
                        None => kept
                            .first
                            .entry(parent_key.to_string())
                            .or_default()
                            .push(lines),
                    }
                }
            }
        }
    }
    walk(page, generated, "", &mut kept);
    kept
}

fn push_lines(out: &mut String, depth: usize, lines: &[String]) {
    let indent = "\t".repeat(depth);
    for line in lines {
        out.push_str(&indent);
        out.push_str(line);
        out.push('\n');
    }
}

/// The generated block's text, with what the user kept put back. Returns the text and
/// how many edited and added blocks went in.
fn render_generated(review: &Review, mut kept: Kept) -> (String, usize, usize) {
    let mut out = String::new();
    out.push_str("- ## Generated draft\n");
    out.push_str(&format!("  {GENERATED}:: true\n"));
    let (mut edited, mut added) = (0, 0);
    let mut emit_added = |out: &mut String, depth: usize, blocks: Option<Vec<Vec<String>>>| {
        for lines in blocks.unwrap_or_default() {
            added += 1;
            push_lines(out, depth, &lines);
        }
    };
    emit_added(&mut out, 1, kept.first.remove(""));
    let mut stack: Vec<(usize, String)> = Vec::new();
    for gen in generate(review) {
        while stack.last().is_some_and(|(d, _)| *d >= gen.depth) {
            let (depth, key) = stack.pop().expect("checked");
            emit_added(&mut out, depth, kept.after.remove(&key));
        }
        match kept.edited.remove(&gen.key) {
            Some(lines) => {
                edited += 1;
                push_lines(&mut out, gen.depth, &lines);
            }
            None => push_lines(&mut out, gen.depth, &gen.lines),
        }
        emit_added(&mut out, gen.depth + 1, kept.first.remove(&gen.key));
        stack.push((gen.depth, gen.key));
    }
    while let Some((depth, key)) = stack.pop() {
        emit_added(&mut out, depth, kept.after.remove(&key));
    }
    // What no longer has a place: kept at the end, in a stable order.
    let mut rest: Vec<(String, Vec<String>)> = kept.edited.into_iter().collect();
    rest.sort();
    for (_, lines) in rest {
        edited += 1;
        push_lines(&mut out, 1, &lines);
    }
    let mut rest: Vec<(String, Vec<Vec<String>>)> =
        kept.after.into_iter().chain(kept.first).collect();
    rest.sort();
    for (_, blocks) in rest {
        emit_added(&mut out, 1, Some(blocks));
    }
    (out, edited, added)
}

/// Takes bullets into the draft of `options` (whose material is `material`) or leaves them
/// out, by id, and saves the draft page with the choices (creating it when there is none):
/// the one way every front shapes a draft. Returns the draft as shaped, and what saving
/// did. The material stays true: saving changes only the draft page.
pub fn choose(
    index: &mut Index,
    material: &Material,
    options: &ReviewOptions,
    changes: &[(String, Choice)],
) -> Result<(Review, SavedPage), SaveError> {
    let mut choices = match &options.choices {
        Some(choices) => choices.clone(),
        None => {
            super::choices::load(index.store().connection(), options)
                .map_err(ReviewError::from)?
                .0
        }
    };
    for (id, choice) in changes {
        let item = material
            .item(id)
            .ok_or_else(|| SaveError::UnknownBullet(id.clone()))?;
        choices.set(id, item.candidate, *choice);
    }
    let shaped = material.shape(
        index.store().connection(),
        &ReviewOptions {
            choices: Some(choices),
            ..options.clone()
        },
    )?;
    let saved = save_page(index, &shaped)?;
    Ok((shaped, saved))
}

/// Saves the draft as a page, or refreshes the page saved before.
pub fn save_page(index: &mut Index, review: &Review) -> Result<SavedPage, SaveError> {
    let name = review.draft_page.clone();
    let path = index.vault().path_for_new_page(&name);
    let existing = match index.vault().read_page(&path) {
        Ok(file) => Some(file),
        Err(FileProblem {
            kind:
                FileProblemKind::Io {
                    kind: std::io::ErrorKind::NotFound,
                    ..
                },
            ..
        }) => None,
        Err(problem) => return Err(SaveError::Read(problem)),
    };
    let marker = review
        .year
        .map(|y| y.to_string())
        .unwrap_or_else(|| format!("{} to {}", review.from, review.to));
    let (text, created, kept_edited, kept_added) = match &existing {
        None => {
            let (generated, _, _) = render_generated(review, Kept::default());
            let text = format!(
                "cairn-review:: {marker}\n\n- Your own notes go here: everything outside the **Generated draft** block is yours, and `cairn review --save` keeps it.\n{generated}"
            );
            (text, true, 0, 0)
        }
        Some(file) => {
            let page = &file.page;
            let generated = page.roots.iter().copied().find(|r| {
                page.block_property(*r, GENERATED)
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
            });
            match generated {
                Some(g) => {
                    let (text, edited, added) = render_generated(review, collect_kept(page, g));
                    let span = page.subtree_span(g);
                    let mut out = String::with_capacity(page.source.len() + text.len());
                    out.push_str(&page.source[..span.start as usize]);
                    out.push_str(&text);
                    out.push_str(&page.source[span.end as usize..]);
                    (out, false, edited, added)
                }
                None => {
                    let (text, _, _) = render_generated(review, Kept::default());
                    let mut out = page.source.clone();
                    if !out.is_empty() && !out.ends_with('\n') {
                        out.push('\n');
                    }
                    out.push_str(&text);
                    (out, false, 0, 0)
                }
            }
        }
    };
    let text = with_choices(&text, &review.choices);
    let unchanged = existing.as_ref().is_some_and(|f| f.page.source == text);
    if !unchanged {
        write_file(index, &path, &text, existing.as_ref().map(|f| &f.version))?;
    }
    Ok(SavedPage {
        path,
        name,
        created,
        kept_edited,
        kept_added,
    })
}
