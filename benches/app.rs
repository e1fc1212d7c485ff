//! The desktop app's calls into the library on the 10,000-page generated vault (seed 1),
//! warm cache, plus one 2,000-block page. Run with `cargo bench --bench app`.
//!
//! What the app's figures rest on (targets for the whole app, window included: launch to
//! first journal content < 1 s; open a 2,000-block page < 200 ms; search results per
//! keystroke < 50 ms end to end): opening the vault, the first screen of journals, a big
//! page, search per keystroke, `[[` completion, and saving a typed block; for the people
//! views (targets: people list and person view first render < 150 ms, Start 1-on-1 to the
//! caret in the new block < 100 ms, window included), the people list, the busiest person's
//! screen (entries on their pages, items, prep) and Start 1-on-1 on their page as generated;
//! and the preview Settings shows as a key of `cairn.toml` is typed.

mod common;

use std::fmt::Write as _;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};

use cairn::app::{EditOp, Session};

/// How many journals the app's first screen asks for.
const FIRST_SCREEN_JOURNALS: usize = 7;
/// How many results the search palette asks for.
const PALETTE_RESULTS: usize = 30;
/// The big page: 200 top-level blocks with 9 children each, written like real notes.
const BIG_PAGE: &str = "Big Outline";

fn big_page() -> String {
    let mut text = String::from("type:: project\n\n");
    for top in 0..200 {
        writeln!(
            text,
            "- Workstream {top}: migrate [[Service {top}]] to the new storage #infra"
        )
        .unwrap();
        for child in 0..9 {
            match child % 3 {
                0 => writeln!(
                    text,
                    "\t- TODO [#B] Follow up on COS-{} with [[Priya Raman]]",
                    top * 10 + child
                )
                .unwrap(),
                1 => writeln!(
                    text,
                    "\t- Measured p99 at {child}0 ms after the rollout; see **dashboard**"
                )
                .unwrap(),
                _ => {
                    writeln!(text, "\t- Notes: rollback plan reviewed, `runbook` updated").unwrap()
                }
            }
        }
    }
    text
}

fn app_benches(c: &mut Criterion) {
    let Some(source) = common::generated_vault() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let vault = work.path().join("vault");
    common::copy_vault(&source, &vault);
    std::fs::write(
        vault.join("pages").join(format!("{BIG_PAGE}.md")),
        big_page(),
    )
    .unwrap();
    let cache = work.path().join("cache");
    let today = Some(NaiveDate::from_ymd_opt(2024, 12, 10).unwrap());
    let open = || Session::open(&vault, Some(cache.clone()), today, &mut |_| {}).unwrap();
    let mut session = open();
    assert_eq!(session.page(BIG_PAGE).unwrap().blocks.len(), 2000);

    let mut group = c.benchmark_group("app");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("open vault, warm cache", |b| b.iter(open));
    group.bench_function("first screen of journals", |b| {
        b.iter(|| session.journals(None, FIRST_SCREEN_JOURNALS).unwrap())
    });
    group.bench_function("open a 2,000-block page", |b| {
        b.iter(|| session.page(BIG_PAGE).unwrap())
    });
    let keystrokes = [
        "r", "ro", "rol", "roll", "rollb", "rollba", "rollbac", "rollback",
    ];
    // The app searches through the session's handle, apart from the session.
    let search = session.search_handle();
    group.bench_function("search, each keystroke of \"rollback\"", |b| {
        b.iter(|| {
            for query in keystrokes {
                search.search(query, PALETTE_RESULTS).unwrap();
            }
        })
    });
    group.bench_function("[[ completion", |b| {
        b.iter(|| session.page_names("pri", 10, None).unwrap())
    });
    let mut round = 0u64;
    group.bench_function("save a typed block on the 2,000-block page", |b| {
        b.iter(|| {
            round += 1;
            let version = session.page(BIG_PAGE).unwrap().version;
            session
                .apply_edits(
                    BIG_PAGE,
                    version.as_deref(),
                    &[EditOp::SetContent {
                        block: 1000,
                        content: format!("Notes: rollback plan reviewed, round {round}"),
                    }],
                )
                .unwrap()
        })
    });
    group.bench_function("people list", |b| b.iter(|| session.people().unwrap()));
    let busiest = session
        .people()
        .unwrap()
        .into_iter()
        .max_by_key(|p| p.entries)
        .map(|p| p.name)
        .unwrap();
    group.bench_function("person screen of the busiest person", |b| {
        b.iter(|| session.person(&busiest).unwrap())
    });
    // Each start is timed on the page as generated (put back outside the timing), so the
    // figure is not that of a page grown by the entries the benchmark wrote.
    let screen = session.person(&busiest).unwrap();
    let home = screen.pages[0].path.clone().unwrap();
    let original = std::fs::read(vault.join(&home)).unwrap();
    // Settings previews what each key of cairn.toml would change as it is typed, asked
    // 150 ms after typing stops: first every key's sentence, then, as one key is typed,
    // that key's (a section name's is read from the pages that hold such a block).
    let current = session.vault_settings().unwrap().settings;
    group.bench_function("settings: first preview (every key's effect)", |b| {
        b.iter_batched(
            open,
            |fresh| {
                fresh.preview_vault_settings(&current).unwrap();
                fresh
            },
            criterion::BatchSize::PerIteration,
        )
    });
    let mut typed = 0;
    group.bench_function("settings: preview while a section name is typed", |b| {
        b.iter(|| {
            typed += 1;
            let proposed = cairn::vault::Settings {
                people_section: format!("Team {typed}"),
                ..current.clone()
            };
            session.preview_vault_settings(&proposed).unwrap()
        })
    });
    group.bench_function("start a 1-on-1 (entry written, screen, empty block)", |b| {
        b.iter_custom(|iterations| {
            let mut spent = Duration::ZERO;
            for _ in 0..iterations {
                std::fs::write(vault.join(&home), &original).unwrap();
                session = open();
                // The start is pressed on the person's screen, which is showing already.
                session.person(&busiest).unwrap();
                let started = std::time::Instant::now();
                session.start_one_on_one(&busiest).unwrap();
                spent += started.elapsed();
            }
            spent
        })
    });
    group.finish();
}

criterion_group!(benches, app_benches);
criterion_main!(benches);
