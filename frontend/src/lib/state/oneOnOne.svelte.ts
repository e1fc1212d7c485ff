// Starting a 1-on-1 from wherever the user asks (the person view, the people list, the
// search palette): the backend writes or reuses today's entry, then the person view shows
// it and puts the caret in its empty block.
import type { OneOnOneStarted } from "../bindings/OneOnOneStarted";
import * as ipc from "../ipc";
import { recordOneOnOne } from "../perf";
import { closeActiveEditor } from "./activeEditor";
import { navigation } from "./navigation.svelte";
import { showError } from "./toasts.svelte";

class OneOnOneStart {
  /** A start the person view has not yet shown. */
  started: OneOnOneStarted | null = $state.raw(null);
  /** When the user asked, to measure how soon the caret is in the entry. */
  askedAt = 0;
}

export const oneOnOne = new OneOnOneStart();

export async function startOneOnOne(name: string): Promise<void> {
  oneOnOne.askedAt = performance.now();
  closeActiveEditor();
  try {
    const started = await ipc.startOneOnOne(name);
    oneOnOne.started = started;
    navigation.go({ view: "person", name: started.screen.name });
  } catch (error) {
    showError(error);
  }
}

/** The person view took the start: the caret is in the entry from the next frame. */
export function shownOneOnOne(): void {
  recordOneOnOne(oneOnOne.askedAt);
}
