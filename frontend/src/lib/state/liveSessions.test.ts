// Which pages on screen re-read themselves when files change on disk.
import { describe, expect, test, vi } from "vitest";
import { reloadChanged, track } from "./liveSessions";
import type { PageSession } from "./pageSession.svelte";

function pageOnScreen(path: string | null, version: string | null, showsQueries = false) {
  const session = {
    page: { path, version, showsQueries },
    reload: vi.fn(() => Promise.resolve()),
    refreshRendering: vi.fn(() => Promise.resolve()),
  };
  const untrack = track(session as unknown as PageSession);
  return { session, untrack };
}

describe("reloadChanged", () => {
  test("a page whose file now has another version re-reads itself", () => {
    const { session, untrack } = pageOnScreen("pages/Alpha.md", "aa");
    reloadChanged([{ path: "pages/Alpha.md", version: "bb" }]);
    expect(session.reload).toHaveBeenCalledTimes(1);
    untrack();
  });

  test("a page already showing the version on disk (its own save) does not", () => {
    const { session, untrack } = pageOnScreen("pages/Alpha.md", "aa");
    reloadChanged([{ path: "pages/Alpha.md", version: "aa" }]);
    expect(session.reload).not.toHaveBeenCalled();
    untrack();
  });

  test("a removed file, or a path given absolute, still reaches the page", () => {
    const { session, untrack } = pageOnScreen("pages/Alpha.md", "aa");
    reloadChanged([{ path: "/home/me/vault/pages/Alpha.md", version: null }]);
    expect(session.reload).toHaveBeenCalledTimes(1);
    untrack();
  });

  test("other files leave the page alone; a page without a file looks on any change", () => {
    const shown = pageOnScreen("pages/Alpha.md", "aa");
    const unsaved = pageOnScreen(null, null);
    reloadChanged([{ path: "pages/Beta.md", version: "cc" }]);
    expect(shown.session.reload).not.toHaveBeenCalled();
    expect(unsaved.session.reload).toHaveBeenCalledTimes(1);
    shown.untrack();
    unsaved.untrack();
  });

  test("a page showing query results is shown again when any other file changes", () => {
    const dashboard = pageOnScreen("pages/Priorities.md", "aa", true);
    reloadChanged([{ path: "pages/Atlas.md", version: "cc" }]);
    expect(dashboard.session.refreshRendering).toHaveBeenCalledTimes(1);
    expect(dashboard.session.reload).not.toHaveBeenCalled();
    reloadChanged([{ path: "pages/Priorities.md", version: "dd" }]);
    expect(dashboard.session.reload).toHaveBeenCalledTimes(1);
    expect(dashboard.session.refreshRendering).toHaveBeenCalledTimes(1);
    dashboard.untrack();
  });
});
