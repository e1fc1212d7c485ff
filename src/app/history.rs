//! Undo and redo for the outliner, per page file. Each entry is the text before and after
//! one write; undoing writes the text back only if the file is still exactly what Cairn
//! wrote, so an undo can never overwrite an edit made elsewhere in the meantime.
//!
//! The order of the writes across pages is kept too, so that the window can undo the last
//! change to the vault from anywhere (a checkbox ticked in the agenda, a block collapsed),
//! and redo what it undid, in order.

use std::collections::HashMap;

/// Most steps kept per page; the oldest are forgotten first.
const MAX_STEPS: usize = 200;
/// Most writes whose order across pages is kept.
const MAX_ORDER: usize = 1000;

/// One write, as the texts on both sides of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub before: String,
    pub after: String,
}

#[derive(Debug, Default)]
struct Stacks {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

/// The undo and redo stacks of every page edited in this session.
#[derive(Debug, Default)]
pub struct History {
    pages: HashMap<String, Stacks>,
    /// The page of each write that can be undone, oldest first.
    written: Vec<String>,
    /// The page of each undo that can be redone, oldest first.
    undone: Vec<String>,
}

impl History {
    /// Records a write to `path`; a new edit clears what could be redone.
    pub fn record(&mut self, path: &str, step: Step) {
        let stacks = self.pages.entry(path.to_string()).or_default();
        stacks.redo.clear();
        stacks.undo.push(step);
        if stacks.undo.len() > MAX_STEPS {
            stacks.undo.remove(0);
        }
        // A new write makes what was undone anywhere unreachable in order.
        self.undone.clear();
        self.written.push(path.to_string());
        if self.written.len() > MAX_ORDER {
            self.written.remove(0);
        }
    }

    /// The page of the last write that can still be undone, anywhere.
    pub fn last_written(&mut self) -> Option<String> {
        last_with_steps(&mut self.written, &self.pages, |stacks| &stacks.undo)
    }

    /// The page of the last undo that can still be redone, anywhere.
    pub fn last_undone(&mut self) -> Option<String> {
        last_with_steps(&mut self.undone, &self.pages, |stacks| &stacks.redo)
    }

    /// The step undo would take back, without taking it.
    pub fn next_undo(&self, path: &str) -> Option<&Step> {
        self.pages.get(path).and_then(|s| s.undo.last())
    }

    pub fn next_redo(&self, path: &str) -> Option<&Step> {
        self.pages.get(path).and_then(|s| s.redo.last())
    }

    /// Moves the last undo step to the redo stack, once it has been carried out.
    pub fn undone(&mut self, path: &str) {
        if let Some(stacks) = self.pages.get_mut(path) {
            if let Some(step) = stacks.undo.pop() {
                stacks.redo.push(step);
                move_last(&mut self.written, &mut self.undone, path);
            }
        }
    }

    pub fn redone(&mut self, path: &str) {
        if let Some(stacks) = self.pages.get_mut(path) {
            if let Some(step) = stacks.redo.pop() {
                stacks.undo.push(step);
                move_last(&mut self.undone, &mut self.written, path);
            }
        }
    }
}

/// The last page of `order` whose stack (`steps`) still has a step, dropping the entries
/// of pages whose steps are gone (forgotten past [`MAX_STEPS`]).
fn last_with_steps(
    order: &mut Vec<String>,
    pages: &HashMap<String, Stacks>,
    steps: fn(&Stacks) -> &Vec<Step>,
) -> Option<String> {
    while let Some(path) = order.last() {
        if pages
            .get(path)
            .is_some_and(|stacks| !steps(stacks).is_empty())
        {
            return Some(path.clone());
        }
        order.pop();
    }
    None
}

/// Moves the last entry of `path` from one order to the end of the other.
fn move_last(from: &mut Vec<String>, to: &mut Vec<String>, path: &str) {
    if let Some(at) = from.iter().rposition(|p| p == path) {
        from.remove(at);
    }
    to.push(path.to_string());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(before: &str, after: &str) -> Step {
        Step {
            before: before.into(),
            after: after.into(),
        }
    }

    #[test]
    fn undo_then_redo_walks_the_steps_and_a_new_edit_drops_redo() {
        let mut history = History::default();
        history.record("p.md", step("a", "ab"));
        history.record("p.md", step("ab", "abc"));
        assert_eq!(history.next_undo("p.md"), Some(&step("ab", "abc")));
        history.undone("p.md");
        assert_eq!(history.next_undo("p.md"), Some(&step("a", "ab")));
        assert_eq!(history.next_redo("p.md"), Some(&step("ab", "abc")));
        history.redone("p.md");
        assert_eq!(history.next_undo("p.md"), Some(&step("ab", "abc")));
        history.undone("p.md");
        history.record("p.md", step("ab", "abX"));
        assert_eq!(history.next_redo("p.md"), None);
        assert_eq!(history.next_undo("other.md"), None);
    }

    #[test]
    fn the_last_change_anywhere_is_undone_first_and_redone_in_order() {
        let mut history = History::default();
        history.record("a.md", step("a", "a1"));
        history.record("b.md", step("b", "b1"));
        history.record("a.md", step("a1", "a2"));
        assert_eq!(history.last_written().as_deref(), Some("a.md"));
        history.undone("a.md");
        assert_eq!(history.last_written().as_deref(), Some("b.md"));
        history.undone("b.md");
        assert_eq!(history.last_written().as_deref(), Some("a.md"));
        assert_eq!(history.last_undone().as_deref(), Some("b.md"));
        history.redone("b.md");
        assert_eq!(history.last_undone().as_deref(), Some("a.md"));
        // A new write anywhere: nothing is redone in order any more.
        history.record("c.md", step("c", "c1"));
        assert_eq!(history.last_undone(), None);
        assert_eq!(history.last_written().as_deref(), Some("c.md"));
    }
}
