//! The 1-on-1 prep (what changed since the last 1-on-1 with a person), the person view's
//! shared projects, mentions and open items by direction, and adding a person, on a vault
//! shaped like the seeds: people as children of a `People` block, dated entries below them.

use chrono::NaiveDate;

use cairn::index::Index;
use cairn::people::{add_person, owed_by_them, person, prep, start_one_on_one, OneOnOneError};

use crate::support::FixtureVault;

const VAULT: &str = "\
//- logseq/config.edn
{:journal/page-title-format \"yyyy-MM-dd EEEE\" :file/name-format :triple-lowbar}
//- pages/Team.md
- People
\t- Marcus Chen
\t\t- [[2024-11-18 Monday]]
\t\t\t- Settling in
\t\t- [[2024-12-02 Monday]]
\t\t\t- Wants to own the [[Billing]] retries
\t\t\t- TODO Marcus to send the retry design
\t\t\t- TODO Review the on-call notes with Marcus
//- pages/Billing.md
type:: project

- Retries need a budget
//- journals/2024_11_20.md
- TODO Older ask for [[Marcus Chen]]
- [[Billing]] BIL-7 was scoped
//- journals/2024_11_25.md
- DONE Old item for [[Marcus Chen]]
  completed:: 2024-11-25
//- journals/2024_12_04.md
- DONE Share the dashboard with [[Marcus Chen]]
  completed:: 2024-12-04
//- journals/2024_12_05.md
- TODO Ask [[Marcus Chen]] about the retry budget
- [[Billing]] BIL-12 retry queue is behind a flag
- Lunch with [[Marcus Chen]]
";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 12, 9).unwrap()
}

fn synced(vault: &FixtureVault, cache: &tempfile::TempDir) -> Index {
    let vault = cairn::vault::Vault::open(vault.path()).unwrap();
    let mut index = Index::open(vault, Some(cache.path().to_path_buf())).unwrap();
    index.sync(&mut |_| {}).unwrap();
    index
}

#[test]
fn the_prep_lists_what_changed_since_the_last_one_on_one_and_not_before() {
    let vault = FixtureVault::new(VAULT);
    let cache = tempfile::tempdir().unwrap();
    let mut index = synced(&vault, &cache);
    // Today's entry is the one being prepared for: "since" stays the last one before it.
    start_one_on_one(&mut index, "Marcus", today()).unwrap();
    let prep = prep(index.store().connection(), "marcus chen", today())
        .unwrap()
        .unwrap();
    assert_eq!(prep.since.as_deref(), Some("2024-12-02"));
    let titles = |tasks: &[cairn::agenda::TaskView]| -> Vec<String> {
        tasks.iter().map(|t| t.text.clone()).collect()
    };
    assert_eq!(
        titles(&prep.completed),
        ["Share the dashboard with [[Marcus Chen]]"]
    );
    assert_eq!(
        titles(&prep.new_tasks),
        ["Ask [[Marcus Chen]] about the retry budget"]
    );
    let tickets: Vec<_> = prep
        .tickets
        .iter()
        .map(|t| (t.ticket.as_str(), t.project.as_str(), t.day.as_str()))
        .collect();
    assert_eq!(tickets, [("BIL-12", "Billing", "2024-12-05")]);
}

#[test]
fn someone_never_met_has_an_empty_prep_and_nobody_has_none() {
    let vault = FixtureVault::new(VAULT);
    let cache = tempfile::tempdir().unwrap();
    let mut index = synced(&vault, &cache);
    add_person(&mut index, "Ada Lovelace").unwrap();
    let prep = prep(index.store().connection(), "Ada Lovelace", today())
        .unwrap()
        .unwrap();
    assert_eq!(prep.since, None);
    assert!(prep.completed.is_empty() && prep.new_tasks.is_empty() && prep.tickets.is_empty());
    assert!(prep_of_nobody(&index).is_none());
}

fn prep_of_nobody(index: &Index) -> Option<cairn::people::Prep> {
    prep(index.store().connection(), "Nobody At All", today()).unwrap()
}

