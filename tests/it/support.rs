//! Test helpers: inline fixture vaults, the `cairn` binary, and the shared material
//! (`../shared/seeds`, the vault generator) when it sits beside the repository.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A vault in a temporary folder, written from one string: each file starts with a line
/// `//- path/in/vault.md` and runs to the next such line.
pub struct FixtureVault {
    dir: tempfile::TempDir,
}

impl FixtureVault {
    pub fn new(spec: &str) -> FixtureVault {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("pages")).unwrap();
        std::fs::create_dir_all(dir.path().join("journals")).unwrap();
        let mut current: Option<(String, String)> = None;
        let mut files = Vec::new();
        for line in spec.split_inclusive('\n') {
            if let Some(path) = line.strip_prefix("//- ") {
                files.extend(current.take());
                current = Some((path.trim().to_string(), String::new()));
            } else if let Some((_, text)) = current.as_mut() {
                text.push_str(line);
            }
        }
        files.extend(current);
        let vault = FixtureVault { dir };
        for (path, text) in files {
            vault.write(&path, &text);
        }
        vault
    }

    /// A copy of the vault at `source`, to change freely.
    pub fn copy_of(source: &Path) -> FixtureVault {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(source, dir.path());
        FixtureVault { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.dir.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(relative)).unwrap()
    }

    /// Runs `cairn --vault <this vault> args…`.
    pub fn cairn(&self, args: &[&str]) -> Output {
        cairn_in(self.path(), args)
    }
}

/// A fixture vault with a cache of its own, on which `cairn` runs as of a fixed day.
pub struct DatedVault {
    pub vault: FixtureVault,
    cache: tempfile::TempDir,
    today: &'static str,
}

impl DatedVault {
    pub fn new(spec: &str, today: &'static str) -> DatedVault {
        DatedVault {
            vault: FixtureVault::new(spec),
            cache: tempfile::tempdir().expect("temp dir"),
            today,
        }
    }

    /// The folder its cache is kept in.
    pub fn cache_path(&self) -> &Path {
        self.cache.path()
    }

    /// Runs `cairn --cache-dir <its cache> --today <the day> args…` on the vault.
    pub fn cairn(&self, args: &[&str]) -> Output {
        let mut all = vec![
            "--cache-dir",
            self.cache.path().to_str().expect("a UTF-8 temp path"),
            "--today",
            self.today,
        ];
        all.extend_from_slice(args);
        self.vault.cairn(&all)
    }
}

/// Runs the `cairn` binary on `vault`.
pub fn cairn_in(vault: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cairn"))
        .arg("--vault")
        .arg(vault)
        .args(args)
        .env_remove("CAIRN_VAULT")
        .output()
        .expect("run cairn")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The repository's own demo vault.
/// Copies the folder `from` into `to`, recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn demo_vault() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vault")
}

/// `../shared` beside the repository, if it is there. Tests that need it say so and
/// return early when it is not (a user's fresh clone has no `../shared`).
pub fn shared_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("note: ../shared is not beside the repository; skipping a test that reads it");
        None
    }
}

/// Generates a vault with `../shared/bench/gen_vault.py` into a temporary folder.
pub fn generated_vault(pages: usize, seed: u64) -> Option<tempfile::TempDir> {
    let shared = shared_dir()?;
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("python3")
        .arg(shared.join("bench").join("gen_vault.py"))
        .arg(dir.path().join("v"))
        .args(["--pages", &pages.to_string(), "--seed", &seed.to_string()])
        .output()
        .expect("python3 runs the vault generator");
    assert!(
        status.status.success(),
        "gen_vault.py failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    Some(dir)
}

/// 256 cases, or `PROPTEST_CASES` from the environment for a longer run.
pub fn proptest_config() -> proptest::test_runner::Config {
    let defaults = proptest::test_runner::Config::default();
    proptest::test_runner::Config {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            defaults.cases
        } else {
            256
        },
        failure_persistence: None,
        ..defaults
    }
}

/// A small xorshift generator: the same seed gives the same sequence, so that a failing
/// randomized test names a seed that reproduces it.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The app's session over `vault`, its cache in a temporary folder (returned, to keep it),
/// with "today" fixed at `today`.
pub fn open_session(
    vault: &FixtureVault,
    today: chrono::NaiveDate,
) -> (cairn::app::Session, tempfile::TempDir) {
    let cache = tempfile::tempdir().unwrap();
    let session = cairn::app::Session::open(
        vault.path(),
        Some(cache.path().to_path_buf()),
        Some(today),
        &mut |_| {},
    )
    .unwrap();
    (session, cache)
}
