//! The year-end review on the 10,000-page generated vault (seed 1), warm cache: assembling
//! a year's draft from the cache and exporting it as Markdown (the command line's path;
//! target: under 200 ms), and the app's review view on a copy of the vault: its first
//! answer, which gathers the material (target: first render under 300 ms), a later answer
//! from the material the session keeps, leaving a bullet out and putting it back (each
//! writes the draft page; target under 50 ms), moving a bullet, and the HTML export
//! (target under 200 ms).
//!
//! Run with `cargo bench --bench review`. The vault is generated once into
//! `target/bench-vaults/v10k-s1` with `../shared/bench/gen_vault.py` (as the index
//! benchmarks do) and indexed once into a temporary cache; without `../shared` the
//! benchmark prints a note and does nothing.

mod common;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

use std::time::Duration;

use cairn::app::{ExportFormat, ReviewChange, ReviewMove, ReviewQuery, Session};
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
    review_view(&vault, year, c);
}

/// The app's review view, on a copy of the vault (its draft page is written).
fn review_view(source: &std::path::Path, year: i32, c: &mut Criterion) {
    let work = tempfile::tempdir().unwrap();
    let vault = work.path().join("vault");
    common::copy_vault(source, &vault);
    let open =
        || Session::open(&vault, Some(work.path().join("cache")), None, &mut |_| {}).unwrap();
    let mut session = open();
    let query = ReviewQuery {
        year: Some(year),
        from: None,
        to: None,
        projects: Vec::new(),
    };
    let screen = session.review(&query).unwrap();
    // The project with most top-level review bullets, to move and leave out.
    let top: Vec<&str> = screen
        .projects
        .iter()
        .map(|p| {
            p.items
                .iter()
                .filter(|i| i.depth == 0 && i.kind == "review")
                .map(|i| i.id.as_str())
                .collect::<Vec<_>>()
        })
        .max_by_key(Vec::len)
        .expect("a drafted project");
    let (first, second) = (top[0].to_string(), top[1].to_string());
    let mut group = c.benchmark_group("review_view_v10k");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    // A session just opened keeps no material: its first answer gathers it.
    group.bench_function("review view, first answer", |b| {
        b.iter_batched(
            open,
            |fresh| {
                fresh.review(&query).unwrap();
                fresh
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("review view, a later answer (material kept)", |b| {
        b.iter(|| session.review(&query).unwrap())
    });
    let mut include = false;
    group.bench_function(
        "leave a bullet out or put it back (draft page written)",
        |b| {
            b.iter(|| {
                let change = ReviewChange {
                    id: first.clone(),
                    include,
                };
                include = !include;
                session.choose_review(&query, &[change]).unwrap()
            })
        },
    );
    let mut offset = 1;
    group.bench_function("move a bullet (draft page written)", |b| {
        b.iter(|| {
            let moved = ReviewMove {
                id: Some(second.clone()),
                project: None,
                offset,
            };
            offset = -offset;
            session.move_in_review(&query, &moved).unwrap()
        })
    });
    group.bench_function("HTML export", |b| {
        b.iter(|| session.export_review(&query, ExportFormat::Html).unwrap())
    });
    group.finish();
}

criterion_group!(benches, review);
criterion_main!(benches);
