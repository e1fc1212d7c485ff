// The desktop app's figures, measured in a real window: the release build on the
// 10,000-page generated vault (seed 1) with a warm cache and one 2,000-block page.
// Run by e2e/bench.sh, which prepares the vault; prints the figures as JSON.
//
// - launch to first journal content: from asking WebKitWebDriver for a session (which
//   starts the app) to the first journal block in the DOM; an upper bound, since it
//   includes the driver's own start-up;
// - opening the 2,000-block page: from the click on a link to its last block rendered,
//   and to the last of the rows far down the page, which are styled in the background
//   once it shows (frontend/src/lib/rows/dormantRows.ts), being styled;
// - keystroke to updated rendering, while editing a block of that page: from the input
//   handler to the next frame, so it includes the wait for that frame (the idle page's
//   frame interval is reported beside it);
// - search results for each keystroke, end to end through the palette;
// - the agenda: from the click on its sidebar entry to every section painted; from a
//   click on a row's checkbox to the row struck through (the task's file written and
//   re-indexed before that); from a filter's change to the filtered list painted;
// - a project's view: from the click on its row in the projects list to its view painted;
// - people: from the click on the sidebar entry to the list painted; from the click on the
//   busiest person's row (most 1-on-1 entries) to their view painted with its entries;
//   from the click on Start 1-on-1 to the caret in the entry's empty block, painted (the
//   entry written and re-indexed before that); and keystroke to rendering while typing
//   the notes there.
//
// The agenda, project and people figures wait for their change with a MutationObserver,
// so the change is seen in the task that makes it and the figure is the frame after it:
// polling once a frame made them up to a frame late.

import fs from "node:fs";
import path from "node:path";

import { Key, WebDriver } from "./webdriver.mjs";

const [application, vault, out] = process.argv.slice(2);
const driver = new WebDriver(process.env.TAURI_DRIVER_URL ?? "http://127.0.0.1:4444");
const LAUNCHES = 5;
const figures = { launchToFirstJournalMs: [], openBigPageMs: [], openBigPageAllRowsStyledMs: [] };

// The first launch builds the vault's cache; the figures are for a warm cache.
await driver.start({ "tauri:options": { application, args: [vault] } });
await driver.waitFor("[data-testid=journal-page] .block-content", 120000);
await driver.quit();

for (let run = 0; run < LAUNCHES; run++) {
  const started = Date.now();
  await driver.start({ "tauri:options": { application, args: [vault] } });
  await driver.waitFor("[data-testid=journal-page] .block-content", 30000);
  figures.launchToFirstJournalMs.push(Date.now() - started);
  if (run < LAUNCHES - 1) await driver.quit();
}

// Opening the big page through the same link handler a page reference uses.
for (let run = 0; run < 5; run++) {
  const elapsed = await driver.call("POST", "/execute/async", {
    script: `
      const done = arguments[arguments.length - 1];
      const link = document.createElement("a");
      link.dataset.page = run % 2 === 0 ? "Big Outline" : "Storage Migration";
      document.querySelector("main").appendChild(link);
      const started = performance.now();
      link.click();
      link.remove();
      const wanted = run % 2 === 0 ? 2000 : 1;
      const check = () => {
        const title = document.querySelector("[data-testid=page-title]")?.textContent;
        if (title === link.dataset.page && document.querySelectorAll(".block").length >= wanted) {
          requestAnimationFrame(() => {
            const shown = performance.now() - started;
            const styled = () => {
              if (document.querySelector(".block.dormant") === null) {
                requestAnimationFrame(() => done({ shown, styled: performance.now() - started }));
              } else {
                requestAnimationFrame(styled);
              }
            };
            styled();
          });
        } else {
          requestAnimationFrame(check);
        }
      };
      check();`.replaceAll("run % 2", String(run % 2)),
    args: [],
  });
  if (run % 2 === 0) {
    figures.openBigPageMs.push(Math.round(elapsed.shown));
    figures.openBigPageAllRowsStyledMs.push(Math.round(elapsed.styled));
  }
}
await driver.execute(`
  const link = document.createElement("a");
  link.dataset.page = "Big Outline";
  document.querySelector("main").appendChild(link);
  link.click();
  link.remove();`);
// The page is shown with all its rows styled (none still waiting to be) before typing starts.
await driver.until(
  () =>
    driver.execute(`return document.querySelector("[data-testid=page-title]")?.textContent === "Big Outline" &&
      document.querySelectorAll(".block-content").length >= 2000 && document.querySelector(".block.dormant") === null;`),
  "the big page",
);

