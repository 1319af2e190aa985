//! Hostile text: terminal escape sequences and control characters wherever text comes
//! from outside (agenda fields, names, notes) never reach the terminal or the report.
//!
//! The agenda loader refuses them in every text field, with a diagnostic at that field
//! that shows them only made visible (`\u{1b}`), so the agenda can be fixed where it
//! was written. The report and the screen do not rely on it: whatever a meeting holds
//! (an agenda changed after loading, names from a journal, notes files), the report is
//! free of them and the screen's cells are too, and both keep the harmless remainder
//! of the text, the whole escape sequence dropped.

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use pulldown_cmark::{Event as Md, Parser, Tag, TagEnd};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use agendum::agenda::{self, Agenda, Moderator, Style};
use agendum::app::{App, Input, Key, Level};
use agendum::meeting::{Event, Meeting};
use agendum::report;
use agendum::theme::Theme;

/// An agenda with every kind of text field; `§N§` marks where field N's text may be
/// made hostile (each marker on its own line, so a diagnostic's line names the field).
const AGENDA: &str = r#"[meeting]
group = "Working Group on Budgets§0§"
abbreviation = "WG-Budget§1§"
number = 7
title = "Online Meeting Seven§2§"
date = 2024-06-03
start = "14:00"
moderator = "Ada Lovelace§3§"
notetakers = ["Grace§4§"]
recording = "The meeting was recorded.§5§"
style = "summary"

[report]
intro = "The {ordinal} meeting of the {group} took place.§6§"
moderation = "{moderator} moderated.§7§"
opening = "The agenda was introduced:§8§"
next_meeting = "We meet again on {next_date}.§9§"
not_discussed = "Not reached.§10§"
template = "report-template.md§11§"

[[days]]
date = 2024-06-03
label = "First day§12§"

[[participants]]
name = "Ada Lovelace§13§"
short = "Ada§14§"
affiliation = "Analytical Engines§15§"

[[participants]]
name = "Grace Hopper"
affiliation = "Navy"

[[items]]
title = "Budget review§16§"
link = "https://example.org/budget§17§"
lead = "Grace§18§"
session = "Morning§19§"
documents = [
  { title = "Draft budget§20§", url = "https://example.org/draft§21§" },
]

  [[items.subitems]]
  title = "Travel costs§22§"
  link = "https://example.org/travel§23§"
  lead = "Ada§24§"
  documents = [
    { title = "Travel policy§25§", url = "https://example.org/policy§26§" },
  ]

[[items]]
title = "Any other business"
"#;

const FIELDS: usize = 27;

/// The agenda with field `n`'s marker replaced by `text(n)` (TOML source text).
fn agenda_text(text: impl Fn(usize) -> String) -> String {
    let mut out = AGENDA.to_string();
    for n in 0..FIELDS {
        out = out.replace(&format!("§{n}§"), &text(n));
    }
    assert!(!out.contains('§'), "a marker is left in\n{out}");
    out
}

/// The 1-based line of field `n` in the agenda.
fn line_of(n: usize) -> usize {
    let marker = format!("§{n}§");
    AGENDA
        .lines()
        .position(|l| l.contains(&marker))
        .expect("every field has a marker")
        + 1
}

/// Escape sequences and control characters as a TOML basic string writes them: what
/// an agenda can hold without a raw control byte in the file.
const TOML_HOSTILE: [&str; 10] = [
    r"\u001b[2J",
    r"\u001b]0;pwned\u0007",
    r"\u001b]8;;https://evil.example\u001b\\",
    r"\u001b7",
    r"\u0000",
    r"\b",
    r"\u007f",
    r"\u009b31m",
    r"\u0085",
    r"\u202e",
];

/// The same, as text in memory: for data that does not come through the loader.
const NASTY: [&str; 8] = [
    "\u{1b}[2J",
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}]8;;https://evil.example\u{1b}\\",
    "\u{1b}7",
    "\u{0}\u{8}\u{b}\u{c}\u{7f}",
    "\u{9b}31m\u{85}",
    "\r",
    "\u{202e}",
];

/// What must not be left of the sequences above once they are dropped.
const LEFTOVERS: [&str; 5] = ["[2J", "pwned", "evil.example", "31m", "\u{202e}"];