#[test]
fn the_person_view_has_shared_projects_mentions_and_items_by_direction() {
    let vault = FixtureVault::new(VAULT);
    let cache = tempfile::tempdir().unwrap();
    let index = synced(&vault, &cache);
    let view = person(index.store().connection(), "Marcus Chen", today(), 14)
        .unwrap()
        .unwrap();
    assert_eq!(view.projects, ["Billing"]);
    let mentions: Vec<_> = view.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(mentions, ["Lunch with [[Marcus Chen]]"]);
    let theirs: Vec<_> = view
        .open_items
        .iter()
        .filter(|t| owed_by_them(&t.text, &t.marker, &view.name, &view.aliases))
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(theirs, ["Marcus to send the retry design"]);
    assert_eq!(view.open_items.len(), 4, "{:?}", view.open_items);
}

#[test]
fn adding_a_person_makes_their_page_where_one_on_one_would_and_only_once() {
    let vault = FixtureVault::new(VAULT);
    let cache = tempfile::tempdir().unwrap();
    let mut index = synced(&vault, &cache);
    let added = add_person(&mut index, "  Ada Lovelace ").unwrap();
    assert_eq!(
        (added.name.as_str(), added.path.as_str(), added.created),
        ("Ada Lovelace", "pages/Ada Lovelace.md", true)
    );
    assert_eq!(vault.read("pages/Ada Lovelace.md"), "type:: person\n");
    let people = cairn::people::people(index.store().connection(), today(), 14).unwrap();
    assert!(people.iter().any(|p| p.name == "Ada Lovelace"));
    let again = add_person(&mut index, "ada lovelace").unwrap();
    assert!(!again.created);
    assert_eq!(again.path, "pages/Ada Lovelace.md");
    // Someone in a People section is known too, and gets no page.
    assert!(!add_person(&mut index, "Marcus Chen").unwrap().created);
    assert!(!vault.path().join("pages/Marcus Chen.md").exists());
}

#[test]
fn adding_a_person_refuses_unsafe_names_and_pages_that_are_not_people() {
    let vault = FixtureVault::new(VAULT);
    let cache = tempfile::tempdir().unwrap();
    let mut index = synced(&vault, &cache);
    let error = add_person(&mut index, "ops/../secrets").unwrap_err();
    assert!(matches!(error, OneOnOneError::BadName { .. }), "{error}");
    assert_eq!(
        error.to_string(),
        "`ops/../secrets` cannot be a person's page: each part between slashes needs a name, and `.` or `..` is none"
    );
    let error = add_person(&mut index, "Billing").unwrap_err();
    assert_eq!(
        error.to_string(),
        "pages/Billing.md already exists and is not a person's page"
    );
    assert_eq!(
        vault.read("pages/Billing.md"),
        "type:: project\n\n- Retries need a budget\n"
    );
}

/// Tickets in the prep come from the blocks of shared projects and from blocks that refer
/// to them, the newest mention of each; tickets of projects not shared stay out.
#[test]
fn the_prep_lists_the_newest_mention_of_each_ticket_of_a_shared_project_only() {
    let vault = FixtureVault::new(
        "\
//- logseq/config.edn
{:journal/page-title-format \"yyyy-MM-dd EEEE\" :file/name-format :triple-lowbar}
//- pages/Team.md
- People
\t- Marcus Chen
\t\t- [[2024-12-02 Monday]]
\t\t\t- Wants to own the [[Billing]] retries
//- pages/Billing.md
type:: project

- [[2024-12-06 Friday]] BIL-20 moved to review
- [[2024-11-29 Friday]] BIL-19 was before the last 1-on-1
//- pages/Search.md
type:: project

- [[2024-12-06 Friday]] SRCH-3 shipped
//- journals/2024_12_03.md
- [[Billing]] BIL-20 was picked up
//- journals/2024_12_07.md
- #Billing BIL-21 opened for the retry budget
- [[Search]] SRCH-4 is not Marcus's
",
    );
    let cache = tempfile::tempdir().unwrap();
    let index = synced(&vault, &cache);
    let prep = prep(index.store().connection(), "Marcus Chen", today())
        .unwrap()
        .unwrap();
    let tickets: Vec<_> = prep
        .tickets
        .iter()
        .map(|t| {
            (
                t.ticket.as_str(),
                t.project.as_str(),
                t.day.as_str(),
                t.page.as_str(),
            )
        })
        .collect();
    assert_eq!(
        tickets,
        [
            ("BIL-21", "Billing", "2024-12-07", "2024-12-07 Saturday"),
            ("BIL-20", "Billing", "2024-12-06", "Billing"),
        ]
    );
}
