//! The draft as Markdown (pasteable: GitHub-flavoured, sources as footnotes), standalone
//! HTML (one file, inline CSS, no script, no external resource, printable) and JSON.
//! Every export is a function of the draft alone: the same vault gives the same bytes.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use super::{short_text, Item, ItemKind, Review};
use crate::render::{escape, inline_html, logseq_to_markdown};

/// True when the character may continue a ticket ID (so `COS-1` is not found in `COS-12`).
fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// Where `ticket` stands alone in `text` (not inside a longer ID or an existing link).
fn ticket_positions<'t>(text: &'t str, ticket: &'t str) -> impl Iterator<Item = usize> + 't {
    text.match_indices(ticket).filter_map(move |(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + ticket.len()..].chars().next();
        let bounded =
            !before.is_some_and(|c| word_char(c) || c == '[') && !after.is_some_and(word_char);
        bounded.then_some(at)
    })
}

/// Turns the ticket IDs in `text` into Markdown links, and lists those the text does not
/// mention (merged from another wording) after it.
fn link_tickets(text: &str, tickets: &[String], link: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = text.to_string();
    let mut missing = Vec::new();
    for ticket in tickets {
        let positions: Vec<usize> = ticket_positions(&out, ticket).collect();
        if positions.is_empty() {
            missing.push(ticket);
            continue;
        }
        let Some(url) = link(ticket) else { continue };
        // Later positions first, so that earlier ones stay where they were.
        for at in positions.into_iter().rev() {
            out.replace_range(at..at + ticket.len(), &format!("[{ticket}]({url})"));
        }
    }
    if !missing.is_empty() {
        let listed: Vec<String> = missing
            .iter()
            .map(|t| match link(t) {
                Some(url) => format!("[{t}]({url})"),
                None => t.to_string(),
            })
            .collect();
        let _ = write!(out, " (also {})", listed.join(", "));
    }
    out
}

fn linker(review: &Review) -> impl Fn(&str) -> Option<String> + '_ {
    let urls: HashMap<&str, &str> = review
        .tickets
        .iter()
        .filter_map(|t| Some((t.id.as_str(), t.url.as_deref()?)))
        .collect();
    move |id: &str| urls.get(id).map(|u| u.to_string())
}

/// The text of a bullet as Markdown: Logseq refs as plain text, tickets linked, the day
/// of a task or note in front.
fn bullet_markdown(item: &Item, link: &dyn Fn(&str) -> Option<String>) -> String {
    let text = link_tickets(&logseq_to_markdown(&item.text), &item.tickets, link);
    match (&item.kind, &item.date) {
        (ItemKind::Done | ItemKind::Note, Some(date)) => format!("{date} · {text}"),
        _ => text,
    }
}

fn kind_note(kind: ItemKind, period: &str) -> Option<String> {
    match kind {
        ItemKind::Review => None,
        ItemKind::Undated => Some(format!(
            "From a \"Year end review\" section with no year, taken into the draft of {period}."
        )),
        ItemKind::Done => Some(format!(
            "DONE tasks dated in {period} (by completion, else deadline, scheduled date or journal day)."
        )),
        ItemKind::Note => Some(format!("Notes of {period} that cite a ticket, taken into the draft.")),
        ItemKind::Outside => Some(
            "Accomplishments written outside a review section, taken into the draft.".to_string(),
        ),
    }
}

fn empty_message(review: &Review) -> String {
    let period = review.period();
    let offered: usize = review.projects.iter().map(|p| p.left_out.len()).sum();
    if offered > 0 {
        return format!(
            "The draft for {period} is empty: {offered} bullet{} of material (undated review sections, ticketed notes, accomplishments outside review sections) wait to be taken in, in the app's review view or with `cairn review --include ID --save`.",
            if offered == 1 { "" } else { "s" }
        );
    }
    let mut text = format!(
        "Nothing was found for {period}: no \"Year end review\" section has material for it, no DONE task is dated in it, and no note of it cites a ticket."
    );
    if review.years_with_material.is_empty() {
        text.push_str(
            " To start, add a `Year end review` block under a project, with a year child (such as `2024`) holding bullets that cite tickets.",
        );
    } else {
        let years: Vec<String> = review
            .years_with_material
            .iter()
            .map(|y| y.to_string())
            .collect();
        let _ = write!(text, " Years with material: {}.", years.join(", "));
    }
    text.push_str(&limitation(review));
    text
}

/// ` (Limited to the project Atlas.)`, or nothing for a draft of every project.
fn limitation(review: &Review) -> String {
    match review.limited_to.as_slice() {
        [] => String::new(),
        [project] => format!(" (Limited to the project {project}.)"),
        projects => format!(" (Limited to the projects {}.)", projects.join(", ")),
    }
}

