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
