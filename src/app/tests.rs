//! The application driven by keys, as a moderator would, with the clock passed in.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::agenda::ItemRef;
use crate::meeting::{Event, Presence, QueueKind, Record};

const DEMO: &str = include_str!("../../agendas/demo.toml");

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 14, 0, 0).unwrap()
}

struct Run {
    app: App,
    now: DateTime<Utc>,
    effects: Vec<Effect>,
}

impl Run {
    fn new() -> Self {
        let agenda = crate::agenda::parse_str("demo.toml", DEMO).unwrap();
        Run {
            app: App::new(Meeting::new(agenda), t0()),
            now: t0(),
            effects: Vec::new(),
        }
    }

    /// An input a second after the last, with what the shell does meanwhile.
    fn input(&mut self, input: Input) -> &mut Self {
        self.wait(TimeDelta::seconds(1));
        let fx = self.app.handle(input, self.now);
        self.effects.extend(fx);
        let after = self.app.after_frame(self.now);
        self.effects.extend(after.into_iter().flatten());
        self
    }

    /// The shell waiting for input this long: it wakes when the typing is due to be
    /// handed over, and asks for it once the wake's frame is out.
    fn wait(&mut self, long: TimeDelta) {
        let until = self.now + long;
        while let Some(due) = self.app.notes.save_due_in(self.now)
            && self.now + TimeDelta::from_std(due).unwrap() <= until
        {
            self.now += TimeDelta::from_std(due).unwrap();
            let fx = self.app.handle(Input::Tick, self.now);
            self.effects.extend(fx);
            let after = self.app.after_frame(self.now);
            assert!(after.is_some(), "woken at {} for nothing", self.now);
            self.effects.extend(after.into_iter().flatten());
        }
        self.now = until;
    }

    fn keys(&mut self, keys: &str) -> &mut Self {
        for c in keys.chars() {
            self.input(Input::Key(Key::Char(c)));
        }
        self
    }

    fn key(&mut self, k: Key) -> &mut Self {
        self.input(Input::Key(k))
    }

    fn command(&mut self, line: &str) -> &mut Self {
        self.keys(":").keys(line).key(Key::Enter)
    }

    fn events(&self) -> Vec<&Event> {
        self.effects
            .iter()
            .filter_map(|e| match e {
                Effect::Record(r) => Some(&r.event),
                _ => None,
            })
            .collect()
    }

    /// The meeting rebuilt from what was journalled: it must be the one on screen.
    fn replayed(&self) -> Meeting {
        let records: Vec<Record> = self
            .effects
            .iter()
            .filter_map(|e| match e {
                Effect::Record(r) => Some(r.clone()),
                _ => None,
            })
            .collect();
        let (m, skipped) = Meeting::replay(self.app.meeting.agenda.clone(), &records);
        assert_eq!(skipped, vec![]);
        m
    }

    fn status(&self) -> String {
        self.app
            .status
            .as_ref()
            .map_or(String::new(), |s| s.text.clone())
    }
}

#[test]
fn n_takes_up_items_in_order_and_journals_each() {
    let mut r = Run::new();
    r.keys("n");
    assert_eq!(r.app.meeting.current.map(|c| c.label()), Some("1".into()));
    r.keys("nn");
    assert_eq!(r.app.meeting.current.map(|c| c.label()), Some("3".into()));
    r.keys("n");
    assert_eq!(r.app.meeting.current.map(|c| c.label()), Some("3a".into()));
    r.keys("p");
    assert_eq!(r.app.meeting.current.map(|c| c.label()), Some("3".into()));
    let takes: Vec<_> = r
        .events()
        .into_iter()
        .filter(|e| matches!(e, Event::TakeUp { .. }))
        .collect();
    assert_eq!(takes.len(), 5);
}

#[test]
fn the_queue_with_h_and_space() {
    let mut r = Run::new();
    r.keys("n")
        .keys("h")
        .keys("ines")
        .key(Key::Enter)
        .key(Key::Enter);
    assert_eq!(r.app.mode, Mode::Normal);
    assert_eq!(r.app.meeting.queue.waiting[0].who, "Inés Ramírez Ortega");
    assert!(r.status().contains("queued"), "{}", r.status());
    // A reply, chosen with Tab in the picker.
    r.keys("h")
        .keys("tom")
        .key(Key::Tab)
        .key(Key::Enter)
        .key(Key::Enter);
    let w = &r.app.meeting.queue.waiting;
    assert_eq!(
        (w[0].who.as_str(), w[0].kind),
        ("Tom Becker", QueueKind::Reply)
    );
    r.keys(" ");
    assert_eq!(
        r.app.meeting.queue.speaker.as_ref().map(|s| s.who.as_str()),
        Some("Tom Becker")
    );
    // An accidental second Space is taken back with u.
    r.keys(" ").keys("u");
    assert_eq!(
        r.app.meeting.queue.speaker.as_ref().map(|s| s.who.as_str()),
        Some("Tom Becker")
    );
    assert_eq!(r.app.meeting.queue.waiting.len(), 1);
}

#[test]
fn taking_up_an_item_with_people_queued_asks_once() {
    let mut r = Run::new();
    r.keys("n").command("q+ Tom");
    r.keys("n");
    assert_eq!(r.app.meeting.current.map(|c| c.label()), Some("1".into()));
    assert!(
        r.status().contains("1 person is still queued"),
        "{}",
        r.status()
    );
    r.keys("n");
    assert_eq!(r.app.meeting.current.map(|c| c.label()), Some("2".into()));
    assert!(r.app.meeting.queue.waiting.is_empty());
    // Any other key in between cancels the confirmation.
    r.command("q+ Tom");
    r.keys("n").keys("j").keys("n");
    assert_eq!(r.app.meeting.current.map(|c| c.label()), Some("2".into()));
}

#[test]
fn item_n_with_people_queued_warns_and_enter_again_confirms() {
    let mut r = Run::new();
    r.keys("n").command("q+ Tom").command("item 3");
    assert!(
        r.status().contains("Enter again to take up item 3"),
        "{}",
        r.status()
    );
    assert!(matches!(&r.app.mode, Mode::Command(l) if l.text() == "item 3"));
    assert_eq!(r.app.meeting.current.map(|c| c.label()), Some("1".into()));
    r.key(Key::Enter);
    assert_eq!(r.app.mode, Mode::Normal);
    assert_eq!(r.app.meeting.current.map(|c| c.label()), Some("3".into()));
    assert_eq!(
        r.status(),
        "item 3 \"Metadata profile, draft 0.3\" taken up (25m); item 1 closed at 0:17/5m; 1 \
         dropped from the queue (Tom Becker)"
    );
}

#[test]
fn notes_typed_in_place_reach_the_meeting_and_the_journal() {
    let mut r = Run::new();
    r.keys("n").keys("i").keys("Welcome all.");
    assert_eq!(r.app.mode, Mode::Notes);
    // A second between keys here: typing that stops is handed over by the deadline,
    // without waiting for the second's tick.
    assert_eq!(r.app.meeting.notes[0], "Welcome all");
    r.wait(NotesEditor::SAVE_WITHIN);
    assert_eq!(r.app.meeting.notes[0], "Welcome all.");
    r.input(Input::Tick);
    assert_eq!(r.app.meeting.notes[0], "Welcome all.");
    r.key(Key::Enter)
        .keys("DECISION: agenda adopted")
        .key(Key::Esc);
    assert_eq!(r.app.mode, Mode::Normal);
    assert_eq!(
        r.app.meeting.notes[0],
        "Welcome all.\nDECISION: agenda adopted"
    );
    assert_eq!(r.app.notes.extracted().entries.len(), 1);
    // Journalled as a patch of the shared text, not the whole text again.
    assert!(r.events().iter().any(|e| matches!(
        e,
        Event::NotesPatch { item: 1, patch, file: None } if patch.len() < 200
    )));
    assert_eq!(r.replayed().notes, r.app.meeting.notes);
    // The next item shows its own notes; the first item's are kept.
    r.keys("n");
    assert_eq!(r.app.notes.item, 1);
    assert_eq!(r.app.notes.text(), "");
    assert!(r.app.meeting.notes[0].starts_with("Welcome all."));
}