/// How an export shows where each bullet came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sources {
    /// Numbered footnotes, listed once at the end: a document to hand in.
    #[default]
    Footnotes,
    /// Each bullet's breadcrumbs under it: the draft with its evidence, to check.
    Inline,
    /// None at all.
    Omitted,
}

/// Sources numbered in order of first citation, each block once.
#[derive(Default)]
struct Footnotes<'r> {
    notes: Vec<String>,
    numbers: HashMap<(&'r str, u32), usize>,
}

impl<'r> Footnotes<'r> {
    /// The numbers of an item's sources, numbering new ones.
    fn cite(&mut self, item: &'r Item) -> Vec<usize> {
        item.sources
            .iter()
            .map(|source| {
                let key = (source.path.as_str(), source.line);
                *self.numbers.entry(key).or_insert_with(|| {
                    self.notes.push(format!(
                        "{} — {}:{}",
                        logseq_to_markdown(&source.breadcrumbs.join(" › ")),
                        source.path,
                        source.line
                    ));
                    self.notes.len()
                })
            })
            .collect()
    }
}

/// The lede under the title, which says which projects the draft covers and where sources
/// are.
fn lede(review: &Review, sources: Sources) -> String {
    let period = review.period();
    let limitation = limitation(review);
    let where_sources = match sources {
        Sources::Footnotes => {
            " Footnotes give each bullet's sources; the ticket index is at the end."
        }
        Sources::Inline => " Each bullet lists its sources; the ticket index is at the end.",
        Sources::Omitted => " The ticket index is at the end.",
    };
    format!("Drafted by Cairn from year-end review sections, completed tasks and ticketed notes of {period}.{limitation}{where_sources}")
}

/// The draft as GitHub-flavoured Markdown, sources as footnotes.
pub fn to_markdown(review: &Review) -> String {
    to_markdown_with(review, Sources::Footnotes)
}

