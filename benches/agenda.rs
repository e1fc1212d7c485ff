//! The agenda and projects in the app, as the desktop app calls them, on the 10,000-page
//! generated vault (seed 1), warm cache. Run with `cargo bench --bench agenda`.
//!
//! What the window's figures rest on (targets for the whole app, window included: agenda
//! first render < 150 ms; checkbox → file written, re-indexed and the list updated < 50 ms;
//! filter change < 30 ms; project view first render < 150 ms).

mod common;

use std::time::Duration;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};

use cairn::app::{AgendaGrouping, AgendaQuery, Session, TaskChange};

fn agenda_benches(c: &mut Criterion) {
    let Some(source) = common::generated_vault() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let vault = work.path().join("vault");
    common::copy_vault(&source, &vault);
    let today = Some(NaiveDate::from_ymd_opt(2024, 12, 10).unwrap());
    let mut session =
        Session::open(&vault, Some(work.path().join("cache")), today, &mut |_| {}).unwrap();

    let mut group = c.benchmark_group("agenda");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(6));
    let everything = AgendaQuery::default();
    group.bench_function("agenda, default (every open task, grouped by date)", |b| {
        b.iter(|| session.agenda(&everything).unwrap())
    });
    group.bench_function("filter choices (projects, people, tags, markers)", |b| {
        b.iter(|| session.agenda_facets().unwrap())
    });
    group.bench_function("sidebar counts", |b| {
        b.iter(|| session.agenda_counts().unwrap())
    });
    let facets = session.agenda_facets().unwrap();
    let by_project = AgendaQuery {
        project: Some(facets.projects[0].name.clone()),
        ..AgendaQuery::default()
    };
    group.bench_function("filter change: a project", |b| {
        b.iter(|| session.agenda(&by_project).unwrap())
    });
    let by_person = AgendaQuery {
        person: Some(facets.people[0].name.clone()),
        ..AgendaQuery::default()
    };
    group.bench_function("filter change: a person", |b| {
        b.iter(|| session.agenda(&by_person).unwrap())
    });
    let by_text = AgendaQuery {
        text: "rollback".into(),
        ..AgendaQuery::default()
    };
    group.bench_function("filter change: text", |b| {
        b.iter(|| session.agenda(&by_text).unwrap())
    });
    let by_tag_groups = AgendaQuery {
        group: AgendaGrouping::Tag,
        ..AgendaQuery::default()
    };
    group.bench_function("grouping change: by tag", |b| {
        b.iter(|| session.agenda(&by_tag_groups).unwrap())
    });

    // The checkbox: complete (or, every other time, reopen) a task from its row, which
    // reads, edits, writes atomically and re-indexes its file and answers with the row the
    // list shows in its place. (The list is fetched afresh once the watcher reports the
    // write: "agenda, default" above.)
    let mut row = session.agenda(&everything).unwrap().groups[0].rows[0].clone();
    group.bench_function("checkbox: change the task and get its row back", |b| {
        b.iter(|| {
            let change = match row.done {
                true => TaskChange::Reopen,
                false => TaskChange::Complete,
            };
            row = session
                .change_task(&row.id, &row.version, &change)
                .unwrap()
                .row
                .unwrap();
        })
    });

    let busiest = session
        .projects()
        .unwrap()
        .into_iter()
        .max_by_key(|p| p.open_tasks)
        .unwrap()
        .name;
    group.bench_function("projects list", |b| b.iter(|| session.projects().unwrap()));
    group.bench_function("project view (the project with most open tasks)", |b| {
        b.iter(|| session.project(&busiest).unwrap())
    });
    group.finish();
}

criterion_group!(benches, agenda_benches);
criterion_main!(benches);