#[test]
fn an_item_change_in_the_middle_of_typing_loses_nothing() {
    let mut r = Run::new();
    r.keys("n").keys("i").keys("half a thought");
    // No tick: the text is still only in the editor when the item changes.
    r.key(Key::Esc).keys("n");
    assert_eq!(r.app.meeting.notes[0], "half a thought");
}

#[test]
fn commands_write_labelled_lines_into_the_notes_being_edited() {
    let mut r = Run::new();
    r.keys("n").keys("i").keys("typed first").key(Key::Esc);
    r.command("action Tom: circulate the draft due 2026-12-01");
    r.command("decision the agenda is adopted");
    assert_eq!(
        r.app.notes.text(),
        "typed first\nACTION: Tom: circulate the draft due 2026-12-01\n\
         DECISION: the agenda is adopted\n"
    );
    assert_eq!(r.app.notes.extracted().entries.len(), 2);
}

#[test]
fn a_bad_command_says_why_changes_nothing_and_keeps_the_line() {
    let mut r = Run::new();
    r.keys("n");
    let before = r.events().len();
    r.command("q+ Nobody Atall");
    assert!(r.status().contains("unknown participant"), "{}", r.status());
    assert_eq!(r.events().len(), before);
    match &r.app.mode {
        Mode::Command(line) => assert_eq!(line.text(), "q+ Nobody Atall"),
        m => panic!("the command line closed: {m:?}"),
    }
    r.key(Key::Esc);
    assert_eq!(r.app.mode, Mode::Normal);
    // The history brings a command back.
    r.keys(":").key(Key::Up);
    match &r.app.mode {
        Mode::Command(line) => assert_eq!(line.text(), "q+ Nobody Atall"),
        m => panic!("{m:?}"),
    }
}

#[test]
fn a_change_made_elsewhere_is_merged_into_notes_being_typed() {
    let mut r = Run::new();
    r.keys("n").keys("i").keys("Mine.");
    r.input(Input::Tick);
    r.key(Key::Enter).keys("Second.");
    r.input(Input::Tick);
    // A notetaker saved the file with a line of their own (they read it before
    // "Second." reached it), while the moderator goes on typing.
    r.keys(" More");
    let fx = r.app.notes_found(0, "Theirs.\nMine.", r.now);
    r.effects.extend(fx);
    assert_eq!(r.app.meeting.notes[0], "Theirs.\nMine.\nSecond. More");
    // Typing goes on where it was.
    r.keys("!").key(Key::Esc);
    assert_eq!(r.app.meeting.notes[0], "Theirs.\nMine.\nSecond. More!");
    assert_eq!(r.replayed().notes, r.app.meeting.notes);
    assert!(r.status().contains("taken in"), "{}", r.status());
    assert!(r.app.shared.edited_elsewhere(0, r.now));
}

#[test]
fn the_same_line_changed_on_both_sides_keeps_both_changes_without_markers() {
    let mut r = Run::new();
    r.keys("n").keys("i").keys("Intro.").key(Key::Enter);
    r.keys("Shared line.").key(Key::Esc);
    // Both sides rewrite the same line: the notetaker from the line as it was.
    r.keys("i")
        .key(Key::Backspace)
        .keys(" (moderator)")
        .key(Key::Esc);
    let fx = r
        .app
        .notes_found(0, "Intro.\nShared line (notetaker)", r.now);
    r.effects.extend(fx);
    let notes = r.app.meeting.notes[0].clone();
    assert!(
        notes.contains(" (moderator)") && notes.contains(" (notetaker)"),
        "{notes:?}"
    );
    assert_eq!(notes.matches("Intro.").count(), 1, "{notes:?}");
    assert!(r.app.shared.conflicted().is_empty());
    assert_eq!(r.replayed().notes, r.app.meeting.notes);
}

#[test]
fn conflict_markers_in_the_notes_are_asked_about_before_the_report() {
    let mut r = Run::new();
    r.keys("n");
    r.app.notes_from_editor(
        0,
        Ok("<<<<<<< mine\nA\n=======\nB\n>>>>>>> theirs\n".into()),
    );
    assert_eq!(r.app.shared.conflicted(), vec![0]);
    r.keys("w").keys("w");
    assert!(
        !r.effects
            .iter()
            .any(|e| matches!(e, Effect::WriteReport(_)))
    );
    assert_eq!(
        r.status(),
        "item 1's notes hold a conflict (line 1): the report would show both texts. y writes \
         it so; Esc goes back to resolve them (keep the text that stands, delete the marker \
         lines)"
    );
    // Not the same key again: w asks again, only y writes.
    r.keys("w");
    assert!(
        !r.effects
            .iter()
            .any(|e| matches!(e, Effect::WriteReport(_)))
    );
    r.keys("y");
    assert!(
        r.effects
            .iter()
            .any(|e| matches!(e, Effect::WriteReport(_)))
    );
    // Resolved: the markers edited away, nothing is asked.
    r.input(Input::Key(Key::Char(':')));
    r.key(Key::Esc);
    r.app.notes_from_editor(0, Ok("A and B".into()));
    assert!(r.app.shared.conflicted().is_empty());
}

#[test]
fn quitting_without_a_report_asks_and_writing_it_does_not() {
    let mut r = Run::new();
    r.keys("n").keys("q");
    assert!(!r.effects.contains(&Effect::Quit));
    assert!(
        r.status().contains("report was not written"),
        "{}",
        r.status()
    );
    r.keys("w");
    let text = match &r.app.mode {
        Mode::Preview { text, .. } => text.clone(),
        m => panic!("no preview: {m:?}"),
    };
    assert!(text.contains("## Summary Report"), "{text}");
    r.keys("w");
    assert!(r.effects.contains(&Effect::WriteReport(text)));
    let fx = r.app.report_written(Ok(crate::folder::Written {
        path: "/tmp/x/report.md".into(),
        also: vec!["/tmp/x/report.docx".into(), "/tmp/x/report.html".into()],
        kept: vec!["/tmp/x/report.1.docx".into()],
    }));
    assert!(matches!(
        fx.as_slice(),
        [Effect::Record(rec)] if matches!(rec.event, Event::ReportWritten { .. })
    ));
    assert!(r.status().contains("/tmp/x/report.md"), "{}", r.status());
    assert!(
        r.status().contains("report.docx and report.html")
            && r.status().contains("kept as /tmp/x/report.1.docx"),
        "{}",
        r.status()
    );
    r.keys("q");
    assert!(r.effects.contains(&Effect::Quit));
}

#[test]
fn ctrl_c_saves_the_notes_and_asks_like_q() {
    let mut r = Run::new();
    r.keys("n").keys("i").keys("last words");
    r.key(Key::Ctrl('c'));
    assert_eq!(r.app.meeting.notes[0], "last words");
    assert!(!r.effects.contains(&Effect::Quit));
    r.key(Key::Ctrl('c'));
    assert!(r.effects.contains(&Effect::Quit));
}

#[test]
fn a_new_name_in_the_picker_becomes_a_guest_after_a_yes() {
    let mut r = Run::new();
    r.keys("n").keys("h").keys("Zoe Visitor").key(Key::Enter);
    match &r.app.mode {
        Mode::Picker(p) => assert_eq!(p.confirm_guest.as_deref(), Some("Zoe Visitor")),
        m => panic!("{m:?}"),
    }
    assert!(r.app.meeting.attendance.guests.is_empty());
    r.keys("y").key(Key::Enter);
    assert_eq!(r.app.meeting.attendance.guests[0].name, "Zoe Visitor");
    assert_eq!(r.app.meeting.queue.waiting[0].who, "Zoe Visitor");
    // A no leaves everything as it was.
    r.keys("h").keys("Another Person").key(Key::Enter).keys("n");
    assert_eq!(r.app.meeting.attendance.guests.len(), 1);
}

#[test]
fn the_attendance_panel_marks_presence_apologies_and_guests() {
    let mut r = Run::new();
    r.keys("r").keys(" ").keys("!");
    let roster = &r.app.meeting.attendance.roster;
    assert_eq!(
        (roster[0], roster[1]),
        (Presence::Present, Presence::Regrets)
    );
    r.key(Key::Up).key(Key::Up).keys("-");
    assert_eq!(r.app.meeting.attendance.roster[0], Presence::Absent);
    r.keys("+").keys("Zoe Visitor, ACME").key(Key::Enter);
    let g = &r.app.meeting.attendance.guests[0];
    assert_eq!(
        (g.name.as_str(), g.affiliation.as_deref(), g.presence),
        ("Zoe Visitor", Some("ACME"), Presence::Present)
    );
    r.key(Key::Esc);
    assert_eq!(r.app.mode, Mode::Normal);
}

