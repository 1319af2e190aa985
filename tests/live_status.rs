//! What the status line says, with the real binary in tmux: queue commands that
//! remove people, a refused duplicate, undo, a message long enough to wrap, the
//! messages overlay; and the demo, which starts fresh every time.

mod common;

use std::path::Path;
use std::time::Duration;

use common::Tmux;

const AGENDA: &str = "agendas/wg-strategy-51.toml";

/// The status message: the rows from the one that starts with `start` up to the last
/// row (the hints, or the command line), joined (a long message takes two rows).
fn status_from(screen: &str, start: &str) -> String {
    let lines: Vec<&str> = screen.lines().map(str::trim_end).collect();
    let last = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .unwrap_or_else(|| panic!("an empty screen"));
    let at = lines
        .iter()
        .position(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no status starting with {start:?}:\n{screen}"));
    lines[at..last].join(" ")
}

/// Types a command and waits for its message.
fn said(t: &Tmux, command: &str, start: &str) -> String {
    t.command(command);
    let screen = t.wait_for(start);
    status_from(&screen, start)
}

fn quit_at_once(t: &Tmux) {
    t.keys(&["q"]);
    assert!(
        t.wait_gone(Duration::from_secs(10)),
        "agendum did not quit at once:\n{}",
        t.screen()
    );
}

#[test]
fn queue_commands_say_what_they_changed_and_the_messages_keep_it() {
    let home = tempfile::tempdir().unwrap();
    let (t, _) = Tmux::on_agenda("status", home.path(), AGENDA, (100, 30));
    t.keys(&["n"]);
    t.wait_for("taken up (20m)");
    for who in ["Timea", "Mark", "Raul", "Vera", "Wout", "Nigel", "Lucien"] {
        t.command(&format!("q+ {who}"));
    }
    t.wait_for("Lucien Castex queued (topic, 7th of 7)");
    assert_eq!(
        said(&t, "q+ Timea question", "Timea Suto queued"),
        "Timea Suto queued (question, 1st of 8)"
    );
    // The same request again: refused, with where she is; the line stays.
    assert_eq!(
        said(&t, "q+ timea question", "Timea Suto is already"),
        "Timea Suto is already queued (question, 1st): not queued twice"
    );
    assert!(t.screen().contains(":q+ timea question"), "{}", t.screen());
    t.keys(&["Escape"]);
    assert_eq!(
        said(&t, "q- Timea", "Timea Suto removed"),
        "Timea Suto removed from the queue (2 entries: question and topic); 6 still queued"
    );
    assert_eq!(
        said(&t, "undo", "undone:"),
        "undone: Timea Suto is back in the queue (question, 1st; topic, 2nd)"
    );
    t.keys(&["Space"]);
    t.wait_for("Timea Suto has the floor (clarifying question); 7 still queued");
    assert_eq!(
        said(&t, "q+ Timea", "Timea Suto has the floor:"),
        "Timea Suto has the floor: not queued while speaking"
    );
    t.keys(&["Escape"]);
    // Long enough to take the second status row at 100 columns.
    let last = said(&t, "lastword Anriette", "Anriette Esterhuysen speaks last");
    assert_eq!(
        last,
        "Anriette Esterhuysen speaks last; 7 removed from the queue (Timea Suto, Mark Carvell, \
         Raúl Echeberría and 4 more); queue closed"
    );
    assert_eq!(
        said(&t, "undo", "undone:"),
        "undone: Anriette Esterhuysen's last word; 7 back in the queue; the queue is open again"
    );

    // Every message, with its time.
    t.keys(&["m"]);
    let screen = t.wait_for("Messages ");
    for shown in [
        "Timea Suto is already queued (question, 1st): not queued twice",
        "Timea Suto removed from the queue (2 entries: question and topic)",
        "Anriette Esterhuysen speaks last",
    ] {
        assert!(screen.contains(shown), "{shown}:\n{screen}");
    }
    let timed = screen
        .lines()
        .find(|l| l.contains("Timea Suto removed"))
        .unwrap();
    let time = timed.trim_start_matches(['┃', '│', ' ']);
    assert!(
        time.len() > 10 && time.as_bytes()[2] == b':' && time.as_bytes()[5] == b':',
        "no time: {timed}"
    );
    t.keys(&["Escape"]);
    t.wait_for("? help");
    assert!(!t.screen().contains("Messages "), "{}", t.screen());

    t.keys(&["q"]);
    t.wait_for("the report was not written");
    t.keys(&["q"]);
    assert!(t.wait_gone(Duration::from_secs(10)));
}

/// No meeting folder or store of the demo's is left under the home.
fn nothing_kept(home: &Path) {
    assert!(!home.join("agendum").exists());
    let meetings = home.join(".local/share/agendum/meetings");
    let kept = std::fs::read_dir(&meetings).map_or(0, |d| d.count());
    assert_eq!(kept, 0, "{}", meetings.display());
}

#[test]
fn the_demo_starts_fresh_every_time_and_quits_without_asking() {
    let home = tempfile::tempdir().unwrap();
    let tmp = home.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let tmpdir = format!("TMPDIR={}", tmp.display());
    let t = Tmux::start_with("demo", home.path(), &[&tmpdir], &[], (80, 24));
    t.wait_for("the demo: a meeting of its own, not kept");
    t.keys(&["n"]);
    t.wait_for("item 1 \"Welcome and adoption of the agenda\" taken up (5m)");
    t.command("q+ Tom");
    t.wait_for("Tom Becker queued");
    quit_at_once(&t);
    drop(t);
    nothing_kept(home.path());
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        0,
        "the demo's folder is left"
    );

    let t = Tmux::start_with("demo2", home.path(), &[&tmpdir], &[], (80, 24));
    let screen = t.wait_for("the demo: a meeting of its own, not kept");
    assert!(screen.contains("Agenda 0/"), "{screen}");
    assert!(!screen.contains("resumed"), "{screen}");
    assert!(!screen.contains("Tom Becker"), "{screen}");
    quit_at_once(&t);
    drop(t);
    nothing_kept(home.path());
}
