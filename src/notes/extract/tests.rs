use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn read(notes: &str) -> Extracted {
    extract(notes, &Reading::lines(d(2026, 12, 1)))
}

fn action(owners: &[&str], due: Option<NaiveDate>) -> Kind {
    Kind::Action {
        owners: owners.iter().map(|o| o.to_string()).collect(),
        due,
    }
}

#[test]
fn every_line_is_a_paragraph_and_a_label_holds_one_line() {
    // Typed in the notes editor, one Enter after each line.
    let x = read(
        "ACTION: Sam: circulate the paper due 2026-12-10\nSam noted that the paper is still a draft.\nDECISION: the paper goes to public review\nAlex thanked everyone.\n",
    );
    assert_eq!(
        x.prose,
        vec![
            "Sam noted that the paper is still a draft.",
            "Alex thanked everyone."
        ]
    );
    assert_eq!(x.entries[0].kind, action(&["Sam"], Some(d(2026, 12, 10))));
    assert_eq!(x.entries[0].text, "circulate the paper");
    assert_eq!(x.entries[1].kind, Kind::Decision);
    assert_eq!(x.entries[1].text, "the paper goes to public review");
    assert!(x.problems.is_empty(), "{:?}", x.problems);
}

#[test]
fn markdown_paragraphs_join_wrapped_lines() {
    let how = Reading {
        date: d(2024, 6, 3),
        markdown: true,
    };
    let x = extract(
        "Sam opened the meeting and\nthanked everyone.\n\nACTION: Sam: circulate the roadmap to the whole group and\ncollect comments due 2024-06-20\n\nNext paragraph.",
        &how,
    );
    assert_eq!(
        x.prose,
        vec![
            "Sam opened the meeting and\nthanked everyone.",
            "Next paragraph."
        ]
    );
    assert_eq!(
        x.entries[0].text,
        "circulate the roadmap to the whole group and collect comments"
    );
    assert_eq!(x.entries[0].kind, action(&["Sam"], Some(d(2024, 6, 20))));
}

#[test]
fn every_label_form_of_the_spec() {
    let x = read(
        "ACTION Chengetai: circulate the draft due 2026-12-10\n\
         ACTION: Sam to circulate the minutes\n\
         ACTION: Anja, Chris: write the summary by 10 December\n\
         action: Anja and Chris to call the hosts (due 10 December)\n\
         RESOLUTION: the charter is adopted\n\
         Agreed: meet monthly\n\
         resolved: keep the list open\n\
         - **DECISION:** bold and listed\n\
         **NEXT**: a call will be scheduled\n\
         1. KEY: numbered\n\
         DOC: Paper <https://example.org/p>\n",
    );
    let kinds: Vec<(Kind, &str)> = x
        .entries
        .iter()
        .map(|e| (e.kind.clone(), e.text.as_str()))
        .collect();
    let dec = d(2026, 12, 10);
    assert_eq!(
        kinds,
        vec![
            (action(&["Chengetai"], Some(dec)), "circulate the draft"),
            (action(&["Sam"], None), "circulate the minutes"),
            (action(&["Anja", "Chris"], Some(dec)), "write the summary"),
            (action(&["Anja", "Chris"], Some(dec)), "call the hosts"),
            (Kind::Decision, "the charter is adopted"),
            (Kind::Decision, "meet monthly"),
            (Kind::Decision, "keep the list open"),
            (Kind::Decision, "bold and listed"),
            (Kind::NextStep, "a call will be scheduled"),
            (Kind::KeyPoint, "numbered"),
            (
                Kind::Document {
                    url: Some("https://example.org/p".into())
                },
                "Paper"
            ),
        ]
    );
    assert!(x.prose.is_empty(), "{:?}", x.prose);
    assert!(x.problems.is_empty(), "{:?}", x.problems);
}

#[test]
fn unreadable_labels_are_problems_not_silent_prose() {
    let x = read(
        "ACTON: Sam: send it\nDecisions: none\nACTION: circulate the paper\nACTION:\nACTION the whole group: x\nKeynote: Vint spoke.\nNext steps were discussed: none.\n",
    );
    let lines: Vec<(usize, &str)> = x
        .problems
        .iter()
        .map(|p| (p.line, p.what.as_str()))
        .collect();
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert_eq!(lines[0].0, 1);
    assert!(lines[0].1.contains("did you mean ACTION:"), "{lines:?}");
    assert_eq!(lines[1].0, 2);
    assert!(lines[1].1.contains("did you mean DECISION:"), "{lines:?}");
    assert_eq!(
        lines[2],
        (
            3,
            "an action needs an owner (ACTION: NAME: text, or ACTION: NAME to text)"
        )
    );
    assert_eq!(lines[3], (4, "ACTION: has nothing after it"));
    assert_eq!(lines[4].0, 5);
    // Actions without owner are still actions; the rest stays where it was typed.
    assert_eq!(x.entries.len(), 2);
    assert_eq!(x.entries[0].kind, action(&[], None));
    assert_eq!(x.entries[1].text, "the whole group: x");
    assert!(x.prose.contains(&"Keynote: Vint spoke.".to_string()));
    assert!(x.prose.contains(&"ACTON: Sam: send it".to_string()));
}

