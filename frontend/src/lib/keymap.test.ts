import { describe, expect, it } from "vitest";
import { actionFor, comboLabel, KEY_TABLES, matches, WINDOW_KEYS, type Combo } from "./keymap";
import type { KeyPress } from "./outline/keys";

/** The key press a combo names, Ctrl standing for the platform's modifier. */
function pressOf(combo: Combo): KeyPress {
  return {
    key: combo.key,
    shiftKey: combo.shift === true,
    altKey: combo.alt ?? false,
    ctrlKey: combo.mod ?? false,
    metaKey: false,
  };
}

describe("the key table", () => {
  it("finds, for every key the shortcut sheet lists, the action the sheet says it does", () => {
    for (const table of KEY_TABLES) {
      for (const binding of table.bindings) {
        for (const combo of binding.combos) {
          expect(actionFor(table, pressOf(combo)), `${table.scope}: ${comboLabel(combo, false)}`).toBe(binding.action);
        }
      }
    }
  });

  it("never gives one key two actions in one place", () => {
    for (const table of KEY_TABLES) {
      const seen = new Map<string, string>();
      for (const binding of table.bindings) {
        for (const combo of binding.combos) {
          const label = comboLabel(combo, false);
          expect(seen.get(label), `${table.scope}: ${label}`).toBeUndefined();
          seen.set(label, binding.action);
        }
      }
    }
  });

  it("matches letters in either case and exactly their modifiers", () => {
    const agenda = { key: "a", mod: true, shift: true };
    expect(matches(agenda, { key: "A", shiftKey: true, altKey: false, ctrlKey: true, metaKey: false })).toBe(true);
    expect(matches(agenda, { key: "a", shiftKey: true, altKey: false, ctrlKey: false, metaKey: true })).toBe(true);
    expect(matches(agenda, { key: "a", shiftKey: false, altKey: false, ctrlKey: true, metaKey: false })).toBe(false);
    expect(matches(agenda, { key: "a", shiftKey: true, altKey: true, ctrlKey: true, metaKey: false })).toBe(false);
  });

  it("takes `?` however the keyboard types it, and only without Ctrl or Alt", () => {
    const question = (shiftKey: boolean, ctrlKey = false): KeyPress => ({ key: "?", shiftKey, altKey: false, ctrlKey, metaKey: false });
    expect(actionFor(WINDOW_KEYS, question(true))).toBe("shortcuts");
    expect(actionFor(WINDOW_KEYS, question(false))).toBe("shortcuts");
    expect(actionFor(WINDOW_KEYS, question(true, true))).toBeNull();
  });

  it("names keys as the platform writes them", () => {
    expect(comboLabel({ key: "a", mod: true, shift: true }, false)).toBe("Ctrl+Shift+A");
    expect(comboLabel({ key: "a", mod: true, shift: true }, true)).toBe("⌘⇧A");
    expect(comboLabel({ key: "ArrowUp", alt: true }, false)).toBe("Alt+↑");
    expect(comboLabel({ key: " ", shift: "any" }, false)).toBe("Space");
    expect(comboLabel({ key: "Escape", shift: "any" }, false)).toBe("Esc");
  });
});
