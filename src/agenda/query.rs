//! Logseq's simple queries — `{{query (and (task TODO) (priority A))}}` — parsed into a
//! value and run as one SQL statement over the cache. Forms Cairn does not support are
//! reported as such instead of being answered wrongly; advanced `#+BEGIN_QUERY` blocks are
//! listed as unsupported.

use chrono::{Days, Months, NaiveDate};
use rusqlite::types::Value;
use rusqlite::Connection;
use serde::Serialize;

use crate::dates::JournalTitleFormat;
use crate::outline::Marker;
use crate::vault::page_key;

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
    /// Blocks whose day, deadline or scheduled date is in the range (inclusive).
    Between(NaiveDate, NaiveDate),
    Text(String),
    Ref(String),
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
    #[error("query database: {0}")]
    Database(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    Text(String),
    Ref(String),
    Word(String),
}

fn tokenize(input: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            c if c.is_whitespace() => i += 1,
            '(' => {
                tokens.push(Token::Open);
                i += 1;
            }
            ')' => {
                tokens.push(Token::Close);
                i += 1;
            }
            '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|c| *c == '"')
                    .ok_or_else(|| QueryError::Syntax("a string is not closed with `\"`".into()))?;
                tokens.push(Token::Text(chars[i + 1..i + 1 + end].iter().collect()));
                i += end + 2;
            }
            '[' if chars.get(i + 1) == Some(&'[') => {
                // Counted in chars, like `i`: a byte offset from `str::find` is not one.
                let end = chars[i + 2..]
                    .windows(2)
                    .position(|pair| pair == [']', ']'])
                    .ok_or_else(|| QueryError::Syntax("a `[[` is not closed with `]]`".into()))?;
                tokens.push(Token::Ref(chars[i + 2..i + 2 + end].iter().collect()));
                i += 2 + end + 2;
            }
            _ => {
                let start = i;
                while i < chars.len()
                    && !chars[i].is_whitespace()
                    && !matches!(chars[i], '(' | ')' | '"')
                {
                    i += 1;
                }
                tokens.push(Token::Word(chars[start..i].iter().collect()));
            }
        }
    }
    Ok(tokens)
}

/// Reads a date bound: `today`, `yesterday`, `tomorrow`, `-7d`, `+2w`, `-1m`, `+1y`,
/// `[[journal title]]`, `yyyy-mm-dd` or `yyyymmdd`.
fn date_bound(
    token: &Token,
    today: NaiveDate,
    titles: &JournalTitleFormat,
) -> Result<NaiveDate, QueryError> {
    let text = match token {
        Token::Word(w) | Token::Text(w) => w.to_lowercase(),
        Token::Ref(r) => {
            return titles
                .parse(r)
                .ok_or_else(|| QueryError::BadDate(format!("[[{r}]]")))
        }
        _ => return Err(QueryError::Syntax("`between` needs two dates".into())),
    };
    let bad = || QueryError::BadDate(text.clone());
    match text.as_str() {
        "today" | "now" => return Ok(today),
        "yesterday" => return today.checked_sub_days(Days::new(1)).ok_or_else(bad),
        "tomorrow" => return today.checked_add_days(Days::new(1)).ok_or_else(bad),
        _ => {}
    }
    if let Some(rest) = text.strip_prefix(['-', '+']) {
        // The unit is the last char, whatever its width: `-`, `+d` and `-7é` are bad dates.
        let mut chars = rest.chars();
        let unit = chars.next_back().ok_or_else(bad)?;
        let amount: u32 = chars.as_str().parse().map_err(|_| bad())?;
        let forward = text.starts_with('+');
        let days = |n: u64| {
            if forward {
                today.checked_add_days(Days::new(n))
            } else {
                today.checked_sub_days(Days::new(n))
            }
        };
        let months = |n: u32| {
            if forward {
                today.checked_add_months(Months::new(n))
            } else {
                today.checked_sub_months(Months::new(n))
            }
        };
        return match unit {
            'd' => days(u64::from(amount)),
            'w' => days(7 * u64::from(amount)),
            'm' => months(amount),
            'y' => amount.checked_mul(12).and_then(months),
            _ => None,
        }
        .ok_or_else(bad);
    }
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&text, "%Y%m%d"))
        .map_err(|_| bad())
}

