// Screenshots of the agenda, project and people views on the demo vault, in the theme the
// window was started with (e2e/screenshots.sh runs this once light and once dark). They
// land in target/test-artifacts/e2e as agenda-THEME.png, agenda-picker-THEME.png,
// projects-THEME.png, project-THEME.png, people-THEME.png, person-THEME.png,
// day-references-THEME.png (a day's page with the 1-on-1 held that day), priorities-THEME.png
// (a page of query blocks), review-THEME.png and shortcuts-THEME.png (the shortcut sheet).

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { Key, WebDriver } from "./webdriver.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..");
const [application, theme] = process.argv.slice(2);
const artifacts = path.join(repo, "target", "test-artifacts", "e2e");
const driver = new WebDriver(process.env.TAURI_DRIVER_URL ?? "http://127.0.0.1:4444");

// A copy, so that nothing the app might write lands in the demo vault.
const vault = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-demo-"));
fs.cpSync(path.join(repo, "vault"), vault, { recursive: true });

async function shoot(name) {
  // Two frames, so that what was just rendered is painted.
  await driver.execute("return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));");
  fs.mkdirSync(artifacts, { recursive: true });
  fs.writeFileSync(path.join(artifacts, `${name}-${theme}.png`), Buffer.from(await driver.screenshot(), "base64"));
}

try {
  await driver.start({ "tauri:options": { application, args: [vault] } });
  await driver.setWindowRect({ width: 1280, height: 860 });
  await driver.waitFor("[data-testid=journal-page] .block", 20000);
  await driver.execute("localStorage.clear();");
  await driver.clickOn("[data-testid=nav-agenda]");
  await driver.waitFor("[data-testid=task-row]");
  await shoot("agenda");
  // The keyboard's way in: focus the list, the first row, its deadline.
  await driver.execute("document.querySelector('[role=listbox]').focus();");
  await driver.keys([Key.ArrowDown, "d"]);
  await driver.waitFor("[data-testid=date-input]:focus");
  await driver.keys(["f", "r", "i"]);
  await shoot("agenda-picker");
  await driver.clickOn("[data-testid=nav-projects]");
  await driver.waitFor("[data-testid=project-row]");
  await shoot("projects");
  await driver.click(await driver.find("[data-testid=project-row][data-project='Dispatch reliability'] td"));
  await driver.waitFor("[data-testid=project-view]");
  await shoot("project");
  await driver.clickOn("[data-testid=nav-people]");
  await driver.waitFor("[data-testid=person-row]");
  await shoot("people");
  await driver.click(await driver.find("[data-testid=person-row][data-person='Sofia Marino'] td"));
  await driver.waitFor("[data-testid=person-view] [data-testid=one-on-one-entry] .block");
  await shoot("person");
  // Clicked from script: below the prep panel, the entry's date can be out of the window.
  const clickScripted = async (selector) => {
    await driver.waitFor(selector);
    await driver.execute("document.querySelector(arguments[0]).click();", [selector]);
  };
  await clickScripted("[data-testid=one-on-one-entry][data-date='2026-11-23'] .entry-date");
  await clickScripted("a.page-ref[data-page='2026-11-23 Monday']");
  await driver.waitFor("[data-testid=linked-references] [data-testid=reference-outline] .block");
  await shoot("day-references");
  await driver.keys(["k"], [Key.Control]);
  await driver.type(await driver.waitFor("[data-testid=search-input]"), "Priorities");
  await driver.waitFor("[data-testid=search-result]");
  await driver.keys([Key.Enter]);
  await driver.waitFor(".query-results .query-group");
  await shoot("priorities");
  await driver.clickOn("[data-testid=nav-review]");
  await driver.waitFor("[data-testid=review-item]");
  await shoot("review");
  await driver.clickOn("[data-testid=shortcuts-button]");
  await driver.waitFor("[data-testid=shortcut-sheet]");
  await shoot("shortcuts");
} finally {
  await driver.quit().catch(() => {});
  fs.rmSync(vault, { recursive: true, force: true });
}
