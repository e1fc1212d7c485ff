//! A parsed query run as one SQL statement over the cache: block forms as a condition on
//! `blocks b JOIN pages p`, page forms as a condition on `pages p`, and the two joined when
//! a query of references alone is answered by pages' properties too.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::Connection;
use serde::Serialize;

use super::{QueryError, QueryExpr};
use crate::vault::page_key;

/// A block or a page a query matched.
#[derive(Debug, Clone, Serialize)]
pub struct QueryHit {
    pub page: String,
    pub path: String,
    pub line: u32,
    /// The block's index on its page; absent when the page itself matched (by its
    /// properties, or a page form such as `page-tags`).
    pub block: Option<u32>,
    /// The block's text, or the page's properties.
    pub content: String,
    pub marker: Option<String>,
}

/// Most results a query returns.
const QUERY_LIMIT: usize = 5_000;

/// The SQL parameters of a statement, numbered as they are added.
#[derive(Default)]
struct Params(Vec<Value>);

impl Params {
    fn add(&mut self, value: Value) -> String {
        self.0.push(value);
        format!("?{}", self.0.len())
    }

    fn text(&mut self, text: impl Into<String>) -> String {
        self.add(Value::Text(text.into()))
    }

    fn day(&mut self, date: NaiveDate) -> String {
        self.text(date.format("%Y-%m-%d").to_string())
    }
}

/// The page keys a reference to `name` stands for: its own, and those of the page it
/// names through an alias, with that page's aliases.
fn ref_keys(name: &str, params: &mut Params) -> String {
    let key = params.text(page_key(name));
    format!(
        "(SELECT {key}
          UNION SELECT a.key FROM aliases a JOIN pages t ON t.id = a.page_id WHERE t.key = {key}
          UNION SELECT t.key FROM aliases a JOIN pages t ON t.id = a.page_id WHERE a.key = {key})"
    )
}

/// Matches a comma-separated property value (`[[a]], #b, c`) against one value.
fn value_matches(column: &str, value: &str, params: &mut Params) -> String {
    let value = params.text(value.trim_start_matches('#').to_lowercase());
    format!(
        " AND (',' || replace(replace(replace(replace(lower({column}), '[[', ''), ']]', ''), '#', ''), ', ', ',') || ',')
          LIKE '%,' || {value} || ',%'"
    )
}

/// Writes `expr` as a SQL condition over `blocks b JOIN pages p`.
fn block_condition(expr: &QueryExpr, params: &mut Params) -> Result<String, QueryError> {
    let joined = |parts: &[QueryExpr], params: &mut Params, op: &str| {
        let parts = parts
            .iter()
            .map(|p| block_condition(p, params))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(format!("({})", parts.join(op)))
    };
    Ok(match expr {
        QueryExpr::And(parts) if parts.is_empty() => "1".into(),
        QueryExpr::Or(parts) if parts.is_empty() => "0".into(),
        QueryExpr::And(parts) => joined(parts, params, " AND ")?,
        QueryExpr::Or(parts) => joined(parts, params, " OR ")?,
        QueryExpr::Not(inner) => format!("NOT {}", block_condition(inner, params)?),
        QueryExpr::Task(markers) if markers.is_empty() => "b.marker IS NOT NULL".into(),
        QueryExpr::Task(markers) => {
            let list: Vec<String> = markers.iter().map(|m| params.text(m.clone())).collect();
            format!("b.marker IN ({})", list.join(", "))
        }
        QueryExpr::Priority(priorities) => {
            let list: Vec<String> = priorities.iter().map(|p| params.text(p.clone())).collect();
            format!("b.priority IN ({})", list.join(", "))
        }
        QueryExpr::Page(name) => {
            let key = params.text(page_key(name));
            format!("(p.key = {key} OR p.id IN (SELECT page_id FROM aliases WHERE key = {key}))")
        }
        // Path refs: the block refers to the page, or a block above it does (a block's
        // descendants run until the next block at its depth or shallower), or it is on
        // the page. The set is computed once, not per block.
        QueryExpr::Ref(name) => {
            let keys = ref_keys(name, params);
            format!(
                "(b.id IN (SELECT d.id FROM refs r JOIN blocks a ON a.id = r.block_id
                   JOIN blocks d ON d.page_id = a.page_id AND d.ord >= a.ord
                   AND d.ord < coalesce((SELECT min(n.ord) FROM blocks n WHERE n.page_id = a.page_id
                                         AND n.ord > a.ord AND n.depth <= a.depth), 4294967296)
                   WHERE r.kind != 'block' AND r.key IN {keys})
                 OR p.key IN {keys})"
            )
        }
        QueryExpr::Property { key, value } => {
            let key = params.text(key.to_lowercase());
            let value_test = match value {
                None => String::new(),
                Some(value) => value_matches("bp.value", value, params),
            };
            format!("EXISTS (SELECT 1 FROM block_properties bp WHERE bp.block_id = b.id AND lower(bp.key) = {key}{value_test})")
        }
        QueryExpr::Between(start, end) => {
            let (a, z) = (params.day(*start), params.day(*end));
            format!("p.journal_day BETWEEN {a} AND {z}")
        }
        QueryExpr::Text(text) => {
            let escaped = text
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let pattern = params.text(format!("%{escaped}%"));
            format!("b.content LIKE {pattern} ESCAPE '\\'")
        }
        // A sample narrows the results, it does not select them.
        QueryExpr::Sample(_) => "1".into(),
        page_form => {
            return Err(QueryError::Unsupported(format!(
                "{} together with block forms",
                form_name(page_form)
            )))
        }
    })
}

