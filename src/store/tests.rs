//! The two places of a meeting, on real files in temporary folders.

use std::time::{Duration, Instant};

use chrono::{TimeDelta, TimeZone};

use super::*;
use crate::meeting::Event;
use crate::meeting::event::notes_change;

const AGENDA: &str = "[meeting]\ngroup = \"G\"\ndate = 2024-06-03\nstart = \"14:00\"\n\
    [[items]]\ntitle = \"Welcome\"\n[[items]]\ntitle = \"Budget review\"\n[[items]]\ntitle = \"AoB\"\n";

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 3, 14, 0, 0).unwrap()
}

struct Bench {
    _tmp: tempfile::TempDir,
    paths: Paths,
}

impl Bench {
    fn new() -> Bench {
        let tmp = tempfile::tempdir().unwrap();
        let paths = Paths {
            folder: tmp.path().join("drive/2024-06-03-g"),
            local: tmp.path().join("local/2024-06-03-g"),
        };
        fs::create_dir_all(tmp.path().join("drive")).unwrap();
        Bench { _tmp: tmp, paths }
    }

    fn drive(&self) -> PathBuf {
        self.paths.folder.parent().unwrap().to_path_buf()
    }

    fn open(&self) -> Opened {
        self.open_on(AGENDA)
    }

    fn open_on(&self, source: &str) -> Opened {
        self.open_with(source, self.options())
    }

    /// Opened and settled, as the screen does once its first frame is out.
    fn open_with(&self, source: &str, options: Options) -> Opened {
        let mut o = self.open_unsettled(source, options);
        o.store.settle().unwrap();
        o
    }

    fn open_unsettled(&self, source: &str, options: Options) -> Opened {
        let agenda = crate::agenda::parse_str("a.toml", source).unwrap();
        match Store::open(&self.paths, agenda, source.as_bytes(), &options, t0()) {
            Ok(o) => o,
            Err(OpenError::Held { holder, .. }) => panic!("held by {holder}"),
            Err(OpenError::Io(e)) => panic!("{e}"),
        }
    }

    /// The options of `open`.
    fn options(&self) -> Options {
        Options {
            take_over: false,
            retry: Duration::from_millis(50),
            look_every: Some(Duration::from_millis(50)),
            wake: None,
            notifications: true,
            ..Options::default()
        }
    }

    fn folder_file(&self, name: &str) -> Option<String> {
        fs::read_to_string(self.paths.folder.join(name)).ok()
    }

