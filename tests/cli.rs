//! The binary as a user runs it: help, version, exit codes, the demo, `check` on the
//! shipped agendas, and `new`.

use std::path::Path;
use std::process::{Command, Output};

fn agendum(args: &[&str], home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_agendum"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        // A private home, so no user config is read and nothing is written elsewhere.
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env_remove("XDG_DOCUMENTS_DIR")
        .output()
        .expect("the binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn help_and_version_exit_zero_and_bad_usage_exits_two() {
    let home = tempfile::tempdir().unwrap();
    let help = agendum(&["--help"], home.path());
    assert_eq!(help.status.code(), Some(0));
    for word in [
        "check",
        "report",
        "new",
        "--output-dir",
        "--config",
        "--theme",
    ] {
        assert!(text(&help.stdout).contains(word), "--help lacks {word}");
    }
    let version = agendum(&["--version"], home.path());
    assert_eq!(version.status.code(), Some(0));
    assert_eq!(
        text(&version.stdout).trim(),
        format!("agendum {}", env!("CARGO_PKG_VERSION"))
    );
    let bad = agendum(&["check"], home.path());
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("AGENDAS"),
        "{}",
        text(&bad.stderr)
    );
    let unknown = agendum(&["--no-such-flag"], home.path());
    assert_eq!(unknown.status.code(), Some(2));
    let missing = agendum(&["check", "no-such-agenda.toml"], home.path());
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        text(&missing.stderr).contains("no-such-agenda.toml: cannot read the agenda: no such file")
    );
    assert!(
        !text(&missing.stderr).contains(":1:1"),
        "{}",
        text(&missing.stderr)
    );
}

/// What is not a file (a path where nothing is, a theme's name) has no line and
/// column to report: the error says plainly what is wrong.
#[test]
fn things_that_are_not_files_are_told_without_a_line_and_column() {
    let home = tempfile::tempdir().unwrap();
    let notes = agendum(&["notes", "out/nonexistent"], home.path());
    assert_eq!(notes.status.code(), Some(2));
    assert_eq!(
        text(&notes.stderr),
        "agendum: out/nonexistent: nothing there: MEETING is a meeting folder, or its agenda \
         file (with --output-dir when the folder is not the default one)\n"
    );
    let report = agendum(&["report", "out/nonexistent"], home.path());
    assert_eq!(report.status.code(), Some(2));
    assert!(text(&report.stderr).starts_with("agendum: out/nonexistent: nothing there"));
    let theme = agendum(&["agendas/demo.toml", "--theme", "nope"], home.path());
    assert_eq!(theme.status.code(), Some(2));
    let err = text(&theme.stderr);
    assert!(
        err.starts_with("agendum: no theme `nope`; the built-in themes are default, light"),
        "{err}"
    );
    assert!(!err.contains(":1:1"), "{err}");
    let folder = agendum(&["agendas/demo.toml", "--theme", "agendas"], home.path());
    assert_eq!(
        text(&folder.stderr),
        "agendum: agendas: is a folder, expected a theme file (.toml)\n"
    );
    let config = agendum(
        &["--config", "nowhere.toml", "agendas/demo.toml"],
        home.path(),
    );
    assert_eq!(config.status.code(), Some(2));
    let err = text(&config.stderr);
    assert!(
        err.starts_with("agendum: nowhere.toml: cannot read the config file"),
        "{err}"
    );
}

