//! The vault's `cairn.toml` in Settings: what the file sets and what is wrong with it, what
//! each proposed value would change in this vault, and a save that writes only the changed
//! keys, refuses wrong values, and never overwrites a file changed since it was shown.

use cairn::app::{ErrorCode, Session};
use cairn::index::WatchEvent;
use cairn::vault::{CompletionRecord, Settings};
use chrono::NaiveDate;

use crate::support::{open_session, FixtureVault};

const VAULT: &str = "\
//- cairn.toml
# Our tracker.
ticket_url = \"https://tracker.example.com/browse/{id}\"
one_on_one_cadence_days = 14
colour = \"blue\"
//- pages/Work.md
- People
\t- [[Priya Raman]]
\t\t- [[2026-11-02 Monday]]
\t\t\t- Talked about the cutover COS-113
\t- [[Sam Lee]]
\t\t- [[2026-11-20 Friday]]
\t\t\t- Pairing on NAV-7
- Projects
\t- Storage Migration
\t\t- TODO Cut over the EU cluster COS-113
\t\t- Paged by SRE-7233
- Team
\t- [[Ana Ortiz]]
//- pages/Ops checklist.md
- [ ] Rotate the keys
- [x] Renew the certificate
- [ ] Patch the hosts
";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn open(vault: &FixtureVault) -> (Session, tempfile::TempDir) {
    open_session(vault, today())
}

fn effect(preview: &cairn::app::SettingsPreview, key: &str) -> String {
    preview
        .effects
        .iter()
        .find(|e| e.key == key)
        .map(|e| e.text.clone())
        .unwrap_or_default()
}

#[test]
fn settings_show_what_the_file_sets_and_what_is_wrong_with_it() {
    let vault = FixtureVault::new(VAULT);
    let (session, _cache) = open(&vault);
    let screen = session.vault_settings().unwrap();
    assert_eq!(
        screen.settings.ticket_url.as_deref(),
        Some("https://tracker.example.com/browse/{id}")
    );
    assert_eq!(screen.settings.people_section, "People");
    assert_eq!(screen.problems.len(), 1);
    assert_eq!(screen.problems[0].key, "colour");
    assert!(screen.version.is_some());
    assert!(screen.path.ends_with("cairn.toml"));
    // The window says it on opening, before anyone visits Settings.
    assert_eq!(
        session.info().unwrap().settings_problem.as_deref(),
        Some("cairn.toml: colour: is not a key Cairn knows (ticket_url, ticket_keys, people_section, projects_section, one_on_one_cadence_days, completion, checklist_tasks); it is ignored")
    );
}