    /// Waits (up to 5 s) for the folder's writer to have written `text` to `name`.
    fn wait_for_folder_file(&self, name: &str, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while self.folder_file(name).as_deref() != Some(text) {
            assert!(Instant::now() < deadline, "the folder was not written");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The local journal's records, checked to begin with the start's record of the
    /// agenda and to have the agenda's copy beside them.
    fn started_records(&self) -> Vec<Record> {
        let (records, _) = journal::read(&self.paths.local.join(journal::FILE_NAME)).unwrap();
        assert!(
            matches!(
                records.first().map(|r| &r.event),
                Some(Event::Agenda { .. })
            ),
            "{records:?}"
        );
        assert_eq!(self.local_file(folder::AGENDA_FILE).unwrap(), AGENDA);
        records
    }

    /// The folder's copy of the journal is this computer's, byte for byte.
    fn assert_journal_copied(&self) {
        assert_eq!(
            self.folder_file(journal::FILE_NAME),
            self.local_file(journal::FILE_NAME)
        );
    }

    fn local_file(&self, name: &str) -> Option<String> {
        fs::read_to_string(self.paths.local.join(name)).ok()
    }
}

/// Ends a session as a crash would: nothing more is journalled or settled; the
/// folder's writer is stopped and the locks are given back, as a take-over would.
fn crash(o: Opened) {
    let Store {
        mirror,
        lock,
        folder_lock,
        ..
    } = o.store;
    mirror.finish(Duration::from_secs(5));
    lock.release();
    folder_lock.iter().for_each(Lock::release);
}

/// Applies events to the meeting and journals them, as the screen does.
fn run(o: &mut Opened, events: &[Event]) {
    let at = o
        .loaded
        .meeting
        .started
        .map_or(t0(), |s| s + TimeDelta::seconds(30));
    for e in events {
        let event = match e {
            Event::Notes { item, text } => {
                notes_change(*item, &o.loaded.meeting.notes[item - 1], text)
            }
            other => other.clone(),
        };
        o.loaded.meeting.apply(&event, at).unwrap();
        o.store
            .record(&[Record { at, event }], &o.loaded.meeting)
            .unwrap();
    }
}

/// Appends an event to a journal file, as another computer or a run cut short would
/// have left it.
fn append(journal: &Path, minutes: i64, event: Event) {
    journal::Journal::open(journal)
        .unwrap()
        .append(&[Record {
            at: t0() + TimeDelta::minutes(minutes),
            event,
        }])
        .unwrap();
}

fn notes(item: usize, text: &str) -> Event {
    Event::Notes {
        item,
        text: text.into(),
    }
}

/// Waits for the writer to say something (or not), for up to two seconds.
fn wait_for(o: &Opened, wanted: impl Fn(&mirror::Outcome) -> bool) -> Vec<mirror::Outcome> {
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        seen.extend(o.store.outcomes());
        if seen.iter().any(&wanted) {
            return seen;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the writer did not say it: {seen:?}");
}

#[test]
fn a_meeting_is_kept_here_first_and_copied_whole_to_its_folder() {
    let b = Bench::new();
    let mut o = b.open();
    assert!(b.paths.folder.join(lock::FILE_NAME).exists());
    assert!(b.paths.local.join(lock::FILE_NAME).exists());
    run(
        &mut o,
        &[
            Event::TakeUp { item: "1".into() },
            notes(1, "Welcome all."),
            notes(1, "Welcome all. Titti opened."),
            Event::TakeUp { item: "2".into() },
            notes(2, "Money."),
        ],
    );
    assert_eq!(o.store.close(Duration::from_secs(5)), Vec::<String>::new());
    let local = b.local_file(journal::FILE_NAME).unwrap();
    assert_eq!(b.folder_file(journal::FILE_NAME).unwrap(), local);
    // Typing is journalled as what was typed.
    assert!(local.contains("\"notes_edit\""), "{local}");
    assert!(!local.contains("Welcome all. Titti opened."), "{local}");
    assert_eq!(
        b.folder_file("notes/01-welcome.md").unwrap(),
        "Welcome all. Titti opened.\n"
    );
    assert_eq!(
        b.folder_file("notes/02-budget-review.md").unwrap(),
        "Money.\n"
    );
    // Every item has its file from the start, for the notetakers.
    assert_eq!(b.folder_file("notes/03-aob.md").unwrap(), "");
    assert_eq!(b.folder_file(folder::AGENDA_FILE).unwrap(), AGENDA);
    assert_eq!(b.local_file(folder::AGENDA_FILE).unwrap(), AGENDA);
    assert_eq!(
        b.local_file("filed/01-welcome.md").unwrap(),
        "Welcome all. Titti opened.\n"
    );
    // The meeting is given back.
    assert!(!b.paths.folder.join(lock::FILE_NAME).exists());
    assert!(!b.paths.local.join(lock::FILE_NAME).exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&b.paths.local.join(journal::FILE_NAME)), 0o600);
        // The folder's copy follows the folder: whoever may write the notes may follow.
        assert_eq!(
            mode(&b.paths.folder.join(journal::FILE_NAME)),
            mode(&b.paths.folder) & 0o666
        );
        assert_eq!(mode(&b.paths.local), 0o700);
    }
}

#[test]
fn the_start_goes_on_the_disk_when_settled_and_before_the_first_record() {
    let b = Bench::new();
    let mut o = b.open_unsettled(AGENDA, b.options());
    // Opened: the meeting is shown before anything of its start is written here.
    assert_eq!(b.local_file(journal::FILE_NAME).as_deref(), Some(""));
    assert_eq!(b.local_file(folder::AGENDA_FILE), None);
    run(&mut o, &[Event::TakeUp { item: "1".into() }]);
    let records = b.started_records();
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[1].event, Event::TakeUp { item: "1".into() });
    o.store.close(Duration::from_secs(5));
    b.assert_journal_copied();

    // Settled by the screen once its first frame is out, and only once.
    let c = Bench::new();
    let mut o = c.open_unsettled(AGENDA, c.options());
    o.store.settle().unwrap();
    let settled = c.local_file(journal::FILE_NAME).unwrap();
    assert!(settled.contains("\"agenda\""), "{settled}");
    assert_eq!(c.local_file(folder::AGENDA_FILE).unwrap(), AGENDA);
    o.store.settle().unwrap();
    o.store.close(Duration::from_secs(5));
    assert_eq!(c.local_file(journal::FILE_NAME).unwrap(), settled);
    c.assert_journal_copied();
}

#[test]
fn a_start_that_cannot_be_put_on_the_disk_is_an_error_and_is_kept_for_the_next_try() {
    let b = Bench::new();
    let mut o = b.open_unsettled(AGENDA, b.options());
    // Something in the way of the agenda's copy beside the journal.
    let copy = b.paths.local.join(folder::AGENDA_FILE);
    fs::create_dir_all(copy.join("in the way")).unwrap();
    assert!(o.store.settle().is_err());
    let take_up = Record {
        at: t0(),
        event: Event::TakeUp { item: "1".into() },
    };
    assert!(
        o.store
            .record(std::slice::from_ref(&take_up), &o.loaded.meeting)
            .is_err()
    );
    assert_eq!(b.local_file(journal::FILE_NAME).as_deref(), Some(""));
    fs::remove_dir_all(&copy).unwrap();
    o.store.record(&[take_up], &o.loaded.meeting).unwrap();
    o.store.close(Duration::from_secs(5));
    assert_eq!(b.started_records().len(), 2);
}

#[test]
fn a_start_never_settled_is_put_down_by_closing_or_opened_afresh_after_a_crash() {
    let b = Bench::new();
    let o = b.open_unsettled(AGENDA, b.options());
    o.store.close(Duration::from_secs(5));
    assert_eq!(b.started_records().len(), 1);

    // A crash between the first frame and settling (the locks given back here, as a
    // take-over would): the journal is empty, and the meeting opens as new.
    let c = Bench::new();
    crash(c.open_unsettled(AGENDA, c.options()));
    let mut o = c.open_unsettled(AGENDA, c.options());
    assert_eq!(o.loaded.meeting.current, None);
    run(&mut o, &[Event::TakeUp { item: "2".into() }]);
    o.store.close(Duration::from_secs(5));
    assert_eq!(c.started_records().len(), 2);
}

