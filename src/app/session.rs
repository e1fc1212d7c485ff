//! A vault open in the app: the index, "today", and the undo history, with one method per
//! thing the app asks. Reads come from the files (pages) and the cache (lists, search,
//! references); every edit goes through the same read–check–write–re-index path as the
//! command line, so the app can never overwrite a change it has not seen.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension};

use super::agenda::EveryTask;
use super::error::{AppError, ErrorCode};
use super::history::{History, Step};
use super::ops::{block_at, compile, EditOp};
use super::search::SearchHandle;
use super::view::{
    block_view, block_views, page_properties, problems, version_string, ChangedFile,
    ImportProgress, PageSummary, PageView, ReferenceBlock, References, VaultChanged, VaultInfo,
};
use crate::agenda::now_on;
use crate::agenda::{parse_simple_query_on, run_simple_query};
use crate::dates::JournalTitleFormat;
use crate::index::{Index, IndexError, SyncProgress, WatchEvent};
use crate::outline::{self, trail_of, BlockId, Page, SourceFormat};
use crate::render::{
    Embed, Embedded, LinkResolver, QueryResult, QueryResults, RefTarget, RefTask, EMBED_LIMIT,
    QUERY_SHOWN,
};
use crate::store::hash_of_blob;
use crate::vault::{page_key, FileProblemKind, PageFile, PageKind, Settings, Vault};
use crate::workspace::{write_file, PageSession};

/// What an edit, undo or redo did: the page as it is now, and the block to keep editing.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct EditResult {
    pub page: PageView,
    pub focus: Option<u32>,
}

/// An open vault.
pub struct Session {
    pub(super) index: Index,
    /// A fixed "today" (tests, reproducible runs); the clock's date otherwise.
    fixed_today: Option<NaiveDate>,
    pub(super) history: History,
    /// The unfiltered agenda, read once per version of the cache and day.
    pub(super) every_task: RefCell<Option<EveryTask>>,
    /// The material of the last review drafted.
    pub(super) review_material: RefCell<Option<super::review::KeptMaterial>>,
    /// The sentences Settings' preview last said, for the version of the cache they read.
    pub(super) settings_effects: RefCell<super::vault_settings::EffectMemo>,
}

/// Resolves ticket links, block references, embeds and queries against the vault's
/// settings and cache.
pub(super) struct Links<'a> {
    settings: &'a Settings,
    conn: &'a Connection,
    titles: &'a JournalTitleFormat,
    today: NaiveDate,
    /// The page being shown, which a query's `<% current page %>` names.
    page: Option<&'a str>,
}

impl LinkResolver for Links<'_> {
    fn ticket(&self, id: &str) -> Option<Option<String>> {
        self.settings
            .accepts_ticket(id)
            .then(|| self.settings.ticket_link(id))
    }

    fn block_ref(&self, uuid: &str) -> Option<RefTarget> {
        self.shown_block("b.uuid = ?1", [uuid.to_ascii_lowercase()])
    }

    fn query(&self, query: &str) -> Result<QueryResults, String> {
        let expr = parse_simple_query_on(query, self.page, self.today, self.titles)
            .map_err(|error| error.to_string())?;
        let hits = run_simple_query(self.conn, &expr).map_err(|error| error.to_string())?;
        let mut shown = Vec::new();
        for hit in hits.iter().take(QUERY_SHOWN) {
            // A task is looked up for its handle and file version; other hits are shown
            // from what the query read.
            let task_block = hit
                .block
                .filter(|_| hit.marker.is_some())
                .and_then(|block| {
                    self.shown_block(
                        "p.path = ?1 AND b.ord = ?2",
                        rusqlite::params![hit.path, block],
                    )
                });
            shown.push(QueryResult {
                page: hit.page.clone(),
                block: hit.block,
                target: task_block.unwrap_or_else(|| RefTarget {
                    text: hit.content.clone(),
                    task: None,
                }),
            });
        }
        Ok(QueryResults {
            shown,
            total: hits.len(),
        })
    }

    fn embedded(&self, embed: Embed<'_>) -> Option<Embedded> {
        let (page_id, from_ord, root_depth) = match embed {
            Embed::Block(uuid) => self
                .conn
                .query_row(
                    "SELECT page_id, ord, depth FROM blocks WHERE uuid = ?1 LIMIT 1",
                    [uuid.to_ascii_lowercase()],
                    |row| {
                        Ok((
                            row.get::<_, i64>(0)?,
                            row.get::<_, i64>(1)?,
                            Some(row.get::<_, u32>(2)?),
                        ))
                    },
                )
                .ok()?,
            Embed::Page(name) => self
                .conn
                .query_row(
                    "SELECT id FROM pages WHERE key = ?1
                     UNION ALL SELECT page_id FROM aliases WHERE key = ?1 LIMIT 1",
                    [page_key(name)],
                    |row| Ok((row.get::<_, i64>(0)?, 0, None)),
                )
                .ok()?,
        };
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT depth, content FROM blocks WHERE page_id = ?1 AND ord >= ?2
                 ORDER BY ord LIMIT ?3",
            )
            .ok()?;
        let rows = statement
            .query_map(
                rusqlite::params![page_id, from_ord, EMBED_LIMIT as i64 + 1],
                |row| Ok((row.get::<_, u32>(0)?, row.get::<_, String>(1)?)),
            )
            .ok()?;
        let mut blocks = Vec::new();
        let mut more = false;
        for (index, row) in rows.enumerate() {
            let (depth, content) = row.ok()?;
            // A block's embed ends at the first block that is not under it.
            if index > 0 && root_depth.is_some_and(|root| depth <= root) {
                break;
            }
            if blocks.len() == EMBED_LIMIT {
                more = true;
                break;
            }
            blocks.push((depth, content));
        }
        Some(Embedded { blocks, more })
    }
}

