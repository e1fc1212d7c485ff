// Changing a task from a list (the agenda, a project): the change goes to the library with
// the file version the row was read from. A conflict, the file having changed on disk
// since, is reported as such and nothing is written; other failures become toasts.
import type { AgendaRow } from "../bindings/AgendaRow";
import type { TaskChange } from "../bindings/TaskChange";
import type { TaskChanged } from "../bindings/TaskChanged";
import * as ipc from "../ipc";
import { IpcError } from "../ipc";
import { showError } from "./toasts.svelte";

export type ChangeOutcome = { kind: "changed"; result: TaskChanged } | { kind: "conflict"; message: string } | { kind: "failed" };

export async function changeTaskRow(row: AgendaRow, change: TaskChange): Promise<ChangeOutcome> {
  try {
    return { kind: "changed", result: await ipc.changeTask(row.id, row.version, change) };
  } catch (error) {
    if (error instanceof IpcError && error.code === "conflict") {
      return { kind: "conflict", message: `${row.page} changed on disk since this list was shown, so nothing was written. The list now shows it as it is.` };
    }
    showError(error);
    return { kind: "failed" };
  }
}
