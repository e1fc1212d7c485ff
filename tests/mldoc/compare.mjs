// Measures how closely Cairn reads real Logseq graphs as Logseq's parser (mldoc) does.
//
// For each graph folder, every note file under its `pages/` and `journals/` folders (not
// Logseq's backups under `logseq/`) is read by mldoc and by `cairn outline --json`, and a
// block counts as identical when both list a block at that line with the same depth and
// marker. Prints, per graph: files, mldoc's blocks, the share identical, files that differ,
// and the first differences.
//
// Usage: node tests/mldoc/compare.mjs path/to/cairn GRAPH_DIR...
import { execFileSync } from "child_process";
import { readdirSync, readFileSync, statSync } from "fs";
import { join } from "path";
import { outline } from "./outline.mjs";

function noteFiles(root) {
  const files = [];
  const walk = (dir, inNotes) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      let stat;
      try {
        stat = statSync(path);
      } catch {
        continue;
      }
      if (stat.isDirectory()) {
        if (name === "logseq" || name === ".git" || name === "node_modules") continue;
        walk(path, inNotes || name === "pages" || name === "journals");
      } else if (inNotes && /\.(md|org)$/i.test(name)) {
        files.push(path);
      }
    }
  };
  walk(root, false);
  return files.sort();
}

function cairnOutlines(cairn, files) {
  const result = new Map();
  for (let i = 0; i < files.length; i += 400) {
    const batch = files.slice(i, i + 400);
    const out = execFileSync(cairn, ["outline", "--json", ...batch], {
      maxBuffer: 1 << 30,
      encoding: "utf8",
    });
    for (const line of out.split("\n").filter(Boolean)) {
      const { path, blocks } = JSON.parse(line);
      result.set(path, blocks.map((b) => [b.line, b.depth, b.marker]));
    }
  }
  return result;
}

const key = (b) => `${b[0]}:${b[1]}:${b[2] ?? ""}`;

const [cairn, ...graphs] = process.argv.slice(2);
let allBlocks = 0;
let allSame = 0;
for (const graph of graphs) {
  const files = noteFiles(graph);
  const ours = cairnOutlines(cairn, files);
  let blocks = 0;
  let same = 0;
  let extra = 0;
  const differing = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const theirs = outline(text, file.toLowerCase().endsWith(".org") ? "Org" : "Markdown");
    const mine = ours.get(file) ?? [];
    const mineKeys = new Set(mine.map(key));
    const theirKeys = new Set(theirs.map(key));
    const matched = theirs.filter((b) => mineKeys.has(key(b))).length;
    blocks += theirs.length;
    same += matched;
    extra += mine.filter((b) => !theirKeys.has(key(b))).length;
    if (matched !== theirs.length || mine.length !== theirs.length) {
      const first = theirs.find((b) => !mineKeys.has(key(b))) ?? mine.find((b) => !theirKeys.has(key(b)));
      const other = mine.find((b) => b[0] === first?.[0]) ?? theirs.find((b) => b[0] === first?.[0]);
      differing.push(`${file}: mldoc ${JSON.stringify(theirs.find((b) => b[0] === first?.[0]) ?? null)} cairn ${JSON.stringify(mine.find((b) => b[0] === first?.[0]) ?? null)} (${theirs.length - matched} missing, ${other ? "" : "line only on one side"})`);
    }
  }
  allBlocks += blocks;
  allSame += same;
  const share = blocks ? ((100 * same) / blocks).toFixed(3) : "100.000";
  console.log(`${graph}: ${files.length} files, ${blocks} blocks, ${share}% identical, ${extra} extra in Cairn, ${differing.length} files differ`);
  for (const line of differing.slice(0, Number(process.env.SHOW ?? 5))) console.log(`  ${line}`);
}
if (graphs.length > 1) {
  console.log(`all: ${allBlocks} blocks, ${((100 * allSame) / allBlocks).toFixed(3)}% identical`);
}
