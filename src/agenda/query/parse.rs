//! The simple-query language read into a [`QueryExpr`]: forms in parentheses, `[[refs]]`,
//! `#tags`, `"text"`, and the dynamic variables `<% today %>`, `<% current page %>` and
//! their kin, resolved as Logseq resolves them before the query runs.

use chrono::{Days, Months, NaiveDate};

use super::{QueryError, QueryExpr};
use crate::dates::JournalTitleFormat;
use crate::outline::Marker;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    Text(String),
    Ref(String),
    Word(String),
    /// `<% name %>`, resolved by [`resolve_variables`].
    Variable(String),
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
            '<' if chars.get(i + 1) == Some(&'%') => {
                let end = chars[i + 2..]
                    .windows(2)
                    .position(|pair| pair == ['%', '>'])
                    .ok_or_else(|| QueryError::Syntax("a `<%` is not closed with `%>`".into()))?;
                let name: String = chars[i + 2..i + 2 + end].iter().collect();
                tokens.push(Token::Variable(name.trim().to_lowercase()));
                i += 2 + end + 2;
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

/// What a query's dynamic variables stand for: the day it is run, and the page it is
/// written in, if any.
struct Variables<'a> {
    today: NaiveDate,
    titles: &'a JournalTitleFormat,
    current_page: Option<&'a str>,
}

impl Variables<'_> {
    /// `<% current page %>` is that page; `<% today %>`, `<% yesterday %>`,
    /// `<% tomorrow %>`, `<% 3 days ago %>` and `<% in 2 weeks %>` are journal pages.
    fn resolve(&self, name: &str) -> Result<Token, QueryError> {
        if name == "current page" {
            let page = self.current_page.ok_or(QueryError::NoCurrentPage)?;
            return Ok(Token::Ref(page.to_string()));
        }
        let day = relative_day(name, self.today)
            .ok_or_else(|| QueryError::Unsupported(format!("<% {name} %>")))?;
        Ok(Token::Ref(self.titles.title(day)))
    }
}

/// The day a dynamic date variable names, counted from `today`.
fn relative_day(name: &str, today: NaiveDate) -> Option<NaiveDate> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let (amount, unit, forward) = match words.as_slice() {
        ["today"] => return Some(today),
        ["yesterday"] => return today.checked_sub_days(Days::new(1)),
        ["tomorrow"] => return today.checked_add_days(Days::new(1)),
        [n, unit, "ago"] => (n.parse::<u32>().ok()?, *unit, false),
        ["in", n, unit] => (n.parse::<u32>().ok()?, *unit, true),
        _ => return None,
    };
    let days = match unit.trim_end_matches('s') {
        "day" => u64::from(amount),
        "week" => 7 * u64::from(amount),
        "month" | "year" => {
            let months = if unit.starts_with("year") {
                amount.checked_mul(12)?
            } else {
                amount
            };
            return if forward {
                today.checked_add_months(Months::new(months))
            } else {
                today.checked_sub_months(Months::new(months))
            };
        }
        _ => return None,
    };
    if forward {
        today.checked_add_days(Days::new(days))
    } else {
        today.checked_sub_days(Days::new(days))
    }
}

