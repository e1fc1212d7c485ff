// Prints each file's blocks as Logseq's own parser (mldoc) sees them, one JSON object a
// line: {"path", "blocks": [[line, depth, marker], ...]}. This is the reference that
// `cairn outline --json` is compared with (tests/it/conformance.rs).
//
// A block is a `Heading` node of mldoc's AST, as Logseq's graph parser takes it: its line
// is where the node starts (1-based), its depth comes from mldoc's `level` the way Logseq
// builds the tree (a deeper level than the block before is its child; otherwise the block
// is a sibling of the nearest open block of the same level, or a child of a shallower one).
// Text before the first heading is Logseq's pre-block: it is listed as a block of depth 0
// at its first non-blank line when it holds anything but blank lines.
//
// Usage: node outline.mjs FILE...   or   node outline.mjs - < list-of-files
import { createRequire } from "module";
import { readFileSync } from "fs";
import { fileURLToPath } from "url";

const require = createRequire(import.meta.url);
const { Mldoc } = require("mldoc");

// The options Logseq's graph parser passes (logseq.graph-parser.mldoc/default-config-map).
function config(format) {
  return JSON.stringify({
    toc: false,
    parse_outline_only: false,
    heading_number: false,
    keep_line_break: true,
    format,
    heading_to_list: false,
    export_md_remove_options: [],
  });
}
const MARKDOWN = config("Markdown");
const ORG = config("Org");

// Lines end at \n, \r\n and a lone \r (old Mac files), which mldoc also breaks lines at.
function lineStarts(bytes) {
  const starts = [0];
  for (let i = 0; i < bytes.length; i++) {
    const lf = bytes[i] === 10;
    const loneCr = bytes[i] === 13 && bytes[i + 1] !== 10;
    if (lf || loneCr) starts.push(i + 1);
  }
  return starts;
}

function lineOf(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export function outline(text, format) {
  const ast = JSON.parse(Mldoc.parseJson(text, format === "Org" ? ORG : MARKDOWN));
  const bytes = Buffer.from(text, "utf8");
  const starts = lineStarts(bytes);
  const blocks = [];
  const headings = ast.filter(([node]) => node[0] === "Heading");
  const firstStart = headings.length ? headings[0][1].start_pos : bytes.length;
  const before = bytes.subarray(0, firstStart).toString("utf8").replace(/^\uFEFF/, "");
  if (before.trim() !== "") {
    const offset = firstStart - Buffer.byteLength(before.replace(/^\s*[\r\n]/, ""), "utf8");
    blocks.push([lineOf(starts, offset), 0, null]);
  }
  // Open blocks as [level, depth], innermost last.
  const open = [];
  for (const [node, pos] of headings) {
    const level = node[1].level;
    while (open.length && open[open.length - 1][0] > level) open.pop();
    let depth;
    if (open.length && open[open.length - 1][0] === level) {
      depth = open[open.length - 1][1];
      open.pop();
    } else {
      depth = open.length ? open[open.length - 1][1] + 1 : 0;
    }
    open.push([level, depth]);
    blocks.push([lineOf(starts, pos.start_pos), depth, node[1].marker ?? null]);
  }
  return blocks;
}

function main() {
  if (process.argv[1] !== fileURLToPath(import.meta.url)) return;
  let paths = process.argv.slice(2);
  if (paths.length === 1 && paths[0] === "-") {
    paths = readFileSync(0, "utf8").split("\n").filter(Boolean);
  }
  const out = [];
  for (const path of paths) {
    const text = readFileSync(path, "utf8");
    const format = path.toLowerCase().endsWith(".org") ? "Org" : "Markdown";
    let blocks;
    try {
      blocks = outline(text, format);
    } catch (error) {
      blocks = { error: String(error) };
    }
    out.push(JSON.stringify({ path, blocks }));
  }
  process.stdout.write(out.join("\n") + (out.length ? "\n" : ""));
}

main();