/// Piped, the agenda's columns line up by display width, accents and wide characters
/// included, and a long title wraps under itself instead of pushing the timebox out.
#[test]
fn the_piped_agenda_lines_up_its_columns() {
    use unicode_width::UnicodeWidthStr;
    let home = tempfile::tempdir().unwrap();
    let demo =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("agendas/demo.toml"))
            .unwrap();
    let agenda = home.path().join("wide.toml");
    std::fs::write(
        &agenda,
        demo.replace("title = \"AoB\"", "title = \"東京のデータ, Zürich\"")
            .replace(
                "title = \"Pilot with municipal data portals\"",
                "title = \"Pilot with municipal data portals, their catalogues, their \
                 harvesting and what the pilot showed us\"",
            ),
    )
    .unwrap();
    let out = agendum(&[agenda.to_str().unwrap()], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    // Each item's timebox ends at the same column.
    let ends: Vec<usize> = s
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            t.split_once(". ")
                .is_some_and(|(n, _)| n.len() <= 2 && n.chars().all(|c| c.is_ascii_alphanumeric()))
        })
        .filter_map(|l| {
            let at = ["5m", "10m", "15m", "20m", "25m"]
                .iter()
                .filter_map(|tb| l.find(&format!(" {tb}")).map(|i| i + 1 + tb.len()))
                .max()?;
            Some(l[..at].width())
        })
        .collect();
    assert_eq!(ends.len(), 8, "{s}");
    assert!(ends.iter().all(|e| *e == ends[0]), "{ends:?}\n{s}");
    assert!(s.contains("  6. 東京のデータ, Zürich"), "{s}");
    // The long title goes on under itself, and no line of the agenda passes 80 columns.
    assert!(
        s.lines()
            .any(|l| l.starts_with("     catalogues, their harvesting")),
        "{s}"
    );
    for l in s.lines().skip(3).take_while(|l| !l.is_empty()) {
        assert!(l.width() <= 80, "{l}");
    }
}

#[test]
fn agendum_alone_shows_the_bundled_demo() {
    let home = tempfile::tempdir().unwrap();
    let out = agendum(&[], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.starts_with("WG-OpenData — Online Meeting 12\n"), "{s}");
    assert!(s.contains("26 November 2026 at 14:00 UTC"), "{s}");
    assert!(
        s.contains("      a. Comments from the public review"),
        "{s}"
    );
    assert!(s.contains("2026-11-26-wg-opendata-12"), "{s}");
    // Nothing was written: looking at an agenda creates no folder.
    assert_eq!(std::fs::read_dir(home.path()).unwrap().count(), 0);
}

#[test]
fn every_shipped_agenda_is_valid() {
    let home = tempfile::tempdir().unwrap();
    let mut files: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("agendas"))
            .unwrap()
            .map(|e| format!("agendas/{}", e.unwrap().file_name().to_string_lossy()))
            .filter(|f| f.ends_with(".toml"))
            .collect();
    files.sort();
    assert!(files.len() >= 5);
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let out = agendum(&args, home.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert_eq!(s.lines().count(), files.len());
    assert!(s.contains(
        "agendas/wg-strategy-51.toml: WG-Strategy Online Meeting 51, 2023-02-16 14:00 UTC: 5 items, 26 participants, planned 1h of 1h"
    ), "{s}");
    assert!(s.contains("agendas/wg-strategy-14.toml: WG-Strategy Online Meeting XIV, 2021-02-18 14:00 UTC: 7 items, 28 participants"), "{s}");
}