#[test]
fn the_preview_says_what_each_value_would_change_in_this_vault() {
    let vault = FixtureVault::new(VAULT);
    let (session, _cache) = open(&vault);
    let current = session.vault_settings().unwrap().settings;
    let preview = session.preview_vault_settings(&current).unwrap();
    assert!(preview.changed.is_empty());
    assert!(preview.problems.is_empty());
    assert_eq!(
        preview.file.as_deref(),
        Some(vault.read("cairn.toml").as_str())
    );
    assert_eq!(
        effect(&preview, "ticket_url"),
        "COS-113 links to https://tracker.example.com/browse/COS-113"
    );
    assert_eq!(
        effect(&preview, "ticket_keys"),
        "All 3 tickets in the notes count."
    );
    assert_eq!(
        effect(&preview, "people_section"),
        "Lists 2 people from “People” blocks on 1 page: Priya Raman, Sam Lee."
    );
    assert_eq!(
        effect(&preview, "projects_section"),
        "Lists 1 project from “Projects” blocks on 1 page: Storage Migration."
    );
    assert_eq!(
        effect(&preview, "one_on_one_cadence_days"),
        "Priya Raman is due for a 1-on-1 (1 of 2 people met)."
    );
    assert_eq!(
        effect(&preview, "completion"),
        "Completing a task writes “completed:: 2026-11-24” under it, which dates it for the review."
    );
    assert_eq!(
        effect(&preview, "checklist_tasks"),
        "3 checklist items on 1 page stay checklists; the agenda leaves them out."
    );

    let proposed = Settings {
        ticket_keys: vec!["COS".into(), "NAV".into()],
        people_section: "Team".into(),
        one_on_one_cadence_days: 30,
        completion: CompletionRecord::None,
        checklist_tasks: true,
        ..current
    };
    let preview = session.preview_vault_settings(&proposed).unwrap();
    assert_eq!(
        preview.changed,
        [
            "ticket_keys",
            "people_section",
            "one_on_one_cadence_days",
            "completion",
            "checklist_tasks"
        ]
    );
    assert_eq!(
        effect(&preview, "ticket_keys"),
        "2 of the 3 tickets in the notes count; 1 no longer would: SRE-7233."
    );
    assert_eq!(
        effect(&preview, "people_section"),
        "Lists 1 person from “Team” blocks on 1 page: Ana Ortiz."
    );
    assert_eq!(
        effect(&preview, "one_on_one_cadence_days"),
        "Nobody is due: each of the 2 people met had a 1-on-1 in the last 30 days."
    );
    assert_eq!(
        effect(&preview, "checklist_tasks"),
        "3 checklist items on 1 page count as tasks: the agenda lists the 2 open."
    );
    assert_eq!(
        preview.file.as_deref(),
        Some(
            "# Our tracker.\nticket_url = \"https://tracker.example.com/browse/{id}\"\n\
             one_on_one_cadence_days = 30\ncolour = \"blue\"\nticket_keys = [\"COS\", \"NAV\"]\n\
             people_section = \"Team\"\ncompletion = \"none\"\nchecklist_tasks = true\n"
        )
    );
}

#[test]
fn the_preview_follows_the_notes_when_they_change_after_it_was_shown() {
    let vault = FixtureVault::new(VAULT);
    let (mut session, _cache) = open(&vault);
    let current = session.vault_settings().unwrap().settings;
    let before = session.preview_vault_settings(&current).unwrap();
    assert_eq!(
        effect(&before, "people_section"),
        "Lists 2 people from “People” blocks on 1 page: Priya Raman, Sam Lee."
    );
    vault.write("pages/Team.md", "- People\n\t- [[Ana Ortiz]]\n");
    session
        .apply_watch_event(&WatchEvent::Paths(vec!["pages/Team.md".to_string()]))
        .unwrap();
    let after = session.preview_vault_settings(&current).unwrap();
    assert_eq!(
        effect(&after, "people_section"),
        "Lists 3 people from “People” blocks on 2 pages: Ana Ortiz, Priya Raman, Sam Lee."
    );
}

#[test]
fn the_preview_names_what_it_refuses_and_a_section_nobody_uses() {
    let vault = FixtureVault::new(VAULT);
    let (session, _cache) = open(&vault);
    let proposed = Settings {
        ticket_url: Some("javascript:alert(1)".into()),
        projects_section: "Initiatives".into(),
        one_on_one_cadence_days: 0,
        ..Settings::default()
    };
    let preview = session.preview_vault_settings(&proposed).unwrap();
    let refused: Vec<&str> = preview.problems.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(refused, ["ticket_url", "one_on_one_cadence_days"]);
    assert_eq!(
        effect(&preview, "projects_section"),
        "No top-level block is named “Initiatives”: projects come only from their own pages (“type:: project”, or under projects/)."
    );
}

