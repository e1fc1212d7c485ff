//! The agenda reads dates as org-mode's does: a past DEADLINE is overdue, a past SCHEDULED
//! date is not (the task shows under today, "scheduled N days ago"), times of day do not
//! make a task late within its day, repeaters move on completion, and tasks without dates
//! sit apart. Checked on the command line, whose `todo` and `task` share this code with
//! the app.

use crate::support::{stdout, FixtureVault};

const VAULT: &str = "\
//- logseq/config.edn
{:journal/page-title-format \"yyyy-MM-dd EEEE\" :file/name-format :triple-lowbar}
//- pages/Dates.md
- TODO Past deadline
  DEADLINE: <2024-12-07 Sat>
- TODO Past scheduled
  SCHEDULED: <2024-12-06 Fri>
- TODO [#A] Scheduled past, deadline ahead
  SCHEDULED: <2024-12-09 Mon>
  DEADLINE: <2024-12-13 Fri>
- TODO Deadline this morning
  DEADLINE: <2024-12-10 Tue 09:00>
- TODO Scheduled next week
  SCHEDULED: <2024-12-15 Sun>
- TODO Far away
  DEADLINE: <2025-03-01 Sat>
- TODO Weekly review
  SCHEDULED: <2024-12-03 Tue ++1w>
- TODO No dates at all
- DOING Timed work
  :LOGBOOK:
  CLOCK: [2024-12-10 Tue 08:00:00]
  :END:
";

fn cairn(vault: &FixtureVault, cache: &tempfile::TempDir, args: &[&str]) -> std::process::Output {
    let mut all = vec![
        "--cache-dir",
        cache.path().to_str().unwrap(),
        "--today",
        "2024-12-10",
    ];
    all.extend_from_slice(args);
    vault.cairn(&all)
}

/// (text, section) of each task `todo --json` lists with `filters`.
fn sections(
    vault: &FixtureVault,
    cache: &tempfile::TempDir,
    filters: &[&str],
) -> Vec<(String, String)> {
    let mut args = vec!["todo", "--json"];
    args.extend_from_slice(filters);
    let output = cairn(vault, cache, &args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tasks: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    tasks
        .iter()
        .map(|t| {
            (
                t["text"].as_str().unwrap().to_string(),
                t["section"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(t, s)| (t.to_string(), s.to_string()))
        .collect()
}

#[test]
fn a_past_deadline_is_overdue_and_a_past_scheduled_date_is_today() {
    let (vault, cache) = (FixtureVault::new(VAULT), tempfile::tempdir().unwrap());
    assert_eq!(
        sections(&vault, &cache, &[]),
        pairs(&[
            ("Past deadline", "overdue"),
            ("Scheduled past, deadline ahead", "today"),
            ("Weekly review", "today"),
            ("Past scheduled", "today"),
            ("Deadline this morning", "today"),
            ("Scheduled next week", "next-7-days"),
            ("Far away", "later"),
            ("No dates at all", "no-date"),
            ("Timed work", "no-date"),
        ])
    );
    assert_eq!(
        sections(&vault, &cache, &["--overdue"]),
        pairs(&[("Past deadline", "overdue")])
    );
    assert_eq!(
        sections(&vault, &cache, &["--today-only"]),
        pairs(&[
            ("Scheduled past, deadline ahead", "today"),
            ("Weekly review", "today"),
            ("Past scheduled", "today"),
            ("Deadline this morning", "today"),
        ])
    );
}

#[test]
fn the_human_agenda_says_how_late_and_since_when() {
    let (vault, cache) = (FixtureVault::new(VAULT), tempfile::tempdir().unwrap());
    let out = stdout(&cairn(&vault, &cache, &["todo"]));
    let line = |text: &str| {
        out.lines()
            .find(|l| l.contains(text))
            .unwrap_or_else(|| panic!("{text} in {out}"))
            .to_string()
    };
    assert!(line("Past deadline").contains("· 3 days late"), "{out}");
    assert!(
        line("Past scheduled").contains("· scheduled 4 days ago"),
        "{out}"
    );
    assert!(
        line("Weekly review").contains("· scheduled 7 days ago"),
        "{out}"
    );
    assert!(
        line("Deadline this morning").contains("· due today 09:00"),
        "{out}"
    );
    assert!(
        line("Scheduled next week").contains("· scheduled in 5 days"),
        "{out}"
    );
    assert!(line("Far away").contains("· due in 2 months"), "{out}");
    assert!(out.starts_with("Overdue (1)\n"), "{out}");
    assert!(out.contains("\nToday (4)\n"), "{out}");
}

#[test]
fn completing_a_catch_up_repeater_moves_it_past_today_and_keeps_it_open() {
    let (vault, cache) = (FixtureVault::new(VAULT), tempfile::tempdir().unwrap());
    let id = task_id(&vault, &cache, "Weekly review");
    assert!(cairn(&vault, &cache, &["task", &id, "done"])
        .status
        .success());
    assert!(
        vault.read("pages/Dates.md").contains(
            "- TODO Weekly review\n  SCHEDULED: <2024-12-17 Tue ++1w>\n  completed:: 2024-12-10\n"
        ),
        "{}",
        vault.read("pages/Dates.md")
    );
    let moved = sections(&vault, &cache, &[]);
    assert!(moved.contains(&("Weekly review".to_string(), "next-7-days".to_string())));
}

#[test]
fn completing_a_task_with_a_running_clock_stops_it_as_logseq_does() {
    let (vault, cache) = (FixtureVault::new(VAULT), tempfile::tempdir().unwrap());
    let id = task_id(&vault, &cache, "Timed work");
    let before = vault.read("pages/Dates.md");
    assert!(cairn(&vault, &cache, &["task", &id, "done"])
        .status
        .success());
    let after = vault.read("pages/Dates.md");
    let clock = after
        .lines()
        .find(|l| l.contains("CLOCK:"))
        .unwrap()
        .to_string();
    // The end is the clock's time of day on the fixed today; its span follows from it.
    let prefix = "  CLOCK: [2024-12-10 Tue 08:00:00]--[2024-12-10 Tue ";
    assert!(clock.starts_with(prefix), "{clock}");
    let end = &clock[prefix.len()..prefix.len() + 8];
    let (h, m, s) = (&end[0..2], &end[3..5], &end[6..8]);
    let seconds = |h: &str, m: &str, s: &str| {
        h.parse::<i64>().unwrap() * 3600
            + m.parse::<i64>().unwrap() * 60
            + s.parse::<i64>().unwrap()
    };
    let span = (seconds(h, m, s) - 8 * 3600).max(0);
    assert_eq!(
        &clock[prefix.len() + 8..],
        format!(
            "] =>  {:02}:{:02}:{:02}",
            span / 3600,
            span / 60 % 60,
            span % 60
        )
    );
    // Only the marker, the clock line and the completion record (a property, so above
    // the drawer) changed.
    let expected = before
        .replace(
            "- DOING Timed work\n",
            "- DONE Timed work\n  completed:: 2024-12-10\n",
        )
        .replace(
            "  CLOCK: [2024-12-10 Tue 08:00:00]\n",
            &format!("{clock}\n"),
        );
    assert_eq!(after, expected);
}

fn task_id(vault: &FixtureVault, cache: &tempfile::TempDir, text: &str) -> String {
    let output = cairn(vault, cache, &["todo", "--json", "--all"]);
    let tasks: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    tasks
        .iter()
        .find(|t| t["text"] == text)
        .unwrap_or_else(|| panic!("no task {text}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}
