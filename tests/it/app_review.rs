//! The review view of the app: the session keeps a draft's material between answers, and
//! every answer still follows the notes, whoever changed them.

use cairn::app::{ReviewChange, ReviewQuery, ReviewScreen, Session};
use cairn::index::{Index, WatchEvent};
use cairn::vault::Vault;
use chrono::NaiveDate;

use crate::review::VAULT;
use crate::support::{open_session, FixtureVault};

fn open(vault: &FixtureVault) -> (Session, tempfile::TempDir) {
    open_session(vault, NaiveDate::from_ymd_opt(2024, 12, 10).unwrap())
}

fn year_2024() -> ReviewQuery {
    ReviewQuery {
        year: Some(2024),
        from: None,
        to: None,
        projects: Vec::new(),
    }
}

/// The wording of every bullet of the draft, and of every bullet left out of it.
fn drafted(screen: &ReviewScreen) -> (Vec<String>, Vec<String>) {
    let all = |left_out: bool| {
        screen
            .projects
            .iter()
            .flat_map(|p| if left_out { &p.left_out } else { &p.items })
            .map(|i| i.text.clone())
            .collect()
    };
    (all(false), all(true))
}

fn id_of(screen: &ReviewScreen, text: &str) -> String {
    screen
        .projects
        .iter()
        .flat_map(|p| p.items.iter().chain(&p.left_out))
        .find(|i| i.text.contains(text))
        .unwrap_or_else(|| panic!("no bullet `{text}`"))
        .id
        .clone()
}

#[test]
fn the_review_view_follows_the_notes_after_choices_whoever_changes_them() {
    let vault = FixtureVault::new(VAULT);
    let (mut session, cache) = open(&vault);
    let first = session.review(&year_2024()).unwrap();
    let search = id_of(&first, "Shipped the new index");

    // A choice writes the draft page, which the kept material never took from.
    let chosen = session
        .choose_review(
            &year_2024(),
            &[ReviewChange {
                id: search.clone(),
                include: false,
            }],
        )
        .unwrap();
    let (items, left_out) = drafted(&chosen);
    assert!(left_out.iter().any(|t| t.contains("Shipped the new index")));
    assert!(!items.iter().any(|t| t.contains("Shipped the new index")));
    assert_eq!(
        drafted(&session.review(&year_2024()).unwrap()),
        (items, left_out)
    );

    // A note changed on disk and reported by the watcher.
    let atlas = vault.read("pages/Atlas.md").replace(
        "\t\t- Fixed the tokenizer\n",
        "\t\t- Fixed the tokenizer\n\t\t- **Replicas:** Added read replicas (ATL-20)\n",
    );
    vault.write("pages/Atlas.md", &atlas);
    session
        .apply_watch_event(&WatchEvent::Paths(vec!["pages/Atlas.md".into()]))
        .unwrap();
    let (items, left_out) = drafted(&session.review(&year_2024()).unwrap());
    assert!(
        items.iter().any(|t| t.contains("Added read replicas")),
        "{items:?}"
    );
    assert!(left_out.iter().any(|t| t.contains("Shipped the new index")));

    // A note changed by another process syncing the same cache.
    vault.write(
        "pages/Comet.md",
        "type:: project\n\n- Year end review\n\t- 2024\n\t\t- Tuned the cache (COM-3)\n",
    );
    let mut other = Index::open(
        Vault::open(vault.path()).unwrap(),
        Some(cache.path().to_path_buf()),
    )
    .unwrap();
    other.sync(&mut |_| {}).unwrap();
    let (items, _) = drafted(&session.review(&year_2024()).unwrap());
    assert!(
        items.iter().any(|t| t.contains("Tuned the cache")),
        "{items:?}"
    );
    assert!(!items.iter().any(|t| t.contains("Helped the team a lot")));

    // And the choice made before all this still holds, and can be undone.
    let put_back = session
        .choose_review(
            &year_2024(),
            &[ReviewChange {
                id: search,
                include: true,
            }],
        )
        .unwrap();
    assert!(drafted(&put_back)
        .0
        .iter()
        .any(|t| t.contains("Shipped the new index")));
}

#[test]
fn a_note_that_becomes_a_draft_page_leaves_the_material() {
    let vault = FixtureVault::new(VAULT);
    let (mut session, _cache) = open(&vault);
    let (items, _) = drafted(&session.review(&year_2024()).unwrap());
    assert!(items.iter().any(|t| t.contains("Helped the team a lot")));
    // Marked as a saved draft, Comet's page is no longer material for any review.
    let comet = format!("cairn-review:: 2023\n{}", vault.read("pages/Comet.md"));
    vault.write("pages/Comet.md", &comet);
    session
        .apply_watch_event(&WatchEvent::Paths(vec!["pages/Comet.md".into()]))
        .unwrap();
    let (items, _) = drafted(&session.review(&year_2024()).unwrap());
    assert!(
        !items.iter().any(|t| t.contains("Helped the team a lot")),
        "{items:?}"
    );
}
