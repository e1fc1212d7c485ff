//! Cairn's own settings for a vault, from `cairn.toml` at its root. Every key is optional.
//! Each key is read and checked on its own: a wrong value or an unknown key is reported and
//! the rest of the file still applies; a file that is not TOML gives the defaults.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How completing a task is recorded in the file, so the year-end review can date it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, TS)]
#[serde(rename_all = "lowercase")]
pub enum CompletionRecord {
    /// A `completed:: yyyy-mm-dd` property on the task (Logseq shows it as a property).
    #[default]
    Property,
    /// Nothing is written but the marker, as Logseq itself does.
    None,
}

/// Every key of `cairn.toml`, with its default where the file does not set it. Settings
/// shows and sends these under the file's own key names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Settings {
    /// Link template for ticket IDs, with `{id}` standing for the ID.
    pub ticket_url: Option<String>,
    /// When not empty, only IDs with these project keys (`COS`, `PLAT`) are tickets.
    pub ticket_keys: Vec<String>,
    /// The top-level block whose children are people.
    pub people_section: String,
    /// The top-level block whose children are projects.
    pub projects_section: String,
    /// Days between 1-on-1s before a person is flagged as overdue for one.
    pub one_on_one_cadence_days: u32,
    pub completion: CompletionRecord,
    /// Whether `- [ ]` / `- [x]` checklist items count as TODO / DONE tasks, on every page.
    pub checklist_tasks: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            ticket_url: None,
            ticket_keys: Vec::new(),
            people_section: "People".to_string(),
            projects_section: "Projects".to_string(),
            one_on_one_cadence_days: 14,
            completion: CompletionRecord::Property,
            checklist_tasks: false,
        }
    }
}

/// Something wrong with one key of `cairn.toml`: the key (or `cairn.toml` for the file as
/// a whole) and a sentence saying what is wrong and what Cairn does instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SettingProblem {
    pub key: String,
    pub message: String,
}

impl SettingProblem {
    fn new(key: &str, message: String) -> SettingProblem {
        SettingProblem {
            key: key.to_string(),
            message,
        }
    }
}

/// Where a vault keeps Cairn's settings, relative to its root.
pub const SETTINGS_FILE: &str = "cairn.toml";

/// The keys `cairn.toml` may set, in the order Settings shows them.
pub const SETTING_KEYS: [&str; 7] = [
    "ticket_url",
    "ticket_keys",
    "people_section",
    "projects_section",
    "one_on_one_cadence_days",
    "completion",
    "checklist_tasks",
];

/// The 1-on-1 cadences Cairn accepts, in days.
pub const CADENCE_DAYS: std::ops::RangeInclusive<u32> = 1..=365;

/// True for an `http://` or `https://` address, in any case.
fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// True for a tracker's project key as tickets write it: 2 to 10 letters and digits,
/// starting with a letter (`COS`, `PLAT2`). Keys are compared without case, so `cos` is
/// taken too.
fn is_ticket_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    (2..=10).contains(&bytes.len())
        && bytes[0].is_ascii_alphabetic()
        && bytes.iter().all(u8::is_ascii_alphanumeric)
}

impl Settings {
    /// Parses `cairn.toml`; on error, the defaults and a message saying what is wrong.
    pub fn from_toml(text: &str) -> (Settings, Option<String>) {
        let (settings, problems) = Settings::read(text);
        let message = (!problems.is_empty()).then(|| {
            let sentences: Vec<String> = problems
                .iter()
                .map(|p| format!("{}: {}", p.key, p.message))
                .collect();
            format!("cairn.toml: {}", sentences.join("; "))
        });
        (settings, message)
    }

    /// Reads `cairn.toml` key by key: a key with a wrong value, or one Cairn does not know,
    /// is a problem, and the other keys still apply. A file that is not TOML at all gives
    /// the defaults.
    pub fn read(text: &str) -> (Settings, Vec<SettingProblem>) {
        let document = match text.parse::<toml_edit::DocumentMut>() {
            Ok(document) => document,
            Err(error) => {
                let message = format!("{}; the defaults apply", error.message().trim_end());
                return (
                    Settings::default(),
                    vec![SettingProblem::new("cairn.toml", message)],
                );
            }
        };
        let mut settings = Settings::default();
        let mut problems = Vec::new();
        for (key, item) in document.iter() {
            if let Err(message) = settings.set(key, item) {
                problems.push(SettingProblem::new(key, message));
            }
        }
        // A value of the right type can still be one Cairn refuses (a `javascript:`
        // template): such a key takes its default, as a wrongly typed one does.
        for problem in settings.problems() {
            if !problems.iter().any(|p| p.key == problem.key) {
                settings.reset(&problem.key);
                problems.push(problem);
            }
        }
        (settings, problems)
    }

