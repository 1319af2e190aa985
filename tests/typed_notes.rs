//! Notes as a chair or notetaker types them (SPEC sections 5 and 6): the real binary in
//! tmux, lines typed into the notes editor and commands typed at the `:` line, the
//! report written with `w`, and `report.md` read back through a CommonMark parser. Each
//! test checks one rule of how typed notes are read: a line is a paragraph, a labelled
//! line is an entry of the report's lists and nothing else, a label that cannot be read
//! is said at once and never dropped, and typed text never becomes markdown structure.

#![cfg(unix)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::{Tmux, folder_in};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A meeting of the test's own: a date in 2026 before 10 December, so that "due
/// 2026-12-10" and "by 10 December" are the same day, still to come; a roster with
/// short names, and one whose name holds characters some markdown readers take as
/// superscript and math.
const AGENDA: &str = r#"[meeting]
group = "Paper Working Group"
abbreviation = "PWG"
number = 3
date = 2026-11-19
start = "14:00"
timezone = "UTC"
duration = "1h"
moderator = "Sam Okafor"
"#;

const ROSTER_AND_ITEMS: &str = r#"
[[participants]]
name = "Sam Okafor"
short = "Sam"
affiliation = "Chair"

[[participants]]
name = "Alex Moreau"
short = "Alex"
affiliation = "Editor"

[[participants]]
name = "Chengetai Masango"
short = "Chengetai"

[[participants]]
name = "Ana ^x^ $6$"

[[items]]
title = "The paper"
timebox = "20m"

[[items]]
title = "AOB"
timebox = "5m"
"#;

/// The meeting folder's name under the output directory.
const FOLDER: &str = "2026-11-19-pwg-3";
/// The first item's notes file in the meeting folder.
const NOTES_1: &str = "notes/01-the-paper.md";
/// The first item's heading in the report's discussion.
const ITEM_1: &str = "1. The paper";
/// Wide enough that no status message is cut.
const SIZE: (u16, u16) = (140, 36);

/// A chair's agendum on the test's meeting, in tmux, with its home, agenda and output
/// directory in a temporary directory of its own.
struct Chair {
    t: Tmux,
    out: PathBuf,
    _home: tempfile::TempDir,
}

/// Writes the agenda (with `extra` TOML after the `[meeting]` table) into `home`.
fn write_agenda(home: &Path, extra: &str) -> PathBuf {
    let path = home.join("agenda.toml");
    fs::write(&path, format!("{AGENDA}{extra}{ROSTER_AND_ITEMS}")).unwrap();
    path
}

impl Chair {
    /// agendum started on the meeting, with item 1 taken up.
    fn open(name: &str) -> Chair {
        let home = tempfile::tempdir().unwrap();
        let agenda = write_agenda(home.path(), "");
        let out = home.path().join("reports");
        let (agenda_arg, out_arg) = (agenda.display().to_string(), out.display().to_string());
        let t = Tmux::start(
            name,
            home.path(),
            &[&agenda_arg, "--output-dir", &out_arg],
            SIZE,
        );
        t.wait_for("Agenda 0/2");
        t.keys(&["n"]);
        t.wait_for("▶ 1. The paper");
        Chair {
            t,
            out,
            _home: home,
        }
    }

    /// `i`, the lines typed one after the other with a single Enter between them, and
    /// the editor left open.
    fn type_lines(&self, lines: &[&str]) {
        self.t.keys(&["i"]);
        self.t.wait_for("editing");
        for (n, line) in lines.iter().enumerate() {
            if n > 0 {
                self.t.keys(&["Enter"]);
            }
            self.t.type_text(line);
        }
    }

    /// Types the lines and leaves the editor; the notes pane shows the last of them.
    fn note_lines(&self, lines: &[&str]) {
        self.type_lines(lines);
        self.t.keys(&["Escape"]);
        if let Some(last) = lines.last() {
            self.t.wait_for(last);
        }
    }

    /// `w` previews the report, `w` again writes it: its text, read back.
    fn write_report(&self) -> String {
        self.t.keys(&["Escape", "w"]);
        self.t.wait_for("Report preview");
        self.t.keys(&["w"]);
        self.t.wait_for("report written to");
        let folder = folder_in(&self.out);
        assert_eq!(folder.file_name().unwrap(), FOLDER);
        fs::read_to_string(folder.join("report.md")).expect("the report was written")
    }

