//! The real notes in `../shared/seeds`: each is read as a page of a vault and must parse
//! into the outline it shows, and be written back byte for byte.
//!
//! `000_…` and `001_…` are one engineer's Logseq pages; `002_…` and `004_…` are plain
//! Markdown; `003_…` is a package diff that only has to import without harm.

use std::collections::BTreeSet;
use std::path::PathBuf;

use expect_test::{expect, Expect};

use cairn::outline::{BlockForm, BlockId, Layout, Marker, Page, RefKind};
use cairn::vault::{PageFile, Vault};

use crate::support::{shared_dir, stdout, FixtureVault};

const CONFIG: &str =
    "{:file/name-format :triple-lowbar\n :journal/page-title-format \"yyyy-MM-dd EEEE\"}\n";

/// The seed files, sorted, or `None` (after a note) when `../shared` is not there.
fn seed_files() -> Option<Vec<PathBuf>> {
    let dir = shared_dir()?.join("seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("../shared/seeds is readable")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} holds no seeds", dir.display());
    Some(files)
}

/// The seed whose file name starts with `prefix` (`"001_"`).
fn seed_source(prefix: &str) -> Option<String> {
    let path = seed_files()?
        .into_iter()
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}…"));
    Some(std::fs::read_to_string(path).expect("seeds are UTF-8"))
}

/// A vault holding only `pages/seed.md` with the seed's text, read through [`Vault`].
fn seed_page(prefix: &str) -> Option<(PageFile, String)> {
    seed_page_with(prefix, "")
}

