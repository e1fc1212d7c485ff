//! Subcommands and the vault they work on.

/// `println!` for human-readable output: the line is printed with its control characters
/// escaped (see [`terminal`]).
macro_rules! say {
    () => {
        println!()
    };
    ($($arg:tt)*) => {
        println!("{}", $crate::cli::terminal::clean(&format!($($arg)*)))
    };
}

/// `eprintln!` with control characters escaped, for messages that name files or quote notes.
macro_rules! tell {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::cli::terminal::clean(&format!($($arg)*)))
    };
}

pub(crate) mod terminal;

mod backlinks;
mod check;
mod import;
mod outline;
mod people;
mod review;
mod roundtrip;
mod search;
mod stats;
mod tasks;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};

use cairn::index::Index;
use cairn::store::RebuildReason;
use cairn::vault::Vault;

/// Cairn: a local-first workspace for an engineer's Logseq-style Markdown notes.
#[derive(Debug, Clone, Parser)]
#[command(name = "cairn", version, about)]
pub struct Args {
    /// The vault folder (with pages/ and journals/). Defaults to $CAIRN_VAULT, then the
    /// current folder if it holds pages/ or journals/.
    #[arg(long, global = true, env = "CAIRN_VAULT", value_name = "PATH")]
    vault: Option<PathBuf>,

    /// Where the cache lives. Defaults to $CAIRN_CACHE_DIR, then a folder for this vault in
    /// the system's cache directory.
    #[arg(long, global = true, env = "CAIRN_CACHE_DIR", value_name = "DIR")]
    cache_dir: Option<PathBuf>,

    /// The day to treat as today (yyyy-mm-dd), for reproducible agendas. Defaults to
    /// $CAIRN_TODAY, then the clock.
    #[arg(long, global = true, env = "CAIRN_TODAY", value_name = "DATE", value_parser = parse_date)]
    today: Option<chrono::NaiveDate>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Subcommand)]
enum Command {
    /// Parse every page and list problems (file:line, what, why). Exits 1 only if a file
    /// cannot be read.
    Check(check::CheckArgs),
    /// Count pages, journals, blocks, tasks, references and tickets.
    Stats(stats::StatsArgs),
    /// Each file's blocks (line, depth, marker, priority, properties, id, checkbox) as
    /// Logseq reads them; files given as paths may be outside any vault.
    Outline(outline::OutlineArgs),
    /// Re-serialize every page in memory and list any that would change. Exits 1 if any.
    Roundtrip,
    /// Build or refresh the cache and search index.
    Import(import::ImportArgs),
    /// Search blocks and page titles.
    Search(search::SearchArgs),
    /// Blocks that reference a page, grouped by page, and unlinked mentions.
    Backlinks(backlinks::BacklinksArgs),
    /// Keep the cache current while files change on disk; prints what it applies.
    Watch(watch::WatchArgs),
    /// The agenda: open tasks grouped by Overdue, Today, Next 7 days, Later and No date.
    Todo(tasks::TodoArgs),
    /// Act on one task by the id `cairn todo` shows: done, todo, doing, cancel, cycle,
    /// priority A|B|C|none, deadline DATE|none, scheduled DATE|none.
    Task(tasks::TaskArgs),
    /// Everyone, with their last 1-on-1 and open items; overdue 1-on-1s flagged.
    People(people::ListArgs),
    /// One person: 1-on-1 entries newest first, open action items.
    Person(people::NameArgs),
    /// Start today's 1-on-1 with someone, bringing their open items forward; prints where.
    #[command(name = "one-on-one")]
    OneOnOne(people::OneOnOneArgs),
    /// Every project with its open tasks, last activity and review years.
    Projects(people::ListArgs),
    /// One project: open tasks, review sections by year, tickets, people, recent activity.
    Project(people::NameArgs),
    /// The year-end review draft: per project, review sections, DONE tasks and ticketed
    /// notes of the year, each bullet citing its tickets and sources; --save keeps it as a
    /// page.
    Review(review::ReviewArgs),
    /// Every ticket ID the notes mention: first and last mention, projects, people.
    Tickets(review::TicketsArgs),
    /// One ticket: its mentions in order, with projects and people around it.
    Ticket(review::TicketArgs),
    /// Run a Logseq simple query, e.g. '(and (task TODO) (priority A))'.
    Query(tasks::QueryArgs),
    /// List the {{query}} and #+BEGIN_QUERY blocks in the vault and run the simple ones.
    Queries(tasks::QueriesArgs),
}

impl Command {
    /// True for the commands that only read the vault, which can run again from the top.
    fn only_reads(&self) -> bool {
        matches!(
            self,
            Command::Import(_)
                | Command::Search(_)
                | Command::Backlinks(_)
                | Command::Todo(_)
                | Command::People(_)
                | Command::Person(_)
                | Command::Projects(_)
                | Command::Project(_)
                | Command::Tickets(_)
                | Command::Ticket(_)
                | Command::Query(_)
                | Command::Queries(_)
        )
    }
}

