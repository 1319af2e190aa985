//! The real binary in a real terminal: tmux runs agendum, the test types as a chair
//! would (send-keys), reads the screen (capture-pane) and then the files written.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::Tmux;

fn meeting_folder(out: &Path) -> PathBuf {
    out.join("2023-02-16-wg-strategy-51")
}

#[test]
fn a_chair_runs_a_meeting_and_writes_its_report() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reports");
    let out_arg = out.display().to_string();
    let t = Tmux::start(
        "run",
        home.path(),
        &["agendas/wg-strategy-51.toml", "--output-dir", &out_arg],
        (100, 30),
    );
    t.wait_for("Agenda 0/");

    // Attendance: the first two present, the third sent apologies.
    t.keys(&["r", "Space", "Space", "!"]);
    t.wait_for("apologies 1");
    t.keys(&["Escape"]);

    // Item 1, a speaker through the picker and one through the command line.
    t.keys(&["n"]);
    t.wait_for("1 Activities of the WG Strategy");
    // The picker: a name, Enter, then a topic (none here), Enter.
    t.keys(&["h"]).type_text("raul").keys(&["Enter"]);
    t.wait_for("queueing Raúl Echeberría");
    t.keys(&["Enter"]);
    t.wait_for("Raúl Echeberría queued");
    t.command("q+ Anriette reply on the budget");
    t.wait_for("Anriette Esterhuysen queued (reply — on the budget, 1st of 2)");
    t.keys(&["Space"]);
    t.wait_for("▶ Anriette Esterhuysen");

    // Notes typed in place, and an action and the next meeting by command.
    t.keys(&["i"])
        .type_text("The group reviewed its activities for 2023.")
        .keys(&["Escape"]);
    t.command("action Chris Buckridge: circulate the work plan due 2023-03-01");
    t.wait_for("notes: ACTION: Chris: circulate the work plan");
    t.command("nextmeeting 2023-03-02 14:00");
    t.wait_for("next meeting: Thursday 2 March 2023 at 14:00");

    // The next item, past the one still queued: warned once, then confirmed.
    t.keys(&["n"]);
    t.wait_for("still queued");
    t.keys(&["n"]);
    t.wait_for("2 Open Consultations");

    // The report: preview, then written, and the path is shown.
    t.keys(&["w"]);
    t.wait_for("Report preview");
    t.keys(&["w"]);
    t.wait_for("report written to");

    let report = std::fs::read_to_string(meeting_folder(&out).join("report.md"))
        .expect("the report was written");
    for expected in [
        "MAG Working Group on IGF Strengthening and Strategy",
        "The group reviewed its activities for 2023.",
        "Chris Buckridge",
        "circulate the work plan",
        "2 March",
        "Anja Gengo",
    ] {
        assert!(
            report.contains(expected),
            "the report lacks {expected:?}:\n{report}"
        );
    }
    // Apologies are not presence: the third on the roster is not listed as present.
    let notes = std::fs::read_to_string(
        meeting_folder(&out).join("notes/01-activities-of-the-wg-strategy-for-2023.md"),
    )
    .unwrap();
    assert!(notes.contains("The group reviewed its activities for 2023."));
    assert!(
        notes.contains("ACTION: Chris: circulate the work plan due 2023-03-01"),
        "{notes}"
    );

    // The report is written, so q quits at once, and the terminal is given back.
    t.keys(&["q"]);
    let start = Instant::now();
    while t.alive() && start.elapsed() < Duration::from_secs(5) {
        sleep(Duration::from_millis(50));
    }
    assert!(!t.alive(), "agendum did not quit:\n{}", t.screen());
}

