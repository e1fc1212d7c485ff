// Pages currently on screen, so a change on disk reaches each of them.
import type { ChangedFile } from "../bindings/ChangedFile";
import type { PageSession } from "./pageSession.svelte";

const live = new Set<PageSession>();

export function track(session: PageSession): () => void {
  live.add(session);
  return () => live.delete(session);
}

/** Paths may come vault-relative or absolute; compare by the shared tail. */
function samePath(a: string, b: string): boolean {
  const x = a.replaceAll("\\", "/");
  const y = b.replaceAll("\\", "/");
  return x === y || x.endsWith(`/${y}`) || y.endsWith(`/${x}`);
}

/**
 * Re-reads each page on screen whose file changed, unless it already shows the version now
 * on disk: the app's own saves come back this way, and re-reading a long page for nothing
 * would cost the typing it interrupts. A page showing query results is shown again after
 * any change to other files.
 */
export function reloadChanged(files: readonly ChangedFile[]): void {
  for (const session of live) {
    const { path, version } = session.page;
    // A page without a file may just have been created on disk.
    if (path === null) {
      if (files.length > 0) void session.reload();
      continue;
    }
    const changed = files.find((file) => samePath(file.path, path));
    if (changed !== undefined && changed.version !== version) void session.reload();
    // A query's results come from other files: any change may move them.
    else if (changed === undefined && session.page.showsQueries && files.length > 0) void session.refreshRendering();
  }
}
