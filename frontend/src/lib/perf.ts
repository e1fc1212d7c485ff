// Latency probes read by the end-to-end suite: how long a keystroke or a search
// keystroke takes to show on screen, and Start 1-on-1 to the caret in the new block.

export type CairnPerf = { keystrokes: number[]; searches: number[]; oneOnOnes: number[] };

declare global {
  interface Window {
    __cairnPerf?: CairnPerf;
  }
}

function perf(): CairnPerf {
  window.__cairnPerf ??= { keystrokes: [], searches: [], oneOnOnes: [] };
  return window.__cairnPerf;
}

/** Makes the probes readable from the first moment, before anything was measured. */
export function installPerfProbes(): void {
  perf();
}

/** Call from a block editor's input handler, after the local state is updated. */
export function recordKeystroke(startedAt: number): void {
  requestAnimationFrame(() => perf().keystrokes.push(performance.now() - startedAt));
}

/** Call once a query's results are in the DOM. */
export function recordSearch(startedAt: number): void {
  perf().searches.push(performance.now() - startedAt);
}

/** Call once the caret is in a started 1-on-1's block; measured to the next frame. */
export function recordOneOnOne(startedAt: number): void {
  requestAnimationFrame(() => perf().oneOnOnes.push(performance.now() - startedAt));
}