/// A control character other than line feed: never in a report or on screen.
fn is_bad(c: char) -> bool {
    c.is_control() && c != '\n'
}

/// Every text field of an agenda, as the loader hands them out.
fn texts(a: &Agenda) -> Vec<&str> {
    let m = &a.meeting;
    let mut out = vec![m.group.as_str()];
    out.extend(m.abbreviation.as_deref());
    out.extend(m.title.as_deref());
    out.extend(m.recording.as_deref());
    if let Some(Moderator::Text(t)) = &m.moderator {
        out.push(t);
    }
    let r = &a.report;
    for w in [
        &r.intro,
        &r.moderation,
        &r.opening,
        &r.next_meeting,
        &r.not_discussed,
        &r.template,
    ] {
        out.extend(w.as_deref());
    }
    out.extend(a.days.iter().filter_map(|d| d.label.as_deref()));
    for p in &a.participants {
        out.push(&p.name);
        out.extend(p.short.as_deref());
        out.extend(p.affiliation.as_deref());
    }
    for i in &a.items {
        out.push(&i.title);
        out.extend(i.link.as_deref());
        out.extend(i.session.as_deref());
        for d in &i.documents {
            out.push(&d.title);
            out.extend(d.url.as_deref());
        }
        for s in &i.subitems {
            out.push(&s.title);
            out.extend(s.link.as_deref());
            for d in &s.documents {
                out.push(&d.title);
                out.extend(d.url.as_deref());
            }
        }
    }
    out
}

/// Changes every text field of a loaded agenda (what the loader would refuse).
fn infect(a: &mut Agenda, f: impl Fn(&str, usize) -> String) {
    let mut n = 0;
    let mut change = |s: &mut String| {
        *s = f(s, n);
        n += 1;
    };
    let m = &mut a.meeting;
    change(&mut m.group);
    m.abbreviation.as_mut().map(&mut change);
    m.title.as_mut().map(&mut change);
    m.recording.as_mut().map(&mut change);
    let r = &mut a.report;
    for w in [
        &mut r.intro,
        &mut r.moderation,
        &mut r.opening,
        &mut r.next_meeting,
        &mut r.not_discussed,
    ] {
        w.as_mut().map(&mut change);
    }
    for d in &mut a.days {
        d.label.as_mut().map(&mut change);
    }
    for p in &mut a.participants {
        change(&mut p.name);
        p.short.as_mut().map(&mut change);
        p.affiliation.as_mut().map(&mut change);
    }
    for i in &mut a.items {
        change(&mut i.title);
        i.link.as_mut().map(&mut change);
        i.session.as_mut().map(&mut change);
        for d in &mut i.documents {
            change(&mut d.title);
            d.url.as_mut().map(&mut change);
        }
        for s in &mut i.subitems {
            change(&mut s.title);
            s.link.as_mut().map(&mut change);
            for d in &mut s.documents {
                change(&mut d.title);
                d.url.as_mut().map(&mut change);
            }
        }
    }
}

/// The clean agenda: every marker empty.
fn clean_agenda() -> Agenda {
    agenda::parse_str("hostile.toml", &agenda_text(|_| String::new())).unwrap()
}

/// The text with the escape sequences of `NASTY` spread through it; the clean text is
/// what is left when every sequence is dropped whole.
fn nasty(text: &str, k: usize) -> String {
    let n = NASTY[k % NASTY.len()];
    let m = NASTY[(k + 3) % NASTY.len()];
    match text.char_indices().nth(text.chars().count() / 2) {
        Some((mid, _)) => format!("{n}{}{m}{}{n}", &text[..mid], &text[mid..]),
        None => format!("{n}{m}"),
    }
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 3, 14, 0, 0).unwrap()
}

/// A meeting under way on `agenda`: a guest, item 1 taken up, notes, a next meeting.
fn meeting(agenda: Agenda, guest: &str, notes: &str) -> Meeting {
    let mut m = Meeting::new(agenda);
    // A guest whose name is on the roster is refused: then there is none.
    let _ = m.apply(
        &Event::Guest {
            name: guest.into(),
            affiliation: Some(nasty("Visiting", 2)),
        },
        t0(),
    );
    let events = [
        Event::TakeUp { item: "1".into() },
        Event::NextMeeting {
            date: chrono::NaiveDate::from_ymd_opt(2024, 7, 1).unwrap(),
            time: None,
        },
    ];
    for e in &events {
        m.apply(e, t0()).unwrap();
    }
    m.notes[0] = notes.into();
    m
}

