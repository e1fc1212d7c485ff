//! The index on the 10,000-page generated vault (seed 1): cold import, warm open, an edit
//! becoming searchable (a page appended to; one block saved on a 10-block and on a
//! 2,000-block page), and search latency.
//!
//! Run with `cargo bench --bench index`. The vault is generated once into
//! `target/bench-vaults/v10k-s1` with `../shared/bench/gen_vault.py` and copied to a
//! temporary folder for each run (the edit benchmark appends to pages). Without `../shared`
//! the benchmarks print a note and do nothing.
//!
//! Targets: cold import < 3 s; warm open + sync < 150 ms; edit → visible < 100 ms; one
//! block saved → searchable < 5 ms on a 10-block page, < 16 ms on a 2,000-block page; search
//! p99 < 5 ms. "Edit → visible" here is `sync_paths` + a search finding the new word, as the
//! watcher applies an edit; in `cairn watch` the watcher's debounce (100 ms by default,
//! `--debounce-ms`) comes on top of it. Peak memory of a cold import is measured outside
//! criterion: `/usr/bin/time -v target/release/cairn --vault V --cache-dir C import`.

use std::path::Path;
use std::time::{Duration, Instant};

mod common;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

use cairn::index::Index;
use cairn::vault::Vault;

/// The search mix: one query per kind.
const QUERIES: [(&str, &str); 6] = [
    ("single_word", "throughput "),
    ("two_words", "deploy pipeline "),
    ("phrase", "\"error budgets\""),
    ("prefix", "observ"),
    ("ticket", "SRE-7861"),
    ("filtered", "is:open priority:A deploy"),
];

fn open(vault: &Path, cache: &Path) -> Index {
    Index::open(Vault::open(vault).unwrap(), Some(cache.to_path_buf())).unwrap()
}

/// A page of `blocks` blocks written like notes, the middle one holding `word`: each save
/// of the benchmark changes that block alone.
fn page_saved_with(blocks: usize, word: &str) -> String {
    (0..blocks)
        .map(|i| {
            if i == blocks / 2 {
                format!("- {word}: rollback plan reviewed, runbook updated\n")
            } else {
                format!("- Step {i}: migrate [[Service {i}]] to the new storage #infra COS-{i}\n")
            }
        })
        .collect()
}

fn index_benches(c: &mut Criterion) {
    let Some(source) = common::generated_vault() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let vault = work.path().join("vault");
    let files = common::copy_vault(&source, &vault);

    let mut group = c.benchmark_group("index_10k");

    // (1) Cold import: an empty cache folder → cache and search index ready.
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(40));
    group.bench_function("cold_import", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |cache| {
                let mut index = open(&vault, &cache.path().join("cache"));
                let report = index.sync(&mut |_| {}).unwrap();
                assert_eq!(report.added, files);
                (index, cache)
            },
            BatchSize::PerIteration,
        )
    });

    // (2) Warm open: open the caches and sync a vault in which nothing changed.
    let cache = work.path().join("cache");
    open(&vault, &cache).sync(&mut |_| {}).unwrap();
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("warm_open_and_sync", |b| {
        b.iter_with_large_drop(|| {
            let mut index = open(&vault, &cache);
            let report = index.sync(&mut |_| {}).unwrap();
            assert!(report.is_noop() && report.unchanged == files, "{report:?}");
            index
        })
    });

    // (3) One page edited on disk → the new word is found: `sync_paths` (as the watcher
    // applies an edit) plus the search. The watcher's debounce comes on top.
    let mut index = open(&vault, &cache);
    index.sync(&mut |_| {}).unwrap();
    let (pages, _) = index.vault().scan();
    let pages: Vec<String> = pages
        .into_iter()
        .filter(|p| p.starts_with("pages/"))
        .take(200)
        .collect();
    let mut edits = 0usize;
    group.sample_size(50);
    group.bench_function("edit_to_visible", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                edits += 1;
                let path = &pages[edits % pages.len()];
                let absolute = vault.join(path);
                let mut text = std::fs::read_to_string(&absolute).unwrap();
                text.push_str(&format!("- benchedit{edits} appended\n"));
                std::fs::write(&absolute, text).unwrap();
                let started = Instant::now();
                let report = index.sync_paths(std::slice::from_ref(path)).unwrap();
                let found = index.search(&format!("benchedit{edits} "), 20).unwrap();
                total += started.elapsed();
                assert_eq!(report.changed, 1);
                assert!(found.hits.iter().any(|h| &h.path == path));
            }
            total
        })
    });

    // (3b) One block of a page saved → the new word is found, on a 10-block and a
    // 2,000-block page: only that block's rows and document are written again.
    for blocks in [10, 2000] {
        let path = format!("pages/Saved page of {blocks} blocks.md");
        let absolute = vault.join(&path);
        group.bench_function(
            format!("save_one_block_to_searchable_{blocks}_blocks"),
            |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        edits += 1;
                        let word = format!("blockedit{edits}");
                        std::fs::write(&absolute, page_saved_with(blocks, &word)).unwrap();
                        let started = Instant::now();
                        index.sync_paths(std::slice::from_ref(&path)).unwrap();
                        let found = index.search(&format!("{word} "), 20).unwrap();
                        total += started.elapsed();
                        assert!(found.hits.iter().any(|h| h.path == path));
                    }
                    total
                })
            },
        );
    }

    // (4) Search latency, one benchmark per kind of query.
    group.sample_size(100);
    group.measurement_time(Duration::from_secs(3));
    for (kind, query) in QUERIES {
        assert!(
            !index.search(query, 20).unwrap().hits.is_empty(),
            "{kind}: {query:?} finds something"
        );
        group.bench_function(format!("search_{kind}"), |b| {
            b.iter(|| index.search(query, 20).unwrap())
        });
    }
    group.finish();

    // … and the distribution over 2,000 runs of the mix.
    let mut times: Vec<Duration> = (0..2000)
        .map(|i| {
            let query = QUERIES[i % QUERIES.len()].1;
            let started = Instant::now();
            std::hint::black_box(index.search(query, 20).unwrap());
            started.elapsed()
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!(
        "search mix over {} runs: p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms (target p99 < 5 ms)",
        times.len(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.90).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
    );
}

criterion_group!(benches, index_benches);
criterion_main!(benches);
