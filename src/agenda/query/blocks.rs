//! The queries written in pages: every `{{query …}}` and `#+BEGIN_QUERY` block, and each
//! run where it stands, so that `<% current page %>` is its page.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::{parse_simple_query_on, run_simple_query, QueryError, QueryHit};
use crate::dates::JournalTitleFormat;

/// A query written in a page.
#[derive(Debug, Clone, Serialize)]
pub struct QueryBlock {
    pub page: String,
    pub path: String,
    pub line: u32,
    /// The `{{query …}}` text, or the whole `#+BEGIN_QUERY` block.
    pub query: String,
    /// False for advanced (Datalog) queries, which Cairn keeps but does not run.
    pub simple: bool,
}

/// Every `{{query …}}` and `#+BEGIN_QUERY` block in the vault.
pub fn find_query_blocks(conn: &Connection) -> Result<Vec<QueryBlock>, QueryError> {
    let database = |e: rusqlite::Error| QueryError::Database(e.to_string());
    let mut statement = conn
        .prepare(
            "SELECT p.name, p.path, b.line, b.content FROM blocks b JOIN pages p ON p.id = b.page_id
             WHERE b.content LIKE '%{{query%' OR b.content LIKE '%#+BEGIN_QUERY%' ORDER BY p.path, b.ord",
        )
        .map_err(database)?;
    let rows = statement
        .query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, u32>(2)?,
                row.get::<_, String>(3)?,
            ))
        })
        .map_err(database)?;
    let mut blocks = Vec::new();
    for row in rows {
        let (page, path, line, content) = row.map_err(database)?;
        if let Some(start) = content.find("{{query") {
            let end = content[start..]
                .find("}}")
                .map_or(content.len(), |e| start + e + 2);
            blocks.push(QueryBlock {
                page,
                path,
                line,
                query: content[start..end].to_string(),
                simple: true,
            });
        } else {
            blocks.push(QueryBlock {
                page,
                path,
                line,
                query: content,
                simple: false,
            });
        }
    }
    Ok(blocks)
}

/// Runs a query written in a page, as of `today`; an advanced query is not run, and says so.
pub fn run_query_block(
    conn: &Connection,
    block: &QueryBlock,
    today: NaiveDate,
    titles: &JournalTitleFormat,
) -> Result<Vec<QueryHit>, QueryError> {
    if !block.simple {
        return Err(QueryError::Unsupported(
            "#+BEGIN_QUERY (advanced Datalog query)".into(),
        ));
    }
    let expr = parse_simple_query_on(&block.query, Some(&block.page), today, titles)?;
    run_simple_query(conn, &expr)
}
