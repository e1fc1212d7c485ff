//! The vault's `cairn.toml` in Settings: its keys as the file sets them and what is wrong
//! with them, a preview of what each proposed value changes in this vault (counted from the
//! cache, and from the few pages a section name touches), and saving, which writes only the
//! keys that changed, atomically and never over a file changed since it was shown.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;

use rusqlite::OptionalExtension;
use serde::Serialize;
use ts_rs::TS;

use super::error::{AppError, ErrorCode};
use super::session::Session;
use super::view::version_string;
use crate::index::CacheVersion;
use crate::people;
use crate::record::PageRecord;
use crate::review::ticket_sort_key;
use crate::vault::{
    changed_settings, read_note_file, rewrite_settings, CompletionRecord, FileVersion,
    SettingProblem, Settings, SETTINGS_FILE,
};
use crate::workspace::write_settings;

/// How many names a preview sentence lists before "and N more".
const NAMES_SHOWN: usize = 4;

/// The vault's settings as Settings shows them.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VaultSettingsScreen {
    /// What `cairn.toml` sets, with the default for every key it does not set or gets wrong.
    pub settings: Settings,
    /// What is wrong in the file as it is: a key with a wrong value, an unknown key.
    pub problems: Vec<SettingProblem>,
    /// The file's version, to send back with a save; `None` when there is no file yet.
    pub version: Option<String>,
    /// The file's absolute path, to show.
    pub path: String,
}

/// What one key's proposed value does in this vault, in a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SettingEffect {
    pub key: String,
    pub text: String,
}

/// What saving the proposed settings would do.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SettingsPreview {
    /// What Settings refuses to save, key by key.
    pub problems: Vec<SettingProblem>,
    /// For each key, what its value does in this vault.
    pub effects: Vec<SettingEffect>,
    /// The keys whose value differs from the file's.
    pub changed: Vec<String>,
    /// `cairn.toml` as saving would write it; `None` when the file is not TOML.
    pub file: Option<String>,
}

/// The preview's sentences, each under what it was computed from, for one version of the
/// cache and one day: typing in one key recomputes that key's sentence only, and a
/// section name costs a scan of the top-level blocks once per value.
#[derive(Default)]
pub(super) struct EffectMemo {
    stamp: Option<(CacheVersion, NaiveDate)>,
    sentences: HashMap<String, String>,
    /// Every top-level block's page and lower-cased text: where a section name is looked
    /// for, read from the cache once.
    top_level: Option<Arc<Vec<(String, String)>>>,
}

/// A key, what its sentence depends on besides the cache and the day, and how to say it.
type Sentence<'a> = (
    &'static str,
    String,
    &'a dyn Fn() -> Result<String, AppError>,
);