    /// Takes one key's value from the file, or says why it cannot.
    fn set(&mut self, key: &str, item: &toml_edit::Item) -> Result<(), String> {
        // As the file writes it, for the messages: `3`, `"two weeks"`, `[section]`.
        let value = item.to_string();
        let value = value.trim();
        let text = |item: &toml_edit::Item| {
            item.as_str().map(str::to_string).ok_or_else(|| {
                format!("must be text in quotes, not `{value}`; the default applies")
            })
        };
        match key {
            "ticket_url" => self.ticket_url = Some(text(item)?).filter(|url| !url.is_empty()),
            "ticket_keys" => {
                let keys = item.as_array().map(|keys| {
                    keys.iter()
                        .map(|key| key.as_str().map(str::to_string))
                        .collect::<Option<Vec<String>>>()
                });
                self.ticket_keys = keys.flatten().ok_or_else(|| {
                    format!("must be a list of keys such as [\"COS\", \"PLAT\"], not `{value}`; every key counts")
                })?;
            }
            "people_section" => self.people_section = text(item)?,
            "projects_section" => self.projects_section = text(item)?,
            "one_on_one_cadence_days" => {
                self.one_on_one_cadence_days = item
                    .as_integer()
                    .and_then(|days| u32::try_from(days).ok())
                    .ok_or_else(|| {
                        format!("must be a number of days, not `{value}`; the default applies")
                    })?;
            }
            "completion" => {
                self.completion = match item.as_str() {
                    Some("property") => CompletionRecord::Property,
                    Some("none") => CompletionRecord::None,
                    _ => {
                        return Err(format!(
                            "must be \"property\" or \"none\", not `{value}`; the default applies"
                        ))
                    }
                }
            }
            "checklist_tasks" => {
                self.checklist_tasks = item.as_bool().ok_or_else(|| {
                    format!("must be true or false, not `{value}`; the default applies")
                })?;
            }
            _ => {
                return Err(format!(
                    "is not a key Cairn knows ({}); it is ignored",
                    SETTING_KEYS.join(", ")
                ))
            }
        }
        Ok(())
    }

    /// Puts `key` back to its default.
    fn reset(&mut self, key: &str) {
        let defaults = Settings::default();
        match key {
            "ticket_url" => self.ticket_url = defaults.ticket_url,
            "ticket_keys" => self.ticket_keys = defaults.ticket_keys,
            "people_section" => self.people_section = defaults.people_section,
            "projects_section" => self.projects_section = defaults.projects_section,
            "one_on_one_cadence_days" => {
                self.one_on_one_cadence_days = defaults.one_on_one_cadence_days
            }
            "completion" => self.completion = defaults.completion,
            "checklist_tasks" => self.checklist_tasks = defaults.checklist_tasks,
            _ => {}
        }
    }

    /// What is wrong with these settings, key by key: what Settings refuses to save and a
    /// file's reading replaces with the default.
    pub fn problems(&self) -> Vec<SettingProblem> {
        let mut problems = Vec::new();
        if let Some(url) = &self.ticket_url {
            // Every link Cairn builds opens in a browser or the app: a `javascript:` or
            // `data:` template would run script there, so only web addresses are taken.
            if !is_web_url(url) {
                problems.push(SettingProblem::new(
                    "ticket_url",
                    format!("`{url}` is not an http or https address; tickets are not linked"),
                ));
            } else if !url.contains("{id}") {
                problems.push(SettingProblem::new(
                    "ticket_url",
                    "must contain {id} where the ticket goes; tickets are not linked".to_string(),
                ));
            }
        }
        let wrong: Vec<&str> = self
            .ticket_keys
            .iter()
            .map(String::as_str)
            .filter(|key| !is_ticket_key(key))
            .collect();
        if !wrong.is_empty() {
            problems.push(SettingProblem::new(
                "ticket_keys",
                format!(
                    "{} {} not a project key: 2 to 10 letters and digits starting with a letter, as in COS-113; every key counts",
                    wrong.join(", "),
                    if wrong.len() == 1 { "is" } else { "are" }
                ),
            ));
        }
        for (key, section) in [
            ("people_section", &self.people_section),
            ("projects_section", &self.projects_section),
        ] {
            if section.trim().is_empty() {
                problems.push(SettingProblem::new(
                    key,
                    "must name a top-level block; the default applies".to_string(),
                ));
            }
        }
        if self
            .people_section
            .trim()
            .eq_ignore_ascii_case(self.projects_section.trim())
            && !self.people_section.trim().is_empty()
        {
            problems.push(SettingProblem::new(
                "projects_section",
                "must differ from people_section: one block cannot hold both; the default applies"
                    .to_string(),
            ));
        }
        if !CADENCE_DAYS.contains(&self.one_on_one_cadence_days) {
            problems.push(SettingProblem::new(
                "one_on_one_cadence_days",
                format!(
                    "must be from {} to {} days, not {}; the default applies",
                    CADENCE_DAYS.start(),
                    CADENCE_DAYS.end(),
                    self.one_on_one_cadence_days
                ),
            ));
        }
        problems
    }

