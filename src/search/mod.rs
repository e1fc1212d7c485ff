//! Full-text search over blocks and page titles, with tantivy.
//!
//! The schema is built once, here, and hands out field handles. A page's documents are
//! replaced as a unit (delete by the page's path term, then add), or, when only some of
//! its blocks changed, those blocks' documents alone (by path and place). Words are lower-cased and
//! accent-folded; tags, tickets, markers and priorities are exact terms, so `COS-113` finds
//! the blocks citing COS-113 and never COS-1131.

mod directory;
pub mod query;
mod snippet;
mod tokenizer;

use std::ops::Bound;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
    STRING,
};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::record::{BlockRecord, PageRecord};
use directory::UnsyncedDirectory;
pub use query::{parse_query, Filter, ParsedQuery, QueryError, TextClause};
pub use snippet::{snippet, Snippet};
use tokenizer::{Side, WordTokenizer};

const TOKENIZER: &str = "cairn";
/// How much more a match in the page title weighs than one in the text.
const TITLE_BOOST: f32 = 2.0;
/// Below this many hits, a query is retried with typo tolerance.
const FEW_HITS: usize = 3;
const WRITER_MEMORY: usize = 192 * 1024 * 1024;
/// The arena of a writer for a few changed files (tantivy's minimum is 15 MB).
const SMALL_WRITER_MEMORY: usize = 15_000_000;
/// How long to wait for another process's index writer.
const WRITER_WAIT: Duration = Duration::from_secs(15);

/// The analyzer for all text fields, on the index's side or a query's: words of letters
/// and digits (CJK runs as characters and pairs, see [`tokenizer`]), lower-cased, accents
/// folded; absurdly long tokens (base64, hashes) dropped.
pub(crate) fn analyzer(side: Side) -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::new(side))
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("search index folder {path}: {}", crate::vault::io_reason(.source))]
    Io {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// tantivy panicked reading the index, which it does on some damaged segment files.
    #[error("search index: damaged ({0})")]
    Panicked(String),
}

impl SearchError {
    /// True when the error says the index's files are damaged or unreadable, so that
    /// rebuilding them from the vault is the cure (a malformed query or a writer lock held
    /// by another process is not damage).
    pub fn is_damage(&self) -> bool {
        match self {
            SearchError::Tantivy(error) => is_tantivy_damage(error),
            SearchError::Query(_) => false,
            SearchError::Io { .. } | SearchError::Panicked(_) => true,
        }
    }
}

/// True for the tantivy errors that come from the files rather than from the caller or
/// the system.
pub(crate) fn is_tantivy_damage(error: &tantivy::TantivyError) -> bool {
    use tantivy::TantivyError as E;
    !matches!(
        error,
        E::LockFailure(..)
            | E::InvalidArgument(_)
            | E::SystemError(_)
            | E::AggregationError(_)
            | E::IndexBuilderMissingArgument(_)
    )
}

/// Runs `work`, turning a panic inside tantivy into [`SearchError::Panicked`]: tantivy
/// trusts its files and indexes out of bounds on a garbled segment, and a damaged cache
/// must be rebuilt, never crash the program.
fn guarded<T>(work: impl FnOnce() -> Result<T, SearchError>) -> Result<T, SearchError> {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string());
        Err(SearchError::Panicked(message))
    })
}

/// Field handles of the schema.
#[derive(Debug, Clone, Copy)]
struct Fields {
    path: Field,
    kind: Field,
    page: Field,
    page_key: Field,
    title: Field,
    text: Field,
    breadcrumbs: Field,
    line: Field,
    ord: Field,
    tags: Field,
    tickets: Field,
    is: Field,
    marker: Field,
    priority: Field,
    date: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        path: builder.add_text_field("path", STRING | STORED),
        kind: builder.add_text_field("kind", STRING | STORED),
        page: builder.add_text_field("page", STORED),
        page_key: builder.add_text_field("page_key", STRING),
        title: builder.add_text_field("title", words.clone()),
        text: builder.add_text_field("text", words.set_stored()),
        breadcrumbs: builder.add_text_field("breadcrumbs", STORED),
        line: builder.add_u64_field("line", STORED),
        // Indexed, so that one block's document can be replaced (with the path).
        ord: builder.add_u64_field("ord", INDEXED | STORED),
        tags: builder.add_text_field("tags", STRING),
        tickets: builder.add_text_field("tickets", STRING),
        is: builder.add_text_field("is", STRING),
        marker: builder.add_text_field("marker", STRING),
        priority: builder.add_text_field("priority", STRING),
        date: builder.add_i64_field("date", INDEXED | FAST),
    };
    (builder.build(), fields)
}

