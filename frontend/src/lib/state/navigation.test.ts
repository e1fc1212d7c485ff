import { expect, test } from "vitest";
import { navigation, openPage } from "./navigation.svelte";

test("history goes back and forward like a browser's", () => {
  navigation.reset({ view: "journals" });
  openPage("Apollo");
  openPage("Priya");
  navigation.back();
  expect(navigation.current).toEqual({ view: "page", name: "Apollo" });
  navigation.back();
  expect(navigation.current).toEqual({ view: "journals" });
  expect(navigation.canGoBack).toBe(false);
  navigation.forward();
  expect(navigation.current).toEqual({ view: "page", name: "Apollo" });
  openPage("Weekly");
  expect(navigation.canGoForward).toBe(false);
});

test("opening the page already shown adds no history", () => {
  navigation.reset({ view: "journals" });
  openPage("Apollo");
  openPage("Apollo");
  navigation.back();
  expect(navigation.current).toEqual({ view: "journals" });
});

test("Back and Forward return to where the column was scrolled; a new route starts afresh", () => {
  let scroll = 0;
  navigation.trackScroll(() => scroll);
  navigation.reset({ view: "journals" });
  scroll = 1200;
  openPage("Apollo");
  expect(navigation.takeScrollToRestore()).toBeNull();
  scroll = 300;
  navigation.back();
  expect(navigation.takeScrollToRestore()).toBe(1200);
  expect(navigation.takeScrollToRestore()).toBeNull();
  navigation.forward();
  expect(navigation.takeScrollToRestore()).toBe(300);
  navigation.trackScroll(() => 0);
});
