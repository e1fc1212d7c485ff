//! People in the app's session: the list in the order people are due, a person's screen
//! with their entries on editable pages, and Start 1-on-1, which writes through the
//! library's one `start_one_on_one` and leaves an empty block to type in, once a day.

use cairn::app::{ErrorCode, Session};
use chrono::NaiveDate;

use crate::support::{open_session, FixtureVault};

const VAULT: &str = "\
//- logseq/config.edn
{:journal/page-title-format \"yyyy-MM-dd EEEE\"}
//- pages/Team.md
- People
\t- Marcus Chen
\t\t- [[2026-11-10 Tuesday]]
\t\t\t- Wants to own the retries
\t\t\t- TODO Marcus to send the retry design
\t- Lena Park
\t\t- [[2026-11-20 Friday]]
\t\t\t- Fine
//- pages/Oskar.md
type:: person
";

fn open(vault: &FixtureVault) -> (Session, tempfile::TempDir) {
    open_session(vault, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap())
}

#[test]
fn the_people_list_puts_whoever_is_most_due_first() {
    let vault = FixtureVault::new(VAULT);
    let (session, _cache) = open(&vault);
    let rows: Vec<_> = session
        .people()
        .unwrap()
        .into_iter()
        .map(|p| (p.name, p.due_in, p.overdue))
        .collect();
    assert_eq!(
        rows,
        [
            ("Marcus Chen".to_string(), Some(0), false),
            ("Lena Park".to_string(), Some(10), false),
            ("Oskar".to_string(), None, false),
        ]
    );
}

#[test]
fn starting_a_one_on_one_twice_a_day_gives_one_entry_and_an_empty_block_to_type_in() {
    let vault = FixtureVault::new(VAULT);
    let (mut session, _cache) = open(&vault);
    let started = session.start_one_on_one("marcus").unwrap();
    assert!(started.created);
    let text = vault.read("pages/Team.md");
    let uuid = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("id:: "))
        .expect("the carried task got an id");
    assert!(text.contains(&format!(
        "\t\t- [[2026-11-24 Tuesday]]\n\t\t\t- (({uuid}))\n\t\t\t-\n\t- Lena Park\n"
    )));
    let page = &started.screen.pages[0];
    let focus = &page.blocks[started.focus as usize];
    assert_eq!(
        (focus.raw.as_str(), focus.parent),
        ("", Some(started.entry))
    );
    assert_eq!(started.screen.entries[0].date, "2026-11-24");

    let again = session.start_one_on_one("Marcus Chen").unwrap();
    assert!(!again.created);
    assert_eq!((again.entry, again.focus), (started.entry, started.focus));
    assert_eq!(
        vault.read("pages/Team.md"),
        text,
        "nothing written the second time"
    );
}

#[test]
fn a_started_entry_with_notes_gets_a_new_empty_block_after_them() {
    let vault = FixtureVault::new(VAULT);
    let (mut session, _cache) = open(&vault);
    let started = session.start_one_on_one("Lena").unwrap();
    let op = cairn::app::EditOp::SetContent {
        block: started.focus,
        content: "Talked about the offsite".into(),
    };
    let page = &started.screen.pages[0];
    session
        .apply_edits(&page.name, page.version.as_deref(), &[op])
        .unwrap();
    let again = session.start_one_on_one("Lena").unwrap();
    assert!(!again.created);
    assert!(vault
        .read("pages/Team.md")
        .ends_with("\t\t- [[2026-11-24 Tuesday]]\n\t\t\t- Talked about the offsite\n\t\t\t-\n"));
    assert_eq!(again.screen.pages[0].blocks[again.focus as usize].raw, "");
}

#[test]
fn the_person_screen_splits_items_and_points_at_the_persons_home() {
    let vault = FixtureVault::new(VAULT);
    let (session, _cache) = open(&vault);
    let screen = session.person("Marcus").unwrap();
    assert_eq!(screen.they_owe.len(), 1);
    assert!(screen.i_owe.is_empty());
    let home = screen.home.unwrap();
    assert_eq!(home.page, "Team");
    let block = &screen.pages[0].blocks[home.block.unwrap() as usize];
    assert_eq!(block.raw, "Marcus Chen");
    // Only Marcus's entry and its notes are rendered: the view shows nothing else of the
    // page, whose other blocks keep their text for editing.
    let rendered: Vec<&str> = screen.pages[0]
        .blocks
        .iter()
        .filter(|b| !b.html.is_empty())
        .map(|b| b.raw.as_str())
        .collect();
    assert_eq!(
        rendered,
        [
            "[[2026-11-10 Tuesday]]",
            "Wants to own the retries",
            "TODO Marcus to send the retry design"
        ]
    );
    assert_eq!(
        session.person("Nobody").unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[test]
fn adding_a_person_with_an_unsafe_name_is_a_clear_error() {
    let vault = FixtureVault::new(VAULT);
    let (mut session, _cache) = open(&vault);
    assert_eq!(session.add_person("Ada").unwrap(), "Ada");
    assert_eq!(vault.read("pages/Ada.md"), "type:: person\n");
    let error = session.add_person("../Ada").unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(
        error.message.contains("cannot be a person's page"),
        "{}",
        error.message
    );
}
