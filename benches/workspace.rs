//! Agenda, simple queries, task edits, people and 1-on-1s on the 10,000-page generated vault
//! (seed 1), warm cache. Run with `cargo bench --bench workspace`.
//!
//! Targets: any agenda query < 20 ms, including a fresh one as `cairn todo` runs it (open
//! the warm cache, query, order); a simple query with three clauses < 30 ms; marking a
//! task done (read, edit, atomic write, re-index) < 30 ms; people list and person view
//! < 20 ms; starting a 1-on-1 < 30 ms.

mod common;

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};

use cairn::agenda::{
    agenda, change_task, load_tasks_where, parse_simple_query, run_simple_query, AgendaFilter,
    TaskAction,
};
use cairn::index::Index;
use cairn::outline::Marker;
use cairn::people::{people, person, start_one_on_one};
use cairn::vault::Vault;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 12, 10).unwrap()
}

fn workspace_benches(c: &mut Criterion) {
    let Some(source) = common::generated_vault() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let vault_dir = work.path().join("vault");
    common::copy_vault(&source, &vault_dir);
    let mut index = Index::open(
        Vault::open(&vault_dir).unwrap(),
        Some(work.path().join("cache")),
    )
    .unwrap();
    index.sync(&mut |_| {}).unwrap();

    let mut group = c.benchmark_group("workspace_10k");
    group.measurement_time(Duration::from_secs(5));
    let conn = index.store().connection();

    // A fresh agenda as `cairn todo` gets it once the files are synced: open the warm
    // cache (a new connection, nothing remembered), query, order.
    let cache_dir = work.path().join("cache");
    group.bench_function("agenda_fresh_open_and_default", |b| {
        b.iter(|| {
            let fresh =
                Index::open(Vault::open(&vault_dir).unwrap(), Some(cache_dir.clone())).unwrap();
            agenda(
                fresh.store().connection(),
                &AgendaFilter::default(),
                today(),
            )
            .unwrap()
            .len()
        })
    });
    // Agenda queries on an open cache, as an app runs them on every filter change.
    group.bench_function("agenda_default", |b| {
        b.iter(|| {
            agenda(conn, &AgendaFilter::default(), today())
                .unwrap()
                .len()
        })
    });
    group.bench_function("agenda_overdue_priority_a", |b| {
        let filter = AgendaFilter {
            overdue: true,
            priorities: vec!["A".into()],
            ..AgendaFilter::default()
        };
        b.iter(|| agenda(conn, &filter, today()).unwrap().len())
    });
    group.bench_function("agenda_project", |b| {
        let project = load_tasks_where(conn, "t.project IS NOT NULL", &[])
            .unwrap()
            .into_iter()
            .find_map(|t| t.project)
            .unwrap();
        let filter = AgendaFilter {
            project: Some(project),
            ..AgendaFilter::default()
        };
        b.iter(|| agenda(conn, &filter, today()).unwrap().len())
    });
    let titles = index.vault().config().journal_title_format.clone();
    group.bench_function("simple_query_three_clauses", |b| {
        b.iter(|| {
            let expr = parse_simple_query(
                "(and (task TODO DOING) (priority A) (between -30d today))",
                today(),
                &titles,
            )
            .unwrap();
            run_simple_query(conn, &expr).unwrap().len()
        })
    });
    // A reference matches blocks under referring blocks and on the page: the path refs.
    group.bench_function("simple_query_ref_with_path_refs", |b| {
        b.iter(|| {
            let expr =
                parse_simple_query("(and [[tech debt]] (task TODO DOING))", today(), &titles)
                    .unwrap();
            run_simple_query(conn, &expr).unwrap().len()
        })
    });
    group.bench_function("people_list", |b| {
        b.iter(|| people(conn, today(), 14).unwrap().len())
    });
    let someone = people(conn, today(), 14)
        .unwrap()
        .into_iter()
        .max_by_key(|p| p.entries)
        .map(|p| p.name)
        .unwrap();
    group.bench_function("person_view", |b| {
        b.iter(|| person(conn, &someone, today(), 14).unwrap().is_some())
    });

    // Marking a task done and open again, alternately: read, edit, atomic write, re-index.
    let task = load_tasks_where(conn, "t.marker = 'TODO' AND t.undated", &[])
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    let mut done = false;
    let noon = today().and_hms_opt(12, 0, 0).unwrap();
    group.bench_function("task_done_or_reopen", |b| {
        b.iter(|| {
            done = !done;
            let action = TaskAction::SetMarker(if done { Marker::Done } else { Marker::Todo });
            change_task(&mut index, &task.id, action, noon, None).unwrap()
        })
    });

    // Starting the next 1-on-1 on the vault as generated: the page holding the person's
    // entries is put back before each iteration (outside the timing), so that the figure is
    // not that of a page grown by hundreds of entries the benchmark itself wrote.
    let entries_at = person(index.store().connection(), &someone, today(), 14)
        .unwrap()
        .unwrap()
        .entries
        .iter()
        .find(|e| e.source == "person")
        .map(|e| e.path.clone())
        .unwrap();
    let original = std::fs::read(vault_dir.join(&entries_at)).unwrap();
    group.bench_function("start_one_on_one", |b| {
        b.iter_custom(|iterations| {
            let mut spent = Duration::ZERO;
            for _ in 0..iterations {
                std::fs::write(vault_dir.join(&entries_at), &original).unwrap();
                index.sync_paths(std::slice::from_ref(&entries_at)).unwrap();
                let started = Instant::now();
                start_one_on_one(&mut index, &someone, today()).unwrap();
                spent += started.elapsed();
            }
            spent
        })
    });
    group.finish();
}

criterion_group!(benches, workspace_benches);
criterion_main!(benches);