#[test]
fn quitting_before_the_report_asks_first_and_a_restart_resumes() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reports");
    let out_arg = out.display().to_string();
    let args = ["agendas/wg-strategy-51.toml", "--output-dir", &out_arg];
    let t = Tmux::start("resume", home.path(), &args, (80, 24));
    t.wait_for("Agenda 0/");
    t.keys(&["n", "n"]);
    t.wait_for("2 Open Consultations");
    t.keys(&["i"])
        .type_text("kept across a restart")
        .keys(&["Escape"]);
    t.keys(&["q"]);
    t.wait_for("the report was not written");
    t.keys(&["q"]);
    let start = Instant::now();
    while t.alive() && start.elapsed() < Duration::from_secs(5) {
        sleep(Duration::from_millis(50));
    }
    assert!(!t.alive());
    drop(t);

    let t = Tmux::start("resume2", home.path(), &args, (80, 24));
    let screen = t.wait_for("resumed the meeting at item 2");
    assert!(screen.contains("kept across a restart"), "{screen}");
}

#[test]
fn a_small_terminal_says_so_and_recovers_when_enlarged() {
    let home = tempfile::tempdir().unwrap();
    let out_arg = home.path().join("reports").display().to_string();
    let t = Tmux::start(
        "small",
        home.path(),
        &["agendas/demo.toml", "--output-dir", &out_arg],
        (40, 10),
    );
    t.wait_for("too small");
    t.tmux(&["resize-window", "-t", "main", "-x", "80", "-y", "24"]);
    t.wait_for("Agenda 0/");
}

#[test]
fn e_opens_the_editor_and_its_text_comes_back() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reports");
    let out_arg = out.display().to_string();
    // An "editor" that appends a line to the file it is given.
    let editor = home.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\necho 'Added in the editor.' >> \"$1\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let editor_env = format!("EDITOR={}", editor.display());
    let t = Tmux::start_with(
        "editor",
        home.path(),
        &[&editor_env],
        &["agendas/wg-strategy-51.toml", "--output-dir", &out_arg],
        (100, 30),
    );
    t.wait_for("Agenda 0/");
    t.keys(&["n", "i"])
        .type_text("Typed first.")
        .keys(&["Escape"]);
    t.keys(&["e"]);
    let screen = t.wait_for("Added in the editor.");
    assert!(screen.contains("Typed first."), "{screen}");
    assert!(screen.contains("notes of item 1 updated"), "{screen}");
    let notes = std::fs::read_to_string(
        meeting_folder(&out).join("notes/01-activities-of-the-wg-strategy-for-2023.md"),
    )
    .unwrap();
    assert_eq!(notes, "Typed first.\nAdded in the editor.\n");
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_brings_the_meeting_back() {
    let home = tempfile::tempdir().unwrap();
    let out_arg = home.path().join("reports").display().to_string();
    // Job control needs a shell: a person's interactive bash in the pane.
    let t = Tmux::spawn(
        "suspend",
        &format!(
            "env HOME={} PS1='$ ' bash --norc --noprofile -i",
            home.path().display()
        ),
        (80, 24),
    );
    t.wait_for("$");
    t.type_text(&format!(
        "{} agendas/demo.toml --output-dir {out_arg}",
        env!("CARGO_BIN_EXE_agendum")
    ))
    .keys(&["Enter"]);
    t.wait_for("Agenda 0/");
    t.keys(&["n"]);
    t.wait_for("1 Welcome and adoption");
    t.keys(&["C-z"]);
    // The shell is back, with the terminal given back: no screen of agendum's left.
    let screen = t.wait_for("Stopped");
    assert!(!screen.contains("Agenda 1/"), "{screen}");
    t.type_text("fg").keys(&["Enter"]);
    t.wait_for("1 Welcome and adoption");
    t.keys(&["n"]);
    t.wait_for("2 Review of action items");
}

#[test]
fn an_unknown_theme_is_refused_with_the_themes_there_are() {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_agendum"))
        .args(["agendas/demo.toml", "--theme", "solarised"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join(".config"))
        .env("XDG_DATA_HOME", home.path().join(".local/share"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("solarised"), "{err}");
    assert!(err.contains("default, light, high-contrast"), "{err}");
}
