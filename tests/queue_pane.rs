//! The queue pane edited with its own keys, with the real binary in tmux: an entry
//! moved, its kind changed, removed and given the floor, the topic line, undo, and
//! the speaking-time view.

mod common;

use std::time::Duration;

use common::Tmux;

const AGENDA: &str = "agendas/wg-strategy-51.toml";

#[test]
fn a_queue_edited_from_the_pane_and_the_speaking_times() {
    let home = tempfile::tempdir().unwrap();
    let (t, _) = Tmux::on_agenda("queue-pane", home.path(), AGENDA, (100, 30));
    t.keys(&["n"]);
    t.wait_for("taken up (20m)");
    t.command("q+ Timea");
    t.wait_for("queued (topic, 1st of 1)");
    t.command("q+ Mark");
    t.wait_for("queued (topic, 2nd of 2)");
    t.command("q+ Raul reply");
    t.wait_for("queued (reply, 1st of 3)");
    // The queue pane: the reply, then the two topics. The last topic moves up.
    t.keys(&["Tab"]);
    t.wait_for("Enter floor");
    t.keys(&["j", "j", "K"]);
    t.wait_for("'s topic moved up to 2nd of 3 (was 3rd)");
    t.keys(&["c"]);
    t.wait_for("'s new topic is now a reply (2nd of 3)");
    t.keys(&["d"]);
    t.wait_for("'s reply removed from the queue (was 2nd); 2 still queued");
    t.keys(&["Enter"]);
    t.wait_for("has the floor (new topic, was 2nd in the queue); 1 still queued");
    t.wait_for("Topic: (not given)");
    t.keys(&["u"]);
    t.wait_for("undone: nobody has the floor");
    t.keys(&["s"]);
    let screen = t.wait_for("Speaking times");
    assert!(screen.contains("meeting"), "{screen}");
    t.keys(&["Escape"]);
    t.wait_for("Enter floor");
    t.keys(&["q"]);
    t.wait_for("the report was not written");
    t.keys(&["q"]);
    assert!(
        t.wait_gone(Duration::from_secs(10)),
        "agendum did not quit:\n{}",
        t.screen()
    );
}