/// The report's headings: level and plain text.
fn headings(md: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for e in Parser::new(md) {
        match e {
            Md::Start(Tag::Heading { level, .. }) => open = Some((level as usize, String::new())),
            Md::End(TagEnd::Heading(_)) => out.extend(open.take()),
            Md::Text(t) | Md::Code(t) => {
                if let Some((_, s)) = &mut open {
                    s.push_str(&t);
                }
            }
            Md::SoftBreak | Md::HardBreak => {
                if let Some((_, s)) = &mut open {
                    s.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}

fn screen(app: &App, (w, h): (u16, u16)) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| agendum::ui::draw(f, app, &Theme::default_theme()))
        .unwrap();
    terminal.backend().buffer().clone()
}

/// The buffer's text, one line per row; fails on a cell that holds a control character.
fn cells(b: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..b.area.height {
        for x in 0..b.area.width {
            let symbol = b[(x, y)].symbol();
            assert!(
                !symbol.contains(|c: char| c.is_control()),
                "cell {x},{y} holds {symbol:?}"
            );
            out.push_str(symbol);
        }
        out.push('\n');
    }
    out
}

// The loader.

#[test]
fn the_clean_agenda_loads_as_written() {
    let a = clean_agenda();
    assert_eq!(a.meeting.group, "Working Group on Budgets");
    assert_eq!(a.participants[0].called(), "Ada");
    assert_eq!(a.items[0].subitems[0].title, "Travel costs");
    assert_eq!(a.meeting.moderator, Some(Moderator::Participant(0)));
    // The fields with a marker, but the moderator, the notetakers and the leads (which
    // name participants), and the three without one.
    assert_eq!(texts(&a).len(), FIELDS - 4 + 3);
    assert!(
        texts(&a)
            .iter()
            .all(|t| !t.is_empty() && !t.contains(char::is_control))
    );
}

#[test]
fn every_text_field_refuses_escape_sequences_and_control_characters_where_they_are() {
    for n in 0..FIELDS {
        for (k, hostile) in TOML_HOSTILE.iter().enumerate() {
            let text = agenda_text(|i| {
                if i == n {
                    hostile.to_string()
                } else {
                    String::new()
                }
            });
            let e = agenda::parse_str("hostile.toml", &text)
                .expect_err(&format!("field {n} with {hostile} loaded"));
            let here: Vec<_> = e.listed.iter().filter(|d| d.line == line_of(n)).collect();
            assert!(
                here.iter().any(|d| {
                    d.message.contains("contains the control character U+")
                        || d.message.contains("bidirectional-text character U+202E")
                }),
                "field {n}, hostile {k}: {e}"
            );
            // What the terminal gets: the offending line with its escapes made visible.
            let printed = e.to_string();
            assert!(!printed.contains(is_bad), "{printed:?}");
            assert!(
                printed.contains(hostile.trim_end_matches('\\')),
                "{printed}"
            );
        }
    }
}

#[test]
fn a_line_break_is_refused_in_one_line_fields_and_a_space_in_prose() {
    let prose = [5, 6, 7, 8, 9, 10];
    for n in 0..FIELDS {
        let text = agenda_text(|i| {
            if i == n {
                r"\nmore".into()
            } else {
                String::new()
            }
        });
        match agenda::parse_str("hostile.toml", &text) {
            Ok(a) => {
                assert!(prose.contains(&n), "field {n} took a line break");
                let joined: Vec<&str> = texts(&a)
                    .into_iter()
                    .filter(|t| t.contains(" more"))
                    .collect();
                assert_eq!(joined.len(), 1, "field {n}: {joined:?}");
                assert!(!texts(&a).iter().any(|t| t.contains(char::is_control)));
            }
            Err(e) => {
                assert!(!prose.contains(&n), "prose field {n}: {e}");
                assert!(
                    e.listed
                        .iter()
                        .any(|d| d.line == line_of(n) && d.message.contains("must be on one line")),
                    "field {n}: {e}"
                );
            }
        }
    }
}

#[test]
fn escapes_in_every_field_at_once_are_all_found_in_one_pass() {
    let text = agenda_text(|n| TOML_HOSTILE[n % TOML_HOSTILE.len()].to_string());
    let e = agenda::parse_str("hostile.toml", &text).unwrap_err();
    for n in 0..FIELDS {
        assert!(
            e.listed.iter().any(|d| d.line == line_of(n)),
            "nothing said about field {n} (line {}):\n{e}",
            line_of(n)
        );
    }
    assert!(!e.to_string().contains(is_bad));
}

#[test]
fn values_quoted_in_diagnostics_and_the_file_name_are_made_visible() {
    let text = agenda_text(|_| String::new())
        .replace(
            "start = \"14:00\"",
            "start = \"14:00\"\ntimezone = \"\\u001b[2J+02:00\"",
        )
        .replace(
            "lead = \"Grace\"",
            "lead = \"Grace\"\ntimebox = \"5m\\u001b]0;x\\u0007\"",
        )
        .replace("style = \"summary\"", "style = \"\\u009bsummary\"");
    let e = agenda::parse_str("agenda\u{1b}[2J.toml", &text).unwrap_err();
    let printed = e.to_string();
    assert!(!printed.contains(is_bad), "{printed:?}");
    assert!(printed.contains("agenda\\u{1b}[2J.toml:"), "{printed}");
    assert!(printed.contains("found \"\\u{1b}[2J+02:00\""), "{printed}");
    assert!(printed.contains("\\u{9b}summary"), "{printed}");
}

/// A string as a TOML basic string writes it: controls, quotes and backslashes escaped.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if c.is_control() || c == '"' || c == '\\' {
            out.push_str(&format!("\\u{:04X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// Text a pasted or hostile field may hold: words, markdown, escape sequences, every
/// C0 and C1 control, bidirectional and zero-width characters, any other character.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[A-Za-z]{1,8}",
        2 => Just(" ".to_string()),
        1 => "[*_#>`~<\\[\\]()&!|=+-.\\\\0-9]{1,3}",
        2 => proptest::sample::select(NASTY.to_vec()).prop_map(str::to_string),
        2 => "[\u{0}-\u{1f}\u{7f}-\u{9f}]",
        1 => "[\u{2000}-\u{206f}\u{feff}]",
        1 => "\\PC",
        1 => Just("\u{1b}[".to_string()),
        1 => Just("\u{1b}]8;;".to_string()),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_loader_hands_out_clean_text_or_a_printable_refusal(
        title in hostile_text(),
        name in hostile_text(),
    ) {
        let text = agenda_text(|_| String::new())
            .replace("title = \"Budget review\"", &format!("title = {}", toml_string(&title)))
            .replace("name = \"Grace Hopper\"", &format!("name = {}", toml_string(&name)));
        match agenda::parse_str("hostile.toml", &text) {
            Ok(a) => {
                for t in texts(&a) {
                    prop_assert!(!t.contains(char::is_control), "{:?}", t);
                    prop_assert!(!t.contains(['\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}']), "{:?}", t);
                }
                prop_assert!(!title.contains(|c: char| c.is_control() && c != '\t'));
            }
            Err(e) => {
                prop_assert!(!e.to_string().contains(|c: char| is_bad(c) && c != '\t'), "{:?}", e.to_string());
            }
        }
    }
}

// The report.

/// The headings the report of the agenda has, with its first item titled `title`.
fn expected_headings(group: &str, title: &str) -> Vec<(usize, String)> {
    [
        (1, group),
        (2, "Summary Report"),
        (3, "Agenda"),
        (3, "Discussion"),
        (4, &format!("1. {title}")),
        (4, "2. Any other business"),
        (3, "List of participants"),
    ]
    .into_iter()
    .map(|(l, t)| (l, t.to_string()))
    .collect()
}

#[test]
fn the_report_is_clean_whatever_the_meeting_holds() {
    for style in [Style::Summary, Style::Actions] {
        let mut a = clean_agenda();
        a.meeting.style = style;
        infect(&mut a, nasty);
        let notes = format!(
            "Prose{}\nACTION: Grace{}: check the figures\nDOC: Annex{} <https://example.org/{}annex>\n",
            NASTY[0], NASTY[1], NASTY[2], NASTY[5]
        );
        let m = meeting(a, &nasty("Eve Mallory", 2), &notes);
        let text = report::render(&m);
        assert!(!text.contains(is_bad), "{style:?}: {text:?}");
        for leftover in LEFTOVERS {
            assert!(
                !text.contains(leftover),
                "{style:?}: {leftover:?} in\n{text}"
            );
        }
        // The harmless remainder of every field is kept.
        for kept in [
            "# Working Group on Budgets\n",
            "**Online Meeting Seven**",
            "The 7th meeting of the Working Group on Budgets took place. \
             Ada Lovelace moderated. The meeting was recorded.",
            "[Budget review](https://example.org/budget)",
            "Grace Hopper will check the figures.",
            "| 1 | Grace Hopper | check the figures |  | 1 |",
        ] {
            assert!(text.contains(kept), "{style:?}: {kept:?} not in\n{text}");
        }
        let summary_only = [
            "[Travel costs](https://example.org/travel)",
            "[Draft budget](https://example.org/draft)",
            "[Annex](https://example.org/annex)",
            "1. Eve Mallory, Visiting",
        ];
        let expected = if style == Style::Summary {
            for kept in summary_only {
                assert!(text.contains(kept), "{kept:?} not in\n{text}");
            }
            let mut e = expected_headings("Working Group on Budgets", "Budget review");
            e.insert(6, (3, "Action items".into()));
            e
        } else {
            [
                (1, "Working Group on Budgets"),
                (2, "Summary of action items & next steps"),
                (3, "3 June 2024 (First day)"),
                (4, "Morning"),
                (5, "Budget review"),
                (4, "Any other business"),
                (3, "Action items"),
            ]
            .into_iter()
            .map(|(l, t)| (l, t.to_string()))
            .collect()
        };
        assert_eq!(headings(&text), expected, "{style:?}:\n{text}");
    }
}

#[test]
fn a_template_of_the_users_own_cannot_put_escapes_in_the_report() {
    let m = meeting(clean_agenda(), "Eve", "");
    let template = "# {{ group }}\u{1b}[2J\n\u{1b}]0;pwned\u{7}{{ title }}\u{7}\r\n";
    let text = report::render_with(&m, template).unwrap();
    assert_eq!(text, "# Working Group on Budgets\nOnline Meeting Seven\n");
    let e = report::render_with(&m, "{{ nothing\u{1b}[2J }}").unwrap_err();
    assert!(!e.to_string().contains(is_bad), "{e:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_item_title_and_name_make_a_clean_report_and_screen(
        title in hostile_text(),
        name in hostile_text(),
    ) {
        let mut a = clean_agenda();
        a.items[0].title = title.clone();
        a.participants[1].name = name.clone();
        let mut m = meeting(a, &name, "Notes.\n");
        m.agenda.items[0].documents[0].title = name.clone();
        let text = report::render(&m);
        prop_assert!(!text.contains(is_bad), "{:?}", text);
        // The title's heading is the title less its escapes, on one line; no text
        // adds or removes a heading.
        let shown = agendum::report::markdown::neutralise(&title)
            .trim()
            .replace(['\n', '\t'], " ");
        let expected = expected_headings("Working Group on Budgets", &shown);
        let got = headings(&text);
        prop_assert_eq!(got.len(), expected.len(), "{}", text);
        prop_assert_eq!(&got[..4], &expected[..4]);
        prop_assert_eq!(got[4].1.trim(), expected[4].1.trim());
        prop_assert_eq!(&got[5..], &expected[5..]);

        let mut app = App::new(m, t0());
        for size in [(80, 24), (160, 48)] {
            cells(&screen(&app, size));
        }
        app.handle(Input::Key(Key::Char('r')), t0());
        cells(&screen(&app, (100, 30)));
    }
}

// The screen.

#[test]
fn the_screen_shows_the_harmless_remainder_of_hostile_names_and_titles() {
    let mut a = clean_agenda();
    a.meeting.abbreviation = Some("WG-\u{1b}[31mBudget\u{1b}[0m".into());
    a.meeting.title = Some("Online \u{1b}]0;pwned\u{7}Meeting Seven".into());
    a.items[0].title =
        "Bud\u{1b}[2Jget\u{9b}31m review\u{1b}]8;;https://evil.example\u{1b}\\".into();
    a.items[0].subitems[0].title = "Travel\u{1b}7 costs\r\n".into();
    a.participants[0].name = "Ada\u{1b}[8m Lovelace".into();
    a.participants[1].name = "Grace\u{0}\u{8} Hopper\u{202e}".into();
    let mut m = meeting(
        a,
        "Eve \u{1b}]0;pwned\u{7}Mallory",
        "Notes\u{1b}[2J of the item\n",
    );
    m.apply(
        &Event::Join {
            who: "Eve \u{1b}]0;pwned\u{7}Mallory".into(),
            queue: Default::default(),
            topic: Some("a \u{1b}[5mblinking\u{1b}[0m point".into()),
        },
        t0(),
    )
    .unwrap();
    let mut app = App::new(m, t0());
    // Wide enough for the queue row to hold the whole topic (narrower, it is cut to fit).
    let wide = cells(&screen(&app, (200, 48)));
    for shown in [
        "WG-Budget — Online Meeting Seven",
        "1. Budget review",
        "a. Travel costs",
        "1 Budget review",
        "Eve Mallory",
        "a blinking point",
    ] {
        assert!(wide.contains(shown), "{shown:?} not on the screen:\n{wide}");
    }
    // Notes are neutralised where they enter (a paste, $EDITOR); the text of a notes
    // file is shown as the editor holds it, and of an escape sequence in it the cells
    // drop only the control character: harmless, but not the report's "Notes of".
    assert!(wide.contains("│Notes[2J of the item"), "{wide}");
    let rest = wide.replace("Notes[2J of the item", "");
    for leftover in LEFTOVERS.iter().chain(&["[31m", "[8m", "[5m", "[0m"]) {
        assert!(
            !rest.contains(leftover),
            "{leftover:?} on the screen:\n{wide}"
        );
    }
    let narrow = cells(&screen(&app, (80, 24)));
    assert!(narrow.contains("Budget review"), "{narrow}");
    // The attendance panel and the picker list the names; the preview shows the report.
    for (keys, shown) in [
        ("r", "Ada Lovelace"),
        ("h", "Grace Hopper"),
        ("w", "Budget review"),
    ] {
        app.handle(Input::Key(Key::Esc), t0());
        app.handle(Input::Key(Key::Esc), t0());
        for c in keys.chars() {
            app.handle(Input::Key(Key::Char(c)), t0());
        }
        for size in [(80, 24), (160, 48)] {
            let text = cells(&screen(&app, size));
            assert!(text.contains(shown), "{keys}: {shown:?} not in\n{text}");
            assert!(
                !text.contains("pwned") && !text.contains("[8m"),
                "{keys}:\n{text}"
            );
        }
    }
}

#[test]
fn names_notes_and_messages_from_elsewhere_change_no_direction_on_screen() {
    let bidi = [
        '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}',
        '\u{2068}', '\u{2069}', '\u{200e}', '\u{200f}', '\u{61c}',
    ];
    let every: String = bidi.iter().collect();
    // Notes as a journal from another computer may hold them: the editor shows notes
    // as they are.
    let mut app = App::new(
        meeting(
            clean_agenda(),
            "Eve",
            &format!("Notes{every} of the item\n"),
        ),
        t0(),
    );
    // A notetaker's name, read from a presence file in the meeting folder: it goes in
    // the notes pane's title.
    app.shared
        .set_editors(&[(0, format!("mallory\u{202e}gpj.exe{every}@laptop"))]);
    app.say(
        Level::Warning,
        format!("notes/01-\u{202e}dm.exe{every} was changed by \u{1b}[2Jsomeone"),
    );
    for size in [(80, 24), (160, 48)] {
        let text = cells(&screen(&app, size));
        let found: Vec<char> = text.chars().filter(|c| bidi.contains(c)).collect();
        assert!(found.is_empty(), "{found:?} on the screen:\n{text}");
        assert!(text.contains("· mallorygpj.exe@lapto"), "{text}");
        assert!(
            text.contains("notes/01-dm.exe was changed by someone"),
            "{text}"
        );
    }
    let text = cells(&screen(&app, (160, 48)));
    assert!(text.contains("Notes of the item"), "{text}");
}