#[test]
fn new_writes_a_valid_template_and_never_overwrites() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("next.toml");
    let out = agendum(&["new", "-o", file.to_str().unwrap()], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let check = agendum(&["check", file.to_str().unwrap()], home.path());
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    std::fs::write(&file, "mine\n").unwrap();
    let again = agendum(&["new", "-o", file.to_str().unwrap()], home.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("exists already"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine\n");
}

/// `agendum check FILE`'s line for a file, which must be valid.
fn checked(file: &Path, home: &Path) -> String {
    let out = agendum(&["check", file.to_str().unwrap()], home);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// The lines that are not comments: what the next meeting's agenda says.
fn said(toml: &str) -> String {
    toml.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn new_next_after_carries_the_series_forward() {
    let home = tempfile::tempdir().unwrap();
    // The 14th meeting, with an action typed in item A's notes.
    let meetings = home.path().join("meetings");
    let folder = meetings.join("2021-02-18-wg-strategy-14");
    std::fs::create_dir_all(folder.join("notes")).unwrap();
    let fixture = Path::new("tests/fixtures/meetings/2021-02-18-wg-strategy-14");
    std::fs::copy(fixture.join("journal.jsonl"), folder.join("journal.jsonl")).unwrap();
    for f in std::fs::read_dir(fixture.join("notes")).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), folder.join("notes").join(f.file_name())).unwrap();
    }
    let a = folder.join("notes/02-proposed-activities-for-2021-and-next-steps-to-follow-up-on.md");
    let mut notes = std::fs::read_to_string(&a).unwrap();
    notes.push_str("ACTION: Titti: share the final version to the WG Strategy's mailing list\n");
    std::fs::write(&a, notes).unwrap();
    let out = agendum(
        &[
            "new",
            "--next-after",
            "agendas/wg-strategy-14.toml",
            "--output-dir",
            meetings.to_str().unwrap(),
        ],
        home.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    // Number + 1, the recorded next meeting (4 March 2021, 14:00), the same roster.
    assert!(s.contains("number = 15\n"), "{s}");
    assert!(s.contains("date = 2021-03-04\nstart = \"14:00\"\n"), "{s}");
    assert!(s.contains("numbering = \"roman\"\n"), "{s}");
    assert_eq!(s.matches("[[participants]]").count(), 28);
    // The meeting's action item opens the agenda, in a review that has its time: the
    // 5m the items leave of the 1h30m.
    let review = s
        .find("[[items]]\ntitle = \"Review of action items\"\ntimebox = \"5m\"\n")
        .expect("a review item with a timebox");
    let action = s
        .find("title = \"Titti: share the final version to the WG Strategy's mailing list\"")
        .expect("the action as a sub-item");
    let first = s
        .find("[[items]]\ntitle = \"Proposed activities for 2021")
        .expect("the items of meeting XIV");
    assert!(review < action && action < first, "{s}");
    assert!(
        s.contains("in 2021](#))\"\ntimebox = \"20m\"\n# documents: 2 not carried"),
        "{s}"
    );
    assert!(s.contains("title = \"AOB.\"\ntimebox = \"5m\"\n"), "{s}");
    // XIV's wording names its dates with placeholders: carried as written, and no
    // date of XIV is said anywhere.
    let agenda = said(&s);
    for dated in ["February 18 2021", "March 4", "2 PM"] {
        assert!(!agenda.contains(dated), "{dated} carried in\n{s}");
    }
    assert!(agenda.contains(
        "next_meeting = \"Next meeting: the next virtual meeting of the WG is planned for \
         **{next_date:%B %-d} – {next_time:%-I %p} {timezone}.**\""
    ));
    assert!(agenda.contains(
        "moderation = \"The meeting was hosted and moderated by the Group's co- chairs, \
         {moderator}.\""
    ));
    let file = home.path().join("15.toml");
    std::fs::write(&file, &s).unwrap();
    assert_eq!(
        checked(&file, home.path()),
        format!(
            "{}: WG-Strategy Online Meeting XV, 2021-03-04 14:00 UTC: 8 items (1 sub-item), 28 \
             participants, planned 1h30m of 1h30m\n",
            file.display()
        )
    );
}

#[test]
fn new_next_after_leaves_out_literal_dates_and_carries_the_rest() {
    let home = tempfile::tempdir().unwrap();
    let agenda = home.path().join("wg-ex-7.toml");
    std::fs::write(
        &agenda,
        r#"[meeting]
group = "Working Group on Examples"
abbreviation = "WG-Ex"
number = 7
date = 2024-10-17
start = "15:00"
duration = "1h"

[report]
intro = "The {ordinal} meeting of the {group} was held on 17 October."
next_meeting = "The next meeting will be on 31 October."
not_discussed = "This item was not reached on {date}."
opening = "The chair opened the meeting on {date}:"
speaking_times = true

[[participants]]
name = "Alex Example"
short = "Alex"

[[participants]]
name = "Sam Sample"
short = "Sam"

[[items]]
title = "Welcome"
timebox = "5m"
lead = "Alex"

[[items]]
title = "The main topic"
link = "https://example.org/main"
timebox = "30m"
lead = "Sam"
documents = [{ title = "Background paper", url = "https://example.org/paper" }]

  [[items.subitems]]
  title = "First question"
  timebox = "10m"

  [[items.subitems]]
  title = "Second question"
  timebox = "20m"

[[items]]
title = "AoB"
timebox = "5m"
"#,
    )
    .unwrap();
    let out_dir = home.path().join("out");
    let notes = out_dir.join("2024-10-17-wg-ex-7/notes");
    std::fs::create_dir_all(&notes).unwrap();
    std::fs::write(
        notes.join("02-the-main-topic.md"),
        "The paper was discussed.\n\
         ACTION: Sam: circulate the second draft (due 24 October)\n\
         ACTION: Alex: book the room\n",
    )
    .unwrap();
    let next = home.path().join("wg-ex-8.toml");
    let out = agendum(
        &[
            "new",
            "--next-after",
            agenda.to_str().unwrap(),
            "--output-dir",
            out_dir.to_str().unwrap(),
            "-o",
            next.to_str().unwrap(),
        ],
        home.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = std::fs::read_to_string(&next).unwrap();
    let agenda_said = said(&s);
    // The wording with a literal date is left out, each with a comment in its place.
    for dated in ["17 October", "31 October"] {
        assert!(!agenda_said.contains(dated), "{dated} carried in\n{s}");
    }
    assert!(
        s.contains(
            "# Left out: intro holds the date \"17 October\" of the previous meeting.\n\
         # intro = \"The {ordinal} meeting of the {group} was held on 17 October.\"\n\
         # Write the date with a placeholder: {date}, or {date:%-d %B} to write it as here.\n"
        ),
        "{s}"
    );
    assert!(
        s.contains(
            "# Left out: next_meeting holds the date \"31 October\" of the previous meeting.\n"
        ),
        "{s}"
    );
    assert!(s.contains("{next_date:%-d %B}"), "{s}");
    // Placeholders, and keys this command has no name for, are carried as they were.
    for line in [
        "[report]\n",
        "not_discussed = \"This item was not reached on {date}.\"\n",
        "opening = \"The chair opened the meeting on {date}:\"\n",
        "speaking_times = true\n",
    ] {
        assert!(s.contains(line), "{line:?} in\n{s}");
    }
    // The actions open the agenda, the items follow with their timeboxes, links, leads
    // and sub-items; documents stay with the meeting they were for.
    let order = [
        "[[items]]\ntitle = \"Review of action items\"\ntimebox = \"7m\"\n",
        "  [[items.subitems]]\n  title = \"Sam: circulate the second draft (due 24 October 2024)\"\n",
        "  [[items.subitems]]\n  title = \"Alex: book the room\"\n",
        "[[items]]\ntitle = \"Welcome\"\ntimebox = \"5m\"\nlead = \"Alex\"\n",
        "[[items]]\ntitle = \"The main topic\"\nlink = \"https://example.org/main\"\ntimebox = \
         \"30m\"\nlead = \"Sam\"\n# documents: 1 not carried, they were the previous meeting's\n",
        "  [[items.subitems]]\n  title = \"First question\"\n  timebox = \"10m\"\n",
        "  [[items.subitems]]\n  title = \"Second question\"\n  timebox = \"20m\"\n",
        "[[items]]\ntitle = \"AoB\"\ntimebox = \"5m\"\n",
    ];
    let mut at = 0;
    for part in order {
        let found = s[at..]
            .find(part)
            .unwrap_or_else(|| panic!("{part:?} after {at} in\n{s}"));
        at += found + part.len();
    }
    assert!(!s.contains("Background paper"), "{s}");
    // 7m for the two actions fit in the 20m the items leave of the hour.
    assert_eq!(
        checked(&next, home.path()),
        format!(
            "{}: WG-Ex Online Meeting 8, 2024-10-31 15:00 UTC: 4 items (4 sub-items), 2 \
             participants, planned 47m of 1h\n",
            next.display()
        )
    );
}

#[test]
fn every_shipped_series_carries_forward_without_a_new_overrun() {
    let home = tempfile::tempdir().unwrap();
    for agenda in [
        "agendas/wg-strategy-14.toml",
        "agendas/wg-strategy-46.toml",
        "agendas/wg-strategy-51.toml",
        "agendas/mag-2023-first-open-consultations.toml",
        "agendas/demo.toml",
    ] {
        let out = agendum(
            &[
                "new",
                "--next-after",
                agenda,
                "--output-dir",
                "tests/fixtures/meetings",
            ],
            home.path(),
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{agenda}: {}",
            text(&out.stderr)
        );
        let s = text(&out.stdout);
        let file = home.path().join("next.toml");
        std::fs::write(&file, &s).unwrap();
        let before = checked(Path::new(agenda), home.path());
        let after = checked(&file, home.path());
        assert!(!after.contains("planned 0s"), "{agenda}: {after}\n{s}");
        assert_eq!(
            after.contains("over by"),
            before.contains("over by"),
            "{agenda}: {before}{after}\n{s}"
        );
        // Every item of the meeting before is there again, once, after the review.
        let previous = std::fs::read_to_string(agenda).unwrap();
        // (The demo has a review of its own, which the new one replaces.)
        let items = previous.matches("\n[[items]]\n").count();
        let review = usize::from(!previous.contains("title = \"Review of action items"));
        assert_eq!(
            s.matches("\n[[items]]\n").count(),
            items + review,
            "{agenda}\n{s}"
        );
        assert!(!said(&s).contains("documents ="), "{agenda}\n{s}");
        assert!(!said(&s).contains("day ="), "{agenda}\n{s}");
        assert!(!said(&s).contains("[[days]]"), "{agenda}\n{s}");
    }
}

#[test]
fn completions_are_generated() {
    let home = tempfile::tempdir().unwrap();
    let out = agendum(&["completions", "bash"], home.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("agendum"));
    assert!(text(&out.stdout).contains("--output-dir"));
}

#[test]
fn a_bad_config_file_is_a_clear_error_with_its_position() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config.toml");
    std::fs::write(
        &config,
        "output_dir = \"/tmp/x\"\nouptut_dir = \"/tmp/y\"\n",
    )
    .unwrap();
    let out = agendum(
        &[
            "report",
            "agendas/demo.toml",
            "--stdout",
            "--config",
            config.to_str().unwrap(),
        ],
        home.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("config.toml:2:1: unknown field `ouptut_dir`"),
        "{err}"
    );
    assert!(err.contains(" 2 | ouptut_dir = \"/tmp/y\""), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn report_refuses_to_write_where_there_is_no_meeting_folder() {
    let home = tempfile::tempdir().unwrap();
    let out_dir = home.path().join("typo");
    let out = agendum(
        &[
            "report",
            "agendas/demo.toml",
            "--output-dir",
            out_dir.to_str().unwrap(),
        ],
        home.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with("agendum: no meeting folder at "),
        "{}",
        text(&out.stderr)
    );
    assert!(!out_dir.exists(), "nothing may be written");
    // A preview of the agenda alone is still possible.
    let preview = agendum(
        &[
            "report",
            "agendas/demo.toml",
            "--stdout",
            "--output-dir",
            out_dir.to_str().unwrap(),
        ],
        home.path(),
    );
    assert_eq!(preview.status.code(), Some(0));
    assert!(text(&preview.stdout).contains("This item was not discussed."));
    assert!(!out_dir.exists());
}

#[test]
fn the_folder_keeps_a_copy_of_the_agenda_the_report_was_made_from() {
    let home = tempfile::tempdir().unwrap();
    let agenda = home.path().join("m.toml");
    let original = std::fs::read_to_string("agendas/demo.toml").unwrap();
    std::fs::write(&agenda, &original).unwrap();
    let folder = home.path().join("out/2026-11-26-wg-opendata-12");
    std::fs::create_dir_all(folder.join("notes")).unwrap();
    std::fs::write(folder.join("notes/06-aob.md"), "Nothing else.\n").unwrap();
    let out_dir = home.path().join("out");
    let run = |args: &[&str]| agendum(args, home.path());
    let out = run(&[
        "report",
        agenda.to_str().unwrap(),
        "--output-dir",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(folder.join("agenda.toml")).unwrap(),
        original
    );
    // The agenda is corrected after the call; the next report updates the copy.
    std::fs::write(
        &agenda,
        original.replace("title = \"AoB\"", "title = \"Any other business\""),
    )
    .unwrap();
    let out = run(&[
        "report",
        agenda.to_str().unwrap(),
        "--output-dir",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let from_folder = run(&["report", folder.to_str().unwrap(), "--stdout"]);
    assert_eq!(
        from_folder.status.code(),
        Some(0),
        "{}",
        text(&from_folder.stderr)
    );
    let report = text(&from_folder.stdout);
    assert!(
        report.contains("#### 6. Any other business\n\nNothing else."),
        "{report}"
    );
}

#[test]
fn check_renders_a_user_template_and_points_at_its_errors() {
    let home = tempfile::tempdir().unwrap();
    let agenda = home.path().join("a.toml");
    std::fs::write(
        &agenda,
        "[meeting]\ngroup = \"G\"\ndate = 2024-01-01\nstart = \"10:00\"\n[report]\ntemplate = \"t.md\"\n[[items]]\ntitle = \"A\"\n",
    )
    .unwrap();
    let template = home.path().join("t.md");
    std::fs::write(&template, "# {{ group }}\n{% for i in items %}\n").unwrap();
    let out = agendum(&["check", agenda.to_str().unwrap()], home.path());
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("t.md:2:1: syntax error"), "{err}");
    assert!(err.contains(" 2 | {% for i in items %}"), "{err}");
    std::fs::write(
        &template,
        "# {{ group }}\n{% for i in items %}{{ i.number }}. {{ i.title }}\n{% endfor %}",
    )
    .unwrap();
    let out = agendum(&["check", agenda.to_str().unwrap()], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn report_writes_notes_holding_a_conflict_only_when_told_to() {
    use pulldown_cmark::{Event, Parser, Tag};
    let home = tempfile::tempdir().unwrap();
    let folder = home.path().join("meeting");
    std::fs::create_dir_all(folder.join("notes")).unwrap();
    std::fs::copy("agendas/demo.toml", folder.join("agenda.toml")).unwrap();
    // Written into the folder as an editor elsewhere would: taken in when read.
    std::fs::write(
        folder.join("notes/06-aob.md"),
        "Two dates were proposed.\n\
         <<<<<<< typed in agendum by ann@host\n\
         The next call is on 3 December.\n\
         =======\n\
         The next call is on 10 December.\n\
         >>>>>>> saved in notes/06-aob.md elsewhere\n",
    )
    .unwrap();
    let meeting = folder.to_str().unwrap();
    let out = agendum(&["report", meeting], home.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("item 6 still holds both texts of a conflict"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "item 6: {}, line 2",
            folder.join("notes/06-aob.md").display()
        )),
        "{err}"
    );
    assert!(err.contains("--with-conflicts"), "{err}");
    assert!(!folder.join("report.md").exists(), "nothing may be written");
    // A preview only prints.
    let preview = agendum(&["report", meeting, "--stdout"], home.path());
    assert_eq!(preview.status.code(), Some(0), "{}", text(&preview.stderr));
    assert!(!folder.join("report.md").exists());

    let out = agendum(&["report", meeting, "--with-conflicts"], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = std::fs::read_to_string(folder.join("report.md")).unwrap();
    assert_eq!(report, text(&preview.stdout));
    for line in [
        "\\<<<<<<< typed in agendum by ann@host\n",
        "\n\\=======\n",
        "\\>>>>>>> saved in notes/06-aob.md elsewhere\n",
    ] {
        assert!(report.contains(line), "{line:?} in\n{report}");
    }
    // Rendered, the markers are text: no quote, no heading made of a side's text.
    let mut heading = false;
    for e in Parser::new(&report) {
        match e {
            Event::Start(Tag::BlockQuote(_)) => panic!("a block quote in\n{report}"),
            Event::Start(Tag::Heading { .. }) => heading = true,
            Event::End(_) => heading = false,
            Event::Text(t) if heading => assert!(!t.contains("December"), "{report}"),
            _ => {}
        }
    }
}

/// A character that must not reach a terminal: a control (but the line feed) or one
/// that changes the direction of the text.
fn hidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

#[test]
fn report_tells_of_a_hostile_journal_and_notes_files_without_their_escapes() {
    let home = tempfile::tempdir().unwrap();
    let folder = home.path().join("2023-02-16-wg-strategy-51");
    std::fs::create_dir_all(folder.join("notes")).unwrap();
    std::fs::copy("agendas/wg-strategy-51.toml", folder.join("agenda.toml")).unwrap();
    // Anyone who can write the shared drive can write this journal.
    std::fs::write(
        folder.join("journal.jsonl"),
        concat!(
            r#"{"at":"2023-02-16T14:00:00Z","event":{"take_up":{"item":"1"}}}"#,
            "\n",
            r#"{"at":"2023-02-16T14:01:00Z","event":{"take_up":{"item":"9\u001b]52;c;aGk=\u0007\u001b[2J\u202e\u009b31m"}}}"#,
            "\n",
            r#"{"at":"2023-02-16T14:02:00Z","event":{"leave":{"who":"Zed\u001b[8m\u200f\u061c"}}}"#,
            "\n",
            "\u{1b}[2J{\"at\": torn\n",
        ),
    )
    .unwrap();
    // A notes file named to drive the terminal, in Latin-1 so that it is warned of.
    std::fs::write(
        folder.join("notes/09-\u{1b}]0;pwned\u{7}x\u{202e}.md"),
        b"Reuni\xf3n\n",
    )
    .unwrap();
    let out = agendum(
        &["report", folder.to_str().unwrap(), "--stdout"],
        home.path(),
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    for said in [
        "there is no item 9",
        "Zed is not in the queue",
        "journal line 4: a damaged record was skipped",
        "notes/09-x.md is not UTF-8 text",
    ] {
        assert!(err.contains(said), "{said:?} not in {err:?}");
    }
    for (name, bytes) in [("stderr", &out.stderr), ("stdout", &out.stdout)] {
        let found: Vec<char> = text(bytes).chars().filter(|&c| hidden(c)).collect();
        assert!(
            found.is_empty(),
            "{name} holds {found:?}: {:?}",
            text(bytes)
        );
    }
}

#[test]
fn report_leaves_the_report_to_a_moderator_who_has_the_meeting_open() {
    let home = tempfile::tempdir().unwrap();
    let folder = home.path().join("meeting");
    std::fs::create_dir_all(folder.join("notes")).unwrap();
    std::fs::copy("agendas/demo.toml", folder.join("agenda.toml")).unwrap();
    std::fs::write(
        folder.join("notes/01-welcome-and-adoption-of-the-agenda.md"),
        "Hello.\n",
    )
    .unwrap();
    // A moderator on another computer holds the meeting: from here, it may be running.
    std::fs::write(
        folder.join(".agendum.lock"),
        "host = \"far-away-laptop\"\npid = 4242\nuser = \"chair\"\n\
         since = \"2026-11-26T14:00:00Z\"\n",
    )
    .unwrap();
    let meeting = folder.to_str().unwrap();
    let out = agendum(&["report", meeting], home.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("the meeting is open in agendum"),
        "{}",
        text(&out.stderr)
    );
    assert!(!folder.join("report.md").exists());
    let out = agendum(&["report", meeting, "--stdout"], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Hello."));
    // Once the holder is gone, the report is written.
    std::fs::remove_file(folder.join(".agendum.lock")).unwrap();
    let out = agendum(&["report", meeting], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(folder.join("report.md").exists());
}

/// Every house-style key the commented template shows, uncommented, is an agenda
/// `check` accepts: the template documents keys that exist, with values that load.
#[test]
fn the_templates_house_style_keys_all_load_when_uncommented() {
    let home = tempfile::tempdir().unwrap();
    let out = agendum(&["new"], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let template = text(&out.stdout);
    let mut uncommented = Vec::new();
    let mut keys = 0;
    for line in template.lines() {
        let body = line.strip_prefix("# ").unwrap_or("");
        let key = body.split(" = ").next().unwrap_or("");
        let is_key = !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        if body.starts_with("[report") || (is_key && body.contains(" = ")) {
            // The value, without a comment after it (none of the values holds " #").
            let kept = body.split("   #").next().unwrap_or(body);
            let kept = if body.starts_with('[') {
                kept.split_whitespace().next().unwrap_or(kept)
            } else {
                kept
            };
            keys += usize::from(!body.starts_with('['));
            uncommented.push(kept.trim_end().to_string());
        } else {
            uncommented.push(line.to_string());
        }
    }
    assert!(keys >= 30, "{keys} keys in\n{template}");
    let file = home.path().join("styled.toml");
    std::fs::write(&file, uncommented.join("\n")).unwrap();
    let check = agendum(&["check", file.to_str().unwrap()], home.path());
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}\n{}",
        text(&check.stderr),
        uncommented.join("\n")
    );
}

/// The notetaker's screen reads its keys from standard input: given a file or a pipe
/// there, it says it needs a terminal, and joins no meeting folder.
#[test]
fn the_notetakers_screen_without_a_terminal_says_so_and_joins_nothing() {
    let home = tempfile::tempdir().unwrap();
    let out_dir = home.path().join("out");
    let out_arg = out_dir.display().to_string();
    let notes = agendum(
        &["notes", "agendas/demo.toml", "--output-dir", &out_arg],
        home.path(),
    );
    assert_eq!(notes.status.code(), Some(2), "{}", text(&notes.stderr));
    assert!(
        text(&notes.stderr).contains("run it in a terminal"),
        "{}",
        text(&notes.stderr)
    );
    assert!(!out_dir.exists(), "a folder was made without a terminal");
}
