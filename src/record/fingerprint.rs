//! Fingerprints of what the caches keep of a page, so that a sync of an edited page can
//! tell which blocks changed and rewrite only those.
//!
//! Each fingerprint covers exactly what the database and the search index store: a field
//! that the caches keep but the fingerprint missed would leave a changed block unwritten,
//! so the blocks and pages are taken apart field by field, and a field added to either
//! record does not compile until it is hashed here. Byte offsets into the file (a
//! timestamp's span) are left out: they move with every edit above them, and nothing
//! stores them.

use std::hash::{Hash, Hasher};

use xxhash_rust::xxh3::Xxh3Default;

use super::{BlockRecord, PageRecord, TaskRecord};
use crate::outline::Timestamp;

/// A timestamp as the caches keep it: day, time and repeater.
fn hash_timestamp(timestamp: &Option<Timestamp>, state: &mut impl Hasher) {
    timestamp.map(|t| (t.date, t.time, t.repeater)).hash(state);
}

/// The fingerprint of everything the caches keep of `block`.
pub(super) fn block_fingerprint(block: &BlockRecord) -> u64 {
    let BlockRecord {
        ord,
        parent,
        depth,
        line,
        content,
        title,
        search_text,
        breadcrumbs,
        marker,
        task,
        priority,
        scheduled,
        deadline,
        day,
        uuid,
        collapsed,
        properties,
        refs,
        tickets,
        project,
        person,
        review,
        private,
        entry_day,
        fingerprint: _,
    } = block;
    let mut state = Xxh3Default::new();
    (ord, parent, depth, line, content, title, search_text).hash(&mut state);
    (breadcrumbs, marker, priority, day, uuid, collapsed).hash(&mut state);
    if let Some(TaskRecord {
        handle,
        title,
        open,
    }) = task
    {
        (handle, title, open).hash(&mut state);
    }
    task.is_some().hash(&mut state);
    hash_timestamp(scheduled, &mut state);
    hash_timestamp(deadline, &mut state);
    (properties, refs, tickets, project, person).hash(&mut state);
    (review, private, entry_day).hash(&mut state);
    state.finish()
}

/// The fingerprint of everything the caches keep of `page` apart from its blocks: what
/// every block's rows and search documents also depend on (the page's name, for one).
pub(super) fn head_fingerprint(page: &PageRecord) -> u64 {
    let PageRecord {
        path,
        name,
        key,
        journal_day,
        entity,
        aliases,
        properties,
        refs,
        tickets,
        blocks: _,
        fingerprint: _,
    } = page;
    let mut state = Xxh3Default::new();
    (path, name, key, journal_day, entity).hash(&mut state);
    (aliases, properties, refs, tickets).hash(&mut state);
    state.finish()
}
