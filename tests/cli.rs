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
        text(&missing.stderr)
            .contains("no-such-agenda.toml:1:1: cannot read the agenda: no such file")
    );
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
    // The meeting's action item opens the agenda.
    let review = s
        .find("title = \"Review of action items\"")
        .expect("a review item");
    let action = s
        .find("title = \"Titti: share the final version to the WG Strategy's mailing list\"")
        .expect("the action as a sub-item");
    assert!(review < action);
    let file = home.path().join("15.toml");
    std::fs::write(&file, &s).unwrap();
    let check = agendum(&["check", file.to_str().unwrap()], home.path());
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    assert!(text(&check.stdout).contains(
        "Online Meeting XV, 2021-03-04 14:00 UTC: 2 items (1 sub-item), 28 participants"
    ));
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