/// Replaces each `<% … %>` with what it stands for.
fn resolve_variables(tokens: Vec<Token>, variables: &Variables) -> Result<Vec<Token>, QueryError> {
    tokens
        .into_iter()
        .map(|token| match token {
            Token::Variable(name) => variables.resolve(&name),
            other => Ok(other),
        })
        .collect()
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

    /// The arguments of `form`, each a word, a string or a reference.
    fn names(&mut self, form: &str) -> Result<Vec<String>, QueryError> {
        self.args()?
            .into_iter()
            .map(|t| match t {
                Token::Word(w) | Token::Text(w) | Token::Ref(w) => Ok(w),
                _ => Err(QueryError::Syntax(format!("bad `{form}` argument"))),
            })
            .collect()
    }

    /// A property key (`type` or `:type`) and an optional value.
    fn key_and_value(&mut self, form: &str) -> Result<(String, Option<String>), QueryError> {
        let mut names = self.names(form)?;
        let value = match names.len() {
            1 => None,
            2 => names.pop(),
            _ => {
                return Err(QueryError::Syntax(format!(
                    "`{form}` takes a key and an optional value"
                )))
            }
        };
        Ok((names[0].trim_start_matches(':').to_string(), value))
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
            Some(Token::Variable(name)) => Err(QueryError::Unsupported(format!("<% {name} %>"))),
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
                        let (key, value) = self.key_and_value("property")?;
                        Ok(QueryExpr::Property { key, value })
                    }
                    "page-property" => {
                        let (key, value) = self.key_and_value("page-property")?;
                        Ok(QueryExpr::PageProperty { key, value })
                    }
                    "page-tags" => {
                        let tags = self
                            .names("page-tags")?
                            .into_iter()
                            .map(|t| t.trim_start_matches('#').to_string())
                            .collect();
                        Ok(QueryExpr::PageTags(tags))
                    }
                    "namespace" => match self.names("namespace")?.as_slice() {
                        [name] => Ok(QueryExpr::Namespace(name.clone())),
                        _ => Err(QueryError::Syntax("`namespace` takes one page name".into())),
                    },
                    "all-page-tags" => match self.args()?.as_slice() {
                        [] => Ok(QueryExpr::AllPageTags),
                        _ => Err(QueryError::Syntax("`all-page-tags` takes nothing".into())),
                    },
                    "sample" => match self.args()?.as_slice() {
                        [Token::Word(n)] => n.parse().map(QueryExpr::Sample).map_err(|_| {
                            QueryError::Syntax(format!("`sample` takes a count, not `{n}`"))
                        }),
                        _ => Err(QueryError::Syntax("`sample` takes a count".into())),
                    },
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

/// Parses a simple query, with or without its `{{query …}}` wrapper, typed outside any
/// page. Several top-level forms are combined with `and`; words alone are a text search.
pub fn parse_simple_query(
    input: &str,
    today: NaiveDate,
    titles: &JournalTitleFormat,
) -> Result<QueryExpr, QueryError> {
    parse_simple_query_on(input, None, today, titles)
}

/// Parses a simple query written in the page called `page` (which `<% current page %>`
/// stands for), or outside any page.
pub fn parse_simple_query_on(
    input: &str,
    page: Option<&str>,
    today: NaiveDate,
    titles: &JournalTitleFormat,
) -> Result<QueryExpr, QueryError> {
    parse_with(
        input,
        &Variables {
            today,
            titles,
            current_page: page,
        },
    )
}

fn parse_with(input: &str, variables: &Variables) -> Result<QueryExpr, QueryError> {
    let trimmed = input.trim();
    let inner = trimmed
        .strip_prefix("{{query")
        .and_then(|t| t.strip_suffix("}}"))
        .unwrap_or(trimmed)
        .trim();
    let tokens = resolve_variables(tokenize(inner)?, variables)?;
    // `{{query Something you're looking for}}`: Logseq searches the words as text.
    let plain_words = tokens
        .iter()
        .all(|t| matches!(t, Token::Word(w) if !w.starts_with('#')));
    if plain_words && !tokens.is_empty() {
        return Ok(QueryExpr::Text(inner.to_string()));
    }
    let mut parser = Parser {
        tokens,
        pos: 0,
        depth: 0,
        today: variables.today,
        titles: variables.titles,
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
    fn dynamic_variables_name_days_and_pages() {
        let today = NaiveDate::from_ymd_opt(2024, 12, 10).unwrap();
        let day = |text: &str| relative_day(text, today).map(|d| d.to_string());
        assert_eq!(day("today").as_deref(), Some("2024-12-10"));
        assert_eq!(day("3 days ago").as_deref(), Some("2024-12-07"));
        assert_eq!(day("in 2 weeks").as_deref(), Some("2024-12-24"));
        assert_eq!(day("1 month ago").as_deref(), Some("2024-11-10"));
        assert_eq!(day("in 1 year").as_deref(), Some("2025-12-10"));
        assert_eq!(day("next blue moon"), None);
        assert_eq!(
            parse("(page <% today %>)").unwrap(),
            QueryExpr::Page("2024-12-10 Tuesday".into())
        );
        assert_eq!(
            parse("(page <% current page %>)"),
            Err(QueryError::NoCurrentPage)
        );
        assert!(matches!(
            parse("(page <% today)"),
            Err(QueryError::Syntax(_))
        ));
        let titles = JournalTitleFormat::new("yyyy-MM-dd EEEE");
        assert_eq!(
            parse_simple_query_on(
                "(page <% current page %>)",
                Some("Loose ends"),
                today,
                &titles
            ),
            Ok(QueryExpr::Page("Loose ends".into()))
        );
    }

    #[test]
    fn page_forms_and_samples_parse() {
        assert_eq!(
            parse("(and (page-tags #a [[b c]]) (page-property type book))").unwrap(),
            QueryExpr::And(vec![
                QueryExpr::PageTags(vec!["a".into(), "b c".into()]),
                QueryExpr::PageProperty {
                    key: "type".into(),
                    value: Some("book".into())
                },
            ])
        );
        assert_eq!(parse("(all-page-tags)").unwrap(), QueryExpr::AllPageTags);
        assert_eq!(
            parse("(namespace [[term]])").unwrap(),
            QueryExpr::Namespace("term".into())
        );
        assert_eq!(parse("(sample 3)").unwrap(), QueryExpr::Sample(3));
        assert!(matches!(parse("(sample many)"), Err(QueryError::Syntax(_))));
        assert_eq!(
            parse("Something you're looking for").unwrap(),
            QueryExpr::Text("Something you're looking for".into())
        );
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