    /// The notes file of item 1, as the meeting folder holds it.
    fn notes(&self) -> String {
        fs::read_to_string(folder_in(&self.out).join(NOTES_1)).unwrap_or_default()
    }

    /// Waits for item 1's notes file to hold `lines` (it is written to the shared
    /// drive after the journal), failing with what it holds after 10 s.
    fn wait_notes(&self, lines: &[&str]) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let text = self.notes();
            if text.lines().eq(lines.iter().copied()) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the notes file never held {lines:#?}; it holds {text:?}"
            );
            sleep(Duration::from_millis(50));
        }
    }
}

// --- The report as a CommonMark reader sees it -------------------------------------

/// Where a block of the report sits: in a list (numbered or not), a list item, a quote.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Container {
    List { ordered: bool },
    Item,
    Quote,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Heading(u8),
    /// A paragraph, or the text of a tight list item.
    Paragraph,
    Code,
    Html,
    /// A thematic break: no text at all.
    Rule,
    TableRow,
}

/// A leaf block of the report: its kind, its visible text (whitespace collapsed), the
/// cells of a table row, and the containers around it, outermost first.
#[derive(Debug, Clone)]
struct Block {
    kind: Kind,
    text: String,
    cells: Vec<String>,
    within: Vec<Container>,
}

/// The extensions other markdown readers have (superscript `^x^`, subscript, math
/// `$x$`, tables): text the report means literally must not turn into any of them.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_SUBSCRIPT
        | Options::ENABLE_MATH
        | Options::ENABLE_TASKLISTS
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The report's leaf blocks in order. Markup that is not plain text (superscript,
/// math, HTML, strikethrough) shows in the text as ⟨…⟩, so that it cannot pass for
/// the literal text.
fn blocks(markdown: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut stack: Vec<Container> = Vec::new();
    let mut open: Option<Block> = None;
    fn flush(open: &mut Option<Block>, out: &mut Vec<Block>) {
        if let Some(mut b) = open.take() {
            b.text = collapse(&b.text);
            b.cells = b.cells.iter().map(|c| collapse(c)).collect();
            out.push(b);
        }
    }
    let new = |kind: Kind, stack: &[Container]| Block {
        kind,
        text: String::new(),
        cells: Vec::new(),
        within: stack.to_vec(),
    };
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Paragraph) => {
                flush(&mut open, &mut out);
                open = Some(new(Kind::Paragraph, &stack));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut open, &mut out);
                open = Some(new(Kind::Heading(level as u8), &stack));
            }
            Event::Start(Tag::CodeBlock(_)) => {
                flush(&mut open, &mut out);
                open = Some(new(Kind::Code, &stack));
            }
            Event::Start(Tag::HtmlBlock) => {
                flush(&mut open, &mut out);
                open = Some(new(Kind::Html, &stack));
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                flush(&mut open, &mut out);
                open = Some(new(Kind::TableRow, &stack));
            }
            Event::End(TagEnd::TableCell) => {
                if let Some(b) = open.as_mut() {
                    let cell = std::mem::take(&mut b.text);
                    b.cells.push(cell);
                }
            }
            Event::Start(Tag::List(first)) => {
                flush(&mut open, &mut out);
                stack.push(Container::List {
                    ordered: first.is_some(),
                });
            }
            Event::Start(Tag::Item) => {
                flush(&mut open, &mut out);
                stack.push(Container::Item);
            }
            Event::Start(Tag::BlockQuote(_)) => {
                flush(&mut open, &mut out);
                stack.push(Container::Quote);
            }
            Event::End(TagEnd::List(_) | TagEnd::Item | TagEnd::BlockQuote(_)) => {
                flush(&mut open, &mut out);
                stack.pop();
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::TableHead
                | TagEnd::TableRow,
            ) => flush(&mut open, &mut out),
            Event::Start(Tag::Superscript) => text_of(&mut open, &stack).push_str("⟨sup⟩"),
            Event::End(TagEnd::Superscript) => text_of(&mut open, &stack).push_str("⟨/sup⟩"),
            Event::Start(Tag::Subscript) => text_of(&mut open, &stack).push_str("⟨sub⟩"),
            Event::End(TagEnd::Subscript) => text_of(&mut open, &stack).push_str("⟨/sub⟩"),
            Event::Start(Tag::Strikethrough) => text_of(&mut open, &stack).push_str("⟨del⟩"),
            Event::End(TagEnd::Strikethrough) => text_of(&mut open, &stack).push_str("⟨/del⟩"),
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                text_of(&mut open, &stack).push_str(&format!("⟨math {t}⟩"))
            }
            Event::InlineHtml(t) => text_of(&mut open, &stack).push_str(&format!("⟨html {t}⟩")),
            Event::Text(t) | Event::Code(t) | Event::Html(t) => {
                text_of(&mut open, &stack).push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => text_of(&mut open, &stack).push(' '),
            Event::TaskListMarker(done) => text_of(&mut open, &stack).push_str(if done {
                "⟨task x⟩"
            } else {
                "⟨task⟩"
            }),
            Event::Rule => {
                flush(&mut open, &mut out);
                out.push(new(Kind::Rule, &stack));
            }
            _ => {}
        }
    }
    flush(&mut open, &mut out);
    out
}

