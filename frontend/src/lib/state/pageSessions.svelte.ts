// The pages a view shows parts of (1-on-1 entries, linked references), one PageSession
// each, kept while the view is open so that a refetch after a save never takes the editor
// away. Each session follows changes on disk (liveSessions), so a refetch only adds pages.
import type { PageView } from "../bindings/PageView";
import { track } from "./liveSessions";
import { PageSession } from "./pageSession.svelte";

export class PageSessions {
  private open = $state.raw(new Map<string, PageSession>());
  private readonly untrackers: Array<() => void> = [];

  /** Opens a session for each of `pages` not open yet. */
  take(pages: readonly PageView[]): void {
    let next: Map<string, PageSession> | null = null;
    for (const page of pages) {
      if (this.open.has(page.name) || next?.has(page.name)) continue;
      next ??= new Map(this.open);
      const session = new PageSession(page);
      this.untrackers.push(track(session));
      next.set(page.name, session);
    }
    if (next !== null) this.open = next;
  }

  get(name: string): PageSession | undefined {
    return this.open.get(name);
  }

  dispose(): void {
    for (const untrack of this.untrackers) untrack();
    for (const session of this.open.values()) session.dispose();
  }
}