/// The draft as GitHub-flavoured Markdown; `sources` as footnotes (also for
/// [`Sources::Inline`], which Markdown has no better form for) or left out.
pub fn to_markdown_with(review: &Review, sources: Sources) -> String {
    let link = linker(review);
    let period = review.period();
    // About a line of text and a line of footnote for each bullet.
    let bullets: usize = review.projects.iter().map(|p| p.items.len()).sum();
    let mut out = String::with_capacity(256 * bullets + 1024);
    let _ = writeln!(out, "# {}\n", review.title());
    if review.is_empty() {
        let _ = writeln!(out, "{}\n", empty_message(review));
    } else {
        let _ = writeln!(out, "{}\n", lede(review, sources));
    }
    let mut footnotes = Footnotes::default();
    for project in review.drafted() {
        let _ = writeln!(out, "## {}\n", project.name);
        let mut kind: Option<ItemKind> = None;
        for item in &project.items {
            if kind != Some(item.kind) {
                if kind.is_some() || item.kind != ItemKind::Review {
                    if kind.is_some() {
                        out.push('\n');
                    }
                    if item.kind != ItemKind::Review {
                        let _ = writeln!(out, "### {}\n", item.kind.heading());
                        if let Some(note) = kind_note(item.kind, &period) {
                            let _ = writeln!(out, "_{note}_\n");
                        }
                    }
                }
                kind = Some(item.kind);
            }
            let indent = "  ".repeat(item.depth as usize);
            let text = bullet_markdown(item, &link);
            let mut lines = text.lines();
            let _ = write!(out, "{indent}- {}", lines.next().unwrap_or(""));
            for line in lines {
                let _ = write!(out, "\n{indent}  {}", line.trim_start());
            }
            if sources == Sources::Omitted {
                out.push('\n');
            } else {
                let marks: String = footnotes
                    .cite(item)
                    .iter()
                    .map(|n| format!("[^{n}]"))
                    .collect();
                let _ = writeln!(out, " {marks}");
            }
        }
        out.push('\n');
    }
    if !review.is_empty() {
        let _ = writeln!(out, "## Evidence gaps\n");
        if review.gaps.is_empty() {
            let _ = writeln!(
                out,
                "None: every project active in {period} cites a ticket or a completed task.\n"
            );
        } else {
            let _ = writeln!(
                out,
                "Projects active in {period} whose material cites no ticket and has no completed task:\n"
            );
            for gap in &review.gaps {
                let _ = writeln!(out, "- **{}**: {}", gap.project, gap.reason);
            }
            out.push('\n');
        }
        let _ = writeln!(out, "## Ticket index\n");
        if review.tickets.is_empty() {
            let _ = writeln!(out, "No bullet cites a ticket.\n");
        }
        for ticket in &review.tickets {
            let id = match &ticket.url {
                Some(url) => format!("[{}]({url})", ticket.id),
                None => ticket.id.clone(),
            };
            let cites: Vec<String> = ticket
                .items
                .iter()
                .map(|c| format!("{} ({})", c.text, c.project))
                .collect();
            let _ = writeln!(out, "- {id}: {}", cites.join("; "));
        }
        if !review.tickets.is_empty() {
            out.push('\n');
        }
    }
    for (i, note) in footnotes.notes.iter().enumerate() {
        let _ = writeln!(out, "[^{}]: {}", i + 1, note);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The draft as JSON: `year`, `from`, `to`, `projects` (with their `items`), `tickets` and
/// `gaps`.
pub fn to_json(review: &Review) -> String {
    let mut text = serde_json::to_string_pretty(review).expect("a review serializes");
    text.push('\n');
    text
}

const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f5f7; color: #1d2230;
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 860px; margin: 32px auto; background: #fff; padding: 40px 56px 48px;
  border-radius: 10px; box-shadow: 0 1px 3px rgba(20, 30, 60, .12); }
header { border-bottom: 2px solid #e3e6ec; margin-bottom: 28px; padding-bottom: 14px; }
h1 { font-size: 30px; line-height: 1.2; margin: 0 0 6px; letter-spacing: -.01em; }
.lede { color: #5a6275; margin: 0; }
h2 { font-size: 21px; margin: 34px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #e3e6ec; }
h3 { font-size: 13px; text-transform: uppercase; letter-spacing: .06em; color: #5a6275; margin: 22px 0 4px; }
.note { color: #6b7386; font-size: 13px; margin: 0 0 8px; font-style: italic; }
ul.items, ul.items ul { list-style: none; margin: 0; padding: 0; }
ul.items ul { margin-left: 22px; border-left: 2px solid #edf0f4; padding-left: 12px; }
ul.items li { margin: 8px 0; }
.text { position: relative; padding-left: 14px; }
sup.fn { font-size: 10px; margin-left: 2px; }
sup.fn a { color: #7a8294; text-decoration: none; }
sup.fn + sup.fn::before { content: ","; color: #7a8294; }
.sources ol { color: #6b7386; font-size: 12px; line-height: 1.5; padding-left: 28px; }
.text::before { content: ""; position: absolute; left: 0; top: .62em; width: 6px; height: 6px;
  border-radius: 50%; background: #8a93a6; }
.text p { margin: 0 0 4px; }
.date { color: #3b5bdb; font-variant-numeric: tabular-nums; font-weight: 600; margin-right: 6px; }
.src { padding-left: 14px; color: #7a8294; font-size: 12px; line-height: 1.45; }
.src span { display: block; }
a { color: #2f4fc4; text-decoration: none; }
a:hover { text-decoration: underline; }
a:not([href]) { color: inherit; }
.ticket { font: 600 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  background: #eef2ff; color: #2f4fc4; border-radius: 4px; padding: 0 4px; white-space: nowrap; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f1f3f6;
  padding: 0 3px; border-radius: 3px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid #edf0f4; }
th { color: #5a6275; font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .05em; }
td.id { white-space: nowrap; width: 1%; }
.gaps li { margin: 6px 0; }
.empty { background: #fff8e6; border: 1px solid #f1dfb0; border-radius: 8px; padding: 14px 18px; }
.glance { margin: 0 0 8px; }
.glance figcaption { color: #6b7386; font-size: 12px; margin-bottom: 6px; }
footer { margin-top: 36px; color: #8a93a6; font-size: 12px; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { box-shadow: none; margin: 0; padding: 0; max-width: none; }
  h2 { break-after: avoid; }
  li { break-inside: avoid; }
  a { color: inherit; }
}
"#;

/// Short month names, for the glance's columns.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `Jun` for `2026-06`, with the year where a period crosses into another one.
fn month_label(month: &str, first: bool) -> String {
    let name = month
        .get(5..7)
        .and_then(|m| m.parse::<usize>().ok())
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or(month);
    if first || month.ends_with("-01") {
        format!("{name} {}", &month[2..4])
    } else {
        name.to_string()
    }
}

/// The year at a glance as an inline SVG (no script): a row per drafted project, a column
/// per month, each cell shaded by how active the month was, with the tasks completed in it
/// written inside and the whole count in its tooltip.
fn glance_svg(review: &Review) -> String {
    const LABEL: usize = 150;
    const CELL: usize = 46;
    const ROW: usize = 26;
    const TOP: usize = 22;
    let glance = &review.glance;
    let drafted: HashSet<&str> = review.drafted().map(|p| p.name.as_str()).collect();
    let rows: Vec<_> = glance
        .projects
        .iter()
        .filter(|r| drafted.contains(r.project.as_str()))
        .collect();
    if rows.is_empty() || glance.months.is_empty() {
        return String::new();
    }
    let peak = glance.peak().max(1) as f64;
    let width = LABEL + CELL * glance.months.len();
    let height = TOP + ROW * rows.len() + 4;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<figure class=\"glance\"><figcaption>The period at a glance: darker months saw more writing and tickets; numbers are tasks completed.</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-label=\"Activity per project and month\" font-family=\"system-ui, sans-serif\" font-size=\"11\">\n"
    );
    for (i, month) in glance.months.iter().enumerate() {
        let _ = writeln!(
            svg,
            "<text x=\"{}\" y=\"14\" text-anchor=\"middle\" fill=\"#5a6275\">{}</text>",
            LABEL + CELL * i + CELL / 2,
            escape(&month_label(month, i == 0))
        );
    }
    for (r, row) in rows.iter().enumerate() {
        let y = TOP + ROW * r;
        let _ = writeln!(
            svg,
            "<text x=\"0\" y=\"{}\" fill=\"#1d2230\">{}</text>",
            y + 16,
            escape(&short_text(&row.project, 22))
        );
        for (i, cell) in row.months.iter().enumerate() {
            let x = LABEL + CELL * i;
            let shade = if cell.activity() == 0 {
                0.0
            } else {
                0.15 + 0.75 * f64::from(cell.activity()) / peak
            };
            let _ = write!(
                svg,
                "<g><title>{}, {}: {} completed, {} ticket{} moved, {} block{} written</title><rect x=\"{}\" y=\"{y}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"{}\" fill-opacity=\"{shade:.2}\" stroke=\"#e3e6ec\"/>",
                escape(&row.project),
                escape(&glance.months[i]),
                cell.completed,
                cell.tickets,
                if cell.tickets == 1 { "" } else { "s" },
                cell.written,
                if cell.written == 1 { "" } else { "s" },
                x + 2,
                CELL - 4,
                ROW - 4,
                if cell.activity() == 0 { "#ffffff" } else { "#3b5bdb" },
            );
            if cell.completed > 0 {
                let _ = write!(
                    svg,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"600\" fill=\"{}\">{}</text>",
                    x + CELL / 2,
                    y + 15,
                    if shade > 0.5 { "#ffffff" } else { "#1d2230" },
                    cell.completed
                );
            }
            svg.push_str("</g>\n");
        }
    }
    svg.push_str("</svg></figure>\n");
    svg
}

/// The draft as one standalone HTML page, sources as footnotes.
pub fn to_html(review: &Review) -> String {
    to_html_with(review, Sources::Footnotes)
}

/// The draft as one standalone HTML page, with `sources` as footnotes, under each bullet,
/// or left out.
pub fn to_html_with(review: &Review, sources: Sources) -> String {
    let link = linker(review);
    let period = review.period();
    let mut out = String::new();
    let title = escape(&review.title());
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n<header>\n<h1>{title}</h1>\n"
    );
    if review.is_empty() {
        let _ = writeln!(
            out,
            "</header>\n<p class=\"empty\">{}</p>",
            escape(&empty_message(review))
        );
    } else {
        let _ = writeln!(
            out,
            "<p class=\"lede\">{}</p>\n</header>",
            escape(&lede(review, sources))
        );
        out.push_str(&glance_svg(review));
    }
    let mut footnotes = Footnotes::default();
    for project in review.drafted() {
        let _ = writeln!(out, "<section>\n<h2>{}</h2>", escape(&project.name));
        let mut kind: Option<ItemKind> = None;
        let mut open = 0usize;
        for item in &project.items {
            if kind != Some(item.kind) {
                for _ in 0..open {
                    out.push_str("</li></ul>\n");
                }
                open = 0;
                if item.kind != ItemKind::Review {
                    let _ = writeln!(out, "<h3>{}</h3>", escape(item.kind.heading()));
                    if let Some(note) = kind_note(item.kind, &period) {
                        let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(&note));
                    }
                }
                kind = Some(item.kind);
            }
            let depth = item.depth as usize + 1;
            if depth > open {
                while open < depth {
                    out.push_str(if open == 0 {
                        "<ul class=\"items\">"
                    } else {
                        "<ul>"
                    });
                    open += 1;
                }
            } else {
                for _ in depth..open {
                    out.push_str("</li></ul>");
                }
                open = depth;
                out.push_str("</li>\n");
            }
            let text = link_tickets(&item.text, &item.tickets, &link);
            let mut body = inline_html(&text);
            // Ticket links get the ticket style.
            for ticket in &item.tickets {
                body = body.replace(
                    &format!(">{ticket}</a>"),
                    &format!(" class=\"ticket\">{ticket}</a>"),
                );
            }
            let date = match (&item.kind, &item.date) {
                (ItemKind::Done | ItemKind::Note, Some(date)) => {
                    format!("<span class=\"date\">{}</span>", escape(date))
                }
                _ => String::new(),
            };
            let marks: String = match sources {
                Sources::Footnotes => footnotes
                    .cite(item)
                    .iter()
                    .map(|n| format!("<sup class=\"fn\"><a href=\"#source-{n}\">{n}</a></sup>"))
                    .collect(),
                Sources::Inline | Sources::Omitted => String::new(),
            };
            let _ = write!(
                out,
                "<li id=\"{}\"><div class=\"text\">{date}{body}{marks}</div>",
                escape(&item.id)
            );
            if sources == Sources::Inline {
                out.push_str("<div class=\"src\">");
                for source in &item.sources {
                    let _ = write!(
                        out,
                        "<span>{} · {}:{}</span>",
                        escape(&logseq_to_markdown(&source.breadcrumbs.join(" › "))),
                        escape(&source.path),
                        source.line
                    );
                }
                out.push_str("</div>");
            }
        }
        for _ in 0..open {
            out.push_str("</li></ul>\n");
        }
        out.push_str("</section>\n");
    }
    if !review.is_empty() {
        out.push_str("<section>\n<h2>Evidence gaps</h2>\n");
        if review.gaps.is_empty() {
            let _ = writeln!(
                out,
                "<p>None: every project active in {} cites a ticket or a completed task.</p>",
                escape(&period)
            );
        } else {
            let _ = writeln!(
                out,
                "<p class=\"note\">Projects active in {} whose material cites no ticket and has no completed task.</p>\n<ul class=\"gaps\">",
                escape(&period)
            );
            for gap in &review.gaps {
                let _ = writeln!(
                    out,
                    "<li><strong>{}</strong>: {}</li>",
                    escape(&gap.project),
                    escape(&gap.reason)
                );
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n<section>\n<h2>Ticket index</h2>\n");
        if review.tickets.is_empty() {
            out.push_str("<p>No bullet cites a ticket.</p>\n");
        } else {
            out.push_str(
                "<table>\n<thead><tr><th>Ticket</th><th>Cited by</th></tr></thead>\n<tbody>\n",
            );
            for ticket in &review.tickets {
                let id = match &ticket.url {
                    Some(url) => format!(
                        "<a class=\"ticket\" href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
                        escape(url),
                        escape(&ticket.id)
                    ),
                    None => format!("<span class=\"ticket\">{}</span>", escape(&ticket.id)),
                };
                let cites: Vec<String> = ticket
                    .items
                    .iter()
                    .map(|c| {
                        format!(
                            "<a href=\"#{}\">{}</a> <span class=\"note\">({})</span>",
                            escape(&c.item),
                            escape(&c.text),
                            escape(&c.project)
                        )
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "<tr><td class=\"id\">{id}</td><td>{}</td></tr>",
                    cites.join("<br>")
                );
            }
            out.push_str("</tbody>\n</table>\n");
        }
        out.push_str("</section>\n");
    }
    if !footnotes.notes.is_empty() {
        out.push_str("<section class=\"sources\">\n<h2>Sources</h2>\n<ol>\n");
        for (i, note) in footnotes.notes.iter().enumerate() {
            let _ = writeln!(out, "<li id=\"source-{}\">{}</li>", i + 1, escape(note));
        }
        out.push_str("</ol>\n</section>\n");
    }
    out.push_str("<footer>Generated by Cairn from the notes in this vault.</footer>\n</main>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_are_linked_on_word_boundaries_and_extra_ones_listed() {
        let link = |id: &str| Some(format!("https://t.example/{id}"));
        let text = link_tickets(
            "Alerts (COS-1, COS-12)",
            &["COS-1".into(), "COS-12".into(), "COS-26".into()],
            &link,
        );
        assert_eq!(
            text,
            "Alerts ([COS-1](https://t.example/COS-1), [COS-12](https://t.example/COS-12)) (also [COS-26](https://t.example/COS-26))"
        );
    }
}