/// A seed read in a vault whose `cairn.toml` is `settings`.
fn seed_page_with(prefix: &str, settings: &str) -> Option<(PageFile, String)> {
    let source = seed_source(prefix)?;
    let vault = FixtureVault::new(&format!("//- logseq/config.edn\n{CONFIG}"));
    vault.write("cairn.toml", settings);
    vault.write("pages/seed.md", &source);
    let file = Vault::open(vault.path())
        .unwrap()
        .read_page("pages/seed.md")
        .expect("the seed reads as a page");
    Some((file, source))
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

/// One line per block up to `max_depth`: indentation by depth, how the block is written
/// (`-` bullet, `#`… heading line, `¶` the pre-block; a bullet's heading level as
/// `- ##`; `[ ]`/`[x]` a checklist item), marker, priority, title
/// (shortened), deadline, and `+` when it is folded.
fn outline_dump(page: &Page, max_depth: u32) -> String {
    let mut out = String::new();
    for (id, block) in page.iter() {
        if block.depth > max_depth {
            continue;
        }
        let form = match block.form {
            BlockForm::Bullet => match block.heading {
                Some(level) => format!("- {}", "#".repeat(level as usize)),
                None => "-".to_string(),
            },
            BlockForm::Heading => "#".repeat(block.heading.unwrap_or(1) as usize),
            BlockForm::Leading => "¶".to_string(),
            other => format!("{other:?}"),
        };
        let mut line = format!("{}{form}", "  ".repeat(block.depth as usize));
        match block.checkbox {
            Some(true) => line.push_str(" [x]"),
            Some(false) => line.push_str(" [ ]"),
            None => {}
        }
        if let Some((marker, _)) = block.marker {
            line.push_str(&format!(" {}", marker.as_str()));
        }
        if let Some((priority, _)) = block.priority {
            line.push_str(&format!(" [#{}]", priority.as_str()));
        }
        let title = page.title(id);
        if !title.is_empty() {
            line.push_str(&format!(" {}", shorten(title, 44)));
        }
        if let Some(deadline) = &block.deadline {
            line.push_str(&format!(" DEADLINE {}", deadline.date));
        }
        if block.collapsed {
            line.push_str(" +");
        }
        if !block.children.is_empty() {
            line.push_str(&format!(" ({} children)", block.children.len()));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Every task, in order: marker, priority, deadline, title.
fn task_list(page: &Page) -> String {
    let mut out = String::new();
    for (id, block) in page.iter() {
        let Some((marker, _)) = block.marker else {
            continue;
        };
        let priority = block
            .priority
            .map_or("-".to_string(), |(p, _)| format!("[#{}]", p.as_str()));
        let deadline = block
            .deadline
            .map_or("-".to_string(), |d| d.date.to_string());
        out.push_str(&format!(
            "{} {priority} {deadline} {}\n",
            marker.as_str(),
            shorten(page.title(id), 40)
        ));
    }
    out
}

fn distinct_tickets(page: &Page) -> BTreeSet<String> {
    page.iter()
        .flat_map(|(id, _)| page.ticket_ids(id))
        .map(str::to_string)
        .collect()
}

/// Refs of `kind` over the page properties and all blocks, as `name` or `name@date`.
fn refs(page: &Page, kind: RefKind) -> Vec<String> {
    page.preamble
        .refs
        .iter()
        .chain(page.blocks.iter().flat_map(|b| &b.refs))
        .filter(|r| r.kind == kind)
        .map(|r| match r.date {
            Some(date) => format!("{}@{date}", page.text(r.target)),
            None => page.text(r.target).to_string(),
        })
        .collect()
}

fn children_titles(page: &Page, parent: BlockId) -> Vec<&str> {
    page.block(parent)
        .children
        .iter()
        .map(|c| page.title(*c))
        .collect()
}

fn root_titled(page: &Page, title: &str) -> BlockId {
    *page
        .roots
        .iter()
        .find(|r| page.title(**r) == title)
        .unwrap_or_else(|| panic!("no top-level block {title:?}"))
}

fn check(actual: String, expected: Expect) {
    expected.assert_eq(&actual);
}

#[test]
fn every_seed_round_trips_byte_for_byte() {
    let Some(files) = seed_files() else { return };
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap();
        let page = cairn::outline::parse(&source, &Default::default());
        assert!(
            page.serialize() == source,
            "{} does not serialize back to its source",
            path.display()
        );
    }
}

/// A vault whose pages are the seeds, or `None` (after a note) without `../shared`.
pub(crate) fn seeds_vault() -> Option<FixtureVault> {
    let files = seed_files()?;
    let vault = FixtureVault::new(&format!("//- logseq/config.edn\n{CONFIG}"));
    for path in &files {
        let stem = path.file_stem().unwrap().to_string_lossy();
        vault.write(
            &format!("pages/{stem}.md"),
            &std::fs::read_to_string(path).unwrap(),
        );
    }
    Some(vault)
}

#[test]
fn cairn_roundtrip_and_check_pass_on_a_vault_of_the_seeds() {
    let Some(vault) = seeds_vault() else { return };
    let files = seed_files().unwrap();
    let roundtrip = vault.cairn(&["roundtrip"]);
    assert!(roundtrip.status.success(), "{}", stdout(&roundtrip));
    assert!(
        stdout(&roundtrip).contains(&format!(
            "{} files, {} byte-identical, 0 would change, 0 unreadable",
            files.len(),
            files.len()
        )),
        "{}",
        stdout(&roundtrip)
    );
    let check = vault.cairn(&["check"]);
    assert!(check.status.success(), "{}", stdout(&check));
}

#[test]
fn seed_000_parses_into_its_project_outline() {
    let Some((file, _)) = seed_page("000_") else {
        return;
    };
    let page = &file.page;
    assert_eq!(page.layout, Layout::Outline);
    assert!(page.preamble.properties.is_empty());
    check(
        outline_dump(page, 1),
        expect![[r#"
            - test
            - Ondemand project + (10 children)
              - **Ondemand Project:** Provided key technical…
              - **Capability Decomposition:** Guided the cap…
              - **MySQL 8 upgrade:** Facilitated a smooth tr…
              - **k8sgateway Alerts:** Worked with CPE folks…
              - **Developer App Rate Limit Improvements:** W…
              - **Cloud Platform Onboarding:** Onboarded mul…
              - **COSoncall Outages:** Provided critical sup…
              - **Datascience Cloud AI Chatbot:** Supported …
              - **Cloud Platform Oncall Support:** Offered e…
              - **100 Day Project Goals:** Provided support …
            - ChatBot AI + (5 children)
              - **Successfully created embeddings from wiki …
              - **Enabled accurate query responses using a L…
              - **Collaboration with Ramya:** Provided essen…
              - **Next Steps: Streamlit Integration:** The f…
              - **Phase 1 Completion:** The successful compl…
            - COS reliability + (3 children)
              - Year end review + (8 children)
              - Task breakdown note + (10 children)
              - Thank you note + (1 children)
            - COS oncall + (2 children)
              - Year end review + (14 children)
              -
            - COS authtoken deletion (1 children)
              -
            -
            -
            - ## Tasks (2 children)
              - TODO [#B] Performance testing by Swaraj documentation
              - TODO [#B] Write a runbook to debug capability issues h…
            -
            - ## Tasks
            - DONE [#B] Find out what type of task to give to #Krish… DEADLINE 2024-12-09
            - (1 children)
              -
        "#]],
    );
}

#[test]
fn seed_000_tasks_tickets_and_tags() {
    let Some((file, _)) = seed_page("000_") else {
        return;
    };
    let page = &file.page;
    check(
        task_list(page),
        expect![[r#"
            TODO [#B] - Performance testing by Swaraj documentat…
            TODO [#B] - Write a runbook to debug capability issu…
            DONE [#B] 2024-12-09 Find out what type of task to give to #K…
        "#]],
    );
    check(
        format!("{:?}", distinct_tickets(page)),
        expect![[
            r#"{"CORESERV-1253", "CORESERV-1592", "COS-1", "COS-101", "COS-103", "COS-109", "COS-113", "COS-118", "COS-119", "COS-121", "COS-129", "COS-131", "COS-165", "COS-174", "COS-180", "COS-199", "COS-2", "COS-205", "COS-206", "COS-207", "COS-208", "COS-24", "COS-26", "COS-54", "COS-57", "COS-58", "COS-6", "COS-65", "COS-67", "COS-69", "COS-71", "COS-85", "COS-87", "COS-93", "COS-95", "CPE-2660", "DP-7414", "SRE-7233"}"#
        ]],
    );
    assert_eq!(refs(page, RefKind::Tag), ["Krishna", "Ramya", "Priya"]);
    assert!(refs(page, RefKind::Page).is_empty());
}

#[test]
fn seed_000_keeps_blank_and_bold_continuation_lines_in_their_block() {
    let Some((file, _)) = seed_page("000_") else {
        return;
    };
    let page = &file.page;
    let weekly = page
        .iter()
        .find(|(id, _)| page.title(*id).starts_with("**Weekly training meeting:**"))
        .map(|(id, _)| id)
        .expect("the weekly training block");
    let content = page.raw_content(weekly);
    assert!(
        content.ends_with("\n\n**Runbook Optimization**"),
        "{content:?}"
    );
    assert!(page.block(weekly).children.is_empty());
}

#[test]
fn seed_001_parses_into_projects_and_people() {
    let Some((file, _)) = seed_page("001_") else {
        return;
    };
    let page = &file.page;
    assert_eq!(page.layout, Layout::Outline);
    let properties: Vec<(&str, &str)> = page
        .preamble
        .properties
        .iter()
        .map(|p| (page.text(p.key), page.text(p.value)))
        .collect();
    assert_eq!(
        properties,
        [
            ("identity", "#Architect"),
            ("archetype", "#giver"),
            ("year", "[[2022]],[[2023]],[[2024]],[[2025]]"),
            ("tags", "goal,project"),
            ("status", "#todo"),
        ]
    );
    let roots: Vec<&str> = page.roots.iter().map(|r| page.title(*r)).collect();
    assert_eq!(roots, ["", "", "", "Projects", "People"]);
    check(
        format!(
            "{:#?}",
            children_titles(page, root_titled(page, "Projects"))
        ),
        expect![[r#"
            [
                "Architecture guild",
                "Platform abstraction",
                "Cloud platform oncall",
                "ChatBot AI",
                "Capability Authorization",
                "COS guideline",
                "COS oncall",
                "COS oncall training",
                "COS observability",
                "COS authtoken deletion",
                "Ondemand project",
                "COS reliability",
                "MySQL 8 upgrade",
            ]"#]],
    );
    check(
        format!("{:#?}", children_titles(page, root_titled(page, "People"))),
        expect![[r#"
            [
                "Vinayak",
                "Priya 1-on-1",
                "Tatsuro",
                "Ramya",
                "Karan",
                "Krishna",
                "",
            ]"#]],
    );
}

#[test]
fn seed_001_outline_of_people_with_dated_one_on_ones() {
    let Some((file, _)) = seed_page("001_") else {
        return;
    };
    let page = &file.page;
    let people = root_titled(page, "People");
    let span = page.subtree_span(people);
    let dump: String = outline_dump(page, u32::MAX)
        .lines()
        .zip(page.iter())
        .filter(|(_, (_, block))| block.span.start >= span.start && block.span.end <= span.end)
        .map(|(line, _)| format!("{line}\n"))
        .collect();
    check(
        dump,
        expect![[r#"
            - People (7 children)
              - Vinayak + (1 children)
                - [[2024-12-10 Tuesday]] + (5 children)
                  - Sharding is enabled in LA
                  - Multiple auth nodes
                  - Need the optimizations
                  - COS decomposition + (2 children)
                    - Pull everything out i.e. inventory,
                    - Auth server separate the code layer alone
                  - Fiserv gateway: combine the IPG,
              - Priya 1-on-1 + (1 children)
                - [[2024-12-13 Friday]] + (2 children)
                  - Lost clover culture
                  - Platform abstraction update (2 children)
                    - Meeting with Fabio
                    - Presented to Vinayak
              - Tatsuro + (1 children)
                - 2024 Review
              - Ramya + (1 children)
                - 2024 Review
              - Karan + (1 children)
                - 2024 Review
              - Krishna
              -
        "#]],
    );
}

#[test]
fn seed_001_tasks_date_refs_and_tickets() {
    let Some((file, source)) = seed_page("001_") else {
        return;
    };
    let page = &file.page;
    check(
        task_list(page),
        expect![[r#"
            TODO [#B] - Eric document on saving timestamp review
            TODO [#B] - Review Push decomposition by Rishab http…
            DONE [#B] 2024-12-09 Find out what type of task to give to #K…
            TODO [#A] - COS guideline project complete
            TODO [#B] - Performance testing by Swaraj documentat…
            TODO [#B] - Write a runbook to debug capability issu…
            TODO [#A] 2024-12-10 I was wondering if you could look over […
        "#]],
    );
    assert_eq!(
        refs(page, RefKind::Page),
        [
            "2022",
            "2023",
            "2024",
            "2025",
            "2024-12-10 Tuesday@2024-12-10",
            "2024-12-13 Friday@2024-12-13"
        ]
    );
    assert_eq!(
        refs(page, RefKind::Tag),
        ["Architect", "giver", "todo", "Krishna", "Ramya", "Priya"]
    );
    // Every project's tickets appear again in 000; these are the same 38 IDs.
    let (file_000, _) = seed_page("000_").unwrap();
    assert_eq!(distinct_tickets(page), distinct_tickets(&file_000.page));
    assert_eq!(distinct_tickets(page).len(), 38);
    // The file has no final newline; the last block ends with the file.
    assert!(source.ends_with("\n\t-"));
    let last = page.blocks.last().unwrap();
    assert_eq!(last.span.end as usize, source.len());
    assert_eq!(page.title(BlockId(page.blocks.len() as u32 - 1)), "");
}

#[test]
fn seed_002_reads_as_logseq_reads_it_each_margin_heading_a_top_level_block() {
    let Some((file, _)) = seed_page("002_") else {
        return;
    };
    let page = &file.page;
    assert_eq!(page.layout, Layout::Outline);
    let headings: Vec<_> = page
        .blocks
        .iter()
        .filter(|b| b.form == BlockForm::Heading)
        .collect();
    assert_eq!(headings.len(), 38);
    assert!(
        headings.iter().all(|b| b.depth == 0),
        "a margin heading is a top-level block, whatever its number of `#`"
    );
    check(
        outline_dump(page, 0),
        expect![[r#"
            # ğŸš€ PROACTIVE DEVOPS SESSION - FEB 1, 2026
            ## ğŸ¯ SESSION OVERVIEW
            ## âœ… TASKS COMPLETED THIS SESSION
            ### Previously Completed (12:00 AM - 2:30 AM):
            ### Proactive Improvements (3:00 AM - 4:15 AM):
            - Created comprehensive task file
            - Enhanced Prometheus metrics with per-endpoin…
            - Added slow request monitoring
            - Added error rate tracking by endpoint
            - Added active request gauge
            - **Status:** Ready for implementation
            - Removed obsolete `version: '3.8'` from docke…
            - Enhanced Prometheus metrics (15 â†’ 23 metri…
            - Added per-endpoint latency tracking with 13 …
            - Added circuit breaker state tracking
            - Added worker activity metrics
            - Added cache hit rate gauge
            - **Impact:** Eliminates warnings, 53% more me…
            - Created circuit breaker utility (`circuit_br…
            - Implemented state machine (CLOSED, OPEN, HAL…
            - Created decorator pattern for easy integrati…
            - Ready for integration with 18+ data provider…
            - **Status:** Framework complete, integration …
            - Created comprehensive 10-category checklist
            - Assessed production readiness: 97% âœ…
            - Identified remaining 3% improvements
            - Created deployment checklist
            - Documented all production capabilities
            - **Verdict:** PRODUCTION READY
            ## ğŸ“Š SESSION STATISTICS
            ### Tasks: 10 total
            - **Assigned Tasks:** 6 (D-009 through D-014)
            - **Proactive Tasks:** 4 (D-015 through D-018)
            - **Completed:** 8
            - **Code Complete:** 2 (D-013 testing, D-017 i…
            ### Time Distribution:
            - **Assigned Work:** 2.5 hours
            - **Proactive Work:** 1.25 hours
            - **Total Session:** 3.75 hours
            ### Code Created:
            - **New Files:** 8
            - **Modified Files:** 10
            - **Lines of Code:** ~3,000
            - **Documentation:** Comprehensive
            ## ğŸ¯ KEY ACHIEVEMENTS
            ### Infrastructure Improvements:
            - âœ… Removed obsolete version attribute
            - âœ… Eliminates warning on every docker-compo…
            - âœ… Cleaner, more maintainable configuration
            - âœ… Per-endpoint latency tracking (P50, P95,…
            - âœ… Error rate tracking by endpoint and type
            - âœ… Slow request counter (>1s threshold)
            - âœ… Active request gauge (real-time)
            - âœ… 53% increase in metrics coverage
            - âœ… Circuit breaker framework implemented
            - âœ… Automatic failure isolation
            - âœ… Self-healing after timeouts
            - âœ… Ready for 18+ external APIs
            - âœ… 97% production ready
            - âœ… Comprehensive checklist created
            - âœ… Deployment procedures documented
            - âœ… Rollback mechanisms tested
            ## ğŸ“ˆ IMPACT SUMMARY
            ### Immediate Benefits:
            ### Long-term Benefits:
            ### Risk Reduction:
            - **Deployment Risk:** 90% reduction (rollback…
            - **Failure Isolation:** 100% (circuit breaker…
            - **Performance Visibility:** 53% improvement
            - **Security Posture:** Automated scanning
            ## ğŸš€ PROACTIVE IMPROVEMENTS BREAKDOWN
            ### D-015: API Monitoring
            ### D-016: Infrastructure Cleanup
            ### D-017: Circuit Breaker
            ### D-018: Production Readiness
            ## ğŸ“‹ REMAINING WORK
            ### Short-term (This Week):
            ### Medium-term (Next Week):
            ### Long-term (Future):
            ## ğŸ¯ PROACTIVE PRINCIPLES DEMONSTRATED
            ### 1. **Anticipation**
            - Identified issues before they became problem…
            - Created circuit breaker framework before nee…
            - Enhanced monitoring proactively
            ### 2. **Initiative**
            - Went beyond assigned tasks
            - Found high-impact improvements
            - Implemented immediately
            ### 3. **Quality**
            - Cleaned up technical debt (version attribute…
            - Enhanced documentation
            - Improved maintainability
            ### 4. **Production Focus**
            - Always thinking about production readiness
            - Built for scale and reliability
            - Documented everything
            ## ğŸ’¡ KEY INSIGHTS
            ### What Works Well:
            ### Improvements Made:
            ### Next Session Focus:
            ## ğŸ“ COMMUNICATION
            ### Reports Created This Session:
            ### Status Updates:
            - All tasks documented
            - Progress tracked
            - Next steps defined
            ## ğŸ‰ SESSION RATING
            - 10 tasks worked on
            - 8 completed
            - 2 code complete
            - Production-ready code
            - Comprehensive documentation
            - Following all conventions
            - Identified 4 high-impact improvements
            - Implemented immediately
            - Always thinking ahead
            - Clear documentation
            - Actionable next steps
            - Comprehensive reporting
            ## ğŸš€ FINAL STATUS
            - **Karen**
        "#]],
    );
    assert!(
        page.blocks.iter().all(|b| b.marker.is_none()),
        "002 has no checkboxes, so no tasks"
    );
    // `D-009` has a one-letter key: not a ticket.
    assert!(distinct_tickets(page).is_empty());
}

#[test]
fn seed_004_reads_as_logseq_reads_it_with_checklists_that_are_not_tasks() {
    let Some((file, _)) = seed_page("004_") else {
        return;
    };
    let page = &file.page;
    assert_eq!(page.layout, Layout::Outline);
    check(
        outline_dump(page, 1),
        expect![[r##"
            # 2-Week Operations Routine Checklist
            ## Daily Routine (10 minutes)
            ### 1. KPI Dashboard Review
            #### 1.1 API Performance (p95 Latency)
            - [ ] **Fast mode**: p95 < 2.5 seconds
            - [ ] **Balanced mode**: p95 < 3.2 seconds
            - [ ] **Creative mode**: p95 < 4.5 seconds
            #### 1.2 Error Rate
            - [ ] **4xx errors**: < 5% of total requests
            - [ ] **5xx errors**: < 1% of total requests
            - Check application logs: `docker-compose logs…
            - Review Sentry errors (if configured)
            - Check for recent deployments
            #### 1.3 RL Update Trends
            - [ ] **Average reward**: Moving average stable or…
            - [ ] **Training loss**: Decreasing or stable (< 0…
            - [ ] **Entropy**: 0.5 ~ 2.0 (exploration vs explo…
            - Diverging loss → Check for NaN, reduce learn…
            - Reward plateau → Review hyperparameters, inc…
            - Zero entropy → Model converged too fast, inc…
            #### 1.4 System Health
            - [ ] **CPU usage**: < 70% (app, workers)
            - [ ] **Memory usage**: < 80% (all services)
            - [ ] **GPU VRAM**: ≥ 20% free
            - [ ] **Disk usage**: < 80%
            ### 2. Alert Review
            - [ ] Review overnight alerts (Grafana/Prometheus)
            - [ ] Check if any alerts are still firing
            - [ ] Verify auto-remediation actions worked
            ### 3. Daily Report Template
            ## Weekly Routine (30 minutes)
            ### 1. Hyperparameter Review
            #### 1.1 RL Training Hyperparameters
            #### 1.2 Reward Normalization
            - [ ] Check reward distribution (histogram)
            - [ ] Verify clipping is effective (-1 to +1 range…
            - [ ] Review advantage normalization parameters
            #### 1.3 Cache Performance
            - [ ] **Fast mode hit rate**: ≥ 60%
            - [ ] **Balanced mode hit rate**: ≥ 60%
            - [ ] **Creative mode hit rate**: (no target)
            ### 2. Model Update Planning
            #### 2.1 Model Performance Review
            - [ ] Review model quality metrics (user ratings, …
            - [ ] Check for model drift (input distribution ch…
            - [ ] Evaluate need for fine-tuning or retraining
            #### 2.2 Model Update Schedule
            #### 2.3 Checkpoint Management
            - [ ] Review checkpoint growth (disk usage)
            - [ ] Archive old checkpoints (> 30 days)
            - [ ] Verify backup integrity
            ### 3. Capacity Planning
            #### 3.1 Resource Trend Analysis
            - [ ] CPU usage trend (7-day average)
            - [ ] Memory usage trend
            - [ ] GPU VRAM usage trend
            - [ ] Disk I/O trend
            - [ ] Network bandwidth usage
            #### 3.2 Scaling Forecast
            - Current QPS (queries per second): _____
            - Week-over-week growth: _____%
            - Estimated capacity needed in 4 weeks: _____
            - If growth > 20%/week: Plan hardware upgrade
            - If growth > 50%/week: Implement aggressive a…
            ### 4. Security and Compliance
            - [ ] Review access logs for anomalies
            - [ ] Check SSL certificate expiration (< 30 days …
            - [ ] Verify PII masking is effective (spot check …
            - [ ] Review dependency vulnerabilities (`pip list…
            ### 5. Weekly Report Template
            ## Incident Review (Blameless Postmortem)
            ### 1. Incident Summary
            ### 2. Action Item Tracking
            ### 3. Blameless Culture Guidelines
            - Focus on system and process failures, not in…
            - Ask "how" and "why" questions, not "who"
            - Treat failures as learning opportunities
            - Celebrate transparency and honesty
            - Reward reporting of near-misses
            - Blame individuals for incidents
            - Punish people for making honest mistakes
            - Hide or downplay incidents
            - Skip postmortems for "small" incidents
            - Leave action items untracked or incomplete
            ## Monthly Review (60 minutes)
            ### 1. KPI Trends (30-day review)
            - [ ] Average p95 latency by mode (30-day trend)
            - [ ] Error rate trend
            - [ ] Availability / uptime percentage
            - [ ] RL model performance (reward trend)
            - [ ] User satisfaction metrics
            ### 2. Incident Summary
            - [ ] Total incidents: P0/P1/P2 count
            - [ ] Mean time to detect (MTTD)
            - [ ] Mean time to resolve (MTTR)
            - [ ] Incident categories (most common causes)
            ### 3. Action Item Completion Rate
            - [ ] Percentage of postmortem action items comple…
            - [ ] Outstanding action items (aging report)
            ### 4. Strategic Planning
            - [ ] Upcoming model updates or migrations
            - [ ] Infrastructure improvements needed
            - [ ] New features requiring operations support
            - [ ] Capacity planning for next quarter
            ## Emergency Contacts
            ## Quick Reference
            ### Common Commands
            ### Dashboards
            - **Grafana Operations**: http://localhost:300…
            - **Prometheus**: http://localhost:9090
            - **API Health**: http://localhost:8001/health
            - **Downshift Status**: http://localhost:8001/…
        "##]],
    );
    let api = page
        .iter()
        .find(|(id, _)| page.title(*id) == "1.1 API Performance (p95 Latency)")
        .map(|(id, _)| id)
        .unwrap();
    assert_eq!(page.block(api).heading, Some(4));
    assert_eq!(page.block(api).form, BlockForm::Heading);
    // Its checklist follows it as top-level blocks, as Logseq reads a page without bullets.
    let items: Vec<_> = page.blocks[api.index() + 1..api.index() + 4]
        .iter()
        .map(|b| (b.depth, b.checkbox, b.marker.is_none()))
        .collect();
    assert_eq!(items, [(0, Some(false), true); 3]);
}

#[test]
fn seed_004_fenced_checkboxes_and_placeholders_are_not_tasks_or_tickets() {
    let Some((file, source)) = seed_page("004_") else {
        return;
    };
    let page = &file.page;
    // 51 `- [ ]` items outside code; the 16 inside the fenced templates are code.
    let outside = count_checkboxes_outside_fences(&source);
    assert_eq!(outside, 51);
    let boxes = page.blocks.iter().filter(|b| b.checkbox.is_some()).count();
    assert_eq!(boxes, outside);
    assert!(
        page.blocks.iter().all(|b| b.marker.is_none()),
        "checklists are not tasks unless cairn.toml says so"
    );
    let (asked, _) = seed_page_with("004_", "checklist_tasks = true\n").unwrap();
    let tasks: Vec<_> = asked
        .page
        .blocks
        .iter()
        .filter(|b| b.marker.is_some())
        .collect();
    assert_eq!(tasks.len(), outside);
    assert!(tasks
        .iter()
        .all(|b| b.checkbox == Some(false) && b.marker.map(|(m, _)| m) == Some(Marker::Todo)));
    assert!(
        distinct_tickets(page).is_empty(),
        "JIRA-001… sit in a fenced template"
    );
    assert!(source.contains("- [ ] **[JIRA-001]**"));
    let template = page
        .iter()
        .find(|(id, _)| page.raw_content(*id).contains("[JIRA-001]"))
        .map(|(id, _)| id)
        .expect("the block that holds the postmortem template");
    assert!(page.raw_content(template).contains("```markdown"));
    assert!(page.block(template).tickets.is_empty());
}

/// Counts `- [ ]`/`- [x]` lines outside ``` fences, the way a reader of the file sees them.
fn count_checkboxes_outside_fences(source: &str) -> usize {
    let mut in_fence = false;
    let mut count = 0;
    for line in source.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence && (trimmed.starts_with("- [ ]") || trimmed.starts_with("- [x]")) {
            count += 1;
        }
    }
    count
}

#[test]
fn seed_003_a_package_diff_imports_without_harm() {
    let Some((file, source)) = seed_page("003_") else {
        return;
    };
    assert_eq!(file.page.serialize(), source);
    assert!(!file.page.blocks.is_empty());
}

#[test]
fn checklists_are_tasks_on_every_page_only_when_cairn_toml_says_so() {
    let spec = "//- pages/notes.md\n# Release\n\n- [ ] write notes\n- [x] tag v1.2 (REL-42)\n\n```\n- [x] PLACEHOLDER-1 in code\n```\n//- pages/outline.md\n- [ ] an outline's checklist\n";
    let read = |settings: &str| {
        let vault = FixtureVault::new(spec);
        vault.write("cairn.toml", settings);
        let vault = Vault::open(vault.path()).unwrap();
        ["pages/notes.md", "pages/outline.md"].map(|p| vault.read_page(p).unwrap().page)
    };
    let [notes, outline] = read("");
    check(
        outline_dump(&notes, 9),
        expect![[r#"
            # Release
            - [ ] write notes
            - [x] tag v1.2 (REL-42)
        "#]],
    );
    assert!(outline.blocks[0].marker.is_none());
    let [notes, outline] = read("checklist_tasks = true\n");
    check(
        outline_dump(&notes, 9),
        expect![[r#"
            # Release
            - [ ] TODO write notes
            - [x] DONE tag v1.2 (REL-42)
        "#]],
    );
    assert_eq!(outline.blocks[0].marker.map(|(m, _)| m), Some(Marker::Todo));
    assert_eq!(
        distinct_tickets(&notes).into_iter().collect::<Vec<_>>(),
        ["REL-42"]
    );
}
