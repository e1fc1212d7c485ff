//! Parser and edit specifications: page text in, outline (or new text) out.

use expect_test::{expect, Expect};

use super::*;

fn options() -> ParseOptions {
    ParseOptions {
        journal_title_format: JournalTitleFormat::new("yyyy-MM-dd EEEE"),
        format: None,
        checklist_tasks: false,
    }
}

/// One line per block: indentation by depth, form, parts, then page-level facts.
fn dump(page: &Page) -> String {
    let mut out = String::new();
    for property in &page.preamble.properties {
        out.push_str(&format!(
            "page {}={}\n",
            page.text(property.key),
            page.text(property.value)
        ));
    }
    for (id, block) in page.iter() {
        let mut line = format!("{}{:?}", "  ".repeat(block.depth as usize), block.form);
        line.push_str(&format!(" {:?}", page.title(id)));
        if let Some((marker, _)) = block.marker {
            line.push_str(&format!(" marker={}", marker.as_str()));
        }
        if let Some((priority, _)) = block.priority {
            line.push_str(&format!(" prio={}", priority.as_str()));
        }
        if let Some(level) = block.heading {
            line.push_str(&format!(" h{level}"));
        }
        if block.collapsed {
            line.push_str(" collapsed");
        }
        for (label, ts) in [
            ("deadline", &block.deadline),
            ("scheduled", &block.scheduled),
        ] {
            if let Some(ts) = ts {
                line.push_str(&format!(" {label}={}", ts.render()));
            }
        }
        for property in &block.properties {
            line.push_str(&format!(
                " {}={}",
                page.text(property.key),
                page.text(property.value)
            ));
        }
        for r in &block.refs {
            let sigil = match r.kind {
                RefKind::Page => "[[",
                RefKind::Tag => "#",
                RefKind::Block => "((",
            };
            line.push_str(&format!(" {sigil}{}", page.text(r.target)));
            if let Some(date) = r.date {
                line.push_str(&format!("@{date}"));
            }
        }
        for ticket in page.ticket_ids(id) {
            line.push_str(&format!(" ticket:{ticket}"));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    for d in &page.diagnostics {
        out.push_str(&format!("diagnostic line {}: {}\n", d.line, d.kind.code()));
    }
    out
}

fn check(text: &str, expect: Expect) {
    let page = parse(text, &options());
    assert_eq!(page.serialize(), text, "the tree must give back every byte");
    expect.assert_eq(&dump(&page));
}

#[test]
fn tabs_properties_tasks_and_refs() {
    check(
        "title:: Atlas\ntags:: project\n\n- Projects\n\t- TODO [#A] Ship [[Atlas]] #urgent (COS-113)\n\t  DEADLINE: <2024-12-09 Mon>\n\t  collapsed:: true\n\t\t- child with ((6f5c1a2b-1234-4abc-8def-0123456789ab))\n- [[2024-12-10 Tuesday]]\n",
        expect![[r#"
            page title=Atlas
            page tags=project
            Bullet "Projects"
              Bullet "Ship [[Atlas]] #urgent (COS-113)" marker=TODO prio=A collapsed deadline=<2024-12-09 Mon> collapsed=true [[Atlas #urgent ticket:COS-113
                Bullet "child with ((6f5c1a2b-1234-4abc-8def-0123456789ab))" ((6f5c1a2b-1234-4abc-8def-0123456789ab
            Bullet "[[2024-12-10 Tuesday]]" [[2024-12-10 Tuesday@2024-12-10
        "#]],
    );
}

#[test]
fn two_space_and_mixed_indentation_nest_by_width() {
    check(
        "- a\n  - b\n    - c\n  - d\n\t- e\n- f\n",
        expect![[r#"
            Bullet "a"
              Bullet "b"
                Bullet "c"
              Bullet "d"
              Bullet "e"
            Bullet "f"
        "#]],
    );
}

#[test]
fn code_fences_hide_bullets_refs_and_tickets() {
    check(
        "- Example\n  ```bash\n  - TODO not a task [[nope]] FAKE-123\n  - also code\n  ```\n- DONE real\n",
        expect![[r#"
            Bullet "Example"
            Bullet "real" marker=DONE
        "#]],
    );
}

#[test]
fn an_unclosed_fence_is_text_so_the_bullets_after_it_are_blocks() {
    check(
        "- a\n\t- code\n\t  ```\n\t  x\n- b [[B]]\n",
        expect![[r#"
            Bullet "a"
              Bullet "code"
            Bullet "b [[B]]" [[B
            diagnostic line 3: unclosed-code-fence
        "#]],
    );
}

#[test]
fn directives_and_drawers_are_kept_verbatim() {
    check(
        "- NOW work\n  :LOGBOOK:\n  CLOCK: [2024-12-09 Mon 10:00:00]\n  :END:\n- query\n  #+BEGIN_QUERY\n  {:query [:find ?b]} [[nope]]\n  #+END_QUERY\n- #+BEGIN_NOTE\n  see [[Yes]]\n  #+END_NOTE\n",
        expect![[r##"
            Bullet "work" marker=NOW
            Bullet "query"
            Bullet "#+BEGIN_NOTE" [[Yes
        "##]],
    );
}

#[test]
fn empty_bullets_headings_properties_on_the_bullet_line_and_no_final_newline() {
    check(
        "-\n- ## Tasks\n\t-\n- heading:: 3\n-",
        expect![[r#"
            Bullet ""
            Bullet "Tasks" h2
              Bullet ""
            Bullet "" h3 heading=3
            Bullet ""
        "#]],
    );
}

#[test]
fn crlf_bom_and_front_matter() {
    check(
        "\u{feff}---\r\ntitle: Front\r\ntags: [a, b]\r\n---\r\n\r\n- TODO one\r\n  SCHEDULED: <2024-12-09 Mon 10:00 .+1w>\r\n",
        expect![[r#"
            page title=Front
            page tags=[a, b]
            Bullet "one" marker=TODO scheduled=<2024-12-09 Mon 10:00 .+1w>
        "#]],
    );
    assert_eq!(parse("- a\r\n", &options()).line_ending, "\r\n");
}

#[test]
fn text_before_the_first_bullet_is_a_block() {
    check(
        "Some intro text\nstill intro\n- a\n",
        expect![[r#"
            Leading "Some intro text"
            Bullet "a"
        "#]],
    );
}

#[test]
fn margin_headings_are_top_level_blocks_with_the_text_below_as_their_body() {
    check(
        "# Checklist\n\nIntro paragraph\nwith two lines.\n\n## Daily\n\n- [ ] **Fast mode**: p95 < 2.5 s\n- [x] Done item\n  - nested JIRA-101\n\n```markdown\n- [ ] template\n```\n\n| a | b |\n|---|---|\n",
        expect![[r#"
            Heading "Checklist" h1
            Heading "Daily" h2
            Bullet "**Fast mode**: p95 < 2.5 s"
            Bullet "Done item"
              Bullet "nested JIRA-101" ticket:JIRA-101
        "#]],
    );
}

#[test]
fn malformed_planning_is_reported_and_kept() {
    check(
        "- TODO a\n  DEADLINE: <2024-13-45 Mon>\n- TODO b\n  SCHEDULED: <2024-12-09 Fri>\n- TODO c\n  DEADLINE: <2024-12-09 Mon\n- TODO d\n  SCHEDULED: <2024-12-09 Mon +1>\n- DONE x DEADLINE: <2024-12-09 Mon>\n- TODO late [#B]\n- TODO [#Z] odd\n",
        expect![[r#"
            Bullet "a" marker=TODO
            Bullet "b" marker=TODO scheduled=<2024-12-09 Mon>
            Bullet "c" marker=TODO
            Bullet "d" marker=TODO scheduled=<2024-12-09 Mon>
            Bullet "x DEADLINE: <2024-12-09 Mon>" marker=DONE
            Bullet "late [#B]" marker=TODO prio=B
            Bullet "[#Z] odd" marker=TODO
            diagnostic line 2: malformed-timestamp
            diagnostic line 4: wrong-weekday
            diagnostic line 6: malformed-timestamp
            diagnostic line 8: repeater-without-unit
            diagnostic line 9: timestamp-on-first-line
            diagnostic line 10: priority-out-of-place
            diagnostic line 11: unknown-priority
        "#]],
    );
}

#[test]
fn org_headlines_are_blocks() {
    let text = "#+TITLE: Org page\n* TODO [#A] Headline [[Ref]]\n  DEADLINE: <2024-12-09 Mon>\n** Child COS-1\n";
    let page = parse(
        text,
        &ParseOptions {
            format: Some(SourceFormat::Org),
            ..options()
        },
    );
    assert_eq!(page.serialize(), text);
    expect![[r#"
        page TITLE=Org page
        OrgHeadline "Headline [[Ref]]" marker=TODO prio=A deadline=<2024-12-09 Mon> [[Ref
          OrgHeadline "Child COS-1" ticket:COS-1
    "#]]
    .assert_eq(&dump(&page));
    assert_eq!(
        apply(&page, &Edit::Delete { block: BlockId(0) }),
        Err(EditError::ReadOnly)
    );
}

#[test]
fn noise_never_panics_and_round_trips() {
    for text in [
        "",
        "\n",
        "-",
        "- ",
        "\t\t- x",
        "```",
        "- ```\n",
        "key:: v",
        "---\n",
        "\u{feff}",
        "#",
        "- [[",
        "((",
        "a\r",
        "\r\n- x\r",
    ] {
        let page = parse(text, &options());
        assert_eq!(page.serialize(), text);
    }
}

// ----- edits -----

fn edit(text: &str, edit: Edit) -> String {
    let page = parse(text, &options());
    let change = apply(&page, &edit).unwrap_or_else(|e| panic!("{e}"));
    let after = change.apply(text);
    assert_eq!(
        change.invert(text).apply(&after),
        text,
        "the inverse change undoes it"
    );
    after
}

fn id(n: u32) -> BlockId {
    BlockId(n)
}

#[test]
fn set_marker_priority_and_deadline_touch_one_line() {
    let text = "- a\n\t- TODO task\n\t  id:: x\n- b\n";
    assert_eq!(
        edit(
            text,
            Edit::SetMarker {
                block: id(1),
                marker: Some(Marker::Done)
            }
        ),
        "- a\n\t- DONE task\n\t  id:: x\n- b\n"
    );
    assert_eq!(
        edit(
            text,
            Edit::SetPriority {
                block: id(1),
                priority: Some(Priority::A)
            }
        ),
        "- a\n\t- TODO [#A] task\n\t  id:: x\n- b\n"
    );
    let deadline = Timestamp::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 9).unwrap());
    assert_eq!(
        edit(
            text,
            Edit::SetTimestamp {
                block: id(1),
                kind: TimestampKind::Deadline,
                timestamp: Some(deadline)
            }
        ),
        "- a\n\t- TODO task\n\t  DEADLINE: <2024-12-09 Mon>\n\t  id:: x\n- b\n"
    );
    assert_eq!(
        edit(
            text,
            Edit::SetMarker {
                block: id(2),
                marker: Some(Marker::Todo)
            }
        ),
        "- a\n\t- TODO task\n\t  id:: x\n- TODO b\n"
    );
    assert_eq!(
        edit(
            "- TODO [#B] x\n",
            Edit::SetPriority {
                block: id(0),
                priority: None
            }
        ),
        "- TODO x\n"
    );
}

#[test]
fn clearing_a_malformed_deadline_removes_its_line() {
    let text = "- TODO a\n  DEADLINE: <2024-13-45 Mon>\n  owner:: me\n";
    assert_eq!(
        edit(
            text,
            Edit::SetTimestamp {
                block: id(0),
                kind: TimestampKind::Deadline,
                timestamp: None
            }
        ),
        "- TODO a\n  owner:: me\n"
    );
}

#[test]
fn properties_are_set_in_place_or_appended() {
    let text = "- a\r\n  owner:: me\r\n  body\r\n";
    assert_eq!(
        edit(
            text,
            Edit::SetProperty {
                block: id(0),
                key: "owner".into(),
                value: "you".into()
            }
        ),
        "- a\r\n  owner:: you\r\n  body\r\n"
    );
    assert_eq!(
        edit(
            text,
            Edit::SetProperty {
                block: id(0),
                key: "collapsed".into(),
                value: "true".into()
            }
        ),
        "- a\r\n  owner:: me\r\n  collapsed:: true\r\n  body\r\n"
    );
    assert_eq!(
        edit(
            text,
            Edit::RemoveProperty {
                block: id(0),
                key: "OWNER".into()
            }
        ),
        "- a\r\n  body\r\n"
    );
}

#[test]
fn structural_edits_keep_the_files_indentation() {
    let text = "- a\n  - b\n  - c\n    - d\n- e";
    assert_eq!(
        edit(text, Edit::Indent { block: id(2) }),
        "- a\n  - b\n    - c\n      - d\n- e"
    );
    assert_eq!(
        edit(text, Edit::Outdent { block: id(1) }),
        "- a\n- b\n  - c\n    - d\n- e"
    );
    assert_eq!(edit(text, Edit::Delete { block: id(2) }), "- a\n  - b\n- e");
    assert_eq!(
        edit(
            text,
            Edit::Insert {
                at: Location {
                    parent: Some(id(0)),
                    index: 1
                },
                content: "new\nbody".into()
            }
        ),
        "- a\n  - b\n  - new\n    body\n  - c\n    - d\n- e"
    );
    assert_eq!(
        edit(
            text,
            Edit::Insert {
                at: Location {
                    parent: None,
                    index: 2
                },
                content: String::new()
            }
        ),
        "- a\n  - b\n  - c\n    - d\n- e\n-\n"
    );
    assert_eq!(
        edit(
            text,
            Edit::Move {
                block: id(2),
                to: Location {
                    parent: None,
                    index: 0
                }
            }
        ),
        "- c\n  - d\n- a\n  - b\n- e"
    );
    assert_eq!(
        edit(
            text,
            Edit::Move {
                block: id(4),
                to: Location {
                    parent: Some(id(0)),
                    index: 0
                }
            }
        ),
        "- a\n  - e\n  - b\n  - c\n    - d\n"
    );
    let page = parse(text, &options());
    assert_eq!(
        apply(&page, &Edit::Indent { block: id(1) }),
        Err(EditError::NoPreviousSibling)
    );
    assert_eq!(
        apply(&page, &Edit::Outdent { block: id(0) }),
        Err(EditError::AlreadyTopLevel)
    );
    assert_eq!(
        apply(
            &page,
            &Edit::Move {
                block: id(2),
                to: Location {
                    parent: Some(id(3)),
                    index: 0
                }
            }
        ),
        Err(EditError::IntoOwnSubtree)
    );
}

#[test]
fn set_content_rewrites_only_the_block() {
    let text = "- a\n\t- old\n\t  body\n\n\t\t- child\n- z";
    let page = parse(text, &options());
    assert_eq!(page.raw_content(id(1)), "old\nbody");
    assert_eq!(
        edit(
            text,
            Edit::SetContent {
                block: id(1),
                content: "new\nlines".into()
            }
        ),
        "- a\n\t- new\n\t  lines\n\n\t\t- child\n- z"
    );
    assert_eq!(
        edit(
            text,
            Edit::SetContent {
                block: id(3),
                content: "zz".into()
            }
        ),
        "- a\n\t- old\n\t  body\n\n\t\t- child\n- zz"
    );
}

#[test]
fn checklist_boxes_toggle_when_they_are_tasks_and_every_page_takes_structural_edits() {
    let text = "# T\n\n- [ ] item\n- [x] done\n";
    let tasks = ParseOptions {
        checklist_tasks: true,
        ..options()
    };
    let page = parse(text, &tasks);
    let change = apply(
        &page,
        &Edit::SetMarker {
            block: id(1),
            marker: Some(Marker::Done),
        },
    )
    .unwrap();
    assert_eq!(change.apply(text), "# T\n\n- [x] item\n- [x] done\n");
    // Without the setting a box is text to Logseq, and a marker goes before it.
    assert_eq!(
        edit(
            text,
            Edit::SetMarker {
                block: id(1),
                marker: Some(Marker::Todo)
            }
        ),
        "# T\n\n- TODO [ ] item\n- [x] done\n"
    );
    assert_eq!(
        edit(text, Edit::Indent { block: id(2) }),
        "# T\n\n- [ ] item\n\t- [x] done\n"
    );
    // A margin heading indents like a bullet: it becomes a child of the block above it.
    assert_eq!(
        edit("- a\n# B\nbody\n", Edit::Indent { block: id(1) }),
        "- a\n\t# B\n\tbody\n"
    );
}

#[test]
fn a_changed_first_line_keeps_its_form_while_it_can() {
    let set = |text: &str, content: &str| {
        edit(
            text,
            Edit::SetContent {
                block: id(0),
                content: content.to_string(),
            },
        )
    };
    assert_eq!(set("# Title\n- a\n", "## Renamed"), "## Renamed\n- a\n");
    assert_eq!(
        set("# Title\n- a\n", "no longer a heading"),
        "- no longer a heading\n- a\n"
    );
    assert_eq!(set("intro\n- a\n", "new intro"), "new intro\n- a\n");
}

#[test]
fn the_pre_block_takes_text_edits_only() {
    let text = "intro\n- a\n";
    let page = parse(text, &options());
    for refused in [
        Edit::Indent { block: id(0) },
        Edit::Delete { block: id(0) },
        Edit::SetMarker {
            block: id(0),
            marker: Some(Marker::Todo),
        },
        Edit::Insert {
            at: Location {
                parent: None,
                index: 0,
            },
            content: "x".to_string(),
        },
        Edit::Move {
            block: id(1),
            to: Location {
                parent: None,
                index: 0,
            },
        },
    ] {
        assert_eq!(apply(&page, &refused), Err(EditError::PreBlockStays));
    }
}

#[test]
fn a_marker_set_on_a_block_of_properties_goes_on_a_line_of_its_own() {
    assert_eq!(
        edit(
            "- id:: 63b7a5c0\n",
            Edit::SetMarker {
                block: id(0),
                marker: Some(Marker::Todo)
            }
        ),
        "- TODO \n  id:: 63b7a5c0\n"
    );
    assert_eq!(
        edit(
            "-\n",
            Edit::SetMarker {
                block: id(0),
                marker: Some(Marker::Todo)
            }
        ),
        "- TODO \n",
        "a space after the marker, or Logseq reads it as text"
    );
}

// ----- regressions found by fuzzing (fuzz/) -----

/// Inside a `#+BEGIN_…` directive, every line is checked for `#+END_…`; a line whose
/// sixth byte falls inside a multi-byte character made that check slice mid-character.
#[test]
fn regression_directive_end_on_multibyte_line() {
    for text in [
        "- #+BEGIN_QUERY\n  aéé€ and more\n  #+END_QUERY\n",
        "- x\n  #+BEGIN_X\n  ## ğŸ¯ SESSION\n",
        "#+BEGIN_NOTE\n#+END_Né\n",
    ] {
        for format in [None, Some(SourceFormat::Org)] {
            let page = parse(
                text,
                &ParseOptions {
                    format,
                    ..options()
                },
            );
            assert_eq!(page.serialize(), text);
        }
    }
}

/// Regression: a title that is a lone `>` swallowed the planning line below it as quoted
/// text, so scheduling such a block from the app wrote a date it then could not read.
#[test]
fn a_lone_quote_marker_is_text_and_the_lines_below_it_are_read() {
    check(
        "- >\n  SCHEDULED: <2020-01-01 Wed>\n- > \n  id:: 1\n- > q\n  SCHEDULED: <2020-01-01 Wed>\n",
        expect![[r#"
            Bullet ">" scheduled=<2020-01-01 Wed>
            Bullet ">" id=1
            Bullet "> q"
        "#]],
    );
}

/// Regression guard for a generated page that found this: a quote is a lazy paragraph, so a
/// fence line right below a `> text` title is quoted text, not a fence, and the `- ` line
/// after it is a block of its own, as mldoc reads it (`[[1,0],[3,1,"TODO"]]`).
#[test]
fn a_fence_line_below_a_quote_is_quoted_text_and_the_bullet_after_it_a_block() {
    check(
        "- >x\n\t```\n\t- TODO inside code\n\t```",
        expect![[r#"
            Bullet ">x"
              Bullet "inside code" marker=TODO
            diagnostic line 4: unclosed-code-fence
        "#]],
    );
}

#[test]
fn page_properties_are_replaced_as_lines_at_the_top_added_to_a_page_without_and_checked() {
    let set = |text: &str| Edit::SetPageProperties {
        text: text.to_string(),
    };
    assert_eq!(
        edit(
            "type:: person\r\nrole:: SRE\r\n\r\n- a\r\n",
            set("type:: person\nrole:: Staff SRE\nteam:: [[Storage]]\n")
        ),
        "type:: person\r\nrole:: Staff SRE\r\nteam:: [[Storage]]\r\n\r\n- a\r\n"
    );
    assert_eq!(
        edit("- a\n", set("  type:: project  \n\n")),
        "type:: project\n\n- a\n"
    );
    assert_eq!(edit("", set("type:: project")), "type:: project\n");
    assert_eq!(edit("type:: x\n- a\n", set("")), "- a\n");
    let page = parse("- a\n", &options());
    assert_eq!(
        apply(&page, &set("type:: person\nnot a property")),
        Err(EditError::NotAPropertyLine("not a property".into()))
    );
    // Front matter stays as written; the `key::` lines go after it.
    assert_eq!(
        edit("---\ntitle: x\n---\n- a\n", set("type:: person")),
        "---\ntitle: x\n---\ntype:: person\n\n- a\n"
    );
    assert_eq!(
        edit(
            "---\ntitle: x\n---\ntype:: person\n\n- a\n",
            set("type:: project")
        ),
        "---\ntitle: x\n---\ntype:: project\n\n- a\n"
    );
}
