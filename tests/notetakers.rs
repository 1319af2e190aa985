//! The moderator's screen and a notetaker's view (`agendum notes`) as two processes
//! on one meeting folder, with an outside editor writing the same notes file: every
//! side's text reaches the other screens and the written report.

mod common;

use std::fs;
use std::time::Duration;

use common::{Tmux, folder_in, notes_file};

#[test]
fn moderator_notetaker_and_an_outside_editor_all_reach_the_report() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reports");
    let out_arg = out.display().to_string();
    let moderator = Tmux::start_with(
        "moderator",
        home.path(),
        &["USER=chair", "NO_COLOR=1"],
        &["agendas/demo.toml", "--output-dir", &out_arg],
        (110, 30),
    );
    moderator.wait_for("Agenda 0/");
    let folder = folder_in(&out);
    let folder_arg = folder.display().to_string();
    let notetaker = Tmux::start_with(
        "notetaker",
        home.path(),
        &["USER=bob", "NO_COLOR=1"],
        &["notes", &folder_arg],
        (100, 24),
    );
    notetaker.wait_for("following the moderator");

    // The moderator takes up the first item; the notetaker's view follows.
    moderator.keys(&["n"]);
    notetaker.wait_for("following the moderator: item 1");
    notetaker.keys(&["i"]).type_text("Notetaker was here.");
    notetaker.keys(&["Escape"]);

    // The moderator sees it within two seconds, and who is on the item.
    moderator.wait_for_within("Notetaker was here.", Duration::from_secs(4));
    let screen = moderator.wait_for("✎");
    assert!(screen.contains("bob@"), "{screen}");

    // The moderator adds a line of their own.
    moderator
        .keys(&["i", "Enter"])
        .type_text("Moderator said this.");
    moderator.keys(&["Escape"]);
    notetaker.wait_for_within("Moderator said this.", Duration::from_secs(4));

    // Someone edits the file in their own editor: a line at the top.
    let file = notes_file(&folder, "01-");
    let before = fs::read_to_string(&file).unwrap();
    assert!(before.contains("Notetaker was here.") && before.contains("Moderator said this."));
    fs::write(&file, format!("Outside editor line.\n{before}")).unwrap();
    moderator.wait_for_within("Outside editor line.", Duration::from_secs(4));
    notetaker.wait_for_within("Outside editor line.", Duration::from_secs(4));

    // The notetaker types on while the others have written: nothing is lost.
    notetaker
        .keys(&["i", "End", "Enter"])
        .type_text("Notetaker again.");
    notetaker.keys(&["Escape"]);
    moderator.wait_for_within("Notetaker again.", Duration::from_secs(4));
    notetaker.keys(&["q"]);
    assert!(
        notetaker.wait_gone(Duration::from_secs(8)),
        "the notetaker's view did not end"
    );

    moderator.keys(&["w"]);
    moderator.wait_for("Summary Report");
    moderator.keys(&["w"]);
    moderator.wait_for("report written");
    let report = fs::read_to_string(folder.join("report.md")).unwrap();
    for line in [
        "Notetaker was here.",
        "Moderator said this.",
        "Outside editor line.",
        "Notetaker again.",
    ] {
        assert!(
            report.contains(line),
            "{line} is not in the report:\n{report}"
        );
    }
    assert!(!report.contains("<<<<<<<"), "{report}");
    // The notetaker's view said where it was while it was there, and no longer.
    assert!(
        fs::read_dir(folder.join("notetakers"))
            .map(|d| d.count())
            .unwrap_or(0)
            == 0
    );
    moderator.keys(&["q"]);
}
