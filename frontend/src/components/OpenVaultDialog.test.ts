// The Open Vault dialog after a failed open: the reason shown, the path focused again,
// and Esc still closes it.
import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, test, vi } from "vitest";
import { fakeBackend } from "../test/backend";
import OpenVaultDialog from "./OpenVaultDialog.svelte";

afterEach(async () => {
  cleanup();
  // The dialog stops listening for progress asynchronously: let it, before the mocks go.
  await new Promise((resolve) => setTimeout(resolve, 0));
  clearMocks();
});

describe("the Open Vault dialog", () => {
  test("after a failed open it shows why, focuses the path again, and Esc closes it", async () => {
    fakeBackend({
      recent_vaults: () => [],
      open_vault: () => {
        throw { code: "noVault", message: "/nowhere is not a folder" };
      },
    });
    const onclose = vi.fn();
    render(OpenVaultDialog, { required: false, onclose });
    const input = screen.getByTestId("vault-path-input") as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "/nowhere" } });
    await fireEvent.click(screen.getByTestId("vault-open-submit"));
    expect((await screen.findByRole("alert")).textContent).toBe("/nowhere is not a folder");
    await waitFor(() => expect(document.activeElement).toBe(input));
    (document.activeElement as HTMLElement).blur();
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(onclose).toHaveBeenCalledTimes(1);
  });

  test("Choose… opens the folder picked in the system's picker", async () => {
    const backend = fakeBackend({
      recent_vaults: () => [],
      choose_vault_folder: () => "/home/me/notes",
      open_vault: () => ({ root: "/home/me/notes", name: "notes", pages: 1, journals: 0, today: "2026-11-24", settingsProblem: null }),
    });
    const onclose = vi.fn();
    render(OpenVaultDialog, { required: true, onclose });
    await fireEvent.click(screen.getByTestId("vault-choose-folder"));
    await waitFor(() => expect(onclose).toHaveBeenCalledTimes(1));
    expect(backend.argsOf("open_vault")).toEqual([{ path: "/home/me/notes" }]);
  });
});
