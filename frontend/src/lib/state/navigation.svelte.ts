// Which view the main column shows, with a back/forward history like a browser's.
import { closeActiveEditor } from "./activeEditor";

export type Route =
  | { view: "journals" }
  | { view: "pages" }
  | { view: "agenda" }
  | { view: "projects" }
  | { view: "project"; name: string }
  | { view: "people" }
  | { view: "person"; name: string }
  | { view: "review" }
  | { view: "settings" }
  /** `block`: a block to scroll to and highlight, as the page's version then had it;
   * `zoom`: the block the page is zoomed into (it and its children alone). */
  | { view: "page"; name: string; block?: number; zoom?: number };

function sameRoute(a: Route, b: Route): boolean {
  if (a.view === "page") return b.view === "page" && a.name === b.name && a.block === b.block && a.zoom === b.zoom;
  if (a.view === "project") return b.view === "project" && a.name === b.name;
  if (a.view === "person") return b.view === "person" && a.name === b.name;
  return a.view === b.view;
}

/** A route left behind, with where the main column was scrolled on it. */
type Visit = { route: Route; scroll: number };

class Navigation {
  current: Route = $state({ view: "journals" });
  private backStack: Visit[] = $state([]);
  private forwardStack: Visit[] = $state([]);
  private scrollPosition: () => number = () => 0;
  /**
   * Where Back or Forward returns the main column to, for the window to restore once the
   * view has rendered (taken with `takeScrollToRestore`); null after any other move.
   */
  private scrollToRestore: number | null = null;

  canGoBack = $derived(this.backStack.length > 0);
  canGoForward = $derived(this.forwardStack.length > 0);

  /** Tells navigation how to read the main column's scroll position. */
  trackScroll(position: () => number): void {
    this.scrollPosition = position;
  }

  /** The scroll position to restore for the route just shown, once. */
  takeScrollToRestore(): number | null {
    const scroll = this.scrollToRestore;
    this.scrollToRestore = null;
    return scroll;
  }

  go(route: Route): void {
    if (sameRoute(route, this.current)) return;
    this.backStack.push(this.leave());
    this.forwardStack = [];
    this.current = route;
    this.scrollToRestore = null;
  }

  back(): void {
    const previous = this.backStack.pop();
    if (previous === undefined) return;
    this.forwardStack.push(this.leave());
    this.arrive(previous);
  }

  forward(): void {
    const next = this.forwardStack.pop();
    if (next === undefined) return;
    this.backStack.push(this.leave());
    this.arrive(next);
  }

  /** Forget history, e.g. when another vault is opened. */
  reset(route: Route): void {
    this.backStack = [];
    this.forwardStack = [];
    this.current = route;
    this.scrollToRestore = null;
  }

  private leave(): Visit {
    closeActiveEditor();
    return { route: this.current, scroll: this.scrollPosition() };
  }

  private arrive(visit: Visit): void {
    this.current = visit.route;
    this.scrollToRestore = visit.scroll;
  }
}

export const navigation = new Navigation();

export function openPage(name: string, block?: number): void {
  navigation.go(block === undefined ? { view: "page", name } : { view: "page", name, block });
}