#[test]
fn edits_found_at_the_start_survive_a_crash_before_it_is_settled() {
    let b = Bench::new();
    let mut o = b.open();
    run(
        &mut o,
        &[Event::TakeUp { item: "1".into() }, notes(1, "Agreed.")],
    );
    o.store.close(Duration::from_secs(5));
    let file = b.paths.folder.join("notes/01-welcome.md");
    fs::write(&file, "Agreed.\nA notetaker's line.").unwrap();
    let o = b.open_unsettled(AGENDA, b.options());
    assert_eq!(o.loaded.meeting.notes[0], "Agreed.\nA notetaker's line.");
    // Saved again while the screen draws its first frame, for longer than the
    // writer's looks take; then the computer goes down.
    fs::write(&file, "Agreed.\nA notetaker's line.\nAnd one more.").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    // Not looked at before the start is settled: nothing found, no base kept.
    assert_eq!(o.store.outcomes(), Vec::new());
    crash(o);
    let o = b.open();
    assert_eq!(
        o.loaded.meeting.notes[0],
        "Agreed.\nA notetaker's line.\nAnd one more."
    );
    o.store.close(Duration::from_secs(5));
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        "Agreed.\nA notetaker's line.\nAnd one more.\n"
    );
}

#[test]
fn a_meeting_resumes_from_its_journal_and_takes_in_a_file_edited_outside() {
    let b = Bench::new();
    let mut o = b.open();
    run(
        &mut o,
        &[
            Event::TakeUp { item: "1".into() },
            notes(1, "Welcome all."),
            Event::Join {
                who: "Someone".into(),
                queue: crate::meeting::QueueKind::Topic,
                topic: None,
            },
        ],
    );
    o.store.close(Duration::from_secs(5));
    fs::write(
        b.paths.folder.join("notes/01-welcome.md"),
        "Welcome all.\nAdded by a notetaker.",
    )
    .unwrap();
    let o = b.open();
    let m = &o.loaded.meeting;
    assert_eq!(m.current.map(|c| c.label()), Some("1".into()));
    assert_eq!(m.queue.waiting.len(), 1);
    assert_eq!(m.notes[0], "Welcome all.\nAdded by a notetaker.");
    assert!(m.unmatched_notes.is_empty(), "{:?}", m.unmatched_notes);
    o.store.close(Duration::from_secs(5));
    // The journal took the edit in: the local journal alone rebuilds it.
    let (records, _) = journal::read(&b.paths.local.join(journal::FILE_NAME)).unwrap();
    let agenda = crate::agenda::parse_str("a.toml", AGENDA).unwrap();
    assert_eq!(
        Meeting::replay(agenda, &records).0.notes[0],
        "Welcome all.\nAdded by a notetaker."
    );
}

#[test]
fn a_file_the_drive_kept_from_being_updated_is_written_again() {
    let b = Bench::new();
    let mut o = b.open();
    run(
        &mut o,
        &[Event::TakeUp { item: "1".into() }, notes(1, "Before.")],
    );
    o.store.close(Duration::from_secs(5));
    // Typing went on while the drive was away; then the computer crashed.
    let edit = notes_change(1, "Before.", "Before. After.");
    append(&b.paths.local.join(journal::FILE_NAME), 1, edit);
    let o = b.open();
    assert_eq!(o.loaded.meeting.notes[0], "Before. After.");
    assert!(o.loaded.meeting.unmatched_notes.is_empty());
    o.store.close(Duration::from_secs(5));
    assert_eq!(
        b.folder_file("notes/01-welcome.md").unwrap(),
        "Before. After.\n"
    );
    b.assert_journal_copied();
}

#[test]
fn notes_changed_on_both_sides_are_merged_on_opening() {
    let b = Bench::new();
    let mut o = b.open();
    run(
        &mut o,
        &[
            Event::TakeUp { item: "1".into() },
            notes(1, "Intro.\nBase.\nEnd.\n"),
        ],
    );
    o.store.close(Duration::from_secs(5));
    let edit = notes_change(1, "Intro.\nBase.\nEnd.\n", "Intro. Ours.\nBase.\nEnd.\n");
    append(&b.paths.local.join(journal::FILE_NAME), 1, edit);
    let file = b.paths.folder.join("notes/01-welcome.md");
    fs::write(&file, "Intro.\nBase.\nEnd. Theirs.\n").unwrap();
    let o = b.open();
    // Different lines: both changes, no conflict.
    assert_eq!(
        o.loaded.meeting.notes[0],
        "Intro. Ours.\nBase.\nEnd. Theirs.\n"
    );
    assert!(o.loaded.meeting.unmatched_notes.is_empty());
    o.store.close(Duration::from_secs(5));
    assert_eq!(
        b.folder_file("notes/01-welcome.md").unwrap(),
        "Intro. Ours.\nBase.\nEnd. Theirs.\n"
    );
    // The same line on both sides: both changes kept, no markers.
    let edit = notes_change(
        1,
        "Intro. Ours.\nBase.\nEnd. Theirs.\n",
        "Intro. Ours.\nBase, ours.\nEnd. Theirs.\n",
    );
    append(&b.paths.local.join(journal::FILE_NAME), 1, edit);
    fs::write(&file, "Intro. Ours.\nBase, theirs.\nEnd. Theirs.\n").unwrap();
    let o = b.open();
    let text = o.loaded.meeting.notes[0].clone();
    assert!(
        text.contains(", ours") && text.contains(", theirs"),
        "{text}"
    );
    assert_eq!(text.matches("Intro. Ours.").count(), 1, "{text}");
    assert!(crate::notes::markers::conflicts(&text).is_empty(), "{text}");
    o.store.close(Duration::from_secs(5));
    assert_eq!(
        b.folder_file("notes/01-welcome.md").unwrap(),
        crate::notes::files::as_file(&text)
    );
}