impl Links<'_> {
    /// The cached block `condition` (on `b`, its page `p`) finds, as a block reference or a
    /// query result shows it: a task with the handle and file version its checkbox acts
    /// through.
    fn shown_block(&self, condition: &str, params: impl rusqlite::Params) -> Option<RefTarget> {
        let sql = format!(
            "SELECT b.content, b.marker, b.priority, b.deadline_day, b.scheduled_day, t.handle, f.hash
             FROM blocks b JOIN pages p ON p.id = b.page_id
             LEFT JOIN tasks t ON t.block_id = b.id
             LEFT JOIN files f ON f.path = p.path
             WHERE {condition} LIMIT 1"
        );
        let mut statement = self.conn.prepare_cached(&sql).ok()?;
        statement
            .query_row(params, |row| {
                let marker: Option<String> = row.get(1)?;
                let handle: Option<String> = row.get(5)?;
                let hash: Option<Vec<u8>> = row.get(6)?;
                let version = hash.as_deref().and_then(hash_of_blob).map(version_string);
                let task = match (marker, handle, version) {
                    (Some(marker), Some(handle), Some(version)) => Some(RefTask {
                        marker,
                        priority: row.get(2)?,
                        deadline: row.get(3)?,
                        scheduled: row.get(4)?,
                        handle,
                        version,
                    }),
                    _ => None,
                };
                Ok(RefTarget {
                    text: row.get(0)?,
                    task,
                })
            })
            .ok()
    }
}

/// Where a page lives, whether or not its file exists yet.
struct PageLocation {
    name: String,
    path: String,
    journal_day: Option<NaiveDate>,
}