/// The text of the open block; text outside any block (a tight list item's) opens a
/// paragraph.
fn text_of<'a>(open: &'a mut Option<Block>, stack: &[Container]) -> &'a mut String {
    &mut open
        .get_or_insert_with(|| Block {
            kind: Kind::Paragraph,
            text: String::new(),
            cells: Vec::new(),
            within: stack.to_vec(),
        })
        .text
}

/// The blocks under the heading whose text is `heading`, up to the next heading of the
/// same level or above.
fn under<'a>(all: &'a [Block], heading: &str, source: &str) -> &'a [Block] {
    let at = all
        .iter()
        .position(|b| matches!(b.kind, Kind::Heading(_)) && b.text == heading)
        .unwrap_or_else(|| panic!("no heading {heading:?} in the report:\n{source}"));
    let Kind::Heading(level) = all[at].kind else {
        unreachable!()
    };
    let end = all[at + 1..]
        .iter()
        .position(|b| matches!(b.kind, Kind::Heading(l) if l <= level))
        .map_or(all.len(), |p| at + 1 + p);
    &all[at + 1..end]
}

/// The labels of an item's lists in the default report.
const LABELS: [&str; 4] = [
    "Output Documents:",
    "Summary of key points:",
    "Decisions:",
    "Next steps:",
];

/// An item's discussion as a reader sees it: the prose paragraphs, anything else
/// before the first list label (which would be typed text turned into structure), and
/// each labelled list's blocks.
#[derive(Debug, Default)]
struct ItemView {
    prose: Vec<String>,
    other: Vec<Block>,
    lists: Vec<(String, Vec<Block>)>,
}

impl ItemView {
    fn of(blocks: &[Block]) -> ItemView {
        let mut v = ItemView::default();
        for b in blocks {
            let top_paragraph = b.kind == Kind::Paragraph && b.within.is_empty();
            if top_paragraph && LABELS.contains(&b.text.as_str()) {
                v.lists.push((b.text.clone(), Vec::new()));
            } else if let Some((_, list)) = v.lists.last_mut() {
                list.push(b.clone());
            } else if top_paragraph {
                v.prose.push(b.text.clone());
            } else {
                v.other.push(b.clone());
            }
        }
        v
    }

    /// The entries of the list labelled `label`, each checked to be a plain item of a
    /// bulleted list (not nested, not a quote, not a heading).
    fn entries(&self, label: &str) -> Vec<String> {
        let Some((_, list)) = self.lists.iter().find(|(l, _)| l == label) else {
            return Vec::new();
        };
        list.iter()
            .map(|b| {
                assert_eq!(
                    (&b.kind, b.within.as_slice()),
                    (
                        &Kind::Paragraph,
                        [Container::List { ordered: false }, Container::Item].as_slice()
                    ),
                    "an entry under {label:?} is not a plain list item: {b:?}"
                );
                b.text.clone()
            })
            .collect()
    }

