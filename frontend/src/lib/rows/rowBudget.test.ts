import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { RowBudget } from "./rowBudget.svelte";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["requestAnimationFrame", "setTimeout"] });
});

afterEach(() => {
  vi.useRealTimers();
});

/** One frame painted, and the batch that waited for it. */
function nextFrame(): void {
  vi.advanceTimersToNextFrame();
  vi.advanceTimersByTime(1); // a timeout of 0 waits 1 ms
}

test("a long list builds a screenful first and the rest a batch per frame", () => {
  const budget = new RowBudget(30, 40);
  budget.cover(100);
  expect(budget.count).toBe(30);
  nextFrame();
  expect(budget.count).toBe(70);
  nextFrame();
  expect(budget.count).toBe(100);
  nextFrame();
  expect(budget.count).toBe(100);
});

test("a short list is built at once and nothing is scheduled", () => {
  const budget = new RowBudget(30, 40);
  budget.cover(12);
  expect(budget.count).toBe(30);
  expect(vi.getTimerCount()).toBe(0);
});

test("a list that comes again keeps the rows already built", () => {
  const budget = new RowBudget(30, 40);
  budget.cover(200);
  nextFrame();
  expect(budget.count).toBe(70);
  budget.cover(200);
  expect(budget.count).toBe(70);
  nextFrame();
  expect(budget.count).toBe(110);
});

test("a restart goes back to the first screenful and a batch on its way does nothing", () => {
  const budget = new RowBudget(30, 40);
  budget.cover(200);
  vi.advanceTimersToNextFrame(); // the batch is waiting for its timeout
  budget.restart(50);
  expect(budget.count).toBe(30);
  vi.advanceTimersByTime(1); // a timeout of 0 waits 1 ms
  expect(budget.count).toBe(30);
  nextFrame();
  expect(budget.count).toBe(50);
});

test("a stopped budget grows no more", () => {
  const budget = new RowBudget(30, 40);
  budget.cover(200);
  budget.stop();
  nextFrame();
  nextFrame();
  expect(budget.count).toBe(30);
});