impl Session {
    /// Opens the vault at `root`, bringing its cache up to date; `progress` hears how far
    /// indexing got, which matters on a first open of a big vault.
    pub fn open(
        root: &Path,
        cache_dir: Option<PathBuf>,
        fixed_today: Option<NaiveDate>,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<Session, AppError> {
        let vault = Vault::open(root)?;
        let mut index = Index::open(vault, cache_dir)?;
        index.sync(&mut |step| {
            let (done, total) = match step {
                SyncProgress::Reading { total } => (0, total),
                SyncProgress::Writing { done, total } => (done, total),
            };
            progress(ImportProgress {
                done: done as u32,
                total: total as u32,
            });
        })?;
        Ok(Session {
            index,
            fixed_today,
            history: History::default(),
            every_task: RefCell::default(),
            review_material: RefCell::default(),
            settings_effects: RefCell::default(),
        })
    }

    pub fn root(&self) -> &Path {
        self.index.vault().root()
    }

    pub fn today(&self) -> NaiveDate {
        self.fixed_today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// The moment an edit happens, on [`Session::today`].
    pub(super) fn now(&self) -> NaiveDateTime {
        now_on(self.today())
    }

    pub fn info(&self) -> Result<VaultInfo, AppError> {
        let (pages, journals): (u32, u32) = self.conn().query_row(
            "SELECT count(*) - count(journal_day), count(journal_day) FROM pages",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        let root = self.root();
        Ok(VaultInfo {
            root: root.to_string_lossy().into_owned(),
            name: root
                .file_name()
                .map_or_else(|| root.to_string_lossy(), |n| n.to_string_lossy())
                .into_owned(),
            pages,
            journals,
            today: self.today().to_string(),
            settings_problem: self.index.vault().settings_problem().map(str::to_string),
        })
    }

    pub(super) fn conn(&self) -> &Connection {
        self.index.store().connection()
    }

    pub(super) fn links(&self) -> Links<'_> {
        self.links_on(None)
    }

    /// Links for rendering the blocks of the page called `page`.
    pub(super) fn links_on<'a>(&'a self, page: Option<&'a str>) -> Links<'a> {
        Links {
            settings: self.index.vault().settings(),
            conn: self.conn(),
            titles: &self.index.vault().config().journal_title_format,
            today: self.today(),
            page,
        }
    }

    /// Today's journal first (empty when it has no file yet), then older journals, newest
    /// first; with `before`, the journals older than that day.
    pub fn journals(
        &self,
        before: Option<NaiveDate>,
        limit: usize,
    ) -> Result<Vec<PageView>, AppError> {
        let mut views = Vec::with_capacity(limit);
        let older_than = match before {
            Some(day) => day,
            None => {
                views.push(self.view(&self.journal_location(self.today()))?);
                self.today()
            }
        };
        let mut statement = self.conn().prepare_cached(
            "SELECT path FROM pages WHERE journal_day IS NOT NULL AND journal_day < ?1
             ORDER BY journal_day DESC LIMIT ?2",
        )?;
        let paths: Vec<String> = statement
            .query_map(
                rusqlite::params![
                    older_than.to_string(),
                    limit.saturating_sub(views.len()) as i64
                ],
                |row| row.get(0),
            )?
            .collect::<Result<_, _>>()?;
        for path in paths {
            views.push(self.view(&PageLocation {
                name: self.index.vault().name_for_path(&path).1,
                journal_day: self.journal_day_of(&path),
                path,
            })?);
        }
        Ok(views)
    }

    /// The day of the journal at `path`; `None` for an ordinary page.
    fn journal_day_of(&self, path: &str) -> Option<NaiveDate> {
        match self.index.vault().name_for_path(path).0 {
            PageKind::Journal(day) => Some(day),
            PageKind::Page => None,
        }
    }

    fn journal_location(&self, day: NaiveDate) -> PageLocation {
        let vault = self.index.vault();
        PageLocation {
            name: vault.config().journal_title_format.title(day),
            path: vault.journal_path(day),
            journal_day: Some(day),
        }
    }

    /// Where the page called `name` lives: an indexed page (by name or alias), else the
    /// journal of the day the name is a title of, else a new page's file.
    fn locate(&self, name: &str) -> Result<PageLocation, AppError> {
        let vault = self.index.vault();
        if let Some(found) = self.index.find_page(name)? {
            return Ok(PageLocation {
                journal_day: self.journal_day_of(&found.path),
                name: found.name,
                path: found.path,
            });
        }
        let name = name.trim();
        if name.is_empty() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "a page needs a name",
            ));
        }
        if let Some(day) = vault.config().journal_title_format.parse(name) {
            return Ok(self.journal_location(day));
        }
        Ok(PageLocation {
            name: name.to_string(),
            path: vault.path_for_new_page(name),
            journal_day: None,
        })
    }

    /// Reads the page's file; `None` when it does not exist (yet).
    fn read(&self, location: &PageLocation) -> Result<Option<PageFile>, AppError> {
        match self.index.vault().read_page(&location.path) {
            Ok(file) => Ok(Some(file)),
            Err(problem)
                if matches!(
                    problem.kind,
                    FileProblemKind::Io {
                        kind: std::io::ErrorKind::NotFound,
                        ..
                    }
                ) =>
            {
                Ok(None)
            }
            Err(problem) => Err(AppError::new(ErrorCode::Io, problem.to_string())),
        }
    }

    fn view(&self, location: &PageLocation) -> Result<PageView, AppError> {
        let file = self.read(location)?;
        Ok(self.view_of(location, file.as_ref(), &|_| true))
    }

    /// The page called `name` with only the blocks under `roots` (by index) rendered; the
    /// others carry their text and an empty `html` (see [`block_views`]).
    pub(super) fn page_under(&self, name: &str, roots: &[u32]) -> Result<PageView, AppError> {
        let location = self.locate(name)?;
        let file = self.read(&location)?;
        let under = file.as_ref().map(|f| under_roots(&f.page, roots));
        let rendered = |id: BlockId| under.as_ref().is_some_and(|u| u[id.index()]);
        Ok(self.view_of(&location, file.as_ref(), &rendered))
    }

    fn view_of(
        &self,
        location: &PageLocation,
        file: Option<&PageFile>,
        rendered: &dyn Fn(BlockId) -> bool,
    ) -> PageView {
        let dates = &self.index.vault().config().journal_title_format;
        let name = file.map_or_else(|| location.name.clone(), |f| f.name.clone());
        let links = self.links_on(Some(&name));
        PageView {
            name: name.clone(),
            path: file.map(|f| f.path.clone()),
            version: file.map(|f| version_string(f.version.hash)),
            journal_day: location.journal_day.map(|d| d.to_string()),
            editable: file.is_none_or(|f| read_only_reason(f).is_none()),
            read_only_reason: file.and_then(read_only_reason),
            blocks: file.map_or_else(Vec::new, |f| block_views(&f.page, dates, &links, rendered)),
            problems: file.map_or_else(Vec::new, |f| problems(&f.page)),
            shows_queries: file.is_some_and(|f| f.page.source.contains("{{query")),
            properties: file.map_or_else(Vec::new, |f| page_properties(&f.page, dates, &links)),
            properties_text: file.map_or_else(String::new, |f| f.page.property_lines_text()),
        }
    }

    /// The page called `name`; an empty page when it has no file yet.
    pub fn page(&self, name: &str) -> Result<PageView, AppError> {
        self.view(&self.locate(name)?)
    }

    /// Every page and journal, by name.
    pub fn all_pages(&self) -> Result<Vec<PageSummary>, AppError> {
        let mut statement = self.conn().prepare_cached(
            "SELECT p.name, p.path, p.journal_day,
                    (SELECT count(*) FROM blocks b WHERE b.page_id = p.id),
                    coalesce(f.mtime_ns, 0) / 1000000
             FROM pages p LEFT JOIN files f ON f.path = p.path
             ORDER BY p.name COLLATE NOCASE",
        )?;
        let pages = statement
            .query_map([], |row| {
                Ok(PageSummary {
                    name: row.get(0)?,
                    path: row.get(1)?,
                    journal_day: row.get(2)?,
                    blocks: row.get(3)?,
                    modified: row.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(pages)
    }

    /// Page names for `[[` completion: those starting with `prefix` first, then those
    /// containing it; ordinary pages before journals, shorter names first. When what is
    /// typed names a `day` (`2024-12-20`, `today`, `fri`, read by the app), that day's
    /// journal comes first under its title in the vault's own format, whether or not its
    /// file exists yet.
    pub fn page_names(
        &self,
        prefix: &str,
        limit: usize,
        day: Option<NaiveDate>,
    ) -> Result<Vec<String>, AppError> {
        let key = page_key(prefix);
        let mut statement = self.conn().prepare_cached(
            "SELECT name FROM pages WHERE instr(key, ?1) > 0
             ORDER BY instr(key, ?1) != 1, journal_day IS NOT NULL, length(name), name
             LIMIT ?2",
        )?;
        let mut names: Vec<String> = statement
            .query_map(rusqlite::params![key, limit as i64], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        if let Some(day) = day {
            let journal = self.index.vault().config().journal_title_format.title(day);
            names.retain(|name| page_key(name) != page_key(&journal));
            names.insert(0, journal);
            names.truncate(limit);
        }
        Ok(names)
    }

    /// A handle that searches this vault (results with their matches marked) without the
    /// session.
    pub fn search_handle(&self) -> SearchHandle {
        SearchHandle::new(self.index.search_index().clone())
    }

    /// The blocks that refer to the page, and those that mention its name unlinked.
    pub fn references(&self, name: &str) -> Result<References, AppError> {
        let backlinks = self.index.backlinks(name)?;
        let linked = self.reference_blocks(&backlinks.linked, Nesting::OutermostOnly)?;
        let mut pages: Vec<PageView> = Vec::new();
        for reference in &linked {
            if pages.last().is_some_and(|page| page.name == reference.page) {
                continue;
            }
            let roots: Vec<u32> = linked
                .iter()
                .filter(|other| other.page == reference.page)
                .map(|other| other.block)
                .collect();
            pages.push(self.page_under(&reference.page, &roots)?);
        }
        Ok(References {
            linked,
            unlinked: self.reference_blocks(&backlinks.unlinked, Nesting::All)?,
            pages,
        })
    }

    fn reference_blocks(
        &self,
        groups: &[crate::index::BacklinkGroup],
        nesting: Nesting,
    ) -> Result<Vec<ReferenceBlock>, AppError> {
        let dates = &self.index.vault().config().journal_title_format;
        let mut out = Vec::new();
        for group in groups {
            // The file may have gone since it was indexed; its references go with it.
            let Ok(file) = self.index.vault().read_page(&group.path) else {
                continue;
            };
            let blocks: Vec<BlockId> = group
                .blocks
                .iter()
                .filter_map(|b| b.block)
                .filter(|b| (*b as usize) < file.page.blocks.len())
                .map(BlockId)
                .collect();
            let shown = |id: &BlockId| {
                nesting == Nesting::All
                    || !file
                        .page
                        .ancestors(*id)
                        .any(|ancestor| blocks.contains(&ancestor))
            };
            for id in blocks.iter().copied().filter(shown) {
                out.push(ReferenceBlock {
                    page: file.name.clone(),
                    block: id.0,
                    breadcrumbs: breadcrumbs(&file.page, id),
                    html: block_view(&file.page, id, dates, &self.links()).html,
                });
            }
        }
        Ok(out)
    }

    /// Applies the outliner's `ops` to the page called `name` as one atomic write, if the
    /// file is still at `version` (`None`: the page has no file yet, and one is created).
    pub fn apply_edits(
        &mut self,
        name: &str,
        version: Option<&str>,
        ops: &[EditOp],
    ) -> Result<EditResult, AppError> {
        let location = self.locate(name)?;
        let file = self.read(&location)?;
        let current_version = file.as_ref().map(|f| version_string(f.version.hash));
        if current_version.as_deref() != version {
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!(
                    "{} changed on disk since it was shown; nothing was written",
                    location.path
                ),
            ));
        }
        let before = file.as_ref().map_or("", |f| f.page.source.as_str());
        let options = self.index.vault().parse_options(SourceFormat::Markdown);
        let mut editing = match &file {
            Some(file) => PageSession::new(file.page.clone(), options),
            None => PageSession::new(outline::parse("", &options), options),
        };
        let mut focus = None;
        for op in ops {
            let compiled = compile(
                editing.page(),
                op,
                self.now(),
                self.index.vault().settings(),
            )?;
            for edit in &compiled.edits {
                editing.apply(edit)?;
            }
            focus = compiled.focus;
        }
        let page = editing.page();
        let focus = focus.and_then(|path| block_at(page, &path)).map(|id| id.0);
        if page.source != before {
            let after = page.source.clone();
            let step = Step {
                before: before.to_string(),
                after,
            };
            let text = page.source.clone();
            self.write(&location.path, file.as_ref().map(|f| &f.version), &text)?;
            self.history.record(&location.path, step);
        }
        Ok(EditResult {
            page: self.view(&location)?,
            focus,
        })
    }

    fn write(
        &mut self,
        path: &str,
        expected: Option<&crate::vault::FileVersion>,
        text: &str,
    ) -> Result<(), AppError> {
        write_file(&mut self.index, path, text, expected)?;
        Ok(())
    }

    /// Takes back the last edit of the page, if the file is still as that edit left it.
    pub fn undo(&mut self, name: &str) -> Result<Option<EditResult>, AppError> {
        let location = self.locate(name)?;
        self.step_back_or_forth(&location, true)
    }

    pub fn redo(&mut self, name: &str) -> Result<Option<EditResult>, AppError> {
        let location = self.locate(name)?;
        self.step_back_or_forth(&location, false)
    }

    /// Takes back the last change this session made to the vault, whichever page it was
    /// on (a checkbox ticked in the agenda, a block collapsed, an edit), with the same
    /// refusal as [`Session::undo`] when the file changed on disk since.
    pub fn undo_last(&mut self) -> Result<Option<EditResult>, AppError> {
        match self.history.last_written() {
            Some(path) => self.step_back_or_forth(&self.locate_path(&path)?, true),
            None => Ok(None),
        }
    }

    /// Redoes the last change [`Session::undo_last`] (or a page's undo) took back, if
    /// nothing was written since.
    pub fn redo_last(&mut self) -> Result<Option<EditResult>, AppError> {
        match self.history.last_undone() {
            Some(path) => self.step_back_or_forth(&self.locate_path(&path)?, false),
            None => Ok(None),
        }
    }

    /// The page whose file is `path`, named as the cache names it, else as its file name
    /// does.
    fn locate_path(&self, path: &str) -> Result<PageLocation, AppError> {
        let indexed: Option<String> = self
            .conn()
            .prepare_cached("SELECT name FROM pages WHERE path = ?1")?
            .query_row([path], |row| row.get(0))
            .optional()?;
        let name = indexed.unwrap_or_else(|| self.index.vault().name_for_path(path).1);
        Ok(PageLocation {
            journal_day: self.journal_day_of(path),
            name,
            path: path.to_string(),
        })
    }

    fn step_back_or_forth(
        &mut self,
        location: &PageLocation,
        undo: bool,
    ) -> Result<Option<EditResult>, AppError> {
        let step = if undo {
            self.history.next_undo(&location.path)
        } else {
            self.history.next_redo(&location.path)
        };
        let Some(step) = step.cloned() else {
            return Ok(None);
        };
        let (expected_text, target) = if undo {
            (&step.after, &step.before)
        } else {
            (&step.before, &step.after)
        };
        let file = self.read(location)?;
        let on_disk = file.as_ref().map_or("", |f| f.page.source.as_str());
        if on_disk != expected_text.as_str() {
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!(
                    "{} changed on disk since this edit; there is nothing safe to undo",
                    location.path
                ),
            ));
        }
        self.write(&location.path, file.as_ref().map(|f| &f.version), target)?;
        if undo {
            self.history.undone(&location.path);
        } else {
            self.history.redone(&location.path);
        }
        Ok(Some(EditResult {
            page: self.view(location)?,
            focus: None,
        }))
    }

    /// Brings the cache up to date with what the watcher saw; returns the files to tell the
    /// app about (every page after a rescan), each with the version now indexed.
    pub fn apply_watch_event(&mut self, event: &WatchEvent) -> Result<VaultChanged, AppError> {
        let paths: Vec<String> = match event {
            WatchEvent::Paths(paths) => {
                self.index.sync_paths(paths)?;
                paths.clone()
            }
            WatchEvent::Rescan => {
                self.index.sync(&mut |_| {})?;
                let mut statement = self.conn().prepare_cached("SELECT path FROM pages")?;
                let paths = statement
                    .query_map([], |row| row.get(0))?
                    .collect::<Result<_, _>>()?;
                paths
            }
        };
        let indexed = self
            .index
            .store()
            .fingerprints_of(&paths)
            .map_err(IndexError::from)?;
        let files = paths
            .into_iter()
            .map(|path| ChangedFile {
                version: indexed.get(&path).map(|f| version_string(f.hash)),
                path,
            })
            .collect();
        Ok(VaultChanged { files })
    }
}

