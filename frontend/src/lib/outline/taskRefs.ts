// A block reference to a task shows the task's checkbox (the library renders it with the
// task's handle and the version of its file the cache read). Ticking it completes or
// reopens that task in its own file, exactly as the agenda's checkbox does; a file changed
// on disk since is a conflict, reported, and nothing is written.
import * as ipc from "../ipc";

/** The reference checkbox an event landed on, if any. */
export function taskRefCheckbox(target: Element): HTMLElement | null {
  return target.closest<HTMLElement>(".block-ref .ref-check");
}

/** Completes (or, when done, reopens) the task behind `checkbox`. */
export async function toggleReferencedTask(checkbox: HTMLElement): Promise<void> {
  const { handle, version } = checkbox.dataset;
  if (handle === undefined || version === undefined) return;
  const done = checkbox.getAttribute("aria-checked") === "true";
  await ipc.changeTask(handle, version, { change: done ? "reopen" : "complete" });
}
