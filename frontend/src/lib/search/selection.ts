/** Moves a list selection by delta, wrapping around both ends; -1 when the list is empty. */
export function movedSelection(current: number, delta: number, count: number): number {
  if (count === 0) return -1;
  if (current < 0) return delta > 0 ? 0 : count - 1;
  return (((current + delta) % count) + count) % count;
}
