//! The search palette's side of a session: a handle on the vault's search index that
//! answers without the session, so that a search typed while a save is being written
//! (which holds the session) is not kept waiting behind it.

use super::error::{AppError, ErrorCode};
use super::view::SearchHitView;
use crate::index::IndexError;
use crate::render::escape;
use crate::search::{SearchError, SearchHit, SearchIndex};

/// Searches the index of one open vault; cheap to clone, safe to use from any thread.
/// It sees what the index had committed when the search starts.
#[derive(Clone)]
pub struct SearchHandle {
    index: SearchIndex,
}

impl SearchHandle {
    pub(super) fn new(index: SearchIndex) -> SearchHandle {
        SearchHandle { index }
    }

    /// Search results with their matches marked. A query that does not parse (a filter
    /// still being typed, such as `is:` or `page:`) is `InvalidInput`, which the palette
    /// shows as a quiet hint; only a failing index is an `Index` error.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHitView>, AppError> {
        let results = self
            .index
            .search(query, limit)
            .map_err(|error| match error {
                SearchError::Query(error) => {
                    AppError::new(ErrorCode::InvalidInput, error.to_string())
                }
                error => IndexError::from(error).into(),
            })?;
        Ok(results.hits.into_iter().map(hit_view).collect())
    }
}

fn hit_view(hit: SearchHit) -> SearchHitView {
    let mut snippet = String::with_capacity(hit.snippet.len() + 32);
    let mut pos = 0;
    for &(start, end) in &hit.highlights {
        if start < pos || end > hit.snippet.len() {
            continue;
        }
        snippet.push_str(&escape(&hit.snippet[pos..start]));
        snippet.push_str("<mark>");
        snippet.push_str(&escape(&hit.snippet[start..end]));
        snippet.push_str("</mark>");
        pos = end;
    }
    snippet.push_str(&escape(&hit.snippet[pos..]));
    // The page's own name leads the index's breadcrumbs; the view shows it apart.
    let mut breadcrumbs = hit.breadcrumbs;
    if breadcrumbs.first() == Some(&hit.page) {
        breadcrumbs.remove(0);
    }
    SearchHitView {
        page: hit.page,
        path: hit.path,
        block: hit.block,
        breadcrumbs,
        snippet,
    }
}