    /// Every list of the item, each entry as a reader gets it: its text when it is a
    /// plain list item, otherwise what it became (a rule, an HTML block, a nested
    /// block) — and an item left empty is not there at all.
    fn lists_as_read(&self) -> Vec<(String, Vec<String>)> {
        let plain = [Container::List { ordered: false }, Container::Item];
        self.lists
            .iter()
            .map(|(label, list)| {
                let entries = list
                    .iter()
                    .map(|b| {
                        if b.kind == Kind::Paragraph && b.within == plain {
                            b.text.clone()
                        } else {
                            format!("⟨{:?} in {:?}⟩ {}", b.kind, b.within, b.text)
                        }
                    })
                    .collect();
                (label.clone(), entries)
            })
            .collect()
    }

    /// Everything a reader sees of the item, one string.
    fn visible(&self) -> String {
        let mut all: Vec<String> = self.prose.clone();
        all.extend(self.other.iter().map(|b| b.text.clone()));
        for (label, list) in &self.lists {
            all.push(label.clone());
            all.extend(list.iter().map(|b| b.text.clone()));
        }
        all.join("\n")
    }
}

/// The report's first item, read.
fn item_1(report: &str) -> ItemView {
    let all = blocks(report);
    ItemView::of(under(&all, ITEM_1, report))
}

/// The rows of the action table (its header left out): number, owner, action, due,
/// item.
fn action_rows(report: &str) -> Vec<Vec<String>> {
    let all = blocks(report);
    under(&all, "Action items", report)
        .iter()
        .filter(|b| b.kind == Kind::TableRow && b.cells.first().is_some_and(|c| c != "#"))
        .map(|b| b.cells.clone())
        .collect()
}

/// A labelled list as `ItemView::lists_as_read` gives it.
fn list(label: &str, entries: &[&str]) -> (String, Vec<String>) {
    (
        label.to_string(),
        entries.iter().map(|e| e.to_string()).collect(),
    )
}

fn row(cells: [&str; 5]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

// --- The tests ---------------------------------------------------------------------

/// The reader these tests use sees what they forbid: typed text made into a heading,
/// a numbered or nested list, a quote, a rule, an HTML block, a checkbox, superscript
/// or math would be seen (and a link definition leaves nothing), so the checks below
/// can fail.
#[test]
fn the_reader_sees_the_structure_the_report_must_not_have() {
    let b = blocks("- # x\n- 2. x\n- - x\n- > x\n\nAna ^x^ $6$\n");
    assert_eq!(b[0].kind, Kind::Heading(1), "{b:?}");
    assert!(b[1].within.contains(&Container::List { ordered: true }));
    assert_eq!(b[2].within.len(), 4, "{b:?}");
    assert!(b[3].within.contains(&Container::Quote));
    assert_eq!(b[4].text, "Ana ⟨sup⟩x⟨/sup⟩ ⟨math 6⟩");
    let b = blocks("- ***\n- <TBD>\n- [1]: https://e.org\n- [ ] x\n");
    let kinds: Vec<(&Kind, &str)> = b.iter().map(|b| (&b.kind, b.text.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (&Kind::Rule, ""),
            (&Kind::Html, "<TBD>"),
            (&Kind::Paragraph, "⟨task⟩x")
        ]
    );
    let escaped = blocks("- \\# x\n- 2\\. x\n- \\- x\n- \\> x\n\nAna \\^x\\^ \\$6\\$\n");
    let texts: Vec<&str> = escaped.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, ["# x", "2. x", "- x", "> x", "Ana ^x^ $6$"]);
    assert!(escaped[..4].iter().all(|b| b.within.len() == 2));
}

