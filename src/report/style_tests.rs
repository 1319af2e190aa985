//! The report of notes as typed, and each house-style setting of `[report]` and the
//! items, through the built-in templates and a CommonMark parser.

use chrono::{TimeZone, Utc};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::render;
use crate::meeting::{Event as MeetingEvent, Meeting};

const ROSTER: &str = "[[participants]]\nname = \"Sam Lee\"\nshort = \"Sam\"\n\
                      [[participants]]\nname = \"Alex Kim\"\nshort = \"Alex\"\n\
                      [[participants]]\nname = \"Chengetai Masango\"\nshort = \"Chengetai\"\n";

/// A meeting of the agenda `[meeting]` + `extra` (report settings, items), with items
/// taken up as listed and their notes.
fn meeting(extra: &str, taken: &[usize], notes: &[(usize, &str)]) -> Meeting {
    let text = format!(
        "[meeting]\ngroup = \"Working Group\"\nabbreviation = \"WG\"\nnumber = 3\n\
         date = 2026-12-01\nstart = \"14:00\"\nmoderator = \"Sam\"\n{ROSTER}{extra}"
    );
    let agenda = crate::agenda::parse_str("a.toml", &text).unwrap_or_else(|d| panic!("{d}"));
    let mut m = Meeting::new(agenda);
    let at = Utc.with_ymd_and_hms(2026, 12, 1, 14, 0, 0).unwrap();
    for &i in taken {
        m.apply(
            &MeetingEvent::TakeUp {
                item: i.to_string(),
            },
            at,
        )
        .unwrap();
    }
    for &(i, text) in notes {
        m.apply(
            &MeetingEvent::Notes {
                item: i,
                text: text.into(),
            },
            at,
        )
        .unwrap();
    }
    m
}

const ITEMS: &str = "[[items]]\ntitle = \"The paper\"\n[[items]]\ntitle = \"Budget\"\n\
                     [[items]]\ntitle = \"Travel\"\n[[items]]\ntitle = \"AoB\"\n";

