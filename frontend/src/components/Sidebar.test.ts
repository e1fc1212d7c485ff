// The sidebar's vault summary follows files as they come and go.
import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, test } from "vitest";
import type { VaultInfo } from "../lib/bindings/VaultInfo";
import { vault } from "../lib/state/vault.svelte";
import { fakeBackend } from "../test/backend";
import Sidebar from "./Sidebar.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
  vault.info = null;
  vault.revision = 0;
});

const info = (pages: number, journals: number): VaultInfo => ({ root: "/notes", name: "notes", pages, journals, today: "2026-11-24", settingsProblem: null });

describe("the sidebar", () => {
  test("its page and journal counts follow changes on disk", async () => {
    let journals = 4;
    fakeBackend({
      agenda_counts: () => ({ overdue: 0, today: 0 }),
      current_vault: () => info(5, journals),
    });
    vault.info = info(5, 4);
    render(Sidebar, { onsearch: () => {}, onopenvault: () => {}, onshortcuts: () => {} });
    expect(screen.getByTestId("vault-counts").textContent).toBe("5 pages · 4 journals");
    journals = 5;
    vault.revision++;
    await waitFor(() => expect(screen.getByTestId("vault-counts").textContent).toBe("5 pages · 5 journals"));
  });
});
