// A long list builds its rows a screenful at a time. Each row of a Svelte list costs
// WebKit a quarter to half a millisecond to build (the 1,847 rows of the people list of
// the 10,000-page vault took 0.4–0.6 s, before anything was painted), so a list that
// arrives builds the rows a screen holds in the frame it arrives in, and the rest a batch
// after each frame is painted, with the window answering between batches.

import { untrack } from "svelte";

export class RowBudget {
  /** How many rows to build now. */
  count = $state(0);
  private total = 0;
  private pending = false;
  // Bumped by `stop`, so that a batch already on its way does nothing.
  private generation = 0;

  /**
   * @param first rows built in the frame a list arrives in: more than a screen holds
   * @param perFrame rows built after each frame: about 10 ms of work
   */
  constructor(
    private readonly first = 30,
    private readonly perFrame = 40,
  ) {
    this.count = first;
  }

  /**
   * Grows the budget, a batch per frame, until it covers `total` rows. It never shrinks,
   * so a list that comes again with the same rows (after a file changed) keeps them.
   */
  cover(total: number): void {
    this.total = total;
    // Called from effects, which must not come to depend on the budget they set.
    if (!this.pending && untrack(() => this.count) < total) this.schedule();
  }

  /** Back to the first screenful, for a list that now holds other rows (a new filter). */
  restart(total: number): void {
    this.stop();
    this.count = this.first;
    this.cover(total);
  }

  stop(): void {
    this.generation++;
    this.pending = false;
  }

  // A batch runs once the frame it waited for is painted, so the first screenful is
  // painted alone.
  private schedule(): void {
    const generation = this.generation;
    this.pending = true;
    requestAnimationFrame(() => {
      setTimeout(() => {
        if (generation !== this.generation) return;
        this.pending = false;
        this.count = Math.min(this.total, this.count + this.perFrame);
        if (this.count < this.total) this.schedule();
      }, 0);
    });
  }
}

/**
 * The rows of `list()` to build now: a screenful first, then a batch per painted frame,
 * and back to the first screenful whenever `reset()` changes (a new filter, another
 * person). Call while a component initializes: it sets up that component's effects.
 */
export function budgetedRows<T>(
  list: () => readonly T[],
  reset: () => unknown,
  first?: number,
  perFrame?: number,
): { readonly rows: readonly T[] } {
  const budget = new RowBudget(first, perFrame);
  $effect(() => {
    reset();
    budget.restart(untrack(() => list().length));
    return () => budget.stop();
  });
  $effect(() => budget.cover(list().length));
  const rows = $derived.by(() => {
    const all = list();
    return all.length > budget.count ? all.slice(0, budget.count) : all;
  });
  return {
    get rows() {
      return rows;
    },
  };
}
