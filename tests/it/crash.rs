//! The crash harness: the `cairn` binary is killed with SIGKILL at random moments while it
//! edits tasks, starts a 1-on-1, saves a review draft or syncs its cache, and after every
//! kill each file of the vault must be byte for byte its version from before the command
//! or the one the command writes when it runs to the end, no stray file may sit where a
//! page would be read from, and the next command must answer as a fresh cache answers.
//!
//! Every kill starts from the demo vault as it is in the repository and from the cache the
//! earlier kills left behind, so the cache meets whatever state a kill can leave. CI runs
//! [`DEFAULT_KILLS`] kills; `CAIRN_CRASH_KILLS=5000` runs a long campaign,
//! `CAIRN_CRASH_SEED=N` replays one, and `CAIRN_CRASH_BIN=target/release/cairn` kills
//! another build of the binary. The figures are printed at the end (`--nocapture`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{demo_vault, Rng};

/// The day every command runs on, so that a run to the end writes the same bytes each time.
const TODAY: &str = "2026-11-24";

/// Kills in a default (CI) run: enough to land in every phase of every command a few
/// times, in well under a minute of a debug build on two cores.
const DEFAULT_KILLS: usize = 200;

/// A vault's files: path relative to the vault (with `/`) → bytes.
type Files = BTreeMap<String, Vec<u8>>;

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// Every file under `root`, hidden ones included, with block UUIDs as [`uuid_free`]
/// writes them.
fn snapshot(root: &Path) -> Files {
    let mut files = raw_snapshot(root);
    for bytes in files.values_mut() {
        *bytes = uuid_free(bytes);
    }
    files
}

