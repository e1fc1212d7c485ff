//! The outliner's operations as the app sends them, compiled to the library's [`Edit`]s,
//! and where the block an operation acted on ends up, so the app can keep editing it.
//!
//! Block ids are arena indices, which change when blocks are inserted or moved. A block's
//! *path* (its child index at every level, from the top) is what the app's user sees, so
//! the operation's subject is followed by the path it must have afterwards.

use chrono::NaiveDateTime;
use serde::Deserialize;
use ts_rs::TS;

use super::error::{AppError, ErrorCode};
use crate::agenda::{task_edits, TaskAction, COMPLETED_PROPERTY};
use crate::outline::{BlockId, Edit, Location, Marker, Page};
use crate::vault::Settings;

/// One outliner operation. Ids refer to the page version the app last received; the
/// operations of one call apply in order, each to the result of the one before.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum EditOp {
    SetContent {
        block: u32,
        content: String,
    },
    /// A new block, the `index`-th child of `parent` (top level when `None`).
    Insert {
        parent: Option<u32>,
        index: u32,
        content: String,
    },
    /// Removes a block with its children.
    Delete {
        block: u32,
    },
    /// Moves a block with its children; `index` counts after it left its old place.
    Move {
        block: u32,
        parent: Option<u32>,
        index: u32,
    },
    Indent {
        block: u32,
    },
    Outdent {
        block: u32,
    },
    /// Logseq's Ctrl+Enter: none → TODO → DOING → DONE → none (LATER → NOW → DONE).
    CycleMarker {
        block: u32,
    },
    /// The task's checkbox: an open task is completed (a repeater moves on, the completion
    /// day is recorded), a closed one reopens as TODO. A checklist item's box is ticked or
    /// cleared.
    ToggleDone {
        block: u32,
    },
    SetCollapsed {
        block: u32,
        collapsed: bool,
    },
    /// A task change made on the block (its marker, priority, deadline or scheduled date),
    /// written as the agenda's task changes are.
    ChangeTask {
        block: u32,
        change: super::agenda::TaskChange,
    },
    /// The page's properties, as `key:: value` lines.
    SetPageProperties {
        text: String,
    },
}

/// A block's child index at every level, from the top.
type BlockPath = Vec<usize>;

fn path_of(page: &Page, id: BlockId) -> BlockPath {
    let mut path = Vec::new();
    let mut current = id;
    loop {
        let parent = page.block(current).parent;
        let siblings = match parent {
            Some(p) => &page.block(p).children,
            None => &page.roots,
        };
        path.push(siblings.iter().position(|s| *s == current).unwrap_or(0));
        match parent {
            Some(p) => current = p,
            None => break,
        }
    }
    path.reverse();
    path
}

/// The block at `path`, if there is one.
pub fn block_at(page: &Page, path: &[usize]) -> Option<BlockId> {
    let (first, rest) = path.split_first()?;
    let mut current = *page.roots.get(*first)?;
    for index in rest {
        current = *page.block(current).children.get(*index)?;
    }
    Some(current)
}

fn block_id(page: &Page, id: u32) -> Result<BlockId, AppError> {
    if (id as usize) < page.blocks.len() {
        Ok(BlockId(id))
    } else {
        Err(AppError::new(
            ErrorCode::InvalidEdit,
            format!("there is no block {id} on this page; it may have changed"),
        ))
    }
}

fn parent_id(page: &Page, parent: Option<u32>) -> Result<Option<BlockId>, AppError> {
    parent.map(|p| block_id(page, p)).transpose()
}

/// The path a location names, in the page before the edit.
fn location_path(page: &Page, parent: Option<BlockId>, index: usize) -> BlockPath {
    let mut path = parent.map(|p| path_of(page, p)).unwrap_or_default();
    path.push(index);
    path
}

/// An operation compiled: the edits to apply, and the path of its subject afterwards.
pub struct Compiled {
    pub edits: Vec<Edit>,
    pub focus: Option<BlockPath>,
}

