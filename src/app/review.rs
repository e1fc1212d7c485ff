//! The year-end review in the app: the draft of a period (a year or a range, optionally
//! one project) as the review view shows it, the user's choices taken through the
//! library's one `review::choose` (which saves the draft page, so choices survive a restart
//! and sync with the vault), and the exports, which are the library's own
//! (`to_markdown_with`, `to_html_with`, `to_json`) so that a file saved from the app equals
//! `cairn review --format …` on the same draft, byte for byte.
//!
//! What the view adds to the library's draft is each bullet's HTML and the months it
//! falls in (for the year at a glance's month filter); each source comes with its block's
//! index in its page, to open it there, highlighted, as the agenda opens a task.
//!
//! Gathering a period's material is most of a draft's cost, so the session keeps the last
//! one, with its bullets' HTML, and shapes every answer from it (a choice, a move, a
//! rewording, an export) while the caches changed only by its own writes to pages the
//! material took nothing from: the draft pages. Any other change, by the watcher, an edit
//! or another process, gathers it afresh.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::{AppError, ErrorCode};
use super::session::Session;
use crate::index::CacheVersion;
use crate::render::linked_html;
use crate::review::page::SaveError;
use crate::review::{
    self, Choice, Glance, Item, Material, Review, ReviewError, ReviewOptions, Sources,
};
use crate::vault::FileVersion;

/// A draft's material, kept for the next answer about the same period: gathering it is
/// most of the cost of a draft, and a choice, a move or a rewording changes only the draft
/// page, which it never takes from.
pub(super) struct KeptMaterial {
    /// The caches it was read from, or last found still true of.
    version: CacheVersion,
    /// The pages it took nothing from: saved drafts, and its own draft page before it was
    /// written.
    untouched: BTreeSet<String>,
    material: Arc<Material>,
    /// The HTML of each wording shown so far.
    html: HashMap<String, String>,
}

/// Which draft: a `year`, else the days `from`–`to` (`YYYY-MM-DD`); only `projects` when
/// there are any.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ReviewQuery {
    pub year: Option<i32>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub projects: Vec<String>,
}

/// Where a bullet came from, and where that is in the app.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReviewSourceView {
    pub page: String,
    pub path: String,
    pub line: u32,
    /// The block's index in its page as indexed, to open it there.
    pub block: u32,
    pub breadcrumbs: Vec<String>,
    /// The day the block was written, when it has one.
    pub day: Option<String>,
    /// `2024` or `undated`, for review material.
    pub year: Option<String>,
    /// The source's own wording, when it differs from the bullet's.
    pub text: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ReviewTicketView {
    pub id: String,
    pub url: Option<String>,
}

/// One bullet, in the draft or offered to it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReviewItemView {
    pub id: String,
    /// `review`, `undated`, `done`, `note` or `outside`.
    pub kind: String,
    /// The heading of its part (`Completed tasks`, `Undated material`, …).
    pub part: String,
    pub candidate: bool,
    pub depth: u32,
    pub html: String,
    /// The wording as the draft page holds it, to edit.
    pub text: String,
    /// True when the wording is the user's (edited on the draft page), not the notes'.
    pub reworded: bool,
    pub tickets: Vec<ReviewTicketView>,
    pub sources: Vec<ReviewSourceView>,
    pub date: Option<String>,
    /// The months (`yyyy-mm`) the bullet and its sources are dated in.
    pub months: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewProjectView {
    pub name: String,
    pub items: Vec<ReviewItemView>,
    /// Candidates not taken in, and bullets left out.
    pub left_out: Vec<ReviewItemView>,
}

