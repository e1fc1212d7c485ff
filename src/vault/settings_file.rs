//! `cairn.toml` rewritten from Settings: only the keys whose value changed are touched, so
//! the file keeps its comments, its order, its other keys and every other byte. A key that
//! the file does not set and that keeps its default is not added, and no key is removed
//! (a comment above it would go with it): no ticket link is written `ticket_url = ""`.

use toml_edit::{Array, DocumentMut, Item, Value};

use super::settings::{CompletionRecord, Settings, SETTING_KEYS};

/// `key`'s value in `settings` as the file writes it: no ticket link is `""`.
fn value_of(settings: &Settings, key: &str) -> Option<Value> {
    let value = match key {
        "ticket_url" => Value::from(settings.ticket_url.as_deref().unwrap_or("")),
        "ticket_keys" => Value::Array(
            settings
                .ticket_keys
                .iter()
                .map(String::as_str)
                .collect::<Array>(),
        ),
        "people_section" => Value::from(settings.people_section.as_str()),
        "projects_section" => Value::from(settings.projects_section.as_str()),
        "one_on_one_cadence_days" => Value::from(i64::from(settings.one_on_one_cadence_days)),
        "completion" => Value::from(match settings.completion {
            CompletionRecord::Property => "property",
            CompletionRecord::None => "none",
        }),
        "checklist_tasks" => Value::from(settings.checklist_tasks),
        _ => return None,
    };
    Some(value)
}

/// Compares two values by what they mean, not how they are spaced.
fn same(a: &Option<Value>, b: &Option<Value>) -> bool {
    let plain = |value: &Option<Value>| {
        value.clone().map(|mut value| {
            value.decor_mut().clear();
            value.to_string()
        })
    };
    plain(a) == plain(b)
}

/// The keys whose value differs between `from` and `to`, in the file's key order.
pub fn changed_keys(from: &Settings, to: &Settings) -> Vec<&'static str> {
    SETTING_KEYS
        .into_iter()
        .filter(|key| !same(&value_of(from, key), &value_of(to, key)))
        .collect()
}

/// The text of `cairn.toml` (`text`, empty for no file) with `settings` written into it;
/// an error when the file is not TOML, which only a person can mend.
pub fn rewrite(text: &str, settings: &Settings) -> Result<String, String> {
    let mut document = text.parse::<DocumentMut>().map_err(|error| {
        format!(
            "cairn.toml is not valid TOML ({}); mend it in a text editor, then save again",
            error.message().trim_end()
        )
    })?;
    let (current, _) = Settings::read(text);
    let defaults = Settings::default();
    for key in changed_keys(&current, settings) {
        let wanted = value_of(settings, key);
        let table = document.as_table_mut();
        match (table.get_mut(key), wanted) {
            (_, None) => {}
            (Some(item), Some(mut value)) => {
                // The spacing and a comment after the old value stay with the new one.
                if let Some(old) = item.as_value() {
                    *value.decor_mut() = old.decor().clone();
                }
                *item = Item::Value(value);
            }
            (None, Some(value)) => {
                if !same(&Some(value.clone()), &value_of(&defaults, key)) {
                    table.insert(key, Item::Value(value));
                }
            }
        }
    }
    Ok(document.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# Cairn's settings for this vault.\n\
        ticket_url = \"https://jira.example/browse/{id}\"   # our tracker\n\
        ticket_keys = [\"COS\",   \"NAV\"]\n\n\
        # Where people live.\n\
        people_section = \"People\"\n";

    #[test]
    fn unchanged_settings_leave_the_file_byte_for_byte() {
        let (settings, problems) = Settings::read(FILE);
        assert!(problems.is_empty());
        assert_eq!(rewrite(FILE, &settings).unwrap(), FILE);
        assert_eq!(rewrite("", &Settings::default()).unwrap(), "");
    }

    #[test]
    fn a_changed_key_changes_its_own_value_and_keeps_its_comment() {
        let (mut settings, _) = Settings::read(FILE);
        settings.ticket_url = Some("https://linear.example/issue/{id}".to_string());
        settings.one_on_one_cadence_days = 7;
        assert_eq!(
            rewrite(FILE, &settings).unwrap(),
            "# Cairn's settings for this vault.\n\
             ticket_url = \"https://linear.example/issue/{id}\"   # our tracker\n\
             ticket_keys = [\"COS\",   \"NAV\"]\n\n\
             # Where people live.\n\
             people_section = \"People\"\n\
             one_on_one_cadence_days = 7\n"
        );
    }

    #[test]
    fn no_ticket_link_keeps_the_key_empty_and_defaults_are_not_added() {
        let (mut settings, _) = Settings::read(FILE);
        settings.ticket_url = None;
        settings.ticket_keys.clear();
        assert_eq!(
            rewrite(FILE, &settings).unwrap(),
            "# Cairn's settings for this vault.\n\
             ticket_url = \"\"   # our tracker\n\
             ticket_keys = []\n\n\
             # Where people live.\n\
             people_section = \"People\"\n"
        );
        let mut settings = Settings {
            checklist_tasks: true,
            ..Settings::default()
        };
        assert_eq!(rewrite("", &settings).unwrap(), "checklist_tasks = true\n");
        settings.completion = CompletionRecord::None;
        assert_eq!(
            rewrite("", &settings).unwrap(),
            "completion = \"none\"\nchecklist_tasks = true\n"
        );
    }

    #[test]
    fn a_file_that_is_not_toml_is_never_rewritten() {
        let error = rewrite("people_section = \"Team\n", &Settings::default()).unwrap_err();
        assert!(error.contains("mend it in a text editor"), "{error}");
    }

    #[test]
    fn an_unknown_key_and_a_wrong_value_stay_as_written_unless_changed() {
        let text = "colour = \"blue\"\none_on_one_cadence_days = \"two weeks\"\n";
        let (mut settings, problems) = Settings::read(text);
        assert_eq!(problems.len(), 2);
        assert_eq!(rewrite(text, &settings).unwrap(), text);
        settings.one_on_one_cadence_days = 10;
        assert_eq!(
            rewrite(text, &settings).unwrap(),
            "colour = \"blue\"\none_on_one_cadence_days = 10\n"
        );
    }
}