/// Four lines typed with a single Enter each: the two lines of prose are each a
/// paragraph of their own, the decision and the action are entries of the item's lists
/// (and of the action table), and no entry takes text of the lines around it.
#[test]
fn lines_typed_with_one_enter_each_are_paragraphs_and_entries_of_their_own() {
    let c = Chair::open("lines");
    c.note_lines(&[
        "ACTION: Sam: circulate the paper due 2026-12-10",
        "Sam noted that the paper is still a draft.",
        "DECISION: the paper goes to public review",
        "Alex thanked everyone.",
    ]);
    // The notes pane's extracted list shows both entries, and nothing was a problem.
    let screen = c.t.wait_for("Decisions & actions 2");
    assert!(!screen.contains("notes line"), "{screen}");
    let report = c.write_report();
    let item = item_1(&report);
    assert_eq!(
        item.prose,
        [
            "Sam noted that the paper is still a draft.",
            "Alex thanked everyone."
        ],
        "each typed line of prose is a paragraph of its own:\n{report}"
    );
    assert!(item.other.is_empty(), "{:?}\n{report}", item.other);
    assert_eq!(
        item.entries("Decisions:"),
        ["The paper goes to public review"],
        "\n{report}"
    );
    assert_eq!(
        item.entries("Next steps:"),
        ["Sam will circulate the paper (due 10 December 2026)."],
        "\n{report}"
    );
    assert_eq!(
        item.lists
            .iter()
            .map(|(l, _)| l.as_str())
            .collect::<Vec<_>>(),
        ["Decisions:", "Next steps:"],
        "\n{report}"
    );
    assert_eq!(
        action_rows(&report),
        [row([
            "1",
            "Sam Okafor",
            "circulate the paper",
            "10 December 2026",
            "1"
        ])],
        "\n{report}"
    );
    // The notes file is the typed text, line for line.
    c.wait_notes(&[
        "ACTION: Sam: circulate the paper due 2026-12-10",
        "Sam noted that the paper is still a draft.",
        "DECISION: the paper goes to public review",
        "Alex thanked everyone.",
    ]);
}

/// `:decision` writes its line into the notes; what is typed in the editor afterwards
/// (`i`, a line, `Esc`, with no Enter of the chair's) is a line of its own, not the
/// rest of the decision.
#[test]
fn typing_after_a_decision_command_does_not_run_into_the_decision() {
    let c = Chair::open("decision");
    c.t.command("decision adopt the charter as amended");
    c.t.wait_for("notes: DECISION: adopt the charter as amended");
    c.t.keys(&["i"]);
    c.t.wait_for("editing");
    c.t.type_text("The group thanked the editors.");
    c.t.keys(&["Escape"]);
    c.t.wait_for("The group thanked the editors.");
    let report = c.write_report();
    let item = item_1(&report);
    assert_eq!(
        item.entries("Decisions:"),
        ["Adopt the charter as amended"],
        "the decision stays alone:\n{report}\nnotes:\n{}",
        c.notes()
    );
    assert_eq!(
        item.prose,
        ["The group thanked the editors."],
        "the typed line is a paragraph of its own:\n{report}"
    );
}

/// The other ways scribes write labels: `ACTION NAME:` without a colon after the
/// label, W3C's `ACTION: NAME to …`, several owners, a `by` date, `RESOLUTION:`. Each is
/// an action (owners, due date) or a decision; none is left in the prose.
#[test]
fn every_label_form_is_read_as_an_entry_and_none_stays_prose() {
    let c = Chair::open("forms");
    c.note_lines(&[
        "The group went through the open points.",
        "ACTION Chengetai: circulate the draft due 2026-12-10",
        "ACTION: Sam to circulate the minutes",
        "ACTION: Sam, Alex: write the summary by 10 December",
        "RESOLUTION: the charter is adopted",
    ]);
    let screen = c.t.wait_for("Decisions & actions 4");
    assert!(!screen.contains("notes line"), "{screen}");
    let report = c.write_report();
    let item = item_1(&report);
    assert_eq!(
        item.prose,
        ["The group went through the open points."],
        "no labelled line is left in the prose:\n{report}"
    );
    assert!(item.other.is_empty(), "{:?}\n{report}", item.other);
    assert_eq!(
        item.entries("Decisions:"),
        ["The charter is adopted"],
        "\n{report}"
    );
    assert_eq!(
        item.entries("Next steps:"),
        [
            "Chengetai will circulate the draft (due 10 December 2026).",
            "Sam will circulate the minutes.",
            "Sam and Alex will write the summary (due 10 December 2026).",
        ],
        "\n{report}"
    );
    assert_eq!(
        action_rows(&report),
        [
            row([
                "1",
                "Chengetai Masango",
                "circulate the draft",
                "10 December 2026",
                "1"
            ]),
            row(["2", "Sam Okafor", "circulate the minutes", "", "1"]),
            row([
                "3",
                "Sam Okafor, Alex Moreau",
                "write the summary",
                "10 December 2026",
                "1"
            ]),
        ],
        "\n{report}"
    );
}

