//! A page nested 10,000 levels deep (a 50 MB file, nearly all of it indentation) is read,
//! indexed, searched and reviewed with what it costs growing with the file, not with the
//! square of its depth: each block names a bounded breadcrumb trail, and nothing walks the
//! outline by recursion deep enough to overflow the stack.

use std::path::Path;

use serde_json::Value;

use crate::support::{stdout, DatedVault};

const LEVELS: usize = 10_000;

/// A review section whose one bullet has a child, which has a child, and so on, `LEVELS`
/// levels down to a block that says "needle".
fn deep_page() -> String {
    let mut text = String::from("- Year end review\n\t- 2026\n");
    text.push_str("\t\t- **Deep work:** Shipped the fix for deep outlines (COS-7)\n");
    for level in 3..LEVELS {
        let indent = "\t".repeat(level);
        let words = if level == LEVELS - 1 {
            "needle"
        } else {
            "step"
        };
        text.push_str(&format!("{indent}- {words} {level}\n"));
    }
    text
}

fn folder_size(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                folder_size(&entry.path())
            } else {
                meta.len()
            }
        })
        .sum()
}

#[test]
fn a_page_ten_thousand_levels_deep_is_indexed_searched_and_reviewed() {
    let page = deep_page();
    let vault = DatedVault::new(&format!("//- pages/Deep.md\n{page}"), "2026-11-24");

    let import = vault.cairn(&["import"]);
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    // Every block's content is kept, but its trail is bounded: the cache is smaller than the
    // file it indexes, where a trail per level made it hundreds of megabytes.
    let cache = folder_size(vault.cache_path());
    assert!(
        cache < page.len() as u64,
        "the cache takes {cache} bytes for a {} byte page",
        page.len()
    );

    let search = vault.cairn(&["search", "needle", "--json"]);
    assert!(
        search.status.success(),
        "{}",
        String::from_utf8_lossy(&search.stderr)
    );
    let hits: Value = serde_json::from_str(&stdout(&search)).expect("search JSON");
    let crumbs: Vec<&str> = hits[0]["breadcrumbs"]
        .as_array()
        .expect("a hit with breadcrumbs")
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(crumbs.len(), 12, "{crumbs:?}");
    assert_eq!(crumbs[..3], ["Deep", "Year end review", "…"]);
    assert_eq!(
        crumbs.last(),
        Some(&format!("step {}", LEVELS - 2).as_str())
    );

    let review = vault.cairn(&["review", "--year", "2026", "--format", "json"]);
    assert!(
        review.status.success(),
        "{}",
        String::from_utf8_lossy(&review.stderr)
    );
    assert!(stdout(&review).contains("Deep work"));
}
