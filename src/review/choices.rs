//! What the user chose for a draft: the bullets they left out and the candidates they took
//! in, by bullet id. The choices live in the vault, on the saved draft page, as two page
//! properties (`review-exclude:: id, id` and `review-include:: id, id`), so they survive a
//! restart, sync with the notes, and every front (the app, `cairn review`) sees the same
//! draft.
//!
//! A candidate taken into one period's draft stays there: other drafts no longer offer it
//! (an undated section's bullet included in 2024 is not offered again in 2025).

use std::collections::BTreeSet;

use rusqlite::Connection;
use serde::Serialize;

use super::ReviewOptions;
use crate::vault::page_key;

/// The page property of the bullets left out of a draft.
pub const EXCLUDE_PROPERTY: &str = "review-exclude";
/// The page property of the candidates taken into a draft.
pub const INCLUDE_PROPERTY: &str = "review-include";

/// A draft's choices.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Choices {
    pub include: BTreeSet<String>,
    pub exclude: BTreeSet<String>,
}

/// What to do with one bullet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Into the draft: a candidate taken in, or an excluded bullet put back.
    Include,
    /// Out of the draft.
    Exclude,
}

impl Choices {
    /// Records `choice` for the bullet `id`; `candidate` says whether it is offered
    /// material (which needs including) or a bullet of the draft (which is in unless
    /// excluded).
    pub fn set(&mut self, id: &str, candidate: bool, choice: Choice) {
        self.include.remove(id);
        self.exclude.remove(id);
        match (choice, candidate) {
            (Choice::Include, true) => {
                self.include.insert(id.to_string());
            }
            (Choice::Exclude, false) => {
                self.exclude.insert(id.to_string());
            }
            // Back to how the bullet is by default.
            (Choice::Include, false) | (Choice::Exclude, true) => {}
        }
    }

    /// The page property lines that keep these choices, empty ones left out.
    pub fn property_lines(&self) -> Vec<String> {
        [
            (EXCLUDE_PROPERTY, &self.exclude),
            (INCLUDE_PROPERTY, &self.include),
        ]
        .into_iter()
        .filter(|(_, ids)| !ids.is_empty())
        .map(|(key, ids)| {
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            format!("{key}:: {}", ids.join(", "))
        })
        .collect()
    }
}

/// The name of the page the draft of `options` is saved as: `Review 2024`,
/// `Review 2024 Atlas`, `Review 2024 Atlas, Billing` (the projects in alphabetical order,
/// so that one set has one page), or `Review 2024-01-01 to 2024-06-30`.
pub fn draft_page_name(options: &ReviewOptions) -> String {
    let base = match options.calendar_year() {
        Some(year) => format!("Review {year}"),
        None => format!("Review {} to {}", options.from, options.to),
    };
    let projects = options.chosen_projects();
    if projects.is_empty() {
        base
    } else {
        format!("{base} {}", projects.join(", "))
    }
}

fn ids(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_string)
}

/// The choices saved on the draft page of `options`, and the candidates taken into any
/// other draft.
pub(crate) fn load(
    conn: &Connection,
    options: &ReviewOptions,
) -> rusqlite::Result<(Choices, BTreeSet<String>)> {
    let key = page_key(&draft_page_name(options));
    let mut statement = conn.prepare_cached(
        "SELECT p.key, pp.key, pp.value FROM page_properties pp JOIN pages p ON p.id = pp.page_id
         WHERE pp.key IN (?1, ?2)
         AND p.id IN (SELECT page_id FROM page_properties WHERE key = 'cairn-review')",
    )?;
    let rows = statement.query_map([INCLUDE_PROPERTY, EXCLUDE_PROPERTY], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut choices = Choices::default();
    let mut elsewhere = BTreeSet::new();
    for row in rows {
        let (page, property, value) = row?;
        match (page == key, property == INCLUDE_PROPERTY) {
            (true, true) => choices.include.extend(ids(&value)),
            (true, false) => choices.exclude.extend(ids(&value)),
            (false, true) => elsewhere.extend(ids(&value)),
            (false, false) => {}
        }
    }
    Ok((choices, elsewhere))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_go_back_to_the_default_and_are_kept_as_two_properties() {
        let mut choices = Choices::default();
        choices.set("atlas-1a2b", false, Choice::Exclude);
        choices.set("atlas-3c4d", true, Choice::Include);
        assert_eq!(
            choices.property_lines(),
            ["review-exclude:: atlas-1a2b", "review-include:: atlas-3c4d"]
        );
        choices.set("atlas-1a2b", false, Choice::Include);
        choices.set("atlas-3c4d", true, Choice::Exclude);
        assert!(choices.property_lines().is_empty());
    }
}
