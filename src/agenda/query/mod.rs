//! Logseq's simple queries — `{{query (and (task TODO) (priority A))}}` — parsed into a
//! value (`parse.rs`) and run as SQL over the cache (`run.rs`), with the queries written in
//! pages found and run where they stand (`blocks.rs`). Forms Cairn does not support are
//! reported as such instead of being answered wrongly; advanced `#+BEGIN_QUERY` blocks are
//! listed as not run.
//!
//! The semantics are Logseq's: a reference matches a block that refers to the page, sits
//! under a block that does, or is on that page (its *path refs*); `between` selects the
//! blocks of journal pages in the range; page forms (`page-tags`, `page-property`,
//! `namespace`, `all-page-tags`) select pages, and a query of references alone also lists
//! the pages whose properties refer (`tags:: x` answers `{{query #x}}`).

mod blocks;
mod parse;
mod run;

use chrono::NaiveDate;

pub use blocks::{find_query_blocks, run_query_block, QueryBlock};
pub use parse::{parse_simple_query, parse_simple_query_on};
pub use run::{run_simple_query, QueryHit};

/// A parsed simple query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryExpr {
    And(Vec<QueryExpr>),
    Or(Vec<QueryExpr>),
    Not(Box<QueryExpr>),
    /// Tasks with one of these markers (canonical spelling).
    Task(Vec<String>),
    Priority(Vec<String>),
    Page(String),
    Property {
        key: String,
        value: Option<String>,
    },
    /// Blocks of journal pages whose day is in the range (inclusive).
    Between(NaiveDate, NaiveDate),
    Text(String),
    Ref(String),
    /// At most this many results, picked at random.
    Sample(usize),
    /// Pages tagged (`tags::`) with any of these.
    PageTags(Vec<String>),
    /// Pages with this page property (and value).
    PageProperty {
        key: String,
        value: Option<String>,
    },
    /// Pages in this namespace (`namespace/…`).
    Namespace(String),
    /// Every page used as a page tag.
    AllPageTags,
}

impl QueryExpr {
    /// True for forms that select pages rather than blocks.
    fn is_page_form(&self) -> bool {
        matches!(
            self,
            QueryExpr::PageTags(_)
                | QueryExpr::PageProperty { .. }
                | QueryExpr::Namespace(_)
                | QueryExpr::AllPageTags
        )
    }

    /// True when some part of the query selects pages.
    fn has_page_forms(&self) -> bool {
        match self {
            QueryExpr::And(parts) | QueryExpr::Or(parts) => parts.iter().any(Self::has_page_forms),
            QueryExpr::Not(inner) => inner.has_page_forms(),
            other => other.is_page_form(),
        }
    }

    /// True when the query is references combined with `and`, `or` and `not` alone, which a
    /// page's properties can answer as well as a block.
    fn is_refs_only(&self) -> bool {
        match self {
            QueryExpr::And(parts) | QueryExpr::Or(parts) => {
                !parts.is_empty() && parts.iter().all(Self::is_refs_only)
            }
            QueryExpr::Not(inner) => inner.is_refs_only(),
            QueryExpr::Ref(_) => true,
            _ => false,
        }
    }

    /// The sample size asked for by a `(sample N)` at the top, or in a top-level `and`.
    fn sample(&self) -> Option<usize> {
        match self {
            QueryExpr::Sample(n) => Some(*n),
            QueryExpr::And(parts) => parts.iter().find_map(|p| match p {
                QueryExpr::Sample(n) => Some(*n),
                _ => None,
            }),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("query syntax: {0}")]
    Syntax(String),
    #[error("`{0}` is not supported by Cairn's simple queries; the query was not run")]
    Unsupported(String),
    #[error(
        "`{0}` is not a date Cairn understands (today, -7d, +2w, [[journal title]], yyyy-mm-dd)"
    )]
    BadDate(String),
    #[error(
        "`<% current page %>` stands for the page a query is written in; this query is not in a page (run the page's queries with `cairn queries`)"
    )]
    NoCurrentPage,
    #[error("query database: {0}")]
    Database(String),
}