#[test]
fn an_unwritable_drive_keeps_the_meeting_here_and_is_caught_up_when_it_returns() {
    let b = Bench::new();
    // The drive's place is a file: nothing can be made in it.
    fs::remove_dir(b.drive()).unwrap();
    fs::write(b.drive(), "not a folder").unwrap();
    let mut o = b.open();
    assert!(o.loaded.folder_error.is_some());
    run(
        &mut o,
        &[Event::TakeUp { item: "1".into() }, notes(1, "Kept here.")],
    );
    wait_for(&o, |x| matches!(x, mirror::Outcome::Failing { .. }));
    // The agenda's items, the take-up and the notes.
    assert_eq!(
        b.local_file(journal::FILE_NAME)
            .map(|j| journal::parse(&j).0.len()),
        Some(3)
    );
    // The drive comes back during the meeting.
    fs::remove_file(b.drive()).unwrap();
    fs::create_dir(b.drive()).unwrap();
    wait_for(&o, |x| *x == mirror::Outcome::CaughtUp);
    run(&mut o, &[notes(1, "Kept here. And more.")]);
    assert_eq!(o.store.close(Duration::from_secs(5)), Vec::<String>::new());
    b.assert_journal_copied();
    assert_eq!(
        b.folder_file("notes/01-welcome.md").unwrap(),
        "Kept here. And more.\n"
    );
    assert_eq!(b.folder_file("notes/02-budget-review.md").unwrap(), "");
    assert_eq!(b.folder_file(folder::AGENDA_FILE).unwrap(), AGENDA);
}

#[test]
fn a_drive_still_gone_at_the_end_is_said_and_the_next_start_catches_up() {
    let b = Bench::new();
    fs::remove_dir(b.drive()).unwrap();
    let mut o = b.open();
    run(
        &mut o,
        &[Event::TakeUp { item: "1".into() }, notes(1, "Offline.")],
    );
    o.store.write_report("# Report\n").unwrap();
    let waiting = o.store.close(Duration::from_secs(2));
    assert!(waiting.contains(&"the report".to_string()), "{waiting:?}");
    assert!(
        waiting.contains(&"the journal's copy".to_string()),
        "{waiting:?}"
    );
    assert_eq!(b.local_file(folder::REPORT_FILE).unwrap(), "# Report\n");
    // A missing drive is never stood in for by a folder on this disk.
    assert!(!b.drive().exists());
    fs::create_dir(b.drive()).unwrap();
    let o = b.open();
    assert_eq!(o.loaded.meeting.notes[0], "Offline.");
    o.store.close(Duration::from_secs(5));
    b.assert_journal_copied();
    assert_eq!(b.folder_file("notes/01-welcome.md").unwrap(), "Offline.\n");
}

#[test]
fn a_meeting_folder_deleted_during_the_meeting_is_made_again_whole() {
    let b = Bench::new();
    let mut o = b.open();
    run(
        &mut o,
        &[
            Event::TakeUp { item: "1".into() },
            notes(1, "One."),
            Event::TakeUp { item: "2".into() },
            notes(2, "Two."),
        ],
    );
    // Let the writer finish, then lose the folder.
    b.wait_for_folder_file("notes/02-budget-review.md", "Two.\n");
    // The writer may still be writing into it as it goes: removed until it is gone.
    let deadline = Instant::now() + Duration::from_secs(5);
    while let Err(e) = fs::remove_dir_all(&b.paths.folder) {
        assert!(
            Instant::now() < deadline,
            "the folder could not be removed: {e}"
        );
    }
    run(&mut o, &[notes(2, "Two. More.")]);
    let seen = wait_for(&o, |x| *x == mirror::Outcome::Remade);
    assert!(seen.contains(&mirror::Outcome::Remade));
    o.store.resend(&o.loaded.meeting);
    o.store.close(Duration::from_secs(5));
    assert_eq!(b.folder_file("notes/01-welcome.md").unwrap(), "One.\n");
    assert_eq!(
        b.folder_file("notes/02-budget-review.md").unwrap(),
        "Two. More.\n"
    );
    b.assert_journal_copied();
    assert_eq!(b.folder_file(folder::AGENDA_FILE).unwrap(), AGENDA);
}