/// Deepest nesting of `and`, `or` and `not` a query may have. Each level is a stack frame
/// of the parser; without a limit, a pasted `(not (not …` thousands deep overflows the stack
/// and aborts the process instead of failing.
const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    tokens: Vec<Token>,
    pos: usize,
    /// Forms open around the one being read.
    depth: usize,
    today: NaiveDate,
    titles: &'a JournalTitleFormat,
}

impl Parser<'_> {
    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        token
    }

    fn args(&mut self) -> Result<Vec<Token>, QueryError> {
        let mut args = Vec::new();
        loop {
            match self.next() {
                Some(Token::Close) => return Ok(args),
                Some(Token::Open) => {
                    return Err(QueryError::Syntax("unexpected `(` in arguments".into()))
                }
                Some(token) => args.push(token),
                None => return Err(QueryError::Syntax("a `(` is not closed".into())),
            }
        }
    }

    fn expr(&mut self) -> Result<QueryExpr, QueryError> {
        if self.depth == MAX_DEPTH {
            return Err(QueryError::Syntax(format!(
                "forms are nested more than {MAX_DEPTH} deep"
            )));
        }
        self.depth += 1;
        let expr = self.expr_inside();
        self.depth -= 1;
        expr
    }

    /// One form, read by `expr` once it has checked the depth.
    fn expr_inside(&mut self) -> Result<QueryExpr, QueryError> {
        match self.next() {
            Some(Token::Text(text)) => Ok(QueryExpr::Text(text)),
            Some(Token::Ref(name)) => Ok(QueryExpr::Ref(name)),
            Some(Token::Word(word)) => match word.strip_prefix('#') {
                Some(tag) => Ok(QueryExpr::Ref(tag.to_string())),
                None => Err(QueryError::Syntax(format!("unexpected `{word}`"))),
            },
            Some(Token::Close) => Err(QueryError::Syntax("unexpected `)`".into())),
            None => Err(QueryError::Syntax("the query is empty".into())),
            Some(Token::Open) => {
                let Some(Token::Word(head)) = self.next() else {
                    return Err(QueryError::Syntax("expected a form name after `(`".into()));
                };
                match head.to_lowercase().as_str() {
                    "and" | "or" => {
                        let mut parts = Vec::new();
                        while self.tokens.get(self.pos) != Some(&Token::Close) {
                            if self.pos >= self.tokens.len() {
                                return Err(QueryError::Syntax("a `(` is not closed".into()));
                            }
                            parts.push(self.expr()?);
                        }
                        self.pos += 1;
                        Ok(if head.eq_ignore_ascii_case("and") {
                            QueryExpr::And(parts)
                        } else {
                            QueryExpr::Or(parts)
                        })
                    }
                    "not" => {
                        let inner = self.expr()?;
                        match self.next() {
                            Some(Token::Close) => Ok(QueryExpr::Not(Box::new(inner))),
                            _ => Err(QueryError::Syntax("`not` takes one form".into())),
                        }
                    }
                    "task" | "todo" => {
                        let mut markers = Vec::new();
                        for arg in self.args()? {
                            let Token::Word(word) = arg else {
                                return Err(QueryError::Syntax(
                                    "`task` takes markers such as TODO".into(),
                                ));
                            };
                            let marker =
                                Marker::from_keyword(&word.to_uppercase()).ok_or_else(|| {
                                    QueryError::Syntax(format!("`{word}` is not a task marker"))
                                })?;
                            markers.push(marker.canonical().as_str().to_string());
                        }
                        Ok(QueryExpr::Task(markers))
                    }
                    "priority" => {
                        let mut priorities = Vec::new();
                        for arg in self.args()? {
                            let (Token::Word(word) | Token::Text(word)) = arg else {
                                return Err(QueryError::Syntax(
                                    "`priority` takes A, B or C".into(),
                                ));
                            };
                            let p = word
                                .trim_start_matches("[#")
                                .trim_end_matches(']')
                                .to_uppercase();
                            if !matches!(p.as_str(), "A" | "B" | "C") {
                                return Err(QueryError::Syntax(format!(
                                    "`{word}` is not a priority"
                                )));
                            }
                            priorities.push(p);
                        }
                        Ok(QueryExpr::Priority(priorities))
                    }
                    "page" => match self.args()?.as_slice() {
                        [Token::Word(name) | Token::Text(name) | Token::Ref(name)] => {
                            Ok(QueryExpr::Page(name.clone()))
                        }
                        _ => Err(QueryError::Syntax("`page` takes one page name".into())),
                    },
                    "page-ref" => match self.args()?.as_slice() {
                        [Token::Word(name) | Token::Text(name) | Token::Ref(name)] => {
                            Ok(QueryExpr::Ref(name.clone()))
                        }
                        _ => Err(QueryError::Syntax("`page-ref` takes one page name".into())),
                    },
                    "property" => {
                        let words: Vec<String> = self
                            .args()?
                            .into_iter()
                            .map(|t| match t {
                                Token::Word(w) | Token::Text(w) | Token::Ref(w) => Ok(w),
                                _ => Err(QueryError::Syntax("bad `property` argument".into())),
                            })
                            .collect::<Result<_, _>>()?;
                        match words.as_slice() {
                            [key] => Ok(QueryExpr::Property {
                                key: key.trim_start_matches(':').to_string(),
                                value: None,
                            }),
                            [key, value] => Ok(QueryExpr::Property {
                                key: key.trim_start_matches(':').to_string(),
                                value: Some(value.clone()),
                            }),
                            _ => Err(QueryError::Syntax(
                                "`property` takes a key and an optional value".into(),
                            )),
                        }
                    }
                    "between" => {
                        let args = self.args()?;
                        let [start, end] = args.as_slice() else {
                            return Err(QueryError::Syntax("`between` takes two dates".into()));
                        };
                        let (a, b) = (
                            date_bound(start, self.today, self.titles)?,
                            date_bound(end, self.today, self.titles)?,
                        );
                        Ok(QueryExpr::Between(a.min(b), a.max(b)))
                    }
                    other => Err(QueryError::Unsupported(format!("({other} …)"))),
                }
            }
        }
    }
}