/// A line that looks like a label but cannot be read — a misspelt label, an action
/// without an owner, an owner nobody on the roster is — is named in the status line
/// within two seconds of typing it, while the editor is still open; and it is never
/// dropped: the misspelt line is in the report's prose as typed, and the others' text
/// is in the report.
#[test]
fn an_unreadable_label_is_named_at_once_and_never_dropped() {
    const AT_ONCE: Duration = Duration::from_millis(2500);
    let c = Chair::open("unreadable");
    c.type_lines(&[
        "Sam opened the item.",
        "Alex asked who would send the paper.",
        "ACTON: Sam: send it",
    ]);
    c.t.wait_for_within(
        "notes line 3: \"ACTON:\" is not a label (did you mean ACTION:?)",
        AT_ONCE,
    );
    c.t.keys(&["Enter"])
        .type_text("ACTION: circulate the paper");
    c.t.wait_for_within("notes line 4: an action needs an owner", AT_ONCE);
    c.t.keys(&["Enter"]).type_text("ACTION: Nobody Known: x");
    c.t.wait_for_within(
        "notes line 5: the owner Nobody Known is nobody on the roster",
        AT_ONCE,
    );
    c.t.keys(&["Escape"]);
    c.t.wait_for("ACTION: Nobody Known: x");

    let report = c.write_report();
    let item = item_1(&report);
    assert_eq!(
        item.prose,
        [
            "Sam opened the item.",
            "Alex asked who would send the paper.",
            "ACTON: Sam: send it",
        ],
        "the misspelt line stays in the prose as typed:\n{report}"
    );
    // The other two are entries of the item's lists, each said above; their text stays.
    let seen = item.visible().to_lowercase();
    for kept in ["circulate the paper", "nobody known"] {
        assert!(
            seen.contains(kept),
            "{kept:?} was dropped from the report:\n{report}"
        );
    }
}

/// Entry text that starts like markdown structure (`# x`, `2. x`, `- x`, `> x`) stays
/// the text of its list item: no heading, numbered list, nested list or quote is made
/// of it, and a reader sees the characters as typed.
#[test]
fn entry_text_never_becomes_markdown_structure() {
    let c = Chair::open("structure");
    c.note_lines(&["KEY: # x", "KEY: 2. x", "DECISION: - x", "NEXT: > x"]);
    let report = c.write_report();
    let all = blocks(&report);
    let section = under(&all, ITEM_1, &report);
    for b in section {
        assert!(
            !matches!(b.kind, Kind::Heading(_)) && !b.within.contains(&Container::Quote),
            "typed text became structure: {b:?}\n{report}"
        );
        assert!(
            b.within.len() <= 2 && !b.within.contains(&Container::List { ordered: true }),
            "typed text became a list: {b:?}\n{report}"
        );
    }
    let item = ItemView::of(section);
    assert!(item.prose.is_empty() && item.other.is_empty(), "{item:?}");
    assert_eq!(
        item.lists_as_read(),
        [
            list("Summary of key points:", &["# x", "2. x"]),
            list("Decisions:", &["- x"]),
            list("Next steps:", &["> x"]),
        ],
        "\n{report}"
    );
    // Nowhere in the whole report is a heading or quote made of these texts.
    for b in &all {
        assert!(
            !(matches!(b.kind, Kind::Heading(_)) && b.text == "x"),
            "{b:?}\n{report}"
        );
        assert!(!b.within.contains(&Container::Quote), "{b:?}\n{report}");
    }
}

