//! Syncing an edited page block by block: only the blocks that changed are rewritten,
//! unchanged blocks keep their ids, and after any sequence of edits the cache holds
//! exactly what a cache built afresh from the same files holds.

use std::collections::BTreeMap;
use std::path::Path;

use cairn::index::Index;
use cairn::vault::Vault;

use crate::support::{demo_vault, FixtureVault, Rng};

fn open(root: &Path, cache: &Path) -> Index {
    let mut index = Index::open(Vault::open(root).unwrap(), Some(cache.to_path_buf())).unwrap();
    index.sync(&mut |_| {}).unwrap();
    index
}

/// Every row of the cache, by table, as text, without the ids a sync assigns (rows refer
/// to their page by path and to their block by place), sorted.
fn cache_rows(index: &Index) -> BTreeMap<&'static str, Vec<String>> {
    const BLOCK: &str = "(SELECT p.path || '#' || b.ord FROM blocks b JOIN pages p ON p.id = b.page_id WHERE b.id = t.block_id)";
    const PAGE: &str = "(SELECT path FROM pages WHERE id = t.page_id)";
    let queries: [(&str, String); 14] = [
        (
            "pages",
            "SELECT path, name, key, journal_day, entity, fingerprint FROM pages t".into(),
        ),
        (
            "aliases",
            format!("SELECT {PAGE}, alias, key FROM aliases t"),
        ),
        (
            "page_properties",
            format!("SELECT {PAGE}, ord, key, value FROM page_properties t"),
        ),
        (
            "blocks",
            format!(
            "SELECT {PAGE}, ord, parent_ord, depth, line, content, uuid, day, collapsed, marker,
             priority, scheduled_day, scheduled_time, scheduled_repeat, deadline_day,
             deadline_time, deadline_repeat, project, person, review_role, review_year,
             entry_day, private, fingerprint FROM blocks t"
        ),
        ),
        (
            "block_properties",
            format!("SELECT {PAGE}, {BLOCK}, key, value FROM block_properties t"),
        ),
        (
            "refs",
            format!("SELECT {PAGE}, {BLOCK}, kind, target, key, day FROM refs t"),
        ),
        (
            "tickets",
            format!("SELECT {PAGE}, {BLOCK}, ticket FROM tickets t"),
        ),
        (
            "page_entities",
            format!("SELECT {PAGE}, kind, name, key FROM page_entities t"),
        ),
        (
            "tasks",
            format!(
                "SELECT closed, rank, undated, due, page_order, line, path, ord, handle, marker,
             priority, page, project, person, {BLOCK}, {PAGE}, own_project, own_person, refs,
             hex(shown) FROM tasks t"
            ),
        ),
        (
            "directory",
            "SELECT kind, key, name FROM directory t".into(),
        ),
        (
            "directory_aliases",
            "SELECT name, alias FROM directory_aliases t".into(),
        ),
        (
            "person_entries",
            format!("SELECT person, source, day, {PAGE}, {BLOCK} FROM person_entries t"),
        ),
        (
            "person_items",
            format!("SELECT person, {PAGE}, {BLOCK} FROM person_items t"),
        ),
        (
            "person_stats",
            "SELECT person, entries, last_day, open_items FROM person_stats t".into(),
        ),
    ];
    let connection = index.store().connection();
    queries
        .into_iter()
        .map(|(table, sql)| {
            let mut statement = connection.prepare(&sql).unwrap();
            let columns = statement.column_count();
            let mut rows: Vec<String> = statement
                .query_map([], |row| {
                    let values: Vec<String> = (0..columns)
                        .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                        .collect();
                    Ok(values.join(" | "))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            rows.sort();
            (table, rows)
        })
        .collect()
}

/// What searching finds, without scores: page, block, line and text of every hit.
fn found(index: &Index, query: &str) -> Vec<String> {
    let mut hits: Vec<String> = index
        .search(query, 10_000)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| format!("{} #{:?} :{} {}", h.path, h.block, h.line, h.text))
        .collect();
    hits.sort();
    hits
}