/// The review view: the draft and its evidence.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewScreen {
    pub title: String,
    pub period: String,
    pub year: Option<i32>,
    pub from: String,
    pub to: String,
    /// The projects the draft is limited to; every project when empty.
    pub limited_to: Vec<String>,
    /// The vault page the shaped draft is kept on (`Review 2026`).
    pub draft_page: String,
    /// True once that page exists.
    pub saved: bool,
    pub projects: Vec<ReviewProjectView>,
    pub tickets: Vec<ReviewTicketEntryView>,
    pub gaps: Vec<ReviewGapView>,
    pub years_with_material: Vec<i32>,
    pub glance: GlanceView,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ReviewTicketEntryView {
    pub id: String,
    pub url: Option<String>,
    /// Ids of the bullets citing it, with their project and a short text.
    pub items: Vec<ReviewCiteView>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ReviewCiteView {
    pub item: String,
    pub project: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ReviewGapView {
    pub project: String,
    pub reason: String,
}

/// The year at a glance (`review::Glance`) as the app draws it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct GlanceView {
    pub months: Vec<String>,
    pub projects: Vec<GlanceRowView>,
    pub peak: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct GlanceRowView {
    pub project: String,
    /// Per month: `[completed, tickets, written]`.
    pub months: Vec<[u32; 3]>,
}

/// Moving a bullet (`id`) or a project (`project`) of the draft by `offset` places among
/// its siblings (negative: up).
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ReviewMove {
    pub id: Option<String>,
    pub project: Option<String>,
    pub offset: i32,
}

/// Taking a bullet into the draft (`include`) or leaving it out.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ReviewChange {
    pub id: String,
    pub include: bool,
}

/// An export's format, as `cairn review --format` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Md,
    Html,
    Json,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Md => "md",
            ExportFormat::Html => "html",
            ExportFormat::Json => "json",
        }
    }
}

impl From<ReviewError> for AppError {
    fn from(error: ReviewError) -> AppError {
        let code = match error {
            ReviewError::Invalid(_) => ErrorCode::InvalidInput,
            ReviewError::Sqlite(_) => ErrorCode::Index,
        };
        AppError::new(code, error.to_string())
    }
}

impl From<SaveError> for AppError {
    fn from(error: SaveError) -> AppError {
        match error {
            SaveError::Write(error) => error.into(),
            SaveError::Index(error) => error.into(),
            SaveError::Assemble(error) => error.into(),
            SaveError::Read(problem) => AppError::new(ErrorCode::Io, problem.to_string()),
            SaveError::UnknownBullet(_) | SaveError::UnknownProject(_) => {
                AppError::new(ErrorCode::NotFound, error.to_string())
            }
            SaveError::EmptyWording => AppError::new(ErrorCode::InvalidInput, error.to_string()),
        }
    }
}

fn day(text: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("{text:?} is not a YYYY-MM-DD date"),
        )
    })
}