/// The rest of what a list item's text can turn into: a thematic break (`***`,
/// `___`), an HTML block that a reader never sees (`<TBD>`), a link reference
/// definition that leaves the item empty, a task list's checkbox (`[ ]`). Each stays
/// the text of its list item, as typed.
#[test]
fn entry_text_never_becomes_a_rule_html_a_link_definition_or_a_checkbox() {
    let c = Chair::open("blocks");
    c.note_lines(&[
        "KEY: ***",
        "KEY: ___",
        "DECISION: <TBD>",
        "NEXT: [1]: https://example.org/charter",
        "NEXT: [ ] check the figures",
    ]);
    let report = c.write_report();
    let all = blocks(&report);
    let item = ItemView::of(under(&all, ITEM_1, &report));
    assert!(item.prose.is_empty() && item.other.is_empty(), "{item:?}");
    assert_eq!(
        item.lists_as_read(),
        [
            list("Summary of key points:", &["***", "___"]),
            list("Decisions:", &["<TBD>"]),
            list(
                "Next steps:",
                &["[1]: https://example.org/charter", "[ ] check the figures"]
            ),
        ],
        "\n{report}"
    );
}

/// A name holding `^x^` and `$6$` (superscript and math to some markdown readers) is
/// escaped in the report and read back as written; the attendance panel shows it too.
#[test]
fn a_name_with_superscript_and_math_characters_shows_literally() {
    let c = Chair::open("name");
    c.note_lines(&["Ana presented the paper."]);
    let report = c.write_report();
    assert!(
        report.contains(r"Ana \^x\^ \$6\$"),
        "the name is not escaped:\n{report}"
    );
    let all = blocks(&report);
    let listed: Vec<&str> = under(&all, "List of participants", &report)
        .iter()
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(
        listed,
        [
            "Sam Okafor, Chair",
            "Alex Moreau, Editor",
            "Chengetai Masango",
            "Ana ^x^ $6$"
        ],
        "\n{report}"
    );
    c.t.keys(&["r"]);
    c.t.wait_for("Ana ^x^ $6$");
    c.t.keys(&["Escape"]);
}

/// A notetaker's own editor, for a group that asked for markdown paragraphs: the notes
/// file written straight into the meeting folder, hand-wrapped, and the report made by
/// `agendum report --stdout` without the TUI. Wrapped lines are one paragraph, and a
/// labelled line keeps the unindented line that continues it.
#[test]
fn hand_wrapped_notes_read_as_markdown_paragraphs_by_agendum_report() {
    let home = tempfile::tempdir().unwrap();
    let agenda = write_agenda(home.path(), "\n[report]\nnotes = \"markdown\"\n");
    let out = home.path().join("reports");
    fs::create_dir_all(out.join(FOLDER).join("notes")).unwrap();
    fs::write(
        out.join(FOLDER).join(NOTES_1),
        "Sam noted that the paper\n\
         is still a draft and needs\n\
         another round.\n\
         \n\
         ACTION: Sam: circulate the paper\n\
         to the list due 2026-12-10\n\
         \n\
         DECISION: the paper goes\n\
         to public review\n\
         \n\
         Alex thanked\n\
         everyone.\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_agendum"))
        .arg("report")
        .arg(&agenda)
        .arg("--output-dir")
        .arg(&out)
        .arg("--stdout")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join(".config"))
        .env("XDG_DATA_HOME", home.path().join(".local/share"))
        .output()
        .expect("agendum runs");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "agendum report failed: {stderr}");
    let report = String::from_utf8_lossy(&o.stdout).into_owned();
    let item = item_1(&report);
    assert_eq!(
        item.prose,
        [
            "Sam noted that the paper is still a draft and needs another round.",
            "Alex thanked everyone."
        ],
        "hand-wrapped lines are one paragraph:\n{report}"
    );
    assert_eq!(
        item.entries("Decisions:"),
        ["The paper goes to public review"],
        "\n{report}"
    );
    assert_eq!(
        item.entries("Next steps:"),
        ["Sam will circulate the paper to the list (due 10 December 2026)."],
        "the continuation line is the action's:\n{report}"
    );
    assert_eq!(
        action_rows(&report),
        [row([
            "1",
            "Sam Okafor",
            "circulate the paper to the list",
            "10 December 2026",
            "1"
        ])],
        "\n{report}"
    );
    // Nothing was written: --stdout only shows.
    assert!(!out.join(FOLDER).join("report.md").exists());
}