/// `bytes` with every UUID replaced by one and the same: starting a 1-on-1 gives each
/// item it brings forward a new random `id::`, so two runs to the end differ only there.
fn uuid_free(bytes: &[u8]) -> Vec<u8> {
    const SHAPE: &[u8; 36] = b"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    let is_uuid = |window: &[u8]| {
        window.iter().zip(SHAPE).all(|(b, s)| match s {
            b'-' => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
    };
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes.len() - at >= SHAPE.len() && is_uuid(&bytes[at..at + SHAPE.len()]) {
            out.extend_from_slice(b"00000000-0000-0000-0000-000000000000");
            at += SHAPE.len();
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    out
}

/// Every file under `root` as it is.
fn raw_snapshot(root: &Path) -> Files {
    let mut files = Files::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(root).unwrap().to_string_lossy();
                files.insert(relative.replace('\\', "/"), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// Whether a file is hidden (a name or folder starting with a dot), which no scan reads
/// as a page: where Cairn's temporary files live.
fn is_hidden(path: &str) -> bool {
    path.split('/').any(|part| part.starts_with('.'))
}

/// Makes the vault at `root` hold exactly `files`, rewriting only what differs, so that
/// unchanged files keep their modification times as an untouched vault would.
fn restore(root: &Path, files: &Files) {
    for path in raw_snapshot(root).keys() {
        if !files.contains_key(path) {
            std::fs::remove_file(root.join(path)).unwrap();
        }
    }
    for (path, bytes) in files {
        let target = root.join(path);
        if std::fs::read(&target).ok().as_ref() != Some(bytes) {
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(&target, bytes).unwrap();
        }
    }
}

/// What one command is, and what the vault holds before it runs.
struct Operation {
    name: &'static str,
    args: Vec<String>,
    /// The vault before the command, as written to disk: the demo vault, changed for
    /// commands that need a change to act on (a sync after another program's edit).
    written: Files,
    /// The same, as [`snapshot`] reads it.
    before: Files,
    /// The vault once the command has run to the end, as [`snapshot`] reads it.
    after: Files,
    /// How long a run to the end takes, which bounds the moment of the kill.
    duration: Duration,
}

/// The `cairn` binary to kill: this build's, or the one `CAIRN_CRASH_BIN` names.
fn binary() -> PathBuf {
    std::env::var_os("CAIRN_CRASH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_cairn")))
}

fn cairn(vault: &Path, cache: &Path, args: &[String]) -> Command {
    let mut command = Command::new(binary());
    command
        .arg("--vault")
        .arg(vault)
        .arg("--cache-dir")
        .arg(cache)
        .args(["--today", TODAY])
        .args(args)
        .env_remove("CAIRN_VAULT");
    command
}

fn run(vault: &Path, cache: &Path, args: &[String]) -> Output {
    let output = cairn(vault, cache, args).output().expect("run cairn");
    assert!(
        output.status.success(),
        "cairn {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn args(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

/// The ids `cairn todo --json` gives the demo vault's open tasks, with their titles.
fn task_ids(vault: &Path, cache: &Path) -> Vec<(String, String)> {
    let output = run(vault, cache, &args(&["todo", "--json"]));
    let tasks: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    tasks
        .as_array()
        .expect("todo --json is a list of tasks")
        .iter()
        .map(|task| {
            (
                task["id"].as_str().unwrap().to_string(),
                task["text"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The commands the harness kills, each run once to the end on a copy of the vault to
/// learn the bytes it writes and how long it takes.
fn operations(work: &Path) -> Vec<Operation> {
    let pristine = raw_snapshot(&demo_vault());
    let scratch = work.join("scratch");
    restore_dir(&scratch, &pristine);
    let ids = task_ids(&scratch, &work.join("scratch-cache"));
    assert!(ids.len() >= 4, "the demo vault has open tasks: {ids:?}");
    let id = |n: usize| ids[n].0.clone();

    let mut edited = pristine.clone();
    let page = "pages/Dispatch runbook.md".to_string();
    let mut text = edited[&page].clone();
    text.extend_from_slice(b"- TODO check the dispatcher after a crash [#A]\n");
    edited.insert(page, text);

    let plans: Vec<(&'static str, Vec<String>, &Files, bool)> = vec![
        (
            "task done",
            args(&["task", &id(0), "done"]),
            &pristine,
            false,
        ),
        (
            "task priority",
            args(&["task", &id(1), "priority", "C"]),
            &pristine,
            false,
        ),
        (
            "task deadline",
            args(&["task", &id(2), "deadline", "2026-12-24"]),
            &pristine,
            false,
        ),
        (
            "task scheduled",
            args(&["task", &id(3), "scheduled", "2026-12-01"]),
            &pristine,
            false,
        ),
        (
            "one-on-one",
            args(&["one-on-one", "Grace Okafor"]),
            &pristine,
            false,
        ),
        (
            "review save",
            args(&["review", "--year", "2026", "--save"]),
            &pristine,
            false,
        ),
        (
            "sync after an edit",
            args(&["todo", "--json"]),
            &edited,
            false,
        ),
        ("cold import", args(&["import"]), &edited, true),
    ];
    plans
        .into_iter()
        .enumerate()
        .map(|(n, (name, args, before, cold))| {
            restore_dir(&scratch, before);
            let seen_before = snapshot(&scratch);
            let cache = work.join(format!("scratch-cache-{n}"));
            if !cold {
                run(&scratch, &cache, &[String::from("import")]);
            }
            let started = Instant::now();
            run(&scratch, &cache, &args);
            let duration = started.elapsed();
            let after = snapshot(&scratch);
            assert!(
                after
                    .keys()
                    .all(|p| !is_hidden(p) || before.contains_key(p)),
                "{name}: a run to the end leaves no temporary file"
            );
            Operation {
                name,
                args,
                written: before.clone(),
                before: seen_before,
                after,
                duration,
            }
        })
        .collect()
}

fn restore_dir(root: &Path, files: &Files) {
    std::fs::create_dir_all(root).unwrap();
    restore(root, files);
}

/// What one kill left, file by file.
#[derive(Default)]
struct Damage {
    /// Files that are neither their old nor their new version (or are gone).
    torn: Vec<String>,
    /// The bytes of the old versions of those files.
    bytes_lost: usize,
    /// Files that are neither hidden nor a version of a vault file: they would be read as
    /// pages.
    strays: Vec<String>,
    /// Hidden files a stopped write left behind (removed by a later scan once stale).
    temporaries: usize,
    /// Files now at their new version.
    written: usize,
}

fn damage(op: &Operation, now: &Files) -> Damage {
    let mut damage = Damage::default();
    let paths: BTreeSet<&String> = op.before.keys().chain(op.after.keys()).collect();
    for path in paths {
        let (old, new, found) = (op.before.get(path), op.after.get(path), now.get(path));
        if found == new && old != new {
            damage.written += 1;
        }
        if found != old && found != new {
            damage.torn.push(path.clone());
            damage.bytes_lost += old.map_or(0, Vec::len);
        }
    }
    for path in now.keys() {
        if !op.before.contains_key(path) && !op.after.contains_key(path) {
            if is_hidden(path) {
                damage.temporaries += 1;
            } else {
                damage.strays.push(path.clone());
            }
        }
    }
    damage
}

/// The questions asked after a kill, one per kill in turn: the agenda from the database,
/// words from the search index, a person from the tables derived from many pages.
fn questions() -> [Vec<String>; 3] {
    [
        args(&["todo", "--json"]),
        args(&["search", "dispatch", "--json"]),
        args(&["person", "Grace Okafor", "--json"]),
    ]
}

/// The answer to `question` on the vault as it is, from the cache at `cache`: its exit
/// code and what it printed, with what may rightly differ between two caches of one vault
/// taken out (search scores, which count the deleted documents an index still holds, and
/// the order of hits of equal score) and UUIDs made equal as in [`snapshot`].
fn answer(vault: &Path, cache: &Path, question: &[String]) -> (Option<i32>, String) {
    fn without_scores(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(fields) => {
                fields.remove("score");
                fields.values_mut().for_each(without_scores);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(without_scores),
            _ => {}
        }
    }
    let output = cairn(vault, cache, question).output().expect("run cairn");
    let printed = match serde_json::from_slice::<serde_json::Value>(&output.stdout) {
        Ok(mut value) => {
            without_scores(&mut value);
            if question[0] == "search" {
                if let serde_json::Value::Array(hits) = &mut value {
                    hits.sort_by_key(|hit| hit.to_string());
                }
            }
            value.to_string()
        }
        Err(_) => String::from_utf8_lossy(&output.stdout).into_owned(),
    };
    (
        output.status.code(),
        String::from_utf8(uuid_free(printed.as_bytes())).unwrap(),
    )
}

#[test]
fn every_kill_leaves_each_file_old_or_new_and_the_next_command_answers_as_a_fresh_cache() {
    let kills = env_number("CAIRN_CRASH_KILLS").unwrap_or(DEFAULT_KILLS as u64);
    let seed = env_number("CAIRN_CRASH_SEED").unwrap_or(0x5eed_cafe) | 1;
    let mut rng = Rng(seed);
    let work = tempfile::tempdir().unwrap();
    let ops = operations(work.path());
    let vault = work.path().join("vault");
    let cache = work.path().join("cache");
    restore_dir(&vault, &ops[0].written);
    // The fresh cache's answers for each state of the vault met so far.
    let mut fresh: HashMap<(u64, Vec<String>), (Option<i32>, String)> = HashMap::new();
    let fresh_cache = work.path().join("fresh-cache");

    let (mut failures, mut bytes_lost, mut temporaries) = (Vec::new(), 0, 0);
    let (mut killed, mut finished, mut partly_written, mut cold) = (0, 0, 0, 0);
    let durations: Vec<String> = ops
        .iter()
        .map(|op| format!("{} {:.0?}", op.name, op.duration))
        .collect();
    eprintln!(
        "crash harness: runs to the end take {}",
        durations.join(", ")
    );
    // How long after the start a kill may come, per command; shrunk when runs finish first.
    let mut bounds: Vec<Duration> = ops.iter().map(|op| op.duration).collect();
    let started = Instant::now();
    for kill in 0..kills {
        let which = rng.below(ops.len());
        let op = &ops[which];
        restore(&vault, &op.written);
        if op.name == "cold import" || rng.below(16) == 0 {
            let _ = std::fs::remove_dir_all(&cache);
            cold += 1;
        }
        // Anywhere from the first microseconds (the process starting) to past the end.
        let bound = bounds[which].as_micros() as u64 * 11 / 10;
        let delay = Duration::from_micros(rng.below(bound as usize) as u64);
        let mut child = cairn(&vault, &cache, &op.args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn cairn");
        std::thread::sleep(delay);
        child.kill().expect("kill cairn");
        let status = child.wait().unwrap();
        let now = snapshot(&vault);
        let found = damage(op, &now);
        let context = format!("kill {kill} ({} after {delay:?}, seed {seed})", op.name);
        if status.success() {
            finished += 1;
            // The run to the end that set the bound was slower than this one (a busy
            // machine): bring the kills back inside the command.
            bounds[which] = bounds[which] * 9 / 10;
            if found.written != count_changed(op) {
                failures.push(format!(
                    "{context}: a run to the end wrote what it should not"
                ));
            }
        } else {
            killed += 1;
            if status.code() == Some(101) {
                failures.push(format!("{context}: cairn panicked"));
            }
            if found.written > 0 && found.written < count_changed(op) {
                partly_written += 1;
            }
        }
        if !found.torn.is_empty() {
            failures.push(format!("{context}: torn files {:?}", found.torn));
        }
        if !found.strays.is_empty() {
            failures.push(format!("{context}: files read as pages {:?}", found.strays));
        }
        bytes_lost += found.bytes_lost;
        temporaries += found.temporaries;

        let question = &questions()[kill as usize % questions().len()];
        let expected = fresh
            .entry((state_key(&now), question.clone()))
            .or_insert_with(|| {
                let _ = std::fs::remove_dir_all(&fresh_cache);
                answer(&vault, &fresh_cache, question)
            });
        let answered = answer(&vault, &cache, question);
        if &answered != expected {
            failures.push(format!(
                "{context}: `cairn {}` answered wrongly (exit {:?})",
                question.join(" "),
                answered.0
            ));
        }
    }
    eprintln!(
        "crash harness: {kills} runs ({killed} killed, {finished} finished first, {cold} on an \
         empty cache) in {:.0?}; {partly_written} kills between the files of one command; \
         {temporaries} temporary files left; {bytes_lost} bytes lost; {} failures; seed {seed}",
        started.elapsed(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// How many files a command changes when it runs to the end.
fn count_changed(op: &Operation) -> usize {
    let paths: BTreeSet<&String> = op.before.keys().chain(op.after.keys()).collect();
    paths
        .into_iter()
        .filter(|p| op.before.get(*p) != op.after.get(*p))
        .count()
}

/// A hash of the vault's visible files, naming a state of the vault.
fn state_key(files: &Files) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for (path, bytes) in files.iter().filter(|(p, _)| !is_hidden(p)) {
        path.hash(&mut hasher);
        bytes.hash(&mut hasher);
    }
    hasher.finish()
}
