//! The cache's SQL schema, in one place, as numbered migrations (`PRAGMA user_version`).
//!
//! The cache is disposable: a database from a newer Cairn, of an unknown version, or older
//! than [`OLDEST_MIGRATABLE`] is thrown away and rebuilt from the vault rather than trusted.

/// Migrations in order; the database's `user_version` is how many have been applied.
pub const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- What each note file was when it was indexed.
CREATE TABLE files (
    path       TEXT PRIMARY KEY,
    size       INTEGER NOT NULL,
    mtime_ns   INTEGER NOT NULL,
    hash       BLOB NOT NULL,
    -- When this fingerprint was taken; a file modified within the same clock tick is re-hashed.
    checked_ns INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE pages (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    key         TEXT NOT NULL,
    journal_day TEXT,
    -- 'person' or 'project' when the page is about one.
    entity      TEXT
);

CREATE TABLE aliases (
    page_id INTEGER NOT NULL,
    alias   TEXT NOT NULL,
    key     TEXT NOT NULL
);

CREATE TABLE page_properties (
    page_id INTEGER NOT NULL,
    ord     INTEGER NOT NULL,
    key     TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (page_id, ord)
) WITHOUT ROWID;

CREATE TABLE blocks (
    id               INTEGER PRIMARY KEY,
    page_id          INTEGER NOT NULL,
    ord              INTEGER NOT NULL,
    parent_ord       INTEGER,
    depth            INTEGER NOT NULL,
    line             INTEGER NOT NULL,
    content          TEXT NOT NULL,
    uuid             TEXT,
    day              TEXT,
    collapsed        INTEGER NOT NULL,
    marker           TEXT,
    priority         TEXT,
    scheduled_day    TEXT,
    scheduled_time   TEXT,
    scheduled_repeat TEXT,
    deadline_day     TEXT,
    deadline_time    TEXT,
    deadline_repeat  TEXT,
    -- The project and person the block sits under (a section child, or the page).
    project          TEXT,
    person           TEXT,
    -- In a project's year-end review: 'section', 'year' or 'item', and the year ('undated').
    review_role      TEXT,
    review_year      TEXT,
    -- The day of a 1-on-1 entry (a dated block under a person).
    entry_day        TEXT,
    -- 1 when the block or an ancestor is marked private; such blocks are never exported.
    private          INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE block_properties (
    block_id INTEGER NOT NULL,
    page_id  INTEGER NOT NULL,
    key      TEXT NOT NULL,
    value    TEXT NOT NULL
);

-- Page refs, tags and block refs; block_id is NULL for refs in page properties.
CREATE TABLE refs (
    page_id  INTEGER NOT NULL,
    block_id INTEGER,
    kind     TEXT NOT NULL,
    target   TEXT NOT NULL,
    key      TEXT NOT NULL,
    day      TEXT
);

CREATE TABLE tickets (
    page_id  INTEGER NOT NULL,
    block_id INTEGER,
    ticket   TEXT NOT NULL
);

-- The people and projects each page's blocks sit under (distinct per page), so that the
-- directory of people and projects is read from a few thousand rows, not every block.
CREATE TABLE page_entities (
    page_id INTEGER NOT NULL,
    kind    TEXT NOT NULL,
    name    TEXT NOT NULL
);

CREATE VIEW tasks AS
    SELECT id, page_id, ord, content, marker, priority,
           scheduled_day, scheduled_time, scheduled_repeat,
           deadline_day, deadline_time, deadline_repeat, day, project, person
    FROM blocks WHERE marker IS NOT NULL;
"#,
    r#"
-- What the agenda, the people list and the person view read, kept by each sync instead of
-- computed per query (see `derived.rs`).
DROP VIEW tasks;

-- Every task with what the agenda shows and filters on: its handle and title, its earlier
-- date (`due`, '' when it has none), and the project and person it is listed under,
-- resolved by the directory. Kept in agenda order (today's overdue tasks aside): open
-- first, by priority (`rank` 0-3 for A, B, C, none), dated first by date, then by page
-- name (lower-cased), line, path and block.
CREATE TABLE tasks (
    closed           INTEGER NOT NULL,
    rank             INTEGER NOT NULL,
    undated          INTEGER NOT NULL,
    due              TEXT NOT NULL,
    page_order       TEXT NOT NULL,
    line             INTEGER NOT NULL,
    path             TEXT NOT NULL,
    ord              INTEGER NOT NULL,
    handle           TEXT NOT NULL,
    title            TEXT NOT NULL,
    marker           TEXT NOT NULL,
    priority         TEXT,
    -- `yyyy-mm-dd`, then the time (`HH:MM`) and the repeater (`.+1w`) when there are any.
    scheduled        TEXT,
    deadline         TEXT,
    page             TEXT NOT NULL,
    day              TEXT,
    project          TEXT,
    person           TEXT,
    block_id         INTEGER NOT NULL,
    page_id          INTEGER NOT NULL,
    -- The project and person of the block, and the keys of the pages and tags it
    -- references (one a line, in order), that `project` and `person` are resolved from.
    own_project      TEXT,
    own_person       TEXT,
    refs             TEXT NOT NULL,
    PRIMARY KEY (closed, rank, undated, due, page_order, line, path, ord)
) WITHOUT ROWID;

-- The key (`page_key`) of each name in page_entities, to match it against the directory.
ALTER TABLE page_entities ADD COLUMN key TEXT NOT NULL DEFAULT '';

-- Who the people and what the projects are: each key a name or alias gives, and the name
-- it stands for ('person' or 'project').
CREATE TABLE directory (
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;

-- The aliases of each person or project, as written, in the order they were found.
CREATE TABLE directory_aliases (
    name  TEXT NOT NULL,
    alias TEXT NOT NULL
);

-- Each person's 1-on-1 entries: 'person' (a dated block under them) or 'journal' (a journal
-- block tagged #1on1 that references them), one row per way the entry names them.
CREATE TABLE person_entries (
    person   TEXT NOT NULL,
    source   TEXT NOT NULL,
    day      TEXT NOT NULL,
    page_id  INTEGER NOT NULL,
    block_id INTEGER NOT NULL
);

-- Each person's open items: open tasks under them or referencing them.
CREATE TABLE person_items (
    person   TEXT NOT NULL,
    block_id INTEGER NOT NULL,
    page_id  INTEGER NOT NULL,
    PRIMARY KEY (person, block_id)
) WITHOUT ROWID;

-- Per person: how many entries, the last entry's day, how many open items.
CREATE TABLE person_stats (
    person     TEXT PRIMARY KEY,
    entries    INTEGER NOT NULL,
    last_day   TEXT,
    open_items INTEGER NOT NULL
) WITHOUT ROWID;
"#,
    r#"
-- Replaced by blocks_day_project, which also covers the projects of a period.
DROP INDEX IF EXISTS blocks_day;
"#,
    r#"
-- What a listing shows of a task is packed in one value, `shown` (see `shown_task.rs`): the
-- agenda reads it instead of a dozen columns per row. The row keeps as columns what queries
-- filter and sort on, in the same order as before.
DROP TABLE tasks;
CREATE TABLE tasks (
    closed      INTEGER NOT NULL,
    rank        INTEGER NOT NULL,
    undated     INTEGER NOT NULL,
    due         TEXT NOT NULL,
    page_order  TEXT NOT NULL,
    line        INTEGER NOT NULL,
    path        TEXT NOT NULL,
    ord         INTEGER NOT NULL,
    handle      TEXT NOT NULL,
    marker      TEXT NOT NULL,
    priority    TEXT,
    page        TEXT NOT NULL,
    project     TEXT,
    person      TEXT,
    block_id    INTEGER NOT NULL,
    page_id     INTEGER NOT NULL,
    own_project TEXT,
    own_person  TEXT,
    refs        TEXT NOT NULL,
    shown       BLOB NOT NULL,
    PRIMARY KEY (closed, rank, undated, due, page_order, line, path, ord)
) WITHOUT ROWID;
"#,
    r#"
-- Which file a path names and when its metadata last changed: an edit that keeps the size
-- and puts the modification time back still moves these. A cache made before has 0 in
-- both, so each file is hashed once more, and kept if its bytes are the same.
ALTER TABLE files ADD COLUMN inode INTEGER NOT NULL DEFAULT 0;
ALTER TABLE files ADD COLUMN ctime_ns INTEGER NOT NULL DEFAULT 0;
"#,
    r#"
-- The fingerprint of what the cache keeps of each page (apart from its blocks) and of
-- each block (`record::fingerprint`): a sync of an edited page rewrites only the blocks
-- whose fingerprint changed. A cache made before has 0 in both; the record version moved
-- with this migration, so such a cache is rebuilt rather than trusted.
ALTER TABLE pages ADD COLUMN fingerprint INTEGER NOT NULL DEFAULT 0;
ALTER TABLE blocks ADD COLUMN fingerprint INTEGER NOT NULL DEFAULT 0;
"#,
];

/// The oldest schema a cache can be migrated from. Older caches lack derived rows that only
/// indexing the files writes (such as `tasks.shown`), so they are rebuilt instead.
pub const OLDEST_MIGRATABLE: u32 = 4;

/// How a secondary index is kept up to date by an import that fills an empty cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkBuild {
    /// Dropped for the load and built once at its end: most rows of its table are in it,
    /// so one sort is cheaper than an insert per row.
    AtEnd,
    /// Kept during the load: few rows are in it, and building it at the end would scan a
    /// whole table (the blocks table is 40 MB at 10,000 pages) for them.
    DuringLoad,
}

/// A secondary index, kept apart from the tables so that a bulk import can choose when to
/// build it.
pub struct SecondaryIndex {
    pub name: &'static str,
    pub unique: bool,
    /// The table and columns, with a `WHERE` for a partial index.
    pub on: &'static str,
    pub bulk: BulkBuild,
}

const fn index(name: &'static str, on: &'static str, bulk: BulkBuild) -> SecondaryIndex {
    SecondaryIndex {
        name,
        unique: false,
        on,
        bulk,
    }
}

const fn unique(name: &'static str, on: &'static str, bulk: BulkBuild) -> SecondaryIndex {
    SecondaryIndex {
        name,
        unique: true,
        on,
        bulk,
    }
}

/// Every secondary index. Which are built during a bulk load and which at its end was
/// measured on the 10,000-page generated vault (README, Performance).
pub const INDEXES: &[SecondaryIndex] = &[
    index("pages_key", "pages(key)", BulkBuild::DuringLoad),
    index(
        "pages_journal_day",
        "pages(journal_day) WHERE journal_day IS NOT NULL",
        BulkBuild::DuringLoad,
    ),
    index(
        "pages_entity",
        "pages(entity) WHERE entity IS NOT NULL",
        BulkBuild::DuringLoad,
    ),
    index("aliases_key", "aliases(key)", BulkBuild::DuringLoad),
    index("aliases_page", "aliases(page_id)", BulkBuild::DuringLoad),
    unique("blocks_page_ord", "blocks(page_id, ord)", BulkBuild::AtEnd),
    index(
        "blocks_uuid",
        "blocks(uuid) WHERE uuid IS NOT NULL",
        BulkBuild::DuringLoad,
    ),
    index(
        "blocks_marker",
        "blocks(marker) WHERE marker IS NOT NULL",
        BulkBuild::AtEnd,
    ),
    index(
        "blocks_review",
        "blocks(review_year) WHERE review_year IS NOT NULL",
        BulkBuild::DuringLoad,
    ),
    // Review drafts look up a year's blocks by day, and which projects they are about
    // without reading the blocks themselves.
    index(
        "blocks_day_project",
        "blocks(day, project, private, page_id) WHERE day IS NOT NULL",
        BulkBuild::AtEnd,
    ),
    // Accomplishments outside review sections, which review drafts offer.
    index(
        "blocks_outside",
        "blocks(page_id, ord) WHERE review_role = 'outside'",
        BulkBuild::DuringLoad,
    ),
    index(
        "blocks_entry",
        "blocks(entry_day) WHERE entry_day IS NOT NULL",
        BulkBuild::DuringLoad,
    ),
    index(
        "blocks_project",
        "blocks(project) WHERE project IS NOT NULL",
        BulkBuild::AtEnd,
    ),
    index(
        "blocks_person",
        "blocks(person) WHERE person IS NOT NULL",
        BulkBuild::AtEnd,
    ),
    index(
        "block_properties_block",
        "block_properties(block_id)",
        BulkBuild::DuringLoad,
    ),
    index(
        "block_properties_page",
        "block_properties(page_id)",
        BulkBuild::DuringLoad,
    ),
    index("refs_key", "refs(key)", BulkBuild::AtEnd),
    index("refs_page", "refs(page_id)", BulkBuild::AtEnd),
    index("refs_block", "refs(block_id)", BulkBuild::AtEnd),
    index(
        "page_entities_page",
        "page_entities(page_id)",
        BulkBuild::DuringLoad,
    ),
    // The names blocks carry for one person or project (`directory::raw_names`).
    index(
        "page_entities_key",
        "page_entities(kind, key)",
        BulkBuild::DuringLoad,
    ),
    index("tickets_block", "tickets(block_id)", BulkBuild::AtEnd),
    index("tickets_ticket", "tickets(ticket)", BulkBuild::AtEnd),
    index("tickets_page", "tickets(page_id)", BulkBuild::AtEnd),
    unique("tasks_block", "tasks(block_id)", BulkBuild::AtEnd),
    index("tasks_page", "tasks(page_id)", BulkBuild::AtEnd),
    index("tasks_handle", "tasks(handle)", BulkBuild::AtEnd),
    index(
        "tasks_project",
        "tasks(project) WHERE project IS NOT NULL",
        BulkBuild::DuringLoad,
    ),
    index(
        "tasks_person",
        "tasks(person) WHERE person IS NOT NULL",
        BulkBuild::DuringLoad,
    ),
    index(
        "directory_name",
        "directory(kind, name)",
        BulkBuild::DuringLoad,
    ),
    index(
        "directory_aliases_name",
        "directory_aliases(name)",
        BulkBuild::DuringLoad,
    ),
    index(
        "person_entries_person",
        "person_entries(person)",
        BulkBuild::DuringLoad,
    ),
    index(
        "person_entries_page",
        "person_entries(page_id)",
        BulkBuild::DuringLoad,
    ),
    index(
        "person_items_page",
        "person_items(page_id)",
        BulkBuild::DuringLoad,
    ),
];

/// The statements that create every index that is missing.
pub fn create_indexes_sql() -> String {
    INDEXES.iter().map(create_index_sql).collect()
}

/// The statements that create the indexes a bulk load builds at its end.
pub fn create_deferred_indexes_sql() -> String {
    deferred().map(create_index_sql).collect()
}

/// The statements that drop the indexes a bulk load builds at its end.
pub fn drop_deferred_indexes_sql() -> String {
    deferred()
        .map(|index| format!("DROP INDEX IF EXISTS {};\n", index.name))
        .collect()
}

fn deferred() -> impl Iterator<Item = &'static SecondaryIndex> {
    INDEXES
        .iter()
        .filter(|index| index.bulk == BulkBuild::AtEnd)
}

fn create_index_sql(index: &SecondaryIndex) -> String {
    let unique = if index.unique { "UNIQUE " } else { "" };
    format!(
        "CREATE {unique}INDEX IF NOT EXISTS {} ON {};\n",
        index.name, index.on
    )
}

/// The schema version this build writes.
pub fn current_version() -> u32 {
    MIGRATIONS.len() as u32
}