/// A change made to item 1's notes file by `change` while the meeting runs at its
/// real pace of looks, with notifications or (as on a network drive, where they miss
/// other computers' writes) without, is found within two seconds as `expected`.
fn found_within_two_seconds(notifications: bool, change: impl Fn(&Path), expected: &str) {
    let b = Bench::new();
    let mut o = b.open_with(
        AGENDA,
        Options {
            notifications,
            ..Options::default()
        },
    );
    run(
        &mut o,
        &[Event::TakeUp { item: "1".into() }, notes(1, "Ours.")],
    );
    b.wait_for_folder_file("notes/01-welcome.md", "Ours.\n");
    // Past the looks that still read a file just written whatever its stamp.
    std::thread::sleep(Duration::from_millis(3500));
    o.store.outcomes();
    change(&b.paths.folder.join("notes/01-welcome.md"));
    let seen = wait_for(&o, |x| matches!(x, mirror::Outcome::Edited(_)));
    assert!(
        seen.iter()
            .any(|x| matches!(x, mirror::Outcome::Edited(c) if c.text == expected)),
        "{seen:?}"
    );
    o.store.close(Duration::from_secs(5));
}

/// An append in place (no rename: the folder's time stays).
fn an_append_in_place_is_found_within_two_seconds(notifications: bool) {
    let append = |path: &Path| {
        let mut f = fs::OpenOptions::new().append(true).open(path).unwrap();
        std::io::Write::write_all(&mut f, b"Theirs.\n").unwrap();
    };
    found_within_two_seconds(notifications, append, "Ours.\nTheirs.\n");
}

/// A file saved without a last line break (as some editors save) is held back while
/// it might be a line still being written, and is taken in once it stood still: still
/// within two seconds, where notifications miss changes too.
#[test]
fn a_file_saved_without_a_last_line_break_is_found_within_two_seconds() {
    for notifications in [false, true] {
        let save = |path: &Path| fs::write(path, "Ours.\nTheirs.").unwrap();
        found_within_two_seconds(notifications, save, "Ours.\nTheirs.");
    }
}

#[test]
fn an_append_in_place_is_found_within_two_seconds_without_notifications() {
    an_append_in_place_is_found_within_two_seconds(false);
}

#[test]
fn an_append_in_place_is_found_within_two_seconds_with_notifications() {
    an_append_in_place_is_found_within_two_seconds(true);
}

/// A meeting whose first item's notes ("Ours.") are in its file, then `theirs` saved
/// there by someone else, as the folder's writer found it.
fn edited_outside(b: &Bench, theirs: &str) -> (Opened, watched::Change) {
    let mut o = b.open();
    run(
        &mut o,
        &[Event::TakeUp { item: "1".into() }, notes(1, "Ours.")],
    );
    b.wait_for_folder_file("notes/01-welcome.md", "Ours.\n");
    fs::write(b.paths.folder.join("notes/01-welcome.md"), theirs).unwrap();
    let seen = wait_for(&o, |x| matches!(x, mirror::Outcome::Edited(_)));
    let change = seen
        .into_iter()
        .find_map(|x| match x {
            mirror::Outcome::Edited(c) => Some(c),
            _ => None,
        })
        .unwrap();
    (o, change)
}

#[test]
fn a_file_edited_outside_during_the_meeting_is_found_and_never_written_over() {
    let b = Bench::new();
    let (mut o, change) = edited_outside(&b, "Theirs.");
    assert_eq!((change.item, change.text.as_str()), (0, "Theirs."));
    // Text made before that change was taken in does not go over it.
    run(&mut o, &[notes(1, "Ours. More.")]);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(b.folder_file("notes/01-welcome.md").unwrap(), "Theirs.");
    // Once taken in, the meeting's text is written.
    o.store.taken_in(change.item, change.count);
    run(&mut o, &[notes(1, "Ours. More.\nTheirs.")]);
    o.store.close(Duration::from_secs(5));
    assert_eq!(
        b.folder_file("notes/01-welcome.md").unwrap(),
        "Ours. More.\nTheirs.\n"
    );
}

#[test]
fn an_edit_found_and_not_yet_taken_in_is_taken_in_by_the_next_start() {
    let b = Bench::new();
    // Found, but the screen ends (or the computer goes down) before taking it in.
    let (o, _) = edited_outside(&b, "Ours.\nTheirs.");
    o.store.close(Duration::from_secs(5));
    let o = b.open();
    assert_eq!(o.loaded.meeting.notes[0], "Ours.\nTheirs.");
    o.store.close(Duration::from_secs(5));
    assert_eq!(
        b.folder_file("notes/01-welcome.md").unwrap(),
        "Ours.\nTheirs.\n"
    );
}

