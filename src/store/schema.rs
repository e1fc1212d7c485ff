//! The cache's SQL schema, in one place, as numbered migrations (`PRAGMA user_version`).
//!
//! The cache is disposable: a database from a newer Cairn, or of an unknown version, is
//! thrown away and rebuilt from the vault rather than trusted.

/// Migrations in order; the database's `user_version` is how many have been applied.
pub const MIGRATIONS: &[&str] = &[r#"
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
"#];

/// Secondary indexes, kept apart from the tables so that a bulk import can build them once
/// at the end instead of maintaining them row by row: name, `UNIQUE ` or not, and target.
pub const INDEXES: &[(&str, &str, &str)] = &[
    ("pages_key", "", "pages(key)"),
    (
        "pages_journal_day",
        "",
        "pages(journal_day) WHERE journal_day IS NOT NULL",
    ),
    ("pages_entity", "", "pages(entity) WHERE entity IS NOT NULL"),
    ("aliases_key", "", "aliases(key)"),
    ("aliases_page", "", "aliases(page_id)"),
    ("blocks_page_ord", "UNIQUE ", "blocks(page_id, ord)"),
    ("blocks_uuid", "", "blocks(uuid) WHERE uuid IS NOT NULL"),
    (
        "blocks_marker",
        "",
        "blocks(marker) WHERE marker IS NOT NULL",
    ),
    (
        "blocks_review",
        "",
        "blocks(review_year) WHERE review_year IS NOT NULL",
    ),
    (
        "blocks_entry",
        "",
        "blocks(entry_day) WHERE entry_day IS NOT NULL",
    ),
    (
        "blocks_project",
        "",
        "blocks(project) WHERE project IS NOT NULL",
    ),
    (
        "blocks_person",
        "",
        "blocks(person) WHERE person IS NOT NULL",
    ),
    ("block_properties_block", "", "block_properties(block_id)"),
    ("block_properties_page", "", "block_properties(page_id)"),
    ("refs_key", "", "refs(key)"),
    ("refs_page", "", "refs(page_id)"),
    ("refs_block", "", "refs(block_id)"),
    ("page_entities_page", "", "page_entities(page_id)"),
    ("tickets_block", "", "tickets(block_id)"),
    ("tickets_ticket", "", "tickets(ticket)"),
    ("tickets_page", "", "tickets(page_id)"),
];

/// The statements that create every index that is missing.
pub fn create_indexes_sql() -> String {
    INDEXES
        .iter()
        .map(|(name, unique, on)| format!("CREATE {unique}INDEX IF NOT EXISTS {name} ON {on};\n"))
        .collect()
}

/// The statements that drop every secondary index.
pub fn drop_indexes_sql() -> String {
    INDEXES
        .iter()
        .map(|(name, _, _)| format!("DROP INDEX IF EXISTS {name};\n"))
        .collect()
}

/// The schema version this build writes.
pub fn current_version() -> u32 {
    MIGRATIONS.len() as u32
}
