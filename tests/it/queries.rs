//! Logseq's simple queries as Logseq answers them, on a fixture vault: path refs, journal
//! ranges, page forms, pages answered by their properties, samples and dynamic variables.

use crate::support::DatedVault;

const VAULT: &str = "\
//- logseq/config.edn
{:journal/page-title-format \"yyyy-MM-dd EEEE\" :file/name-format :triple-lowbar}
//- pages/Atlas.md
type:: project
tags:: infra

- Tasks
\t- TODO [#A] Ship the Atlas cutover (COS-1)
\t  DEADLINE: <2024-12-09 Mon>
\t- DOING [#B] Write the runbook
\t  SCHEDULED: <2024-12-10 Tue>
\t- DONE [#A] Kickoff
\t  completed:: 2024-11-01
//- pages/Priya.md
type:: person

- [[2024-12-09 Monday]]
\t- TODO [#C] Send Priya the design doc
\t  DEADLINE: <2024-12-14 Sat>
//- pages/Goals.md
- Projects
\t- Billing
\t\t- LATER Review invoices #finance
- Old
\t- CANCELED Old thing
//- pages/Reading.md
type:: book
tags:: [[infra]], reading
related:: [[Block embed]]

- Designing Data-Intensive Applications
//- pages/term.md
- the glossary's root
//- pages/term___alias.md
- an alias is another name
//- pages/term___embed.md
- an embed shows a block elsewhere
//- pages/Cards.md
- What is a pre-block? #card
- What is a path ref? #card
- What is a namespace? #card
- Not a card
//- pages/Loose ends.md
- {{query (and [[LooseEnd]] (page <% current page %>))}}
- TODO Tidy the notes [[LooseEnd]]
- TODO Unrelated task
//- pages/Elsewhere.md
- TODO Also loose, elsewhere [[LooseEnd]]
//- journals/2024_12_10.md
- TODO [#A] Call with [[Priya]] about [[Atlas]]
- Meeting about [[Atlas]]
\t- TODO Send the notes from the meeting
\t\t- a detail of it
- #infra review
//- journals/2024_12_01.md
- TODO Book the offsite
//- journals/2024_11_02.md
- TODO Out of range
";

/// The fixture vault, run as of 2024-12-10.
struct Queries(DatedVault);

impl std::ops::Deref for Queries {
    type Target = DatedVault;

    fn deref(&self) -> &DatedVault {
        &self.0
    }
}

impl Queries {
    fn new() -> Queries {
        Queries(DatedVault::new(VAULT, "2024-12-10"))
    }

    fn hits(&self, query: &str) -> Vec<serde_json::Value> {
        let output = self.cairn(&["query", query, "--json"]);
        assert!(
            output.status.success(),
            "{query}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    }

    /// The first line of each block hit, and `[[page]]` for each page hit.
    fn run(&self, query: &str) -> Vec<String> {
        self.hits(query)
            .iter()
            .map(|h| {
                if h["block"].is_null() {
                    format!("[[{}]]", h["page"].as_str().unwrap())
                } else {
                    let content = h["content"].as_str().unwrap();
                    content.lines().next().unwrap().to_string()
                }
            })
            .collect()
    }

    fn error(&self, query: &str) -> String {
        let output = self.cairn(&["query", query]);
        assert!(!output.status.success(), "{query} ran");
        String::from_utf8_lossy(&output.stderr).into_owned()
    }
}

#[test]
fn tasks_priorities_properties_pages_text_and_not() {
    let q = Queries::new();
    assert_eq!(
        q.run("{{query (and (task TODO DOING) (priority A))}}"),
        [
            "TODO [#A] Call with [[Priya]] about [[Atlas]]",
            "TODO [#A] Ship the Atlas cutover (COS-1)"
        ]
    );
    assert_eq!(
        q.run("(and (task DONE) (property completed \"2024-11-01\"))"),
        ["DONE [#A] Kickoff"]
    );
    assert_eq!(
        q.run("(and (page Priya) (task TODO))"),
        ["TODO [#C] Send Priya the design doc"]
    );
    assert_eq!(
        q.run("(and \"runbook\" (not (task DONE)))"),
        ["DOING [#B] Write the runbook"]
    );
    assert_eq!(
        q.run("(or (task LATER) (task CANCELED))"),
        ["LATER Review invoices #finance", "CANCELED Old thing"]
    );
    assert_eq!(q.run("{{query runbook}}"), ["DOING [#B] Write the runbook"]);
}

#[test]
fn a_reference_matches_blocks_under_a_referring_block_and_on_the_page_itself() {
    let q = Queries::new();
    assert_eq!(
        q.run("(and [[Atlas]] (task TODO DOING))"),
        [
            "TODO [#A] Call with [[Priya]] about [[Atlas]]",
            // Under `Meeting about [[Atlas]]`: Logseq's path refs.
            "TODO Send the notes from the meeting",
            // On the Atlas page itself.
            "TODO [#A] Ship the Atlas cutover (COS-1)",
            "DOING [#B] Write the runbook",
        ]
    );
    assert_eq!(
        q.run("(and [[Priya]] (task TODO))"),
        [
            "TODO [#A] Call with [[Priya]] about [[Atlas]]",
            "TODO [#C] Send Priya the design doc"
        ]
    );
}

#[test]
fn between_selects_the_blocks_of_journal_pages_in_the_range() {
    let q = Queries::new();
    // Not Priya's entry dated 2024-12-09 on a page, nor tasks scheduled in the range.
    assert_eq!(
        q.run("(and (task TODO) (between -7d today))"),
        [
            "TODO [#A] Call with [[Priya]] about [[Atlas]]",
            "TODO Send the notes from the meeting"
        ]
    );
    assert_eq!(
        q.run("(between [[2024-11-30 Saturday]] [[2024-12-01 Sunday]])"),
        ["TODO Book the offsite"]
    );
}

#[test]
fn a_tag_query_lists_the_pages_tagged_with_it_and_the_blocks_citing_it() {
    let q = Queries::new();
    assert_eq!(
        q.run("{{query #infra}}"),
        ["#infra review", "[[Atlas]]", "[[Reading]]"]
    );
    let atlas = &q.hits("{{query #infra}}")[1];
    assert_eq!(atlas["content"], "type:: project\ntags:: infra");
}

#[test]
fn page_forms_select_pages() {
    let q = Queries::new();
    assert_eq!(q.run("(page-tags infra)"), ["[[Atlas]]", "[[Reading]]"]);
    assert_eq!(q.run("(page-tags #reading)"), ["[[Reading]]"]);
    assert_eq!(q.run("(page-property type book)"), ["[[Reading]]"]);
    assert_eq!(
        q.run("(page-property related \"Block embed\")"),
        ["[[Reading]]"]
    );
    assert_eq!(q.run("(page-property tags)"), ["[[Atlas]]", "[[Reading]]"]);
    assert_eq!(
        q.run("(namespace [[term]])"),
        ["[[term/alias]]", "[[term/embed]]"]
    );
    // A tag that names a page is that page.
    assert_eq!(q.run("(all-page-tags)"), ["[[infra]]", "[[Reading]]"]);
    assert!(q
        .error("(and (page-tags infra) (task TODO))")
        .contains("not supported"));
}

#[test]
fn a_sample_picks_that_many_of_the_results() {
    let q = Queries::new();
    let cards = q.run("{{query (and [[card]] (sample 2))}}");
    assert_eq!(cards.len(), 2, "{cards:?}");
    assert!(cards.iter().all(|c| c.ends_with("#card")), "{cards:?}");
}

#[test]
fn dynamic_variables_are_today_and_the_page_the_query_is_in() {
    let q = Queries::new();
    assert_eq!(
        q.run("(and (page <% today %>) (task TODO))"),
        [
            "TODO [#A] Call with [[Priya]] about [[Atlas]]",
            "TODO Send the notes from the meeting"
        ]
    );
    assert_eq!(
        q.run("(and (task TODO) (between <% 9 days ago %> <% yesterday %>))"),
        ["TODO Book the offsite"]
    );
    // Typed outside a page, `<% current page %>` has nothing to stand for.
    assert!(q
        .error("(page <% current page %>)")
        .contains("the page a query is written in"));
    // Written in a page, it is that page.
    let output = q.cairn(&["queries", "--json"]);
    let report: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let loose = report
        .iter()
        .find(|r| r["page"] == "Loose ends")
        .expect("the query on Loose ends");
    assert_eq!(loose["results"], 1, "{loose}");
    assert!(q
        .error("(page <% next blue moon %>)")
        .contains("not supported"));
}

#[test]
fn unsupported_and_advanced_queries_say_they_were_not_run() {
    let q = Queries::new();
    assert!(q.error("(sort-by created-at)").contains("not supported"));
    q.vault.write(
        "pages/Advanced.md",
        "- #+BEGIN_QUERY\n  {:query [:find ?b :where [?b :block/marker]]}\n  #+END_QUERY\n",
    );
    let output = q.cairn(&["queries", "--json"]);
    let report: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let advanced = report.iter().find(|r| r["page"] == "Advanced").unwrap();
    assert!(advanced["results"].is_null());
    assert!(advanced["error"]
        .as_str()
        .unwrap()
        .contains("advanced Datalog query"));
}