/// Compiles `op` against `page`.
pub fn compile(
    page: &Page,
    op: &EditOp,
    now: NaiveDateTime,
    settings: &Settings,
) -> Result<Compiled, AppError> {
    let compiled = match op {
        EditOp::SetContent { block, content } => {
            let block = block_id(page, *block)?;
            same_place(
                page,
                block,
                Edit::SetContent {
                    block,
                    content: content.clone(),
                },
            )
        }
        EditOp::Insert {
            parent,
            index,
            content,
        } => {
            let parent = parent_id(page, *parent)?;
            let index = *index as usize;
            Compiled {
                edits: vec![Edit::Insert {
                    at: Location { parent, index },
                    content: content.clone(),
                }],
                focus: Some(location_path(page, parent, index)),
            }
        }
        EditOp::Delete { block } => Compiled {
            edits: vec![Edit::Delete {
                block: block_id(page, *block)?,
            }],
            focus: None,
        },
        EditOp::Move {
            block,
            parent,
            index,
        } => {
            let block = block_id(page, *block)?;
            let parent = parent_id(page, *parent)?;
            Compiled {
                edits: vec![Edit::Move {
                    block,
                    to: Location {
                        parent,
                        index: *index as usize,
                    },
                }],
                focus: Some(moved_path(page, block, parent, *index as usize)),
            }
        }
        EditOp::Indent { block } => {
            let block = block_id(page, *block)?;
            let mut path = path_of(page, block);
            let own = path.pop().unwrap_or(0);
            let focus = own.checked_sub(1).map(|previous| {
                let siblings = match page.block(block).parent {
                    Some(p) => &page.block(p).children,
                    None => &page.roots,
                };
                let children = page.block(siblings[previous]).children.len();
                path.push(previous);
                path.push(children);
                path
            });
            Compiled {
                edits: vec![Edit::Indent { block }],
                focus,
            }
        }
        EditOp::Outdent { block } => {
            let block = block_id(page, *block)?;
            let mut path = path_of(page, block);
            path.pop();
            if let Some(parent_index) = path.last_mut() {
                *parent_index += 1;
            }
            Compiled {
                edits: vec![Edit::Outdent { block }],
                focus: Some(path),
            }
        }
        EditOp::ChangeTask { block, change } => {
            let block = block_id(page, *block)?;
            Compiled {
                edits: task_edits(page, block, change.action()?, now, settings),
                focus: Some(path_of(page, block)),
            }
        }
        EditOp::CycleMarker { block } => {
            let block = block_id(page, *block)?;
            let edits = cycle_edits(page, block, now, settings);
            Compiled {
                edits,
                focus: Some(path_of(page, block)),
            }
        }
        EditOp::ToggleDone { block } => {
            let block = block_id(page, *block)?;
            // A checklist item that is not a task: its box is ticked or cleared.
            if let (None, Some(checked)) = (page.block(block).marker, page.block(block).checkbox) {
                return Ok(Compiled {
                    edits: vec![Edit::SetCheckbox {
                        block,
                        checked: !checked,
                    }],
                    focus: Some(path_of(page, block)),
                });
            }
            let closed = page
                .block(block)
                .marker
                .is_some_and(|(marker, _)| marker.is_closed());
            let marker = if closed { Marker::Todo } else { Marker::Done };
            Compiled {
                edits: task_edits(page, block, TaskAction::SetMarker(marker), now, settings),
                focus: Some(path_of(page, block)),
            }
        }
        EditOp::SetCollapsed { block, collapsed } => {
            let block = block_id(page, *block)?;
            let edit = if *collapsed {
                Edit::SetProperty {
                    block,
                    key: "collapsed".to_string(),
                    value: "true".to_string(),
                }
            } else {
                Edit::RemoveProperty {
                    block,
                    key: "collapsed".to_string(),
                }
            };
            same_place(page, block, edit)
        }
        EditOp::SetPageProperties { text } => Compiled {
            edits: vec![Edit::SetPageProperties { text: text.clone() }],
            focus: None,
        },
    };
    Ok(compiled)
}

fn same_place(page: &Page, block: BlockId, edit: Edit) -> Compiled {
    Compiled {
        edits: vec![edit],
        focus: Some(path_of(page, block)),
    }
}

/// Where a moved block ends up: the target's path, corrected for the block having left
/// its old place (which shifts its later siblings, and their subtrees, up by one).
fn moved_path(page: &Page, block: BlockId, parent: Option<BlockId>, index: usize) -> BlockPath {
    let old = path_of(page, block);
    let mut path = location_path(page, parent, index);
    let depth = old.len() - 1;
    let same_parent_prefix = path.len() > depth + 1 && path[..depth] == old[..depth];
    if same_parent_prefix && path[depth] > old[depth] {
        path[depth] -= 1;
    }
    path
}

