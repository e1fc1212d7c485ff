//! Cairn sees the block structure Logseq's own parser (mldoc, pinned in `tests/mldoc`) sees:
//! for every file, the same blocks at the same lines and depths with the same markers.
//!
//! mldoc runs under Node (`tests/mldoc/outline.mjs`) over the repository's fixtures, the demo
//! vault, the seeds, two generated vaults and pages after random sequences of Cairn's own
//! edits, and its listing is compared with [`cairn::outline::list_blocks`]. The few places
//! where mldoc is plainly wrong are [`EXCEPTIONS`], each with a test of its own.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cairn::outline::{
    apply, list_blocks, parse, BlockId, Edit, Location, Marker, Page, ParseOptions, Priority,
    SourceFormat,
};

use crate::support::{demo_vault, generated_vault, shared_dir, Rng};

/// One block as both sides list it: line, depth and the marker as written.
type Row = (u32, u32, Option<String>);

/// Files on which mldoc reads a structure Logseq's users would not recognise, with why.
/// Each has a test below that pins what Cairn does instead.
const EXCEPTIONS: &[(&str, &str)] = &[
    (
        "org-quote-before-headlines.org",
        "in an Org file mldoc lets a Markdown `>` quote take in the headlines below it; an Org \
         headline at the margin is a headline",
    ),
    (
        "list-then-bare-numbers.md",
        "mldoc ends an indented list at a whitespace-only line followed by a bare `1.`, so the \
         fence after it runs to a later one and hides the next bullet",
    ),
];

fn mldoc_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("mldoc")
}

/// mldoc's listing of each file, in order.
fn mldoc_outlines(paths: &[PathBuf]) -> Vec<Vec<Row>> {
    let dir = mldoc_dir();
    assert!(
        dir.join("node_modules").join("mldoc").is_dir(),
        "mldoc is not installed: run `npm ci` in tests/mldoc (scripts/test does)"
    );
    let list: String = paths.iter().map(|p| format!("{}\n", p.display())).collect();
    let mut child = Command::new("node")
        .arg(dir.join("outline.mjs"))
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs mldoc");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), list.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "outline.mjs failed");
    let text = String::from_utf8(output.stdout).unwrap();
    let listed: Vec<Vec<Row>> = text
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            let blocks = value["blocks"]
                .as_array()
                .unwrap_or_else(|| panic!("mldoc failed on {}", value["path"]));
            blocks
                .iter()
                .map(|b| {
                    (
                        b[0].as_u64().unwrap() as u32,
                        b[1].as_u64().unwrap() as u32,
                        b[2].as_str().map(str::to_string),
                    )
                })
                .collect()
        })
        .collect();
    assert_eq!(listed.len(), paths.len(), "one listing per file");
    listed
}

fn format_of(path: &Path) -> SourceFormat {
    if path.extension().is_some_and(|e| e == "org") {
        SourceFormat::Org
    } else {
        SourceFormat::Markdown
    }
}

fn cairn_rows(page: &Page) -> Vec<Row> {
    list_blocks(page)
        .into_iter()
        .map(|b| (b.line, b.depth, b.marker))
        .collect()
}

fn cairn_outline(path: &Path) -> Option<Vec<Row>> {
    let text = std::fs::read_to_string(path).ok()?;
    let options = ParseOptions {
        format: Some(format_of(path)),
        ..ParseOptions::default()
    };
    Some(cairn_rows(&parse(&text, &options)))
}

/// The first difference between two listings, described for a failure message.
fn first_difference(cairn: &[Row], mldoc: &[Row]) -> Option<String> {
    for (i, (ours, theirs)) in cairn.iter().zip(mldoc).enumerate() {
        if ours != theirs {
            return Some(format!("block {i}: Cairn {ours:?}, mldoc {theirs:?}"));
        }
    }
    (cairn.len() != mldoc.len()).then(|| {
        format!(
            "Cairn lists {} blocks, mldoc {} (first extra: {:?})",
            cairn.len(),
            mldoc.len(),
            cairn.get(mldoc.len()).or(mldoc.get(cairn.len()))
        )
    })
}

/// Compares every readable file and lists the ones that differ.
fn compare(paths: &[PathBuf]) -> Vec<String> {
    let paths: Vec<PathBuf> = paths
        .iter()
        .filter(|p| std::fs::read_to_string(p).is_ok())
        .cloned()
        .collect();
    let theirs = mldoc_outlines(&paths);
    let mut differences = Vec::new();
    for (path, mldoc) in paths.iter().zip(&theirs) {
        let name = path.display().to_string();
        if EXCEPTIONS.iter().any(|(file, _)| name.ends_with(file)) {
            continue;
        }
        let ours = cairn_outline(path).expect("readable");
        if let Some(difference) = first_difference(&ours, mldoc) {
            differences.push(format!("{name}: {difference}"));
        }
    }
    differences
}

