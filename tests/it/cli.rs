//! The `cairn` command line on fixture vaults and the demo vault.

use crate::support::{cairn_in, demo_vault, stdout, FixtureVault};

#[test]
fn demo_vault_is_clean_and_round_trips() {
    let check = cairn_in(&demo_vault(), &["check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let roundtrip = cairn_in(&demo_vault(), &["roundtrip"]);
    assert!(roundtrip.status.success());
    assert!(stdout(&roundtrip).contains("0 would change"));
}

#[test]
fn unreadable_files_are_reported_and_the_rest_loads() {
    let vault = FixtureVault::new("//- pages/good.md\n- TODO fine\n");
    std::fs::write(vault.path().join("pages/latin1.md"), b"- caf\xe9\n").unwrap();
    std::fs::write(vault.path().join("pages/image.md"), b"\x89PNG\x00\x00").unwrap();
    let check = vault.cairn(&["check"]);
    assert_eq!(
        check.status.code(),
        Some(1),
        "unreadable files make check fail"
    );
    let out = stdout(&check);
    assert!(out.contains("pages/latin1.md:1: not valid UTF-8"), "{out}");
    assert!(out.contains("pages/image.md: a binary file"), "{out}");
    let stats = vault.cairn(&["stats", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(json["pages"], 1);
    assert_eq!(json["tasks"], 1);
    assert_eq!(json["unreadable"], 2);
}

#[test]
fn vault_comes_from_the_environment_or_the_current_folder() {
    let vault = FixtureVault::new("//- pages/a.md\n- one\n");
    let from_env = std::process::Command::new(env!("CARGO_BIN_EXE_cairn"))
        .args(["stats", "--json"])
        .env("CAIRN_VAULT", vault.path())
        .output()
        .unwrap();
    assert!(from_env.status.success());
    let from_cwd = std::process::Command::new(env!("CARGO_BIN_EXE_cairn"))
        .args(["stats", "--json"])
        .env_remove("CAIRN_VAULT")
        .current_dir(vault.path())
        .output()
        .unwrap();
    assert!(from_cwd.status.success());
    let nowhere = std::process::Command::new(env!("CARGO_BIN_EXE_cairn"))
        .args(["stats"])
        .env_remove("CAIRN_VAULT")
        .current_dir(vault.path().join("pages"))
        .output()
        .unwrap();
    assert_eq!(nowhere.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&nowhere.stderr).contains("no vault here"));
}

#[test]
fn a_hidden_note_file_is_named_by_check_never_skipped_without_a_word() {
    // Logseq skips `.name.md`, so Cairn does too; seen in a real graph (`pages/.bss.md`).
    let vault = FixtureVault::new("//- pages/good.md\n- fine\n//- pages/.bss.md\n- hidden\n");
    let check = vault.cairn(&["check", "--all"]);
    assert!(check.status.success(), "a hidden file is no error");
    let out = stdout(&check);
    assert!(out.contains("pages/.bss.md: note: hidden-file:"), "{out}");
    let outline = vault.cairn(&["outline"]);
    assert!(!stdout(&outline).contains(".bss.md"));
}

#[test]
fn outline_lists_each_files_blocks_as_logseq_reads_them() {
    let vault = FixtureVault::new(
        "//- pages/p.md\ntitle:: P\n\n# Heading\nmargin text\n- TODO [#A] task\n  - id:: 63b7a5c0\n- [ ] box\n",
    );
    let out = stdout(&vault.cairn(&[
        "outline",
        &vault.path().join("pages/p.md").display().to_string(),
    ]));
    expect_test::expect![[r#"
        PATH
             1  (pre-block) title:: P
             3  Heading
             5  TODO [#A] task
             6    id:: 63b7a5c0
             7  [ ] box
    "#]]
    .assert_eq(&out.replace(
        &vault.path().join("pages/p.md").display().to_string(),
        "PATH",
    ));
    let json = stdout(&vault.cairn(&["outline", "--json"]));
    let value: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(value["path"], "pages/p.md");
    assert_eq!(value["blocks"][3]["id"], "63b7a5c0");
    assert_eq!(value["blocks"][4]["checkbox"], false);
}

/// Regression: `outline --json` went through the terminal's control-character escaping, so a
/// C1 control in a note (a real graph had U+0080 from a PDF copy) came out as `\u{80}`,
/// which is not JSON.
#[test]
fn outline_json_keeps_control_characters_valid_json() {
    let vault = FixtureVault::new("//- pages/p.md\n- \u{80}t all specialized \u{1b}[2J\n");
    let json = stdout(&vault.cairn(&["outline", "--json"]));
    let value: serde_json::Value =
        serde_json::from_str(json.lines().next().unwrap()).expect("valid JSON");
    assert_eq!(
        value["blocks"][0]["title"],
        "\u{80}t all specialized \u{1b}[2J"
    );
}

#[test]
#[cfg(unix)]
fn regression_output_into_a_closed_pipe_ends_quietly_without_a_panic() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let vault = crate::support::demo_vault();
    let cache = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cairn"))
        .args(["--vault", vault.to_str().unwrap(), "--cache-dir"])
        .arg(cache.path())
        .args(["--today", "2026-12-01", "todo", "--all", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then hang up, as `head -c1` does.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(output.status.code(), Some(101), "{stderr}");
}

#[test]
fn a_wrong_key_of_cairn_toml_is_said_on_stderr_and_the_other_keys_apply() {
    let vault = FixtureVault::new(
        "//- cairn.toml\none_on_one_cadence_days = \"often\"\npeople_section = \"Team\"\n\
         //- pages/Work.md\n- Team\n\t- [[Ana Ortiz]]\n",
    );
    let people = vault.cairn(&["people"]);
    assert!(people.status.success());
    let stderr = String::from_utf8_lossy(&people.stderr);
    assert!(
        stderr.contains("cairn: cairn.toml: one_on_one_cadence_days: must be a number of days"),
        "{stderr}"
    );
    assert!(stdout(&people).contains("Ana Ortiz"));
}
