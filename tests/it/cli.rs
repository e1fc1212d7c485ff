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