// Typing into a block in the middle of the big page.
await driver.execute("window.__cairnPerf.keystrokes.length = 0; window.__cairnPerf.searches.length = 0;");
const blocks = await driver.findAll(".block-content");
// Rows off screen are not laid out (content-visibility), so bring the block into view first.
await driver.execute(
  "arguments[0].scrollIntoView({ block: 'center' }); return new Promise((shown) => requestAnimationFrame(shown));",
  [{ "element-6066-11e4-a52e-4f735466cecf": blocks[1000] }],
);
// How often the window paints with nothing happening: a keystroke waits for the next frame.
figures.idleFrameIntervalMs = await driver.call("POST", "/execute/async", {
  script: `
    const done = arguments[arguments.length - 1];
    const frames = [];
    const frame = (now) => {
      frames.push(now);
      if (now - frames[0] < 1000) requestAnimationFrame(frame);
      else done(frames.slice(1).map((t, i) => t - frames[i]));
    };
    requestAnimationFrame(frame);`,
  args: [],
});
await driver.click(blocks[1000]);
const editor = await driver.waitFor("textarea.block-editor:focus");
for (const character of " and the dashboards were checked twice") {
  await driver.type(editor, character);
}
await driver.keys([Key.Escape]);
figures.keystrokeToRenderMs = summarize(await driver.execute("return window.__cairnPerf.keystrokes"));

// The search palette, one keystroke at a time.
await driver.keys(["k"], [Key.Control]);
const input = await driver.waitFor("[data-testid=search-input]");
for (const word of ["rollback", "migration", "cos-11"]) {
  for (const character of word) {
    await driver.type(input, character);
    await new Promise((r) => setTimeout(r, 120));
  }
  await driver.type(input, Key.Backspace.repeat(word.length));
}
figures.searchKeystrokeToResultsMs = summarize(await driver.execute("return window.__cairnPerf.searches"));
await driver.keys([Key.Escape]);

/** Runs `script` in the window (it calls `done(result)`, with `started` set), returning the result. */
function timed(script, args = []) {
  return driver.call("POST", "/execute/async", {
    script: `const done = arguments[arguments.length - 1];
      const painted = (started) => requestAnimationFrame(() => done(Math.round(performance.now() - started)));
      // Checked as the page changes rather than once a frame, so that a figure is not up
      // to a frame late: then() runs when the change is in the DOM, painted() a frame after.
      const when = (ready, then) => {
        if (ready()) return then();
        const observer = new MutationObserver(() => {
          if (ready()) {
            observer.disconnect();
            then();
          }
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      };
      ${script}`,
    args,
  });
}

await driver.execute("localStorage.clear();");
figures.agendaFirstRenderMs = [];
for (let run = 0; run < 5; run++) {
  await driver.clickOn("[data-testid=nav-journals]");
  await driver.waitFor("[data-testid=journal-page]");
  figures.agendaFirstRenderMs.push(
    await timed(`const started = performance.now();
      document.querySelector("[data-testid=nav-agenda]").click();
      when(() => document.querySelector("[data-testid=agenda] [data-testid=task-row]") !== null, () => painted(started));`),
  );
}
figures.checkboxToRowUpdatedMs = [];
for (let run = 0; run < 6; run++) {
  figures.checkboxToRowUpdatedMs.push(
    await timed(`const row = document.querySelector("[data-testid=task-row]");
      const wasDone = row.classList.contains("done");
      const started = performance.now();
      row.querySelector("[data-testid=task-check]").click();
      when(() => row.isConnected && row.classList.contains("done") !== wasDone, () => painted(started));`),
  );
}
figures.filterChangeMs = [];
const topProject = await driver.execute(`return document.querySelector("[data-testid=filter-project] option:nth-child(2)").value;`);
for (let run = 0; run < 6; run++) {
  figures.filterChangeMs.push(
    await timed(
      `const total = () => document.querySelector("[data-testid=agenda-total]").textContent;
      const before = total();
      const select = document.querySelector("[data-testid=filter-project]");
      const started = performance.now();
      select.value = arguments[0];
      select.dispatchEvent(new Event("change", { bubbles: true }));
      when(() => total() !== before, () => painted(started));`,
      [run % 2 === 0 ? topProject : ""],
    ),
  );
}
figures.projectViewFirstRenderMs = [];
for (let run = 0; run < 5; run++) {
  await driver.clickOn("[data-testid=nav-projects]");
  await driver.waitFor("[data-testid=project-row]", 30000);
  // The rest of the list is built a batch per frame after the first screenful.
  await driver.waitFor(`[data-testid=project-row][data-project='${topProject}']`, 30000);
  figures.projectViewFirstRenderMs.push(
    await timed(
      `const started = performance.now();
      document.querySelector("[data-testid=project-row][data-project='" + CSS.escape(arguments[0]) + "'] td").click();
      when(() => document.querySelector("[data-testid=project-view] [data-testid=task-row]") !== null, () => painted(started));`,
      [topProject],
    ),
  );
}