#[test]
fn the_journal_further_along_is_resumed_and_one_that_differs_is_kept() {
    let b = Bench::new();
    let mut o = b.open();
    run(&mut o, &[Event::TakeUp { item: "1".into() }]);
    o.store.close(Duration::from_secs(5));
    // The meeting went on on another computer, from the folder.
    append(
        &b.paths.folder.join(journal::FILE_NAME),
        5,
        Event::TakeUp { item: "2".into() },
    );
    let o = b.open();
    assert_eq!(
        o.loaded.meeting.current.map(|c| c.label()),
        Some("2".into())
    );
    assert!(o.loaded.notices[0].contains("went on elsewhere"));
    o.store.close(Duration::from_secs(5));
    b.assert_journal_copied();
    // Now each side has a record the other lacks: the later one wins, nothing is lost.
    append(
        &b.paths.local.join(journal::FILE_NAME),
        6,
        Event::TakeUp { item: "3".into() },
    );
    let before = b.local_file(journal::FILE_NAME).unwrap();
    append(
        &b.paths.folder.join(journal::FILE_NAME),
        7,
        Event::TakeUp { item: "1".into() },
    );
    let o = b.open();
    assert_eq!(
        o.loaded.meeting.current.map(|c| c.label()),
        Some("1".into())
    );
    assert!(o.loaded.notices[0].contains("this computer's is kept as"));
    o.store.close(Duration::from_secs(5));
    assert_eq!(b.local_file("journal.kept-1.jsonl").unwrap(), before);
}

#[test]
fn paths_of_the_same_folder_agree_however_it_is_written() {
    let a = Paths::of(Path::new("/srv/drive/wg/./2024-06-03-g"));
    let b = Paths::of(Path::new("/srv/drive/other/../wg/2024-06-03-g"));
    assert_eq!(a.local, b.local);
    assert_ne!(
        a.local,
        Paths::of(Path::new("/srv/elsewhere/2024-06-03-g")).local
    );
    assert!(
        a.local
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("2024-06-03-g-")
    );
}

#[test]
fn notes_and_timings_follow_their_items_when_the_agenda_changes() {
    let b = Bench::new();
    let mut o = b.open();
    run(
        &mut o,
        &[
            Event::TakeUp { item: "1".into() },
            notes(1, "Hello."),
            Event::TakeUp { item: "2".into() },
            notes(2, "Money."),
            notes(2, "Money, more of it."),
            Event::TakeUp { item: "3".into() },
        ],
    );
    o.store.close(Duration::from_secs(5));
    // Between runs: Welcome reworded as Opening, AoB moved before the budget.
    let changed = AGENDA
        .replace(
            "[[items]]\ntitle = \"Welcome\"\n",
            "[[items]]\ntitle = \"Opening\"\n",
        )
        .replace(
            "[[items]]\ntitle = \"Budget review\"\n[[items]]\ntitle = \"AoB\"\n",
            "[[items]]\ntitle = \"AoB\"\n[[items]]\ntitle = \"Budget review\"\n",
        );
    let o = b.open_on(&changed);
    let m = &o.loaded.meeting;
    let titles: Vec<&str> = m.agenda.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["Opening", "AoB", "Budget review"]);
    // A title reworded in its place is the same item.
    assert_eq!(m.notes, ["Hello.", "", "Money, more of it."]);
    assert_eq!(
        m.current.map(|c| c.label()),
        Some("2".into()),
        "AoB is current"
    );
    assert!(m.taken_up(crate::agenda::ItemRef { item: 2, sub: None }));
    assert!(m.taken_up(crate::agenda::ItemRef { item: 0, sub: None }));
    assert!(m.unmatched_notes.is_empty(), "{:?}", m.unmatched_notes);
    assert!(
        o.loaded
            .notices
            .iter()
            .any(|n| n.contains("the agenda's items changed")),
        "{:?}",
        o.loaded.notices
    );
    o.store.close(Duration::from_secs(5));
    // The journal now numbers the new agenda: a third run reads the same.
    let o = b.open_on(&changed);
    assert_eq!(o.loaded.meeting.notes, ["Hello.", "", "Money, more of it."]);
    assert!(
        !o.loaded
            .notices
            .iter()
            .any(|n| n.contains("the agenda's items changed"))
    );
    o.store.close(Duration::from_secs(5));
    // The files have their items' names now.
    assert_eq!(
        b.folder_file("notes/03-budget-review.md").unwrap(),
        "Money, more of it.\n"
    );
    assert_eq!(b.folder_file("notes/01-opening.md").unwrap(), "Hello.\n");
    assert_eq!(b.folder_file("notes/02-budget-review.md"), None);
    assert_eq!(b.folder_file("notes/01-welcome.md"), None);
}

#[test]
fn notes_of_a_removed_item_are_kept_from_the_journal_alone() {
    let b = Bench::new();
    let mut o = b.open();
    run(
        &mut o,
        &[
            Event::TakeUp { item: "1".into() },
            notes(1, "Said at the welcome."),
            notes(1, "Said at the welcome, and more."),
        ],
    );
    o.store.close(Duration::from_secs(5));
    fs::remove_file(b.paths.folder.join("notes/01-welcome.md")).unwrap();
    let o = b.open_on(&AGENDA.replace("[[items]]\ntitle = \"Welcome\"\n", ""));
    assert_eq!(
        o.loaded.meeting.unmatched_notes,
        vec![(
            "the journal's notes of item 1 then, “Welcome”".to_string(),
            "Said at the welcome, and more.".to_string()
        )]
    );
    assert!(
        o.loaded
            .skipped
            .iter()
            .any(|s| s.contains("is no longer on the agenda")),
        "{:?}",
        o.loaded.skipped
    );
    o.store.close(Duration::from_secs(5));
}

