// Blocks far down a long page wait, unstyled, until the window has a moment to spare.
// WebKit computes the style of every element, even in the rows that content-visibility
// keeps from being laid out and painted, and on a 2,000-block page that is most of the
// cost of opening it. A waiting block is exactly as tall as its rows are while skipped,
// so nothing moves when it wakes; scrolling wakes every block at once.

/** Waking starts once the opened page has been on screen this long… */
const WAKE_DELAY_MS = 100;
/** …and goes this many rows at a time, one batch per frame. */
const ROWS_PER_FRAME = 200;

type Waiting = { element: HTMLElement; rows: number };

export class DormantRows {
  private waiting: Waiting[] = [];
  private next = 0;

  /** Keeps `element`, a top-level block showing `rows` rows, unstyled for now. */
  hold(element: HTMLElement, rows: number): void {
    element.classList.add("dormant");
    this.waiting.push({ element, rows });
  }

  /** Wakes the held blocks in document order, a batch per frame, once the page has settled. */
  wakeGradually(): void {
    if (this.waiting.length === 0) return;
    const batch = () => {
      let woken = 0;
      while (woken < ROWS_PER_FRAME && this.next < this.waiting.length) woken += this.wake(this.waiting[this.next++]!);
      if (this.next < this.waiting.length) requestAnimationFrame(() => setTimeout(batch, 0));
      else this.dispose();
    };
    setTimeout(batch, WAKE_DELAY_MS);
  }

  wakeAll(): void {
    while (this.next < this.waiting.length) this.wake(this.waiting[this.next++]!);
    this.dispose();
  }

  /** Stops waking blocks: the outline is going away. */
  dispose(): void {
    this.waiting = [];
    this.next = 0;
  }

  private wake({ element, rows }: Waiting): number {
    element.classList.remove("dormant");
    return rows;
  }
}
