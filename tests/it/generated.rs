//! Generated vaults (`../shared/bench/gen_vault.py`) against their manifests: the
//! generator tallies exact counts while it writes, so `cairn stats` must agree to the unit.

use std::path::Path;

use serde_json::Value;

use crate::support::{cairn_in, generated_vault, stdout};

/// The `cairn stats --json` keys whose meaning the manifest defines the same way.
const COMPARED_KEYS: [&str; 12] = [
    "pages",
    "journals",
    "blocks",
    "tasks",
    "tasks_by_marker",
    "tasks_by_priority",
    "tasks_with_deadline",
    "tasks_with_scheduled",
    "page_refs",
    "tags",
    "block_refs",
    "distinct_ticket_ids",
];

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// Generates a vault of `pages` pages with `seed`, then checks stats, roundtrip and check.
fn stats_match_the_manifest(pages: usize, seed: u64) {
    let Some(dir) = generated_vault(pages, seed) else {
        return;
    };
    let vault = dir.path().join("v");
    let manifest = read_json(&vault.join(".gen-manifest.json"));
    assert_eq!(
        manifest["pages"], pages,
        "the generator wrote {pages} pages"
    );

    let output = cairn_in(&vault, &["stats", "--json"]);
    assert!(
        output.status.success(),
        "stats failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stats: Value = serde_json::from_slice(&output.stdout).expect("stats --json is JSON");
    let mismatches: Vec<String> = COMPARED_KEYS
        .iter()
        .filter(|key| stats[**key] != manifest[**key])
        .map(|key| {
            format!(
                "{key}: cairn says {}, the manifest {}",
                stats[*key], manifest[*key]
            )
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "vault of {pages} pages, seed {seed}:\n{}",
        mismatches.join("\n")
    );
    assert_eq!(stats["unreadable"], 0);
    assert!(
        manifest["tasks"].as_u64().unwrap() > 0,
        "a vault with tasks"
    );

    let roundtrip = cairn_in(&vault, &["roundtrip"]);
    assert!(
        roundtrip.status.success(),
        "pages would change:\n{}",
        stdout(&roundtrip)
    );
    assert!(stdout(&roundtrip).contains(" 0 would change, 0 unreadable"));

    let check = cairn_in(&vault, &["check"]);
    assert!(
        check.status.success(),
        "check failed:\n{}{}",
        stdout(&check),
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn stats_of_a_200_page_vault_match_its_manifest() {
    stats_match_the_manifest(200, 1);
}

#[test]
fn stats_of_a_500_page_vault_match_its_manifest() {
    stats_match_the_manifest(500, 2);
}

#[test]
fn stats_of_a_1500_page_vault_match_its_manifest() {
    stats_match_the_manifest(1500, 3);
}

#[test]
fn stats_of_a_3000_page_vault_match_its_manifest() {
    stats_match_the_manifest(3000, 7);
}