/// The titles of a block's ancestors, outermost first, bounded as every trail is.
fn breadcrumbs(page: &Page, id: BlockId) -> Vec<String> {
    let mut ancestors: Vec<BlockId> = page.ancestors(id).collect();
    ancestors.reverse();
    trail_of(ancestors.into_iter().map(|a| page.title(a).to_string()), 1)
}

/// Why the app shows a page without editing it: its outliner writes Logseq Markdown only.
fn read_only_reason(file: &PageFile) -> Option<String> {
    (file.format != SourceFormat::Markdown || file.page.layout != outline::Layout::Outline).then(
        || {
            "an Org mode page: Cairn reads it, and edits only Markdown pages, so that no line \
             of it is rewritten in another syntax"
                .to_string()
        },
    )
}

/// Whether each block of `page` (by index) is one of `roots` or under one. A parent comes
/// before its children, so one pass in document order decides every block.
fn under_roots(page: &Page, roots: &[u32]) -> Vec<bool> {
    let mut under = vec![false; page.iter().count()];
    for (id, block) in page.iter() {
        under[id.index()] = roots.contains(&id.0) || block.parent.is_some_and(|p| under[p.index()]);
    }
    under
}

/// Which referring blocks a list of references keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nesting {
    /// Every block.
    All,
    /// Only blocks with no referring ancestor: the others are shown as its children.
    OutermostOnly,
}