/// Writes an export where the user chose, atomically (a reader sees the old file or the
/// new one); a file that changes while it is being replaced is a conflict, not overwritten.
pub fn write_export(target: &Path, text: &str) -> Result<(), AppError> {
    let current = match std::fs::read(target) {
        Ok(bytes) => Some(FileVersion::of(&bytes, None)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => {
            return Err(AppError::new(
                ErrorCode::Io,
                format!("{}: {error}", target.display()),
            ))
        }
    };
    let shown = target.display().to_string();
    crate::vault::write_atomic(target, &shown, text.as_bytes(), current.as_ref())?;
    Ok(())
}

impl Session {
    fn review_options(&self, query: &ReviewQuery) -> Result<ReviewOptions, AppError> {
        let mut options = match (&query.from, &query.to, query.year) {
            (Some(from), Some(to), _) => ReviewOptions::range(day(from)?, day(to)?)?,
            (_, _, Some(year)) => ReviewOptions::year(year)?,
            _ => ReviewOptions::year(chrono::Datelike::year(&self.today()))?,
        };
        options.projects = query.projects.clone();
        options.ticket_url = self.index.vault().settings().ticket_url.clone();
        Ok(options)
    }

    /// The material of the draft of `options`: the one kept, while the caches changed only
    /// where it took nothing from; gathered afresh otherwise.
    fn material(&self, options: &ReviewOptions) -> Result<Arc<Material>, AppError> {
        let version = self.index.version()?;
        let mut kept = self.review_material.borrow_mut();
        if let Some(kept) = kept.as_mut() {
            if kept.material.is_for(options) && self.still_true(kept)? {
                kept.version = version;
                return Ok(Arc::clone(&kept.material));
            }
        }
        let material = Arc::new(review::gather(self.conn(), options)?);
        let draft_path = self
            .index
            .vault()
            .path_for_new_page(&review::draft_page_name(options));
        let mut untouched = material.drafts().clone();
        // A draft page not written yet holds nothing the material took.
        if !self.is_indexed(&draft_path)? {
            untouched.insert(draft_path);
        }
        *kept = Some(KeptMaterial {
            version,
            untouched,
            material: Arc::clone(&material),
            html: HashMap::new(),
        });
        Ok(material)
    }

    /// True when every change to the caches since `kept` was gathered was this session's,
    /// to pages the material took nothing from and still would not.
    fn still_true(&self, kept: &KeptMaterial) -> Result<bool, AppError> {
        let Some(changed) = self.index.changed_since(kept.version)? else {
            return Ok(false);
        };
        if !changed.is_subset(&kept.untouched) {
            return Ok(false);
        }
        let drafts = review::draft_paths(self.conn())?;
        for path in &changed {
            if !drafts.contains(path) && self.is_indexed(path)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// True when the caches hold the file at `path`.
    fn is_indexed(&self, path: &str) -> Result<bool, AppError> {
        let known = self
            .index
            .store()
            .fingerprints_of(&[path.to_string()])
            .map_err(crate::index::IndexError::from)?;
        Ok(!known.is_empty())
    }

    /// The draft of `query` as saved choices shape it.
    pub fn review(&self, query: &ReviewQuery) -> Result<ReviewScreen, AppError> {
        let options = self.review_options(query)?;
        let draft = self.material(&options)?.shape(self.conn(), &options)?;
        self.review_screen(&draft)
    }

    /// Takes bullets into the draft or leaves them out, saving the draft page; answers the
    /// draft as it now is.
    pub fn choose_review(
        &mut self,
        query: &ReviewQuery,
        changes: &[ReviewChange],
    ) -> Result<ReviewScreen, AppError> {
        let options = self.review_options(query)?;
        let changes: Vec<(String, Choice)> = changes
            .iter()
            .map(|c| {
                let choice = if c.include {
                    Choice::Include
                } else {
                    Choice::Exclude
                };
                (c.id.clone(), choice)
            })
            .collect();
        let material = self.material(&options)?;
        let (draft, _) = review::choose(&mut self.index, &material, &options, &changes)?;
        self.review_screen(&draft)
    }

    /// Moves a bullet or a project of the draft on its page (`review::arrange`); answers
    /// the draft as it now is.
    pub fn move_in_review(
        &mut self,
        query: &ReviewQuery,
        moved: &ReviewMove,
    ) -> Result<ReviewScreen, AppError> {
        let options = self.review_options(query)?;
        let target = match (&moved.id, &moved.project) {
            (Some(id), _) => review::Moved::Bullet(id),
            (None, Some(project)) => review::Moved::Project(project),
            (None, None) => {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    "say which bullet or project to move",
                ))
            }
        };
        let material = self.material(&options)?;
        let (draft, _) = review::arrange(
            &mut self.index,
            &material,
            &options,
            target,
            i64::from(moved.offset),
        )?;
        self.review_screen(&draft)
    }

    /// Puts `text` in place of a bullet's wording on the draft page (`review::reword`);
    /// answers the draft as it now is.
    pub fn reword_review(
        &mut self,
        query: &ReviewQuery,
        id: &str,
        text: &str,
    ) -> Result<ReviewScreen, AppError> {
        let options = self.review_options(query)?;
        let material = self.material(&options)?;
        let (draft, _) = review::reword(&mut self.index, &material, &options, id, text)?;
        self.review_screen(&draft)
    }

    /// The export of the draft of `query`: what `cairn review --format …` prints for it.
    pub fn export_review(
        &self,
        query: &ReviewQuery,
        format: ExportFormat,
    ) -> Result<String, AppError> {
        let options = self.review_options(query)?;
        let draft = self.material(&options)?.shape(self.conn(), &options)?;
        Ok(match format {
            ExportFormat::Md => review::to_markdown_with(&draft, Sources::Footnotes),
            ExportFormat::Html => review::to_html_with(&draft, Sources::Footnotes),
            ExportFormat::Json => review::to_json(&draft),
        })
    }

    /// The file name an export of `query` is offered under: `Review 2026.md`.
    pub fn export_file_name(
        &self,
        query: &ReviewQuery,
        format: ExportFormat,
    ) -> Result<String, AppError> {
        let options = self.review_options(query)?;
        Ok(format!(
            "{}.{}",
            review::draft_page_name(&options),
            format.extension()
        ))
    }

    fn review_screen(&self, draft: &Review) -> Result<ReviewScreen, AppError> {
        let name = draft.draft_page.clone();
        let projects = draft
            .projects
            .iter()
            .map(|p| {
                Ok(ReviewProjectView {
                    name: p.name.clone(),
                    items: self.item_views(draft, &p.items)?,
                    left_out: self.item_views(draft, &p.left_out)?,
                })
            })
            .collect::<Result<_, AppError>>()?;
        Ok(ReviewScreen {
            title: draft.title(),
            period: draft.period(),
            year: draft.year,
            from: draft.from.clone(),
            to: draft.to.clone(),
            limited_to: draft.limited_to.clone(),
            saved: self.index.find_page(&name)?.is_some(),
            draft_page: name,
            projects,
            tickets: draft
                .tickets
                .iter()
                .map(|t| ReviewTicketEntryView {
                    id: t.id.clone(),
                    url: t.url.clone(),
                    items: t
                        .items
                        .iter()
                        .map(|c| ReviewCiteView {
                            item: c.item.clone(),
                            project: c.project.clone(),
                            text: c.text.clone(),
                        })
                        .collect(),
                })
                .collect(),
            gaps: draft
                .gaps
                .iter()
                .map(|g| ReviewGapView {
                    project: g.project.clone(),
                    reason: g.reason.clone(),
                })
                .collect(),
            years_with_material: draft.years_with_material.clone(),
            glance: glance_view(&draft.glance),
        })
    }

    fn item_views(&self, draft: &Review, items: &[Item]) -> Result<Vec<ReviewItemView>, AppError> {
        let dates = &self.index.vault().config().journal_title_format;
        let links = self.links();
        let urls: HashMap<&str, &str> = draft
            .tickets
            .iter()
            .filter_map(|t| Some((t.id.as_str(), t.url.as_deref()?)))
            .collect();
        let url = |id: &str| match urls.get(id) {
            Some(url) => Some(url.to_string()),
            None => self.index.vault().settings().ticket_link(id),
        };
        // A bullet's HTML depends only on its words while the material is kept.
        let mut kept = self.review_material.borrow_mut();
        let mut unkept = HashMap::new();
        let html = kept.as_mut().map_or(&mut unkept, |kept| &mut kept.html);
        items
            .iter()
            .map(|item| {
                let sources: Vec<ReviewSourceView> = item
                    .sources
                    .iter()
                    .map(|s| ReviewSourceView {
                        page: s.page.clone(),
                        path: s.path.clone(),
                        line: s.line,
                        block: s.block,
                        breadcrumbs: s.breadcrumbs.clone(),
                        day: s.day.clone(),
                        year: s.year.clone(),
                        text: s.text.clone(),
                    })
                    .collect();
                let months: BTreeSet<String> = item
                    .date
                    .iter()
                    .chain(sources.iter().filter_map(|s| s.day.as_ref()))
                    .filter_map(|d| d.get(..7).map(str::to_string))
                    .collect();
                Ok(ReviewItemView {
                    id: item.id.clone(),
                    kind: kind_name(item).to_string(),
                    part: item.kind.heading().to_string(),
                    candidate: item.candidate,
                    depth: item.depth,
                    html: html
                        .entry(item.text.clone())
                        .or_insert_with(|| linked_html(&item.text, dates, &links))
                        .clone(),
                    text: item.text.clone(),
                    reworded: item.reworded,
                    tickets: item
                        .tickets
                        .iter()
                        .map(|t| ReviewTicketView {
                            id: t.clone(),
                            url: url(t),
                        })
                        .collect(),
                    sources,
                    date: item.date.clone(),
                    months: months.into_iter().collect(),
                })
            })
            .collect()
    }
}

fn kind_name(item: &Item) -> &'static str {
    match item.kind {
        review::ItemKind::Review => "review",
        review::ItemKind::Undated => "undated",
        review::ItemKind::Done => "done",
        review::ItemKind::Note => "note",
        review::ItemKind::Outside => "outside",
    }
}

fn glance_view(glance: &Glance) -> GlanceView {
    GlanceView {
        months: glance.months.clone(),
        peak: glance.peak(),
        projects: glance
            .projects
            .iter()
            .map(|row| GlanceRowView {
                project: row.project.clone(),
                months: row
                    .months
                    .iter()
                    .map(|c| [c.completed, c.tickets, c.written])
                    .collect(),
            })
            .collect(),
    }
}