fn form_name(expr: &QueryExpr) -> &'static str {
    match expr {
        QueryExpr::PageTags(_) => "(page-tags …)",
        QueryExpr::PageProperty { .. } => "(page-property …)",
        QueryExpr::Namespace(_) => "(namespace …)",
        QueryExpr::AllPageTags => "(all-page-tags)",
        _ => "this form",
    }
}

/// Writes `expr` as a SQL condition over `pages p`: page forms, and references answered
/// by the page's properties.
fn page_condition(expr: &QueryExpr, params: &mut Params) -> Result<String, QueryError> {
    let joined = |parts: &[QueryExpr], params: &mut Params, op: &str| {
        let parts = parts
            .iter()
            .filter(|p| !matches!(p, QueryExpr::Sample(_)))
            .map(|p| page_condition(p, params))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(format!("({})", parts.join(op)))
    };
    Ok(match expr {
        QueryExpr::And(parts) => joined(parts, params, " AND ")?,
        QueryExpr::Or(parts) => joined(parts, params, " OR ")?,
        QueryExpr::Not(inner) => format!("NOT {}", page_condition(inner, params)?),
        QueryExpr::Ref(name) => {
            let keys = ref_keys(name, params);
            format!("EXISTS (SELECT 1 FROM refs r WHERE r.page_id = p.id AND r.block_id IS NULL AND r.kind != 'block' AND r.key IN {keys})")
        }
        QueryExpr::PageTags(tags) => {
            let list: Vec<String> = tags.iter().map(|t| params.text(page_key(t))).collect();
            format!(
                "EXISTS (SELECT 1 FROM refs r WHERE r.page_id = p.id AND r.kind = 'page-tag' AND r.key IN ({}))",
                list.join(", ")
            )
        }
        QueryExpr::PageProperty { key, value } => {
            let key = params.text(key.to_lowercase());
            let value_test = match value {
                None => String::new(),
                Some(value) => value_matches("pp.value", value, params),
            };
            format!("EXISTS (SELECT 1 FROM page_properties pp WHERE pp.page_id = p.id AND lower(pp.key) = {key}{value_test})")
        }
        QueryExpr::Namespace(name) => {
            let prefix = params.text(format!("{}/", page_key(name)));
            format!("substr(p.key, 1, length({prefix})) = {prefix}")
        }
        QueryExpr::Page(name) => {
            let key = params.text(page_key(name));
            format!("(p.key = {key} OR p.id IN (SELECT page_id FROM aliases WHERE key = {key}))")
        }
        other => {
            return Err(QueryError::Unsupported(format!(
                "{} together with block forms",
                form_name(other)
            )))
        }
    })
}

/// The columns of a page's row: its properties as they are written.
const PAGE_ROW: &str = "p.name AS name, p.path AS path, 1 AS line, NULL AS ord,
    coalesce((SELECT group_concat(pp.key || ':: ' || pp.value, char(10))
              FROM (SELECT key, value FROM page_properties WHERE page_id = p.id ORDER BY ord) pp), '') AS content,
    NULL AS marker, p.journal_day AS journal_day, p.key AS key";

/// Runs a parsed query over the cache; newest journal days first, then by page, a page's
/// own row before its blocks. `(sample N)` picks N of the results at random.
pub fn run_simple_query(conn: &Connection, expr: &QueryExpr) -> Result<Vec<QueryHit>, QueryError> {
    let mut params = Params::default();
    let select = if *expr == QueryExpr::AllPageTags {
        "SELECT coalesce(t.name, r.target) AS name, coalesce(t.path, '') AS path, 1 AS line,
                NULL AS ord, '' AS content, NULL AS marker, t.journal_day AS journal_day, r.key AS key
         FROM refs r LEFT JOIN pages t ON t.key = r.key WHERE r.kind = 'page-tag' GROUP BY r.key"
            .to_string()
    } else if expr.has_page_forms() {
        let condition = page_condition(expr, &mut params)?;
        format!("SELECT {PAGE_ROW} FROM pages p WHERE {condition}")
    } else {
        let condition = block_condition(expr, &mut params)?;
        let blocks = format!(
            "SELECT p.name AS name, p.path AS path, b.line AS line, b.ord AS ord,
                    b.content AS content, b.marker AS marker, p.journal_day AS journal_day, p.key AS key
             FROM blocks b JOIN pages p ON p.id = b.page_id
             WHERE {condition} AND b.content NOT LIKE '{{{{query %'"
        );
        if expr.is_refs_only() {
            let pages = page_condition(expr, &mut params)?;
            format!("{blocks} UNION ALL SELECT {PAGE_ROW} FROM pages p WHERE {pages}")
        } else {
            blocks
        }
    };
    let order = match expr.sample() {
        Some(n) => format!("random() LIMIT {}", n.min(QUERY_LIMIT)),
        None => format!("journal_day IS NULL, journal_day DESC, key, ord LIMIT {QUERY_LIMIT}"),
    };
    let sql =
        format!("SELECT name, path, line, ord, content, marker FROM ({select}) ORDER BY {order}");
    let database = |e: rusqlite::Error| QueryError::Database(e.to_string());
    let mut statement = conn.prepare(&sql).map_err(database)?;
    let rows = statement
        .query_map(rusqlite::params_from_iter(params.0), |row| {
            Ok(QueryHit {
                page: row.get(0)?,
                path: row.get(1)?,
                line: row.get(2)?,
                block: row.get(3)?,
                content: row.get(4)?,
                marker: row.get(5)?,
            })
        })
        .map_err(database)?;
    rows.collect::<Result<_, _>>().map_err(database)
}