/// Names as a sentence lists them: the first few, then how many more.
fn some_names(names: &[String]) -> String {
    let shown = names
        .iter()
        .take(NAMES_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    match names.len().saturating_sub(NAMES_SHOWN) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

impl Session {
    /// `cairn.toml` as it is on disk now, and its current text and version.
    fn settings_file(&self) -> Result<(String, Option<String>), AppError> {
        let path = self.root().join(SETTINGS_FILE);
        if !path.exists() {
            return Ok((String::new(), None));
        }
        let text = read_note_file(&path).map_err(|problem| {
            AppError::new(
                ErrorCode::Io,
                format!("{SETTINGS_FILE} cannot be read: {problem}"),
            )
        })?;
        let version = version_string(FileVersion::of(text.as_bytes(), None).hash);
        Ok((text, Some(version)))
    }

    /// The vault's settings as Settings shows them, read from the file now.
    pub fn vault_settings(&self) -> Result<VaultSettingsScreen, AppError> {
        let (text, version) = self.settings_file()?;
        let (settings, problems) = Settings::read(&text);
        Ok(VaultSettingsScreen {
            settings,
            problems,
            version,
            path: self.root().join(SETTINGS_FILE).display().to_string(),
        })
    }

    /// What saving `proposed` would do: its problems, each key's effect in this vault, and
    /// the file it would write.
    pub fn preview_vault_settings(&self, proposed: &Settings) -> Result<SettingsPreview, AppError> {
        let (text, _) = self.settings_file()?;
        let (current, _) = Settings::read(&text);
        let changed = changed_settings(&current, proposed)
            .into_iter()
            .map(str::to_string)
            .collect();
        let stamp = (self.index.version()?, self.today());
        let mut memo = self.settings_effects.borrow_mut();
        if memo.stamp != Some(stamp) {
            *memo = EffectMemo {
                stamp: Some(stamp),
                ..EffectMemo::default()
            };
        }
        let top_level = match &memo.top_level {
            Some(blocks) => Arc::clone(blocks),
            None => Arc::clone(memo.top_level.insert(Arc::new(self.top_level_blocks()?))),
        };
        let sections = format!("{}\0{}", proposed.people_section, proposed.projects_section);
        let keys = |settings: &Settings| settings.ticket_keys.join(",");
        // Each sentence, and what it depends on besides the cache and the day.
        let sentences: [Sentence; 7] = [
            ("ticket_url", format!("{:?}", proposed.ticket_url), &|| {
                self.ticket_url_effect(proposed)
            }),
            (
                "ticket_keys",
                format!("{}\0{}", keys(proposed), keys(&current)),
                &|| self.ticket_keys_effect(proposed, &current),
            ),
            ("people_section", sections.clone(), &|| {
                self.section_effect(proposed, Section::People, &top_level)
            }),
            ("projects_section", sections.clone(), &|| {
                self.section_effect(proposed, Section::Projects, &top_level)
            }),
            (
                "one_on_one_cadence_days",
                proposed.one_on_one_cadence_days.to_string(),
                &|| self.cadence_effect(proposed),
            ),
            ("completion", format!("{:?}", proposed.completion), &|| {
                Ok(self.completion_effect(proposed))
            }),
            (
                "checklist_tasks",
                proposed.checklist_tasks.to_string(),
                &|| self.checklist_effect(proposed),
            ),
        ];
        let mut effects = Vec::with_capacity(sentences.len());
        for (key, inputs, compute) in sentences {
            let memo_key = format!("{key}\0{inputs}");
            let text = match memo.sentences.get(&memo_key) {
                Some(text) => text.clone(),
                None => {
                    let text = compute()?;
                    memo.sentences.insert(memo_key, text.clone());
                    text
                }
            };
            effects.push(SettingEffect {
                key: key.to_string(),
                text,
            });
        }
        Ok(SettingsPreview {
            problems: proposed.problems(),
            effects,
            changed,
            file: rewrite_settings(&text, proposed).ok(),
        })
    }

    /// Writes `proposed` into `cairn.toml`, changing only the keys whose value changed.
    /// Refused when a value is wrong, when the file is not TOML, and (as a conflict) when the
    /// file is no longer the `version` Settings showed. The session reads its settings when
    /// it opens: the caller opens the vault again, which rebuilds the cache for them.
    pub fn save_vault_settings(
        &self,
        proposed: &Settings,
        version: Option<&str>,
    ) -> Result<(), AppError> {
        if let Some(problem) = proposed.problems().first() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!("{}: {}", problem.key, problem.message),
            ));
        }
        let (text, on_disk) = self.settings_file()?;
        if on_disk.as_deref() != version {
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!(
                    "{SETTINGS_FILE} changed on disk since Settings read it; nothing was written"
                ),
            ));
        }
        let rewritten = rewrite_settings(&text, proposed)
            .map_err(|message| AppError::new(ErrorCode::InvalidInput, message))?;
        let expected = on_disk.map(|_| FileVersion::of(text.as_bytes(), None));
        write_settings(&self.index, &rewritten, expected.as_ref())?;
        Ok(())
    }

    /// The link of the ticket the notes cite most, or that tickets are not linked.
    fn ticket_url_effect(&self, proposed: &Settings) -> Result<String, AppError> {
        if proposed.ticket_url.is_none() {
            return Ok("Tickets show as plain text, with no link.".to_string());
        }
        // The ticket the notes cite most, or an example in a vault without any.
        let cited: Option<String> = self
            .conn()
            .query_row(
                "SELECT ticket FROM tickets GROUP BY ticket ORDER BY count(*) DESC, ticket LIMIT 1",
                [],
                |row| row.get(0),
            )
            .optional()?;
        let ticket = cited.unwrap_or_else(|| "COS-113".to_string());
        let link = proposed.ticket_link(&ticket).unwrap_or_default();
        Ok(format!("{ticket} links to {link}"))
    }

    /// Which of the tickets the cache holds the proposed keys keep, and which they drop.
    fn ticket_keys_effect(
        &self,
        proposed: &Settings,
        current: &Settings,
    ) -> Result<String, AppError> {
        let mut statement = self
            .conn()
            .prepare_cached("SELECT DISTINCT ticket FROM tickets")?;
        let mut tickets = statement
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        tickets.sort_by_key(|t| ticket_sort_key(t));
        let (kept, dropped): (Vec<String>, Vec<String>) = tickets
            .into_iter()
            .partition(|t| proposed.accepts_ticket(t));
        let mut text = if dropped.is_empty() {
            format!(
                "All {} in the notes count.",
                plural(kept.len(), "ticket", "tickets")
            )
        } else {
            format!(
                "{} of the {} in the notes count; {} no longer would: {}.",
                kept.len(),
                plural(kept.len() + dropped.len(), "ticket", "tickets"),
                dropped.len(),
                some_names(&dropped)
            )
        };
        // The cache holds only the tickets the current keys accept: those of a key added
        // now are found when saving rebuilds it.
        let added: Vec<String> = if current.ticket_keys.is_empty() {
            Vec::new()
        } else if proposed.ticket_keys.is_empty() {
            vec!["every other key".to_string()]
        } else {
            proposed
                .ticket_keys
                .iter()
                .filter(|key| {
                    !current
                        .ticket_keys
                        .iter()
                        .any(|known| known.eq_ignore_ascii_case(key))
                })
                .cloned()
                .collect()
        };
        if !added.is_empty() {
            text.push_str(&format!(
                " Tickets of {} are looked for when saving reads the vault again.",
                added.join(", ")
            ));
        }
        Ok(text)
    }

    /// Who or what the proposed section name lists: read from the pages that have a
    /// top-level block of about that name, as an import would read them.
    fn section_effect(
        &self,
        proposed: &Settings,
        section: Section,
        top_level: &[(String, String)],
    ) -> Result<String, AppError> {
        let name = match section {
            Section::People => &proposed.people_section,
            Section::Projects => &proposed.projects_section,
        };
        let name = name.trim();
        if name.is_empty() {
            return Ok(String::new());
        }
        // A block titled `## [[People]]` holds the name too: the pages found are read as
        // an import would, which decides.
        let wanted = name.to_lowercase();
        let paths: BTreeSet<&str> = top_level
            .iter()
            .filter(|(_, text)| text.contains(&wanted))
            .map(|(path, _)| path.as_str())
            .collect();
        let vault = self.index.vault();
        let mut names = BTreeSet::new();
        let mut pages = 0;
        for path in paths {
            let Ok(file) = vault.read_page(path) else {
                continue;
            };
            let record = PageRecord::from_file(&file, proposed);
            let listed: Vec<String> = record
                .blocks
                .into_iter()
                .filter_map(|block| match section {
                    Section::People => block.person,
                    Section::Projects => block.project,
                })
                .collect();
            pages += usize::from(!listed.is_empty());
            names.extend(listed);
        }
        let names: Vec<String> = names.into_iter().collect();
        let (one, many) = match section {
            Section::People => ("person", "people"),
            Section::Projects => ("project", "projects"),
        };
        Ok(if names.is_empty() {
            format!(
                "No top-level block is named “{name}”: {many} come only from their own pages (“type:: {one}”, or under {many}/)."
            )
        } else {
            format!(
                "Lists {} from “{name}” blocks on {}: {}.",
                plural(names.len(), one, many),
                plural(pages, "page", "pages"),
                some_names(&names)
            )
        })
    }

    /// Every top-level block's page and lower-cased first line.
    fn top_level_blocks(&self) -> Result<Vec<(String, String)>, AppError> {
        let mut statement = self.conn().prepare_cached(
            "SELECT p.path, b.content FROM blocks b JOIN pages p ON p.id = b.page_id
             WHERE b.depth = 0",
        )?;
        let rows = statement.query_map([], |row| {
            let content: String = row.get(1)?;
            let first_line = content.lines().next().unwrap_or("").to_lowercase();
            Ok((row.get::<_, String>(0)?, first_line))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Who is due for a 1-on-1 at the proposed cadence.
    fn cadence_effect(&self, proposed: &Settings) -> Result<String, AppError> {
        let days = proposed.one_on_one_cadence_days;
        let everyone = people::people(self.conn(), self.today(), days)?;
        let met = everyone.iter().filter(|p| p.entries > 0).count();
        let due: Vec<String> = everyone
            .into_iter()
            .filter(|p| p.overdue)
            .map(|p| p.name)
            .collect();
        let people_met = plural(met, "person", "people");
        let within = plural(days as usize, "day", "days");
        Ok(if met == 0 {
            "Nobody is due: no 1-on-1 is written down yet.".to_string()
        } else if due.is_empty() && met == 1 {
            format!("Nobody is due: the one person met had a 1-on-1 in the last {within}.")
        } else if due.is_empty() {
            format!(
                "Nobody is due: each of the {people_met} met had a 1-on-1 in the last {within}."
            )
        } else {
            format!(
                "{} {} due for a 1-on-1 ({} of {people_met} met).",
                some_names(&due),
                if due.len() == 1 { "is" } else { "are" },
                due.len(),
            )
        })
    }

    /// What completing a task writes.
    fn completion_effect(&self, proposed: &Settings) -> String {
        match proposed.completion {
            CompletionRecord::Property => format!(
                "Completing a task writes “completed:: {}” under it, which dates it for the review.",
                self.today().format("%Y-%m-%d")
            ),
            CompletionRecord::None => "Completing a task changes only its marker, as Logseq does; \
                 the review dates it by the journal day it sits on, if any."
                .to_string(),
        }
    }

    /// How many checklist items the proposed choice makes tasks.
    fn checklist_effect(&self, proposed: &Settings) -> Result<String, AppError> {
        let (items, open, pages): (i64, i64, i64) = self.conn().query_row(
            "SELECT count(*), coalesce(sum(content LIKE '[ ]%'), 0), count(DISTINCT page_id)
             FROM blocks WHERE content LIKE '[ ]%' OR content LIKE '[x]%'",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )?;
        if items == 0 {
            return Ok("The notes have no checklist items (“- [ ] …”).".to_string());
        }
        let items_on = format!(
            "{} on {}",
            plural(items as usize, "checklist item", "checklist items"),
            plural(pages as usize, "page", "pages")
        );
        Ok(if proposed.checklist_tasks {
            format!("{items_on} count as tasks: the agenda lists the {open} open.")
        } else {
            format!("{items_on} stay checklists; the agenda leaves them out.")
        })
    }
}

#[derive(Clone, Copy)]
enum Section {
    People,
    Projects,
}