#[test]
fn saving_writes_only_the_changed_keys_and_the_vault_opened_again_uses_them() {
    let vault = FixtureVault::new(VAULT);
    let (session, cache) = open(&vault);
    let screen = session.vault_settings().unwrap();
    let proposed = Settings {
        people_section: "Team".into(),
        checklist_tasks: true,
        ..screen.settings.clone()
    };
    session
        .save_vault_settings(&proposed, screen.version.as_deref())
        .unwrap();
    assert_eq!(
        vault.read("cairn.toml"),
        "# Our tracker.\nticket_url = \"https://tracker.example.com/browse/{id}\"\n\
         one_on_one_cadence_days = 14\ncolour = \"blue\"\npeople_section = \"Team\"\n\
         checklist_tasks = true\n"
    );
    drop(session);
    let session = Session::open(
        vault.path(),
        Some(cache.path().to_path_buf()),
        Some(today()),
        &mut |_| {},
    )
    .unwrap();
    let people: Vec<String> = session
        .people()
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(people, ["Ana Ortiz"]);
    assert_eq!(session.vault_settings().unwrap().settings, proposed);
}

#[test]
fn a_save_over_a_file_changed_since_or_with_a_wrong_value_writes_nothing() {
    let vault = FixtureVault::new(VAULT);
    let (session, _cache) = open(&vault);
    let screen = session.vault_settings().unwrap();
    let wrong = Settings {
        one_on_one_cadence_days: 1000,
        ..screen.settings.clone()
    };
    let error = session
        .save_vault_settings(&wrong, screen.version.as_deref())
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error
        .message
        .starts_with("one_on_one_cadence_days: must be from 1 to 365 days"));

    let elsewhere = "# Changed in an editor.\npeople_section = \"Folks\"\n";
    vault.write("cairn.toml", elsewhere);
    let proposed = Settings {
        people_section: "Team".into(),
        ..screen.settings.clone()
    };
    let error = session
        .save_vault_settings(&proposed, screen.version.as_deref())
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Conflict);
    assert_eq!(vault.read("cairn.toml"), elsewhere);
}

#[test]
fn a_vault_without_cairn_toml_gets_one_with_only_what_was_set() {
    let vault = FixtureVault::new("//- pages/A.md\n- a\n");
    let (session, _cache) = open(&vault);
    let screen = session.vault_settings().unwrap();
    assert_eq!(screen.version, None);
    let preview = session.preview_vault_settings(&screen.settings).unwrap();
    assert_eq!(
        effect(&preview, "checklist_tasks"),
        "The notes have no checklist items (“- [ ] …”)."
    );
    assert_eq!(screen.settings, Settings::default());
    let proposed = Settings {
        ticket_url: Some("https://linear.example/issue/{id}".into()),
        ..Settings::default()
    };
    session.save_vault_settings(&proposed, None).unwrap();
    assert_eq!(
        vault.read("cairn.toml"),
        "ticket_url = \"https://linear.example/issue/{id}\"\n"
    );
}

#[test]
fn a_file_that_is_not_toml_is_shown_with_its_problem_and_never_rewritten() {
    let broken = "people_section = \"Team\nticket_keys = [\n";
    let vault = FixtureVault::new(&format!("//- cairn.toml\n{broken}//- pages/A.md\n- a\n"));
    let (session, _cache) = open(&vault);
    let screen = session.vault_settings().unwrap();
    assert_eq!(screen.problems[0].key, "cairn.toml");
    let preview = session.preview_vault_settings(&screen.settings).unwrap();
    assert_eq!(preview.file, None);
    let error = session
        .save_vault_settings(&screen.settings, screen.version.as_deref())
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("mend it in a text editor"));
    assert_eq!(vault.read("cairn.toml"), broken);
}

#[test]
fn a_ticket_key_added_back_is_said_to_be_looked_for_when_the_vault_is_read_again() {
    let vault = FixtureVault::new(
        "//- cairn.toml\nticket_keys = [\"cos\"]\n//- pages/A.md\n- COS-1 and NAV-2\n",
    );
    let (session, _cache) = open(&vault);
    let current = session.vault_settings().unwrap().settings;
    let proposed = Settings {
        ticket_keys: vec!["COS".into(), "NAV".into()],
        ..current
    };
    let preview = session.preview_vault_settings(&proposed).unwrap();
    assert_eq!(
        effect(&preview, "ticket_keys"),
        "All 1 ticket in the notes count. Tickets of NAV are looked for when saving reads the vault again."
    );
}
