//! Search in every script: words inside Chinese and Japanese runs, which have no spaces
//! between words, are found wherever they stand, and highlighted as the word.
//!
//! The ground truth is plain: every block of these fixtures is one line, so the blocks
//! holding a word are the fixture's lines holding it.

use cairn::index::Index;
use cairn::search::SearchHit;
use cairn::vault::Vault;

use crate::support::FixtureVault;

const CHINESE: &str = include_str!("../fixtures/scripts/chinese.vault");
const JAPANESE: &str = include_str!("../fixtures/scripts/japanese.vault");

const CHINESE_WORDS: &[&str] = &[
    "数据库",
    "事务",
    "索引",
    "缓存",
    "一致性",
    "分布式",
    "分区",
    "消费者",
    "迁移",
    "事故",
    "慢查询",
    "服务",
    "锁",
];
const JAPANESE_WORDS: &[&str] = &[
    "データベース",
    "設計",
    "会議",
    "インデックス",
    "バックアップ",
    "移行",
    "東京",
    "キャッシュ",
    "障害",
    "レビュー",
    "クエリ",
];

fn synced(spec: &str) -> (FixtureVault, tempfile::TempDir, Index) {
    let vault = FixtureVault::new(spec);
    let cache = tempfile::tempdir().expect("temp dir");
    let mut index = Index::open(
        Vault::open(vault.path()).expect("vault opens"),
        Some(cache.path().join("cache")),
    )
    .expect("index opens");
    index.sync(&mut |_| {}).expect("sync");
    (vault, cache, index)
}

fn block_hits(index: &Index, query: &str) -> Vec<SearchHit> {
    let results = index.search(query, 500).expect("search");
    results
        .hits
        .into_iter()
        .filter(|h| h.kind == "block")
        .collect()
}

/// The fixture's block lines that hold `word` (properties and file headers are not blocks).
fn blocks_holding(spec: &str, word: &str) -> usize {
    spec.lines()
        .filter(|line| !line.starts_with("//-") && !line.contains(":: "))
        .filter(|line| line.contains(word))
        .count()
}

/// Searches for each of `words`, checking that every hit holds the word and highlights it;
/// returns the blocks found and the blocks holding the words, over all of them.
fn recall(spec: &str, words: &[&str]) -> (usize, usize) {
    let (_vault, _cache, index) = synced(spec);
    let (mut found, mut expected) = (0, 0);
    for word in words {
        // A block also matches through its page's title, as in every script.
        let hits: Vec<SearchHit> = block_hits(&index, word)
            .into_iter()
            .filter(|hit| {
                let in_text = hit.text.contains(word);
                assert!(
                    in_text || hit.page.contains(word),
                    "{word:?} found in {hit:?}"
                );
                in_text
            })
            .collect();
        for hit in &hits {
            let marked: Vec<&str> = hit
                .highlights
                .iter()
                .map(|&(s, e)| &hit.snippet[s..e])
                .collect();
            assert!(
                marked.iter().any(|m| m.contains(word)),
                "{word:?} is highlighted as {marked:?} in {:?}",
                hit.snippet
            );
        }
        let holding = blocks_holding(spec, word);
        assert!(holding > 0, "the fixture holds {word:?}");
        found += hits.len();
        expected += holding;
    }
    (found, expected)
}

#[test]
fn chinese_words_are_found_inside_runs_of_characters() {
    let (found, expected) = recall(CHINESE, CHINESE_WORDS);
    assert_eq!(found, expected, "recall {found}/{expected}");
}

#[test]
fn japanese_words_are_found_inside_runs_of_kana_and_kanji() {
    let (found, expected) = recall(JAPANESE, JAPANESE_WORDS);
    assert_eq!(found, expected, "recall {found}/{expected}");
}

#[test]
fn a_cjk_word_and_a_latin_word_must_both_match() {
    let (_vault, _cache, index) = synced(CHINESE);
    let mut texts: Vec<String> = block_hits(&index, "MySQL 事务")
        .into_iter()
        .map(|h| h.text)
        .collect();
    texts.sort();
    assert_eq!(
        texts,
        [
            "TODO [#A] 整理MySQL的事务隔离级别",
            "从MySQL迁移到PostgreSQL，事务语义基本一致"
        ]
    );
}

#[test]
fn a_quoted_cjk_phrase_and_an_excluded_cjk_word() {
    let (_vault, _cache, index) = synced(CHINESE);
    let phrase = block_hits(&index, "\"分布式数据库\"");
    assert_eq!(phrase.len(), 1, "{phrase:?}");
    let without = block_hits(&index, "事务 -分布式");
    assert!(!without.is_empty());
    assert!(without.iter().all(|h| !h.text.contains("分布式")));
    assert!(without.iter().all(|h| h.text.contains("事务")));
}

#[test]
fn regression_any_mix_of_cjk_words_phrases_and_exclusions_runs() {
    // An excluded CJK word once reached tantivy as a phrase under an exclusion, whose
    // scorer cannot seek backwards.
    let (_vault, _cache, index) = synced(CHINESE);
    let pieces = [
        "数据库",
        "-事务",
        "\"分布式数据库\"",
        "MySQL",
        "-索引",
        "缓存",
        "-MySQL",
    ];
    for a in pieces {
        for b in pieces {
            for c in ["", " 一致性", " 事", " -缓存"] {
                let query = format!("{a} {b}{c}");
                index
                    .search(&query, 50)
                    .unwrap_or_else(|e| panic!("{query:?}: {e}"));
            }
        }
    }
}