/// Logseq's Ctrl+Enter on a block: a plain block becomes TODO, TODO → DOING, LATER → NOW,
/// an open task → DONE (completing a repeater the Logseq way), a closed one → plain again.
fn cycle_edits(page: &Page, block: BlockId, now: NaiveDateTime, settings: &Settings) -> Vec<Edit> {
    let marker = page.block(block).marker.map(|(m, _)| m);
    let action = match marker {
        None => TaskAction::SetMarker(Marker::Todo),
        Some(Marker::Todo) => TaskAction::SetMarker(Marker::Doing),
        Some(Marker::Later) => TaskAction::SetMarker(Marker::Now),
        Some(m) if !m.is_closed() => TaskAction::SetMarker(Marker::Done),
        Some(_) => {
            let mut edits = vec![Edit::SetMarker {
                block,
                marker: None,
            }];
            if page.block_property(block, COMPLETED_PROPERTY).is_some() {
                edits.push(Edit::RemoveProperty {
                    block,
                    key: COMPLETED_PROPERTY.to_string(),
                });
            }
            return edits;
        }
    };
    task_edits(page, block, action, now, settings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::{apply, parse, ParseOptions};
    use chrono::NaiveDate;

    fn page(text: &str) -> Page {
        parse(text, &ParseOptions::default())
    }

    /// Applies `op` and returns the new text and the focused block's first line.
    fn run(text: &str, op: EditOp) -> (String, Option<String>) {
        let mut current = page(text);
        let compiled = compile(
            &current,
            &op,
            NaiveDate::from_ymd_opt(2024, 3, 1)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            &Settings::default(),
        )
        .unwrap();
        for edit in &compiled.edits {
            let change = apply(&current, edit).unwrap();
            current = page(&change.apply(&current.source));
        }
        let focus = compiled
            .focus
            .and_then(|path| block_at(&current, &path))
            .map(|id| current.title(id).to_string());
        (current.source.clone(), focus)
    }

    const OUTLINE: &str = "- a\n- b\n\t- b1\n\t- b2\n- c\n";

    #[test]
    fn focus_follows_an_inserted_block() {
        let (text, focus) = run(
            OUTLINE,
            EditOp::Insert {
                parent: Some(1),
                index: 1,
                content: "new".into(),
            },
        );
        assert_eq!(text, "- a\n- b\n\t- b1\n\t- new\n\t- b2\n- c\n");
        assert_eq!(focus.as_deref(), Some("new"));
    }

    #[test]
    fn focus_follows_indent_and_outdent() {
        let (text, focus) = run(OUTLINE, EditOp::Indent { block: 4 });
        assert_eq!(text, "- a\n- b\n\t- b1\n\t- b2\n\t- c\n");
        assert_eq!(focus.as_deref(), Some("c"));
        let (text, focus) = run(OUTLINE, EditOp::Outdent { block: 2 });
        assert_eq!(text, "- a\n- b\n- b1\n\t- b2\n- c\n");
        assert_eq!(focus.as_deref(), Some("b1"));
    }

    #[test]
    fn focus_follows_a_block_moved_down_among_its_siblings() {
        let (text, focus) = run(
            OUTLINE,
            EditOp::Move {
                block: 0,
                parent: None,
                index: 1,
            },
        );
        assert_eq!(text, "- b\n\t- b1\n\t- b2\n- a\n- c\n");
        assert_eq!(focus.as_deref(), Some("a"));
        let (text, focus) = run(
            OUTLINE,
            EditOp::Move {
                block: 0,
                parent: Some(1),
                index: 2,
            },
        );
        assert_eq!(text, "- b\n\t- b1\n\t- b2\n\t- a\n- c\n");
        assert_eq!(focus.as_deref(), Some("a"));
    }

    #[test]
    fn ctrl_enter_cycles_like_logseq() {
        let mut text = "- write it\n".to_string();
        let mut seen = Vec::new();
        for _ in 0..4 {
            text = run(&text, EditOp::CycleMarker { block: 0 }).0;
            seen.push(text.clone());
        }
        assert_eq!(
            seen,
            [
                "- TODO write it\n",
                "- DOING write it\n",
                "- DONE write it\n  completed:: 2024-03-01\n",
                "- write it\n",
            ]
        );
    }

    #[test]
    fn the_checkbox_completes_with_the_day_and_reopens_as_todo() {
        let (done, _) = run(
            "- TODO [#A] ship it\n  DEADLINE: <2024-03-04 Mon>\n",
            EditOp::ToggleDone { block: 0 },
        );
        assert_eq!(
            done,
            "- DONE [#A] ship it\n  DEADLINE: <2024-03-04 Mon>\n  completed:: 2024-03-01\n"
        );
        let (reopened, _) = run(&done, EditOp::ToggleDone { block: 0 });
        assert_eq!(
            reopened,
            "- TODO [#A] ship it\n  DEADLINE: <2024-03-04 Mon>\n"
        );
        let (repeated, _) = run(
            "- DOING water plants\n  SCHEDULED: <2024-03-01 Fri +1w>\n",
            EditOp::ToggleDone { block: 0 },
        );
        assert_eq!(
            repeated,
            "- DOING water plants\n  SCHEDULED: <2024-03-08 Fri +1w>\n  completed:: 2024-03-01\n",
            "a repeating task stays open, moves to its next date and records the day"
        );
    }

    #[test]
    fn a_checklist_items_box_is_ticked_and_cleared_in_place() {
        let (ticked, _) = run(
            "- [ ] pack the charger
- [X] book
",
            EditOp::ToggleDone { block: 0 },
        );
        assert_eq!(
            ticked,
            "- [x] pack the charger
- [X] book
"
        );
        let (cleared, _) = run(&ticked, EditOp::ToggleDone { block: 1 });
        assert_eq!(
            cleared,
            "- [x] pack the charger
- [ ] book
"
        );
    }

    #[test]
    fn collapsing_is_the_collapsed_property() {
        let (text, _) = run(
            OUTLINE,
            EditOp::SetCollapsed {
                block: 1,
                collapsed: true,
            },
        );
        assert_eq!(text, "- a\n- b\n  collapsed:: true\n\t- b1\n\t- b2\n- c\n");
        let (text, _) = run(
            &text,
            EditOp::SetCollapsed {
                block: 1,
                collapsed: false,
            },
        );
        assert_eq!(text, OUTLINE);
    }

    #[test]
    fn a_stale_block_id_is_an_invalid_edit() {
        let error = compile(
            &page(OUTLINE),
            &EditOp::Delete { block: 9 },
            NaiveDate::from_ymd_opt(2024, 3, 1)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            &Settings::default(),
        )
        .err()
        .unwrap();
        assert_eq!(error.code, ErrorCode::InvalidEdit);
    }

    #[test]
    fn a_repeater_not_written_as_logseq_writes_it_is_refused() {
        let op = EditOp::ChangeTask {
            block: 0,
            change: super::super::agenda::TaskChange::SetDeadline {
                date: Some("2026-12-24".into()),
                repeater: Some("weekly".into()),
            },
        };
        let now = NaiveDate::from_ymd_opt(2024, 3, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let Err(error) = compile(&page("- TODO Ship\n"), &op, now, &Settings::default()) else {
            panic!("a repeater of no known form was taken");
        };
        assert!(error.message.contains("\"weekly\" is not a repeater"));
    }

    #[test]
    fn a_task_change_on_a_block_writes_what_logseq_writes() {
        use super::super::agenda::TaskChange;
        let change =
            |text: &str, change: TaskChange| run(text, EditOp::ChangeTask { block: 0, change }).0;
        let deadline = |date: &str| TaskChange::SetDeadline {
            date: Some(date.into()),
            repeater: None,
        };
        let scheduled = TaskChange::SetScheduled {
            date: Some("2026-12-01".into()),
            repeater: None,
        };
        assert_eq!(
            change("- TODO Ship\n", deadline("2026-12-24")),
            "- TODO Ship\n  DEADLINE: <2026-12-24 Thu>\n"
        );
        // A time and a repeater already there are kept.
        assert_eq!(
            change(
                "- TODO Standup\n  SCHEDULED: <2026-12-07 Mon 09:30 .+1w>\n",
                TaskChange::SetScheduled {
                    date: Some("2026-12-08".into()),
                    repeater: None,
                }
            ),
            "- TODO Standup\n  SCHEDULED: <2026-12-08 Tue 09:30 .+1w>\n"
        );
        // A repeater chosen from the picker's list replaces the one there, or removes it.
        let repeating = |repeater: &str| TaskChange::SetScheduled {
            date: Some("2026-12-08".into()),
            repeater: Some(repeater.into()),
        };
        assert_eq!(
            change(
                "- TODO Standup\n  SCHEDULED: <2026-12-07 Mon 09:30 .+1w>\n",
                repeating("++2w")
            ),
            "- TODO Standup\n  SCHEDULED: <2026-12-08 Tue 09:30 ++2w>\n"
        );
        assert_eq!(
            change(
                "- TODO Standup\n  SCHEDULED: <2026-12-07 Mon .+1w>\n",
                repeating("")
            ),
            "- TODO Standup\n  SCHEDULED: <2026-12-08 Tue>\n"
        );
        assert_eq!(
            change("- TODO Pay rent\n", repeating(".+1m")),
            "- TODO Pay rent\n  SCHEDULED: <2026-12-08 Tue .+1m>\n"
        );
        assert_eq!(
            change("- TODO ZY\n  DEADLINE: <2026-12-24 Thu>\n", scheduled),
            "- TODO ZY\n  DEADLINE: <2026-12-24 Thu>\n  SCHEDULED: <2026-12-01 Tue>\n"
        );
        assert_eq!(
            change(
                "- DOING [#C] Test\n",
                TaskChange::SetPriority {
                    priority: Some("A".into()),
                }
            ),
            "- DOING [#A] Test\n"
        );
        assert_eq!(
            change(
                "- Plain note\n",
                TaskChange::SetMarker {
                    marker: "DOING".into(),
                }
            ),
            "- DOING Plain note\n"
        );
        assert_eq!(
            change(
                "- TODO Ship\n",
                TaskChange::SetMarker {
                    marker: "DONE".into(),
                }
            ),
            "- DONE Ship\n  completed:: 2024-03-01\n"
        );
    }
}