/// Block ids of the page at `path`, in order.
fn block_ids(index: &Index, path: &str) -> Vec<i64> {
    index
        .store()
        .connection()
        .prepare("SELECT b.id FROM blocks b JOIN pages p ON p.id = b.page_id WHERE p.path = ?1 ORDER BY b.ord")
        .unwrap()
        .query_map([path], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

const PAGE: &str = "pages/Atlas.md";

fn atlas() -> FixtureVault {
    let mut text = String::from("type:: project\n\n");
    for i in 0..12 {
        text.push_str(&format!("- Step {i} of the migration COS-{i}\n\t- TODO [#B] check step {i} with [[Priya Raman]]\n"));
    }
    FixtureVault::new(&format!(
        "//- {PAGE}\n{text}//- pages/Priya Raman.md\ntype:: person\n\n- notes\n"
    ))
}

/// The Atlas page imported, then edited on disk (`from` replaced by `to`) and synced alone:
/// the index (with its vault and cache folder), and the page's block ids before the edit.
fn atlas_edited(from: &str, to: &str) -> (Index, Vec<i64>, FixtureVault, tempfile::TempDir) {
    let vault = atlas();
    let cache = tempfile::tempdir().unwrap();
    let mut index = open(vault.path(), cache.path());
    let before = block_ids(&index, PAGE);
    let text = vault.read(PAGE).replace(from, to);
    vault.write(PAGE, &text);
    index.sync_paths(&[PAGE.to_string()]).unwrap();
    (index, before, vault, cache)
}

#[test]
fn editing_one_block_keeps_every_block_id_and_finds_the_new_words_only() {
    let (index, before, _vault, _cache) =
        atlas_edited("Step 5 of the migration", "Step 5 of the rollout");
    assert_eq!(
        block_ids(&index, PAGE),
        before,
        "the page was rewritten whole"
    );
    assert_eq!(found(&index, "rollout").len(), 1);
    assert!(found(&index, "\"step 5 of the migration\"").is_empty());
    assert_eq!(found(&index, "migration").len(), 11);
}

#[test]
fn a_changed_page_property_rewrites_the_page_whole() {
    let (index, before, _vault, _cache) =
        atlas_edited("type:: project", "type:: project\nalias:: Atlas v2");
    let after = block_ids(&index, PAGE);
    assert_eq!(after.len(), before.len());
    assert!(after.iter().all(|id| !before.contains(id)));
}

/// One random edit of a line of `text`: a word changed, a task or a reference added, a
/// line removed or a new bullet inserted, the kinds of change a day of notes makes.
fn edit(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        lines.push("- first".to_string());
    }
    let at = rng.below(lines.len());
    let indent: String = lines[at]
        .chars()
        .take_while(|c| *c == '\t' || *c == ' ')
        .collect();
    match rng.below(7) {
        0 => lines[at].push_str(" edited"),
        1 => lines[at].push_str(" #infra COS-42"),
        2 => lines.insert(
            at + 1,
            format!(
                "{indent}- TODO [#A] follow up with [[Priya Raman]] DEADLINE: <2026-03-02 Mon>"
            ),
        ),
        3 => {
            lines.remove(at);
        }
        4 => lines.insert(
            at + 1,
            format!("{indent}\t- DONE shipped it COS-9\n{indent}\t  completed:: 2026-02-01"),
        ),
        5 => lines[at] = lines[at].replace("TODO", "DONE"),
        _ => lines.insert(
            at,
            format!("{indent}- [[2026-01-0{}]] 1-on-1 notes", 1 + rng.below(9)),
        ),
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

fn note_files(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for folder in ["pages", "journals"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".md") {
                files.push(format!("{folder}/{name}"));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn after_random_edits_synced_one_file_at_a_time_the_cache_equals_a_fresh_one() {
    let vault = FixtureVault::copy_of(&demo_vault());
    let cache = tempfile::tempdir().unwrap();
    let mut index = open(vault.path(), cache.path());
    let files = note_files(vault.path());
    let mut rng = Rng(0x5eed_b10c);
    let queries = [
        "migration",
        "COS-42",
        "follow",
        "edited",
        "shipped",
        "is:task",
        "1-on-1",
    ];
    for round in 0..30 {
        let path = &files[rng.below(files.len())];
        let text = vault.read(path);
        vault.write(path, &edit(&text, &mut rng));
        index.sync_paths(std::slice::from_ref(path)).unwrap();
        if round % 5 != 4 {
            continue;
        }
        let fresh_cache = tempfile::tempdir().unwrap();
        let fresh = open(vault.path(), fresh_cache.path());
        let (synced, expected) = (cache_rows(&index), cache_rows(&fresh));
        for (table, rows) in &expected {
            assert_eq!(
                &synced[table], rows,
                "table {table} after round {round} ({path})"
            );
        }
        for query in queries {
            assert_eq!(
                found(&index, query),
                found(&fresh, query),
                "{query} after round {round}"
            );
        }
    }
}
