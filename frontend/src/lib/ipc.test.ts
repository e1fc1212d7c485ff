import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { afterEach, describe, expect, test, vi } from "vitest";
import * as ipc from "./ipc";
import { IpcError } from "./ipc";

afterEach(() => clearMocks());

/** Records every command and answers with `answer`. */
function recordCalls(answer: unknown = null): Array<[string, unknown]> {
  const calls: Array<[string, unknown]> = [];
  mockIPC((command, args) => {
    calls.push([command, args]);
    return answer;
  });
  return calls;
}

describe("commands go out by their Tauri names with camelCase arguments", () => {
  test.each([
    ["open_vault", () => ipc.openVault("/notes"), { path: "/notes" }],
    ["current_vault", () => ipc.currentVault(), {}],
    ["recent_vaults", () => ipc.recentVaults(), {}],
    ["journals", () => ipc.journals(null, 7), { before: null, limit: 7 }],
    ["journals", () => ipc.journals("2026-11-20", 7), { before: "2026-11-20", limit: 7 }],
    ["page", () => ipc.page("Projects"), { name: "Projects" }],
    ["all_pages", () => ipc.allPages(), {}],
    [
      "apply_edits",
      () => ipc.applyEdits("Projects", "v3", [{ op: "cycleMarker", block: 2 }]),
      { page: "Projects", version: "v3", ops: [{ op: "cycleMarker", block: 2 }] },
    ],
    ["undo", () => ipc.undo("Projects"), { page: "Projects" }],
    ["redo", () => ipc.redo("Projects"), { page: "Projects" }],
    ["search", () => ipc.search("COS-113", 30), { query: "COS-113", limit: 30 }],
    ["page_names", () => ipc.pageNames("Pro", 8), { prefix: "Pro", limit: 8, day: null }],
    ["choose_vault_folder", () => ipc.chooseVaultFolder(), {}],
    ["references", () => ipc.references("Priya"), { name: "Priya" }],
    ["open_external", () => ipc.openExternal("https://t.example/COS-1"), { url: "https://t.example/COS-1" }],
  ] as const)("%s", async (command, run, args) => {
    const calls = recordCalls();
    await run();
    expect(calls).toEqual([[command, args]]);
  });

  test("results come back as the command returned them", async () => {
    recordCalls(["/a", "/b"]);
    await expect(ipc.recentVaults()).resolves.toEqual(["/a", "/b"]);
  });
});

describe("failures", () => {
  test("an AppError becomes an IpcError with the same code and message", async () => {
    mockIPC(() => {
      throw { code: "conflict", message: "pages/Foo.md changed on disk" };
    });
    const failure = await ipc.page("Foo").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IpcError);
    expect(failure).toMatchObject({ code: "conflict", message: "pages/Foo.md changed on disk" });
  });

  test("anything else becomes an IpcError with code unknown", async () => {
    mockIPC(() => {
      throw "command page not found";
    });
    await expect(ipc.page("Foo")).rejects.toMatchObject({ code: "unknown", message: "command page not found" });
  });
});

describe("events", () => {
  test("vault-changed and import-progress reach their subscribers with the payload only", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const changed = vi.fn();
    const progress = vi.fn();
    const stopChanged = await ipc.onVaultChanged(changed);
    await ipc.onImportProgress(progress);

    await emit("vault-changed", { files: [{ path: "pages/Foo.md", version: "01" }] });
    await emit("import-progress", { done: 5, total: 10 });
    expect(changed).toHaveBeenCalledWith({ files: [{ path: "pages/Foo.md", version: "01" }] });
    expect(progress).toHaveBeenCalledWith({ done: 5, total: 10 });

    stopChanged();
    await emit("vault-changed", { files: [{ path: "pages/Bar.md", version: null }] });
    expect(changed).toHaveBeenCalledTimes(1);
  });
});
