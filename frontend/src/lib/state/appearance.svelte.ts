// The window's theme and text size, as Settings chose them: applied to the document (the
// theme through `color-scheme`, which every colour of app.css follows with `light-dark()`;
// the text size through `--text-size`) and kept by the shell in the app's config folder.
import type { Appearance } from "../bindings/Appearance";
import * as ipc from "../ipc";
import { showError } from "./toasts.svelte";

class AppearanceState {
  current: Appearance = $state({ theme: "system", textSize: 15 });

  /** Reads the kept appearance and applies it; the default stays on any failure. */
  async load(): Promise<void> {
    try {
      this.apply(await ipc.appearance());
    } catch (error) {
      showError(error);
    }
  }

  /** Applies `chosen` at once and keeps it. */
  async choose(chosen: Appearance): Promise<void> {
    this.apply(chosen);
    try {
      await ipc.setAppearance(chosen);
    } catch (error) {
      showError(error);
    }
  }

  private apply(chosen: Appearance): void {
    this.current = chosen;
    const root = document.documentElement;
    if (chosen.theme === "system") delete root.dataset.theme;
    else root.dataset.theme = chosen.theme;
    root.style.setProperty("--text-size", `${chosen.textSize}px`);
  }
}

export const appearance = new AppearanceState();