// People, on the person with most 1-on-1 entries. Each start is timed on their page as
// generated: the page is put back before each run (and the app has heard it), so every
// start writes a new entry rather than reusing the one the last run wrote.
const invoke = (command, args = {}) =>
  driver.call("POST", "/execute/async", {
    script: `const done = arguments[arguments.length - 1];
      window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(done, (error) => done({ error }));`,
    args: [command, args],
  });
const busiest = (await invoke("people")).reduce((a, b) => (b.entries > a.entries ? b : a)).name;
const busiestScreen = await invoke("person", { name: busiest });
const home = path.join(vault, busiestScreen.pages[0].path);
const homeText = fs.readFileSync(home);
figures.peopleFirstRenderMs = [];
figures.personViewFirstRenderMs = [];
figures.startOneOnOneMs = [];
for (let run = 0; run < 5; run++) {
  fs.writeFileSync(home, homeText);
  await driver.until(
    async () => (await invoke("person", { name: busiest })).entries.length === busiestScreen.entries.length,
    "the person's page put back",
  );
  await driver.clickOn("[data-testid=nav-journals]");
  await driver.waitFor("[data-testid=journal-page]");
  figures.peopleFirstRenderMs.push(
    await timed(`const started = performance.now();
      document.querySelector("[data-testid=nav-people]").click();
      when(() => document.querySelector("[data-testid=people-view] [data-testid=person-row]") !== null, () => painted(started));`),
  );
  // The rest of the list is built a batch per frame after the first screenful.
  await driver.waitFor(`[data-testid=person-row][data-person='${busiest}']`);
  figures.personViewFirstRenderMs.push(
    await timed(
      `const started = performance.now();
      document.querySelector("[data-testid=person-row][data-person='" + CSS.escape(arguments[0]) + "'] td").click();
      when(() => document.querySelector("[data-testid=person-view] [data-testid=one-on-one-entry] .block") !== null, () => painted(started));`,
      [busiest],
    ),
  );
  await driver.execute("window.__cairnPerf.oneOnOnes.length = 0; window.__cairnPerf.keystrokes.length = 0;");
  await driver.clickOn("[data-testid=start-one-on-one]");
  const notes = await driver.waitFor("[data-testid=person-view] textarea.block-editor:focus");
  await driver.until(() => driver.execute("return window.__cairnPerf.oneOnOnes.length > 0;"), "the 1-on-1's caret");
  figures.startOneOnOneMs.push(await driver.execute("return window.__cairnPerf.oneOnOnes[0];"));
  if (run === 0) {
    for (const character of "Talked about the storage migration plan") await driver.type(notes, character);
    figures.oneOnOneKeystrokeToRenderMs = summarize(await driver.execute("return window.__cairnPerf.keystrokes"));
  }
  await driver.keys([Key.Escape]);
  if (run === 0) await driver.until(() => fs.readFileSync(home, "utf8").includes("storage migration plan"), "the notes saved");
}
fs.writeFileSync(home, homeText);
await driver.quit();

figures.launchToFirstJournalMs = summarize(figures.launchToFirstJournalMs);
figures.openBigPageMs = summarize(figures.openBigPageMs);
figures.openBigPageAllRowsStyledMs = summarize(figures.openBigPageAllRowsStyledMs);
figures.idleFrameIntervalMs = summarize(figures.idleFrameIntervalMs);
for (const name of [
  "agendaFirstRenderMs",
  "checkboxToRowUpdatedMs",
  "filterChangeMs",
  "projectViewFirstRenderMs",
  "peopleFirstRenderMs",
  "personViewFirstRenderMs",
  "startOneOnOneMs",
]) {
  figures[name] = summarize(figures[name]);
}
// The app keeps WebKit's DMA-BUF renderer where the machine has a GPU render node, or when
// told to (`0`); src-tauri/src/renderer.rs.
figures.dmabufRenderer =
  process.env.WEBKIT_DISABLE_DMABUF_RENDERER === "0" ||
  (process.env.WEBKIT_DISABLE_DMABUF_RENDERER === undefined &&
    fs.existsSync("/dev/dri") &&
    fs.readdirSync("/dev/dri").some((name) => name.startsWith("renderD")));
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(figures, null, 2) + "\n");
console.log(JSON.stringify(figures, null, 2));

function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (x) => Math.round(x * 10) / 10;
  return { n: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), max: round(sorted[sorted.length - 1]) };
}