#[test]
fn a_torn_local_journal_does_not_make_the_folder_look_unwritable() {
    let b = Bench::new();
    let mut o = b.open();
    run(
        &mut o,
        &[Event::TakeUp { item: "1".into() }, notes(1, "Before.")],
    );
    o.store.close(Duration::from_secs(5));
    let path = b.paths.local.join(journal::FILE_NAME);
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str(r#"{"at":"2026-01-01T00:00:00Z","event":{"notes":{"item":1,"te"#);
    fs::write(&path, text).unwrap();
    let mut o = b.open();
    assert_eq!(o.loaded.damaged.len(), 1);
    run(&mut o, &[notes(1, "Before. After.")]);
    std::thread::sleep(Duration::from_millis(300));
    let said = o.store.outcomes();
    assert!(
        !said
            .iter()
            .any(|x| matches!(x, mirror::Outcome::Failing { .. })),
        "{said:?}"
    );
    o.store.close(Duration::from_secs(5));
    b.assert_journal_copied();
}

/// A FIFO at `path`, as someone who can write the shared drive might plant one.
#[cfg(unix)]
fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success());
}

/// Opens the bench's meeting on another thread, as a new start does, and runs `then` on
/// it there: the test fails if that does not end within 20 s (a FIFO waited on).
#[cfg(unix)]
fn started_within(b: &Bench, then: impl FnOnce(Opened) + Send + 'static) {
    let (done_tx, done) = std::sync::mpsc::channel();
    let paths = b.paths.clone();
    let handle = std::thread::spawn(move || {
        let b = Bench {
            _tmp: tempfile::tempdir().unwrap(),
            paths,
        };
        then(b.open());
        done_tx.send(()).unwrap();
    });
    done.recv_timeout(Duration::from_secs(20))
        .expect("something planted in the folder hung the meeting");
    handle.join().unwrap();
}

/// Someone who can write the shared drive plants links, a FIFO and a directory in the
/// meeting folder: nothing outside it is read or written, nothing hangs, and every
/// other file is still written.
#[cfg(unix)]
#[test]
fn links_fifos_and_directories_planted_in_the_folder_are_never_followed_or_waited_on() {
    let b = Bench::new();
    let outside = b.drive().join("private.txt");
    fs::write(&outside, "secret\n").unwrap();
    fs::create_dir_all(b.paths.folder.join("notes")).unwrap();
    std::os::unix::fs::symlink(&outside, b.paths.folder.join(journal::FILE_NAME)).unwrap();
    std::os::unix::fs::symlink(&outside, b.paths.folder.join("notes/01-welcome.md")).unwrap();
    fs::create_dir(b.paths.folder.join("notes/02-budget-review.md")).unwrap();
    mkfifo(&b.paths.folder.join("notes/03-aob.md"));
    started_within(&b, |mut o| {
        // The planted link's target never reaches the notes.
        assert!(!o.loaded.meeting.notes.iter().any(|n| n.contains("secret")));
        run(
            &mut o,
            &[
                Event::TakeUp { item: "1".into() },
                notes(1, "One."),
                notes(2, "Two."),
            ],
        );
        std::thread::sleep(Duration::from_millis(300));
        o.store.close(Duration::from_secs(5));
    });
    assert_eq!(fs::read_to_string(&outside).unwrap(), "secret\n");
    let kind = |p: &Path| fs::symlink_metadata(p).unwrap().file_type();
    assert!(kind(&b.paths.folder.join(journal::FILE_NAME)).is_file());
    // The link's target was not taken for the journal: not copied here, nor on to the
    // folder where whoever planted the link could read it.
    for journal in [
        b.local_file(journal::FILE_NAME),
        b.folder_file(journal::FILE_NAME),
    ] {
        let journal = journal.expect("written");
        assert!(!journal.contains("secret"), "{journal}");
        assert!(journal.contains("One."), "{journal}");
    }
    assert_eq!(b.folder_file("notes/01-welcome.md").unwrap(), "One.\n");
    assert!(kind(&b.paths.folder.join("notes/02-budget-review.md")).is_dir());
}

/// FIFOs planted where the folder's copies of the journal and the agenda go: a start
/// neither waits on them nor fails, says what it found, and the copies are written
/// there again as files.
#[cfg(unix)]
#[test]
fn fifos_in_place_of_the_folders_journal_and_agenda_are_not_waited_on() {
    let b = Bench::new();
    fs::create_dir_all(&b.paths.folder).unwrap();
    let fifo = b.paths.folder.join(journal::FILE_NAME);
    let agenda = b.paths.folder.join(folder::AGENDA_FILE);
    mkfifo(&fifo);
    mkfifo(&agenda);
    started_within(&b, |mut o| {
        let said = o.loaded.notices.join("\n");
        assert!(said.contains("is a FIFO, not a regular file"), "{said}");
        run(
            &mut o,
            &[Event::TakeUp { item: "1".into() }, notes(1, "One.")],
        );
        o.store.close(Duration::from_secs(5));
    });
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_file());
    assert!(b.folder_file(journal::FILE_NAME).unwrap().contains("One."));
    assert!(fs::symlink_metadata(&agenda).unwrap().file_type().is_file());
}

