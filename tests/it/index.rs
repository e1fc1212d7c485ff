//! The index: the SQLite cache and the tantivy search index, on disk, kept in step with
//! the vault's files. Search, backlinks, incremental syncs, the faults a cache meets in
//! the wild, two writers at once, and the watcher.
//!
//! Every test keeps its cache in a temporary folder (`--cache-dir`), never the user's.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant, SystemTime};

use cairn::index::{Index, IndexError, SyncReport, VaultWatcher, WatchEvent};
use cairn::search::{SearchHit, SearchResults};
use cairn::vault::Vault;

use crate::support::{cairn_in, stdout, FixtureVault};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// A cache folder in a temporary directory.
struct Cache {
    dir: tempfile::TempDir,
}

impl Cache {
    fn new() -> Cache {
        Cache {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("cache")
    }

    fn database(&self) -> PathBuf {
        self.path().join("cache.sqlite")
    }

    fn search_dir(&self) -> PathBuf {
        self.path().join("search")
    }

    fn arg(&self) -> String {
        self.path().to_string_lossy().into_owned()
    }
}

fn open_at(root: &Path, cache: &Cache) -> Index {
    Index::open(Vault::open(root).expect("vault opens"), Some(cache.path())).expect("index opens")
}

fn open(vault: &FixtureVault, cache: &Cache) -> Index {
    open_at(vault.path(), cache)
}

fn sync(index: &mut Index) -> SyncReport {
    index.sync(&mut |_| {}).expect("sync")
}

/// Opens and syncs.
fn synced(vault: &FixtureVault, cache: &Cache) -> Index {
    let mut index = open(vault, cache);
    sync(&mut index);
    index
}

fn search(index: &Index, query: &str) -> SearchResults {
    index
        .search(query, 50)
        .unwrap_or_else(|e| panic!("search {query:?}: {e}"))
}

fn hits(index: &Index, query: &str) -> Vec<SearchHit> {
    search(index, query).hits
}

/// The text of each block hit (page-title hits left out).
fn block_texts(index: &Index, query: &str) -> Vec<String> {
    hits(index, query)
        .into_iter()
        .filter(|h| h.kind == "block")
        .map(|h| h.text)
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// Moves every file's modification time an hour back, so that a sync trusts size and time
/// stamp (a file modified within the last moments is re-read, since a second edit in the
/// same clock tick would not show).
fn age_files(root: &Path) {
    let old = SystemTime::now() - Duration::from_secs(3600);
    for path in all_files(root) {
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(old).unwrap();
    }
}

fn all_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    out
}

/// A hash of every file in a folder, by relative path: the proof that it was not touched.
fn tree_hash(root: &Path) -> BTreeMap<String, u128> {
    all_files(root)
        .into_iter()
        .map(|path| {
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let bytes = std::fs::read(&path).unwrap();
            (relative, xxhash_rust::xxh3::xxh3_128(&bytes))
        })
        .collect()
}

/// The pages the SQLite cache holds.
fn cached_paths(index: &Index) -> BTreeSet<String> {
    let conn = index.store().connection();
    let mut statement = conn.prepare("SELECT path FROM pages").unwrap();
    let rows = statement
        .query_map([], |row| row.get::<_, String>(0))
        .unwrap();
    rows.map(Result::unwrap).collect()
}

fn integrity_ok(index: &Index) {
    let result: String = index
        .store()
        .connection()
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(result, "ok");
}

/// Waits (at most `limit`) for watch events, applying each, until `done` holds.
fn apply_events_until(
    index: &mut Index,
    events: &std::sync::mpsc::Receiver<WatchEvent>,
    limit: Duration,
    mut done: impl FnMut(&Index) -> bool,
) -> Vec<SyncReport> {
    let deadline = Instant::now() + limit;
    let mut reports = Vec::new();
    while !done(index) {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "the watcher did not deliver in {limit:?}");
        match events.recv_timeout(left) {
            Ok(WatchEvent::Paths(paths)) => reports.push(index.sync_paths(&paths).unwrap()),
            Ok(WatchEvent::Rescan) => reports.push(sync(index)),
            Err(_) => panic!("the watcher did not deliver in {limit:?}"),
        }
    }
    reports
}

// ---------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------