/// A search result.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// `block` or `page` (a page-title match).
    pub kind: String,
    pub page: String,
    pub path: String,
    pub line: u32,
    /// The block's index on its page (document order); absent for page-title hits.
    pub block: Option<u32>,
    pub text: String,
    pub breadcrumbs: Vec<String>,
    pub snippet: String,
    pub highlights: Vec<(usize, usize)>,
    pub score: f32,
}

/// Results and whether typo tolerance was needed to find them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    pub fuzzy: bool,
}

/// The tantivy index in a folder of the cache.
#[derive(Clone)]
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// The folder, or `None` for an index in memory.
    dir: Option<PathBuf>,
    /// The small writer of the last commit, kept for the next few edits (see [`KeptWriter`]).
    kept: Arc<Mutex<Option<KeptWriter>>>,
}

/// A small writer kept after its commit, so that the edits that follow (a save per pause
/// in typing) do not each start a writer: its indexing thread and its 15 MB arena. It
/// holds the index's writer lock, which another process waits for, so it is let go once
/// no commit has used it for [`KEPT_WRITER_IDLE`].
struct KeptWriter {
    writer: IndexWriter,
    /// Which commit kept it: the timer that lets it go leaves alone a writer kept since.
    stamp: u64,
}

/// How long a kept writer waits for the next edit before it is let go.
const KEPT_WRITER_IDLE: Duration = Duration::from_secs(2);

fn lock_kept(kept: &Mutex<Option<KeptWriter>>) -> MutexGuard<'_, Option<KeptWriter>> {
    // A panic while the lock was held leaves at worst a writer to let go.
    kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Files of the index folder that no commit lists but that must stay: the list of
/// committed segments itself and tantivy's record of the files it wrote.
const INDEX_FILES: [&str; 2] = ["meta.json", ".managed.json"];

