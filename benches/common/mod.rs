//! What the benchmarks share: the shipped binaries' allocator, the 10,000-page generated
//! vault (seed 1), and private copies of it for benchmarks that write.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

/// The allocator the `cairn` binary and the desktop app use (see `src/main.rs`), so that
/// the figures are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub const PAGES: usize = 10_000;
pub const SEED: u64 = 1;

/// The generated vault in `target/bench-vaults`, generated when missing; `None` (after a
/// note) when `../shared` is not beside the repository.
pub fn generated_vault() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let vault = manifest
        .join("target")
        .join("bench-vaults")
        .join(format!("v10k-s{SEED}"));
    if vault.join(".gen-manifest.json").is_file() {
        return Some(vault);
    }
    let generator = manifest.join("../shared/bench/gen_vault.py");
    if !generator.is_file() {
        eprintln!("note: ../shared is not beside the repository; skipping benchmarks on the generated vault");
        return None;
    }
    let status = Command::new("python3")
        .arg(&generator)
        .arg(&vault)
        .args([
            "--pages",
            &PAGES.to_string(),
            "--seed",
            &SEED.to_string(),
            "--force",
        ])
        .status()
        .expect("python3 runs the vault generator");
    assert!(status.success(), "gen_vault.py failed");
    Some(vault)
}

/// Copies a vault with modification times an hour back, as a vault that has not just been
/// written looks; returns how many note files it copied.
pub fn copy_vault(from: &Path, to: &Path) -> usize {
    let old = SystemTime::now() - Duration::from_secs(3600);
    let mut files = 0;
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        std::fs::create_dir_all(to.join(&relative)).unwrap();
        for entry in std::fs::read_dir(from.join(&relative)).unwrap() {
            let entry = entry.unwrap();
            let path = relative.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                std::fs::copy(entry.path(), to.join(&path)).unwrap();
                let file = std::fs::File::options()
                    .write(true)
                    .open(to.join(&path))
                    .unwrap();
                file.set_modified(old).unwrap();
                if cairn::vault::is_note_path(&path.to_string_lossy()) {
                    files += 1;
                }
            }
        }
    }
    files
}
