//! A hostile vault (see `hostile_vault.rs`) through every command of the `cairn` binary
//! and every view of the desktop app: nothing panics or hangs, memory stays bounded, no
//! HTML that either produces can run script, and nothing outside the vault is read,
//! shown or changed.
//!
//! The huge inputs (a 10 MB line and a page 10,000 levels deep) run in a test of their
//! own; a page of a million blocks joins them with `CAIRN_HOSTILE_MILLION=1`, since a
//! debug build takes minutes over it.
//!
//! Two smaller promises of the same kind close the file: a name Windows reserves never
//! becomes a person's file, and an error from the system is said once.

use std::time::Duration;

use cairn::app::{AgendaQuery, ExportFormat, ReviewQuery, Session};
use serde_json::Value;

use crate::hostile_vault::{
    cairn, generate, run_bounded, script_in, Bounded, HostileVault, Scale, SENTINEL,
};

/// What only a read of the system's files outside the vault could print.
const OUTSIDE_TEXTS: [&str; 3] = [SENTINEL, "root:x:0:0", "VmRSS:"];

/// Each command of `cairn --help` with the arguments that make it do the most with the
/// payloads: every format, searches for the payloads' words, the payload people and
/// project, names that cannot be files.
fn every_command() -> Vec<Vec<&'static str>> {
    vec![
        vec!["check", "--all"],
        vec!["stats", "--json"],
        vec!["roundtrip"],
        vec!["outline"],
        vec!["outline", "--json"],
        vec!["import"],
        vec!["search", "script alert"],
        vec!["search", "javascript", "--json"],
        vec!["search", "SENTINEL"],
        vec!["search", "<img src=x onerror=alert(1)>"],
        vec!["backlinks", "Payloads"],
        vec!["backlinks", "<script>alert('ref')</script>", "--json"],
        vec!["todo"],
        vec!["todo", "--all", "--json"],
        vec!["query", "(and (task TODO DOING) [[Mallory]])"],
        vec!["query", "\"javascript\"", "--json"],
        vec!["queries"],
        vec!["people"],
        vec!["people", "--json"],
        vec!["person", "Mallory"],
        vec!["person", "Mallory", "--json"],
        vec!["projects"],
        vec!["project", "Payload project", "--json"],
        vec!["tickets"],
        vec!["ticket", "COS-4", "--json"],
        vec!["review", "--year", "2026"],
        vec!["review", "--year", "2026", "--format", "html"],
        vec![
            "review",
            "--year",
            "2026",
            "--format",
            "html",
            "--sources",
            "inline",
        ],
        vec!["review", "--year", "2026", "--format", "json"],
        vec!["review", "--year", "2026", "--save"],
        vec!["one-on-one", "Mallory"],
        vec!["one-on-one", "CON"],
        vec!["one-on-one", "../outside/secret"],
        vec!["one-on-one", "<script>alert('name')</script>"],
    ]
}

/// Whether `args` asks for HTML.
fn is_html(args: &[&str]) -> bool {
    args.windows(2).any(|w| w == ["--format", "html"])
}

/// Runs one command and checks what every command owes a hostile vault; returns its run.
fn check_command(hostile: &HostileVault, args: &[&str], limit: Duration) -> Bounded {
    let run = run_bounded(cairn(hostile, args), limit);
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.timed_out, "cairn {args:?} ran past {limit:?}");
    assert_eq!(
        run.signal, None,
        "cairn {args:?} was killed by a signal; stderr: {stderr}"
    );
    assert_ne!(run.code, Some(101), "cairn {args:?} panicked: {stderr}");
    for text in OUTSIDE_TEXTS {
        assert!(
            !stdout.contains(text) && !stderr.contains(text),
            "cairn {args:?} shows {text:?}, read outside the vault"
        );
    }
    if is_html(args) {
        assert_eq!(run.code, Some(0), "cairn {args:?}: {stderr}");
        assert_eq!(script_in(&stdout), None, "cairn {args:?}");
    }
    run
}

