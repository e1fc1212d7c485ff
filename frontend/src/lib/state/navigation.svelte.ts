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
  /** `block`: a block to scroll to and highlight, as the page's version then had it. */
  | { view: "page"; name: string; block?: number };

function sameRoute(a: Route, b: Route): boolean {
  if (a.view === "page") return b.view === "page" && a.name === b.name && a.block === b.block;
  if (a.view === "project") return b.view === "project" && a.name === b.name;
  if (a.view === "person") return b.view === "person" && a.name === b.name;
  return a.view === b.view;
}

class Navigation {
  current: Route = $state({ view: "journals" });
  private backStack: Route[] = $state([]);
  private forwardStack: Route[] = $state([]);

  canGoBack = $derived(this.backStack.length > 0);
  canGoForward = $derived(this.forwardStack.length > 0);

  go(route: Route): void {
    if (sameRoute(route, this.current)) return;
    closeActiveEditor();
    this.backStack.push(this.current);
    this.forwardStack = [];
    this.current = route;
  }

  back(): void {
    const previous = this.backStack.pop();
    if (previous === undefined) return;
    closeActiveEditor();
    this.forwardStack.push(this.current);
    this.current = previous;
  }

  forward(): void {
    const next = this.forwardStack.pop();
    if (next === undefined) return;
    closeActiveEditor();
    this.backStack.push(this.current);
    this.current = next;
  }

  /** Forget history, e.g. when another vault is opened. */
  reset(route: Route): void {
    this.backStack = [];
    this.forwardStack = [];
    this.current = route;
  }
}

export const navigation = new Navigation();

export function openPage(name: string, block?: number): void {
  navigation.go(block === undefined ? { view: "page", name } : { view: "page", name, block });
}
