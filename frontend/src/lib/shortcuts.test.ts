import { expect, test } from "vitest";
import { windowShortcut } from "./shortcuts";

const press = (key: string, modifiers: { ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean; shiftKey?: boolean } = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
});

test("Ctrl+K and Cmd+K open search", () => {
  expect(windowShortcut(press("k", { ctrlKey: true }))).toBe("search");
  expect(windowShortcut(press("k", { metaKey: true }))).toBe("search");
  expect(windowShortcut(press("k"))).toBeNull();
});

test("Alt+← and Alt+→ walk the history", () => {
  expect(windowShortcut(press("ArrowLeft", { altKey: true }))).toBe("back");
  expect(windowShortcut(press("ArrowRight", { altKey: true }))).toBe("forward");
  expect(windowShortcut(press("ArrowLeft"))).toBeNull();
});

test("Ctrl+Shift+A opens the agenda", () => {
  expect(windowShortcut(press("A", { ctrlKey: true, shiftKey: true }))).toBe("agenda");
  expect(windowShortcut(press("a", { metaKey: true, shiftKey: true }))).toBe("agenda");
  expect(windowShortcut(press("a", { ctrlKey: true }))).toBeNull();
});

test("Ctrl+Shift+P opens the people; Ctrl+Shift+O starts a 1-on-1", () => {
  expect(windowShortcut(press("P", { ctrlKey: true, shiftKey: true }))).toBe("people");
  expect(windowShortcut(press("o", { metaKey: true, shiftKey: true }))).toBe("oneOnOne");
  expect(windowShortcut(press("o", { ctrlKey: true }))).toBeNull();
});

test("Ctrl+Shift+Y opens the year-end review", () => {
  expect(windowShortcut(press("Y", { ctrlKey: true, shiftKey: true }))).toBe("review");
  expect(windowShortcut(press("y", { metaKey: true, shiftKey: true }))).toBe("review");
  expect(windowShortcut(press("y", { ctrlKey: true }))).toBe("redo");
});

test("Ctrl+Z and Ctrl+Shift+Z undo and redo the last change to the vault", () => {
  expect(windowShortcut(press("z", { ctrlKey: true }))).toBe("undo");
  expect(windowShortcut(press("Z", { ctrlKey: true, shiftKey: true }))).toBe("redo");
  expect(windowShortcut(press("z"))).toBeNull();
});