/// Parses a simple query, with or without its `{{query …}}` wrapper. Several top-level
/// forms are combined with `and`.
pub fn parse_simple_query(
    input: &str,
    today: NaiveDate,
    titles: &JournalTitleFormat,
) -> Result<QueryExpr, QueryError> {
    let trimmed = input.trim();
    let inner = trimmed
        .strip_prefix("{{query")
        .and_then(|t| t.strip_suffix("}}"))
        .unwrap_or(trimmed);
    let mut parser = Parser {
        tokens: tokenize(inner)?,
        pos: 0,
        depth: 0,
        today,
        titles,
    };
    let mut forms = Vec::new();
    while parser.pos < parser.tokens.len() {
        forms.push(parser.expr()?);
    }
    match forms.len() {
        0 => Err(QueryError::Syntax("the query is empty".into())),
        1 => Ok(forms.remove(0)),
        _ => Ok(QueryExpr::And(forms)),
    }
}

fn day(date: NaiveDate) -> Value {
    Value::Text(date.format("%Y-%m-%d").to_string())
}

/// Writes `expr` as a SQL condition over `blocks b JOIN pages p`.
fn to_sql(expr: &QueryExpr, params: &mut Vec<Value>) -> String {
    let mut placeholder = |value: Value| {
        params.push(value);
        format!("?{}", params.len())
    };
    match expr {
        QueryExpr::And(parts) if parts.is_empty() => "1".into(),
        QueryExpr::Or(parts) if parts.is_empty() => "0".into(),
        QueryExpr::And(parts) => {
            let parts: Vec<String> = parts.iter().map(|p| to_sql(p, params)).collect();
            format!("({})", parts.join(" AND "))
        }
        QueryExpr::Or(parts) => {
            let parts: Vec<String> = parts.iter().map(|p| to_sql(p, params)).collect();
            format!("({})", parts.join(" OR "))
        }
        QueryExpr::Not(inner) => format!("NOT {}", to_sql(inner, params)),
        QueryExpr::Task(markers) if markers.is_empty() => "b.marker IS NOT NULL".into(),
        QueryExpr::Task(markers) => {
            let list: Vec<String> = markers
                .iter()
                .map(|m| placeholder(Value::Text(m.clone())))
                .collect();
            format!("b.marker IN ({})", list.join(", "))
        }
        QueryExpr::Priority(priorities) => {
            let list: Vec<String> = priorities
                .iter()
                .map(|p| placeholder(Value::Text(p.clone())))
                .collect();
            format!("b.priority IN ({})", list.join(", "))
        }
        QueryExpr::Page(name) => {
            let key = placeholder(Value::Text(page_key(name)));
            format!("(p.key = {key} OR p.id IN (SELECT page_id FROM aliases WHERE key = {key}))")
        }
        QueryExpr::Ref(name) => {
            let key = placeholder(Value::Text(page_key(name)));
            format!(
                "EXISTS (SELECT 1 FROM refs r WHERE r.block_id = b.id AND r.kind != 'block' AND (r.key = {key}
                 OR r.key IN (SELECT a.key FROM aliases a JOIN pages t ON t.id = a.page_id WHERE t.key = {key})
                 OR r.key IN (SELECT t.key FROM aliases a JOIN pages t ON t.id = a.page_id WHERE a.key = {key})))"
            )
        }
        QueryExpr::Property { key, value } => {
            let key = placeholder(Value::Text(key.to_lowercase()));
            let value_test = match value {
                None => String::new(),
                Some(value) => {
                    let value =
                        placeholder(Value::Text(value.trim_start_matches('#').to_lowercase()));
                    format!(
                        " AND (',' || replace(replace(replace(replace(lower(bp.value), '[[', ''), ']]', ''), '#', ''), ', ', ',') || ',')
                          LIKE '%,' || {value} || ',%'"
                    )
                }
            };
            format!("EXISTS (SELECT 1 FROM block_properties bp WHERE bp.block_id = b.id AND lower(bp.key) = {key}{value_test})")
        }
        QueryExpr::Between(start, end) => {
            let (a, z) = (placeholder(day(*start)), placeholder(day(*end)));
            format!(
                "(b.day BETWEEN {a} AND {z} OR b.scheduled_day BETWEEN {a} AND {z} OR b.deadline_day BETWEEN {a} AND {z})"
            )
        }
        QueryExpr::Text(text) => {
            let escaped = text
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let pattern = placeholder(Value::Text(format!("%{escaped}%")));
            format!("b.content LIKE {pattern} ESCAPE '\\'")
        }
    }
}