#[test]
fn a_bare_action_in_prose_case_is_prose() {
    let x = read("Action items were reviewed: all done.\n");
    assert!(x.entries.is_empty());
    assert!(x.problems.is_empty());
    assert_eq!(x.prose, vec!["Action items were reviewed: all done."]);
}

#[test]
fn owners_not_on_the_roster_are_problems() {
    let mut x = read("ACTION: Sam: a\nACTION: Nobody Known to b\n");
    x.check_owners(|o| (o != "Sam").then(|| format!("the owner \"{o}\" is not on the roster")));
    assert_eq!(x.problems.len(), 1);
    assert_eq!(x.problems[0].line, 2);
    assert!(x.problems[0].what.contains("\"Nobody Known\""));
}

#[test]
fn indented_lines_belong_to_the_entry_above_and_the_next_line_is_prose() {
    let x = read(
        "KEY: two networks:\n  - 1) environment\n  - 2) access\nProse.\n- a list\n- goes on\n  continued\nAfter.",
    );
    assert_eq!(x.entries[0].detail, vec!["- 1) environment", "- 2) access"]);
    assert_eq!(
        x.prose,
        vec!["Prose.", "- a list\n- goes on\n  continued", "After."]
    );
}

#[test]
fn code_blocks_are_prose_even_with_labels() {
    let x = read("```\nACTION: not one\n```\nDECISION: one\n~~~\nopen");
    assert_eq!(x.entries.len(), 1);
    assert_eq!(x.prose, vec!["```\nACTION: not one\n```", "~~~\nopen\n~~~"]);
}

#[test]
fn due_dates_in_many_forms() {
    let m = d(2023, 2, 16);
    for (text, due) in [
        ("send it (due 2 March 2023).", d(2023, 3, 2)),
        ("send it [due 2023-03-02]", d(2023, 3, 2)),
        ("send it, due March 2, 2023", d(2023, 3, 2)),
        ("send it due 2 Mar", d(2023, 3, 2)),
        ("send it by 2 March", d(2023, 3, 2)),
        ("send it due 10 January", d(2024, 1, 10)),
    ] {
        let (t, got) = split_due(text, m);
        assert_eq!((t.as_str(), got), ("send it", Some(due)), "{text}");
    }
    assert_eq!(
        split_due("review what is due next", m),
        ("review what is due next".into(), None)
    );
    assert_eq!(split_due("overdue 2 March", m).1, None);
}

#[test]
fn documents_as_links_or_bare_addresses() {
    let x = read("DOC: <https://e.org/a>\nDOC: [Paper](https://e.org/p)\nDOC: Plain title");
    let docs: Vec<(&str, Option<&str>)> = x
        .entries
        .iter()
        .map(|e| match &e.kind {
            Kind::Document { url } => (e.text.as_str(), url.as_deref()),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(
        docs,
        vec![
            ("https://e.org/a", Some("https://e.org/a")),
            ("Paper", Some("https://e.org/p")),
            ("Plain title", None)
        ]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Whatever is typed, reading never panics and no word is lost: every word of the
    /// notes is in the prose, an entry (its text, owners, detail or due date) or a
    /// problem's line kept as prose.
    #[test]
    fn nothing_typed_is_lost(lines in proptest::collection::vec(
        prop_oneof![
            "[A-Za-z ]{0,30}",
            "(ACTION|DECISION|NEXT|KEY|DOC|AGREED|Acton|action)[: ]{1,2}[A-Za-z ,:]{0,30}",
            "  - [a-z ]{1,10}",
            "(```|~~~|> |\\| |- |1\\. )[a-z ]{0,10}",
        ],
        0..12,
    ), markdown in any::<bool>()) {
        let notes = lines.join("\n");
        let x = extract(&notes, &Reading { date: d(2026, 12, 1), markdown });
        let mut kept = x.prose.join(" ");
        for e in &x.entries {
            kept.push(' ');
            kept.push_str(&e.text);
            kept.push(' ');
            kept.push_str(&e.detail.join(" "));
            if let Kind::Action { owners, .. } = &e.kind {
                kept.push(' ');
                kept.push_str(&owners.join(" "));
            }
            if let Kind::Document { url: Some(u) } = &e.kind {
                kept.push(' ');
                kept.push_str(u);
            }
        }
        let labels = ["ACTION", "DECISION", "NEXT", "KEY", "DOC", "AGREED", "action"];
        for word in notes.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            if labels.contains(&word) || word == "due" || word == "by" || word == "to" || word == "and" {
                continue;
            }
            prop_assert!(kept.contains(word), "{word:?} lost from {notes:?}: {x:?}");
        }
        // The screen's reading, which never makes the prose, finds the same entries
        // and problems.
        let screen = extract_entries(&notes, &Reading { date: d(2026, 12, 1), markdown });
        prop_assert_eq!(screen, Extracted { prose: Vec::new(), ..x });
    }
}
