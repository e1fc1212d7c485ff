//! The year-end review on the 10,000-page generated vault (seed 1), warm cache: assembling
//! a year's draft from the cache and exporting it as Markdown.
//!
//! Run with `cargo bench --bench review`. The vault is generated once into
//! `target/bench-vaults/v10k-s1` with `../shared/bench/gen_vault.py` (as the index
//! benchmarks do) and indexed once into a temporary cache; without `../shared` the
//! benchmark prints a note and does nothing. Target: under 200 ms.

mod common;

use criterion::{criterion_group, criterion_main, Criterion};

use cairn::index::Index;
use cairn::review::{assemble, to_markdown, ReviewOptions};
use cairn::vault::Vault;

fn review(c: &mut Criterion) {
    let Some(vault) = common::generated_vault() else {
        return;
    };
    let cache = tempfile::tempdir().unwrap();
    let mut index = Index::open(
        Vault::open(&vault).unwrap(),
        Some(cache.path().to_path_buf()),
    )
    .unwrap();
    index.sync(&mut |_| {}).unwrap();
    // The year with the most material.
    let conn = index.store().connection();
    let year: i32 = conn
        .query_row(
            "SELECT review_year FROM blocks WHERE review_role = 'item' AND review_year != 'undated'
             GROUP BY review_year ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get::<_, String>(0),
        )
        .ok()
        .and_then(|y| y.parse().ok())
        .unwrap_or(2024);
    let options = ReviewOptions::year(year).unwrap();
    let draft = assemble(conn, &options).unwrap();
    eprintln!(
        "review {year}: {} projects, {} bullets, {} tickets",
        draft.projects.len(),
        draft.items().count(),
        draft.tickets.len()
    );
    let mut group = c.benchmark_group("review_v10k");
    group.sample_size(20);
    group.bench_function("assemble_and_markdown_warm", |b| {
        b.iter(|| to_markdown(&assemble(conn, &options).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, review);
criterion_main!(benches);