/// The report as a reader sees it: each block's kind and visible text.
fn blocks(md: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut text = String::new();
    for e in Parser::new_ext(md, pulldown_cmark::Options::ENABLE_TABLES) {
        match e {
            Event::Start(t) => {
                let kind = match t {
                    Tag::Heading { level, .. } => format!("h{}", level as usize),
                    Tag::Paragraph => "p".into(),
                    Tag::Item => "li".into(),
                    Tag::BlockQuote(_) => "quote".into(),
                    Tag::TableRow | Tag::TableHead => "row".into(),
                    _ => continue,
                };
                if !text.trim().is_empty()
                    && let Some(k) = stack.last()
                {
                    out.push((k.clone(), text.trim().to_string()));
                }
                text.clear();
                stack.push(kind);
            }
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => {
                let kind = stack.pop().unwrap_or_default();
                if !text.trim().is_empty() {
                    out.push((kind, text.trim().to_string()));
                }
                text.clear();
            }
            Event::End(TagEnd::TableCell) => text.push('|'),
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    out
}

fn has(md: &str, kind: &str, text: &str) -> bool {
    blocks(md).iter().any(|(k, t)| k == kind && t == text)
}

fn assert_has(md: &str, kind: &str, text: &str) {
    assert!(
        has(md, kind, text),
        "no {kind} {text:?} in\n{md}\n{:#?}",
        blocks(md)
    );
}

#[test]
fn notes_typed_line_by_line_come_out_line_by_line() {
    let m = meeting(
        ITEMS,
        &[1],
        &[(
            1,
            "ACTION: Sam: circulate the paper due 2026-12-10\nSam noted that the paper is still a draft.\n\
             DECISION: the paper goes to public review\nAlex thanked everyone.\n",
        )],
    );
    let md = render(&m);
    assert_has(&md, "p", "Sam noted that the paper is still a draft.");
    assert_has(&md, "p", "Alex thanked everyone.");
    assert_has(&md, "li", "The paper goes to public review");
    assert_has(
        &md,
        "li",
        "Sam will circulate the paper (due 10 December 2026).",
    );
    assert_has(
        &md,
        "row",
        "1|Sam Lee|circulate the paper|10 December 2026|1|",
    );
}

#[test]
fn every_label_form_reaches_its_list_and_the_action_table() {
    let m = meeting(
        ITEMS,
        &[1],
        &[(
            1,
            "ACTION Chengetai: circulate the draft due 2026-12-10\n\
             ACTION: Sam to circulate the minutes\n\
             ACTION: Sam, Alex: write the summary by 10 December\n\
             RESOLUTION: the charter is adopted\n",
        )],
    );
    let md = render(&m);
    assert_has(
        &md,
        "li",
        "Chengetai will circulate the draft (due 10 December 2026).",
    );
    assert_has(&md, "li", "Sam will circulate the minutes.");
    assert_has(
        &md,
        "li",
        "Sam and Alex will write the summary (due 10 December 2026).",
    );
    assert_has(&md, "li", "The charter is adopted");
    assert_has(
        &md,
        "row",
        "3|Sam Lee, Alex Kim|write the summary|10 December 2026|1|",
    );
    assert!(!md.contains("ACTION"), "{md}");
}

#[test]
fn entry_text_is_never_markdown_structure() {
    let m = meeting(
        ITEMS,
        &[1],
        &[(
            1,
            "KEY: # x\nKEY: 2. x\nDECISION: - x\nNEXT: > x\nKEY: ^sup^ $6$ ~sub~ a. b\n",
        )],
    );
    let md = render(&m);
    for text in ["# x", "2. x", "- x", "> x", "^sup^ $6$ ~sub~ a. b"] {
        assert_has(&md, "li", text);
    }
    for (kind, text) in blocks(&md) {
        assert!(
            !(kind.starts_with('h') && text == "x") && kind != "quote",
            "{kind} {text:?} in\n{md}"
        );
    }
}

#[test]
fn markdown_notes_join_hand_wrapped_lines() {
    let m = meeting(
        &format!("[report]\nnotes = \"markdown\"\n{ITEMS}"),
        &[1],
        &[(
            1,
            "Sam opened the meeting and\nthanked everyone.\n\nACTION: Sam: circulate the\nwhole paper\n",
        )],
    );
    let md = render(&m);
    assert_has(&md, "p", "Sam opened the meeting and thanked everyone.");
    assert_has(&md, "li", "Sam will circulate the whole paper.");
}

#[test]
fn dates_times_and_the_masthead_follow_the_house_style() {
    let m = meeting(
        &format!(
            "[report]\ntime = \"12h\"\ndate = \"%A %-d %B\"\n\
             masthead = \"\"\"{{title}}\n\n{{date}}, {{time}} {{timezone}}\"\"\"\n\
             intro = \"Met on {{date:%B %-d %Y}} at {{time:%H.%M}}.\"\n{ITEMS}"
        ),
        &[1],
        &[],
    );
    let md = render(&m);
    assert_has(&md, "p", "Online Meeting 3");
    assert_has(&md, "p", "Tuesday 1 December, 2 p.m. UTC");
    assert_has(
        &md,
        "p",
        "Met on December 1 2026 at 14.00. The meeting was moderated by Sam Lee.",
    );
}

#[test]
fn headings_numbered_with_letters_or_roman_numerals_and_worded_per_item() {
    for (numbers, first) in [("letters", "A"), ("roman", "I"), ("arabic", "1")] {
        let m = meeting(
            &format!(
                "[report]\nheading_numbers = \"{numbers}\"\n\
                 [[items]]\ntitle = \"The paper\"\nlink = \"https://e.org/p\"\n\
                 heading = \"*{{title}}* today\"\nheading_link = \"\"\n\
                 [[items]]\ntitle = \"Budget\"\nagenda_line = \"[Budget](https://e.org/b) for 2027\"\n"
            ),
            &[1, 2],
            &[],
        );
        let md = render(&m);
        assert!(
            md.contains(&format!("#### {first}. *The paper* today\n")),
            "{md}"
        );
        assert!(md.contains("1. [The paper](https://e.org/p)\n"), "{md}");
        assert!(
            md.contains("2. [Budget](https://e.org/b) for 2027\n"),
            "{md}"
        );
    }
}

#[test]
fn items_not_discussed_are_a_sentence_left_out_or_grouped() {
    let notes = [(4, "Nothing else was raised.")];
    let sentence = render(&meeting(ITEMS, &[1], &notes));
    assert_has(&sentence, "h4", "2. Budget");
    assert_has(&sentence, "p", "This item was not discussed.");

    let omit = render(&meeting(
        &format!("[report]\nundiscussed = \"omit\"\n{ITEMS}"),
        &[1],
        &notes,
    ));
    assert!(!has(&omit, "h4", "2. Budget"), "{omit}");
    // Notes are never left out: an item with notes was discussed.
    assert_has(&omit, "h4", "4. AoB");

    let group = render(&meeting(
        &format!(
            "[report]\nundiscussed = \"group\"\nremaining = \"Items {{numbers}} were left\"\n{ITEMS}"
        ),
        &[1],
        &notes,
    ));
    assert_has(&group, "h4", "Items 2-4 were left");
    assert_has(&group, "p", "Nothing else was raised.");
    assert!(!has(&group, "h4", "2. Budget"), "{group}");
}

#[test]
fn entries_as_paragraphs_with_the_first_label_run_in() {
    let m = meeting(
        &format!("[report]\nentries = \"paragraphs\"\nrun_in = true\n{ITEMS}"),
        &[1],
        &[(
            1,
            "KEY: First point.\n  - detail one\nKEY: Second point.\nNEXT: A call.\n",
        )],
    );
    let md = render(&m);
    assert_has(&md, "h4", "1. The paperSummary of key points:");
    assert!(md.contains("<br>**Summary of key points:**"), "{md}");
    assert_has(&md, "p", "First point.");
    assert_has(&md, "li", "detail one");
    assert_has(&md, "p", "Second point.");
    assert_has(&md, "p", "Next steps:");
    assert_has(&md, "p", "A call.");
}

#[test]
fn sections_and_their_headings_are_the_groups() {
    let m = meeting(
        &format!(
            "[report]\naction_table = false\nparticipants = true\n\
             [report.headings]\ndiscussion = \"\"\nagenda = \"Agenda:\"\n\
             participants = \"\"\"Annex 1:\nList of participants\"\"\"\n\
             next_steps = \"Follow-up:\"\n{ITEMS}"
        ),
        &[1],
        &[(1, "ACTION: Sam: a thing\n")],
    );
    let md = render(&m);
    assert_has(&md, "h3", "Agenda:");
    assert!(!has(&md, "h3", "Discussion"), "{md}");
    assert!(!has(&md, "h3", "Action items"), "{md}");
    assert_has(&md, "h3", "Annex 1:");
    assert_has(&md, "h3", "List of participants");
    assert_has(&md, "p", "Follow-up:");
    let none = render(&meeting(
        &format!("[report]\nparticipants = false\n{ITEMS}"),
        &[1],
        &[],
    ));
    assert!(!none.contains("List of participants"), "{none}");
}

#[test]
fn an_unlisted_opening_has_no_number_and_no_heading() {
    let m = meeting(
        "[[items]]\ntitle = \"Welcome\"\nlisted = false\n[[items]]\ntitle = \"The paper\"\n",
        &[1, 2],
        &[(1, "Sam welcomed everyone."), (2, "ACTION: Sam: send it")],
    );
    let md = render(&m);
    assert!(md.contains("### Agenda\n\n1. The paper\n\n"), "{md}");
    assert_has(&md, "p", "Sam welcomed everyone.");
    assert_has(&md, "h4", "1. The paper");
    assert!(!md.contains("Welcome"), "{md}");
    assert_has(&md, "row", "1|Sam Lee|send it||1|");
}

#[test]
fn the_intro_places_its_sentences_and_paragraphs_where_the_wording_says() {
    let mut m = meeting(
        &format!(
            "[report]\nintro = \"\"\"We met. {{moderation}}\n\n{{recording}} {{apologies}}\"\"\"\n\
             apologies = \"Regrets: {{names}}.\"\n{ITEMS}"
        ),
        &[1],
        &[],
    );
    m.agenda.meeting.recording = Some("Recorded.".into());
    let at = Utc.with_ymd_and_hms(2026, 12, 1, 14, 0, 0).unwrap();
    m.apply(
        &MeetingEvent::Regrets {
            who: "Alex Kim".into(),
        },
        at,
    )
    .unwrap();
    let md = render(&m);
    assert_has(&md, "p", "We met. The meeting was moderated by Sam Lee.");
    assert_has(&md, "p", "Recorded. Regrets: Alex Kim.");
}

#[test]
fn the_next_meeting_is_said_once() {
    let at = Utc.with_ymd_and_hms(2026, 12, 1, 15, 0, 0).unwrap();
    let next = MeetingEvent::NextMeeting {
        date: chrono::NaiveDate::from_ymd_opt(2026, 12, 15).unwrap(),
        time: None,
    };
    let mut said = meeting(
        ITEMS,
        &[4],
        &[(4, "Sam noted that the next meeting is on 15 December.")],
    );
    said.apply(&next, at).unwrap();
    assert!(!render(&said).contains("The next meeting will take place"));
    let mut unsaid = meeting(ITEMS, &[4], &[(4, "Sam thanked everyone.")]);
    unsaid.apply(&next, at).unwrap();
    assert!(
        render(&unsaid)
            .contains("The next meeting will take place on 15 December 2026 at 14:00 UTC.")
    );
}

#[test]
fn bad_patterns_and_misplaced_placeholders_are_errors_at_their_key() {
    for (report, wanted) in [
        ("date = \"%Q\"", "`date`: \"%Q\" is not a date pattern"),
        ("time = \"%Y\"", "`time`: \"%Y\" asks for a date in a time"),
        ("intro = \"{date:%H}\"", "asks for a time in a date"),
        ("opening = \"{names}\"", "it is known only in `apologies`"),
        ("undiscussed = \"hide\"", "`undiscussed` must be one of"),
    ] {
        let text = format!(
            "[meeting]\ngroup = \"G\"\ndate = 2026-12-01\nstart = \"14:00\"\n[report]\n{report}\n{ITEMS}"
        );
        let err = crate::agenda::parse_str("a.toml", &text)
            .err()
            .unwrap_or_else(|| panic!("{report} is accepted"))
            .to_string();
        assert!(err.contains(wanted), "{report}: {err}");
        assert!(err.contains("a.toml:6:"), "{report}: {err}");
    }
}

/// A meeting large enough to be set out on two cores gives the report it gives on one:
/// every section in its place and the actions numbered in the order written.
#[test]
fn a_large_meeting_set_out_on_two_cores_is_the_report_of_one() {
    let items: String = (1..=12)
        .map(|i| format!("[[items]]\ntitle = \"Item {i}\"\n"))
        .collect();
    let notes: Vec<String> = (1..=12)
        .map(|i| {
            // Unequal items, so that the middle of the notes is not the middle item.
            (0..i * 20)
                .map(|k| {
                    if k % 7 == 0 {
                        format!("ACTION: Sam: follow up point {i}.{k} due 2026-12-10\n")
                    } else {
                        format!("Alex noted point {i}.{k} about the draft and its review.\n")
                    }
                })
                .collect()
        })
        .collect();
    let with: Vec<(usize, &str)> = notes
        .iter()
        .enumerate()
        .map(|(i, t)| (i + 1, t.as_str()))
        .collect();
    let taken: Vec<usize> = (1..=12).collect();
    let m = meeting(&items, &taken, &with);
    assert!(m.notes.iter().map(String::len).sum::<usize>() > 64 << 10);
    let two = super::data::build(&m);
    let one = super::data::build_on_one_core(&m);
    assert_eq!(
        serde_json::to_string(&two).unwrap(),
        serde_json::to_string(&one).unwrap()
    );
    let numbers: Vec<usize> = two.actions.iter().map(|a| a.number).collect();
    assert_eq!(numbers, (1..=numbers.len()).collect::<Vec<_>>());
    assert!(two.actions.len() > 100);
    assert!(
        two.actions[0].action.contains("point 1.0"),
        "{:?}",
        two.actions[0]
    );
    let last = &two.actions[two.actions.len() - 1];
    assert!(last.action.contains("point 12."), "{last:?}");
}