#[test]
fn t_pauses_and_resumes_the_timers() {
    let mut r = Run::new();
    r.keys("n").keys("t");
    assert!(r.app.meeting.paused);
    let cur = r.app.meeting.current.unwrap();
    let spent = r.app.meeting.spent(cur, r.now);
    r.input(Input::Tick).input(Input::Tick);
    assert_eq!(r.app.meeting.spent(cur, r.now), spent);
    r.keys("t");
    assert!(!r.app.meeting.paused);
}

#[test]
fn a_paste_in_normal_mode_becomes_notes_not_keys() {
    let mut r = Run::new();
    r.keys("n");
    r.input(Input::Paste("q\nnnn\u{1b}[2J".into()));
    assert_eq!(r.app.meeting.current.map(|c| c.label()), Some("1".into()));
    assert!(!r.effects.contains(&Effect::Quit));
    assert_eq!(r.app.meeting.notes[0], "q\nnnn");
    // One paste is one undo step.
    r.key(Key::Ctrl('u'));
    assert_eq!(r.app.notes.text(), "");
}

#[test]
fn enter_on_the_queue_gives_the_selected_person_the_floor() {
    let mut r = Run::new();
    r.keys("n").command("q+ Tom").command("q+ Priya");
    r.key(Key::Tab).keys("j").key(Key::Enter);
    assert_eq!(r.app.focus, Pane::Queue);
    assert_eq!(
        r.app.meeting.queue.speaker.as_ref().map(|s| s.who.as_str()),
        Some("Priya Nair")
    );
}

#[test]
fn e_hands_the_notes_to_the_editor_and_takes_them_back() {
    let mut r = Run::new();
    r.keys("n").keys("i").keys("draft").key(Key::Ctrl('e'));
    assert!(r.effects.contains(&Effect::OpenEditor { item: 0 }));
    assert_eq!(r.app.meeting.notes[0], "draft");
    let fx = r
        .app
        .notes_from_editor(0, Ok("draft\nfrom vim\u{1b}[31m\n".into()));
    assert_eq!(fx.len(), 1);
    // The copy was a file: its last line break was the file's, not the notes'.
    assert_eq!(r.app.notes.text(), "draft\nfrom vim");
    let fx = r.app.notes_from_editor(0, Err("vi exited with 1".into()));
    assert!(fx.is_empty());
    assert_eq!(r.app.meeting.notes[0], "draft\nfrom vim");
}