const SEARCH_VAULT: &str = "\
//- pages/Kafka Migration.md
- Plan the kafka cutover with the platform team
- TODO [#A] deploy the new brokers COS-113 #oncall
  SCHEDULED: <2024-03-04 Mon>
- DONE deploy the canary for COS-1131
//- pages/Deploy Checklist.md
- steps before every release
//- pages/Notes.md
- random thoughts about deploy pipelines and kafka
- shard rebalancing happened during the freeze
- rebalancing the shard waited until after the freeze
- Café au lait with Zoë
- LATER [#B] write the retro #oncall
- the upgrade window is narrow
//- journals/2024_01_15.md
- winter planning offsite
//- journals/2024_06_20.md
- summer planning offsite
";

#[test]
fn search_requires_every_word() {
    let (vault, cache) = (FixtureVault::new(SEARCH_VAULT), Cache::new());
    let index = synced(&vault, &cache);
    assert_eq!(
        block_texts(&index, "kafka cutover "),
        ["Plan the kafka cutover with the platform team"]
    );
    assert!(hits(&index, "kafka zebra ").is_empty());
}

#[test]
fn search_ranks_a_page_whose_title_matches_first() {
    let (vault, cache) = (FixtureVault::new(SEARCH_VAULT), Cache::new());
    let index = synced(&vault, &cache);
    let found = hits(&index, "deploy ");
    assert!(found.len() >= 3, "{found:?}");
    assert_eq!(found[0].page, "Deploy Checklist", "{found:#?}");
    assert!(found.windows(2).all(|w| w[0].score >= w[1].score));
}

/// A tool's page and many namespaced children, whose titles and text say its name again
/// and again, so that they outscore the page itself on words alone.
fn namespace_vault() -> String {
    let mut spec = String::from("//- pages/mise.md\n- a polyglot tool manager\n");
    for child in [
        "Config", "Tasks", "Tools", "Hooks", "Env", "Plugins", "Shims", "Lockfile",
    ] {
        spec.push_str(&format!(
            "//- pages/mise___{child}___mise.toml___mise.lock.md\n"
        ));
        for n in 0..4 {
            spec.push_str(&format!("- mise {child} {n}: mise reads mise.toml; mise\n"));
        }
    }
    spec.push_str("//- pages/Tool manager.md\nalias:: toolbox\n\n- mise is one\n");
    spec
}

#[test]
fn search_ranks_an_exact_title_first_above_its_namespaced_children() {
    let (vault, cache) = (FixtureVault::new(&namespace_vault()), Cache::new());
    let index = synced(&vault, &cache);
    for query in ["mise", "mise ", "Mise "] {
        let found = hits(&index, query);
        assert_eq!(
            (found[0].kind.as_str(), found[0].page.as_str()),
            ("page", "mise"),
            "{found:#?}"
        );
        assert!(found.windows(2).all(|w| w[0].score >= w[1].score));
        let pages = found
            .iter()
            .filter(|h| h.kind == "page" && h.page == "mise");
        assert_eq!(pages.count(), 1);
    }
    let by_alias = hits(&index, "toolbox");
    assert_eq!(by_alias[0].page, "Tool manager", "{by_alias:#?}");
}

#[test]
fn search_phrases_match_words_in_order() {
    let (vault, cache) = (FixtureVault::new(SEARCH_VAULT), Cache::new());
    let index = synced(&vault, &cache);
    assert_eq!(
        block_texts(&index, "\"shard rebalancing\""),
        ["shard rebalancing happened during the freeze"]
    );
    assert_eq!(sorted(block_texts(&index, "shard rebalancing ")).len(), 2);
}

#[test]
fn search_treats_the_word_being_typed_as_a_prefix() {
    let (vault, cache) = (FixtureVault::new(SEARCH_VAULT), Cache::new());
    let index = synced(&vault, &cache);
    assert_eq!(
        block_texts(&index, "rebal").len(),
        2,
        "still typing: a prefix"
    );
    assert_eq!(block_texts(&index, "shard rebal").len(), 2);
    assert!(
        block_texts(&index, "rebal ").is_empty(),
        "a finished word is a whole word"
    );
}

#[test]
fn search_tolerates_typos_when_exact_finds_little() {
    let (vault, cache) = (FixtureVault::new(SEARCH_VAULT), Cache::new());
    let index = synced(&vault, &cache);
    let exact = search(&index, "upgrade ");
    assert!(!exact.fuzzy);
    let typo = search(&index, "upgarde ");
    assert!(typo.fuzzy, "typo tolerance was used");
    let hit = &typo.hits[0];
    assert_eq!(hit.text, "the upgrade window is narrow");
    let marked: Vec<&str> = hit
        .highlights
        .iter()
        .map(|(a, b)| &hit.snippet[*a..*b])
        .collect();
    assert_eq!(marked, ["upgrade"]);
}

#[test]
fn search_filters_by_page_tag_ticket_task_marker_priority_and_date() {
    let (vault, cache) = (FixtureVault::new(SEARCH_VAULT), Cache::new());
    let index = synced(&vault, &cache);
    let pages =
        |q: &str| -> BTreeSet<String> { hits(&index, q).into_iter().map(|h| h.page).collect() };
    assert_eq!(
        pages("deploy page:\"kafka migration\""),
        BTreeSet::from(["Kafka Migration".to_string()])
    );
    assert_eq!(
        sorted(block_texts(&index, "tag:oncall")),
        [
            "LATER [#B] write the retro #oncall",
            "TODO [#A] deploy the new brokers COS-113 #oncall\nSCHEDULED: <2024-03-04 Mon>",
        ]
    );
    assert_eq!(block_texts(&index, "#oncall retro").len(), 1);
    assert_eq!(block_texts(&index, "is:task").len(), 3);
    assert_eq!(block_texts(&index, "is:open").len(), 2);
    assert_eq!(
        block_texts(&index, "is:closed"),
        ["DONE deploy the canary for COS-1131"]
    );
    assert_eq!(
        block_texts(&index, "marker:later"),
        ["LATER [#B] write the retro #oncall"]
    );
    assert_eq!(block_texts(&index, "priority:A").len(), 1);
    assert_eq!(block_texts(&index, "is:open priority:B").len(), 1);
    assert_eq!(
        block_texts(&index, "planning before:2024-03-01"),
        ["winter planning offsite"]
    );
    assert_eq!(
        block_texts(&index, "planning after:2024-03-01"),
        ["summer planning offsite"]
    );
    assert_eq!(
        block_texts(&index, "is:task after:2024-03-01 before:2024-03-31").len(),
        1,
        "a SCHEDULED date counts"
    );
}

#[test]
fn ticket_ids_are_exact_terms_cos_113_never_finds_cos_1131() {
    let (vault, cache) = (FixtureVault::new(SEARCH_VAULT), Cache::new());
    let index = synced(&vault, &cache);
    let cites_113 =
        ["TODO [#A] deploy the new brokers COS-113 #oncall\nSCHEDULED: <2024-03-04 Mon>"];
    assert_eq!(block_texts(&index, "COS-113"), cites_113);
    assert_eq!(block_texts(&index, "cos-113 "), cites_113);
    assert_eq!(block_texts(&index, "ticket:COS-113"), cites_113);
    assert_eq!(
        block_texts(&index, "COS-1131"),
        ["DONE deploy the canary for COS-1131"]
    );
    assert!(
        block_texts(&index, "COS-11").is_empty(),
        "no prefix match on tickets"
    );
}

#[test]
fn search_ignores_case_and_accents() {
    let (vault, cache) = (FixtureVault::new(SEARCH_VAULT), Cache::new());
    let index = synced(&vault, &cache);
    for query in ["cafe ", "Café ", "CAFÉ ", "zoe ", "ZOË "] {
        assert_eq!(
            block_texts(&index, query),
            ["Café au lait with Zoë"],
            "{query}"
        );
    }
    let hit = &hits(&index, "cafe zoe ")[0];
    let marked: Vec<&str> = hit
        .highlights
        .iter()
        .map(|(a, b)| &hit.snippet[*a..*b])
        .collect();
    assert_eq!(marked, ["Café", "Zoë"]);
}

#[test]
fn snippet_highlights_point_at_the_matched_words() {
    let long = format!(
        "//- pages/Long.md\n- {} the kafka brokers restarted {}\n",
        "lorem ipsum ".repeat(20),
        "dolor sit amet ".repeat(20)
    );
    let (vault, cache) = (
        FixtureVault::new(&format!("{SEARCH_VAULT}{long}")),
        Cache::new(),
    );
    let index = synced(&vault, &cache);
    for query in ["kafka brokers ", "\"kafka brokers\"", "kafka brok"] {
        let found = hits(&index, query);
        assert!(!found.is_empty(), "{query}");
        for hit in found.iter().filter(|h| h.kind == "block") {
            assert!(!hit.highlights.is_empty(), "{query}: {hit:?}");
            for (start, end) in &hit.highlights {
                let word = hit.snippet[*start..*end].to_lowercase();
                assert!(
                    word == "kafka" || word.starts_with("brok"),
                    "{query}: {word:?} in {hit:?}"
                );
            }
        }
    }
    let long_hit = hits(&index, "restarted ").into_iter().next().unwrap();
    assert!(long_hit.snippet.starts_with('…') && long_hit.snippet.len() < long_hit.text.len());
}

#[test]
fn cli_search_json_prints_hits_with_page_text_snippet_and_score() {
    let (vault, cache) = (FixtureVault::new(SEARCH_VAULT), Cache::new());
    let output = vault.cairn(&[
        "--cache-dir",
        &cache.arg(),
        "search",
        "kafka",
        "--json",
        "--limit",
        "5",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let array = json.as_array().expect("an array of hits");
    assert!(!array.is_empty() && array.len() <= 5);
    for hit in array {
        assert!(hit["page"].is_string(), "{hit}");
        assert!(hit["text"].is_string(), "{hit}");
        assert!(hit["snippet"].is_string(), "{hit}");
        assert!(hit["score"].is_number(), "{hit}");
    }
    assert!(array.iter().any(|h| h["page"] == "Kafka Migration"));
    assert!(
        !tree_hash(vault.path()).keys().any(|p| p.contains("sqlite")),
        "the cache stays out of the vault"
    );
}

// ---------------------------------------------------------------------------------------
// Backlinks
// ---------------------------------------------------------------------------------------

const BACKLINK_VAULT: &str = "\
//- pages/Priya.md
alias:: PK
- Staff engineer on storage
//- pages/Standup.md
- talked with [[Priya]] about kafka
- #Priya owns the rollout
- [[PK]] approved the plan
  - then priya went on leave
//- pages/Team.md
tags:: Priya, oncall
- roster for the quarter
//- pages/Guild.md
tags:: [[Priya]], #oncall
- the storage guild
- [[Priya]] and #Priya in one block
//- journals/2024_03_01.md
- lunch with [[priya]] and [[Marco]]
- Priya mentioned the budget
";

#[test]
fn backlinks_gather_refs_tags_aliases_and_page_tags_grouped_by_page() {
    let (vault, cache) = (FixtureVault::new(BACKLINK_VAULT), Cache::new());
    let index = synced(&vault, &cache);
    let links = index.backlinks("priya").unwrap();
    assert!(links.exists);
    assert_eq!(links.page, "Priya");
    assert_eq!(links.aliases, ["PK"]);
    let groups: Vec<(&str, Vec<&str>)> = links
        .linked
        .iter()
        .map(|g| {
            (
                g.path.as_str(),
                g.blocks.iter().map(|b| b.via.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            ("journals/2024_03_01.md", vec!["page"]),
            // Regression: `tags:: [[Priya]]` was listed twice, as a page tag and as a
            // reference from the properties; a block that refers twice is listed once.
            ("pages/Guild.md", vec!["page-tag", "page"]),
            ("pages/Standup.md", vec!["page", "tag", "page"]),
            ("pages/Team.md", vec!["page-tag"]),
        ]
    );
    let standup = &links.linked[2].blocks;
    assert_eq!(
        standup[2].content, "[[PK]] approved the plan",
        "a ref to an alias counts"
    );
    assert_eq!(
        index.backlinks("PK").unwrap().linked.len(),
        4,
        "the alias answers for the page"
    );
}

#[test]
fn backlinks_list_unlinked_mentions_apart_from_links() {
    let (vault, cache) = (FixtureVault::new(BACKLINK_VAULT), Cache::new());
    let index = synced(&vault, &cache);
    let links = index.backlinks("Priya").unwrap();
    let unlinked: Vec<(&str, &str)> = links
        .unlinked
        .iter()
        .flat_map(|g| {
            g.blocks
                .iter()
                .map(move |b| (g.path.as_str(), b.content.as_str()))
        })
        .collect();
    assert_eq!(
        unlinked,
        [
            ("journals/2024_03_01.md", "Priya mentioned the budget"),
            ("pages/Standup.md", "then priya went on leave"),
        ]
    );
    assert!(links
        .unlinked
        .iter()
        .all(|g| g.blocks.iter().all(|b| b.via == "mention")));
}

#[test]
fn cli_backlinks_json_groups_by_page() {
    let (vault, cache) = (FixtureVault::new(BACKLINK_VAULT), Cache::new());
    let output = vault.cairn(&["--cache-dir", &cache.arg(), "backlinks", "PK", "--json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["page"], "Priya");
    assert_eq!(json["linked"].as_array().unwrap().len(), 4);
    assert_eq!(json["unlinked"].as_array().unwrap().len(), 2);
}

// ---------------------------------------------------------------------------------------
// Incremental syncs
// ---------------------------------------------------------------------------------------

const SMALL_VAULT: &str = "\
//- pages/alpha.md
- alpha talks about [[beta]]
//- pages/beta.md
alias:: second letter
- beta is the second
//- pages/gamma.md
- gamma cites [[second letter]] and [[beta]]
//- journals/2024_02_02.md
- a journal entry about delta
";

/// A vault, its cache, and an index synced from it, with file times settled.
fn settled() -> (FixtureVault, Cache, Index) {
    let (vault, cache) = (FixtureVault::new(SMALL_VAULT), Cache::new());
    age_files(vault.path());
    let index = synced(&vault, &cache);
    (vault, cache, index)
}

#[test]
fn reopening_an_unchanged_vault_reads_no_file() {
    let (vault, cache, index) = settled();
    drop(index);
    let mut index = open(&vault, &cache);
    assert!(index.rebuilt().is_none());
    let report = sync(&mut index);
    assert_eq!(report.files, 4);
    assert_eq!(report.unchanged, 4);
    assert_eq!(
        (report.added, report.changed, report.removed, report.touched),
        (0, 0, 0, 0)
    );
    assert!(report.is_noop());
}

#[test]
fn editing_one_file_reindexes_only_that_file() {
    let (vault, _cache, mut index) = settled();
    vault.write("pages/alpha.md", "- alpha now mentions epsilon\n");
    let report = sync(&mut index);
    assert_eq!((report.changed, report.added, report.removed), (1, 0, 0));
    assert_eq!(report.unchanged, 3);
    assert_eq!(
        block_texts(&index, "epsilon "),
        ["alpha now mentions epsilon"]
    );
    assert!(
        block_texts(&index, "talks ").is_empty(),
        "the old text is gone"
    );
    assert_eq!(
        index.backlinks("beta").unwrap().linked.len(),
        1,
        "alpha no longer links beta"
    );
}

#[test]
fn touching_a_file_without_changing_it_reparses_nothing() {
    let (vault, _cache, mut index) = settled();
    let text = vault.read("pages/alpha.md");
    vault.write("pages/alpha.md", &text);
    let report = sync(&mut index);
    assert_eq!(
        (report.changed, report.added, report.removed, report.touched),
        (0, 0, 0, 1)
    );
}

#[test]
fn a_new_file_is_added() {
    let (vault, _cache, mut index) = settled();
    vault.write("pages/zucchini.md", "- zucchini links [[alpha]]\n");
    let report = sync(&mut index);
    assert_eq!(
        (report.added, report.changed, report.removed, report.files),
        (1, 0, 0, 5)
    );
    assert_eq!(
        block_texts(&index, "zucchini "),
        ["zucchini links [[alpha]]"]
    );
    assert_eq!(index.backlinks("alpha").unwrap().linked[0].page, "zucchini");
}

#[test]
fn a_deleted_file_is_removed_with_its_links() {
    let (vault, _cache, mut index) = settled();
    std::fs::remove_file(vault.path().join("pages/gamma.md")).unwrap();
    let report = sync(&mut index);
    assert_eq!((report.removed, report.files), (1, 3));
    assert!(block_texts(&index, "gamma ").is_empty());
    assert!(hits(&index, "page:gamma").is_empty());
    let beta = index.backlinks("beta").unwrap();
    assert_eq!(beta.linked.len(), 1, "{beta:?}");
    assert!(!cached_paths(&index).contains("pages/gamma.md"));
}

#[test]
fn a_renamed_file_changes_page_identity_and_backlinks() {
    let (vault, _cache, mut index) = settled();
    std::fs::rename(
        vault.path().join("pages/beta.md"),
        vault.path().join("pages/bravo.md"),
    )
    .unwrap();
    let report = sync(&mut index);
    assert_eq!((report.added, report.removed, report.files), (1, 1, 4));
    let old = index.backlinks("beta").unwrap();
    assert!(
        !old.exists,
        "refs to the old name no longer resolve to a page"
    );
    assert_eq!(old.linked.len(), 2, "the refs themselves remain");
    let new = index.backlinks("bravo").unwrap();
    assert!(new.exists);
    assert_eq!(new.aliases, ["second letter"]);
    let linked: Vec<&str> = new
        .linked
        .iter()
        .flat_map(|g| g.blocks.iter().map(|b| b.content.as_str()))
        .collect();
    assert_eq!(
        linked,
        ["gamma cites [[second letter]] and [[beta]]"],
        "only through the alias"
    );
    vault.write("pages/alpha.md", "- alpha talks about [[bravo]]\n");
    sync(&mut index);
    assert_eq!(
        index.backlinks("bravo").unwrap().linked.len(),
        2,
        "refs to the new name do"
    );
    assert_eq!(
        block_texts(&index, "page:bravo second"),
        ["beta is the second"]
    );
    assert!(hits(&index, "page:beta").is_empty());
}

#[test]
fn aliases_follow_a_rename_and_vanish_with_a_delete() {
    let (vault, _cache, mut index) = settled();
    assert_eq!(index.backlinks("second letter").unwrap().page, "beta");
    std::fs::rename(
        vault.path().join("pages/beta.md"),
        vault.path().join("pages/bravo.md"),
    )
    .unwrap();
    index
        .sync_paths(&["pages/beta.md".into(), "pages/bravo.md".into()])
        .unwrap();
    assert_eq!(index.backlinks("second letter").unwrap().page, "bravo");
    std::fs::remove_file(vault.path().join("pages/bravo.md")).unwrap();
    let report = index.sync_paths(&["pages/bravo.md".into()]).unwrap();
    assert_eq!((report.removed, report.files), (1, 3));
    let gone = index.backlinks("second letter").unwrap();
    assert!(!gone.exists);
    assert_eq!(gone.page, "second letter");
}

// ---------------------------------------------------------------------------------------
// Faults: each leaves the vault untouched and ends with a working cache
// ---------------------------------------------------------------------------------------

/// Imports `SMALL_VAULT`, breaks the cache with `damage`, then checks that the next open
/// rebuilds, finds everything, and left the vault as it was.
fn rebuilds_after(damage: impl FnOnce(&Cache)) -> String {
    let (vault, cache) = (FixtureVault::new(SMALL_VAULT), Cache::new());
    drop(synced(&vault, &cache));
    let before = tree_hash(vault.path());
    damage(&cache);
    let mut index = open(&vault, &cache);
    let reason = index.rebuilt().expect("the cache was rebuilt").to_string();
    let report = sync(&mut index);
    assert_eq!((report.added, report.files), (4, 4), "everything re-read");
    assert_eq!(report.rebuilt.as_deref(), Some(reason.as_str()));
    assert_eq!(
        block_texts(&index, "delta "),
        ["a journal entry about delta"]
    );
    assert_eq!(index.backlinks("beta").unwrap().linked.len(), 2);
    integrity_ok(&index);
    drop(index);
    let mut again = open(&vault, &cache);
    assert!(again.rebuilt().is_none(), "the rebuilt cache is trusted");
    assert!(sync(&mut again).added == 0);
    assert_eq!(tree_hash(vault.path()), before, "the vault was not touched");
    reason
}

#[test]
fn a_truncated_cache_file_is_rebuilt() {
    for length in [0u64, 100, 4096 + 17] {
        rebuilds_after(|cache| {
            let file = std::fs::File::options()
                .write(true)
                .open(cache.database())
                .unwrap();
            let length = length.min(file.metadata().unwrap().len() - 1);
            file.set_len(length).unwrap();
        });
    }
}

#[test]
fn a_cache_file_of_garbage_is_rebuilt() {
    let reason = rebuilds_after(|cache| {
        let len = std::fs::metadata(cache.database()).unwrap().len() as usize;
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let garbage: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        std::fs::write(cache.database(), garbage).unwrap();
    });
    assert!(reason.contains("unreadable"), "{reason}");
}

#[test]
fn a_cache_garbled_after_its_header_is_rebuilt() {
    rebuilds_after(|cache| {
        let mut bytes = std::fs::read(cache.database()).unwrap();
        for byte in bytes.iter_mut().skip(100) {
            *byte = byte.wrapping_mul(31).wrapping_add(7);
        }
        std::fs::write(cache.database(), bytes).unwrap();
    });
}

/// Why a cache whose database says it has schema `version` was rebuilt.
fn rebuild_reason_at_schema(version: u32) -> String {
    rebuilds_after(|cache| {
        let conn = rusqlite::Connection::open(cache.database()).unwrap();
        conn.pragma_update(None, "user_version", version).unwrap();
    })
}

#[test]
fn a_cache_from_a_future_schema_is_rebuilt() {
    let reason = rebuild_reason_at_schema(999);
    assert!(reason.contains("schema 999"), "{reason}");
}

#[test]
fn a_damaged_task_listing_is_an_error_not_a_wrong_agenda() {
    let vault = FixtureVault::new("//- pages/work.md\n- TODO write the runbook\n");
    let cache = Cache::new();
    let index = synced(&vault, &cache);
    let today = chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap();
    let agenda = || cairn::agenda::agenda(index.store().connection(), &Default::default(), today);
    assert!(!agenda().unwrap().is_empty());
    let conn = rusqlite::Connection::open(cache.database()).unwrap();
    // A handle's length (255) that runs past the end of the packed value.
    conn.execute("UPDATE tasks SET shown = x'0000FF01'", [])
        .unwrap();
    let error = agenda().unwrap_err().to_string();
    assert!(error.contains("damaged"), "{error}");
}

#[test]
fn a_cache_from_a_schema_too_old_to_migrate_is_rebuilt() {
    // Schema 3 has no packed task listings, which only indexing the files can write.
    let reason = rebuild_reason_at_schema(3);
    assert!(reason.contains("schema 3"), "{reason}");
}

#[test]
fn a_cache_of_another_vault_is_rebuilt_and_neither_vault_is_touched() {
    let first = FixtureVault::new("//- pages/first.md\n- only in the first vault\n");
    let second = FixtureVault::new("//- pages/second.md\n- only in the second vault\n");
    let cache = Cache::new();
    let (first_before, second_before) = (tree_hash(first.path()), tree_hash(second.path()));
    let import = first.cairn(&["--cache-dir", &cache.arg(), "import"]);
    assert!(import.status.success());
    let output = second.cairn(&["--cache-dir", &cache.arg(), "search", "only", "--json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let pages: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["page"].as_str().unwrap())
        .collect();
    assert_eq!(pages, ["second"], "nothing of the first vault is left");
    let import = second.cairn(&["--cache-dir", &cache.arg(), "import"]);
    assert!(stdout(&import).contains("0 added"), "{}", stdout(&import));
    let index = open(&first, &cache);
    assert!(index.rebuilt().unwrap().to_string().contains("belonged to"));
    assert_eq!(tree_hash(first.path()), first_before);
    assert_eq!(tree_hash(second.path()), second_before);
}

#[test]
fn a_vault_moved_to_another_path_is_reindexed_there() {
    let source = FixtureVault::new(SMALL_VAULT);
    let place = tempfile::tempdir().unwrap();
    let (old_root, new_root) = (place.path().join("notes"), place.path().join("moved-notes"));
    for file in all_files(source.path()) {
        let target = old_root.join(file.strip_prefix(source.path()).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, &target).unwrap();
    }
    let cache = Cache::new();
    sync(&mut open_at(&old_root, &cache));
    std::fs::rename(&old_root, &new_root).unwrap();
    let before = tree_hash(&new_root);
    let mut index = open_at(&new_root, &cache);
    assert!(index.rebuilt().is_some(), "the cache named the old path");
    let report = sync(&mut index);
    assert_eq!(report.added, 4);
    assert_eq!(
        block_texts(&index, "delta "),
        ["a journal entry about delta"]
    );
    assert_eq!(tree_hash(&new_root), before);
}

#[test]
fn a_file_deleted_while_importing_is_skipped_and_the_next_sync_agrees_with_the_disk() {
    let vault = FixtureVault::new("");
    for i in 0..400 {
        vault.write(
            &format!("pages/p{i:03}.md"),
            &format!("- TODO task{i} of the import\n"),
        );
    }
    let cache = Cache::new();
    let mut index = open(&vault, &cache);
    let start = Arc::new(Barrier::new(2));
    let deleter = {
        let (root, start) = (vault.path().to_path_buf(), start.clone());
        std::thread::spawn(move || {
            start.wait();
            for i in (0..400).step_by(3) {
                let _ = std::fs::remove_file(root.join(format!("pages/p{i:03}.md")));
            }
        })
    };
    start.wait();
    let report = index
        .sync(&mut |_| {})
        .expect("files vanishing mid-import are not an error");
    deleter.join().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    // Whatever the race decided, the next sync brings the cache to exactly what is on disk.
    sync(&mut index);
    let on_disk: BTreeSet<String> = (0..400)
        .filter(|i| i % 3 != 0)
        .map(|i| format!("pages/p{i:03}.md"))
        .collect();
    assert_eq!(cached_paths(&index), on_disk);
    let searched: BTreeSet<String> = index
        .search("is:task", 1000)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.path)
        .collect();
    assert_eq!(searched, on_disk);
}

#[test]
fn a_file_that_vanishes_between_two_syncs_is_dropped() {
    let (vault, _cache, mut index) = settled();
    std::fs::remove_file(vault.path().join("pages/alpha.md")).unwrap();
    let report = index
        .sync_paths(&["pages/alpha.md".into(), "pages/never-existed.md".into()])
        .unwrap();
    assert_eq!((report.removed, report.added, report.files), (1, 0, 3));
    assert!(block_texts(&index, "alpha ").is_empty());
}

#[test]
fn a_file_replaced_by_a_directory_is_dropped_and_its_contents_indexed() {
    let (vault, _cache, mut index) = settled();
    let target = vault.path().join("pages/alpha.md");
    std::fs::remove_file(&target).unwrap();
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("inner.md"), "- inner page text\n").unwrap();
    let report = index.sync_paths(&["pages/alpha.md".into()]).unwrap();
    assert_eq!(
        (report.removed, report.files),
        (1, 3),
        "the path is no longer a file"
    );
    assert!(block_texts(&index, "talks ").is_empty());
    let report = sync(&mut index);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!((report.added, report.files), (1, 4));
    assert_eq!(block_texts(&index, "inner "), ["inner page text"]);
}

#[test]
fn a_file_denied_by_permissions_is_reported_and_the_rest_syncs() {
    use std::os::unix::fs::PermissionsExt;
    let (vault, _cache, mut index) = settled();
    let path = vault.path().join("pages/alpha.md");
    vault.write("pages/alpha.md", "- alpha rewritten while locked\n");
    vault.write("pages/beta.md", "- beta edited meanwhile\n");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let denied = std::fs::read(&path).is_err();
    let report = sync(&mut index);
    if denied {
        assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
        assert_eq!(report.problems[0].path, "pages/alpha.md");
        assert!(report.problems[0].to_string().contains("ermission denied"));
        assert!(
            block_texts(&index, "alpha ").is_empty(),
            "an unreadable file is not vouched for"
        );
    } else {
        eprintln!(
            "note: running with privileges that ignore chmod 000 (root?): the file stays readable, \
             so only the sync itself is checked here"
        );
        assert!(report.problems.is_empty());
        assert_eq!(
            block_texts(&index, "rewritten "),
            ["alpha rewritten while locked"]
        );
    }
    assert_eq!(block_texts(&index, "meanwhile "), ["beta edited meanwhile"]);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let report = sync(&mut index);
    assert!(report.problems.is_empty());
    assert_eq!(
        block_texts(&index, "rewritten "),
        ["alpha rewritten while locked"]
    );
}

#[test]
fn a_hundred_files_changed_in_one_debounce_window_are_all_applied() {
    let (vault, _cache, mut index) = settled();
    let (_watcher, events) =
        VaultWatcher::start(index.vault().root(), Duration::from_millis(50)).unwrap();
    for i in 0..100 {
        vault.write(
            &format!("pages/burst{i:03}.md"),
            &format!("- burst file {i}\n"),
        );
    }
    vault.write("pages/alpha.md", "- alpha rewritten in the burst\n");
    let count = |index: &Index| {
        index
            .search("burst ", 500)
            .unwrap()
            .hits
            .iter()
            .filter(|h| h.kind == "block")
            .count()
    };
    let reports = apply_events_until(&mut index, &events, Duration::from_secs(10), |index| {
        count(index) == 101
    });
    assert!(!reports.is_empty());
    assert_eq!(count(&index), 101);
    assert_eq!(cached_paths(&index).len(), 104);
}

#[test]
fn odd_queries_give_an_error_or_nothing_never_a_panic() {
    let (vault, cache) = (FixtureVault::new(SEARCH_VAULT), Cache::new());
    let index = synced(&vault, &cache);
    let odd = [
        "\"unbalanced quote",
        "\"",
        "\"\"\"",
        "?!...",
        "---",
        "-",
        "#",
        "((",
        "]]",
        "[[",
        ":",
        "page:",
        "tag:",
        "ticket:",
        "*",
        "\\",
        "~",
        "'",
        "&&||",
        "\"kafka",
        "kafka\"",
        "-kafka",
        "\u{0}",
        "é\u{301}",
        "before:2024-13-01",
        "priority:Z",
        "is:sleeping",
        "after:",
        "    ",
    ];
    for query in odd {
        match index.search(query, 20) {
            Ok(_) => {}
            Err(IndexError::Search(e)) => assert!(!e.to_string().is_empty()),
            Err(e) => panic!("{query:?}: unexpected error {e}"),
        }
    }
    assert!(
        hits(&index, "?!... ---").is_empty(),
        "punctuation alone finds nothing"
    );
    assert_eq!(
        block_texts(&index, "\"shard rebalancing").len(),
        1,
        "an open quote closes at the end"
    );
    let cli = vault.cairn(&["--cache-dir", &cache.arg(), "search", "priority:Z"]);
    assert!(!cli.status.success());
    let stderr = String::from_utf8_lossy(&cli.stderr);
    assert!(
        stderr.contains("not a priority") && !stderr.contains("panicked"),
        "{stderr}"
    );
    let cli = vault.cairn(&["--cache-dir", &cache.arg(), "search", "\"unbalanced"]);
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
}

#[test]
fn a_deleted_search_index_is_rebuilt() {
    let reason = rebuilds_after(|cache| std::fs::remove_dir_all(cache.search_dir()).unwrap());
    assert!(reason.contains("search index"), "{reason}");
}

#[test]
fn a_search_index_with_garbled_metadata_is_rebuilt() {
    rebuilds_after(|cache| {
        std::fs::write(cache.search_dir().join("meta.json"), "{ not json").unwrap()
    });
}

#[test]
fn a_search_index_with_missing_or_truncated_segments_is_rebuilt() {
    rebuilds_after(|cache| {
        for file in all_files(&cache.search_dir()) {
            if file.extension().is_some_and(|e| e == "idx") {
                std::fs::remove_file(file).unwrap();
            }
        }
    });
    rebuilds_after(|cache| {
        for file in all_files(&cache.search_dir()) {
            if file
                .extension()
                .is_some_and(|e| e == "term" || e == "store")
            {
                let f = std::fs::File::options().write(true).open(&file).unwrap();
                f.set_len(3).unwrap();
            }
        }
    });
}

// ---------------------------------------------------------------------------------------
// Two writers on one cache
// ---------------------------------------------------------------------------------------

/// How many block hits for `query` have exactly `text`: 1 unless a page was indexed twice.
fn copies(index: &Index, query: &str, text: &str) -> usize {
    block_texts(index, query)
        .iter()
        .filter(|t| *t == text)
        .count()
}

#[test]
fn two_indexes_on_one_cache_sync_at_once_without_corruption_and_both_see_everything() {
    let (vault, cache) = (
        FixtureVault::new("//- pages/start.md\n- the start\n"),
        Cache::new(),
    );
    drop(synced(&vault, &cache));
    let start = Arc::new(Barrier::new(2));
    let workers: Vec<_> = ["left", "right"]
        .into_iter()
        .map(|side| {
            let (root, cache_dir, start) =
                (vault.path().to_path_buf(), cache.path(), start.clone());
            std::thread::spawn(move || {
                let mut index = Index::open(Vault::open(&root).unwrap(), Some(cache_dir)).unwrap();
                assert!(index.rebuilt().is_none(), "{side}: {:?}", index.rebuilt());
                start.wait();
                for round in 0..5 {
                    let text = format!("- {side}{round} written by {side}\n");
                    std::fs::write(root.join(format!("pages/{side}{round}.md")), text).unwrap();
                    index.sync(&mut |_| {}).unwrap();
                }
                index
            })
        })
        .collect();
    let mut indexes: Vec<Index> = workers.into_iter().map(|w| w.join().unwrap()).collect();
    for index in &mut indexes {
        sync(index);
        integrity_ok(index);
        for side in ["left", "right"] {
            for round in 0..5 {
                let text = format!("{side}{round} written by {side}");
                assert_eq!(
                    copies(index, &format!("{side}{round} "), &text),
                    1,
                    "{text}"
                );
            }
        }
        assert_eq!(cached_paths(index).len(), 11);
    }
    drop(indexes);
    let mut fresh = open(&vault, &cache);
    assert!(
        fresh.rebuilt().is_none(),
        "the two left the caches in step: {:?}",
        fresh.rebuilt()
    );
    assert_eq!(block_texts(&fresh, "written ").len(), 10);
    assert!(sync(&mut fresh).added == 0);
}

#[test]
fn two_indexes_opening_a_new_cache_at_once_do_not_wipe_each_other() {
    for _ in 0..3 {
        let (vault, cache) = (FixtureVault::new(SMALL_VAULT), Cache::new());
        let start = Arc::new(Barrier::new(2));
        let openers: Vec<_> = (0..2)
            .map(|_| {
                let (root, cache_dir, start) =
                    (vault.path().to_path_buf(), cache.path(), start.clone());
                std::thread::spawn(move || {
                    start.wait();
                    let mut index =
                        Index::open(Vault::open(&root).unwrap(), Some(cache_dir)).unwrap();
                    let reason = index.rebuilt().map(|r| r.to_string());
                    index.sync(&mut |_| {}).unwrap();
                    (index, reason)
                })
            })
            .collect();
        for opener in openers {
            let (index, reason) = opener.join().unwrap();
            assert!(
                reason.is_none() || reason.as_deref() == Some("new cache"),
                "a cache being created by another index is not corrupt: {reason:?}"
            );
            assert_eq!(copies(&index, "delta ", "a journal entry about delta"), 1);
        }
    }
}

#[test]
fn opening_while_another_index_commits_never_throws_the_cache_away() {
    let (vault, cache) = (FixtureVault::new(SMALL_VAULT), Cache::new());
    drop(synced(&vault, &cache));
    let writer = {
        let (root, cache_dir) = (vault.path().to_path_buf(), cache.path());
        std::thread::spawn(move || {
            let mut index = Index::open(Vault::open(&root).unwrap(), Some(cache_dir)).unwrap();
            for round in 0..12 {
                let text: String = (0..40)
                    .map(|i| format!("- round{round} line{i}\n"))
                    .collect();
                std::fs::write(root.join(format!("pages/w{round}.md")), text).unwrap();
                index.sync(&mut |_| {}).unwrap();
            }
        })
    };
    let mut opened = 0;
    while !writer.is_finished() {
        let index = open(&vault, &cache);
        assert!(
            index.rebuilt().is_none(),
            "rebuilt under a running writer: {:?}",
            index.rebuilt()
        );
        opened += 1;
    }
    writer.join().unwrap();
    assert!(opened > 0);
    let mut index = open(&vault, &cache);
    assert!(index.rebuilt().is_none());
    assert_eq!(sync(&mut index).added, 0);
    assert_eq!(cached_paths(&index).len(), 16);
}

#[test]
fn an_index_sees_what_another_committed_even_when_its_own_sync_has_nothing_to_do() {
    let (vault, cache, mut first) = settled();
    let mut second = open(&vault, &cache);
    vault.write("pages/late.md", "- a late addition\n");
    age_files(vault.path());
    assert_eq!(sync(&mut second).added, 1);
    let report = sync(&mut first);
    assert!(
        report.is_noop(),
        "the second index already did the work: {report:?}"
    );
    assert_eq!(block_texts(&first, "addition "), ["a late addition"]);
}

#[test]
fn a_page_added_by_two_indexes_at_once_is_indexed_once() {
    let (vault, cache, first) = settled();
    let second = open(&vault, &cache);
    vault.write("pages/twice.md", "- claimed by both indexes\n");
    // Hold the database's write lock so that both read the cache's state, find the new page
    // missing, and then wait for the lock: the second to get it works from a stale view.
    let blocker = rusqlite::Connection::open(cache.database()).unwrap();
    blocker.execute_batch("BEGIN IMMEDIATE").unwrap();
    let syncs: Vec<_> = [first, second]
        .into_iter()
        .map(|mut index| {
            std::thread::spawn(move || {
                let report = index.sync(&mut |_| {}).unwrap();
                (index, report)
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    blocker.execute_batch("ROLLBACK").unwrap();
    for handle in syncs {
        let (mut index, report) = handle.join().unwrap();
        assert_eq!(report.added, 1, "each saw the page as new");
        sync(&mut index);
        assert_eq!(copies(&index, "claimed ", "claimed by both indexes"), 1);
    }
}

#[test]
fn the_cli_and_a_library_index_share_one_cache_and_see_each_others_writes() {
    let (vault, cache) = (FixtureVault::new(SMALL_VAULT), Cache::new());
    let mut index = synced(&vault, &cache);
    // The CLI imports a file the library has not seen yet …
    vault.write("pages/from-cli.md", "- written for the cli\n");
    age_files(vault.path());
    let import = vault.cairn(&["--cache-dir", &cache.arg(), "import"]);
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    assert!(stdout(&import).contains("1 added"), "{}", stdout(&import));
    // … and the library, finding nothing left to do, still sees it.
    let report = sync(&mut index);
    assert_eq!(report.added, 0, "the CLI already indexed it");
    assert_eq!(block_texts(&index, "cli "), ["written for the cli"]);
    // The library writes; the CLI sees that.
    vault.write("pages/from-lib.md", "- written by the library\n");
    sync(&mut index);
    let output = vault.cairn(&["--cache-dir", &cache.arg(), "search", "library", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1, "{json}");
    // Both at once: a CLI import running while the library syncs.
    for i in 0..5 {
        vault.write(
            &format!("pages/both{i}.md"),
            &format!("- both{i} at once\n"),
        );
    }
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_cairn"))
        .args([
            "--vault",
            &vault.path().to_string_lossy(),
            "--cache-dir",
            &cache.arg(),
            "import",
        ])
        .env_remove("CAIRN_VAULT")
        .spawn()
        .unwrap();
    sync(&mut index);
    assert!(child.wait_with_output().unwrap().status.success());
    sync(&mut index);
    integrity_ok(&index);
    for i in 0..5 {
        assert_eq!(
            copies(&index, &format!("both{i} "), &format!("both{i} at once")),
            1
        );
    }
    let again = cairn_in(vault.path(), &["--cache-dir", &cache.arg(), "import"]);
    assert!(
        stdout(&again).contains("0 added, 0 changed, 0 removed"),
        "{}",
        stdout(&again)
    );
}

// ---------------------------------------------------------------------------------------
// Live
// ---------------------------------------------------------------------------------------

#[test]
fn the_watcher_applies_an_edit_saved_as_a_temp_file_renamed_over_the_page() {
    let (vault, _cache, mut index) = settled();
    let (_watcher, events) =
        VaultWatcher::start(index.vault().root(), Duration::from_millis(30)).unwrap();
    let temp = vault.path().join("pages/.alpha.md.sync-tmp");
    std::fs::write(&temp, "- alpha replaced by the sync tool\n").unwrap();
    std::fs::rename(&temp, vault.path().join("pages/alpha.md")).unwrap();
    apply_events_until(&mut index, &events, Duration::from_secs(10), |index| {
        !block_texts(index, "replaced ").is_empty()
    });
    assert_eq!(
        block_texts(&index, "replaced "),
        ["alpha replaced by the sync tool"]
    );
    assert!(block_texts(&index, "talks ").is_empty());
    assert_eq!(cached_paths(&index).len(), 4, "the temp file is not a page");
}

#[test]
fn a_write_cairn_makes_itself_is_not_reimported() {
    let (_vault, _cache, mut index) = settled();
    let (_watcher, events) =
        VaultWatcher::start(index.vault().root(), Duration::from_millis(30)).unwrap();
    let path = "pages/beta.md".to_string();
    let version = index.vault().read_page(&path).unwrap().version;
    index
        .vault()
        .write(
            &path,
            "alias:: second letter\n\n- beta written by cairn\n",
            Some(&version),
        )
        .unwrap();
    let report = index.sync_paths(std::slice::from_ref(&path)).unwrap();
    assert_eq!(report.changed, 1);
    assert_eq!(block_texts(&index, "cairn "), ["beta written by cairn"]);
    // The watcher then reports the same write; applying it finds nothing to do.
    let deadline = Instant::now() + Duration::from_secs(10);
    let echo = loop {
        match events.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(WatchEvent::Paths(paths)) if paths.contains(&path) => break paths,
            Ok(_) => continue,
            Err(_) => panic!("the watcher never reported the write"),
        }
    };
    let report = index.sync_paths(&echo).unwrap();
    assert!(report.is_noop(), "{report:?}");
    assert_eq!(report.unchanged, 1);
    let report = index.sync_paths(std::slice::from_ref(&path)).unwrap();
    assert!(report.is_noop(), "{report:?}");
}

/// Regression: inotify reports opening and reading a file, and syncing reads the file, so
/// reads counted as changes made every sync trigger the next one, forever.
#[test]
fn reading_pages_is_not_a_change_so_syncing_never_feeds_the_watcher() {
    let (vault, _cache, mut index) = settled();
    let (_watcher, events) =
        VaultWatcher::start(index.vault().root(), Duration::from_millis(30)).unwrap();
    for _ in 0..3 {
        std::fs::read_to_string(vault.path().join("pages/alpha.md")).unwrap();
        index.vault().read_page("pages/beta.md").unwrap();
        index
            .sync_paths(&["pages/alpha.md".to_string(), "pages/beta.md".to_string()])
            .unwrap();
    }
    match events.recv_timeout(Duration::from_millis(500)) {
        Err(_) => {}
        Ok(event) => panic!("reading pages was reported as a change: {event:?}"),
    }
}

#[test]
fn a_page_name_with_a_non_ascii_letter_where_a_namespace_would_end_imports_without_panic() {
    // `people/` is 7 bytes and `projects/` 9: these names have a multi-byte letter there.
    let (vault, cache) = (
        FixtureVault::new(
            "//- pages/Amara Østergaard.md\ntype:: person\n\n- leads storage\n\
             //- pages/Alan A Müller.md\ntags:: person\n\n- runs the platform\n\
             //- pages/Standup.md\n- [[Amara Østergaard]] and [[Alan A Müller]]\n",
        ),
        Cache::new(),
    );
    let index = synced(&vault, &cache);
    assert_eq!(hits(&index, "ostergaard ")[0].page, "Amara Østergaard");
    assert_eq!(index.backlinks("alan a müller").unwrap().linked.len(), 1);
}

#[test]
fn a_ticket_shaped_word_typed_bare_finds_the_ticket_and_the_same_words_written_as_words() {
    let vault = FixtureVault::new(
        "\
//- pages/Incidents.md
- Two sev-2 incidents last week
- Sev-1 incidents page the whole team
- Fixed in COS-113
- The cos 113 room is booked
",
    );
    let cache = Cache::new();
    let index = synced(&vault, &cache);
    assert_eq!(
        block_texts(&index, "Sev-2 "),
        ["Two sev-2 incidents last week"]
    );
    assert_eq!(
        block_texts(&index, "sev-1 incidents "),
        ["Sev-1 incidents page the whole team"]
    );
    assert_eq!(
        sorted(block_texts(&index, "COS-113 ")),
        ["Fixed in COS-113", "The cos 113 room is booked"]
    );
    assert_eq!(
        block_texts(&index, "ticket:COS-113 "),
        ["Fixed in COS-113"],
        "an explicit ticket filter is the ticket only"
    );
}

#[test]
fn an_index_tells_which_files_its_own_syncs_changed_and_not_what_another_process_did() {
    let vault =
        FixtureVault::new("//- pages/A.md\n- a\n//- pages/B.md\n- b\n//- pages/C.md\n- c\n");
    let cache = Cache::new();
    let mut index = synced(&vault, &cache);
    let start = index.version().unwrap();
    assert_eq!(index.changed_since(start).unwrap(), Some(BTreeSet::new()));

    vault.write("pages/A.md", "- a, changed\n");
    index.sync_paths(&["pages/A.md".to_string()]).unwrap();
    vault.write("pages/B.md", "- b, changed\n");
    sync(&mut index);
    let expected: BTreeSet<String> = ["pages/A.md", "pages/B.md"].map(String::from).into();
    assert_eq!(index.changed_since(start).unwrap(), Some(expected));

    // What another process syncs, this index cannot vouch for.
    let after_own = index.version().unwrap();
    vault.write("pages/C.md", "- c, changed\n");
    sync(&mut open(&vault, &cache));
    assert_eq!(index.changed_since(after_own).unwrap(), None);
    assert_eq!(index.changed_since(start).unwrap(), None);
}