fn day_number(date: chrono::NaiveDate) -> i64 {
    use chrono::Datelike;
    i64::from(date.year()) * 10_000 + i64::from(date.month()) * 100 + i64::from(date.day())
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it when the folder is empty.
    pub fn open(dir: &Path) -> Result<SearchIndex, SearchError> {
        std::fs::create_dir_all(dir).map_err(|source| SearchError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let (schema, _) = schema();
        guarded(|| {
            let directory = UnsyncedDirectory::open(dir)?;
            SearchIndex::over(Index::open_or_create(directory, schema)?, Some(dir))
        })
    }

    /// An empty index in memory, which holds a cache's place while its folder is replaced.
    pub fn detached() -> Result<SearchIndex, SearchError> {
        SearchIndex::over(Index::create_in_ram(schema().0), None)
    }

    fn over(index: Index, dir: Option<&Path>) -> Result<SearchIndex, SearchError> {
        index
            .tokenizers()
            .register(TOKENIZER, analyzer(Side::Index));
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields: schema().1,
            dir: dir.map(Path::to_path_buf),
            kept: Arc::default(),
        })
    }

    /// The generation written with the last commit, to check the index against the cache.
    pub fn generation(&self) -> Result<Option<String>, SearchError> {
        Ok(self.index.load_metas()?.payload)
    }

    /// Deletes the files in the index folder that the last commit does not list: what a
    /// commit killed before it finished left behind. tantivy's own clean-up only deletes
    /// files it has on record, and a later commit writing the same name (a segment's
    /// deletes at the same operation number) would fail on the leftover. Called with the
    /// writer lock held, so no other process is writing files that its next commit lists.
    fn remove_orphans(&self) -> Result<(), SearchError> {
        let Some(dir) = &self.dir else {
            return Ok(());
        };
        let io = |source| SearchError::Io {
            path: dir.clone(),
            source,
        };
        let living = self.index.load_metas()?.list_segment_files();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let entry = entry.map_err(io)?;
            let name = entry.file_name();
            let kept = INDEX_FILES.iter().any(|f| name == *f)
                || name.to_string_lossy().starts_with(".tantivy-")
                || living.contains(Path::new(&name));
            if kept {
                continue;
            }
            // A merge an earlier writer left running removes files of its own: one gone
            // since the listing is what this wanted, not damage.
            let removed = entry.file_type().and_then(|kind| match kind.is_file() {
                true => std::fs::remove_file(entry.path()),
                false => Ok(()),
            });
            match removed {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                    return Err(io(error))
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A writer, waiting while another process holds the index's writer lock.
    ///
    /// A `bulk` writer (an import) gets a large arena and waits for segment merges at
    /// commit; a small one (a few edited files) starts fast and leaves merging to later
    /// writers. Both index on one thread: in an import the database's writes are the
    /// critical path, and a second indexing thread only takes a core from them and leaves
    /// more segments to merge (on the 10,000-page vault, over six alternating runs: 7.3 →
    /// 6.6 s of CPU, median 4.4 → 3.6 s of wall time). A small writer is the one the last
    /// commit kept, when there is one (an edit made visible in 13 ms rather than 47–58 on
    /// the 10,000-page vault).
    pub fn writer(&self, bulk: bool) -> Result<SearchWriter<'_>, SearchError> {
        let started = Instant::now();
        let memory = if bulk {
            WRITER_MEMORY
        } else {
            SMALL_WRITER_MEMORY
        };
        let threads = 1;
        loop {
            // The writer a commit kept, before or while this waited for the lock (another
            // thread of this process may have committed with it meanwhile).
            if let Some(KeptWriter { writer, .. }) = self.kept_writer().take() {
                if !bulk {
                    return Ok(SearchWriter {
                        writer,
                        index: self,
                        bulk,
                    });
                }
                // An import gets a writer of its own size; this one lets the lock go first.
                drop(writer);
            }
            match self.index.writer_with_num_threads(threads, memory) {
                Ok(writer) => {
                    self.remove_orphans()?;
                    return Ok(SearchWriter {
                        writer,
                        index: self,
                        bulk,
                    });
                }
                Err(tantivy::TantivyError::LockFailure(..)) if started.elapsed() < WRITER_WAIT => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(error) => return Err(error.into()),
            }
        }
    }

    fn kept_writer(&self) -> MutexGuard<'_, Option<KeptWriter>> {
        lock_kept(&self.kept)
    }

    /// Keeps a small writer after its commit, and lets it go after [`KEPT_WRITER_IDLE`]
    /// unless a later commit kept one since.
    fn keep(&self, writer: IndexWriter) {
        static STAMPS: AtomicU64 = AtomicU64::new(0);
        let stamp = STAMPS.fetch_add(1, Ordering::Relaxed);
        *self.kept_writer() = Some(KeptWriter { writer, stamp });
        let kept = Arc::downgrade(&self.kept);
        let timer = std::thread::Builder::new()
            .name("search-writer-idle".into())
            .spawn(move || {
                std::thread::sleep(KEPT_WRITER_IDLE);
                let Some(kept) = kept.upgrade() else { return };
                let mut kept = lock_kept(&kept);
                if kept.as_ref().is_some_and(|k| k.stamp == stamp) {
                    *kept = None;
                }
            });
        if timer.is_err() {
            // No thread to let it go later: let it go now.
            *self.kept_writer() = None;
        }
    }

    /// Lets the kept writer go, and with it the writer lock: before the folder is removed.
    pub fn release_writer(&self) {
        *self.kept_writer() = None;
    }

    /// Runs a query in Cairn's query language.
    pub fn search(&self, query: &str, limit: usize) -> Result<SearchResults, SearchError> {
        guarded(|| self.search_unguarded(query, limit))
    }

    fn search_unguarded(&self, query: &str, limit: usize) -> Result<SearchResults, SearchError> {
        let parsed = parse_query(query)?;
        if parsed.is_empty() || limit == 0 {
            return Ok(SearchResults::default());
        }
        let searcher = self.reader.searcher();
        let exact = self.build_query(&parsed, false);
        let mut top = searcher.search(&exact, &TopDocs::with_limit(limit).order_by_score())?;
        let mut fuzzy = false;
        let has_typo_candidates = parsed
            .clauses
            .iter()
            .any(|c| matches!(c, TextClause::Word(w) | TextClause::Prefix(w) if snippet::typo_distance(w) > 0));
        if top.len() < FEW_HITS.min(limit) && has_typo_candidates {
            let tolerant = self.build_query(&parsed, true);
            let more = searcher.search(&tolerant, &TopDocs::with_limit(limit).order_by_score())?;
            if more.len() > top.len() {
                top = more;
                fuzzy = true;
            }
        }
        if let Some(exact) = self.exact_title(&searcher, query, &parsed)? {
            // An exact title match comes first, above namespaced children whose titles
            // repeat its words more often, and scores no lower than what follows it.
            top.retain(|(_, address)| *address != exact.1);
            let best = top.first().map_or(exact.0, |(score, _)| score.max(exact.0));
            top.insert(0, (best, exact.1));
            top.truncate(limit);
        }
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            hits.push(self.hit(&doc, score, &parsed, fuzzy));
        }
        Ok(SearchResults { hits, fuzzy })
    }

    /// The page whose title or alias is the whole query, when the query is plain words.
    fn exact_title(
        &self,
        searcher: &tantivy::Searcher,
        query: &str,
        parsed: &ParsedQuery,
    ) -> Result<Option<(f32, tantivy::DocAddress)>, SearchError> {
        if !parsed.filters.is_empty() || !parsed.excluded.is_empty() {
            return Ok(None);
        }
        let f = &self.fields;
        let title = BooleanQuery::new(vec![
            (Occur::Must, self.term_query(f.kind, "page")),
            (
                Occur::Must,
                self.term_query(f.page_key, &crate::vault::page_key(query)),
            ),
        ]);
        let found = searcher.search(&title, &TopDocs::with_limit(1).order_by_score())?;
        Ok(found.into_iter().next())
    }

    fn hit(
        &self,
        doc: &TantivyDocument,
        score: f32,
        parsed: &ParsedQuery,
        fuzzy: bool,
    ) -> SearchHit {
        let f = &self.fields;
        let text_of = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let number = |field: Field| doc.get_first(field).and_then(|v| v.as_u64());
        let kind = text_of(f.kind);
        let text = text_of(f.text);
        let snippet = snippet::snippet(&text, parsed, fuzzy);
        SearchHit {
            block: if kind == "block" {
                number(f.ord).map(|n| n as u32)
            } else {
                None
            },
            kind,
            page: text_of(f.page),
            path: text_of(f.path),
            line: number(f.line).unwrap_or(1) as u32,
            breadcrumbs: text_of(f.breadcrumbs)
                .split(" › ")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            snippet: snippet.text,
            highlights: snippet.highlights,
            text,
            score,
        }
    }

    fn term_query(&self, field: Field, value: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::WithFreqs,
        ))
    }

    /// Matches the terms at their positions (a quoted phrase, or a CJK word as its pairs).
    fn phrase_query(&self, field: Field, terms: &[(usize, String)]) -> Box<dyn Query> {
        let terms = terms
            .iter()
            .map(|(position, term)| (*position, Term::from_field_text(field, term)))
            .collect();
        Box::new(PhraseQuery::new_with_offset(terms))
    }

    /// Matches `word` in the text or, weighted more, in the page title.
    fn word_query(&self, word: &str, fuzzy: bool) -> Box<dyn Query> {
        let f = &self.fields;
        let mut should: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Should, self.term_query(f.text, word)),
            (
                Occur::Should,
                Box::new(BoostQuery::new(self.term_query(f.title, word), TITLE_BOOST)),
            ),
        ];
        let distance = snippet::typo_distance(word);
        if fuzzy && distance > 0 {
            for field in [f.text, f.title] {
                let typo = FuzzyTermQuery::new(Term::from_field_text(field, word), distance, true);
                should.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(typo), 0.5)),
                ));
            }
        }
        Box::new(BooleanQuery::new(should))
    }

    fn build_query(&self, parsed: &ParsedQuery, fuzzy: bool) -> Box<dyn Query> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for clause in &parsed.clauses {
            let query: Box<dyn Query> = match clause {
                TextClause::Word(word) => self.word_query(word, fuzzy),
                TextClause::Prefix(prefix) => {
                    let mut should = vec![(Occur::Should, self.word_query(prefix, fuzzy))];
                    for field in [f.text, f.title] {
                        let starts = FuzzyTermQuery::new_prefix(
                            Term::from_field_text(field, prefix),
                            0,
                            false,
                        );
                        should.push((
                            Occur::Should,
                            Box::new(BoostQuery::new(Box::new(starts), 0.5)),
                        ));
                    }
                    Box::new(BooleanQuery::new(should))
                }
                TextClause::Phrase(terms) => Box::new(BooleanQuery::new(vec![
                    (Occur::Should, self.phrase_query(f.text, terms)),
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(
                            self.phrase_query(f.title, terms),
                            TITLE_BOOST,
                        )),
                    ),
                ])),
            };
            clauses.push((Occur::Must, query));
        }
        for excluded in &parsed.excluded {
            let query: Box<dyn Query> = match excluded {
                // Every pair of the word rather than the phrase of them: tantivy's phrase
                // scorer cannot be seeked backwards, as an exclusion does. The pairs of a
                // word nearly always stand together when they are all there.
                TextClause::Phrase(terms) => Box::new(BooleanQuery::new(
                    terms
                        .iter()
                        .map(|(_, term)| (Occur::Must, self.term_query(f.text, term)))
                        .collect(),
                )),
                TextClause::Word(word) | TextClause::Prefix(word) => self.term_query(f.text, word),
            };
            clauses.push((Occur::MustNot, query));
        }
        for filter in &parsed.filters {
            let query: Box<dyn Query> = match filter {
                Filter::Page(v) => self.term_query(f.page_key, v),
                Filter::Tag(v) => self.term_query(f.tags, v),
                Filter::Ticket(v) => self.term_query(f.tickets, v),
                Filter::TicketOrWords { ticket, words } => Box::new(BooleanQuery::new(vec![
                    (Occur::Should, self.term_query(f.tickets, ticket)),
                    (Occur::Should, self.phrase_query(f.text, words)),
                ])),
                Filter::Is(v) => self.term_query(f.is, v),
                Filter::Marker(v) => self.term_query(f.marker, v),
                Filter::Priority(v) => self.term_query(f.priority, v),
                Filter::Before(day) => Box::new(RangeQuery::new(
                    Bound::Unbounded,
                    Bound::Included(Term::from_field_i64(f.date, day_number(*day))),
                )),
                Filter::After(day) => Box::new(RangeQuery::new(
                    Bound::Included(Term::from_field_i64(f.date, day_number(*day))),
                    Bound::Unbounded,
                )),
            };
            // Filters narrow the results without changing their order.
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(query, 0.0))));
        }
        if parsed.clauses.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Makes the latest commit visible to searches.
    pub fn reload(&self) -> Result<(), SearchError> {
        guarded(|| Ok(self.reader.reload()?))
    }
}

