//! The agenda changed during the meeting and text pasted into the notes, with the real
//! binary in tmux: an item added with `:agenda+`, noted, closed with `:close`, kept
//! across `kill -9` and a restart, and in `agendum report`; a bracketed paste in normal
//! mode and in the editor.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::Tmux;

const AGENDA: &str = "agendas/wg-strategy-51.toml";
const FOLDER: &str = "2023-02-16-wg-strategy-51";
const NOTES_6: &str = "notes/06-budget-for-2024.md";
const NOTES_1: &str = "notes/01-activities-of-the-wg-strategy-for-2023.md";

fn read(path: &Path) -> String {
    std::fs::read(path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

/// Waits for a file to hold `text`, failing with what it holds after 10 s.
fn wait_for_file(path: &Path, text: &str) -> String {
    let start = Instant::now();
    loop {
        let t = read(path);
        if t.contains(text) {
            return t;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{} never held {text:?}; it holds {t:?}",
            path.display()
        );
        sleep(Duration::from_millis(50));
    }
}

/// The meeting's journal on this computer: the one store under agendum's data dir.
fn local_journal(home: &Path) -> PathBuf {
    let meetings = home.join(".local/share/agendum/meetings");
    let store = std::fs::read_dir(&meetings)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.is_dir())
        .expect("a meeting store");
    store.join("journal.jsonl")
}

fn quit(t: &Tmux) {
    t.keys(&["q"]);
    t.wait_for("q again quits");
    t.keys(&["q"]);
    assert!(
        t.wait_gone(Duration::from_secs(10)),
        "agendum did not quit:\n{}",
        t.screen()
    );
}

#[test]
fn an_item_added_in_the_meeting_is_noted_closed_resumed_and_reported() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reports");
    let out_arg = out.display().to_string();
    let args = [AGENDA, "--output-dir", &out_arg];
    // Wide enough for the longest status line (a lock taken over, then the resume).
    let size = (260, 30);
    let t = Tmux::start("added", home.path(), &args, size);
    // The agenda is an old one: said at start.
    t.wait_for("this agenda is dated 16 February 2023 (not today)");

    t.keys(&["n"]);
    t.wait_for("1 Activities of the WG Strategy");
    t.command("agenda+ Budget for 2024 10m");
    let s = t.wait_for("added item 6 \"Budget for 2024\" (10m)");
    assert!(s.contains("6. Budget for 2024"), "{s}");
    t.command("agenda+ 6 Travel support");
    t.wait_for("added item 6a \"Travel support\"");
    t.command("item 6");
    t.wait_for("6 Budget for 2024");
    t.keys(&["i"])
        .type_text("The budget for 2024 was presented by the Secretariat.")
        .keys(&["Escape"]);
    t.command("action Anja: circulate the budget due 2023-03-01");
    t.wait_for("notes: ACTION: Anja: circulate the budget");
    let folder = out.join(FOLDER);
    let notes = wait_for_file(&folder.join(NOTES_6), "circulate the budget");
    assert_eq!(
        notes,
        "The budget for 2024 was presented by the Secretariat.\n\
         ACTION: Anja: circulate the budget due 2023-03-01\n"
    );
    // The agenda file is not rewritten, neither where it is nor in the meeting folder.
    let agenda_text = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join(AGENDA));
    assert!(!agenda_text.contains("Budget for 2024"));
    assert!(!read(&folder.join("agenda.toml")).contains("Budget for 2024"));

    // Killed outright: the added item, its sub-item and its notes come back.
    sleep(Duration::from_millis(1500));
    let pid = t.pane_pid();
    Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    assert!(t.wait_gone(Duration::from_secs(10)));
    drop(t);
    let t = Tmux::start("added2", home.path(), &args, size);
    let s = t.wait_for("resumed the meeting at item 6");
    assert!(s.contains("a. Travel support"), "{s}");
    assert!(s.contains("presented by the Secretariat"), "{s}");

    // :close ends it without taking up another; q close is still the queue's.
    t.command("q close");
    t.wait_for("queue closed: only points of order may join");
    t.command("close");
    let s = t.wait_for("item 6 closed at");
    assert!(
        s.contains("no item is being discussed: n takes up item 6a"),
        "{s}"
    );
    assert!(s.contains("✓ 6. Budget for 2024"), "{s}");
    quit(&t);
    drop(t);

    let journal = read(&local_journal(home.path()));
    assert!(
        journal.contains(r#"{"add_item":{"title":"Budget for 2024","timebox":"10m"}}"#),
        "{journal}"
    );
    assert!(journal.contains(r#""close""#), "{journal}");
    // The folder's copy of the journal holds it too.
    wait_for_file(&folder.join("journal.jsonl"), "Travel support");

    // Resumed again: the item is on the agenda, done, with its notes.
    let t = Tmux::start("added3", home.path(), &args, size);
    let s = t.wait_for("resumed the meeting at no item");
    assert!(s.contains("✓ 6. Budget for 2024"), "{s}");
    assert!(s.contains("n takes up item 6a"), "{s}");
    t.keys(&["q"]);
    assert!(
        t.wait_gone(Duration::from_secs(10)) || {
            t.keys(&["q"]);
            t.wait_gone(Duration::from_secs(10))
        }
    );
    drop(t);

    // The report lists the item in the agenda and discusses it like any other.
    let report = Command::new(env!("CARGO_BIN_EXE_agendum"))
        .args(["report", folder.to_str().unwrap(), "--stdout"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join(".config"))
        .env("XDG_DATA_HOME", home.path().join(".local/share"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&report.stdout);
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    for expected in [
        "6. Budget for 2024",
        "   - a\\. Travel support",
        "The budget for 2024 was presented by the Secretariat.",
        "Anja will circulate the budget (due 1 March 2023).",
    ] {
        assert!(text.contains(expected), "{expected:?} is not in:\n{text}");
    }
    let agenda_line = text.find("6. Budget for 2024").unwrap();
    let discussed = text.rfind("Budget for 2024").unwrap();
    assert!(discussed > agenda_line, "not discussed:\n{text}");
}

#[test]
fn a_paste_is_a_paragraph_of_its_own_out_of_editing_and_at_the_cursor_in_it() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reports");
    let out_arg = out.display().to_string();
    let args = [AGENDA, "--output-dir", &out_arg];
    let t = Tmux::start("pasted", home.path(), &args, (120, 30));
    t.wait_for("Agenda 0/");
    t.keys(&["n"]);
    t.wait_for("1 Activities of the WG Strategy");
    t.keys(&["i"]).type_text("some notes").keys(&["Escape"]);
    let notes = out.join(FOLDER).join(NOTES_1);
    wait_for_file(&notes, "some notes");
    let paste = |text: &str| {
        t.tmux(&["set-buffer", "-b", "clip", text]);
        // Bracketed (-p), its line breaks kept as line feeds (-r).
        t.tmux(&["paste-buffer", "-p", "-r", "-b", "clip", "-t", "main"]);
    };

    // In normal mode: after the notes, not glued to their last line.
    paste("ACTION: Anja: send the list");
    t.wait_for("editing");
    assert_eq!(
        wait_for_file(&notes, "send the list"),
        "some notes\nACTION: Anja: send the list\n"
    );
    t.wait_for("Decisions & actions 1");

    // In the editor: at the cursor, several lines as typed; a labelled line on its own.
    t.keys(&["Up", "End"]);
    paste(", said:\nfirst\nsecond");
    wait_for_file(&notes, "second");
    paste("DECISION: the list goes out");
    t.keys(&["Escape"]);
    assert_eq!(
        wait_for_file(&notes, "goes out"),
        "some notes, said:\nfirst\nsecond\nDECISION: the list goes out\n\
         ACTION: Anja: send the list\n"
    );
    t.wait_for("Decisions & actions 2");
}
