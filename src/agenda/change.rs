//! Changing a task by its handle: the one way the command line (`cairn task`) and the
//! desktop app's agenda and project views complete a task, set its priority or dates, or
//! change its marker. The task is found again in the file as it is on disk, so an edit made
//! elsewhere since the cache was written cannot make it change the wrong block.

use chrono::NaiveDateTime;

use super::{action::task_edits, find_task, page_task_handles, Task, TaskAction};
use crate::index::{Index, IndexError};
use crate::outline::BlockId;
use crate::workspace::{edit_file_seen, EditFileError, EditedFile};

/// What changing a task did.
#[derive(Debug, Clone)]
pub struct ChangedTask {
    pub file: EditedFile,
    /// The task before the change, as the cache had it.
    pub before: Task,
    /// The task as the cache has it now (`None` when it is no longer a task).
    pub after: Option<Task>,
}

/// Why a task could not be changed. The file on disk is untouched in every case.
pub type ChangeTaskError = EditFileError;

/// Carries out `action` on the task with handle `handle` at `now`. With `seen` (the hash of
/// the file a view showed the task from), a file that changed on disk since is a conflict.
pub fn change_task(
    index: &mut Index,
    handle: &str,
    action: TaskAction,
    now: NaiveDateTime,
    seen: Option<u128>,
) -> Result<ChangedTask, ChangeTaskError> {
    let before = lookup(index, handle)?.ok_or_else(|| {
        EditFileError::NotFound(format!(
            "no task has the id {handle}; `cairn todo --all` lists them"
        ))
    })?;
    let settings = index.vault().settings().clone();
    let path = before.path.clone();
    let file = edit_file_seen(index, &path, seen, |session| {
        let ord = page_task_handles(&path, session.page())
            .into_iter()
            .find(|(_, h)| h == handle)
            .map(|(ord, _)| ord)
            .ok_or_else(|| {
                EditFileError::NotFound(format!("task {handle} is no longer in {path}"))
            })?;
        for edit in task_edits(session.page(), BlockId(ord), action, now, &settings) {
            session.apply(&edit)?;
        }
        Ok(())
    })?;
    let after = lookup(index, handle)?;
    Ok(ChangedTask {
        file,
        before,
        after,
    })
}

/// The task with `handle` as the cache has it.
fn lookup(index: &Index, handle: &str) -> Result<Option<Task>, EditFileError> {
    find_task(index.store().connection(), handle).map_err(|e| IndexError::from(e).into())
}