#[cfg(unix)]
#[test]
fn the_folder_shares_as_its_permissions_say_and_the_local_store_stays_private() {
    use std::os::unix::fs::PermissionsExt;
    let b = Bench::new();
    // A folder its group shares: they write the notes, and may read the rest.
    fs::create_dir(&b.paths.folder).unwrap();
    fs::set_permissions(&b.paths.folder, fs::Permissions::from_mode(0o770)).unwrap();
    let mut o = b.open();
    run(
        &mut o,
        &[Event::TakeUp { item: "1".into() }, notes(1, "Private.")],
    );
    o.store.write_report("# Report\n").unwrap();
    wait_for(&o, |x| matches!(x, mirror::Outcome::Report(Ok(_))));
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    for name in [lock::FILE_NAME, folder::AGENDA_FILE, folder::REPORT_FILE] {
        assert_eq!(mode(&b.paths.folder.join(name)), 0o660, "{name}");
    }
    let local = &b.paths.local;
    assert_eq!(mode(local), 0o700);
    assert_eq!(mode(&local.join(FILED_DIR)), 0o700);
    for name in [
        lock::FILE_NAME,
        journal::FILE_NAME,
        folder::AGENDA_FILE,
        folder::REPORT_FILE,
        "filed/01-welcome.md",
    ] {
        assert_eq!(mode(&local.join(name)), 0o600, "{name}");
    }
    o.store.close(Duration::from_secs(5));
}

/// `notes/` made a link to a directory elsewhere: nothing is created there, and the
/// rest of the meeting folder is still written.
#[cfg(unix)]
#[test]
fn a_linked_notes_folder_is_never_written_through() {
    let b = Bench::new();
    let elsewhere = b.drive().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::create_dir_all(&b.paths.folder).unwrap();
    std::os::unix::fs::symlink(&elsewhere, b.paths.folder.join("notes")).unwrap();
    let mut o = b.open();
    run(
        &mut o,
        &[Event::TakeUp { item: "1".into() }, notes(1, "One.")],
    );
    let seen = wait_for(&o, |x| matches!(x, mirror::Outcome::Skipped(_)));
    assert!(
        seen.iter()
            .any(|x| matches!(x, mirror::Outcome::Skipped(s) if s.contains("symbolic link"))),
        "{seen:?}"
    );
    o.store.close(Duration::from_secs(5));
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
    b.assert_journal_copied();
}

/// A notes file saved in Latin-1 while the meeting runs is taken in as the report
/// reads it: no replacement characters, in the notes or in the file written back.
#[test]
fn a_latin_1_notes_file_saved_during_the_meeting_is_taken_in_without_loss() {
    let b = Bench::new();
    let mut o = b.open();
    run(
        &mut o,
        &[Event::TakeUp { item: "1".into() }, notes(1, "Intro.")],
    );
    let file = b.paths.folder.join("notes/01-welcome.md");
    b.wait_for_folder_file("notes/01-welcome.md", "Intro.\n");
    // "Intro.\nJosé, Zoë: d'accord.\n" in Latin-1.
    fs::write(&file, b"Intro.\nJos\xe9, Zo\xeb: d'accord.\n").unwrap();
    let seen = wait_for(&o, |x| matches!(x, mirror::Outcome::Edited(_)));
    let change = seen
        .into_iter()
        .find_map(|x| match x {
            mirror::Outcome::Edited(c) => Some(c),
            _ => None,
        })
        .unwrap();
    assert_eq!(change.text, "Intro.\nJosé, Zoë: d'accord.\n");
    assert!(!change.text.contains('\u{fffd}'));
    o.store.close(Duration::from_secs(5));
}

/// Each file of `dir` with what tells a rewrite: its inode (a rename over it makes a
/// new one) and its modification time.
#[cfg(unix)]
fn stamps(dir: &Path) -> Vec<(String, u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    let mut out: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let m = e.metadata().unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name, m.ino(), m.modified().unwrap())
        })
        .collect();
    out.sort();
    out
}

#[cfg(unix)]
#[test]
fn a_start_rewrites_no_base_that_has_not_changed() {
    let b = Bench::new();
    let mut o = b.open();
    run(
        &mut o,
        &[notes(1, "Welcome all."), notes(2, "The budget is fine.")],
    );
    o.store.close(Duration::from_secs(5));
    let filed = b.paths.local.join(FILED_DIR);
    let o = b.open();
    o.store.close(Duration::from_secs(5));
    let before = stamps(&filed);
    assert!(before.len() >= 2, "{before:?}");
    let o = b.open();
    o.store.close(Duration::from_secs(5));
    assert_eq!(stamps(&filed), before, "a base was written again");
    // A file edited outside changes its base, and only its own.
    fs::write(
        b.paths.folder.join("notes/02-budget-review.md"),
        "The budget is fine.\nAudited.\n",
    )
    .unwrap();
    let o = b.open();
    assert_eq!(o.loaded.meeting.notes[1], "The budget is fine.\nAudited.");
    o.store.close(Duration::from_secs(5));
    let after = stamps(&filed);
    let changed: Vec<&str> = after
        .iter()
        .filter(|a| !before.contains(a))
        .map(|a| a.0.as_str())
        .collect();
    assert_eq!(changed, ["02-budget-review.md"]);
    assert_eq!(
        fs::read_to_string(filed.join("02-budget-review.md")).unwrap(),
        fs::read_to_string(b.paths.folder.join("notes/02-budget-review.md")).unwrap()
    );
}
