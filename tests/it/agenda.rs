//! The agenda and task edits written back, on a fixture vault whose expected agenda is
//! written out here (simple queries are in `queries.rs`).

use crate::support::{stdout, DatedVault};

const VAULT: &str = "\
//- logseq/config.edn
{:journal/page-title-format \"yyyy-MM-dd EEEE\" :file/name-format :triple-lowbar}
//- pages/Atlas.md
type:: project

- Tasks
\t- TODO [#A] Ship the Atlas cutover (COS-1)
\t  DEADLINE: <2024-12-09 Mon>
\t- DOING [#B] Write the runbook
\t  SCHEDULED: <2024-12-10 Tue>
\t- TODO Plan the retro
\t- DONE [#A] Kickoff
\t  completed:: 2024-11-01
//- pages/Priya.md
type:: person

- [[2024-12-02 Monday]]
\t- TODO [#C] Send Priya the design doc
\t  DEADLINE: <2024-12-14 Sat>
//- pages/Goals.md
- Projects
\t- Billing
\t\t- LATER Review invoices #finance
\t\t  SCHEDULED: <2025-01-15 Wed>
- People
\t- Karan 1-on-1
\t\t- [[2024-12-03 Tuesday]]
\t\t\t- WAITING Karan's access request
//- journals/2024_12_10.md
- TODO [#A] Call with [[Priya]] about [[Atlas]]
  SCHEDULED: <2024-12-12 Thu .+1w>
- CANCELED Old thing
- TODO Malformed dates stay as written
  DEADLINE: <2024-13-45 Mon>
";

/// The fixture vault, run as of 2024-12-10.
struct Agenda(DatedVault);

impl std::ops::Deref for Agenda {
    type Target = DatedVault;

    fn deref(&self) -> &DatedVault {
        &self.0
    }
}

impl Agenda {
    fn new() -> Agenda {
        Agenda(DatedVault::new(VAULT, "2024-12-10"))
    }

    fn tasks(&self, filters: &[&str]) -> Vec<serde_json::Value> {
        let mut args = vec!["todo", "--json"];
        args.extend_from_slice(filters);
        let output = self.cairn(&args);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    }

    /// `text` of each task the filters select, in agenda order.
    fn texts(&self, filters: &[&str]) -> Vec<String> {
        self.tasks(filters)
            .iter()
            .map(|t| t["text"].as_str().unwrap().to_string())
            .collect()
    }

    fn id_of(&self, text: &str) -> String {
        let tasks = self.tasks(&["--all"]);
        let task = tasks
            .iter()
            .find(|t| t["text"] == text)
            .unwrap_or_else(|| panic!("no task {text}"));
        task["id"].as_str().unwrap().to_string()
    }
}

#[test]
fn default_agenda_is_overdue_first_then_priority_date_and_page() {
    let agenda = Agenda::new();
    assert_eq!(
        agenda.texts(&[]),
        [
            "Ship the Atlas cutover (COS-1)",
            "Call with [[Priya]] about [[Atlas]]",
            "Write the runbook",
            "Send Priya the design doc",
            "Review invoices #finance",
            "Malformed dates stay as written",
            "Plan the retro",
            "Karan's access request",
        ]
    );
}

#[test]
fn tasks_carry_section_project_person_and_day() {
    let agenda = Agenda::new();
    let tasks = agenda.tasks(&[]);
    let row = |text: &str| {
        let t = tasks.iter().find(|t| t["text"] == text).unwrap();
        (
            t["section"].as_str().unwrap().to_string(),
            t["project"].as_str().map(str::to_string),
            t["person"].as_str().map(str::to_string),
            t["day"].as_str().map(str::to_string),
        )
    };
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        row("Ship the Atlas cutover (COS-1)"),
        ("overdue".into(), some("Atlas"), None, None)
    );
    assert_eq!(
        row("Write the runbook"),
        ("today".into(), some("Atlas"), None, None)
    );
    assert_eq!(
        row("Call with [[Priya]] about [[Atlas]]"),
        (
            "next-7-days".into(),
            some("Atlas"),
            some("Priya"),
            some("2024-12-10")
        )
    );
    assert_eq!(
        row("Send Priya the design doc"),
        (
            "next-7-days".into(),
            None,
            some("Priya"),
            some("2024-12-02")
        )
    );
    assert_eq!(
        row("Review invoices #finance"),
        ("later".into(), some("Billing"), None, None)
    );
    assert_eq!(
        row("Karan's access request"),
        ("no-date".into(), None, some("Karan"), some("2024-12-03"))
    );
    let call = tasks
        .iter()
        .find(|t| t["text"] == "Call with [[Priya]] about [[Atlas]]")
        .unwrap();
    assert_eq!(call["scheduled"], "2024-12-12");
    assert_eq!(call["scheduled_repeater"], ".+1w");
    assert_eq!(call["priority"], "A");
    assert_eq!(call["marker"], "TODO");
    assert_eq!(call["page"], "2024-12-10 Tuesday");
}

#[test]
fn agenda_filters() {
    let agenda = Agenda::new();
    assert_eq!(
        agenda.texts(&["--overdue"]),
        ["Ship the Atlas cutover (COS-1)"]
    );
    assert_eq!(agenda.texts(&["--today-only"]), ["Write the runbook"]);
    assert_eq!(
        agenda.texts(&["--due-within", "3d"]),
        [
            "Ship the Atlas cutover (COS-1)",
            "Call with [[Priya]] about [[Atlas]]",
            "Write the runbook"
        ]
    );
    assert_eq!(
        agenda.texts(&["--priority", "A"]),
        [
            "Ship the Atlas cutover (COS-1)",
            "Call with [[Priya]] about [[Atlas]]"
        ]
    );
    assert_eq!(
        agenda.texts(&["--project", "atlas"]),
        [
            "Ship the Atlas cutover (COS-1)",
            "Call with [[Priya]] about [[Atlas]]",
            "Write the runbook",
            "Plan the retro"
        ]
    );
    assert_eq!(
        agenda.texts(&["--person", "Priya"]),
        [
            "Call with [[Priya]] about [[Atlas]]",
            "Send Priya the design doc"
        ]
    );
    assert_eq!(
        agenda.texts(&["--person", "karan"]),
        ["Karan's access request"]
    );
    assert_eq!(
        agenda.texts(&["--tag", "finance"]),
        ["Review invoices #finance"]
    );
    assert_eq!(agenda.texts(&["--marker", "DONE"]), ["Kickoff"]);
    assert_eq!(agenda.texts(&["--marker", "canceled"]), ["Old thing"]);
    assert_eq!(
        agenda.texts(&["--no-date"]),
        [
            "Malformed dates stay as written",
            "Plan the retro",
            "Karan's access request"
        ]
    );
    assert_eq!(
        agenda.texts(&["--page", "goals", "--all"]),
        ["Review invoices #finance", "Karan's access request"]
    );
}

#[test]
fn human_agenda_is_grouped_by_section() {
    let agenda = Agenda::new();
    let out = stdout(&agenda.cairn(&["todo"]));
    let headings: Vec<&str> = out
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.is_empty())
        .collect();
    assert_eq!(
        headings,
        [
            "Overdue (1)",
            "Today (1)",
            "Next 7 days (2)",
            "Later (1)",
            "No date (3)"
        ]
    );
}

#[test]
fn marking_done_changes_only_the_task_lines_and_keeps_its_id() {
    let agenda = Agenda::new();
    let id = agenda.id_of("Ship the Atlas cutover (COS-1)");
    let before = agenda.vault.read("pages/Atlas.md");
    let output = agenda.cairn(&["task", &id, "done"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let after = agenda.vault.read("pages/Atlas.md");
    assert_eq!(
        after,
        before.replace(
            "\t- TODO [#A] Ship the Atlas cutover (COS-1)\n\t  DEADLINE: <2024-12-09 Mon>\n",
            "\t- DONE [#A] Ship the Atlas cutover (COS-1)\n\t  DEADLINE: <2024-12-09 Mon>\n\t  completed:: 2024-12-10\n"
        )
    );
    assert_eq!(
        agenda.id_of("Ship the Atlas cutover (COS-1)"),
        id,
        "the handle survives the edit"
    );
    assert!(!agenda
        .texts(&[])
        .contains(&"Ship the Atlas cutover (COS-1)".to_string()));
    // Reopening removes the completion record again.
    assert!(agenda.cairn(&["task", &id, "todo"]).status.success());
    assert_eq!(agenda.vault.read("pages/Atlas.md"), before);
}

#[test]
fn completing_a_repeating_task_moves_its_date_and_keeps_it_open() {
    let agenda = Agenda::new();
    let id = agenda.id_of("Call with [[Priya]] about [[Atlas]]");
    assert!(agenda.cairn(&["task", &id, "done"]).status.success());
    let journal = agenda.vault.read("journals/2024_12_10.md");
    assert!(
        journal.starts_with(
            "- TODO [#A] Call with [[Priya]] about [[Atlas]]\n  SCHEDULED: <2024-12-17 Tue .+1w>\n  completed:: 2024-12-10\n"
        ),
        "{journal}"
    );
}

#[test]
fn priority_deadline_and_cycle_edits() {
    let agenda = Agenda::new();
    let id = agenda.id_of("Plan the retro");
    assert!(agenda
        .cairn(&["task", &id, "priority", "b"])
        .status
        .success());
    assert!(agenda
        .cairn(&["task", &id, "deadline", "2024-12-20"])
        .status
        .success());
    assert!(agenda.cairn(&["task", &id, "cycle"]).status.success());
    let page = agenda.vault.read("pages/Atlas.md");
    assert!(
        page.contains("\t- DOING [#B] Plan the retro\n\t  DEADLINE: <2024-12-20 Fri>\n\t- DONE"),
        "{page}"
    );
    assert!(agenda
        .cairn(&["task", &id, "deadline", "none"])
        .status
        .success());
    assert!(agenda
        .cairn(&["task", &id, "priority", "none"])
        .status
        .success());
    assert!(agenda
        .vault
        .read("pages/Atlas.md")
        .contains("\t- DOING Plan the retro\n\t- DONE"));
}

#[test]
fn malformed_dates_are_reported_and_kept_byte_for_byte() {
    let agenda = Agenda::new();
    let check = stdout(&agenda.cairn(&["check"]));
    assert!(
        check.contains("journals/2024_12_10.md:5: warning: malformed-timestamp"),
        "{check}"
    );
    // Editing another task in the same file leaves the malformed line as it was.
    let id = agenda.id_of("Old thing");
    assert!(agenda.cairn(&["task", &id, "todo"]).status.success());
    assert!(agenda
        .vault
        .read("journals/2024_12_10.md")
        .contains("  DEADLINE: <2024-13-45 Mon>\n"));
}

#[test]
fn task_commands_refuse_bad_input_without_touching_files() {
    let agenda = Agenda::new();
    let before = agenda.vault.read("pages/Atlas.md");
    let id = agenda.id_of("Plan the retro");
    for args in [
        vec!["task", "t0000000000", "done"],
        vec!["task", &id, "priority", "Z"],
        vec!["task", &id, "deadline", "2024-13-01"],
        vec!["task", &id, "explode"],
    ] {
        let output = agenda.cairn(&args);
        assert!(!output.status.success(), "{args:?} should fail");
        assert!(!output.stderr.is_empty());
    }
    assert_eq!(agenda.vault.read("pages/Atlas.md"), before);
}

#[test]
fn a_task_changed_on_disk_is_found_again_by_its_handle() {
    let agenda = Agenda::new();
    let id = agenda.id_of("Write the runbook");
    // Another editor inserts a block above it: the handle still finds the task.
    let page = agenda.vault.read("pages/Atlas.md");
    agenda.vault.write(
        "pages/Atlas.md",
        &page.replace("- Tasks\n", "- Notes from Logseq\n- Tasks\n"),
    );
    assert!(agenda.cairn(&["task", &id, "done"]).status.success());
    assert!(agenda
        .vault
        .read("pages/Atlas.md")
        .contains("\t- DONE [#B] Write the runbook\n"));
}
