//! Undo and redo for the outliner, per page file. Each entry is the text before and after
//! one write; undoing writes the text back only if the file is still exactly what Cairn
//! wrote, so an undo can never overwrite an edit made elsewhere in the meantime.

use std::collections::HashMap;

/// Most steps kept per page; the oldest are forgotten first.
const MAX_STEPS: usize = 200;

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
            }
        }
    }

    pub fn redone(&mut self, path: &str) {
        if let Some(stacks) = self.pages.get_mut(path) {
            if let Some(step) = stacks.redo.pop() {
                stacks.undo.push(step);
            }
        }
    }
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
}