    /// True when `id` (already of ticket shape) names a ticket of an accepted project.
    pub fn accepts_ticket(&self, id: &str) -> bool {
        self.ticket_keys.is_empty()
            || id.split_once('-').is_some_and(|(key, _)| {
                self.ticket_keys.iter().any(|k| k.eq_ignore_ascii_case(key))
            })
    }

    /// The link of a ticket, when a template is set.
    pub fn ticket_link(&self, id: &str) -> Option<String> {
        self.ticket_url.as_ref().map(|t| t.replace("{id}", id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regression_a_script_ticket_url_is_refused_not_linked() {
        for url in [
            "javascript:alert(1)//{id}",
            " JavaScript:x{id}",
            "data:text/html,{id}",
            "vbscript:{id}",
        ] {
            let (settings, warning) = Settings::from_toml(&format!("ticket_url = {url:?}\n"));
            assert_eq!(settings.ticket_url, None, "{url}");
            assert_eq!(settings.ticket_link("COS-1"), None);
            assert!(warning.unwrap().contains("not an http or https address"));
        }
        let (settings, warning) = Settings::from_toml("ticket_url = \"HTTPS://t.example/{id}\"\n");
        assert_eq!(
            settings.ticket_link("COS-1").as_deref(),
            Some("HTTPS://t.example/COS-1")
        );
        assert_eq!(warning, None);
    }

    #[test]
    fn reads_keys_and_reports_mistakes() {
        let (settings, problem) = Settings::from_toml(
            "ticket_url = \"https://t.example/{id}\"\npeople_section = \"Team\"\n",
        );
        assert!(problem.is_none());
        assert_eq!(settings.people_section, "Team");
        assert_eq!(
            settings.ticket_link("COS-1").as_deref(),
            Some("https://t.example/COS-1")
        );
        let (settings, problem) = Settings::from_toml("ticket_url = 3\n");
        assert_eq!(settings, Settings::default());
        assert!(problem.unwrap().contains("cairn.toml"));
    }

    #[test]
    fn a_wrong_key_takes_its_default_and_the_rest_of_the_file_still_applies() {
        let text = "people_section = \"Team\"\none_on_one_cadence_days = \"two weeks\"\ncolour = \"blue\"\nticket_keys = [\"COS\", \"not a key\"]\ncompletion = \"none\"\n";
        let (settings, problems) = Settings::read(text);
        assert_eq!(settings.people_section, "Team");
        assert_eq!(settings.completion, CompletionRecord::None);
        assert_eq!(settings.one_on_one_cadence_days, 14);
        assert_eq!(settings.ticket_keys, Vec::<String>::new());
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["one_on_one_cadence_days", "colour", "ticket_keys"]);
        assert!(problems[0].message.contains("number of days"));
        assert!(problems[1].message.contains("is ignored"));
        assert!(problems[2]
            .message
            .contains("not a key is not a project key"));
    }

    #[test]
    fn a_file_that_is_not_toml_gives_the_defaults_and_says_where() {
        let (settings, problems) = Settings::read("people_section = \"Team\nticket_keys = [\n");
        assert_eq!(settings, Settings::default());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].key, "cairn.toml");
        assert!(problems[0].message.ends_with("the defaults apply"));
    }

    #[test]
    fn settings_check_every_key_they_would_save() {
        let mut settings = Settings {
            ticket_url: Some("https://t.example/browse".to_string()),
            ticket_keys: vec!["cos".to_string(), "PLAT2".to_string(), "9X".to_string()],
            people_section: "Team".to_string(),
            projects_section: "team".to_string(),
            one_on_one_cadence_days: 0,
            ..Settings::default()
        };
        let keys = |settings: &Settings| -> Vec<String> {
            settings.problems().into_iter().map(|p| p.key).collect()
        };
        assert_eq!(
            keys(&settings),
            [
                "ticket_url",
                "ticket_keys",
                "projects_section",
                "one_on_one_cadence_days"
            ]
        );
        settings.ticket_url = Some("https://t.example/browse/{id}".to_string());
        settings.ticket_keys.pop();
        settings.projects_section = "Projects".to_string();
        settings.one_on_one_cadence_days = 365;
        assert_eq!(keys(&settings), Vec::<String>::new());
        settings.people_section = "  ".to_string();
        assert_eq!(keys(&settings), ["people_section"]);
    }
}
