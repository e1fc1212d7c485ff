//! Cairn's own settings for a vault, from `cairn.toml` at its root. Every key is optional;
//! a file that does not parse is reported and the defaults are used.

use serde::Deserialize;

/// How completing a task is recorded in the file, so the year-end review can date it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CompletionRecord {
    /// A `completed:: yyyy-mm-dd` property on the task (Logseq shows it as a property).
    #[default]
    Property,
    /// Nothing is written but the marker, as Logseq itself does.
    None,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
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

/// True for an `http://` or `https://` address, in any case.
fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

impl Settings {
    /// Parses `cairn.toml`; on error, the defaults and a message saying what is wrong.
    pub fn from_toml(text: &str) -> (Settings, Option<String>) {
        match toml::from_str::<Settings>(text) {
            // Every link Cairn builds opens in a browser or the app: a `javascript:` or
            // `data:` template would run script there, so only web addresses are taken.
            Ok(mut settings)
                if settings
                    .ticket_url
                    .as_deref()
                    .is_some_and(|url| !is_web_url(url)) =>
            {
                let url = settings.ticket_url.take().unwrap_or_default();
                (
                    settings,
                    Some(format!(
                        "cairn.toml: ticket_url `{url}` is not an http or https address; tickets are not linked"
                    )),
                )
            }
            Ok(settings) => (settings, None),
            Err(error) => (
                Settings::default(),
                Some(format!(
                    "cairn.toml: {}; using the defaults",
                    error.message()
                )),
            ),
        }
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
}
