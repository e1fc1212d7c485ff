//! People, 1-on-1s and projects.

mod directory;

pub use directory::Directory;
