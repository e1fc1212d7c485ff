// Which view the main column shows, with a back/forward history like a browser's.
import { closeActiveEditor } from "./activeEditor";

export type Route = { view: "journals" } | { view: "pages" } | { view: "page"; name: string };

function sameRoute(a: Route, b: Route): boolean {
  return a.view === b.view && (a.view !== "page" || (b.view === "page" && a.name === b.name));
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

export function openPage(name: string): void {
  navigation.go({ view: "page", name });
}
