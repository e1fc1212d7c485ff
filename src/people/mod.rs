//! People, 1-on-1s and projects, by the design's rules, over the index: who the people and
//! projects are ([`Directory`], kept by the cache), the people list and a person's 1-on-1
//! history (from the entries and totals each sync keeps), starting a 1-on-1, and project
//! views.

mod one_on_one;
mod person;
mod project;

pub use crate::store::Directory;
pub use one_on_one::{start_one_on_one, OneOnOne, OneOnOneError};
pub use person::{people, person, Entry, Note, PersonSummary, PersonView};
pub use project::{project, projects, Activity, ProjectSummary, ProjectView};