/// A block a query matched.
#[derive(Debug, Clone, Serialize)]
pub struct QueryHit {
    pub page: String,
    pub path: String,
    pub line: u32,
    pub block: u32,
    pub content: String,
    pub marker: Option<String>,
}

/// Most blocks a query returns.
const QUERY_LIMIT: usize = 5_000;

/// Runs a parsed query over the cache; newest journal days first, then by page.
pub fn run_simple_query(conn: &Connection, expr: &QueryExpr) -> Result<Vec<QueryHit>, QueryError> {
    let mut params = Vec::new();
    let condition = to_sql(expr, &mut params);
    let sql = format!(
        "SELECT p.name, p.path, b.line, b.ord, b.content, b.marker FROM blocks b JOIN pages p ON p.id = b.page_id
         WHERE {condition} AND b.content NOT LIKE '{{{{query %'
         ORDER BY p.journal_day IS NULL, p.journal_day DESC, p.key, b.ord LIMIT {QUERY_LIMIT}"
    );
    let database = |e: rusqlite::Error| QueryError::Database(e.to_string());
    let mut statement = conn.prepare(&sql).map_err(database)?;
    let rows = statement
        .query_map(rusqlite::params_from_iter(params), |row| {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<QueryExpr, QueryError> {
        let today = NaiveDate::from_ymd_opt(2024, 12, 10).unwrap();
        parse_simple_query(text, today, &JournalTitleFormat::new("yyyy-MM-dd EEEE"))
    }

    #[test]
    fn parses_the_common_forms() {
        assert_eq!(
            parse("{{query (and (task TODO DOING) (priority A))}}").unwrap(),
            QueryExpr::And(vec![
                QueryExpr::Task(vec!["TODO".into(), "DOING".into()]),
                QueryExpr::Priority(vec!["A".into()])
            ])
        );
        assert_eq!(
            parse("(between -7d today)").unwrap(),
            QueryExpr::Between(
                NaiveDate::from_ymd_opt(2024, 12, 3).unwrap(),
                NaiveDate::from_ymd_opt(2024, 12, 10).unwrap()
            )
        );
        assert_eq!(
            parse("(between [[2024-12-01 Sunday]] +2w)").unwrap(),
            QueryExpr::Between(
                NaiveDate::from_ymd_opt(2024, 12, 1).unwrap(),
                NaiveDate::from_ymd_opt(2024, 12, 24).unwrap()
            )
        );
        assert_eq!(
            parse("(or [[Atlas]] \"cache\" (not (page Inbox)))").unwrap(),
            QueryExpr::Or(vec![
                QueryExpr::Ref("Atlas".into()),
                QueryExpr::Text("cache".into()),
                QueryExpr::Not(Box::new(QueryExpr::Page("Inbox".into())))
            ])
        );
    }

    #[test]
    fn unsupported_and_broken_queries_say_so() {
        assert_eq!(
            parse("(sort-by created-at)"),
            Err(QueryError::Unsupported("(sort-by …)".into()))
        );
        assert!(matches!(
            parse("(and (task TODO)"),
            Err(QueryError::Syntax(_))
        ));
        assert!(matches!(parse("(task BOGUS)"), Err(QueryError::Syntax(_))));
        assert!(matches!(
            parse("(between -7x today)"),
            Err(QueryError::BadDate(_))
        ));
        assert!(matches!(parse(""), Err(QueryError::Syntax(_))));
    }

    #[test]
    fn regression_between_with_a_lone_minus_is_a_bad_date_not_a_panic() {
        // Reported: `cairn query '(between - today)'` sliced `text[1..0]` and panicked.
        assert_eq!(
            parse("(between - today)"),
            Err(QueryError::BadDate("-".into()))
        );
    }

    #[test]
    fn relative_dates_with_odd_units_or_amounts_are_bad_dates() {
        for bound in ["+", "-d", "+7é", "-7日", "-é", "+ß", "-99999999999d"] {
            assert_eq!(
                parse(&format!("(between {bound} today)")),
                Err(QueryError::BadDate(bound.to_lowercase())),
                "{bound}"
            );
        }
        // 12 × u32::MAX months does not fit: a bad date, not an overflow.
        assert!(matches!(
            parse("(between -4294967295y today)"),
            Err(QueryError::BadDate(_))
        ));
    }

    #[test]
    fn refs_and_tags_in_any_script_are_read_whole() {
        assert_eq!(
            parse("(and [[数据库]] #עברית [[🧑‍💻 notes]])").unwrap(),
            QueryExpr::And(vec![
                QueryExpr::Ref("数据库".into()),
                QueryExpr::Ref("עברית".into()),
                QueryExpr::Ref("🧑‍💻 notes".into()),
            ])
        );
        assert!(matches!(parse("[[中文]"), Err(QueryError::Syntax(_))));
    }

    #[test]
    fn deeply_nested_forms_are_an_error_not_a_stack_overflow() {
        let deep = format!(
            "{}(task TODO){}",
            "(not ".repeat(10_000),
            ")".repeat(10_000)
        );
        assert!(matches!(parse(&deep), Err(QueryError::Syntax(_))));
        let fine = format!("{}(task TODO){}", "(not ".repeat(40), ")".repeat(40));
        assert!(parse(&fine).is_ok());
    }
}