fn note_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "md" || e == "org" || e == "txt")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn assert_same(paths: &[PathBuf]) {
    assert!(!paths.is_empty(), "no files to compare");
    let differences = compare(paths);
    assert!(
        differences.is_empty(),
        "{} of {} files are read differently from mldoc:\n{}",
        differences.len(),
        paths.len(),
        differences.join("\n")
    );
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join("mldoc")
}

#[test]
fn fixtures_are_read_as_mldoc_reads_them() {
    assert_same(&note_files(&fixtures_dir()));
}

#[test]
fn the_demo_vault_is_read_as_mldoc_reads_it() {
    assert_same(&note_files(&demo_vault()));
}

#[test]
fn the_seeds_are_read_as_mldoc_reads_them() {
    let Some(shared) = shared_dir() else { return };
    assert_same(&note_files(&shared.join("seeds")));
}

#[test]
fn generated_vaults_are_read_as_mldoc_reads_them() {
    for seed in [5, 11] {
        let Some(dir) = generated_vault(150, seed) else {
            return;
        };
        assert_same(&note_files(dir.path()));
    }
}

const CONTENTS: &[&str] = &[
    "a new note",
    "TODO [#A] call Priya about COS-113",
    "## A heading",
    "two lines\nand a second one",
    "DONE shipped [[Atlas]]",
    "",
    "code\n```\n- not a block\n```",
];

fn random_edit(page: &Page, rng: &mut Rng) -> Edit {
    let count = page.blocks.len();
    let block = BlockId(rng.below(count) as u32);
    let parent = (count > 0 && rng.below(2) == 0).then(|| BlockId(rng.below(count) as u32));
    let siblings = parent.map_or(page.roots.len(), |p| page.block(p).children.len());
    let at = Location {
        parent,
        index: rng.below(siblings + 1),
    };
    let content = CONTENTS[rng.below(CONTENTS.len())].to_string();
    match rng.below(9) {
        0 => Edit::Insert { at, content },
        1 => Edit::Delete { block },
        2 => Edit::Move { block, to: at },
        3 => Edit::Indent { block },
        4 => Edit::Outdent { block },
        5 => Edit::SetContent { block, content },
        6 => Edit::SetMarker {
            block,
            marker: [None, Some(Marker::Todo), Some(Marker::Done)][rng.below(3)],
        },
        7 => Edit::SetPriority {
            block,
            priority: [None, Some(Priority::A), Some(Priority::C)][rng.below(3)],
        },
        _ => Edit::SetProperty {
            block,
            key: "owner".to_string(),
            value: "ops".to_string(),
        },
    }
}

#[test]
fn pages_after_random_edits_are_read_as_mldoc_reads_them() {
    let options = ParseOptions::default();
    let mut sources: Vec<PathBuf> = note_files(&fixtures_dir())
        .into_iter()
        .filter(|p| !EXCEPTIONS.iter().any(|(file, _)| p.ends_with(file)))
        .collect();
    sources.extend(note_files(&demo_vault().join("pages")).into_iter().take(12));
    let dir = tempfile::Builder::new()
        .prefix("cairn-edits")
        .tempdir()
        .unwrap();
    let out = dir.path();
    let mut written = Vec::new();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for (n, source) in sources.iter().enumerate() {
        if format_of(source) == SourceFormat::Org {
            continue;
        }
        let mut text = std::fs::read_to_string(source).unwrap();
        for step in 0..12 {
            let page = parse(&text, &options);
            let edit = random_edit(&page, &mut rng);
            if let Ok(change) = apply(&page, &edit) {
                text = change.apply(&text);
            }
            let path = out.join(format!("{n:03}-{step:02}.md"));
            std::fs::write(&path, &text).unwrap();
            written.push(path);
        }
    }
    let differences = compare(&written);
    if !differences.is_empty() {
        // The pages stay on disk, so that each difference can be looked at.
        let kept = dir.keep();
        panic!(
            "{} of {} edited pages (kept in {}) are read differently from mldoc:\n{}",
            differences.len(),
            written.len(),
            kept.display(),
            differences.join("\n")
        );
    }
}

fn fixture_rows(name: &str) -> Vec<Row> {
    cairn_outline(&fixtures_dir().join(name)).expect("the fixture reads")
}

#[test]
fn exception_an_org_headline_after_a_quote_is_a_headline() {
    assert_eq!(
        fixture_rows(EXCEPTIONS[0].0),
        [(1, 0, None), (3, 0, None), (4, 1, None)]
    );
}

#[test]
fn exception_a_bullet_after_a_list_with_bare_numbers_is_a_block() {
    assert_eq!(fixture_rows(EXCEPTIONS[1].0), [(1, 0, None), (10, 0, None)]);
}

#[test]
fn every_exception_is_still_one_mldoc_disagrees_with() {
    let paths: Vec<PathBuf> = EXCEPTIONS
        .iter()
        .map(|(file, _)| fixtures_dir().join(file))
        .collect();
    for (path, mldoc) in paths.iter().zip(mldoc_outlines(&paths)) {
        assert_ne!(
            cairn_outline(path).unwrap(),
            mldoc,
            "{} agrees with mldoc now: drop it from EXCEPTIONS",
            path.display()
        );
    }
}
