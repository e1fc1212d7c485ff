//! People, 1-on-1s and projects, by the design's rules, over the index: who the people and
//! projects are ([`Directory`], kept by the cache), the people list and a person's 1-on-1
//! history (from the entries and totals each sync keeps), what changed since the last
//! 1-on-1 (the prep), starting a 1-on-1, adding a person, and project views.

mod new_person;
mod one_on_one;
mod person;
mod prep;
mod project;

pub use crate::store::Directory;
pub use new_person::{add_person, AddedPerson};
pub use one_on_one::{start_one_on_one, OneOnOne, OneOnOneError};
pub use person::{owed_by_them, people, person, Entry, Note, PersonSummary, PersonView};
pub use prep::{prep, Prep, TicketMove};
pub use project::{project, projects, Activity, ProjectSummary, ProjectView};