/// Every `html` field anywhere in a view, with where it is.
fn html_fields(value: &Value, at: &str, found: &mut Vec<(String, String)>) {
    match value {
        Value::Object(fields) => {
            for (key, field) in fields {
                let at = format!("{at}.{key}");
                match field {
                    Value::String(html) if key.to_lowercase().ends_with("html") => {
                        found.push((at, html.clone()))
                    }
                    _ => html_fields(field, &at, found),
                }
            }
        }
        Value::Array(items) => {
            for (n, item) in items.iter().enumerate() {
                html_fields(item, &format!("{at}[{n}]"), found);
            }
        }
        _ => {}
    }
}

/// Checks a view the app would show: no script in its HTML, nothing from outside.
fn check_view(name: &str, view: &impl serde::Serialize) -> usize {
    let value = serde_json::to_value(view).unwrap();
    let text = value.to_string();
    for outside in OUTSIDE_TEXTS {
        assert!(!text.contains(outside), "{name} shows {outside:?}");
    }
    let mut found = Vec::new();
    html_fields(&value, name, &mut found);
    for (at, html) in &found {
        assert_eq!(script_in(html), None, "{at}: {html}");
    }
    found.len()
}

#[test]
fn the_html_checker_finds_script_wherever_html_can_hold_it() {
    for html in [
        "<p><script>x</script></p>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\" JaVa&#x09;Script&colon;alert(1)\">x</a>",
        "<a href='data:text/html,x'>x</a>",
        "<svg><a xlink:href=\"javascript:x\">x</a></svg>",
        "<div title=\"a > b\" onclick=\"x\">",
        "<iframe srcdoc=x>",
    ] {
        assert!(script_in(html).is_some(), "{html}");
    }
    for html in [
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=alert(1) javascript:x</p>",
        "<a href=\"https://tracker.example.com/COS-1&quot; onmouseover=&quot;x\">COS-1</a>",
        "<a href=\"#fn1\" title=\"onclick=x\">1</a>",
    ] {
        assert_eq!(script_in(html), None, "{html}");
    }
}

#[test]
fn a_hostile_vault_through_every_command_runs_no_script_and_stays_inside_the_vault() {
    let hostile = generate(Scale::SMALL);
    let before = hostile.surroundings();
    let outside_files = before.len();
    assert!(outside_files >= 2, "the sentinel files are there");
    let limit = Duration::from_secs(60);
    for args in every_command() {
        check_command(&hostile, &args, limit);
    }
    // A task with a payload in its title, changed by the id the agenda gives it.
    let todo = check_command(&hostile, &["todo", "--json"], limit);
    let tasks: Value = serde_json::from_slice(&todo.stdout).unwrap();
    let payload_task = tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["text"].as_str().unwrap_or("").contains("payload"))
        .expect("the task with a payload is on the agenda");
    let id = payload_task["id"].as_str().unwrap();
    for change in [["done", ""], ["priority", "C"], ["deadline", "2026-12-24"]] {
        let args: Vec<&str> = ["task", id]
            .into_iter()
            .chain(change.into_iter().filter(|w| !w.is_empty()))
            .collect();
        let run = check_command(&hostile, &args, limit);
        assert_eq!(run.code, Some(0), "{args:?}");
    }
    // An export written to a file holds the same inert HTML.
    let exports = tempfile::tempdir().unwrap();
    let file = exports.path().join("review.html");
    let file_arg = file.to_str().unwrap();
    check_command(
        &hostile,
        &[
            "review", "--year", "2026", "--format", "html", "-o", file_arg,
        ],
        limit,
    );
    assert_eq!(script_in(&std::fs::read_to_string(&file).unwrap()), None);
    assert_eq!(
        hostile.surroundings(),
        before,
        "nothing beside the vault was written or touched"
    );
}