/// Runs the command. When a query over the caches finds them damaged (opening and syncing
/// repair what they see themselves), the caches are rebuilt from the vault: a command that
/// only reads then runs once more on them, and one that writes reports the error, since
/// running it again could repeat what it already did to the vault.
pub fn run(args: Args) -> Result<ExitCode> {
    let again = args.clone();
    let caches = Caches {
        dir: args.cache_dir.clone(),
        rebuild: false,
    };
    match run_with(args, caches) {
        Err(error) if error.chain().any(cairn::index::says_damaged) => {
            let caches = Caches {
                dir: again.cache_dir.clone(),
                rebuild: true,
            };
            if again.command.only_reads() {
                return run_with(again, caches);
            }
            caches.open(open_vault(again.vault)?)?;
            Err(error.context(
                "the cache was damaged and has been thrown away; the next command rebuilds it",
            ))
        }
        ran => ran,
    }
}

/// Where the caches are, and whether to throw them away before using them.
struct Caches {
    dir: Option<PathBuf>,
    rebuild: bool,
}

impl Caches {
    /// Opens the vault's caches; query commands then sync them, so answers are always
    /// current. A cache folder that cannot be used is said once on stderr.
    fn open(&self, vault: Vault) -> Result<Index> {
        let mut index = Index::open(vault, self.dir.clone())?;
        if let Some(elsewhere) = index.elsewhere() {
            eprintln!(
                "cairn: cannot use the cache folder {} ({}); using a fresh cache in {} for this run",
                elsewhere.unusable.display(),
                elsewhere.why,
                index.cache_dir().display()
            );
        }
        if self.rebuild {
            index.rebuild(RebuildReason::Corrupt(
                "a query found it damaged".to_string(),
            ))?;
        }
        Ok(index)
    }
}

fn run_with(args: Args, caches: Caches) -> Result<ExitCode> {
    if let Command::Outline(outline) = args.command {
        // Listing files by path needs no vault; one found is used for its settings.
        let vault = match (&args.vault, outline.has_paths()) {
            (None, true) => open_vault(None).ok(),
            _ => Some(open_vault(args.vault)?),
        };
        return outline::run(vault, outline);
    }
    let vault = open_vault(args.vault)?;
    match args.command {
        Command::Check(check) => check::run(&vault, check),
        Command::Stats(stats) => stats::run(&vault, stats),
        Command::Roundtrip => roundtrip::run(&vault),
        Command::Outline(_) => unreachable!("handled before the vault is opened"),
        Command::Import(import) => import::run(caches.open(vault)?, import),
        Command::Search(search) => search::run(&mut caches.open(vault)?, search),
        Command::Backlinks(backlinks) => backlinks::run(&mut caches.open(vault)?, backlinks),
        Command::Watch(watch) => watch::run(caches.open(vault)?, watch),
        Command::Todo(todo) => tasks::todo(&mut caches.open(vault)?, todo, today(args.today)),
        Command::Task(task) => tasks::task(&mut caches.open(vault)?, task, today(args.today)),
        Command::People(list) => {
            people::list_people(&mut caches.open(vault)?, list, today(args.today))
        }
        Command::Person(name) => {
            people::show_person(&mut caches.open(vault)?, name, today(args.today))
        }
        Command::OneOnOne(one) => {
            people::one_on_one(&mut caches.open(vault)?, one, today(args.today))
        }
        Command::Projects(list) => people::list_projects(&mut caches.open(vault)?, list),
        Command::Project(name) => {
            people::show_project(&mut caches.open(vault)?, name, today(args.today))
        }
        Command::Review(review) => {
            review::review(&mut caches.open(vault)?, review, today(args.today))
        }
        Command::Tickets(tickets) => review::tickets(&mut caches.open(vault)?, tickets),
        Command::Ticket(ticket) => review::ticket(&mut caches.open(vault)?, ticket),
        Command::Query(query) => tasks::query(&mut caches.open(vault)?, query, today(args.today)),
        Command::Queries(queries) => {
            tasks::queries(&mut caches.open(vault)?, queries, today(args.today))
        }
    }
}

/// Today: from `--today`/`$CAIRN_TODAY`, else the local clock.
fn today(explicit: Option<chrono::NaiveDate>) -> chrono::NaiveDate {
    explicit.unwrap_or_else(|| chrono::Local::now().date_naive())
}

pub(crate) fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a yyyy-mm-dd date"))
}

/// Brings the caches up to date quietly, reporting unreadable files on stderr.
fn sync_quietly(index: &mut Index) -> Result<()> {
    let report = index.sync(&mut |_| {})?;
    for problem in &report.problems {
        tell!("cairn: {problem}");
    }
    Ok(())
}

/// The vault from `--vault`/`$CAIRN_VAULT`, else the current folder if it is one.
fn open_vault(explicit: Option<PathBuf>) -> Result<Vault> {
    let path = match explicit {
        Some(path) => path,
        None => {
            let cwd = std::env::current_dir().context("cannot read the current folder")?;
            if !Vault::looks_like_vault(&cwd) {
                bail!(
                    "no vault here: pass --vault PATH, set CAIRN_VAULT, or run inside a folder with pages/ or journals/"
                );
            }
            cwd
        }
    };
    let vault = Vault::open(&path)?;
    // A wrong key in cairn.toml takes its default; the person should know which and why.
    if let Some(problem) = vault.settings_problem() {
        eprintln!("cairn: {problem}");
    }
    Ok(vault)
}
