// Pages currently on screen, so a change on disk reaches each of them.
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

export function reloadChanged(paths: readonly string[]): void {
  for (const session of live) {
    const path = session.page.path;
    // A page without a file may just have been created on disk.
    if (path === null || paths.some((changed) => samePath(changed, path))) void session.reload();
  }
}