#[test]
fn the_apps_views_of_a_hostile_vault_run_no_script_and_stay_inside_the_vault() {
    let hostile = generate(Scale::SMALL);
    let before = hostile.surroundings();
    let cache = tempfile::tempdir().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let session = Session::open(
        &hostile.vault(),
        Some(cache.path().to_path_buf()),
        Some(today),
        &mut |_| {},
    )
    .unwrap();
    let mut fields = 0;
    let pages = session.all_pages().unwrap();
    fields += check_view("all pages", &pages);
    for page in &pages {
        fields += check_view(&page.name, &session.page(&page.name).unwrap());
        fields += check_view(&page.name, &session.references(&page.name).unwrap());
    }
    fields += check_view("journals", &session.journals(None, 50).unwrap());
    fields += check_view("agenda", &session.agenda(&AgendaQuery::default()).unwrap());
    let people = session.people().unwrap();
    fields += check_view("people", &people);
    for person in &people {
        fields += check_view(&person.name, &session.person(&person.name).unwrap());
    }
    let projects = session.projects().unwrap();
    fields += check_view("projects", &projects);
    for project in &projects {
        fields += check_view(&project.name, &session.project(&project.name).unwrap());
    }
    for words in ["script", "alert", "javascript", "SENTINEL", "onerror"] {
        let hits = session.search_handle().search(words, 200).unwrap();
        fields += check_view(words, &hits);
    }
    // As the window sends it: the year's draft, of every project.
    let year: ReviewQuery =
        serde_json::from_value(serde_json::json!({ "year": 2026, "projects": [] })).unwrap();
    fields += check_view("review", &session.review(&year).unwrap());
    let export = session.export_review(&year, ExportFormat::Html).unwrap();
    assert_eq!(script_in(&export), None, "the app's HTML export");
    assert!(
        fields > 100,
        "the views carry the payloads' HTML: {fields} fields"
    );
    assert_eq!(hostile.surroundings(), before);
}

#[test]
fn huge_inputs_through_every_command_finish_in_bounded_time_and_memory() {
    let million = std::env::var_os("CAIRN_HOSTILE_MILLION").is_some();
    let scale = Scale {
        long_line: true,
        levels: 10_000,
        blocks: if million { 1_000_000 } else { 0 },
    };
    let hostile = generate(scale);
    let before = hostile.surroundings();
    let input: u64 = ["long line.md", "deep.md", "million.md"]
        .iter()
        .filter_map(|name| std::fs::metadata(hostile.vault().join("pages").join(name)).ok())
        .map(|meta| meta.len())
        .sum();
    // Generous for a debug build on a busy machine; a hang or a quadratic blow-up
    // overshoots either by far.
    let limit = Duration::from_secs(if million { 900 } else { 240 });
    // Linear in the input: in bytes for the long line and the deep page, in blocks for the
    // million (a release import holds about 1 KB a block, `todo --json` 1.6 KB a task).
    let memory_bound = 256 * 1024 * 1024 + 6 * input + 2048 * scale.blocks as u64;
    let mut slowest = (Duration::ZERO, String::new());
    let mut largest = (0, String::new());
    for args in every_command() {
        let run = check_command(&hostile, &args, limit);
        if run.elapsed > slowest.0 {
            slowest = (run.elapsed, format!("{args:?}"));
        }
        if run.peak_memory > largest.0 {
            largest = (run.peak_memory, format!("{args:?}"));
        }
        assert!(
            run.peak_memory < memory_bound,
            "cairn {args:?} peaked at {} MB for {} MB of input",
            run.peak_memory >> 20,
            input >> 20
        );
    }
    eprintln!(
        "huge inputs ({} MB): slowest command {} in {:.1?}, most memory {} with {} MB",
        input >> 20,
        slowest.1,
        slowest.0,
        largest.1,
        largest.0 >> 20
    );
    assert_eq!(hostile.surroundings(), before);
}

#[test]
fn one_on_one_refuses_a_name_windows_reserves_and_writes_nothing() {
    let vault = crate::support::FixtureVault::new("//- pages/contents.md\n- People\n\t- [[Ann]]\n");
    for name in ["CON", "nul", "Com1", "LPT9"] {
        let output = vault.cairn(&["one-on-one", name]);
        let said = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {said}");
        assert!(said.contains("Windows reserves it"), "{name}: {said}");
    }
    let pages: Vec<_> = std::fs::read_dir(vault.path().join("pages"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(pages, ["contents.md"]);
}

#[test]
fn an_error_from_the_system_is_said_once() {
    let vault = crate::support::FixtureVault::new("//- pages/a.md\n- TODO a task\n");
    let blocker = vault.path().join("a file, not a folder");
    std::fs::write(&blocker, "").unwrap();
    let cache = blocker.join("cache");
    let output = vault.cairn(&["--cache-dir", cache.to_str().unwrap(), "todo"]);
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(said.matches("Not a directory").count(), 1, "{said}");
    assert_eq!(said.matches("os error").count(), 1, "{said}");
}