/// Keys a moderator might press, deletion and undo of notes left out, so that every
/// character typed into the notes must still be somewhere in them at the end.
fn a_key() -> impl Strategy<Value = Key> {
    prop_oneof![
        4 => prop::sample::select(vec![
            'n', 'p', 'i', 'h', 'r', 'w', 'q', ' ', 'u', 't', 'j', 'k', '?', ':', 'a', 'g',
            'x', 'y', 'm', '1', 'é',
        ])
        .prop_map(Key::Char),
        1 => prop::sample::select(vec![
            Key::Enter,
            Key::Esc,
            Key::Tab,
            Key::BackTab,
            Key::Up,
            Key::Down,
            Key::Left,
            Key::Right,
            Key::Home,
            Key::End,
            Key::PageUp,
            Key::PageDown,
            Key::Ctrl('c'),
            Key::Ctrl('e'),
        ]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_keys_never_panic_and_never_lose_typed_notes(keys in prop::collection::vec(a_key(), 0..400)) {
        let mut r = Run::new();
        let mut typed = 0usize;
        for k in keys {
            let in_notes = r.app.mode == Mode::Notes;
            let before = r.app.notes.text().chars().count();
            r.key(k);
            if in_notes && r.app.mode == Mode::Notes && matches!(k, Key::Char(_)) {
                prop_assert_eq!(r.app.notes.text().chars().count(), before + 1);
                typed += 1;
            }
            // Whatever the editor shows is what the meeting holds after the next tick.
            r.input(Input::Tick);
            let item = r.app.notes.item;
            prop_assert_eq!(&r.app.meeting.notes[item], &r.app.notes.text());
        }
        let kept: usize = r
            .app
            .meeting
            .notes
            .iter()
            .map(|n| n.chars().filter(|c| *c != '\n').count())
            .sum();
        prop_assert!(kept >= typed, "typed {} characters, {} kept", typed, kept);
        // And the journal holds all of it.
        prop_assert_eq!(&r.replayed().notes, &r.app.meeting.notes);
    }
}

#[test]
fn typing_is_handed_over_when_the_clock_is_set_back() {
    let mut r = Run::new();
    r.keys("n").keys("i");
    let fx = r.app.handle(Input::Key(Key::Char('x')), r.now);
    r.effects.extend(fx);
    // The system's clock is stepped an hour back (NTP, a laptop's sleep).
    r.now -= TimeDelta::hours(1);
    let fx = r.app.handle(Input::Key(Key::Char('y')), r.now);
    r.effects.extend(fx);
    assert_eq!(
        r.app.notes.save_due_in(r.now),
        Some(std::time::Duration::ZERO),
        "the shell would wait an hour"
    );
    let after = r.app.after_frame(r.now).expect("due at once");
    r.effects.extend(after);
    assert_eq!(r.replayed().notes[0], "xy");
}

#[test]
fn steady_typing_is_handed_over_in_a_pause_and_by_the_deadline() {
    let mut r = Run::new();
    r.keys("n").keys("i");
    let start = r.now;
    let mut last_saved = start;
    // A key every 100 ms for five seconds: every character typed is in the journal's
    // notes no later than the deadline after it was typed, handed over in a pause
    // after a key, never while one is handled.
    for k in 0..50 {
        let before = r.events().len();
        r.wait(start + TimeDelta::milliseconds(100 * k) - r.now);
        if r.events().len() > before {
            last_saved = r.now;
            // In the pause after the last key.
            assert!(r.now - (start + TimeDelta::milliseconds(100 * (k - 1))) >= NotesEditor::IDLE);
        }
        assert!(
            r.now - last_saved <= NotesEditor::SAVE_WITHIN,
            "nothing saved between {last_saved} and {}",
            r.now
        );
        let before = r.events().len();
        let fx = r.app.handle(Input::Key(Key::Char('x')), r.now);
        r.effects.extend(fx);
        assert_eq!(
            r.app.after_frame(r.now),
            None,
            "handed over in front of the next key"
        );
        assert_eq!(r.events().len(), before, "handed over before the frame");
    }
    assert!(r.replayed().notes[0].len() >= 45);
    // Keys that come faster than any pause: handed over by the deadline, after a frame.
    let start = r.now;
    last_saved = start;
    for k in 1..=100 {
        r.now = start + TimeDelta::milliseconds(10 * k);
        let before = r.events().len();
        let fx = r.app.handle(Input::Key(Key::Char('y')), r.now);
        r.effects.extend(fx);
        r.effects
            .extend(r.app.after_frame(r.now).into_iter().flatten());
        if r.events().len() > before {
            last_saved = r.now;
        }
        assert!(r.now - last_saved <= NotesEditor::SAVE_WITHIN);
    }
    // Typing stops: the shell wakes by the deadline and hands over after that frame.
    r.wait(NotesEditor::SAVE_WITHIN);
    assert_eq!(r.app.notes.save_due_in(r.now), None);
    assert_eq!(r.replayed().notes[0].len(), 150);
}

// ---------------------------------------------------------------- the agenda in the meeting

fn label(r: &Run) -> Option<String> {
    r.app.meeting.current.map(|c| c.label())
}

#[test]
fn agenda_plus_adds_an_item_that_is_journalled_said_and_undone() {
    let mut r = Run::new();
    r.keys("n").command("agenda+ Budget for 2027 10m");
    assert_eq!(r.status(), "added item 7 \"Budget for 2027\" (10m)");
    assert!(r.events().contains(&&Event::AddItem {
        title: "Budget for 2027".into(),
        timebox: Some("10m".into()),
        under: None,
    }));
    // Without a timebox, the agenda's default; a sub-item goes under its item.
    r.command("agenda+ Next steps");
    assert_eq!(r.status(), "added item 8 \"Next steps\" (10m)");
    // The selection stays on its item while a sub-item is added above it.
    r.keys("jjjjj");
    assert_eq!(r.app.meeting.points[r.app.selected].0.label(), "4");
    r.command("agenda+ 3 Glossary 5m");
    assert_eq!(r.status(), "added item 3c \"Glossary\" (5m)");
    assert_eq!(r.app.meeting.points[r.app.selected].0.label(), "4");
    // Undone like any agenda action, by u or :undo, saying what went.
    r.keys("u");
    assert_eq!(r.status(), "undone: item 3c \"Glossary\" is off the agenda");
    r.command("undo");
    assert_eq!(
        r.status(),
        "undone: item 8 \"Next steps\" is off the agenda"
    );
    assert_eq!(r.app.meeting.agenda.items.len(), 7);
    assert_eq!(r.app.meeting.points[r.app.selected].0.label(), "4");
    // A bad one says why and changes nothing.
    r.command("agenda+ 9 Orphan");
    assert!(r.status().contains("there is no item 9"), "{}", r.status());
    r.key(Key::Esc);
    // Its notes are typed and journalled like any other item's.
    r.command("item 7")
        .keys("i")
        .keys("Budget agreed.")
        .key(Key::Esc);
    assert_eq!(label(&r), Some("7".into()));
    assert_eq!(r.app.meeting.notes[6], "Budget agreed.");
    assert!(
        r.events()
            .iter()
            .any(|e| matches!(e, Event::NotesPatch { item: 7, .. }))
    );
    let replayed = r.replayed();
    assert_eq!(replayed.agenda.items.len(), 7);
    assert_eq!(replayed.notes, r.app.meeting.notes);
    assert_eq!(replayed.current, r.app.meeting.current);
    // Once it has notes, undo leaves it on the agenda.
    // (The close and the take-up first.)
    r.command("close").keys("uuu");
    assert!(r.status().contains("has notes now"), "{}", r.status());
    assert_eq!(r.app.meeting.agenda.items.len(), 7);
}

#[test]
fn close_ends_the_item_and_q_close_still_closes_the_queue() {
    let mut r = Run::new();
    r.keys("n").command("q close");
    assert!(r.app.meeting.queue.closed);
    assert_eq!(label(&r), Some("1".into()));
    r.command("q open").command("q+ Tom").command("close");
    // People queued: asked once, Enter again closes.
    assert!(
        r.status()
            .contains("1 person is still queued: Enter again to close item 1 anyway"),
        "{}",
        r.status()
    );
    r.key(Key::Enter);
    assert_eq!(label(&r), None);
    assert_eq!(
        r.status(),
        "item 1 closed at 0:33/5m: no item is being discussed; n takes up item 2; 1 dropped \
         from the queue (Tom Becker)"
    );
    assert_eq!(
        r.app.meeting.state(ItemRef::item(0)),
        crate::meeting::State::Done
    );
    // Its timer stopped.
    let spent = r.app.meeting.spent(ItemRef::item(0), r.now);
    r.input(Input::Tick);
    assert_eq!(r.app.meeting.spent(ItemRef::item(0), r.now), spent);
    r.command("close");
    assert_eq!(r.status(), "no item is being discussed");
    r.key(Key::Esc).keys("n");
    assert_eq!(label(&r), Some("2".into()));
}

#[test]
fn the_end_of_the_agenda_stops_the_meeting_clock_and_n_says_how_to_go_back() {
    let mut r = Run::new();
    for _ in 0..8 {
        r.keys("n");
    }
    assert_eq!(label(&r), Some("6".into()));
    r.keys("n");
    assert_eq!(label(&r), None);
    assert_eq!(
        r.status(),
        "item 6 closed at 0:01/10m: the agenda is done; w writes the report"
    );
    assert!(r.app.meeting.agenda_done());
    let elapsed = r.app.meeting.elapsed(r.now);
    r.input(Input::Tick);
    assert_eq!(r.app.meeting.elapsed(r.now + TimeDelta::hours(1)), elapsed);
    // n does not surprise: it says the agenda is done and how to reopen an item.
    let before = r.events().len();
    r.keys("n");
    assert_eq!(
        r.status(),
        "the agenda is done: :item N reopens an item, w writes the report"
    );
    assert_eq!(r.events().len(), before);
    // :close on the last item ends it the same way.
    r.command("item 6");
    assert_eq!(
        r.status(),
        "item 6 taken up again: the meeting clock runs on"
    );
    assert!(r.app.meeting.elapsed(r.now) > elapsed);
    r.command("close");
    assert!(r.status().contains("the agenda is done"), "{}", r.status());
    // p takes the last item up again.
    r.keys("p");
    assert_eq!(label(&r), Some("6".into()));
    assert_eq!(r.app.meeting.ended, None);
    // An item added after the end is what n takes up next.
    r.keys("n").command("agenda+ Late item");
    r.keys("n");
    assert_eq!(label(&r), Some("7".into()));
    assert_eq!(r.replayed().ended, r.app.meeting.ended);
}

#[test]
fn an_agenda_not_dated_today_is_said_at_start_in_the_meetings_time_zone() {
    let agenda = crate::agenda::parse_str("demo.toml", DEMO).unwrap();
    // The demo is dated 26 November 2026.
    let app = App::new(Meeting::new(agenda.clone()), t0());
    assert_eq!(app.date_notice(), None);
    let mut app = App::new(Meeting::new(agenda), t0() - TimeDelta::days(300));
    assert_eq!(
        app.date_notice().as_deref(),
        Some("this agenda is dated 26 November 2026 (not today)")
    );
    app.greet(
        Level::Info,
        "meeting folder: /srv/x · n starts the first item",
    );
    let s = app.status.clone().unwrap();
    assert_eq!(s.level, Level::Warning);
    assert_eq!(
        s.text,
        "this agenda is dated 26 November 2026 (not today) · meeting folder: /srv/x · n starts \
         the first item"
    );
    // Resumed, what was found comes first.
    app.meeting.started = Some(t0());
    app.greet(Level::Info, "resumed the meeting at item 2");
    assert_eq!(
        app.status.unwrap().text,
        "resumed the meeting at item 2 · this agenda is dated 26 November 2026 (not today)"
    );
    // 23:30 UTC on the 25th is already the 26th at +02:00.
    let east = DEMO.replace("timezone = \"UTC\"", "timezone = \"+02:00\"");
    let agenda = crate::agenda::parse_str("demo.toml", &east).unwrap();
    let late = Utc.with_ymd_and_hms(2026, 11, 25, 23, 30, 0).unwrap();
    assert_eq!(
        App::new(Meeting::new(agenda.clone()), late).date_notice(),
        None
    );
    let mut app = App::new(Meeting::new(agenda), late - TimeDelta::hours(2));
    assert!(app.date_notice().is_some());
    app.greet(Level::Info, "x");
    assert!(app.status.unwrap().text.contains("(not today)"));
}

#[test]
fn typing_is_undone_a_word_at_a_time_with_ctrl_u() {
    let mut r = Run::new();
    r.keys("n").keys("i").keys("The budget was agreed");
    r.key(Key::Ctrl('u'));
    assert_eq!(r.app.notes.text(), "The budget was ");
    r.key(Key::Ctrl('u')).key(Key::Ctrl('u'));
    assert_eq!(r.app.notes.text(), "The ");
    r.key(Key::Ctrl('r'));
    assert_eq!(r.app.notes.text(), "The budget ");
    r.key(Key::Esc);
    assert_eq!(r.app.meeting.notes[0], "The budget ");
}

#[test]
fn a_paste_is_its_own_paragraph_out_of_editing_and_lands_at_the_cursor_in_it() {
    let mut r = Run::new();
    r.keys("n").keys("i").keys("some notes").key(Key::Esc);
    // Not editing: after the notes, never glued to their last line.
    r.input(Input::Paste("ACTION: Lars: check the figures".into()));
    assert_eq!(r.app.mode, Mode::Notes);
    assert_eq!(
        r.app.meeting.notes[0],
        "some notes\nACTION: Lars: check the figures"
    );
    // Editing: at the cursor, several lines as typed.
    r.key(Key::Up).key(Key::End);
    r.input(Input::Paste(", in brief:\n- one\n- two".into()));
    assert_eq!(
        r.app.meeting.notes[0],
        "some notes, in brief:\n- one\n- two\nACTION: Lars: check the figures"
    );
    // A labelled line pasted mid-line starts (and ends) a line of its own.
    r.key(Key::Left).key(Key::Left).key(Key::Left);
    r.input(Input::Paste("DECISION: adopted".into()));
    assert_eq!(
        r.app.meeting.notes[0],
        "some notes, in brief:\n- one\n- \nDECISION: adopted\ntwo\nACTION: Lars: check the figures"
    );
    assert_eq!(r.app.notes.extracted().entries.len(), 2);
    // One paste, one undo step.
    r.key(Key::Ctrl('u'));
    assert_eq!(
        r.app.notes.text(),
        "some notes, in brief:\n- one\n- two\nACTION: Lars: check the figures"
    );
}

// ---------------------------------------------------------------- what the status line says

/// The status line's level.
fn level(r: &Run) -> Option<Level> {
    r.app.status.as_ref().map(|s| s.level)
}

/// A command refused: it says why, changes nothing, and stays on the line.
#[track_caller]
fn refused(r: &mut Run, line: &str, why: &str) {
    let before = r.events().len();
    r.command(line);
    assert_eq!(r.status(), why);
    assert_eq!(level(r), Some(Level::Error), "{line}");
    assert_eq!(r.events().len(), before, "{line} changed the meeting");
    match &r.app.mode {
        Mode::Command(l) => assert_eq!(l.text(), line),
        m => panic!("{line}: the line closed: {m:?}"),
    }
    r.key(Key::Esc);
}

#[test]
fn lastword_names_who_speaks_last_and_who_left_the_queue_and_undo_says_what_came_back() {
    let mut r = Run::new();
    r.keys("n");
    for who in ["Tom", "Priya", "Lars", "Amina", "Dan", "Sophie", "Hiroshi"] {
        r.command(&format!("q+ {who}"));
    }
    assert_eq!(r.status(), "Hiroshi Tanaka queued (topic, 7th of 7)");
    r.command("lastword ines");
    assert_eq!(
        r.status(),
        "Inés Ramírez Ortega speaks last; 7 removed from the queue (Tom Becker, Priya Nair, \
         Lars Eriksen and 4 more); queue closed"
    );
    r.command("undo");
    assert_eq!(
        r.status(),
        "undone: Inés Ramírez Ortega's last word; 7 back in the queue; the queue is open again"
    );
    assert_eq!(r.app.meeting.queue.waiting.len(), 7);
    // The one with the floor speaks last: the queue is emptied.
    r.keys(" ");
    r.command("lastword Tom");
    assert_eq!(
        r.status(),
        "Tom Becker has the floor and speaks last; 6 removed from the queue (Priya Nair, Lars \
         Eriksen, Amina Yusuf and 3 more); queue closed"
    );
    r.command("q open").command("lastword Priya");
    assert_eq!(
        r.status(),
        "Priya Nair speaks last; nobody else was queued; queue closed"
    );
    assert_eq!(r.replayed().queue, r.app.meeting.queue);
}

#[test]
fn queue_commands_say_who_where_and_how_many() {
    let mut r = Run::new();
    r.keys("n").command("q+ Tom");
    assert_eq!(r.status(), "Tom Becker queued (topic, 1st of 1)");
    r.command("q+ Tom question");
    assert_eq!(r.status(), "Tom Becker queued (question, 1st of 2)");
    r.command("q+ Priya reply to the timeline");
    assert_eq!(
        r.status(),
        "Priya Nair queued (reply — the timeline, 2nd of 3)"
    );
    r.command("q- Tom");
    assert_eq!(
        r.status(),
        "Tom Becker removed from the queue (2 entries: question and topic); 1 still queued"
    );
    r.command("q- Priya");
    assert_eq!(
        r.status(),
        "Priya Nair removed from the queue (reply — the timeline); the queue is empty"
    );
    refused(&mut r, "q- Priya", "Priya Nair is not in the queue");
    r.command("q close");
    assert_eq!(
        r.status(),
        "queue closed: only points of order may join; q open reopens it"
    );
    refused(
        &mut r,
        "q+ Lars",
        "the queue is closed: only points of order may join (q open reopens it); Lars Eriksen \
         was not queued",
    );
    r.command("q+ Lars order");
    assert_eq!(r.status(), "Lars Eriksen queued (order, 1st of 1)");
    r.command("q open");
    assert_eq!(
        r.status(),
        "queue reopened: anyone may join; 1 still queued"
    );
    refused(&mut r, "q open", "the queue is already open");
    assert_eq!(r.replayed().queue, r.app.meeting.queue);
}

#[test]
fn a_second_request_of_the_same_kind_and_the_speaker_queuing_again_are_refused() {
    let mut r = Run::new();
    r.keys("n").command("q+ Tom question").command("q+ Priya");
    refused(
        &mut r,
        "q+ Tom question",
        "Tom Becker is already queued (question, 1st): not queued twice",
    );
    refused(
        &mut r,
        "q+ priya",
        "Priya Nair is already queued (topic, 2nd): not queued twice",
    );
    // Another kind is another request: a point of order while a topic waits.
    r.command("q+ Priya order");
    assert_eq!(r.status(), "Priya Nair queued (order, 1st of 3)");
    r.keys(" ");
    assert_eq!(
        r.status(),
        "Priya Nair has the floor (point of order); 2 still queued"
    );
    for line in ["q+ Priya", "q+ Priya order", "q+ Priya question"] {
        refused(
            &mut r,
            line,
            "Priya Nair has the floor: not queued while speaking",
        );
    }
    refused(&mut r, "ack Priya", "Priya Nair has the floor already");
    // Her topic waits: q- takes it off; then there is nothing of hers to take off.
    r.command("q- Priya");
    assert_eq!(
        r.status(),
        "Priya Nair removed from the queue (topic); 1 still queued"
    );
    refused(
        &mut r,
        "q- Priya",
        "Priya Nair has the floor and is not in the queue (Space ends the turn)",
    );
    // The picker refuses the same way.
    r.keys("h")
        .keys("tom")
        .key(Key::Tab)
        .key(Key::Tab)
        .key(Key::Enter)
        .key(Key::Enter);
    assert_eq!(
        r.status(),
        "Tom Becker is already queued (question, 1st): not queued twice"
    );
    assert_eq!(level(&r), Some(Level::Error));
    assert_eq!(r.app.meeting.queue.waiting.len(), 1);
    assert_eq!(r.replayed().queue, r.app.meeting.queue);
}

#[test]
fn the_floor_changing_hands_names_both_speakers_and_undo_says_who_is_back() {
    let mut r = Run::new();
    r.keys("n")
        .command("q+ Tom")
        .command("q+ Priya")
        .command("q+ Lars");
    r.keys(" ");
    assert_eq!(
        r.status(),
        "Tom Becker has the floor (new topic); 2 still queued"
    );
    r.command("ack Lars");
    let spoke = crate::duration::clock(r.app.meeting.turns.last().unwrap().spent);
    assert_eq!(
        r.status(),
        format!(
            "Lars Eriksen has the floor (was 2nd in the queue); Tom Becker spoke {spoke}; 1 \
             still queued"
        )
    );
    r.keys("u");
    assert_eq!(
        r.status(),
        "undone: Tom Becker has the floor again; Lars Eriksen is back in the queue (2nd)"
    );
    r.command("ack Amina");
    assert!(
        r.status()
            .starts_with("Amina Yusuf has the floor (was not queued); Tom Becker spoke "),
        "{}",
        r.status()
    );
    r.keys("  ");
    r.keys(" ");
    assert!(
        r.status()
            .ends_with("spoke 0:01; the queue is empty: nobody has the floor"),
        "{}",
        r.status()
    );
    r.keys(" ");
    assert_eq!(r.status(), "nobody is speaking and the queue is empty");
    // Enter on an empty queue says so.
    r.key(Key::Tab).key(Key::Enter);
    assert_eq!(r.status(), "the queue is empty: h queues a speaker");
}

#[test]
fn undo_says_what_it_took_back() {
    let mut r = Run::new();
    r.keys("u");
    assert_eq!(r.status(), "nothing to undo");
    r.keys("n").command("q+ Tom question");
    r.keys("u");
    assert_eq!(
        r.status(),
        "undone: Tom Becker's clarifying question removed from the queue again"
    );
    r.command("q+ Tom")
        .command("q+ Tom reply")
        .command("q- Tom")
        .command("undo");
    assert_eq!(
        r.status(),
        "undone: Tom Becker is back in the queue (reply, 1st; topic, 2nd)"
    );
    r.command("q close").keys("u");
    assert_eq!(r.status(), "undone: the queue is open again");
    r.command("present+ Tom").keys("u");
    assert_eq!(
        r.status(),
        "undone: Tom Becker marked present (now not marked)"
    );
    r.command("guest+ Zoe Visitor").keys("u");
    assert_eq!(
        r.status(),
        "undone: guest Zoe Visitor taken off the attendance"
    );
    r.command("timebox 8m").keys("u");
    assert_eq!(r.status(), "undone: item 1's new timebox; it is 5m again");
    r.keys("n").keys("n").keys("u");
    assert_eq!(
        r.status(),
        "undone: item 2 taken up; item 1 is current again; 1 back in the queue"
    );
    r.command("close").key(Key::Enter).keys("u");
    assert_eq!(
        r.status(),
        "undone: item 1 closed; it is current again; 1 back in the queue"
    );
    assert_eq!(label(&r), Some("1".into()));
}

#[test]
fn attendance_commands_say_whom_they_matched_and_the_counts() {
    let mut r = Run::new();
    r.command("present+ ines");
    assert_eq!(
        r.status(),
        "present: Inés Ramírez Ortega · 1 present in all"
    );
    r.command("present+ tom, priya,lars");
    assert_eq!(
        r.status(),
        "present (3): Tom Becker, Priya Nair and Lars Eriksen · 4 present in all"
    );
    r.command("present+ Tom");
    assert_eq!(
        r.status(),
        "present: Tom Becker (already so) · 4 present in all"
    );
    r.command("present+ Tom, Amina");
    assert_eq!(
        r.status(),
        "present (2): Tom Becker and Amina Yusuf (Tom Becker already so) · 5 present in all"
    );
    r.command("present- tom");
    assert_eq!(r.status(), "absent: Tom Becker · 4 present in all");
    r.command("regrets+ dan");
    assert_eq!(r.status(), "apologies: Daniel Okafor · 1 apology in all");
    r.command("regrets+ Sophie, Hiroshi");
    assert_eq!(
        r.status(),
        "apologies (2): Sophie Laurent and Hiroshi Tanaka · 3 apologies in all"
    );
    r.command("guest+ Zoe Visitor, ACME");
    assert_eq!(
        r.status(),
        "guest added, present: Zoe Visitor (ACME) · 5 present in all"
    );
    r.command("guest+ Zoe Visitor");
    assert_eq!(r.status(), "Zoe Visitor, a guest, marked present again");
    refused(
        &mut r,
        "guest+ Tom Becker",
        "Tom Becker is on the roster, not a guest: present+ Tom Becker marks them present",
    );
    refused(
        &mut r,
        "present+ Tom, Nobody",
        "unknown participant \"Nobody\"; `guest+ Nobody` adds a guest",
    );
}

#[test]
fn taking_up_items_says_which_with_its_timebox_and_what_was_closed() {
    let mut r = Run::new();
    r.keys("p");
    assert_eq!(
        r.status(),
        "the meeting has not started: n takes up the first item"
    );
    r.keys("n");
    assert_eq!(
        r.status(),
        "item 1 \"Welcome and adoption of the agenda\" taken up (5m)"
    );
    r.keys("n");
    assert_eq!(
        r.status(),
        "item 2 \"Review of action items from Online Meet…\" taken up (10m); item 1 closed at \
         0:01/5m"
    );
    r.keys("p");
    assert_eq!(
        r.status(),
        "item 1 \"Welcome and adoption of the agenda\" taken up again (0:01/5m so far); item \
         2 closed at 0:01/10m"
    );
    r.keys("p");
    assert_eq!(
        r.status(),
        "this is the first item: there is none before it"
    );
    r.key(Key::Enter);
    assert_eq!(r.status(), "item 1 is being discussed already");
    refused(&mut r, "item 1", "item 1 is already being discussed");
    refused(
        &mut r,
        "item 9",
        "there is no item 9: the agenda has items 1 to 6",
    );
}

#[test]
fn timebox_limit_notes_and_the_next_meeting_say_what_they_set() {
    let mut r = Run::new();
    refused(
        &mut r,
        "timebox 10m",
        "take up an item first: the timebox is the current item's",
    );
    r.keys("n").command("timebox 15m");
    assert_eq!(r.status(), "item 1's timebox is now 15m (was 5m)");
    refused(&mut r, "timebox 15m", "item 1's timebox is already 15m");
    r.command("limit 2m");
    assert_eq!(r.status(), "the speaker limit is now 2m (was 3m)");
    refused(&mut r, "limit 120s", "the speaker limit is already 2m");
    r.command("decision the agenda is adopted");
    assert_eq!(
        r.status(),
        "added to item 1's notes: DECISION: the agenda is adopted"
    );
    r.command("action Tom: circulate the draft due 2026-12-01");
    assert_eq!(
        r.status(),
        "added to item 1's notes: ACTION: Tom: circulate the draft due 2026-12-01"
    );
    r.command("nextstep a call in January");
    assert_eq!(
        r.status(),
        "added to item 1's notes: NEXT: a call in January"
    );
    r.command("nextmeeting 2026-12-10 14:00");
    assert_eq!(
        r.status(),
        "next meeting: Thursday 10 December 2026 at 14:00"
    );
    r.command("nextmeeting 17 December");
    assert_eq!(
        r.status(),
        "next meeting: Thursday 17 December 2026 (was Thursday 10 December 2026 at 14:00)"
    );
    refused(
        &mut r,
        "lastwrod Tom",
        "unknown command `lastwrod` (did you mean `lastword`?); :help lists the commands",
    );
    r.keys("t");
    assert_eq!(
        r.status(),
        "timers paused: the item's and the speaker's clocks stand still (t resumes)"
    );
    r.keys("t");
    assert_eq!(r.status(), "timers running again");
}

#[test]
fn the_picker_and_the_attendance_panel_say_what_they_did() {
    let mut r = Run::new();
    r.keys("n")
        .keys("h")
        .keys("tom")
        .key(Key::Tab)
        .key(Key::Enter)
        .key(Key::Enter);
    assert_eq!(r.status(), "Tom Becker queued (reply, 1st of 1)");
    r.keys("h")
        .keys("Zoe Visitor")
        .key(Key::Enter)
        .keys("y")
        .key(Key::Enter);
    assert_eq!(
        r.status(),
        "Zoe Visitor added as a guest and queued (topic, 2nd of 2)"
    );
    r.keys("r").keys(" ");
    assert_eq!(r.status(), "present: Marta Kowalczyk · 2 present in all");
    r.key(Key::Up).keys("-");
    assert_eq!(r.status(), "absent: Marta Kowalczyk · 1 present in all");
    r.keys("+").keys("Ana Guest, Elsewhere").key(Key::Enter);
    assert_eq!(
        r.status(),
        "guest added, present: Ana Guest (Elsewhere) · 2 present in all"
    );
}

#[test]
fn every_message_is_kept_with_its_time_and_m_lists_them() {
    let mut r = Run::new();
    r.keys("n").command("q+ Tom").command("q+ Nobody");
    let kept: Vec<(DateTime<Utc>, Level, String)> = r
        .app
        .messages
        .iter()
        .map(|s| (s.at, s.level, s.text.clone()))
        .collect();
    assert_eq!(kept.len(), 3, "{kept:?}");
    assert_eq!(kept[1].2, "Tom Becker queued (topic, 1st of 1)", "{kept:?}");
    assert_eq!(kept[2].1, Level::Error);
    assert!(kept[0].0 < kept[1].0 && kept[1].0 < kept[2].0);
    r.key(Key::Esc).keys("m");
    assert_eq!(r.app.mode, Mode::Messages { scroll: 0 });
    r.keys("k").keys("k");
    assert_eq!(r.app.mode, Mode::Messages { scroll: 2 });
    // Never past the oldest.
    r.keys("kkk");
    assert_eq!(r.app.mode, Mode::Messages { scroll: 2 });
    r.keys("j");
    assert_eq!(r.app.mode, Mode::Messages { scroll: 1 });
    r.key(Key::Esc);
    assert_eq!(r.app.mode, Mode::Normal);
    // At most MESSAGES_KEPT, the oldest dropped first.
    for _ in 0..MESSAGES_KEPT {
        r.keys("t");
    }
    assert_eq!(r.app.messages.len(), MESSAGES_KEPT);
    assert!(r.app.messages[0].text.starts_with("timers"));
}

#[test]
fn the_editor_says_how_the_notes_changed_or_that_they_did_not() {
    let mut r = Run::new();
    r.keys("n").keys("i").keys("draft").key(Key::Esc).keys("e");
    r.app
        .notes_from_editor(0, Ok("draft\nmore\nlines\n".into()));
    assert_eq!(
        r.status(),
        "notes of item 1 updated from the editor: 3 lines (was 1)"
    );
    r.keys("e");
    r.app
        .notes_from_editor(0, Ok("draft\nmore\nlines\n".into()));
    assert_eq!(
        r.status(),
        "notes of item 1 unchanged: the editor left them as they were"
    );
}

#[test]
fn a_throwaway_meeting_quits_at_once_without_asking_for_the_report() {
    let mut r = Run::new();
    r.app.throwaway = true;
    r.keys("n").command("q+ Tom").keys("q");
    assert!(r.effects.contains(&Effect::Quit));
}

#[test]
fn the_picker_takes_a_topic_after_the_name() {
    let mut r = Run::new();
    r.keys("n").keys("h").keys("tom").key(Key::Enter);
    match &r.app.mode {
        Mode::Picker(p) => assert_eq!(p.chosen_one, Some(("Tom Becker".into(), false))),
        m => panic!("{m:?}"),
    }
    // Typing now is the topic, not the filter; Tab still changes the kind.
    r.keys("Budget for 2027").key(Key::Tab).key(Key::Enter);
    assert_eq!(
        r.status(),
        "Tom Becker queued (reply — Budget for 2027, 1st of 1)"
    );
    assert_eq!(
        r.app.meeting.queue.waiting[0].topic.as_deref(),
        Some("Budget for 2027")
    );
    // Enter alone: no topic.
    r.keys("h").keys("ines").key(Key::Enter).key(Key::Enter);
    assert_eq!(r.status(), "Inés Ramírez Ortega queued (topic, 2nd of 2)");
    assert_eq!(r.app.meeting.queue.waiting[1].topic, None);
    // Esc while typing the topic queues nobody.
    r.keys("h")
        .keys("priya")
        .key(Key::Enter)
        .keys("x")
        .key(Key::Esc);
    assert_eq!(r.app.mode, Mode::Normal);
    assert_eq!(r.app.meeting.queue.waiting.len(), 2);
    assert_eq!(r.replayed().queue, r.app.meeting.queue);
}

/// The demo's meeting on item 1 with Tom (topic), Inés (topic) and Priya (reply)
/// queued, the queue pane focused.
fn queued_three() -> Run {
    let mut r = Run::new();
    r.keys("n")
        .command("q+ Tom")
        .command("q+ Ines")
        .command("q+ Priya reply")
        .key(Key::Tab);
    assert_eq!(r.app.focus, Pane::Queue);
    r
}

fn queue_of(r: &Run) -> Vec<(String, QueueKind)> {
    r.app
        .meeting
        .queue
        .waiting
        .iter()
        .map(|q| (q.who.clone(), q.kind))
        .collect()
}

#[test]
fn the_queue_pane_removes_its_selected_entry() {
    let mut r = queued_three();
    r.keys("j").keys("d");
    assert_eq!(
        r.status(),
        "Tom Becker's topic removed from the queue (was 2nd); 2 still queued"
    );
    assert_eq!(
        queue_of(&r),
        [
            ("Priya Nair".into(), QueueKind::Reply),
            ("Inés Ramírez Ortega".into(), QueueKind::Topic)
        ]
    );
    r.key(Key::Delete);
    assert_eq!(
        r.status(),
        "Inés Ramírez Ortega's topic removed from the queue (was 2nd); 1 still queued"
    );
    r.keys("u");
    assert_eq!(
        r.status(),
        "undone: Inés Ramírez Ortega's topic is back in its place (2nd of 2)"
    );
    assert_eq!(r.replayed().queue, r.app.meeting.queue);
    assert!(r.events().contains(&&Event::Remove {
        who: "Tom Becker".into(),
        queue: QueueKind::Topic
    }));
}

#[test]
fn the_queue_pane_moves_its_selected_entry_within_its_kind() {
    let mut r = queued_three();
    // Priya's reply is first; Tom 2nd, Inés 3rd. Inés moves up past Tom.
    r.keys("jj").keys("K");
    assert_eq!(
        r.status(),
        "Inés Ramírez Ortega's topic moved up to 2nd of 3 (was 3rd)"
    );
    assert_eq!(r.app.queue_selected, 1);
    // Not past the reply: the kinds keep their order.
    r.keys("K");
    assert_eq!(
        r.status(),
        "Inés Ramírez Ortega's topic is the first topic in the queue: it moves up only by \
         changing its kind"
    );
    r.keys("J");
    assert_eq!(
        r.status(),
        "Inés Ramírez Ortega's topic moved down to 3rd of 3 (was 2nd)"
    );
    r.keys("u");
    assert_eq!(
        r.status(),
        "undone: Inés Ramírez Ortega's topic is back in its place (2nd of 3)"
    );
    assert_eq!(r.replayed().queue, r.app.meeting.queue);
}

#[test]
fn the_queue_pane_changes_its_selected_entry_s_kind() {
    let mut r = queued_three();
    // Inés's topic becomes a reply: behind Priya's.
    r.keys("jj").keys("c");
    assert_eq!(
        r.status(),
        "Inés Ramírez Ortega's new topic is now a reply (2nd of 3)"
    );
    assert_eq!(r.app.queue_selected, 1);
    r.keys("c");
    assert_eq!(
        r.status(),
        "Inés Ramírez Ortega's reply is now a clarifying question (1st of 3)"
    );
    assert_eq!(r.app.queue_selected, 0);
    r.keys("u");
    assert_eq!(
        r.status(),
        "undone: Inés Ramírez Ortega's request is a reply again (2nd of 3)"
    );
    assert_eq!(r.replayed().queue, r.app.meeting.queue);
}

#[test]
fn the_queue_pane_gives_its_selected_entry_the_floor() {
    let mut r = queued_three();
    r.keys(" ");
    assert_eq!(
        r.app.meeting.queue.speaker.as_ref().unwrap().who,
        "Priya Nair"
    );
    r.now += TimeDelta::seconds(30);
    r.keys("j").key(Key::Enter);
    assert_eq!(
        r.status(),
        "Inés Ramírez Ortega has the floor (new topic, was 2nd in the queue); Priya Nair \
         spoke 0:32; 1 still queued"
    );
    assert_eq!(
        r.app.meeting.queue.current_topic,
        Some(("Inés Ramírez Ortega".into(), None))
    );
    r.keys("u");
    assert_eq!(
        r.status(),
        "undone: Priya Nair has the floor again; Inés Ramírez Ortega is back in the queue (2nd)"
    );
    assert_eq!(r.replayed().queue, r.app.meeting.queue);
    // An empty queue says so.
    r.key(Key::Enter).keys("d").keys("d");
    assert_eq!(r.status(), "the queue is empty: h queues a speaker");
}

#[test]
fn s_shows_the_speaking_times_and_closes() {
    let mut r = queued_three();
    r.key(Key::BackTab).keys("s");
    assert_eq!(r.app.mode, Mode::Speaking { scroll: 0 });
    r.keys("s");
    assert_eq!(r.app.mode, Mode::Normal);
}

/// The report's section under the heading that holds `heading`, up to the next one.
fn report_section(m: &Meeting, heading: &str) -> String {
    let report = crate::report::render(m);
    let Some(at) = report.find(heading) else {
        return String::new();
    };
    let rest = &report[at..];
    let end = rest[1..].find("\n#").map_or(rest.len(), |i| i + 1);
    rest[..end].to_string()
}

#[test]
fn the_floor_to_someone_who_sent_apologies_marks_them_present() {
    let mut r = Run::new();
    r.keys("n").command("regrets+ Priya");
    r.command("ack Priya");
    assert_eq!(
        r.status(),
        "Priya Nair has the floor (was not queued); marked present (had sent apologies); the \
         queue is empty"
    );
    assert_eq!(
        r.app.meeting.presence_of("Priya Nair"),
        Some(Presence::Present)
    );
    // Journalled as an attendance event right after the floor change.
    let events = r.events();
    assert_eq!(
        events[events.len() - 2..],
        [
            &Event::Ack {
                who: "Priya Nair".into()
            },
            &Event::Present {
                who: "Priya Nair".into()
            }
        ]
    );
    assert_eq!(r.replayed().attendance, r.app.meeting.attendance);
    // She spoke: the report lists her among the participants, not the apologies, and
    // the roster stays listed (attendance was never taken).
    r.keys(" ");
    let m = &r.app.meeting;
    assert!(m.speaking_times().iter().any(|(w, _, _)| w == "Priya Nair"));
    let report = crate::report::render(m);
    assert!(!report.to_lowercase().contains("apologies"), "{report}");
    let participants = report_section(m, "List of participants");
    assert!(participants.contains("5. Priya Nair"), "{report}");
    assert!(participants.contains("10. Hiroshi Tanaka"), "{report}");
}

#[test]
fn undoing_the_floor_takes_back_the_mark_made_with_it() {
    let mut r = Run::new();
    r.keys("n").command("regrets+ Priya").command("ack Priya");
    r.keys("u");
    assert_eq!(
        r.status(),
        "undone: nobody has the floor; Priya Nair is apologies again"
    );
    assert_eq!(
        r.app.meeting.presence_of("Priya Nair"),
        Some(Presence::Regrets)
    );
    assert!(r.app.meeting.queue.speaker.is_none());
    // The replayed journal agrees, its undo included.
    assert_eq!(r.replayed().attendance, r.app.meeting.attendance);
}

#[test]
fn next_speaker_marked_absent_is_marked_present() {
    let mut r = Run::new();
    r.keys("n")
        .command("present- Tom")
        .command("q+ Tom")
        .command("present+ Lars");
    r.keys(" ");
    assert_eq!(
        r.status(),
        "Tom Becker has the floor (new topic); marked present (was marked absent); the queue \
         is empty"
    );
    assert_eq!(
        r.app.meeting.presence_of("Tom Becker"),
        Some(Presence::Present)
    );
    // Someone not marked at all is left so: the floor is no roll call.
    r.command("q+ Amina").keys(" ");
    assert_eq!(
        r.status(),
        "Amina Yusuf has the floor (new topic); Tom Becker spoke 0:11; the queue is empty"
    );
    assert_eq!(
        r.app.meeting.presence_of("Amina Yusuf"),
        Some(Presence::Unknown)
    );
}

#[test]
fn an_action_owner_nobody_knows_is_written_and_warned_of() {
    let mut r = Run::new();
    r.keys("n").command("action Amnia: send the draft");
    assert_eq!(
        r.status(),
        "Amnia is nobody on the roster (did you mean Amina Yusuf (Amina)?); guest+ Amnia adds a guest"
    );
    assert_eq!(r.app.status.as_ref().map(|s| s.level), Some(Level::Warning));
    // Nothing typed is lost.
    assert_eq!(r.app.meeting.notes[0], "ACTION: Amnia: send the draft\n");
    assert_eq!(r.app.mode, Mode::Normal);
    // Said once: the notes' own check has nothing new a moment later.
    r.input(Input::Tick);
    assert!(r.status().starts_with("Amnia is nobody"), "{}", r.status());
    // A known owner is told as before.
    r.command("action Amina: check it");
    assert_eq!(
        r.status(),
        "added to item 1's notes: ACTION: Amina: check it"
    );
}

#[test]
fn a_typed_action_owner_nobody_knows_offers_the_nearest_names_and_a_guest() {
    let mut r = Run::new();
    r.keys("n").keys("i").keys("ACTION: Hiroshy: book the room");
    r.key(Key::Esc);
    assert_eq!(
        r.status(),
        "notes line 1: the owner Hiroshy is nobody on the roster (did you mean Hiroshi \
         Tanaka (Hiroshi)?); guest+ Hiroshy adds a guest"
    );
}

#[test]
fn the_roll_call_is_one_key_per_person() {
    let mut r = Run::new();
    r.keys("r");
    // Present, apologies, absent: each marks and moves on to the next person.
    r.keys(" ");
    assert_eq!(r.status(), "present: Marta Kowalczyk · 1 present in all");
    r.keys("!");
    assert_eq!(r.status(), "apologies: Kwame Mensah · 1 apology in all");
    r.keys("-");
    assert_eq!(r.status(), "absent: Tom Becker · 1 present in all");
    r.key(Key::Enter);
    assert_eq!(
        r.status(),
        "present: Inés Ramírez Ortega · 2 present in all"
    );
    let Mode::Attendance(roll) = &r.app.mode else {
        panic!("the panel closed");
    };
    assert_eq!(roll.cursor, 4);
    // The whole roster of ten in ten keys.
    r.keys("      ");
    let c = r.app.meeting.attendance.counts();
    assert_eq!((c.present, c.regrets, c.absent, c.unknown), (8, 1, 1, 0));
    // The last person stays selected.
    r.keys("-");
    assert_eq!(r.status(), "absent: Hiroshi Tanaka · 7 present in all");
}

#[test]
fn typing_in_the_roll_call_finds_a_name() {
    let mut r = Run::new();
    r.keys("r");
    let cursor = |r: &Run| match &r.app.mode {
        Mode::Attendance(roll) => (roll.cursor, roll.find.clone()),
        _ => panic!("the panel closed"),
    };
    // Accents and case do not matter; a family name is found too.
    r.keys("INES");
    assert_eq!(cursor(&r), (3, "INES".to_string()));
    r.key(Key::Backspace)
        .key(Key::Backspace)
        .key(Key::Backspace);
    assert_eq!(cursor(&r), (3, "I".to_string()));
    r.key(Key::Backspace).keys("okaf");
    assert_eq!(cursor(&r), (7, "okaf".to_string()));
    r.key(Key::Esc);
    assert_eq!(cursor(&r), (7, String::new()));
    r.keys("okaf");
    assert_eq!(cursor(&r), (7, "okaf".to_string()));
    // Marking clears the search and moves on.
    r.keys("!");
    assert_eq!(r.status(), "apologies: Daniel Okafor · 1 apology in all");
    assert_eq!(cursor(&r), (8, String::new()));
    // A search that finds nobody marks nobody.
    r.keys("zz").keys(" ");
    assert_eq!(r.status(), "nobody matches \"zz\": Esc clears the search");
    assert_eq!(r.app.meeting.attendance.counts().present, 0);
    // Esc clears the search (one z had found Marta Kowalczyk), then closes the panel.
    r.key(Key::Esc);
    assert_eq!(cursor(&r), (0, String::new()));
    r.key(Key::Esc);
    assert_eq!(r.app.mode, Mode::Normal);
}

#[test]
fn the_attendance_title_is_never_cut() {
    let c = crate::meeting::Counts {
        present: 12,
        regrets: 3,
        absent: 1,
        unknown: 10,
        guests: 2,
    };
    assert_eq!(
        crate::ui::overlay::attendance_title(c, 78),
        " Attendance · present 12 · apologies 3 · absent 1 · not marked 10 · guests 2 "
    );
    assert_eq!(
        crate::ui::overlay::attendance_title(c, 74),
        " Attendance · 12 present · 3 apol. · 1 absent · 10 unmarked · 2 guests "
    );
    for width in 0..=120 {
        let t = crate::ui::overlay::attendance_title(c, width);
        assert!(t.chars().count() <= width, "{width}: {t}");
        assert!(
            t.is_empty() || t.ends_with(' ') && !t.ends_with("gue "),
            "{t}"
        );
    }
}