/// Adds and removes documents; nothing is visible until [`SearchWriter::commit`].
pub struct SearchWriter<'a> {
    writer: IndexWriter,
    index: &'a SearchIndex,
    bulk: bool,
}

impl SearchWriter<'_> {
    /// Removes every document of the page stored at `path`.
    pub fn delete_path(&self, path: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.index.fields.path, path));
    }

    /// Removes everything (for a rebuild).
    pub fn delete_all(&mut self) -> Result<(), SearchError> {
        self.writer.delete_all_documents()?;
        Ok(())
    }

    /// Adds a page-title document and one document per block.
    pub fn add_page(&self, page: &PageRecord) -> Result<(), SearchError> {
        let f = &self.index.fields;
        let mut title_doc = self.document_of(page, "page");
        title_doc.add_text(f.text, &page.name);
        for alias in &page.aliases {
            title_doc.add_text(f.title, alias);
            title_doc.add_text(f.page_key, crate::vault::page_key(alias));
        }
        title_doc.add_text(f.breadcrumbs, &page.name);
        title_doc.add_u64(f.line, 1);
        if let Some(day) = page.journal_day {
            title_doc.add_i64(f.date, day_number(day));
        }
        self.writer.add_document(title_doc)?;
        for block in &page.blocks {
            self.add_block(page, block)?;
        }
        Ok(())
    }

    /// Replaces the documents of the blocks of `page` at `ords` (their places on the page):
    /// what the page's other documents hold is unchanged.
    pub fn replace_blocks(&self, page: &PageRecord, ords: &[u32]) -> Result<(), SearchError> {
        let f = &self.index.fields;
        for &ord in ords {
            let block = BooleanQuery::intersection(vec![
                Box::new(TermQuery::new(
                    Term::from_field_text(f.path, &page.path),
                    IndexRecordOption::Basic,
                )),
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.ord, u64::from(ord)),
                    IndexRecordOption::Basic,
                )),
            ]);
            self.writer.delete_query(Box::new(block))?;
            if let Some(block) = page.blocks.get(ord as usize) {
                self.add_block(page, block)?;
            }
        }
        Ok(())
    }

    /// A new document of `page`, of `kind` (`page` for its title, or `block`), with what
    /// every document of the page holds.
    fn document_of(&self, page: &PageRecord, kind: &str) -> TantivyDocument {
        let f = &self.index.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.path, &page.path);
        doc.add_text(f.kind, kind);
        doc.add_text(f.page, &page.name);
        doc.add_text(f.page_key, &page.key);
        doc.add_text(f.title, &page.name);
        doc
    }

    /// Adds the document of one block of `page`, unless it has no text to find.
    fn add_block(&self, page: &PageRecord, block: &BlockRecord) -> Result<(), SearchError> {
        let f = &self.index.fields;
        if block.search_text.trim().is_empty() {
            return Ok(());
        }
        let mut doc = self.document_of(page, "block");
        doc.add_text(f.text, &block.search_text);
        doc.add_text(f.breadcrumbs, block.breadcrumbs.join(" › "));
        doc.add_u64(f.line, u64::from(block.line));
        doc.add_u64(f.ord, u64::from(block.ord));
        for r in &block.refs {
            if r.label == crate::record::RefLabel::Tag {
                doc.add_text(f.tags, &r.key);
            }
        }
        for ticket in &block.tickets {
            doc.add_text(f.tickets, ticket);
        }
        if let Some(marker) = block.marker {
            doc.add_text(f.is, "task");
            let closed = matches!(marker, "DONE" | "CANCELED");
            doc.add_text(f.is, if closed { "closed" } else { "open" });
            doc.add_text(f.marker, marker);
        }
        if let Some(priority) = block.priority {
            doc.add_text(f.priority, priority);
        }
        let dates = [
            block.day,
            block.deadline.map(|t| t.date),
            block.scheduled.map(|t| t.date),
        ];
        for date in dates.into_iter().flatten() {
            doc.add_i64(f.date, day_number(date));
        }
        self.writer.add_document(doc)?;
        Ok(())
    }

    /// Commits, recording `generation` so the cache can tell whether the two are in step.
    pub fn commit(mut self, generation: &str) -> Result<(), SearchError> {
        let writer = guarded(|| {
            let mut prepared = self.writer.prepare_commit()?;
            prepared.set_payload(generation);
            prepared.commit()?;
            if self.bulk {
                self.writer.wait_merging_threads()?;
                return Ok(None);
            }
            Ok(Some(self.writer))
        })?;
        if let Some(writer) = writer {
            self.index.keep(writer);
        }
        self.index.reload()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    use super::{SearchIndex, WRITER_WAIT};

    /// A small writer is kept after its commit for the edits that follow, and lets the
    /// index's writer lock go once idle, so that another process's writer gets it.
    #[test]
    fn a_kept_writer_lets_another_writer_in_once_idle() {
        let dir = tempfile::tempdir().unwrap();
        let first = SearchIndex::open(dir.path()).unwrap();
        first.writer(false).unwrap().commit("1").unwrap();
        assert!(first.kept_writer().is_some(), "the writer was not kept");
        first.writer(false).unwrap().commit("2").unwrap();
        let second = SearchIndex::open(dir.path()).unwrap();
        let started = std::time::Instant::now();
        second.writer(false).unwrap().commit("3").unwrap();
        assert!(started.elapsed() < WRITER_WAIT);
        assert!(
            first.kept_writer().is_none(),
            "the idle writer was not let go"
        );
        second.reload().unwrap();
        assert_eq!(second.generation().unwrap().as_deref(), Some("3"));
    }

    /// Regression: a merge that an earlier writer left running writes and then removes
    /// files of its own, and a file listed for removal but gone by the time it was reached
    /// was taken for a damaged index, which threw both caches away (the soak in
    /// `tests/it/soak.rs` met it within seconds).
    #[test]
    fn regression_a_file_gone_before_orphans_are_removed_is_not_damage() {
        let dir = tempfile::tempdir().unwrap();
        let index = SearchIndex::open(dir.path()).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let merging = {
            let (dir, stop) = (dir.path().to_path_buf(), stop.clone());
            std::thread::spawn(move || {
                for n in 0u64.. {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let file = dir.join(format!("{n:032x}.merging"));
                    let _ = std::fs::write(&file, b"a segment being merged");
                    let _ = std::fs::remove_file(&file);
                }
            })
        };
        let removals: Vec<_> = (0..3000).map(|_| index.remove_orphans()).collect();
        stop.store(true, Ordering::Relaxed);
        merging.join().unwrap();
        for removal in removals {
            removal.unwrap();
        }
    }
}
